"""Find quotations in raw text, character by character.

Quote marks are paired on the text itself, not on tokens, so that offsets stay exact and the
tokenizer's view of `"` does not matter. Handles curly and straight double quotes, the
NYT-style ``''…''``, guillemets, single quotes at the top level (headlines, British style),
nested quotes, and news-style quotes that run over several paragraphs (every paragraph opens
with a quote mark, only the last one closes). Apostrophes (`workers’`, `’90s`, `rock ’n’ roll`)
are not quote marks, nor is a double mark inside a word; a `“` typed where a closing mark
belongs (`win,“ she said`) closes.

A quotation whose closing mark is missing (or a stray opening mark) is bounded, so that it
never swallows the claims after it (`Quote.closed` is False):

- it ends at the first of: the next opening mark, the end of its sentence, an attribution
  of its own (`“This is the end, Jones said.` ends before the comma);
- it keeps the rest of its paragraph only when it leads it as a block of speech (after
  `said:` or `he continued,`, or opening the paragraph after one that ends with a colon:
  `Transcript as follows:`), and only in a paragraph of news size: the one "paragraph" of
  a text without line breaks bounds nothing;
- it runs on into the next paragraph (news style) only when that paragraph opens with a
  quote mark, the rest of its own paragraph holds no attribution (`, Jones said`, a
  sentence that opens with `Brown said`), and the next paragraph's quotation is not a
  closed one with an attribution of its own (`“...,” Patel said`), unless the quote that
  runs on resumes an attributed one (`“A,” she said. “B.` then `“C,” she added.`) or has
  run over a paragraph already (`“A.` `“B.` `“C,” she said.`);
- single quotes pair within their sentence unless the closing mark follows punctuation
  (`‘We will win. We always do,’ she said`), so a stray one meets no possessive far away.

The attribution patterns read the raw text with the verb forms of `rules/words.json`
(`attribution_verbs`); sentence ends skip `abbreviations` and initials.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from claimex.rules.words import words

OPEN_DOUBLE = "“„«"
CLOSE_DOUBLE = "”»"
OPEN_SINGLE = "‘‹"
CLOSE_SINGLE = "’›"
ALL_MARKS = OPEN_DOUBLE + CLOSE_DOUBLE + OPEN_SINGLE + CLOSE_SINGLE + "\"'`"
# every character a mark can start with: _marks looks only at these
_MARK_CHAR = re.compile(f"[{re.escape(ALL_MARKS)}]")
# what may end a quotation's text after its last word (“ too: `win,“ she said`)
CLOSING_MARKS = "”“»\"'’ "

_PARAGRAPH = re.compile(r"[^\n]+")
_OPEN_CONTEXT = set(" \t\u00a0([{—–-/:;") | {"\n"}
# a sentence ends at . ! ? … (and the marks and brackets closing on it) before a capital,
# a digit or an opening mark
_SENTENCE_END = re.compile(r"[.!?…]+[”’\"')\]]*(?=\s+[“‘\"'(\[]?[A-Z0-9])")
_ABBREVIATED = re.compile(r"([A-Za-z.]+)\.$")
_INITIALS = re.compile(r"(?:[A-Za-z]\.)*[A-Za-z]")
_SINGLE_CLOSE_AFTER = set(".,!?;:…—–-")
MAX_PARAGRAPH = 1500  # longer than 99.9% of news paragraphs (PolNeAR, GUM)


@dataclass(frozen=True)
class Quote:
    """A quotation: `start` is its opening mark, `end` is just after its closing mark.

    `closed` is False when no closing mark was found and the quotation was bounded.
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


@dataclass(frozen=True)
class _Patterns:
    """Raw-text attributions that bound an unclosed quotation."""

    in_sentence: re.Pattern[str]  # “This is the end, Jones said / , said the minister
    sentence_start: re.Pattern[str]  # a sentence that opens with "Brown said"
    after_close: re.Pattern[str]  # ” Patel said / ,” said Patel after a closing mark


@lru_cache(maxsize=1)
def _patterns() -> _Patterns:
    verbs = "|".join(sorted(words().attribution_verbs, key=len, reverse=True))
    verb = rf"(?:{verbs})(?![\w’'-])"
    pronoun = r"(?:[Hh]e|[Ss]he|[Tt]hey)"
    det = r"(?:[Tt]he|[Aa]n?|[Hh]is|[Hh]er|[Tt]heir|[Ii]ts|[Oo]ur)"
    role = rf"{det}\s+(?:[\w’'-]+\s+){{0,3}}?[\w’'-]+"
    cap = r"(?!(?:I|It|We|You|They|So|And|But|Then|This|That|There)\b)[A-Z][\w’'.-]*"
    # "Jones", "Prime Minister Lena Hoffmann", "Opposition leader Helena Vrba", "Rep. Lee (D-Ore.)"
    name = rf"{cap}(?:(?:\s+[\w’'.-]+){{0,4}}?\s+{cap})?(?:\s+\([^()\n]{{1,20}}\))?"
    subject = rf"(?:{pronoun}|{role}|{name})"
    apposition = r"(?:,[^,“”\"\n]{1,80},)?"
    inverted = rf"{verb}\s+(?:{pronoun}|{det}|{cap})"
    return _Patterns(
        in_sentence=re.compile(rf",\s+(?:{subject}{apposition}\s+{verb}|{inverted})"),
        sentence_start=re.compile(rf"(?:{subject}{apposition}\s+{verb}|According to\b)"),
        after_close=re.compile(rf",?\s+(?:{subject}{apposition}\s+{verb}|{inverted})"),
    )


