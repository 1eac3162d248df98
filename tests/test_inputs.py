"""Inputs that users have: JSONL with line separators in strings, UTF-16 exports, .json
arrays, *.TXT, duplicate and odd ids, and the gold files of `claimex evaluate`."""

from __future__ import annotations

import codecs
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimex.cli import app

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
# U+2028 and U+2029 (line and paragraph separators) and U+0085 (next line): str.splitlines()
# breaks at all three, and valid JSON may hold them unescaped in a string
SEPARATORS = ["\u2028", "\u2029", "\u0085"]


def text_with(sep: str) -> str:
    return f"“We will not back down,” said Ada Okoro.{sep}Patel said the plan was dead.\n"


def gold_of(text: str, doc_id: str) -> dict:
    def span(s: str, after: str = "") -> dict:
        i = text.index(s, text.index(after) if after else 0)
        return {"start": i, "end": i + len(s), "text": s}

    return {
        "doc_id": doc_id,
        "text": text,
        "attributions": [
            {
                "source": span("Ada Okoro"),
                "cue": span("said"),
                "content": span("“We will not back down,”"),
                "type": "direct",
            },
            {
                "source": span("Patel"),
                "cue": span("said", after="Patel"),
                "content": span("the plan was dead"),
                "type": "indirect",
            },
        ],
    }


@pytest.fixture
def cli():
    runner = CliRunner()

    def invoke(*args: str, input: str | bytes | None = None):
        return runner.invoke(app, list(args), input=input, catch_exceptions=False)

    return invoke


def lines(out: str) -> list[dict]:
    return [json.loads(line) for line in out.split("\n") if line.strip()]


def raw_jsonl(records: list[dict]) -> str:
    """JSONL with every character unescaped, as many tools write it."""
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


def error_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("error:")]


# --- item 6: one JSONL reader, lines end at \n only ------------------------------------


@pytest.mark.parametrize("sep", SEPARATORS, ids=["U+2028", "U+2029", "U+0085"])
def test_read_jsonl_keeps_a_record_with_a_line_separator_whole(sep):
    from claimex.io.jsonl import byte_lines, read_jsonl

    data = raw_jsonl([{"text": f"a{sep}b"}, {"text": "c"}]).encode("utf-8")
    entries = list(read_jsonl(byte_lines(data)))
    assert [(e.line, e.value, e.error) for e in entries] == [
        (1, {"text": f"a{sep}b"}, None),
        (2, {"text": "c"}, None),
    ]


def test_read_jsonl_lone_carriage_return():
    from claimex.io.jsonl import byte_lines, read_jsonl

    # as white space between values a lone \r is valid JSON; raw inside a string it is not
    # (RFC 8259 §7): an error for that line only, and the line numbers after it stay right
    data = b'{"id": "a",\r"text": "x"}\n{"text": "b\rc"}\n{"text": "d"}\n'
    entries = list(read_jsonl(byte_lines(data)))
    assert [(e.line, e.value) for e in entries] == [
        (1, {"id": "a", "text": "x"}),
        (2, None),
        (3, {"text": "d"}),
    ]
    assert entries[1].error == "not valid JSON (Invalid control character at column 12)"


@pytest.mark.parametrize("sep", SEPARATORS, ids=["U+2028", "U+2029", "U+0085"])
def test_extract_reads_a_corpus_with_line_separators(cli, tmp_path, sep):
    corpus = tmp_path / "corpus.jsonl"
    text = text_with(sep)
    # the second record has no id: it is named by its line, which must still be 2
    corpus.write_text(raw_jsonl([{"id": f"a{sep}1", "text": text}, {"text": text}]), "utf-8")
    result = cli("extract", str(corpus))
    assert result.exit_code == 0, result.stderr
    claims = lines(result.stdout)
    assert [c["doc_id"] for c in claims] == [f"a{sep}1", f"a{sep}1", "2", "2"]
    for claim in claims:
        content = claim["content"]
        assert text[content["start"] : content["end"]] == content["text"]


