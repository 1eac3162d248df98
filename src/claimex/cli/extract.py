"""`claimex extract`: claims of files, directories, stdin, corpora and archives; with
`-o DIR/`, one output file per input (claimex.engine.shards)."""

from __future__ import annotations

import os
import sys
from contextlib import ExitStack
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TextIO

import typer

from claimex.cli import app
from claimex.cli.common import (
    BatchOpt,
    IdKeyOpt,
    ModelOpt,
    ProcOpt,
    QuietOpt,
    RulesOpt,
    ScopeOpt,
    TextKeyOpt,
    build_engine,
    err_console,
    fail,
    open_output,
    refuse_overwriting_inputs,
    run_documents,
)
from claimex.views.formats import Format

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Sequence

    from claimex.engine import Engine
    from claimex.engine.run import RunSummary
    from claimex.engine.shards import ShardReport
    from claimex.io.readers import Item, ReadOptions
    from claimex.io.writers import Writer

FormatOpt = Annotated[
    Format,
    typer.Option(
        "--format",
        "-f",
        help="Output format: jsonl (one claim a line), json (an array), csv, table (for "
        "reading), html (the text with its claims marked), parquet (one row per claim; "
        '`claimex schema --arrow` shows its columns; needs pip install "claimex[parquet]").',
    ),
]


ExtractOutputOpt = Annotated[
    str | None,
    typer.Option(
        "--output",
        "-o",
        metavar="FILE|DIR/",
        help="Write to this file instead of stdout; a directory (ending in / or existing) "
        "gets one output file per input, named after it, and a run summary.",
    ),
]
KeepOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--keep",
        metavar="KEY",
        help="A field or column of the input records that every claim carries in its "
        '"meta" (null where a record lacks it). Repeatable. HTML/WARC: url and title '
        "unless given.",
        show_default=False,
    ),
]
ResumeOpt = Annotated[
    bool,
    typer.Option(
        "--resume", help="With -o DIR/: skip the inputs whose output file exists already."
    ),
]
ShardOpt = Annotated[
    str | None,
    typer.Option(
        "--shard",
        metavar="K/N",
        help="Read only the inputs K, K+N, K+2N, ... (from 1, in the order the paths name "
        "them, patterns and directories sorted): job K of an array of N.",
    ),
]
EmitTextOpt = Annotated[
    bool,
    typer.Option(
        "--emit-text",
        help="Write every document's text beside the output (NAME.texts.jsonl.gz: doc_id, "
        "sha256, text) and its SHA-256 in each claim's meta.text_sha256, to check offsets "
        "into extracted text (HTML, WARC).",
    ),
]


@app.command()
def extract(
    paths: Annotated[
        list[str],
        typer.Argument(
            metavar="PATH",
            help="Text files, directories (every *.txt below), '-' for stdin, corpora "
            "(.jsonl; .json: an array of records, or one; .csv, .tsv, .parquet), web pages "
            "(.html, .warc), any of them compressed (.gz, .bz2, .zst), or a quoted glob "
            "pattern ('shards/*.parquet').",
            show_default=False,
        ),
    ],
    fmt: FormatOpt = Format.jsonl,
    output: ExtractOutputOpt = None,
    model: ModelOpt = None,
    rules: RulesOpt = None,
    scope: ScopeOpt = None,
    batch_size: BatchOpt = None,
    n_process: ProcOpt = 1,
    text_key: TextKeyOpt = "text",
    id_key: IdKeyOpt = "id",
    keep: KeepOpt = None,
    resume: ResumeOpt = False,
    shard: ShardOpt = None,
    emit_text: EmitTextOpt = False,
    quiet: QuietOpt = False,
) -> None:
    """Extract every attributed claim (who said what) from the given documents.

    Examples:

      [bold]claimex extract examples/budget-vote.txt[/]

      [bold]claimex extract corpus.jsonl --id-key url | jq -r .speaker.name[/]

      [bold]cat article.txt | claimex extract - --format table[/]

      [bold]claimex extract 'shards/*.parquet' -o out/ --resume --shard 3/8[/]

    Exit status: 0 when every input was read (also when no claims are found), 1 when any
    input failed (each failure is named on stderr; the others are still processed) or the
    output cannot be written, 2 for usage errors (also -o naming an input), 130, 143 or 129
    when stopped by Ctrl-C, SIGTERM or SIGHUP (every claim written so far is complete).
    """
    from claimex.engine.shards import PartialFile, ShardError, parse_shard, shard_items
    from claimex.io.readers import DIRECTORY_SUFFIXES, ReadOptions
    from claimex.io.sidecar import SHA_KEY, TextSidecar, sidecar_path
    from claimex.io.web import default_keep
    from claimex.io.writers import CSV_COLUMNS

    console = err_console()
    if fmt is Format.parquet:
        _check_parquet(None if output is None else Path(output))
    kept = default_keep(paths, keep or ())
    meta = [*kept, *([SHA_KEY] if emit_text else [])]
    if fmt is Format.csv and (clash := [k for k in meta if k in CSV_COLUMNS]):
        raise fail(f"--keep {clash[0]}: a CSV column of that name exists already", 2)
    directory = output is not None and (output.endswith(("/", os.sep)) or Path(output).is_dir())
    if resume and not directory:
        raise fail("--resume needs a directory to write to: -o DIR/", 2)
    if not directory:  # -o DIR/ names its outputs after the inputs (claimex.engine.shards)
        refuse_overwriting_inputs(
            None if output is None else Path(output), paths, DIRECTORY_SUFFIXES, rules
        )
    if emit_text and output is None:
        raise fail("--emit-text writes the texts beside the output: give -o FILE or -o DIR/", 2)
    try:
        selection = parse_shard(shard) if shard is not None else None
    except ShardError as exc:
        raise fail(str(exc), 2) from None
    opts = ReadOptions(text_key=text_key, id_key=id_key, keep=kept)

    def new_writer(out: TextIO, color: bool | None = False) -> Writer:
        from claimex.views.formats import make_writer

        return make_writer(fmt.value, out, color, meta)

    if directory:
        assert output is not None
        _extract_to_directory(
            paths,
            Path(output),
            fmt.value,
            opts,
            new_writer,
            lambda: build_engine(model, rules, scope, batch_size, n_process),
            shard=selection,
            resume=resume,
            emit_text=emit_text,
            quiet=quiet,
        )
        return
    engine = build_engine(model, rules, scope, batch_size, n_process)
    out_path = None if output is None else Path(output)
    with open_output(out_path) as out, ExitStack() as stack:
        writer = new_writer(out, None if output is None else False)
        if emit_text:
            assert out_path is not None
            texts = stack.enter_context(PartialFile(sidecar_path(out_path)))
            writer = TextSidecar(writer, texts.binary)
        summary = run_documents(shard_items(paths, opts, selection), engine, writer, not quiet)
        if emit_text:
            texts.commit()
    if summary.interrupted:
        console.print(f"interrupted: {summary.describe()} written")
        raise typer.Exit(summary.exit_code)
    if not quiet and (console.is_terminal or summary.failures):
        console.print(summary.describe(), highlight=False)
    if summary.failures:
        raise typer.Exit(1)
    sys.stdout.flush()


