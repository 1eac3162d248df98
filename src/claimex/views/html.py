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
from importlib import resources
from typing import Any, TextIO

from claimex.reports.speaker_stats import (
    UNRESOLVED,
    RowKey,
    SpeakerTally,
    add_document,
    claim_example,
    select_rows,
)
from claimex.schemas import ClaimData
from claimex.views.palette import SpeakerNumbers, speaker_hue
from claimex.views.pieces import claim_flags, claim_pieces, nested_parts
from claimex.wording import count


# Characters the HTML parser would change: it turns CR into LF and drops NUL. A CR written
# as a character reference survives, which keeps the DOM text equal to the input text.
def _asset(name: str) -> str:
    """A file of views/assets (the page's CSS and JavaScript, inlined into every page)."""
    return resources.files("claimex.views").joinpath("assets").joinpath(name).read_text("utf-8")


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
        "number": speaker.get("number") or "",
        "resolved": speaker.get("resolved_by", ""),
        "type": claim["type"],
        "rule": claim["rule"],
        "extended": " ".join(claim.get("extended_by") or []),
        "cue": cue.get("text", ""),
        "lemma": cue.get("lemma", ""),
        "cue-class": cue.get("cue_class") or "",
        "source": source.get("text", ""),
        "speaker-role": (speaker.get("role") or {}).get("text", ""),
        "affiliation": (speaker.get("affiliation") or {}).get("text", ""),
        "gender": _gender(speaker),
        "flags": " ".join(claim_flags(claim)),
        "flagged-by": " ".join(claim.get("flagged_by") or []),
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
        f'<td class="flags">{_text(", ".join(claim_flags(claim)))}</td>'
        f"<td><code>{_text(claim['rule'])}</code></td></tr>"
    )


def _gender(speaker: Mapping[str, Any]) -> str:
    """ "female (pronoun)": the gender and what it rests on, or ""."""
    gender = speaker.get("gender")
    if not gender:
        return ""
    evidence = speaker.get("gender_evidence")
    return f"{gender} ({evidence.replace('_', ' ')})" if evidence else str(gender)


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

    def write(self, doc_id: str, text: str, claims: list[ClaimData]) -> None:
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
            f'<p class="meta">{count(len(claims), "claim")} · {count(speakers, "speaker")}'
            "</p>\n"
            f'<div class="text">{marked_text(text, claims, numbers)}</div>\n'
            f'<details class="claims"><summary>Claims ({len(claims):,})</summary>\n'
            "<table><thead><tr><th>#</th><th>speaker</th><th>cue</th><th>content</th>"
            "<th>type</th><th>flags</th><th>rule</th></tr></thead>"
            f"<tbody>\n{rows}</tbody></table></details>\n"
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
        members: dict[RowKey, list[int]] = {}
        for key, target in tally.merged_keys().items():
            members.setdefault(target, []).append(self.numbers(key))
        hue_of = {n: nums[0] for nums in members.values() for n in nums}
        for row in select_rows(tally):
            sp = " ".join(f"sp{n}" for n in members[row.key])
            tip = (
                f"{count(row.claims, 'claim')} in {count(row.documents, 'document')}: "
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
        unresolved = self.numbers(UNRESOLVED) if tally.unresolved else None
        if unresolved is not None:
            speakers.append(
                f'<li><button type="button" class="spk sp{unresolved}" data-sp="sp{unresolved}" '
                'title="claims whose speaker is a pronoun with nothing in the document to '
                'resolve it to"><span class="sw"></span><span class="nm">unresolved speaker</span> '
                f'<span class="n">{tally.unresolved:,}</span></button></li>'
            )
        # one colour per row: a surname merged into a full name takes the full name's colour
        hues = "".join(
            f".sp{n}{{--h:{speaker_hue(hue_of.get(n, n))};--s:70%}}"
            if n != unresolved
            else f".sp{n}{{--h:0;--s:0%}}"
            for n in range(1, len(self.numbers.numbers) + 1)
        )
        self.out.write(
            "</main>\n"
            '<aside id="cx-panel"><h1>claimex</h1>\n'
            f'<p class="summary">{count(len(self.entries), "document")} · '
            f"{count(tally.claims, 'claim')} · {count(len(tally.rows), 'speaker')}</p>\n"
            f'<h2>Contents</h2><ol class="toc">{toc}</ol>\n'
            '<h2>Speakers</h2><p class="hint">Claims per speaker, over all documents. Click a '
            "speaker to show only their claims.</p>\n"
            f'<ol class="speakers">{"".join(speakers)}</ol></aside>\n'
            '<div id="cx-card" class="cx-card" hidden></div>\n'
            f"<style>{hues}</style>\n<script>{_SCRIPT}</script>\n</body>\n</html>\n"
        )
        self.out.flush()


_STYLE = _asset("page.css")
_SCRIPT = _asset("page.js")

_HEAD = (
    '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
    '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
    '<meta name="generator" content="claimex">\n<title>{title}</title>\n'
    f"<style>{_STYLE}</style>\n</head>\n<body>\n<main>\n"
    "<header><h1>Who said what</h1>\n"
    '<p class="legend" style="--h:210;--s:70%"><span class="cx cx-source">source</span>'
    '<span class="cx cx-cue">cue</span><span class="cx cx-content">content</span>'
    "one colour per speaker. Hover over or click a claim for its speaker, kind, type, "
    "flags (negated, question, hypothetical) and rule.</p></header>\n"
)
