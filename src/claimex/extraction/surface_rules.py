"""Fallback rules on word order, for attributions that the parser gets wrong.

They only see cue words that no dependency or quote rule has taken (they have a lower
priority), and only two shapes that news text uses all the time:

- trailing: "CLAUSE, the two companies announced on Wednesday." (the parser often hangs
  such a tail on a noun);
- that-clause: "X, who ..., posted on LinkedIn that CLAUSE" (the parser often loses the
  main verb of a long subject).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from spacy.tokens import Token

from claimex.extraction.candidates import Candidate
from claimex.extraction.grammar import RELATIVE_PRONOUNS, find_subject
from claimex.extraction.mentions import DOCUMENT_HEADS, ORGANIZATION_HEADS, PERSON_HEADS
from claimex.extraction.quotes import paragraphs
from claimex.extraction.text_index import TextIndex
from claimex.rules import RuleSet, SurfaceRule
from claimex.rules.words import words

FINITE_TAGS = {"VBD", "VBZ", "VBP"}
TAIL_POS = {"DET", "ADJ", "NOUN", "PROPN", "PRON", "NUM", "ADP", "ADV", "PART", "PUNCT", "CCONJ"}
MAX_TAIL = 20
MAX_GAP = 8  # words between a cue and its "that"
CLAUSE_BREAKS = {".", ";", "!", "?"}


class SurfaceRunner:
    def __init__(self, rules: RuleSet) -> None:
        self.rules = rules.surface_rules()
        self.lemmas = {r.id: set(rules.lemmas(r.frame, "VERB")) for r in self.rules}

    def __call__(self, index: TextIndex) -> list[Candidate]:
        out: list[Candidate] = []
        for rule in self.rules:
            if rule.position == "speaker-label":
                out.extend(_speaker_labels(rule, index))
                continue
            handler = _trailing if rule.position == "trailing" else _that_clause
            for lo, hi in index.sent_bounds:
                out.extend(handler(rule, self.lemmas[rule.id], index, lo, hi))
        return out


def _is_cue(tok: Token, lemmas: set[str], index: TextIndex) -> bool:
    return (
        tok.pos_ == "VERB" and tok.lemma_.lower() in lemmas and index.quote_around(tok.idx) is None
    )


def _trailing(
    rule: SurfaceRule, lemmas: set[str], index: TextIndex, lo: int, hi: int
) -> Iterator[Candidate]:
    doc = index.doc
    end = hi - 1
    while end > lo and (doc[end].is_punct or doc[end].is_space):
        end -= 1
    comma = next(
        (
            i
            for i in range(end, lo, -1)
            if doc[i].text in (",", "—", "–") and index.quote_around(doc[i].idx) is None
        ),
        None,
    )
    if comma is None or end - comma > MAX_TAIL or comma - lo < 3:
        return
    tail = [doc[i] for i in range(comma + 1, end + 1)]
    # VBN too: the tagger often reads "the companies announced" as a reduced relative
    cues = [t for t in tail if _is_cue(t, lemmas, index) and t.tag_ in FINITE_TAGS | {"VBN"}]
    if len(cues) != 1:
        return
    cue = cues[0]
    if any(t is not cue and t.pos_ not in TAIL_POS for t in tail):
        return
    if doc[hi - 1].text == "?" or any(
        c.dep_ in ("dobj", "ccomp", "xcomp", "attr", "dative", "oprd") and c.i > cue.i
        for c in cue.children
    ):
        return  # "..., their smiles said a lot": the verb has a complement of its own
    before = [t for t in tail if t.i < cue.i]
    after = [t for t in tail if t.i > cue.i]
    source = _np_root(before) if before else _np_root(_leading_np(after))
    if source is None or source.lower_ in RELATIVE_PRONOUNS:
        return
    clause = doc[lo:comma]
    if not any(t.pos_ in ("VERB", "AUX") for t in clause):
        return
    content = index.trim(clause.start_char, clause.end_char)
    if content[0] >= content[1]:
        return
    src = index.noun_phrase(source, stop=[cue.i])
    if src is not None and src[0] < doc[comma].idx:
        src = None
    yield _candidate(rule, content, cue, source, src, index)


def _that_clause(
    rule: SurfaceRule, lemmas: set[str], index: TextIndex, lo: int, hi: int
) -> Iterator[Candidate]:
    doc = index.doc
    for i in range(lo, hi):
        cue = doc[i]
        if not _is_cue(cue, lemmas, index) or cue.tag_ not in FINITE_TAGS | {"VBG", "VBN"}:
            continue
        that = None
        for j in range(i + 1, min(hi, i + 2 + MAX_GAP)):
            tok = doc[j]
            if tok.lower_ == "that":
                that = tok
                break
            if tok.pos_ in ("VERB", "AUX") or tok.text in CLAUSE_BREAKS:
                break
        if that is None or that.i + 2 >= hi:
            continue
        end = hi - 1
        while end > that.i and (doc[end].is_punct or doc[end].is_space):
            end -= 1
        content = index.trim(that.idx, doc[end].idx + len(doc[end].text))
        subj = find_subject(cue) or _sentence_subject(doc[lo:i])
        src = index.noun_phrase(subj, stop=[cue.i]) if subj is not None else None
        if src is not None and src[1] > cue.idx:
            src = None
        yield _candidate(rule, content, cue, subj, src, index)


NAME_WORD = r"(?:[A-Z][\w'’.\-]*|of|de|van|von|al|bin)"
LABEL = re.compile(rf"""[ \t"“'‘]*([A-Z][\w'’.\-]*(?:[ \t]+{NAME_WORD}){{0,4}}):[ \t]+(?=\S)""")
NOT_SPEAKERS = words().not_speaker_labels
MIN_LABELLED_WORDS = 3
# a label ending in one of these names a speaker even when the recogniser finds no name
# ("Poll: ...", "Analyst: ...")
SPEAKER_HEADS = PERSON_HEADS | DOCUMENT_HEADS | ORGANIZATION_HEADS


