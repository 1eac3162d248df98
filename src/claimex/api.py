"""The library API: `extract(text)` and `extract_many(texts)`, and the engine behind the CLI."""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
from collections import deque
from collections.abc import Generator, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any

from claimex.chunking import chunk_text, claim_start, link_names_across_chunks, shift_claim
from claimex.errors import ClaimexError

if TYPE_CHECKING:
    from multiprocessing.context import BaseContext
    from multiprocessing.process import BaseProcess
    from multiprocessing.queues import Queue

    from claimex.schemas import Claim

# Texts longer than this many characters are parsed in chunks (spaCy's max_length is
# 1,000,000; the memory of a parser batch grows with its characters, and a chunk with its
# context fills about one batch of models/claimex.cfg's batch_chars). Each chunk is parsed
# with 1-2 times CONTEXT_BEFORE characters before it (speakers named earlier: a surname
# links to its full name, a pronoun to its person, within that distance) and 1-2 times
# CONTEXT_AFTER after it (a quotation or cue that follows a claim's start).
DEFAULT_CHUNK_CHARS = 90_000
CONTEXT_BEFORE = 4_000
CONTEXT_AFTER = 1_000
# Batches queued for the worker processes beyond one each.
PREFETCH = 2


class WorkerError(ClaimexError):
    """A worker process died (killed, out of memory): the run cannot go on."""


