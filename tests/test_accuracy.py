"""Accuracy on the shared gold data, scored by the reference scorer (CI has the data)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import extract_gold, reference_scorer, shared_file

pytestmark = pytest.mark.slow


def _score(gold_path: Path, pred_path: Path) -> dict:
    """The reference scorer's results."""
    scorer = reference_scorer()
    gold = [json.loads(line) for line in gold_path.read_text(encoding="utf-8").splitlines()]
    return scorer.score(gold, scorer.load_preds(str(pred_path)))


@pytest.fixture(scope="module")
def dev_scores(polnear_dev_run):
    return _score(*polnear_dev_run)


def test_polnear_dev_beats_the_open_extractors(dev_scores):
    # issue 2 asks for 0.60 / 0.45; GenderGapTracker's extractor gets 0.536 / 0.400 here
    assert dev_scores["content_0.5"][2] >= 0.60
    assert dev_scores["triple_0.5"][2] >= 0.45


def test_polnear_dev_meets_the_accuracy_targets(dev_scores):
    """Issue 3's targets. Indirect recall is 0.651 against 0.65: a margin of one claim
    (944 of 1,451, 944 needed), so a change that loses one indirect claim fails here."""
    assert dev_scores["content_0.5"][2] >= 0.72
    assert dev_scores["triple_0.5"][2] >= 0.58
    assert dev_scores["source_acc"] >= 0.88
    assert dev_scores["cue_acc"] >= 0.88
    assert dev_scores["recall_by_type"]["direct"] >= 0.92
    assert dev_scores["recall_by_type"]["indirect"] >= 0.65


def test_speech_scope_is_the_precise_one_on_another_domain(tmp_path):
    """GUM marks reported speech, not stance: there --scope speech is far more precise."""
    gold = shared_file("data", "gum_news", "train.jsonl")
    extract_gold(gold, tmp_path / "all.jsonl")
    extract_gold(gold, tmp_path / "speech.jsonl", "--scope", "speech")
    every, speech = _score(gold, tmp_path / "all.jsonl"), _score(gold, tmp_path / "speech.jsonl")
    assert speech["content_0.5"][0] >= every["content_0.5"][0] + 0.2
    assert speech["content_0.5"][2] >= 0.70
