"""From a parsed Doc to claims: run the rules, resolve conflicts, resolve speakers."""

from __future__ import annotations

from typing import Any

from spacy.tokens import Doc
from spacy.vocab import Vocab

from claimex.candidates import Candidate
from claimex.dependency_rules import DependencyRunner
from claimex.quote_rules import QuoteAttributor
from claimex.quotes import find_quotes
from claimex.rules import RuleSet
from claimex.schemas import SCHEMA_VERSION
from claimex.speakers import ResolvedSpeaker, SpeakerResolver
from claimex.surface_rules import SurfaceRunner
from claimex.syntax import CharRange, TextIndex


class Extractor:
    """Finds the claims of a parsed Doc with the rules of a RuleSet."""

    def __init__(self, vocab: Vocab, rules: RuleSet) -> None:
        self.rules = rules
        self.dependency = DependencyRunner(vocab, rules)
        self.quotes = QuoteAttributor(rules)
        self.surface = SurfaceRunner(rules)

    def __call__(self, doc: Doc) -> list[dict[str, Any]]:
        text = doc.text
        index = TextIndex(doc, find_quotes(text), text)
        candidates = self.quotes(index) + self.dependency(doc, index) + self.surface(index)
        chosen = resolve_conflicts(candidates, index)
        chosen = sorted(chosen + self.quotes.follow_ups(chosen, index), key=lambda c: c.start)
        return self._claims(chosen, index)

    def _claims(self, chosen: list[Candidate], index: TextIndex) -> list[dict[str, Any]]:
        doc, text = index.doc, index.text
        resolver = SpeakerResolver(doc, index)
        out: list[dict[str, Any]] = []
        quote_claims: list[tuple[Candidate, ResolvedSpeaker | None]] = []
        for n, cand in enumerate(chosen, 1):
            enclosing = next(
                (
                    spk
                    for c, spk in reversed(quote_claims)
                    if cand.source and c.covers(*cand.source)
                ),
                None,
            )
            head = doc[cand.source_token] if cand.source_token is not None else None
            speaker = resolver.resolve(cand.source, head, enclosing)
            resolver.remember(head, speaker)
            if cand.quotes:
                quote_claims.append((cand, speaker))
            out.append(self._claim_dict(n, cand, speaker, index, text))
        return out

    def _claim_dict(
        self,
        n: int,
        cand: Candidate,
        speaker: ResolvedSpeaker | None,
        index: TextIndex,
        text: str,
    ) -> dict[str, Any]:
        doc = index.doc
        lo, hi = cand.start, cand.end
        content: dict[str, Any] = {"text": text[lo:hi], "start": lo, "end": hi, "fragments": []}
        if len(cand.content) > 1:
            content["fragments"] = [_span(text, a, b) for a, b in cand.content]
        cue = None
        cue_token = cand.cue_token if cand.cue_token is not None else cand.shared_cue_token
        if cand.cue is not None and cue_token is not None:
            tok = doc[cue_token]
            lemma = tok.lemma_.lower()
            if lemma == "accord":
                lemma = "according to"
            elif tok.is_punct:
                lemma = tok.text  # "Name:" labels and “...” ― Name dashes
            entry = self.rules.cue(lemma, tok.pos_)
            cue = _span(text, *cand.cue) | {
                "lemma": lemma,
                "cue_class": entry.cue_class if entry else None,
            }
        anchor = cand.cue_token if cand.cue_token is not None else cand.anchor_token
        return {
            "doc_id": "",
            "claim_id": f"c{n}",
            "type": claim_type(cand, index),
            "source": _span(text, *cand.source) if cand.source else None,
            "speaker": (
                {
                    "name": speaker.name,
                    "kind": speaker.kind,
                    "start": speaker.start,
                    "end": speaker.end,
                    "resolved_by": speaker.resolved_by,
                }
                if speaker
                else None
            ),
            "cue": cue,
            "content": content,
            "sentence": index.sent_of[anchor] if len(doc) else 0,
            "rule": cand.rule,
            "extended_by": list(cand.extended_by),
            "schema_version": SCHEMA_VERSION,
        }


def _span(text: str, lo: int, hi: int) -> dict[str, Any]:
    return {"text": text[lo:hi], "start": lo, "end": hi}


def claim_type(cand: Candidate, index: TextIndex) -> str:
    """direct: the content is quotations only; mixed: it holds one; else indirect."""
    quotes = [(q.start, q.end) for q in index.quotes]
    pieces = [index.trim(a, b) for a, b in cand.content]
    if pieces and all(p in quotes for p in pieces):
        return "direct"
    if any(cand.start <= a and b <= cand.end for a, b in quotes):
        return "mixed"
    if any(a < cand.end and cand.start < b for a, b in quotes):
        return "mixed"
    return "indirect"


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
    kept.sort(key=lambda c: (c.start, c.end))
    return kept


RESTATING_PRONOUNS = {"he", "she", "they", "i", "we", "it"}
# rules whose claims inside another claim's content are part of that content: "He denied
# that budget pressures explained the delays" reports no claim of the budget pressures'
NOT_NESTED = {
    "verb.object",
    "verb.xcomp",
    "verb.prep",
    "verb.prep-clause",
    "noun.prep",
    "noun.prep-sourced",
    "adj.prep",
}


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
    if not pronoun and cand.rule not in NOT_NESTED:
        return False
    return any(o is not cand and o.covers(*cand.cue) for o in kept)


def _rank(c: Candidate) -> tuple[int, int]:
    return c.priority, c.end - c.start
