"""Sharded, resumable disk-to-disk runs: `claimex extract 'shards/*.parquet' -o out/`.

Each input file is a shard with an output file of its own in the output directory, named
after it: its path below the inputs' common folder, its format and compression suffixes
replaced by the output format's (`in/2024/a.jsonl.gz` -> `out/2024/a.jsonl`). An output is
written to a hidden temporary name (`.a.jsonl.partial`) and renamed only when its shard is
complete, so an interrupted or killed run leaves complete outputs only; `--resume` skips
the shards whose output exists. A shard that cannot be read to its end (a missing or
damaged file) leaves no output and is tried again by the next `--resume`; a bad record or a
document that fails is counted in the summary and the shard is still written.

`--shard K/N` takes the inputs K, K+N, K+2N, ... (counted from 1) of the list the paths name:
in the order given, each directory and glob pattern expanded in sorted order. Every job of
an array job sees the same list, so the N jobs share out the inputs, each exactly once.

Every run writes a summary beside the outputs (`claimex-summary-<UTC time>[-shard-K-of-N].json`):
documents, claims, errors, words and words/s, in all and per shard.
"""

from __future__ import annotations

import contextlib
import datetime
import json
import os
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, TextIO, TypeVar, cast

from claimex._version import __version__
from claimex.errors import ClaimexError
from claimex.io.compressed import split_codec
from claimex.io.document_ids import DocumentIds
from claimex.io.readers import (
    DIRECTORY_SUFFIXES,
    InputFailure,
    InputWarning,
    Item,
    ReadOptions,
    Source,
    input_sources,
    read_inputs,
    read_source,
)
from claimex.io.sidecar import TextSidecar, sidecar_path
from claimex.schemas import SCHEMA_VERSION

if TYPE_CHECKING:
    from claimex.engine.run import RunSummary
    from claimex.io.writers import Writer

# the output suffix of each format; another format's is its name
SUFFIXES = {"jsonl": ".jsonl", "json": ".json", "csv": ".csv", "table": ".txt", "html": ".html"}
SUMMARY_PREFIX = "claimex-summary-"
# failure and warning messages kept per shard in the summary (all are counted)
MESSAGES_KEPT = 20

T = TypeVar("T")


class ShardError(ClaimexError):
    """The shards cannot be run as asked (a usage error: names that collide, ...)."""


def parse_shard(value: str) -> tuple[int, int]:
    """(K, N) of 'K/N', with 1 <= K <= N."""
    k, slash, n = value.partition("/")
    if not (slash and k.strip().isdigit() and n.strip().isdigit()):
        raise ShardError(f"--shard {value!r}: give K/N, e.g. 3/8 for the third of eight jobs")
    shard, shards = int(k), int(n)
    if not 1 <= shard <= shards:
        raise ShardError(f"--shard {value!r}: K must be from 1 to N")
    return shard, shards


def select_shard(inputs: Sequence[T], shard: int, shards: int) -> list[T]:
    """The inputs K, K+N, K+2N, ... (counted from 1) of `inputs`."""
    return [item for i, item in enumerate(inputs) if i % shards == shard - 1]


@dataclass
class ShardReport:
    """What became of one shard: written, skipped (--resume: its output exists), failed
    (unreadable: no output), interrupted (no output) or pending (not reached)."""

    input: str
    output: str | None
    status: str = "pending"
    documents: int = 0
    claims: int = 0
    errors: int = 0
    warnings: int = 0
    words: int = 0
    seconds: float = 0.0
    failures: list[str] = field(default_factory=list)

    def words_per_second(self) -> float:
        return round(self.words / self.seconds, 1) if self.seconds else 0.0


@dataclass
class ShardRun:
    shards: list[ShardReport]
    started: float = field(default_factory=time.time)
    interrupted: bool = False

    @classmethod
    def of(cls, plan: Sequence[Shard]) -> ShardRun:
        """Every shard of `plan`, pending."""
        return cls([ShardReport(s.name, None if s.output is None else str(s.output)) for s in plan])

    def total(self, name: str) -> int:
        return sum(getattr(s, name) for s in self.shards)

    def count(self, status: str) -> int:
        return sum(1 for s in self.shards if s.status == status)

    @property
    def ok(self) -> bool:
        return not self.interrupted and self.count("failed") == 0 and self.total("errors") == 0


@dataclass(frozen=True)
class Shard:
    source: Source | InputFailure
    output: Path | None  # None: an input that names nothing

    @property
    def name(self) -> str:
        return self.source.name if isinstance(self.source, Source) else self.source.origin


