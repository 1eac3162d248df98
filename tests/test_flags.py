"""The claim flags negated, question and hypothetical: rules as data, each with examples;
every claim carries all three; the views and CSV show them."""

from __future__ import annotations

import csv
import io
import json

import pytest
from typer.testing import CliRunner

from claimex.cli import app
from claimex.rules.flags import FlagRuleError, flag_rules, parse_flag_rules
from claimex.schemas import CLAIM_FLAGS
from conftest import EXAMPLES

RULES = flag_rules()
EXAMPLES_OF_RULES = [
    pytest.param(rule, example, id=f"{rule.id}-{n}")
    for rule in RULES.rules
    for n, example in enumerate(rule.examples)
]


def claim_with_cue(claims: list[dict], cue: str) -> dict:
    found = [c for c in claims if c["cue"] and c["cue"]["text"] == cue]
    assert found, (
        f"no claim with the cue {cue!r}; cues: {[(c['cue'] or {}).get('text') for c in claims]}"
    )
    return found[0]


def flags_of(claim: dict) -> tuple[bool, bool, bool]:
    return claim["negated"], claim["question"], claim["hypothetical"]


@pytest.mark.parametrize(("rule", "example"), EXAMPLES_OF_RULES)
def test_flag_rule_gives_its_examples(run, rule, example):
    claim = claim_with_cue(run(example.text), example.cue)
    assert claim[rule.flag] is example.flag
    if example.flag:
        assert rule.id in claim["flagged_by"]


F, T = False, True


@pytest.mark.parametrize(
    ("text", "cue", "flags"),
    [
        # the three: negated, question, hypothetical
        ("Smith did not say that taxes would rise.", "say", (T, F, F)),
        ("Did Brown say the vote was rigged?", "say", (F, T, F)),
        ("If Lee says the deal is off, the union will walk out.", "says", (F, F, T)),
        # plain claims stay plain
        ("Smith said that taxes would rise.", "said", (F, F, F)),
        ("Smith said that taxes would not rise.", "said", (F, F, F)),
        ("Smith said the union would walk out if the deal was off.", "said", (F, F, F)),
        # an embedded question asks in the content, not about the claim
        ("Brown asked whether the vote was rigged.", "asked", (F, F, F)),
        ("“Was the vote rigged?” Brown asked.", "asked", (F, F, F)),
        ("Brown asked: “Was the vote rigged?”", "asked", (F, F, F)),
        # a time is no condition
        ("When Lee said the deal was off, the union walked out.", "said", (F, F, F)),
        # refusals, inability and narrative 'would'
        ("A spokesman would not confirm that the talks had failed.", "confirm", (T, F, F)),
        ("The minister declined to say whether taxes would rise.", "declined", (T, F, F)),
        ("The minister could not say whether taxes would rise.", "say", (T, F, F)),
        ("The minister would later say that taxes had to rise.", "say", (F, F, F)),
        # two at once
        ("Why would Smith say that taxes would rise?", "say", (F, T, T)),
        ("Did Smith not say that taxes would rise?", "say", (T, T, F)),
        ("If Smith did not say that taxes would rise, who did?", "say", (T, F, T)),
    ],
)
def test_flags_of_a_sentence(run, text, cue, flags):
    assert flags_of(claim_with_cue(run(text), cue)) == flags


def test_every_claim_carries_the_three_flags(run):
    text = (
        "Mayor Ruth Elling was blunt.\n\n“The bridge is safe. We checked it twice.”\n\n"
        "She did not say when it would reopen."
    )
    claims = run(text)
    assert any(c["cue"] is None for c in claims), "a claim without a cue is part of the test"
    for claim in claims:
        assert all(isinstance(claim[name], bool) for name in CLAIM_FLAGS)
        assert bool(claim["flagged_by"]) == any(claim[name] for name in CLAIM_FLAGS)
        if claim["cue"] is None:
            assert flags_of(claim) == (F, F, F)
    assert flags_of(claim_with_cue(claims, "say")) == (T, F, F)


def test_speech_scope_keeps_the_flags():
    import claimex

    (claim,) = claimex.extract("Did Brown say the vote was rigged?", scope="speech")
    assert claim.question and not claim.negated and not claim.hypothetical
    assert claim.flagged_by == ["question.inverted"]
    assert claim.schema_version == "1.2"


@pytest.mark.parametrize(
    ("golden", "cue", "flags"),
    [
        # "A government spokesman ... would not confirm Patel's account": no confirmation
        ("budget-vote", "confirm", (T, F, F)),
        # "... because they were not authorised to discuss the matter": no discussion
        ("harbour-strike", "discuss", (T, F, T)),
        # a question put to Marek: an attribution in PolNeAR's sense, with no flag
        ("budget-vote", "asked about", (F, F, F)),
    ],
)
def test_the_examples_false_claims_are_marked(golden, cue, flags):
    path = EXAMPLES / f"{golden}.claims.jsonl"
    claims = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert flags_of(claim_with_cue(claims, cue)) == flags


