"""Mentions of the entities that speak in one document: names (the recogniser's and runs of
proper nouns it missed), noun phrases headed by a role, group, organisation or document
noun, third-person pronouns, and every claim's source.

Token attributes are read once from the Doc's arrays (spaCy makes a new Token object on
every access); Token objects are made only for the few mentions whose parse is looked at.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

import numpy
from spacy.attrs import DEP, HEAD, LEMMA, LOWER, POS, TAG
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span, Token

from claimex.extraction.text_index import HYPHENS, TextIndex
from claimex.rules.words import first_names, known_first_names, speaker_words, surnames, words

MentionType = Literal["name", "nominal", "pronoun"]
# what a mention can refer to; "" when the mention does not say
Animacy = Literal["person", "organization", "group", "document", ""]

WORDS = speaker_words()
PERSON_HEADS = WORDS.person_heads
GROUP_HEADS = WORDS.group_heads
ORGANIZATION_HEADS = WORDS.organization_heads
DOCUMENT_HEADS = WORDS.document_heads
ANONYMOUS_HEADS = WORDS.anonymous_heads
ORGANIZATION_SUFFIXES = WORDS.organization_suffixes
BUSINESS_HEADS = WORDS.business_heads
PLACE_HEADS = WORDS.place_heads
GENDERED_NOUNS = WORDS.gendered_nouns
NAME_VERBS = WORDS.name_verbs
PERSON_VERBS = WORDS.person_verbs
THING_SUFFIXES = WORDS.thing_suffixes
# a kinship word written as a name ("Mom said") and the kin it names ("my mother")
KINSHIP_NAMES = WORDS.kinship_names
KINSHIP_NAME_IDS = {get_string_id(w): w for w in KINSHIP_NAMES}
# quantities that stand alone for people ("some say", "many believe")
BARE_QUANTITIES = frozenset({"many", "most", "some", "several", "few", "both"})
# person nouns that name no role ("a person familiar with the talks")
GENERIC_PERSON_HEADS = frozenset(
    {"person", "people", "individual", "man", "woman", "boy", "girl", "child", "guy", "kid"}
    | {"lady", "gentleman", "someone", "source", "youth", "teenager"}
)
PRONOUN_GENDER = words().pronoun_gender
THEY = words().they_pronouns
IT = words().it_pronouns
FIRST_PERSON = words().first_person
TITLE_GENDER = words().title_gender
NAME_TITLES = words().name_titles | frozenset(TITLE_GENDER)
FIRST_NAMES = first_names()
KNOWN_FIRST_NAMES = known_first_names()
SURNAMES = surnames()
ENTITY_ANIMACY: dict[str, Animacy] = {
    "PERSON": "person",
    "ORG": "organization",
    "GPE": "organization",
    "FAC": "organization",
    "NORP": "group",
}
# particles inside names ("Ludwig van Beethoven", "Osama bin Laden")
NAME_PARTICLES = frozenset({"de", "van", "von", "bin", "al", "da", "del", "der", "di", "du", "la"})

_NOUN_WORDS = PERSON_HEADS | GROUP_HEADS | ORGANIZATION_HEADS | DOCUMENT_HEADS | ANONYMOUS_HEADS
NOUN_IDS = {get_string_id(w): w for w in _NOUN_WORDS}
# capitalised role nouns ("The Secretary said", "Senators") are tagged as proper nouns: their
# lower-case forms, plurals included
PROPER_NOUN_IDS = {
    **{get_string_id(w + "s"): w for w in _NOUN_WORDS},
    **{get_string_id(w + "es"): w for w in _NOUN_WORDS},
    **NOUN_IDS,
}
PRONOUN_IDS = {get_string_id(w): w for w in (*PRONOUN_GENDER, *THEY, *IT)}
FIRST_PERSON_IDS = {get_string_id(w) for w in FIRST_PERSON | {"i"}}
NOUN_POS = get_string_id("NOUN")
PROPN_POS = get_string_id("PROPN")
PRON_POS = get_string_id("PRON")
# what the tagger makes of a surname it does not know ("Marbles", "Coase argues")
SURNAME_POS = {get_string_id(p) for p in ("NOUN", "PROPN", "VERB", "X")}
PLURAL_TAGS = {get_string_id("NNS"), get_string_id("NNPS")}
SUBJECT_DEPS = {get_string_id("nsubj"), get_string_id("nsubjpass")}
COMPOUND_DEP = get_string_id("compound")
INITIALS = re.compile(r"(?:[A-Z]\.)+$|[A-Z]$")
DET_WORDS = frozenset({"the", "this", "that", "these", "those"})
ROLE_MODIFIER_DEPS = frozenset({"compound", "amod", "nmod", "punct"})


@dataclass(eq=False)
class Mention:
    """One mention: tokens `start`..`end` (for a name, its words without titles), the
    token `head` that the parse and the claims point at, and what the mention says about
    its entity."""

    start: int
    end: int
    head: int
    type: MentionType
    sent: int
    animacy: Animacy = ""
    plural: bool = False
    gender: str | None = None
    gender_evidence: str | None = None
    subject: bool = False
    in_quote: bool = False
    # names: the lower-case name words; nominals: the head's lemma; pronouns: the pronoun
    words: tuple[str, ...] = ()
    label: str = ""
    definite: bool = False
    first_name: bool = False  # a name that opens with a known first name
    first_person: bool = False  # "I'm a licensed contractor": the contractor is I
    acronym: bool = False  # "WFP"
    # token ranges of the role ("Interior Minister", "spokesman") and the organisation
    role: tuple[int, int] | None = None
    affiliation: tuple[int, int] | None = None
    link: str = ""  # the sieve that joined it to an earlier mention of its entity
    speaker: bool = False  # the source of a claim
    index: int = 0  # position in the document's list of mentions

    @property
    def lemma(self) -> str:
        return self.words[-1] if self.words else ""


class Columns:
    """The token attributes extraction reads, as plain lists (one read of the Doc)."""

    def __init__(self, doc: Doc) -> None:
        if len(doc):
            arr = doc.to_array([POS, TAG, DEP, HEAD, LOWER, LEMMA])
            heads = arr[:, 3].astype(numpy.int64) + numpy.arange(len(doc))
            self.pos: list[int] = arr[:, 0].tolist()
            self.tag: list[int] = arr[:, 1].tolist()
            self.dep: list[int] = arr[:, 2].tolist()
            self.head: list[int] = heads.tolist()
            self.lower: list[int] = arr[:, 4].tolist()
            self.lemma: list[int] = arr[:, 5].tolist()
        else:
            self.pos = self.tag = self.dep = self.head = self.lower = self.lemma = []


def find_mentions(doc: Doc, index: TextIndex, sources: Iterable[int] = ()) -> list[Mention]:
    """Every mention of the document in text order; `sources` are the head tokens of the
    claims' sources (each gets a mention, whatever its words)."""
    cols = Columns(doc)
    source_set = set(sources)
    out: list[Mention] = []
    taken: set[int] = set()
    for start, end, label in _name_entities(doc, index):
        for lo, hi in _split_names(doc, start, end, label):
            mention = _name_mention(doc, index, lo, hi, label)
            if mention is not None:
                out.append(mention)
                taken.update(range(lo, hi))
    out.extend(_proper_noun_runs(doc, index, cols, taken, source_set))
    taken.update(i for m in out for i in range(m.start, m.end))
    # the surnames of the persons named in full: "Marbles was born", "Coase argues" where
    # the tagger took the surname alone for a common noun or a verb
    surname_ids = {
        get_string_id(m.words[-1])
        for m in out
        if m.type == "name"
        and m.animacy == "person"
        and len(m.words) > 1
        and not is_role_word(m.words[-1])  # "Virginia Democrats" tagged as a person
        and doc[m.end - 1].tag_ != "NNPS"
    }
    for i, (pos, lemma, lower) in enumerate(zip(cols.pos, cols.lemma, cols.lower, strict=True)):
        if i in taken:
            continue
        if (
            lower in surname_ids
            and pos in SURNAME_POS
            and doc[i].is_title
            and doc[i].ent_type_ in ("", "PERSON")
        ):
            surname = doc.vocab.strings[lower]
            out.append(_one_token(index, cols, i, "name", "person", False, surname))
            continue
        if lower in KINSHIP_NAME_IDS and doc[i].is_title and _determiner(doc[i]) is None:
            out.append(_kinship_name(index, cols, i, KINSHIP_NAME_IDS[lower]))  # "Mom said"
            continue
        if lower in PRONOUN_IDS:
            if pos in (PRON_POS, get_string_id("DET")) or i in source_set:
                out.append(_pronoun_mention(doc, index, cols, i, PRONOUN_IDS[lower]))
        elif lower in FIRST_PERSON_IDS:
            if i in source_set:
                out.append(_pronoun_mention(doc, index, cols, i, doc.vocab.strings[lower]))
        elif pos == NOUN_POS and lemma in NOUN_IDS and cols.dep[i] != COMPOUND_DEP:
            out.append(_nominal_mention(doc, index, cols, i, NOUN_IDS[lemma]))
        elif pos == PROPN_POS and lower in PROPER_NOUN_IDS and cols.dep[i] != COMPOUND_DEP:
            out.append(_nominal_mention(doc, index, cols, i, PROPER_NOUN_IDS[lower]))
        elif i in source_set:
            if _unknown_capitalised_word(doc, index, i) or _untagged_acronym(doc[i]):
                name = _name_mention(doc, index, i, i + 1, "")  # "Ruse argues", "WHO says"
                if name is not None:
                    out.append(name)
                    continue
            out.append(_nominal_mention(doc, index, cols, i, doc[i].lemma_.lower()))
    out.sort(key=lambda m: (m.start, m.head))
    # names the recogniser tagged as an organisation somewhere in the document
    organizations = {m.words for m in out if m.type == "name" and m.animacy == "organization"}
    for n, mention in enumerate(out):
        mention.index = n
        mention.speaker = mention.head in source_set
        if mention.type == "name" and mention.animacy != "person" and _acts_as_person(doc, mention):
            mention.animacy = "person"
        elif (
            mention.speaker
            and mention.type == "name"
            and not mention.animacy
            and not mention.acronym
            and mention.words not in organizations
        ):
            mention.animacy = "person"  # "Okoro said": a name the recogniser did not class
    return out


