"""`claimex extract`: claims of files, directories, stdin and JSONL corpora."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from claimex.cli import app
from claimex.cli.common import (
    BatchOpt,
    IdKeyOpt,
    ModelOpt,
    OutputOpt,
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


@app.command()
def extract(
    paths: Annotated[
        list[str],
        typer.Argument(
            metavar="PATH",
            help="Text files, directories (every *.txt below), '-' for stdin, .jsonl "
            "corpora (one document a line) or .json files (an array of records, or one).",
            show_default=False,
        ),
    ],
    fmt: FormatOpt = Format.jsonl,
    output: OutputOpt = None,
    model: ModelOpt = None,
    rules: RulesOpt = None,
    scope: ScopeOpt = None,
    batch_size: BatchOpt = None,
    n_process: ProcOpt = 1,
    text_key: TextKeyOpt = "text",
    id_key: IdKeyOpt = "id",
    quiet: QuietOpt = False,
) -> None:
    """Extract every attributed claim (who said what) from the given documents.

    Examples:

      [bold]claimex extract examples/budget-vote.txt[/]

      [bold]claimex extract corpus.jsonl --id-key url | jq -r .speaker.name[/]

      [bold]cat article.txt | claimex extract - --format table[/]

    Exit status: 0 when every input was read (also when no claims are found), 1 when any
    input failed (each failure is named on stderr; the others are still processed).
    """
    from claimex.io.readers import ReadOptions, read_inputs
    from claimex.views.formats import make_writer

    console = err_console()
    if fmt is Format.parquet:
        _check_parquet(output)
    engine = build_engine(model, rules, scope, batch_size, n_process)
    items = read_inputs(paths, ReadOptions(text_key=text_key, id_key=id_key))
    with open_output(output) as out:
        writer = make_writer(fmt.value, out, None if output is None else False)
        summary = run_documents(items, engine, writer, not quiet)
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
