"""Sharded, resumable runs: `claimex extract 'in/*.jsonl.gz' -o out/ --resume --shard K/N`.

One output per input, named after it; complete outputs only (a killed, interrupted or
failing run leaves no partial file under an output's name); --resume; --shard selection;
the run summary."""

from __future__ import annotations

import gzip
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimex.cli import app
from claimex.engine.shards import select_shard

STRIKE = (
    "“We did not want this strike,” said Adaeze Okoro, the union's general secretary.\n\n"
    "The operator said it had made a fair offer.\n"
)


def cli(*args: str):
    return CliRunner().invoke(app, list(args), catch_exceptions=False)


def text(i: int) -> str:
    return f"Item {i}. " + STRIKE


def shard_file(path: Path, ids: range) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    data = "".join(json.dumps({"id": f"doc-{i}", "text": text(i)}) + "\n" for i in ids)
    path.write_bytes(gzip.compress(data.encode()) if path.suffix == ".gz" else data.encode())
    return path


def shards(root: Path, n: int, per_shard: int = 2) -> list[Path]:
    """n gzipped JSONL shards in-<k>.jsonl.gz, with per_shard documents each."""
    return [
        shard_file(root / f"in-{k}.jsonl.gz", range(k * per_shard, (k + 1) * per_shard))
        for k in range(n)
    ]


def expected_output(path: Path) -> str:
    """What a plain run over one input writes."""
    result = cli("extract", str(path))
    assert result.exit_code == 0, result.stderr
    return result.stdout


def summaries(out: Path) -> list[dict]:
    return [json.loads(p.read_text()) for p in sorted(out.glob("claimex-summary-*.json"))]


def outputs(out: Path) -> list[str]:
    """Every file below `out` but the summaries, relative, sorted."""
    return sorted(
        p.relative_to(out).as_posix()
        for p in out.rglob("*")
        if p.is_file() and not p.name.startswith("claimex-summary-")
    )


# ---- one output per input -------------------------------------------------------------
@pytest.mark.parametrize("n_process", ["1", "2"])
def test_one_output_per_input_named_after_it(tmp_path, n_process):
    inputs = [
        shard_file(tmp_path / "in" / "2024" / "a.jsonl.gz", range(0, 2)),
        shard_file(tmp_path / "in" / "2024" / "b.jsonl", range(2, 4)),
        shard_file(tmp_path / "in" / "2025" / "a.jsonl.gz", range(4, 6)),
    ]
    out = tmp_path / "out"
    result = cli(
        "extract",
        str(tmp_path / "in" / "**" / "*.jsonl*"),
        "-o",
        f"{out}/",
        "--n-process",
        n_process,
        "--batch-size",
        "1",
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert outputs(out) == ["2024/a.jsonl", "2024/b.jsonl", "2025/a.jsonl"]
    for path, name in zip(inputs, ["2024/a.jsonl", "2024/b.jsonl", "2025/a.jsonl"], strict=True):
        assert (out / name).read_text(encoding="utf-8") == expected_output(path)


def test_an_existing_directory_needs_no_slash_and_a_format_names_the_suffix(tmp_path):
    (inp,) = shards(tmp_path / "in", 1)
    out = tmp_path / "out"
    out.mkdir()
    result = cli("extract", str(inp), "-o", str(out), "-f", "csv")
    assert result.exit_code == 0, result.stderr
    assert outputs(out) == ["in-0.csv"]
    assert (out / "in-0.csv").read_text().startswith("doc_id,claim_id,")


# ---- --shard --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("shard", "expected"),
    [
        ("1/1", [1, 2, 3, 4, 5]),
        ("1/2", [1, 3, 5]),
        ("2/2", [2, 4]),
        ("1/3", [1, 4]),
        ("3/3", [3]),
        ("5/5", [5]),
        ("6/6", []),
    ],
)
def test_shard_k_of_n_takes_inputs_k_k_plus_n_and_so_on(shard, expected):
    k, n = map(int, shard.split("/"))
    assert select_shard([1, 2, 3, 4, 5], k, n) == expected


@pytest.mark.parametrize("n", [1, 2, 3, 7])
def test_the_jobs_of_an_array_take_every_input_once(n):
    inputs = list(range(1, 11))
    taken = [i for k in range(1, n + 1) for i in select_shard(inputs, k, n)]
    assert sorted(taken) == inputs