def test_flagged_claims_are_few_in_the_examples():
    claims = [
        json.loads(line)
        for path in sorted(EXAMPLES.glob("*.claims.jsonl"))
        for line in path.read_text(encoding="utf-8").splitlines()
    ]
    flagged = [c for c in claims if c["flagged_by"]]
    assert [(c["doc_id"], c["cue"]["text"]) for c in flagged] == [
        ("examples/budget-vote.txt", "confirm"),
        ("examples/harbour-strike.txt", "discuss"),
    ]


# -- the rule file is validated ---------------------------------------------------------------

GOOD = {
    "chain": [{"dep": ["xcomp"]}],
    "clause_stops": ["relcl"],
    "rules": [
        {
            "id": "negated.not",
            "flag": "negated",
            "description": "a negation",
            "reach": "chain",
            "child": {"dep": ["neg"]},
            "examples": [
                {"text": "A did not say B.", "cue": "say", "flag": True},
                {"text": "A said B.", "cue": "said", "flag": False},
            ],
        }
    ],
}


def with_rule(**changes: object) -> str:
    data = json.loads(json.dumps(GOOD))
    data["rules"][0].update(changes)
    return json.dumps(data)


def test_a_good_flag_file_loads():
    rules = parse_flag_rules(json.dumps(GOOD))
    assert [r.id for r in rules.rules] == ["negated.not"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (with_rule(flag="denied"), "rules.0.flag"),
        (with_rule(id="Negated Not"), "rules.0.id: String should match pattern"),
        (with_rule(id="question.not"), "starts with 'negated.'"),
        (with_rule(reach="sentence"), "rules.0.reach"),
        (with_rule(child={"deps": ["neg"]}), "rules.0.child.deps"),
        (with_rule(child=None), "at least one test"),
        (with_rule(child_before_subject=True, child=None, word={"dep": ["ROOT"]}), "child test"),
        (
            with_rule(examples=[{"text": "A did not say B.", "cue": "say", "flag": True}] * 2),
            "one that does not",
        ),
        (json.dumps(GOOD | {"rules": GOOD["rules"] * 2}), "used twice: negated.not"),
        (json.dumps(GOOD | {"extra": 1}), "extra"),
        ('{"chain": [}', "flags.json:1:"),
    ],
)
def test_a_bad_flag_file_is_one_clear_error(data, message):
    with pytest.raises(FlagRuleError) as err:
        parse_flag_rules(data)
    assert message in str(err.value)
    assert str(err.value).startswith("flags.json") and "\n" not in str(err.value)


# -- the flags in the outputs -----------------------------------------------------------------

ARTICLE = (
    "Budget row deepens\n\n"
    "A government spokesman would not confirm the figures.\n\n"
    "The finance minister said the deficit would shrink.\n"
)


@pytest.fixture
def article(tmp_path):
    path = tmp_path / "row.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return str(path)


def invoke(*args: str) -> str:
    result = CliRunner().invoke(app, list(args), env={"COLUMNS": "120"}, catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def test_csv_has_a_column_for_each_flag(article):
    rows = list(csv.DictReader(io.StringIO(invoke("extract", article, "-f", "csv"))))
    assert [(r["cue_text"], r["negated"], r["question"], r["hypothetical"]) for r in rows] == [
        ("confirm", "true", "false", "false"),
        ("said", "false", "false", "false"),
    ]


def test_jsonl_carries_the_flags_and_the_rule_ids(article):
    claims = [json.loads(line) for line in invoke("extract", article).splitlines()]
    assert [(c["negated"], c["flagged_by"]) for c in claims] == [
        (True, ["negated.not"]),
        (False, []),
    ]


@pytest.mark.parametrize("command", [["extract", "-f", "table"], ["show"]])
def test_tables_show_the_flags(article, command):
    out = invoke(command[0], article, *command[1:])
    table = out[out.index("2 claims") :]
    rows = [row for row in table.split("├") if "confirm" in row or "said" in row]
    assert len(rows) == 2
    assert "negated" in rows[0].split() and "negated" not in rows[1]


def test_the_narrow_list_shows_the_flags(article):
    result = CliRunner().invoke(app, ["show", article], env={"COLUMNS": "50"})
    assert "“confirm”, indirect, verb.object, negated" in result.stdout


def test_html_shows_the_flags_in_the_table_and_the_details(article):
    page = invoke("extract", article, "-f", "html")
    assert "<th>flags</th>" in page
    assert 'data-flags="negated" data-flagged-by="negated.not"' in page
    assert '<td class="flags">negated</td>' in page
    assert 'data-flags="" data-flagged-by=""' in page
