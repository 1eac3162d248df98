"""Group the mentions of one document into entities with ordered, high-precision passes
(sieves), in the spirit of the deterministic coreference of Lee et al. (2013): the surest
links first (appositions, aliases, names), then role nouns and descriptions that refer back,
then pronouns, which use what the earlier passes found (gender, number, animacy, who spoke).

Each pass is an entry of rules/speaker_sieves.json: its id is what `speaker.resolved_by`
says when a claim's source was linked by it, and `window` is how many sentences back it
looks. A disabled pass links nothing.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Callable, Iterable

from spacy.tokens import Doc

from claimex.extraction.mentions import (
    BUSINESS_HEADS,
    FIRST_NAMES,
    ORGANIZATION_SUFFIXES,
    PLACE_HEADS,
    THING_SUFFIXES,
    PRONOUN_GENDER,
    Mention,
)
from claimex.extraction.text_index import CharRange, TextIndex
from claimex.rules.words import speaker_sieves

SIEVES = speaker_sieves()
GENERIC_ORGANIZATION_HEADS = BUSINESS_HEADS | {"agency", "organisation", "organization", "group"}
# what each kind of pronoun may refer to
PRONOUN_TARGETS = {
    "person": ("person", ""),
    "group": ("group", "organization"),
    "organization": ("organization", "document"),
}
SHORT_SENTENCE = 4  # tokens
# how much more salient a candidate antecedent is for being a subject, a name, a pronoun
# (itself resolved), an earlier speaker, and how much less for being inside a quotation
SUBJECT_WEIGHT = 1.4
NAME_WEIGHT = 1.15
PRONOUN_WEIGHT = 1.1
SPEAKER_WEIGHT = 1.25
QUOTED_WEIGHT = 0.3
CATAPHOR_BELOW = 60.0
# a one-word name the recogniser tagged as an organisation or place may be a person's
# ("Santa"): a pronoun's antecedent, much less likely than a person's name
MISTAGGED_WEIGHT = 0.3  # a following name wins over antecedents less salient than this
STEM_ENDINGS = ("woman", "man", "person", "er", "or", "ist", "ian", "ant", "ent")


class Entities:
    """Mentions grouped into entities (union-find), with what each entity is known to be
    so far: its gender and its animacy (person, organization, group, document)."""

    def __init__(self, mentions: list[Mention]) -> None:
        self.mentions = mentions
        self.parent = list(range(len(mentions)))
        self.members: dict[int, list[Mention]] = {m.index: [m] for m in mentions}
        self.gender: dict[int, set[str]] = {
            m.index: {m.gender} if m.gender else set() for m in mentions
        }
        self.animacy: dict[int, str] = {m.index: m.animacy for m in mentions}

    def root(self, n: int) -> int:
        parent = self.parent
        while parent[n] != n:
            parent[n] = parent[parent[n]]
            n = parent[n]
        return n

    def of(self, mention: Mention) -> list[Mention]:
        return self.members[self.root(mention.index)]

    def same(self, a: Mention, b: Mention) -> bool:
        return self.root(a.index) == self.root(b.index)

    def join(self, antecedent: Mention, mention: Mention, link: str) -> None:
        """`mention` (the later one) joins the entity of `antecedent`."""
        ra, rb = self.root(antecedent.index), self.root(mention.index)
        if ra == rb:
            return
        if not mention.link:
            mention.link = link
        keep, drop = min(ra, rb), max(ra, rb)
        self.parent[drop] = keep
        self.members[keep] = sorted(self.members[keep] + self.members.pop(drop), key=_order)
        self.gender[keep] |= self.gender.pop(drop)
        self.animacy[keep] = _stronger(self.animacy[keep], self.animacy.pop(drop))

    def gender_of(self, mention: Mention) -> str | None:
        genders = self.gender[self.root(mention.index)]
        return next(iter(genders)) if len(genders) == 1 else None

    def animacy_of(self, mention: Mention) -> str:
        return self.animacy[self.root(mention.index)]

    def named(self, mention: Mention) -> bool:
        return any(m.type == "name" for m in self.of(mention))


def _order(m: Mention) -> int:
    return m.index


ANIMACY_RANK = {"person": 4, "organization": 3, "group": 2, "document": 1, "": 0}


def _stronger(a: str, b: str) -> str:
    return a if ANIMACY_RANK[a] >= ANIMACY_RANK[b] else b


class Coreference:
    """Runs the sieves over the mentions of one document."""

    def __init__(
        self,
        doc: Doc,
        index: TextIndex,
        mentions: list[Mention],
        sources: Iterable[tuple[int, CharRange]] = (),
    ) -> None:
        self.doc = doc
        self.index = index
        self.mentions = mentions
        self.entities = Entities(mentions)
        self.by_head = {m.head: m for m in mentions}
        self.starts = [m.start for m in mentions]
        self.sources = list(sources)
        # the claims' source tokens in text order: who spoke before a pronoun
        self.speaker_tokens = sorted(head for head, _ in self.sources)
        # sentence distances for pronouns count only sentences of a few words ("Twenty?
        # Thirty?" are no distance) outside quotations (a quoted paragraph between a name
        # and "he recalled" does not make the name less salient)
        self.rank: list[int] = []
        n = 0
        for lo, hi in index.sent_bounds:
            self.rank.append(n)
            if hi - lo >= SHORT_SENTENCE and not _quoted(index, lo, hi):
                n += 1

    def run(self) -> Entities:
        passes: dict[str, Callable[[int], None]] = {
            "apposition": self._appositions,
            "alias": self._aliases,
            "name": self._names,
            "role": self._roles,
            "description": self._descriptions,
            "pronoun": self._pronouns,
        }
        for sieve in SIEVES.sieves:
            step = passes.get(sieve.id)
            if step is not None and sieve.enabled:
                step(sieve.window)
        return self.entities

    def mention_at(self, token: int) -> Mention | None:
        """The mention whose head is `token`, else one whose words hold it."""
        found = self.by_head.get(token)
        if found is not None:
            return found
        n = bisect_left(self.starts, token + 1) - 1
        while n >= 0 and self.mentions[n].start > token - 12:
            m = self.mentions[n]
            if m.start <= token < m.end:
                return m
            n -= 1
        return None

    # ---- apposition: "Lars Berg, a spokesman", "the director, Nadia Haddad" ------------
    def _appositions(self, window: int) -> None:
        doc = self.doc
        for m in self.mentions:
            if m.type == "pronoun":
                continue
            tok = doc[m.head]
            other: Mention | None = None
            if tok.dep_ == "appos":
                other = self.by_head.get(tok.head.i)
            elif tok.dep_ == "attr" and tok.head.lemma_ == "be":
                subj = next((c for c in tok.head.children if c.dep_ == "nsubj"), None)
                if subj is not None and subj.lower_ in FIRST_SECOND:
                    m.first_person = True  # "I'm a licensed contractor"
                    continue
                other = self.by_head.get(subj.i) if subj is not None else None
            if other is None or other.type == "pronoun" or not _compatible(other, m):
                continue
            if other.plural != m.plural and "group" not in (other.animacy, m.animacy):
                continue  # "the two companies, Kvalsund and Tessaro": not one of them
            if other.type == "name" and m.type == "name" and other.words != m.words:
                if not (_acronym(m, other) or _acronym(other, m)):
                    continue  # "Halden, Velden": a list, not one entity
            first, second = (other, m) if other.index < m.index else (m, other)
            self.entities.join(first, second, "apposition")
        for head, (lo, hi) in self.sources:
            role = self.by_head.get(head)
            if role is not None and role.type == "nominal" and not role.plural:
                name = self._named_by_source(head, lo, hi)
                if name is not None:
                    first, second = (name, role) if name.index < role.index else (role, name)
                    self.entities.join(first, second, "apposition")

    def _named_by_source(self, head: int, lo: int, hi: int) -> Mention | None:
        """The person a source that is headed by a role names ("curator Elaine Gustafon",
        "the Afghan Ambassador to the United States Hamid Noor"; not "the lawyer for Ada
        Obi")."""
        doc = self.doc
        tok = doc[head]
        nearby = [tok.head.i] if tok.dep_ == "compound" else []
        nearby.append(head + 1)
        for at in nearby:
            m = self.mention_at(at) if at < len(doc) else None
            if m is not None and m.type == "name" and m.start in (at, head + 1):
                if self.entities.animacy_of(m) == "person":
                    return m
        last = self.index.token_at(hi - 1)
        m = self.mention_at(last)
        if m is None or m.type != "name" or m.start <= head or m.start < self.index.token_at(lo):
            return None
        before = doc[m.start - 1]
        if before.pos_ in ("ADP", "DET", "PART") or before.dep_ == "case":
            return None
        return m if self.entities.animacy_of(m) == "person" else None

    # ---- aliases: "the World Food Programme, or WFP", "WFP" -----------------------------
    def _aliases(self, window: int) -> None:
        doc = self.doc
        names = [m for m in self.mentions if m.type == "name" and m.animacy != "person"]
        for n, m in enumerate(names):
            if len(m.words) != 1 or not doc[m.head].text.isupper() or len(doc[m.head].text) < 2:
                continue
            tok = doc[m.head]
            head = self.by_head.get(tok.head.i)
            explicit = (
                head is not None
                and head.type == "name"
                and tok.dep_ in ("appos", "conj")
                and (tok.dep_ == "appos" or any(c.lower_ == "or" for c in tok.head.children))
            )
            if explicit and head is not None:
                self.entities.join(head, m, "alias")
                continue
            for earlier in reversed(names[:n]):
                if _acronym(m, earlier):
                    self.entities.join(earlier, m, "alias")
                    break

    # ---- names: full names, surnames, first names, titles + surname -----------------------
    def _names(self, window: int) -> None:
        ents = self.entities
        names = [m for m in self.mentions if m.type == "name"]
        first_seen: dict[tuple[str, ...], Mention] = {}
        for m in names:
            key = _words_key(m)
            earlier = first_seen.get(key)
            if earlier is not None:
                ents.join(earlier, m, "name")  # one name, one entity, whatever its tags
            else:
                first_seen.setdefault(key, m)
        by_surname: dict[str, list[Mention]] = defaultdict(list)
        by_first: dict[str, list[Mention]] = defaultdict(list)
        # "Ama Owusu" tagged as an organisation, "Owusu" as a person: one person
        tagged_organization: dict[str, list[Mention]] = defaultdict(list)
        for m in names:
            key = _words_key(m)
            if len(key) > 1 and m.animacy in ("person", ""):
                by_surname[key[-1]].append(m)
                by_first[key[0]].append(m)
            elif 1 < len(key) <= 3 and m.label == "ORG" and m.animacy == "organization":
                if not any(w in ORGANIZATION_SUFFIXES for w in key):
                    tagged_organization[key[-1]].append(m)
        self._organization_short_names(names)
        for group in by_surname.values():
            for n, a in enumerate(group):
                for b in group[n + 1 :]:
                    if not ents.same(a, b) and _same_person(a, b):
                        ents.join(a, b, "name")
        for m in names:
            key = _words_key(m)
            if len(key) != 1:
                continue
            word = key[0]
            full_names = by_surname.get(word)
            if not full_names and m.label == "PERSON":
                full_names = tagged_organization.get(word)
            if m.animacy in ("organization", "group") and m.label and not full_names:
                continue  # "Halden", "Democrats"; but "Smith" tagged ORG after "Anna Smith"
            if full_names:
                before = [f for f in full_names if f.index < m.index]
                ents.join(before[-1] if before else full_names[0], m, "name")
                continue
            if len({ents.root(f.index) for f in by_first.get(word, [])}) == 1:
                ents.join(by_first[word][0], m, "name")  # "Ada" after "Ada Okoro"
            if word in FIRST_NAMES and m.gender is None and ents.animacy_of(m) == "person":
                m.gender, m.gender_evidence = FIRST_NAMES[word], "first_name"  # "Betty"
                ents.gender[ents.root(m.index)].add(m.gender)

    def _organization_short_names(self, names: list[Mention]) -> None:
        """ "Kvalsund" for "Kvalsund Networks": an organisation's first word alone, when one
        organisation's name opens with it."""
        ents = self.entities
        opening: dict[str, set[int]] = defaultdict(set)
        first: dict[str, Mention] = {}
        for m in names:
            if ents.animacy_of(m) == "organization" and len(m.words) > 1:
                opening[m.words[0]].add(ents.root(m.index))
                first.setdefault(m.words[0], m)
        for m in names:
            if len(m.words) == 1 and m.label == "ORG" and ents.animacy_of(m) == "organization":
                if len(opening.get(m.words[0], ())) == 1:
                    ents.join(first[m.words[0]], m, "name")

    # ---- roles: "the minister" after "Interior Minister Paulo Reis" ---------------------
    def _roles(self, window: int) -> None:
        doc = self.doc
        for m in self.mentions:
            if not (m.type == "nominal" and m.definite and not m.plural and m.animacy == "person"):
                continue
            if self.entities.named(m) or _described(doc, m.head):
                continue
            target = self._role_holder(m, window)
            if target is None:
                target = self._doer(m, window)
            if target is not None:
                self.entities.join(target, m, "role")

    def _role_holder(self, m: Mention, window: int) -> Mention | None:
        """The latest earlier mention of a named person who holds this role."""
        doc = self.doc
        gender = m.gender
        for other in reversed(self.mentions[: m.index]):
            if m.sent - other.sent > window:
                break
            if other.role is None or not self.entities.named(other):
                continue
            lo, hi = other.role
            if any(doc[k].lemma_.lower() == m.lemma for k in range(lo, hi)):
                if gender is None or self.entities.gender_of(other) in (None, gender):
                    return other
        return None

    def _doer(self, m: Mention, window: int) -> Mention | None:
        """ "The baker said" after "Ibrahim Sow has run the bakery": the one named person who
        is the subject of a recent sentence that holds a word of the role's stem."""
        stem = _stem(m.lemma)
        if stem is None:
            return None
        doc = self.doc
        found: list[Mention] = []
        for other in reversed(self.mentions[: m.index]):
            if m.sent - other.sent > window:
                break
            if other.type != "name" or not other.subject or other.animacy != "person":
                continue
            lo, hi = self.index.sent_bounds[other.sent]
            if any(
                doc[k].lower_.startswith(stem) and doc[k].lower_ != m.lemma for k in range(lo, hi)
            ):
                found.append(other)
        people = {self.entities.root(f.index) for f in found}
        return found[0] if len(people) == 1 else None

    # ---- descriptions: "the person" after "a person familiar with the talks" ------------
    def _descriptions(self, window: int) -> None:
        doc = self.doc
        for m in self.mentions:
            if m.type != "nominal" or not m.definite or self.entities.named(m):
                continue
            tok = doc[m.head]
            if any(c.dep_ not in ("det", "amod") for c in tok.children if c.i < m.head):
                continue  # "the union's leader", "the ferry company": a description of its own
            if _described(doc, m.head):
                continue  # "the person who ...": a new description
            modifiers = _modifiers(doc, m.head)
            target: Mention | None = None
            link = "description"
            if m.animacy == "organization" and not m.plural:
                target, link = self._organization(m, window), "alias"
            if target is None:
                target = self._same_head(m, window, modifiers)
                link = "description"
            if target is not None:
                self.entities.join(target, m, link)

    def _same_head(self, m: Mention, window: int, modifiers: set[str]) -> Mention | None:
        """An earlier noun phrase with the same head and at least the modifiers of this
        one ("the American voters" is not "our voters")."""
        for other in reversed(self.mentions[: m.index]):
            if m.sent - other.sent > window:
                break
            if other.type == "nominal" and other.lemma == m.lemma and other.plural == m.plural:
                if modifiers <= _modifiers(self.doc, other.head):
                    return other
        return None

    def _organization(self, m: Mention, window: int) -> Mention | None:
        """ "The bank" after "Halden Bank"; "the company" after one company; "the country"
        after a country."""
        head = m.lemma
        generic: Mention | None = None
        for other in reversed(self.mentions[: m.index]):
            if m.sent - other.sent > window:
                break
            if other.type != "name" or other.animacy != "organization":
                continue
            if head in other.words:
                return other
            if generic is None and (
                (head in GENERIC_ORGANIZATION_HEADS and other.label == "ORG")
                or (head in PLACE_HEADS and other.label == "GPE")
            ):
                generic = other
        return generic

    # ---- pronouns -----------------------------------------------------------------------
    def _pronouns(self, window: int) -> None:
        for m in self.mentions:
            if m.type != "pronoun" or m.words[0] not in (*PRONOUN_GENDER, *TARGET_PRONOUNS):
                continue
            if m.in_quote and not m.speaker:
                continue  # a pronoun inside a quotation speaks of someone else
            target = self._antecedent(m, window)
            if target is not None:
                self.entities.join(target, m, "pronoun")
                if m.gender:
                    self.entities.gender[self.entities.root(m.index)].add(m.gender)

    def _antecedent(self, p: Mention, window: int) -> Mention | None:
        """The most salient compatible mention before a pronoun: recent, a subject, named,
        an earlier speaker; a name that follows in the same sentence when the pronoun opens
        a subordinate clause ("After she took office, Nadia Haddad said ...")."""
        targets = PRONOUN_TARGETS[p.animacy]
        best: tuple[float, Mention] | None = None
        doc = self.doc
        clause = _clause_of(doc, p.head)
        for other in reversed(self.mentions[: p.index]):
            dist = self.rank[p.sent] - self.rank[other.sent]
            if dist > window:
                break
            if other.head == p.head or (other.type == "pronoun" and other.words[0] in FIRST_SECOND):
                continue
            score = self._salience(p, other, dist, targets, clause)
            if score is not None and (best is None or score > best[0]):
                best = (score, other)
        after = self._cataphor(p, targets)
        if after is not None and (best is None or best[0] < CATAPHOR_BELOW):
            return after
        return best[1] if best is not None and best[0] > 0 else None

    def _salience(
        self,
        p: Mention,
        other: Mention,
        dist: int,
        targets: tuple[str, ...],
        clause: int,
    ) -> float | None:
        ents = self.entities
        if other.first_person:
            return None
        animacy = ents.animacy_of(other)
        weight = 1.0
        if p.animacy == "person" and animacy in ("organization", "") and _maybe_person(other):
            animacy, weight = "person", MISTAGGED_WEIGHT
        if animacy not in targets:
            return None
        if p.animacy == "person":
            if other.plural or animacy != "person":
                return None
            gender = ents.gender_of(other)
            if gender is not None and gender != p.gender:
                return None
            if len(ents.gender[ents.root(other.index)]) > 1:
                return None
        elif p.animacy == "group":
            if animacy == "group" and not other.plural and other.type != "name":
                return None
            if animacy == "person":
                return None
        if dist == 0 and other.head < p.head and _clause_of(self.doc, other.head) == clause:
            if not _possessive(self.doc, p.head) and not p.subject:
                return None  # "Smith told her": her is not Smith
        # salience halves with each sentence back (Lappin and Leass); the rest weighs it
        score = 100.0 * 0.5**dist * weight
        if other.subject:
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
            score *= 0.5  # an entity of unknown gender is one of this gender half the time
        return score

    def _spoke_before(self, other: Mention, p: Mention) -> bool:
        """Is the entity of `other` the source of a claim before the pronoun?"""
        ents = self.entities
        n = bisect_left(self.speaker_tokens, p.head)
        for tok in reversed(self.speaker_tokens[max(0, n - 4) : n]):
            spoken = self.by_head.get(tok)
            if spoken is not None and ents.same(spoken, other):
                return True
        return False

    def _cataphor(self, p: Mention, targets: tuple[str, ...]) -> Mention | None:
        if p.animacy != "person" or not _in_subordinate_clause(self.doc, p.head):
            return None
        for other in self.mentions[p.index + 1 :]:
            if other.sent != p.sent:
                break
            if (
                other.type == "name"
                and other.subject
                and self.entities.animacy_of(other) in targets
                and self.entities.gender_of(other) in (None, p.gender)
            ):
                return other
        return None


TARGET_PRONOUNS = ("they", "them", "their", "it", "its")
FIRST_SECOND = frozenset({"i", "me", "my", "we", "us", "our", "you", "your"})


def _quoted(index: TextIndex, lo: int, hi: int) -> bool:
    """Is the sentence of tokens lo..hi wholly inside one quotation?"""
    quote = index.quote_around(index.starts[lo])
    return quote is not None and quote.end >= index.starts[hi - 1]


def _maybe_person(m: Mention) -> bool:
    """A name the recogniser tagged as an organisation or a place, or did not tag, that may
    be a person's ("Santa", "Veronique")."""
    if m.type != "name" or m.plural or m.words[-1] in THING_SUFFIXES or m.extra.get("acronym"):
        return False
    if m.label in ("ORG", "GPE"):
        return len(m.words) == 1
    return m.label == "" and len(m.words) <= 2 and m.subject


def _words_key(m: Mention) -> tuple[str, ...]:
    return tuple(w.rstrip(".") for w in m.words if w not in ("'s", "’s"))


def _same_person(a: Mention, b: Mention) -> bool:
    """Two full names with one surname: the same person unless their first names differ
    ("Donald J. Trump" and "Donald Trump" are one; "Bill" and "Hillary Clinton" are two)."""
    ka, kb = _words_key(a), _words_key(b)
    fa, fb = ka[0], kb[0]
    return fa == fb or (len(fa) == 1 and fb.startswith(fa)) or (len(fb) == 1 and fa.startswith(fb))


def _compatible(a: Mention, b: Mention) -> bool:
    if "" in (a.animacy, b.animacy):
        return True
    if a.animacy == b.animacy:
        return True
    return {a.animacy, b.animacy} <= {"organization", "group"}


def _acronym(short: Mention, full: Mention) -> bool:
    """Is `short` ("WFP") made of the initials of `full` ("World Food Programme")?"""
    letters = short.words[0].replace(".", "") if len(short.words) == 1 else ""
    if len(letters) < 2 or len(full.words) < 2:
        return False
    initials = "".join(w[0] for w in full.words if w not in ("of", "the", "and", "for", "de"))
    return initials == letters


def _described(doc: Doc, i: int) -> bool:
    """Does a noun phrase say more than its head ("the person who ...", "the senator from
    Ohio")? ("The group of ordering ..." in "accused by the group of ordering ..." does not.)"""
    return any(
        c.dep_ in ("relcl", "acl", "appos")
        or (c.dep_ == "prep" and not any(g.dep_ == "pcomp" for g in c.children))
        for c in doc[i].children
    )


def _modifiers(doc: Doc, i: int) -> set[str]:
    return {c.lower_ for c in doc[i].children if c.dep_ in ("amod", "compound")}


def _stem(lemma: str) -> str | None:
    for ending in STEM_ENDINGS:
        if lemma.endswith(ending) and len(lemma) - len(ending) >= 3:
            return lemma[: -len(ending)]
    return None


def _clause_of(doc: Doc, i: int) -> int:
    """The verb whose clause holds token i (its nearest verbal ancestor)."""
    tok = doc[i]
    while tok.pos_ not in ("VERB", "AUX") and tok.head.i != tok.i:
        tok = tok.head
    return tok.i


def _possessive(doc: Doc, i: int) -> bool:
    return doc[i].dep_ == "poss"


def _in_subordinate_clause(doc: Doc, i: int) -> bool:
    tok = doc[i]
    while tok.head.i != tok.i:
        if tok.dep_ in ("advcl", "prep") and tok.i < tok.head.i:
            return True
        tok = tok.head
    return False