def plan_shards(
    sources: Sequence[Source | InputFailure], out_dir: Path, fmt: str, emit_text: bool
) -> list[Shard]:
    """Each input with its output path (named after it below the inputs' common folder);
    outputs that would collide with each other or with an input are a ShardError."""
    files = [s for s in sources if isinstance(s, Source)]
    if any(s.path is None for s in files):
        raise ShardError("stdin ('-') cannot be a shard: name files when -o is a directory")
    paths = [Path(os.path.abspath(s.path)) for s in files if s.path is not None]
    root = Path(os.path.commonpath([p.parent for p in paths])) if paths else out_dir
    suffix = SUFFIXES.get(fmt, f".{fmt}")
    plan: list[Shard] = []
    taken: dict[Path, str] = {}
    inputs = set(paths)
    for source in sources:
        if isinstance(source, InputFailure) or source.path is None:
            plan.append(Shard(source, None))
            continue
        relative = Path(os.path.abspath(source.path)).relative_to(root)
        stem = Path(split_codec(relative.name)[0]).stem
        output = out_dir / relative.parent / (stem + suffix)
        for path in (output, *([sidecar_path(output)] if emit_text else [])):
            absolute = Path(os.path.abspath(path))
            if absolute in inputs:
                raise ShardError(f"{source.name}: its output {path} would overwrite an input")
            if absolute in taken:
                raise ShardError(
                    f"{taken[absolute]} and {source.name} would both write {path}: rename one"
                )
            taken[absolute] = source.name
        plan.append(Shard(source, output))
    return plan


def run_shards(
    result: ShardRun,
    plan: Sequence[Shard],
    opts: ReadOptions,
    new_writer: Callable[[TextIO], Writer],
    run: Callable[[Iterable[Item], Writer], RunSummary],
    resume: bool = False,
    emit_text: bool = False,
    report: Callable[[ShardReport], None] | None = None,
) -> None:
    """Run every shard of `plan` in order with `run` (one extraction run over an input's
    items and a writer), recording each in `result` as it goes (so that a run stopped by an
    error still has its summary); `new_writer` makes the writer of an output file."""
    ids = DocumentIds()  # a document id met again is warned about across shards too
    try:
        for shard, shard_report in zip(plan, result.shards, strict=True):
            if isinstance(shard.source, InputFailure) or shard.output is None:
                shard_report.status = "failed"
                shard_report.errors = 1
                shard_report.failures = [str(shard.source)]
            elif resume and shard.output.exists():
                shard_report.status = "skipped"
            else:
                shard_report.status = "interrupted"  # until it has run
                try:
                    _run_shard(
                        shard.source,
                        shard.output,
                        shard_report,
                        opts,
                        ids,
                        new_writer,
                        run,
                        emit_text,
                    )
                except Exception:  # an error that ends the run (a worker died, ...)
                    shard_report.status = "failed"
                    raise
            if report is not None:
                report(shard_report)
            if shard_report.status == "interrupted":
                break
        result.interrupted = result.count("interrupted") > 0
    except KeyboardInterrupt:  # Ctrl-C outside a document run: the shard at hand stops too
        result.interrupted = True


def _run_shard(
    source: Source,
    output: Path,
    shard_report: ShardReport,
    opts: ReadOptions,
    ids: DocumentIds,
    new_writer: Callable[[TextIO], Writer],
    run: Callable[[Iterable[Item], Writer], RunSummary],
    emit_text: bool,
) -> None:
    unreadable: list[str] = []
    warnings: list[str] = []

    def watched(items: Iterator[Item]) -> Iterator[Item]:
        for item in items:
            if isinstance(item, InputFailure) and item.origin == source.name:
                unreadable.append(str(item))
            elif isinstance(item, InputWarning):
                warnings.append(str(item))
            yield item

    output.parent.mkdir(parents=True, exist_ok=True)
    with contextlib.ExitStack() as stack:
        out = stack.enter_context(PartialFile(output))
        texts = stack.enter_context(PartialFile(sidecar_path(output))) if emit_text else None
        writer = new_writer(out.text)
        if texts is not None:
            writer = TextSidecar(writer, texts.binary)
        summary = run(watched(read_source(source, opts, ids)), writer)
        shard_report.documents, shard_report.claims = summary.documents, summary.claims
        shard_report.words, shard_report.seconds = summary.words, round(summary.seconds, 3)
        shard_report.errors, shard_report.warnings = len(summary.failures), len(warnings)
        shard_report.failures = (summary.failures + warnings)[:MESSAGES_KEPT]
        if summary.interrupted:
            shard_report.status = "interrupted"
        elif unreadable:
            shard_report.status = "failed"
        else:
            if texts is not None:  # the texts first: an output that exists is complete
                texts.commit()
            out.commit()
            shard_report.status = "written"


def shard_items(
    paths: Sequence[str], opts: ReadOptions, shard: tuple[int, int] | None = None
) -> Iterator[Item]:
    """The documents of every input, or with `shard` (K, N) of the inputs K, K+N, ..."""
    if shard is None:
        yield from read_inputs(paths, opts)
        return
    ids = DocumentIds()
    for source in select_shard(list(input_sources(paths, DIRECTORY_SUFFIXES)), *shard):
        if isinstance(source, Source):
            yield from read_source(source, opts, ids)
        else:
            yield source


