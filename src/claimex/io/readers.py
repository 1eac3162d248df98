"""Read input documents lazily: text files, directories of them, stdin, JSONL corpora,
JSON files (an array of records, or one record), the tables of claimex.io.tabular (CSV, TSV,
Parquet) and the web pages of claimex.io.web (HTML, WARC); each also compressed
(claimex.io.compressed: `corpus.jsonl.gz`).

Every input yields `Document`s, `InputFailure`s and `InputWarning`s, never raises: a bad file
or record is reported with its name (and line or record number) and the rest of the batch
goes on. How a file is read depends on its kind, told by its suffix under any compression
suffix (FILE_READERS).
"""

from __future__ import annotations

import glob
import json
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from claimex.io.compressed import (
    damaged,
    decompression_errors,
    format_suffix,
    guarded,
    open_decompressed,
    split_codec,
)
from claimex.io.document_ids import DocumentIds
from claimex.io.encodings import LONE_SURROGATE, UndecodableText, decode_text
from claimex.io.jsonl import read_jsonl

# A document longer than this is refused rather than read into memory.
MAX_DOCUMENT_CHARS = 200_000_000
# Lines longer than this (spaCy's max_length) are processed in pieces; a warning says so.
LONG_LINE_CHARS = 1_000_000
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


def input_sources(
    paths: Iterable[str], suffixes: tuple[str, ...]
) -> Iterator[Source | InputFailure]:
    """Every input named by `paths`, in order: files, every file below a directory whose name
    ends with one of `suffixes` (in any case: *.TXT too), '-' for stdin, the matches of a glob
    pattern (sorted: claimex expands a quoted pattern itself); a path that names nothing
    becomes an InputFailure."""
    for given in paths:
        if GLOB_CHARS.search(given) and not Path(given).exists():
            matches = sorted(glob.glob(given, recursive=True))
            if not matches:
                yield InputFailure(given, "no file matches this pattern")
            yield from input_sources(matches, suffixes)
            continue
        if given == "-":
            yield Source("-", None)
            continue
        path = Path(given)
        if path.is_dir():
            files = sorted(
                p for p in path.rglob("*") if p.name.lower().endswith(suffixes) and p.is_file()
            )
            if not files:
                yield InputFailure(given, f"directory holds no {' or '.join(suffixes)} files")
            yield from (Source(str(file), file) for file in files)
        elif path.exists():
            yield Source(given, path)
        else:
            yield InputFailure(given, "no such file or directory")


def read_inputs(paths: Iterable[str], options: ReadOptions | None = None) -> Iterator[Item]:
    """Documents of every path in order: files, directories (*.txt), '-' (stdin), *.jsonl and
    *.json corpora. A document id seen before gets a warning (once per id); both are kept."""
    opts = options or ReadOptions()
    ids = DocumentIds()
    for source in input_sources(paths, DIRECTORY_SUFFIXES):
        if isinstance(source, InputFailure):
            yield source
        else:
            yield from read_source(source, opts, ids)


def read_source(source: Source, opts: ReadOptions, ids: DocumentIds) -> Iterator[Item]:
    """The documents of one input (a file, or stdin); `ids` are the run's so far."""
    if source.path is None:
        yield from _read_stream(sys.stdin.buffer, "-", opts, ids)
    else:
        reader = FILE_READERS.get(format_suffix(source.path.name), _read_text_file)
        yield from reader(source.path, source.name, opts, ids)


def _read_text_file(path: Path, name: str, opts: ReadOptions, ids: DocumentIds) -> Iterator[Item]:
    data = _file_bytes(path, name, opts)
    if isinstance(data, InputFailure):
        yield data
        return
    yield from _document(data, name, opts, ids)


