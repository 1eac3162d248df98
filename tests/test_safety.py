"""Nothing lost: -o never overwrites an input nor leaves half a file, signals stop the
workers, a full disk or a closed pipe is no traceback, long documents stream (issue 11)."""

from __future__ import annotations

import errno
import itertools
import json
import os
import resource
import signal
import stat
import subprocess
import sys
import threading
import time
import tracemalloc
from pathlib import Path

import pytest
from typer.testing import CliRunner

import claimex.cli.common
import claimex.engine.engine
from claimex.cli import app
from claimex.engine import Engine
from claimex.engine.run import run_extraction
from claimex.errors import ClaimexError
from claimex.io.readers import Document
from test_scale import article, corpus

CLAIMEX = [sys.executable, "-m", "claimex"]
ARTICLE = (
    "Port strike enters second week\n\n"
    "“We did not want this strike,” said Adaeze Okoro, the union's general secretary.\n\n"
    "The operator said it had made a fair offer.\n"
)
proc_table = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")


@pytest.fixture
def cli():
    runner = CliRunner()

    def invoke(*args: str, input: str | None = None):
        return runner.invoke(app, list(args), input=input)

    return invoke


def temp_files(folder: Path) -> list[Path]:
    return list(folder.glob("*.claimex-tmp"))  # pathlib globs match dotfiles too


# ---- 1. -o never names an input -------------------------------------------------------
@pytest.fixture
def files(tmp_path: Path) -> Path:
    (tmp_path / "x.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "x.jsonl").write_text(json.dumps({"id": "a", "text": ARTICLE}) + "\n")
    gold = {"doc_id": "a", "text": ARTICLE, "attributions": []}
    (tmp_path / "gold.jsonl").write_text(json.dumps(gold) + "\n")
    (tmp_path / "rules.jsonl").write_text('{"type": "scope", "scope": "speech"}\n')
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "claims").mkdir()
    result = CliRunner().invoke(app, ["extract", str(tmp_path / "x.txt"), "-q"])
    (tmp_path / "claims.jsonl").write_text(result.stdout, encoding="utf-8")
    (tmp_path / "claims" / "c.jsonl").write_text(result.stdout, encoding="utf-8")
    (tmp_path / "x-link.txt").symlink_to(tmp_path / "x.txt")
    os.link(tmp_path / "x.txt", tmp_path / "x-hard.txt")
    return tmp_path


COLLISIONS = [
    # (arguments with {d} for the folder, the file that must not change)
    ("extract {d}/x.txt -o {d}/x.txt", "x.txt"),
    ("extract {d}/x.jsonl -o {d}/x.jsonl", "x.jsonl"),
    ("extract {d}/x.txt -f csv -o {d}/./x.txt", "x.txt"),
    ("extract {d}/x-link.txt -o {d}/x.txt", "x.txt"),
    ("extract {d}/x.txt -o {d}/x-link.txt", "x.txt"),
    ("extract {d}/x-hard.txt -o {d}/x.txt", "x.txt"),
    ("extract {d}/docs -o {d}/docs/a.txt", "docs/a.txt"),
    ("extract {d}/docs -o {d}/docs/new.TXT", None),
    ("extract {d}/x.txt --rules {d}/rules.jsonl -o {d}/rules.jsonl", "rules.jsonl"),
    ("show {d}/x.txt -o {d}/x.txt", "x.txt"),
    ("evaluate {d}/gold.jsonl -o {d}/gold.jsonl", "gold.jsonl"),
    ("evaluate {d}/gold.jsonl --pred {d}/claims.jsonl -o {d}/claims.jsonl", "claims.jsonl"),
    ("speakers {d}/claims.jsonl --from-claims -o {d}/claims.jsonl", "claims.jsonl"),
    ("speakers {d}/claims --from-claims -f jsonl -o {d}/claims/speakers.jsonl", None),
    ("speakers {d}/x.txt -o {d}/x.txt", "x.txt"),
    ("rules --rules {d}/rules.jsonl -o {d}/rules.jsonl", "rules.jsonl"),
]


