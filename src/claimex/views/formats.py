"""Every output format of `claimex extract`: the data writers of `claimex.io.writers` and
the views for people (a table, an HTML page)."""

from __future__ import annotations

from collections.abc import Sequence
from enum import Enum
from typing import TextIO

from claimex.io.writers import CsvWriter, JsonlWriter, JsonWriter, Writer


class Format(str, Enum):
    jsonl = "jsonl"
    json = "json"
    csv = "csv"
    table = "table"
    html = "html"
    parquet = "parquet"


FORMATS = tuple(f.value for f in Format)


def make_writer(
    fmt: str, out: TextIO, color: bool | None = None, meta: Sequence[str] = ()
) -> Writer:
    """The writer of `fmt`; `meta` names the claims' meta fields, columns in tables."""
    if fmt == "jsonl":
        return JsonlWriter(out)
    if fmt == "json":
        return JsonWriter(out)
    if fmt == "csv":
        return CsvWriter(out, meta)
    if fmt == "table":
        from claimex.views.terminal import TableWriter

        return TableWriter(out, color)
    if fmt == "html":
        from claimex.views.html import HtmlWriter

        return HtmlWriter(out)
    if fmt == "parquet":
        from claimex.io.parquet import ParquetWriter

        binary = getattr(out, "buffer", None)
        if binary is None:
            raise ValueError("parquet output needs a binary stream")
        out.flush()
        return ParquetWriter(binary, keep=meta)
    raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
