"""The extraction run behind `claimex extract`: read, extract, write, report failures, stop
cleanly on a signal."""

from __future__ import annotations

import re
import signal
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from types import FrameType
from typing import TYPE_CHECKING

from claimex.io.readers import Document, InputFailure, InputWarning, Item
from claimex.wording import count

if TYPE_CHECKING:
    from claimex.engine import Engine
    from claimex.engine.engine import DocumentPart
    from claimex.io.writers import Writer
    from claimex.schemas import ClaimData

WORD = re.compile(r"\S+")


# Signals that stop a run as Ctrl-C does (exit status 128 + the signal's number).
STOP_SIGNALS: tuple[signal.Signals, ...] = tuple(
    getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name)
)


@dataclass
class RunSummary:
    documents: int = 0
    claims: int = 0
    words: int = 0
    failures: list[str] = field(default_factory=list)
    signal: int = 0  # the signal that stopped the run (SIGINT, SIGTERM, SIGHUP), 0 if none
    seconds: float = 0.0

    @property
    def interrupted(self) -> bool:
        return self.signal != 0

    @property
    def exit_code(self) -> int:
        """128 + the signal (130 for Ctrl-C, 143 for SIGTERM, 129 for SIGHUP)."""
        return 128 + self.signal

    def describe(self) -> str:
        """'3 documents, 41 claims, 1 input failed'."""
        text = f"{count(self.documents, 'document')}, {count(self.claims, 'claim')}"
        if self.failures:
            text += f", {count(len(self.failures), 'input')} failed"
        return text


class StopSignals:
    """SIGTERM and SIGHUP raise KeyboardInterrupt, as SIGINT does, while a command runs: the
    same clean-up follows (workers stopped, the output file kept complete). `signum` says
    which signal came last. Only in the main thread (elsewhere signals cannot be set)."""

    def __init__(self) -> None:
        self.signum = 0
        self._old: dict[int, object] = {}

    def __enter__(self) -> StopSignals:
        if threading.current_thread() is threading.main_thread():
            for sig in STOP_SIGNALS:
                if sig != signal.SIGINT:
                    self._old[sig] = signal.signal(sig, self._handle)
        return self

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        self.signum = signum
        raise KeyboardInterrupt

    def __exit__(self, *exc: object) -> None:
        for sig, old in self._old.items():
            signal.signal(sig, old)  # type: ignore[arg-type]


class Interrupt:
    """Ctrl-C (and SIGTERM, SIGHUP) handling for a run that writes as it goes.

    While the run waits for the engine, a signal stops it at once (the documents in flight
    are dropped); while it writes, the signal is a flag checked after the part written, so
    that no output line is cut in half. A second signal always stops at once. `signum` is
    the first signal that came.
    """

    def __init__(self) -> None:
        self.signum = 0
        self.waiting = False
        self._old: dict[int, object] = {}

    @property
    def hit(self) -> bool:
        return self.signum != 0

    def __enter__(self) -> Interrupt:
        if threading.current_thread() is threading.main_thread():
            for sig in STOP_SIGNALS:
                self._old[sig] = signal.signal(sig, self._handle)
        return self

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        stop = self.hit or self.waiting
        self.signum = self.signum or signum
        if stop:
            raise KeyboardInterrupt

    def next(self, results: Iterator[DocumentPart]) -> DocumentPart | None:
        """The next part from the engine, or None at the end (raises KeyboardInterrupt)."""
        self.waiting = True
        try:
            if self.hit:
                raise KeyboardInterrupt
            return next(results, None)
        finally:
            self.waiting = False

    def __exit__(self, *exc: object) -> None:
        for sig, old in self._old.items():
            signal.signal(sig, old)  # type: ignore[arg-type]


def run_extraction(
    items: Iterable[Item],
    engine: Engine,
    writer: Writer,
    report: Callable[[str], None],
    progress: Callable[[RunSummary], None] | None = None,
) -> RunSummary:
    """Extract from every document and write its claims in input order.

    A long document's claims are written in parts as its chunks finish when the writer
    takes parts (`takes_parts`, the data formats); other writers get each document whole.
    Failures and warnings go to `report` (one line each) as they are met; a failed
    document never stops the others. A signal (Ctrl-C, SIGTERM, SIGHUP) ends the run with
    every line written complete and `signal` set.
    """
    summary = RunSummary()
    pending: dict[str, Document] = {}  # documents handed to the engine, not yet written
    start = time.perf_counter()

    def documents() -> Iterator[tuple[str, str]]:
        for n, item in enumerate(items):
            if isinstance(item, InputFailure):
                summary.failures.append(str(item))
                report(f"error: {item}")
            elif isinstance(item, InputWarning):
                report(f"warning: {item}")
            elif isinstance(item, Document):
                # a key of our own: doc_ids need not be unique
                pending[str(n)] = item
                yield str(n), item.text

    with Interrupt() as interrupt:
        results = engine.run_parts(documents())
        document = _DocumentWriter(writer, summary, report)
        try:
            while (part := interrupt.next(results)) is not None:
                doc = pending.pop(part.doc_id) if part.last else pending[part.doc_id]
                document.write(doc, part)
                summary.seconds = time.perf_counter() - start
                if progress is not None:
                    progress(summary)
                if interrupt.hit:
                    raise KeyboardInterrupt
        except KeyboardInterrupt:
            summary.signal = interrupt.signum or signal.SIGINT
        finally:
            results.close()
    writer.close()
    summary.seconds = time.perf_counter() - start
    return summary


class _DocumentWriter:
    """Writes documents part by part (or whole, for a writer that needs them whole) and
    counts what was written."""

    def __init__(self, writer: Writer, summary: RunSummary, report: Callable[[str], None]) -> None:
        self.writer = writer
        self.parts = getattr(writer, "takes_parts", False)
        self.summary = summary
        self.report = report
        self.claims: list[ClaimData] = []  # of the document so far, for a writer of wholes
        self.failed = self.written = False

    def write(self, doc: Document, part: DocumentPart) -> None:
        summary = self.summary
        for claim in part.claims:
            claim["doc_id"] = doc.doc_id
            if doc.meta is not None:
                claim["meta"] = dict(doc.meta)
        if part.error:
            where = (
                "" if part.last and not part.start else f" (characters {part.start:,}-{part.end:,})"
            )
            summary.failures.append(f"{doc.doc_id}{where}: {part.error}")
            self.report(f"error: {doc.doc_id}{where}: {part.error}")
            self.failed = True
        else:
            self.written = True
        if self.parts:
            if part.claims:
                self.writer.write(doc.doc_id, doc.text, part.claims)
                summary.claims += len(part.claims)
        else:
            self.claims.extend(part.claims)
        summary.words += sum(1 for _ in WORD.finditer(doc.text, part.start, part.end))
        if part.last:
            if not self.parts and self.written:  # a document whose every part failed is not shown
                self.writer.write(doc.doc_id, doc.text, self.claims)
                summary.claims += len(self.claims)
            summary.documents += not self.failed
            self.claims = []
            self.failed = self.written = False
