"""A fast matcher for the DependencyMatcher patterns that rules use most.

spaCy's DependencyMatcher runs a token Matcher for every node of every pattern over the
whole document, which costs more than all the rest of extraction. Rule patterns here are
anchored on a cue word and walk the tree with `>` (child) and `<` (head) only, so they can
be matched by starting from the few tokens whose lemma fits the anchor and following the
parse. Patterns that use other operators or attributes fall back to spaCy's matcher; for
the patterns it takes, this gives the same matches.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from typing import Any

from spacy.attrs import LEMMA, LOWER
from spacy.strings import get_string_id
from spacy.tokens import Doc, Token

Check = Callable[[Token], bool]

ATTRS: dict[str, Callable[[Token], str]] = {
    "ORTH": lambda t: t.text,
    "TEXT": lambda t: t.text,
    "LOWER": lambda t: t.lower_,
    "LEMMA": lambda t: t.lemma_,
    "POS": lambda t: t.pos_,
    "TAG": lambda t: t.tag_,
    "DEP": lambda t: t.dep_,
    "ENT_TYPE": lambda t: t.ent_type_,
}
RELATIONS = {">", "<"}


class Unsupported(ValueError):
    """The pattern needs spaCy's DependencyMatcher."""


def _equals(get: Callable[[Token], str], value: str) -> Check:
    return lambda t: get(t) == value


def _member(get: Callable[[Token], str], words: frozenset[str], inside: bool) -> Check:
    return lambda t: (get(t) in words) is inside


def _check(attrs: dict[str, Any]) -> Check:
    tests: list[Check] = []
    for name, value in attrs.items():
        get = ATTRS.get(name)
        if get is None:
            raise Unsupported(name)
        if isinstance(value, str):
            tests.append(_equals(get, value))
        elif isinstance(value, dict) and value and set(value) <= {"IN", "NOT_IN"}:
            if "IN" in value:
                tests.append(_member(get, frozenset(value["IN"]), True))
            if "NOT_IN" in value:
                tests.append(_member(get, frozenset(value["NOT_IN"]), False))
        else:
            raise Unsupported(f"{name}: {value!r}")
    return lambda t: all(test(t) for test in tests)


class CompiledPattern:
    """One pattern as an anchor test and a list of (from node, relation, test) steps."""

    def __init__(self, pattern: list[dict[str, Any]]) -> None:
        first = pattern[0]
        attrs = first.get("RIGHT_ATTRS", {})
        self.anchor = _check(attrs)
        # anchor words as string hashes, to look them up in the arrays of a Doc
        self.anchor_lemmas: frozenset[int] | None = None
        lemma = attrs.get("LEMMA")
        if isinstance(lemma, str):
            self.anchor_lemmas = frozenset([get_string_id(lemma)])
        elif isinstance(lemma, dict) and "IN" in lemma:
            words = set(lemma["IN"]) - set(lemma.get("NOT_IN", ()))
            self.anchor_lemmas = frozenset(get_string_id(w) for w in words)
        self.anchor_lowers: frozenset[int] | None = None
        lower = attrs.get("LOWER")
        if isinstance(lower, str):
            self.anchor_lowers = frozenset([get_string_id(lower)])
        names = [str(first["RIGHT_ID"])]
        self.steps: list[tuple[int, str, Check]] = []
        for node in pattern[1:]:
            op = node.get("REL_OP")
            if op not in RELATIONS:
                raise Unsupported(str(op))
            self.steps.append(
                (names.index(node["LEFT_ID"]), op, _check(node.get("RIGHT_ATTRS", {})))
            )
            names.append(str(node["RIGHT_ID"]))

    def anchors(self, doc: Doc, by_lemma: dict[int, list[int]], by_lower: dict[int, list[int]]
                ) -> Iterator[Token]:  # fmt: skip
        if self.anchor_lemmas is not None:
            # the smaller side: a pattern lists hundreds of cue lemmas, a text has few of them
            for lemma in self.anchor_lemmas & by_lemma.keys():
                for i in by_lemma[lemma]:
                    yield doc[i]
        elif self.anchor_lowers is not None:
            for lower in self.anchor_lowers & by_lower.keys():
                for i in by_lower[lower]:
                    yield doc[i]
        else:
            yield from doc

    def matches(self, anchor: Token) -> Iterator[list[int]]:
        if not self.anchor(anchor):
            return
        yield from self._extend([anchor.i], anchor.doc)

    def _extend(self, bound: list[int], doc: Doc) -> Iterator[list[int]]:
        if len(bound) == len(self.steps) + 1:
            yield list(bound)
            return
        left, op, check = self.steps[len(bound) - 1]
        tok = doc[bound[left]]
        options = tok.children if op == ">" else ([tok.head] if tok.head.i != tok.i else [])
        for cand in options:
            if cand.i not in bound and check(cand):
                bound.append(cand.i)
                yield from self._extend(bound, doc)
                bound.pop()


class TreeMatcher:
    """Patterns by key; `__call__` gives (key, token ids) for every match, sorted."""

    def __init__(self) -> None:
        self.patterns: list[tuple[int, CompiledPattern]] = []

    def add(self, key: int, pattern: list[dict[str, Any]]) -> None:
        """Compile a pattern; raises Unsupported when it needs spaCy's matcher."""
        self.patterns.append((key, CompiledPattern(pattern)))

    def __call__(self, doc: Doc) -> list[tuple[int, list[int]]]:
        # token indices by lemma and lower-case form, read from the Doc's arrays: creating a
        # Token object for every word costs more than the matching itself
        by_lemma: dict[int, list[int]] = defaultdict(list)
        by_lower: dict[int, list[int]] = defaultdict(list)
        for i, (lemma, lower) in enumerate(doc.to_array([LEMMA, LOWER]).tolist()):
            by_lemma[lemma].append(i)
            by_lower[lower].append(i)
        out: list[tuple[int, list[int]]] = []
        for key, pattern in self.patterns:
            for anchor in pattern.anchors(doc, by_lemma, by_lower):
                for ids in pattern.matches(anchor):
                    out.append((key, ids))
        return out
