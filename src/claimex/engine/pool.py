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
# How often a waiting worker checks that its parent is still alive.
PARENT_CHECK_SECONDS = 1.0
# Linux: ask the kernel to kill a worker when its parent dies (prctl PR_SET_PDEATHSIG);
# elsewhere, and as a fallback, a worker sees that its parent pid changed.
DIE_WITH_PARENT = sys.platform.startswith("linux")
PR_SET_PDEATHSIG = 1
# Signals the workers leave to the main process (which then stops them): SIGINT reaches the
# whole process group from a terminal and is ignored; SIGTERM and SIGHUP are blocked while
# a worker starts and then take their default action (a worker has nothing to clean up).
_STOPS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))


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
        # forked workers inherit SIG_IGN for SIGINT and the blocked SIGTERM and SIGHUP, so
        # that the main process's handlers never run in them (signals can only be set from
        # the main thread; the kernel's parent-death signal follows the thread that forks)
        main = threading.current_thread() is threading.main_thread()
        old = signal.signal(signal.SIGINT, signal.SIG_IGN) if main else None
        blocking = hasattr(signal, "pthread_sigmask")  # a per-thread mask: any thread
        if blocking:
            signal.pthread_sigmask(signal.SIG_BLOCK, _STOPS)
        try:
            for _ in range(self.n):
                proc = self.ctx.Process(
                    target=_work,
                    args=(self.spec, self.inbox, self.outbox, os.getpid(), main),
                    daemon=True,
                    name="claimex-worker",
                )
                proc.start()
                self.procs.append(proc)
        finally:  # SIGINT first: a SIGTERM held back may raise as soon as it is unblocked
            if main:
                signal.signal(signal.SIGINT, old)
            if blocking:
                signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOPS)

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
    parent: int,
    main_thread: bool,
) -> None:
    """A worker: parse and extract batches until told to stop, or until its parent dies."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for sig in _STOPS:
        signal.signal(sig, signal.SIG_DFL)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOPS)
    if DIE_WITH_PARENT and main_thread:
        _kill_me_with_parent()
    if os.getppid() != parent:  # it died before that
        os._exit(1)
    if isinstance(spec, tuple):
        from claimex.pipeline import load_pipeline

        nlp = load_pipeline(spec[0], spec[1])
    else:
        nlp = spec
    while (job := _next_job(inbox, parent)) is not None:
        seq, batch = job
        outbox.put((seq, process_batch(nlp, batch)))
    outbox.close()
    outbox.join_thread()
    # not the normal exit, which flushes stdout and stderr: a forked worker may have
    # inherited their locks held by another thread of the parent (the progress bar)
    os._exit(0)


def _next_job(
    inbox: Queue[tuple[int, list[Piece]] | None], parent: int
) -> tuple[int, list[Piece]] | None:
    """The next batch, or None when told to stop; exits the worker once its parent has
    died (an orphan is adopted by another process: its parent pid changes)."""
    import queue

    while True:
        if os.getppid() != parent:
            os._exit(1)
        try:
            return inbox.get(timeout=PARENT_CHECK_SECONDS)
        except queue.Empty:
            continue


def _kill_me_with_parent() -> None:
    """Linux: the kernel kills this process when its parent dies (prctl PR_SET_PDEATHSIG)."""
    import ctypes

    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)  # the process's own symbols: libc's prctl
        libc.prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)