# ---- names ------------------------------------------------------------------------------
def _name_entities(doc: Doc, index: TextIndex) -> list[tuple[int, int, str]]:
    """The recogniser's names, with a first name it split off joined to the surname after
    it ("Marta" GPE + "Ruiz" PERSON: one person)."""
    out: list[tuple[int, int, str]] = []
    for ent in index.ents:
        if ent.label_ not in ENTITY_ANIMACY:
            continue
        if out and out[-1][1] == ent.start and out[-1][1] - out[-1][0] == 1:
            first = doc[out[-1][0]]
            if first.lower_ in KNOWN_FIRST_NAMES and (ent.label_ == "PERSON" or len(ent) == 1):
                out[-1] = (out[-1][0], ent.end, "PERSON")
                continue
        start, end, label = ent.start, ent.end, ent.label_
        before = doc[start - 1] if start > 0 else None
        if (
            label == "PERSON"
            and before is not None
            and _untagged_first_name(before)
            and (len(ent) == 1 or before.lower_ in KNOWN_FIRST_NAMES)
        ):
            start -= 1  # "Enver" (no entity) "Solomon", "Jenna" "Nicole Mourey": one name
        if len(ent) == 1 and ent[0].lower_ in KNOWN_FIRST_NAMES and label != "PERSON":
            while end < len(doc) and doc[end].pos_ == "PROPN" and not doc[end].ent_type_:
                end += 1  # "Marta" (GPE) "Ruiz" (no entity)
            if end > ent.end:
                label = "PERSON"
        out.append((start, end, label))
    return out


