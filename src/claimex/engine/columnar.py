"""The engine over Arrow record batches: documents in, claim rows out, for engines that hand
a Python function batches of rows (Spark's `mapInArrow`, Dask's partitions).

What travels to a worker is small and picklable (`ColumnarJob`: column names, the model's
name, the rule files' contents); the pipeline is loaded in the worker on first use and kept
there, one per thread, for every later task (`worker_engine`). Claims come from `Engine`, as
in the CLI, with one process per worker. A document that fails, or that has no usable text,
gives one row with an `error` and never fails the task.
"""

from __future__ import annotations

import ctypes
import functools
import hashlib
import os
import sys
import tempfile
import threading
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from claimex.engine.engine import DocumentResult, Engine
from claimex.io.arrow import ERROR_COLUMN, claim_row, rows_batch
from claimex.io.readers import MAX_DOCUMENT_CHARS
from claimex.schemas import ClaimData

# Documents of an input batch processed (and their claims given back) at a time.
SLICE_DOCUMENTS = 1_000
# Dask's nanny starts its workers with MALLOC_TRIM_THRESHOLD_=65536, so that freed memory
# goes back to the system at once. Setting it also fixes glibc's mmap threshold at 128 KB:
# every parser array above that is mapped, faulted in page by page and unmapped again (6
# times the CLI's page faults, 10-20% more CPU: docs/scale.md). A worker that runs claimex
# puts glibc's own ceilings back: arrays up to 32 MB come from the heap, and at most 64 MB
# of free heap is kept.
TRIM_ENV = "MALLOC_TRIM_THRESHOLD_"
M_TRIM_THRESHOLD, M_MMAP_THRESHOLD = -1, -3  # mallopt's parameters (malloc.h)
MMAP_THRESHOLD = 32 << 20  # the largest threshold glibc itself picks on 64-bit systems
TRIM_THRESHOLD = 2 * MMAP_THRESHOLD  # twice the mmap threshold, as glibc keeps it


@dataclass(frozen=True)
class ColumnarJob:
    """What a worker needs to extract claims from batches of documents."""

    text_col: str = "text"
    id_col: str = "id"
    keep: tuple[str, ...] = ()
    model: str | None = None
    scope: str | None = None
    # (file name, content) of each extra rule file: read where the job is made, so that the
    # workers need not see the driver's files
    rules: tuple[tuple[str, bytes], ...] = ()
    batch_size: int | None = None
    chunk_chars: int | None = None

    @classmethod
    def make(
        cls,
        text_col: str,
        id_col: str,
        keep: Sequence[str],
        model: str | None,
        scope: str | None,
        rules: Sequence[str | Path],
        batch_size: int | None = None,
        chunk_chars: int | None = None,
    ) -> ColumnarJob:
        """A job; the rule files are read (and scope checked) here, on the driver."""
        from claimex.rules import scope_file

        if scope is not None:
            scope_file(scope)  # an unknown scope fails now, not in every task
        contents = tuple((Path(r).name, Path(r).read_bytes()) for r in rules)
        return cls(text_col, id_col, tuple(keep), model, scope, contents, batch_size, chunk_chars)

    @property
    def engine_key(self) -> tuple[object, ...]:
        """What the engine depends on (not the columns): jobs that share it share one."""
        return (self.model, self.scope, self.rules, self.batch_size, self.chunk_chars)

    @property
    def columns(self) -> list[str]:
        """The input columns the job reads, each once."""
        return list(dict.fromkeys([self.id_col, self.text_col, *self.keep]))


class _Engines(threading.local):
    def __init__(self) -> None:
        self.engines: dict[tuple[object, ...], Engine] = {}
        self.loads: Counter[tuple[object, ...]] = Counter()


_ENGINES = _Engines()


def worker_engine(job: ColumnarJob) -> Engine:
    """The engine of `job` in this worker thread: loaded on first use, then kept."""
    engine = _ENGINES.engines.get(job.engine_key)
    if engine is None:
        malloc_for_parsing()
        engine = _ENGINES.engines[job.engine_key] = _load(job)
        _ENGINES.loads[job.engine_key] += 1
    return engine


def engine_loads(job: ColumnarJob) -> int:
    """How many times this worker thread has loaded the engine of `job` (once, or never)."""
    return _ENGINES.loads[job.engine_key]


