"""The `claimex` command line: thin typer commands over plain functions."""

from __future__ import annotations

import sys

import typer

from claimex._version import __version__
from claimex.cli.common import err_console

app = typer.Typer(
    name="claimex",
    help="Extract who said what from news text: attributed claims with source, cue and "
    "content, as JSONL (default), JSON, CSV or a table.",
    no_args_is_help=True,
    add_completion=True,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"claimex {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", "-V", callback=_version, is_eager=True, help="Show the version."
    ),
) -> None:
    """claimex: who said what, with exact character offsets."""


# importing the command modules registers their commands
from claimex.cli import evaluate as _evaluate  # noqa: E402,F401
from claimex.cli import extract as _extract  # noqa: E402,F401
from claimex.cli import info as _info  # noqa: E402,F401
from claimex.cli import spark as _spark  # noqa: E402,F401
from claimex.cli import views as _views  # noqa: E402,F401


def main() -> None:
    """Entry point of the `claimex` script."""
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure") and (stream.encoding or "").lower() != "utf-8":
            stream.reconfigure(encoding="utf-8")
    try:
        app()
    except KeyboardInterrupt:
        err_console().print("interrupted")
        sys.exit(130)
