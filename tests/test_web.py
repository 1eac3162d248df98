"""Web pages: HTML files and WARC archives, the article text taken out by trafilatura;
--emit-text writes the texts the offsets refer to, and every span is checked against them."""

from __future__ import annotations

import gzip
import io
import json
import socket
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimex.cli import app
from conftest import EXAMPLES

WHY = 'HTML and WARC input needs pip install "claimex[html]"'
pytest.importorskip("trafilatura", reason=WHY)
pytest.importorskip("warcio", reason=WHY)

from warcio.statusandheaders import StatusAndHeaders  # noqa: E402
from warcio.warcwriter import WARCWriter  # noqa: E402

# a page with a menu, a sidebar and a footer around its article
LIBRARY = (EXAMPLES / "library-vote.html").read_text(encoding="utf-8")
FERRY = """<html><head><title>Ferry fares to rise</title></head><body>
<div id="content"><p>The ferry operator announced that fares would rise by four percent in
April, a spokesperson said.</p>
<p>“Fuel costs have doubled,” said Ines Carvalho, the company's finance director. Passengers'
groups said the rise was unfair to island residents who have no other way to the mainland.</p>
</div></body></html>
"""
EMPTY = "<html><head><title>Gallery</title></head><body><img src='a.jpg'></body></html>"
LIBRARY_URL = "https://valley.example/news/library-stays-open"
FERRY_URL = "https://ferry.example/fares"


def cli(*args: str):
    return CliRunner().invoke(app, list(args), catch_exceptions=False)


def lines(out: str) -> list[dict]:
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def page(tmp_path: Path, name: str, html: str) -> Path:
    path = tmp_path / name
    data = html.encode("utf-8")
    path.write_bytes(gzip.compress(data) if name.endswith(".gz") else data)
    return path


def warc(path: Path, gzipped: bool = True) -> Path:
    """A small archive as a crawler writes it: a warcinfo record, a request, two pages (one
    sent gzip-encoded), a redirect, a 404 and an image."""
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=gzipped)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "test"}))

        def response(url: str, status: str, kind: str, body: bytes, *headers) -> None:
            http = StatusAndHeaders(status, [("Content-Type", kind), *headers], "HTTP/1.1")
            record = writer.create_warc_record(
                url, "response", payload=io.BytesIO(body), http_headers=http
            )
            writer.write_record(record)

        request = StatusAndHeaders(
            "GET /news/library-stays-open HTTP/1.1", [], is_http_request=True
        )
        writer.write_record(writer.create_warc_record(LIBRARY_URL, "request", http_headers=request))
        response(LIBRARY_URL, "200 OK", "text/html; charset=utf-8", LIBRARY.encode())
        response("https://valley.example/old", "301 Moved Permanently", "text/html", b"")
        response(
            FERRY_URL,
            "200 OK",
            "text/html",
            gzip.compress(FERRY.encode()),
            ("Content-Encoding", "gzip"),
        )
        response("https://valley.example/missing", "404 Not Found", "text/html", b"<p>no</p>")
        response("https://valley.example/logo.png", "200 OK", "image/png", b"\x89PNG\r\n")
    return path


def check_every_span(claims: list[dict], sidecar: Path) -> int:
    """Each claim's text found by its meta.text_sha256 in the sidecar; every span and
    fragment is text[start:end] of it. The number of spans checked."""
    with gzip.open(sidecar, "rt", encoding="utf-8") as fh:
        texts = [json.loads(line) for line in fh]
    by_hash = {t["sha256"]: t for t in texts}  # a text met twice is there twice
    checked = 0
    for claim in claims:
        entry = by_hash[claim["meta"]["text_sha256"]]
        assert entry["doc_id"] == claim["doc_id"]
        text = entry["text"]
        spans = [claim["content"], *claim["content"]["fragments"]]
        spans += [claim[k] for k in ("source", "cue") if claim[k]]
        for span in spans:
            assert text[span["start"] : span["end"]] == span["text"]
            checked += 1
    return checked