@pytest.mark.parametrize(("args", "kept"), COLLISIONS)
def test_an_output_that_is_an_input_is_a_usage_error(cli, files, args, kept):
    before = {p: p.read_bytes() for p in files.rglob("*") if p.is_file()}
    # an unknown model would be exit 1: the check comes before anything is loaded or opened
    model = ["--model", "no_such_model"] if not args.startswith("rules") else []
    result = cli(*args.format(d=files).split(), *model)
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "would overwrite" in lines[0]
    assert {p: p.read_bytes() for p in files.rglob("*") if p.is_file()} == before
    if kept is not None:
        assert (files / kept).read_bytes() == before[files / kept]
    assert not temp_files(files)


@pytest.mark.parametrize(
    "args",
    [
        "extract {d}/x.txt -o {d}/out.jsonl",
        "extract {d}/docs -o {d}/docs/claims.jsonl",  # a directory walk reads *.txt only
        "speakers {d}/docs -f csv -o {d}/docs/speakers.csv",
        "evaluate {d}/gold.jsonl --pred {d}/claims.jsonl -o {d}/report.txt",
    ],
)
def test_an_output_beside_the_inputs_is_fine(cli, files, args):
    result = cli(*args.format(d=files).split())
    assert result.exit_code == 0, result.output
    assert Path(args.format(d=files).split()[-1]).stat().st_size > 0
    assert not temp_files(files) and not temp_files(files / "docs")


def test_stdin_redirected_from_the_output_is_refused(files):
    x = files / "x.txt"
    with x.open("rb") as stdin:
        proc = subprocess.run(
            [*CLAIMEX, "extract", "-", "-o", str(x)], stdin=stdin, capture_output=True, text=True
        )
    assert proc.returncode == 2 and "stdin" in proc.stderr
    assert x.read_text(encoding="utf-8") == ARTICLE


# ---- 1. -o is written beside and renamed into place ----------------------------------
_run_parts = Engine.run_parts


def _fail_after_one_part(self, items):
    parts = _run_parts(self, items)
    yield next(parts)
    parts.close()
    raise ClaimexError("the engine broke down")


def test_a_failed_run_leaves_the_old_file_as_it_was(cli, files, monkeypatch):
    out = files / "out.jsonl"
    out.write_text("the good output of an earlier run\n")
    monkeypatch.setattr(Engine, "run_parts", _fail_after_one_part)
    result = cli("extract", str(files / "x.txt"), str(files / "docs"), "-o", str(out))
    assert result.exit_code == 1
    assert result.stderr.strip() == "error: the engine broke down"
    assert out.read_text() == "the good output of an earlier run\n"
    assert not temp_files(files)


def test_the_output_file_keeps_its_mode_and_its_link(cli, files):
    target = files / "real.jsonl"
    target.write_text("old\n")
    target.chmod(0o640)
    link = files / "link.jsonl"
    link.symlink_to(target)
    assert cli("extract", str(files / "x.txt"), "-o", str(link)).exit_code == 0
    assert link.is_symlink() and link.resolve() == target
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert target.read_text(encoding="utf-8").count("\n") >= 1 and "old" not in target.read_text()


def test_a_new_output_file_has_the_mode_the_umask_gives(cli, files):
    old = os.umask(0o027)
    try:
        assert cli("extract", str(files / "x.txt"), "-o", str(files / "new.jsonl")).exit_code == 0
    finally:
        os.umask(old)
    assert stat.S_IMODE((files / "new.jsonl").stat().st_mode) == 0o640


def test_a_fifo_is_written_directly(cli, files):
    fifo = files / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    result = cli("extract", str(files / "x.txt"), "-o", str(fifo))
    reader.join(timeout=30)
    assert result.exit_code == 0, result.output
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert b'"claim_id": "c1"' in got[0]
    assert not temp_files(files)


def test_dev_stdout_onto_a_regular_file_is_written_there(files):
    out = files / "out.jsonl"
    with out.open("wb") as fh:
        proc = subprocess.run(
            [*CLAIMEX, "extract", str(files / "x.txt"), "-o", "/dev/stdout"],
            stdout=fh,
            stderr=subprocess.PIPE,
            text=True,
        )
    assert proc.returncode == 0, proc.stderr
    assert '"claim_id": "c1"' in out.read_text(encoding="utf-8")
    assert not temp_files(files)


