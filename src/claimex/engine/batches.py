"""Pieces of documents grouped into parser batches, and the work done on one batch."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from claimex.engine.chunking import claim_start, shift_claim
from claimex.schemas import ClaimData


@dataclass(frozen=True)
class Piece:
    """One chunk of a document, as sent to the parser."""

    doc_id: str
    text: str  # text[lo:hi] of the document: its part and the context around it
    lo: int
    start: int  # the part of the document this piece answers for: text[start:end]
    end: int
    last: bool
    length: int  # of the whole document


@dataclass
class PieceResult:
    """Claims owned by a piece, in document offsets, with sentence indexes counted from the
    start of its part; `sentences` is the number of sentences that start in its part."""

    claims: list[ClaimData] | None
    sentences: int = 0
    error: str | None = None


class Batches:
    """Pieces grouped into parser batches; remembers the batches handed out but not yet
    matched with their results (so that pieces need not travel back from workers)."""

    def __init__(self, pieces: Iterator[Piece], size: int, max_chars: int) -> None:
        self.pieces = pieces
        self.size = size
        self.max_chars = max_chars
        self.pending: deque[list[Piece]] = deque()
        self.next_piece: Piece | None = None

    def __iter__(self) -> Iterator[list[Piece]]:
        return self

    def __next__(self) -> list[Piece]:
        batch: list[Piece] = []
        chars = 0
        while len(batch) < self.size and chars < self.max_chars:
            piece = self.next_piece or next(self.pieces, None)
            self.next_piece = None
            if piece is None:
                break
            if batch and chars + len(piece.text) > self.max_chars:
                self.next_piece = piece
                break
            batch.append(piece)
            chars += len(piece.text)
        if not batch:
            raise StopIteration
        self.pending.append(batch)
        return batch


def process_batch(nlp: Any, pieces: list[Piece]) -> list[PieceResult]:
    """Parse and extract a batch of pieces (in a memory zone: the strings of the batch are
    freed afterwards, so the vocabulary does not grow over a long run)."""
    try:
        with nlp.memory_zone():
            # a document that breaks extraction is reported, not fatal (this call's choice:
            # the pipeline may be shared with users who want the exception)
            docs = nlp.pipe(
                [p.text for p in pieces],
                batch_size=len(pieces),
                component_cfg={"claimex": {"catch_errors": True}},
            )
            return [_piece_result(p, doc) for p, doc in zip(pieces, docs, strict=True)]
    except Exception as exc:
        if len(pieces) == 1:
            return [PieceResult(None, error=f"processing failed: {type(exc).__name__}: {exc}")]
    return [r for p in pieces for r in process_batch(nlp, [p])]  # find the piece that fails


def _piece_result(piece: Piece, doc: Any) -> PieceResult:
    data = doc._.claimex_data
    if data is None:
        return PieceResult(None, error=doc.user_data.get("claimex_error", "extraction failed"))
    if piece.start == 0 and piece.last:
        return PieceResult(data)
    part_lo, part_hi = piece.start - piece.lo, piece.end - piece.lo
    before = inside = 0
    for sent in doc.sents if len(doc) else ():
        if sent.start_char < part_lo:
            before += 1
        elif sent.start_char < part_hi:
            inside += 1
    claims = [
        shift_claim(c, piece.lo, -before) for c in data if part_lo <= claim_start(c) < part_hi
    ]
    return PieceResult(claims, inside)
