"""Pronouns to their antecedents: he, she, they and it (and their other forms) to the most
salient compatible mention before them, as rule-based resolvers do (Lappin and Leass 1994;
the pronoun sieve of Lee et al. 2013; the speaker preference of Muzny et al. 2017).

Agreement filters the candidates: gender, number and animacy (persons for he and she;
groups and organisations for they; organisations and documents for it). Salience ranks
them: it halves with every sentence back and weighs subjects (of a main clause: "Ada said
Tom was late" makes Ada the more salient), names, earlier speakers, and
less a mention inside a quotation when the pronoun is outside one. An entity of unknown
gender is a candidate of this gender only half the time, so a known "she" wins over an
unknown name at the same distance.
"""

from __future__ import annotations

from bisect import bisect_left

from spacy.tokens import Doc

from claimex.extraction.entity_groups import Entities
from claimex.extraction.mentions import IT, PRONOUN_GENDER, THING_SUFFIXES, WORDS, Mention
from claimex.extraction.text_index import CharRange, TextIndex

# what each kind of pronoun may refer to
PRONOUN_TARGETS = {
    "person": ("person",),
    "group": ("group", "organization"),
    "organization": ("organization", "document"),
}
RESOLVED_PRONOUNS = frozenset({*PRONOUN_GENDER, "they", "them", "their", "it", "its"})
FIRST_SECOND = frozenset({"i", "me", "my", "we", "us", "our", "you", "your"})
SHORT_SENTENCE = 4  # tokens: "Twenty? Thirty?" are no distance
# how much more salient a candidate is for being a subject, a name, a pronoun (itself
# resolved), an earlier speaker, and how much less for being inside a quotation
SUBJECT_WEIGHT = 1.4
NAME_WEIGHT = 1.15
PRONOUN_WEIGHT = 1.1
SPEAKER_WEIGHT = 1.25
# clauses inside another: their subjects are not the sentence's subject
EMBEDDED_CLAUSES = frozenset({"ccomp", "xcomp", "advcl", "relcl", "acl", "pcomp", "csubj"})
QUOTED_WEIGHT = 0.3
UNKNOWN_GENDER_WEIGHT = 0.5
# a name the recogniser tagged as an organisation or a place, or did not tag ("Santa"),
# may still be a person's: an antecedent, much less likely than a person's name
MISTAGGED_WEIGHT = 0.3
# a name after the pronoun in its sentence wins over antecedents less salient than this
CATAPHOR_BELOW = 60.0


