"""Grammar over the dependency parse: the subject (source) of a cue."""

from __future__ import annotations

from spacy.tokens import Token

from claimex.rules.words import words

RELATIVE_PRONOUNS = words().relative_pronouns
SUBJECT_DEPS = ("nsubj",)
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
            return None
        subj = next((c for c in tok.children if c.dep_ in SUBJECT_DEPS), None)
        if subj is not None:
            if subj.lower_ in RELATIVE_PRONOUNS and tok.dep_ == "relcl":
                return tok.head
            return subj
        if tok.dep_ == "relcl":
            return tok.head
        if tok.tag_ == "VBN" and tok.dep_ == "advcl":
            return None  # "Asked whether ..., she said": she was asked, she did not ask
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