def test_nothing_is_created_under_dev(cli, files):
    typo = Path("/dev") / f"claimex-no-such-device-{os.getpid()}"
    try:
        result = cli("extract", str(files / "x.txt"), "-o", str(typo))
        assert result.exit_code == 1
        assert result.stderr.strip() == f"error: {typo}: no such file"
        assert not typo.exists()
    finally:
        if typo.exists() and typo.is_file():  # what the bug did: remove it again
            typo.unlink()
    assert not temp_files(Path("/dev"))
    assert cli("extract", str(files / "x.txt"), "-o", "/dev/null").exit_code == 0
    assert not temp_files(Path("/dev"))


# ---- 3. a full disk, a closed pipe -----------------------------------------------------
full = pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")


@full
@pytest.mark.parametrize("to", ["-o", ">"])
@pytest.mark.parametrize("command", ["extract", "show", "schema"])
def test_a_full_disk_is_one_line_and_exit_1(files, to, command):
    args = [*CLAIMEX, command] + ([] if command == "schema" else [str(files / "x.txt")])
    with open("/dev/full", "w") as dev_full:
        proc = subprocess.run(
            args + (["-o", "/dev/full"] if to == "-o" else []),
            stdout=subprocess.DEVNULL if to == "-o" else dev_full,
            stderr=subprocess.PIPE,
            text=True,
        )
    assert proc.returncode == 1
    assert proc.stderr.splitlines() == [
        f"error: {'/dev/full' if to == '-o' else 'stdout'}: cannot write (No space left on device)"
    ]


def _limit_file_size() -> None:  # Python ignores SIGXFSZ: a write past it fails with EFBIG
    resource.setrlimit(resource.RLIMIT_FSIZE, (2_000, 2_000))


def test_a_disk_that_fills_during_the_run_keeps_the_old_file(files):
    out = files / "out.jsonl"
    out.write_text("the good output of an earlier run\n")
    proc = subprocess.run(
        [*CLAIMEX, "extract", str(files / "x.txt"), str(files / "x.jsonl"), "-o", str(out)],
        capture_output=True,
        text=True,
        preexec_fn=_limit_file_size,
    )
    assert proc.returncode == 1
    assert proc.stderr.splitlines() == [f"error: {out}: cannot write ({os.strerror(errno.EFBIG)})"]
    assert out.read_text() == "the good output of an earlier run\n"
    assert not temp_files(files)


@pytest.mark.parametrize("n_process", [1, 2])
@pytest.mark.parametrize("fmt", ["jsonl", "table"])
def test_a_closed_pipe_ends_quietly(tmp_path, n_process, fmt):
    """`claimex extract big.jsonl | head -1`: no traceback, no message; the process ends as
    Unix tools do when their reader goes away (killed by SIGPIPE, status 141 in a shell)."""
    path = corpus(tmp_path / "corpus.jsonl", 150)  # far more output than a pipe holds
    args = [*CLAIMEX, "extract", str(path), "-f", fmt, "--n-process", str(n_process)]
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    assert proc.stdout.readline()
    proc.stdout.close()
    stderr = proc.stderr.read().decode()
    proc.wait(timeout=120)
    assert stderr == ""
    assert proc.returncode == -signal.SIGPIPE