def test_extract_reads_a_corpus_with_a_lone_carriage_return(cli, tmp_path):
    corpus = tmp_path / "corpus.jsonl"
    text = text_with(" ")
    corpus.write_bytes(
        b'{"id": "cr",\r"text": ' + json.dumps(text, ensure_ascii=False).encode() + b"}\n"
        b'{"text": "broken\rstring"}\n' + json.dumps({"text": text}).encode() + b"\n"
    )
    result = cli("extract", str(corpus))
    assert result.exit_code == 1
    assert error_lines(result.stderr) == [
        "error: corpus.jsonl:2: not valid JSON (Invalid control character at column 17)".replace(
            "corpus.jsonl", str(corpus)
        )
    ]
    assert [c["doc_id"] for c in lines(result.stdout)] == ["cr", "cr", "3", "3"]


@pytest.fixture
def separator_claims(cli, tmp_path) -> dict[str, tuple[Path, Path]]:
    """Per separator: a gold file and claimex's claims for it, both holding the separator
    unescaped (in the doc_id, and in the text of the gold)."""
    out = {}
    for n, sep in enumerate(SEPARATORS):
        gold = tmp_path / f"gold{n}.jsonl"
        gold.write_text(raw_jsonl([gold_of(text_with(sep), f"d{sep}1")]), "utf-8")
        claims = tmp_path / f"claims{n}.jsonl"
        result = cli("extract", str(gold), "-o", str(claims), "-q")
        assert result.exit_code == 0, result.stderr
        assert sep in claims.read_text("utf-8")
        out[sep] = gold, claims
    return out


@pytest.mark.parametrize("sep", SEPARATORS, ids=["U+2028", "U+2029", "U+0085"])
def test_speakers_from_claims_with_line_separators(cli, separator_claims, sep):
    _, claims = separator_claims[sep]
    result = cli("speakers", "--from-claims", str(claims), "-f", "jsonl", "-q")
    assert result.exit_code == 0, result.stderr
    rows = {row["name"]: row for row in lines(result.stdout)}
    assert set(rows) == {"Ada Okoro", "Patel"}
    assert rows["Ada Okoro"]["example_doc"] == f"d{sep}1"


@pytest.mark.parametrize("sep", SEPARATORS, ids=["U+2028", "U+2029", "U+0085"])
@pytest.mark.parametrize("with_pred", [True, False], ids=["--pred", "run"])
def test_evaluate_with_line_separators(cli, separator_claims, sep, with_pred):
    gold, claims = separator_claims[sep]
    args = ["--pred", str(claims)] if with_pred else []
    result = cli("evaluate", str(gold), *args, "-f", "json")
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert (report["gold"], report["pred"]) == (2, 2)
    assert report["triple_0.5"] == [1.0, 1.0, 1.0]


@pytest.mark.parametrize("sep", [*SEPARATORS, "\r"], ids=["U+2028", "U+2029", "U+0085", "CR"])
def test_rule_file_with_line_separators(cli, tmp_path, sep):
    # a cue the packaged lexicon lacks; the separator is in its note (a lone \r cannot be in
    # a JSON string, so it is white space between fields)
    cue = {"type": "cue", "lemma": "opine", "cue_class": "speech", "frames": ["ccomp"]}
    line = json.dumps(cue | {"note": f"formal{sep}rare"}, ensure_ascii=False)
    if sep == "\r":
        line = json.dumps(cue).replace(', "frames"', ',\r"frames"')
    rules = tmp_path / "mine.jsonl"
    rules.write_text("// a comment line\n" + line + "\n", encoding="utf-8", newline="")
    article = tmp_path / "a.txt"
    article.write_text("Okoro opined that the plan was dead.\n", encoding="utf-8")
    without = lines(cli("extract", str(article)).stdout)
    assert [c["cue"]["lemma"] for c in without] == []
    result = cli("extract", str(article), "--rules", str(rules))
    assert result.exit_code == 0, result.stderr
    assert [c["cue"]["lemma"] for c in lines(result.stdout)] == ["opine"]


# --- item 7: UTF-16, .json, *.TXT, ids ---------------------------------------------------

