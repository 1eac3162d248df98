"""Read input documents lazily: text files, directories of them, stdin, JSONL corpora, and
the formats of claimex.io.tabular (CSV, TSV, Parquet) and claimex.io.web (HTML, WARC), each
also compressed (claimex.io.compressed).

Every input yields `Document`s or `InputFailure`s, never raises: a bad file or line is
reported with its name (and line number) and the rest of the batch goes on.
"""

from __future__ import annotations

import glob
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from claimex.io.compressed import format_suffix, guarded, open_decompressed, split_codec
from claimex.io.jsonl import read_jsonl

# A document longer than this is refused rather than read into memory.
MAX_DOCUMENT_CHARS = 200_000_000
# Lines longer than this (spaCy's max_length) are processed in pieces; a warning says so.
LONG_LINE_CHARS = 1_000_000
BINARY_SNIFF_BYTES = 8192
# half of a UTF-16 surrogate pair, which JSON can escape ("\ud800") and UTF-8 cannot hold
LONE_SURROGATE = re.compile(r"[\ud800-\udfff]")
GLOB_CHARS = re.compile(r"[*?[]")


@dataclass(frozen=True)
class Document:
    doc_id: str
    text: str
    origin: str  # file (and line) it came from, for messages
    # the --keep fields of its record (null where the record has none), else None
    meta: dict[str, object] | None = field(default=None, compare=False)


@dataclass(frozen=True)
class InputFailure:
    origin: str
    message: str

    def __str__(self) -> str:
        return f"{self.origin}: {self.message}"


@dataclass(frozen=True)
class InputWarning:
    origin: str
    message: str

    def __str__(self) -> str:
        return f"{self.origin}: {self.message}"


Item = Document | InputFailure | InputWarning


@dataclass(frozen=True)
class ReadOptions:
    text_key: str = "text"
    id_key: str = "id"
    max_chars: int = MAX_DOCUMENT_CHARS
    keep: tuple[str, ...] = ()  # record fields that claims carry under "meta"

    def kept(self, record: Mapping[str, object]) -> dict[str, object] | None:
        """The --keep fields of a record (None for a field it lacks), or None without
        --keep."""
        return {key: record.get(key) for key in self.keep} if self.keep else None


@dataclass(frozen=True)
class Source:
    """One input to read: a file, or stdin when `path` is None; `name` as given."""

    name: str
    path: Path | None


def input_sources(paths: Iterable[str], suffix: str) -> Iterator[Source | InputFailure]:
    """Every input named by `paths`, in order: files, every *`suffix` file below a
    directory, '-' for stdin, the matches of a glob pattern (sorted; claimex expands a
    quoted pattern itself); a path that names nothing becomes an InputFailure."""
    for given in paths:
        if GLOB_CHARS.search(given) and not Path(given).exists():
            matches = sorted(glob.glob(given, recursive=True))
            if not matches:
                yield InputFailure(given, "no file matches this pattern")
            yield from input_sources(matches, suffix)
            continue
        if given == "-":
            yield Source("-", None)
            continue
        path = Path(given)
        if path.is_dir():
            files = sorted(p for p in path.rglob(f"*{suffix}") if p.is_file())
            if not files:
                yield InputFailure(given, f"directory holds no {suffix} files")
            yield from (Source(str(file), file) for file in files)
        elif path.exists():
            yield Source(given, path)
        else:
            yield InputFailure(given, "no such file or directory")


def read_inputs(paths: Iterable[str], options: ReadOptions | None = None) -> Iterator[Item]:
    """Documents of every path in order: files, directories (*.txt), '-' (stdin), *.jsonl."""
    opts = options or ReadOptions()
    for source in input_sources(paths, ".txt"):
        if isinstance(source, InputFailure):
            yield source
        else:
            yield from read_source(source, opts)


def read_source(source: Source, opts: ReadOptions) -> Iterator[Item]:
    """The documents of one input (a file, or stdin)."""
    if source.path is None:
        yield from _read_stream(sys.stdin.buffer, "-", "-", opts)
    else:
        yield from _read_file(source.path, source.name, opts)


def _read_file(path: Path, doc_id: str, opts: ReadOptions) -> Iterator[Item]:
    suffix = format_suffix(path.name)
    if suffix in (".csv", ".tsv", ".parquet"):
        from claimex.io.tabular import read_table

        yield from read_table(path, doc_id, opts)
        return
    if suffix in (".html", ".htm", ".warc"):
        from claimex.io.web import read_web

        yield from read_web(path, doc_id, opts)
        return
    if suffix == ".jsonl":
        yield from read_stream_of(path, doc_id, lambda fh: _read_jsonl(fh, doc_id, opts))
        return
    if split_codec(path.name)[1] is not None:  # a compressed text file
        yield from read_stream_of(path, doc_id, lambda fh: _read_stream(fh, doc_id, doc_id, opts))
        return
    try:
        size = path.stat().st_size
        if size > opts.max_chars * 4:
            yield InputFailure(doc_id, f"file too large ({size:,} bytes)")
            return
        data = path.read_bytes()
    except OSError as exc:
        yield InputFailure(doc_id, f"cannot read: {exc.strerror or exc}")
        return
    yield from _document(data, doc_id, doc_id, opts)


