"""The engine: a loaded pipeline that turns (doc_id, text) pairs into claims, in order."""

from __future__ import annotations

from collections.abc import Generator, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from claimex.engine.batches import Batches, Piece, PieceResult, process_batch
from claimex.engine.chunking import chunk_text, shift_claim
from claimex.engine.pool import WorkerPool
from claimex.extraction.entities import link_entities_across_chunks
from claimex.schemas import ClaimData

# Texts longer than this many characters are parsed in chunks (spaCy's max_length is
# 1,000,000; the memory of a parser batch grows with its characters, and a chunk with its
# context fills about one batch of models/claimex.cfg's batch_chars). Each chunk is parsed
# with 1-2 times CONTEXT_BEFORE characters before it (speakers named earlier: a surname
# links to its full name, a pronoun to its person, within that distance) and 1-2 times
# CONTEXT_AFTER after it (a quotation or cue that follows a claim's start).
DEFAULT_CHUNK_CHARS = 90_000
CONTEXT_BEFORE = 4_000
CONTEXT_AFTER = 1_000


@dataclass
class DocumentResult:
    """The claims of one document (as JSON data), or why it failed."""

    doc_id: str
    claims: list[ClaimData] = field(default_factory=list)
    chars: int = 0
    error: str | None = None


class Engine:
    """A loaded pipeline that turns (doc_id, text) pairs into claims, streaming, in order.

    With `n_process` > 1, worker processes parse and extract; only texts go to them and only
    claims come back. Workers ignore SIGINT (Ctrl-C reaches the whole process group): the
    main process decides when to stop and terminates them.
    """

    def __init__(
        self,
        model: str | None = None,
        rules: Sequence[str | Path] = (),
        batch_size: int | None = None,
        n_process: int = 1,
        chunk_chars: int | None = None,
    ) -> None:
        from claimex.pipeline import batch_chars, load_pipeline
        from claimex.pipeline import batch_size as default_batch

        self.model = model
        self.rules = tuple(str(r) for r in rules)
        self.nlp = load_pipeline(model, self.rules)
        self.batch_size = batch_size or default_batch()
        self.batch_chars = batch_chars()
        self.n_process = n_process
        self.context = (CONTEXT_BEFORE, CONTEXT_AFTER)
        # a chunk with its context must fit the parser's max_length
        self.chunk_chars = min(
            chunk_chars or DEFAULT_CHUNK_CHARS, self.nlp.max_length - 2 * sum(self.context)
        )

    def run(self, items: Iterable[tuple[str, str]]) -> Iterator[DocumentResult]:
        """Claims for every (doc_id, text), in input order, one document at a time."""
        batches = self._batches(self._pieces(items))
        results: Generator[list[PieceResult], None, None] = (
            WorkerPool(self.nlp, self.model, self.rules, self.n_process).map(batches)
            if self.n_process > 1
            else (process_batch(self.nlp, batch) for batch in batches)
        )
        try:
            yield from _regroup(_with_inputs(batches, results))
        finally:
            results.close()  # stops the worker processes at once

    def _pieces(self, items: Iterable[tuple[str, str]]) -> Iterator[Piece]:
        for doc_id, text in items:
            chunks = list(chunk_text(text, self.chunk_chars, *self.context))
            for n, ch in enumerate(chunks, 1):
                piece = text if len(chunks) == 1 else text[ch.lo : ch.hi]
                yield Piece(doc_id, piece, ch.lo, ch.start, ch.end, n == len(chunks), len(text))

    def _batches(self, pieces: Iterator[Piece]) -> Batches:
        return Batches(pieces, self.batch_size, self.batch_chars)


def _regroup(
    pairs: Iterable[tuple[list[Piece], list[PieceResult]]],
) -> Iterator[DocumentResult]:
    """Documents from the results of their pieces (which come in order)."""
    current: DocumentResult | None = None
    sentences = chunks = 0
    for batch, batch_results in pairs:
        for piece, result in zip(batch, batch_results, strict=True):
            if current is None:
                current = DocumentResult(piece.doc_id, chars=piece.length)
                sentences = chunks = 0
            if result.error is not None:
                current.error = current.error or result.error
            elif result.claims:
                if chunks or not piece.last:  # a piece of a long document: ids of its own
                    for claim in result.claims:
                        if claim["speaker"] is not None:
                            claim["speaker"]["entity"] = f"{chunks}:{claim['speaker']['entity']}"
                current.claims.extend(shift_claim(c, 0, sentences) for c in result.claims)
            sentences += result.sentences
            chunks += 1
            if piece.last:
                if chunks > 1:
                    current.claims.sort(key=lambda c: c["content"]["start"])
                    link_entities_across_chunks(current.claims)
                _number(current)
                yield current
                current = None


def _with_inputs(
    batches: Batches, results: Iterator[list[PieceResult]]
) -> Iterator[tuple[list[Piece], list[PieceResult]]]:
    for batch_results in results:
        yield batches.pending.popleft(), batch_results


def _number(result: DocumentResult) -> None:
    for n, claim in enumerate(result.claims, 1):
        claim["doc_id"] = result.doc_id
        claim["claim_id"] = f"c{n}"