ARTICLE = (
    "“We did not want this strike,” said Adaeze Okoro.\r\n\r\n"
    "The operator said it had made a fair offer.\n"
)
WIDE = {
    "utf-16-le": (codecs.BOM_UTF16_LE, "utf-16"),
    "utf-16-be": (codecs.BOM_UTF16_BE, "utf-16"),
    "utf-32-le": (codecs.BOM_UTF32_LE, "utf-32"),
}


@pytest.mark.parametrize("encoding", WIDE)
def test_text_with_a_utf16_or_utf32_byte_order_mark_is_read(cli, tmp_path, encoding):
    bom, python_codec = WIDE[encoding]
    path = tmp_path / "export.txt"
    path.write_bytes(bom + ARTICLE.encode(encoding))
    result = cli("extract", str(path))
    assert result.exit_code == 0, result.stderr
    # offsets into the text as the README says to read it (the mark dropped)
    text = path.open(encoding=python_codec, newline="").read()
    assert text == ARTICLE
    claims = lines(result.stdout)
    assert [c["cue"]["text"] for c in claims] == ["said", "said"]
    for claim in claims:
        for key in ("source", "cue", "content"):
            assert text[claim[key]["start"] : claim[key]["end"]] == claim[key]["text"]


def test_utf8_byte_order_mark_is_part_of_the_text(cli, tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes(codecs.BOM_UTF8 + ARTICLE.encode("utf-8"))
    text = path.open(encoding="utf-8", newline="").read()
    assert text[0] == "\ufeff"
    (first, _) = lines(cli("extract", str(path)).stdout)
    assert first["content"]["start"] == text.index("“We") == 1


@pytest.mark.parametrize(
    ("encoding", "guess"), [("utf-16-le", "UTF-16LE"), ("utf-16-be", "UTF-16BE")]
)
def test_utf16_without_a_byte_order_mark_says_so(cli, tmp_path, encoding, guess):
    good = tmp_path / "good.txt"
    good.write_text(ARTICLE, encoding="utf-8")
    path = tmp_path / "export.txt"
    path.write_bytes(ARTICLE.encode(encoding))
    result = cli("extract", str(path), str(good))
    assert result.exit_code == 1
    assert error_lines(result.stderr) == [
        f"error: {path}: looks like {guess} without a byte order mark: convert it to UTF-8 "
        f"(iconv -f {guess} -t UTF-8) or save it with a byte order mark"
    ]
    assert {c["doc_id"] for c in lines(result.stdout)} == {str(good)}


def test_binary_is_still_binary(cli, tmp_path):
    path = tmp_path / "image.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x10\x00\x00")
    result = cli("extract", str(path))
    assert error_lines(result.stderr) == [
        f"error: {path}: binary file (contains NUL bytes), not text"
    ]


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_jsonl_corpus_in_utf16_with_a_byte_order_mark(cli, tmp_path, encoding):
    bom = WIDE[encoding][0]
    corpus = tmp_path / "export.jsonl"
    body = raw_jsonl([{"id": "a\u2028b", "text": ARTICLE}, {"text": ARTICLE}])
    corpus.write_bytes(bom + body.encode(encoding))
    result = cli("extract", str(corpus))
    assert result.exit_code == 0, result.stderr
    assert [c["doc_id"] for c in lines(result.stdout)] == ["a\u2028b", "a\u2028b", "2", "2"]


def test_jsonl_corpus_in_utf16_without_a_mark_is_one_error(cli, tmp_path):
    corpus = tmp_path / "export.jsonl"
    corpus.write_bytes(raw_jsonl([{"text": ARTICLE}, {"text": ARTICLE}]).encode("utf-16-le"))
    result = cli("extract", str(corpus))
    assert result.exit_code == 1
    (line,) = error_lines(result.stderr)
    assert line.startswith(f"error: {corpus}:1: looks like UTF-16LE without a byte order mark")


def test_jsonl_corpus_in_broken_utf16_names_the_line(cli, tmp_path):
    corpus = tmp_path / "export.jsonl"
    good = raw_jsonl([{"text": ARTICLE}]).encode("utf-16-le")
    corpus.write_bytes(codecs.BOM_UTF16_LE + good + b"\x00\xdc" + b"\n\x00")  # a lone surrogate
    result = cli("extract", str(corpus))
    assert result.exit_code == 1
    assert error_lines(result.stderr) == [
        f"error: {corpus}:2: not valid UTF-16 (half a surrogate pair at character 1)"
    ]
    assert {c["doc_id"] for c in lines(result.stdout)} == {"1"}