def _check_parquet(output: Path | None) -> None:
    """Parquet needs pyarrow, and is binary: not for a terminal."""
    from claimex.extras import MissingExtra, require

    try:
        require("pyarrow.parquet", "parquet")
    except MissingExtra as exc:
        raise fail(str(exc)) from None
    if output is None and sys.stdout.isatty():
        raise fail("parquet is binary: write it to a file with -o FILE (or a pipe)", 2)


def _extract_to_directory(
    paths: Sequence[str],
    out_dir: Path,
    fmt: str,
    opts: ReadOptions,
    new_writer: Callable[[TextIO], Writer],
    make_engine: Callable[[], Engine],
    *,
    shard: tuple[int, int] | None,
    resume: bool,
    emit_text: bool,
    quiet: bool,
) -> None:
    """`-o DIR/`: claimex.engine.shards.run_directory, with its messages and exit status."""
    from claimex.engine.shards import DirectoryRun, ShardError, plan_directory, run_directory
    from claimex.wording import count

    console = err_console()
    stopped: list[int] = []  # the exit status of a shard's run that a signal stopped
    try:
        plan = plan_directory(paths, out_dir, fmt, emit_text, shard)
    except ShardError as exc:
        raise fail(str(exc), 2) from None
    engine = make_engine()

    def run(items: Iterable[Item], writer: Writer) -> RunSummary:
        summary = run_documents(items, engine, writer, not quiet)
        if summary.interrupted:
            stopped.append(summary.exit_code)
        return summary

    def report(shard_report: ShardReport) -> None:
        if quiet and shard_report.status not in ("failed", "interrupted"):
            return
        figures = (
            f" ({count(shard_report.documents, 'document')}, {count(shard_report.claims, 'claim')})"
            if shard_report.status == "written"
            else ""
        )
        where = shard_report.output if shard_report.status == "written" else shard_report.input
        console.print(f"{where}: {shard_report.status}{figures}", markup=False)

    def summary_note(done: DirectoryRun) -> str:
        if done.summary_error is None:
            return str(done.summary)
        console.print(
            f"error: {out_dir}: cannot write the summary ({done.summary_error})", markup=False
        )
        return "none (not written)"

    try:
        done = run_directory(
            plan,
            out_dir,
            fmt,
            opts,
            new_writer,
            run,
            shard=shard,
            resume=resume,
            emit_text=emit_text,
            report=report,
            on_summary=summary_note,
        )
    except OSError as exc:  # the output directory cannot be written (a file, full, ...)
        raise fail(f"{exc.filename or out_dir}: cannot write ({exc.strerror or exc})") from None
    result = done.result
    line = (
        f"{result.count('written')} written, {result.count('skipped')} skipped, "
        f"{result.count('failed')} failed of {count(len(result.shards), 'input')}: "
        f"{count(result.total('documents'), 'document')}, "
        f"{count(result.total('claims'), 'claim')}; summary in {summary_note(done)}"
    )
    if result.interrupted:
        console.print(f"interrupted: {line}", markup=False)
        raise typer.Exit(stopped[-1] if stopped else 130)
    if not quiet or not result.ok:
        console.print(line, markup=False)
    if not result.ok:
        raise typer.Exit(1)
