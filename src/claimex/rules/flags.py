"""The rules of the claim flags (`negated`, `question`, `hypothetical`): rules/flags.json,
validated when first loaded.

A flag rule tests the words around a claim's cue on the dependency parse. `reach` says
which words it tests:

- `cue`: the cue's head word only;
- `chain`: the cue and the words it complements, climbing the `chain` steps (`say` in
  "refused to say", `sure` in "is not sure");
- `governors`: the chain without the cue itself;
- `clauses`: the cue and every word above it up to the sentence's root, stopping at the
  clauses in `clause_stops` (a relative clause tells what its noun did, not the sentence)
  and in the rule's own `stop_at` (a question asks about its clause, not about the
  condition under it).

A tested word fires the rule when it passes `word`, its head passes `head`, one of its
children passes `child` (standing before the word's subject when `child_before_subject`),
none passes any of `without_children`, and, where `question_mark` is given, its sentence
does (true) or does not (false) end with a question mark of its own.

`negated` counts its hits, each rule once a word: an odd count negates ("did not refuse
to say" is two). The other flags are set by any hit.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from claimex.rules.schema import RULE_ID
from claimex.schemas import ClaimFlag

Reach = Literal["cue", "chain", "governors", "clauses"]


class _Data(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class WordTest(_Data):
    """Every field given must hold for the word (words and lemmas in lower case)."""

    dep: frozenset[str] | None = None
    not_dep: frozenset[str] | None = None
    lower: frozenset[str] | None = None
    lemma: frozenset[str] | None = None
    not_lemma: frozenset[str] | None = None
    tag: frozenset[str] | None = None
    pos: frozenset[str] | None = None
    child: WordTest | None = Field(default=None, description="One of its children passes.")


class ChainStep(_Data):
    """A word whose relation is `dep` (and whose head's lemma is in `head_lemma`, where
    given) complements its head: the chain climbs to the head."""

    dep: frozenset[str] = Field(min_length=1)
    head_lemma: frozenset[str] | None = None


class FlagExample(_Data):
    """A sentence with the claim whose cue is `cue`; `flag` is the value the claim's flag
    must have (false: a negative example)."""

    text: str = Field(min_length=1)
    cue: str = Field(min_length=1)
    flag: bool


class FlagRule(_Data):
    id: str = Field(pattern=RULE_ID.pattern, description="family.name, the family the flag")
    flag: ClaimFlag
    description: str = Field(min_length=1)
    reach: Reach
    word: WordTest | None = None
    head: WordTest | None = None
    child: WordTest | None = None
    child_before_subject: bool = False
    without_children: list[WordTest] = Field(default_factory=list)
    question_mark: bool | None = None
    stop_at: frozenset[str] = Field(
        default_factory=frozenset, description="Further relations where `clauses` stops."
    )
    examples: list[FlagExample] = Field(min_length=2)

    @model_validator(mode="after")
    def _consistent(self) -> FlagRule:
        if self.id.split(".")[0] != self.flag:
            raise ValueError(f"{self.id}: the id of a {self.flag} rule starts with '{self.flag}.'")
        if self.child_before_subject and self.child is None:
            raise ValueError(f"{self.id}: child_before_subject needs a child test")
        if self.word is self.head is self.child is None and self.question_mark is None:
            raise ValueError(f"{self.id}: a rule needs at least one test")
        if not any(e.flag for e in self.examples) or all(e.flag for e in self.examples):
            raise ValueError(f"{self.id}: give examples that set the flag and one that does not")
        return self


class FlagRules(_Data):
    """rules/flags.json."""

    comment: str = ""
    chain: list[ChainStep] = Field(min_length=1)
    clause_stops: frozenset[str]
    rules: list[FlagRule] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique(self) -> FlagRules:
        ids = [r.id for r in self.rules]
        doubled = sorted({i for i in ids if ids.count(i) > 1})
        if doubled:
            raise ValueError(f"flag rule ids used twice: {', '.join(doubled)}")
        return self


class FlagRuleError(ValueError):
    """rules/flags.json does not validate; the message names the file and the field."""


def parse_flag_rules(data: str, origin: str = "flags.json") -> FlagRules:
    """Validate the JSON text of a flag rule file."""
    try:
        record = json.loads(data)
    except json.JSONDecodeError as exc:
        raise FlagRuleError(f"{origin}:{exc.lineno}: {exc.msg}") from None
    if isinstance(record, dict) and "_comment" in record:
        record["comment"] = record.pop("_comment")
    try:
        return FlagRules.model_validate(record)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        msg = first["msg"].removeprefix("Value error, ")
        raise FlagRuleError(f"{origin}: {where + ': ' if where else ''}{msg}") from None


@lru_cache(maxsize=1)
def flag_rules() -> FlagRules:
    text = resources.files("claimex.rules").joinpath("flags.json").read_text("utf-8")
    return parse_flag_rules(text)
