"""Shared fixtures: one loaded pipeline for the whole session, an engine (with small chunks),
and the shared gold data."""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
SHARED = Path(os.environ.get("CLAIMEX_SHARED", ROOT.parent / "shared"))
SHARED_DATA = SHARED / "data"
SHARED_SCORER = SHARED / "eval" / "score.py"


def shared_file(*parts: str) -> Path:
    """A file of ../shared, or skip: a user's clone has no shared data (CI has it)."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is not available (shared gold data is only present in CI)")
    return path


def reference_scorer(name: str = "score.py") -> ModuleType:
    """A reference scorer of ../shared/eval (score.py, score_speakers.py) as a module, or
    skip."""
    path = shared_file("eval", name)
    spec = importlib.util.spec_from_file_location(f"reference_{Path(name).stem}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def nlp():
    from claimex.pipeline import load_pipeline

    return load_pipeline()


@pytest.fixture(scope="session")
def run(nlp):
    """Text -> list of claim dicts, through the full pipeline."""

    def _run(text: str) -> list[dict]:
        return list(nlp(text)._.claimex_data)

    return _run


def extract_gold(gold: Path, out: Path, *options: str) -> None:
    """claimex's own JSONL run over a gold file (--text-key text --id-key doc_id)."""
    from typer.testing import CliRunner

    from claimex.cli import app

    args = ["extract", str(gold), "--text-key", "text", "--id-key", "doc_id", "-o", str(out)]
    result = CliRunner().invoke(app, [*args, "--quiet", *options])
    assert result.exit_code == 0, result.stderr


@pytest.fixture(scope="session")
def polnear_dev_run(tmp_path_factory) -> tuple[Path, Path]:
    """PolNeAR dev and claimex's predictions for it, made once for every test that needs
    them (or skip without the shared data)."""
    gold = shared_file("data", "polnear", "dev.jsonl")
    out = tmp_path_factory.mktemp("polnear") / "pred.jsonl"
    extract_gold(gold, out)
    return gold, out


@pytest.fixture(scope="module")
def engine():
    from claimex.engine import Engine

    return Engine()


@pytest.fixture
def small_chunks(monkeypatch, engine):
    """The engine with parts of 400 characters, parsed with 300-600 characters before them
    (more than an article: every surname sees its full name) and 50-100 after them."""
    monkeypatch.setattr(engine, "chunk_chars", 400)
    monkeypatch.setattr(engine, "context", (300, 50))
    return engine


@pytest.fixture(scope="session")
def fictional_run(tmp_path_factory) -> tuple[list[dict], dict[str, list[dict]]]:
    """The 300-document fictional corpus (tests/fictional.py) and the CLI's claims of it,
    by doc_id: the reference of the engine tests (Spark, Dask)."""
    import json

    from typer.testing import CliRunner

    from claimex.cli import app
    from fictional import corpus

    records = corpus(300)
    folder = tmp_path_factory.mktemp("fictional")
    source, out = folder / "corpus.jsonl", folder / "claims.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    result = CliRunner().invoke(app, ["extract", str(source), "-o", str(out), "--quiet"])
    assert result.exit_code == 0, result.stderr
    claims: dict[str, list[dict]] = {}
    for line in out.read_text(encoding="utf-8").splitlines():
        claim = json.loads(line)
        claims.setdefault(claim["doc_id"], []).append(claim)
    return records, claims


@pytest.fixture(scope="session")
def spark():
    """One local[2] SparkSession for the whole test run (or skip without pyspark or Java)."""
    import shutil
    import sys

    pytest.importorskip("pyspark", reason='pyspark is not installed: pip install ".[spark]"')
    if shutil.which("java") is None:
        pytest.skip("no Java: Spark needs Java 17 or newer (.ci/run installs it)")
    from pyspark.sql import SparkSession

    os.environ["PYSPARK_PYTHON"] = sys.executable  # the workers run this interpreter
    session = (
        SparkSession.builder.master("local[2]")
        .appName("claimex-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()
