"""The word lists of extraction, shipped as data and validated when first loaded.

- `words.json`: closed-class words and phrases the grammar code looks for (complementizers,
  relative pronouns, setting nouns, pronoun genders, titles, labels that are no speakers, and
  the verb forms and abbreviations that bound an unclosed quotation on the raw text).
- `speaker_words.json`: head nouns that tell a speaker's kind, and markers of anonymity.
- `first_names.txt`: common first names with their usual gender.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Literal

from pydantic import BaseModel, ConfigDict

Gender = Literal["m", "f"]
Kind = Literal["person", "organization", "anonymous", "document", "group", "unknown"]


class _Lists(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Words(_Lists):
    """rules/words.json."""

    comment: str = ""
    relative_pronouns: frozenset[str]
    setting_nouns: frozenset[str]
    complementizers: frozenset[str]
    contrast_marks: frozenset[str]
    object_preps: frozenset[str]
    object_span_preps: frozenset[str]
    light_verbs: frozenset[str]
    addressee_verbs: frozenset[str]
    attribution_dashes: frozenset[str]
    not_speaker_labels: frozenset[str]
    restating_pronouns: frozenset[str]
    pronoun_gender: dict[str, Gender]
    plural_pronouns: frozenset[str]
    first_person: frozenset[str]
    title_gender: dict[str, Gender]
    name_titles: frozenset[str]
    honorifics: frozenset[str]
    office_titles: frozenset[str]
    name_suffixes: frozenset[str]
    entity_kinds: dict[str, Kind]
    attribution_verbs: frozenset[str]  # word forms: find_quotes reads raw text, not lemmas
    abbreviations: frozenset[str]  # a period after these ends no sentence (Mr. Hale)


class SpeakerWords(_Lists):
    """rules/speaker_words.json."""

    comment: str = ""
    anonymous_heads: frozenset[str]
    anonymous_markers: tuple[str, ...]
    document_heads: frozenset[str]
    organization_heads: frozenset[str]
    organization_suffixes: frozenset[str]
    person_heads: frozenset[str]


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
def first_names() -> dict[str, Gender]:
    """Common first names (lower case) with their usual gender."""
    out: dict[str, Gender] = {}
    for line in _read("first_names.txt").splitlines():
        if line.strip() and not line.startswith("#"):
            gender, _, names = line.partition(":")
            value = gender.strip()
            if value not in ("m", "f"):
                raise ValueError(f"first_names.txt: gender {value!r} is not m or f")
            for name in names.split():
                out[name.lower()] = "m" if value == "m" else "f"
    return out
