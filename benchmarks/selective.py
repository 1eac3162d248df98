"""Experiment: parse only the paragraphs where a claim is possible. Does it pay off?

A paragraph is kept when it holds a quotation mark or a word form of a cue of the lexicon
(the lemmas of src/claimex/rules/cues.jsonl, their regular inflections and the irregular
forms of the model's lemmatizer tables), together with the paragraph before each kept one
(the context that introduces a speaker or holds a pronoun's antecedent). The other
paragraphs are blanked out with spaces, so that the document keeps its length and every
offset, and the tokenizer turns each blanked paragraph into one white-space token: the
tagger, parser and recogniser then have almost nothing to do there.

The variants run in this one process on the same texts, alternating, after a warm-up run
(the best of --rounds runs is kept), and are scored with the reference scorer; a selective
variant is worth keeping only if it is clearly faster and its F scores stay within 0.005 of
the full run.

    python benchmarks/selective.py [--gold ../shared/data/polnear/dev.jsonl] [--rounds 3]
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
QUOTE_MARKS = "\"“”‘’«»„`'"
PARAGRAPH = re.compile(r"[^\n]+")
SENTENCE = re.compile(r"[^\n]+?(?:[.!?][\"”’')\]]*(?=\s)|$)", re.MULTILINE)


def cue_forms(nlp) -> set[str]:
    """Lower-case word forms of every cue lemma (over-generating is harmless here)."""
    lemmas = set()
    for line in (ROOT / "src" / "claimex" / "rules" / "cues.jsonl").read_text("utf-8").splitlines():
        if line.strip():
            record = json.loads(line)
            if record.get("type", "cue") == "cue":
                lemmas.add(record["lemma"].lower())
    forms = set()
    for lemma in lemmas:
        stem = lemma[:-1] if lemma.endswith("e") else lemma
        forms |= {lemma, lemma + "s", lemma + "es", lemma + "d", lemma + "ed", stem + "ing"}
        if lemma.endswith("y"):
            forms |= {lemma[:-1] + "ies", lemma[:-1] + "ied"}
        if re.search(r"[^aeiou][aeiou][bdgklmnprt]$", lemma):
            forms |= {lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"}
    table = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_exc")
    for pos in ("verb", "noun", "adj"):
        for form, form_lemmas in table.get(pos, {}).items():
            if lemmas.intersection(form_lemmas):
                forms.add(form.lower())
    forms.add("according")
    return forms


def selector(forms: set[str]):
    words = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*")

    def possible(paragraph: str) -> bool:
        if any(ch in QUOTE_MARKS for ch in paragraph):
            return True
        return any(w.lower() in forms for w in words.findall(paragraph))

    return possible


def units(text: str, sentences: bool) -> list[tuple[int, int]]:
    """(start, end) of the paragraphs of `text`, or of its sentence-like pieces."""
    pattern = SENTENCE if sentences else PARAGRAPH
    return [(m.start(), m.end()) for m in pattern.finditer(text) if m.group().strip()]


def blank(text: str, possible, sentences: bool = False) -> tuple[str, int]:
    """The text with every paragraph that cannot hold a claim (nor is context for one)
    replaced by spaces; and the number of characters kept. With `sentences`, the most
    aggressive variant: sentence-like pieces are kept or blanked, with no context."""
    paras = units(text, sentences)
    keep = [possible(text[a:b]) for a, b in paras]
    if not sentences:
        keep = [k or (i + 1 < len(keep) and keep[i + 1]) for i, k in enumerate(keep)]
    out = list(text)
    kept = 0
    for (a, b), k in zip(paras, keep, strict=True):
        if k:
            kept += b - a
        else:
            out[a:b] = " " * (b - a)
    return "".join(out), kept


def score(gold: Path, pred: Path) -> dict:
    scorer = SHARED / "eval" / "score.py"
    done = subprocess.run(
        [sys.executable, str(scorer), "--json", str(gold), str(pred)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--gold", type=Path, default=SHARED / "data" / "polnear" / "dev.jsonl")
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    if not args.gold.exists():
        sys.exit(f"{args.gold} is not available: this experiment needs gold data")
    from claimex.engine import Engine

    records = [json.loads(line) for line in args.gold.open(encoding="utf-8") if line.strip()]
    docs = [(r["doc_id"], r["text"]) for r in records]
    words = sum(len(t.split()) for _, t in docs)
    engine = Engine()
    possible = selector(cue_forms(engine.nlp))
    variants: dict[str, list[tuple[str, str]]] = {"full": docs}
    select_s: dict[str, float] = {"full": 0.0}
    kept: dict[str, float] = {"full": 1.0}
    total = sum(len(t) for _, t in docs)
    for name, sentences in (("paragraphs", False), ("sentences", True)):
        t = time.perf_counter()
        blanked = [(d, *blank(text, possible, sentences)) for d, text in docs]
        select_s[name] = time.perf_counter() - t
        variants[name] = [(d, b) for d, b, _ in blanked]
        kept[name] = sum(k for _, _, k in blanked) / total
    seconds: dict[str, list[float]] = {name: [] for name in variants}
    preds: dict[str, Path] = {}
    tmp = Path(tempfile.mkdtemp(prefix="claimex-selective-"))
    list(engine.run(docs))  # warm up: the first run in a process is the slowest
    for _ in range(args.rounds):
        for name, items in variants.items():
            t = time.perf_counter()
            results = list(engine.run(items))
            seconds[name].append(time.perf_counter() - t)
            preds[name] = tmp / f"{name}.jsonl"
            with preds[name].open("w", encoding="utf-8") as out:
                for res in results:
                    for claim in res.claims:
                        out.write(json.dumps(claim, ensure_ascii=False) + "\n")
    print(f"corpus: {args.gold} ({len(docs)} documents, {words:,} words)")
    print(
        "variants: full; paragraphs = paragraphs with a quote mark or cue word and the "
        "paragraph before each; sentences = only sentence-like pieces with one, no context"
    )
    scores = {name: score(args.gold, path) for name, path in preds.items()}
    full_s = min(seconds["full"])
    for name in variants:
        sc, full = scores[name], scores["full"]
        best = min(seconds[name]) + select_s[name]
        runs = ", ".join(f"{s + select_s[name]:.1f}" for s in seconds[name])
        d_content = sc["content_0.5"][2] - full["content_0.5"][2]
        d_triple = sc["triple_0.5"][2] - full["triple_0.5"][2]
        print(
            f"{name:10}  parsed {kept[name]:6.1%} of characters  {words / best:6,.0f} words/s "
            f"(best of {runs} s; {full_s / best:.3f}x full)  claims {sc['pred']}  "
            f"content@0.5 F {sc['content_0.5'][2]:.4f} ({d_content:+.4f})  "
            f"triple@0.5 F {sc['triple_0.5'][2]:.4f} ({d_triple:+.4f})"
        )
    spread = max(max(v) / min(v) - 1 for v in seconds.values())
    print(
        f"spread between runs of one variant: up to {spread:.1%}. Keep a variant only if it "
        "is faster by clearly more than that and neither F drops by more than 0.005."
    )


if __name__ == "__main__":
    main()
