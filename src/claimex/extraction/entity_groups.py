"""The entities of one document as groups of mentions (union-find), with what each group
is known to be so far: its gender and its animacy."""

from __future__ import annotations

from claimex.extraction.mentions import Mention

# a person named anywhere in a group makes it a person; an organisation a group of people
ANIMACY_RANK = {"person": 4, "organization": 3, "group": 2, "document": 1, "": 0}


class Entities:
    """Mentions grouped into entities; the root of a group is its earliest mention."""

    def __init__(self, mentions: list[Mention]) -> None:
        self.mentions = mentions
        self.parent = list(range(len(mentions)))
        self.members: dict[int, list[Mention]] = {m.index: [m] for m in mentions}
        self.gender: dict[int, set[str]] = {
            m.index: {m.gender} if m.gender else set() for m in mentions
        }
        self.animacy: dict[int, str] = {m.index: m.animacy for m in mentions}

    def root(self, n: int) -> int:
        parent = self.parent
        while parent[n] != n:
            parent[n] = parent[parent[n]]
            n = parent[n]
        return n

    def of(self, mention: Mention) -> list[Mention]:
        """The mentions of `mention`'s entity, in text order."""
        return self.members[self.root(mention.index)]

    def same(self, a: Mention, b: Mention) -> bool:
        return self.root(a.index) == self.root(b.index)

    def join(self, antecedent: Mention, mention: Mention, link: str) -> None:
        """`mention` (the later one) joins the entity of `antecedent`; `link` (the sieve)
        is remembered as how it joined."""
        ra, rb = self.root(antecedent.index), self.root(mention.index)
        if ra == rb:
            return
        if not mention.link:
            mention.link = link
        keep, drop = min(ra, rb), max(ra, rb)
        self.parent[drop] = keep
        members = self.members[keep] + self.members.pop(drop)
        self.members[keep] = sorted(members, key=lambda m: m.index)
        self.gender[keep] |= self.gender.pop(drop)
        a, b = self.animacy[keep], self.animacy.pop(drop)
        self.animacy[keep] = a if ANIMACY_RANK[a] >= ANIMACY_RANK[b] else b

    def add_gender(self, mention: Mention, gender: str) -> None:
        self.gender[self.root(mention.index)].add(gender)

    def gender_of(self, mention: Mention) -> str | None:
        """The entity's gender if what is known of it agrees, else None."""
        genders = self.gender[self.root(mention.index)]
        return next(iter(genders)) if len(genders) == 1 else None

    def animacy_of(self, mention: Mention) -> str:
        return self.animacy[self.root(mention.index)]

    def named(self, mention: Mention) -> bool:
        return any(m.type == "name" for m in self.of(mention))
