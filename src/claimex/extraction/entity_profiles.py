"""What one entity of a document is, from all its mentions: its canonical name, its kind,
its gender and what that rests on, and its role and affiliation."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Token

from claimex.extraction.entity_groups import Entities
from claimex.extraction.mentions import (
    ANONYMOUS_HEADS,
    DOCUMENT_HEADS,
    GROUP_HEADS,
    ORGANIZATION_HEADS,
    ORGANIZATION_SUFFIXES,
    PERSON_HEADS,
    PLACE_HEADS,
    Mention,
)
from claimex.extraction.text_index import HYPHENS, SETTING_NOUNS, CharRange, TextIndex
from claimex.rules.words import speaker_words
from claimex.schemas import Gender, GenderEvidence, Number, SpeakerKind

ANONYMOUS_MARKERS = speaker_words().anonymous_markers
PERSON_PRONOUNS = speaker_words().person_pronouns
GENDER_NAMES: dict[str, Gender] = {"f": "female", "m": "male"}
# the evidence for a gender, strongest first
EVIDENCE: tuple[GenderEvidence, ...] = ("pronoun", "title", "role_noun", "first_name")
LEFT_OF_HEAD = frozenset(
    {"det", "amod", "compound", "nummod", "poss", "nmod", "quantmod", "predet"}
)
DESCRIPTION_STOPS = frozenset({",", "(", "—", "–", "--", ";", ":"})
# nouns of people in general: "people said" and "most people" are no source keeping its name
# back, as "officials said" and "some aides" are
GENERIC_PEOPLE = frozenset({"people", "person", "individual"})
# endings of nouns of people that no word list can hold all of ("philologists", "Darwinians")
PERSON_SUFFIXES = ("ist", "ists", "ian", "ians")


@dataclass
class Profile:
    """One entity: `name` is `text[start:end]` when start is set."""

    name: str
    kind: SpeakerKind
    start: int | None
    end: int | None
    named: bool
    resolved: bool  # it has a mention that is not a pronoun
    number: Number | None = None
    gender: Gender | None = None
    gender_evidence: GenderEvidence | None = None
    role: CharRange | None = None
    affiliation: CharRange | None = None


def profile(doc: Doc, index: TextIndex, entities: Entities, member: Mention) -> Profile:
    members = entities.of(member)
    names = [m for m in members if m.type == "name"]
    nominals = [m for m in members if m.type == "nominal"]
    kind = _kind(doc, index, members, names, nominals)
    if names:
        best = _canonical(names, kind)
        lo, hi = index.token_range(best.start, best.end - 1)
    elif nominals:
        lo, hi = description(doc, index, nominals[0].head)
    else:
        lo, hi = index.token_range(members[0].start, members[0].end - 1)
    out = Profile(
        name=index.text[lo:hi],
        kind=kind,
        start=lo,
        end=hi,
        named=bool(names),
        resolved=bool(names or nominals),
        number=_number(members, names, nominals),
    )
    if kind in ("person", "anonymous"):
        out.gender, out.gender_evidence = _gender(members)
    with_role = next((m for m in members if m.role is not None), None)
    if with_role is not None and with_role.role is not None:
        out.role = index.token_range(with_role.role[0], with_role.role[1] - 1)
    with_org = next((m for m in members if m.affiliation is not None), None)
    if with_org is not None and with_org.affiliation is not None:
        a, b = with_org.affiliation
        out.affiliation = index.trim(*index.token_range(a, b - 1), keep_quotes=False)
    return out


def _canonical(names: list[Mention], kind: SpeakerKind) -> Mention:
    """A person's fullest name (one that opens with a first name before one that does
    not: "Ada Okoro" before "Tireless Okoro"); an organisation's fullest name."""
    if kind == "person":
        people = [
            m
            for m in names
            if m.animacy != "group" and not any(w in ORGANIZATION_SUFFIXES for w in m.words)
        ] or names
        return max(people, key=lambda m: (m.first_name, len(m.words), -m.index))
    return max(names, key=lambda m: (len(m.words), m.label != "", -m.index))


def _gender(members: list[Mention]) -> tuple[Gender | None, GenderEvidence | None]:
    for evidence in EVIDENCE:
        found = {m.gender for m in members if m.gender_evidence == evidence and m.gender}
        if len(found) == 1:
            return GENDER_NAMES[found.pop()], evidence
        if len(found) > 1:
            return None, None  # the text says both: no guess
    return None, None


def _kind(
    doc: Doc,
    index: TextIndex,
    members: list[Mention],
    names: list[Mention],
    nominals: list[Mention],
) -> SpeakerKind:
    personal = any(
        (m.type == "pronoun" and m.gender) or (m.type == "nominal" and m.gender) for m in members
    )
    if names:
        animacies = {m.animacy for m in names}
        if "person" in animacies or personal:
            return "person"
        if "organization" in animacies:
            return "organization"
        if "group" in animacies or all(m.plural for m in names):
            return "person"  # "Democrats", "Americans": persons, several of them
        if all(m.acronym for m in names):
            return "unknown"  # "WHO says", an acronym of nothing the text names
        return "person"  # a lone surname the recogniser did not class: "Smith said"
    if nominals:
        return nominal_kind(doc, index, nominals[0])
    word = members[0].words[0] if members[0].words else ""
    if word in ("he", "him", "his", "she", "her", "i", "me", "my"):
        return "person"
    if word in ("we", "us", "our"):
        return "person"
    return "unknown"  # "they", "it" with nothing to tell what they are


