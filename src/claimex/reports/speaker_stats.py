"""Who is quoted: claims counted per speaker over many documents.

Claims arrive as the JSON data the writers receive. Two ways to group them (`GroupBy`):

- `entity` (the default): one row per speaker. Within a document the claims of one
  `speaker.entity` are one speaker, and a surname-only speaker ("Patel") is the person
  whose full name ends with it ("Arjun Patel") when the document has exactly one. Across
  documents a person is one row however the articles name them: titles, middle initials
  and suffixes do not split a person (`President Donald J. Trump` = `Donald Trump`), and a
  lone surname joins the one full name with that surname in the corpus when there is
  exactly one. Other kinds (organisations, documents, groups, anonymous sources) are one
  row per name and kind, compared without case and surrounding punctuation.
- `name`: one row per speaker name and kind exactly as the claims give them.

Rows stay few however many documents are counted: a row keeps counts, a set of document
numbers and counters of its names, roles, affiliations and genders, never the claims.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from claimex.rules.words import words
from claimex.schemas import Claim, ClaimData

TITLES = words().honorifics | words().office_titles
NAME_SUFFIXES = words().name_suffixes
# kinds a lone surname can wrongly get from the entity recogniser
SURNAME_KINDS = {"person", "organization", "unknown"}
EXAMPLE_JOINER = " … "
_EDGE = ".,;:’'\"“”‘()[]"

ROW_FIELDS = [
    "name",
    "kind",
    "number",
    "claims",
    "documents",
    "direct",
    "indirect",
    "mixed",
    "role",
    "affiliation",
    "gender",
    "names",
    "example",
    "example_doc",
    "example_claim",
]


class GroupBy(str, Enum):
    entity = "entity"
    name = "name"


def _tokens(name: str) -> list[str]:
    text = unicodedata.normalize("NFKC", name).replace("’", "'")
    return [t for t in (w.strip(_EDGE) for w in text.split()) if t]


def person_key(name: str) -> tuple[str, ...]:
    """The words that identify a person: without leading titles ("President", "Sen.",
    "former"), middle initials ("J."), trailing suffixes ("Jr.") or a possessive; casefolded.
    At least one word is always kept."""
    words_ = [t.casefold().removesuffix("'s") for t in _tokens(name)]
    while len(words_) > 1 and words_[0].rstrip(".") in TITLES:
        words_.pop(0)
        if len(words_) > 3 and words_[0] == "of":  # Secretary of State Hillary Clinton
            del words_[:2]
    while len(words_) > 1 and words_[-1].rstrip(".") in NAME_SUFFIXES:
        words_.pop()
    if len(words_) > 2:
        inner = [w for w in words_[1:-1] if len(w.rstrip(".")) > 1]
        words_ = [words_[0], *inner, words_[-1]]
    return tuple(words_)


def _surname_only(name: str) -> str | None:
    """The surname a one-word name stands for ("Mr. Patel" -> "patel"), else None."""
    key = person_key(name)
    tokens = _tokens(name)
    if len(key) != 1 or not tokens or not tokens[-1][:1].isupper():
        return None
    return key[0]


def _name_key(name: str) -> str:
    return " ".join(t.casefold() for t in _tokens(name))


DocKey = tuple[str, str]  # a speaker within one document: (entity or name, kind)


def speaker_keys(claims: Sequence[Mapping[str, Any]]) -> list[DocKey | None]:
    """The speaker of each claim of one document, None for a claim without one.

    Claims of one `speaker.entity` share a key; a surname-only speaker becomes the person
    whose multi-word name ends with that surname, when exactly one person in the document
    has such a name (two Hoffmanns stay apart). Keys are (display name, kind)."""
    names: dict[Hashable, tuple[str, str]] = {}
    several: set[Hashable] = set()  # "advisers to Mr. Obama" is no full name of an Obama
    units: list[Hashable | None] = []
    for claim in claims:
        speaker = claim.get("speaker")
        if not speaker:
            units.append(None)
            continue
        unit: Hashable = speaker.get("entity") or (speaker["name"], speaker["kind"])
        names.setdefault(unit, (speaker["name"], speaker["kind"]))
        if speaker.get("number") == "plural":
            several.add(unit)
        units.append(unit)
    by_surname: dict[str, set[str]] = {}
    for unit, (name, kind) in names.items():
        if kind == "person" and unit not in several and len(person_key(name)) > 1:
            by_surname.setdefault(person_key(name)[-1], set()).add(name)
    keys: dict[Hashable, DocKey] = {}
    for unit, (name, kind) in names.items():
        surname = _surname_only(name) if kind in SURNAME_KINDS else None
        full = by_surname.get(surname, set()) if surname else set()
        keys[unit] = (next(iter(full)), "person") if len(full) == 1 else (name, kind)
    return [keys[u] if u is not None else None for u in units]


def claim_example(claim: Mapping[str, Any]) -> str:
    """What the claim attributes: the content, its fragments joined when discontinuous."""
    content = claim["content"]
    fragments = content.get("fragments") or []
    if fragments:
        return EXAMPLE_JOINER.join(f["text"] for f in fragments)
    return str(content["text"])


RowKey = tuple[str, ...]  # ("person", *name words) or (kind, name) or ("name", name, kind)
# the key add_document gives a claim whose speaker is unresolved (not a row of the tally)
UNRESOLVED: RowKey = ("unresolved",)


def row_key(name: str, kind: str, by: GroupBy = GroupBy.entity, plural: bool = False) -> RowKey:
    """The row a speaker of a document is counted in before surnames are merged; several
    persons ("researchers") are counted by their words as written, not as one person's name."""
    if by is GroupBy.name:
        return ("name", name, kind)
    if kind == "person" and plural:
        return ("persons", _name_key(name))
    if kind == "person":
        return ("person", *person_key(name))
    return (kind, _name_key(name))


