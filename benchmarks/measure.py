"""Run a command and measure it: wall time, peak memory of the process and of its workers.

Linux only (reads /proc). Peak RSS of the process itself comes from wait4 (exact); for a
process with workers, the RSS and PSS of the whole tree are sampled every `interval`
seconds and summed (RSS counts the pages that forked workers share with their parent once
per process, PSS splits them between them).
"""

from __future__ import annotations

import os
import subprocess
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024


@dataclass
class Measured:
    seconds: float
    returncode: int
    peak_rss_mb: float  # of the process itself
    peak_tree_rss_mb: float  # sum over the process and its children, sampled
    peak_tree_pss_mb: float
    timeline: list[tuple[float, float]] = field(default_factory=list)  # (seconds, tree RSS MB)
    stdout: str = ""
    stderr: str = ""
    first_output: float | None = None  # seconds from the start to the first byte on stdout


def _children(pid: int) -> list[int]:
    out = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                out.append(int(entry.name))
    return out


def _rss_pss_kb(pid: int) -> tuple[int, int]:
    try:
        rss = int((Path(f"/proc/{pid}/statm")).read_text().split()[1]) * PAGE_KB
        pss = 0
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                pss = int(line.split()[1])
                break
        return rss, pss
    except (OSError, ValueError, IndexError):
        return 0, 0


def run(
    cmd: list[str], interval: float = 0.25, cwd: Path | None = None, stdout: Path | None = None
) -> Measured:
    """Run `cmd` to its end and measure it; its stdout goes to the file `stdout` if given
    (else into `Measured.stdout`)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    first: list[float] = []
    peaks = {"rss": 0, "pss": 0}
    timeline: list[tuple[float, float]] = []
    done = threading.Event()

    def sample() -> None:
        while not done.wait(interval):
            pids = [proc.pid, *_children(proc.pid)]
            sizes = [_rss_pss_kb(p) for p in pids]
            rss, pss = sum(s[0] for s in sizes), sum(s[1] for s in sizes)
            peaks["rss"] = max(peaks["rss"], rss)
            peaks["pss"] = max(peaks["pss"], pss)
            timeline.append((time.perf_counter() - start, rss / 1024))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out_chunks: list[bytes] = []
    err_chunks: list[bytes] = []

    def read_stdout() -> None:
        sink = stdout.open("wb") if stdout is not None else None
        try:
            while chunk := proc.stdout.read1(1 << 16):  # type: ignore[union-attr]
                if not first:
                    first.append(time.perf_counter() - start)
                if sink is not None:
                    sink.write(chunk)
                else:
                    out_chunks.append(chunk)
        finally:
            if sink is not None:
                sink.close()

    readers = [
        threading.Thread(target=read_stdout, daemon=True),
        threading.Thread(target=lambda: err_chunks.append(proc.stderr.read()), daemon=True),  # type: ignore[union-attr]
    ]
    for r in readers:
        r.start()
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    done.set()
    sampler.join()
    for r in readers:
        r.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    return Measured(
        seconds=seconds,
        returncode=proc.returncode,
        peak_rss_mb=usage.ru_maxrss / 1024,
        peak_tree_rss_mb=peaks["rss"] / 1024,
        peak_tree_pss_mb=peaks["pss"] / 1024,
        timeline=timeline,
        stdout=b"".join(out_chunks).decode("utf-8", "replace"),
        stderr=b"".join(err_chunks).decode("utf-8", "replace"),
        first_output=first[0] if first else None,
    )
