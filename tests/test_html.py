"""`extract --format html`: one self-contained page; checked as written and in a real browser.

The browser tests drive Debian's headless Chromium over the DevTools protocol on a pipe
(`--remote-debugging-pipe`, so no extra package) and read the DOM after the page's
scripts ran. They skip where Chromium is not installed; CI installs it.
"""

from __future__ import annotations

import base64
import contextlib
import io
import json
import os
import select
import shutil
import struct
import subprocess
import time
from collections import defaultdict
from html.parser import HTMLParser
from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from claimex.cli import app
from claimex.reports.speaker_stats import speaker_keys
from claimex.views.html import HtmlWriter, marked_text
from conftest import EXAMPLES, ROOT

HOSTILE_ID = 'news/<script>alert("id")</script>.txt'
HOSTILE = (
    "Markup <b>in</b> the headline & <i>more</i>\r\n\r\n"
    "<script>alert(1)</script><script>document.documentElement.dataset.pwned = 'script'"
    "</script><img src=x onerror=\"document.documentElement.dataset.pwned = 'img'\">\r\n\r\n"
    "“We will <b>not</b> back down </span></div>,” said Ada Okoro, who smiled 🙂.\r\n\r\n"
    "Okoro said the <script>alert(2)</script> offer was an insult.\r\n"
)


# -- the page as written --------------------------------------------------------------------