def _number(members: list[Mention], names: list[Mention], nominals: list[Mention]) -> Number:
    """One or several: from the names, else the first noun phrase, else the pronoun."""
    if names:
        return "plural" if all(m.plural for m in names) else "singular"
    first = nominals[0] if nominals else members[0]
    return "plural" if first.plural else "singular"


def nominal_kind(doc: Doc, index: TextIndex, m: Mention) -> SpeakerKind:
    """The kind of an unnamed entity from its first noun phrase."""
    head = doc[m.head]
    lemma = m.lemma
    lo, hi = index.subtree_range(head)
    text = index.text[lo:hi].lower()
    if any(marker in text for marker in ANONYMOUS_MARKERS):
        return "anonymous"
    if lemma in DOCUMENT_HEADS:
        return "document"
    plural = head.tag_ in ("NNS", "NNPS")
    if lemma in ANONYMOUS_HEADS:
        det = next((c for c in head.children if c.dep_ in ("det", "nummod")), None)
        if det is not None and det.lower_ not in ("the", "this", "that", "these", "those"):
            return "anonymous"  # a senior official, two people, some aides
        described = any(c.dep_ in ("compound", "prep", "acl", "relcl") for c in head.children)
        if plural and det is None and not described and lemma not in GENERIC_PEOPLE:
            return "anonymous"  # "officials said"
    if head.ent_type_ in ("ORG", "GPE", "FAC"):
        return "organization"
    if lemma in PERSON_PRONOUNS or head.lower_ in PERSON_PRONOUNS:
        return "person"  # someone, everyone, no one
    if lemma in ORGANIZATION_HEADS or lemma in PLACE_HEADS:
        return "organization"  # "the ministry", "the two companies", "the country"
    if lemma in PERSON_HEADS or lemma in ANONYMOUS_HEADS:
        return "person"  # "the minister", "researchers"
    if lemma in GROUP_HEADS:
        return "person" if m.plural else "group"  # "the jury"; "families"
    if m.animacy == "group":
        return "person"  # "many of them", "75 percent of respondents"
    if m.animacy == "organization":
        return "organization"
    if plural and head.lower_.endswith(PERSON_SUFFIXES):
        return "person"
    return "unknown"


def description(doc: Doc, index: TextIndex, head_i: int) -> CharRange:
    """A short description of an unnamed entity: the head noun phrase without relative
    clauses, participles and appositions ("A teacher at the school", "The audit")."""
    head = doc[head_i]
    lo = head_i
    for child in head.lefts:
        if child.dep_ in LEFT_OF_HEAD:
            lo = min(lo, child.left_edge.i)
    glued = head_i
    while glued >= 2 and doc[glued - 1].text in HYPHENS and not doc[glued - 2].whitespace_:
        glued -= 2  # "The vice-president" that the parser split at its hyphen
        lo = min(lo, doc[glued].left_edge.i)
    for k in range(head_i - 1, lo - 1, -1):
        if glued <= k < head_i:
            continue
        verb = doc[k].pos_ in ("VERB", "AUX") and doc[k].head.i != head_i
        if doc[k].text in DESCRIPTION_STOPS or verb:
            lo = k + 1  # "In the scandal, people ...": the phrase starts after the comma
            break
    hi = head_i
    for child in head.rights:
        if any(doc[k].text in DESCRIPTION_STOPS for k in range(hi + 1, child.i + 1)):
            break
        if child.dep_ == "prep" and any(g.dep_ == "pcomp" for g in child.children):
            break  # "accused by the group of ordering ...": no description
        if child.dep_ == "prep" and any(g.lemma_.lower() in SETTING_NOUNS for g in child.children):
            break  # "Appellants in their notice of appeal": where they said it
        if child.dep_ in ("prep", "amod", "compound", "nummod"):
            hi = _phrase_end(doc, child)
            if child.dep_ == "prep":
                break  # one phrase after the head is enough
        else:
            break
    while lo < hi and doc[lo].dep_ == "punct":
        lo += 1
    return index.trim(*index.token_range(lo, hi), keep_quotes=False)


def _phrase_end(doc: Doc, child: Token) -> int:
    """The last token of a modifier phrase, cut before a comma, a dash or a clause (and the
    adverbs of the clause: "the wife of a man fatally shot ...")."""
    end = child.right_edge.i
    for k in range(child.i + 1, end + 1):
        tok = doc[k]
        if tok.text in DESCRIPTION_STOPS or tok.dep_ in ("relcl", "acl", "advcl"):
            end = k - 1
            break
        if tok.tag_ in ("WDT", "WP", "WP$") or (tok.lower_ == "that" and tok.dep_ != "det"):
            end = k - 1  # "a presentation that the minister gave"
            break
        if tok.pos_ == "VERB":  # a clause without its own dependency label
            end = k - 1
            break
    while end > child.i and doc[end].pos_ in ("ADV", "PART", "SCONJ", "CCONJ", "ADP", "DET"):
        end -= 1
    return end
