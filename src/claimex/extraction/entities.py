"""Speaker entities of one document: the ids that group a speaker's claims, also across the
chunks a long document is parsed in."""

from __future__ import annotations

import re

from claimex.schemas import ClaimData, SpeakerData

# a proper name: capitalised words, with the small words names have inside them
PROPER_NAME = re.compile(
    r"(?:[A-Z][\w'’.\-]*|of|the|and|for|de|van|von|bin|al|du|la|le)"
    r"(?:\s+(?:[A-Z][\w'’.\-]*|of|the|and|for|de|van|von|bin|al|du|la|le|&))*"
)
NAMED_KINDS = ("person", "organization", "group")


def number_entities(claims: list[ClaimData]) -> None:
    """Entity ids e1, e2, ... in order of first appearance, one per entity key that speaker
    resolution gave (the claims of one entity share its key)."""
    ids: dict[str, str] = {}
    for claim in claims:
        speaker = claim["speaker"]
        if speaker is not None:
            speaker["entity"] = ids.setdefault(speaker["entity"], f"e{len(ids) + 1}")


class ChunkEntityLinker:
    """Links the entities of a long document's chunks, part by part as the parts go out.

    An entity named alike in two chunks is one entity, and a one-word person name ("Marek",
    also as a pronoun's antecedent) takes the fullest earlier person name with that surname
    ("Ivo Marek"), as resolution within one parse would: a chunk sees only a few thousand
    characters before it. The merged entity's claims share the name, role, affiliation and
    gender its first claim has (filled in from later ones of the same part), and ids are
    numbered e1, e2, ... in order of first appearance. Claims already given out are never
    changed, so a part's claims are linked with what the parts before it have seen."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}
        self.by_name: dict[tuple[str, str], str] = {}
        # the fullest person name by surname, with its entity key (before numbering)
        self.fullest: dict[str, tuple[SpeakerData, str]] = {}
        self.first: dict[str, SpeakerData] = {}
        self.ids: dict[str, str] = {}

    def root(self, key: str) -> str:
        parent = self.parent
        while parent.setdefault(key, key) != key:
            key = parent[key]
        return key

    def join(self, a: str, b: str) -> None:
        ra, rb = self.root(a), self.root(b)
        if ra != rb:
            if rb in self.ids and ra not in self.ids:  # keep the id that has gone out
                ra, rb = rb, ra
            self.parent[rb] = ra

    def add(self, claims: list[ClaimData]) -> None:
        """Link and number the next part's claims (in text order), in place."""
        for claim in claims:
            speaker = claim["speaker"]
            if speaker is None or speaker["resolved_by"] == "unresolved":
                continue
            if speaker["kind"] in NAMED_KINDS and PROPER_NAME.fullmatch(speaker["name"]):
                key = (speaker["kind"], speaker["name"].lower())
                self.join(self.by_name.setdefault(key, speaker["entity"]), speaker["entity"])
            if speaker["kind"] not in ("person", "unknown", "organization"):
                continue
            words = speaker["name"].split()
            surname = words[-1].lower() if words else ""
            known, known_key = self.fullest.get(surname, (None, ""))
            if len(words) == 1 and known is not None:
                by = "name" if speaker["resolved_by"] == "self" else speaker["resolved_by"]
                speaker["name"], speaker["kind"] = known["name"], "person"
                speaker["start"], speaker["end"], speaker["resolved_by"] = (
                    known["start"],
                    known["end"],
                    by,
                )
                self.join(known_key, speaker["entity"])
            elif (
                len(words) > 1
                and speaker["kind"] == "person"
                and (known is None or len(words) > len(known["name"].split()))
            ):
                self.fullest[surname] = (speaker, speaker["entity"])
        self._share_attributes(claims)
        for claim in claims:
            speaker = claim["speaker"]
            if speaker is not None:
                root = self.root(speaker["entity"])
                speaker["entity"] = self.ids.setdefault(root, f"e{len(self.ids) + 1}")

    def _share_attributes(self, claims: list[ClaimData]) -> None:
        """The first role, affiliation and gender an entity's claims give, for all of them."""
        first = self.first
        for claim in claims:
            speaker = claim["speaker"]
            if speaker is None:
                continue
            seen = first.setdefault(self.root(speaker["entity"]), speaker)
            if seen is speaker:
                continue
            if seen["role"] is None and speaker["role"] is not None:
                seen["role"] = dict(speaker["role"])  # type: ignore[typeddict-item]
            if seen["affiliation"] is None and speaker["affiliation"] is not None:
                seen["affiliation"] = dict(speaker["affiliation"])  # type: ignore[typeddict-item]
            if seen["gender"] is None and speaker["gender"] is not None:
                seen["gender"] = speaker["gender"]
                seen["gender_evidence"] = speaker["gender_evidence"]
        for claim in claims:
            speaker = claim["speaker"]
            if speaker is None:
                continue
            seen = first[self.root(speaker["entity"])]
            if seen is not speaker:
                role, affiliation = seen["role"], seen["affiliation"]
                speaker["role"] = None if role is None else {**role}
                speaker["affiliation"] = None if affiliation is None else {**affiliation}
                speaker["gender"] = seen["gender"]
                speaker["gender_evidence"] = seen["gender_evidence"]