class PronounResolver:
    """Resolves the third-person pronouns of a document in text order, each joining the
    entity of its antecedent (so that the next one can follow the chain)."""

    def __init__(
        self,
        doc: Doc,
        index: TextIndex,
        entities: Entities,
        speaker_tokens: list[int],
        contents: dict[int, list[CharRange]] | None = None,
    ) -> None:
        self.doc = doc
        self.index = index
        self.entities = entities
        self.mentions = entities.mentions
        self.by_head = {m.head: m for m in self.mentions}
        self.speaker_tokens = speaker_tokens  # the claims' sources, in text order
        self.contents = contents or {}  # their claims' contents, by source head token
        self.mention_chars = [index.starts[m.start] for m in self.mentions]
        self._embedded_cache: dict[int, bool] = {}
        # sentence distances count sentences of a few words outside quotations: a quoted
        # paragraph between a name and "he recalled" does not make the name less salient
        self.rank: list[int] = []
        n = 0
        for lo, hi in index.sent_bounds:
            self.rank.append(n)
            if hi - lo >= SHORT_SENTENCE and not _quoted(index, lo, hi):
                n += 1

    def run(self, window: int) -> None:
        for m in self.mentions:
            if m.type != "pronoun" or m.words[0] not in RESOLVED_PRONOUNS:
                continue
            if m.in_quote and not m.speaker:
                continue  # a pronoun inside a quotation speaks of someone else
            target = self.antecedent(m, window)
            if target is not None:
                self.entities.join(target, m, "pronoun")

    def antecedent(self, p: Mention, window: int) -> Mention | None:
        """The most salient compatible mention before the pronoun; a name that follows in
        the same sentence when the pronoun opens a subordinate clause ("After she took
        office, Nadia Haddad said ...")."""
        best: tuple[float, Mention] | None = None
        clause = _clause_of(self.doc, p.head)
        named = self._named_in_content(p)
        for k in range(p.index - 1, -1, -1):
            other = self.mentions[k]
            dist = self.rank[p.sent] - self.rank[other.sent]
            if dist > window:
                break
            if other.type == "pronoun" and other.words[0] in FIRST_SECOND:
                continue
            if named and self.entities.root(other.index) in named:
                continue  # "He said, “Warhol was the center ...”": he is not Warhol
            score = self._salience(p, other, dist, clause)
            if score is not None and (best is None or score > best[0]):
                best = (score, other)
        after = self._cataphor(p)
        if after is not None and (best is None or best[0] < CATAPHOR_BELOW):
            return after
        return best[1] if best is not None else None

    def _salience(self, p: Mention, other: Mention, dist: int, clause: int) -> float | None:
        """How likely `other` is the antecedent of `p`, or None if it cannot be."""
        ents = self.entities
        if other.first_person or other.head == p.head:
            return None
        animacy = ents.animacy_of(other)
        weight = 1.0
        if (
            p.animacy == "person"
            and animacy in ("organization", "")
            and _maybe_person(other)
            and not _place_object(self.doc, other)
            and not self._called_it(other)
        ):
            animacy, weight = "person", MISTAGGED_WEIGHT
        if animacy not in PRONOUN_TARGETS[p.animacy]:
            return None
        if p.animacy == "person":
            gender = ents.gender_of(other)
            conflicting = len(ents.gender[ents.root(other.index)]) > 1
            if other.plural or conflicting or gender not in (None, p.gender):
                return None
        elif p.animacy == "group" and animacy == "group" and not other.plural:
            return None  # "they" is not one member of a group
        same_clause = (
            dist == 0 and other.head < p.head and _clause_of(self.doc, other.head) == clause
        )
        if same_clause and not p.subject and self.doc[p.head].dep_ != "poss":
            return None  # "Smith told her": her is not Smith
        score = 100.0 * 0.5**dist * weight
        if other.subject and not self._embedded(other):
            score *= SUBJECT_WEIGHT
        if other.type == "name":
            score *= NAME_WEIGHT
        elif other.type == "pronoun":
            score *= PRONOUN_WEIGHT
        if other.in_quote and not p.in_quote:
            score *= QUOTED_WEIGHT
        if self._spoke_before(other, p):
            score *= SPEAKER_WEIGHT
        if p.gender is not None and ents.gender_of(other) is None:
            score *= UNKNOWN_GENDER_WEIGHT
        return score

    def _called_it(self, m: Mention) -> bool:
        """Has "it" already referred to the entity of `m` ("PolitiFact announced it
        will ...")? Then a name the recogniser tagged as an organisation names one."""
        return any(o.type == "pronoun" and o.words[0] in IT for o in self.entities.of(m))

    def _named_in_content(self, p: Mention) -> set[int]:
        """The entities named in the quoted words of the claims whose source `p` is (in
        the part next to the cue): a speaker does not name themself in the third person."""
        found: set[int] = set()
        for lo, hi in self.contents.get(p.head, ()) if p.speaker else ():
            k = bisect_left(self.mention_chars, lo)
            while k < len(self.mentions) and self.mention_chars[k] < hi:
                named = self.mentions[k]
                if named.type == "name" and named.in_quote:
                    found.add(self.entities.root(k))
                k += 1
        return found

    def _spoke_before(self, other: Mention, p: Mention) -> bool:
        """Is the entity of `other` the source of one of the claims just before `p`?"""
        n = bisect_left(self.speaker_tokens, p.head)
        for tok in self.speaker_tokens[max(0, n - 4) : n]:
            spoken = self.by_head.get(tok)
            if spoken is not None and self.entities.same(spoken, other):
                return True
        return False

    def _embedded(self, m: Mention) -> bool:
        """Is `m` the subject of a clause inside another ("Ada said Tom was late": Tom)?
        Such a subject is less salient than the main clause's."""
        found = self._embedded_cache.get(m.head)
        if found is None:
            verb = self.doc[_clause_of(self.doc, m.head)]
            found = self._embedded_cache[m.head] = verb.dep_ in EMBEDDED_CLAUSES
        return found

    def _cataphor(self, p: Mention) -> Mention | None:
        if p.animacy != "person" or not _in_subordinate_clause(self.doc, p.head):
            return None
        for k in range(p.index + 1, len(self.mentions)):
            other = self.mentions[k]
            if other.sent != p.sent:
                break
            if (
                other.type == "name"
                and other.subject
                and self.entities.animacy_of(other) == "person"
                and self.entities.gender_of(other) in (None, p.gender)
            ):
                return other
        return None


def _quoted(index: TextIndex, lo: int, hi: int) -> bool:
    """Is the sentence of tokens lo..hi wholly inside one quotation?"""
    quote = index.quote_around(index.starts[lo])
    return quote is not None and quote.end >= index.starts[hi - 1]


def _maybe_person(m: Mention) -> bool:
    """A name the recogniser tagged as an organisation or a place ("Santa"), or a subject
    it did not tag, that may be a person's."""
    if m.type != "name" or m.plural or m.acronym or m.words[-1] in THING_SUFFIXES:
        return False
    if m.label in ("ORG", "GPE"):
        return len(m.words) == 1
    return m.label == "" and len(m.words) <= 2 and m.subject


def _place_object(doc: Doc, m: Mention) -> bool:
    """A one-word place name after a preposition of place ("born in Rochester"): the
    recogniser's place, not a person's name it mistook."""
    tok = doc[m.head]
    return m.label == "GPE" and tok.dep_ == "pobj" and tok.head.lower_ in WORDS.place_prepositions


def _clause_of(doc: Doc, i: int) -> int:
    """The verb whose clause holds token i (its nearest verbal ancestor)."""
    tok = doc[i]
    while tok.pos_ not in ("VERB", "AUX") and tok.head.i != tok.i:
        tok = tok.head
    return tok.i


def _in_subordinate_clause(doc: Doc, i: int) -> bool:
    tok = doc[i]
    while tok.head.i != tok.i:
        if tok.dep_ in ("advcl", "prep") and tok.i < tok.head.i:
            return True
        tok = tok.head
    return False
