"""Dependency patterns of rule files: their check when a file is loaded, and the expansion of
"$frame" placeholders into the lexicon's lemmas when the matchers are built.

A string "$NAME" (lower case letters and underscores) inside an "IN" list of a node's
RIGHT_ATTRS stands for every lemma of the cue lexicon with the frame NAME; "$preps" for every
preposition that some cue takes. Anywhere else such a string would be matched literally, so it
is refused.
"""

from __future__ import annotations

import copy
import difflib
import re
from collections.abc import Collection
from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.vocab import Vocab

    from claimex.rules.loader import RuleSet

PLACEHOLDER = re.compile(r"^\$([a-z_]+)$")
PREPS = "preps"


def placeholder(value: object) -> str | None:
    """The name of a "$name" placeholder, or None for any other value."""
    if isinstance(value, str) and (m := PLACEHOLDER.match(value)):
        return m.group(1)
    return None


def check_pattern(pattern: list[dict[str, object]], frames: Collection[str]) -> list[str]:
    """The node names of a DependencyMatcher pattern, or ValueError saying what is wrong
    with it (a node without a name, a duplicate name, an unknown or misplaced placeholder,
    an attribute spaCy does not know, a node whose LEFT_ID is not declared before it)."""
    from spacy.schemas import validate_token_pattern

    names: list[str] = []
    for n, node in enumerate(pattern, 1):
        name = node.get("RIGHT_ID")
        if not isinstance(name, str) or not name:
            raise ValueError(f"pattern node {n} has no RIGHT_ID (its name)")
        if name in names:
            raise ValueError(f"pattern node {n}: the name {name!r} is used twice")
        left = node.get("LEFT_ID")
        if n > 1 and left is None:
            raise ValueError(f"pattern node {name!r} has no LEFT_ID (the node it hangs from)")
        if n > 1 and left not in names:
            raise ValueError(
                f"pattern node {name!r}: LEFT_ID {left!r} is not the name of a node before it"
            )
        names.append(name)
        attrs = node.get("RIGHT_ATTRS", {})
        if not isinstance(attrs, dict):
            raise ValueError(f"pattern node {name!r}: RIGHT_ATTRS must be an object")
        errors = validate_token_pattern([attrs])
        if errors:
            raise ValueError(f"pattern node {name!r}: {_token_error(errors[0])}")
        _check_placeholders(name, attrs, frames)
    try:
        from spacy.matcher import DependencyMatcher

        DependencyMatcher(_blank_vocab()).add("check", [pattern])
    except (ValueError, KeyError) as exc:
        raise ValueError(f"invalid pattern: {_spacy_error(exc)}") from None
    return names


def _check_placeholders(node: str, attrs: dict[str, Any], frames: Collection[str]) -> None:
    for attr, value in attrs.items():
        ops = value if isinstance(value, dict) else {"": value}
        for op, operand in ops.items():
            for item in operand if isinstance(operand, list) else [operand]:
                name = placeholder(item)
                if name is None:
                    continue
                if op != "IN":
                    raise ValueError(
                        f"pattern node {node!r}: {attr}: {item!r} stands for lemmas only "
                        'inside an "IN" list'
                    )
                if name != PREPS and name not in frames:
                    known = [*frames, PREPS]
                    close = difflib.get_close_matches(name, known, n=1)
                    hint = f"; did you mean '${close[0]}'?" if close else ""
                    raise ValueError(
                        f"pattern node {node!r}: {item!r} is no frame "
                        f"(frames: {', '.join('$' + f for f in known)}){hint}"
                    )


def _token_error(error: str) -> str:
    # spaCy says "[pattern -> 0 -> LEMA] Extra inputs are not permitted"
    where, _, msg = error.partition("] ")
    path = [p for p in where.lstrip("[").split(" -> ") if p not in ("pattern", "0")]
    return f"{path[0]}: {msg}" if path else msg


def _spacy_error(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return re.sub(r"^\[E\d+\] ", "", text)


@lru_cache(maxsize=1)
def _blank_vocab() -> Vocab:
    from spacy.vocab import Vocab

    return Vocab()


def expand_pattern(pattern: list[dict[str, Any]], rules: RuleSet) -> list[dict[str, Any]]:
    """`pattern` with its placeholders replaced by the lexicon's lemmas.

    A node that asks for nouns or adjectives only (POS "NOUN" or "ADJ") gets only the lemmas
    of that part of speech, so that a verb's frame does not make its noun a cue.
    """
    out = copy.deepcopy(pattern)

    def expand(values: list[Any], pos: str | None) -> list[Any]:
        result: list[Any] = []
        for v in values:
            name = placeholder(v)
            if name == PREPS:
                result.extend(sorted({p for c in rules.cues.values() for p in c.preps}))
            elif name is not None:
                result.extend(rules.lemmas(name, pos))
            else:
                result.append(v)
        return result

    for node in out:
        attrs = node.get("RIGHT_ATTRS", {})
        if not isinstance(attrs, dict):
            continue
        pos = attrs.get("POS")
        node_pos = pos if pos in ("NOUN", "ADJ") else None
        for value in attrs.values():
            if isinstance(value, dict) and isinstance(value.get("IN"), list):
                value["IN"] = expand(value["IN"], node_pos)
    return out
