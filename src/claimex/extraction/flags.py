"""The flags of a claim: is its cue negated, asked as a question, or hypothetical?

The rules are data (rules/flags.json, see `claimex.rules.flags`); this module walks the
parse around the cue and applies them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from spacy.tokens import Token

from claimex.extraction.quotes import ALL_MARKS
from claimex.extraction.text_index import TextIndex
from claimex.rules.flags import FlagRule, FlagRules, WordTest, flag_rules

SUBJECTS = ("nsubj", "nsubjpass", "expl", "csubj")
# what may close a sentence after its question mark
CLOSERS = set(ALL_MARKS) | set(")]}")


@dataclass
class Flags:
    negated: bool = False
    question: bool = False
    hypothetical: bool = False
    flagged_by: list[str] = field(default_factory=list)


def passes(tok: Token, test: WordTest) -> bool:
    if test.dep is not None and tok.dep_ not in test.dep:
        return False
    if test.not_dep is not None and tok.dep_ in test.not_dep:
        return False
    if test.lower is not None and tok.lower_ not in test.lower:
        return False
    lemma = tok.lemma_.lower()
    if test.lemma is not None and lemma not in test.lemma:
        return False
    if test.not_lemma is not None and lemma in test.not_lemma:
        return False
    if test.tag is not None and tok.tag_ not in test.tag:
        return False
    if test.pos is not None and tok.pos_ not in test.pos:
        return False
    child = test.child
    return child is None or any(passes(c, child) for c in tok.children)


class FlagFinder:
    """Sets the three flags of a claim from the word that heads its cue."""

    def __init__(self, rules: FlagRules | None = None) -> None:
        self.rules = rules if rules is not None else flag_rules()

    def __call__(self, cue: Token | None, index: TextIndex) -> Flags:
        flags = Flags()
        if cue is None:
            return flags
        chain = self.chain(cue)
        reached = {"cue": [cue], "chain": chain, "governors": chain[1:]}
        clauses: dict[frozenset[str], list[Token]] = {}
        known: dict[int, list[Token]] = {}

        def children(tok: Token) -> list[Token]:  # spaCy makes new Tokens on every walk
            if tok.i not in known:
                known[tok.i] = list(tok.children)
            return known[tok.i]

        fired: list[tuple[FlagRule, int]] = []
        for rule in self.rules.rules:
            if rule.reach == "clauses":
                stops = self.rules.clause_stops | rule.stop_at
                if stops not in clauses:
                    clauses[stops] = list(self.clauses(cue, index, stops))
                words = clauses[stops]
            else:
                words = reached[rule.reach]
            hits = sum(self.fires(rule, tok, children(tok), index) for tok in words)
            if hits:
                fired.append((rule, hits))
        # an odd count of negations negates: "did not refuse to say" is two
        flags.negated = sum(hits for rule, hits in fired if rule.flag == "negated") % 2 == 1
        for rule, _ in fired:
            if rule.flag != "negated" or flags.negated:
                setattr(flags, rule.flag, True)
                flags.flagged_by.append(rule.id)
        return flags

    def chain(self, cue: Token) -> list[Token]:
        """The cue and the words it complements (refused ← to say)."""
        out = [cue]
        tok = cue
        while tok.head != tok and len(out) < 8:
            step = next((s for s in self.rules.chain if tok.dep_ in s.dep), None)
            if step is None:
                break
            if step.head_lemma is not None and tok.head.lemma_.lower() not in step.head_lemma:
                break
            tok = tok.head
            out.append(tok)
        return out

    def clauses(self, cue: Token, index: TextIndex, stops: frozenset[str]) -> Iterator[Token]:
        """The cue and every word above it, up to the root, a clause of `stops` or the edge
        of a quotation (a question quoted after the cue is the content's)."""
        quote = index.quote_around(cue.idx)
        tok = cue
        for _ in range(30):
            yield tok
            if tok.head == tok or tok.dep_ in stops:
                return
            tok = tok.head
            if index.quote_around(tok.idx) is not quote:
                return

    def fires(self, rule: FlagRule, tok: Token, children: list[Token], index: TextIndex) -> bool:
        if rule.word is not None and not passes(tok, rule.word):
            return False
        if rule.head is not None and (tok.head == tok or not passes(tok.head, rule.head)):
            return False
        if any(passes(c, t) for c in children for t in rule.without_children):
            return False
        if rule.child is not None:
            found = [c for c in children if passes(c, rule.child)]
            if rule.child_before_subject:
                subject = next((c for c in children if c.dep_ in SUBJECTS), None)
                found = [c for c in found if subject is not None and c.i < subject.i]
            if not found:
                return False
        return rule.question_mark is None or rule.question_mark == ends_with_question(tok, index)


def ends_with_question(tok: Token, index: TextIndex) -> bool:
    """Does the sentence of `tok` end with a question mark of its own: outside quotation
    marks, or inside the quotation that holds `tok` ("“Is it over?” she asked" and "she
    asked: “Is it over?”" are statements)?"""
    doc = index.doc
    lo, hi = index.sent_bounds[index.sent_of[tok.i]]
    last = hi - 1
    while last > lo and (doc[last].is_space or doc[last].text in CLOSERS):
        last -= 1
    if not doc[last].text.endswith("?"):
        return False
    return index.quote_around(doc[last].idx) is index.quote_around(tok.idx)
