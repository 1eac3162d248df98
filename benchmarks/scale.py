"""claimex on one machine and on the engines, measured in one run (issue 13). Not a test.

    python benchmarks/scale.py                       # 2,400 fictional documents
    python benchmarks/scale.py --corpus polnear      # PolNeAR train texts, repeated
    python benchmarks/scale.py --docs 300 --rounds 1 # a quick look

Needs the extras: pip install ".[parquet,spark,dask]" (and Java 17 for Spark). Every
variant reads the same documents (JSONL for the CLI; the same records as a folder of 8
Parquet files, one partition each, for Spark and Dask) and runs in a process of its own:

- the CLI with 1 process, the CLI with --n-process 2;
- Spark local[2] (claimex.spark.extract_claims, Parquet in and out);
- Dask, a LocalCluster of 2 worker processes with 1 thread each.

The variants run in --rounds rounds (default 2), in alternating order (the single-process
CLI in the first round only), and each ratio is taken against the --n-process 2 run of its
own round, so that a load from other users that changes during the run weighs on all.

For each: words/s with start-up excluded; words per CPU-second of all its processes (JVM,
driver and workers included; start-up excluded), split by role (workers, JVM, driver);
start-up seconds; and the peak RSS of each worker (VmHWM). The CLI's start-up is a run over
one document; Spark's is the session plus a warm-up job, one row in each of 2 partitions,
written as Parquet (every Python worker loads its pipeline, the JVM compiles the write
path); Dask's the cluster plus a warm-up task on each worker. At the end: medians over the
rounds, the ratios to --n-process 2 (targets: Spark >= 0.85, Dask >= 0.90) and whether
every run of every variant gave the same claims.

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
    # a folder of PARTITIONS files, as a corpus is stored, each read as one partition
    parquet.mkdir()
    size = -(-len(rows) // PARTITIONS)
    for n in range(PARTITIONS):
        part = pa.Table.from_pylist(rows[n * size : (n + 1) * size])
        pq.write_table(part, parquet / f"part-{n:03d}.parquet")
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


def tree_cpu_by_process(pid: int) -> dict[int, tuple[float, str, str]]:
    """CPU seconds used so far by a process and each of its descendants (a reaped child's
    included in its parent's), with each one's name and command line."""
    out = {}
    for p in [pid, *_descendants(pid)]:
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        cpu = sum(int(f) for f in fields[11:15]) / TICKS  # utime stime cutime cstime
        out[p] = (cpu, _status(p).get("Name", ""), _cmdline(p))
    return out


def role(name: str, cmdline: str) -> str:
    """What a process of an engine's tree is: the JVM, a Python worker that parses (Spark's
    daemon, which forks and reaps them, included), or the rest (driver, client, scheduler
    and nannies)."""
    if name == "java":
        return "jvm"
    if "pyspark.daemon" in cmdline or ("spawn_main" in cmdline and "resource_tracker" not in cmdline):  # fmt: skip  # noqa: E501
        return "workers"
    return "driver"


def cpu_by_role(
    before: dict[int, tuple[float, str, str]], after: dict[int, tuple[float, str, str]]
) -> dict[str, float]:
    """CPU seconds used between two snapshots, by role."""
    roles = {"workers": 0.0, "jvm": 0.0, "driver": 0.0}
    for pid, (cpu, name, cmdline) in after.items():
        roles[role(name, cmdline)] += cpu - before.get(pid, (0.0, "", ""))[0]
    return roles


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
def engine_spark(source: str, target: str) -> dict[str, object]:
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    start = time.perf_counter()
    from pyspark.sql import SparkSession

    from claimex.spark import extract_claims

    spark = (
        SparkSession.builder.master("local[2]")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.memory", "2g")
        # a partition per input file (small files are otherwise packed into one partition,
        # which would then need a shuffle to keep both cores busy)
        .config("spark.sql.files.openCostInBytes", str(1 << 30))
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    session = time.perf_counter() - start
    # one row in each of 2 partitions (a round-robin repartition may put both rows in one,
    # and leave the other Python worker to load its pipeline inside the measured job)
    warm = (
        spark.range(2)
        .repartitionByRange(2, "id")
        .selectExpr("cast(id as string) as id", "'Ada Okoro said it would rain.' as text")
    )
    with tempfile.TemporaryDirectory() as tmp:  # the job's own path: Parquet out
        extract_claims(warm).write.parquet(f"{tmp}/warm")
    startup = time.perf_counter() - start
    df = spark.read.parquet(source)
    partitions = df.rdd.getNumPartitions()
    before, job = tree_cpu_by_process(os.getpid()), time.perf_counter()
    extract_claims(df).write.parquet(target)
    seconds, after = time.perf_counter() - job, tree_cpu_by_process(os.getpid())
    spark.stop()
    roles = cpu_by_role(before, after)
    return {"session": session, "startup": startup, "job": seconds, "cpu": sum(roles.values()),
            "roles": roles, "partitions": partitions}  # fmt: skip


def engine_dask(source: str, target: str) -> dict[str, object]:
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
    # a partition per file, read by the worker that processes it
    ddf = dd.read_parquet(source)
    before, job = tree_cpu_by_process(os.getpid()), time.perf_counter()
    extract_claims(ddf).to_parquet(target, write_index=False)
    seconds, after = time.perf_counter() - job, tree_cpu_by_process(os.getpid())
    client.close()
    cluster.close()
    roles = cpu_by_role(before, after)
    return {"session": session, "startup": startup, "job": seconds, "cpu": sum(roles.values()),
            "roles": roles, "partitions": ddf.npartitions}  # fmt: skip


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


VARIANTS = [
    ("CLI, 1 process", "cli-1", []),
    ("CLI, --n-process 2", "cli-2", ["--n-process", "2"]),
    ("Spark local[2]", "spark", []),
    ("Dask, 2 workers", "dask", []),
]
BASE = "CLI, --n-process 2"


def measure(engine: str, extra: list[str], paths: tuple[Path, Path, Path], out: Path) -> dict:
    """One run of a variant: words/s and CPU come from its job alone (start-up excluded)."""
    jsonl, parquet, one = paths
    cli = [sys.executable, "-m", "claimex", "extract", "-q"]
    me = [sys.executable, str(Path(__file__).resolve())]
    if engine.startswith("cli"):
        one_out = out.with_suffix(".one")
        startup, startup_cpu, _, _ = run([*cli, str(one), "-o", str(one_out), *extra], engine)
        seconds, cpu, _, tree = run([*cli, str(jsonl), "-o", str(out), *extra], engine)
        work, cpu, roles = seconds - startup, cpu - startup_cpu, {}
    else:
        seconds, _, timings, tree = run([*me, "--engine", engine, str(parquet), str(out)], engine)
        startup, work, cpu = timings["startup"], timings["job"], timings["cpu"]
        roles = timings["roles"]
    return {"seconds": work, "cpu": cpu, "startup": startup, "total": seconds, "roles": roles,
            "workers": tree.workers(engine), "jvm": tree.jvm(),
            "claims": claims_of(out)}  # fmt: skip


def spread(values: list[float]) -> str:
    return f" ({min(values):.2f}-{max(values):.2f})" if len(values) > 1 else ""


def median(values: list[float]) -> float:
    ordered = sorted(values)
    mid = len(ordered) // 2
    return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, default=2400)
    parser.add_argument("--corpus", choices=["fictional", "polnear"], default="fictional")
    parser.add_argument("--rounds", type=int, default=2, help="rounds of the variants (>= 1)")
    parser.add_argument("--engine", choices=["spark", "dask"], help=argparse.SUPPRESS)
    parser.add_argument("paths", nargs="*", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.engine:
        timings = (engine_spark if args.engine == "spark" else engine_dask)(*args.paths)
        print(json.dumps(timings))
        return

    rows = records(args.corpus, args.docs)
    words = sum(len(WORD.findall(r["text"])) for r in rows)
    load = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    print(f"corpus: {len(rows):,} {args.corpus} documents, {words:,} words; "
          f"{args.rounds} rounds; load average {load}")  # fmt: skip
    runs: dict[str, list[dict]] = {name: [] for name, _, _ in VARIANTS}
    reference: list[dict] | None = None
    same: dict[str, bool] = {name: True for name, _, _ in VARIANTS}
    with tempfile.TemporaryDirectory(prefix="claimex-scale-") as tmp:
        folder = Path(tmp)
        paths = write_corpus(rows, folder)
        for n in range(args.rounds):
            # the order alternates, so that a load that grows or falls during the run weighs
            # on every variant alike; the single-process CLI only runs in the first round
            order = VARIANTS if n % 2 == 0 else VARIANTS[::-1]
            for name, engine, extra in order:
                if engine == "cli-1" and n > 0:
                    continue
                out = folder / f"{engine}-{n}{'.jsonl' if engine.startswith('cli') else ''}"
                r = measure(engine, extra, paths, out)
                reference = reference if reference is not None else r["claims"]
                same[name] = same[name] and r["claims"] == reference
                del r["claims"]
                r["round"] = n
                runs[name].append(r)
                roles = " ".join(f"{k} {v:.0f}" for k, v in r["roles"].items() if v)
                print(f"  round {n + 1} {name:20} {words / r['seconds']:7,.0f} words/s  "
                      f"{words / r['cpu']:7,.0f} words/CPU-s  start-up {r['startup']:5.1f} s  "
                      f"(wall {r['total']:6.1f} s{'; CPU-s ' + roles if roles else ''})",
                      flush=True)  # fmt: skip

    def ratios(name: str, key: str) -> list[float]:
        """This variant's figure over --n-process 2's in the same round."""
        base = {r["round"]: r[key] for r in runs[BASE]}
        return [base[r["round"]] / r[key] for r in runs[name]]  # times and CPU: inverse

    print()
    print("| variant | words/s | ratio to --n-process 2 | words per CPU-second | ratio | "
          "start-up s | peak RSS of each worker MB | same claims as the CLI |")  # fmt: skip
    print("|---|---|---|---|---|---|---|---|")
    for name, variant_runs in runs.items():
        last = variant_runs[-1]
        workers = "/".join(f"{mb:.0f}" for mb in last["workers"]) or "?"
        if last["jvm"]:
            workers += f" (+ JVM {last['jvm']:.0f})"
        rate = median([words / r["seconds"] for r in variant_runs])
        per_cpu = median([words / r["cpu"] for r in variant_runs])
        rate_ratios, cpu_ratios = ratios(name, "seconds"), ratios(name, "cpu")
        print(f"| {name} | {rate:,.0f} | {median(rate_ratios):.2f}{spread(rate_ratios)} | "
              f"{per_cpu:,.0f} | {median(cpu_ratios):.2f}{spread(cpu_ratios)} | "
              f"{median([r['startup'] for r in variant_runs]):.1f} | {workers} | "
              f"{'yes' if same[name] else 'NO'} |")  # fmt: skip
    for name, variant_runs in runs.items():
        shares = [r["roles"] for r in variant_runs if r["roles"]]
        if shares:
            parts = ", ".join(
                f"{role} {median([100 * s[role] / sum(s.values()) for s in shares]):.0f}%"
                for role in shares[0]
                if any(s[role] for s in shares)
            )
            print(f"\n{name}: CPU of the job by process: {parts}", end="")
    after = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    print(f"\n\nmedians over the rounds (ratios: of each round's own --n-process 2 run; range in "
          f"brackets); targets: Spark >= 0.85, Dask >= 0.90 of --n-process 2 in words/s; "
          f"load average after: {after}")  # fmt: skip


if __name__ == "__main__":
    main()