def test_json_array_is_a_corpus(cli, tmp_path):
    path = tmp_path / "export.json"
    records = [
        {"url": "u1", "body": ARTICLE},
        {"body": ARTICLE},
        {"url": "u3", "text": "no body"},
        "not a record",
        {"url": 2.5, "body": ARTICLE},
        {"url": "u1", "body": ARTICLE},
    ]
    path.write_text(json.dumps(records, indent=2), encoding="utf-8")
    result = cli("extract", str(path), "--text-key", "body", "--id-key", "url")
    assert result.exit_code == 1
    assert error_lines(result.stderr) == [
        f"error: {path}: record 3: no 'body' field (set --text-key)",
        f"error: {path}: record 4: expected a JSON object, got str",
        f"error: {path}: record 5: field 'url' (the document id) is a float (2.5): use a string "
        "or an integer",
    ]
    assert f"warning: {path}: record 6: document id 'u1' was already seen at {path}: record 1" in (
        result.stderr
    )
    ids = [c["doc_id"] for c in lines(result.stdout)]
    assert ids == ["u1", "u1", "2", "2", "u1", "u1"]


def test_json_object_is_one_document(cli, tmp_path):
    named, unnamed = tmp_path / "named.json", tmp_path / "unnamed.json"
    named.write_text(json.dumps({"id": "story-7", "text": ARTICLE}), encoding="utf-8")
    unnamed.write_bytes(codecs.BOM_UTF8 + json.dumps({"text": ARTICLE}).encode())
    result = cli("extract", str(named), str(unnamed))
    assert result.exit_code == 0, result.stderr
    ids = [c["doc_id"] for c in lines(result.stdout)]
    assert ids == ["story-7", "story-7", str(unnamed), str(unnamed)]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("[]", "no records (an empty JSON array)"),
        ("", "empty file"),
        ('{"text": ', "not valid JSON (Expecting value at line 1 column 10)"),
        (
            '[{"text": "a"},\n {"text": "b"]',
            "not valid JSON (Expecting ',' delimiter at line 2 column 14)",
        ),
        (
            '"just a string"',
            "expected an array of records or one record (a JSON object), got a string",
        ),
        ("42", "expected an array of records or one record (a JSON object), got a number (42)"),
        ('{"body": "x"}', "no 'text' field (set --text-key)"),
    ],
)
def test_json_that_is_no_corpus_is_a_clear_error(cli, tmp_path, content, message):
    path = tmp_path / "x.json"
    path.write_text(content, encoding="utf-8")
    result = cli("extract", str(path))
    assert result.exit_code == 1
    assert error_lines(result.stderr) == [f"error: {path}: {message}"]
    assert result.stdout == ""


def test_directory_walk_ignores_the_case_of_suffixes(cli, tmp_path):
    (tmp_path / "A.TXT").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "b.Txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "c.txt.bak").write_text(ARTICLE, encoding="utf-8")
    result = cli("extract", str(tmp_path))
    assert result.exit_code == 0, result.stderr
    ids = {c["doc_id"] for c in lines(result.stdout)}
    assert ids == {str(tmp_path / "A.TXT"), str(tmp_path / "b.Txt")}


def test_claims_directory_walk_ignores_the_case_of_suffixes(cli, tmp_path):
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    claims = tmp_path / "claims"
    claims.mkdir()
    cli("extract", str(article), "-o", str(claims / "A.JSONL"))
    (claims / "notes.txt").write_text("not claims", encoding="utf-8")
    result = cli("speakers", "--from-claims", str(claims), "-f", "jsonl", "-q")
    assert result.exit_code == 0, result.stderr
    assert [row["name"] for row in lines(result.stdout)] == ["Adaeze Okoro", "The operator"]


def test_a_jsonl_file_is_a_corpus_whatever_the_case_of_its_suffix(cli, tmp_path):
    corpus = tmp_path / "CORPUS.JSONL"
    corpus.write_text(raw_jsonl([{"id": "x", "text": ARTICLE}]), encoding="utf-8")
    assert {c["doc_id"] for c in lines(cli("extract", str(corpus)).stdout)} == {"x"}


