"""Conflicts between candidate claims: one claim per cue word, no quote claimed twice, no
claim that only restates the one around it or, without a source, the same content as one
with a source."""

from __future__ import annotations

from claimex.extraction.candidates import Candidate
from claimex.extraction.text_index import CharRange, TextIndex
from claimex.rules.words import words


def resolve_conflicts(candidates: list[Candidate], index: TextIndex) -> list[Candidate]:
    """One claim per cue word (the rule of highest priority wins), in text order.

    A cue inside a quotation is part of what the quoted speaker said ("I think ..."), not an
    attribution by the article: such claims are dropped, as news annotation guidelines do.
    """
    best: dict[object, Candidate] = {}
    for cand in candidates:
        if (
            not cand.quotes
            and not cand.cue_may_be_quoted
            and cand.cue is not None
            and index.quote_around(cand.cue[0])
        ):
            continue
        key: object = cand.cue_token if cand.cue_token is not None else ("nocue", cand.start)
        have = best.get(key)
        if have is None or _rank(cand) > _rank(have):
            best[key] = cand
    kept = list(best.values())
    # a quote claimed by a quote rule is not the content of a second, weaker claim
    quoted: set[CharRange] = {r for c in kept if c.quotes for r in c.content}
    kept = [c for c in kept if c.quotes or not c.content or not all(r in quoted for r in c.content)]
    kept = [c for c in kept if not _restated(c, kept, index)]
    # "told the Post in a statement that ...": the noun's claim, without a source, says
    # again what the verb's claim with its source says
    sourced = {tuple(c.content) for c in kept if c.source is not None}
    kept = [c for c in kept if c.source is not None or tuple(c.content) not in sourced]
    kept.sort(key=lambda c: (c.start, c.end))
    return kept


RESTATING_PRONOUNS = words().restating_pronouns


def _restated(cand: Candidate, kept: list[Candidate], index: TextIndex) -> bool:
    """A claim nested in another's content that is not a claim of its own: its source is a
    pronoun ("Dayton said he thinks Clinton would win" is one claim of Dayton's), or it
    comes from an object or infinitive frame. A nested report with a source of its own
    (Patel said the governor had told him ...) stays."""
    if cand.cue is None:
        return False
    pronoun = (
        cand.source_token is not None and index.doc[cand.source_token].lower_ in RESTATING_PRONOUNS
    )
    if not pronoun and not cand.nested_is_content:
        return False
    return any(o is not cand and o.covers(*cand.cue) for o in kept)


def _rank(c: Candidate) -> tuple[int, int]:
    return c.priority, c.end - c.start
