"""Every rule is data with an id, and every rule has examples that it must extract."""

from __future__ import annotations

import json
import re

import pytest

from claimex.rules import RuleError, RuleExample, load_rules
from claimex.rules.examples import example_failure
from claimex.rules.loader import read_rules

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
    failure = example_failure(rule.id, example, run(example.text))
    assert failure is None, failure


SAY = "Patel said the governor had cancelled the visit."


@pytest.mark.parametrize(
    ("changed", "text", "cue", "source", "failure"),
    [
        ("verb.ccomp", SAY, None, "Patel", None),
        ("verb.ccomp", SAY, "said", "Patel", None),
        ("verb.ccomp", SAY, "told", "Patel", "the cue is 'said', not 'told'"),
        ("verb.ccomp", SAY, None, None, "the source is 'Patel', not None"),
        ("verb.object", SAY, None, "Patel", "verb.object did not fire; got ['verb.ccomp']"),
        ("verb.ccomp", "The weather was mild.", None, None, "verb.ccomp did not fire; got []"),
    ],
)
def test_an_example_fails_for_the_right_reason(run, changed, text, cue, source, failure):
    content = "the governor had cancelled the visit"
    example = RuleExample(text=text, content=content, cue=cue, source=source)
    assert example_failure(changed, example, run(text)) == failure


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
        ('{"lemma": "say", "cue_class": "speech"}', 'a record without "type" changes a rule'),
        ('{"type": "speech"}', "does not match any of the expected tags"),
        ('{"id": "quote.aftr", "enabled": false}', "no rule 'quote.aftr' to change"),
        ('{"id": "quote.aftr", "enabled": false}', "did you mean 'quote.after'?"),
        ('{"id": "quote.after", "priority": 200}', "priority: Input should be less than"),
        ('{"id": "quote.after", "enabeld": false}', "enabeld: Extra inputs"),
        ('{"id": "quote.after", "position": "around"}', "position: Input should be"),
        (
            '{"type": "quote", "id": "quote.after", "enabled": false}',
            "description: Field required (to change only some fields of rule quote.after, "
            'leave out "type")',
        ),
        (
            '{"type": "quote", "id": "quote.mine", "description": "x", "position": "after"}',
            "rule quote.mine: position 'after' is already rule quote.after's",
        ),
        (
            '{"type": "surface", "id": "surface.mine", "description": "x", "position": "below"}',
            "position: Input should be",
        ),
    ],
)
def test_invalid_records_name_file_and_line(line, message):
    with pytest.raises(RuleError) as err:
        read_rules([b"", line.encode()], "my-rules.jsonl", over=RULES)
    assert str(err.value).startswith("my-rules.jsonl:2:")
    assert message in str(err.value)


def dependency(**fields):
    """A dependency rule record: X said (that) CLAUSE, with `fields` over it."""
    return {
        "type": "dependency",
        "id": "verb.mine",
        "description": "x",
        "pattern": [
            {"RIGHT_ID": "cue", "RIGHT_ATTRS": {"LEMMA": {"IN": ["$ccomp"]}}},
            {
                "LEFT_ID": "cue",
                "REL_OP": ">",
                "RIGHT_ID": "content",
                "RIGHT_ATTRS": {"DEP": "ccomp"},
            },
        ],
    } | fields


def node(name, left, attrs, op=">"):
    return {"LEFT_ID": left, "REL_OP": op, "RIGHT_ID": name, "RIGHT_ATTRS": attrs}


