"""Character and token look-ups over one parsed document: positions, quotes, sentences,
trimmed ranges and noun phrases."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence

from spacy.attrs import IDX
from spacy.tokens import Doc, Span, Token

from claimex.extraction.quotes import ALL_MARKS, Quote
from claimex.rules.words import words

CharRange = tuple[int, int]

ABBREVIATION_END = re.compile(r"(?:\b|^)(?:[A-Za-z]\.){2,}$")
TRAILING_CONJUNCTION = re.compile(r"(?:(?<=\s)|(?<=,))(?:and|but|or)$")
EDGE_PUNCT = set(",;:.!?—–-()[]{}…/*•|") | {"--"}
CLOSING = {")": "(", "]": "["}
# an author-year citation after a name: "Okafor (2011)", "Okafor (2011a, p. 12)"
CITATION_YEAR = re.compile(r"\((?:c\. ?)?[12]\d{3}[a-z]?(?:[,:;] ?(?:pp?\. ?)?\d+(?:[-–]\d+)?)?\)")
RELATIVE_PRONOUNS = words().relative_pronouns
SETTING_NOUNS = words().setting_nouns


class TextIndex:
    """Character/token look-ups for one Doc, and the quotes found in its text."""

    def __init__(self, doc: Doc, quotes: Sequence[Quote], text: str | None = None) -> None:
        self.doc = doc
        self.text = doc.text if text is None else text
        self.starts: list[int] = doc.to_array([IDX]).tolist() if len(doc) else []
        self.quotes = list(quotes)
        self.quote_starts = [q.start for q in self.quotes]
        self.ents = list(doc.ents)  # doc.ents walks the whole document on every access
        self.ent_starts = [e.start for e in self.ents]
        self.sent_of = [0] * len(doc)
        self.sent_bounds: list[tuple[int, int]] = []
        for n, sent in enumerate(doc.sents):
            self.sent_bounds.append((sent.start, sent.end))
            for i in range(sent.start, sent.end):
                self.sent_of[i] = n

    def token_at(self, char: int) -> int:
        """Index of the token that holds (or last starts before) character `char`."""
        return max(0, bisect_right(self.starts, char) - 1)

    def quote_around(self, char: int) -> Quote | None:
        """The quotation holding character `char` (quotes are disjoint and ordered)."""
        n = bisect_right(self.quote_starts, char) - 1
        if n >= 0 and char < self.quotes[n].end:
            return self.quotes[n]
        return None

    def ents_between(self, lo: int, hi: int) -> list[Span]:
        """The entities that lie inside tokens lo..hi."""
        n = bisect_left(self.ent_starts, lo)
        out: list[Span] = []
        while n < len(self.ents) and self.ents[n].start < hi:
            if self.ents[n].end <= hi:
                out.append(self.ents[n])
            n += 1
        return out

    def tokens_in(self, lo: int, hi: int) -> range:
        """Tokens that start in [lo, hi)."""
        return range(bisect_right(self.starts, lo - 1), bisect_right(self.starts, hi - 1))

    # ---- character ranges -------------------------------------------------------------
    def trim(self, lo: int, hi: int, keep_quotes: bool = True) -> CharRange:
        """Strip white space and punctuation at both ends of [lo, hi).

        Quote marks stay when their partner lies inside the range, so that a direct quote
        keeps its marks and a stray one does not.
        """
        text = self.text
        changed = True
        while changed and lo < hi:
            changed = False
            while lo < hi and (text[lo].isspace() or text[lo] in EDGE_PUNCT):
                lo += 1
                changed = True
            while hi > lo and (text[hi - 1].isspace() or text[hi - 1] in EDGE_PUNCT):
                if text[hi - 1] == "." and ABBREVIATION_END.search(text, max(lo, hi - 12), hi):
                    break  # "the U.S.", "9 a.m.": the period belongs to the word
                if text[hi - 1] in CLOSING and _opened(text, lo, hi - 1):
                    break  # "Sen. Ada Reyes (D-Ore.)": a closing bracket with its partner
                hi -= 1
                changed = True
            tail = TRAILING_CONJUNCTION.search(text, max(lo, hi - 5), hi)
            if tail is not None and tail.start() > lo:
                hi = tail.start()  # "... reckless, and": the next clause was cut away
                changed = True
            if lo < hi and text[lo] in ALL_MARKS:
                q = self.quote_around(lo)
                if not (keep_quotes and q is not None and q.start == lo and q.end <= hi):
                    lo += 1
                    changed = True
            if hi > lo and text[hi - 1] in ALL_MARKS:
                q = self.quote_around(hi - 1)
                if not (keep_quotes and q is not None and q.end == hi and q.start >= lo):
                    hi -= 1
                    changed = True
        return lo, hi

    def token_range(self, first: int, last: int) -> CharRange:
        """Characters from the start of token `first` to the end of token `last`."""
        doc = self.doc
        return doc[first].idx, doc[last].idx + len(doc[last].text)

    def subtree_range(self, tok: Token) -> CharRange:
        return self.token_range(tok.left_edge.i, tok.right_edge.i)

    def tokens_ranges(self, indices: Iterable[int]) -> list[CharRange]:
        """Contiguous runs of the given token indices, as character ranges."""
        out: list[CharRange] = []
        run: list[int] = []
        for i in sorted(set(indices)):
            if run and i != run[-1] + 1:
                out.append(self.token_range(run[0], run[-1]))
                run = []
            run.append(i)
        if run:
            out.append(self.token_range(run[0], run[-1]))
        return out

    def noun_phrase(self, head: Token, stop: Iterable[int] = ()) -> CharRange | None:
        """The full noun phrase headed by `head` (appositions and modifiers included),
        cut before any token of `stop` (the cue) and any quotation it does not start in."""
        stops = set(stop)
        lo_i, hi_i = head.left_edge.i, head.right_edge.i
        left = [i for i in stops if lo_i <= i < head.i]
        right = [i for i in stops if head.i < i <= hi_i]
        if left:
            lo_i = max(left) + 1
        if right:
            hi_i = min(right) - 1
        doc = self.doc
        for child in head.rights:
            # "Velden Terminals, in a statement, said": the setting is not the source
            # and nor is it without the commas after "in" ("Velden Terminals in a statement")
            if (
                child.dep_ == "prep"
                and child.i > lo_i
                and (doc[child.i - 1].text == "," or child.lower_ == "in")
                and any(g.lemma_.lower() in SETTING_NOUNS for g in child.children)
            ):
                hi_i = min(hi_i, child.i - 1)
                break
        if head.pos_ == "PROPN" and head.dep_ == "pobj" and head.head.head.i > head.i:
            # the object of a fronted phrase that the parser gave the cue's subject: "In a
            # 2011 study Okafor found" is Okafor's finding, not the study's
            while lo_i < head.i and not all(t.pos_ == "PROPN" for t in doc[lo_i : head.i]):
                lo_i += 1
        hi_i = past_hyphen(doc, hi_i, stops)
        run = et_al_run(doc, head.i)
        if run is not None and not any(run[0] <= i <= run[1] for i in stops):
            lo_i, hi_i = min(lo_i, run[0]), max(hi_i, run[1])
        for i in range(head.i + 1, hi_i + 1):
            if doc[i].is_ancestor(head):  # an apposition hung across its verb: "Okoro
                hi_i = i - 1  # spoke to the moment—a moment of change—and told us"
                break
        hi_i = before_citation(doc, lo_i, hi_i)
        while hi_i > lo_i and (doc[hi_i].dep_ == "case" or doc[hi_i].is_punct):
            if doc[hi_i].text in CLOSING and _opened(self.text, doc[lo_i].idx, doc[hi_i].idx):
                break  # "Sen. Ada Reyes (D-Ore.)" keeps its closing bracket
            hi_i -= 1  # the governor's claim: the source is "The governor"
        lo, hi = self.token_range(lo_i, hi_i)
        q = self.quote_around(head.idx)
        for quote in self.quotes:
            if quote is q or quote.end <= lo or quote.start >= hi:
                continue
            if quote.start > head.idx:
                hi = min(hi, quote.start)
            else:
                lo = max(lo, quote.end)
        lo, hi = self.trim(lo, hi, keep_quotes=False)
        if self.text.endswith(" et al", lo, hi) and self.text.startswith(".", hi):
            hi += 1
        return (lo, hi) if lo < hi else None


HYPHENS = ("-", "–")


def _opened(text: str, lo: int, close: int) -> bool:
    """Whether the bracket at `close` has its opening partner in text[lo:close]."""
    want, depth = CLOSING[text[close]], 0
    for ch in reversed(text[lo:close]):
        if ch == text[close]:
            depth += 1
        elif ch == want:
            if depth == 0:
                return True
            depth -= 1
    return False


def et_al_run(doc: Doc, i: int) -> tuple[int, int] | None:
    """The first and last token of "Name et al." around token `i` (the parser splits it
    into pieces: "Ada Okafor et al." can have three subjects), or None."""
    e = i
    while e < min(len(doc) - 1, i + 4) and doc[e].lower_ != "et" and doc[e].pos_ == "PROPN":
        e += 1
    if doc[e].lower_ != "et":
        e = i - 1 if doc[i].lower_ in ("al", "al.") else i - 2 if doc[i].text == "." else -1
    if e < 1 or e + 1 >= len(doc) or doc[e].lower_ != "et":
        return None
    if doc[e + 1].lower_ not in ("al", "al.") or not doc[e - 1].text[:1].isupper():
        return None
    lo, hi = e - 1, e + 1
    while lo > max(0, e - 4) and doc[lo - 1].pos_ == "PROPN" and doc[lo - 1].is_alpha:
        lo -= 1
    if hi + 1 < len(doc) and doc[hi + 1].text == "." and not doc[hi].whitespace_:
        hi += 1
    return (lo, hi) if lo <= i <= hi else None


def before_citation(doc: Doc, lo_i: int, hi_i: int) -> int:
    """The last token of a phrase before a citation in brackets that ends it, an author-year
    one ("Okafor (2011)" is Okafor) or a link ("a survey (data: www.example.org)"), or
    `hi_i`."""
    if doc[hi_i].text != ")":
        return hi_i
    k = hi_i - 1
    while k > lo_i and doc[k].text != "(" and hi_i - k < 12:
        k -= 1
    if k <= lo_i or doc[k].text != "(":
        return hi_i
    if CITATION_YEAR.fullmatch(doc[k : hi_i + 1].text) or any(t.like_url for t in doc[k:hi_i]):
        return k - 1
    return hi_i


def past_hyphen(doc: Doc, hi_i: int, stops: Iterable[int] = ()) -> int:
    """The last token of a phrase the parser cut inside a hyphenated word ("The vice" of
    "The vice-president", "Facebook co" of "Facebook co-founder Ada Okoro"): the word after
    the hyphen, and the noun it is a compound of."""
    k = hi_i + 1
    if k + 1 >= len(doc) or doc[k].text not in HYPHENS or doc[hi_i].whitespace_:
        return hi_i
    if doc[k].whitespace_ or not doc[k + 1].is_alpha:
        return hi_i
    end = k + 1
    while doc[end].dep_ == "compound" and end < doc[end].head.i <= end + 4:
        end = doc[end].head.i  # "founder" to "Mark" to "Zuckerberg"
    if any(k <= i <= end for i in stops):
        return hi_i
    return end
