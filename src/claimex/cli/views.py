"""`claimex show` and `claimex speakers`: claims for people to read and to count."""

from __future__ import annotations

import csv
import json
import sys
from enum import Enum
from typing import TYPE_CHECKING, Annotated, get_args

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
    open_output,
    refuse_overwriting_inputs,
    run_documents,
)
from claimex.reports.speaker_stats import ROW_FIELDS, GroupBy, SortKey
from claimex.schemas import SpeakerKind
from claimex.wording import count

if TYPE_CHECKING:
    from collections.abc import Iterable

    from claimex.engine import Engine
    from claimex.engine.run import RunSummary
    from claimex.io.readers import Item
    from claimex.io.writers import Writer


class SpeakerFormat(str, Enum):
    table = "table"
    jsonl = "jsonl"
    csv = "csv"


# the --kind choices, kept in step with the schema
Kind = Enum("Kind", {kind: kind for kind in get_args(SpeakerKind)}, type=str)  # type: ignore[misc]

ColorOpt = Annotated[
    bool | None,
    typer.Option(
        "--color/--no-color",
        help="Colour the output (default: when writing to a terminal).",
        show_default=False,
    ),
]


def _extract(items: Iterable[Item], writer: Writer, engine: Engine, progress: bool) -> RunSummary:
    """Run the extraction behind a command; a run stopped by a signal exits with 128 + it."""
    summary = run_documents(items, engine, writer, progress)
    if summary.interrupted:
        err_console().print(f"interrupted: {summary.describe()} read")
        raise typer.Exit(summary.exit_code)
    return summary


@app.command()
def show(
    path: Annotated[
        str,
        typer.Argument(
            help="A text file, '-' for stdin, or a .jsonl corpus (every document in it).",
            show_default=False,
        ),
    ],
    color: ColorOpt = None,
    output: OutputOpt = None,
    model: ModelOpt = None,
    rules: RulesOpt = None,
    scope: ScopeOpt = None,
    text_key: TextKeyOpt = "text",
    id_key: IdKeyOpt = "id",
) -> None:
    """Show an article in the terminal with its claims highlighted, then the table of claims.

    Source bold and underlined, cue reversed, content in the speaker's colour.

    Each content starts with its claim id (c3›); without colour it is also bracketed.

    Examples:

      [bold]claimex show examples/budget-vote.txt[/]

      [bold]claimex show article.txt --no-color | less[/]

      [bold]cat article.txt | claimex show -[/]
    """
    from claimex.io.readers import DIRECTORY_SUFFIXES, ReadOptions, read_inputs
    from claimex.views.layout import make_console
    from claimex.views.terminal import TerminalView

    refuse_overwriting_inputs(output, [path], DIRECTORY_SUFFIXES, rules)
    items = read_inputs([path], ReadOptions(text_key=text_key, id_key=id_key))
    with open_output(output) as out:
        if output is not None and color is None:
            color = False
        console = make_console(out, color, highlight=False)
        summary = _extract(
            items, TerminalView(console), build_engine(model, rules, scope), progress=False
        )
    if summary.failures:
        raise typer.Exit(1)


