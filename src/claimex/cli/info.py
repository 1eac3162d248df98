"""`claimex schema` and `claimex rules`: what the output and the rules look like."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from claimex.cli import app
from claimex.cli.common import OutputOpt, RulesOpt, fail, open_output


@app.command()
def schema(
    output: OutputOpt = None,
    arrow: Annotated[
        bool,
        typer.Option(
            "--arrow",
            help="Print the Arrow schema of the Parquet output (one row per claim) instead "
            '(needs pip install "claimex[parquet]").',
        ),
    ] = False,
) -> None:
    """Print the JSON Schema of one output line (a claim), or with --arrow the Arrow schema
    of `--format parquet` and of the Spark and Dask output.

    Example: [bold]claimex schema | jq '.properties | keys'[/]
    """
    from claimex.errors import ClaimexError
    from claimex.schemas import claim_json_schema

    if arrow:
        from claimex.io.arrow import claim_schema

        try:
            text = claim_schema().to_string(show_field_metadata=False) + "\n"
        except ClaimexError as exc:
            raise fail(str(exc)) from None
    else:
        text = json.dumps(claim_json_schema(), indent=2, ensure_ascii=False) + "\n"
    with open_output(output) as out:
        out.write(text)


@app.command()
def rules(
    extra: RulesOpt = None,
    cues: Annotated[bool, typer.Option("--cues", help="List the cue lexicon instead.")] = False,
    output: OutputOpt = None,
) -> None:
    """List the rules (id, priority, description) or, with --cues, the cue lexicon, as JSONL.

    Example: [bold]claimex rules | jq -r .id[/]
    """
    from claimex.rules import RuleError, load_rules

    try:
        ruleset = load_rules(extra or [])
    except RuleError as exc:
        raise fail(str(exc)) from None
    with open_output(output) as out:
        if cues:
            for entry in ruleset.cues.values():
                out.write(json.dumps(entry.model_dump(), ensure_ascii=False) + "\n")
            return
        for rule in ruleset.rules.values():
            row = {
                "id": rule.id,
                "type": rule.type,
                "priority": rule.priority,
                "enabled": rule.enabled,
                "scope": rule.scope,
                "description": rule.description,
            }
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
