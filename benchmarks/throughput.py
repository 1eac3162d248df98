"""Throughput and memory of claimex, measured in one run (issue 4). Not a test.

    python benchmarks/throughput.py                 # everything (about an hour on 2 cores)
    python benchmarks/throughput.py --rss-mb 20 --long-mb 1 --rounds 1   # a quick look
    python benchmarks/throughput.py --rounds 0 --rss-mb 0 --long-mb 5 20 --whole-chars 0

Corpus: ../shared/data/polnear/dev.jsonl (relative to the project root) when present, else
the articles in examples/, repeated. It prints, all from this one run:

- how fast `claimex --help` and `claimex --version` answer;
- words/s and peak memory of (1) the bare spaCy pipeline (benchmarks/bare_spacy.py: same
  model and components, same batches), (2) `claimex extract` end to end (the CLI, writing
  JSONL to a file), (3) the same with `--n-process 2`; each in its own process, timed from
  start to exit (loading included), the three run in turn for --rounds rounds;
- peak memory of (2) over a corpus of --rss-mb megabytes (the corpus repeated);
- a single document of --long-mb megabytes (articles joined by blank lines; several sizes
  may be given) against its articles processed one by one: same claims? Its peak memory,
  RSS over the run, and when its first claims reach stdout.
"""

from __future__ import annotations

import argparse
import bisect
import json
import os
import platform
import shutil
import statistics
import sys
import tempfile
from collections import Counter
from datetime import datetime
from pathlib import Path

import measure

ROOT = Path(__file__).resolve().parents[1]
POLNEAR_DEV = ROOT.parent / "shared" / "data" / "polnear" / "dev.jsonl"
CLAIMEX = [sys.executable, "-m", "claimex"]


def articles() -> tuple[str, list[tuple[str, str]]]:
    """(where from, [(doc_id, text)]): PolNeAR dev when present, else the examples."""
    if POLNEAR_DEV.exists():
        with POLNEAR_DEV.open(encoding="utf-8") as fh:
            records = [json.loads(line) for line in fh if line.strip()]
        return str(POLNEAR_DEV), [(r["doc_id"], r["text"]) for r in records]
    files = sorted((ROOT / "examples").glob("*.txt"))
    return "examples/*.txt", [(f.name, f.read_text(encoding="utf-8")) for f in files]


def write_corpus(
    path: Path, docs: list[tuple[str, str]], copies: int = 1, min_bytes: int = 0
) -> tuple[int, int]:
    """`docs` repeated `copies` times, or until the file holds `min_bytes`, as a JSONL
    corpus (ids made unique with "#n"); (documents, words)."""
    n = words = size = 0
    with path.open("w", encoding="utf-8") as out:
        while n < copies * len(docs) or size < min_bytes:
            doc_id, text = docs[n % len(docs)]
            line = json.dumps({"doc_id": f"{doc_id}#{n}", "text": text}, ensure_ascii=False)
            out.write(line + "\n")
            size += len(line.encode("utf-8")) + 1
            n += 1
            words += len(text.split())
    return n, words


def machine() -> str:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor() or "unknown CPU",
    )
    mem_kb = int(Path("/proc/meminfo").read_text().split()[1])
    import spacy

    from claimex.pipeline import default_model

    model = default_model()
    version = spacy.util.get_package_version(model) or "?"
    return (
        f"{cpu}, {os.cpu_count()} cores, {mem_kb / 1024**2:.0f} GiB; Python "
        f"{platform.python_version()}, spaCy {spacy.__version__}, {model} {version}"
    )


def load() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def startup() -> None:
    for args in (["--help"], ["--version"]):
        times = [measure.run([*CLAIMEX, *args]).seconds for _ in range(5)]
        print(f"  claimex {args[0]:10} {statistics.median(times):.2f} s (median of 5)")


def check(result: measure.Measured, what: str) -> None:
    if result.returncode != 0:
        sys.exit(f"{what} failed ({result.returncode}):\n{result.stderr[-2000:]}")


