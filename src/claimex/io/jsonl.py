"""The one JSONL reader: corpora, claims, gold files and rule files all go through it.

Lines end at "\\n" only. `str.splitlines()` would also break at U+2028, U+2029, U+0085 and a
lone "\\r", which a valid JSON line may hold (in a string, or as white space between values),
and cut a record in two.

A file is UTF-8 (a byte order mark before the first line is skipped: it is no part of any
JSON value), or UTF-16/UTF-32 with a byte order mark, as Windows tools export them.
"""

from __future__ import annotations

import codecs
import io
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import chain
from typing import Any

from claimex.io.encodings import LONE_SURROGATE, no_text_message, wide_encoding

UTF8_BOM = codecs.BOM_UTF8
DECODE_CHUNK_BYTES = 1 << 16


@dataclass(frozen=True)
class JsonLine:
    """One non-blank line: its parsed `value`, or the `error` that says why it has none."""

    line: int
    value: Any = None
    error: str | None = None


def read_jsonl(lines: Iterable[bytes], comments: bool = False) -> Iterator[JsonLine]:
    """Every non-blank line of a JSONL stream, in order, numbered from 1. `lines` are the
    file's bytes in pieces that end at b"\\n" (a binary file, or `byte_lines(data)`). With
    `comments`, lines starting with // are skipped too (rule files)."""
    pieces = iter(lines)
    first = next(pieces, b"")
    stream = chain([first], pieces)
    encoding = wide_encoding(first)
    if encoding is not None:
        yield from _read_wide(stream, encoding, comments)
        return
    if b"\x00" in first:
        yield JsonLine(1, error=no_text_message(first))
        return
    for n, raw in enumerate(stream, 1):
        if n == 1 and raw.startswith(UTF8_BOM):
            raw = raw[len(UTF8_BOM) :]
        if not raw.strip() or (comments and raw.lstrip().startswith(b"//")):
            continue
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            yield JsonLine(n, error=f"not UTF-8 (byte 0x{raw[exc.start]:02x})")
            continue
        yield _parsed(text, n)


def _read_wide(pieces: Iterator[bytes], encoding: str, comments: bool) -> Iterator[JsonLine]:
    """The lines of a UTF-16/UTF-32 file; a line holding half a surrogate pair is an error
    of that line only."""
    n = 0
    try:
        for n, text in enumerate(_wide_lines(pieces, encoding), 1):
            if not text.strip() or (comments and text.lstrip().startswith("//")):
                continue
            if bad := LONE_SURROGATE.search(text):
                yield JsonLine(
                    n,
                    error=f"not valid {encoding.upper()} (half a surrogate pair at "
                    f"character {bad.start() + 1})",
                )
                continue
            yield _parsed(text, n)
    except UnicodeDecodeError as exc:
        yield JsonLine(n + 1, error=f"not valid {encoding.upper()} ({exc.reason})")


def _parsed(text: str, n: int) -> JsonLine:
    try:
        return JsonLine(n, json.loads(text))
    except json.JSONDecodeError as exc:
        # json's "Invalid control character at" ends with the word that would come next
        message = exc.msg.removesuffix(" at")
        return JsonLine(n, error=f"not valid JSON ({message} at column {exc.colno})")


def _wide_lines(pieces: Iterable[bytes], encoding: str) -> Iterator[str]:
    """The lines of a UTF-16/UTF-32 byte stream (cut anywhere), cut at "\\n" only. Half a
    surrogate pair is let through (the caller names its line); other bad bytes raise
    UnicodeDecodeError."""
    decoder = codecs.getincrementaldecoder(encoding)(errors="surrogatepass")
    line: list[str] = []
    for piece in chain(_rechunked(pieces), [None]):
        text = decoder.decode(piece or b"", final=piece is None)
        *ends, rest = text.split("\n")
        for end in ends:
            line.append(end)
            yield "".join(line)
            line = []
        line.append(rest)
    if last := "".join(line):
        yield last


def _rechunked(pieces: Iterable[bytes]) -> Iterator[bytes]:
    """The same bytes in chunks of about DECODE_CHUNK_BYTES (the pieces of a UTF-16 file cut
    at b"\\n" are small and meaningless)."""
    buffer = bytearray()
    for piece in pieces:
        buffer += piece
        if len(buffer) >= DECODE_CHUNK_BYTES:
            yield bytes(buffer)
            buffer.clear()
    if buffer:
        yield bytes(buffer)


def byte_lines(data: bytes) -> list[bytes]:
    """`data` cut into lines after each b"\\n" (kept), as iterating a binary file gives them."""
    return list(io.BytesIO(data))