def test_duplicate_ids_are_warned_about_once_each(cli, tmp_path):
    corpus = tmp_path / "corpus.jsonl"
    ids = ["a", "b", "a", "a", "b", "c"]
    corpus.write_text(raw_jsonl([{"id": i, "text": ARTICLE} for i in ids]), encoding="utf-8")
    article = tmp_path / "one.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    result = cli("extract", str(corpus), str(article), str(article))
    assert result.exit_code == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    assert warnings == [
        f"warning: {corpus}:3: document id 'a' was already seen at {corpus}:1 (both are kept)",
        f"warning: {corpus}:5: document id 'b' was already seen at {corpus}:2 (both are kept)",
        f"warning: {article}: document id '{article}' was already seen at {article} (both are "
        "kept)",
    ]
    written = [c["doc_id"] for c in lines(result.stdout)][::2]  # two claims a document
    assert written == [*ids, str(article), str(article)]


def test_document_ids_remember_many_ids():
    from claimex.io.document_ids import DocumentIds

    ids = DocumentIds()
    corpus = ids.corpus("big.jsonl", "line")
    assert all(ids.repeated(f"doc-{n}", corpus, n) is None for n in range(1, 20_001))
    assert ids.repeated("doc-17", corpus, 20_001) == "big.jsonl:17"
    assert ids.repeated("doc-17", corpus, 20_002) is None  # warned once
    assert ids.repeated("doc-19999", corpus, 20_003) == "big.jsonl:19999"
    assert ids.repeated("doc-20001", corpus, 20_004) is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("s1", "s1"),
        (7, "7"),
        (None, "fallback"),
        ("", "fallback"),
        (2.5, "is a float (2.5)"),
        (3.0, "is a float (3.0)"),
        ([1, 2], "is an array"),
        ({"a": 1}, "is an object"),
        (True, "is a boolean (true)"),
    ],
)
def test_ids_are_strings_or_integers(cli, tmp_path, value, expected):
    corpus = tmp_path / "corpus.jsonl"
    record = {"id": value, "doc_id": "fallback", "text": ARTICLE}
    corpus.write_text("\n" + json.dumps(record) + "\n", encoding="utf-8")
    result = cli("extract", str(corpus))
    if expected.startswith("is "):
        assert result.exit_code == 1
        assert error_lines(result.stderr) == [
            f"error: {corpus}:2: field 'id' (the document id) {expected}: use a string or an "
            "integer"
        ]
        assert result.stdout == ""
    else:
        assert result.exit_code == 0, result.stderr
        assert {c["doc_id"] for c in lines(result.stdout)} == {expected}


# --- item 8: the gold format ---------------------------------------------------------------

EXAMPLE = ROOT / "examples" / "ferry-fares.gold.jsonl"


def example_gold() -> dict:
    return json.loads(EXAMPLE.read_text(encoding="utf-8"))


def _broken(change) -> dict:
    doc = example_gold()
    change(doc)
    return doc


def _set(path: list, value):
    def change(doc: dict) -> None:
        target = doc
        for key in path[:-1]:
            target = target[key]
        if value is KeyError:
            del target[path[-1]]
        else:
            target[path[-1]] = value

    return change


def _shift(doc: dict) -> None:
    source = doc["attributions"][1]["source"]
    source["start"] += 1
    source["end"] += 1