CUE = {"RIGHT_ID": "cue", "RIGHT_ATTRS": {"LEMMA": "say"}}


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({}, None),
        ({"source": "subject:cue", "cue_extra": ["cue"]}, None),
        ({"source": "none", "content_extra": ["content"]}, None),
        (
            {"pattern": [{"RIGHT_ID": "cue", "RIGHT_ATTRS": {"LEMMA": {"IN": ["$ccomp_typo"]}}}]},
            "pattern node 'cue': '$ccomp_typo' is no frame",
        ),
        (
            {"pattern": [{"RIGHT_ID": "cue", "RIGHT_ATTRS": {"LEMMA": {"IN": ["$ccomp_typo"]}}}]},
            "did you mean '$ccomp'?",
        ),
        (
            {"pattern": [{"RIGHT_ID": "cue", "RIGHT_ATTRS": {"LEMMA": "$ccomp"}}]},
            "LEMMA: '$ccomp' stands for lemmas only inside an \"IN\" list",
        ),
        (
            {"pattern": [{"RIGHT_ID": "cue", "RIGHT_ATTRS": {"LEMMA": {"NOT_IN": ["$quote"]}}}]},
            'stands for lemmas only inside an "IN" list',
        ),
        ({"content": "clause"}, "content names node 'clause', which is not in its pattern"),
        ({"cue": "verb"}, "cue names node 'verb'"),
        ({"cue_extra": ["to"]}, "cue_extra names node 'to'"),
        ({"content_extra": ["obj"]}, "content_extra names node 'obj'"),
        ({"source": "speaker"}, "source 'speaker' is neither one of subject, none, noun"),
        ({"source": "subject:verb"}, "source 'subject:verb'"),
        ({"pattern": [CUE, node("content", "cue", {"DEP": "ccomp"}, ">>>")]}, "operator '>>>'"),
        ({"pattern": [CUE, node("content", "cu", {"DEP": "ccomp"})]}, "LEFT_ID 'cu' is not"),
        ({"pattern": [CUE, node("cue", "cue", {"DEP": "ccomp"})]}, "'cue' is used twice"),
        ({"pattern": [CUE, node("content", "cue", {"DEPP": "ccomp"})]}, "DEPP: Extra inputs"),
        ({"pattern": [CUE, {"RIGHT_ID": "content", "RIGHT_ATTRS": {}}]}, "has no LEFT_ID"),
        ({"pattern": [{"RIGHT_ATTRS": {"LEMMA": "say"}}]}, "pattern node 1 has no RIGHT_ID"),
    ],
)
def test_dependency_rules_are_checked_when_loaded(fields, message):
    record = dependency(**fields)
    line = json.dumps(record).encode()
    if message is None:
        assert "verb.mine" in read_rules([line], "my-rules.jsonl", over=RULES).rules
        return
    with pytest.raises(RuleError) as err:
        read_rules([b"// mine", line], "my-rules.jsonl", over=RULES)
    assert str(err.value).startswith("my-rules.jsonl:2: rule verb.mine: ")
    assert message in str(err.value)


OKORO = "“We will not back down,” said Ada Okoro, the union leader."


@pytest.mark.parametrize(
    ("records", "text", "rules"),
    [
        ([], OKORO, ["quote.after"]),
        ([{"id": "quote.after"}], OKORO, ["quote.after"]),
        ([{"id": "quote.after", "enabled": False}], OKORO, ["verb.ccomp"]),
        ([{"id": "quote.after", "enabled": False}], SAY, ["verb.ccomp"]),
        ([{"id": "verb.ccomp", "enabled": False}], SAY, []),
        (
            [
                {"id": "quote.after", "enabled": False},
                {"type": "quote", "id": "quote.mine", "description": "x", "position": "after"},
            ],
            OKORO,
            ["quote.mine"],
        ),
    ],
)
def test_user_records_change_add_and_turn_off_rules(tmp_path, records, text, rules):
    from claimex.pipeline import load_pipeline

    extra = tmp_path / "extra.jsonl"
    extra.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    nlp = load_pipeline(rules=[extra])
    assert [c["rule"] for c in nlp(text)._.claimex_data] == rules


def test_a_change_keeps_the_fields_it_does_not_name():
    changed = read_rules([b'{"id": "verb.ccomp", "priority": 10}'], "mine.jsonl", over=RULES)
    before, after = RULES.rules["verb.ccomp"], changed.rules["verb.ccomp"]
    assert (before.priority, after.priority) == (50, 10)
    assert after.model_dump(exclude={"priority"}) == before.model_dump(exclude={"priority"})
    assert changed.origins["verb.ccomp"] == "mine.jsonl:1"
    assert RULES.rules["verb.ccomp"].priority == 50  # the set it was merged over is unchanged


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


def test_invalid_dependency_pattern_is_reported_with_file_and_line(tmp_path):
    from claimex.pipeline import load_pipeline

    bad = tmp_path / "bad.jsonl"
    record = dependency(id="verb.broken", pattern=[CUE])
    bad.write_text("\n" + json.dumps(record) + "\n", encoding="utf-8")
    message = f"{bad}:2: rule verb.broken: content names node 'content', which is not in its"
    with pytest.raises(RuleError, match=re.escape(message)):
        load_pipeline(rules=[bad])


# -- claimex rules: its output round-trips, and --check -----------------------------------


def cli(*args):
    from typer.testing import CliRunner

    from claimex.cli import app

    return CliRunner().invoke(app, [str(a) for a in args])


