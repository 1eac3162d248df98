"""Present an evaluation: metric tables, per-rule and per-cue counts, and error listings."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from claimex.reports.evaluation import Pair, Report

Gold = Mapping[str, Any]


def report_json(report: Report, texts: Mapping[str, str], errors: int) -> dict[str, Any]:
    """The whole report as JSON data (metrics as the reference scorer names them)."""
    data: dict[str, Any] = dict(report.metrics())
    data["by_rule"] = report.rule_table()
    data["by_cue_lemma"] = report.lemma_table()
    if errors:
        data["misses"] = [_pair_json(p, texts) for p in report.misses[:errors]]
        data["false_claims"] = [_pair_json(p, texts) for p in report.false[:errors]]
    return data


def _pair_json(pair: Pair, texts: Mapping[str, str]) -> dict[str, Any]:
    claim = pair.pred or pair.gold or {}
    lo, hi = _context(texts[pair.doc_id], claim)
    return {
        "doc_id": pair.doc_id,
        "context": {"start": lo, "end": hi, "text": texts[pair.doc_id][lo:hi]},
        "gold": _spans(pair.gold),
        "pred": _spans(pair.pred),
        "rule": (pair.pred or {}).get("rule"),
        "overlap": round(pair.overlap, 3),
    }


def _spans(claim: Mapping[str, Any] | None) -> dict[str, Any] | None:
    if claim is None:
        return None
    return {k: claim.get(k) for k in ("source", "cue", "content", "type")}


def _context(text: str, claim: Mapping[str, Any]) -> tuple[int, int]:
    """The sentence-ish stretch around a claim: from the previous to the next line break or
    sentence end, widened over all of the claim's spans."""
    starts = [s["start"] for s in (claim.get(k) for k in ("source", "cue", "content")) if s]
    ends = [s["end"] for s in (claim.get(k) for k in ("source", "cue", "content")) if s]
    lo, hi = min(starts), max(ends)
    while lo > 0 and text[lo - 1] != "\n" and text[lo - 2 : lo] not in (". ", "? ", "! "):
        lo -= 1
    while hi < len(text) and text[hi] != "\n" and text[hi - 1 : hi + 1] not in (". ", "? ", "! "):
        hi += 1
    return lo, hi


def print_report(
    report: Report, texts: Mapping[str, str], errors: int, console: Any, title: str
) -> None:
    """Rich tables for a person at a terminal."""
    from rich.table import Table

    m = report.metrics()
    table = Table(title=title, title_justify="left")
    table.add_column("metric")
    table.add_column("P", justify="right")
    table.add_column("R", justify="right")
    table.add_column("F", justify="right")
    for key, label in (("content_exact", "content@exact"), ("content_0.5", "content@0.5"),
                       ("triple_0.5", "triple@0.5")):  # fmt: skip
        p, r, f = m[key]
        table.add_row(label, f"{p:.3f}", f"{r:.3f}", f"[bold]{f:.3f}[/]")
    table.add_row("source agreement (of matched)", "", "", f"{m['source_acc']:.3f}")
    table.add_row("cue agreement (of matched)", "", "", f"{m['cue_acc']:.3f}")
    for kind, recall in m["recall_by_type"].items():
        table.add_row(f"recall of {kind}", "", f"{recall:.3f}", "")
    console.print(table)
    console.print(
        f"{m['documents']} documents, {m['gold']} gold attributions, {m['pred']} claims",
        highlight=False,
    )
    console.print(_count_table("claims by rule", report.rule_table(), "rule"))
    console.print(_count_table("claims by cue lemma (top 30)", report.lemma_table()[:30], "lemma"))
    if errors:
        _print_pairs(console, "misses (gold claims not found)", report.misses[:errors], texts)
        _print_pairs(console, "false claims (no gold match)", report.false[:errors], texts)


def _count_table(title: str, rows: Sequence[Mapping[str, Any]], key: str) -> Any:
    from rich.table import Table

    table = Table(title=title, title_justify="left")
    for col in (key, "claims", "right", "wrong", "all parts right", "precision"):
        table.add_column(col, justify="left" if col == key else "right")
    for row in rows:
        table.add_row(
            row[key], str(row["claims"]), str(row["matched"]), str(row["wrong"]),
            str(row["triple"]), f"{row['precision']:.2f}",
        )  # fmt: skip
    return table


STYLES = {"source": "bold cyan", "cue": "bold magenta", "content": "underline"}


def _print_pairs(console: Any, title: str, pairs: Sequence[Pair], texts: Mapping[str, str]) -> None:
    from rich.rule import Rule

    console.print(Rule(title))
    for pair in pairs:
        text = texts[pair.doc_id]
        claim = pair.pred or pair.gold or {}
        lo, hi = _context(text, claim)
        console.print(f"[dim]{pair.doc_id} @ {lo}[/]", highlight=False)
        if pair.gold is not None:
            console.print("  gold: ", _highlight(text, lo, hi, pair.gold), highlight=False)
        if pair.pred is not None:
            rule = pair.pred.get("rule", "?")
            console.print(
                f"  pred ({rule}): ", _highlight(text, lo, hi, pair.pred), highlight=False
            )


def _highlight(text: str, lo: int, hi: int, claim: Mapping[str, Any]) -> Any:
    """The context with the claim's source, cue and content styled."""
    from rich.text import Text

    out = Text(text[lo:hi].replace("\n", " "))
    for role, style in STYLES.items():
        span = claim.get(role)
        if not span:
            continue
        for frag in span.get("fragments") or [span]:
            a, b = max(lo, frag["start"]), min(hi, frag["end"])
            if a < b:
                out.stylize(style, a - lo, b - lo)
    return out


def dumps(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)
