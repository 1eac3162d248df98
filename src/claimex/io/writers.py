"""Write claims as JSONL, JSON, CSV or a rich table, one document at a time.

JSON and JSONL stream: each document's claims are written (and flushed) when it is done,
so memory stays flat and an interrupted run leaves only complete lines behind.
"""

from __future__ import annotations

import csv
import json
from enum import Enum
from typing import Any, Protocol, TextIO


class Format(str, Enum):
    jsonl = "jsonl"
    json = "json"
    csv = "csv"
    table = "table"
    html = "html"


FORMATS = tuple(f.value for f in Format)

CSV_COLUMNS = [
    "doc_id",
    "claim_id",
    "type",
    "speaker_name",
    "speaker_kind",
    "source_text",
    "source_start",
    "source_end",
    "cue_text",
    "cue_lemma",
    "cue_start",
    "cue_end",
    "content_text",
    "content_start",
    "content_end",
    "content_fragments",
    "sentence",
    "rule",
]


class Writer(Protocol):
    def write(self, doc_id: str, text: str, claims: list[dict[str, Any]]) -> None: ...

    def close(self) -> None: ...


class JsonlWriter:
    def __init__(self, out: TextIO) -> None:
        self.out = out

    def write(self, doc_id: str, text: str, claims: list[dict[str, Any]]) -> None:
        lines = "".join(json.dumps(c, ensure_ascii=False) + "\n" for c in claims)
        if lines:
            self.out.write(lines)
            self.out.flush()

    def close(self) -> None:
        self.out.flush()


class JsonWriter:
    """A JSON array of claims, written element by element."""

    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.first = True
        self.out.write("[")

    def write(self, doc_id: str, text: str, claims: list[dict[str, Any]]) -> None:
        parts = []
        for claim in claims:
            parts.append(("\n" if self.first else ",\n") + json.dumps(claim, ensure_ascii=False))
            self.first = False
        if parts:
            self.out.write("".join(parts))
            self.out.flush()

    def close(self) -> None:
        self.out.write("\n]\n" if not self.first else "]\n")
        self.out.flush()


def csv_row(claim: dict[str, Any]) -> dict[str, Any]:
    def part(key: str, field: str) -> Any:
        span = claim.get(key)
        return "" if span is None else span.get(field, "")

    frags = claim["content"].get("fragments") or []
    return {
        "doc_id": claim["doc_id"],
        "claim_id": claim["claim_id"],
        "type": claim["type"],
        "speaker_name": part("speaker", "name"),
        "speaker_kind": part("speaker", "kind"),
        "source_text": part("source", "text"),
        "source_start": part("source", "start"),
        "source_end": part("source", "end"),
        "cue_text": part("cue", "text"),
        "cue_lemma": part("cue", "lemma"),
        "cue_start": part("cue", "start"),
        "cue_end": part("cue", "end"),
        "content_text": claim["content"]["text"],
        "content_start": claim["content"]["start"],
        "content_end": claim["content"]["end"],
        "content_fragments": ";".join(f"{f['start']}-{f['end']}" for f in frags),
        "sentence": claim["sentence"],
        "rule": claim["rule"],
    }


class CsvWriter:
    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
        self.writer.writeheader()

    def write(self, doc_id: str, text: str, claims: list[dict[str, Any]]) -> None:
        for claim in claims:
            self.writer.writerow(csv_row(claim))
        self.out.flush()

    def close(self) -> None:
        self.out.flush()


class TableWriter:
    """A table a person can read: speaker, cue, content and type, one table a document.

    The same table as `claimex show` prints under the article (control characters in the
    text are shown as symbols, never sent to the terminal)."""

    def __init__(self, out: TextIO, color: bool | None = None) -> None:
        from rich.console import Console

        self.console = Console(
            file=out, no_color=color is False, force_terminal=color, soft_wrap=False
        )

    def write(self, doc_id: str, text: str, claims: list[dict[str, Any]]) -> None:
        from claimex.speaker_stats import speaker_keys
        from claimex.views.palette import SpeakerNumbers
        from claimex.views.terminal import WIDE, claims_list, claims_table, printable

        number = SpeakerNumbers()
        numbers = [number(key) for key in speaker_keys(claims)]
        title = f"{printable(doc_id)} — {len(claims)} claim{'' if len(claims) == 1 else 's'}"
        view = claims_table if self.console.width >= WIDE else claims_list
        self.console.print(view(title, claims, numbers))

    def close(self) -> None:
        pass


def make_writer(fmt: str, out: TextIO, color: bool | None = None) -> Writer:
    if fmt == "jsonl":
        return JsonlWriter(out)
    if fmt == "json":
        return JsonWriter(out)
    if fmt == "csv":
        return CsvWriter(out)
    if fmt == "table":
        return TableWriter(out, color)
    if fmt == "html":
        from claimex.io.html import HtmlWriter

        return HtmlWriter(out)
    raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