def _flanks(text: str, pos: int, width: int) -> tuple[bool, bool]:
    """(can_open, can_close) of the mark at `pos` by what stands either side of it."""
    before = text[pos - 1] if pos > 0 else "\n"
    after = text[pos + width] if pos + width < len(text) else "\n"
    can_open = (before.isspace() or before in _OPEN_CONTEXT) and not after.isspace()
    can_close = not before.isspace() and (
        after.isspace() or not after.isalnum() or after in ALL_MARKS
    )
    return can_open, can_close


def _marks(text: str, lo: int, hi: int) -> list[_Mark]:
    out: list[_Mark] = []
    taken = lo  # a doubled mark ('' or ``) takes the character after it too
    for found in _MARK_CHAR.finditer(text, lo, hi):
        i = found.start()
        if i < taken:
            continue
        ch = text[i]
        nxt = text[i + 1] if i + 1 < hi else ""
        before = text[i - 1] if i > lo else "\n"
        in_word = before.isalnum() and nxt.isalnum()
        if ch in OPEN_DOUBLE or ch in CLOSE_DOUBLE or ch == '"':
            if in_word:
                pass  # a double mark between two letters quotes nothing
            elif ch in CLOSE_DOUBLE:
                out.append(_Mark(i, 1, True, False, True))
            elif ch == '"':
                can_open, can_close = _flanks(text, i, 1)
                if not can_open and not can_close:
                    can_open = can_close = True  # a mark between spaces
                out.append(_Mark(i, 1, True, can_open, can_close))
            else:
                mark = _opening(text, i, True)
                if mark is not None:
                    out.append(mark)
        elif ch in "'`" and nxt == ch:
            # NYT style ''quote'' and LaTeX style ``quote''
            can_open, can_close = _flanks(text, i, 2)
            if ch == "`":
                can_open, can_close = True, False
            out.append(_Mark(i, 2, True, can_open, can_close))
            taken = i + 2
            continue
        elif ch in OPEN_SINGLE or ch in CLOSE_SINGLE or ch == "'":
            if in_word:
                pass  # apostrophe inside a word: don't, it’s, rock’n’roll
            elif ch in OPEN_SINGLE:
                mark = _opening(text, i, False)
                if mark is not None:
                    out.append(mark)
            else:
                can_open, can_close = _flanks(text, i, 1)
                if ch in CLOSE_SINGLE:
                    can_open = False
                if can_open or can_close:
                    out.append(_Mark(i, 1, False, can_open, can_close))
    return out


def _opening(text: str, pos: int, double: bool) -> _Mark | None:
    """An opening mark (“ „ « ‘ ‹) where it stands: it opens unless it is glued to the word
    before it with a space after it (`days.« Okoro`); there “ and ‘ were typed for ” and ’
    (`win,“ she said`) and close, the others mark nothing."""
    can_open, can_close = _flanks(text, pos, 1)
    if can_open or not can_close:
        return _Mark(pos, 1, double, True, False)
    if text[pos] in "“‘":
        return _Mark(pos, 1, double, False, True)
    return None


def _pair_paragraph(text: str, lo: int, hi: int) -> tuple[list[Quote], int | None]:
    """Pair the marks of one paragraph.

    Returns its top-level quotes in order and the position of a double quote still open at
    the end of the paragraph, if any (bounded or run on by the caller).
    """
    quotes: list[Quote] = []
    open_double: int | None = None
    open_single: int | None = None
    for mark in _marks(text, lo, hi):
        if mark.double:
            if open_double is None:
                if mark.opens:
                    open_double = mark.pos
                    open_single = None
            elif mark.closes:
                quotes.append(Quote(open_double, mark.pos + mark.width, True))
                open_double = None
            elif mark.opens:
                # a second opener while one is open: the first was never closed
                quotes.append(_unclosed(text, open_double, mark.pos))
                open_double = mark.pos
        elif open_double is None:
            # top-level single quotes; inside double quotes they are nested and ignored
            if mark.closes and open_single is not None and _single_closes(text, open_single, mark):
                quotes.append(Quote(open_single, mark.pos + 1, False))
                open_single = None
            elif mark.opens:
                open_single = mark.pos  # single quotes do not nest in single quotes
    return quotes, open_double


def _single_closes(text: str, start: int, mark: _Mark) -> bool:
    """A single closing mark after a sentence end closes only after punctuation (`...,’ she
    said`); else it is an apostrophe (`the workers’ union`)."""
    return (
        _sentence_end(text, start + 1, mark.pos) is None
        or text[mark.pos - 1] in _SINGLE_CLOSE_AFTER
    )


