"""claimex on one machine and on the engines, measured in one run (issue 13). Not a test.

    python benchmarks/scale.py                       # 2,400 fictional documents
    python benchmarks/scale.py --corpus polnear      # PolNeAR train texts, repeated
    python benchmarks/scale.py --docs 300            # a quick look

Needs the extras: pip install ".[parquet,spark,dask]" (and Java 17 for Spark). Every
variant reads the same documents (JSONL for the CLI, the same records as Parquet for Spark
and Dask) and runs in a process of its own, in turn:

- the CLI with 1 process, the CLI with --n-process 2;
- Spark local[2] (claimex.spark.extract_claims, Parquet in and out);
- Dask, a LocalCluster of 2 worker processes with 1 thread each.

For each: words/s with start-up excluded; words per CPU-second of all its processes (JVM,
driver and workers included; start-up excluded), which other users' load on a shared
machine disturbs much less than wall time; start-up seconds; and the peak RSS of each
worker (VmHWM). The CLI's start-up is a run over one document; Spark's is the session plus
a warm-up job that loads the pipeline in both Python workers; Dask's the cluster plus a
warm-up task on each worker. At the end: the ratios to the CLI with --n-process 2 (targets:
Spark >= 0.85, Dask >= 0.90) and whether every variant gave the same claims.

The corpus: --corpus fictional (tests/fictional.py: variations of the example articles) or
polnear (../shared/data/polnear/train.jsonl, read at run time, repeated to --docs).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
POLNEAR_TRAIN = ROOT.parent / "shared" / "data" / "polnear" / "train.jsonl"
WORD = re.compile(r"\S+")
PARTITIONS = 8


# ---- the corpus -----------------------------------------------------------------------------
def records(kind: str, docs: int) -> list[dict[str, str]]:
    if kind == "polnear":
        if not POLNEAR_TRAIN.exists():
            sys.exit(f"{POLNEAR_TRAIN} is not available")
        with POLNEAR_TRAIN.open(encoding="utf-8") as fh:
            texts = [json.loads(line)["text"] for line in fh if line.strip()]
        return [{"id": f"doc-{n:06d}", "text": texts[n % len(texts)]} for n in range(docs)]
    sys.path.insert(0, str(ROOT / "tests"))
    from fictional import corpus

    return [{"id": r["id"], "text": r["text"]} for r in corpus(docs)]


def write_corpus(rows: list[dict[str, str]], folder: Path) -> tuple[Path, Path, Path]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    jsonl, parquet, one = folder / "corpus.jsonl", folder / "corpus.parquet", folder / "one.jsonl"
    jsonl.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    one.write_text(json.dumps(rows[0]) + "\n", encoding="utf-8")
    pq.write_table(pa.Table.from_pylist(rows), parquet, row_group_size=len(rows) // PARTITIONS + 1)
    return jsonl, parquet, one


# ---- measuring a process tree ---------------------------------------------------------------
def _status(pid: int) -> dict[str, str]:
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return {}
    return dict(line.split(":\t", 1) for line in text.splitlines() if ":\t" in line)


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def _descendants(pid: int) -> list[int]:
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            ppid = _status(int(entry.name)).get("PPid")
            if ppid:
                parents[int(entry.name)] = int(ppid)
    out, frontier = [], [pid]
    while frontier:
        parent = frontier.pop()
        kids = [p for p, pp in parents.items() if pp == parent]
        out.extend(kids)
        frontier.extend(kids)
    return out


TICKS = os.sysconf("SC_CLK_TCK")


def tree_cpu(pid: int) -> float:
    """CPU seconds used so far by a process and its descendants (reaped ones included)."""
    total = 0
    for p in [pid, *_descendants(pid)]:
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += sum(int(f) for f in fields[11:15])  # utime stime cutime cstime
    return total / TICKS


class Tree:
    """Peak RSS (VmHWM, the kernel's own high-water mark) of every process of a tree."""

    def __init__(self, root: int) -> None:
        self.root = root
        self.peaks: dict[int, float] = {}
        self.info: dict[int, tuple[str, int, str]] = {}  # pid -> (name, ppid, cmdline)
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._sample, daemon=True)
        self.thread.start()

    def _sample(self) -> None:
        while not self.done.wait(0.5):
            for pid in [self.root, *_descendants(self.root)]:
                status = _status(pid)
                hwm = status.get("VmHWM", "0 kB").split()[0]
                self.peaks[pid] = max(self.peaks.get(pid, 0.0), int(hwm) / 1024)
                if pid not in self.info and status:
                    self.info[pid] = (status["Name"], int(status["PPid"]), _cmdline(pid))

    def stop(self) -> None:
        self.done.set()
        self.thread.join()

    def workers(self, engine: str) -> list[float]:
        """Peak MB of each worker process: the processes that parse."""
        out = []
        for pid, (name, ppid, cmd) in self.info.items():
            if "resource_tracker" in cmd or not name.startswith("python"):
                continue
            parent = self.info.get(ppid, ("", 0, ""))[2]
            worker = {
                "cli-1": pid == self.root,
                "cli-2": ppid == self.root,
                "spark": "pyspark.daemon" in parent,  # forked by Spark's Python daemon
                "dask": ppid == self.root and "spawn_main" in cmd,
            }[engine]
            if worker:
                out.append(self.peaks[pid])
        return sorted(out)

    def jvm(self) -> float:
        return max(
            (self.peaks[p] for p, (name, _, _) in self.info.items() if name == "java"), default=0
        )