# ---- 2. SIGTERM, SIGHUP and orphans ------------------------------------------------------
def _alive(pid: int) -> bool:
    """In the process table and not a zombie (an orphan's zombie waits for init to reap it)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


def _children(pid: int) -> list[int]:
    out = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid and fields[0] != "Z":
                out.append(int(entry.name))
    return out


def _start_with_workers(args: list[str], workers: int = 2) -> tuple[subprocess.Popen, list[int]]:
    """Start `args` in a session of its own and wait (polling the process table) until it
    runs `workers` worker processes and has written claims."""
    proc = subprocess.Popen(
        args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, start_new_session=True
    )
    deadline = time.monotonic() + 120
    pids: list[int] = []
    while time.monotonic() < deadline:
        assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
        pids = _children(proc.pid)
        if len(pids) >= workers:
            return proc, pids
        time.sleep(0.05)
    proc.kill()
    pytest.fail(f"no {workers} workers after 120 s")


def _wait_gone(pids: list[int], seconds: float) -> list[int]:
    deadline = time.monotonic() + seconds
    while (alive := [p for p in pids if _alive(p)]) and time.monotonic() < deadline:
        time.sleep(0.05)
    return alive


@proc_table
@pytest.mark.parametrize(("sig", "code"), [(signal.SIGTERM, 143), (signal.SIGHUP, 129)])
def test_sigterm_and_sighup_stop_the_run_and_its_workers(tmp_path, sig, code):
    path = corpus(tmp_path / "corpus.jsonl", 400)
    out = tmp_path / "claims.jsonl"
    args = [*CLAIMEX, "extract", str(path), "-o", str(out), "--n-process", "2"]
    proc, workers = _start_with_workers([*args, "--batch-size", "1"])
    try:
        proc.send_signal(sig)
        _, stderr = proc.communicate(timeout=60)
        assert proc.returncode == code, stderr
        assert "Traceback" not in stderr and "interrupted:" in stderr
        assert _wait_gone(workers, 10) == []
    finally:
        _kill_left(proc, workers)
    written = out.read_text(encoding="utf-8")
    assert all(json.loads(line) for line in written.splitlines())
    assert not temp_files(tmp_path)


ORPHAN_SCRIPT = """
import sys
import claimex.engine.pool
claimex.engine.pool.DIE_WITH_PARENT = {die_with_parent}
from claimex.cli import main
sys.argv = ["claimex", "extract", {corpus!r}, "--n-process", "2", "--batch-size", "1", "-q"]
main()
"""


@proc_table
@pytest.mark.parametrize("die_with_parent", [True, False], ids=["prctl", "parent-pid-check"])
def test_workers_exit_when_their_parent_is_killed(tmp_path, die_with_parent):
    path = corpus(tmp_path / "corpus.jsonl", 400)
    script = ORPHAN_SCRIPT.format(die_with_parent=die_with_parent, corpus=str(path))
    proc, workers = _start_with_workers([sys.executable, "-c", script])
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    try:
        assert _wait_gone(workers, 60) == []
    finally:
        _kill_left(proc, workers)


def _kill_left(proc: subprocess.Popen, workers: list[int]) -> None:
    """Whatever a failed test leaves running: the command and its workers."""
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGKILL)
    for pid in workers:
        if _alive(pid):
            os.kill(pid, signal.SIGKILL)


# ---- 12. more worker processes than cores -------------------------------------------------
def test_more_processes_than_cores_is_one_warning(cli, files, monkeypatch):
    monkeypatch.setattr(claimex.cli.common, "available_cores", lambda: 1)
    result = cli("extract", str(files / "x.txt"), "--n-process", "2")
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [
        "warning: --n-process 2 is more than the 1 core this process may use: the workers "
        "will share them and run no faster"
    ]
    result = cli("extract", str(files / "x.txt"), "--n-process", "1")
    assert result.exit_code == 0 and result.stderr == ""


def test_available_cores_follow_the_affinity():
    if hasattr(os, "sched_getaffinity"):
        assert claimex.cli.common.available_cores() == len(os.sched_getaffinity(0))
    else:
        assert claimex.cli.common.available_cores() == (os.cpu_count() or 1)


# ---- 4. a long document streams ----------------------------------------------------------
def long_text(articles: int) -> str:
    return "\n\n".join(article(n) for n in range(articles))


def test_a_long_document_comes_in_parts_before_its_end(small_chunks, monkeypatch):
    monkeypatch.setattr(small_chunks, "batch_size", 1)
    parsed = []
    process = claimex.engine.engine.process_batch

    def counting(nlp, pieces):
        parsed.extend(pieces)
        return process(nlp, pieces)

    monkeypatch.setattr(claimex.engine.engine, "process_batch", counting)
    text = long_text(12)
    parts = []
    for part in small_chunks.run_parts([("d", text), ("short", ARTICLE)]):
        parts.append((part, len(parsed)))
    long = [p for p, _ in parts if p.doc_id == "d"]
    chunks = sum(1 for p in parsed if p.doc_id == "d")
    assert len(long) == chunks > 5
    assert sum(1 for p in long if p.claims) > 3
    first = next(n for p, n in parts if p.claims)
    assert first < chunks  # the first claims came out before the document was parsed
    assert [p.last for p in long] == [False] * (chunks - 1) + [True]
    assert long[0].start == 0 and long[-1].end == len(text)
    assert all(a.end == b.start for a, b in itertools.pairwise(long))  # the parts tile it
    claims = [c for p in long for c in p.claims]
    assert [c["claim_id"] for c in claims] == [f"c{n}" for n in range(1, len(claims) + 1)]
    starts = [c["content"]["start"] for c in claims]
    assert starts == sorted(starts)
    whole = next(small_chunks.run([("d", text)]))
    assert whole.claims == claims


def test_a_claim_whose_content_starts_in_the_next_chunk_waits_for_it(small_chunks):
    """A cue at the end of one part and its content in the next: the claim belongs to the
    first chunk but goes out in content order, with the next chunk's claims."""
    text = long_text(10)
    parts = list(small_chunks.run_parts([("d", text)]))
    for part in parts:
        assert all(c["content"]["start"] < part.end for c in part.claims) or part.last
    got = [c for p in parts for c in p.claims]
    assert len(got) == len(next(small_chunks.run([("d", text)])).claims)


