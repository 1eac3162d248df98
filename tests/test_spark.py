"""claimex on Spark (local[2], one session for the run): the claims are the CLI's field by
field, a failing document is an error row, empty partitions and a huge document work, the
pipeline loads once per worker and is never pickled, and `claimex spark` writes Parquet."""

from __future__ import annotations

import json
import sys

import pytest
from typer.testing import CliRunner

from claimex.cli import app
from claimex.engine.columnar import ClaimBatches, ColumnarJob, engine_loads, worker_engine
from claimex.io.arrow import ERROR_COLUMN, claim_schema
from conftest import EXAMPLES, ROOT
from fictional import huge_document

pytestmark = pytest.mark.spark
pytest.importorskip("pyspark", reason='pyspark is not installed: pip install ".[spark]"')

ARTICLES = sorted(EXAMPLES.glob("*.txt"))
POISON = "Zorblax"
CUE_FILE = {"type": "cue", "lemma": "grumble", "pos": "VERB", "cue_class": "speech",
            "frames": ["ccomp"]}  # fmt: skip


def example_rows() -> list[tuple[str, str]]:
    return [(a.relative_to(ROOT).as_posix(), a.read_bytes().decode("utf-8")) for a in ARTICLES]


def golden() -> dict[str, list[dict]]:
    out = {}
    for doc_id, _ in example_rows():
        path = ROOT / doc_id.replace(".txt", ".claims.jsonl")
        out[doc_id] = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    return out


def claims_by_doc(rows: list[dict], extra: tuple[str, ...] = ()) -> dict[str, list[dict]]:
    """Claim rows as the CLI's claim dicts, by doc_id, in claim order."""
    out: dict[str, list[dict]] = {}
    for row in rows:
        assert row[ERROR_COLUMN] is None, row
        claim = {k: v for k, v in row.items() if k not in (*extra, ERROR_COLUMN)}
        out.setdefault(claim["doc_id"], []).append(claim)
    for claims in out.values():
        claims.sort(key=lambda c: int(c["claim_id"][1:]))
    return out


def collect(df) -> list[dict]:
    return [row.asDict(recursive=True) for row in df.collect()]


def test_examples_are_the_clis_claims(spark):
    from claimex.spark import extract_claims

    df = spark.createDataFrame(example_rows(), "id string, text string").repartition(3)
    assert claims_by_doc(collect(extract_claims(df))) == golden()


def test_corpus_of_300_documents_is_the_clis_claims(spark, fictional_run):
    from claimex.spark import extract_claims

    records, cli = fictional_run
    df = spark.createDataFrame(records).repartition(6)
    rows = collect(extract_claims(df, keep=["desk"]))
    desks = {r["id"]: r["desk"] for r in records}
    assert all(row["desk"] == desks[row["doc_id"]] for row in rows)
    assert claims_by_doc(rows, extra=("desk",)) == cli
    assert len(rows) == sum(len(c) for c in cli.values())


@pytest.mark.parametrize(
    ("text", "error"),
    [(None, "no text (null)"), ("", "empty text"), ("  \n\t ", "empty text")],
)
def test_unusable_text_gives_an_error_row(spark, text, error):
    from claimex.spark import extract_claims

    rows = [("good", example_rows()[0][1], 1), ("bad", text, 2)]
    df = spark.createDataFrame(rows, "id string, text string, n long")
    out = collect(extract_claims(df, keep=["n"]))
    errors = [r for r in out if r[ERROR_COLUMN] is not None]
    assert [(r["doc_id"], r["n"], r[ERROR_COLUMN], r["claim_id"]) for r in errors] == [
        ("bad", 2, error, None)
    ]
    assert len(out) - 1 == len(golden()[example_rows()[0][0]])


class PoisonedBatches(ClaimBatches):
    """The job's engine, with extraction breaking on documents that name POISON."""

    def engine(self):
        engine = worker_engine(self.job)
        component = engine.nlp.get_pipe("claimex")
        if not isinstance(component.extractor, Poisoned):
            component._extractor = Poisoned(component.extractor)
        return engine


