"""The claimex output contract: one `Claim` per attributed statement.

Every span holds Python `str` offsets into the original input, so that
`text[span.start:span.end] == span.text` for every span and fragment.
"""

from __future__ import annotations

from typing import Any, Literal, TypedDict

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SerializerFunctionWrapHandler,
    model_serializer,
)

SCHEMA_VERSION = "1.2"

ClaimType = Literal["direct", "indirect", "mixed"]
SpeakerKind = Literal["person", "organization", "anonymous", "document", "group", "unknown"]
Gender = Literal["female", "male"]
GenderEvidence = Literal["pronoun", "title", "role_noun", "first_name"]
Number = Literal["singular", "plural"]
ClaimFlag = Literal["negated", "question", "hypothetical"]
CLAIM_FLAGS: tuple[ClaimFlag, ...] = ("negated", "question", "hypothetical")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Span(_Model):
    """A stretch of the input: `text == input[start:end]`."""

    text: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)


class Cue(Span):
    """The words that mark the attribution ("said", "according to")."""

    lemma: str = Field(description="Lemma of the cue's head word, e.g. 'say' for 'has said'.")
    cue_class: str | None = Field(
        default=None, description="Class of the cue from the lexicon (speech, writing, ...)."
    )


class Content(Span):
    """What is attributed. `fragments` lists the pieces when the content is discontinuous."""

    fragments: list[Span] = Field(default_factory=list)


class Speaker(_Model):
    """Who the source is, resolved within the document."""

    name: str = Field(
        description="The canonical name of the speaker's entity: a person's fullest name "
        "without titles, an organisation's fullest name, or a short description."
    )
    kind: SpeakerKind = Field(
        description="What the speaker is: person (one person or several: 'Anna Smith', "
        "'researchers', 'many of them'), organization ('the ministry', 'the two companies'), "
        "anonymous (a source that keeps its name back: 'a senior official', 'officials'), "
        "document ('the report'), group (a body of people named by a group noun: 'the jury', "
        "'the crowd', 'the couple'), unknown."
    )
    number: Number | None = Field(
        default=None,
        description="singular or plural: whether the speaker is one or several ('researchers', "
        "'they' are plural persons); null when the text does not tell.",
    )
    start: int | None = Field(default=None, ge=0, description="Start of the mention naming it.")
    end: int | None = Field(default=None, ge=0, description="End of the mention naming it.")
    resolved_by: str = Field(
        default="self",
        description="How the name was found: self (the source names the entity), name "
        "(another mention of the name: a surname, a title and surname), apposition (a name "
        "in apposition to the source's head), alias (an organisation's acronym or 'the "
        "company'), role ('the minister' after 'Interior Minister Paulo Reis'), description "
        "('the person' after 'a person familiar with the talks'), pronoun (a pronoun's "
        "antecedent, or I inside a quotation), introduction (I in an interview's answers: "
        "the interviewee), unresolved (a pronoun with no antecedent in the document; the "
        "name is the pronoun as written).",
    )
    entity: str = Field(
        default="",
        description="Id of the speaker's entity (e1, e2, ... in order of first claim), shared "
        "by all its claims in the document.",
    )
    role: Span | None = Field(
        default=None, description="The speaker's role or title where the text gives it."
    )
    affiliation: Span | None = Field(
        default=None, description="The organisation the speaker speaks for, where given."
    )
    gender: Gender | None = Field(
        default=None, description="female or male where the text gives evidence, else null."
    )
    gender_evidence: GenderEvidence | None = Field(
        default=None, description="What the gender rests on: pronoun, title, role_noun, first_name."
    )


class Claim(_Model):
    """One attributed claim: who (source, speaker) said (cue) what (content)."""

    doc_id: str = ""
    claim_id: str
    type: ClaimType
    source: Span | None
    speaker: Speaker | None
    cue: Cue | None
    content: Content
    sentence: int = Field(ge=0, description="Index of the sentence holding the cue (else content).")
    rule: str = Field(description="Id of the rule that produced the claim.")
    extended_by: list[str] = Field(
        default_factory=list, description="Ids of rules that added fragments to the content."
    )
    negated: bool = Field(
        default=False,
        description="The cue is negated: the source did not say it (did not say, refused to "
        "say, would not confirm, denied saying, no longer claims).",
    )
    question: bool = Field(
        default=False,
        description="The cue stands in a question: it is asked whether the source said it "
        "(Did Brown say ...? Who said ...?).",
    )
    hypothetical: bool = Field(
        default=False,
        description="The cue is under a condition or a modal: the saying is not reported as "
        "real (If Lee says ..., would say, could argue, should he claim, is expected to say).",
    )
    flagged_by: list[str] = Field(
        default_factory=list, description="Ids of the flag rules that set the flags."
    )
    schema_version: str = SCHEMA_VERSION
    meta: dict[str, Any] | None = Field(
        default=None,
        description="Input fields carried with the claim: the --keep fields of its "
        "document's record (null where the record lacks one) and, with --emit-text, "
        "text_sha256 (the SHA-256 of the document's UTF-8 text). Absent without either.",
    )

    @model_serializer(mode="wrap")
    def _without_empty_meta(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        """No `meta` key when the claim carries nothing, as claimex writes it."""
        data: dict[str, Any] = handler(self)
        if data.get("meta") is None:
            data.pop("meta", None)
        return data

    def spans(self) -> list[Span]:
        """Every span of the claim, fragments included (for offset checks)."""
        out: list[Span] = [self.content, *self.content.fragments]
        for span in (self.source, self.cue):
            if span is not None:
                out.append(span)
        return out


def claim_json_schema() -> dict[str, object]:
    """The JSON Schema of one output line."""
    return Claim.model_json_schema()


# The same contract as plain JSON data: what extraction builds, writers write and readers of
# claim files give back (`Claim.model_validate` turns one into the model). A test keeps the
# two in step.
class SpanData(TypedDict):
    text: str
    start: int
    end: int


class CueData(SpanData):
    lemma: str
    cue_class: str | None


class ContentData(SpanData):
    fragments: list[SpanData]


class SpeakerData(TypedDict):
    name: str
    kind: SpeakerKind
    number: Number | None
    start: int | None
    end: int | None
    resolved_by: str
    entity: str
    role: SpanData | None
    affiliation: SpanData | None
    gender: Gender | None
    gender_evidence: GenderEvidence | None


class _ClaimFields(TypedDict):
    doc_id: str
    claim_id: str
    type: ClaimType
    source: SpanData | None
    speaker: SpeakerData | None
    cue: CueData | None
    content: ContentData
    sentence: int
    rule: str
    extended_by: list[str]
    negated: bool
    question: bool
    hypothetical: bool
    flagged_by: list[str]
    schema_version: str


class ClaimData(_ClaimFields, total=False):
    meta: dict[str, Any]  # only when the run keeps input fields (--keep, --emit-text)
