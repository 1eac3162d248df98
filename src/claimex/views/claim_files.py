"""Read claims back from JSONL written by `claimex extract`, grouped by document.

Like the text readers, never raises on bad input: a bad file or line becomes an
`InputFailure` naming it, and the other lines are still read.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

from pydantic import ValidationError

from claimex.io.readers import InputFailure, input_sources
from claimex.schemas import Claim


def read_claim_files(paths: Iterable[str]) -> Iterator[dict[str, Any] | InputFailure]:
    """Every claim (as JSON data) of every file in order: files, directories (every *.jsonl
    below), '-' for stdin."""
    for source in input_sources(paths, ".jsonl"):
        if isinstance(source, InputFailure):
            yield source
        elif source.path is None:
            yield from _claims_of(sys.stdin.buffer, "-")
        else:
            yield from _claims_of_file(source.path, source.name)


def _claims_of_file(path: Path, name: str) -> Iterator[dict[str, Any] | InputFailure]:
    try:
        fh = path.open("rb")
    except OSError as exc:
        yield InputFailure(name, f"cannot read: {exc.strerror or exc}")
        return
    with fh:
        yield from _claims_of(fh, name)


def _claims_of(fh: BinaryIO, name: str) -> Iterator[dict[str, Any] | InputFailure]:
    first = True
    for n, raw in enumerate(fh, 1):
        if not raw.strip():
            continue
        claim = _claim(raw, f"{name}:{n}")
        if isinstance(claim, InputFailure) and first:
            # a first line that is no claim means the wrong file, not one bad line
            yield InputFailure(
                name, f"not claims written by claimex extract (line {n}: {claim.message})"
            )
            return
        first = False
        yield claim


def _claim(raw: bytes, origin: str) -> dict[str, Any] | InputFailure:
    try:
        record = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        return InputFailure(origin, f"not UTF-8 (byte 0x{raw[exc.start]:02x})")
    except json.JSONDecodeError as exc:
        return InputFailure(origin, f"not valid JSON ({exc.msg} at column {exc.colno})")
    try:
        claim = Claim.model_validate(record)
    except ValidationError as exc:
        return InputFailure(origin, f"not a claim ({_first(exc)})")
    return claim.model_dump(mode="json")


def _first(exc: ValidationError) -> str:
    errors = exc.errors()
    first = errors[0]
    where = ".".join(str(part) for part in first["loc"])
    more = f", and {len(errors) - 1} more" if len(errors) > 1 else ""
    return f"{where}: {first['msg']}{more}" if where else f"{first['msg']}{more}"


def group_by_document(
    records: Iterable[dict[str, Any] | InputFailure],
) -> tuple[dict[str, list[dict[str, Any]]], list[InputFailure]]:
    """Claims by doc_id, documents in order of first appearance, and the failures."""
    documents: dict[str, list[dict[str, Any]]] = {}
    failures: list[InputFailure] = []
    for record in records:
        if isinstance(record, InputFailure):
            failures.append(record)
        else:
            documents.setdefault(record["doc_id"], []).append(record)
    return documents, failures
