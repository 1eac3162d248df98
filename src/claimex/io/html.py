"""A self-contained HTML page: each article with its claims highlighted (`--format html`).

One file, its CSS and JavaScript inline, nothing fetched. Each document's section is written
(and flushed) when the document is done; the contents list, the speaker panel and the
speaker colours, which need every document, are written at close.

Every highlighted element carries `data-claim`, `data-role` (source, cue, content),
`data-piece` (which content fragment) and `data-start`/`data-end`, offsets into the
original text of exactly the text it holds. Where two claims' pieces cross, a piece is cut
into several elements so that elements nest.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TextIO

from claimex.speaker_stats import SpeakerTally, add_document, claim_example, select_rows
from claimex.views.palette import SpeakerNumbers, speaker_hue
from claimex.views.pieces import claim_pieces, nested_parts

# Characters the HTML parser would change: it turns CR into LF and drops NUL. A CR written
# as a character reference survives, which keeps the DOM text equal to the input text.
_UNSAFE = re.compile("[\x00\r\ud800-\udfff]")


def _safe(match: re.Match[str]) -> str:
    return "&#13;" if match.group() == "\r" else "\ufffd"


def _text(s: str) -> str:
    return _UNSAFE.sub(_safe, html.escape(s, quote=False))


def _attr(s: object) -> str:
    return _UNSAFE.sub(_safe, html.escape(str(s), quote=True))


def marked_text(text: str, claims: Sequence[Mapping[str, Any]], numbers: Sequence[int]) -> str:
    """The article as HTML with every claim piece wrapped in a `span.cx`."""
    out: list[str] = []
    pos = 0
    stack: list[int] = []  # ends of the open elements
    for part in nested_parts(claim_pieces(claims, len(text))):
        while stack and stack[-1] <= part.start:
            end = stack.pop()
            out.append(_text(text[pos:end]) + "</span>")
            pos = end
        out.append(_text(text[pos : part.start]))
        pos = part.start
        piece = part.piece
        claim = claims[piece.claim]
        out.append(
            f'<span class="cx cx-{piece.role} sp{numbers[piece.claim]}"'
            f' data-claim="{_attr(claim["claim_id"])}" data-role="{piece.role}"'
            f' data-piece="{piece.index}" data-start="{part.start}" data-end="{part.end}">'
        )
        stack.append(part.end)
    while stack:
        end = stack.pop()
        out.append(_text(text[pos:end]) + "</span>")
        pos = end
    out.append(_text(text[pos:]))
    return "".join(out)


def _claim_row(doc_anchor: str, claim: Mapping[str, Any], number: int) -> str:
    # the row's id is for the script; links use "#d1/c2", which names no element, so that
    # the browser leaves scrolling to the script (which shows the claim in the text)
    anchor = f"{doc_anchor}-{claim['claim_id']}"
    link = f"{doc_anchor}/{claim['claim_id']}"
    speaker = claim.get("speaker") or {}
    cue = claim.get("cue") or {}
    source = claim.get("source") or {}
    data = {
        "claim": claim["claim_id"],
        "speaker": speaker.get("name", ""),
        "kind": speaker.get("kind", ""),
        "resolved": speaker.get("resolved_by", ""),
        "type": claim["type"],
        "rule": claim["rule"],
        "extended": " ".join(claim.get("extended_by") or []),
        "cue": cue.get("text", ""),
        "lemma": cue.get("lemma", ""),
        "cue-class": cue.get("cue_class") or "",
        "source": source.get("text", ""),
    }
    attrs = " ".join(f'data-{k}="{_attr(v)}"' for k, v in data.items())
    who = (
        f'<span class="sw"></span>{_text(data["speaker"])} <span class="kd">{_text(data["kind"])}'
        "</span>"
        if speaker
        else '<span class="sw"></span><span class="kd">no source</span>'
    )
    return (
        f'<tr id="{_attr(anchor)}" class="sp{number}" {attrs}>'
        f'<td><a href="#{_attr(link)}">{_text(claim["claim_id"])}</a></td>'
        f"<td>{who}</td><td>{_text(data['cue'])}</td>"
        f"<td>{_text(claim_example(claim))}</td><td>{_text(claim['type'])}</td>"
        f"<td><code>{_text(claim['rule'])}</code></td></tr>"
    )


def _plural(n: int, noun: str) -> str:
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


@dataclass(frozen=True)
class _Entry:
    anchor: str
    doc_id: str
    claims: int


class HtmlWriter:
    """Writes the page section by section: `write(doc_id, text, claims)`, then `close()`."""

    def __init__(self, out: TextIO, title: str = "claimex: who said what") -> None:
        self.out = out
        self.tally = SpeakerTally()
        self.numbers = SpeakerNumbers()
        self.entries: list[_Entry] = []
        self.out.write(_HEAD.replace("{title}", _text(title)))

    def write(self, doc_id: str, text: str, claims: list[dict[str, Any]]) -> None:
        keys = add_document(self.tally, doc_id, claims)
        numbers = [self.numbers(key) for key in keys]
        anchor = f"d{len(self.entries) + 1}"
        self.entries.append(_Entry(anchor, doc_id, len(claims)))
        speakers = len({key for key in keys if key is not None})
        rows = "".join(
            _claim_row(anchor, claim, number) for claim, number in zip(claims, numbers, strict=True)
        )
        self.out.write(
            f'<section class="doc" id="{anchor}" data-doc-id="{_attr(doc_id)}">\n'
            f"<h2>{_text(doc_id)}</h2>\n"
            f'<p class="meta">{_plural(len(claims), "claim")} · {_plural(speakers, "speaker")}'
            "</p>\n"
            f'<div class="text">{marked_text(text, claims, numbers)}</div>\n'
            f'<details class="claims"><summary>Claims ({len(claims):,})</summary>\n'
            "<table><thead><tr><th>#</th><th>speaker</th><th>cue</th><th>content</th>"
            f"<th>type</th><th>rule</th></tr></thead><tbody>\n{rows}</tbody></table></details>\n"
            "</section>\n"
        )
        self.out.flush()

    def close(self) -> None:
        tally = self.tally
        toc = "".join(
            f'<li><a href="#{e.anchor}">{_text(e.doc_id)}</a> <span class="n">{e.claims:,}</span>'
            "</li>"
            for e in self.entries
        )
        speakers = []
        for row in select_rows(tally):
            sp = f"sp{self.numbers((row.name, row.kind))}"
            tip = (
                f"{_plural(row.claims, 'claim')} in {_plural(row.documents, 'document')}: "
                f"{row.direct} direct, {row.indirect} indirect, {row.mixed} mixed"
            )
            speakers.append(
                f'<li><button type="button" class="spk {sp}" data-sp="{sp}" title="{_attr(tip)}">'
                f'<span class="sw"></span><span class="nm">{_text(row.name)}</span> '
                f'<span class="kd">{_text(row.kind)}</span>'
                f'<span class="n">{row.claims:,}</span></button></li>'
            )
        if tally.unattributed:
            speakers.append(
                '<li><button type="button" class="spk sp0" data-sp="sp0" title="claims with no '
                'source, such as “it was reported that …”"><span class="sw"></span>'
                '<span class="nm">without a source</span> '
                f'<span class="n">{tally.unattributed:,}</span></button></li>'
            )
        hues = "".join(
            f".sp{n}{{--h:{speaker_hue(n)};--s:70%}}"
            for n in range(1, len(self.numbers.numbers) + 1)
        )
        self.out.write(
            "</main>\n"
            '<aside id="cx-panel"><h1>claimex</h1>\n'
            f'<p class="summary">{_plural(len(self.entries), "document")} · '
            f"{_plural(tally.claims, 'claim')} · {_plural(len(tally.rows), 'speaker')}</p>\n"
            f'<h2>Contents</h2><ol class="toc">{toc}</ol>\n'
            '<h2>Speakers</h2><p class="hint">Claims per speaker, over all documents. Click a '
            "speaker to show only their claims.</p>\n"
            f'<ol class="speakers">{"".join(speakers)}</ol></aside>\n'
            '<div id="cx-card" class="cx-card" hidden></div>\n'
            f"<style>{hues}</style>\n<script>{_SCRIPT}</script>\n</body>\n</html>\n"
        )
        self.out.flush()


_STYLE = """
:root{color-scheme:light}
*{box-sizing:border-box}
body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;
color:#1f2328;background:#f6f7f9;display:grid;grid-template-columns:minmax(0,1fr) 21rem}
main{grid-column:1;grid-row:1;padding:1.25rem 2.5rem 4rem;max-width:56rem}
aside{grid-column:2;grid-row:1;position:sticky;top:0;height:100vh;overflow:auto;
background:#fff;border-left:1px solid #d8dce1;padding:1rem 1.1rem;font-size:14px}
aside h1{font-size:1.3rem;margin:0}
aside h2{font-size:.8rem;text-transform:uppercase;letter-spacing:.06em;color:#57606a;
margin:1.2rem 0 .4rem}
aside ol{list-style:none;margin:0;padding:0}
.toc li{display:flex;gap:.5rem;justify-content:space-between;padding:.1rem 0}
.toc a{color:#0b5cad;text-decoration:none;overflow-wrap:anywhere}
.summary,.hint,.meta{color:#57606a;margin:.2rem 0}
.n{color:#57606a;font-variant-numeric:tabular-nums}
.spk{display:flex;align-items:baseline;gap:.4rem;width:100%;text-align:left;font:inherit;
background:none;border:0;border-radius:4px;padding:.15rem .3rem;cursor:pointer;color:inherit}
.spk:hover,.spk[aria-pressed=true]{background:#eef1f4}
.spk .nm{flex:1;overflow-wrap:anywhere}
.kd{color:#6e7781;font-size:.85em}
.sw{display:inline-block;width:.8em;height:.8em;border-radius:2px;flex:none;
background:hsl(var(--h) var(--s) 45%)}
header{margin-bottom:1rem}
header h1{font-size:1.5rem;margin:.2rem 0}
.legend span{margin-right:.8rem}
section.doc{margin:0 0 2.5rem}
section.doc h2{font-size:1.15rem;margin:0;overflow-wrap:anywhere}
.text{white-space:pre-wrap;overflow-wrap:anywhere;font:17px/1.75 Georgia,"Times New Roman",serif;
background:#fff;border:1px solid #d8dce1;border-radius:6px;padding:1.1rem 1.4rem;margin:.5rem 0}
.sp0{--h:0;--s:0%}
.cx{cursor:pointer;border-radius:2px}
.cx-content{background:hsl(var(--h) var(--s) 92%);
box-shadow:inset 0 -2px 0 hsl(var(--h) var(--s) 62%)}
.cx-content .cx-content{background:hsl(var(--h) var(--s) 84%)}
.cx-source{color:hsl(var(--h) var(--s) 27%);font-weight:700;
text-decoration:underline 2px hsl(var(--h) var(--s) 45%);text-underline-offset:3px}
.cx-cue{background:hsl(var(--h) var(--s) 36%);color:#fff;font-style:italic}
.cx.hot{outline:2px solid hsl(var(--h) var(--s) 30%);outline-offset:1px}
body.focus .cx:not(.on){background:none;box-shadow:none;color:inherit;font-weight:inherit;
font-style:inherit;text-decoration:none}
details.claims summary{cursor:pointer;color:#57606a}
details.claims table{border-collapse:collapse;width:100%;font-size:13px;margin-top:.4rem}
details.claims th,details.claims td{border-top:1px solid #e3e6ea;padding:.25rem .4rem;
text-align:left;vertical-align:top}
details.claims tr.hot{background:#fff6d6}
details.claims td .sw{margin-right:.3rem}
.cx-card{position:absolute;z-index:10;max-width:24rem;background:#fff;border:1px solid #c9ced4;
border-left:6px solid hsl(var(--h) var(--s) 45%);border-radius:6px;padding:.5rem .8rem;
font-size:14px;box-shadow:0 6px 20px rgba(0,0,0,.15)}
.cx-card .who{font-weight:700;font-size:15px}
.cx-card dl{display:grid;grid-template-columns:auto 1fr;gap:.1rem .7rem;margin:.3rem 0 0}
.cx-card dt{color:#6e7781}
.cx-card dd{margin:0;overflow-wrap:anywhere}
.cx-card .pin{color:#6e7781;font-size:12px;margin-top:.3rem}
@media (max-width:60rem){body{display:block}main{padding:1rem}
aside{position:static;height:auto;border:0;border-top:1px solid #d8dce1}}
"""

_HEAD = (
    '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
    '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
    '<meta name="generator" content="claimex">\n<title>{title}</title>\n'
    f"<style>{_STYLE}</style>\n</head>\n<body>\n<main>\n"
    "<header><h1>Who said what</h1>\n"
    '<p class="legend" style="--h:210;--s:70%"><span class="cx cx-source">source</span>'
    '<span class="cx cx-cue">cue</span><span class="cx cx-content">content</span>'
    "one colour per speaker. Hover over or click a claim for its speaker, kind, type and "
    "rule.</p></header>\n"
)

_SCRIPT = """
(() => {
  "use strict";
  const card = document.getElementById("cx-card");
  let hovered = null, pinned = null;
  const same = (a, b) => a && b && a.sec === b.sec && a.id === b.id;
  const rowOf = (sel) => document.getElementById(sel.sec.id + "-" + sel.id);
  const marksOf = (sel) =>
    sel.sec.querySelectorAll('.cx[data-claim="' + CSS.escape(sel.id) + '"]');
  const selOf = (mark) => ({sec: mark.closest("section.doc"), id: mark.dataset.claim});
  function light(sel, on) {
    if (!sel) return;
    marksOf(sel).forEach((m) => m.classList.toggle("hot", on));
    const row = rowOf(sel);
    if (row) row.classList.toggle("hot", on);
  }
  function add(parent, tag, text, cls) {
    const el = document.createElement(tag);
    el.textContent = text;
    if (cls) el.className = cls;
    parent.append(el);
    return el;
  }
  function fill(sel, isPinned) {
    const d = rowOf(sel).dataset;
    card.replaceChildren();
    card.className = "cx-card " + (rowOf(sel).className.match(/sp\\d+/) || ["sp0"])[0];
    add(card, "div", d.speaker || "no source", "who");
    const dl = add(card, "dl", "");
    const cue = d.cue ? "“" + d.cue + "” (" + [d.lemma, d.cueClass].filter(Boolean).join(", ")
      + ")" : "";
    const rows = [
      ["kind", d.kind + (d.resolved && d.resolved !== "self" ? ", resolved by " + d.resolved
        : "")],
      ["type", d.type],
      ["rule", d.rule + (d.extended ? " + " + d.extended : "")],
      ["cue", cue],
      ["source", d.source],
      ["claim", d.claim + " in " + sel.sec.dataset.docId],
    ];
    for (const [k, v] of rows) {
      if (!v) continue;
      add(dl, "dt", k);
      add(dl, "dd", v);
    }
    if (isPinned) add(card, "div", "pinned: Esc or click elsewhere to close", "pin");
  }
  function show(sel, mark, isPinned) {
    if (!rowOf(sel)) return;
    fill(sel, isPinned);
    card.hidden = false;
    const r = mark.getClientRects()[0] || mark.getBoundingClientRect();
    const left = Math.max(8, Math.min(r.left, document.documentElement.clientWidth
      - card.offsetWidth - 8));
    card.style.left = window.scrollX + left + "px";
    card.style.top = window.scrollY + r.bottom + 6 + "px";
  }
  function hide() {
    light(hovered, false);
    light(pinned, false);
    hovered = pinned = null;
    card.hidden = true;
  }
  function pin(mark) {
    hide();
    pinned = selOf(mark);
    light(pinned, true);
    show(pinned, mark, true);
  }
  document.addEventListener("mouseover", (e) => {
    if (pinned) return;
    const mark = e.target.closest ? e.target.closest(".cx[data-claim]") : null;
    const sel = mark ? selOf(mark) : null;
    if (same(sel, hovered)) return;
    light(hovered, false);
    hovered = sel;
    if (!sel) { card.hidden = true; return; }
    light(sel, true);
    show(sel, mark, false);
  });
  function focusSpeaker(sp) {
    const on = document.body.dataset.focus !== sp;
    document.body.dataset.focus = on ? sp : "";
    document.body.classList.toggle("focus", on);
    document.querySelectorAll(".cx[data-claim]").forEach(
      (m) => m.classList.toggle("on", on && m.classList.contains(sp)));
    document.querySelectorAll(".spk").forEach(
      (b) => b.setAttribute("aria-pressed", String(on && b.dataset.sp === sp)));
  }
  document.addEventListener("click", (e) => {
    const spk = e.target.closest(".spk");
    if (spk) { focusSpeaker(spk.dataset.sp); return; }
    const mark = e.target.closest(".cx[data-claim]");
    if (mark) { pin(mark); return; }
    if (!card.contains(e.target) && !e.target.closest("a")) hide();
  });
  document.addEventListener("keydown", (e) => { if (e.key === "Escape") hide(); });
  function fromHash() {
    const row = location.hash ? document.getElementById(decodeURIComponent(
      location.hash.slice(1)).replace("/", "-")) : null;
    if (!row || !row.dataset.claim) return;
    const sec = row.closest("section.doc");
    const mark = sec.querySelector('.cx[data-claim="' + CSS.escape(row.dataset.claim) + '"]');
    if (!mark) return;
    mark.scrollIntoView({block: "nearest"});
    pin(mark);
  }
  window.addEventListener("hashchange", fromHash);
  fromHash();
  document.documentElement.dataset.ready = "1";
})();
"""
