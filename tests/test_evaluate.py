"""`claimex evaluate` computes the reference scorer's metrics, plus per-rule counts."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from claimex.cli import app
from claimex.reports.evaluation import score
from conftest import reference_scorer

TEXT = (
    "“We will not back down,” said Ada Okoro. Patel said the plan was dead.\n\n"
    "Follow us on Twitter, the editors said."
)
GOLD = {
    "doc_id": "d1",
    "text": TEXT,
    "attributions": [
        {
            "source": {"start": 30, "end": 39},
            "cue": {"start": 25, "end": 29},
            "content": {"start": 0, "end": 24},
            "type": "direct",
        },
        {
            "source": {"start": 41, "end": 46},
            "cue": {"start": 47, "end": 51},
            "content": {"start": 52, "end": 69},
            "type": "indirect",
        },
        {
            "source": None,
            "cue": {"start": 20, "end": 24},
            "content": {
                "start": 2,
                "end": 10,
                "fragments": [{"start": 2, "end": 4}, {"start": 8, "end": 10}],
            },
            "type": "indirect",
        },
    ],
    "meta": {"ignore_spans": [{"start": 72, "end": 110, "label": "Discard"}]},
}


def _metrics_equal(ours: dict, ref: dict) -> None:
    assert ours.keys() == ref.keys()
    for key, value in ref.items():
        if isinstance(value, tuple | list | dict):
            assert ours[key] == pytest.approx(value), key
        else:
            assert ours[key] == value, key


def test_synthetic_predictions_match_the_reference_scorer():
    ref = reference_scorer()
    preds = {
        "d1": [
            {
                "content": {"start": 0, "end": 23},
                "source": {"start": 30, "end": 39},
                "cue": {"start": 25, "end": 29},
            },
            {"content": {"start": 52, "end": 60}, "source": None, "cue": {"start": 47, "end": 51}},
            {"content": {"start": 2, "end": 10}, "source": None, "cue": None},
            {"content": {"start": 72, "end": 100}, "source": None, "cue": None},
        ]
    }
    _metrics_equal(score([GOLD], preds).metrics(), ref.score([GOLD], preds))


def test_polnear_dev_run_matches_the_reference_scorer(polnear_dev_run):
    ref = reference_scorer()
    gold_path, pred_path = polnear_dev_run
    gold = [json.loads(line) for line in gold_path.read_text(encoding="utf-8").splitlines()]
    preds = ref.load_preds(str(pred_path))
    _metrics_equal(score(gold, preds).metrics(), ref.score(gold, preds))
    out = CliRunner().invoke(
        app, ["evaluate", str(gold_path), "--pred", str(pred_path), "--format", "json"]
    )
    data = json.loads(out.stdout)
    _metrics_equal({k: data[k] for k in ref.score(gold, preds)}, ref.score(gold, preds))


def test_evaluate_runs_claimex_and_reports_rules_and_errors(tmp_path):
    gold_path = tmp_path / "gold.jsonl"
    gold_path.write_text(json.dumps(GOLD) + "\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["evaluate", str(gold_path), "-f", "json", "--errors", "5"])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["gold"] == 3 and data["pred"] == 2
    assert data["content_0.5"][0] == 1.0  # both claims right
    rules = {row["rule"]: row for row in data["by_rule"]}
    assert rules["quote.after"]["matched"] == 1 and rules["verb.ccomp"]["matched"] == 1
    assert {row["lemma"] for row in data["by_cue_lemma"]} == {"say"}
    (miss,) = data["misses"]
    assert miss["gold"]["content"]["start"] == 2
    assert data["false_claims"] == []


def test_evaluate_table_lists_errors(tmp_path):
    gold_path = tmp_path / "gold.jsonl"
    gold_path.write_text(json.dumps(GOLD) + "\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["evaluate", str(gold_path), "--errors", "3"])
    assert result.exit_code == 0
    assert "content@0.5" in result.stdout and "misses" in result.stdout
    assert "quote.after" in result.stdout


def test_evaluate_bad_gold_is_one_line(tmp_path):
    bad = tmp_path / "gold.jsonl"
    bad.write_text('{"doc_id": "x", "text": "t"}\n{oops\n', encoding="utf-8")
    result = CliRunner().invoke(app, ["evaluate", str(bad)])
    assert result.exit_code == 1
    assert "gold.jsonl:2: not valid JSON" in result.stderr
    missing = CliRunner().invoke(app, ["evaluate", str(tmp_path / "none.jsonl")])
    assert missing.exit_code == 1 and "no such file" in missing.stderr