def throughput(corpus: Path, words: int, rounds: int, tmp: Path) -> dict[str, list]:
    bare = [sys.executable, str(ROOT / "benchmarks" / "bare_spacy.py"), str(corpus)]
    keys = ["--text-key", "text", "--id-key", "doc_id"]
    extract = [*CLAIMEX, "extract", str(corpus), *keys, "-o", str(tmp / "claims.jsonl"), "-q"]
    variants = {
        "(1) bare spaCy": bare,
        "(2) claimex extract": extract,
        "(3) --n-process 2": [*extract, "--n-process", "2"],
    }
    runs: dict[str, list[measure.Measured]] = {name: [] for name in variants}
    for r in range(rounds):
        for name, cmd in variants.items():
            before = load()
            result = measure.run(cmd)
            check(result, name)
            runs[name].append(result)
            print(
                f"  round {r + 1} {name:20} {result.seconds:6.1f} s  "
                f"{words / result.seconds:6,.0f} words/s  (load average before: {before})",
                flush=True,
            )
    return runs


def report_throughput(runs: dict[str, list[measure.Measured]], words: int) -> None:
    rate = {name: words / statistics.median(r.seconds for r in rs) for name, rs in runs.items()}
    print("  median over the rounds (words/s from start to exit, loading included):")
    for name, rs in runs.items():
        mem = (
            f"peak RSS {max(r.peak_rss_mb for r in rs):5.0f} MB"
            if "n-process" not in name
            else f"peak RSS {max(r.peak_tree_rss_mb for r in rs):5.0f} MB summed over the "
            f"processes (PSS {max(r.peak_tree_pss_mb for r in rs):.0f} MB)"
        )
        print(f"    {name:22} {rate[name]:6,.0f} words/s  {mem}")
    one, two, three = rate.values()
    print(f"  (2)/(1) = {two / one:.3f}   (target >= 0.90)")
    print(f"  (3)/(2) = {three / two:.3f}   (target >= 1.5)")


def big_corpus(docs: list[tuple[str, str]], mb: float, tmp: Path) -> None:
    corpus = tmp / "big.jsonl"
    n, words = write_corpus(corpus, docs, copies=0, min_bytes=int(mb * 1e6))
    size = corpus.stat().st_size / 1e6
    print(f"  corpus: {size:.0f} MB, {n:,} documents, {words:,} words", flush=True)
    cmd = [*CLAIMEX, "extract", str(corpus), "--text-key", "text", "--id-key", "doc_id"]
    result = measure.run([*cmd, "-o", str(tmp / "big-claims.jsonl"), "--quiet"], interval=1.0)
    check(result, "claimex extract on the big corpus")
    corpus.unlink()
    print(
        f"  (2) claimex extract: {result.seconds:,.0f} s, {words / result.seconds:,.0f} words/s, "
        f"peak RSS {result.peak_rss_mb:.0f} MB (target < 600 MB)"
    )
    print_timeline(result)


def print_timeline(result: measure.Measured) -> None:
    """RSS at 10%, 25%, 50%, 75% and the end of the run (sampled)."""
    line = result.timeline
    if line:
        marks = [line[min(len(line) - 1, int(len(line) * f))] for f in (0.1, 0.25, 0.5, 0.75, 1)]
        print("  RSS over the run: " + ", ".join(f"{rss:.0f} MB at {t:,.0f} s" for t, rss in marks))


