"""Every rule is data with an id, and every rule has examples that it must extract."""

from __future__ import annotations

import json
import re

import pytest

from claimex.rules import RuleError, load_rules
from claimex.rules.loader import parse_records

RULES = load_rules()
EXAMPLES = [
    pytest.param(rule, example, id=f"{rule.id}-{n}")
    for rule in RULES.rules.values()
    for n, example in enumerate(rule.examples)
]


def test_every_rule_has_an_example():
    missing = [r.id for r in RULES.rules.values() if r.enabled and not r.examples]
    assert not missing, f"rules without an example: {missing}"


@pytest.mark.parametrize(("rule", "example"), EXAMPLES)
def test_rule_extracts_its_examples(run, rule, example):
    claims = run(example.text)
    mine = [c for c in claims if rule.id in (c["rule"], *c["extended_by"])]
    assert mine, f"{rule.id} did not fire; got {[c['rule'] for c in claims]}"
    claim = next((c for c in mine if c["content"]["text"] == example.content), None)
    assert claim is not None, f"contents were {[c['content']['text'] for c in mine]}"
    if example.cue is not None:
        assert claim["cue"]["text"] == example.cue
    assert (claim["source"] or {}).get("text") == example.source
    if example.type is not None:
        assert claim["type"] == example.type


def test_cue_lexicon_is_valid_and_covers_the_core_verbs():
    lemmas = {c.lemma for c in RULES.cues.values()}
    for lemma in (
        "say",
        "tell",
        "add",
        "write",
        "argue",
        "claim",
        "allege",
        "deny",
        "insist",
        "warn",
        "admit",
        "acknowledge",
        "confirm",
        "reveal",
        "report",
        "describe",
        "explain",
        "note",
        "predict",
        "estimate",
        "tweet",
        "post",
        "announce",
        "accuse",
        "call",
        "believe",
        "think",
        "fear",
    ):
        assert lemma in lemmas
    for entry in RULES.cues.values():
        assert entry.frames
        if "prep" in entry.frames or "prep_sourced" in entry.frames:
            assert entry.preps, f"{entry.lemma}: the prep frame needs prepositions"


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (
            '{"type": "cue", "lemma": "Say", "cue_class": "speech", "frames": ["ccomp"]}',
            "lower case",
        ),
        (
            '{"type": "cue", "lemma": "say", "cue_class": "gossip", "frames": ["ccomp"]}',
            "cue_class",
        ),
        ('{"type": "quote", "id": "Bad Id", "description": "x", "position": "after"}', "rule id"),
        ('{"type": "dependency", "id": "verb.x", "description": "x"}', "pattern"),
        (
            '{"type": "cue", "lemma": "say", "cue_class": "speech", "frames": ["ccomp"], "x": 1}',
            "x",
        ),
        ("{not json", "not valid JSON"),
    ],
)
def test_invalid_records_name_file_and_line(line, message):
    with pytest.raises(RuleError) as err:
        parse_records([b"", line.encode()], "my-rules.jsonl")
    assert str(err.value).startswith("my-rules.jsonl:2:")
    assert message in str(err.value)


def test_user_rules_add_a_cue_and_disable_a_rule(tmp_path, nlp):
    from claimex.pipeline import load_pipeline

    extra = tmp_path / "extra.jsonl"
    records = [
        {"type": "cue", "lemma": "grumble", "cue_class": "speech", "frames": ["ccomp"]},
        {
            "type": "surface",
            "id": "surface.trailing",
            "position": "trailing",
            "description": "off",
            "enabled": False,
        },
    ]
    extra.write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
    text = "The mayor grumbled that the budget was too small."
    assert not [c for c in nlp(text)._.claimex_data if c["cue"]["lemma"] == "grumble"]
    custom = load_pipeline(rules=[extra])
    claims = custom(text)._.claimex_data
    assert [c["content"]["text"] for c in claims] == ["that the budget was too small"]
    assert "surface.trailing" not in {r.id for r in custom.get_pipe("claimex").ruleset.enabled()}


def test_speech_scope_runs_only_speech_rules():
    from claimex.rules import scope_file

    speech = load_rules([scope_file("speech")])
    assert speech.scope == "speech"
    ids = {r.id for r in speech.enabled()}
    assert {"verb.ccomp", "quote.after", "prep.according-to"} <= ids
    assert not ids & {"verb.object", "verb.xcomp", "verb.appearance", "verb.perceived"}
    assert {r.id for r in RULES.enabled()} > ids
    # the scope is saved with the rules and read back
    again = load_rules(records=speech.to_records())
    assert again.scope == "speech" and {r.id for r in again.enabled()} == ids
    assert load_rules([scope_file("speech"), scope_file("all")]).scope == "all"
    with pytest.raises(RuleError, match="unknown scope"):
        scope_file("most")


def test_invalid_dependency_pattern_is_reported(tmp_path):
    from claimex.pipeline import load_pipeline

    bad = tmp_path / "bad.jsonl"
    bad.write_text(
        json.dumps(
            {
                "type": "dependency",
                "id": "verb.broken",
                "description": "x",
                "pattern": [{"RIGHT_ID": "cue", "RIGHT_ATTRS": {"LEMMA": "say"}}],
            }
        )
        + "\n",
        encoding="utf-8",
    )
    with pytest.raises(
        RuleError, match=re.escape("verb.broken: node 'content' is not in its pattern")
    ):
        load_pipeline(rules=[bad])
