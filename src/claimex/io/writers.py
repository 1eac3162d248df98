"""Write claims as data: JSONL, JSON or CSV, one document at a time.

JSON and JSONL stream: each document's claims are written (and flushed) when it is done,
so memory stays flat and an interrupted run leaves only complete lines behind.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from typing import Protocol, TextIO

from claimex.schemas import ClaimData

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
    "negated",
    "question",
    "hypothetical",
]


class Writer(Protocol):
    def write(self, doc_id: str, text: str, claims: list[ClaimData]) -> None: ...

    def close(self) -> None: ...


class JsonlWriter:
    def __init__(self, out: TextIO) -> None:
        self.out = out

    def write(self, doc_id: str, text: str, claims: list[ClaimData]) -> None:
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

    def write(self, doc_id: str, text: str, claims: list[ClaimData]) -> None:
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


def csv_row(claim: ClaimData) -> dict[str, object]:
    source, cue, speaker = claim["source"], claim["cue"], claim["speaker"]
    content = claim["content"]
    return {
        "doc_id": claim["doc_id"],
        "claim_id": claim["claim_id"],
        "type": claim["type"],
        "speaker_name": speaker["name"] if speaker else "",
        "speaker_kind": speaker["kind"] if speaker else "",
        "source_text": source["text"] if source else "",
        "source_start": source["start"] if source else "",
        "source_end": source["end"] if source else "",
        "cue_text": cue["text"] if cue else "",
        "cue_lemma": cue["lemma"] if cue else "",
        "cue_start": cue["start"] if cue else "",
        "cue_end": cue["end"] if cue else "",
        "content_text": content["text"],
        "content_start": content["start"],
        "content_end": content["end"],
        "content_fragments": ";".join(f"{f['start']}-{f['end']}" for f in content["fragments"]),
        "sentence": claim["sentence"],
        "rule": claim["rule"],
        "negated": _boolean(claim["negated"]),
        "question": _boolean(claim["question"]),
        "hypothetical": _boolean(claim["hypothetical"]),
    }


def _boolean(value: bool) -> str:
    return "true" if value else "false"  # as in the JSON output


class CsvWriter:
    """CSV, one row per claim; the `meta` fields named in `meta` are columns after the
    claim's (empty for null, JSON text for values that are not strings)."""

    def __init__(self, out: TextIO, meta: Sequence[str] = ()) -> None:
        if clash := [key for key in meta if key in CSV_COLUMNS]:
            raise ValueError(f"kept field {clash[0]!r} has the name of a CSV column")
        self.out = out
        self.meta = list(meta)
        self.writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS + self.meta, lineterminator="\n")
        self.writer.writeheader()

    def write(self, doc_id: str, text: str, claims: list[ClaimData]) -> None:
        for claim in claims:
            row = csv_row(claim)
            kept = claim.get("meta", {})
            for key in self.meta:
                value = kept.get(key)
                text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
                row[key] = "" if value is None else text
            self.writer.writerow(row)
        self.out.flush()

    def close(self) -> None:
        self.out.flush()
