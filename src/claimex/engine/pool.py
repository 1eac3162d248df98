"""Worker processes that parse and extract batches; results come back in input order."""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
from collections.abc import Generator, Iterator
from itertools import islice
from typing import TYPE_CHECKING, Any

from claimex.engine.batches import Piece, PieceResult, process_batch
from claimex.errors import ClaimexError

if TYPE_CHECKING:
    from multiprocessing.context import ForkContext, SpawnContext
    from multiprocessing.process import BaseProcess
    from multiprocessing.queues import Queue

# Batches queued for the worker processes beyond one each.
PREFETCH = 2


class WorkerError(ClaimexError):
    """A worker process died (killed, out of memory): the run cannot go on."""


class WorkerPool:
    """Worker processes that run `process_batch`. A free worker takes the next batch; the
    results are put back in input order here."""

    def __init__(self, nlp: Any, model: str | None, rules: tuple[str, ...], n: int) -> None:
        import multiprocessing

        fork = "fork" in multiprocessing.get_all_start_methods()
        self.ctx: ForkContext | SpawnContext = (
            multiprocessing.get_context("fork") if fork else multiprocessing.get_context("spawn")
        )
        # a forked worker shares the loaded pipeline; a spawned one loads its own
        self.spec: Any = nlp if fork else (model, rules)
        self.n = n
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
                following = next(batches, None)
                if following is not None:
                    self.inbox.put((sent, following))
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
