"""Resolve the source of each claim to a speaker: an entity of the document, with its
canonical name, kind, gender, role and affiliation.

The mentions of the document (mentions.py) are grouped into entities by ordered sieves
(coreference.py); each entity is described from all its mentions (entity_profiles.py). A
claim's source is the mention at its head word; `resolved_by` says which sieve linked it to
the mention that names the entity (`self` when the source names it itself).
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc

from claimex.extraction.coreference import Coreference, Entities
from claimex.extraction.entity_profiles import Profile, profile
from claimex.extraction.interviews import Interview, find_interview
from claimex.extraction.mentions import (
    FIRST_PERSON,
    Mention,
    find_mentions,
    is_role_word,
)
from claimex.extraction.text_index import CharRange, TextIndex
from claimex.rules.words import speaker_sieves
from claimex.schemas import Gender, GenderEvidence, SpeakerKind

INTRODUCTION = speaker_sieves().get("introduction")
SINGULAR_FIRST_PERSON = frozenset({"i", "me", "my"})


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

    def via(self, resolved_by: str) -> ResolvedSpeaker:
        """The same speaker, reached another way."""
        return ResolvedSpeaker(
            self.name,
            self.kind,
            self.start,
            self.end,
            resolved_by,
            self.entity,
            self.role,
            self.affiliation,
            self.gender,
            self.gender_evidence,
        )


def _title_only(m: Mention) -> bool:
    """A "name" that is only a title or role ("Ambassador", "CEO")."""
    return all(is_role_word(w) for w in m.words)


class SpeakerResolver:
    """The entities of one document, and the speaker of each claim's source."""

    def __init__(self, doc: Doc, index: TextIndex, sources: list[int]) -> None:
        self.doc = doc
        self.index = index
        self.mentions = find_mentions(doc, index, sources)
        self.coreference = Coreference(doc, index, self.mentions, sources)
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
            return ResolvedSpeaker(text, prof.kind, lo, hi, "unresolved", f"m{root}")
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
        )

    def _mention(self, source: CharRange, head: int) -> Mention | None:
        """The mention the source stands for: the one at its head word, unless that is
        only a role whose person the source names ("curator Elaine Gustafon", "CEO of the
        Refugee Council Ada Obi")."""
        doc = self.doc
        tok = doc[head]
        if tok.lower_ in ("who", "that", "which") and tok.head.dep_ == "relcl":
            head = tok.head.head.i  # "people who said": the people
            tok = doc[head]
        found = self.coreference.mention_at(head)
        if found is not None and found.type == "name" and not _title_only(found):
            return found
        if found is not None and found.type == "pronoun":
            return found
        if tok.dep_ == "compound" or (found is not None and found.type == "nominal"):
            # "curator Elaine Gustafon": a role word right before the name
            at = tok.head.i if tok.dep_ == "compound" else head + 1
            named = self.coreference.mention_at(at) if at < len(doc) else None
            if named is not None and named.type == "name" and self._personal(named):
                if named.start in (head + 1, tok.head.i) or tok.dep_ == "compound":
                    return named
        final = self._final_name(source, head)
        if final is not None:
            return final
        return found

    def _personal(self, mention: Mention) -> bool:
        return self.entities.animacy_of(mention) == "person"

    def _final_name(self, source: CharRange, head: int) -> Mention | None:
        """A person's name that ends the source after a role ("Afghan Ambassador to the
        United States Hamid Noor"), not after a preposition ("the lawyer for Ada Obi")."""
        lo, hi = source
        last = self.index.token_at(hi - 1)
        m = self.coreference.mention_at(last)
        if m is None or m.type != "name" or m.start <= head or _title_only(m):
            return None
        if not self._personal(m) or self.index.starts[m.start] < lo:
            return None
        before = self.doc[m.start - 1]
        if before.pos_ in ("ADP", "DET", "PART") or before.dep_ == "case":
            return None
        return m

    # ---- I, we, you -----------------------------------------------------------------------
    def _first_person(
        self, source: CharRange, head: int, lower: str, enclosing: ResolvedSpeaker | None
    ) -> ResolvedSpeaker:
        if enclosing is not None and lower not in ("you", "your"):
            return enclosing.via("pronoun")
        lo, hi = source
        if lower in SINGULAR_FIRST_PERSON and INTRODUCTION.enabled:
            interview = self._find_interview()
            start = self.index.starts[head]
            if (
                interview is not None
                and interview.answers_at(start)
                and self.index.quote_around(start) is None
            ):
                return self._speaker(interview.interviewee, (-1, -1)).via("introduction")
        kind: SpeakerKind = "person" if lower in SINGULAR_FIRST_PERSON else "unknown"
        if lower in ("we", "us", "our"):
            kind = "group"
        text = self.index.text[lo:hi]
        return ResolvedSpeaker(text, kind, lo, hi, "unresolved", f"p:{text.lower()}")

    def _find_interview(self) -> Interview | None:
        if self._interview is False:
            self._interview = find_interview(self.index, self.mentions, self.entities)
        return self._interview if isinstance(self._interview, Interview) else None