class Poisoned:
    """An Extractor that breaks on documents that name POISON."""

    def __init__(self, extractor):
        self.extractor = extractor

    def __call__(self, doc):
        if POISON in doc.text:
            raise RuntimeError("poisoned")
        return self.extractor(doc)

    def __getattr__(self, name):
        return getattr(self.extractor, name)


def test_a_poisoned_document_gives_an_error_row_and_the_rest_are_there(spark, tmp_path):
    from pyspark import cloudpickle
    from pyspark.sql.pandas.types import from_arrow_schema

    cloudpickle.register_pickle_by_value(sys.modules[__name__])  # workers cannot import it
    # an extra rule file of its own, so that this job's pipeline is not the other tests'
    rules = tmp_path / "cue.jsonl"
    rules.write_text(json.dumps(CUE_FILE) + "\n", encoding="utf-8")
    job = ColumnarJob.make("text", "id", (), None, None, [rules])
    schema = claim_schema(errors=True)
    rows = example_rows()
    poisoned = ("poisoned", f"“{POISON} is coming,” said Ada Okoro.")
    df = spark.createDataFrame([*rows[:3], poisoned, *rows[3:]], "id string, text string")
    task = PoisonedBatches(job, schema)
    out = collect(df.coalesce(1).mapInArrow(task, from_arrow_schema(schema)))
    errors = [r for r in out if r[ERROR_COLUMN] is not None]
    assert [(r["doc_id"], r[ERROR_COLUMN]) for r in errors] == [
        ("poisoned", "extraction failed: RuntimeError: poisoned")
    ]
    assert claims_by_doc([r for r in out if r[ERROR_COLUMN] is None]) == golden()


def test_empty_partitions_and_an_empty_frame(spark):
    from claimex.spark import extract_claims

    rows = example_rows()[:2]
    df = spark.createDataFrame(rows, "id string, text string").repartition(8)
    assert df.rdd.glom().map(len).collect().count(0) >= 6
    expected = {doc_id: claims for doc_id, claims in golden().items() if doc_id in dict(rows)}
    assert claims_by_doc(collect(extract_claims(df))) == expected
    empty = extract_claims(spark.createDataFrame([], "id string, text string"))
    assert empty.collect() == []
    assert empty.columns == claim_schema(errors=True).names


def test_a_partition_of_one_huge_document_is_chunked_as_in_the_cli(spark):
    from claimex.engine import Engine
    from claimex.engine.engine import DEFAULT_CHUNK_CHARS
    from claimex.spark import extract_claims

    text = huge_document(DEFAULT_CHUNK_CHARS + 10_000)
    expected = next(Engine().run([("huge", text)]))
    assert expected.error is None and len(expected.claims) > 100
    df = spark.createDataFrame([("huge", text)], "id string, text string").coalesce(1)
    assert claims_by_doc(collect(extract_claims(df))) == {"huge": expected.claims}


def test_the_pipeline_loads_once_per_worker_and_is_not_pickled(spark):
    from pyspark import cloudpickle

    from claimex.spark import extract_claims

    df = spark.createDataFrame(example_rows(), "id string, text string").repartition(6)
    extract_claims(df).count()  # every worker has loaded its pipeline
    job = ColumnarJob.make("text", "id", (), None, None, [])
    task = ClaimBatches(job, claim_schema(errors=True))
    assert len(cloudpickle.dumps(task)) < 20_000  # a Language would be megabytes

    def loads(batches):
        import os

        import pyarrow as pa

        for _ in batches:
            worker_engine(job)
            yield pa.RecordBatch.from_pylist([{"pid": os.getpid(), "loads": engine_loads(job)}])

    probe = df.repartition(8).mapInArrow(loads, "pid long, loads long").collect()
    assert {row["loads"] for row in probe} == {1}
    assert len({row["pid"] for row in probe}) < len(probe)  # workers serve several tasks


def test_unknown_column_is_one_clear_error(spark):
    from claimex.errors import ClaimexError
    from claimex.spark import extract_claims

    df = spark.createDataFrame(example_rows(), "id string, body string")
    with pytest.raises(ClaimexError, match="no column 'text' \\(columns: id, body\\)"):
        extract_claims(df)


