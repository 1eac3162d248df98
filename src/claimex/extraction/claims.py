"""From a parsed Doc to claims: run the rules, resolve conflicts and speakers, and assemble
each claim's JSON data."""

from __future__ import annotations

from spacy.tokens import Doc, Token
from spacy.vocab import Vocab

from claimex.extraction.candidates import Candidate
from claimex.extraction.conflicts import resolve_conflicts
from claimex.extraction.dependency_rules import DependencyRunner
from claimex.extraction.entities import number_entities
from claimex.extraction.flags import FlagFinder
from claimex.extraction.quote_rules import QuoteAttributor
from claimex.extraction.quotes import find_quotes
from claimex.extraction.speakers import ResolvedSpeaker, SpeakerResolver
from claimex.extraction.surface_rules import SurfaceRunner
from claimex.extraction.text_index import CharRange, TextIndex
from claimex.rules import RuleSet
from claimex.schemas import SCHEMA_VERSION, ClaimData, ClaimType, ContentData, CueData, SpanData


class Extractor:
    """Finds the claims of a parsed Doc with the rules of a RuleSet."""

    def __init__(self, vocab: Vocab, rules: RuleSet) -> None:
        self.rules = rules
        self.dependency = DependencyRunner(vocab, rules)
        self.quotes = QuoteAttributor(rules)
        self.surface = SurfaceRunner(rules)
        self.flags = FlagFinder()

    def __call__(self, doc: Doc) -> list[ClaimData]:
        text = doc.text
        index = TextIndex(doc, find_quotes(text), text)
        candidates = self.quotes(index) + self.dependency(doc, index) + self.surface(index)
        chosen = resolve_conflicts(candidates, index)
        chosen = sorted(chosen + self.quotes.follow_ups(chosen, index), key=lambda c: c.start)
        return self._claims(chosen, index)

    def _claims(self, chosen: list[Candidate], index: TextIndex) -> list[ClaimData]:
        doc, text = index.doc, index.text
        sources: list[tuple[int, CharRange]] = []
        contents: dict[int, list[CharRange]] = {}  # the first part of each claim's content
        for c in chosen:
            if c.source is not None and c.source_token is not None:
                sources.append((c.source_token, c.source))
                contents.setdefault(c.source_token, []).append(c.content[0])
        resolver = SpeakerResolver(doc, index, sources, contents)
        out: list[ClaimData] = []
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
            speaker = resolver.resolve(cand.source, cand.source_token, enclosing)
            if cand.quotes:
                quote_claims.append((cand, speaker))
            out.append(self._claim_dict(n, cand, speaker, index, text))
        number_entities(out)
        return out

    def _claim_dict(
        self,
        n: int,
        cand: Candidate,
        speaker: ResolvedSpeaker | None,
        index: TextIndex,
        text: str,
    ) -> ClaimData:
        doc = index.doc
        lo, hi = cand.start, cand.end
        content: ContentData = {"text": text[lo:hi], "start": lo, "end": hi, "fragments": []}
        if len(cand.content) > 1:
            content["fragments"] = [_span(text, a, b) for a, b in cand.content]
        cue: CueData | None = None
        cue_token = cand.cue_token if cand.cue_token is not None else cand.shared_cue_token
        tok: Token | None = None
        if cand.cue is not None and cue_token is not None:
            tok = doc[cue_token]
            lemma = tok.lemma_.lower()
            if lemma == "accord":
                lemma = "according to"
            elif tok.is_punct:
                lemma = tok.text  # "Name:" labels and “...” ― Name dashes
            entry = self.rules.cue(lemma, tok.pos_)
            lo_cue, hi_cue = cand.cue
            cue = {
                "text": text[lo_cue:hi_cue],
                "start": lo_cue,
                "end": hi_cue,
                "lemma": lemma,
                "cue_class": entry.cue_class if entry else None,
            }
        anchor = cand.cue_token if cand.cue_token is not None else cand.anchor_token
        flags = self.flags(tok, index)
        return {
            "doc_id": "",
            "claim_id": f"c{n}",
            "type": claim_type(cand, index),
            "source": _span(text, *cand.source) if cand.source else None,
            "speaker": (
                {
                    "name": speaker.name,
                    "kind": speaker.kind,
                    "number": speaker.number,
                    "start": speaker.start,
                    "end": speaker.end,
                    "resolved_by": speaker.resolved_by,
                    "entity": speaker.entity,
                    "role": _span(text, *speaker.role) if speaker.role else None,
                    "affiliation": _span(text, *speaker.affiliation)
                    if speaker.affiliation
                    else None,
                    "gender": speaker.gender,
                    "gender_evidence": speaker.gender_evidence,
                }
                if speaker
                else None
            ),
            "cue": cue,
            "content": content,
            "sentence": index.sent_of[anchor] if len(doc) else 0,
            "rule": cand.rule,
            "extended_by": list(cand.extended_by),
            "negated": flags.negated,
            "question": flags.question,
            "hypothetical": flags.hypothetical,
            "flagged_by": flags.flagged_by,
            "schema_version": SCHEMA_VERSION,
        }


def _span(text: str, lo: int, hi: int) -> SpanData:
    return {"text": text[lo:hi], "start": lo, "end": hi}


def claim_type(cand: Candidate, index: TextIndex) -> ClaimType:
    """direct: the content is quotations only; mixed: it holds one; else indirect."""
    # an unclosed quotation has no closing mark to keep its last period from the trim
    quotes = [(q.start, q.end) if q.closed else index.trim(q.start, q.end) for q in index.quotes]
    pieces = [index.trim(a, b) for a, b in cand.content]
    if pieces and all(p in quotes for p in pieces):
        return "direct"
    if any(cand.start <= a and b <= cand.end for a, b in quotes):
        return "mixed"
    if any(a < cand.end and cand.start < b for a, b in quotes):
        return "mixed"
    return "indirect"
