"""Compressed inputs: `.gz`, `.bz2` and `.zst` around any input format, read as streams.

The codec is the last suffix; the format is the one before it (`corpus.jsonl.gz` is gzipped
JSONL). Decompression happens as the reader reads, so memory stays flat. A stream that is
cut short (an interrupted download) or corrupt ends its file with one error after the records
before the damage, never a traceback; the truncation is detected, not read as the end.

`.zst` uses the standard library on Python 3.14 and newer (`compression.zstd`), else the
`zstandard` package (`pip install "claimex[zstd]"`).
"""

from __future__ import annotations

import bz2
import gzip
import io
import sys
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path, PurePath
from typing import Any, BinaryIO, cast

from claimex.extras import require

CODECS = {".gz": "gzip", ".bz2": "bz2", ".zst": "zstd"}
READ_CHUNK = 1 << 16


class TruncatedError(EOFError):
    """The compressed stream ended inside a frame."""


def split_codec(name: str) -> tuple[str, str | None]:
    """('corpus.jsonl', 'gzip') for 'corpus.jsonl.gz'; (name, None) when not compressed.
    Suffixes are matched without regard to case."""
    suffix = PurePath(name).suffix
    codec = CODECS.get(suffix.lower())
    return (name[: -len(suffix)], codec) if codec else (name, None)


def format_suffix(name: str) -> str:
    """The format's suffix, lower case, under any compression: '.jsonl' for 'a.JSONL.gz'."""
    return PurePath(split_codec(name)[0]).suffix.lower()


def open_decompressed(path: Path, codec: str | None) -> BinaryIO:
    """`path` opened for reading, decompressed as it is read when `codec` is set."""
    if codec is None:
        return path.open("rb")
    if codec == "gzip":
        return cast("BinaryIO", gzip.open(path, "rb"))
    if codec == "bz2":
        return cast("BinaryIO", bz2.open(path, "rb"))
    if sys.version_info >= (3, 14):
        from compression import zstd

        return cast("BinaryIO", zstd.open(path, "rb"))
    zstandard = require("zstandard", "zstd")
    return cast("BinaryIO", io.BufferedReader(_ZstdReader(path.open("rb"), zstandard)))


def decompression_errors() -> tuple[type[BaseException], ...]:
    """What a damaged stream raises while it is read (besides OSError and EOFError)."""
    errors: list[type[BaseException]] = [zlib.error]
    if sys.version_info >= (3, 14):
        from compression import zstd

        errors.append(zstd.ZstdError)
    elif (zstandard := sys.modules.get("zstandard")) is not None:
        errors.append(zstandard.ZstdError)
    return tuple(errors)


def damaged(exc: BaseException, streamed: bool = True) -> str:
    """The one-line message for a stream that could not be read to its end (`streamed`: by
    a reader that has given the records before the damage)."""
    if isinstance(exc, EOFError):
        before = "; the records before it were read" if streamed else ""
        return f"compressed stream ends early (truncated file?){before}"
    detail = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
    return f"cannot read to the end: {detail}"


def guarded(items: Callable[[], Iterator[Any]], on_error: Callable[[str], Any]) -> Iterator[Any]:
    """The items of a reader; an I/O or decompression error while reading ends them with
    `on_error(message)` (a failure naming the file) instead of a traceback."""
    errors: tuple[type[BaseException], ...] = (OSError, EOFError, *decompression_errors())
    try:
        yield from items()
    except errors as exc:
        yield on_error(damaged(exc))


class _ZstdReader(io.RawIOBase):
    """A `zstandard` stream that reads across frames and raises TruncatedError when the
    input ends inside one (`zstandard.open` would stop there silently)."""

    def __init__(self, raw: BinaryIO, zstandard: Any) -> None:
        self.raw = raw
        self.zstandard = zstandard
        self.decoder = zstandard.ZstdDecompressor().decompressobj()
        self.in_frame = False
        self.buffer = b""

    def readable(self) -> bool:
        return True

    def readinto(self, target: Any) -> int:
        while not self.buffer:
            chunk = self.raw.read(READ_CHUNK)
            if not chunk:
                if self.in_frame:
                    raise TruncatedError("zstd stream ends inside a frame")
                return 0
            self._feed(chunk)
        n = min(len(target), len(self.buffer))
        target[:n] = self.buffer[:n]
        self.buffer = self.buffer[n:]
        return n

    def _feed(self, chunk: bytes) -> None:
        while chunk:
            self.in_frame = True
            self.buffer += self.decoder.decompress(chunk)
            if not self.decoder.eof:
                return
            chunk = self.decoder.unused_data
            self.decoder = self.zstandard.ZstdDecompressor().decompressobj()
            self.in_frame = False

    def close(self) -> None:
        self.raw.close()
        super().close()