def _untagged_first_name(tok: Token) -> bool:
    """A capitalised proper noun the recogniser left out right before a one-word person's
    name: its first name, unless it is a title or a role word ("Senator", "CEO")."""
    return (
        tok.pos_ == "PROPN"
        and not tok.ent_type_
        and tok.is_title
        and bool(tok.whitespace_)
        and not is_role_word(tok.lower_)
    )


def _split_names(doc: Doc, start: int, end: int, label: str) -> list[tuple[int, int]]:
    """ "Kofi Mensah and Ama Owusu" tagged as one person: two names."""
    if label != "PERSON":
        return [(start, end)]
    parts: list[tuple[int, int]] = []
    lo = start
    for k in range(start, end):
        if doc[k].text in ("and", "&") and k > lo:
            parts.append((lo, k))
            lo = k + 1
    if lo < end:
        parts.append((lo, end))
    return parts


def _acts_as_person(doc: Doc, m: Mention) -> bool:
    """A name the recogniser did not tag as a person that the text treats as one: it
    smiles, sighs, nods ("Santa sighed"), has a who-clause ("Okoro, who chairs the board")
    or a person noun in apposition ("Okoro, the union leader")."""
    if m.label not in ("ORG", "GPE", "") or any(w in ORGANIZATION_SUFFIXES for w in m.words):
        return False
    tok = doc[m.head]
    if tok.dep_ == "nsubj" and tok.head.lemma_.lower() in PERSON_VERBS:
        return True
    if tok.dep_ == "appos" and tok.head.tag_ == "NN" and tok.head.lemma_.lower() in PERSON_HEADS:
        return True  # "the district's director, Nkechi Balogun"
    if m.speaker and len(m.words) == 1 and (m.words[0] in SURNAMES or m.words[0] in FIRST_NAMES):
        return True  # "Smith said", "Veronique said"
    for child in tok.children:
        if child.dep_ == "relcl" and any(g.lower_ in ("who", "whom") for g in child.children):
            return True
        if child.dep_ == "conj" and child.lemma_.lower() in WORDS.co_author_nouns:
            return True  # "Okafor and colleagues found"
        if child.dep_ == "appos" and child.pos_ == "NOUN" and child.lemma_.lower() in PERSON_HEADS:
            return True
    return False