class SpanTree(HTMLParser):
    """Rebuilds, from HTML, the text and every highlighted element with the text it holds."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.open: list[dict] = []
        self.spans: list[dict] = []

    def handle_starttag(self, tag, attrs):
        assert tag == "span", tag
        span = {**dict(attrs), "text": []}
        self.open.append(span)
        self.spans.append(span)

    def handle_endtag(self, tag):
        assert tag == "span" and self.open, tag
        self.open.pop()

    def handle_data(self, data):
        self.text.append(data)
        for span in self.open:
            span["text"].append(data)


def parse_marked(markup: str) -> tuple[str, list[dict]]:
    tree = SpanTree()
    tree.feed(markup)
    tree.close()
    assert not tree.open, "an element was left open"
    return "".join(tree.text), [{**s, "text": "".join(s["text"])} for s in tree.spans]


def expected_pieces(claims: list[dict], length: int) -> dict[tuple[str, str, int], tuple]:
    """(claim id, role, piece) -> (start, end), from the claims alone."""
    out = {}
    for claim in claims:
        for role in ("source", "cue"):
            if claim.get(role):
                out[(claim["claim_id"], role, 0)] = (claim[role]["start"], claim[role]["end"])
        content = claim["content"]
        for i, frag in enumerate(content.get("fragments") or [content]):
            out[(claim["claim_id"], "content", i)] = (frag["start"], frag["end"])
    return {k: v for k, v in out.items() if 0 <= v[0] < v[1] <= length}


def check_elements(text: str, claims: list[dict], elements: list[dict]) -> None:
    """Every element holds text[start:end] of its own offsets, and the elements of each
    claim piece lie end to end over exactly that piece."""
    groups: dict[tuple[str, str, int], list[tuple[int, int]]] = defaultdict(list)
    for el in elements:
        start, end = int(el["data-start"]), int(el["data-end"])
        assert el["text"] == text[start:end], el
        groups[(el["data-claim"], el["data-role"], int(el["data-piece"]))].append((start, end))
    expected = expected_pieces(claims, len(text))
    assert set(groups) == set(expected)
    for key, parts in groups.items():
        parts.sort()
        assert parts[0][0] == expected[key][0] and parts[-1][1] == expected[key][1], key
        assert all(a[1] == b[0] for a, b in pairwise(parts)), (key, parts)


def claim(cid: str, content: tuple[int, int], **spans: tuple[int, int]) -> dict:
    def span(bounds: tuple[int, int]) -> dict:
        return {"text": "", "start": bounds[0], "end": bounds[1]}

    return {
        "claim_id": cid,
        "type": "indirect",
        "source": span(spans["source"]) if "source" in spans else None,
        "cue": span(spans["cue"]) if "cue" in spans else None,
        "speaker": None,
        "content": {**span(content), "fragments": []},
        "rule": "test",
    }


def test_crossing_claims_are_cut_into_nested_elements():
    text = "abcdefghijklmnopqrstuvwxyz"
    claims = [
        claim("c1", (0, 10), cue=(12, 14)),
        claim("c2", (5, 15), source=(5, 8)),  # crosses c1's content
        claim("c3", (20, 26), source=(20, 26), cue=(20, 26)),  # three pieces, one extent
    ]
    markup = marked_text(text, claims, [1, 2, 3])
    rebuilt, elements = parse_marked(markup)
    assert rebuilt == text
    check_elements(text, claims, elements)
    c2 = sorted(
        (int(e["data-start"]), int(e["data-end"]))
        for e in elements
        if e["data-claim"] == "c2" and e["data-role"] == "content"
    )
    assert c2 == [(5, 10), (10, 15)]


@st.composite
def texts_and_claims(draw):
    length = draw(st.integers(5, 60))
    text = draw(st.text(alphabet="ab <>&\r\n“”é🙂", min_size=length, max_size=length))
    bounds = st.tuples(st.integers(0, length), st.integers(0, length)).map(sorted)
    claims = []
    for n in range(draw(st.integers(0, 6))):
        spans = {role: tuple(draw(bounds)) for role in ("source", "cue") if draw(st.booleans())}
        item = claim(f"c{n + 1}", tuple(draw(bounds)), **spans)
        frags = draw(st.lists(bounds, max_size=3))
        item["content"]["fragments"] = [{"text": "", "start": a, "end": b} for a, b in frags]
        claims.append(item)
    return text, claims


@settings(max_examples=300, deadline=None)
@given(texts_and_claims())
def test_any_overlap_gives_elements_that_match_the_offsets(case):
    text, claims = case
    rebuilt, elements = parse_marked(marked_text(text, claims, list(range(len(claims)))))
    assert rebuilt == text
    check_elements(text, claims, elements)


def test_markup_in_text_and_ids_is_escaped_and_sections_stream():
    out = io.StringIO()
    writer = HtmlWriter(out)
    writer.write(HOSTILE_ID, HOSTILE, [claim("c1", (0, 6))])
    written = out.getvalue()
    assert f'data-doc-id="{HOSTILE_ID}"' not in written
    assert "<script>alert" not in written and "<b>" not in written and "<img" not in written
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in written
    assert "&#13;\n" in written  # CR kept: the parser would turn a raw CR into LF
    assert "</html>" not in written, "the section is written before close"
    writer.close()
    page = out.getvalue()
    assert page.count("<script") == 1 and page.rstrip().endswith("</html>")
    assert "&lt;script&gt;alert(&quot;id&quot;)&lt;/script&gt;.txt" in page


def test_unencodable_characters_do_not_break_the_page():
    out = io.StringIO()
    writer = HtmlWriter(out)
    writer.write("odd", "a\x00b\ud800c said d", [claim("c1", (0, 5))])
    writer.close()
    out.getvalue().encode("utf-8")  # lone surrogates would raise here


def test_cli_writes_html_to_a_file_and_stdout(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("“We will not back down,” said Ada Okoro.\n", encoding="utf-8")
    page = tmp_path / "out.html"
    runner = CliRunner()
    result = runner.invoke(app, ["extract", str(article), "-f", "html", "-o", str(page)])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    html = page.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and html.rstrip().endswith("</html>")
    assert 'data-role="source"' in html and "Ada Okoro" in html
    piped = runner.invoke(app, ["extract", str(article), "--format", "html"])
    assert piped.exit_code == 0 and piped.stdout.startswith("<!DOCTYPE html>")


# -- the page in a browser ------------------------------------------------------------------


class Chromium:
    """Headless Chromium driven over the DevTools protocol on a pipe."""

    TIMEOUT = 30.0

    def __init__(self, binary: str, profile: Path) -> None:
        to_browser_r, self._to_browser = os.pipe()
        self._from_browser, from_browser_w = os.pipe()
        flags = [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--hide-scrollbars",
            f"--user-data-dir={profile}",
            "--remote-debugging-pipe",
        ]
        self._log = (profile.parent / "chromium.log").open("wb")
        # the protocol wants the pipe on the browser's file descriptors 3 and 4 (bash, as
        # dash cannot redirect descriptors above 9)
        redirect = f'exec "$0" "$@" 3<&{to_browser_r} 4>&{from_browser_w}'
        self.proc = subprocess.Popen(
            [shutil.which("bash") or "/bin/bash", "-c", redirect, binary, *flags],
            pass_fds=(to_browser_r, from_browser_w),
            stdin=subprocess.DEVNULL,
            stdout=self._log,
            stderr=self._log,
        )
        os.close(to_browser_r)
        os.close(from_browser_w)
        self._buffer = b""
        self._id = 0
        self.events: list[dict] = []
        target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        self.session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True})[
            "sessionId"
        ]
        self.page("Page.enable")
        size = {"width": 1400, "height": 900, "deviceScaleFactor": 1, "mobile": False}
        self.page("Emulation.setDeviceMetricsOverride", size)

    def _receive(self, deadline: float) -> dict:
        while b"\0" not in self._buffer:
            wait = deadline - time.monotonic()
            if wait <= 0 or not select.select([self._from_browser], [], [], wait)[0]:
                raise TimeoutError("Chromium did not answer in time")
            chunk = os.read(self._from_browser, 1 << 16)
            if not chunk:
                raise EOFError("Chromium closed the pipe")
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(message)

    def call(self, method: str, params: dict | None = None, session: str | None = None) -> dict:
        self._id += 1
        message = {"id": self._id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self._to_browser, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + self.TIMEOUT
        while True:
            reply = self._receive(deadline)
            if reply.get("id") == self._id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply["result"]
            self._event(reply)

    def _event(self, event: dict) -> None:
        self.events.append(event)
        if event.get("method") == "Page.javascriptDialogOpening":
            # an alert() blocks the page: note it (the tests fail on it) and dismiss it
            self.page("Page.handleJavaScriptDialog", {"accept": True})

    def page(self, method: str, params: dict | None = None) -> dict:
        return self.call(method, params, self.session)

    def open(self, url: str) -> None:
        self.events.clear()
        self.page("Page.navigate", {"url": url})
        deadline = time.monotonic() + self.TIMEOUT
        while not any(e.get("method") == "Page.loadEventFired" for e in self.events):
            self._event(self._receive(deadline))

    def js(self, expression: str):
        reply = self.page("Runtime.evaluate", {"expression": expression, "returnByValue": True})
        if "exceptionDetails" in reply:
            raise AssertionError(reply["exceptionDetails"])
        return reply["result"].get("value")

    def mouse(self, kind: str, x: float, y: float) -> None:
        params = {"type": kind, "x": x, "y": y, "button": "left", "clickCount": 1}
        if kind == "mouseMoved":
            params["button"] = "none"
        self.page("Input.dispatchMouseEvent", params)

    def click(self, x: float, y: float) -> None:
        self.mouse("mouseMoved", x, y)
        self.mouse("mousePressed", x, y)
        self.mouse("mouseReleased", x, y)

    def key(self, key: str) -> None:
        for kind in ("keyDown", "keyUp"):
            self.page("Input.dispatchKeyEvent", {"type": kind, "key": key, "code": key})

    def screenshot(self) -> bytes:
        return base64.b64decode(self.page("Page.captureScreenshot", {"format": "png"})["data"])

    def close(self) -> None:
        with contextlib.suppress(OSError, EOFError, TimeoutError, RuntimeError):
            self.call("Browser.close")
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        os.close(self._to_browser)
        os.close(self._from_browser)
        self._log.close()


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    binary = shutil.which("chromium") or shutil.which("chromium-browser")
    if binary is None:
        pytest.skip("Chromium is not installed (CI installs Debian's chromium package)")
    chrome = Chromium(binary, tmp_path_factory.mktemp("chromium") / "profile")
    yield chrome
    chrome.close()


@pytest.fixture(scope="module")
def documents():
    """The six examples and a hostile article, with claims extracted now."""
    import claimex

    docs = [
        (path.relative_to(ROOT).as_posix(), path.read_bytes().decode("utf-8"))
        for path in sorted(EXAMPLES.glob("*.txt"))
    ]
    docs.append((HOSTILE_ID, HOSTILE))
    claims = claimex.extract_many(docs)
    return [
        (doc_id, text, [c.model_dump(mode="json") for c in found])
        for (doc_id, text), found in zip(docs, claims, strict=True)
    ]


@pytest.fixture(scope="module")
def page(browser, documents, tmp_path_factory):
    path = tmp_path_factory.mktemp("page") / "claims.html"
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = HtmlWriter(out)
        for doc_id, text, claims in documents:
            writer.write(doc_id, text, claims)
        writer.close()
    browser.open(path.as_uri())
    return browser


DOM_SECTIONS = """JSON.stringify([...document.querySelectorAll("section.doc")].map((s) => ({
  id: s.dataset.docId,
  text: s.querySelector(".text").textContent,
  marks: [...s.querySelectorAll(".text .cx")].map((m) => ({
    "data-claim": m.dataset.claim, "data-role": m.dataset.role, "data-piece": m.dataset.piece,
    "data-start": m.dataset.start, "data-end": m.dataset.end, text: m.textContent})),
})))"""


def test_example_claims_include_nested_and_split_ones(documents):
    # the page tests below are only as good as the claims they check
    claims = [c for _, _, found in documents for c in found]
    assert any(len(c["content"]["fragments"]) > 1 for c in claims)
    spans = [(c["content"]["start"], c["content"]["end"]) for c in claims]
    assert any(a[0] <= b[0] and b[1] <= a[1] and a != b for a in spans for b in spans)
    hostile = documents[-1][2]
    assert any("<b>not</b>" in c["content"]["text"] for c in hostile)


def test_highlighted_elements_match_the_claim_offsets(page, documents):
    sections = json.loads(page.js(DOM_SECTIONS))
    assert [s["id"] for s in sections] == [doc_id for doc_id, _, _ in documents]
    for section, (doc_id, text, claims) in zip(sections, documents, strict=True):
        assert section["text"] == text, doc_id  # CRs, markup and emoji as in the input
        assert section["marks"], doc_id
        check_elements(text, claims, section["marks"])


def test_markup_in_an_article_shows_as_text_and_does_not_run(page):
    assert page.js("document.documentElement.dataset.ready") == "1"  # the page's own script ran
    assert page.js("document.documentElement.dataset.pwned || null") is None
    assert not [e for e in page.events if e.get("method") == "Page.javascriptDialogOpening"]
    counts = page.js(
        "JSON.stringify(['script', 'img', 'b', 'i'].map("
        "(t) => document.querySelectorAll('section.doc ' + t).length))"
    )
    assert json.loads(counts) == [0, 0, 0, 0]
    assert page.js("document.querySelectorAll('script').length") == 1
    hostile = page.js("document.querySelector('section.doc:last-of-type .text').textContent")
    assert "<script>alert(1)</script>" in hostile and "<b>not</b>" in hostile
    heading = page.js("document.querySelector('section.doc:last-of-type h2').textContent")
    assert heading == HOSTILE_ID


def test_the_page_fetches_nothing(page):
    assert page.js("performance.getEntriesByType('resource').length") == 0
    assert page.js("document.querySelectorAll('[src], link, iframe, object').length") == 0


def _centre(page, selector: str) -> tuple[float, float]:
    rect = page.js(
        f"(() => {{ const el = document.querySelector({json.dumps(selector)});"
        "el.scrollIntoView({block: 'center'});"
        "const r = el.getClientRects()[0]; return [r.left + r.width / 2, r.top + r.height / 2];"
        "})()"
    )
    return rect[0], rect[1]


def _card(page) -> dict:
    return json.loads(
        page.js(
            "JSON.stringify({hidden: document.getElementById('cx-card').hidden,"
            " text: document.getElementById('cx-card').innerText})"
        )
    )


def test_hovering_and_clicking_a_claim_shows_its_details(page, documents):
    doc_index, claim = next(
        (n, c)
        for n, (_, _, found) in enumerate(documents, 1)
        for c in found
        if len(c["content"]["fragments"]) > 1 and c["cue"] and c["speaker"]
    )
    section = f"section#d{doc_index}"
    cue = f'{section} .cx-cue[data-claim="{claim["claim_id"]}"]'
    page.mouse("mouseMoved", *_centre(page, cue))
    card = _card(page)
    assert not card["hidden"]
    for shown in (claim["speaker"]["name"], claim["speaker"]["kind"], claim["type"]):
        assert shown in card["text"]
    assert claim["rule"] in card["text"]
    hot = page.js(
        f"[...document.querySelectorAll('{section} .text .cx.hot')]"
        ".map((m) => m.dataset.claim).join(' ')"
    )
    pieces = 2 + len(claim["content"]["fragments"])
    assert set(hot.split()) == {claim["claim_id"]} and len(hot.split()) >= pieces

    page.click(*_centre(page, cue))
    assert "pinned" in _card(page)["text"]
    other = f'{section} .cx-content:not([data-claim="{claim["claim_id"]}"])'
    page.mouse("mouseMoved", *_centre(page, other))
    assert claim["speaker"]["name"] in _card(page)["text"], "a pinned card stays"
    page.key("Escape")
    assert _card(page)["hidden"]


def test_the_details_of_a_flagged_claim_show_its_flags(page, documents):
    doc_index, claim = next(
        (n, c)
        for n, (_, _, found) in enumerate(documents, 1)
        for c in found
        if c["negated"] and c["cue"]
    )
    page.key("Escape")
    cue = f'section#d{doc_index} .cx-cue[data-claim="{claim["claim_id"]}"]'
    page.mouse("mouseMoved", *_centre(page, cue))
    card = _card(page)
    assert not card["hidden"]
    assert "flags" in card["text"] and "negated" in card["text"]
    assert ", ".join(claim["flagged_by"]) in card["text"]
    plain = next(c for c in documents[doc_index - 1][2] if not c["flagged_by"] and c["cue"])
    page.mouse(
        "mouseMoved",
        *_centre(page, f'section#d{doc_index} .cx-cue[data-claim="{plain["claim_id"]}"]'),
    )
    assert "flags" not in _card(page)["text"].split()


def test_speaker_panel_counts_and_colours_match_the_text(page, documents):
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for _, _, claims in documents:
        for key in speaker_keys(claims):
            if key is not None:
                counts[key] += 1
    panel = json.loads(
        page.js(
            "JSON.stringify([...document.querySelectorAll('.spk')].map((b) => [b.dataset.sp,"
            " b.querySelector('.nm').textContent, (b.querySelector('.kd') || {}).textContent,"
            " b.querySelector('.n').textContent]))"
        )
    )
    listed = {(name, kind): int(n) for _, name, kind, n in panel if kind}
    assert listed == counts
    unattributed = sum(c["speaker"] is None for _, _, claims in documents for c in claims)
    assert [int(n) for sp, _, kind, n in panel if sp == "sp0"] == [unattributed]

    by_speaker = {(name, kind): sp for sp, name, kind, _ in panel if kind}
    hues = json.loads(
        page.js(
            "JSON.stringify(Object.fromEntries([...document.querySelectorAll('.spk')].map("
            "(b) => [b.dataset.sp, getComputedStyle(b.querySelector('.sw')).backgroundColor])))"
        )
    )
    assert len(set(hues.values())) == len(hues), "one colour per speaker"
    for n, (_, _, claims) in enumerate(documents, 1):
        for claim, key in zip(claims, speaker_keys(claims), strict=True):
            sp = by_speaker[key] if key else "sp0"
            classes = page.js(
                f"[...document.querySelectorAll('#d{n} .text .cx[data-claim="
                f'"{claim["claim_id"]}"]\')].map((m) => m.classList[2])'
            )
            assert classes and set(classes) == {sp}, (n, claim["claim_id"])
    # clicking a speaker leaves only that speaker's claims highlighted
    sp = panel[0][0]
    page.click(*_centre(page, f'.spk[data-sp="{sp}"]'))
    on = page.js(
        "[...document.querySelectorAll('.text .cx.on')].map((m) => m.classList.contains("
        f"'{sp}')).every(Boolean) && document.body.classList.contains('focus')"
    )
    assert on is True
    page.click(*_centre(page, f'.spk[data-sp="{sp}"]'))
    assert page.js("document.body.classList.contains('focus')") is False


def test_contents_list_every_document(page, documents):
    toc = json.loads(
        page.js(
            "JSON.stringify([...document.querySelectorAll('.toc a')].map((a) => [a.textContent,"
            " document.querySelector(a.getAttribute('href')).dataset.docId,"
            " a.parentElement.querySelector('.n').textContent]))"
        )
    )
    assert toc == [[d, d, str(len(c))] for d, _, c in documents]


def test_screenshot_of_the_example_page(browser, documents, tmp_path):
    """Also makes docs/html-example.png: CLAIMEX_SCREENSHOT=docs/html-example.png pytest ..."""
    path = tmp_path / "examples.html"
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = HtmlWriter(out)
        for doc_id, text, claims in documents[:-1]:
            writer.write(doc_id, text, claims)
        writer.close()
    browser.open(path.as_uri() + "#d1/c2")
    assert "pinned" in _card(browser)["text"]
    png = browser.screenshot()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", png[16:24]) == (1400, 900)
    target = os.environ.get("CLAIMEX_SCREENSHOT")
    if target:
        Path(target).write_bytes(png)


def test_one_person_over_documents_is_one_speaker_of_one_colour():
    def said(name: str, cid: str, **speaker) -> dict:
        out = claim(cid, (0, 4), source=(0, 4))
        out["speaker"] = {"name": name, "kind": "person", "entity": "e1"} | speaker
        return out

    role = {"text": "senator", "start": 0, "end": 7}
    out = io.StringIO()
    writer = HtmlWriter(out)
    writer.write("a", "Text one.", [said("Lena Marsh", "c1", role=role, gender="female")])
    writer.write("b", "Text two.", [said("Marsh", "c1", gender_evidence="title")])
    writer.close()
    page = out.getvalue()
    buttons = [b for b in page.split('<button type="button" class="spk ')[1:]]
    assert len(buttons) == 1
    assert 'data-sp="sp1 sp2"' in buttons[0] and ">Lena Marsh<" in buttons[0]
    assert ".sp1{--h:210.0;--s:70%}.sp2{--h:210.0;--s:70%}" in page
    assert 'data-speaker-role="senator"' in page and 'data-gender="female"' in page


def test_the_card_shows_the_speakers_role_affiliation_and_gender(browser, tmp_path):
    text = "Lena Marsh said the ferry would run."
    found = claim("c1", (16, 35), source=(0, 10), cue=(11, 15))
    found["speaker"] = {
        "name": "Lena Marsh",
        "kind": "person",
        "entity": "e1",
        "role": {"text": "spokeswoman", "start": 0, "end": 11},
        "affiliation": {"text": "the ferry operator", "start": 0, "end": 18},
        "gender": "female",
        "gender_evidence": "role_noun",
    }
    card = _card_of_one_claim(browser, tmp_path, text, found)
    for shown in ("spokeswoman", "the ferry operator", "female (role noun)"):
        assert shown in card


def test_the_card_says_when_the_speaker_is_several(browser, tmp_path):
    text = "Researchers said the sample was small."
    found = claim("c1", (17, 38), source=(0, 11), cue=(12, 16))
    found["speaker"] = {"name": "Researchers", "kind": "person", "number": "plural"}
    assert "person, plural" in _card_of_one_claim(browser, tmp_path, text, found)


def _card_of_one_claim(browser, tmp_path, text: str, found: dict) -> str:
    """The text of the card of a page with one document and its one claim, opened at it."""
    path = tmp_path / "card.html"
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = HtmlWriter(out)
        writer.write("doc", text, [found])
        writer.close()
    browser.open(path.as_uri() + "#d1/c1")
    return str(_card(browser)["text"])