def test_claimex_spark_command_writes_parquet(spark, tmp_path):
    import pyarrow.parquet as pq

    source = tmp_path / "corpus.jsonl"
    records = [{"doc_id": d, "text": t, "desk": "city"} for d, t in example_rows()]
    records.append({"doc_id": "blank", "text": " ", "desk": "city"})
    source.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    out = tmp_path / "claims"
    args = ["spark", str(source), str(out), "--master", "local[2]", "--keep", "desk", "-q"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 1, result.output
    assert "error: blank: empty text" in result.stderr
    assert result.stdout == ""
    table = pq.read_table(out)
    assert table.column("desk").to_pylist() == ["city"] * table.num_rows
    rows = [r for r in table.to_pylist() if r[ERROR_COLUMN] is None]
    assert claims_by_doc(rows, extra=("desk",)) == golden()
    # an existing output is never overwritten
    again = CliRunner().invoke(app, args)
    assert again.exit_code == 1
    assert "already exists" in again.stderr
    assert pq.read_table(out).num_rows == table.num_rows


def test_claimex_spark_reads_parquet(spark, tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = example_rows()
    source = tmp_path / "corpus.parquet"
    pq.write_table(pa.table({"id": [r[0] for r in rows], "text": [r[1] for r in rows]}), source)
    out = tmp_path / "claims"
    result = CliRunner().invoke(app, ["spark", str(source), str(out), "-q"])
    assert result.exit_code == 0, result.stderr
    assert claims_by_doc(pq.read_table(out).to_pylist()) == golden()


def corpus_file(path, splits: float) -> None:
    """A JSONL corpus of about `splits` times claimex's split size."""
    from claimex.cli.spark import SPLIT_BYTES

    line = json.dumps({"doc_id": "d", "text": "Ada Okoro said it would rain. " * 300}) + "\n"
    path.write_text(line * int(splits * SPLIT_BYTES / len(line)), encoding="utf-8")


@pytest.mark.parametrize(
    ("preset", "partitions"),
    [
        (None, 4),  # 3.5 splits of 4 MB (Spark's 128 MB would give 2, one per core)
        ("2MB", 7),  # a size the session was given is kept
        ("64m", 2),
    ],
)
def test_claimex_spark_reads_input_files_in_small_partitions(spark, tmp_path, preset, partitions):
    from claimex.cli.spark import SPLIT_BYTES, SPLIT_KEY, _read, split_size

    source = tmp_path / "corpus.jsonl"
    corpus_file(source, 3.5)
    if preset:
        spark.conf.set(SPLIT_KEY, preset)
    try:
        before = spark.conf.get(SPLIT_KEY)
        with split_size(spark):
            inside = spark.conf.get(SPLIT_KEY)
            assert _read(spark, str(source), None).rdd.getNumPartitions() == partitions
        assert spark.conf.get(SPLIT_KEY) == before  # restored
        assert inside == (preset or str(SPLIT_BYTES))
        assert _read(spark, str(source), 3).rdd.getNumPartitions() == 3  # --partitions N
    finally:
        spark.conf.unset(SPLIT_KEY)


def test_without_claimex_split_size_spark_reads_one_partition_per_core(spark, tmp_path):
    from claimex.cli.spark import _read

    source = tmp_path / "corpus.jsonl"
    corpus_file(source, 3.5)
    assert _read(spark, str(source), None).rdd.getNumPartitions() == 2


@pytest.mark.parametrize(
    ("size", "expected"),
    [
        ("128MB", 128 << 20),
        ("134217728b", 128 << 20),
        ("134217728", 128 << 20),
        ("4m", 4 << 20),
        ("1g", 1 << 30),
        ("2 KiB", 2 << 10),
        ("lots", None),
        ("", None),
        (None, None),
    ],
)
def test_spark_sizes_are_read_in_bytes(size, expected):
    from claimex.cli.spark import _bytes

    assert _bytes(size) == expected