def test_shard_selects_from_the_sorted_pattern_matches(tmp_path):
    shards(tmp_path / "in", 5)  # in-0 ... in-4
    out = tmp_path / "out"
    pattern = str(tmp_path / "in" / "*.jsonl.gz")
    for k in (1, 2):
        result = cli("extract", pattern, "-o", f"{out}/", "--shard", f"{k}/2")
        assert result.exit_code == 0, result.stderr
    assert outputs(out) == [f"in-{i}.jsonl" for i in range(5)]
    by_shard = {s["shard"]: [x["input"] for x in s["shards"]] for s in summaries(out)}
    assert by_shard == {
        "1/2": [str(tmp_path / "in" / f"in-{i}.jsonl.gz") for i in (0, 2, 4)],
        "2/2": [str(tmp_path / "in" / f"in-{i}.jsonl.gz") for i in (1, 3)],
    }


def test_shard_without_a_directory_selects_the_inputs_of_stdout(tmp_path):
    inputs = shards(tmp_path / "in", 3)
    result = cli("extract", *map(str, inputs), "--shard", "2/2")
    assert result.exit_code == 0
    assert result.stdout == expected_output(inputs[1])


@pytest.mark.parametrize("value", ["0/3", "4/3", "3", "a/b", "1/0", "-1/2"])
def test_a_bad_shard_is_a_usage_error(tmp_path, value):
    (inp,) = shards(tmp_path / "in", 1)
    result = cli("extract", str(inp), "--shard", value)
    assert result.exit_code == 2
    assert "--shard" in result.stderr


# ---- --resume ---------------------------------------------------------------------------
def test_resume_skips_outputs_that_exist_and_a_plain_run_replaces_them(tmp_path):
    inputs = shards(tmp_path / "in", 3)
    out = tmp_path / "out"
    out.mkdir()
    (out / "in-1.jsonl").write_text("kept\n")
    result = cli("extract", *map(str, inputs), "-o", f"{out}/", "--resume")
    assert result.exit_code == 0, result.stderr
    assert (out / "in-1.jsonl").read_text() == "kept\n"
    assert (out / "in-2.jsonl").read_text() == expected_output(inputs[2])
    (summary,) = summaries(out)
    assert [s["status"] for s in summary["shards"]] == ["written", "skipped", "written"]
    assert summary["inputs"] == {
        "total": 3,
        "written": 2,
        "skipped": 1,
        "failed": 0,
        "interrupted": 0,
        "pending": 0,
    }
    result = cli("extract", *map(str, inputs), "-o", f"{out}/")
    assert result.exit_code == 0
    assert (out / "in-1.jsonl").read_text() == expected_output(inputs[1])
    assert len(summaries(out)) == 2  # a summary per run: the first is kept


