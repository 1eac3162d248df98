"""Throughput of this checkout against another one (say main), measured in one run: the
same `claimex extract` over the same corpus, each checkout's code in turn (PYTHONPATH set to
its src/), alternating for --rounds rounds after a warm-up of each. Not a test.

    python benchmarks/against.py ../main                  # PolNeAR dev, 3 rounds
    python benchmarks/against.py ../main --rounds 5 --corpus corpus.jsonl

Prints each run's wall and CPU seconds (loading the model included; CPU time is the steadier
of the two on a shared machine) and the ratios of the medians, other's time / this
checkout's time: above 1 means this checkout is faster. It also says whether the two wrote
the same number of claims.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
POLNEAR_DEV = ROOT.parent / "shared" / "data" / "polnear" / "dev.jsonl"


def run(src: Path, corpus: Path, out: Path) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one `claimex extract` with the code of `src`."""
    env = {**os.environ, "PYTHONPATH": str(src)}
    cmd = [sys.executable, "-m", "claimex", "extract", str(corpus), "--text-key", "text"]
    cmd += ["--id-key", "doc_id", "-o", str(out), "-q"]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(cmd, env=env, check=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("other", type=Path, help="the other checkout (its src/ is used)")
    ap.add_argument("--corpus", type=Path, default=POLNEAR_DEV)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    sides = {"this": ROOT / "src", "other": args.other.resolve() / "src"}
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in sides}
    with tempfile.TemporaryDirectory() as tmp:
        outs = {name: Path(tmp) / f"{name}.jsonl" for name in sides}
        for name, src in sides.items():  # warm-up: file caches, byte-compiled modules
            run(src, args.corpus, outs[name])
        for n in range(args.rounds):
            order = list(sides) if n % 2 == 0 else list(reversed(sides))
            for name in order:
                wall, cpu = run(sides[name], args.corpus, outs[name])
                times[name].append((wall, cpu))
                print(f"round {n + 1} {name:5s} {wall:7.2f} s wall {cpu:7.2f} s CPU", flush=True)
        claims = {name: len(out.read_text("utf-8").splitlines()) for name, out in outs.items()}
    for k, what in enumerate(("wall", "CPU")):
        med = {name: statistics.median(t[k] for t in ts) for name, ts in times.items()}
        print(f"median {what}: this {med['this']:.2f} s, other {med['other']:.2f} s, ", end="")
        print(f"ratio other/this = {med['other'] / med['this']:.3f}")
    print(f"claims: this {claims['this']}, other {claims['other']}")


if __name__ == "__main__":
    main()
