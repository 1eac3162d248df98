"""The extraction run behind `claimex extract`: read, extract, write, report failures."""

from __future__ import annotations

import re
import signal
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from types import FrameType
from typing import TYPE_CHECKING

from claimex.io.readers import Document, InputFailure, InputWarning, Item
from claimex.wording import count

if TYPE_CHECKING:
    from claimex.engine import DocumentResult, Engine
    from claimex.io.writers import Writer

WORD = re.compile(r"\S+")


@dataclass
class RunSummary:
    documents: int = 0
    claims: int = 0
    words: int = 0
    failures: list[str] = field(default_factory=list)
    interrupted: bool = False
    seconds: float = 0.0

    def describe(self) -> str:
        """'3 documents, 41 claims, 1 input failed'."""
        text = f"{count(self.documents, 'document')}, {count(self.claims, 'claim')}"
        if self.failures:
            text += f", {count(len(self.failures), 'input')} failed"
        return text


class Interrupt:
    """Ctrl-C handling for a run that writes as it goes.

    While the run waits for the engine, Ctrl-C stops it at once (the documents in flight are
    dropped); while it writes, Ctrl-C is a flag checked after the document, so that no output
    line is cut in half. A second Ctrl-C always stops at once.
    """

    def __init__(self) -> None:
        self.hit = False
        self.waiting = False
        self._old: object = None

    def __enter__(self) -> Interrupt:
        self._old = signal.signal(signal.SIGINT, self._handle)
        return self

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        if self.hit or self.waiting:
            self.hit = True
            raise KeyboardInterrupt
        self.hit = True

    def next(self, results: Iterator[DocumentResult]) -> DocumentResult | None:
        """The next result of the engine, or None at the end (raises KeyboardInterrupt)."""
        self.waiting = True
        try:
            if self.hit:
                raise KeyboardInterrupt
            return next(results, None)
        finally:
            self.waiting = False

    def __exit__(self, *exc: object) -> None:
        signal.signal(signal.SIGINT, self._old)  # type: ignore[arg-type]


def run_extraction(
    items: Iterable[Item],
    engine: Engine,
    writer: Writer,
    report: Callable[[str], None],
    progress: Callable[[RunSummary], None] | None = None,
) -> RunSummary:
    """Extract from every document and write its claims in input order.

    Failures and warnings go to `report` (one line each) as they are met; a failed
    document never stops the others. Ctrl-C ends the run with every line written complete
    and `interrupted` set.
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
        results = engine.run(documents())
        try:
            while (result := interrupt.next(results)) is not None:
                doc = pending.pop(result.doc_id)
                _write(doc, result, writer, summary, report)
                summary.seconds = time.perf_counter() - start
                if progress is not None:
                    progress(summary)
                if interrupt.hit:
                    raise KeyboardInterrupt
        except KeyboardInterrupt:
            summary.interrupted = True
        finally:
            results.close()  # type: ignore[attr-defined]
    writer.close()
    summary.seconds = time.perf_counter() - start
    return summary


def _write(
    doc: Document,
    result: DocumentResult,
    writer: Writer,
    summary: RunSummary,
    report: Callable[[str], None],
) -> None:
    for claim in result.claims:
        claim["doc_id"] = doc.doc_id
        if doc.meta is not None:
            claim["meta"] = dict(doc.meta)
    if result.error:
        summary.failures.append(f"{doc.doc_id}: {result.error}")
        report(f"error: {doc.doc_id}: {result.error}")
        return
    writer.write(doc.doc_id, doc.text, result.claims)
    summary.documents += 1
    summary.claims += len(result.claims)
    summary.words += sum(1 for _ in WORD.finditer(doc.text))  # no list of every word