def test_a_failing_shard_leaves_no_output_and_resume_tries_it_again(tmp_path):
    inputs = shards(tmp_path / "in", 3)
    data = inputs[1].read_bytes()
    inputs[1].write_bytes(data[: len(data) // 2])  # truncated: a download cut short
    out = tmp_path / "out"
    result = cli("extract", *map(str, inputs), "-o", f"{out}/")
    assert result.exit_code == 1
    assert f"error: {inputs[1]}: compressed stream ends early" in result.stderr
    assert outputs(out) == ["in-0.jsonl", "in-2.jsonl"]  # nothing under in-1's name
    (summary,) = summaries(out)
    failed = summary["shards"][1]
    assert failed["status"] == "failed" and failed["errors"] == 1
    assert "compressed stream ends early" in failed["failures"][0]
    result = cli("extract", *map(str, inputs), "-o", f"{out}/", "--resume")
    assert result.exit_code == 1
    second = summaries(out)[-1]
    assert [s["status"] for s in second["shards"]] == ["skipped", "failed", "skipped"]
    shard_file(inputs[1], range(2, 4))  # downloaded again
    assert cli("extract", *map(str, inputs), "-o", f"{out}/", "--resume").exit_code == 0
    assert (out / "in-1.jsonl").read_text() == expected_output(inputs[1])


def test_a_bad_record_is_counted_and_its_shard_is_written(tmp_path):
    path = tmp_path / "in" / "mixed.jsonl"
    path.parent.mkdir()
    path.write_text(
        json.dumps({"id": "a", "text": STRIKE}) + "\n{broken\n" + json.dumps({"id": "b"}) + "\n"
    )
    out = tmp_path / "out"
    result = cli("extract", str(path), "-o", f"{out}/")
    assert result.exit_code == 1
    assert outputs(out) == ["mixed.jsonl"]
    (summary,) = summaries(out)
    assert summary["errors"] == 2 and summary["documents"] == 1
    assert summary["shards"][0]["status"] == "written"
    assert [f.split(": ")[0] for f in summary["shards"][0]["failures"]] == [
        f"{path}:2",
        f"{path}:3",
    ]
    # written: --resume does not read it again (the bad lines would stay bad)
    assert cli("extract", str(path), "-o", f"{out}/", "--resume").exit_code == 0


# ---- the summary ------------------------------------------------------------------------------
def test_the_summary_counts_what_the_outputs_hold(tmp_path):
    inputs = shards(tmp_path / "in", 3, per_shard=3)
    missing = tmp_path / "in" / "gone.jsonl"
    out = tmp_path / "out"
    result = cli("extract", *map(str, inputs), str(missing), "-o", f"{out}/")
    assert result.exit_code == 1
    (summary,) = summaries(out)
    claims = {
        name: [json.loads(line) for line in (out / name).read_text().splitlines()]
        for name in outputs(out)
    }
    assert summary["claims"] == sum(len(c) for c in claims.values())
    assert summary["documents"] == 9
    assert summary["errors"] == 1
    assert summary["words"] == sum(len(text(i).split()) for i in range(9))
    assert summary["words_per_second"] > 0
    assert summary["format"] == "jsonl" and summary["shard"] is None
    per_shard = summary["shards"]
    assert [s["input"] for s in per_shard] == [*map(str, inputs), str(missing)]
    assert [s["status"] for s in per_shard] == ["written", "written", "written", "failed"]
    for entry in per_shard[:3]:
        name = Path(entry["output"]).name
        assert entry["claims"] == len(claims[name])
        assert entry["documents"] == len({c["doc_id"] for c in claims[name]}) == 3
    assert per_shard[3]["failures"] == [f"{missing}: no such file or directory"]


# ---- usage errors -------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("names", "message"),
    [
        (["a/x.jsonl", "a/x.jsonl.gz"], "would both write"),
        (["x.jsonl", "x.csv"], "would both write"),
    ],
)
def test_inputs_whose_outputs_collide_are_a_usage_error(tmp_path, names, message):
    paths = [shard_file(tmp_path / name, range(1)) for name in names]
    result = cli("extract", *map(str, paths), "-o", f"{tmp_path / 'out'}/")
    assert result.exit_code == 2
    assert message in result.stderr
    assert not (tmp_path / "out").exists()


def test_an_output_over_its_input_is_a_usage_error(tmp_path):
    (inp,) = [shard_file(tmp_path / "data" / "x.jsonl", range(1))]
    before = inp.read_bytes()
    result = cli("extract", str(inp), "-o", f"{tmp_path / 'data'}/")
    assert result.exit_code == 2
    assert "would overwrite an input" in result.stderr
    assert inp.read_bytes() == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--resume"], "--resume needs a directory"),
        (["--emit-text"], "--emit-text writes the texts beside the output"),
    ],
)
def test_options_that_need_an_output_are_usage_errors(tmp_path, args, message):
    (inp,) = shards(tmp_path / "in", 1)
    result = cli("extract", str(inp), *args)
    assert result.exit_code == 2
    assert message in result.stderr


def test_an_output_directory_that_cannot_be_made_is_one_line(tmp_path):
    (inp,) = shards(tmp_path / "in", 1)
    blocker = tmp_path / "taken"
    blocker.write_text("a file, not a directory\n")
    result = cli("extract", str(inp), "-o", f"{blocker}/out/")
    assert result.exit_code == 1
    assert "Traceback" not in result.stderr
    assert [line for line in result.stderr.splitlines() if line.startswith("error:")] == [
        f"error: {blocker}/out: cannot write the summary (Not a directory)",
        f"error: {blocker}/out: cannot write (Not a directory)",
    ]
    assert blocker.read_text() == "a file, not a directory\n"