@pytest.mark.parametrize("option", [[], ["--cues"]])
def test_rules_output_is_a_rule_file(tmp_path, option):
    listed = cli("rules", *option)
    assert listed.exit_code == 0, listed.stderr
    saved = tmp_path / "all.jsonl"
    saved.write_text(listed.stdout, encoding="utf-8")
    again = cli("rules", *option, "--rules", saved)
    assert again.exit_code == 0, again.stderr
    assert again.stdout == listed.stdout
    records = [json.loads(line) for line in listed.stdout.splitlines()]
    assert len(records) == len(RULES.cues if option else RULES.rules)
    assert load_rules([saved]).to_records() == RULES.to_records()


GOOD_RULE = {
    "type": "dependency",
    "id": "verb.sound-off",
    "description": "X sounded off about Y",
    "cue_extra": ["off", "about"],
    "pattern": [
        {"RIGHT_ID": "cue", "RIGHT_ATTRS": {"LEMMA": "sound", "POS": "VERB"}},
        node("off", "cue", {"LOWER": "off", "DEP": "prt"}),
        node("about", "cue", {"LOWER": "about", "DEP": "prep"}),
        node("content", "about", {"DEP": "pobj"}),
    ],
    "examples": [
        {
            "text": "The coach sounded off about the referees.",
            "content": "the referees",
            "cue": "sounded off about",
            "source": "The coach",
        }
    ],
}
WRONG_EXAMPLE = {"text": "The coach sounded off about the referees.", "content": "the coach"}


@pytest.mark.parametrize(
    ("records", "code", "lines"),
    [
        ([GOOD_RULE], 0, ["pass mine.jsonl:2 verb.sound-off example 1: The coach sounded"]),
        (
            [GOOD_RULE | {"examples": [*GOOD_RULE["examples"], WRONG_EXAMPLE]}],
            1,
            [
                "pass mine.jsonl:2 verb.sound-off example 1:",
                "FAIL mine.jsonl:2 verb.sound-off example 2: no claim of verb.sound-off has "
                "the content 'the coach'; contents were ['the referees']",
            ],
        ),
        ([GOOD_RULE | {"examples": []}], 1, ["FAIL mine.jsonl:2 verb.sound-off: the rule has no"]),
        (
            [{"id": "verb.ccomp", "priority": 55}, {"id": "quote.after", "enabled": False}],
            0,
            [
                "pass mine.jsonl:2 verb.ccomp example 1:",
                "pass mine.jsonl:2 verb.ccomp example 2:",
                "pass mine.jsonl:2 verb.ccomp example 3:",
                "skip mine.jsonl:3 quote.after: the rule is off",
            ],
        ),
        (
            [{"type": "scope", "scope": "speech"}, {"id": "verb.object", "priority": 41}],
            0,
            [
                "skip mine.jsonl:3 verb.object: not in scope 'speech'",
            ],
        ),
        (
            [{"id": "quote.after", "examples": [WRONG_EXAMPLE]}],
            1,
            ["FAIL mine.jsonl:2 quote.after example 1: quote.after did not fire; got"],
        ),
    ],
)
def test_rules_check_runs_the_examples_of_the_file(tmp_path, records, code, lines):
    path = tmp_path / "mine.jsonl"
    path.write_text("// mine\n" + "".join(json.dumps(r) + "\n" for r in records), "utf-8")
    result = cli("rules", "--check", path)
    assert result.exit_code == code, result.output
    out = result.stdout.replace(str(path), "mine.jsonl").splitlines()
    assert len(out) == len(lines)
    for got, expected in zip(out, lines, strict=True):
        assert got.startswith(expected)
    assert f"{path}: " in result.stderr


@pytest.mark.parametrize(
    ("content", "code", "message"),
    [
        (json.dumps(dependency(pattern=[CUE], content="cue") | {"source": "x"}), 1, ":1: rule"),
        ('{"id": "quote.aftr", "enabled": false}', 1, ":1: no rule 'quote.aftr' to change"),
    ],
)
def test_rules_check_of_a_bad_file_is_one_line(tmp_path, content, code, message):
    path = tmp_path / "bad.jsonl"
    path.write_text(content + "\n", encoding="utf-8")
    result = cli("rules", "--check", path)
    assert result.exit_code == code
    assert result.stdout == ""
    assert f"{path}{message}" in result.stderr and len(result.stderr.splitlines()) == 1


def test_rules_check_and_cues_do_not_go_together(tmp_path):
    path = tmp_path / "mine.jsonl"
    path.write_text(json.dumps(GOOD_RULE) + "\n", encoding="utf-8")
    assert cli("rules", "--check", path, "--cues").exit_code == 2