def _name_mention(doc: Doc, index: TextIndex, start: int, end: int, label: str) -> Mention | None:
    """The name inside tokens start..end without what the recogniser took along: articles,
    titles, epithets and role words before it ("Tireless", "Interior Minister"), and a
    possessive, a headline verb or a thing after it ("Marek Says", "Marek Speech")."""
    toks = list(doc[start:end])  # a Span makes a new Token on every access
    lowers = [t.lower_ for t in toks]
    lo, hi = 0, len(toks)
    for k in range(hi):
        # "World Health Organisation (WHO)"; "Sue Cleveland & I": one name ends there
        joined = lowers[k] in ("&", "and") and k > 0
        if lowers[k] in ("(", "[") or (joined and k + 1 < hi and toks[k + 1].pos_ == "PRON"):
            hi = k
            break
    while hi > lo and (
        toks[hi - 1].is_punct
        or toks[hi - 1].is_space
        or toks[hi - 1].dep_ == "case"
        or lowers[hi - 1] in NAME_VERBS
        or (lowers[hi - 1] in WORDS.date_words and hi - lo > 1)
        or toks[hi - 1].tag_.startswith("VB")
        # a person's name the recogniser ran on into a thing: "President Obama Speech"
        or (label == "PERSON" and lowers[hi - 1] in WORDS.name_run_ons and hi - lo > 1)
    ):
        hi -= 1
    while lo < hi and (toks[lo].is_punct or lowers[lo] in DET_WORDS or toks[lo].is_space):
        lo += 1
    if lo >= hi:
        return None
    title: str | None = None
    if label == "PERSON" or lowers[lo] in NAME_TITLES:
        first = next((k for k in range(lo, hi - 1) if lowers[k] in KNOWN_FIRST_NAMES), None)
        if first is not None:
            title = next((w for w in lowers[lo:first] if w in TITLE_GENDER), None)
            lo = first
        while first is None and lo < hi - 1 and _leading_non_name(toks[lo]):
            if lowers[lo] in TITLE_GENDER:
                title = lowers[lo]
            lo += 1
    words = lowers[lo:hi]
    if not any(t.is_alpha for t in toks[lo:hi]):
        return None
    if all(is_role_word(w) for w in words):
        return None  # "Ambassador", "CEO", "Senators": a role, not a name
    span = doc[start + lo : start + hi]
    if title is None and span.start > 0 and doc[span.start - 1].lower_ in NAME_TITLES:
        title = doc[span.start - 1].lower_
    animacy = ENTITY_ANIMACY.get(label, "")
    name_words = tuple(
        w for w, t in zip(words, toks[lo:hi], strict=True) if t.is_alpha or INITIALS.match(t.text)
    )
    opens_with_first_name = words[0] in KNOWN_FIRST_NAMES and len(name_words) > 1
    if any(w in ORGANIZATION_SUFFIXES for w in words):
        animacy = "organization"  # "Velden Terminals" tagged as a person is not one
    elif words[-1] in THING_SUFFIXES:
        animacy = "document" if label in ("LAW", "WORK_OF_ART") else ""  # "Marshall Plan"
    elif animacy == "organization" and (opens_with_first_name or title is not None):
        animacy = "person"  # "Nadia Haddad" tagged as an organisation
    elif label == "" and (title is not None or opens_with_first_name) and not animacy:
        animacy = "person"
    head = span.root.i
    mention = Mention(
        start=span.start,
        end=span.end,
        head=head,
        type="name",
        sent=index.sent_of[head],
        animacy=animacy,
        # "Velden Terminals" is one company; "Republican Senators" (no label) are many
        plural=label == "NORP" or (doc[head].tag_ == "NNPS" and label == "" and not animacy),
        subject=doc[head].dep_ in ("nsubj", "nsubjpass"),
        in_quote=index.quote_around(doc[head].idx) is not None,
        words=name_words,
        label=label,
        first_name=opens_with_first_name,
    )
    mention.acronym = hi - lo == 1 and toks[lo].is_upper and len(toks[lo].text) > 1
    if title is not None:
        mention.gender, mention.gender_evidence = TITLE_GENDER.get(title), "title"
        if mention.gender is None:
            mention.gender_evidence = None
    if mention.gender is None and opens_with_first_name and animacy == "person":
        gender = FIRST_NAMES.get(name_words[0])
        if gender is not None:
            mention.gender, mention.gender_evidence = gender, "first_name"
    if animacy == "person":
        _name_role(doc, index, span, mention)
    return mention


