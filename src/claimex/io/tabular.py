"""Tables as corpora: CSV and TSV with a header line, and Parquet files, each row one
document (`--text-key` and `--id-key` name the columns, `--keep` the columns that claims
carry); also compressed (`.csv.gz`, `.parquet.zst`, ...).

Rows are numbered as corpus records are: a CSV row by its line (`corpus.csv:12`), a Parquet
row as a record from 1 (`corpus.parquet: record 3`). Read lazily: CSV a row at a time,
Parquet a batch of rows at a time (only the columns
named), so a table of any size is never in memory whole. A compressed Parquet file is first
decompressed into a temporary file (Parquet needs to seek; it compresses its columns itself).
"""

from __future__ import annotations

import base64
import csv
import datetime
import math
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import ExitStack
from decimal import Decimal
from pathlib import Path
from typing import IO, Any, BinaryIO

from claimex.extras import require
from claimex.io.compressed import format_suffix, open_decompressed, split_codec
from claimex.io.document_ids import DocumentIds
from claimex.io.jsonl import UTF8_BOM
from claimex.io.readers import (
    InputFailure,
    Item,
    ReadOptions,
    read_stream_of,
    record_items,
    unkept_warning,
)

# Rows converted to Python at a time from a Parquet file.
PARQUET_BATCH_ROWS = 1024
DELIMITERS = {".csv": ",", ".tsv": "\t"}


def read_table(path: Path, name: str, opts: ReadOptions, ids: DocumentIds) -> Iterator[Item]:
    """The documents of a CSV, TSV or Parquet file (compressed or not); `ids` are the run's
    document ids so far."""
    codec = split_codec(path.name)[1]
    suffix = format_suffix(path.name)
    if suffix == ".parquet":
        yield from _read_parquet(path, codec, name, opts, ids)
        return
    yield from read_stream_of(
        path, name, lambda fh: _read_delimited(fh, DELIMITERS[suffix], name, opts, ids)
    )


def _read_delimited(
    fh: BinaryIO, delimiter: str, name: str, opts: ReadOptions, ids: DocumentIds
) -> Iterator[Item]:
    # a text may be longer than the csv module's default field limit (131,072 characters)
    csv.field_size_limit(max(csv.field_size_limit(), opts.max_chars + 1))
    position = _Lines(fh)
    reader = csv.reader(position, delimiter=delimiter)
    try:
        header = next(reader, None)
        if header is None:
            yield InputFailure(name, "no header line (empty file)")
            return
        if opts.text_key not in header:
            yield InputFailure(name, _no_column(opts.text_key, header))
            return
        if missing := [k for k in opts.keep if k not in header]:
            yield unkept_warning(name, missing, "column")
        rows = 0
        corpus = ids.corpus(name, "line")
        line = position.line + 1
        for row in reader:
            origin = f"{name}:{line}"
            if row:
                rows += 1
                if len(row) != len(header):
                    yield InputFailure(
                        origin, f"{len(row)} fields where the header has {len(header)}"
                    )
                else:
                    record = dict(zip(header, row, strict=True))
                    place = (corpus, line)
                    yield from record_items(record, origin, str(line), opts, ids, place)
            line = position.line + 1
        if rows == 0:
            yield InputFailure(name, "no rows below the header")
    except UnicodeDecodeError as exc:
        yield InputFailure(
            f"{name}:{position.line}",
            f"not UTF-8 text (byte 0x{exc.object[exc.start]:02x}); stopped here",
        )
    except csv.Error as exc:
        yield InputFailure(f"{name}:{position.line}", f"not valid CSV ({exc}); stopped here")


class _Lines:
    """The lines of a binary stream decoded one at a time (so that a byte that is not UTF-8
    stops the file at its own line, after the rows before it), counted."""

    def __init__(self, fh: BinaryIO) -> None:
        self.fh = fh
        self.line = 0

    def __iter__(self) -> Iterator[str]:
        for raw in self.fh:
            self.line += 1
            if self.line == 1 and raw.startswith(UTF8_BOM):
                raw = raw[len(UTF8_BOM) :]  # not part of the first column's name
            yield raw.decode("utf-8")


def _no_column(key: str, columns: list[str]) -> str:
    shown = ", ".join(repr(c) for c in columns[:10]) + (", ..." if len(columns) > 10 else "")
    return f"no {key!r} column (set --text-key); the columns are {shown}"


def _read_parquet(
    path: Path, codec: str | None, name: str, opts: ReadOptions, ids: DocumentIds
) -> Iterator[Item]:
    pq = require("pyarrow.parquet", "parquet")
    with ExitStack() as stack:
        try:
            source: Path | IO[bytes] = path
            if codec is not None:
                source = stack.enter_context(tempfile.TemporaryFile())
                with open_decompressed(path, codec) as packed:
                    shutil.copyfileobj(packed, source)
                source.seek(0)
            table = stack.enter_context(pq.ParquetFile(source))
        except Exception as exc:  # pyarrow's own errors (ArrowInvalid, ...), OSError, EOFError
            yield InputFailure(name, f"cannot read as Parquet: {_first_line(exc)}")
            return
        yield from _parquet_rows(table, name, opts, ids)


def _parquet_rows(table: Any, name: str, opts: ReadOptions, ids: DocumentIds) -> Iterator[Item]:
    pa = require("pyarrow", "parquet")
    schema = table.schema_arrow
    columns = list(schema.names)
    if opts.text_key not in columns:
        yield InputFailure(name, _no_column(opts.text_key, columns))
        return
    kind = schema.field(opts.text_key).type
    if pa.types.is_dictionary(kind):
        kind = kind.value_type
    if not (pa.types.is_string(kind) or pa.types.is_large_string(kind)):
        yield InputFailure(name, f"column {opts.text_key!r} holds {kind}, not strings")
        return
    if missing := [k for k in opts.keep if k not in columns]:
        yield unkept_warning(name, missing, "column")
    wanted = dict.fromkeys([opts.text_key, opts.id_key, "doc_id", *opts.keep])
    corpus = ids.corpus(name, "record")
    n = 0
    try:
        for batch in table.iter_batches(
            batch_size=PARQUET_BATCH_ROWS, columns=[c for c in wanted if c in columns]
        ):
            for row in batch.to_pylist():
                n += 1
                record = {key: json_value(value) for key, value in row.items()}
                origin = f"{name}: record {n}"
                yield from record_items(record, origin, str(n), opts, ids, (corpus, n))
    except Exception as exc:  # a damaged row group: the rows before it were read
        where = f"{name}: record {n + 1}"
        yield InputFailure(where, f"cannot read: {_first_line(exc)}; stopped here")
        return
    if n == 0:
        yield InputFailure(name, "no rows")


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


def json_value(value: object) -> object:
    """A Parquet value as JSON data: times and dates as ISO 8601 strings, decimals as
    strings, binary as base64, NaN and infinities as null; lists and structs inside out."""
    if value is None or isinstance(value, str | bool | int):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, datetime.timedelta):
        return value.total_seconds()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    if isinstance(value, dict):
        return {str(k): json_value(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [json_value(v) for v in value]
    return str(value)