def test_stdin_cannot_be_a_shard(tmp_path):
    result = CliRunner().invoke(app, ["extract", "-", "-o", f"{tmp_path}/out/"], input=STRIKE)
    assert result.exit_code == 2
    assert "stdin" in result.stderr


# ---- interrupted and killed runs ------------------------------------------------------------
def _start(tmp_path: Path, n: int) -> tuple[subprocess.Popen, Path, list[Path]]:
    inputs = shards(tmp_path / "in", n, per_shard=25)
    out = tmp_path / "out"
    args = [sys.executable, "-m", "claimex", "extract", str(tmp_path / "in" / "*.jsonl.gz")]
    args += ["-o", f"{out}/", "--batch-size", "1"]
    proc = subprocess.Popen(args, stderr=subprocess.PIPE, text=True, start_new_session=True)
    deadline = time.monotonic() + 120
    while not (out / "in-0.jsonl").exists() and time.monotonic() < deadline:
        assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
        time.sleep(0.02)
    return proc, out, inputs


def _check_complete(out: Path, inputs: list[Path]) -> set[str]:
    """Every output under its own name is the whole output of its input; their names."""
    done = set()
    for path in inputs:
        name = path.name.replace(".jsonl.gz", ".jsonl")
        if (out / name).exists():
            assert (out / name).read_text() == expected_output(path)
            done.add(name)
    return done


def test_a_killed_run_leaves_complete_outputs_only_and_resume_finishes(tmp_path):
    proc, out, inputs = _start(tmp_path, 6)
    try:
        os.killpg(proc.pid, signal.SIGKILL)  # no clean-up of any kind
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    done = _check_complete(out, inputs)
    assert "in-0.jsonl" in done and len(done) < 6, "the run was not stopped mid-way"
    leftovers = [name for name in outputs(out) if name not in done]
    assert all(n.startswith(".") and n.endswith(".partial") for n in leftovers), leftovers
    result = cli("extract", str(tmp_path / "in" / "*.jsonl.gz"), "-o", f"{out}/", "--resume")
    assert result.exit_code == 0, result.stderr
    assert _check_complete(out, inputs) == {f"in-{k}.jsonl" for k in range(6)}
    (summary,) = summaries(out)  # the killed run wrote none
    assert summary["inputs"]["skipped"] == len(done)


def test_ctrl_c_stops_after_complete_shards_and_exits_130(tmp_path):
    proc, out, inputs = _start(tmp_path, 6)
    try:
        proc.send_signal(signal.SIGINT)
        _, stderr = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    assert proc.returncode == 130, stderr
    assert "Traceback" not in stderr
    done = _check_complete(out, inputs)
    assert outputs(out) == sorted(done)  # no temporary file left behind
    (summary,) = summaries(out)
    statuses = [s["status"] for s in summary["shards"]]
    assert statuses[: len(done)] == ["written"] * len(done) and len(done) < 6
    # the shard at hand was stopped (unless Ctrl-C came between two shards); the ones after
    # it were not begun
    rest = statuses[len(done) :]
    assert rest in (["interrupted"] + ["pending"] * (5 - len(done)), ["pending"] * (6 - len(done)))


def test_parquet_shards_carry_the_kept_fields_as_columns(tmp_path):
    pq = pytest.importorskip("pyarrow.parquet", reason='pip install ".[parquet]"')
    inputs = shards(tmp_path / "in", 2)
    out = tmp_path / "out"
    result = cli("extract", *map(str, inputs), "-o", f"{out}/", "-f", "parquet", "--keep", "id")
    assert result.exit_code == 0, result.stderr
    assert outputs(out) == ["in-0.parquet", "in-1.parquet"]
    for path, name in zip(inputs, outputs(out), strict=True):
        rows = pq.read_table(out / name).to_pylist()
        claims = [json.loads(line) for line in expected_output(path).splitlines()]
        assert len(rows) == len(claims) > 0
        for row, claim in zip(rows, claims, strict=True):
            assert row["id"] == claim["doc_id"]  # the kept field, a column of its own
            assert {k: v for k, v in row.items() if k != "id"} == claim
