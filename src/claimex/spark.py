"""claimex on Spark: `extract_claims(df)` gives a DataFrame with one row per claim.

Built on `DataFrame.mapInArrow` only (no RDD, nothing broadcast), so it runs on classic
Spark, Spark Connect and Databricks serverless alike. Each Python worker loads the pipeline
once, on its first task, and keeps it for the next ones; the claims are the CLI's, field by
field. Needs `pip install "claimex[spark]"` on the driver and on every worker.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from claimex.engine.columnar import ClaimBatches, ColumnarJob
from claimex.errors import ClaimexError
from claimex.extras import require
from claimex.io.arrow import claim_schema

if TYPE_CHECKING:
    from pyspark.sql import DataFrame


def extract_claims(
    df: DataFrame,
    text_col: str = "text",
    id_col: str = "id",
    keep: Sequence[str] = (),
    scope: str | None = None,
    model: str | None = None,
    rules: Sequence[str | Path] = (),
    batch_size: int | None = None,
) -> DataFrame:
    """The claims of every document (row) of `df`, one row per claim.

    Columns: those of `claimex schema --arrow` (`doc_id` is `id_col`'s value as a string),
    then the `keep` columns of the document, then `error`: a document that fails gives one
    row with its `doc_id`, kept columns and `error`, and nulls elsewhere. `model` must be
    installed on the workers; `rules` files are read here and sent with the job.
    """
    pa = require("pyarrow", "spark")
    require("pyspark", "spark")
    from pyspark.sql.pandas.types import from_arrow_schema, to_arrow_type
    from pyspark.sql.types import StringType

    types = {f.name: f.dataType for f in df.schema.fields}
    for name in dict.fromkeys([text_col, id_col, *keep]):
        if name not in types:
            raise ClaimexError(
                f"the DataFrame has no column {name!r} (columns: {', '.join(types)})"
            )
    if not isinstance(types[text_col], StringType):
        raise ClaimexError(f"column {text_col!r} is {types[text_col].simpleString()}, not string")
    kept = [pa.field(name, to_arrow_type(types[name])) for name in keep]
    schema = claim_schema(kept, errors=True)
    job = ColumnarJob.make(text_col, id_col, keep, model, scope, rules, batch_size)
    out: DataFrame = df.select(*job.columns).mapInArrow(
        ClaimBatches(job, schema), from_arrow_schema(schema)
    )
    return out


def spark_schema(keep: Sequence[Any] = ()) -> Any:
    """The Spark schema (StructType) of `extract_claims`'s output; `keep` are Arrow fields."""
    require("pyspark", "spark")
    from pyspark.sql.pandas.types import from_arrow_schema

    return from_arrow_schema(claim_schema(keep, errors=True))
