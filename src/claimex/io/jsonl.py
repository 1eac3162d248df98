"""The one JSONL reader: corpora, claims, gold files and rule files all go through it.

Lines end at b"\\n" only. `str.splitlines()` would also break at U+2028, U+0085 and other
characters that valid JSON strings may hold unescaped, and cut a record in two.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

UTF8_BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True)
class JsonLine:
    """One non-blank line: its parsed `value`, or the `error` that says why it has none."""

    line: int
    value: Any = None
    error: str | None = None


def read_jsonl(lines: Iterable[bytes], comments: bool = False) -> Iterator[JsonLine]:
    """Every non-blank line of a JSONL stream (a binary file or a list of byte lines), in
    order, numbered from 1. A UTF-8 byte order mark before the first line is skipped; with
    `comments`, lines starting with // are skipped too (rule files)."""
    for n, raw in enumerate(lines, 1):
        if n == 1 and raw.startswith(UTF8_BOM):
            raw = raw[len(UTF8_BOM) :]
        if not raw.strip():
            continue
        if comments and raw.lstrip().startswith(b"//"):
            continue
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            yield JsonLine(n, error=f"not UTF-8 (byte 0x{raw[exc.start]:02x})")
            continue
        try:
            yield JsonLine(n, json.loads(text))
        except json.JSONDecodeError as exc:
            yield JsonLine(n, error=f"not valid JSON ({exc.msg} at column {exc.colno})")


def byte_lines(data: bytes) -> list[bytes]:
    """`data` cut into lines at b"\\n" only."""
    return data.split(b"\n")
