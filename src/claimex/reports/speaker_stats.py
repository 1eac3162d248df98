"""Who is quoted: claims counted per speaker over many documents.

Claims arrive as the JSON data the writers receive. A speaker is its `(name, kind)`; within
one document a surname-only mention ("Patel") counts as the person whose full name ends
with it ("Arjun Patel"), so one person is one speaker however the article names them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from claimex.rules.words import words
from claimex.schemas import ClaimData

SpeakerKey = tuple[str, str]  # (name, kind)

HONORIFICS = words().honorifics
# kinds a lone surname can wrongly get from the entity recogniser
SURNAME_KINDS = {"person", "organization", "unknown"}
EXAMPLE_JOINER = " … "

ROW_FIELDS = [
    "name",
    "kind",
    "claims",
    "documents",
    "direct",
    "indirect",
    "mixed",
    "example",
    "example_doc",
    "example_claim",
]


def _words(name: str) -> list[str]:
    words = [w.strip(".,;:’'\"") for w in name.split()]
    return [w for w in words if w and w.casefold() not in HONORIFICS]


def _surname_only(name: str) -> str | None:
    """The surname a one-word name stands for ("Mr. Patel" -> "patel"), else None."""
    words = _words(name)
    if len(words) != 1 or not words[0][:1].isupper():
        return None
    return words[0].casefold()


def speaker_keys(claims: Sequence[Mapping[str, Any]]) -> list[SpeakerKey | None]:
    """The speaker of each claim of one document, None for a claim without one.

    A surname-only speaker becomes the person whose multi-word name ends with that surname,
    when exactly one person in the document has such a name (two Hoffmanns stay apart).
    """
    keys: list[SpeakerKey | None] = [
        (c["speaker"]["name"], c["speaker"]["kind"]) if c.get("speaker") else None for c in claims
    ]
    by_surname: dict[str, set[str]] = {}
    for key in keys:
        if key is not None and key[1] == "person":
            words = _words(key[0])
            if len(words) > 1:
                by_surname.setdefault(words[-1].casefold(), set()).add(key[0])
    merged: list[SpeakerKey | None] = []
    for key in keys:
        if key is not None and key[1] in SURNAME_KINDS:
            surname = _surname_only(key[0])
            full = by_surname.get(surname, set()) if surname else set()
            if len(full) == 1:
                key = (next(iter(full)), "person")
        merged.append(key)
    return merged


def claim_example(claim: Mapping[str, Any]) -> str:
    """What the claim attributes: the content, its fragments joined when discontinuous."""
    content = claim["content"]
    fragments = content.get("fragments") or []
    if fragments:
        return EXAMPLE_JOINER.join(f["text"] for f in fragments)
    return str(content["text"])


@dataclass
class SpeakerRow:
    name: str
    kind: str
    order: int  # rank of first appearance, for --sort first
    claims: int = 0
    documents: int = 0
    direct: int = 0
    indirect: int = 0
    mixed: int = 0
    example: str = ""
    example_doc: str = ""
    example_claim: str = ""


@dataclass
class SpeakerTally:
    rows: dict[SpeakerKey, SpeakerRow] = field(default_factory=dict)
    documents: int = 0
    claims: int = 0
    unattributed: int = 0  # claims without a speaker ("it was reported that ...")


def add_document(
    tally: SpeakerTally, doc_id: str, claims: Sequence[Mapping[str, Any]]
) -> list[SpeakerKey | None]:
    """Count one document's claims into `tally`; returns each claim's speaker key."""
    keys = speaker_keys(claims)
    tally.documents += 1
    tally.claims += len(claims)
    seen: set[SpeakerKey] = set()
    for claim, key in zip(claims, keys, strict=True):
        if key is None:
            tally.unattributed += 1
            continue
        row = tally.rows.get(key)
        if row is None:
            row = SpeakerRow(key[0], key[1], order=len(tally.rows))
            row.example = claim_example(claim)
            row.example_doc = doc_id
            row.example_claim = str(claim.get("claim_id", ""))
            tally.rows[key] = row
        row.claims += 1
        if claim["type"] in ("direct", "indirect", "mixed"):
            setattr(row, claim["type"], getattr(row, claim["type"]) + 1)
        if key not in seen:
            seen.add(key)
            row.documents += 1
    return keys


def tally_speakers(documents: Iterable[tuple[str, Sequence[Mapping[str, Any]]]]) -> SpeakerTally:
    """The speakers of (doc_id, claims) pairs."""
    tally = SpeakerTally()
    for doc_id, claims in documents:
        add_document(tally, doc_id, claims)
    return tally


class SortKey(str, Enum):
    claims = "claims"
    documents = "documents"
    direct = "direct"
    indirect = "indirect"
    mixed = "mixed"
    name = "name"
    kind = "kind"
    first = "first"


def _sort_key(key: SortKey) -> Callable[[SpeakerRow], Any]:
    by_count = {SortKey.claims, SortKey.documents, SortKey.direct, SortKey.indirect, SortKey.mixed}
    if key in by_count:
        return lambda r: (-getattr(r, key.value), -r.claims, r.name.casefold(), r.kind)
    if key is SortKey.name:
        return lambda r: (r.name.casefold(), r.kind)
    if key is SortKey.kind:
        return lambda r: (r.kind, -r.claims, r.name.casefold())
    return lambda r: r.order


def select_rows(
    tally: SpeakerTally,
    sort: SortKey = SortKey.claims,
    min_claims: int = 1,
    kinds: Iterable[str] = (),
    reverse: bool = False,
) -> list[SpeakerRow]:
    """The speakers with at least `min_claims` claims (of the given kinds, if any), sorted:
    counts largest first, name and kind alphabetically, `first` by first appearance."""
    wanted = set(kinds)
    rows = [
        r
        for r in tally.rows.values()
        if r.claims >= min_claims and (not wanted or r.kind in wanted)
    ]
    rows.sort(key=_sort_key(sort), reverse=reverse)
    return rows


def row_record(row: SpeakerRow) -> dict[str, Any]:
    """One output record (JSONL line or CSV row) in ROW_FIELDS order."""
    return {name: getattr(row, name) for name in ROW_FIELDS}


class TallyWriter:
    """A Writer (see claimex.io.writers) that counts speakers instead of writing claims."""

    def __init__(self, tally: SpeakerTally) -> None:
        self.tally = tally

    def write(self, doc_id: str, text: str, claims: list[ClaimData]) -> None:
        add_document(self.tally, doc_id, claims)

    def close(self) -> None:
        pass