@dataclass
class SpeakerRow:
    name: str
    kind: str
    order: int  # rank of first appearance, for --sort first
    key: RowKey = ()
    claims: int = 0
    documents: int = 0
    direct: int = 0
    indirect: int = 0
    mixed: int = 0
    number: str = ""
    role: str = ""
    affiliation: str = ""
    gender: str = ""
    names: list[str] = field(default_factory=list)
    example: str = ""
    example_doc: str = ""
    example_claim: str = ""


@dataclass
class _Counts:
    """What a row keeps while documents are added."""

    order: int
    kinds: Counter[str] = field(default_factory=Counter)
    names: Counter[str] = field(default_factory=Counter)
    roles: Counter[str] = field(default_factory=Counter)
    affiliations: Counter[str] = field(default_factory=Counter)
    genders: Counter[str] = field(default_factory=Counter)
    numbers: Counter[str] = field(default_factory=Counter)
    types: Counter[str] = field(default_factory=Counter)
    docs: set[int] = field(default_factory=set)
    claims: int = 0
    example: tuple[str, str, str] = ("", "", "")

    def merge(self, other: _Counts) -> None:
        if other.order < self.order or not self.example[0]:
            self.example = other.example
        self.order = min(self.order, other.order)
        for mine, theirs in (
            (self.kinds, other.kinds),
            (self.names, other.names),
            (self.roles, other.roles),
            (self.affiliations, other.affiliations),
            (self.genders, other.genders),
            (self.numbers, other.numbers),
            (self.types, other.types),
        ):
            mine.update(theirs)
        self.docs |= other.docs
        self.claims += other.claims


@dataclass
class SpeakerTally:
    by: GroupBy = GroupBy.entity
    counts: dict[RowKey, _Counts] = field(default_factory=dict)
    documents: int = 0
    claims: int = 0
    unattributed: int = 0  # claims without a speaker ("it was reported that ...")
    # by entity: claims whose speaker is a pronoun with no antecedent ("I", "they"), which
    # names no one to count across documents
    unresolved: int = 0

    @property
    def rows(self) -> dict[RowKey, SpeakerRow]:
        """The rows, surnames merged into their full names (for `by=entity`)."""
        merged = _merge_surnames(self.counts) if self.by is GroupBy.entity else self.counts
        return {key: _row(key, counts) for key, counts in merged.items()}

    def merged_keys(self) -> dict[RowKey, RowKey]:
        """Each counted key and the key of the row it ends up in."""
        if self.by is not GroupBy.entity:
            return {key: key for key in self.counts}
        full = _full_names(self.counts)
        return {key: _surname_target(key, self.counts, full) or key for key in self.counts}


def _full_names(counts: Mapping[RowKey, _Counts]) -> dict[str, list[RowKey]]:
    out: dict[str, list[RowKey]] = {}
    for key in counts:
        if key[0] == "person" and len(key) > 2:
            out.setdefault(key[-1], []).append(key)
    return out


def _surname_target(
    key: RowKey, counts: Mapping[RowKey, _Counts], full: Mapping[str, list[RowKey]]
) -> RowKey | None:
    """The row of the one full name a lone surname joins: the only person with that
    surname, or, where there are several, the only one of the surname's own gender (the
    "Obama" whose claims the text calls "he" is not "Michelle Obama")."""
    if key[0] != "person" or len(key) != 2:
        return None
    names = full.get(key[1], [])
    if len(names) > 1 and (gender := _most_common(counts[key].genders)):
        names = [n for n in names if _most_common(counts[n].genders) == gender]
    return names[0] if len(names) == 1 else None


def _merge_surnames(counts: Mapping[RowKey, _Counts]) -> dict[RowKey, _Counts]:
    full = _full_names(counts)
    out: dict[RowKey, _Counts] = {}
    for key, row in counts.items():
        target = _surname_target(key, counts, full) or key
        if target in out:
            out[target].merge(row)
        else:
            copy = _Counts(row.order, example=row.example)
            copy.merge(row)
            out[target] = copy
    return dict(sorted(out.items(), key=lambda item: item[1].order))


def _most_common(counter: Counter[str]) -> str:
    """The commonest value, or "" when two values tie for it (no guess)."""
    top = counter.most_common(2)
    if not top or (len(top) > 1 and top[0][1] == top[1][1]):
        return ""
    return top[0][0]