def run(cmd: list[str], engine: str) -> tuple[float, float, dict[str, float], Tree]:
    """(wall seconds, CPU seconds of the whole tree, the engine's own timings, the tree)."""
    start = time.perf_counter()
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, text=True)
        tree = Tree(proc.pid)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        tree.stop()
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{' '.join(cmd)} failed ({status}):\n{stderr[-3000:]}")
    timings = json.loads(stdout.strip().splitlines()[-1]) if engine in ("spark", "dask") else {}
    return seconds, usage.ru_utime + usage.ru_stime, timings, tree


# ---- the engines, each run as `scale.py --engine NAME INPUT OUTPUT` --------------------------
def engine_spark(source: str, target: str) -> dict[str, float]:
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    start = time.perf_counter()
    from pyspark.sql import SparkSession

    from claimex.spark import extract_claims

    spark = (
        SparkSession.builder.master("local[2]")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.memory", "2g")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    session = time.perf_counter() - start
    warm = spark.createDataFrame([("a", "Ada Okoro said it would rain."), ("b", "Ivo said no.")],
                                 "id string, text string").repartition(2)  # fmt: skip
    extract_claims(warm).count()  # both Python workers load their pipeline
    startup = time.perf_counter() - start
    job, cpu = time.perf_counter(), tree_cpu(os.getpid())
    df = spark.read.parquet(source).repartition(PARTITIONS)
    extract_claims(df).write.parquet(target)
    seconds, cpu = time.perf_counter() - job, tree_cpu(os.getpid()) - cpu
    spark.stop()
    return {"session": session, "startup": startup, "job": seconds, "cpu": cpu}


def engine_dask(source: str, target: str) -> dict[str, float]:
    start = time.perf_counter()
    import dask.dataframe as dd
    from distributed import Client, LocalCluster

    from claimex.dask import extract_claims
    from claimex.engine.columnar import ColumnarJob, worker_engine

    cluster = LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    )
    client = Client(cluster)
    session = time.perf_counter() - start
    for worker in client.scheduler_info()["workers"]:  # each worker loads its pipeline
        client.submit(worker_engine, ColumnarJob(), workers=[worker], pure=False).result()
    startup = time.perf_counter() - start
    job, cpu = time.perf_counter(), tree_cpu(os.getpid())
    ddf = dd.read_parquet(source).repartition(npartitions=PARTITIONS)
    extract_claims(ddf).to_parquet(target, write_index=False)
    seconds, cpu = time.perf_counter() - job, tree_cpu(os.getpid()) - cpu
    client.close()
    cluster.close()
    return {"session": session, "startup": startup, "job": seconds, "cpu": cpu}


