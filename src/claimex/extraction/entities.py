"""Speaker entities of one document: the ids that group a speaker's claims."""

from __future__ import annotations

from claimex.schemas import ClaimData


def number_entities(claims: list[ClaimData]) -> None:
    """Entity ids e1, e2, ... in order of first appearance, one per speaker name and kind."""
    ids: dict[tuple[str, str], str] = {}
    for claim in claims:
        speaker = claim["speaker"]
        if speaker is not None:
            key = (speaker["name"], speaker["kind"])
            speaker["entity"] = ids.setdefault(key, f"e{len(ids) + 1}")
