"""`claimex schema` and `claimex rules`: what the output and the rules look like."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from claimex.cli import app
from claimex.cli.common import OutputOpt, RulesOpt, build_engine, err_console, fail, open_output


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
    check: Annotated[
        Path | None,
        typer.Option(
            "--check",
            metavar="FILE",
            exists=True,
            dir_okay=False,
            help="Check a rule file: validate it, build the matchers with it and run the "
            "examples of its rules; one line per example, exit 1 if any fails.",
        ),
    ] = None,
    output: OutputOpt = None,
) -> None:
    """List the rules or, with --cues, the cue lexicon, as JSONL records of the rule format
    (a file of them works with --rules as it is); or check a rule file with --check.

    Examples: [bold]claimex rules | jq -r .id[/],
    [bold]claimex rules --check my-rules.jsonl[/] (the format is in docs/rules.md)
    """
    from claimex.rules import RuleError, load_rules
    from claimex.rules.loader import rule_record

    if check is not None:
        if cues:
            raise fail("--check and --cues do not go together", code=2)
        _check(check, extra or [], output)
        return
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
            out.write(json.dumps(rule_record(rule), ensure_ascii=False) + "\n")


def _check(path: Path, extra: list[Path], output: Path | None) -> None:
    from claimex.rules.examples import check_rule_file
    from claimex.wording import count

    engine = build_engine(None, [*extra, path], None)
    checks = check_rule_file(engine, path)
    with open_output(output) as out:
        for c in checks:
            where = f"{c.origin} {c.rule}" + (f" example {c.number}" if c.number else "")
            if c.skipped:
                out.write(f"skip {where}: {c.skipped}\n")
            elif c.failure:
                out.write(
                    f"FAIL {where}: {c.failure}" + (f" (in {c.text!r})" if c.text else "") + "\n"
                )
            else:
                out.write(f"pass {where}: {c.text}\n")
    examples = [c for c in checks if c.number]
    failed = [c for c in checks if c.failure]
    skipped = [c for c in checks if c.skipped]
    parts = [
        f"{count(len(examples), 'example')} run",
        f"{sum(c.passed for c in examples)} passed",
        f"{len(failed)} failed",
    ]
    if skipped:
        parts.append(f"{count(len(skipped), 'rule')} not run (off, or out of the scope)")
    err_console().print(f"{path}: {', '.join(parts)}", markup=False, highlight=False)
    if failed:
        raise typer.Exit(1)
