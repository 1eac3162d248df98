"""The gold format of `claimex evaluate` (docs/gold-format.md), validated as it is read.

One document a line: its `doc_id`, its `text`, and its `attributions`, each a `content` span
with optional `source` and `cue` spans and a `type`. Offsets are integers into the text, with
`start <= end <= len(text)`, and a span that gives its `text` must hold exactly
`text[start:end]`: a mismatch means offsets into some other version of the text. Fields the
format does not name are kept and ignored.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from claimex.io.jsonl import read_jsonl
from claimex.io.readers import InputFailure
from claimex.io.validation import Loc, first_error

SHOWN_CHARS = 40  # of a mismatched span text, in messages


class _Gold(BaseModel):
    # strict: an offset of "5" or 5.0 is a mistake in the data, not an integer
    model_config = ConfigDict(strict=True, extra="allow", frozen=True)


class _Offsets(_Gold):
    start: int = Field(ge=0)
    end: int = Field(ge=0)

    @model_validator(mode="after")
    def _ordered(self) -> _Offsets:
        if self.start > self.end:
            raise PydanticCustomError(
                "span_order",
                "start {start} is after end {end}",
                {"start": self.start, "end": self.end},
            )
        return self


class GoldSpan(_Offsets):
    """A stretch of the text; `fragments` are the pieces of a discontinuous content."""

    text: str | None = None
    fragments: list[GoldSpan] = Field(default_factory=list)


class IgnoreSpan(_Offsets):
    """Boilerplate ("Follow X on Twitter") where claims do not count."""

    label: str | None = None


class GoldMeta(_Gold):
    ignore_spans: list[IgnoreSpan] = Field(default_factory=list)


class GoldAttribution(_Gold):
    content: GoldSpan
    source: GoldSpan | None = None
    cue: GoldSpan | None = None
    type: Literal["direct", "indirect", "mixed"] | None = None


class GoldDocument(_Gold):
    doc_id: str
    text: str
    attributions: list[GoldAttribution]
    meta: GoldMeta = Field(default_factory=GoldMeta)

    @field_validator("doc_id", mode="before")
    @classmethod
    def _id(cls, value: object) -> object:
        """An integer id is read as its decimal string (claims carry string ids)."""
        if isinstance(value, int) and not isinstance(value, bool):
            return str(value)
        return value

    @model_validator(mode="after")
    def _spans_in_text(self) -> GoldDocument:
        for where, span in self._spans():
            if span.end > len(self.text):
                raise PydanticCustomError(
                    "span_outside",
                    "{where}: end {end} is past the end of the text ({length} characters)",
                    {"where": where, "end": span.end, "length": len(self.text)},
                )
            found = self.text[span.start : span.end]
            if isinstance(span, GoldSpan) and span.text is not None and span.text != found:
                raise PydanticCustomError(
                    "span_text",
                    "{where}: text {given} is not text[{start}:{end}] {found} (offsets into "
                    "another version of the text?)",
                    {
                        "where": where,
                        "given": _shown(span.text),
                        "start": span.start,
                        "end": span.end,
                        "found": _shown(found),
                    },
                )
        return self

    def _spans(self) -> Iterator[tuple[str, _Offsets]]:
        for n, attribution in enumerate(self.attributions, 1):
            for role in ("content", "source", "cue"):
                span: GoldSpan | None = getattr(attribution, role)
                if span is None:
                    continue
                yield f"attribution {n}: {role}", span
                for k, fragment in enumerate(span.fragments, 1):
                    yield f"attribution {n}: {role} fragment {k}", fragment
        for n, ignored in enumerate(self.meta.ignore_spans, 1):
            yield f"meta.ignore_spans {n}", ignored

    def as_data(self) -> dict[str, Any]:
        """The document as the scorer reads it (plain JSON data)."""
        return self.model_dump(mode="json")


def _shown(text: str) -> str:
    return repr(text if len(text) <= SHOWN_CHARS else text[: SHOWN_CHARS - 1] + "…")


def _where(loc: Loc) -> str:
    """('attributions', 0, 'content', 'start') -> 'attribution 1: content.start'."""
    if len(loc) >= 2 and loc[0] == "attributions" and isinstance(loc[1], int):
        rest = ".".join(str(part) for part in loc[2:])
        return f"attribution {loc[1] + 1}" + (f": {rest}" if rest else "")
    return ".".join(str(part) for part in loc)


def read_gold(path: Path) -> tuple[list[GoldDocument], list[InputFailure]]:
    """Every gold document of a JSONL file, and a failure (file and line) for each line that
    is not one; a doc_id that comes again is a failure too (its claims could not be told
    apart)."""
    try:
        fh = path.open("rb")
    except FileNotFoundError:
        return [], [InputFailure(str(path), "no such file")]
    except OSError as exc:
        return [], [InputFailure(str(path), f"cannot read ({exc.strerror or exc})")]
    documents: list[GoldDocument] = []
    failures: list[InputFailure] = []
    first_line: dict[str, int] = {}
    with fh:
        for entry in read_jsonl(fh):
            origin = f"{path}:{entry.line}"
            if entry.error is not None:
                failures.append(InputFailure(origin, entry.error))
                continue
            try:
                document = GoldDocument.model_validate(entry.value)
            except ValidationError as exc:
                failures.append(
                    InputFailure(origin, f"not a gold document: {first_error(exc, _where)}")
                )
                continue
            if (seen := first_line.setdefault(document.doc_id, entry.line)) != entry.line:
                failures.append(
                    InputFailure(origin, f"doc_id {document.doc_id!r} is also on line {seen}")
                )
                continue
            documents.append(document)
    if not documents and not failures:
        failures.append(InputFailure(str(path), "no gold documents (empty file)"))
    return documents, failures
