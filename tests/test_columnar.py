"""The columnar engine behind Spark and Dask, in this process: claim rows in document order,
error rows for texts it cannot take, slices of big batches, and documents run one at a time
when the engine itself breaks."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from claimex.engine import Engine
from claimex.engine.columnar import ClaimBatches, ColumnarJob
from conftest import EXAMPLES

pa = pytest.importorskip("pyarrow", reason='pyarrow is not installed: pip install ".[parquet]"')

from claimex.io.arrow import ERROR_COLUMN, claim_schema  # noqa: E402

ARTICLES = sorted(EXAMPLES.glob("*.txt"))[:3]


def golden(article) -> list[dict]:
    lines = article.with_suffix("").with_suffix(".claims.jsonl").read_text(encoding="utf-8")
    return [json.loads(line) for line in lines.splitlines()]


def documents() -> dict[str, list]:
    ids = [a.relative_to(EXAMPLES.parent).as_posix() for a in ARTICLES]
    texts = [a.read_bytes().decode("utf-8") for a in ARTICLES]
    return {"id": [ids[0], "blank", ids[1], ids[2]], "text": [texts[0], " ", texts[1], texts[2]],
            "n": [1, 2, 3, 4]}  # fmt: skip


@pytest.fixture(scope="module")
def task():
    return ClaimBatches(ColumnarJob(keep=("n",)), claim_schema([pa.field("n", pa.int64())], True))


def expected_rows() -> list[tuple]:
    rows = [(c["doc_id"], c["claim_id"], 1, None) for c in golden(ARTICLES[0])]
    rows.append(("blank", None, 2, "empty text"))
    for n, article in ((3, ARTICLES[1]), (4, ARTICLES[2])):
        rows += [(c["doc_id"], c["claim_id"], n, None) for c in golden(article)]
    return rows


def summary(table) -> list[tuple]:
    return [(r["doc_id"], r["claim_id"], r["n"], r[ERROR_COLUMN]) for r in table.to_pylist()]


def test_rows_follow_the_documents_with_error_rows_in_place(task):
    out = list(task([pa.RecordBatch.from_pydict(documents())]))
    assert len(out) == 1
    assert summary(pa.Table.from_batches(out)) == expected_rows()


def test_big_batches_are_processed_in_slices(task, monkeypatch):
    import claimex.engine.columnar

    monkeypatch.setattr(claimex.engine.columnar, "SLICE_DOCUMENTS", 3)
    out = list(task([pa.RecordBatch.from_pydict(documents())]))
    assert [b.num_rows > 0 for b in out] == [True, True]  # documents 1-3, then 4
    assert summary(pa.Table.from_batches(out)) == expected_rows()


class Breaking(ClaimBatches):
    """An engine whose run breaks whenever a text holds 'Tuesday' among others."""

    def engine(self):
        real = super().engine()

        class Wrapped:
            def run(self, items):
                if len(items) > 1 and any("Tuesday" in text for _, text in items):
                    yield from real.run(items[:1])
                    raise RuntimeError("broken batch")
                if any("Tuesday" in text for _, text in items):
                    raise RuntimeError("broken document")
                yield from real.run(items)

        return Wrapped()  # type: ignore[return-value]


def test_when_the_engine_breaks_documents_run_one_at_a_time():
    texts = documents()
    assert ["Tuesday" in t for t in texts["text"]] == [True, False, True, False]
    task = Breaking(ColumnarJob(keep=("n",)), claim_schema([pa.field("n", pa.int64())], True))
    rows = summary(pa.Table.from_batches(list(task([pa.RecordBatch.from_pydict(texts)]))))
    # the first document came back before the engine broke; the third breaks it alone
    assert [r for r in rows if r[3] is not None] == [
        ("blank", None, 2, "empty text"),
        (texts["id"][2], None, 3, "processing failed: RuntimeError: broken document"),
    ]
    assert {r[0] for r in rows if r[3] is None} == {texts["id"][0], texts["id"][3]}


def test_a_document_id_is_text_and_a_null_id_empty():
    task = ClaimBatches(ColumnarJob(), claim_schema(errors=True))
    text = "“We will not sign,” said Ada Okoro."
    rows = task.document_rows({"id": [7, None], "text": [text, text]})
    assert [r["doc_id"] for r in rows] == ["7", ""]
    assert rows[0]["content"] == next(Engine().run([("x", text)])).claims[0]["content"]


class FakeLibc:
    def __init__(self, answer: int) -> None:
        self.answer = answer
        self.calls: list[tuple[int, int]] = []

    def mallopt(self, param: int, value: int) -> int:
        self.calls.append((param, value))
        return self.answer


@pytest.mark.parametrize(
    ("platform", "env", "answer", "tuned", "calls"),
    [
        ("linux", "65536", 1, True, [(-3, 32 << 20), (-1, 64 << 20)]),  # as Dask starts workers
        ("linux", "65536", 0, False, [(-3, 32 << 20)]),  # glibc refused
        ("linux", None, 1, False, []),  # glibc's dynamic thresholds are left alone
        ("darwin", "65536", 1, False, []),
    ],
)
def test_a_fixed_trim_threshold_is_undone_once(monkeypatch, platform, env, answer, tuned, calls):
    from claimex.engine import columnar

    libc = FakeLibc(answer)
    monkeypatch.setattr(columnar.ctypes, "CDLL", lambda name: libc)
    monkeypatch.setattr(columnar.sys, "platform", platform)
    if env is None:
        monkeypatch.delenv(columnar.TRIM_ENV, raising=False)
    else:
        monkeypatch.setenv(columnar.TRIM_ENV, env)
    columnar.malloc_for_parsing.cache_clear()
    try:
        assert columnar.malloc_for_parsing() is tuned
        assert columnar.malloc_for_parsing() is tuned  # once per process
        assert libc.calls == calls
    finally:
        columnar.malloc_for_parsing.cache_clear()


# page faults of a run over the example articles, with the engine of a Spark or Dask worker
# ("on") or the CLI's (which leaves malloc alone)
FAULTS = """
import resource, sys
from claimex.engine import Engine
from claimex.engine.columnar import ColumnarJob, worker_engine
engine = worker_engine(ColumnarJob()) if sys.argv[1] == "on" else Engine()
texts = [open(p, encoding="utf-8").read() for p in sys.argv[2:]] * 3
list(engine.run([("warm", texts[0])]))
before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
list(engine.run([(str(n), t) for n, t in enumerate(texts)]))
print(resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before)
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc (Linux)")
def test_a_worker_under_dasks_trim_threshold_faults_as_few_pages_as_the_cli():
    env = {**os.environ, "MALLOC_TRIM_THRESHOLD_": "65536"}
    articles = [str(a) for a in sorted(EXAMPLES.glob("*.txt"))]

    def faults(mode: str) -> int:
        cmd = [sys.executable, "-c", FAULTS, mode, *articles]
        return int(subprocess.run(cmd, env=env, capture_output=True, text=True, check=True).stdout)

    untuned, tuned = faults("off"), faults("on")
    assert tuned * 2 < untuned, (tuned, untuned)