def _speaker_labels(rule: SurfaceRule, index: TextIndex) -> Iterator[Candidate]:
    """Paragraphs that open with "NAME:" (transcripts, Q&A, headline attributions)."""
    text = index.text
    for lo, hi in paragraphs(text):
        m = LABEL.match(text, lo, hi)
        if m is None:
            continue
        label = m.group(1)
        if label.lower().rstrip(".") in NOT_SPEAKERS or label.lower() in NOT_SPEAKERS:
            continue
        if not _names_a_speaker(label, index, m.start(1)):
            continue
        colon = m.end(1)
        content = index.trim(m.end(), hi)
        if content[0] >= content[1]:
            continue
        if len(text[content[0] : content[1]].split()) < MIN_LABELLED_WORDS:
            continue
        head = index.token_at(m.start(1) + len(label) - 1)
        yield Candidate(
            rule=rule.id,
            priority=rule.priority,
            content=[content],
            cue=(colon, colon + 1),
            cue_token=index.token_at(colon),
            source=(m.start(1), m.end(1)),
            source_token=head,
            anchor_token=index.token_at(colon),
            cue_may_be_quoted=True,
        )


def _names_a_speaker(label: str, index: TextIndex, start: int) -> bool:
    """A transcript label (WALLACE, Q, A), or a name the recogniser knows ("Pat Caddell:"),
    not a section heading ("The Latest:", "Paid Notice:")."""
    if label.isupper() or len(label) == 1:
        return True
    words = label.split()
    if words[0] in ("The", "A", "An"):
        return False
    tokens = [index.doc[i] for i in index.tokens_in(start, start + len(label))]
    if any(t.ent_type_ in ("PERSON", "ORG", "NORP", "GPE") for t in tokens):
        return True
    if not tokens:
        return False
    last = tokens[-1]
    if last.pos_ == "PROPN" or last.lower_ in SPEAKER_HEADS:
        return True
    # a surname the recogniser knows elsewhere in the article ("Sanders:" after Bernie Sanders)
    return any(ent[-1].text == last.text for ent in index.ents if ent.label_ in ("PERSON", "ORG"))


def _candidate(
    rule: SurfaceRule,
    content: tuple[int, int],
    cue: Token,
    source: Token | None,
    src: tuple[int, int] | None,
    index: TextIndex,
) -> Candidate:
    return Candidate(
        rule=rule.id,
        priority=rule.priority,
        content=[content],
        cue=index.token_range(cue.i, cue.i),
        cue_token=cue.i,
        source=src,
        source_token=source.i if source is not None and src else None,
        anchor_token=cue.i,
    )


def _leading_np(tokens: list[Token]) -> list[Token]:
    out: list[Token] = []
    for t in tokens:
        if t.pos_ in ("ADP", "ADV", "PUNCT") and out:
            break
        out.append(t)
    return out


def _np_root(tokens: list[Token]) -> Token | None:
    ids = {t.i for t in tokens}
    roots = [t for t in tokens if t.head.i not in ids and t.pos_ in ("PROPN", "NOUN", "PRON")]
    if roots:
        return roots[0]
    nouns = [t for t in tokens if t.pos_ in ("PROPN", "NOUN", "PRON")]
    return nouns[-1] if nouns else None


def _sentence_subject(tokens: object) -> Token | None:
    """The noun phrase a sentence opens with, when nothing else names the speaker."""
    toks = [t for t in tokens if not t.is_space]  # type: ignore[attr-defined]
    if not toks or toks[0].pos_ not in ("PROPN", "NOUN", "DET", "ADJ", "PRON", "NUM"):
        return None
    return _np_root(_leading_np(toks))
