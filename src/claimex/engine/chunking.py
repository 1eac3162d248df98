"""Split long texts into pieces the parser can take, and map the claims of the pieces back.

Each chunk answers for one part of the text (`start`..`end`, the parts tile the text) and
is parsed with context on both sides (`lo`..`hi`): before it, the sentences that name or
introduce the speakers of its first claims; after it, the rest of a claim that starts at
its end. A claim belongs to the chunk whose part holds its first character; the other chunk
that sees it drops it.

Parts and contexts end at paragraph breaks where possible, else at sentence-like
boundaries, else at white space; never inside a quotation (unless one quotation alone is
longer than a part). Offsets stay offsets into the original text.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass

from claimex.extraction.quotes import find_quotes
from claimex.schemas import ClaimData

PARAGRAPH_BREAK = re.compile(r"\n\s*\n|\n")
SENTENCE_BREAK = re.compile(r"(?<=[.!?])[\"”’')\]]*\s+")
SPACE = re.compile(r"\s+")
BREAKS = (PARAGRAPH_BREAK, SENTENCE_BREAK, SPACE)


@dataclass(frozen=True)
class Chunk:
    """The part `start`..`end` of a text, to be parsed as `lo`..`hi` (context included)."""

    start: int
    end: int
    lo: int
    hi: int


class _Quotes:
    """Is a position inside a quotation? (bisect over the quotes of the whole text)"""

    def __init__(self, text: str) -> None:
        quotes = find_quotes(text)
        self.starts = [q.start for q in quotes]
        self.ends = [q.end for q in quotes]

    def inside(self, pos: int) -> bool:
        n = bisect_right(self.starts, pos - 1) - 1
        return n >= 0 and pos < self.ends[n]


def chunk_text(text: str, max_chars: int, before: int = 0, after: int = 0) -> Iterator[Chunk]:
    """Chunks whose parts cover `text` in order, each part at most `max_chars` long, each
    with `before` to 2 * `before` characters of context before it and `after` to
    2 * `after` after it (less where no break is found)."""
    n = len(text)
    if n <= max_chars:
        yield Chunk(0, n, 0, n)
        return
    quotes = _Quotes(text)
    start = 0
    while start < n:
        if n - start <= max_chars:
            end = n
        else:
            limit = start + max_chars
            end = _break_in(text, start + max_chars // 2, limit, quotes) or limit
        lo = 0 if start <= before else _break_in(text, start - 2 * before, start - before, quotes)
        hi = n if end + after >= n else _break_in(text, end + after, end + 2 * after, quotes)
        yield Chunk(start, end, start if lo is None else lo, end if hi is None else hi)
        start = end


def _break_in(text: str, low: int, limit: int, quotes: _Quotes) -> int | None:
    """The last break in (low, limit] outside any quotation: a paragraph break, else a
    sentence end, else white space. The position is just after the break."""
    low = max(low, 0)
    for pattern in BREAKS:
        best = None
        for m in pattern.finditer(text, low, limit):
            pos = m.end()
            if low < pos <= limit and not quotes.inside(pos):
                best = pos
        if best is not None:
            return best
    return None


def claim_start(claim: ClaimData) -> int:
    """The first character of a claim: of its source, cue or content."""
    spans = (claim["source"], claim["cue"], claim["content"])
    return min(span["start"] for span in spans if span is not None)


def shift_claim(claim: ClaimData, offset: int, sentences: int) -> ClaimData:
    """The claim with its offsets moved by `offset` and its sentence index by `sentences`."""
    if not offset and not sentences:
        return claim
    content = claim["content"]
    for span in (claim["source"], claim["cue"], content, *content["fragments"]):
        if span is not None:
            span["start"] += offset
            span["end"] += offset
    speaker = claim["speaker"]
    if speaker is not None:
        if speaker["start"] is not None and speaker["end"] is not None:
            speaker["start"] += offset
            speaker["end"] += offset
        for part in (speaker["role"], speaker["affiliation"]):
            if part is not None:
                part["start"] += offset
                part["end"] += offset
    claim["sentence"] += sentences
    return claim