@dataclass
class DocumentResult:
    """The claims of one document (as JSON data), or why it failed."""

    doc_id: str
    claims: list[dict[str, Any]] = field(default_factory=list)
    chars: int = 0
    error: str | None = None


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

    claims: list[dict[str, Any]] | None
    sentences: int = 0
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
        self.nlp.get_pipe("claimex").catch_errors = True

    def run(self, items: Iterable[tuple[str, str]]) -> Iterator[DocumentResult]:
        """Claims for every (doc_id, text), in input order, one document at a time."""
        batches = self._batches(self._pieces(items))
        results: Generator[list[PieceResult], None, None] = (
            _Pool(self).map(batches)
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

    def _batches(self, pieces: Iterator[Piece]) -> _Batches:
        return _Batches(pieces, self.batch_size, self.batch_chars)


class _Batches:
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
                current.claims.extend(shift_claim(c, 0, sentences) for c in result.claims)
            sentences += result.sentences
            chunks += 1
            if piece.last:
                if chunks > 1:
                    current.claims.sort(key=lambda c: c["content"]["start"])
                    link_names_across_chunks(current.claims)
                _number(current)
                yield current
                current = None


def _with_inputs(
    batches: _Batches, results: Iterator[list[PieceResult]]
) -> Iterator[tuple[list[Piece], list[PieceResult]]]:
    for batch_results in results:
        yield batches.pending.popleft(), batch_results


def process_batch(nlp: Any, pieces: list[Piece]) -> list[PieceResult]:
    """Parse and extract a batch of pieces (in a memory zone: the strings of the batch are
    freed afterwards, so the vocabulary does not grow over a long run)."""
    try:
        with nlp.memory_zone():
            docs = nlp.pipe([p.text for p in pieces], batch_size=len(pieces))
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


def _number(result: DocumentResult) -> None:
    for n, claim in enumerate(result.claims, 1):
        claim["doc_id"] = result.doc_id
        claim["claim_id"] = f"c{n}"


class _Pool:
    """Worker processes that run `process_batch`. A free worker takes the next batch; the
    results are put back in input order here."""

    def __init__(self, engine: Engine) -> None:
        import multiprocessing

        fork = "fork" in multiprocessing.get_all_start_methods()
        self.ctx: BaseContext = multiprocessing.get_context("fork" if fork else "spawn")
        # a forked worker shares the loaded pipeline; a spawned one loads its own
        self.spec: Any = engine.nlp if fork else (engine.model, engine.rules)
        self.n = engine.n_process
        self.procs: list[BaseProcess] = []
        self.inbox: Queue[tuple[int, list[Piece]] | None] = self.ctx.Queue()
        self.outbox: Queue[tuple[int, list[PieceResult]]] = self.ctx.Queue()

    def map(self, batches: Iterator[list[Piece]]) -> Generator[list[PieceResult], None, None]:
        self._start()
        done = False
        try:
            ahead: dict[int, list[PieceResult]] = {}
            sent = received = 0
            for batch in islice(batches, self.n * (PREFETCH + 1)):
                self.inbox.put((sent, batch))
                sent += 1
            while received < sent:
                while received not in ahead:
                    seq, results = self._receive()
                    ahead[seq] = results
                batch = next(batches, None)
                if batch is not None:
                    self.inbox.put((sent, batch))
                    sent += 1
                yield ahead.pop(received)
                received += 1
            done = True
        finally:
            self._stop(done)

    def _start(self) -> None:
        for stream in (sys.stdout, sys.stderr):  # a forked child must not write them again
            with contextlib.suppress(OSError, ValueError):
                stream.flush()
        # forked workers inherit SIG_IGN (signals can only be set from the main thread)
        main = threading.current_thread() is threading.main_thread()
        old = signal.signal(signal.SIGINT, signal.SIG_IGN) if main else None
        try:
            for _ in range(self.n):
                proc = self.ctx.Process(
                    target=_work,
                    args=(self.spec, self.inbox, self.outbox),
                    daemon=True,
                    name="claimex-worker",
                )
                proc.start()
                self.procs.append(proc)
        finally:
            if main:
                signal.signal(signal.SIGINT, old)

    def _receive(self) -> tuple[int, list[PieceResult]]:
        import queue

        while True:
            try:
                item: tuple[int, list[PieceResult]] = self.outbox.get(timeout=0.5)
                return item
            except queue.Empty:
                dead = [p for p in self.procs if not p.is_alive()]
                if dead:
                    raise WorkerError(
                        f"a worker process died (exit code {dead[0].exitcode})"
                    ) from None

    def _stop(self, done: bool) -> None:
        if done:
            for _ in self.procs:
                self.inbox.put(None)
        else:  # queued batches are dropped, not flushed at exit
            self.inbox.cancel_join_thread()
        self.inbox.close()
        for proc in self.procs:
            if not done:
                proc.terminate()
            proc.join(timeout=10)
            if proc.is_alive():
                proc.kill()
                proc.join()
        self.outbox.close()


def _work(
    spec: Any,
    inbox: Queue[tuple[int, list[Piece]] | None],
    outbox: Queue[tuple[int, list[PieceResult]]],
) -> None:
    """A worker: parse and extract batches until told to stop."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if isinstance(spec, tuple):
        from claimex.pipeline import load_pipeline

        nlp = load_pipeline(spec[0], spec[1])
        nlp.get_pipe("claimex").catch_errors = True
    else:
        nlp = spec
    while (job := inbox.get()) is not None:
        seq, batch = job
        outbox.put((seq, process_batch(nlp, batch)))
    outbox.close()
    outbox.join_thread()
    # not the normal exit, which flushes stdout and stderr: a forked worker may have
    # inherited their locks held by another thread of the parent (the progress bar)
    os._exit(0)


def _rule_files(rules: Sequence[str | Path], scope: str | None) -> tuple[str, ...]:
    from claimex.rules import with_scope

    return tuple(with_scope(rules, scope))  # hashable: the key of the engine cache


@lru_cache(maxsize=4)
def _engine(model: str | None, rules: tuple[str, ...]) -> Engine:
    return Engine(model, rules)


def extract(
    text: str,
    *,
    doc_id: str = "",
    model: str | None = None,
    rules: Sequence[str | Path] = (),
    scope: str | None = None,
) -> list[Claim]:
    """Every attributed claim in `text`, as `Claim` models with offsets into `text`.

    `scope` is "all" (the default: speech, thought, belief, stance and intention) or
    "speech" (reported speech and thought with a clause or a quotation)."""
    from claimex.schemas import Claim

    engine = _engine(model, _rule_files(rules, scope))
    result = next(engine.run([(doc_id, text)]))
    if result.error:
        raise RuntimeError(f"{doc_id or 'text'}: {result.error}")
    return [Claim.model_validate(c) for c in result.claims]


def extract_many(
    texts: Iterable[str | tuple[str, str]],
    *,
    model: str | None = None,
    rules: Sequence[str | Path] = (),
    scope: str | None = None,
    batch_size: int | None = None,
    n_process: int = 1,
) -> Iterator[list[Claim]]:
    """The claims of each text, in order, streaming. Items are texts or (doc_id, text)."""
    from claimex.schemas import Claim

    files = _rule_files(rules, scope)
    engine = (
        _engine(model, files)
        if batch_size is None and n_process == 1
        else Engine(model, files, batch_size, n_process)
    )

    def pairs() -> Iterator[tuple[str, str]]:
        for n, item in enumerate(texts):
            yield (str(n), item) if isinstance(item, str) else (str(item[0]), item[1])

    for result in engine.run(pairs()):
        if result.error:
            raise RuntimeError(f"{result.doc_id}: {result.error}")
        yield [Claim.model_validate(c) for c in result.claims]