def _file_bytes(path: Path, name: str, opts: ReadOptions) -> bytes | InputFailure:
    """The bytes of a file read whole (decompressed as its suffix says)."""
    limit = opts.max_chars * 4
    codec = split_codec(path.name)[1]
    try:
        if codec is None:
            size = path.stat().st_size
            if size > limit:
                return InputFailure(name, f"file too large ({size:,} bytes)")
            return path.read_bytes()
        fh = open_decompressed(path, codec)
    except OSError as exc:
        return InputFailure(name, f"cannot read: {exc.strerror or exc}")
    damage: tuple[type[BaseException], ...] = (OSError, EOFError, *decompression_errors())
    try:
        with fh:
            data = fh.read(limit + 1)
    except damage as exc:
        return InputFailure(name, damaged(exc, streamed=False))
    if len(data) > limit:
        return InputFailure(name, f"file too large (over {limit:,} bytes decompressed)")
    return data


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


def _read_stream(
    stream: BinaryIO, name: str, opts: ReadOptions, ids: DocumentIds
) -> Iterator[Item]:
    try:
        data = stream.read()
    except OSError as exc:
        yield InputFailure(name, f"cannot read: {exc}")
        return
    yield from _document(data, name, opts, ids)


def _document(data: bytes, name: str, opts: ReadOptions, ids: DocumentIds) -> Iterator[Item]:
    """A whole file or stdin as one document, its path (as given) its id."""
    try:
        # no newline translation: offsets are into the text exactly as stored
        text = decode_text(data)
    except UndecodableText as exc:
        yield InputFailure(name, str(exc))
        return
    if not text.strip():
        yield InputFailure(name, "empty document")
        return
    if len(text) > opts.max_chars:
        yield InputFailure(name, f"document too large ({len(text):,} characters)")
        return
    longest = max((len(line) for line in text.splitlines()), default=0)
    if longest > LONG_LINE_CHARS:
        yield InputWarning(name, f"a single line of {longest:,} characters: processed in pieces")
    if (first := ids.repeated(name)) is not None:
        yield _duplicate(name, name, first)
    yield Document(name, text, name, opts.kept({}))


def _read_jsonl_file(path: Path, name: str, opts: ReadOptions, ids: DocumentIds) -> Iterator[Item]:
    yield from read_stream_of(path, name, lambda fh: _read_jsonl(fh, name, opts, ids))


def _read_jsonl(fh: BinaryIO, name: str, opts: ReadOptions, ids: DocumentIds) -> Iterator[Item]:
    corpus = ids.corpus(name, "line")
    seen = 0
    unkept = set(opts.keep)
    for entry in read_jsonl(fh):
        seen += 1
        origin = f"{name}:{entry.line}"
        if entry.error is not None:
            yield InputFailure(origin, entry.error)
        else:
            if isinstance(entry.value, dict):
                unkept.difference_update(entry.value)
            place = (corpus, entry.line)
            yield from record_items(entry.value, origin, str(entry.line), opts, ids, place)
    if seen == 0:
        yield InputFailure(name, "no records (empty JSONL file)")
    elif unkept:
        yield unkept_warning(name, [k for k in opts.keep if k in unkept], "record")


def unkept_warning(name: str, keys: list[str], where: str) -> InputWarning:
    """A --keep field that a whole file lacks (a typo?): its meta values are null."""
    listed = ", ".join(repr(k) for k in keys)
    return InputWarning(name, f"no {where} has {listed} (--keep): null in every claim's meta")


def _read_json_file(path: Path, name: str, opts: ReadOptions, ids: DocumentIds) -> Iterator[Item]:
    """An array of records, each as a line of a JSONL corpus, or one record. Read whole."""
    data = _file_bytes(path, name, opts)
    if isinstance(data, InputFailure):
        yield data
        return
    try:
        # a byte order mark is no part of any JSON value
        value = json.loads(decode_text(data).removeprefix("\ufeff"))
    except UndecodableText as exc:
        yield InputFailure(name, str(exc))
        return
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno} column {exc.colno}"
        what = exc.msg.removesuffix(" at")
        message = "empty file" if not data.strip() else f"not valid JSON ({what} at {where})"
        yield InputFailure(name, message)
        return
    del data
    if isinstance(value, list):
        if not value:
            yield InputFailure(name, "no records (an empty JSON array)")
        corpus = ids.corpus(name, "record")
        for n, record in enumerate(value, 1):
            origin = f"{name}: record {n}"
            yield from record_items(record, origin, str(n), opts, ids, (corpus, n))
    elif isinstance(value, dict):
        yield from record_items(value, name, name, opts, ids, (ids.corpus(name, "file"), 0))
    else:
        yield InputFailure(
            name, f"expected an array of records or one record (a JSON object), got {_kind(value)}"
        )


