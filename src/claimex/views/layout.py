"""How wide the views print, and column widths that wrap at spaces.

On a terminal rich takes the terminal's width; anywhere else (a pipe, a file) the views
print $COLUMNS columns, or 120. Rich shares a table's width among its columns by their
ratios alone, so a narrow column folds a word in two (`governme` / `nt's`): `fit_columns`
gives every column at least its longest word, and the rest by the ratios; where the
longest words do not fit side by side, the views list the claims or speakers instead of a
table, so that only a word longer than the whole line is ever folded.
"""

from __future__ import annotations

import os
from typing import TextIO

from rich.console import Console
from rich.measure import Measurement
from rich.table import Table

PIPE_WIDTH = 120


def is_terminal(out: TextIO) -> bool:
    try:
        return out.isatty()
    except (AttributeError, ValueError, OSError):
        return False


def columns_setting() -> int | None:
    """$COLUMNS when it holds a positive number."""
    value = os.environ.get("COLUMNS", "").strip()
    return int(value) if value.isdigit() and int(value) > 0 else None


def make_console(
    out: TextIO, color: bool | None = None, *, highlight: bool = True, soft_wrap: bool = False
) -> Console:
    """A console on `out`: coloured when `color` (default: on a terminal), as wide as the
    terminal, or else $COLUMNS or 120 columns."""
    return Console(
        file=out,
        no_color=color is False,
        force_terminal=color,
        width=None if is_terminal(out) else columns_setting() or PIPE_WIDTH,
        highlight=highlight,
        soft_wrap=soft_wrap,
    )


def fit_columns(table: Table, console: Console, width: int) -> bool:
    """Fix the width of every column of `table` to fill `width`: each column gets its longest
    word, a column without a ratio its longest line, and the ratio columns share the rest.
    False when even the longest words do not fit (a view then lists instead)."""
    columns = table.columns
    if not columns:
        return True
    _, right, _, left = table.padding
    pads = [left + right] * len(columns)
    if not table.pad_edge:
        pads[0] -= left
        pads[-1] -= right
    borders = (2 if table.box and table.show_edge else 0) + (len(columns) - 1 if table.box else 0)
    room = max(len(columns), width - borders - sum(pads))
    options = console.options.update_width(room)
    lows, highs = [], []
    for column in columns:
        sizes = [Measurement.get(console, options, c) for c in (column.header, *column.cells)]
        lows.append(max(1, *(m.minimum for m in sizes)))
        highs.append(max(1, *(m.maximum for m in sizes)))
    ratios = [column.ratio or 0 for column in columns]
    for column, size in zip(columns, share(room, lows, highs, ratios), strict=True):
        column.width = size
        column.ratio = None
    return sum(lows) <= room


def share(room: int, lows: list[int], highs: list[int], ratios: list[int]) -> list[int]:
    """Widths that add up to `room` (where the lows fit in it): a column without a ratio gets
    its high where there is room, a ratio column at least its low and its share of the rest.
    Where even the lows do not fit, the widest columns give way."""
    flexible = [i for i, r in enumerate(ratios) if r > 0]
    widths = [high if not ratios[i] else lows[i] for i, high in enumerate(highs)]
    if sum(widths) > room:
        widths = list(lows)
    spare = room - sum(widths)
    if spare < 0:
        while spare < 0 and max(widths) > 1:
            widths[widths.index(max(widths))] -= 1
            spare += 1
        return widths
    if not flexible:
        return widths
    # ratio shares of the flexible room; a column whose low is above its share keeps its low
    budget = spare + sum(widths[i] for i in flexible)
    free = list(flexible)
    while True:
        total = sum(ratios[i] for i in free)
        given = budget - sum(widths[i] for i in flexible if i not in free)
        wants = {i: given * ratios[i] // total for i in free}
        held = [i for i in free if wants[i] < lows[i]]
        if not held:
            break
        free = [i for i in free if i not in held]
        if not free:
            return widths
    for i in free:
        widths[i] = wants[i]
    widths[free[-1]] += room - sum(widths)  # what the rounding left
    return widths
