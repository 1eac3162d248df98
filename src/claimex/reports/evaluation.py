"""Score claims against gold attributions, with the metrics of the reference scorer.

Definitions (shared/eval/score.py of the project's data): per document, each content is a
set of character positions after trimming white space, quote marks and punctuation at both
ends of every fragment; two contents overlap by their Dice coefficient; predictions and gold
are paired one to one, greedily, best overlap first. Reported: content@exact and content@0.5
precision/recall/F; of the pairs matched at 0.5, the share whose source (and cue) also agree
(both absent, or Dice >= 0.5 after trimming); triple@0.5 (content, source and cue all right);
recall by gold type. On top: per-rule and per-cue-lemma counts of right and wrong claims,
and the misses and false claims themselves for error analysis.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

TRIM = set(" \t\r\n\u00a0\"'“”‘’«»„‚.,;:!?()[]{}—–-…")
Span = Mapping[str, Any]


def pieces(span: Span | None) -> list[tuple[int, int]]:
    if not span:
        return []
    frags = span.get("fragments") or [span]
    return [(int(f["start"]), int(f["end"])) for f in frags]


def charset(span: Span | None, text: str) -> frozenset[int]:
    out: set[int] = set()
    for lo, hi in pieces(span):
        lo, hi = max(0, lo), min(len(text), hi)
        while lo < hi and text[lo] in TRIM:
            lo += 1
        while hi > lo and text[hi - 1] in TRIM:
            hi -= 1
        out.update(range(lo, hi))
    return frozenset(out)


def dice(a: frozenset[int], b: frozenset[int]) -> float:
    if not a and not b:
        return 1.0
    if not a or not b:
        return 0.0
    return 2 * len(a & b) / (len(a) + len(b))


def agree(pred: Span | None, gold: Span | None, text: str) -> bool:
    if pred is None and gold is None:
        return True
    if pred is None or gold is None:
        return False
    return dice(charset(pred, text), charset(gold, text)) >= 0.5


def prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


@dataclass
class Pair:
    """A prediction matched to a gold attribution (or either one alone)."""

    doc_id: str
    pred: Mapping[str, Any] | None
    gold: Mapping[str, Any] | None
    overlap: float = 0.0
    source_ok: bool = False
    cue_ok: bool = False


@dataclass
class Report:
    documents: int = 0
    gold: int = 0
    pred: int = 0
    counts: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    by_type: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    by_rule: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0, 0]))
    by_lemma: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0, 0]))
    misses: list[Pair] = field(default_factory=list)
    false: list[Pair] = field(default_factory=list)
    wrong_parts: list[Pair] = field(default_factory=list)

    def metrics(self) -> dict[str, Any]:
        c = self.counts
        return {
            "documents": self.documents,
            "gold": self.gold,
            "pred": self.pred,
            "content_exact": prf(c["exact"], self.pred, self.gold),
            "content_0.5": prf(c["half"], self.pred, self.gold),
            "source_acc": c["source_ok"] / c["half"] if c["half"] else 0.0,
            "cue_acc": c["cue_ok"] / c["half"] if c["half"] else 0.0,
            "triple_0.5": prf(c["triple"], self.pred, self.gold),
            "recall_by_type": {k: v[0] / v[1] for k, v in sorted(self.by_type.items()) if v[1]},
        }

    def rule_table(self) -> list[dict[str, Any]]:
        """Per rule: claims, matched at 0.5, fully right (triple), precision of each."""
        return _table(self.by_rule, "rule")

    def lemma_table(self) -> list[dict[str, Any]]:
        return _table(self.by_lemma, "lemma")


def _table(counts: Mapping[str, list[int]], key: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for name, (n, matched, triple) in counts.items():
        rows.append(
            {
                key: name,
                "claims": n,
                "matched": matched,
                "wrong": n - matched,
                "triple": triple,
                "precision": matched / n if n else 0.0,
            }
        )
    rows.sort(key=lambda r: (-r["claims"], r[key]))
    return rows


def score(
    gold_docs: Sequence[Mapping[str, Any]],
    preds_by_doc: Mapping[str, Iterable[Mapping[str, Any]]],
) -> Report:
    """Match predictions to gold per document and count, as the reference scorer does."""
    report = Report(documents=len(gold_docs))
    for doc in gold_docs:
        text = doc["text"]
        doc_id = str(doc["doc_id"])
        ignore = [(s["start"], s["end"]) for s in doc.get("meta", {}).get("ignore_spans", [])]

        def ignored(cs: frozenset[int], ignore: list[tuple[int, int]] = ignore) -> bool:
            return bool(cs) and any(all(lo <= i < hi for i in cs) for lo, hi in ignore)

        gold: list[tuple[Mapping[str, Any], frozenset[int]]] = []
        for g in doc["attributions"]:
            gc = charset(g.get("content"), text)
            if g.get("content") and not ignored(gc):
                gold.append((g, gc))
        preds: list[tuple[Mapping[str, Any], frozenset[int]]] = []
        for p in preds_by_doc.get(doc_id, []):
            pc = charset(p.get("content"), text)
            if p.get("content") and not ignored(pc):
                preds.append((p, pc))
        candidates = []
        for i, (_, pc) in enumerate(preds):
            for j, (_, gc) in enumerate(gold):
                d = dice(pc, gc)
                if d > 0:
                    candidates.append((d, i, j))
        candidates.sort(key=lambda t: -t[0])
        used_p: set[int] = set()
        used_g: set[int] = set()
        matched: dict[int, tuple[float, int]] = {}
        for d, i, j in candidates:
            if i in used_p or j in used_g:
                continue
            used_p.add(i)
            used_g.add(j)
            matched[i] = (d, j)
        report.pred += len(preds)
        report.gold += len(gold)
        for g, _ in gold:
            report.by_type[g.get("type") or "none"][1] += 1
        for i, (p, _) in enumerate(preds):
            rule = str(p.get("rule") or "?")
            lemma = str((p.get("cue") or {}).get("lemma") or "-")
            report.by_rule[rule][0] += 1
            report.by_lemma[lemma][0] += 1
            d, j = matched.get(i, (0.0, -1))
            if d == 1.0:
                report.counts["exact"] += 1
            if d < 0.5:
                report.false.append(Pair(doc_id, p, gold[j][0] if j >= 0 else None, d))
                continue
            g = gold[j][0]
            s_ok = agree(p.get("source"), g.get("source"), text)
            q_ok = agree(p.get("cue"), g.get("cue"), text)
            report.counts["half"] += 1
            report.by_type[g.get("type") or "none"][0] += 1
            report.counts["source_ok"] += s_ok
            report.counts["cue_ok"] += q_ok
            report.counts["triple"] += s_ok and q_ok
            report.by_rule[rule][1] += 1
            report.by_lemma[lemma][1] += 1
            report.by_rule[rule][2] += s_ok and q_ok
            report.by_lemma[lemma][2] += s_ok and q_ok
            if not (s_ok and q_ok):
                report.wrong_parts.append(Pair(doc_id, p, g, d, s_ok, q_ok))
        matched_gold = {j for d, j in matched.values() if d >= 0.5}
        for j, (g, _) in enumerate(gold):
            if j not in matched_gold:
                report.misses.append(Pair(doc_id, None, g))
    return report