def test_a_failed_chunk_is_named_and_the_other_parts_are_written(cli, tmp_path, monkeypatch):
    monkeypatch.setattr(claimex.engine.engine, "DEFAULT_CHUNK_CHARS", 400)
    monkeypatch.setattr(claimex.engine.engine, "CONTEXT_BEFORE", 300)
    monkeypatch.setattr(claimex.engine.engine, "CONTEXT_AFTER", 50)
    process = claimex.engine.engine.process_batch

    seen = []

    def third_fails(nlp, pieces):
        results = process(nlp, pieces)
        for piece, result in zip(pieces, results, strict=True):
            seen.append(piece)
            if len(seen) == 3:
                result.claims, result.error = None, "processing failed: test"
        return results

    monkeypatch.setattr(claimex.engine.engine, "process_batch", third_fails)
    path = tmp_path / "long.txt"
    path.write_text(long_text(10), encoding="utf-8")
    result = cli("extract", str(path), "-o", str(tmp_path / "out.jsonl"))
    assert result.exit_code == 1
    line, summary = result.stderr.splitlines()
    assert summary.endswith(", 1 input failed")
    assert line.startswith(f"error: {path} (characters ") and "processing failed: test" in line
    claims = [json.loads(x) for x in (tmp_path / "out.jsonl").read_text().splitlines()]
    assert claims and [c["claim_id"] for c in claims] == [
        f"c{n}" for n in range(1, len(claims) + 1)
    ]


class _Spy:
    def __init__(self, takes_parts: bool) -> None:
        self.takes_parts = takes_parts
        self.calls = 0
        self.held = 0

    def write(self, doc_id, text, claims) -> None:
        self.calls += 1
        self.held = max(self.held, tracemalloc.get_traced_memory()[0])

    def close(self) -> None:
        pass


def _held_while_writing(engine: Engine, articles: int, takes_parts: bool) -> tuple[int, int]:
    """Python memory in use when claims are written (the parser's batch memory is freed by
    then) above that before the run, and how many writes there were."""
    text = long_text(articles)
    spy = _Spy(takes_parts)
    tracemalloc.start()
    try:
        base = tracemalloc.get_traced_memory()[0]
        run_extraction([Document("d", text, "d")], engine, spy, lambda line: None)
    finally:
        tracemalloc.stop()
    return spy.held - base, spy.calls


@pytest.mark.parametrize("takes_parts", [True, False], ids=["streaming", "whole-documents"])
def test_memory_of_a_long_document_does_not_grow_with_its_claims(
    small_chunks, monkeypatch, takes_parts
):
    """Written in parts, 40 more articles (200 more claims of about 2.5 KB each) cost little
    more than their text; a writer of whole documents (table, HTML) keeps them all."""
    monkeypatch.setattr(small_chunks, "batch_size", 1)  # one chunk in flight at a time
    _held_while_writing(small_chunks, 10, takes_parts)  # caches warm
    short, _ = _held_while_writing(small_chunks, 10, takes_parts)
    long, writes = _held_while_writing(small_chunks, 50, takes_parts)
    if takes_parts:
        assert writes > 25
        assert long - short < 150_000, (short, long)
    else:
        assert writes == 1
        assert long - short > 350_000, (short, long)
