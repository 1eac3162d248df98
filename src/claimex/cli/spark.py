"""`claimex spark`: claims of a Parquet or JSONL corpus on Spark, written as Parquet."""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from claimex.cli import app
from claimex.cli.common import (
    BatchOpt,
    IdKeyOpt,
    ModelOpt,
    QuietOpt,
    RulesOpt,
    ScopeOpt,
    TextKeyOpt,
    err_console,
    fail,
)
from claimex.wording import count

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

# errors listed on stderr after a run (all of them are in the output's `error` column)
SHOWN_ERRORS = 10
# Most bytes of input files per partition. Spark's default, 128 MB, is sized for jobs that
# read far faster than claimex's 2,000-odd words a second per core: 128 MB of news is hours
# of work for one task, and a corpus of a few GB would keep only dozens of cores busy. 4 MB
# (about 800 articles as JSONL, more as Parquet) is a task of a few minutes. Spark still
# spreads a small corpus over every core; a value the session was given is kept.
SPLIT_KEY = "spark.sql.files.maxPartitionBytes"
SPLIT_BYTES = 4 * 1024 * 1024
SPARK_SPLIT_BYTES = 128 * 1024 * 1024
_UNITS = {"": 1, "k": 1 << 10, "m": 1 << 20, "g": 1 << 30, "t": 1 << 40}


@app.command()
def spark(
    source: Annotated[
        str,
        typer.Argument(
            metavar="INPUT",
            help="Parquet (a file, a directory of them or a glob) or JSONL (*.jsonl, *.json; "
            "one document a line) corpus, as Spark paths (hdfs://, s3a://, ... work too).",
            show_default=False,
        ),
    ],
    target: Annotated[
        str,
        typer.Argument(
            metavar="OUTPUT",
            help="Directory to write the claims to, as Parquet (it must not exist).",
            show_default=False,
        ),
    ],
    master: Annotated[
        str | None,
        typer.Option(
            "--master",
            metavar="URL",
            help="Spark master: local[2], yarn, spark://host:7077, ... Default: the one "
            "spark-submit or spark-defaults.conf sets, else local[*].",
        ),
    ] = None,
    keep: Annotated[
        list[str] | None,
        typer.Option(
            "--keep",
            metavar="KEY",
            help="Input column to carry into every claim row of its document. Repeatable.",
        ),
    ] = None,
    partitions: Annotated[
        int | None,
        typer.Option(
            "--partitions",
            min=1,
            metavar="N",
            help="Repartition the input into N partitions first (default: as read, input "
            "files split into partitions of at most 4 MB).",
        ),
    ] = None,
    model: ModelOpt = None,
    rules: RulesOpt = None,
    scope: ScopeOpt = None,
    batch_size: BatchOpt = None,
    text_key: TextKeyOpt = "text",
    id_key: IdKeyOpt = "id",
    quiet: QuietOpt = False,
) -> None:
    """Extract every claim of a corpus on Spark and write them as Parquet: one row per
    claim (`claimex schema --arrow`), the --keep columns, and `error` (one row per document
    that failed). Needs pip install "claimex[spark]" and Java 17 or newer.

    Examples:

      [bold]claimex spark corpus.jsonl claims/ --master 'local[2]'[/]

      [bold]spark-submit $(which claimex) spark s3a://bucket/news/ s3a://bucket/claims/[/]

    Exit status: 0 when every document was processed, 1 when any failed (each is an
    error row; the first are named on stderr) or Spark could not run.
    """
    from claimex.errors import ClaimexError
    from claimex.extras import MissingExtra, require

    try:
        require("pyspark", "spark")
        require("pyarrow", "spark")
    except MissingExtra as exc:
        raise fail(str(exc)) from None
    if "://" not in target and Path(target).exists():
        raise fail(f"{target}: already exists (the output must be a new directory)")
    console = err_console()
    from pyspark.sql import SparkSession

    ours = SparkSession.getActiveSession() is None  # else a caller's, left running
    session = _session(master)
    try:
        with split_size(session):  # (input partitions are planned when the job runs)
            df = _read(session, source, partitions)
            id_col = _id_column(df, id_key)
            from claimex.spark import extract_claims

            claims = extract_claims(
                df,
                text_col=text_key,
                id_col=id_col,
                keep=keep or [],
                scope=scope.value if scope else None,
                model=model,
                rules=rules or [],
                batch_size=batch_size,
            )
            claims.write.parquet(target, mode="errorifexists")
        written = session.read.parquet(target)
        errors = written.where(written.error.isNotNull())
        failed = errors.count()
        total = written.count() - failed
        shown = errors.select("doc_id", "error").limit(SHOWN_ERRORS).collect()
    except ClaimexError as exc:
        raise fail(str(exc)) from None
    except Exception as exc:  # Spark's own errors: analysis, IO, a lost executor
        raise fail(_first_line(exc)) from None
    finally:
        if ours:
            session.stop()
    for row in shown:
        console.print(f"error: {row['doc_id']}: {row['error']}", markup=False, highlight=False)
    if not quiet or failed:
        text = f"{count(total, 'claim')} written to {target}"
        if failed:
            text += f", {count(failed, 'document')} failed"
        console.print(text, markup=False, highlight=False)
    if failed:
        raise typer.Exit(1)