def _sentence_end(text: str, lo: int, hi: int) -> int | None:
    """Just after the first sentence end in [lo, hi), if any."""
    for m in _SENTENCE_END.finditer(text, lo, hi):
        if text[m.start()] == ".":
            word = _ABBREVIATED.search(text, max(lo, m.start() - 20), m.start() + 1)
            if word is not None and (
                word.group(1).lower() in words().abbreviations or _INITIALS.fullmatch(word.group(1))
            ):
                continue  # Mr. Hale, J.M. Barrie
        return m.end()
    return None


def _unclosed(text: str, start: int, limit: int) -> Quote:
    """A quotation opened at `start` with no closing mark before `limit`: it ends at an
    attribution of its own or at the first sentence end, whichever comes first."""
    end = limit
    m = _patterns().in_sentence.search(text, start + 1, limit)
    if m is not None:
        end = m.start()  # before the comma: “This is the end, Jones said
    sent = _sentence_end(text, start + 1, end)
    if sent is not None:
        end = sent
    return Quote(start, _trim_end(text, end), True, closed=False)


def _runs_on(text: str, start: int, hi: int) -> bool:
    """May a quotation opened at `start` and not closed in its paragraph (which ends at
    `hi`) go on to the paragraph's end? Not through an attribution of the narrator's."""
    patterns = _patterns()
    if patterns.in_sentence.search(text, start + 1, hi):
        return False
    if patterns.sentence_start.match(text, start + 1, hi):
        return False  # “Brown said ...: a stray mark before the narrator's sentence
    pos = start + 1
    while (pos := _sentence_end(text, pos, hi) or hi) < hi:
        while pos < hi and text[pos].isspace():
            pos += 1
        if patterns.sentence_start.match(text, pos, hi):
            return False
    return True


def _attributed(text: str, end: int, hi: int) -> bool:
    """An attribution follows the closing mark at `end` (“...,” Patel said)."""
    return _patterns().after_close.match(text, end, hi) is not None


def _resumes(text: str, before: Quote, start: int) -> bool:
    """Does the quotation opened at `start` go on from `before`, a closed one whose
    attribution is all that stands between them (“A,” she said on Friday. “B ...)?"""
    if not (before.double and before.closed and _attributed(text, before.end, start)):
        return False
    end = _sentence_end(text, before.end, start)
    return end is None or not text[end:start].strip()


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


@dataclass
class _Run:
    """A quotation running on over paragraphs: from `start` to `end` so far."""

    start: int
    end: int
    paragraphs: int
    lo: int  # the start of its first paragraph
    limit: int  # the end of its first paragraph
    resumes: bool  # it goes on after an attributed quotation (“A,” she said. “B ...)

    def stop(self, text: str) -> Quote:
        if self.paragraphs == 1 and not _leads(text, self.start, self.lo, self.limit):
            return _unclosed(text, self.start, self.limit)
        return Quote(self.start, self.end, True, closed=False, paragraphs=self.paragraphs)


def _leads(text: str, start: int, lo: int, hi: int) -> bool:
    """Does the quotation opened at `start` lead the rest of its paragraph [lo, hi) as a
    block of speech (it follows `said:` or `he continued,`, or opens the paragraph after one
    that ends with a colon), in a paragraph of news size? Then it may keep the paragraph
    when its closing mark is lost."""
    if hi - lo > MAX_PARAGRAPH:
        return False  # a text without line breaks: its "paragraph" tells nothing
    before = text[lo:start].rstrip()
    if not before:
        return text[:lo].rstrip().endswith(":")  # Transcript as follows:
    if before.endswith(":"):
        return True
    if before.endswith(","):
        word = before[:-1].rsplit(None, 1)[-1:]
        return bool(word) and word[0].lower() in words().attribution_verbs
    return False


def find_quotes(text: str) -> list[Quote]:
    """Every top-level quotation in `text`, in order, without overlaps."""
    out: list[Quote] = []
    run: _Run | None = None
    for lo, hi in paragraphs(text):
        quotes, still_open = _pair_paragraph(text, lo, hi)
        if run is not None:
            first = _opens_paragraph(text, lo, hi)
            if first is not None and still_open == first and _runs_on(text, first, hi):
                run.paragraphs += 1
                run.end = _trim_end(text, hi)
                continue
            if (
                first is not None
                and quotes
                and quotes[0].start == first
                and quotes[0].closed
                and (run.resumes or run.paragraphs > 1 or not _attributed(text, quotes[0].end, hi))
            ):
                out.append(Quote(run.start, quotes.pop(0).end, True, True, run.paragraphs + 1))
            else:
                out.append(run.stop(text))
            run = None
        out.extend(quotes)
        if still_open is not None:
            if _runs_on(text, still_open, hi):
                resumes = bool(quotes) and _resumes(text, quotes[-1], still_open)
                run = _Run(still_open, _trim_end(text, hi), 1, lo, hi, resumes)
            else:
                out.append(_unclosed(text, still_open, hi))
    if run is not None:
        out.append(run.stop(text))
    return out