def is_role_word(lower: str) -> bool:
    """A title or role noun, singular or plural ("senator", "Senators", "Mr.")."""
    return (
        lower in NAME_TITLES
        or lower in PERSON_HEADS
        or (lower.endswith("s") and lower[:-1] in PERSON_HEADS)
    )


def _leading_non_name(tok: object) -> bool:
    """A title, role word or epithet before the name proper ("Mr.", "Senator", "Tireless")."""
    lower: str = tok.lower_  # type: ignore[attr-defined]
    return (
        lower in NAME_TITLES
        or lower in PERSON_HEADS
        or tok.tag_ in ("JJ", "DT", "PRP$")  # type: ignore[attr-defined]
        or not (tok.is_alpha or INITIALS.match(tok.text))  # type: ignore[attr-defined]
    )


def _name_role(doc: Doc, index: TextIndex, name: Span, mention: Mention) -> None:
    """The role words in front of a name ("Interior Minister Paulo Reis", "Halden Bank
    spokesman Lars Berg"): the modifiers of its head before it, when one is a role noun."""
    lo = _modifiers_start(doc, name.start, name.end - 1)
    if lo == name.start:
        return
    words = doc[lo : name.start]
    if not any(t.lemma_.lower() in PERSON_HEADS or t.lower_ in NAME_TITLES for t in words):
        return
    org = _entity_in(index, lo, name.start)
    if org is not None and org.end < name.start:
        mention.affiliation = (org.start, org.end)
        lo = org.end
        while lo < name.start and doc[lo].is_punct:
            lo += 1
    role = doc[lo : name.start]
    while len(role) and role[0].lower_ in NAME_TITLES:
        role = role[1:]
    if len(role):
        mention.role = (role.start, role.end)
        gender = next((GENDERED_NOUNS[t.lower_] for t in role if t.lower_ in GENDERED_NOUNS), None)
        if gender is not None and mention.gender_evidence in (None, "first_name"):
            mention.gender, mention.gender_evidence = gender, "role_noun"


def _unknown_capitalised_word(doc: Doc, index: TextIndex, i: int) -> bool:
    """A capitalised singular noun with no determiner that the document never writes in
    lower case: a name the tagger took for a common noun."""
    tok = doc[i]
    if not tok.is_title or tok.tag_ != "NN" or any(c.dep_ == "det" for c in tok.children):
        return False
    lower = tok.lower_
    if lower in _NOUN_WORDS:
        return False
    return re.search(rf"\b{re.escape(lower)}\b", index.text) is None


