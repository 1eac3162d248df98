"""The claim as an Arrow schema, derived from the pydantic models of `claimex.schemas`, and
claims as Arrow record batches.

One row per claim; spans are structs, `content.fragments` a list of them, Literal fields
strings. The schema's metadata carries `schema_version`. Nothing here is written by hand per
field: a field added to a model is a column (tests/test_arrow.py checks it).

Output with carried input columns (`keep`) has them as extra top-level columns after the
claim's; the engines' output (Spark, Dask) also has an `error` column: a document that
failed gives one row with its `doc_id`, its kept columns and `error`, the rest null.
"""

from __future__ import annotations

import json
import types
import typing
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Literal, cast

from pydantic import BaseModel

from claimex._version import __version__
from claimex.extras import require
from claimex.schemas import SCHEMA_VERSION, Claim, ClaimData

ERROR_COLUMN = "error"
# the key of a claim's carried input fields in JSON (`--keep`); columns in Arrow
META_KEY = "meta"
PRIMITIVES: dict[type, str] = {str: "string", int: "int64", float: "float64", bool: "bool_"}


def pyarrow(extra: str = "parquet") -> Any:
    """The pyarrow module, or a one-line error naming the extra that installs it."""
    return require("pyarrow", extra)


def _optional(annotation: Any) -> tuple[Any, bool]:
    """(the type inside `X | None`, True) or (annotation, False)."""
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(args) == 1 and len(typing.get_args(annotation)) == 2:
            return args[0], True
        raise TypeError(f"no Arrow type for the union {annotation!r}")
    return annotation, False


def arrow_type(annotation: Any) -> Any:
    """The Arrow type of a (non-optional) model field's annotation."""
    pa = pyarrow()
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return pa.struct(model_fields(annotation))
    origin = typing.get_origin(annotation)
    if origin is Literal:
        values = typing.get_args(annotation)
        if all(isinstance(v, str) for v in values):
            return pa.string()
    elif origin is list:
        (item,) = typing.get_args(annotation)
        inner, nullable = _optional(item)
        # "element", as Parquet names the items of a list (the schema reads back the same)
        return pa.list_(pa.field("element", arrow_type(inner), nullable=nullable))
    elif annotation in PRIMITIVES:
        return getattr(pa, PRIMITIVES[annotation])()
    raise TypeError(f"no Arrow type for {annotation!r}")


def model_fields(model: type[BaseModel], all_nullable: bool = False) -> list[Any]:
    """The Arrow fields of a pydantic model, in its order; `X | None` is nullable. A claim's
    `meta` (the kept input fields, whatever they are) is not a column of its own: the kept
    fields become columns of their own (see `claim_schema`)."""
    pa = pyarrow()
    fields = []
    for name, info in model.model_fields.items():
        if model is Claim and name == META_KEY:
            continue
        inner, nullable = _optional(info.annotation)
        metadata = {"description": info.description} if info.description else None
        fields.append(
            pa.field(name, arrow_type(inner), nullable=nullable or all_nullable, metadata=metadata)
        )
    return fields


def claim_schema(keep: Sequence[Any] = (), errors: bool = False) -> Any:
    """The Arrow schema of claim rows: the Claim model's fields, then the kept input columns
    (`pyarrow.Field`s), then with `errors` the `error` column (and every top-level column
    nullable, for the rows of failed documents)."""
    pa = pyarrow()
    fields = model_fields(Claim, all_nullable=errors)
    taken = {f.name for f in fields} | ({ERROR_COLUMN} if errors else set())
    for field in keep:
        if field.name in taken:
            raise ValueError(f"kept column {field.name!r} has the name of a claim column")
        taken.add(field.name)
    fields.extend(f.with_nullable(True) for f in keep)
    if errors:
        description = "Why the document failed; null on claim rows."
        fields.append(pa.field(ERROR_COLUMN, pa.string(), metadata={"description": description}))
    return pa.schema(
        fields, metadata={"schema_version": SCHEMA_VERSION, "claimex_version": __version__}
    )


def string_fields(names: Iterable[str]) -> list[Any]:
    """Kept columns whose type is not known in advance (JSONL fields): strings."""
    pa = pyarrow()
    return [pa.field(name, pa.string()) for name in names]


def as_string(value: object) -> str | None:
    """A kept value for a string column: strings as they are, other values as JSON."""
    if value is None or isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


def claim_row(claim: ClaimData, kept: Mapping[str, object] | None = None) -> dict[str, object]:
    """One output row: the claim's fields (without its `meta`), then the kept columns (from
    `kept`, else from the claim's `meta`)."""
    row: dict[str, object] = {k: v for k, v in claim.items() if k != META_KEY}
    extra = kept if kept is not None else cast("Mapping[str, object]", claim).get(META_KEY)
    if isinstance(extra, Mapping):
        row.update(extra)
    return row


def rows_batch(rows: list[dict[str, object]], schema: Any) -> Any:
    """The rows as one Arrow record batch of `schema` (missing columns are null)."""
    return pyarrow().RecordBatch.from_pylist(rows, schema=schema)
