"""Find quotations in raw text, character by character.

Quote marks are paired on the text itself, not on tokens, so that offsets stay exact and the
tokenizer's view of `"` does not matter. Handles curly and straight double quotes, the
NYT-style ``''…''``, guillemets, single quotes at the top level (headlines, British style),
nested quotes, and news-style quotes that run over several paragraphs (every paragraph opens
with a quote mark, only the last one closes). Apostrophes (`workers’`, `’90s`, `rock ’n’ roll`)
are not quote marks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

OPEN_DOUBLE = "“„«"
CLOSE_DOUBLE = "”»"
OPEN_SINGLE = "‘‹"
CLOSE_SINGLE = "’›"
ALL_MARKS = OPEN_DOUBLE + CLOSE_DOUBLE + OPEN_SINGLE + CLOSE_SINGLE + "\"'`"

_PARAGRAPH = re.compile(r"[^\n]+")
_OPEN_CONTEXT = set(" \t\u00a0([{—–-/:;") | {"\n"}


@dataclass(frozen=True)
class Quote:
    """A quotation: `start` is its opening mark, `end` is just after its closing mark.

    `closed` is False when the text ends the paragraph without a closing mark.
    `paragraphs` counts the paragraphs it runs over.
    """

    start: int
    end: int
    double: bool
    closed: bool = True
    paragraphs: int = 1


@dataclass(frozen=True)
class _Mark:
    pos: int
    width: int
    double: bool
    opens: bool
    closes: bool


def _flanks(text: str, pos: int, width: int) -> tuple[bool, bool]:
    """(can_open, can_close) of an ambiguous straight mark at `pos`."""
    before = text[pos - 1] if pos > 0 else "\n"
    after = text[pos + width] if pos + width < len(text) else "\n"
    can_open = (before.isspace() or before in _OPEN_CONTEXT) and not after.isspace()
    can_close = not before.isspace() and (
        after.isspace() or not after.isalnum() or after in ALL_MARKS
    )
    return can_open, can_close


def _marks(text: str, lo: int, hi: int) -> list[_Mark]:
    out: list[_Mark] = []
    i = lo
    while i < hi:
        ch = text[i]
        nxt = text[i + 1] if i + 1 < hi else ""
        if ch in OPEN_DOUBLE:
            out.append(_Mark(i, 1, True, True, False))
        elif ch in CLOSE_DOUBLE:
            out.append(_Mark(i, 1, True, False, True))
        elif ch == '"':
            can_open, can_close = _flanks(text, i, 1)
            out.append(_Mark(i, 1, True, can_open or not can_close, can_close or not can_open))
        elif ch in "'`" and nxt == ch:
            # NYT style ''quote'' and LaTeX style ``quote''
            can_open, can_close = _flanks(text, i, 2)
            if ch == "`":
                can_open, can_close = True, False
            out.append(_Mark(i, 2, True, can_open, can_close))
            i += 2
            continue
        elif ch in OPEN_SINGLE or ch in CLOSE_SINGLE or ch == "'":
            before = text[i - 1] if i > lo else "\n"
            after = nxt or "\n"
            if before.isalnum() and after.isalnum():
                pass  # apostrophe inside a word: don't, it’s, rock’n’roll
            elif ch in OPEN_SINGLE:
                out.append(_Mark(i, 1, False, True, False))
            else:
                can_open, can_close = _flanks(text, i, 1)
                if ch in CLOSE_SINGLE:
                    can_open = False
                if can_open or can_close:
                    out.append(_Mark(i, 1, False, can_open, can_close))
        i += 1
    return out


def _pair_paragraph(text: str, lo: int, hi: int) -> tuple[list[Quote], int | None]:
    """Pair the marks of one paragraph.

    Returns its top-level quotes in order and the position of a double quote still open at
    the end of the paragraph, if any.
    """
    quotes: list[Quote] = []
    open_double: int | None = None
    single_stack: list[int] = []
    for mark in _marks(text, lo, hi):
        if mark.double:
            if open_double is None:
                if mark.opens:
                    open_double = mark.pos
                    single_stack.clear()
            elif mark.closes:
                quotes.append(Quote(open_double, mark.pos + mark.width, True))
                open_double = None
            elif mark.opens:
                # a second opener while one is open: the first was never closed
                quotes.append(Quote(open_double, _trim_end(text, mark.pos), True, closed=False))
                open_double = mark.pos
        elif open_double is None:
            # top-level single quotes; inside double quotes they are nested and ignored
            if mark.closes and single_stack:
                start = single_stack.pop()
                if not single_stack:
                    quotes.append(Quote(start, mark.pos + 1, False))
            elif mark.opens:
                single_stack.append(mark.pos)
    return quotes, open_double


def _trim_end(text: str, end: int) -> int:
    while end > 0 and text[end - 1].isspace():
        end -= 1
    return end


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of every non-blank line: news paragraphs are lines."""
    return [(m.start(), m.end()) for m in _PARAGRAPH.finditer(text) if m.group().strip()]


def _opens_paragraph(text: str, lo: int, hi: int) -> int | None:
    i = lo
    while i < hi and text[i].isspace():
        i += 1
    if i < hi and (text[i] in OPEN_DOUBLE or text[i] == '"' or text[i : i + 2] in ("''", "``")):
        return i
    return None


def find_quotes(text: str) -> list[Quote]:
    """Every top-level quotation in `text`, in order, without overlaps."""
    out: list[Quote] = []
    run: tuple[int, int, int] | None = None  # (start, paragraphs, end) of a quote running on
    for lo, hi in paragraphs(text):
        quotes, still_open = _pair_paragraph(text, lo, hi)
        if run is not None:
            start, count, run_end = run
            run = None
            first = _opens_paragraph(text, lo, hi)
            if first is not None and still_open == first:
                run = (start, count + 1, _trim_end(text, hi))
                continue
            if first is not None and quotes and quotes[0].start == first:
                out.append(Quote(start, quotes.pop(0).end, True, True, count + 1))
            else:
                out.append(Quote(start, run_end, True, closed=False, paragraphs=count))
        out.extend(quotes)
        if still_open is not None:
            run = (still_open, 1, _trim_end(text, hi))
    if run is not None:
        out.append(Quote(run[0], run[2], True, closed=False, paragraphs=run[1]))
    return out
