"""Count what claimex still gets wrong on a gold file, by category (for docs/accuracy.md).

    python benchmarks/error_categories.py ../shared/data/polnear/dev.jsonl

Runs claimex over the gold texts, scores the claims like the reference scorer, and sorts:
- misses (gold claims not found at Dice 0.5): the cue word is not in the lexicon / it is,
  but no rule fired (construction not covered or misparsed) / a claim overlaps the gold one
  but its content boundaries are too far off / the gold claim sits inside a direct quote
  (claimex does not report attributions quoted within a quote);
- false claims: by rule, and whether they overlap a gold claim at all;
- matched claims with a wrong source or cue: by rule.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

from claimex.extraction.quotes import find_quotes
from claimex.pipeline import load_pipeline
from claimex.reports.evaluation import charset, dice, score
from claimex.rules import load_rules


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("gold", type=Path)
    args = ap.parse_args()
    gold = [json.loads(line) for line in args.gold.read_text(encoding="utf-8").splitlines()]
    nlp = load_pipeline()
    rules = load_rules()
    docs = {}
    preds: dict[str, list[dict]] = {}
    for record, doc in zip(gold, nlp.pipe(d["text"] for d in gold), strict=True):
        docs[record["doc_id"]] = doc
        preds[record["doc_id"]] = [dict(c, doc_id=record["doc_id"]) for c in doc._.claimex_data]
    report = score(gold, preds)
    texts = {d["doc_id"]: d["text"] for d in gold}

    misses: Counter[str] = Counter()
    miss_lemmas: Counter[str] = Counter()
    for pair in report.misses:
        text = texts[pair.doc_id]
        g = pair.gold
        gc = charset(g["content"], text)
        overlap = max(
            (dice(charset(p["content"], text), gc) for p in preds[pair.doc_id]), default=0.0
        )
        cue = g.get("cue")
        lemma, pos = "-", "-"
        if cue:
            span = docs[pair.doc_id].char_span(cue["start"], cue["end"], alignment_mode="expand")
            if span is not None and len(span):
                lemma, pos = span.root.lemma_.lower(), span.root.pos_
        in_quote = cue is not None and any(
            q.start <= cue["start"] < q.end for q in find_quotes(text)
        )
        known = any((lemma, p) in rules.cues for p in ("VERB", "NOUN", "ADJ")) or lemma in (
            "accord",
            ":",
        )
        if in_quote:
            misses["inside a direct quote"] += 1
        elif overlap > 0:
            misses["content boundaries too far off (overlap below 0.5)"] += 1
        elif not known:
            misses[f"cue not in the lexicon ({pos_name(pos)})"] += 1
            miss_lemmas[lemma] += 1
        else:
            misses["cue in the lexicon, construction not covered or misparsed"] += 1

    false: Counter[str] = Counter()
    for pair in report.false:
        where = "overlaps a gold claim" if pair.overlap > 0 else "no gold claim there"
        false[f"{pair.pred['rule']}: {where}"] += 1
    false_where = Counter(k.split(": ")[1] for k in false.elements())
    parts: Counter[str] = Counter()
    for pair in report.wrong_parts:
        if not pair.source_ok:
            parts[f"wrong source ({pair.pred['rule']})"] += 1
        if not pair.cue_ok:
            parts[f"wrong cue ({pair.pred['rule']})"] += 1

    m = report.metrics()
    out = sys.stdout
    out.write(f"{m['documents']} documents, {m['gold']} gold, {m['pred']} claims\n")
    out.write("content@0.5 P/R/F {:.3f} {:.3f} {:.3f}\n".format(*m["content_0.5"]))
    out.write("triple@0.5  P/R/F {:.3f} {:.3f} {:.3f}\n".format(*m["triple_0.5"]))
    for title, counts in (
        ("misses", misses),
        ("false claims", false),
        ("matched, part wrong", parts),
    ):
        out.write(f"\n{title} ({sum(counts.values())})\n")
        for key, n in counts.most_common():
            out.write(f"  {n:5d}  {key}\n")
    out.write(f"\nfalse claims: {dict(false_where)}\n")
    out.write(f"wrong sources {sum(v for k, v in parts.items() if 'source' in k)}, ")
    out.write(f"wrong cues {sum(v for k, v in parts.items() if 'cue' in k)}\n")
    out.write("\nmost frequent cue lemmas outside the lexicon among misses:\n  ")
    out.write(", ".join(f"{k} {v}" for k, v in miss_lemmas.most_common(25)) + "\n")


def pos_name(pos: str) -> str:
    return {
        "VERB": "verbs",
        "NOUN": "nouns",
        "AUX": "be/have predicates",
        "ADP": "prepositions",
        "ADJ": "adjectives",
        "PUNCT": "punctuation",
    }.get(pos, "other")


if __name__ == "__main__":
    main()
