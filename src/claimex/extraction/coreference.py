"""Group the mentions of one document into entities with ordered, high-precision passes
(sieves), in the spirit of the deterministic coreference of Lee et al. (2013): the surest
links first (appositions, aliases, names), then role nouns and descriptions that refer back,
then pronouns (pronouns.py), which use what the earlier passes found.

Each pass is an entry of rules/speaker_sieves.json, run in the order given there: its id is
what `speaker.resolved_by` says when it linked a claim's source to the mention that names
its entity, and `window` is how many sentences back it looks. A disabled pass links nothing.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Callable, Iterable

from spacy.tokens import Doc, Token

from claimex.extraction.entity_groups import Entities
from claimex.extraction.mentions import (
    BUSINESS_HEADS,
    FIRST_NAMES,
    KINSHIP_NAMES,
    ORGANIZATION_SUFFIXES,
    PLACE_HEADS,
    SURNAMES,
    WORDS,
    Mention,
)
from claimex.extraction.pronouns import FIRST_SECOND, PronounResolver
from claimex.extraction.text_index import CharRange, TextIndex
from claimex.rules.words import speaker_sieves

SIEVES = speaker_sieves()
# what "the company", "the agency" may refer back to: any organisation the recogniser found
GENERIC_ORGANIZATION_HEADS = BUSINESS_HEADS | {"agency", "organisation", "organization", "group"}
# "the baker" for one who runs a bakery, "the chairwoman" for one who chairs
STEM_ENDINGS = ("woman", "man", "person", "er", "or", "ist", "ian", "ant", "ent")
HEADLINE_REACH = 4  # sentences: the headline, a dateline, the first sentences of the text
INITIALS_SKIP = frozenset({"of", "the", "and", "for", "de"})


class Coreference:
    """Runs the sieves over the mentions of one document."""

    def __init__(
        self,
        doc: Doc,
        index: TextIndex,
        mentions: list[Mention],
        sources: Iterable[tuple[int, CharRange]] = (),
        contents: dict[int, list[CharRange]] | None = None,
    ) -> None:
        self.doc = doc
        self.index = index
        self.mentions = mentions
        self.entities = Entities(mentions)
        self.by_head = {m.head: m for m in mentions}
        self.starts = [m.start for m in mentions]
        self.sources = list(sources)  # (head token, characters) of the claims' sources
        self.contents = contents or {}  # the characters of their claims' contents

    def run(self) -> Entities:
        passes: dict[str, Callable[[int], None]] = {
            "apposition": self._appositions,
            "alias": self._aliases,
            "name": self._names,
            "role": self._roles,
            "description": self._descriptions,
            "pronoun": PronounResolver(
                self.doc,
                self.index,
                self.entities,
                sorted(h for h, _ in self.sources),
                self.contents,
            ).run,
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

    def _earlier(self, m: Mention, window: int) -> Iterable[Mention]:
        """The mentions before `m`, nearest first, at most `window` sentences back."""
        for k in range(m.index - 1, -1, -1):
            other = self.mentions[k]
            if m.sent - other.sent > window:
                return
            yield other

    # ---- apposition: "Lars Berg, a spokesman", "the director, Nadia Haddad" -----------
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
            if other is not None and _in_apposition(other, m):
                self._join_in_order(other, m, "apposition")
        for head, (lo, hi) in self.sources:
            role = self.by_head.get(head)
            if role is not None and role.type == "nominal" and not role.plural:
                name = self._named_by_source(head, lo, hi)
                if name is not None:
                    self._join_in_order(name, role, "apposition")

    def _join_in_order(self, a: Mention, b: Mention, link: str) -> None:
        first, second = (a, b) if a.index < b.index else (b, a)
        self.entities.join(first, second, link)

    def _named_by_source(self, head: int, lo: int, hi: int) -> Mention | None:
        """The person a source headed by a role names: right after the role ("curator
        Elaine Gustafon") or at its end after a title phrase ("the Afghan Ambassador to the
        United States Hamid Noor"), not after a preposition ("the lawyer for Ada Obi")."""
        doc = self.doc
        tok = doc[head]
        nearby = [tok.head.i] if tok.dep_ == "compound" else []
        nearby.append(head + 1)
        for at in nearby:
            m = self.mention_at(at) if at < len(doc) else None
            if (
                m is not None
                and m.type == "name"
                and m.start in (at, head + 1)
                and self.entities.animacy_of(m) == "person"
            ):
                return m
        m = self.mention_at(self.index.token_at(hi - 1))
        if m is None or m.type != "name" or m.start <= head or m.start < self.index.token_at(lo):
            return None
        before = doc[m.start - 1]
        if before.pos_ in ("ADP", "DET", "PART") or before.dep_ == "case":
            return None
        return m if self.entities.animacy_of(m) == "person" else None

    # ---- aliases: "the World Food Programme, or WFP", "the bank", "the company" --------
    def _aliases(self, window: int) -> None:
        doc = self.doc
        names = [m for m in self.mentions if m.type == "name" and m.animacy != "person"]
        for n, m in enumerate(names):
            if not m.acronym:
                continue
            tok = doc[m.head]
            head = self.by_head.get(tok.head.i)
            given = tok.dep_ == "appos" or (
                tok.dep_ == "conj" and any(c.lower_ == "or" for c in tok.head.children)
            )
            if head is not None and head.type == "name" and given:
                self.entities.join(head, m, "alias")
                continue
            earlier = next((e for e in reversed(names[:n]) if _acronym(m, e)), None)
            if earlier is not None:
                self.entities.join(earlier, m, "alias")
        for m in self.mentions:
            if m.type == "nominal" and m.animacy == "organization" and self._bare(m):
                target = self._organization(m, window)
                if target is not None:
                    self.entities.join(target, m, "alias")

    def _organization(self, m: Mention, window: int) -> Mention | None:
        """ "The bank" after "Halden Bank"; "the company" after a company; "the country"
        after a country."""
        head = m.lemma
        generic: Mention | None = None
        for other in self._earlier(m, window):
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

    def _bare(self, m: Mention) -> bool:
        """A definite singular noun phrase with nothing of its own but its head and its
        adjectives ("the company", "the former minister")."""
        if not m.definite or m.plural:
            return False
        tok = self.doc[m.head]
        if any(c.dep_ not in ("det", "amod") for c in tok.children if c.i < m.head):
            return False  # "the union's leader", "the ferry company": a description
        return not _described(self.doc, m.head)

    # ---- names: full names, surnames, first names, titles + surname -----------------------
    def _names(self, window: int) -> None:
        ents = self.entities
        names = [m for m in self.mentions if m.type == "name"]
        # one name, one entity, whatever its tags; but "Mr. Okafor" is not "Ms. Okafor":
        # each name's entities with the genders their titles give
        first_seen: dict[tuple[str, ...], list[tuple[Mention, set[str]]]] = defaultdict(list)
        for m in names:
            seen = first_seen[_words_key(m)]
            title = m.gender if m.gender_evidence == "title" else None
            same = next((e for e in seen if title is None or e[1] <= {title}), None)
            if same is None:
                seen.append((m, {title} if title else set()))
                continue
            ents.join(same[0], m, "name")
            if title:
                same[1].add(title)
        by_surname: dict[str, list[Mention]] = defaultdict(list)
        by_first: dict[str, list[Mention]] = defaultdict(list)
        # "Ama Owusu" tagged as an organisation, "Owusu" as a person: one person
        tagged_organization: dict[str, list[Mention]] = defaultdict(list)
        for m in names:
            key = _words_key(m)
            if len(key) > 1 and m.animacy in ("person", ""):
                by_surname[key[-1]].append(m)
                by_first[key[0]].append(m)
            elif (
                1 < len(key) <= 3
                and m.label == "ORG"
                and m.animacy == "organization"
                and not any(w in ORGANIZATION_SUFFIXES for w in key)
            ):
                tagged_organization[key[-1]].append(m)
        self._organization_short_names(names)
        for group in by_surname.values():
            for n, a in enumerate(group):
                for b in group[n + 1 :]:
                    if not ents.same(a, b) and _same_person(a, b):
                        ents.join(a, b, "name")
        for m in names:
            key = _words_key(m)
            if len(key) == 1:
                self._one_word_name(m, key[0], by_surname, by_first, tagged_organization)
        self._kinship(names)

    def _kinship(self, names: list[Mention]) -> None:
        """ "my mother" is "Mom" when the text calls one person so: the narrator's kin,
        whom the narrator's words name by the kinship word."""
        named: dict[str, list[Mention]] = defaultdict(list)
        for m in names:
            if len(m.words) == 1 and m.words[0] in KINSHIP_NAMES:
                named[KINSHIP_NAMES[m.words[0]]].append(m)
        # "Mom" and "Mum": two mothers, or one the text keeps apart; neither is "my mother"
        holder = {
            kin: ms[0]
            for kin, ms in named.items()
            if len({self.entities.root(h.index) for h in ms}) == 1
        }
        if not holder:
            return
        for m in self.mentions:
            if m.type != "nominal" or m.plural:
                continue
            name = holder.get(KINSHIP_NAMES.get(m.lemma, m.lemma))
            mine = any(c.dep_ == "poss" and c.lower_ == "my" for c in self.doc[m.head].children)
            if name is not None and mine and not self.entities.same(name, m):
                self._join_in_order(name, m, "name")

    def _one_word_name(
        self,
        m: Mention,
        word: str,
        by_surname: dict[str, list[Mention]],
        by_first: dict[str, list[Mention]],
        tagged_organization: dict[str, list[Mention]],
    ) -> None:
        """A surname joins the nearest full name before it with that surname (else the
        first after it) whose gender does not contradict its own (a title's, or a title's
        of the same name before), where the same surname earlier has not (one surname, one
        person: "Hadid" for the daughter is not her father Ali Hadid named in between); a
        first name the one person it is the first name of."""
        ents = self.entities
        full_names = by_surname.get(word)
        if not full_names and m.label == "PERSON":
            full_names = tagged_organization.get(word)
        if not full_names and m.speaker:
            full_names = _misspelt_surname(word, by_surname)
        gender = ents.gender_of(m)
        if full_names and gender is not None:  # "Mr. Okafor" is not "Michelle Okafor"
            full_names = [f for f in full_names if ents.gender_of(f) in (None, gender)]
        if full_names:
            if any(o.type == "name" and len(_words_key(o)) > 1 for o in ents.of(m)):
                return  # the same surname earlier took its person: one surname, one person
            before = [f for f in full_names if f.index < m.index]
            ents.join(before[-1] if before else full_names[0], m, "name")
            return
        if m.animacy in ("organization", "group") and m.label:
            return  # "Halden", "Democrats"
        if len({ents.root(f.index) for f in by_first.get(word, [])}) == 1:
            ents.join(by_first[word][0], m, "name")  # "Ada" after "Ada Okoro"
        if word in FIRST_NAMES and m.gender is None and ents.animacy_of(m) == "person":
            m.gender, m.gender_evidence = FIRST_NAMES[word], "first_name"  # "Betty"
            ents.add_gender(m, m.gender)

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
            if (
                len(m.words) == 1
                and m.label == "ORG"
                and ents.animacy_of(m) == "organization"
                and len(opening.get(m.words[0], ())) == 1
            ):
                ents.join(first[m.words[0]], m, "name")

    # ---- roles: "the minister" after "Interior Minister Paulo Reis" ---------------------
    def _roles(self, window: int) -> None:
        for m in self.mentions:
            if m.type != "nominal" or m.animacy != "person" or self.entities.named(m):
                continue
            if not self._bare(m):
                target = self._headline_person(m)
            else:
                target = self._role_holder(m, window) or self._doer(m, window)
            if target is not None:
                self.entities.join(target, m, "role")

    def _headline_person(self, m: Mention) -> Mention | None:
        """A headline's unnamed person ("Local woman says ...") is the person the first
        sentences after it name as a subject ("Mara Quist, 52, ...")."""
        if m.sent != 0 or m.plural or m.definite or (m.role is not None and m.role[0] < m.start):
            return None
        text = self.index.text
        lo, hi = self.index.sent_bounds[0]
        line_end = text.find("\n", self.index.starts[lo])
        if (
            line_end < 0
            or line_end < self.index.starts[hi - 1]
            or text[:line_end].rstrip()[-1:] in ".!?"
        ):
            return None  # not a headline of its own line
        for other in self.mentions[m.index + 1 :]:
            if other.sent > HEADLINE_REACH:
                return None
            if other.type == "name" and other.subject and other.animacy == "person":
                gender = self.entities.gender_of(other)
                return other if m.gender is None or gender in (None, m.gender) else None
        return None

    def _role_holder(self, m: Mention, window: int) -> Mention | None:
        """The latest earlier mention of a named person who holds this role."""
        doc = self.doc
        for other in self._earlier(m, window):
            if not self.entities.named(other):
                continue
            lo, hi = other.role if other.role is not None else (other.start, other.start)
            if other.start > 0 and doc[other.start - 1].is_title:
                lo = min(lo, other.start - 1)  # "Dr. Steiner": the title the name holds
            holds = any(_role_lemma(doc[k]) == m.lemma for k in range(lo, hi))
            if holds and (m.gender is None or self.entities.gender_of(other) in (None, m.gender)):
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
        for other in self._earlier(m, window):
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
                continue
            if _described(doc, m.head):
                continue  # "the person who ...": a new description
            target = self._same_head(m, window, _modifiers(doc, m.head))
            if target is not None:
                self.entities.join(target, m, "description")

    def _same_head(self, m: Mention, window: int, modifiers: set[str]) -> Mention | None:
        """An earlier noun phrase with the same head and at least the modifiers of this
        one ("the American voters" is not "our voters")."""
        for other in self._earlier(m, window):
            if (
                other.type == "nominal"
                and other.lemma == m.lemma
                and other.plural == m.plural
                and modifiers <= _modifiers(self.doc, other.head)
            ):
                return other
        return None


def _misspelt_surname(word: str, by_surname: dict[str, list[Mention]]) -> list[Mention]:
    """The full names of the one surname a speaker's lone word misspells by one letter
    ("Water said" after "Kathryn Waters"), where the word is neither a surname nor a first
    name of its own ("Hanson" is not "Hansen")."""
    if len(word) < 4 or word in SURNAMES or word in FIRST_NAMES:
        return []
    near = [s for s in by_surname if s[0] == word[0] and _one_letter_apart(word, s)]
    return by_surname[near[0]] if len(near) == 1 else []


def _one_letter_apart(a: str, b: str) -> bool:
    """One letter added, dropped or changed."""
    if abs(len(a) - len(b)) > 1 or a == b:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    short, long_ = sorted((a, b), key=len)
    return any(long_[:k] + long_[k + 1 :] == short for k in range(len(long_)))


def _in_apposition(a: Mention, b: Mention) -> bool:
    """Can two mentions the parse puts in apposition be one entity?"""
    if a.type == "pronoun" or not _compatible(a, b):
        return False
    if a.plural != b.plural and "group" not in (a.animacy, b.animacy):
        return False  # "the two companies, Kvalsund and Tessaro": not one of them
    if a.type == "name" and b.type == "name" and a.words != b.words:
        return _acronym(a, b) or _acronym(b, a)  # not "Halden, Velden": a list
    return True


def _words_key(m: Mention) -> tuple[str, ...]:
    return tuple(w.rstrip(".") for w in m.words)


def _same_person(a: Mention, b: Mention) -> bool:
    """Two full names with one surname: the same person unless their first names differ
    ("Ann B. Lowe" and "Ann Lowe" are one; "Ann" and "Tom Lowe" are two)."""
    fa, fb = _words_key(a)[0], _words_key(b)[0]
    return fa == fb or (len(fa) == 1 and fb.startswith(fa)) or (len(fb) == 1 and fa.startswith(fb))


def _compatible(a: Mention, b: Mention) -> bool:
    if "" in (a.animacy, b.animacy) or a.animacy == b.animacy:
        return True
    return {a.animacy, b.animacy} <= {"organization", "group"}


def _acronym(short: Mention, full: Mention) -> bool:
    """Is `short` ("WFP") made of the initials of `full` ("World Food Programme")?"""
    letters = short.words[0].replace(".", "") if len(short.words) == 1 else ""
    if len(letters) < 2 or len(full.words) < 2:
        return False
    return "".join(w[0] for w in full.words if w not in INITIALS_SKIP) == letters


def _role_lemma(tok: Token) -> str:
    """The role noun a word of a role or title stands for ("Dr." for doctor)."""
    lemma: str = tok.lemma_.lower()
    return WORDS.title_roles.get(lemma.rstrip("."), lemma)


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