@app.command()
def speakers(
    paths: Annotated[
        list[str],
        typer.Argument(
            help="Text files, directories (every *.txt below), '-' for stdin, or .jsonl "
            "corpora; with --from-claims, claims JSONL written by `claimex extract`.",
            show_default=False,
        ),
    ],
    from_claims: Annotated[
        bool,
        typer.Option(
            "--from-claims",
            help="The paths hold claims (JSONL from `claimex extract`): count them without "
            "extracting again. Directories give every *.jsonl below.",
        ),
    ] = False,
    fmt: Annotated[
        SpeakerFormat, typer.Option("--format", "-f", help="Output format.")
    ] = SpeakerFormat.table,
    sort: Annotated[
        SortKey,
        typer.Option(
            "--sort",
            "-s",
            help="Order: by a count (largest first), by name or kind, or 'first' (order of "
            "first appearance).",
        ),
    ] = SortKey.claims,
    reverse: Annotated[bool, typer.Option("--reverse", help="Reverse the order.")] = False,
    by: Annotated[
        GroupBy,
        typer.Option(
            "--by",
            help="entity: one row per speaker — a document's claims of one entity together, "
            "and a person one row over all documents however named (titles, middle initials "
            "and a lone surname do not split them); name: one row per name and kind as "
            "written.",
        ),
    ] = GroupBy.entity,
    min_claims: Annotated[
        int, typer.Option("--min-claims", min=1, help="List speakers with at least N claims.")
    ] = 1,
    kinds: Annotated[
        list[Kind] | None,
        typer.Option("--kind", "-k", help="List only speakers of this kind. Repeatable."),
    ] = None,
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
    """Who is quoted: claims per speaker over all documents, by type, with a first example.

    A speaker is a person, organization, document, group or anonymous source, with its role,
    affiliation and gender where the articles give them.

    With --by entity (the default) one person is one row however the articles name them:
    "Donald J. Trump", "President Trump" and "Donald Trump" are one person, and a surname
    alone ("Trump") joins the one full name with that surname over all documents.

    Claims without a source are not listed; stderr says how many there were.

    Examples:

      [bold]claimex speakers examples/[/]

      [bold]claimex speakers corpus.jsonl --kind person --min-claims 3 -f csv[/]

      [bold]claimex extract corpus.jsonl -o claims.jsonl[/]
      [bold]claimex speakers claims.jsonl --from-claims --sort documents[/]
    """
    from claimex.io.readers import DIRECTORY_SUFFIXES
    from claimex.reports.speaker_stats import SpeakerTally, TallyWriter, add_document, select_rows

    console = err_console()
    suffixes = (".jsonl",) if from_claims else DIRECTORY_SUFFIXES
    refuse_overwriting_inputs(output, paths, suffixes, rules)
    tally = SpeakerTally(by=by)
    failures = 0
    if from_claims:
        from claimex.io.claim_files import group_by_document, read_claim_files

        documents, failed = group_by_document(read_claim_files(paths))
        for failure in failed:
            console.print(f"error: {failure}", markup=False, highlight=False)
        failures = len(failed)
        for doc_id, claims in documents.items():
            add_document(tally, doc_id, claims)
    else:
        from claimex.io.readers import ReadOptions, read_inputs

        items = read_inputs(paths, ReadOptions(text_key=text_key, id_key=id_key))
        engine = build_engine(model, rules, scope, batch_size, n_process)
        summary = _extract(items, TallyWriter(tally), engine, not quiet)
        failures = len(summary.failures)
    rows = select_rows(tally, sort, min_claims, [k.value for k in kinds or []], reverse)
    with open_output(output) as out:
        if fmt is SpeakerFormat.jsonl:
            from claimex.reports.speaker_stats import row_record

            for row in rows:
                out.write(json.dumps(row_record(row), ensure_ascii=False) + "\n")
        elif fmt is SpeakerFormat.csv:
            from claimex.reports.speaker_stats import csv_record

            writer = csv.DictWriter(out, fieldnames=ROW_FIELDS, lineterminator="\n")
            writer.writeheader()
            writer.writerows(csv_record(row) for row in rows)
        else:
            from claimex.views.layout import make_console
            from claimex.views.terminal import speakers_view

            table_console = make_console(
                out, False if output is not None else None, highlight=False, soft_wrap=False
            )
            table_console.print(speakers_view(rows, table_console))
    if not quiet:
        notes = [f"{tally.unattributed:,} without a source"] if tally.unattributed else []
        if tally.unresolved:
            notes.append(f"{tally.unresolved:,} with an unresolved speaker")
        note = f" ({', '.join(notes)})" if notes else ""
        console.print(
            f"{count(tally.documents, 'document')}, {count(tally.claims, 'claim')}{note}; "
            f"{len(rows):,} of {count(len(tally.rows), 'speaker')} listed",
            markup=False,
            highlight=False,
        )
    if failures:
        raise typer.Exit(1)
    sys.stdout.flush()