# ---- the claims, compared -------------------------------------------------------------------
def claims_of(path: Path) -> list[dict]:
    if path.suffix == ".jsonl":
        rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    else:
        import pyarrow.parquet as pq

        rows = []
        for file in sorted(path.rglob("*.parquet")):
            rows.extend(pq.read_table(file).to_pylist())
        errors = [r for r in rows if r.get("error")]
        if errors:
            sys.exit(f"{path}: {len(errors)} error rows, the first: {errors[0]}")
        rows = [{k: v for k, v in r.items() if k != "error"} for r in rows]
    return sorted(rows, key=lambda c: (c["doc_id"], int(c["claim_id"][1:])))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, default=2400)
    parser.add_argument("--corpus", choices=["fictional", "polnear"], default="fictional")
    parser.add_argument("--engine", choices=["spark", "dask"], help=argparse.SUPPRESS)
    parser.add_argument("paths", nargs="*", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.engine:
        timings = (engine_spark if args.engine == "spark" else engine_dask)(*args.paths)
        print(json.dumps(timings))
        return

    rows = records(args.corpus, args.docs)
    words = sum(len(WORD.findall(r["text"])) for r in rows)
    print(f"corpus: {len(rows):,} {args.corpus} documents, {words:,} words; "
          f"load average {' '.join(Path('/proc/loadavg').read_text().split()[:3])}")  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="claimex-scale-") as tmp:
        folder = Path(tmp)
        jsonl, parquet, one = write_corpus(rows, folder)
        cli = [sys.executable, "-m", "claimex", "extract", "-q"]
        me = [sys.executable, str(Path(__file__).resolve())]
        results: dict[str, dict[str, object]] = {}
        variants = [
            ("CLI, 1 process", "cli-1", []),
            ("CLI, --n-process 2", "cli-2", ["--n-process", "2"]),
            ("Spark local[2]", "spark", []),
            ("Dask, 2 workers", "dask", []),
        ]
        for name, engine, extra in variants:
            out = folder / f"{engine}{'.jsonl' if engine.startswith('cli') else ''}"
            if engine.startswith("cli"):
                one_out = folder / "one.out"
                startup, startup_cpu, _, _ = run([*cli, str(one), "-o", str(one_out), *extra],
                                                 engine)  # fmt: skip
                seconds, cpu, _, tree = run([*cli, str(jsonl), "-o", str(out), *extra], engine)
                work, cpu = seconds - startup, cpu - startup_cpu
            else:
                seconds, _, timings, tree = run([*me, "--engine", engine, str(parquet), str(out)],
                                                engine)  # fmt: skip
                startup, work, cpu = timings["startup"], timings["job"], timings["cpu"]
            results[name] = {
                "engine": engine,
                "rate": words / work,
                "per_cpu": words / cpu,
                "startup": startup,
                "total": seconds,
                "workers": tree.workers(engine),
                "jvm": tree.jvm(),
                "claims": claims_of(out),
            }
            print(f"  {name:20} {words / work:7,.0f} words/s  {words / cpu:7,.0f} words/CPU-s  "
                  f"start-up {startup:5.1f} s  (wall {seconds:6.1f} s)", flush=True)  # fmt: skip

    base = results["CLI, --n-process 2"]
    reference = results["CLI, 1 process"]["claims"]
    print()
    print("| variant | words/s | ratio to --n-process 2 | words per CPU-second | ratio | "
          "start-up s | peak RSS of each worker MB | same claims as the CLI |")  # fmt: skip
    print("|---|---|---|---|---|---|---|---|")
    for name, r in results.items():
        workers = "/".join(f"{mb:.0f}" for mb in r["workers"]) or "?"  # type: ignore[attr-defined]
        if r["jvm"]:
            workers += f" (+ JVM {r['jvm']:.0f})"
        same = "yes" if r["claims"] == reference else "NO"
        print(f"| {name} | {r['rate']:,.0f} | {r['rate'] / base['rate']:.2f} | "  # type: ignore[operator]
              f"{r['per_cpu']:,.0f} | {r['per_cpu'] / base['per_cpu']:.2f} | "  # type: ignore[operator]
              f"{r['startup']:.1f} | {workers} | {same} |")  # fmt: skip
    after = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    print(f"\n{len(reference):,} claims; targets: Spark >= 0.85, Dask >= 0.90 of --n-process 2; "
          f"load average after: {after}")  # fmt: skip


if __name__ == "__main__":
    main()
