"""`claimex show` and `claimex speakers`, the speaker counts behind them, and the help."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimex.cli import app
from claimex.reports.speaker_stats import (
    ROW_FIELDS,
    GroupBy,
    SortKey,
    person_key,
    row_record,
    select_rows,
    speaker_keys,
    tally_speakers,
)
from conftest import EXAMPLES

ARTICLE = (
    "Port strike enters second week\r\n\r\n"
    "“We did not want this strike,” said Adaeze Okoro, the union's general secretary.\r\n\r\n"
    "The operator said it had made a fair offer.\r\n"
)
ANSI = re.compile("\x1b\\[")


@pytest.fixture
def cli():
    runner = CliRunner()

    def invoke(*args: str, input: str | None = None, env: dict | None = None):
        return runner.invoke(app, list(args), input=input, env=env, catch_exceptions=False)

    return invoke


def lines(out: str) -> list[dict]:
    return [json.loads(line) for line in out.splitlines() if line.strip()]


# -- counting speakers ----------------------------------------------------------------------


def said(name: str | None, kind: str = "person", kind_of_claim: str = "indirect", **extra):
    speaker = {"name": name, "kind": kind} if name else None
    content = extra.pop("content", {"text": "it", "start": 0, "end": 2, "fragments": []})
    return {"claim_id": extra.pop("claim_id", "c1"), "type": kind_of_claim, "speaker": speaker,
            "content": content}  # fmt: skip


def test_a_surname_counts_as_the_full_name_within_a_document():
    claims = [
        said("Arjun Patel"),
        said("Patel"),
        said("Mr. Patel"),
        said("Patel", kind="organization"),  # the entity recogniser's mistake
        said("Lena Hoffmann"),
        said("Max Hoffmann"),
        said("Hoffmann"),  # two Hoffmanns: which one is unknown
        said("Vrba"),  # no full name in this document
        said("the union", kind="organization"),
        said(None),
    ]
    assert speaker_keys(claims) == [
        ("Arjun Patel", "person"),
        ("Arjun Patel", "person"),
        ("Arjun Patel", "person"),
        ("Arjun Patel", "person"),
        ("Lena Hoffmann", "person"),
        ("Max Hoffmann", "person"),
        ("Hoffmann", "person"),
        ("Vrba", "person"),
        ("the union", "organization"),
        None,
    ]


def test_tally_counts_claims_documents_and_types_and_keeps_the_first_example():
    split = {
        "text": "“A,” she said, “B.”",
        "start": 0,
        "end": 19,
        "fragments": [
            {"text": "“A,”", "start": 0, "end": 4},
            {"text": "“B.”", "start": 15, "end": 19},
        ],
    }
    tally = tally_speakers(
        [
            (
                "one",
                [
                    said("Ada Okoro", kind_of_claim="direct", content=split, claim_id="c1"),
                    said("Okoro", kind_of_claim="mixed", claim_id="c2"),
                    said(None, claim_id="c3"),
                ],
            ),
            ("two", [said("Okoro", claim_id="c1"), said("Ada Okoro", claim_id="c2")]),
            ("three", []),
        ]
    )
    assert (tally.documents, tally.claims, tally.unattributed) == (3, 5, 1)
    (row,) = tally.rows.values()
    assert (row.name, row.kind) == ("Ada Okoro", "person")
    assert (row.claims, row.documents, row.direct, row.indirect, row.mixed) == (4, 2, 1, 2, 1)
    assert (row.example, row.example_doc, row.example_claim) == ("“A,” … “B.”", "one", "c1")
    assert row.names == ["Ada Okoro", "Okoro"]


def test_rows_are_filtered_and_sorted():
    tally = tally_speakers(
        [
            ("a", [said("Zoe Zed"), said("Zoe Zed"), said("the union", kind="organization")]),
            (
                "b",
                [said("amy Ash", kind_of_claim="direct"), said("the union", kind="organization")],
            ),
            ("c", [said("the union", kind="organization")]),
        ]
    )

    def names(**options) -> list[str]:
        return [r.name for r in select_rows(tally, **options)]

    assert names() == ["the union", "Zoe Zed", "amy Ash"]
    assert names(sort=SortKey.name) == ["amy Ash", "the union", "Zoe Zed"]
    assert names(sort=SortKey.direct) == ["amy Ash", "the union", "Zoe Zed"]
    assert names(sort=SortKey.first) == ["Zoe Zed", "the union", "amy Ash"]
    assert names(sort=SortKey.kind) == ["the union", "Zoe Zed", "amy Ash"]
    assert names(reverse=True) == ["amy Ash", "Zoe Zed", "the union"]
    assert names(min_claims=2) == ["the union", "Zoe Zed"]
    assert names(kinds=["person"]) == ["Zoe Zed", "amy Ash"]
    assert select_rows(tally)[0].documents == 3


# -- claimex speakers -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def example_claims(tmp_path_factory) -> Path:
    """The claims of the examples, extracted now through the CLI."""
    path = tmp_path_factory.mktemp("claims") / "claims.jsonl"
    result = CliRunner().invoke(app, ["extract", str(EXAMPLES), "-o", str(path)])
    assert result.exit_code == 0, result.stderr
    return path


def test_speakers_of_the_examples_add_up(cli, example_claims):
    result = cli("speakers", str(EXAMPLES), "--format", "jsonl")
    assert result.exit_code == 0, result.stderr
    rows = lines(result.stdout)
    claims = lines(example_claims.read_text(encoding="utf-8"))
    attributed = [c for c in claims if c["speaker"]]
    assert sum(r["claims"] for r in rows) == len(attributed)
    assert f"({len(claims) - len(attributed)} without a source)" in result.stderr
    assert all(r["direct"] + r["indirect"] + r["mixed"] == r["claims"] for r in rows)
    assert len({(r["name"], r["kind"]) for r in rows}) == len(rows)
    marek = [c for c in attributed if c["speaker"]["name"] == "Ivo Marek"]
    (row,) = [r for r in rows if r["name"] == "Ivo Marek"]
    assert (row["claims"], row["documents"], row["kind"]) == (len(marek), 1, "person")
    assert row["example_claim"] == marek[0]["claim_id"]
    assert {r["kind"] for r in rows} >= {"person", "organization", "document", "anonymous"}
    assert {r["number"] for r in rows} == {"singular", "plural"}
    counts = [r["claims"] for r in rows]
    assert counts == sorted(counts, reverse=True)
    # counting the claims written by extract gives the same rows
    again = cli("speakers", "--from-claims", str(example_claims), "-f", "jsonl")
    assert again.exit_code == 0, again.stderr
    assert lines(again.stdout) == rows


def test_one_speaker_over_documents_counts_each_document_once(cli, tmp_path):
    corpus = tmp_path / "corpus.jsonl"
    records = [
        {"id": "a", "text": ARTICLE + "\r\nOkoro said the offer was an insult.\r\n"},
        {"id": "b", "text": ARTICLE},
    ]
    corpus.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    result = cli("speakers", str(corpus), "-f", "jsonl", "--kind", "person")
    assert result.exit_code == 0, result.stderr
    (row,) = lines(result.stdout)
    assert (row["name"], row["claims"], row["documents"]) == ("Adaeze Okoro", 3, 2)
    assert (row["direct"], row["indirect"], row["example_doc"]) == (2, 1, "a")


def test_speakers_filters_sorts_and_formats(cli, example_claims):
    claims = str(example_claims)
    rows = lines(cli("speakers", "--from-claims", claims, "-f", "jsonl", "-q").stdout)
    by_name = lines(
        cli("speakers", "--from-claims", claims, "-f", "jsonl", "--sort", "name").stdout
    )
    assert [r["name"].casefold() for r in by_name] == sorted(r["name"].casefold() for r in rows)
    flipped = lines(cli("speakers", "--from-claims", claims, "-f", "jsonl", "--reverse").stdout)
    assert flipped == rows[::-1]
    many = lines(
        cli("speakers", "--from-claims", claims, "-f", "jsonl", "--min-claims", "3").stdout
    )
    assert many and all(r["claims"] >= 3 for r in many)
    assert len(many) == sum(r["claims"] >= 3 for r in rows)
    groups = cli(
        "speakers", "--from-claims", claims, "-f", "jsonl", "-k", "document", "-k", "anonymous"
    )
    assert {r["kind"] for r in lines(groups.stdout)} == {"document", "anonymous"}

    table = cli("speakers", "--from-claims", claims, env={"COLUMNS": "120"})
    assert table.exit_code == 0 and "speaker" in table.stdout and "Ivo Marek" in table.stdout
    (marek,) = [r for r in rows if r["name"] == "Ivo Marek"]
    counts = f"{marek['claims']} +{marek['documents']} +" + "/".join(
        str(marek[k]) for k in ("direct", "indirect", "mixed")
    )
    assert re.search(f"Ivo Marek +person .*{marek['gender']} +{counts} ", table.stdout)
    text = cli("speakers", "--from-claims", claims, "-f", "csv").stdout
    parsed = list(csv.DictReader(io.StringIO(text)))
    assert text.splitlines()[0].split(",") == ROW_FIELDS
    assert [r["name"] for r in parsed] == [r["name"] for r in rows]
    assert [int(r["claims"]) for r in parsed] == [r["claims"] for r in rows]


def test_speakers_table_fits_a_narrow_terminal(cli, example_claims):
    claims = str(example_claims)
    result = cli("speakers", "--from-claims", claims, env={"COLUMNS": "44"})
    assert result.exit_code == 0
    assert max(len(line) for line in result.stdout.splitlines()) <= 44
    (marek,) = [r for r in lines(cli("speakers", "--from-claims", claims, "-f", "jsonl").stdout)
                if r["name"] == "Ivo Marek"]  # fmt: skip
    about = ", ".join(marek[k] for k in ("kind", "role", "affiliation", "gender") if marek[k])
    assert f"Ivo Marek, {about}\n  {marek['claims']} claim" in result.stdout


def test_speakers_bad_input_is_one_line_and_the_rest_is_counted(cli, example_claims, tmp_path):
    text_file = tmp_path / "article.txt"
    text_file.write_text(ARTICLE, encoding="utf-8")
    good = example_claims.read_text(encoding="utf-8").splitlines()
    damaged = tmp_path / "damaged.jsonl"
    damaged.write_text("\n".join([good[0], "{broken", good[1], '{"doc_id": "x"}']) + "\n")
    result = cli(
        "speakers", "--from-claims", str(text_file), str(damaged), "nope.jsonl", "-f", "jsonl"
    )
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert errors == [
        f"error: {text_file}: not claims written by claimex extract (line 1: not valid JSON "
        "(Expecting value at column 1))",
        f"error: {damaged}:2: not valid JSON (Expecting property name enclosed in double "
        "quotes at column 2)",
        f"error: {damaged}:4: not a claim (claim_id: Field required, and 7 more)",
        "error: nope.jsonl: no such file or directory",
    ]
    assert sum(r["claims"] for r in lines(result.stdout)) == 2
    assert "Traceback" not in result.stderr

    extracting = cli("speakers", str(text_file), "nope.txt", "-f", "jsonl")
    assert extracting.exit_code == 1
    assert "error: nope.txt: no such file or directory" in extracting.stderr
    assert lines(extracting.stdout)[0]["name"] == "Adaeze Okoro"


@pytest.mark.parametrize(
    "args",
    [["--format", "xml"], ["--min-claims", "0"], ["--kind", "robot"], ["--sort", "loudest"], []],
    ids=["format", "min-claims", "kind", "sort", "no paths"],
)
def test_speakers_usage_errors_exit_2(cli, example_claims, args):
    paths = [str(example_claims)] if args else []
    assert cli("speakers", "--from-claims", *paths, *args).exit_code == 2


# -- claimex show ---------------------------------------------------------------------------


@pytest.fixture
def article(tmp_path) -> Path:
    path = tmp_path / "strike.txt"
    path.write_bytes(ARTICLE.encode("utf-8"))
    return path


def test_show_prints_the_article_then_its_claims(cli, article):
    result = cli("show", str(article))
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert not ANSI.search(out) and "\r" not in out
    assert "[c1›“We did not want this strike,”] said Adaeze Okoro" in out
    assert "The operator said [c2›it had made a fair offer]." in out
    table = out[out.index("2 claims") :]
    rows = re.split(r"\n[┡├└].*", table)[1:-1]  # between the rules of the table
    assert len(rows) == 2
    words = rows[0].split()
    for cell in ("c1", "Adaeze", "Okoro", "person", "said", "direct", "quote.after"):
        assert cell in words, cell


def test_show_colours_on_request_and_not_with_no_color(cli, article, tmp_path):
    coloured = cli("show", str(article), "--color").stdout
    assert ANSI.search(coloured)
    assert "[c1›" not in coloured and "c1›" in coloured
    plain = tmp_path / "plain.txt"
    assert cli("show", str(article), "--no-color", "-o", str(plain)).exit_code == 0
    assert not ANSI.search(plain.read_text(encoding="utf-8"))


def test_show_fits_a_narrow_terminal(cli, article):
    result = cli("show", str(article), env={"COLUMNS": "32"})
    assert result.exit_code == 0
    out = result.stdout
    assert max(len(line) for line in out.splitlines()) <= 32
    assert "c1 Adaeze Okoro, person" in out and "quote.after" in out


def test_show_keeps_control_characters_off_the_terminal(cli, tmp_path):
    path = tmp_path / "escape.txt"
    path.write_text("“Clear the screen\x1b[2J now,” said Ada Okoro.\x07\n", encoding="utf-8")
    result = cli("show", str(path), "--color")
    assert result.exit_code == 0
    assert "\x1b[2J" not in result.stdout and "\x07" not in result.stdout
    assert "␛[2J" in result.stdout


def test_show_bad_input_is_one_line(cli, tmp_path):
    result = cli("show", str(tmp_path / "nope.txt"))
    assert result.exit_code == 1
    assert result.stderr.strip() == f"error: {tmp_path / 'nope.txt'}: no such file or directory"
    assert result.stdout == ""
    assert cli("show").exit_code == 2


def test_show_reads_stdin(cli):
    result = cli("show", "-", input=ARTICLE)
    assert result.exit_code == 0
    assert "Adaeze Okoro" in result.stdout


# -- help, version, completion --------------------------------------------------------------


def test_every_command_has_a_worked_example_in_its_help(cli):
    names = [c.name or c.callback.__name__ for c in app.registered_commands]
    assert {"extract", "show", "speakers"} <= set(names)
    for name in names:
        text = cli(name, "--help").stdout
        assert "Example" in text and f"claimex {name}" in text, name


def test_version_and_shell_completion():
    proc = subprocess.run(
        [sys.executable, "-m", "claimex", "--version"], capture_output=True, text=True, check=False
    )
    assert proc.returncode == 0 and re.fullmatch(r"claimex \d+\.\d+\S*\n", proc.stdout)
    script = Path(sys.executable).with_name("claimex")  # the installed entry point
    # without a shell to detect (cron, setsid), typer takes the shell from the option only
    # when detection is off
    env = {**os.environ, "_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"}
    completion = subprocess.run(
        [str(script), "--show-completion", "bash"],
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )
    assert completion.returncode == 0, completion.stderr
    assert "_CLAIMEX_COMPLETE" in completion.stdout


# -- one person over documents ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Donald Trump", ("donald", "trump")),
        ("Donald J. Trump", ("donald", "trump")),
        ("President Donald J. Trump", ("donald", "trump")),
        ("President Trump", ("trump",)),
        ("Mr. Trump's", ("trump",)),
        ("former Secretary of State Hillary Clinton", ("hillary", "clinton")),
        ("Prime Minister Theresa May", ("theresa", "may")),
        ("Martin Luther King Jr.", ("martin", "luther", "king")),
        ("J. K. Rowling", ("j", "rowling")),
        # a title alone is kept: there is nothing else to name
        ("President", ("president",)),
        ("Sen.", ("sen",)),
    ],
)
def test_person_key_ignores_titles_initials_and_suffixes(name, key):
    assert person_key(name) == key


def _speaker(name, kind="person", entity="e1", **extra):
    return {"name": name, "kind": kind, "entity": entity} | extra


def _claim(speaker, claim_id="c1", kind_of_claim="indirect"):
    content = {"text": "it", "start": 0, "end": 2, "fragments": []}
    return {"claim_id": claim_id, "type": kind_of_claim, "speaker": speaker, "content": content}


def test_one_person_is_one_row_over_documents():
    docs = [
        ("a", [_claim(_speaker("Donald J. Trump"))]),
        ("b", [_claim(_speaker("President Trump"))]),
        ("c", [_claim(_speaker("Donald Trump")), _claim(_speaker("Donald Trump"), "c2")]),
        ("d", [_claim(_speaker("Trump"))]),
        ("e", [_claim(_speaker("Hillary Clinton")), _claim(_speaker("Clinton", entity="e2"))]),
        ("f", [_claim(_speaker("the Trump campaign", kind="organization"))]),
    ]
    rows = select_rows(tally_speakers(docs))
    assert [(r.name, r.kind, r.claims, r.documents) for r in rows] == [
        ("Donald Trump", "person", 5, 4),
        ("Hillary Clinton", "person", 2, 1),
        ("the Trump campaign", "organization", 1, 1),
    ]
    assert rows[0].names == ["Donald Trump", "Donald J. Trump", "President Trump", "Trump"]
    by_name = select_rows(tally_speakers(docs, by=GroupBy.name))
    assert len(by_name) == 7
    assert [r.name for r in by_name][:1] == ["Donald Trump"]


def test_a_lone_surname_stays_apart_when_two_full_names_have_it():
    docs = [
        ("a", [_claim(_speaker("Donald Trump"))]),
        ("b", [_claim(_speaker("Melania Trump"))]),
        ("c", [_claim(_speaker("Trump"))]),
    ]
    rows = select_rows(tally_speakers(docs), sort=SortKey.first)
    assert [(r.name, r.claims) for r in rows] == [
        ("Donald Trump", 1),
        ("Melania Trump", 1),
        ("Trump", 1),
    ]


def test_a_lone_surname_joins_the_one_full_name_of_its_gender():
    docs = [
        ("a", [_claim(_speaker("Amos Lindqvist", gender="male"))]),
        ("b", [_claim(_speaker("Greta Lindqvist", gender="female"))]),
        ("c", [_claim(_speaker("Lindqvist", gender="male"))]),
        ("d", [_claim(_speaker("Lindqvist"))]),  # the same row as c's
    ]
    rows = select_rows(tally_speakers(docs), sort=SortKey.first)
    assert [(r.name, r.claims) for r in rows] == [("Amos Lindqvist", 3), ("Greta Lindqvist", 1)]
    # without a gender (or with both alike) the surname stays apart
    docs[2] = ("c", [_claim(_speaker("Lindqvist", gender="female")), _claim(_speaker("Lindqvist"))])
    docs[3] = ("d", [_claim(_speaker("Lindqvist", gender="male"))])
    rows = select_rows(tally_speakers(docs), sort=SortKey.first)
    assert [r.name for r in rows] == ["Amos Lindqvist", "Greta Lindqvist", "Lindqvist"]


def test_several_persons_are_no_full_name_of_a_surname():
    advisers = _speaker("advisers to Mr. Obama", entity="e2", number="plural")
    docs = [
        ("a", [_claim(_speaker("Barack Obama", number="singular"))]),
        ("b", [_claim(_speaker("Obama", number="singular")), _claim(advisers, "c2")]),
        ("c", [_claim(_speaker("Republicans", number="plural"))]),
        ("d", [_claim(_speaker("Republicans", number="plural"))]),
    ]
    rows = select_rows(tally_speakers(docs), sort=SortKey.first)
    assert [(r.name, r.kind, r.number, r.claims) for r in rows] == [
        ("Barack Obama", "person", "singular", 2),
        ("advisers to Mr. Obama", "person", "plural", 1),
        ("Republicans", "person", "plural", 2),
    ]


def test_unresolved_speakers_are_counted_apart_not_as_one_row():
    unresolved = _speaker("I", resolved_by="unresolved")
    docs = [
        ("a", [_claim(unresolved), _claim(_speaker("Ada Obi", entity="e2"), "c2")]),
        ("b", [_claim(_speaker("I", resolved_by="unresolved"))]),
    ]
    tally = tally_speakers(docs)
    assert [(r.name, r.claims) for r in select_rows(tally)] == [("Ada Obi", 1)]
    assert tally.unresolved == 2 and tally.claims == 3
    by_name = tally_speakers(docs, by=GroupBy.name)
    assert [(r.name, r.claims) for r in select_rows(by_name)] == [("I", 2), ("Ada Obi", 1)]


def test_rows_carry_the_commonest_role_affiliation_and_gender():
    role = {"text": "spokesman", "start": 0, "end": 9}
    firm = {"text": "the ferry operator", "start": 0, "end": 18}
    other = {"text": "adviser", "start": 0, "end": 7}
    docs = [
        ("a", [_claim(_speaker("Lars Berg", role=role, affiliation=firm, gender="male"))]),
        ("b", [_claim(_speaker("Lars Berg", role=role, gender="male"))]),
        ("c", [_claim(_speaker("Berg", role=other))]),
        ("d", [_claim(_speaker("Nadia Haddad", gender="female"))]),
        ("e", [_claim(_speaker("Nadia Haddad", gender="male"))]),  # a tie: no guess
    ]
    rows = {r.name: r for r in select_rows(tally_speakers(docs))}
    berg, haddad = rows["Lars Berg"], rows["Nadia Haddad"]
    assert (berg.role, berg.affiliation, berg.gender, berg.claims) == (
        "spokesman",
        "the ferry operator",
        "male",
        3,
    )
    assert haddad.gender == ""
    assert row_record(haddad)["gender"] is None


def test_speakers_by_entity_and_by_name_on_the_command_line(cli, tmp_path):
    claims = tmp_path / "claims.jsonl"
    records = []
    for n, (doc, name) in enumerate(
        [("a", "Donald J. Trump"), ("b", "President Trump"), ("b", "Donald Trump")]
    ):
        claim = _claim(_speaker(name, entity=f"e{n}"), claim_id=f"c{n}")
        claim.update(doc_id=doc, source=None, cue=None, sentence=0, rule="quote.after")
        claim["speaker"].update(start=None, end=None, resolved_by="self")
        records.append(json.dumps(claim))
    claims.write_text("\n".join(records) + "\n", encoding="utf-8")
    merged = lines(cli("speakers", "--from-claims", str(claims), "-f", "jsonl").stdout)
    assert [(r["name"], r["claims"], r["documents"]) for r in merged] == [("Donald Trump", 3, 2)]
    assert merged[0]["names"] == ["Donald J. Trump", "President Trump", "Donald Trump"]
    raw = lines(cli("speakers", "--from-claims", str(claims), "-f", "jsonl", "--by", "name").stdout)
    assert len(raw) == 3
    text = cli("speakers", "--from-claims", str(claims), "-f", "csv").stdout
    (row,) = list(csv.DictReader(io.StringIO(text)))
    assert row["names"] == "Donald J. Trump; President Trump; Donald Trump"
    assert cli("speakers", "--from-claims", str(claims), "--by", "surname").exit_code == 2


def test_show_and_tables_give_the_speakers_role_affiliation_and_gender():
    from rich.console import Console

    from claimex.views.terminal import claims_list, claims_table

    found = _claim(
        _speaker(
            "Lena Marsh",
            role={"text": "spokeswoman", "start": 0, "end": 11},
            affiliation={"text": "the ferry operator", "start": 0, "end": 18},
            gender="female",
        )
    )
    found.update(cue=None, rule="verb.ccomp")
    for view, width in ((claims_table, 120), (claims_list, 60)):
        console = Console(file=io.StringIO(), width=width, no_color=True)
        console.print(view("1 claim", [found], [1]))
        out = console.file.getvalue()
        for word in ("spokeswoman", "ferry", "operator", "female"):
            assert word in out, (view.__name__, word)


def test_speakers_table_has_role_affiliation_and_gender_columns():
    from rich.console import Console

    from claimex.views.terminal import speakers_view

    role = {"text": "spokesman", "start": 0, "end": 9}
    rows = select_rows(tally_speakers([("a", [_claim(_speaker("Lars Berg", role=role))])]))
    console = Console(file=io.StringIO(), width=160, no_color=True)
    console.print(speakers_view(rows, console))
    header, *body = console.file.getvalue().splitlines()
    assert header.split()[:5] == ["speaker", "kind", "role", "for", "gender"]
    assert "spokesman" in body[1]


def test_count_speakers_is_the_library_function_behind_the_command(cli, example_claims):
    import claimex

    claims = lines(example_claims.read_text(encoding="utf-8"))
    rows = claimex.count_speakers(claimex.Claim.model_validate(c) for c in claims)
    command = lines(cli("speakers", "--from-claims", str(example_claims), "-f", "jsonl").stdout)
    assert [row_record(r) for r in rows] == command
    assert claimex.count_speakers(claims, by="name", kinds=["person"], min_claims=2)


@pytest.mark.parametrize(
    ("speaker", "details"),
    [
        (
            {"role": {"text": "spokesman"}, "affiliation": {"text": "the ferry operator"}},
            "spokesman · the ferry operator",
        ),
        ({"gender": "female", "number": "singular"}, "female"),
        ({"number": "plural"}, "plural"),
        ({"role": None, "number": None}, ""),
    ],
)
def test_show_gives_role_affiliation_gender_and_plural(speaker, details):
    from claimex.views.terminal import speaker_details

    assert speaker_details(speaker) == details