def _row(key: RowKey, counts: _Counts) -> SpeakerRow:
    names = [name for name, _ in counts.names.most_common()]
    kind = "person" if counts.kinds["person"] else counts.kinds.most_common(1)[0][0]
    # the display name: the fullest name (most words), then the commonest, then one without
    # titles or initials, then the first
    display = max(
        names,
        key=lambda n: (
            len(person_key(n)),
            counts.names[n],
            len(_tokens(n)) == len(person_key(n)),
            -names.index(n),
        ),
    )
    example, doc, claim = counts.example
    return SpeakerRow(
        name=display,
        kind=kind,
        order=counts.order,
        key=key,
        claims=counts.claims,
        documents=len(counts.docs),
        direct=counts.types["direct"],
        indirect=counts.types["indirect"],
        mixed=counts.types["mixed"],
        role=_most_common(counts.roles),
        affiliation=_most_common(counts.affiliations),
        gender=_most_common(counts.genders),
        number=_most_common(counts.numbers),
        names=names,
        example=example,
        example_doc=doc,
        example_claim=claim,
    )


def add_document(
    tally: SpeakerTally, doc_id: str, claims: Sequence[Mapping[str, Any]]
) -> list[RowKey | None]:
    """Count one document's claims into `tally`; returns each claim's row key (None for a
    claim without a speaker, UNRESOLVED for an unresolved one when counting by entity)."""
    doc_keys: Sequence[DocKey | None] = (
        speaker_keys(claims)
        if tally.by is GroupBy.entity
        else [(c["speaker"]["name"], c["speaker"]["kind"]) if c.get("speaker") else None
              for c in claims]
    )  # fmt: skip
    number = tally.documents
    tally.documents += 1
    tally.claims += len(claims)
    out: list[RowKey | None] = []
    for claim, doc_key in zip(claims, doc_keys, strict=True):
        if doc_key is None:
            tally.unattributed += 1
            out.append(None)
            continue
        if tally.by is GroupBy.entity and claim["speaker"].get("resolved_by") == "unresolved":
            tally.unresolved += 1
            out.append(UNRESOLVED)
            continue
        speaker = claim["speaker"]
        key = row_key(*doc_key, by=tally.by, plural=speaker.get("number") == "plural")
        row = tally.counts.get(key)
        if row is None:
            row = tally.counts[key] = _Counts(order=len(tally.counts))
            row.example = (claim_example(claim), doc_id, str(claim.get("claim_id", "")))
        row.kinds[doc_key[1]] += 1
        row.names[speaker["name"]] += 1
        row.types[claim["type"]] += 1
        for counter, part in ((row.roles, "role"), (row.affiliations, "affiliation")):
            span = speaker.get(part)
            if span:
                counter[span["text"]] += 1
        if speaker.get("gender"):
            row.genders[speaker["gender"]] += 1
        if speaker.get("number"):
            row.numbers[speaker["number"]] += 1
        row.docs.add(number)
        row.claims += 1
        out.append(key)
    return out


def tally_speakers(
    documents: Iterable[tuple[str, Sequence[Mapping[str, Any]]]],
    by: GroupBy = GroupBy.entity,
) -> SpeakerTally:
    """The speakers of (doc_id, claims) pairs."""
    tally = SpeakerTally(by=by)
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
    """One output record (JSONL line) in ROW_FIELDS order; empty number, role, affiliation
    and gender are null."""
    record = {name: getattr(row, name) for name in ROW_FIELDS}
    for name in ("number", "role", "affiliation", "gender"):
        record[name] = record[name] or None
    return record


def csv_record(row: SpeakerRow) -> dict[str, Any]:
    """One CSV row: as `row_record`, the names joined by "; "."""
    record = {name: getattr(row, name) for name in ROW_FIELDS}
    record["names"] = "; ".join(row.names)
    return record


def count_speakers(
    claims: Iterable[Claim | Mapping[str, Any]],
    by: GroupBy | str = GroupBy.entity,
    sort: SortKey | str = SortKey.claims,
    min_claims: int = 1,
    kinds: Iterable[str] = (),
) -> list[SpeakerRow]:
    """Whose voices a set of claims carries: one row per speaker (see the module doc), as
    `claimex speakers` gives them. `claims` are `Claim` models or their JSON data, of any
    number of documents (grouped by `doc_id`)."""
    documents: dict[str, list[Mapping[str, Any]]] = {}
    for claim in claims:
        data = claim.model_dump(mode="json") if isinstance(claim, Claim) else claim
        documents.setdefault(str(data.get("doc_id", "")), []).append(data)
    tally = tally_speakers(documents.items(), GroupBy(by))
    return select_rows(tally, SortKey(sort), min_claims, kinds)


class TallyWriter:
    """A Writer (see claimex.io.writers) that counts speakers instead of writing claims."""

    def __init__(self, tally: SpeakerTally) -> None:
        self.tally = tally

    def write(self, doc_id: str, text: str, claims: list[ClaimData]) -> None:
        add_document(self.tally, doc_id, claims)

    def close(self) -> None:
        pass