def long_document(docs: list[tuple[str, str]], mb: float, tmp: Path, keep: Path | None) -> None:
    from claimex.engine.chunking import chunk_text
    from claimex.engine.engine import CONTEXT_AFTER, CONTEXT_BEFORE, DEFAULT_CHUNK_CHARS

    sep = "\n\n"
    parts: list[int] = []  # index into docs of each article in the long document
    offsets: list[int] = []
    size = 0
    while size < mb * 1e6:
        for i, (_, text) in enumerate(docs):
            parts.append(i)
            offsets.append(size)
            size += len(text) + len(sep)
            if size >= mb * 1e6:
                break
    text = sep.join(docs[i][1] for i in parts)
    path = tmp / "long.txt"
    path.write_text(text, encoding="utf-8", newline="")
    chunks = list(chunk_text(text, DEFAULT_CHUNK_CHARS, CONTEXT_BEFORE, CONTEXT_AFTER))
    print(
        f"  document: {len(text.encode('utf-8')) / 1e6:.1f} MB, {len(text):,} characters, "
        f"{len(parts):,} articles joined by blank lines, {len(chunks)} chunks",
        flush=True,
    )
    # to stdout, as `claimex extract long.txt | jq ...` reads it: when do the first claims come?
    out = tmp / "long.jsonl"
    whole = measure.run([*CLAIMEX, "extract", str(path), "-q"], interval=1.0, stdout=out)
    check(whole, "claimex extract on the long document")
    claims = [json.loads(line) for line in out.open(encoding="utf-8")]
    if keep is not None:
        shutil.copyfile(out, keep / f"long-{mb:g}MB.jsonl")
    words = len(text.split())
    first = "never" if whole.first_output is None else f"after {whole.first_output:,.0f} s"
    print(
        f"  whole: {whole.seconds:,.0f} s, {words / whole.seconds:,.0f} words/s, "
        f"peak RSS {whole.peak_rss_mb:.0f} MB, {len(claims):,} claims, first claims {first}"
    )
    print_timeline(whole)
    # each distinct article once, on its own; its claims are those of every copy
    arts = tmp / "articles.jsonl"
    write_corpus(arts, docs)
    sep_run = measure.run(
        [*CLAIMEX, "extract", str(arts), "--id-key", "doc_id", "-o", str(tmp / "arts.jsonl"), "-q"]
    )
    check(sep_run, "claimex extract on the articles")
    per_article: dict[str, list[dict]] = {}
    for line in (tmp / "arts.jsonl").open(encoding="utf-8"):
        claim = json.loads(line)
        per_article.setdefault(claim["doc_id"].rsplit("#", 1)[0], []).append(claim)
    expected = [
        (_key(c, off), _speaker(c))
        for i, off in zip(parts, offsets, strict=True)
        for c in per_article.get(docs[i][0], [])
    ]
    got = [(_key(c, 0), _speaker(c)) for c in claims]
    compare(expected, got, text, offsets, chunks)