def _untagged_acronym(tok: Token) -> bool:
    """An acronym the recogniser did not tag ("WHO says", which it takes for "who")."""
    return tok.is_upper and tok.is_alpha and 2 <= len(tok) <= 6


def _modifiers_start(doc: Doc, start: int, last: int) -> int:
    """The first token of the modifiers right before tokens start..last that depend on them
    ("a retired High Court judge", "co-founder")."""
    lo = start
    while lo > 0:
        tok = doc[lo - 1]
        glued = not tok.whitespace_ and doc[lo].text in HYPHENS  # "co" of "co-founder"
        # the hyphen of "vice-president", which the parser hangs elsewhere
        if tok.text in HYPHENS and lo > 1:
            glued = glued or not (tok.whitespace_ or doc[lo - 2].whitespace_)
        inside = lo - 1 < tok.head.i <= last
        if not glued and (tok.dep_ not in ROLE_MODIFIER_DEPS or not inside):
            break
        if tok.is_punct and tok.text not in HYPHENS:
            break
        lo -= 1
    return lo


def _proper_noun_runs(
    doc: Doc, index: TextIndex, cols: Columns, taken: set[int], sources: set[int]
) -> list[Mention]:
    """Names the recogniser missed: runs of proper nouns. Whether one names a person is
    left open unless a title ("Mr. Okoro") or a known first name says so."""
    out: list[Mention] = []
    i, n = 0, len(cols.pos)
    while i < n:
        if cols.pos[i] != PROPN_POS or i in taken:
            i += 1
            continue
        j = i
        while j < n and cols.pos[j] == PROPN_POS and j not in taken:
            j += 1
        mention = _name_mention(doc, index, i, j, "")
        if mention is not None:
            out.append(mention)
        i = j
    return out


# ---- noun phrases and pronouns ----------------------------------------------------------
def _nominal_mention(doc: Doc, index: TextIndex, cols: Columns, i: int, lemma: str) -> Mention:
    tok = doc[i]
    plural = cols.tag[i] in PLURAL_TAGS
    quantity = _partitive(tok, lemma)  # "a majority of voters", before "the majority"
    if quantity is not None:
        animacy: Animacy = quantity[0]
        plural = quantity[1]
    elif lemma in PERSON_HEADS or lemma in ANONYMOUS_HEADS:
        animacy = "group" if plural else "person"
    elif lemma in GROUP_HEADS:
        animacy = "group"
    elif lemma in ORGANIZATION_HEADS:
        animacy = "organization"
    elif lemma in DOCUMENT_HEADS:
        animacy = "document"
    else:
        animacy = ""
    det = _determiner(tok)
    mention = _one_token(index, cols, i, "nominal", animacy, plural, lemma)
    mention.definite = det is not None and det.lower_ in DET_WORDS
    if lemma in GENDERED_NOUNS and not plural:
        mention.gender, mention.gender_evidence = GENDERED_NOUNS[lemma], "role_noun"
    if animacy == "person" and lemma not in GENERIC_PERSON_HEADS and lemma in _NOUN_WORDS:
        nominal_role(doc, index, i, mention)
    return mention


def _determiner(tok: Token) -> Token | None:
    """A noun's determiner or possessor before it ("the", "my": "my Mom" is no name)."""
    return next((c for c in tok.children if c.dep_ in ("det", "poss") and c.i < tok.i), None)


def _kinship_name(index: TextIndex, cols: Columns, i: int, word: str) -> Mention:
    mention = _one_token(index, cols, i, "name", "person", False, word)
    gender = GENDERED_NOUNS.get(KINSHIP_NAMES[word]) or GENDERED_NOUNS.get(word)
    if gender is not None:
        mention.gender, mention.gender_evidence = gender, "role_noun"
    return mention


def _partitive(tok: Token, lemma: str) -> tuple[Animacy, bool] | None:
    """The kind and number of a quantity of something ("many of them", "75 percent of
    respondents": a group; "one of the officials": a person), from its "of" phrase."""
    if lemma not in WORDS.partitive_heads and not tok.like_num:
        return None
    prep = next((c for c in tok.rights if c.dep_ == "prep" and c.lower_ == "of"), None)
    pobj = next((c for c in prep.children if c.dep_ == "pobj"), None) if prep else None
    if pobj is None:
        # "some say", "many holding placards said": a quantity of people left unsaid
        return ("group", True) if lemma in BARE_QUANTITIES else None
    of = pobj.lemma_.lower()
    one = lemma in WORDS.singular_partitives
    people = of in PERSON_HEADS or of in ANONYMOUS_HEADS or pobj.lower_ in ("them", "us", "you")
    if people:
        return ("person", False) if one else ("group", True)
    if of in ORGANIZATION_HEADS:
        return "organization", not one
    return None


