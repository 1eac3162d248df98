"""Split long texts into pieces the parser can take, without cutting a quotation.

Pieces end at paragraph breaks where possible, else at sentence-like boundaries, else at
white space; never inside a quotation (unless one quotation alone is longer than a piece).
Offsets of every piece into the original text are kept, so claims map back exactly.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from claimex.quotes import find_quotes

PARAGRAPH_BREAK = re.compile(r"\n\s*\n|\n")
SENTENCE_BREAK = re.compile(r"(?<=[.!?])[\"”’')\]]*\s+")
SPACE = re.compile(r"\s+")


def chunk_text(text: str, max_chars: int) -> Iterator[tuple[int, str]]:
    """(offset, piece) pairs that cover `text` in order, each at most `max_chars` long."""
    if len(text) <= max_chars:
        yield 0, text
        return
    quotes = [(q.start, q.end) for q in find_quotes(text)]
    qi = 0
    start = 0
    n = len(text)
    while start < n:
        if n - start <= max_chars:
            yield start, text[start:]
            return
        limit = start + max_chars
        cut = None
        for pattern in (PARAGRAPH_BREAK, SENTENCE_BREAK, SPACE):
            cut = _last_break(text, start, limit, pattern, quotes, qi)
            if cut is not None:
                break
        if cut is None or cut <= start:
            cut = limit  # one unbroken run longer than a piece: cut it hard
        yield start, text[start:cut]
        start = cut
        while qi < len(quotes) and quotes[qi][1] <= start:
            qi += 1


def _last_break(
    text: str,
    start: int,
    limit: int,
    pattern: re.Pattern[str],
    quotes: list[tuple[int, int]],
    qi: int,
) -> int | None:
    """The last break of `pattern` in (start + limit/2, limit] that is outside any quote."""
    low = start + (limit - start) // 2
    best = None
    for m in pattern.finditer(text, low, limit):
        pos = m.end()
        if pos <= start or pos > limit:
            continue
        if not _inside(pos, quotes, qi):
            best = pos
    return best


def _inside(pos: int, quotes: list[tuple[int, int]], qi: int) -> bool:
    for lo, hi in quotes[qi:]:
        if lo >= pos:
            return False
        if lo < pos < hi:
            return True
    return False
