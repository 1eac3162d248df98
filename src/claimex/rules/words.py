"""The word lists of extraction, shipped as data and validated when first loaded.

- `words.json`: closed-class words and phrases the grammar code looks for (complementizers,
  relative pronouns, setting nouns, pronoun genders, titles, labels that are no speakers, and
  the verb forms and abbreviations that bound an unclosed quotation on the raw text).
- `speaker_words.json`: head nouns that tell a speaker's kind, and markers of anonymity.
- `first_names.txt`: common first names with their usual gender (or none).
- `surnames.txt`: common surnames.
- `speaker_sieves.json`: the passes of speaker resolution, in order, with their examples.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Gender = Literal["m", "f"]
Kind = Literal["person", "organization", "anonymous", "document", "group", "unknown"]


class _Lists(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Words(_Lists):
    """rules/words.json."""

    comment: str = ""
    relative_pronouns: frozenset[str]
    setting_nouns: frozenset[str]
    # works whose author a passive cue reports: "in the study by X, it was found that"
    study_nouns: frozenset[str]
    complementizers: frozenset[str]
    contrast_marks: frozenset[str]
    object_preps: frozenset[str]
    object_span_preps: frozenset[str]
    light_verbs: frozenset[str]
    # a verb and preposition whose subject holds the noun after them: came to the conclusion
    light_verb_phrases: frozenset[str]
    addressee_verbs: frozenset[str]
    attribution_dashes: frozenset[str]
    not_speaker_labels: frozenset[str]
    restating_pronouns: frozenset[str]
    pronoun_gender: dict[str, Gender]
    plural_pronouns: frozenset[str]
    they_pronouns: frozenset[str]
    it_pronouns: frozenset[str]
    first_person: frozenset[str]
    title_gender: dict[str, Gender]
    name_titles: frozenset[str]
    honorifics: frozenset[str]
    office_titles: frozenset[str]
    name_suffixes: frozenset[str]
    attribution_verbs: frozenset[str]  # word forms: find_quotes reads raw text, not lemmas
    abbreviations: frozenset[str]  # a period after these ends no sentence (Mr. Hale)


class SpeakerWords(_Lists):
    """rules/speaker_words.json."""

    comment: str = ""
    anonymous_heads: frozenset[str]
    anonymous_markers: tuple[str, ...]
    business_heads: frozenset[str]
    date_words: frozenset[str]
    document_heads: frozenset[str]
    gendered_nouns: dict[str, Gender]
    group_heads: frozenset[str]
    interviewer_verbs: frozenset[str]
    name_verbs: frozenset[str]
    organization_heads: frozenset[str]
    organization_suffixes: frozenset[str]
    person_heads: frozenset[str]
    person_pronouns: frozenset[str]
    person_verbs: frozenset[str]
    place_heads: frozenset[str]
    place_prepositions: frozenset[str]
    thing_suffixes: frozenset[str]
    name_run_ons: frozenset[str]
    title_roles: dict[str, str]
    kinship_names: dict[str, str]
    co_author_nouns: frozenset[str]
    partitive_heads: frozenset[str]
    singular_partitives: frozenset[str]


class SieveExample(_Lists):
    """A sentence and the speaker its first claim must get."""

    text: str
    name: str
    kind: Kind
    resolved_by: str
    claim: int = 0  # which claim of the text (in text order) the example is about


class Sieve(_Lists):
    """One pass of speaker resolution: `id` is the `resolved_by` of the claims it resolves."""

    id: str
    description: str
    enabled: bool = True
    window: int = Field(default=0, ge=0, description="How many sentences back it looks.")
    examples: tuple[SieveExample, ...] = Field(min_length=1)


class SpeakerSieves(_Lists):
    """rules/speaker_sieves.json."""

    comment: str = ""
    sieves: tuple[Sieve, ...]

    def get(self, sieve_id: str) -> Sieve:
        return next(s for s in self.sieves if s.id == sieve_id)


def _read(name: str) -> str:
    return resources.files("claimex.rules").joinpath(name).read_text("utf-8")


def _without_comment(data: str) -> dict[str, object]:
    record: dict[str, object] = json.loads(data)
    if "_comment" in record:
        record["comment"] = record.pop("_comment")
    return record


@lru_cache(maxsize=1)
def words() -> Words:
    return Words.model_validate(_without_comment(_read("words.json")))


@lru_cache(maxsize=1)
def speaker_words() -> SpeakerWords:
    return SpeakerWords.model_validate(_without_comment(_read("speaker_words.json")))


@lru_cache(maxsize=1)
def speaker_sieves() -> SpeakerSieves:
    return SpeakerSieves.model_validate(_without_comment(_read("speaker_sieves.json")))


@lru_cache(maxsize=1)
def _first_name_lines() -> dict[str, str]:
    return parse_first_names(_read("first_names.txt"))


def parse_first_names(text: str) -> dict[str, str]:
    """Lines "m: name name ...", "f: ...", "u: ..." (a name with no usual gender) as a
    dict of lower-case name to its letter; a bad letter or a name under two letters is an
    error that names the line."""
    out: dict[str, str] = {}
    for n, line in enumerate(text.splitlines(), 1):
        if line.strip() and not line.startswith("#"):
            gender, _, names = line.partition(":")
            value = gender.strip()
            if value not in ("m", "f", "u"):
                raise ValueError(f"first_names.txt, line {n}: gender {value!r} is not m, f or u")
            for name in names.split():
                if out.setdefault(name.lower(), value) != value:
                    raise ValueError(f"first_names.txt, line {n}: {name!r} has two genders")
    return out


@lru_cache(maxsize=1)
def first_names() -> dict[str, Gender]:
    """Common first names (lower case) with their usual gender."""
    return {name: "m" if g == "m" else "f" for name, g in _first_name_lines().items() if g != "u"}


@lru_cache(maxsize=1)
def surnames() -> frozenset[str]:
    """Common surnames (lower case)."""
    out: set[str] = set()
    for line in _read("surnames.txt").splitlines():
        if not line.startswith("#"):
            out.update(w.lower() for w in line.split())
    return frozenset(out)


@lru_cache(maxsize=1)
def known_first_names() -> frozenset[str]:
    """Every first name of the list (lower case), with or without a usual gender."""
    return frozenset(_first_name_lines())
