"""Write claims as Parquet: one row per claim, in the Arrow schema of `claimex.io.arrow`.

Rows are buffered and written a row group at a time, so memory stays flat; the file is
complete (readable) only once the writer is closed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, BinaryIO

from claimex.extras import require
from claimex.io.arrow import as_string, claim_row, claim_schema, rows_batch, string_fields
from claimex.schemas import ClaimData

ROWS_PER_GROUP = 10_000


class ParquetWriter:
    """A `Writer` (claimex.io.writers) of Parquet to a binary stream or a path.

    `keep` names the input fields that claims carry under their `meta` key: columns of
    type string (other JSON values are written as JSON text), or `pyarrow.Field`s for
    typed columns (a Parquet input's own)."""

    def __init__(
        self,
        out: BinaryIO | str,
        keep: Sequence[str | Any] = (),
        rows_per_group: int = ROWS_PER_GROUP,
    ) -> None:
        pq = require("pyarrow.parquet", "parquet")
        fields = [string_fields([k])[0] if isinstance(k, str) else k for k in keep]
        self.schema = claim_schema(fields)
        self.strings = [f.name for f, k in zip(fields, keep, strict=True) if isinstance(k, str)]
        self.rows: list[dict[str, object]] = []
        self.rows_per_group = rows_per_group
        self.writer = pq.ParquetWriter(out, self.schema, compression="zstd")

    def write(self, doc_id: str, text: str, claims: list[ClaimData]) -> None:
        for claim in claims:
            row = claim_row(claim)
            for name in self.strings:
                value = row.get(name)
                if value is not None and not isinstance(value, str):
                    row[name] = as_string(value)
            self.rows.append(row)
        if len(self.rows) >= self.rows_per_group:
            self._flush()

    def _flush(self) -> None:
        if self.rows:
            self.writer.write_batch(rows_batch(self.rows, self.schema))
            self.rows = []

    def close(self) -> None:
        self._flush()
        self.writer.close()