# ---- HTML ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "html", "doc_id", "title", "contents"),
    [
        (
            "library.html",
            LIBRARY,
            LIBRARY_URL,  # the page's own (canonical) URL
            "Library to stay open, council says",
            [
                "that the town library would stay open for at least five more years, after a "
                "review of the council's budget",
                "“It is the heart of the town,” she said. “Closing it was never an option for us.”",
                "they were relieved but would keep watching the council's plans closely",
            ],
        ),
        (
            "ferry.htm.gz",
            FERRY,
            None,  # no URL in the page: the path
            "Ferry fares to rise",
            ["that fares would rise by four percent in April", "“Fuel costs have doubled,”"],
        ),
    ],
)
def test_a_page_gives_the_claims_of_its_article(tmp_path, name, html, doc_id, title, contents):
    path = page(tmp_path, name, html)
    result = cli("extract", str(path))
    assert result.exit_code == 0, result.stderr
    claims = lines(result.stdout)
    found = [c["content"]["text"] for c in claims]
    for content in contents:
        assert content in found
    assert {c["doc_id"] for c in claims} == {doc_id or str(path)}
    assert {c["meta"]["title"] for c in claims} == {title}  # url and title kept by default
    assert {c["meta"]["url"] for c in claims} == {doc_id}
    # the boilerplate around the article is not its text
    for claim in claims:
        for word in ("editor", "Mayor", "newsletter", "Sport"):
            assert word not in claim["content"]["text"]


def test_keep_chooses_the_web_fields(tmp_path):
    path = page(tmp_path, "library.html", LIBRARY)
    result = cli("extract", str(path), "--keep", "author", "--keep", "hostname")
    claims = lines(result.stdout)
    assert claims
    assert all(c["meta"] == {"author": "Tomas Reyes", "hostname": "valley.example"} for c in claims)


def test_a_page_without_article_text_is_one_line(tmp_path):
    path = page(tmp_path, "gallery.html", EMPTY)
    result = cli("extract", str(path), str(page(tmp_path, "library.html", LIBRARY)))
    assert result.exit_code == 1
    assert f"error: {path}: no article text found in the page" in result.stderr
    assert {c["doc_id"] for c in lines(result.stdout)} == {LIBRARY_URL}


# ---- WARC -----------------------------------------------------------------------------------
@pytest.mark.parametrize("gzipped", [True, False])
def test_a_warc_gives_the_claims_of_its_pages(tmp_path, gzipped):
    path = warc(tmp_path / ("news.warc.gz" if gzipped else "news.warc"), gzipped)
    result = cli("extract", str(path), "--keep", "title", "--keep", "warc_record_id")
    assert result.exit_code == 0, result.stderr
    claims = lines(result.stdout)
    assert list(dict.fromkeys(c["doc_id"] for c in claims)) == [LIBRARY_URL, FERRY_URL]
    titles = {c["doc_id"]: c["meta"]["title"] for c in claims}
    assert titles == {
        LIBRARY_URL: "Library to stay open, council says",
        FERRY_URL: "Ferry fares to rise",
    }
    assert all(c["meta"]["warc_record_id"].startswith("<urn:uuid:") for c in claims)
    assert "“Fuel costs have doubled,”" in [c["content"]["text"] for c in claims]
    # the records that are no pages are counted, not dropped silently
    assert result.stderr.strip() == (
        f"warning: {path}: 3 records not read as pages: 1 with HTTP status 301, "
        "1 with HTTP status 404, 1 of type image/png"
    )


def test_a_truncated_warc_gives_the_pages_before_the_cut_and_one_error(tmp_path):
    path = warc(tmp_path / "news.warc.gz")
    data = path.read_bytes()
    path.write_bytes(data[: len(data) - 40])  # inside the last record, the image
    result = cli("extract", str(path))
    assert result.exit_code == 1, result.stderr
    assert f"error: {path}: compressed stream ends early (truncated file?)" in result.stderr
    assert {c["doc_id"] for c in lines(result.stdout)} == {LIBRARY_URL, FERRY_URL}


