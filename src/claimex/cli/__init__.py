"""The `claimex` command line: thin typer commands over plain functions."""

from __future__ import annotations

import os
import signal
import sys
from typing import NoReturn

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
    """Entry point of the `claimex` script.

    SIGTERM and SIGHUP stop a command as Ctrl-C does (exit status 143, 129; 130 for
    Ctrl-C). A closed stdout pipe (`| head`) ends it quietly, as SIGPIPE ends Unix tools."""
    from claimex.engine.run import StopSignals
    from claimex.io.output import OutputClosed

    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure") and (stream.encoding or "").lower() != "utf-8":
            stream.reconfigure(encoding="utf-8")
    with StopSignals() as stops:
        try:
            app()
        except SystemExit as exc:
            if exc.code == 128 + signal.SIGINT and stops.signum:
                sys.exit(128 + stops.signum)  # typer reports every KeyboardInterrupt as 130
            raise
        except KeyboardInterrupt:
            err_console().print("interrupted")
            sys.exit(128 + (stops.signum or signal.SIGINT))
        except OutputClosed:
            _end_by_sigpipe()


def _end_by_sigpipe() -> NoReturn:
    """Die of SIGPIPE, as `yes | head -1` does (status 141 in the shell): the reader went
    away, which is no error of the user's. Workers are gone and output files closed."""
    if hasattr(signal, "SIGPIPE"):
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
        os.kill(os.getpid(), signal.SIGPIPE)
    sys.exit(128 + 13)
