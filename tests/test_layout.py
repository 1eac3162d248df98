"""Tables away from a terminal: $COLUMNS or 120 columns, and words wrapped whole."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from claimex.cli import app
from claimex.reports.speaker_stats import claim_example
from claimex.views.layout import PIPE_WIDTH, share
from conftest import EXAMPLES, ROOT

ARTICLE = EXAMPLES / "budget-vote.txt"
GOLDEN = EXAMPLES / "budget-vote.claims.jsonl"
CELL_EDGES = re.compile(r"[\s│┃║]+|, ")  # cell borders; ", " ends a name in a list


def golden_claims() -> list[dict]:
    return [json.loads(line) for line in GOLDEN.read_text(encoding="utf-8").splitlines()]


def words_of_claims(claims: list[dict]) -> set[str]:
    words: set[str] = set()
    for claim in claims:
        for text in (
            (claim["speaker"] or {}).get("name", ""),
            (claim["cue"] or {}).get("text", ""),
            claim_example(claim),
        ):
            words.update(w for w in CELL_EDGES.split(text) if w)
    return words


def words_of_speakers(claims: list[dict]) -> set[str]:
    names = (c["speaker"]["name"] for c in claims if c["speaker"])
    return {w for name in names for w in CELL_EDGES.split(name) if w}


def assert_words_whole(table: str, words: set[str]) -> None:
    """Every word shows whole: a folded word leaves two pieces and neither is the word."""
    shown = set(CELL_EDGES.split(table))
    broken = sorted(w for w in words if w not in shown)
    assert not broken, f"words broken or missing: {broken}"


def widths(out: str) -> set[int]:
    return {len(line) for line in out.splitlines() if line.strip()}


def pipe(*args: str, columns: str | None = None) -> str:
    """A real run with stdout on a pipe, $COLUMNS as given (and no terminal anywhere)."""
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    if columns is not None:
        env["COLUMNS"] = columns
    proc = subprocess.run(
        [sys.executable, "-m", "claimex", *args],
        cwd=ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,  # stdout is a pipe, as in `claimex ... | less`
        check=False,
    )
    assert proc.returncode == 0, proc.stderr.decode()
    return proc.stdout.decode("utf-8")


def test_a_table_on_a_pipe_is_120_columns_and_breaks_no_word():
    out = pipe("extract", str(ARTICLE), "--format", "table")
    assert max(widths(out)) == PIPE_WIDTH
    assert "┃ speaker" in out  # a table, not the narrow list
    assert_words_whole(out, words_of_claims(golden_claims()))


def test_speakers_on_a_pipe_is_120_columns():
    out = pipe("speakers", str(GOLDEN), "--from-claims")
    assert max(widths(out)) == PIPE_WIDTH and "first example" in out
    names = words_of_speakers(golden_claims())
    assert_words_whole(out, names)


@pytest.mark.parametrize("columns", ["80", "90", "100", "160"])
@pytest.mark.parametrize("command", ["extract", "show"])
def test_columns_sets_the_width_and_words_stay_whole(command, columns):
    args = (
        ["extract", str(ARTICLE), "-f", "table"] if command == "extract" else ["show", str(ARTICLE)]
    )
    result = CliRunner().invoke(app, args, env={"COLUMNS": columns}, catch_exceptions=False)
    assert result.exit_code == 0
    out = result.stdout
    table = out[out.index("17 claims") :]
    assert "┃ speaker" in table
    assert max(widths(table)) == int(columns)
    assert_words_whole(table, words_of_claims(golden_claims()))


@pytest.mark.parametrize(("columns", "table"), [("100", False), ("120", True), ("160", True)])
def test_speakers_keeps_names_whole(columns, table):
    # at 100 columns the table has no room for its longest words side by side: a list
    result = CliRunner().invoke(
        app, ["speakers", str(GOLDEN), "--from-claims"], env={"COLUMNS": columns}
    )
    assert result.exit_code == 0
    assert ("first example" in result.stdout) is table
    assert max(widths(result.stdout)) <= int(columns)
    names = words_of_speakers(golden_claims())
    assert_words_whole(result.stdout, names)


@pytest.mark.parametrize(
    ("room", "lows", "highs", "ratios", "expected"),
    [
        # room for everything: fixed columns at their longest line, the rest by ratio
        (50, [3, 8, 5, 10], [3, 20, 11, 60], [0, 1, 0, 3], [3, 9, 11, 27]),
        # a ratio share below the column's longest word: the column keeps its word
        (40, [3, 12, 5, 10], [3, 20, 5, 60], [0, 1, 0, 3], [3, 12, 5, 20]),
        # fixed columns give way to their longest word before any word is folded
        (30, [3, 8, 5, 10], [3, 8, 16, 60], [0, 1, 0, 3], [3, 8, 5, 14]),
        # not even the longest words fit: the widest column folds
        (20, [3, 8, 5, 6], [3, 8, 11, 60], [0, 1, 0, 3], [3, 6, 5, 6]),
    ],
)
def test_share_gives_each_column_its_longest_word(room, lows, highs, ratios, expected):
    got = share(room, lows, highs, ratios)
    assert got == expected
    assert sum(got) == room
