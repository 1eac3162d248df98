"""`claimex evaluate`: score claimex against gold attributions."""

from __future__ import annotations

from collections import defaultdict
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

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
    fail,
    open_output,
    refuse_overwriting_inputs,
)

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping

    from claimex.engine import Engine
    from claimex.schemas import ClaimData


class ReportFormat(str, Enum):
    table = "table"
    json = "json"


def read_jsonl(path: Path, what: str) -> list[dict[str, Any]]:
    """Records of a JSONL file; a bad line is a one-line error naming file and line."""
    from claimex.io.jsonl import byte_lines, read_jsonl

    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise fail(f"{path}: no such file") from None
    except OSError as exc:
        raise fail(f"{path}: cannot read ({exc.strerror or exc})") from None
    out = []
    for entry in read_jsonl(byte_lines(data)):
        if entry.error is not None:
            raise fail(f"{path}:{entry.line}: {entry.error}")
        if not isinstance(entry.value, dict):
            raise fail(f"{path}:{entry.line}: expected a JSON object ({what})")
        out.append(entry.value)
    return out


def check_gold(gold: list[dict[str, Any]], path: Path) -> None:
    for n, doc in enumerate(gold, 1):
        missing = [k for k in ("doc_id", "text", "attributions") if k not in doc]
        if missing:
            raise fail(f"{path}: document {n} lacks {', '.join(missing)} (see the gold format)")


@app.command()
def evaluate(
    gold_path: Annotated[
        Path, typer.Argument(metavar="GOLD.jsonl", help="Gold attributions, one document a line.")
    ],
    pred: Annotated[
        Path | None,
        typer.Option("--pred", help="Score this claimex JSONL output instead of running."),
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

    Reports content@exact and content@0.5 P/R/F, source and cue agreement of matched claims,
    triple@0.5, recall by type, and right/wrong counts per rule and per cue lemma.

    Examples:

      [bold]claimex evaluate ../shared/data/polnear/dev.jsonl --errors 10[/]

      [bold]claimex evaluate gold.jsonl --pred claims.jsonl --format json | jq .by_rule[/]
    """
    from claimex.reports.evaluation import score
    from claimex.reports.evaluation_report import dumps, print_report, report_json

    refuse_overwriting_inputs(output, [gold_path, *([pred] if pred else [])], rules=rules)
    gold = read_jsonl(gold_path, "a gold document")
    check_gold(gold, gold_path)
    texts = {str(d["doc_id"]): d["text"] for d in gold}
    by_doc: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    if pred is not None:
        for claim in read_jsonl(pred, "a claim"):
            by_doc[str(claim.get("doc_id"))].append(claim)
    else:
        engine = build_engine(model, rules, scope, batch_size, n_process)
        for doc_id, claims in _run(texts, engine):
            by_doc[doc_id].extend(claims)
    report = score(gold, by_doc)
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
