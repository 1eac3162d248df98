"""Grammar over the dependency parse: the subject (source) of a cue."""

from __future__ import annotations

from spacy.tokens import Token

from claimex.extraction.text_index import HYPHENS, et_al_run
from claimex.rules.words import words

RELATIVE_PRONOUNS = words().relative_pronouns
STUDY_NOUNS = words().study_nouns
SUBJECT_DEPS = ("nsubj",)
FINITE_TAGS = ("VBD", "VBZ", "VBP")
# relations of a proper noun that touches a subjectless cue from the left and that the parser
# gave it for want of a subject: "as Judge Reyes said" (pobj), "..., Ada Brennan, KC, said"
# (npadvmod), "In a 2011 study Okafor found" (pobj)
STRAY_SUBJECT_DEPS = {"pobj", "npadvmod", "dep", "appos", "conj", "ROOT"}
NOT_SPEAKER_ENTS = {"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"}
# relations along which a cue without a subject of its own takes its head's subject
INHERIT_DEPS = {"conj", "xcomp", "advcl", "pcomp", "acl", "acomp"}


def is_passive(tok: Token) -> bool:
    return any(c.dep_ in ("auxpass", "nsubjpass") for c in tok.children)


def find_subject(cue: Token, max_hops: int = 4) -> Token | None:
    """The token heading the source of `cue`: its subject, or the agent of a passive.

    A cue with no subject of its own takes it from the verb it depends on, along
    coordination (said A and added B), control (went on to say), participles (..., saying
    that) and `as saying`; a relative clause (Okoro, who said ...) takes the noun it
    modifies. A passive cue has only its agent as source: in "she was told that ..." the
    subject is the addressee.
    """
    tok = cue
    for _ in range(max_hops):
        if is_passive(tok):
            if tok.lemma_ == "quote":  # X was quoted as saying: X spoke
                subj = next((c for c in tok.children if c.dep_ == "nsubjpass"), None)
                if subj is not None:
                    return subj
            for child in tok.children:
                if child.dep_ == "agent":
                    return next((g for g in child.children if g.dep_ == "pobj"), None)
            return study_author(tok)
        subj = _nearest_subject(tok) if tok is cue else _first_subject(tok)
        if subj is not None:
            if subj.lower_ in RELATIVE_PRONOUNS and tok.dep_ == "relcl":
                return tok.head
            if tok is cue and _as_phrase_between(cue, subj):
                # "..., that, as Judge Reyes said, the jury ...": the "as" phrase names
                # the speaker, the parser took the word before it for the subject
                return stray_subject(cue, after_subject=True) or subj
            if tok is cue and subj.i > cue.i:
                return _before_second_verb(cue) or subj
            return _past_bare_preposition(tok, subj)
        if tok.dep_ == "relcl":
            return tok.head
        if tok.tag_ == "VBN" and tok.dep_ == "advcl":
            return None  # "Asked whether ..., she said": she was asked, she did not ask
        stray = stray_subject(tok) if tok is cue else None
        if stray is not None:
            return stray
        early = [c for c in tok.children if c.dep_ == "ccomp" and c.i < tok.i]
        if early and any(c.dep_ == "ccomp" and c.i > tok.i for c in tok.children):
            # the parser took a long subject for a clause: "X, whose ..., said CLAUSE"
            return next((c for c in early[0].children if c.dep_ == "nsubj"), None)
        if tok.dep_ not in INHERIT_DEPS or tok.head == tok:
            return None
        head = tok.head
        if tok.dep_ == "pcomp" and head.dep_ == "prep":
            head = head.head
        if tok.dep_ == "acl" and head.pos_ in ("NOUN", "PROPN", "PRON"):
            # "a statement saying that ...": the noun is the source
            return head
        tok = head
    return None


def _first_subject(tok: Token) -> Token | None:
    return next((c for c in tok.children if c.dep_ in SUBJECT_DEPS), None)


