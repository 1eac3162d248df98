"""The example articles give exactly their golden output (examples/*.claims.jsonl).

A rule change that alters an example must update its golden file in the same commit, after
a person has checked that the new output is right.
"""

from __future__ import annotations

import json

import pytest

from conftest import EXAMPLES, ROOT

ARTICLES = sorted(EXAMPLES.glob("*.txt"))


def test_there_are_at_least_five_examples():
    assert len(ARTICLES) >= 5
    for article in ARTICLES:
        assert article.with_suffix("").with_suffix(".claims.jsonl").exists()


@pytest.mark.parametrize("article", ARTICLES, ids=lambda p: p.stem)
def test_example_matches_its_golden_output(article):
    import claimex

    doc_id = article.relative_to(ROOT).as_posix()
    text = article.read_bytes().decode("utf-8")  # offsets count every byte as stored
    golden_path = article.with_name(article.stem + ".claims.jsonl")
    golden = [json.loads(line) for line in golden_path.read_text(encoding="utf-8").splitlines()]
    got = [c.model_dump(mode="json") for c in claimex.extract(text, doc_id=doc_id)]
    assert got == golden
    for claim in got:
        for key in ("source", "cue", "content"):
            if claim[key]:
                assert text[claim[key]["start"] : claim[key]["end"]] == claim[key]["text"]
