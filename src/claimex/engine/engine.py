"""The engine: a loaded pipeline that turns (doc_id, text) pairs into claims, in order."""

from __future__ import annotations

from collections.abc import Generator, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from claimex.engine.batches import Batches, Piece, PieceResult, process_batch
from claimex.engine.chunking import chunk_text, shift_claim
from claimex.engine.pool import WorkerPool
from claimex.extraction.entities import ChunkEntityLinker
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


@dataclass
class DocumentPart:
    """Claims of a document, given out as its chunks finish: in the document's order and
    numbered, so that the parts of a document together are its DocumentResult. `start` to
    `end` is the text the part's chunk answers for (the whole text for a short document);
    `error` says why that chunk failed (the document's other parts still have claims)."""

    doc_id: str
    claims: list[ClaimData]
    chars: int
    start: int
    end: int
    last: bool
    error: str | None = None


class Engine:
    """A loaded pipeline that turns (doc_id, text) pairs into claims, streaming, in order.

    With `n_process` > 1, worker processes parse and extract; only texts go to them and only
    claims come back. Workers ignore SIGINT (Ctrl-C reaches the whole process group): the
    main process decides when to stop and terminates them. A worker whose main process died
    (`kill -9`) exits by itself (engine/pool.py).
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

    def run(self, items: Iterable[tuple[str, str]]) -> Generator[DocumentResult, None, None]:
        """Claims for every (doc_id, text), in input order, one document at a time."""
        parts = self.run_parts(items)
        current: DocumentResult | None = None
        try:
            for part in parts:
                if current is None:
                    current = DocumentResult(part.doc_id, chars=part.chars)
                current.claims.extend(part.claims)
                current.error = current.error or part.error
                if part.last:
                    yield current
                    current = None
        finally:
            parts.close()

    def run_parts(self, items: Iterable[tuple[str, str]]) -> Generator[DocumentPart, None, None]:
        """Claims for every (doc_id, text), in input order: a short document in one part, a
        long one in parts as its chunks finish (memory does not grow with its length)."""
        batches = self._batches(self._pieces(items))
        results: Generator[list[PieceResult], None, None] = (
            WorkerPool(self.nlp, self.model, self.rules, self.n_process).map(batches)
            if self.n_process > 1
            else (process_batch(self.nlp, batch) for batch in batches)
        )
        try:
            yield from _in_parts(_with_inputs(batches, results))
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


class _LongDocument:
    """The claims of a document in chunks, given out in text order as the chunks finish.

    A chunk's claims start in its part, but their content may start after it, where the
    next chunk's first claims start too. So the claims whose content starts before the end
    of the part go out (sorted by content start, as the whole document would be), the others
    wait for the next chunk. Entities are linked and numbered as they go out, with what
    earlier parts have seen."""

    def __init__(self) -> None:
        self.waiting: list[ClaimData] = []
        self.sentences = 0
        self.claims = 0
        self.chunks = 0
        self.entities = ChunkEntityLinker()

    def add(self, piece: Piece, result: PieceResult) -> list[ClaimData]:
        """The claims that can go out after `piece`, numbered."""
        for claim in result.claims or []:
            if claim["speaker"] is not None:  # each chunk numbers its entities e1, e2, ...
                claim["speaker"]["entity"] = f"{self.chunks}:{claim['speaker']['entity']}"
            self.waiting.append(shift_claim(claim, 0, self.sentences))
        self.sentences += result.sentences
        self.chunks += 1
        self.waiting.sort(key=lambda c: c["content"]["start"])  # stable: ties keep their order
        n = len(self.waiting)
        if not piece.last:
            n = next(
                (i for i, c in enumerate(self.waiting) if c["content"]["start"] >= piece.end), n
            )
        ready, self.waiting = self.waiting[:n], self.waiting[n:]
        self.entities.add(ready)
        self.claims = _number(ready, piece.doc_id, self.claims)
        return ready


def _in_parts(
    pairs: Iterable[tuple[list[Piece], list[PieceResult]]],
) -> Iterator[DocumentPart]:
    """Document parts from the results of their pieces (which come in order)."""
    long: _LongDocument | None = None
    for batch, batch_results in pairs:
        for piece, result in zip(batch, batch_results, strict=True):
            if piece.start == 0 and piece.last:
                claims = result.claims or []
                _number(claims, piece.doc_id, 0)
            else:
                long = long or _LongDocument()
                claims = long.add(piece, result)
                if piece.last:
                    long = None
            yield DocumentPart(
                piece.doc_id, claims, piece.length, piece.start, piece.end, piece.last, result.error
            )


def _with_inputs(
    batches: Batches, results: Iterator[list[PieceResult]]
) -> Iterator[tuple[list[Piece], list[PieceResult]]]:
    for batch_results in results:
        yield batches.pending.popleft(), batch_results


def _number(claims: list[ClaimData], doc_id: str, before: int) -> int:
    """Claim ids c1, c2, ... in order, after the `before` claims of the document's earlier
    parts; the number of claims numbered so far."""
    for n, claim in enumerate(claims, before + 1):
        claim["doc_id"] = doc_id
        claim["claim_id"] = f"c{n}"
    return before + len(claims)
