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

import numpy
from spacy.attrs import DEP, ENT_TYPE, HEAD, LEMMA, LOWER, ORTH, POS, TAG
from spacy.strings import get_string_id
from spacy.tokens import Doc

# the columns of a Doc the patterns read, as string ids (read once per Doc: a Token object
# for every test costs more than the matching itself)
COLUMNS = (ORTH, LOWER, LEMMA, POS, TAG, DEP, ENT_TYPE)
ATTRS: dict[str, int] = {
    "ORTH": 0,
    "TEXT": 0,
    "LOWER": 1,
    "LEMMA": 2,
    "POS": 3,
    "TAG": 4,
    "DEP": 5,
    "ENT_TYPE": 6,
}
RELATIONS = {">", "<"}

Columns = list[list[int]]
Check = Callable[[Columns, int], bool]


class Unsupported(ValueError):
    """The pattern needs spaCy's DependencyMatcher."""


def _equals(col: int, value: int) -> Check:
    return lambda c, i: c[col][i] == value


def _member(col: int, values: frozenset[int], inside: bool) -> Check:
    return lambda c, i: (c[col][i] in values) is inside


def _check(attrs: dict[str, Any]) -> Check:
    tests: list[Check] = []
    for name, value in attrs.items():
        col = ATTRS.get(name)
        if col is None:
            raise Unsupported(name)
        if isinstance(value, str):
            tests.append(_equals(col, get_string_id(value)))
        elif isinstance(value, dict) and value and set(value) <= {"IN", "NOT_IN"}:
            if "IN" in value:
                tests.append(_member(col, frozenset(map(get_string_id, value["IN"])), True))
            if "NOT_IN" in value:
                tests.append(_member(col, frozenset(map(get_string_id, value["NOT_IN"])), False))
        else:
            raise Unsupported(f"{name}: {value!r}")
    if len(tests) == 1:
        return tests[0]
    return lambda c, i: all(test(c, i) for test in tests)


class _Tree:
    """The columns, heads and children of one Doc."""

    def __init__(self, doc: Doc) -> None:
        arr = doc.to_array([*COLUMNS, HEAD]).reshape(len(doc), len(COLUMNS) + 1)
        self.columns: Columns = arr[:, : len(COLUMNS)].T.tolist()
        # the array is unsigned: a head before its token wraps round until cast back
        heads = arr[:, -1].astype(numpy.int64) + numpy.arange(len(doc))
        self.heads: list[int] = heads.tolist()
        self._indexes: dict[int, dict[int, list[int]]] = {}
        self.children: list[list[int]] = [[] for _ in self.heads]
        for i, h in enumerate(self.heads):
            if h != i:
                self.children[h].append(i)

    def index(self, col: int) -> dict[int, list[int]]:
        """Token indices by their value in column `col`, in text order."""
        found = self._indexes.get(col)
        if found is None:
            found = self._indexes[col] = defaultdict(list)
            for i, v in enumerate(self.columns[col]):
                found[v].append(i)
        return found


class CompiledPattern:
    """One pattern as an anchor test and a list of (from node, relation, test) steps."""

    def __init__(self, pattern: list[dict[str, Any]]) -> None:
        first = pattern[0]
        attrs = first.get("RIGHT_ATTRS", {})
        self.anchor = _check(attrs)
        # the column and values an anchor must have, to look its tokens up in the Doc's
        # columns: its lemmas if it names them (a pattern lists hundreds of cue lemmas, a
        # text has few of them), else its lower-case form, else any column it tests
        self.anchor_values: tuple[int, frozenset[int]] | None = None
        for name in ("LEMMA", "LOWER", *attrs):
            value = attrs.get(name)
            if isinstance(value, str):
                self.anchor_values = (ATTRS[name], frozenset([get_string_id(value)]))
            elif isinstance(value, dict) and "IN" in value:
                words = set(value["IN"]) - set(value.get("NOT_IN", ()))
                self.anchor_values = (ATTRS[name], frozenset(map(get_string_id, words)))
            else:
                continue
            break
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

    def anchors(self, tree: _Tree) -> Iterator[int]:
        if self.anchor_values is None:
            yield from range(len(tree.heads))
            return
        col, values = self.anchor_values
        index = tree.index(col)
        for value in values & index.keys():
            yield from index[value]

    def matches(self, anchor: int, tree: _Tree) -> Iterator[list[int]]:
        if not self.anchor(tree.columns, anchor):
            return
        yield from self._extend([anchor], tree)

    def _extend(self, bound: list[int], tree: _Tree) -> Iterator[list[int]]:
        if len(bound) == len(self.steps) + 1:
            yield list(bound)
            return
        left, op, check = self.steps[len(bound) - 1]
        at = bound[left]
        if op == ">":
            options = tree.children[at]
        else:
            head = tree.heads[at]
            options = [head] if head != at else []
        for cand in options:
            if cand not in bound and check(tree.columns, cand):
                bound.append(cand)
                yield from self._extend(bound, tree)
                bound.pop()


class TreeMatcher:
    """Patterns by key; `__call__` gives (key, token ids) for every match, in no
    particular order (the dependency rules sort them)."""

    def __init__(self) -> None:
        self.patterns: list[tuple[int, CompiledPattern]] = []

    def add(self, key: int, pattern: list[dict[str, Any]]) -> None:
        """Compile a pattern; raises Unsupported when it needs spaCy's matcher."""
        self.patterns.append((key, CompiledPattern(pattern)))

    def __call__(self, doc: Doc) -> list[tuple[int, list[int]]]:
        tree = _Tree(doc)
        out: list[tuple[int, list[int]]] = []
        for key, pattern in self.patterns:
            for anchor in pattern.anchors(tree):
                for ids in pattern.matches(anchor, tree):
                    out.append((key, ids))
        return out