def record_items(
    record: object,
    origin: str,
    fallback_id: str,
    opts: ReadOptions,
    ids: DocumentIds,
    place: tuple[int, int],
) -> Iterator[Item]:
    """The document of one corpus record (a JSON object, a CSV or Parquet row, a web page's
    fields), or why there is none; `place` is (corpus, line or record number), for duplicate
    ids."""
    if not isinstance(record, dict):
        yield InputFailure(origin, f"expected a JSON object, got {type(record).__name__}")
        return
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
    try:
        doc_id = _record_id(record, opts.id_key, fallback_id)
    except ValueError as exc:
        yield InputFailure(origin, str(exc))
        return
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
    if (first := ids.repeated(doc_id, *place)) is not None:
        yield _duplicate(origin, doc_id, first)
    yield Document(doc_id, text, origin, opts.kept(record))


def _record_id(record: Mapping[str, object], id_key: str, fallback: str) -> str:
    """The id in `id_key`, else in doc_id, else `fallback` (the line or record number). A
    null or empty id counts as none; an id that is no string or integer is a ValueError."""
    for key in dict.fromkeys((id_key, "doc_id")):
        value = record.get(key)
        if value is None or value == "":
            continue
        if isinstance(value, bool) or not isinstance(value, str | int):
            raise ValueError(
                f"field {key!r} (the document id) is {_kind(value)}: use a string or an integer"
            )
        return str(value)
    return fallback


def _kind(value: object) -> str:
    """What a JSON value is, for messages: 'a float (2.5)', 'an array', ..."""
    if isinstance(value, bool):
        return f"a boolean ({json.dumps(value)})"
    if isinstance(value, float):
        return f"a float ({value!r})"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, str):
        return "a string"
    if value is None:
        return "null"
    return f"a number ({value!r})"


def _duplicate(origin: str, doc_id: str, first: str) -> InputWarning:
    return InputWarning(
        origin, f"document id {doc_id!r} was already seen at {first} (both are kept)"
    )


def _lone_surrogate(text: str, doc_id: str) -> str | None:
    """JSON can escape half of a UTF-16 pair ("\\ud800"), which no UTF-8 output can hold."""
    for what, value in (("text", text), ("document id", doc_id)):
        if m := LONE_SURROGATE.search(value):
            return (
                f"{what} holds a lone surrogate \\u{ord(m.group()):04x} at character "
                f"{m.start()}: not valid Unicode"
            )
    return None


def _read_table(path: Path, name: str, opts: ReadOptions, ids: DocumentIds) -> Iterator[Item]:
    from claimex.io.tabular import read_table

    yield from read_table(path, name, opts, ids)


def _read_web(path: Path, name: str, opts: ReadOptions, ids: DocumentIds) -> Iterator[Item]:
    from claimex.io.web import read_web

    yield from read_web(path, name, opts, ids)


Reader = Callable[[Path, str, ReadOptions, DocumentIds], Iterator[Item]]
# how each kind of file is read, by its suffix in lower case (under .gz, .bz2 or .zst); any
# other file is one text
FILE_READERS: dict[str, Reader] = {
    ".jsonl": _read_jsonl_file,
    ".json": _read_json_file,
    **dict.fromkeys((".csv", ".tsv", ".parquet"), _read_table),
    **dict.fromkeys((".html", ".htm", ".warc"), _read_web),
}
# the files a directory walk reads
DIRECTORY_SUFFIXES = (".txt",)
