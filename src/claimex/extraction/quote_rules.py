"""Attribute direct quotations to their cue and source.

For every quotation the text around it is searched for an attribution: after it in the same
sentence (“X,” said Okoro), before it (Okoro said: “X”), between two halves of one quote
(“A,” she said, “B”). A quote with no attribution of its own continues the previous claim
when nothing but white space (or a paragraph break) separates them, or is given to the
speaker that the sentence before it introduced.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from spacy.tokens import Token

from claimex.extraction.candidates import Candidate
from claimex.extraction.grammar import find_subject
from claimex.extraction.mentions import PERSON_HEADS
from claimex.extraction.quotes import CLOSING_MARKS, Quote, paragraphs
from claimex.extraction.text_index import TextIndex
from claimex.rules import QuoteRule, RuleSet
from claimex.rules.words import words

TERMINAL = {".", "!", "?", ";"}
SHORT_QUOTE_WORDS = 4
# tokens that may stand between a quote and the cue after it besides the source itself
BETWEEN_AFTER_POS = {"PUNCT", "SPACE", "ADV", "AUX", "PART"}
BLOCKING_DEPS = {
    "ccomp",
    "xcomp",
    "conj",
    "ROOT",
    "advcl",
    "parataxis",
    "csubj",
    "mark",
    "pcomp",
}


@dataclass
class Attribution:
    cue: Token
    zone_end: int  # character where the attribution ends
    adjacent: bool  # only punctuation between cue and quote
    colon: bool  # the attribution ends with a colon right before the quote
    ends_at_quote: bool = False  # (after) the zone runs into the next quote
    source: Token | None = None
    source_range: tuple[int, int] | None = None  # when the parse gave no subject


class QuoteAttributor:
    """Finds the attribution of every quotation of a document."""

    def __init__(self, rules: RuleSet) -> None:
        self.rules: dict[str, QuoteRule] = rules.quote_rules()
        self.lemmas = set(rules.lemmas("quote", "VERB"))
        self.reporting = set(rules.lemmas("ccomp", "VERB"))

    def _is_cue(self, tok: Token) -> bool:
        if tok.lower_ == "according" and tok.i + 1 < len(tok.doc) and tok.nbor().lower_ == "to":
            return True
        return tok.pos_ in ("VERB", "AUX") and tok.lemma_.lower() in self.lemmas

    # ---- zones --------------------------------------------------------------------------
    def _after(self, q: Quote, index: TextIndex, para_end: int) -> Attribution | None:
        doc = index.doc
        zone: list[Token] = []
        ends_at_quote = False
        inner = index.text[q.start : q.end].rstrip(CLOSING_MARKS)
        if inner.endswith(".") and not inner.endswith("..."):
            nxt = next(
                (doc[i] for i in index.tokens_in(q.end, para_end) if not doc[i].is_space), None
            )
            if nxt is not None and nxt.text[:1].isupper():
                # “... home.” Analysts said ... / “... home.” Asked about it, she said ...:
                # the quote ended its sentence
                return None
        for i in index.tokens_in(q.end, para_end):
            tok = doc[i]
            other = index.quote_around(tok.idx)
            if (
                other is not None
                and other.start >= q.end
                and _words(index.text[other.start : other.end]) >= SHORT_QUOTE_WORDS
            ):  # a short one is a nickname or a term inside the attribution: go on
                ends_at_quote = other.start == tok.idx
                break
            zone.append(tok)
            if tok.text in TERMINAL:
                break
        dash = _dash_attribution(zone)
        if dash is not None:
            cue, first, last = dash
            src = index.trim(first.idx, last.idx + len(last.text), keep_quotes=False)
            end = zone[-1].idx + len(zone[-1].text)
            return Attribution(cue, end, True, False, ends_at_quote, last, src)
        for pos, tok in enumerate(zone):
            if not self._is_cue(tok):
                continue
            # a subject inside the quote ("“My reaction ...,” the strategist said") is the
            # parser's mistake; the speaker is outside
            subj = next(
                (c for c in tok.children if c.dep_ == "nsubj" and q.end <= c.idx),
                None,
            ) or self._source_of(tok)
            if subj is not None and q.start <= subj.idx < q.end:
                subj = None
            between = [t for t in zone[:pos] if not t.is_space]
            loose: tuple[int, int] | None = None
            if subj is None:
                subj = _loose_source(tok, between)
                if subj is not None and subj.i < tok.i:
                    # the words between the quote and the cue are the source's
                    loose = index.trim(between[0].idx, tok.idx, keep_quotes=False)
            allowed = set(range(subj.left_edge.i, subj.right_edge.i + 1)) if subj else set()
            if loose:
                allowed |= {t.i for t in between}
            if any(
                t.i not in allowed
                and t.pos_ not in BETWEEN_AFTER_POS
                and not (t.is_title and t.i + 1 in allowed)  # "Tulsa police Chief Jordan"
                for t in between
            ):
                return None
            if not adjacent_cue(between) and any(
                c.dep_ == "ccomp"
                and c.left_edge.i <= tok.i + 2
                and index.quote_around(c.idx) is None
                for c in tok.rights
            ):
                return None  # “...” Analysts said the move was risky: a new sentence
            zone_end = zone[-1].idx + len(zone[-1].text)
            adjacent = all(t.is_punct for t in between)
            return Attribution(tok, zone_end, adjacent, False, ends_at_quote, subj, loose)
        return None

    @staticmethod
    def _lead(q: Quote, index: TextIndex, para_lo: int) -> list[Token]:
        """The words of the sentence before the quote (back to the previous sentence end,
        quote or paragraph start)."""
        doc = index.doc
        zone: list[Token] = []
        i = index.token_at(q.start) - 1
        while i >= 0 and doc[i].idx >= para_lo:
            tok = doc[i]
            if tok.text in TERMINAL and index.quote_around(tok.idx) is None:
                break
            other = index.quote_around(tok.idx)
            if other is not None and other.end <= q.start:
                break
            zone.append(tok)
            i -= 1
        zone.reverse()
        return [t for t in zone if not t.is_space]

    def _before(
        self, q: Quote, index: TextIndex, para_lo: int, prev_para: tuple[int, int] | None
    ) -> Attribution | None:
        doc = index.doc
        zone = self._lead(q, index, para_lo)
        if not zone and prev_para is not None and index.text[q.start - 1 : q.start].isspace():
            text = index.text[prev_para[0] : prev_para[1]].rstrip()
            if text.endswith(":"):
                last = index.token_at(prev_para[0] + len(text) - 1)
                j = last
                while j > 0 and doc[j - 1].idx >= prev_para[0] and doc[j - 1].text not in TERMINAL:
                    j -= 1
                zone = [doc[k] for k in range(j, last + 1) if not doc[k].is_space]
        if not zone:
            return None
        colon = zone[-1].text == ":"
        for pos in range(len(zone) - 1, -1, -1):
            tok = zone[pos]
            if not self._is_cue(tok):
                continue
            between = zone[pos + 1 :]
            if any(t.pos_ in ("VERB", "AUX") and t.dep_ in BLOCKING_DEPS for t in between):
                return None
            if any(t.dep_ == "mark" or t.lower_ == "that" for t in between):
                return None
            if any(
                c.dep_ in ("ccomp", "dobj")
                and c.i > tok.i
                and c.idx < q.start
                and c.lower_ != "“"
                and not c.is_punct
                and not _addressee(tok, c, zone)
                for c in tok.children
            ):
                return None  # Okoro said the plan was “dead”: reported speech, not a quote
            adjacent = all(t.is_punct for t in between)
            return Attribution(tok, q.end, adjacent, colon, source=self._source_of(tok))
        return None

    @staticmethod
    def _source_of(cue: Token) -> Token | None:
        if cue.lower_ == "according":
            to = next((c for c in cue.children if c.lower_ == "to"), None)
            if to is None and cue.i + 1 < len(cue.doc):
                to = cue.nbor()
            return next((c for c in to.children if c.dep_ == "pobj"), None) if to else None
        return find_subject(cue)

    # ---- the pass over all quotes -------------------------------------------------------
    def __call__(self, index: TextIndex) -> list[Candidate]:
        text = index.text
        paras = paragraphs(text)
        quotes = index.quotes
        out: list[Candidate] = []
        prev: Candidate | None = None
        prev_end = -1  # where the previous quote claim's attribution ends
        i = 0
        while i < len(quotes):
            q = quotes[i]
            p = _para_index(paras, q.start)
            p_lo = paras[p][0] if p is not None else 0
            q_para_end = paras[_para_index(paras, q.end - 1) or 0][1] if paras else len(text)
            prev_para = paras[p - 1] if p else None
            short = _words(text[q.start : q.end]) < SHORT_QUOTE_WORDS
            after = self._after(q, index, q_para_end) if "after" in self.rules else None
            before = self._before(q, index, p_lo, prev_para) if "before" in self.rules else None
            if short:
                # a short quote is a quote of speech only when set off by its own punctuation
                if after and text[q.start : q.end].rstrip(CLOSING_MARKS)[-1:] not in ",.!?":
                    after = None
                if (
                    before
                    and not before.colon
                    and not (before.adjacent and _ends_sentence(q, text))
                ):
                    before = None  # Okoro said, “No.” is a quote; a word in quotes is not
            chosen: tuple[str, Attribution] | None = None
            if before and (before.colon or (before.adjacent and not after)):
                chosen = ("before", before)
            elif after:
                chosen = ("after", after)
            elif before:
                chosen = ("before", before)

            lead: list[Token] = []
            if chosen is not None and chosen[0] == "after":
                lead = [t for t in self._lead(q, index, p_lo) if not t.is_punct]
                if any(self._is_cue(t) or t.lemma_.lower() in self.reporting for t in lead):
                    chosen = None  # the quote is part of another attribution's clause
                elif sum(t.is_alpha for t in lead) < 3 or not any(
                    t.pos_ in ("VERB", "AUX") and t.is_alpha for t in lead
                ):
                    lead = []  # no clause before the quote, only a label or stray words
            if chosen is not None:
                position, att = chosen
                cand = self._make(position, att, [q], index, [i])
                if lead:
                    # Gore tried to ... and he “made a mistake,” Lichtman said: the sentence
                    # before the quote is part of what Lichtman said
                    cand.content[0] = (lead[0].idx, q.end)
                consumed = 1
                if (
                    position == "after"
                    and att.ends_at_quote
                    and i + 1 < len(quotes)
                    and "split" in self.rules
                ):
                    q2 = quotes[i + 1]
                    q2_end = paras[_para_index(paras, q2.end - 1) or 0][1]
                    if self._after(q2, index, q2_end) is None:
                        cand.content.append((q2.start, q2.end))
                        cand.quotes.append(i + 1)
                        cand.rule = self.rules["split"].id
                        cand.priority = self.rules["split"].priority
                        consumed = 2
                        att.zone_end = q2.end
                out.append(cand)
                prev = cand
                prev_end = max(att.zone_end, cand.end)
                i += consumed
                continue

            if (
                prev is not None
                and "continued" in self.rules
                and text[prev_end : q.start].strip() == ""
            ):
                prev.content.append((q.start, q.end))
                prev.quotes.append(i)
                rid = self.rules["continued"].id
                if rid not in prev.extended_by:
                    prev.extended_by.append(rid)
                prev_end = q.end
                i += 1
                continue

            intro = self._introduced(q, index, prev_para) if "introduced" in self.rules else None
            if intro is not None and not short:
                rule = self.rules["introduced"]
                src = index.noun_phrase(intro)
                cand = Candidate(
                    rule=rule.id,
                    priority=rule.priority,
                    content=[(q.start, q.end)],
                    source=src,
                    source_token=intro.i if src else None,
                    anchor_token=index.token_at(q.start),
                    quotes=[i],
                )
                out.append(cand)
                prev, prev_end = cand, q.end
            i += 1
        return out

    def follow_ups(self, chosen: list[Candidate], index: TextIndex) -> list[Candidate]:
        """A quote with no attribution right after a sentence whose claim ends it ("Patel
        said the plan was dead. “We tried everything.”") is that speaker's too: a new claim
        with the same source and cue."""
        rule = self.rules.get("follows")
        if rule is None:
            return []
        covered = sorted((a, b) for c in chosen for a, b in c.content)
        by_sentence: dict[int, Candidate] = {}
        for cand in chosen:
            if cand.cue_token is not None:
                by_sentence[index.sent_of[cand.cue_token]] = cand
        out: list[Candidate] = []
        for n, q in enumerate(index.quotes):
            if _words(index.text[q.start : q.end]) < SHORT_QUOTE_WORDS:
                continue
            if any(a <= q.start and q.end <= b for a, b in covered):
                continue
            first = index.token_at(q.start)
            prev_sent = index.sent_of[first] - 1
            if first == 0 or index.sent_of[first - 1] != prev_sent:
                continue  # the quote must open its sentence
            owner = by_sentence.get(prev_sent)
            if owner is None or owner.quotes:
                continue
            gap = index.text[index.doc[first - 1].idx + len(index.doc[first - 1].text) : q.start]
            if gap.strip():
                continue
            out.append(
                Candidate(
                    rule=rule.id,
                    priority=rule.priority,
                    content=[(q.start, q.end)],
                    cue=owner.cue,
                    cue_token=None,
                    source=owner.source,
                    source_token=owner.source_token,
                    anchor_token=first,
                    quotes=[n],
                    shared_cue_token=owner.cue_token,
                )
            )
        return out

    def _make(
        self, position: str, att: Attribution, qs: list[Quote], index: TextIndex, ids: list[int]
    ) -> Candidate:
        rule = self.rules[position]
        cue = att.cue
        cue_ids = [cue.i]
        if cue.lower_ == "according":
            cue_ids.append(cue.i + 1)
        for child in cue.children:
            if child.dep_ == "prt" and child.i == cue.i + 1:
                cue_ids.append(child.i)
        subj = att.source
        src = index.noun_phrase(subj, stop=cue_ids) if subj is not None else None
        if att.source_range is not None and att.source_range[0] < att.source_range[1]:
            src = att.source_range
        return Candidate(
            rule=rule.id,
            priority=rule.priority,
            content=[(q.start, q.end) for q in qs],
            cue=index.token_range(min(cue_ids), max(cue_ids)),
            cue_token=cue.i,
            source=src,
            source_token=subj.i if subj is not None and src else None,
            anchor_token=cue.i,
            quotes=list(ids),
        )

    @staticmethod
    def _introduced(q: Quote, index: TextIndex, prev_para: tuple[int, int] | None) -> Token | None:
        """The subject of the sentence that ends the previous paragraph, when it names a
        person and the quote opens its own paragraph right after it."""
        text = index.text
        if prev_para is None or text[prev_para[1] : q.start].strip():
            return None
        doc = index.doc
        last = index.token_at(prev_para[1] - 1)
        sent = doc[last].sent
        if any(index.quote_around(t.idx) for t in sent):
            return None
        root = sent.root
        subj = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is None:
            return None
        if subj.ent_type_ == "PERSON" or subj.lower_ in ("he", "she"):
            return subj
        if subj.pos_ == "PROPN" and any(
            e.label_ == "PERSON" and subj.text in e.text.split() for e in index.ents
        ):
            return subj  # a surname the recogniser tagged as a person elsewhere
        if subj.lemma_.lower() in PERSON_HEADS and subj.pos_ == "NOUN":
            return subj
        return None


DASHES = words().attribution_dashes
# verbs whose object is the person spoken to: told reporters, “...” / asked him: “...”
ADDRESSEE_VERBS = words().addressee_verbs


def _addressee(cue: Token, obj: Token, zone: list[Token]) -> bool:
    """The object of `cue` is the person addressed and only a comma or colon follows it
    before the quote (she told reporters, “...”), so the quote is still what was said."""
    return (
        obj.dep_ == "dobj"
        and cue.lemma_.lower() in ADDRESSEE_VERBS
        and obj.pos_ in ("NOUN", "PROPN", "PRON")
        and zone[-1].text in (",", ":")
        and obj.right_edge.i < zone[-1].i
        and all(not t.is_punct or t.text in ".,-’'" for t in zone if obj.i <= t.i < zone[-1].i)
    )


def _ends_sentence(q: Quote, text: str) -> bool:
    """The quote closes on its own terminal mark (“No.” / “Really?”) and ends the sentence."""
    inner = text[q.start : q.end].rstrip(CLOSING_MARKS)
    if inner[-1:] not in (".", "!", "?"):
        return False
    rest = text[q.end : q.end + 40].lstrip(" \u00a0")
    return not rest or rest[0] == "\n" or rest[0].isupper() or rest[0] in "“\"'‘("


def adjacent_cue(between: list[Token]) -> bool:
    """Nothing but punctuation between a quote and its cue: “...,” said X is an inverted
    attribution whatever the parser made of the words after the cue."""
    return all(t.is_punct for t in between)


def _dash_attribution(zone: list[Token]) -> tuple[Token, Token, Token] | None:
    """“...” ― Carla Sanchez: a dash and a name after a quote attribute it.

    Returns the dash (the cue) and the first and last token of the name."""
    words = [t for t in zone if not t.is_space]
    if len(words) < 2 or words[0].text not in DASHES:
        return None
    name = []
    for tok in words[1:]:
        if tok.text in TERMINAL or tok.text == ",":
            break
        name.append(tok)
    if not name or len(name) > 6 or not name[0].is_title:
        return None
    if any(t.pos_ in ("VERB", "AUX") and not t.is_title for t in name):
        return None
    heads = [t for t in name if t.pos_ in ("PROPN", "NOUN")]
    return (words[0], name[0], heads[-1] if heads else name[-1])


NOUN_PHRASE_POS = {"PROPN", "NOUN", "DET", "ADJ", "ADP", "NUM", "PRON", "PART", "PUNCT", "CCONJ"}


def _loose_source(cue: Token, between: list[Token]) -> Token | None:
    """The source when the parser gave the cue no subject: the noun phrase between the quote
    and the cue (“...,” William Daley, a former adviser, said), or right after the cue
    (“...,” said Daley)."""
    if between and all(t.pos_ in NOUN_PHRASE_POS | {"ADV", "AUX"} or t.is_title for t in between):
        ids = {t.i for t in between}
        roots = [t for t in between if t.head.i not in ids and t.pos_ in ("PROPN", "NOUN", "PRON")]
        if roots:
            return roots[0]
        names = [t for t in between if t.pos_ in ("PROPN", "NOUN")]
        if names:
            return names[-1]
    nxt = cue.i + 1
    if nxt < len(cue.doc) and cue.doc[nxt].pos_ in ("PROPN", "NOUN", "DET", "ADJ"):
        tok = cue.doc[nxt]
        while tok.head.i != tok.i and tok.head.i > cue.i and tok.head.pos_ in ("PROPN", "NOUN"):
            tok = tok.head
        if tok.pos_ in ("PROPN", "NOUN"):
            return tok
    return None


def _para_index(paras: list[tuple[int, int]], char: int) -> int | None:
    n = bisect_right(paras, (char, len(paras) and 1 << 62)) - 1
    if n >= 0 and paras[n][0] <= char < paras[n][1]:
        return n
    return None


def _words(text: str) -> int:
    return sum(1 for w in text.split() if any(ch.isalnum() for ch in w))
