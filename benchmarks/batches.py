"""How big should a parser batch be? Words/s and peak RSS of the claimex engine for batch
limits in texts (--batch-size) and characters (batch_chars in models/claimex.cfg).

    python benchmarks/batches.py

Each setting runs in a fresh process over the same corpus (PolNeAR dev when present, else
the examples repeated), so that its peak RSS is its own.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
POLNEAR_DEV = ROOT.parent / "shared" / "data" / "polnear" / "dev.jsonl"
# (texts, characters) per batch; 256 texts is spaCy's default batch size
SETTINGS = [(8, 10**9), (32, 10**9), (64, 10**9), (256, 10**9)]
SETTINGS += [(64, 50_000), (64, 100_000), (64, 200_000)]


def corpus() -> list[tuple[str, str]]:
    if POLNEAR_DEV.exists():
        with POLNEAR_DEV.open(encoding="utf-8") as fh:
            return [(r["doc_id"], r["text"]) for r in map(json.loads, fh)]
    files = sorted((ROOT / "examples").glob("*.txt")) * 20
    return [(f"{f.name}#{n}", f.read_text(encoding="utf-8")) for n, f in enumerate(files)]


def one(size: int, chars: int) -> None:
    from claimex.engine import Engine

    docs = corpus()
    engine = Engine(batch_size=size)
    engine.batch_chars = chars
    start = time.perf_counter()
    claims = sum(len(r.claims) for r in engine.run(docs))
    seconds = time.perf_counter() - start
    words = sum(len(t.split()) for _, t in docs)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"words_s": words / seconds, "peak_mb": peak, "claims": claims}))


def main() -> None:
    if len(sys.argv) == 4 and sys.argv[1] == "--one":
        one(int(sys.argv[2]), int(sys.argv[3]))
        return
    print("batch limit                   words/s  peak RSS")
    for size, chars in SETTINGS:
        cmd = [sys.executable, __file__, "--one", str(size), str(chars)]
        done = subprocess.run(cmd, capture_output=True, text=True, check=True)
        res = json.loads(done.stdout.strip().splitlines()[-1])
        limit = f"{size} texts" + (f", {chars:,} characters" if chars < 10**9 else "")
        print(f"{limit:29} {res['words_s']:7,.0f}  {res['peak_mb']:5.0f} MB", flush=True)


if __name__ == "__main__":
    main()
