"""Resolve the source of each claim to a speaker within the document.

No coreference model is used: names are grouped by surname from the parser's PERSON
entities (so `Marek` resolves to the fullest earlier mention, `Ivo Marek`), pronouns go to
the nearest compatible person before them (grammatical subjects and earlier speakers first),
and sources that are not names are classed by their head noun (anonymous sources,
documents, groups, organisations).
"""

from __future__ import annotations

from bisect import bisect_left, insort
from dataclasses import dataclass, field
from itertools import pairwise

from spacy.attrs import LOWER
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span, Token

from claimex.extraction.text_index import CharRange, TextIndex
from claimex.rules.words import first_names, speaker_words, words
from claimex.schemas import SpeakerKind

PRONOUN_GENDER = words().pronoun_gender
PLURAL_PRONOUNS = words().plural_pronouns
FIRST_PERSON = words().first_person
TITLE_GENDER = words().title_gender
TITLE_IDS = frozenset(get_string_id(t) for t in TITLE_GENDER)
NAME_STOP = words().name_titles


WORDS = speaker_words()
ANONYMOUS_HEADS = WORDS.anonymous_heads
ANONYMOUS_MARKERS = WORDS.anonymous_markers
DOCUMENT_HEADS = WORDS.document_heads
ORGANIZATION_HEADS = WORDS.organization_heads
ORGANIZATION_SUFFIXES = WORDS.organization_suffixes
PERSON_HEADS = WORDS.person_heads
NAMED_KINDS = words().entity_kinds


@dataclass
class Person:
    """One person of the document: all mentions that share a surname."""

    key: str
    mentions: list[Span] = field(default_factory=list)
    gender: str | None = None

    def fullest_before(self, char: int) -> Span:
        before = [m for m in self.mentions if m.start_char <= char] or self.mentions
        return max(before, key=lambda m: (len(_name_words(m)), -m.start_char))


@dataclass
class ResolvedSpeaker:
    name: str
    kind: SpeakerKind
    start: int | None
    end: int | None
    resolved_by: str


def _name_words(span: Span) -> list[str]:
    return [t.text for t in span if t.text.lower() not in NAME_STOP and t.is_alpha]


def _clean_entity(ent: Span) -> Span:
    """The entity without a possessive 's or trailing punctuation."""
    end = ent.end
    while end > ent.start + 1 and (ent.doc[end - 1].dep_ == "case" or ent.doc[end - 1].is_punct):
        end -= 1
    start = ent.start
    while start < end - 1 and ent.doc[start].is_punct:
        start += 1
    return ent.doc[start:end]


def _after_titles(doc: Doc) -> set[str]:
    """The lower-case words that follow Mr./Ms./Dr. (read from the Doc's array: making a
    Token for every word of a long article is the slow part)."""
    lowers = doc.to_array([LOWER]).tolist() if len(doc) else []
    return {doc.vocab.strings[w] for prev, w in pairwise(lowers) if prev in TITLE_IDS}


