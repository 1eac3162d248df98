"""`claimex evaluate`: score claimex against gold attributions."""

from __future__ import annotations

import json
from collections import defaultdict
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import typer

from claimex.cli import app
from claimex.cli.common import (
    BatchOpt,
    ModelOpt,
    OutputOpt,
    ProcOpt,
    RulesOpt,
    ScopeOpt,
    err_console,
    fail,
    open_output,
    with_scope,
)


class ReportFormat(str, Enum):
    table = "table"
    json = "json"


def read_jsonl(path: Path, what: str) -> list[dict[str, Any]]:
    """Records of a JSONL file; a bad line is a one-line error naming file and line."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise fail(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise fail(f"{path}: cannot read ({exc})") from None
    out = []
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise fail(f"{path}:{n}: not valid JSON ({exc.msg})") from None
        if not isinstance(record, dict):
            raise fail(f"{path}:{n}: expected a JSON object ({what})")
        out.append(record)
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
    from claimex.evaluation import score
    from claimex.evaluation_report import dumps, print_report, report_json

    gold = read_jsonl(gold_path, "a gold document")
    check_gold(gold, gold_path)
    texts = {str(d["doc_id"]): d["text"] for d in gold}
    by_doc: dict[str, list[dict[str, Any]]] = defaultdict(list)
    if pred is not None:
        for claim in read_jsonl(pred, "a claim"):
            by_doc[str(claim.get("doc_id"))].append(claim)
    else:
        for doc_id, claims in _run(texts, model, with_scope(rules, scope), batch_size, n_process):
            by_doc[doc_id].extend(claims)
    report = score(gold, by_doc)
    with open_output(output) as out:
        if fmt is ReportFormat.json:
            out.write(dumps(report_json(report, texts, errors)) + "\n")
            return
        from rich.console import Console

        console = Console(file=out, soft_wrap=False, highlight=False)
        print_report(report, texts, errors, console, title=f"claimex on {gold_path}")


def _run(
    texts: dict[str, str],
    model: str | None,
    rules: list[str],
    batch_size: int | None,
    n_process: int,
) -> Any:
    from claimex.api import Engine
    from claimex.errors import ClaimexError
    from claimex.rules import RuleError

    try:
        engine = Engine(model, rules, batch_size, n_process)
    except (ClaimexError, RuleError) as exc:
        raise fail(str(exc)) from None
    for result in engine.run(texts.items()):
        if result.error:
            err_console().print(f"error: {result.doc_id}: {result.error}", highlight=False)
            continue
        yield result.doc_id, result.claims