def read_stream_of(
    path: Path, name: str, read: Callable[[BinaryIO], Iterator[Item]]
) -> Iterator[Item]:
    """The items `read` gives of the file (decompressed as its suffix says); a file that
    cannot be opened, or read to its end, is one failure naming it."""
    try:
        fh = open_decompressed(path, split_codec(path.name)[1])
    except OSError as exc:
        yield InputFailure(name, f"cannot read: {exc.strerror or exc}")
        return
    with fh:
        yield from guarded(lambda: read(fh), lambda message: InputFailure(name, message))


def _read_stream(stream: BinaryIO, doc_id: str, origin: str, opts: ReadOptions) -> Iterator[Item]:
    limit = opts.max_chars * 4
    try:
        data = stream.read(limit + 1)
    except OSError as exc:
        yield InputFailure(origin, f"cannot read: {exc}")
        return
    if len(data) > limit:
        yield InputFailure(origin, f"file too large (over {limit:,} bytes)")
        return
    yield from _document(data, doc_id, origin, opts)


def _document(data: bytes, doc_id: str, origin: str, opts: ReadOptions) -> Iterator[Item]:
    if b"\x00" in data[:BINARY_SNIFF_BYTES]:
        yield InputFailure(origin, "binary file (contains NUL bytes), not text")
        return
    try:
        # no newline translation: offsets are into the text exactly as stored
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        yield InputFailure(
            origin, f"not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start})"
        )
        return
    if not text.strip():
        yield InputFailure(origin, "empty document")
        return
    if len(text) > opts.max_chars:
        yield InputFailure(origin, f"document too large ({len(text):,} characters)")
        return
    longest = max((len(line) for line in text.splitlines()), default=0)
    if longest > LONG_LINE_CHARS:
        yield InputWarning(origin, f"a single line of {longest:,} characters: processed in pieces")
    yield Document(doc_id, text, origin, opts.kept({}))


def _lone_surrogate(text: str, doc_id: str) -> str | None:
    """JSON can escape half of a UTF-16 pair ("\\ud800"), which no UTF-8 output can hold."""
    for what, value in (("text", text), ("document id", doc_id)):
        if m := LONE_SURROGATE.search(value):
            return (
                f"{what} holds a lone surrogate \\u{ord(m.group()):04x} at character "
                f"{m.start()}: not valid Unicode"
            )
    return None


def _read_jsonl(fh: BinaryIO, name: str, opts: ReadOptions) -> Iterator[Item]:
    seen = 0
    unkept = set(opts.keep)
    for entry in read_jsonl(fh):
        n = entry.line
        origin = f"{name}:{n}"
        seen += 1
        if entry.error is not None:
            yield InputFailure(origin, entry.error)
            continue
        record = entry.value
        if not isinstance(record, dict):
            yield InputFailure(origin, f"expected a JSON object, got {type(record).__name__}")
            continue
        unkept.difference_update(record)
        yield from record_items(record, origin, n, opts)
    if seen == 0:
        yield InputFailure(name, "no records (empty JSONL file)")
    elif unkept:
        yield unkept_warning(name, [k for k in opts.keep if k in unkept], "record")


def unkept_warning(name: str, keys: list[str], where: str) -> InputWarning:
    """A --keep field that a whole file lacks (a typo?): its meta values are null."""
    listed = ", ".join(repr(k) for k in keys)
    return InputWarning(name, f"no {where} has {listed} (--keep): null in every claim's meta")


def record_items(
    record: Mapping[str, object], origin: str, n: int, opts: ReadOptions
) -> Iterator[Item]:
    """The document of one record (a JSON object, a CSV or Parquet row), or why it has
    none; `n` (its line or row) is the id of last resort."""
    if opts.text_key not in record:
        yield InputFailure(origin, f"no {opts.text_key!r} field (set --text-key)")
        return
    text = record[opts.text_key]
    if not isinstance(text, str):
        yield InputFailure(origin, f"field {opts.text_key!r} is not a string")
        return
    if len(text) > opts.max_chars:
        yield InputFailure(origin, f"document too large ({len(text):,} characters)")
        return
    doc_id = _record_id(record, opts.id_key, n)
    if (bad := _lone_surrogate(text, doc_id)) is not None:
        yield InputFailure(origin, bad)
        return
    if not text.strip():
        yield InputFailure(origin, "empty text")
        return
    if len(text) > LONG_LINE_CHARS and "\n" not in text:
        yield InputWarning(
            origin, f"a text of {len(text):,} characters on one line: processed in pieces"
        )
    yield Document(doc_id, text, origin, opts.kept(record))


def _record_id(record: Mapping[str, object], id_key: str, line: int) -> str:
    for key in (id_key, "doc_id"):
        value = record.get(key)
        if isinstance(value, str | int) and not isinstance(value, bool) and str(value):
            return str(value)
    return str(line)