@dataclass
class DirectoryRun:
    """A run into an output directory: its shards, and where its summary went."""

    result: ShardRun
    summary: Path | None = None
    summary_error: str | None = None  # why the summary could not be written


def plan_directory(
    paths: Sequence[str],
    out_dir: Path,
    fmt: str,
    emit_text: bool = False,
    shard: tuple[int, int] | None = None,
) -> list[Shard]:
    """The shards of a run into `out_dir` (with `shard` (K, N) the inputs K, K+N, ...);
    outputs that would collide are a ShardError."""
    # named from the whole list, so that every job of an array names the same
    plan = plan_shards(list(input_sources(paths, DIRECTORY_SUFFIXES)), out_dir, fmt, emit_text)
    return plan if shard is None else select_shard(plan, *shard)


def run_directory(
    plan: Sequence[Shard],
    out_dir: Path,
    fmt: str,
    opts: ReadOptions,
    new_writer: Callable[[TextIO], Writer],
    run: Callable[[Iterable[Item], Writer], RunSummary],
    *,
    shard: tuple[int, int] | None = None,
    resume: bool = False,
    emit_text: bool = False,
    report: Callable[[ShardReport], None] | None = None,
    on_summary: Callable[[DirectoryRun], object] | None = None,
) -> DirectoryRun:
    """Run the shards of `plan_directory` and write the run's summary file, also when the
    run ends by an error (`on_summary` is then given it before the error goes on)."""
    done = DirectoryRun(ShardRun.of(plan))

    def save_summary() -> None:
        try:
            done.summary = write_summary(done.result, out_dir, fmt, shard)
        except OSError as exc:
            done.summary_error = str(exc.strerror or exc)

    try:
        run_shards(done.result, plan, opts, new_writer, run, resume, emit_text, report)
    except BaseException:
        save_summary()
        if on_summary is not None:
            on_summary(done)
        raise
    save_summary()
    return done


class PartialFile:
    """A file written under a hidden temporary name beside `final` (as UTF-8 text, or bytes
    through `binary`) and renamed to it by `commit()` after an fsync; left without a commit,
    the temporary file is removed."""

    def __init__(self, final: Path) -> None:
        self.final = final
        self.partial = final.with_name(f".{final.name}.partial")
        self.text: TextIO = self.partial.open("w", encoding="utf-8", newline="")
        self.binary = cast("IO[bytes]", self.text.buffer)
        self.done = False

    def __enter__(self) -> PartialFile:
        return self

    def commit(self) -> None:
        self.text.flush()
        os.fsync(self.text.fileno())
        self.text.close()
        os.replace(self.partial, self.final)
        self.done = True

    def __exit__(self, *exc: object) -> None:
        if not self.done:
            with contextlib.suppress(OSError, ValueError):
                self.text.close()
            with contextlib.suppress(FileNotFoundError):
                self.partial.unlink()


def write_summary(result: ShardRun, out_dir: Path, fmt: str, shard: tuple[int, int] | None) -> Path:
    """The run's summary file in `out_dir` (a new name per run: earlier ones are kept)."""
    finished = time.time()
    words = result.total("words")
    seconds = sum(s.seconds for s in result.shards)
    data = {
        "claimex_version": __version__,
        "schema_version": SCHEMA_VERSION,
        "started": _iso(result.started),
        "finished": _iso(finished),
        "seconds": round(finished - result.started, 3),
        "shard": None if shard is None else f"{shard[0]}/{shard[1]}",
        "format": fmt,
        "inputs": {
            "total": len(result.shards),
            **{status: result.count(status) for status in STATUSES},
        },
        "documents": result.total("documents"),
        "claims": result.total("claims"),
        "errors": result.total("errors"),
        "warnings": result.total("warnings"),
        "words": words,
        "words_per_second": round(words / seconds, 1) if seconds else 0.0,
        "shards": [{**asdict(s), "words_per_second": s.words_per_second()} for s in result.shards],
    }
    stamp = datetime.datetime.fromtimestamp(result.started, datetime.timezone.utc)
    # to the millisecond: the summaries of a directory sort in the order of their runs
    name = SUMMARY_PREFIX + stamp.strftime("%Y%m%dT%H%M%S.") + f"{stamp.microsecond // 1000:03d}Z"
    if shard is not None:
        name += f"-shard-{shard[0]}-of-{shard[1]}"
    path = out_dir / f"{name}.json"
    n = 1
    while path.exists():
        n += 1
        path = out_dir / f"{name}-{n}.json"
    out_dir.mkdir(parents=True, exist_ok=True)
    with PartialFile(path) as summary_file:
        summary_file.text.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
        summary_file.commit()
    return path


STATUSES = ("written", "skipped", "failed", "interrupted", "pending")


def _iso(seconds: float) -> str:
    moment = datetime.datetime.fromtimestamp(seconds, datetime.timezone.utc)
    return moment.isoformat(timespec="seconds")
