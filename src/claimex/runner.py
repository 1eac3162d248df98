"""The extraction run behind `claimex extract`: read, extract, write, report failures."""

from __future__ import annotations

import signal
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from types import FrameType

from claimex.io.readers import Document, InputFailure, InputWarning, Item
from claimex.io.writers import Writer


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
        text = f"{_count(self.documents, 'document')}, {_count(self.claims, 'claim')}"
        if self.failures:
            text += f", {_count(len(self.failures), 'input')} failed"
        return text


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


class Interrupt:
    """Turns Ctrl-C into a flag that the run checks between documents, so that no output
    line is ever cut in half."""

    def __init__(self) -> None:
        self.hit = False
        self._old: object = None

    def __enter__(self) -> Interrupt:
        self._old = signal.signal(signal.SIGINT, self._handle)
        return self

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        if self.hit:  # a second Ctrl-C stops at once
            raise KeyboardInterrupt
        self.hit = True

    def __exit__(self, *exc: object) -> None:
        signal.signal(signal.SIGINT, self._old)  # type: ignore[arg-type]


def run_extraction(
    items: Iterable[Item],
    engine: object,
    writer: Writer,
    report: Callable[[str], None],
    progress: Callable[[RunSummary], None] | None = None,
) -> RunSummary:
    """Extract from every document and write its claims in input order.

    Failures and warnings go to `report` (one line each) as they are met; a failed
    document never stops the others.
    """
    summary = RunSummary()
    texts: dict[str, str] = {}
    order: list[str] = []
    start = time.perf_counter()

    def documents() -> Iterator[tuple[str, str]]:
        for item in items:
            if interrupt.hit:
                return
            if isinstance(item, InputFailure):
                summary.failures.append(str(item))
                report(f"error: {item}")
            elif isinstance(item, InputWarning):
                report(f"warning: {item}")
            elif isinstance(item, Document):
                key = f"{len(order)}"
                order.append(item.doc_id)
                texts[key] = item.text
                yield key, item.text

    with Interrupt() as interrupt:
        for result in engine.run(documents()):  # type: ignore[attr-defined]
            key = result.doc_id
            doc_id = order[int(key)]
            text = texts.pop(key)
            for claim in result.claims:
                claim["doc_id"] = doc_id
            if result.error:
                summary.failures.append(f"{doc_id}: {result.error}")
                report(f"error: {doc_id}: {result.error}")
            else:
                writer.write(doc_id, text, result.claims)
                summary.documents += 1
                summary.claims += len(result.claims)
                summary.words += len(text.split())
            summary.seconds = time.perf_counter() - start
            if progress is not None:
                progress(summary)
            if interrupt.hit:
                summary.interrupted = True
                break
    writer.close()
    summary.seconds = time.perf_counter() - start
    return summary
