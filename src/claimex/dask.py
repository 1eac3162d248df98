"""claimex on Dask: `extract_claims(ddf or bag)` gives a Dask DataFrame, one row per claim.

The columns are the Spark output's (`claimex schema --arrow`, then the kept columns, then
`error`), every one with an explicit pandas Arrow dtype. Each worker thread loads the
pipeline once and keeps it; run workers with one thread each (`threads_per_worker=1`), as a
thread parses one document at a time. Needs `pip install "claimex[dask]"`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from claimex.engine.columnar import ClaimBatches, ColumnarJob
from claimex.errors import ClaimexError
from claimex.extras import require
from claimex.io.arrow import as_string, claim_schema, rows_batch


def extract_claims(
    data: Any,
    text_col: str = "text",
    id_col: str = "id",
    keep: Sequence[str] = (),
    scope: str | None = None,
    model: str | None = None,
    rules: Sequence[str | Path] = (),
    batch_size: int | None = None,
) -> Any:
    """The claims of every document of a Dask DataFrame (columns `text_col`, `id_col`,
    `keep`) or Bag (of dicts with those keys, or of (doc_id, text) pairs), as a Dask
    DataFrame with one row per claim (and one row with `error` per failed document).
    A Bag's kept values become strings (JSON for values that are not)."""
    pa = require("pyarrow", "dask")
    dd = require("dask.dataframe", "dask")
    bag = require("dask.bag", "dask")
    pd = require("pandas", "dask")
    job = ColumnarJob.make(text_col, id_col, keep, model, scope, rules, batch_size)
    if isinstance(data, bag.Bag):
        schema = claim_schema([pa.field(name, pa.string()) for name in keep], errors=True)
        meta = schema.empty_table().to_pandas(types_mapper=pd.ArrowDtype)
        claims = ClaimBatches(job, schema)
        from dask import delayed

        parts = [delayed(_records_partition)(p, claims) for p in data.to_delayed()]
        return dd.from_delayed(parts, meta=meta, verify_meta=False)
    if not isinstance(data, dd.DataFrame):
        raise ClaimexError(f"expected a Dask DataFrame or Bag, got {type(data).__name__}")
    schema = claim_schema(_kept_fields(data._meta, job), errors=True)
    meta = schema.empty_table().to_pandas(types_mapper=pd.ArrowDtype)
    claims = ClaimBatches(job, schema)
    return data[job.columns].map_partitions(_frame_partition, claims, meta=meta)


def _kept_fields(meta: Any, job: ColumnarJob) -> list[Any]:
    """The Arrow fields of the kept columns, from the DataFrame's meta (an object column,
    which has no Arrow type of its own, is a string column, as a large string is)."""
    import pyarrow as pa

    missing = [c for c in job.columns if c not in meta.columns]
    if missing:
        raise ClaimexError(
            f"the DataFrame has no column {missing[0]!r} (columns: {', '.join(meta.columns)})"
        )
    fields = []
    for name in job.keep:
        try:
            arrow = pa.Array.from_pandas(meta[name]).type
        except (pa.ArrowInvalid, pa.ArrowTypeError):
            arrow = pa.null()
        if pa.types.is_null(arrow) or pa.types.is_large_string(arrow):
            arrow = pa.string()  # the same string type as the claim columns'
        fields.append(pa.field(name, arrow))
    return fields


def _frame_partition(frame: Any, claims: ClaimBatches) -> Any:
    import pyarrow as pa

    job = claims.job
    columns = {name: [_value(v) for v in frame[name].tolist()] for name in job.columns}
    for field in claims.schema:
        if field.name in job.keep:
            values = pa.Array.from_pandas(frame[field.name], type=field.type)
            columns[field.name] = values.to_pylist()
    return _claims_frame(columns, claims)


def _records_partition(records: Iterable[Any], claims: ClaimBatches) -> Any:
    job = claims.job
    columns: dict[str, list[object]] = {name: [] for name in job.columns}
    for record in records:
        if isinstance(record, tuple | list) and len(record) == 2:
            record = {job.id_col: record[0], job.text_col: record[1]}
        elif not isinstance(record, dict):
            record = {job.text_col: record}  # reported if it is not a text
        for name in columns:
            value = record.get(name)
            columns[name].append(as_string(value) if name in job.keep else value)
    return _claims_frame(columns, claims)


def _value(value: object) -> object:
    """pandas' missing values (None, NaN, NA) as None."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return None if type(value).__name__ == "NAType" else value


def _claims_frame(columns: dict[str, list[object]], claims: ClaimBatches) -> Any:
    import pandas as pd
    import pyarrow as pa

    batch = rows_batch(claims.document_rows(columns), claims.schema)
    return pa.Table.from_batches([batch]).to_pandas(types_mapper=pd.ArrowDtype)