@functools.cache
def malloc_for_parsing() -> bool:
    """Undo a fixed malloc trim threshold in this worker process (see TRIM_ENV), once; True
    when glibc took the new thresholds."""
    if not sys.platform.startswith("linux") or TRIM_ENV not in os.environ:
        return False
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):  # no C library with mallopt
        return False
    return bool(mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD)) and bool(
        mallopt(M_TRIM_THRESHOLD, TRIM_THRESHOLD)
    )


def _load(job: ColumnarJob) -> Engine:
    from claimex.rules import with_scope

    files: list[str] = []
    for name, content in job.rules:
        # named by content: the same rules are the same files, which the pipeline cache knows
        digest = hashlib.sha256(content).hexdigest()[:16]
        folder = Path(tempfile.gettempdir()) / f"claimex-rules-{digest}"
        folder.mkdir(exist_ok=True)
        path = folder / name
        if not path.exists():
            partial = folder / f".{name}.{os.getpid()}"
            partial.write_bytes(content)
            partial.replace(path)  # whole, even with another worker writing it too
        files.append(str(path))
    return Engine(job.model, with_scope(files, job.scope), job.batch_size, 1, job.chunk_chars)


class ClaimBatches:
    """`batches of documents -> batches of claim rows` in the Arrow `schema` (made by
    `claimex.io.arrow.claim_schema(keep, errors=True)`): the function given to the engine."""

    def __init__(self, job: ColumnarJob, schema: Any) -> None:
        self.job = job
        self.schema = schema

    def engine(self) -> Engine:
        return worker_engine(self.job)

    def __call__(self, batches: Iterable[Any]) -> Iterator[Any]:
        for batch in batches:
            # in slices: memory stays flat whatever the engine's batch size
            for start in range(0, batch.num_rows, SLICE_DOCUMENTS):
                part = batch.slice(start, SLICE_DOCUMENTS)
                yield rows_batch(self.rows(part), self.schema)

    def rows(self, batch: Any) -> list[dict[str, object]]:
        """The claim rows (and error rows) of an Arrow batch of documents, in its order."""
        return self.document_rows({c: batch.column(c).to_pylist() for c in self.job.columns})

    def document_rows(self, columns: Mapping[str, list[object]]) -> list[dict[str, object]]:
        """The claim rows (and error rows) of documents given as columns of values."""
        job = self.job
        ids, texts = columns[job.id_col], columns[job.text_col]
        kept = [{name: columns[name][n] for name in job.keep} for n in range(len(texts))]
        problems = [_unusable(text) for text in texts]
        todo = [n for n, problem in enumerate(problems) if problem is None]
        results = iter(self._results([(str(n), str(texts[n])) for n in todo]))
        rows: list[dict[str, object]] = []
        for n, problem in enumerate(problems):
            doc_id = _doc_id(ids[n])
            claims: list[ClaimData] = []
            if problem is None:
                result = next(results)
                problem, claims = result.error, result.claims
            if problem is not None:
                rows.append(_error_row(doc_id, kept[n], problem))
                continue
            for claim in claims:
                claim["doc_id"] = doc_id
                rows.append(claim_row(claim, kept[n]))
        return rows

    def _results(self, items: list[tuple[str, str]]) -> list[DocumentResult]:
        """The engine's results; should the engine itself break (it reports a document that
        fails as an error), the documents it had not given back are run one at a time."""
        engine = self.engine()
        results: list[DocumentResult] = []
        try:
            results.extend(engine.run(items))
        except Exception:
            for key, text in items[len(results) :]:
                try:
                    results.extend(engine.run([(key, text)]))
                except Exception as exc:
                    error = f"processing failed: {type(exc).__name__}: {exc}"
                    results.append(DocumentResult(key, chars=len(text), error=error))
        return results


def _unusable(text: object) -> str | None:
    """Why a text cannot be processed (as the CLI's readers say it), or None."""
    if text is None:
        return "no text (null)"
    if not isinstance(text, str):
        return f"the text is not a string but {type(text).__name__}"
    if not text.strip():
        return "empty text"
    if len(text) > MAX_DOCUMENT_CHARS:
        return f"document too large ({len(text):,} characters)"
    return None


def _doc_id(value: object) -> str:
    return "" if value is None else str(value)


def _error_row(doc_id: str, kept: dict[str, object], error: str) -> dict[str, object]:
    return {"doc_id": doc_id, **kept, ERROR_COLUMN: error}
