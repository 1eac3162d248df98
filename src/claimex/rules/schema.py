"""The pydantic schema of claimex rule files.

A rule file is JSONL: one record a line, each a cue (an entry of the cue lexicon) or a rule.
The package ships `cues.jsonl` and `rules.jsonl`; users add their own with `--rules FILE`.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, field_validator, model_validator

from claimex.rules.patterns import check_pattern

# Frames are the constructions a cue takes; dependency patterns select cues by frame with
# "$frame" placeholders in a LEMMA "IN" list (see `patterns.expand_pattern`).
Frame = Literal[
    "ccomp",  # X said (that) ...
    "quote",  # "...," X said / X said: "..."
    "parataxis",  # ..., X said, ... / ..., X said.
    "as",  # As X noted, ...
    "dobj",  # X denied the report / Opponents called the plan reckless
    "xcomp",  # X vowed to fight / X urged Y to resign
    "prep",  # X warned of ... / X accused Y of ... (prepositions in `preps`)
    "prep_sourced",  # X's attack on ... / X stepped up his attacks on ... (only with a speaker)
    "passive",  # it was reported that ... / X was quoted as saying ...
    "noun",  # X's claim that ... / the report that ...
    "adjective",  # X was sure that ... / X is critical of ...
    "appearance",  # X seems to ... / it appears that ... (no source)
    "perceived",  # X is expected to ... / X is seen as ... (no source)
]

FRAMES: tuple[str, ...] = get_args(Frame)

CueClass = Literal[
    "speech",
    "writing",
    "report",
    "argument",
    "denial",
    "accusation",
    "evaluation",
    "question",
    "promise",
    "request",
    "thought",
    "evidence",
    "stance",
]

# "all": every rule runs (speech, writing, thought, belief, stance and intention, as PolNeAR
# annotates); "speech": only the rules of reported speech and thought with a clause or a
# quotation (closer to GUM's annotation, higher precision, lower recall).
Scope = Literal["all", "speech"]

RULE_ID = re.compile(r"^[a-z]+(\.[a-z0-9]+(-[a-z0-9]+)*)+$")


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class CueEntry(_Record):
    """One lemma of the cue lexicon."""

    type: Literal["cue"] = "cue"
    lemma: str = Field(min_length=1)
    pos: Literal["VERB", "NOUN", "ADJ"] = "VERB"
    cue_class: CueClass
    frames: list[Frame] = Field(min_length=1)
    preps: list[str] = Field(
        default_factory=list, description="Prepositions that introduce content ('prep' frame)."
    )
    min_words: int = Field(
        default=1,
        ge=1,
        description="Fewest words a content of this cue may have: stance verbs with a bare "
        "name or pronoun as object (backs Trump, supports him) are seldom attributions.",
    )
    note: str = ""

    @field_validator("lemma")
    @classmethod
    def _lower(cls, v: str) -> str:
        if v != v.lower() or v != v.strip():
            raise ValueError("lemmas are lower case without surrounding spaces")
        return v


class RuleExample(_Record):
    """A sentence the rule must extract, with what it must give (used by the tests)."""

    text: str
    content: str
    cue: str | None = None
    source: str | None = None
    type: Literal["direct", "indirect", "mixed"] | None = None


class _Rule(_Record):
    id: str
    description: str = Field(min_length=1)
    priority: int = Field(default=50, ge=0, le=100)
    enabled: bool = True
    scope: Scope = Field(
        default="all",
        description="The narrowest scope the rule runs in: 'speech' rules run in both scopes, "
        "'all' rules only when the scope is 'all'.",
    )
    examples: list[RuleExample] = Field(default_factory=list)

    @field_validator("id")
    @classmethod
    def _id(cls, v: str) -> str:
        if not RULE_ID.match(v):
            raise ValueError(f"rule id {v!r} must look like 'family.name' (lower case, dots)")
        return v


# the `source` of a dependency rule: one of these words, a node name, or "subject:NODE"
SOURCE_WORDS = ("subject", "none", "noun")


class DependencyRule(_Rule):
    """A construction matched on the dependency parse with spaCy's DependencyMatcher.

    `pattern` is a DependencyMatcher pattern whose nodes are named by RIGHT_ID. The node
    named by `cue` is the cue word; `content` anchors the content; `source` names the source
    node, or says how to find it (`subject`: the cue's subject, followed through
    coordination, control and participles; `none`: an agentless attribution).
    """

    type: Literal["dependency"] = "dependency"
    pattern: list[dict[str, object]] = Field(min_length=1)
    cue: str = "cue"
    cue_extra: list[str] = Field(
        default_factory=list, description="Further nodes that belong to the cue's words."
    )
    content: str = "content"
    content_span: Literal["subtree", "object", "clause_without_cue", "passive_object"] = "subtree"
    content_extra: list[str] = Field(
        default_factory=list, description="Further nodes whose subtrees join the content."
    )
    source: str = Field(
        default="subject",
        description="'subject' (the cue's subject), 'none', 'noun' (a cue noun's speaker), "
        "the name of a node, or 'subject:NODE' (the subject of that node: the light verb "
        "of 'she took issue with ...').",
    )
    cue_range: bool = Field(
        default=False,
        description="The cue runs from its first to its last node with the words between "
        "('took some shots at'); otherwise the extra nodes join it only where they touch it.",
    )
    nested: Literal["claim", "content"] = Field(
        default="claim",
        description="What a match inside another claim's content is: a claim of its own "
        "('claim'), or part of that content ('content': \"He denied that budget pressures "
        "explained the delays\" reports no claim of the budget pressures').",
    )
    require_source: bool = Field(
        default=False,
        description="Drop a match whose source is not found: an attack on a city by nobody "
        "named is no attribution, the senator's attack on a rival is one.",
    )

    @model_validator(mode="after")
    def _nodes(self) -> DependencyRule:
        """Every node the rule names is a node of its pattern, and the pattern is one that
        spaCy's DependencyMatcher takes (checked here, so that the error names the line)."""
        try:
            names = check_pattern(self.pattern, FRAMES)
        except ValueError as exc:
            raise ValueError(f"rule {self.id}: {exc}") from None
        roles = [("cue", self.cue), ("content", self.content)]
        roles += [("cue_extra", n) for n in self.cue_extra]
        roles += [("content_extra", n) for n in self.content_extra]
        for role, node in roles:
            if node not in names:
                raise ValueError(
                    f"rule {self.id}: {role} names node {node!r}, which is not in its pattern "
                    f"(nodes: {', '.join(names)})"
                )
        node = self.source.removeprefix("subject:")
        if self.source not in SOURCE_WORDS and node not in names:
            raise ValueError(
                f"rule {self.id}: source {self.source!r} is neither one of "
                f"{', '.join(SOURCE_WORDS)} nor a node of its pattern, nor 'subject:' and a "
                f"node (nodes: {', '.join(names)})"
            )
        return self


class QuoteRule(_Rule):
    """A way to attribute a direct quotation; the logic for each `position` is in code."""

    type: Literal["quote"] = "quote"
    position: Literal["after", "before", "split", "continued", "follows", "introduced"]


class SurfaceRule(_Rule):
    """A fallback on word order for sentences the parser gets wrong; it only fires for cue
    words that no dependency or quote rule has taken. The logic of each `position` is in
    code; `frame` selects the cue words from the lexicon."""

    type: Literal["surface"] = "surface"
    position: Literal["trailing", "that-clause", "speaker-label"]
    frame: Frame = "ccomp"


class ScopeSetting(_Record):
    """Which rules run (see `Scope`); the last scope record of the rule files wins."""

    type: Literal["scope"] = "scope"
    scope: Scope


AnyRule = DependencyRule | QuoteRule | SurfaceRule
AnyRecord = CueEntry | AnyRule | ScopeSetting
Rule = Annotated[AnyRule, Field(discriminator="type")]
Record = Annotated[AnyRecord, Field(discriminator="type")]
RECORD_ADAPTER: TypeAdapter[AnyRecord] = TypeAdapter(Record)
