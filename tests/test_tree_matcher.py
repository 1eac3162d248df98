"""The fast TreeMatcher gives exactly the matches of spaCy's DependencyMatcher."""

from __future__ import annotations

import pytest
from spacy.matcher import DependencyMatcher

from claimex.extraction.dependency_rules import DependencyRunner
from claimex.extraction.tree_matcher import TreeMatcher, Unsupported
from claimex.rules import load_rules
from claimex.rules.patterns import expand_pattern
from conftest import EXAMPLES


def test_rule_patterns_match_like_the_dependency_matcher(nlp):
    rules = load_rules()
    tree = TreeMatcher()
    spacy_matcher = DependencyMatcher(nlp.vocab)
    for rule in rules.dependency_rules():
        pattern = expand_pattern(rule.pattern, rules)
        tree.add(nlp.vocab.strings[rule.id], pattern)
        spacy_matcher.add(rule.id, [pattern])
    texts = [p.read_text(encoding="utf-8") for p in sorted(EXAMPLES.glob("*.txt"))]
    total = 0
    for doc in nlp.pipe(texts):
        ours = sorted((key, tuple(ids)) for key, ids in tree(doc))
        theirs = sorted((key, tuple(ids)) for key, ids in spacy_matcher(doc))
        assert ours == theirs
        total += len(ours)
    assert total > 100


@pytest.mark.parametrize(
    "node",
    [
        {"LEFT_ID": "cue", "REL_OP": ">>", "RIGHT_ID": "x", "RIGHT_ATTRS": {}},
        {"LEFT_ID": "cue", "REL_OP": ">", "RIGHT_ID": "x", "RIGHT_ATTRS": {"LENGTH": 3}},
        {"LEFT_ID": "cue", "REL_OP": ">", "RIGHT_ID": "x",
         "RIGHT_ATTRS": {"LOWER": {"REGEX": "^th"}}},
    ],
)  # fmt: skip
def test_other_operators_fall_back_to_spacy(nlp, node):
    pattern = [{"RIGHT_ID": "cue", "RIGHT_ATTRS": {"LEMMA": "say"}}, node]
    with pytest.raises(Unsupported):
        TreeMatcher().add(1, pattern)


def test_runner_uses_spacy_for_unsupported_patterns(nlp, tmp_path):
    import json

    from claimex.rules.loader import RuleSet

    descendant = {
        "type": "dependency", "id": "verb.descendant", "description": "test",
        "pattern": [
            {"RIGHT_ID": "cue", "RIGHT_ATTRS": {"LEMMA": "say"}},
            {"LEFT_ID": "cue", "REL_OP": ">>", "RIGHT_ID": "content",
             "RIGHT_ATTRS": {"DEP": "ccomp"}},
        ],
    }  # fmt: skip
    extra = tmp_path / "r.jsonl"
    extra.write_text(json.dumps(descendant) + "\n", encoding="utf-8")
    merged: RuleSet = load_rules([extra])
    runner = DependencyRunner(nlp.vocab, merged)
    assert len(runner.matcher) == 1
    doc = nlp("Patel said the plan was dead.")
    from claimex.extraction.quotes import find_quotes
    from claimex.extraction.text_index import TextIndex

    rules_fired = {c.rule for c in runner(doc, TextIndex(doc, find_quotes(doc.text)))}
    assert "verb.descendant" in rules_fired and "verb.ccomp" in rules_fired