def test_a_plain_warc_cut_inside_a_record_is_one_error(tmp_path):
    path = warc(tmp_path / "news.warc", gzipped=False)
    data = path.read_bytes()
    ferry = data.index(b"WARC-Target-URI: " + FERRY_URL.encode())
    path.write_bytes(data[: ferry + 400])  # inside the second page
    result = cli("extract", str(path))
    assert result.exit_code == 1
    assert "the record ends early (truncated file?); stopped here" in result.stderr
    assert {c["doc_id"] for c in lines(result.stdout)} == {LIBRARY_URL}


def test_a_file_that_is_not_warc_is_one_line(tmp_path):
    path = tmp_path / "news.warc"
    path.write_text("this is not an archive\n")
    result = cli("extract", str(path))
    assert result.exit_code == 1
    assert f"error: {path}: not valid WARC" in result.stderr
    assert "Traceback" not in result.stderr


# ---- --emit-text ----------------------------------------------------------------------------
def test_emit_text_lets_every_span_be_checked(tmp_path):
    out = tmp_path / "claims.jsonl"
    inputs = [page(tmp_path, "library.html", LIBRARY), warc(tmp_path / "news.warc.gz")]
    result = cli("extract", *map(str, inputs), "--emit-text", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    claims = lines(out.read_text(encoding="utf-8"))
    assert check_every_span(claims, tmp_path / "claims.texts.jsonl.gz") >= 3 * len(claims) > 0
    with gzip.open(tmp_path / "claims.texts.jsonl.gz", "rt", encoding="utf-8") as fh:
        texts = [json.loads(line) for line in fh]
    assert [t["doc_id"] for t in texts] == [LIBRARY_URL, LIBRARY_URL, FERRY_URL]
    assert "Subscribe" not in texts[0]["text"]


def test_emit_text_sidecar_is_a_corpus_that_gives_the_same_claims(tmp_path):
    out = tmp_path / "claims.jsonl"
    result = cli("extract", str(warc(tmp_path / "news.warc.gz")), "--emit-text", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    again = cli("extract", str(tmp_path / "claims.texts.jsonl.gz"), "--id-key", "doc_id")
    assert again.exit_code == 0
    first = lines(out.read_text(encoding="utf-8"))
    for claim in first:
        del claim["meta"]  # the web fields and the hash, which the second run has not
    assert lines(again.stdout) == first


def test_emit_text_in_a_sharded_run_writes_a_sidecar_per_shard(tmp_path):
    (tmp_path / "in").mkdir()
    inputs = [warc(tmp_path / "in" / f"crawl-{k}.warc.gz") for k in (1, 2)]
    out = tmp_path / "out"
    result = cli("extract", str(tmp_path / "in" / "*.warc.gz"), "-o", f"{out}/", "--emit-text")
    assert result.exit_code == 0, result.stderr
    for path in inputs:
        stem = path.name.removesuffix(".warc.gz")
        claims = lines((out / f"{stem}.jsonl").read_text(encoding="utf-8"))
        assert check_every_span(claims, out / f"{stem}.texts.jsonl.gz") > 0


def test_emit_text_of_a_text_corpus_has_the_record_texts(tmp_path):
    corpus = tmp_path / "corpus.jsonl"
    text = "“It is the heart of the town,” said Brigid Nyhan."
    corpus.write_text(json.dumps({"id": "a", "text": text}) + "\n", encoding="utf-8")
    out = tmp_path / "claims.csv"
    assert cli("extract", str(corpus), "-f", "csv", "--emit-text", "-o", str(out)).exit_code == 0
    header, row = out.read_text(encoding="utf-8").splitlines()[:2]
    assert header.endswith(",text_sha256")
    with gzip.open(tmp_path / "claims.texts.jsonl.gz", "rt", encoding="utf-8") as fh:
        (entry,) = [json.loads(line) for line in fh]
    assert entry["text"] == text and row.endswith("," + entry["sha256"])


# ---- no network ------------------------------------------------------------------------------
def test_pages_are_read_without_the_network(tmp_path, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("a network connection was attempted")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    inputs = [page(tmp_path, "library.html", LIBRARY), warc(tmp_path / "news.warc.gz")]
    result = cli("extract", *map(str, inputs))
    assert result.exit_code == 0, result.stderr
    assert len({c["doc_id"] for c in lines(result.stdout)}) == 2
