"""`claimex evaluate`: score claimex against gold attributions."""

from __future__ import annotations

from collections import defaultdict
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from claimex.cli import app
from claimex.cli.common import (
    BatchOpt,
    ModelOpt,
    OutputOpt,
    ProcOpt,
    RulesOpt,
    ScopeOpt,
    build_engine,
    err_console,
    open_output,
)
from claimex.wording import count

if TYPE_CHECKING:
    from collections.abc import Iterator

    from claimex.engine import Engine
    from claimex.io.readers import InputFailure
    from claimex.schemas import ClaimData


class ReportFormat(str, Enum):
    table = "table"
    json = "json"


def _stop_on(failures: list[InputFailure]) -> None:
    """Every failure on stderr, one line each, then exit 1: a score over part of the gold or
    of the claims would mislead."""
    for failure in failures:
        err_console().print(f"error: {failure}", markup=False, highlight=False)
    if failures:
        raise typer.Exit(1)


def _claims_by_document(pred: Path, gold_ids: set[str]) -> dict[str, list[ClaimData]]:
    from claimex.io.claim_files import group_by_document, read_claim_files

    documents, failures = group_by_document(read_claim_files([str(pred)]))
    _stop_on(failures)
    elsewhere = [doc_id for doc_id in documents if doc_id not in gold_ids]
    if elsewhere:
        n = sum(len(documents[doc_id]) for doc_id in elsewhere)
        err_console().print(
            f"warning: {pred}: {count(n, 'claim')} of {count(len(elsewhere), 'document')} "
            f"not in the gold file (first: {elsewhere[0]!r}) are not scored",
            markup=False,
            highlight=False,
        )
    return documents


@app.command()
def evaluate(
    gold_path: Annotated[
        Path,
        typer.Argument(
            metavar="GOLD.jsonl",
            help="Gold attributions, one document a line (format: docs/gold-format.md).",
        ),
    ],
    pred: Annotated[
        Path | None,
        typer.Option(
            "--pred",
            help="Score these claims (JSONL written by claimex extract; '-' for stdin) "
            "instead of running claimex.",
        ),
    ] = None,
    fmt: Annotated[
        ReportFormat, typer.Option("--format", "-f", help="table (for people) or json.")
    ] = ReportFormat.table,
    errors: Annotated[
        int, typer.Option("--errors", min=0, help="List N misses and N false claims.")
    ] = 0,
    output: OutputOpt = None,
    model: ModelOpt = None,
    rules: RulesOpt = None,
    scope: ScopeOpt = None,
    batch_size: BatchOpt = None,
    n_process: ProcOpt = 1,
) -> None:
    """Score claims against gold attributions with the metrics of the reference scorer.

    Without --pred, claimex runs over the gold texts first.

    GOLD.jsonl holds one document a line: {"doc_id", "text", "attributions": [{"content",
    "source", "cue", "type"}]}, each span {"start", "end", "text"}; the format, with a
    worked example, is docs/gold-format.md in the claimex repository. A line that does not
    fit it is an error naming the file and line.

    Reports content@exact and content@0.5 P/R/F, source and cue agreement of matched claims,
    triple@0.5, recall by type, and right/wrong counts per rule and per cue lemma.

    Examples:

      [bold]claimex evaluate ../shared/data/polnear/dev.jsonl --errors 10[/]

      [bold]claimex evaluate gold.jsonl --pred claims.jsonl --format json | jq .by_rule[/]
    """
    from claimex.reports.evaluation import score
    from claimex.reports.evaluation_report import dumps, print_report, report_json
    from claimex.reports.gold import read_gold

    gold, failures = read_gold(gold_path)
    _stop_on(failures)
    texts = {d.doc_id: d.text for d in gold}
    by_doc: dict[str, list[ClaimData]] = defaultdict(list)
    if pred is not None:
        by_doc.update(_claims_by_document(pred, set(texts)))
    else:
        engine = build_engine(model, rules, scope, batch_size, n_process)
        for doc_id, claims in _run(texts, engine):
            by_doc[doc_id].extend(claims)
    report = score([d.as_data() for d in gold], by_doc)
    with open_output(output) as out:
        if fmt is ReportFormat.json:
            out.write(dumps(report_json(report, texts, errors)) + "\n")
            return
        from rich.console import Console

        console = Console(file=out, soft_wrap=False, highlight=False)
        print_report(report, texts, errors, console, title=f"claimex on {gold_path}")


def _run(texts: dict[str, str], engine: Engine) -> Iterator[tuple[str, list[ClaimData]]]:
    for result in engine.run(texts.items()):
        if result.error:
            err_console().print(f"error: {result.doc_id}: {result.error}", highlight=False)
            continue
        yield result.doc_id, result.claims
