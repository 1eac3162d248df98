"""Resolve the source of each claim to a speaker: an entity of the document, with its
canonical name, kind, gender, role and affiliation.

The mentions of the document (mentions.py) are grouped into entities by ordered sieves
(coreference.py); each entity is described from all its mentions (entity_profiles.py). A
claim's source is the mention at its head word; `resolved_by` says which sieve linked it to
the mention that names the entity (`self` when the source names it itself).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from spacy.tokens import Doc

from claimex.extraction.coreference import Coreference
from claimex.extraction.entity_groups import Entities
from claimex.extraction.entity_profiles import Profile, profile
from claimex.extraction.interviews import Interview, find_interview
from claimex.extraction.mentions import FIRST_PERSON, Mention, find_mentions
from claimex.extraction.text_index import CharRange, TextIndex, past_hyphen
from claimex.rules.words import speaker_sieves
from claimex.schemas import Gender, GenderEvidence, Number, SpeakerKind

INTRODUCTION = speaker_sieves().get("introduction")
SINGULAR_FIRST_PERSON = frozenset({"i", "me", "my"})
INTERVIEW_LABELS = {"Q": "question", "Question": "question", "A": "answer", "Answer": "answer"}


@dataclass
class ResolvedSpeaker:
    name: str
    kind: SpeakerKind
    start: int | None
    end: int | None
    resolved_by: str
    entity: str = ""  # a key of the entity within the document (numbered later)
    role: CharRange | None = None
    affiliation: CharRange | None = None
    gender: Gender | None = None
    gender_evidence: GenderEvidence | None = None
    number: Number | None = None

    def via(self, resolved_by: str) -> ResolvedSpeaker:
        """The same speaker, reached another way."""
        return replace(self, resolved_by=resolved_by)


class SpeakerResolver:
    """The entities of one document, and the speaker of each claim's source."""

    def __init__(
        self,
        doc: Doc,
        index: TextIndex,
        sources: list[tuple[int, CharRange]],
        contents: dict[int, list[CharRange]] | None = None,
    ) -> None:
        """`sources`: the head token and the characters of every claim's source;
        `contents`: the characters of each source's claim content, by its head token."""
        self.doc = doc
        self.index = index
        self.mentions = find_mentions(doc, index, [head for head, _ in sources])
        self.coreference = Coreference(doc, index, self.mentions, sources, contents)
        self.entities: Entities = self.coreference.run()
        self.profiles: dict[int, Profile] = {}
        self._interview: Interview | bool | None = False  # False: not looked for yet

    def resolve(
        self, source: CharRange | None, head: int | None, enclosing: ResolvedSpeaker | None
    ) -> ResolvedSpeaker | None:
        if source is None or head is None:
            return None
        lower = self.doc[head].lower_
        if lower in FIRST_PERSON or lower == "i" or lower in ("you", "your"):
            return self._first_person(source, head, lower, enclosing)
        label = self.index.text[source[0] : source[1]]
        if label in INTERVIEW_LABELS:
            return self._interview_label(source, label)
        mention = self._mention(source, head)
        if mention is None:
            lo, hi = source
            return ResolvedSpeaker(self.index.text[lo:hi], "unknown", lo, hi, "self", f"s{lo}")
        return self._speaker(mention, source)

    def _speaker(self, mention: Mention, source: CharRange) -> ResolvedSpeaker:
        entities = self.entities
        root = entities.root(mention.index)
        prof = self.profiles.get(root)
        if prof is None:
            prof = self.profiles[root] = profile(self.doc, self.index, entities, mention)
        lo, hi = source
        if mention.type == "pronoun" and not prof.resolved:
            text = self.index.text[lo:hi]  # no antecedent: the pronoun as written
            return ResolvedSpeaker(
                text, prof.kind, lo, hi, "unresolved", f"m{root}", number=prof.number
            )
        if mention.type == "pronoun":
            by = "pronoun"
        elif (
            prof.start is not None and lo <= prof.start and prof.end is not None and prof.end <= hi
        ):
            by = "self"
        else:
            by = mention.link or ("name" if prof.named else "description")
        return ResolvedSpeaker(
            prof.name,
            prof.kind,
            prof.start,
            prof.end,
            by,
            f"m{root}",
            prof.role,
            prof.affiliation,
            prof.gender,
            prof.gender_evidence,
            prof.number,
        )

    def _mention(self, source: CharRange, head: int) -> Mention | None:
        """The mention the source stands for: the one at its head word ("people who
        said": the people), else the first name inside the source."""
        tok = self.doc[head]
        if tok.tag_ in ("WP", "WDT") and tok.head.dep_ == "relcl":
            head = tok.head.head.i
        head = past_hyphen(self.doc, head)  # "The vice-president": president
        found = self.coreference.mention_at(head)
        if found is not None:
            return found
        lo, hi = source
        return next(
            (
                m
                for m in self.mentions
                if m.type == "name" and lo <= self.index.starts[m.start] < hi
            ),
            None,
        )

    # ---- I, we, you -----------------------------------------------------------------------
    def _first_person(
        self, source: CharRange, head: int, lower: str, enclosing: ResolvedSpeaker | None
    ) -> ResolvedSpeaker:
        if enclosing is not None and lower not in ("you", "your"):
            return enclosing.via("pronoun")
        lo, hi = source
        if lower in (*SINGULAR_FIRST_PERSON, "you", "your") and INTRODUCTION.enabled:
            interview = self._find_interview()
            start = self.index.starts[head]
            if (
                interview is not None
                and interview.interviewee_at(start, lower in SINGULAR_FIRST_PERSON)
                and self.index.quote_around(start) is None
            ):
                return self._speaker(interview.interviewee, (-1, -1)).via("introduction")
        kind: SpeakerKind = "unknown"  # you: one or several
        number: Number | None = None
        if lower in SINGULAR_FIRST_PERSON:
            kind, number = "person", "singular"
        elif lower in ("we", "us", "our"):
            kind, number = "person", "plural"
        text = self.index.text[lo:hi]
        return ResolvedSpeaker(text, kind, lo, hi, "unresolved", f"p:{text.lower()}", number=number)

    def _interview_label(self, source: CharRange, label: str) -> ResolvedSpeaker:
        """ "A:" in an interview is the interviewee; "Q:" the interviewer, whom the text
        seldom names."""
        interview = self._find_interview() if INTRODUCTION.enabled else None
        if interview is not None and INTERVIEW_LABELS[label] == "answer":
            return self._speaker(interview.interviewee, (-1, -1)).via("introduction")
        lo, hi = source
        return ResolvedSpeaker(label, "unknown", lo, hi, "unresolved", f"p:{label.lower()}")

    def _find_interview(self) -> Interview | None:
        if self._interview is False:
            self._interview = find_interview(self.index, self.mentions, self.entities)
        return self._interview if isinstance(self._interview, Interview) else None
