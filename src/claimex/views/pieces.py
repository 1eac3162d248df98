"""The stretches of text a view highlights: each claim's source, cue and content pieces.

Claims nest and overlap (a claim inside another's content, two claims sharing a source), so
views cut pieces where they cross: HTML needs properly nested elements, a terminal needs
flat runs of text with the set of pieces over each.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from claimex.schemas import CLAIM_FLAGS

# outermost first when two pieces have the same extent
ROLE_RANK = {"content": 0, "source": 1, "cue": 2}


def claim_flags(claim: Mapping[str, Any]) -> list[str]:
    """The names of the claim's flags that are set (negated, question, hypothetical)."""
    return [name for name in CLAIM_FLAGS if claim.get(name)]


@dataclass(frozen=True)
class Piece:
    """One highlighted stretch: `text[start:end]` is a claim's source, cue or content piece."""

    start: int
    end: int
    claim: int  # index of the claim in its document's list
    role: str  # source, cue or content
    index: int  # which content fragment (0 for source and cue)


@dataclass(frozen=True)
class Part:
    """A piece, or the part of it between two places where it crosses another piece."""

    piece: Piece
    start: int
    end: int
    depth: int  # order of opening: of two parts with one extent, the lower depth is outside


def claim_pieces(claims: Sequence[Mapping[str, Any]], length: int) -> list[Piece]:
    """Every non-empty piece of every claim that lies within a text of `length` characters.

    Discontinuous content gives one piece per fragment, never its whole extent (which holds
    the attribution between the fragments).
    """
    pieces: list[Piece] = []
    for n, claim in enumerate(claims):
        for role in ("source", "cue"):
            span = claim.get(role)
            if span:
                pieces.append(Piece(span["start"], span["end"], n, role, 0))
        content = claim["content"]
        for i, frag in enumerate(content.get("fragments") or [content]):
            pieces.append(Piece(frag["start"], frag["end"], n, "content", i))
    return [p for p in pieces if 0 <= p.start < p.end <= length]


def _outer_first(piece: Piece) -> tuple[int, int, int, int, int]:
    return (piece.start, -piece.end, ROLE_RANK[piece.role], piece.claim, piece.index)


def nested_parts(pieces: Sequence[Piece]) -> list[Part]:
    """Cut pieces where they cross, so that any two parts are disjoint or one holds the other.

    Sorted for output: by start, the outer of two parts first.
    """
    order = sorted(pieces, key=_outer_first)
    bounds = sorted({b for p in order for b in (p.start, p.end)})
    parts: list[Part] = []
    stack: list[tuple[Piece, int, int]] = []  # open pieces, outermost first: (piece, start, depth)
    depth = 0
    nxt = 0
    for at in bounds:
        ending = [k for k, (p, _, _) in enumerate(stack) if p.end == at]
        reopen: list[Piece] = []
        if ending:
            # closing a piece closes every piece opened inside it; those that go on reopen
            for piece, start, d in stack[ending[0] :]:
                parts.append(Part(piece, start, at, d))
                if piece.end != at:
                    reopen.append(piece)
            del stack[ending[0] :]
        while nxt < len(order) and order[nxt].start == at:
            reopen.append(order[nxt])
            nxt += 1
        for piece in sorted(reopen, key=lambda p: (-p.end, *_outer_first(p)[2:])):
            stack.append((piece, at, depth))
            depth += 1
    parts.sort(key=lambda part: (part.start, -part.end, part.depth))
    return parts


def flat_runs(pieces: Sequence[Piece], length: int) -> Iterator[tuple[int, int, list[Piece]]]:
    """The text cut at every piece boundary: (start, end, pieces over it, outermost first)."""
    bounds = sorted({0, length, *(b for p in pieces for b in (p.start, p.end))})
    starting: dict[int, list[Piece]] = {}
    for piece in pieces:
        starting.setdefault(piece.start, []).append(piece)
    active: list[Piece] = []
    for start, end in pairwise(bounds):
        active = [p for p in active if p.end > start] + starting.get(start, [])
        active.sort(key=lambda p: (-(p.end - p.start), ROLE_RANK[p.role], p.claim))
        yield start, end, list(active)
