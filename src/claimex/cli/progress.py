"""A rich progress line on stderr: documents, claims, words per second."""

from __future__ import annotations

from types import TracebackType

from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from claimex.engine.run import RunSummary


class ProgressReporter:
    def __init__(self, console: Console) -> None:
        self.progress = Progress(
            SpinnerColumn(),
            TextColumn("{task.fields[docs]} documents"),
            TextColumn("{task.fields[claims]} claims"),
            TextColumn("{task.fields[rate]} words/s"),
            TimeElapsedColumn(),
            console=console,
            transient=True,
        )
        self.task = self.progress.add_task("extract", docs=0, claims=0, rate="-")

    def __enter__(self) -> ProgressReporter:
        self.progress.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.progress.stop()

    def log(self, line: str) -> None:
        self.progress.console.print(line, markup=False, highlight=False)

    def update(self, summary: RunSummary) -> None:
        rate = f"{summary.words / summary.seconds:,.0f}" if summary.seconds else "-"
        self.progress.update(self.task, docs=summary.documents, claims=summary.claims, rate=rate)
