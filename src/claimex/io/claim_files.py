"""Read claims back from JSONL written by `claimex extract`, grouped by document.

Like the text readers, never raises on bad input: a bad file or line becomes an
`InputFailure` naming it, and the other lines are still read.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO, cast

from pydantic import ValidationError

from claimex.io.jsonl import JsonLine, read_jsonl
from claimex.io.readers import InputFailure, input_sources
from claimex.io.validation import first_error
from claimex.schemas import Claim, ClaimData


def read_claim_files(paths: Iterable[str]) -> Iterator[ClaimData | InputFailure]:
    """Every claim (as JSON data) of every file in order: files, directories (every *.jsonl
    below), '-' for stdin."""
    for source in input_sources(paths, (".jsonl",)):
        if isinstance(source, InputFailure):
            yield source
        elif source.path is None:
            yield from _claims_of(sys.stdin.buffer, "-")
        else:
            yield from _claims_of_file(source.path, source.name)


def _claims_of_file(path: Path, name: str) -> Iterator[ClaimData | InputFailure]:
    try:
        fh = path.open("rb")
    except OSError as exc:
        yield InputFailure(name, f"cannot read: {exc.strerror or exc}")
        return
    with fh:
        yield from _claims_of(fh, name)


def _claims_of(fh: BinaryIO, name: str) -> Iterator[ClaimData | InputFailure]:
    first = True
    for entry in read_jsonl(fh):
        claim = _claim(entry, f"{name}:{entry.line}")
        if isinstance(claim, InputFailure) and first:
            # a first line that is no claim means the wrong file, not one bad line
            yield InputFailure(
                name, f"not claims written by claimex extract (line {entry.line}: {claim.message})"
            )
            return
        first = False
        yield claim


def _claim(entry: JsonLine, origin: str) -> ClaimData | InputFailure:
    if entry.error is not None:
        return InputFailure(origin, entry.error)
    try:
        claim = Claim.model_validate(entry.value)
    except ValidationError as exc:
        return InputFailure(origin, f"not a claim ({first_error(exc)})")
    return cast("ClaimData", claim.model_dump(mode="json"))


def group_by_document(
    records: Iterable[ClaimData | InputFailure],
) -> tuple[dict[str, list[ClaimData]], list[InputFailure]]:
    """Claims by doc_id, documents in order of first appearance, and the failures."""
    documents: dict[str, list[ClaimData]] = {}
    failures: list[InputFailure] = []
    for record in records:
        if isinstance(record, InputFailure):
            failures.append(record)
        else:
            documents.setdefault(record["doc_id"], []).append(record)
    return documents, failures
