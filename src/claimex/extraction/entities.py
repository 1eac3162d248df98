"""Speaker entities of one document: the ids that group a speaker's claims."""

from __future__ import annotations

from claimex.schemas import ClaimData


def number_entities(claims: list[ClaimData]) -> None:
    """Entity ids e1, e2, ... in order of first appearance, one per entity key that speaker
    resolution gave (the claims of one entity share its key)."""
    ids: dict[str, str] = {}
    for claim in claims:
        speaker = claim["speaker"]
        if speaker is not None:
            speaker["entity"] = ids.setdefault(speaker["entity"], f"e{len(ids) + 1}")