BAD_GOLD = {
    "start is a string": (
        _set(["attributions", 0, "content", "start"], "x"),
        "attribution 1: content.start: Input should be a valid integer",
    ),
    "start is a float": (
        _set(["attributions", 0, "content", "start"], 44.0),
        "attribution 1: content.start: Input should be a valid integer",
    ),
    "attributions not a list": (
        _set(["attributions"], "notalist"),
        "attributions: Input should be a valid list",
    ),
    "attribution not an object": (
        _set(["attributions", 1], [1, 2]),
        "attribution 2: Input should be a JSON object",
    ),
    "start after end": (
        _set(["attributions", 1, "content", "start"], 200),
        "attribution 2: content: start 200 is after end 192",
    ),
    "negative start": (
        _set(["attributions", 1, "cue", "start"], -1),
        "attribution 2: cue.start: Input should be greater than or equal to 0",
    ),
    "end past the text": (
        _set(["attributions", 3, "content", "end"], 999),
        "attribution 4: content: end 999 is past the end of the text (366 characters)",
    ),
    "fragment past the text": (
        _set(["attributions", 2, "content", "fragments", 1, "end"], 400),
        "attribution 3: content fragment 2: end 400 is past the end of the text (366 characters)",
    ),
    "text does not match the offsets": (
        _shift,
        "attribution 2: source: text 'Opposition members' is not text[132:150] 'pposition "
        "members ' (offsets into another version of the text?)",
    ),
    "no content": (
        _set(["attributions", 0, "content"], KeyError),
        "attribution 1: content: Field required",
    ),
    "unknown type": (
        _set(["attributions", 0, "type"], "Direct"),
        "attribution 1: type: Input should be 'direct', 'indirect' or 'mixed'",
    ),
    "no text": (_set(["text"], KeyError), "text: Field required"),
    "float doc_id": (_set(["doc_id"], 1.5), "doc_id: Input should be a valid string"),
    "ignore span past the text": (
        _set(["meta", "ignore_spans", 0, "end"], 367),
        "meta.ignore_spans 1: end 367 is past the end of the text (366 characters)",
    ),
    "not an object": (lambda doc: doc.clear(), "doc_id: Field required, and 2 more"),
}


@pytest.mark.parametrize("case", BAD_GOLD)
def test_bad_gold_record_is_one_line_naming_file_and_line(cli, tmp_path, case):
    change, message = BAD_GOLD[case]
    gold = tmp_path / "gold.jsonl"
    good = example_gold() | {"doc_id": "good"}
    gold.write_text(raw_jsonl([good, _broken(change)]), encoding="utf-8")
    result = CliRunner().invoke(app, ["evaluate", str(gold), "--pred", str(EXAMPLE)])
    assert result.exit_code == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [f"error: {gold}:2: not a gold document: {message}"]
    assert result.stdout == ""


def test_gold_that_is_no_json_object(cli, tmp_path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text('[1]\n{oops\n\n"text"\n', encoding="utf-8")
    result = cli("evaluate", str(gold))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"error: {gold}:1: not a gold document: Input should be a JSON object",
        f"error: {gold}:2: not valid JSON (Expecting property name enclosed in double quotes at "
        "column 2)",
        f"error: {gold}:4: not a gold document: Input should be a JSON object",
    ]


def test_gold_with_a_doc_id_twice_is_an_error(cli, tmp_path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text(raw_jsonl([example_gold()] * 2), encoding="utf-8")
    result = cli("evaluate", str(gold))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"error: {gold}:2: doc_id 'ferry-fares' is also on line 1"
    ]


def test_empty_gold_is_an_error(cli, tmp_path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text("\n", encoding="utf-8")
    result = cli("evaluate", str(gold))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [f"error: {gold}: no gold documents (empty file)"]


def test_gold_may_hold_more_fields_an_integer_id_and_no_optional_parts(cli, tmp_path):
    doc = example_gold() | {"doc_id": 12, "source_url": "https://example.org/ferry"}
    for attribution in doc["attributions"]:
        attribution["id"] = "T1"
        del attribution["type"]
        for span in (attribution["content"], attribution["cue"]):
            span.pop("text")
    doc["attributions"][3]["source"] = None
    del doc["meta"]
    gold = tmp_path / "gold.jsonl"
    gold.write_text(raw_jsonl([doc]), encoding="utf-8")
    result = cli("evaluate", str(gold), "-f", "json")
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert (report["gold"], report["pred"]) == (4, 4)
    assert report["recall_by_type"] == {"none": 1.0}
    assert report["source_acc"] == 0.75  # the last gold attribution lost its source


def test_pred_claims_are_validated_as_claims(cli, tmp_path):
    claims = tmp_path / "claims.jsonl"
    assert cli("extract", str(EXAMPLE), "-o", str(claims)).exit_code == 0
    good = claims.read_text(encoding="utf-8").splitlines()
    bad = json.loads(good[1])
    bad["content"]["start"] = "x"
    claims.write_text("\n".join([good[0], json.dumps(bad), *good[2:]]) + "\n", encoding="utf-8")
    result = cli("evaluate", str(EXAMPLE), "--pred", str(claims))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"error: {claims}:2: not a claim (content.start: Input should be a valid integer, "
        "unable to parse string as an integer)"
    ]
    assert result.stdout == ""


