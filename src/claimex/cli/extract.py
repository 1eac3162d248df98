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
    run_documents,
)
from claimex.views.formats import Format

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator, Sequence

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
    input failed (each failure is named on stderr; the others are still processed).
    """
    from claimex.engine.shards import PartialFile, ShardError, parse_shard
    from claimex.io.readers import ReadOptions
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
        summary = run_documents(_items(paths, opts, selection), engine, writer, not quiet)
        if emit_text:
            texts.commit()
    if summary.interrupted:
        console.print(f"interrupted: {summary.describe()} written")
        raise typer.Exit(130)
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


def _items(
    paths: Sequence[str], opts: ReadOptions, shard: tuple[int, int] | None
) -> Iterator[Item]:
    """The documents of every input, or with --shard K/N of the inputs K, K+N, ..."""
    from claimex.engine.shards import select_shard
    from claimex.io.document_ids import DocumentIds
    from claimex.io.readers import (
        DIRECTORY_SUFFIXES,
        Source,
        input_sources,
        read_inputs,
        read_source,
    )

    if shard is None:
        yield from read_inputs(paths, opts)
        return
    ids = DocumentIds()
    for source in select_shard(list(input_sources(paths, DIRECTORY_SUFFIXES)), *shard):
        if isinstance(source, Source):
            yield from read_source(source, opts, ids)
        else:
            yield source


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
    """One output file per input in `out_dir`, and the run's summary file."""
    from claimex.engine.shards import (
        ShardError,
        ShardRun,
        plan_shards,
        run_shards,
        select_shard,
        write_summary,
    )
    from claimex.io.readers import DIRECTORY_SUFFIXES, input_sources
    from claimex.wording import count

    console = err_console()
    try:
        # named from the whole list, so that every job of an array names the same
        plan = plan_shards(list(input_sources(paths, DIRECTORY_SUFFIXES)), out_dir, fmt, emit_text)
    except ShardError as exc:
        raise fail(str(exc), 2) from None
    if shard is not None:
        plan = select_shard(plan, *shard)
    engine = make_engine()

    def run(items: Iterable[Item], writer: Writer) -> RunSummary:
        return run_documents(items, engine, writer, not quiet)

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

    def save_summary() -> str:
        try:
            return str(write_summary(result, out_dir, fmt, shard))
        except OSError as exc:
            console.print(
                f"error: {out_dir}: cannot write the summary ({exc.strerror or exc})", markup=False
            )
            return "none (not written)"

    result = ShardRun.of(plan)
    try:
        run_shards(result, plan, opts, new_writer, run, resume, emit_text, report)
    except OSError as exc:  # the output directory cannot be written (a file, full, ...)
        save_summary()
        raise fail(f"{exc.filename or out_dir}: cannot write ({exc.strerror or exc})") from None
    except BaseException:
        save_summary()
        raise
    summary_file = save_summary()
    line = (
        f"{result.count('written')} written, {result.count('skipped')} skipped, "
        f"{result.count('failed')} failed of {count(len(plan), 'input')}: "
        f"{count(result.total('documents'), 'document')}, "
        f"{count(result.total('claims'), 'claim')}; summary in {summary_file}"
    )
    if result.interrupted:
        console.print(f"interrupted: {line}", markup=False)
        raise typer.Exit(130)
    if not quiet or not result.ok:
        console.print(line, markup=False)
    if not result.ok:
        raise typer.Exit(1)
