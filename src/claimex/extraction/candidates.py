"""Claim candidates as the rules produce them, before conflicts are resolved."""

from __future__ import annotations

from dataclasses import dataclass, field

from claimex.extraction.text_index import CharRange


@dataclass
class Candidate:
    """One possible claim, in character ranges of the document text."""

    rule: str
    priority: int
    content: list[CharRange]
    cue: CharRange | None = None
    cue_token: int | None = None
    source: CharRange | None = None
    source_token: int | None = None
    anchor_token: int = 0
    extended_by: list[str] = field(default_factory=list)
    # set by the quote rules: the quotes the content consists of
    quotes: list[int] = field(default_factory=list)
    # a claim that shares its cue with another claim (a quote that follows a reported one)
    shared_cue_token: int | None = None
    # "NAME: ..." in a transcript is an attribution even inside the paragraph's quote marks
    cue_may_be_quoted: bool = False
    # from the rule: inside another claim's content, this claim is part of that content
    nested_is_content: bool = False

    @property
    def start(self) -> int:
        return self.content[0][0]

    @property
    def end(self) -> int:
        return self.content[-1][1]

    def chars(self) -> set[int]:
        out: set[int] = set()
        for lo, hi in self.content:
            out.update(range(lo, hi))
        return out

    def covers(self, lo: int, hi: int) -> bool:
        return any(a <= lo and hi <= b for a, b in self.content)


def overlap(a: Candidate, b: Candidate) -> float:
    """Share of the smaller content that the two contents have in common."""
    ca, cb = a.chars(), b.chars()
    if not ca or not cb:
        return 0.0
    return len(ca & cb) / min(len(ca), len(cb))
