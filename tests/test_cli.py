"""The command line: formats, inputs, and a clear one-line message for every bad input."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimex.cli import app

ARTICLE = (
    "Port strike enters second week\n\n"
    "“We did not want this strike,” said Adaeze Okoro, the union's general secretary.\n\n"
    "The operator said it had made a fair offer.\n"
)
DULL = "The weather was mild and the trains ran on time.\n"


@pytest.fixture
def cli():
    runner = CliRunner()

    def invoke(*args: str, input: str | None = None):
        return runner.invoke(app, list(args), input=input, catch_exceptions=False)

    return invoke


@pytest.fixture
def article(tmp_path) -> Path:
    path = tmp_path / "strike.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def lines(out: str) -> list[dict]:
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def test_jsonl_is_the_default_and_names_the_file(cli, article):
    result = cli("extract", str(article))
    assert result.exit_code == 0, result.stderr
    claims = lines(result.stdout)
    assert [c["rule"] for c in claims] == ["quote.after", "verb.ccomp"]
    assert {c["doc_id"] for c in claims} == {str(article)}
    assert [c["claim_id"] for c in claims] == ["c1", "c2"]
    assert result.stderr == ""


def test_json_format_is_one_array(cli, article):
    result = cli("extract", str(article), "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert isinstance(data, list) and len(data) == 2


def test_json_format_with_no_claims_is_an_empty_array(cli, tmp_path):
    path = tmp_path / "dull.txt"
    path.write_text(DULL, encoding="utf-8")
    result = cli("extract", str(path), "-f", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == []


def test_csv_format(cli, article):
    result = cli("extract", str(article), "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows[0]["speaker_name"] == "Adaeze Okoro"
    assert rows[0]["type"] == "direct"
    assert int(rows[0]["content_start"]) == ARTICLE.index("“We")


def test_table_format(cli, article):
    result = cli("extract", str(article), "--format", "table")
    assert result.exit_code == 0
    words = result.stdout.split()
    assert {"Adaeze", "Okoro", "speaker", "said", "direct"} <= set(words)


def test_output_file_keeps_stdout_empty(cli, article, tmp_path):
    out = tmp_path / "claims.jsonl"
    result = cli("extract", str(article), "-o", str(out))
    assert result.exit_code == 0
    assert result.stdout == ""
    assert len(lines(out.read_text(encoding="utf-8"))) == 2


def test_stdin(cli):
    result = cli("extract", "-", input=ARTICLE)
    assert result.exit_code == 0
    claims = lines(result.stdout)
    assert claims and {c["doc_id"] for c in claims} == {"-"}


def test_directory_reads_every_txt_file_in_order(cli, tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "two.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "one.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "notes.md").write_text(ARTICLE, encoding="utf-8")
    result = cli("extract", str(tmp_path))
    ids = [c["doc_id"] for c in lines(result.stdout)]
    assert sorted(set(ids), key=ids.index) == [
        str(tmp_path / "b" / "two.txt"),
        str(tmp_path / "one.txt"),
    ]


def test_jsonl_corpus_with_keys_and_fallbacks(cli, tmp_path):
    corpus = tmp_path / "corpus.jsonl"
    records = [
        {"url": "a", "body": ARTICLE},
        {"doc_id": "b", "body": ARTICLE},
        {"body": ARTICLE},
    ]
    corpus.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    result = cli("extract", str(corpus), "--text-key", "body", "--id-key", "url")
    assert result.exit_code == 0, result.stderr
    ids = [c["doc_id"] for c in lines(result.stdout)]
    assert sorted(set(ids), key=ids.index) == ["a", "b", "3"]


def test_offsets_point_into_the_original_text(cli, tmp_path):
    text = "\ufeffHeadline\r\n\r\n“We will not back down,” said Ada Okoro.\r\n"
    path = tmp_path / "crlf.txt"
    path.write_bytes(text.encode("utf-8"))
    (claim,) = lines(cli("extract", str(path)).stdout)
    for key in ("source", "cue", "content"):
        span = claim[key]
        assert text[span["start"] : span["end"]] == span["text"]


def test_no_claims_is_success(cli, tmp_path):
    path = tmp_path / "dull.txt"
    path.write_text(DULL, encoding="utf-8")
    result = cli("extract", str(path))
    assert result.exit_code == 0
    assert result.stdout == ""


def _bad_inputs(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    (tmp_path / "empty-dir").mkdir()
    binary = tmp_path / "image.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes("Le ministre a déclaré".encode("latin-1"))
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n", encoding="utf-8")
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text(
        json.dumps({"id": "ok", "text": ARTICLE})
        + "\n{broken json\n"
        + json.dumps({"id": "x", "body": "no text key"})
        + "\n"
        + json.dumps({"id": "n", "text": 42})
        + "\n[1, 2]\n"
        + '{"id": "s", "text": "Half a pair \\ud800 here."}\n',
        encoding="utf-8",
    )
    return {
        "missing": (tmp_path / "nope.txt", "nope.txt: no such file or directory"),
        "empty directory": (tmp_path / "empty-dir", "empty-dir: directory holds no .txt files"),
        "binary": (binary, "image.txt: binary file"),
        "not utf-8": (latin1, "latin1.txt: not UTF-8 text (byte 0xe9 at offset 15)"),
        "empty file": (empty, "empty.txt: empty document"),
        "jsonl": (corpus, "corpus.jsonl:2: not valid JSON"),
    }


@pytest.mark.parametrize(
    "case", ["missing", "empty directory", "binary", "not utf-8", "empty file", "jsonl"]
)
def test_bad_input_is_one_line_and_the_batch_goes_on(cli, tmp_path, article, case):
    bad, message = _bad_inputs(tmp_path)[case]
    result = cli("extract", str(bad), str(article))
    assert result.exit_code == 1
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    error_lines = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert all(str(bad.name) in line for line in error_lines)
    assert {c["doc_id"] for c in lines(result.stdout)} >= {str(article)}


def test_every_bad_jsonl_line_is_named(cli, tmp_path):
    corpus = _bad_inputs(tmp_path)["jsonl"][0]
    result = cli("extract", str(corpus))
    assert result.exit_code == 1
    assert "corpus.jsonl:2: not valid JSON" in result.stderr
    assert "corpus.jsonl:3: no 'text' field (set --text-key)" in result.stderr
    assert "corpus.jsonl:4: field 'text' is not a string" in result.stderr
    assert "corpus.jsonl:5: expected a JSON object, got list" in result.stderr
    assert (
        "corpus.jsonl:6: text holds a lone surrogate \\ud800 at character 12: not valid Unicode"
        in result.stderr
    )
    assert {c["doc_id"] for c in lines(result.stdout)} == {"ok"}


def test_huge_single_line_is_processed_in_pieces_with_a_warning(cli, tmp_path, monkeypatch):
    # the real limits (1,000,000 and 100,000 characters) scaled down to keep the test fast
    monkeypatch.setattr("claimex.io.readers.LONG_LINE_CHARS", 20_000)
    monkeypatch.setattr("claimex.engine.engine.DEFAULT_CHUNK_CHARS", 5_000)
    text = "Okoro said the plan was dead. " * 1_000  # 30,000 characters, no line break
    path = tmp_path / "huge.txt"
    path.write_text(text, encoding="utf-8")
    result = cli("extract", str(path))
    assert result.exit_code == 0
    assert "huge.txt: a single line of 30,000 characters: processed in pieces" in result.stderr
    claims = lines(result.stdout)
    assert len(claims) == 1_000
    assert all(
        text[c["content"]["start"] : c["content"]["end"]] == "the plan was dead" for c in claims
    )


STANCE = (
    "Most donors back the governor’s plan to cut the sales tax.\n\n"
    "The minister said the plan was dead.\n"
)


@pytest.mark.parametrize(
    ("args", "rules"),
    [
        ((), ["verb.object", "verb.ccomp"]),
        (("--scope", "all"), ["verb.object", "verb.ccomp"]),
        (("--scope", "speech"), ["verb.ccomp"]),
    ],
)
def test_scope_selects_the_claims(cli, tmp_path, args, rules):
    path = tmp_path / "stance.txt"
    path.write_text(STANCE, encoding="utf-8")
    result = cli("extract", str(path), *args)
    assert result.exit_code == 0, result.stderr
    assert [c["rule"] for c in lines(result.stdout)] == rules


def test_scope_option_overrides_a_rules_file(cli, tmp_path):
    path = tmp_path / "stance.txt"
    path.write_text(STANCE, encoding="utf-8")
    mine = tmp_path / "speech.jsonl"
    mine.write_text('{"type": "scope", "scope": "speech"}\n', encoding="utf-8")
    assert len(lines(cli("extract", str(path), "--rules", str(mine)).stdout)) == 1
    assert len(lines(cli("extract", str(path), "-r", str(mine), "--scope", "all").stdout)) == 2


def test_usage_errors_exit_2(cli, article):
    assert cli("extract", str(article), "--scope", "everything").exit_code == 2
    assert cli("extract", str(article), "--format", "xml").exit_code == 2
    assert cli("extract", "--no-such-option", str(article)).exit_code == 2
    assert cli("extract").exit_code == 2


def test_unknown_model_is_one_line_exit_1(cli, article):
    result = cli("extract", str(article), "--model", "no_such_model_xyz")
    assert result.exit_code == 1
    assert "cannot load spaCy model 'no_such_model_xyz'" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_bad_rules_file_is_one_line_exit_1(cli, article, tmp_path):
    rules = tmp_path / "mine.jsonl"
    rules.write_text('{"type": "cue", "lemma": "mutter"}\n', encoding="utf-8")
    result = cli("extract", str(article), "--rules", str(rules))
    assert result.exit_code == 1
    assert "mine.jsonl:1:" in result.stderr
    assert "Traceback" not in result.stderr


def test_schema_command(cli):
    result = cli("schema")
    schema = json.loads(result.stdout)
    assert {
        "doc_id",
        "claim_id",
        "type",
        "source",
        "speaker",
        "cue",
        "content",
        "sentence",
        "rule",
        "schema_version",
    } <= set(schema["properties"])


def test_rules_command_lists_ids(cli):
    ids = [json.loads(line)["id"] for line in cli("rules").stdout.splitlines()]
    assert "quote.after" in ids and "verb.ccomp" in ids
    cues = [json.loads(line)["lemma"] for line in cli("rules", "--cues").stdout.splitlines()]
    assert "say" in cues


def test_version_and_help(cli):
    from claimex import __version__

    assert cli("--version").stdout.strip() == f"claimex {__version__}"
    assert "Example" in cli("extract", "--help").stdout


def test_real_process_stdout_is_pure_jsonl(article):
    proc = subprocess.run(
        [sys.executable, "-m", "claimex", "extract", str(article), "/no/such/file.txt"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    assert proc.returncode == 1
    assert len(lines(proc.stdout)) == 2
    assert "error: /no/such/file.txt: no such file or directory" in proc.stderr