def chunked_vs_whole(docs: list[tuple[str, str]], chars: int, tmp: Path) -> None:
    text = ""
    for _, article in docs * (chars // sum(len(t) for _, t in docs) + 1):
        if len(text) + len(article) + 2 > chars:
            break
        text += article + "\n\n"
    path = tmp / "whole.txt"
    path.write_text(text, encoding="utf-8", newline="")
    script = ROOT / "benchmarks" / "chunked_vs_whole.py"
    result = measure.run([sys.executable, str(script), str(path)])
    check(result, "chunked_vs_whole.py")
    res = json.loads(result.stdout.strip().splitlines()[-1])
    print(
        f"  {len(text):,} characters: {res['chunks']} chunks, {res['chunked']:,} claims; as one "
        f"Doc, {res['whole']:,} claims; identical but for the speaker: "
        f"{res['same_but_speaker']:,}; same speaker (name and kind): {res['same_speaker']:,}; "
        f"same speaker mention too: {res['same_mention']:,} "
        f"(peak RSS of the process {result.peak_rss_mb:,.0f} MB)"
    )


def _key(claim: dict, shift: int) -> tuple:
    def span(s: dict | None) -> tuple | None:
        return None if s is None else (s["start"] + shift, s["end"] + shift)

    frags = tuple(span(f) for f in claim["content"]["fragments"])
    spans = (span(claim["source"]), span(claim["cue"]), span(claim["content"]), frags)
    return (claim["type"], claim["rule"], *spans)


def _speaker(claim: dict) -> tuple | None:
    spk = claim["speaker"]
    return None if spk is None else (spk["name"], spk["kind"])


def compare(expected: list, got: list, text: str, offsets: list[int], chunks: list) -> None:
    exp_claims, got_claims = Counter(k for k, _ in expected), Counter(k for k, _ in got)
    missing, extra = exp_claims - got_claims, got_claims - exp_claims
    print(
        f"  articles one by one: {len(expected):,} claims; the whole document: {len(got):,}; "
        f"same claims (type, rule, source, cue, content): "
        f"{sum((exp_claims & got_claims).values()):,}, missing {sum(missing.values())}, "
        f"extra {sum(extra.values())}"
    )
    boundaries = [c.start for c in chunks[1:]]
    places: dict[str, list[str]] = {
        "within 200 characters of an article start": [],
        "within 2,000 characters of a chunk boundary": [],
        "elsewhere": [],
    }
    for label, diff in (("missing", missing), ("extra", extra)):
        for key, count in diff.items():
            pos = min(s[0] for s in key[2:5] if s is not None)
            into = pos - offsets[bisect.bisect_right(offsets, pos) - 1]
            gap = min((abs(pos - b) for b in boundaries), default=len(text))
            place = list(places)[0 if into < 200 else 1 if gap < 2_000 else 2]
            quoted = text[key[4][0] : key[4][1]][:50]
            note = f"{into:,} characters into its article, {gap:,} from a chunk boundary"
            places[place] += [f"{label}: {key[1]} {quoted!r}, {note}"] * count
    for place, items in places.items():
        print(f"  differences {place}: {len(items)}")
        for item in items[:3]:
            print(f"    {item}")
    same = {k: s for k, s in got}
    agree = sum(1 for k, s in expected if k in same and same[k] == s)
    print(f"  of the same claims, same speaker (name and kind): {agree:,}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--repeat", type=int, default=3, help="copies of the corpus to time")
    ap.add_argument("--rounds", type=int, default=2, help="of the speed runs (0: none)")
    ap.add_argument("--rss-mb", type=float, default=200, help="size of the memory corpus")
    ap.add_argument(
        "--long-mb",
        type=float,
        nargs="+",
        default=[5.0],
        help="sizes of the single document (several: one run each; 0: none)",
    )
    ap.add_argument(
        "--keep", type=Path, metavar="DIR", help="keep the long documents' claims in DIR"
    )
    ap.add_argument(
        "--whole-chars",
        type=int,
        default=950_000,
        help="size of the text parsed in chunks and as one Doc (0: not measured)",
    )
    args = ap.parse_args()
    source, docs = articles()
    print(f"claimex throughput benchmark, {datetime.now():%Y-%m-%d %H:%M}")
    print(f"machine: {machine()}")
    print(f"command: python benchmarks/throughput.py {' '.join(sys.argv[1:])}".rstrip())
    print(f"load average at start: {load()}")
    with tempfile.TemporaryDirectory(prefix="claimex-bench-") as name:
        tmp = Path(name)
        corpus = tmp / "corpus.jsonl"
        n, words = write_corpus(corpus, docs, copies=args.repeat)
        if args.rounds:
            print("\nstartup")
            startup()
            print(f"\nthroughput on {source} x{args.repeat}: {n:,} documents, {words:,} words")
            runs = throughput(corpus, words, args.rounds, tmp)
            report_throughput(runs, words)
        if args.rss_mb:
            print(f"\nmemory on a {args.rss_mb:g} MB corpus ({source} repeated)")
            big_corpus(docs, args.rss_mb, tmp)
        sizes = [mb for mb in args.long_mb if mb > 0]
        for mb in sizes:
            print(f"\na single document of {mb:g} MB")
            long_document(docs, mb, tmp, args.keep)
        if sizes and args.whole_chars:
            print("\nwhat chunking changes: one document parsed in chunks and as one spaCy Doc")
            chunked_vs_whole(docs, args.whole_chars, tmp)
    print(f"\nload average at end: {load()}   finished {datetime.now():%Y-%m-%d %H:%M}")


if __name__ == "__main__":
    main()