def test_pred_that_is_not_claims_is_one_line(cli, tmp_path):
    # the gold file given as predictions: a common slip
    result = cli("evaluate", str(EXAMPLE), "--pred", str(EXAMPLE))
    assert result.exit_code == 1
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"error: {EXAMPLE}: not claims written by claimex extract (line 1: ")


def test_pred_claims_of_other_documents_are_named_in_a_warning(cli, tmp_path):
    claims = tmp_path / "claims.jsonl"
    assert cli("extract", str(EXAMPLE), "-o", str(claims)).exit_code == 0
    text = claims.read_text(encoding="utf-8")
    claims.write_text(text + text.replace('"ferry-fares"', '"other"'), encoding="utf-8")
    result = cli("evaluate", str(EXAMPLE), "--pred", str(claims), "-f", "json")
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [
        f"warning: {claims}: 4 claims of 1 document not in the gold file (first: 'other') are "
        "not scored"
    ]
    assert json.loads(result.stdout)["pred"] == 4


def test_evaluate_help_links_the_gold_format(cli):
    result = cli("evaluate", "--help")
    assert "docs/gold-format.md" in re.sub(r"\s+", "", result.stdout).replace("│", "")


def _blocks(markdown: str, language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", markdown, flags=re.DOTALL)


def test_gold_format_example_is_the_example_file():
    (shown,) = _blocks((DOCS / "gold-format.md").read_text(encoding="utf-8"), "json")
    assert json.loads(shown) == example_gold()
    assert EXAMPLE.read_text(encoding="utf-8").count("\n") == 1  # one document, one line


def test_gold_format_commands_run_as_written():
    doc = (DOCS / "gold-format.md").read_text(encoding="utf-8")
    (commands,) = _blocks(doc, "bash")
    claimex = str(Path(sys.executable).with_name("claimex"))
    outputs = []
    for command in commands.strip().splitlines():
        result = subprocess.run(
            command.replace("claimex ", f"{claimex} "),
            shell=True,
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, (command, result.stderr)
        outputs.append(result.stdout)
    # what the page says they report: all four found, every part right, nothing missed
    assert re.search(r"content@0\.5\s*│\s*1\.000\s*│\s*1\.000\s*│\s*1\.000", outputs[0])
    assert "4 gold attributions, 4 claims" in outputs[0]
    report = json.loads(outputs[1])
    assert report["content_0.5"] == report["triple_0.5"] == [1.0, 1.0, 1.0]
    assert (report["gold"], report["pred"]) == (4, 4)


def test_gold_format_error_examples_are_what_evaluate_says(cli, tmp_path, monkeypatch):
    def swap(doc: dict) -> None:
        content = doc["attributions"][1]["content"]
        content["start"], content["end"] = content["end"], content["start"]
        del content["text"]

    def past_the_end(doc: dict) -> None:
        del doc["attributions"][3]["content"]["text"]
        doc["attributions"][3]["content"]["end"] = 999

    broken = [
        _set(["attributions", 0, "content", "start"], "x"),
        _set(["attributions"], "notalist"),
        swap,
        past_the_end,
        _shift,
    ]
    records = [example_gold()]
    records += [_broken(change) | {"doc_id": f"d{n}"} for n, change in enumerate(broken)]
    monkeypatch.chdir(tmp_path)
    Path("gold.jsonl").write_text(raw_jsonl([*records, example_gold()]), encoding="utf-8")
    result = cli("evaluate", "gold.jsonl")
    assert result.exit_code == 1
    (shown,) = _blocks((DOCS / "gold-format.md").read_text(encoding="utf-8"), "text")
    assert result.stderr.splitlines() == shown.splitlines()