def nominal_role(doc: Doc, index: TextIndex, i: int, mention: Mention) -> None:
    """The role a person noun gives ("a spokesman for the ferry operator": spokesman, the
    ferry operator; "the hospital's director": director, the hospital)."""
    tok = doc[i]
    lo = _modifiers_start(doc, i, i)
    org: tuple[int, int] | None = None
    for child in tok.children:
        possessor = child.dep_ == "poss" or (
            child.dep_ == "nmod" and any(g.dep_ == "case" for g in child.children)
        )
        if possessor and child.pos_ in ("NOUN", "PROPN") and child.i < i:
            org = (child.left_edge.i, child.i + 1)
        elif (
            child.dep_ == "prep"
            and child.i > i
            and child.lower_ in ("for", "of", "at", "with", "in")
            and org is None
        ):
            pobj = next((g for g in child.children if g.dep_ == "pobj"), None)
            if (
                pobj is not None
                and pobj.pos_ in ("NOUN", "PROPN")
                and _affiliation_head(child, pobj)
            ):
                org = (pobj.left_edge.i, _np_end(doc, pobj))
    ent = _entity_in(index, lo, i)
    if ent is not None:
        org, lo = (ent.start, ent.end), ent.end
    mention.role = (lo, i + 1)
    mention.affiliation = org


def _affiliation_head(prep: Token, pobj: Token) -> bool:
    """Can the noun after "for", "of", "at", "with", "in" be whom a role works for? After
    "with" only a name or an organisation ("a spokesman with the agency", not "a candidate
    with one message")."""
    if prep.lower_ != "with":
        return True
    lemma = pobj.lemma_.lower()
    return pobj.pos_ == "PROPN" or lemma in ORGANIZATION_HEADS or lemma in BUSINESS_HEADS


def _entity_in(index: TextIndex, lo: int, hi: int) -> Span | None:
    """An organisation or place the recogniser found inside tokens lo..hi."""
    if lo >= hi:
        return None
    return next(
        (e for e in index.ents_between(lo, hi) if e.label_ in ("ORG", "GPE")),
        None,
    )


def _np_end(doc: Doc, head: object) -> int:
    """One past the last token of a noun phrase without its relative clauses, participles
    and appositions."""
    end: int = head.i + 1  # type: ignore[attr-defined]
    for child in head.rights:  # type: ignore[attr-defined]
        if child.dep_ in ("prep", "compound", "amod", "nummod", "pobj") and not any(
            t.text == "," for t in doc[end : child.i]
        ):
            end = child.right_edge.i + 1
        else:
            break
    return end


def _one_token(
    index: TextIndex,
    cols: Columns,
    i: int,
    kind: MentionType,
    animacy: Animacy,
    plural: bool,
    word: str,
) -> Mention:
    """A mention of the one token i (a noun phrase's head, a pronoun)."""
    return Mention(
        start=i,
        end=i + 1,
        head=i,
        type=kind,
        sent=index.sent_of[i],
        animacy=animacy,
        plural=plural,
        subject=cols.dep[i] in SUBJECT_DEPS,
        in_quote=index.quote_around(index.starts[i]) is not None,
        words=(word,),
    )


def _pronoun_mention(doc: Doc, index: TextIndex, cols: Columns, i: int, lower: str) -> Mention:
    if lower in PRONOUN_GENDER:
        animacy: Animacy = "person"
    elif lower in THEY:
        animacy = "group"
    elif lower in IT:
        animacy = "organization"
    elif lower in ("we", "us", "our"):
        animacy = "group"
    else:
        animacy = "person"
    plural = lower in THEY or lower in ("we", "us", "our")
    mention = _one_token(index, cols, i, "pronoun", animacy, plural, lower)
    if lower in PRONOUN_GENDER:
        mention.gender, mention.gender_evidence = PRONOUN_GENDER[lower], "pronoun"
    return mention