def _nearest_subject(tok: Token) -> Token | None:
    """The subject of `tok`; of two or more (a misparse: "[12] Okafor argues", "and that, as
    his sister said"), the nearest before it, "et al." read as the name it follows. A
    hyphenated phrase that the parser split ("His ex-wife") stays the first, and a name
    stays the subject before its apposition."""
    subjects = [c for c in tok.children if c.dep_ in SUBJECT_DEPS]
    if len(subjects) < 2:
        return subjects[0] if subjects else None
    before = [c for c in subjects if c.i < tok.i and not c.is_punct]
    if len(before) < 2:
        return before[0] if before else subjects[0]
    subj, prev = before[-1], before[-2]
    gap = tok.doc[prev.right_edge.i + 1 : subj.left_edge.i]
    if len(gap) == 1 and gap[0].text in HYPHENS and not gap[0].whitespace_:
        return before[0]
    if len(gap) == 1 and gap[0].text == "," and prev.pos_ == "PROPN":
        return prev  # "Ada Okoro, the harbour master, said": the name, not its apposition
    run = et_al_run(tok.doc, subj.i)
    if run is not None:  # "Ada Okafor et al. found": "Ada", "al" and "." can all be subjects
        return next(c for c in before if run[0] <= c.i)
    return subj


def _past_bare_preposition(tok: Token, subj: Token) -> Token:
    """The subject after a fronted preposition that the parser left without its object
    ("Besides the early studies, Okafor (2011) noted"): the phrase after the comma."""
    left = subj.left_edge.i - 1
    if left < 0:
        return subj
    prep = subj.doc[left]
    if prep.head != tok or prep.dep_ != "prep" or any(True for _ in prep.children):
        return subj
    after = [c for c in subj.children if c.dep_ == "conj" and subj.doc[c.i - 1].text == ","]
    return after[-1] if after else subj


def _before_second_verb(cue: Token) -> Token | None:
    """The subject of a first verb when the cue is a second one without "and" and the parser
    took the cue's object for its subject: "Okafor testified on Monday, said a lot of
    things, that ..." (a clause before the cue and one after it)."""
    early = [c for c in cue.children if c.dep_ == "ccomp" and c.i < cue.i]
    if not early or cue.nbor(-1).text != "," or early[-1].right_edge.i < cue.i - 2:
        return None
    if not any(c.dep_ == "ccomp" and c.i > cue.i for c in cue.children):
        return None
    return _first_subject(early[-1])


def _as_phrase_between(cue: Token, subj: Token) -> bool:
    return any(c.dep_ == "prep" and c.lower_ == "as" and subj.i < c.i < cue.i for c in cue.children)


def stray_subject(cue: Token, after_subject: bool = False) -> Token | None:
    """A proper noun that touches a finite cue without a subject from the left, which the
    parser took for something else ("as Judge Reyes, I think, said", "Ada Brennan, KC,
    said", "In a 2011 study Okafor and colleagues found"). Commas, adverbs and a comment
    clause of the cue ("I think") may stand between. With `after_subject`, only the
    object of an "as" phrase of the cue ("that, as Judge Reyes said")."""
    if cue.tag_ not in FINITE_TAGS or any(c.dep_ in ("expl", "csubj") for c in cue.children):
        return None
    doc = cue.doc
    skip: set[int] = set()
    for child in cue.lefts:
        if child.dep_ in ("advmod", "parataxis", "punct") and child.right_edge.i < cue.i:
            skip.update(range(child.left_edge.i, child.right_edge.i + 1))
    k = cue.i - 1
    while k >= cue.sent.start and (k in skip or doc[k].text == ","):
        k -= 1
    if k < cue.sent.start:
        return None
    tok = doc[k]
    while tok.dep_ in ("appos", "conj", "compound", "flat", "cc") and cue.i > tok.head.i:
        tok = tok.head
    if tok.pos_ != "PROPN" or tok.dep_ not in STRAY_SUBJECT_DEPS or tok.right_edge.i > k:
        return None
    if tok.dep_ == "pobj" and tok.head.lower_ != "as" and tok.head.head != cue:
        return None  # "..., gasping on a sidewalk in Harbour Street, said": a place
    if tok.ent_type_ in NOT_SPEAKER_ENTS:
        return None
    if after_subject and not (tok.head.lower_ == "as" and tok.head.head == cue):
        return None
    return tok


def study_author(cue: Token) -> Token | None:
    """The author of a study that a passive cue without an agent reports: "In the study by
    Okafor and colleagues, it was found that ..."."""
    for child in cue.children:
        if child.dep_ != "prep" or child.i > cue.i:
            continue
        for noun in child.children:
            if noun.dep_ != "pobj" or noun.lemma_.lower() not in STUDY_NOUNS:
                continue
            for by in noun.children:
                if by.dep_ == "prep" and by.lower_ == "by":
                    return next((g for g in by.children if g.dep_ == "pobj"), None)
    return None
