"""Every code block of the README and of docs/*.md works exactly as written.

- `python` blocks run, each as a script of its own in a fresh interpreter (as a reader would
  paste it), and must exit 0;
- `bash` blocks are cut into commands (a command goes on over lines with a backslash, an
  open quotation or a here-document) that run with `bash -o pipefail -c`, one by one; each
  must exit 0 without a traceback and, unless it writes to a file, print something;
- `jsonl` blocks hold rule records, which must load over the packaged rules;
- `json` and `text` blocks show output and are not run; any other language fails.

The blocks of a document run in its order in one temporary directory, which holds a copy of
`examples/` and stand-ins for the reader's own files that the commands name: `article.txt`,
`a.txt`, `b.txt` (example articles), `articles/` (a folder of them), `corpus.jsonl` and
`archive.jsonl` (the examples as JSONL records with `id`, `text`, `url` and `body`), and
`gold.jsonl` (gold attributions made from an example's claims). A file that a block writes is
there for the blocks after it. A command in SKIP does not run here, for the reason given.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from conftest import EXAMPLES, ROOT

DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
RUN = {"python", "bash", "jsonl"}
SHOWN = {"json", "text"}

# (pattern found in a command, why it does not run here)
SKIP = [
    (r"^pip install", "installs packages: the tests run on an installed claimex"),
    (r"\.\./shared", "needs the shared gold data in ../shared, which is not part of a clone"),
    (r"benchmarks/", "a benchmark, minutes to hours long: docs/performance.md has its figures"),
]
TOOLS = ["jq", "less"]  # commands that are skipped when the tool is not installed
# (pattern, module): blocks that need an extra (pip install ".[parquet]", ...) skip without it
EXTRAS = [
    (r"pyspark|claimex spark|claimex\.spark", "pyspark"),
    (r"\bdask\b", "distributed"),
    (r"parquet|--arrow", "pyarrow"),
]
TIMEOUT = 600

FENCE = re.compile(r"^```(\S*)\n(.*?)^```$", re.M | re.S)
HEREDOC = re.compile(r"<<-?\s*(['\"]?)(\w+)\1")
WRITES = re.compile(r"(^|\s)(>|-o|--output)\s")


@dataclass(frozen=True)
class Step:
    doc: Path
    line: int
    kind: str  # python, bash (one command) or jsonl
    code: str

    @property
    def label(self) -> str:
        first = self.code.strip().splitlines()[0] if self.code.strip() else ""
        return f"{self.doc.name}:{self.line}:{first[:60]}"


def blocks(doc: Path) -> list[tuple[str, int, str]]:
    text = doc.read_text(encoding="utf-8")
    return [
        (m.group(1), text.count("\n", 0, m.start()) + 1, m.group(2)) for m in FENCE.finditer(text)
    ]


def commands(block: str) -> list[tuple[int, str]]:
    """The commands of a bash block, with the line (from 0) each starts on."""
    out: list[tuple[int, str]] = []
    lines = block.splitlines()
    i = 0
    while i < len(lines):
        start, current = i, lines[i]
        i += 1
        if not current.strip() or current.lstrip().startswith("#"):
            continue
        while True:
            heredoc = HEREDOC.search(current)
            if heredoc:
                while i < len(lines) and lines[i - 1].strip() != heredoc.group(2):
                    current += "\n" + lines[i]
                    i += 1
                break
            if current.endswith("\\") or not _complete(current):
                if i == len(lines):
                    raise AssertionError(f"unfinished command: {current}")
                current += "\n" + lines[i]
                i += 1
                continue
            break
        out.append((start, current))
    return out


def _complete(command: str) -> bool:
    try:
        shlex.split(command, comments=True)
    except ValueError:  # an open quotation
        return False
    return True


def steps(doc: Path) -> list[Step]:
    out: list[Step] = []
    for lang, line, code in blocks(doc):
        if lang == "bash":
            out += [Step(doc, line + 1 + n, "bash", cmd) for n, cmd in commands(code)]
        elif lang in RUN:
            out.append(Step(doc, line, lang, code))
    return out


ALL_STEPS = [step for doc in DOCUMENTS for step in steps(doc)]


def skip_reason(step: Step) -> str | None:
    import importlib.util

    for pattern, module in EXTRAS:
        if step.kind != "jsonl" and re.search(pattern, step.code):
            if importlib.util.find_spec(module) is None:
                return f"{module} is not installed (an extra of claimex)"
            if module == "pyspark" and shutil.which("java") is None:
                return "Spark needs Java 17 or newer"
    if step.kind != "bash":
        return None
    for pattern, reason in SKIP:
        if re.search(pattern, step.code, re.M):
            return reason
    for tool in TOOLS:
        if re.search(rf"(^|\|)\s*{tool}\b", step.code, re.M) and shutil.which(tool) is None:
            return f"{tool} is not installed"
    return None


# -- the workspace of a document ---------------------------------------------------------


@dataclass
class Workspace:
    path: Path
    done: dict[Step, subprocess.CompletedProcess[str] | None] = field(default_factory=dict)


def _readers_files(path: Path) -> None:
    shutil.copytree(EXAMPLES, path / "examples")
    articles = sorted(EXAMPLES.glob("*.txt"))
    shutil.copy(articles[0], path / "article.txt")
    shutil.copy(articles[0], path / "a.txt")
    shutil.copy(articles[1], path / "b.txt")
    (path / "articles" / "2026").mkdir(parents=True)
    for article in articles[:2]:
        shutil.copy(article, path / "articles" / "2026" / article.name)
    records = []
    for article in articles:
        text = article.read_text(encoding="utf-8")
        url = f"https://news.example/{article.stem}"
        records.append({"id": article.stem, "url": url, "text": text, "body": text})
    corpus = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    (path / "corpus.jsonl").write_text(corpus, encoding="utf-8")
    (path / "archive.jsonl").write_text(corpus, encoding="utf-8")
    (path / "gold.jsonl").write_text(_gold(articles[0]) + "\n", encoding="utf-8")


def _gold(article: Path) -> str:
    """A gold record (the shared data's format) whose attributions are the example's claims."""
    text = article.read_text(encoding="utf-8")
    claims_file = article.with_name(article.stem + ".claims.jsonl")
    claims = [json.loads(line) for line in claims_file.read_text(encoding="utf-8").splitlines()]

    def span(s: dict | None) -> dict | None:
        if s is None:
            return None
        out = {"start": s["start"], "end": s["end"], "text": text[s["start"] : s["end"]]}
        if s.get("fragments"):
            out["fragments"] = [span(f) for f in s["fragments"]]
        return out

    attributions = [
        {
            "id": c["claim_id"],
            "type": c["type"],
            "source": span(c["source"]),
            "cue": span(c["cue"]),
            "content": span(c["content"]),
        }
        for c in claims
    ]
    record = {"doc_id": article.name, "text": text, "attributions": attributions, "meta": {}}
    return json.dumps(record, ensure_ascii=False)


@pytest.fixture(scope="module")
def workspaces(tmp_path_factory) -> dict[Path, Workspace]:
    out = {}
    for n, doc in enumerate(DOCUMENTS):
        path = tmp_path_factory.mktemp(f"doc{n}-{doc.stem}")
        _readers_files(path)
        out[doc] = Workspace(path)
    return out


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    env.pop("CLAIMEX_SCREENSHOT", None)
    return env


def _run(step: Step, where: Path) -> subprocess.CompletedProcess[str] | None:
    if skip_reason(step):
        return None
    if step.kind == "jsonl":
        return _load_records(step)
    argv = (
        [sys.executable, "-c", step.code]
        if step.kind == "python"
        else ["bash", "-o", "pipefail", "-c", step.code]
    )
    return subprocess.run(
        argv,
        cwd=where,
        env=_env(),
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=TIMEOUT,
        stdin=subprocess.DEVNULL,
    )


def _load_records(step: Step) -> subprocess.CompletedProcess[str]:
    from claimex.rules import RuleError, load_rules
    from claimex.rules.loader import read_rules

    try:
        read_rules([ln.encode() for ln in step.code.splitlines()], step.label, load_rules())
    except RuleError as exc:
        return subprocess.CompletedProcess([], 1, "", str(exc))
    return subprocess.CompletedProcess([], 0, "loaded", "")


def run_through(space: Workspace, step: Step) -> subprocess.CompletedProcess[str] | None:
    """Run the steps of the document up to `step` that have not run yet, in order."""
    for earlier in steps(step.doc):
        if earlier not in space.done:
            space.done[earlier] = _run(earlier, space.path)
        if earlier == step:
            break
    return space.done[step]


@pytest.mark.parametrize("step", ALL_STEPS, ids=[s.label for s in ALL_STEPS])
def test_code_block_runs_as_written(step, workspaces):
    reason = skip_reason(step)
    if reason:
        pytest.skip(reason)
    result = run_through(workspaces[step.doc], step)
    assert result is not None
    assert result.returncode == 0, f"exit {result.returncode}\n{result.stderr[-3000:]}"
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    if step.kind == "bash" and not WRITES.search(step.code):
        assert result.stdout.strip(), f"no output\n{result.stderr[-3000:]}"


@pytest.mark.parametrize("doc", DOCUMENTS, ids=[d.name for d in DOCUMENTS])
def test_every_block_has_a_known_language(doc):
    unknown = [(line, lang) for lang, line, _ in blocks(doc) if lang not in RUN | SHOWN]
    assert not unknown, f"code blocks that neither run nor are output (line, language): {unknown}"


def test_the_readme_blocks_are_found():
    kinds = [s.kind for s in steps(ROOT / "README.md")]
    assert kinds.count("python") >= 2
    runnable = [s for s in steps(ROOT / "README.md") if s.kind == "bash" and not skip_reason(s)]
    assert any(s.code == "claimex extract examples/budget-vote.txt" for s in runnable)
    assert sum("| jq" in s.code for s in runnable) >= 2 or shutil.which("jq") is None


@pytest.mark.parametrize(
    ("block", "expected"),
    [
        ("claimex a\nclaimex b", ["claimex a", "claimex b"]),
        ("# a comment\n\nclaimex a  # why", ["claimex a  # why"]),
        ("claimex a | jq 'x\n  | y'\nclaimex b", ["claimex a | jq 'x\n  | y'", "claimex b"]),
        ("claimex a \\\n  --b", ["claimex a \\\n  --b"]),
        (
            "cat > f <<'EOF'\n{\"a\": 1}\nEOF\nclaimex f",
            ["cat > f <<'EOF'\n{\"a\": 1}\nEOF", "claimex f"],
        ),
    ],
)
def test_bash_blocks_are_cut_into_commands(block, expected):
    assert [c for _, c in commands(block)] == expected