class SpeakerResolver:
    """Holds the people of one document and resolves claim sources in text order."""

    def __init__(self, doc: Doc, index: TextIndex) -> None:
        self.doc = doc
        self.index = index
        self.people: list[Person] = []
        self.by_token: dict[int, Person] = {}
        self.by_key: dict[str, Person] = {}  # surname -> person
        self.by_first: dict[str, Person] = {}  # first name -> person (the latest)
        self.mentions: list[tuple[int, Span, Person]] = []  # in text order
        self.history: list[tuple[int, Person, Span]] = []  # (char, person, mention) of speakers
        self.spoken: list[tuple[str, int, ResolvedSpeaker]] = []  # (head lemma, sentence, who)
        # names that follow Mr./Ms./Dr. somewhere in the document
        self.titled = _after_titles(doc)
        self.ents = index.ents
        for ent in self.ents:
            if ent.label_ == "PERSON" and not any(
                t.lower_ in ORGANIZATION_SUFFIXES for t in ent
            ):  # "Velden Terminals" tagged as a person is not one
                self._add_mention(_clean_entity(ent))

    # ---- people ------------------------------------------------------------------------
    def _add_mention(self, span: Span) -> Person | None:
        words = _name_words(span)
        if not words:
            return None
        key = words[-1].lower()
        person = self.by_key.get(key)
        if person is None and len(words) == 1:
            # a first name alone ("Ada") joins the person whose first name it is
            person = self.by_first.get(key)
        if person is None:
            person = Person(key)
            self.people.append(person)
            self.by_key[key] = person
        if len(words) > 1:
            self.by_first[words[0].lower()] = person
        person.mentions.append(span)
        insort(self.mentions, (span.start, span, person), key=lambda t: t[0])
        for tok in span:
            self.by_token[tok.i] = person
        if person.gender is None:
            person.gender = self._gender_of(span)
        return person

    def _gender_of(self, span: Span) -> str | None:
        if span.start > 0:
            title = self.doc[span.start - 1].lower_
            if title in TITLE_GENDER:
                return TITLE_GENDER[title]
        if span[0].lower_ in TITLE_GENDER:
            return TITLE_GENDER[span[0].lower_]
        words = _name_words(span)
        if len(words) >= 2:
            return first_names().get(words[0].lower())
        return None

    def _person_in(self, head: Token, lo: int, hi: int) -> tuple[Person, Span] | None:
        """The person the source names: a name that holds its head word, or stands in
        apposition to it ("the director of education, Nkechi Balogun")."""
        for i in self.index.tokens_in(lo, hi):
            person = self.by_token.get(i)
            if person is None:
                continue
            mention = next(m for m in person.mentions if m.start <= i < m.end)
            root = mention.root
            if mention.start <= head.i < mention.end or (
                root.head.i == head.i and root.dep_ in ("appos", "compound")
            ):
                return person, mention
        return None

    # ---- resolution -------------------------------------------------------------------
    def resolve(
        self, source: CharRange | None, head: Token | None, enclosing: ResolvedSpeaker | None
    ) -> ResolvedSpeaker | None:
        if source is None or head is None:
            return None
        lo, hi = source
        text = self.index.text
        lower = head.lower_
        if head.pos_ == "PRON" or lower in PRONOUN_GENDER or lower in PLURAL_PRONOUNS:
            return self._pronoun(head, enclosing, source)
        found = self._person_in(head, lo, hi)
        if found is None and head.pos_ == "PROPN":
            found = self._proper_name(head)
        if found is not None:
            person, mention = found
            full = person.fullest_before(lo)
            self.history.append((lo, person, full))
            by = "self" if full.start_char == mention.start_char else "name"
            return ResolvedSpeaker(full.text, "person", full.start_char, full.end_char, by)
        earlier = self._definite(head)
        if earlier is not None:
            return earlier
        appos = next(
            (c for c in head.children if c.dep_ == "appos" and c.pos_ == "PROPN" and c.idx < hi),
            None,
        )
        if head.pos_ == "NOUN" and appos is not None:
            if head.lemma_.lower() in PERSON_HEADS and head.tag_ == "NN":
                # "the district's director of education, Nkechi Balogun": a person by title
                name = self._add_mention(self._name_span(appos))
                if name is not None:
                    full = name.fullest_before(lo)
                    self.history.append((lo, name, full))
                    return ResolvedSpeaker(
                        full.text, "person", full.start_char, full.end_char, "self"
                    )
            head = appos  # "Tessaro's largest shareholder, the fund Aurelia Capital"
        kind = self._kind(head, lo, hi)
        if kind in ("organization",):
            ent = next(
                (
                    e
                    for e in self.ents
                    if e.label_ in NAMED_KINDS
                    and lo <= e.start_char
                    and e.end_char <= hi
                    and head in e
                ),
                None,
            )
            if ent is not None:
                ent = _clean_entity(ent)
                return ResolvedSpeaker(ent.text, kind, ent.start_char, ent.end_char, "self")
        return ResolvedSpeaker(text[lo:hi], kind, lo, hi, "self")

    def remember(self, head: Token | None, speaker: ResolvedSpeaker | None) -> None:
        """Note who spoke, for later definite descriptions ("the person said")."""
        if head is not None and speaker is not None:
            self.spoken.append((head.lemma_.lower(), self.index.sent_of[head.i], speaker))

    def _definite(self, head: Token) -> ResolvedSpeaker | None:
        """ "The person said ..." after "a person familiar with the talks said ...": the same
        speaker, when an earlier source had the same head noun within a few sentences."""
        det = next((c for c in head.children if c.dep_ == "det"), None)
        if head.pos_ != "NOUN" or det is None or det.lower_ not in ("the", "this", "that"):
            return None
        if len(list(head.children)) > 1:
            return None  # "the person who ...", "the largest union": a description of its own
        lemma = head.lemma_.lower()
        sent = self.index.sent_of[head.i]
        for earlier_lemma, earlier_sent, speaker in reversed(self.spoken):
            if sent - earlier_sent > 6:
                break
            if earlier_lemma == lemma:
                return ResolvedSpeaker(
                    speaker.name, speaker.kind, speaker.start, speaker.end, "description"
                )
        return None

    def _name_span(self, head: Token) -> Span:
        """A proper noun with the proper nouns compounded before it (Nkechi Balogun)."""
        compound = [c for c in head.lefts if c.dep_ == "compound" and c.pos_ == "PROPN"]
        return self.doc[compound[0].i if compound else head.i : head.i + 1]

    def _proper_name(self, head: Token) -> tuple[Person, Span] | None:
        """A name the entity recogniser missed: a surname of a known person, else a new one."""
        key = head.text.lower()
        known = any(p.key == key for p in self.people)
        span = self._name_span(head)
        if any(t.lower_ in ORGANIZATION_SUFFIXES for t in span):
            return None
        first_name = len(span) > 1 and span[0].lower_ in first_names()
        personal = first_name or self._described_as_person(head)
        if not (known or personal) and head.ent_type_ not in ("", "PERSON", "GPE", "NORP"):
            return None
        if known or personal or (head.ent_type_ == "" and span[0].is_title):
            person = self._add_mention(span)
            if person is not None:
                return person, span
        return None

    def _described_as_person(self, head: Token) -> bool:
        """The text says a name is a person's where the recogniser did not: "Okoro, who
        chairs ...", "Okoro, the union leader", "Mr. Okoro"."""
        for child in head.children:
            if child.dep_ == "relcl" and any(
                g.lower_ in ("who", "whom", "whose") for g in child.children
            ):
                return True
            if (
                child.dep_ == "appos"
                and child.pos_ == "NOUN"
                and child.lemma_.lower() in PERSON_HEADS
            ):
                return True
        return head.lower_ in self.titled

    def _kind(self, head: Token, lo: int, hi: int) -> SpeakerKind:
        text = self.index.text[lo:hi].lower()
        lemma = head.lemma_.lower()
        if any(m in text for m in ANONYMOUS_MARKERS):
            return "anonymous"
        named = [e for e in self.ents if lo <= e.start_char and e.end_char <= hi]
        if lemma in DOCUMENT_HEADS:
            return "document"
        if lemma in ANONYMOUS_HEADS and not any(head in e for e in named):
            det = next((c for c in head.children if c.dep_ in ("det", "nummod")), None)
            if det is not None and det.lower_ not in ("the", "this", "that", "these", "those"):
                return "anonymous"  # a senior official, two people, some aides
            described = any(c.dep_ in ("compound", "prep", "acl", "relcl") for c in head.children)
            if head.tag_ in ("NNS", "NNPS") and det is None and not described:
                return "anonymous"  # "officials said"
        if head.pos_ == "PROPN":
            names = [t for t in head.subtree if t.pos_ == "PROPN" and lo <= t.idx < hi]
            if any(t.lower_ in ORGANIZATION_SUFFIXES for t in names):
                return "organization"
            if head.ent_type_ in NAMED_KINDS:
                return NAMED_KINDS[head.ent_type_]
            return "group" if head.tag_ == "NNPS" and not head.ent_type_ else "person"
        if head.ent_type_ in NAMED_KINDS:
            return NAMED_KINDS[head.ent_type_]
        plural = head.tag_ in ("NNS", "NNPS")
        if lemma in ORGANIZATION_HEADS and not plural:
            return "organization"
        if lemma in PERSON_HEADS and not plural:
            return "person"
        if plural or lemma in ("public", "crowd", "audience"):
            return "group"
        return "unknown"

    def _pronoun(
        self, head: Token, enclosing: ResolvedSpeaker | None, source: CharRange
    ) -> ResolvedSpeaker:
        lower = head.lower_
        lo, hi = source
        if lower in FIRST_PERSON and enclosing is not None:
            return ResolvedSpeaker(
                enclosing.name, enclosing.kind, enclosing.start, enclosing.end, "pronoun"
            )
        if lower in ("he", "she"):
            person = self._antecedent(head, PRONOUN_GENDER[lower])
            if person is not None:
                full = person.fullest_before(lo)
                if person.gender is None:
                    person.gender = PRONOUN_GENDER[lower]
                self.history.append((lo, person, full))
                return ResolvedSpeaker(
                    full.text, "person", full.start_char, full.end_char, "pronoun"
                )
        if lower == "it":
            sent = self.index.sent_of[head.i]
            for _, earlier_sent, speaker in reversed(self.spoken):
                if sent - earlier_sent > 3:
                    break
                if speaker.kind in ("organization", "document"):
                    return ResolvedSpeaker(
                        speaker.name, speaker.kind, speaker.start, speaker.end, "pronoun"
                    )
        kind: SpeakerKind = "group" if lower in PLURAL_PRONOUNS else "unknown"
        return ResolvedSpeaker(self.index.text[lo:hi], kind, lo, hi, "self")

    def _antecedent(self, pron: Token, gender: str) -> Person | None:
        """The person a he/she most likely refers to: recent subjects and speakers first."""
        sent = self.index.sent_of[pron.i]
        best: tuple[float, int, Person] | None = None
        n = bisect_left(self.mentions, pron.i, key=lambda t: t[0])
        for j in range(n - 1, -1, -1):
            _, m, person = self.mentions[j]
            dist = sent - self.index.sent_of[m.start]
            if dist > 4:
                break
            if m.start >= pron.i or person.gender not in (None, gender):
                continue
            score = -2.0 * dist
            if m.root.dep_ in ("nsubj", "nsubjpass"):
                score += 1.5
            if person.gender == gender:
                score += 1.0
            cand = (score, m.start, person)
            if best is None or cand[:2] > best[:2]:
                best = cand
        for char, person, _ in reversed(self.history[-3:]):
            if person.gender in (None, gender):
                tok = self.index.token_at(char)
                dist = sent - self.index.sent_of[tok]
                if 0 <= dist <= 3:
                    score = -2.0 * dist + 2.5
                    if best is None or score > best[0]:
                        best = (score, tok, person)
                break
        return best[2] if best else None