def _session(master: str | None) -> SparkSession:
    from pyspark.sql import SparkSession

    # local workers run this interpreter, which has claimex installed (under spark-submit,
    # which starts the gateway, the cluster's settings say which Python the workers run)
    if "PYSPARK_GATEWAY_PORT" not in os.environ and (master or "local").startswith("local"):
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder: Any = SparkSession.builder.appName("claimex")
    if master is not None:
        builder = builder.master(master)
    try:
        session: SparkSession = builder.getOrCreate()
    except Exception as exc:
        if master is None and "master URL must be set" in str(exc):
            session = builder.master("local[*]").getOrCreate()
        else:
            hint = " (is Java 17 or newer installed?)" if "JAVA" in str(exc).upper() else ""
            raise fail(f"Spark could not start: {_first_line(exc)}{hint}") from None
    session.sparkContext.setLogLevel("ERROR")
    return session


@contextmanager
def split_size(session: SparkSession) -> Iterator[None]:
    """Input files read in partitions of at most SPLIT_BYTES, unless the session was given
    a size of its own (anything but Spark's default); the session's setting is restored."""
    old = session.conf.get(SPLIT_KEY)
    if _bytes(old) != SPARK_SPLIT_BYTES:
        yield
        return
    session.conf.set(SPLIT_KEY, str(SPLIT_BYTES))
    try:
        yield
    finally:
        session.conf.set(SPLIT_KEY, str(old))


def _bytes(size: str | None) -> int | None:
    """A Spark size ("128MB", "134217728b", "4m", "4194304") in bytes; None if not one."""
    match = re.fullmatch(r"\s*(\d+)\s*([kmgt]?)i?b?\s*", size or "", re.IGNORECASE)
    return int(match[1]) * _UNITS[match[2].lower()] if match else None


def _read(session: SparkSession, source: str, partitions: int | None) -> DataFrame:
    name = source.rstrip("/").lower()
    if name.endswith((".jsonl", ".json", ".jsonl.gz", ".json.gz")):
        # lines end at \n only, as in the CLI's JSONL reader
        df = session.read.option("lineSep", "\n").json(source)
    else:
        df = session.read.parquet(source)
    return df.repartition(partitions) if partitions else df


def _id_column(df: DataFrame, id_key: str) -> str:
    """--id-key, else doc_id (as the CLI reads JSONL)."""
    if id_key in df.columns or "doc_id" not in df.columns:
        return id_key
    return "doc_id"


def _first_line(exc: BaseException) -> str:
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    return lines[0] if lines else type(exc).__name__
