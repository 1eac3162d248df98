"""Accuracy on the shared gold data, scored by the reference scorer (CI has the data)."""

from __future__ import annotations

import json

import pytest

from conftest import reference_scorer, shared_file

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def polnear_dev(tmp_path_factory):
    """claimex's own JSONL run over PolNeAR dev (--text-key text --id-key doc_id)."""
    from typer.testing import CliRunner

    from claimex.cli import app

    gold = shared_file("data", "polnear", "dev.jsonl")
    out = tmp_path_factory.mktemp("polnear") / "pred.jsonl"
    result = CliRunner().invoke(
        app,
        [
            "extract",
            str(gold),
            "--text-key",
            "text",
            "--id-key",
            "doc_id",
            "-o",
            str(out),
            "--quiet",
        ],
    )
    assert result.exit_code == 0, result.stderr
    return gold, out


@pytest.fixture(scope="module")
def dev_scores(polnear_dev):
    """The reference scorer's results for that run."""
    scorer = reference_scorer()
    gold_path, pred_path = polnear_dev
    gold = [json.loads(line) for line in gold_path.read_text(encoding="utf-8").splitlines()]
    return scorer.score(gold, scorer.load_preds(str(pred_path)))


def test_polnear_dev_beats_the_open_extractors(dev_scores):
    # issue 2 asks for 0.60 / 0.45; GenderGapTracker's extractor gets 0.536 / 0.400 here
    assert dev_scores["content_0.5"][2] >= 0.60
    assert dev_scores["triple_0.5"][2] >= 0.45


def test_polnear_dev_meets_the_accuracy_targets(dev_scores):
    """Issue 3's targets, each met today by a margin of at least one claim; the indirect
    recall target (0.65) is not met (0.562) and is guarded at its present level instead."""
    assert dev_scores["content_0.5"][2] >= 0.72
    assert dev_scores["triple_0.5"][2] >= 0.58
    assert dev_scores["source_acc"] >= 0.88
    assert dev_scores["cue_acc"] >= 0.88
    assert dev_scores["recall_by_type"]["direct"] >= 0.92
    assert dev_scores["recall_by_type"]["indirect"] >= 0.55


@pytest.mark.xfail(
    strict=True,
    reason="indirect recall is 0.562: most remaining misses have cues outside the lexicon "
    "that are wrong more often than right (docs/accuracy.md)",
)
def test_polnear_dev_indirect_recall_target(dev_scores):
    assert dev_scores["recall_by_type"]["indirect"] >= 0.65
