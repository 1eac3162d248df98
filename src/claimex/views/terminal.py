"""The article in the terminal with its claims highlighted (rich), and tables of claims and
of speakers.

Styles as in the HTML page: the source bold and underlined, the cue in reverse, the content
in the speaker's colour. Each claim's content starts with its id (`c3›`) to find it in the
table; without colour, content pieces are also bracketed: `[c3› ...]`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any, TextIO

from rich import box
from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.style import Style
from rich.table import Table
from rich.text import Text

from claimex.reports.speaker_stats import SpeakerRow, claim_example, speaker_keys
from claimex.schemas import ClaimData
from claimex.views.layout import fit_columns, make_console
from claimex.views.palette import SpeakerNumbers, speaker_hex
from claimex.views.pieces import Piece, claim_flags, claim_pieces, flat_runs
from claimex.wording import count

# Control characters (but tab and newline) would act on the terminal: an article holding
# ESC sequences could move the cursor or clear the screen. Show them as visible symbols.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """`text` for the screen: CRLF and CR as line breaks, other controls as symbols."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub(lambda m: chr(0x2400 + ord(m.group())) if m.group() < " " else "�", text)


def _role_style(role: str, colour: str) -> Style:
    if role == "source":
        return Style(color=colour, bold=True, underline=True)
    if role == "cue":
        return Style(color=colour, bold=True, reverse=True)
    return Style(color=colour)


def article_text(
    text: str, claims: Sequence[Mapping[str, Any]], numbers: Sequence[int], brackets: bool
) -> Text:
    """The article with every claim piece styled; `brackets` marks content without colour."""
    colours = [speaker_hex(n) for n in numbers]
    pieces = claim_pieces(claims, len(text))
    first_content: set[Piece] = set()
    seen: set[int] = set()
    for piece in sorted(pieces, key=lambda p: p.start):
        if piece.role == "content" and piece.claim not in seen:
            seen.add(piece.claim)
            first_content.add(piece)
    out = Text()
    open_before: list[Piece] = []
    for start, end, over in flat_runs(pieces, len(text)):
        for piece in (p for p in reversed(open_before) if p.end == start and p.role == "content"):
            if brackets:
                out.append("]", Style(color=colours[piece.claim], bold=True))
        for piece in over:
            if piece.start == start and piece.role == "content":
                label = f"{claims[piece.claim]['claim_id']}›" if piece in first_content else ""
                if brackets:
                    label = "[" + label
                if label:
                    out.append(label, Style(color=colours[piece.claim], dim=not brackets))
        style = Style()
        for piece in over:
            style += _role_style(piece.role, colours[piece.claim])
        out.append(printable(text[start:end]), style)
        open_before = over
    for piece in open_before:
        if brackets and piece.role == "content" and piece.end == len(text):
            out.append("]", Style(color=colours[piece.claim], bold=True))
    return out


# Below these widths tables squeeze their columns to a few letters: list instead.
WIDE = 72
WIDE_TABLE = 100


def _who(claim: Mapping[str, Any], colour: str, sep: str) -> Text:
    speaker = claim.get("speaker")
    if not speaker:
        return Text("no source", Style(dim=True))
    out = Text.assemble(
        (printable(speaker["name"]), Style(color=colour, bold=True)),
        (f"{sep}{speaker['kind']}", Style(dim=True)),
    )
    details = speaker_details(speaker)
    if details:
        out.append(f"{sep}{printable(details)}", Style(dim=True, italic=True))
    return out


def speaker_details(speaker: Mapping[str, Any]) -> str:
    """ "spokesman · the ferry operator · female": role, affiliation and gender, where known,
    and "plural" for a speaker who is several ("researchers")."""
    parts = [(speaker.get(k) or {}).get("text", "") for k in ("role", "affiliation")]
    if speaker.get("gender"):
        parts.append(str(speaker["gender"]))
    if speaker.get("number") == "plural":
        parts.append("plural")
    return " · ".join(p for p in parts if p)


def _flags(claim: Mapping[str, Any], sep: str) -> Text:
    """The claim's flags that are set (negated, question, hypothetical), after `sep`."""
    flags = claim_flags(claim)
    return Text(sep + ", ".join(flags), Style(bold=True)) if flags else Text("")


def claims_table(title: str, claims: Sequence[Mapping[str, Any]], numbers: Sequence[int]) -> Table:
    """One row a claim: id, speaker (kind), cue, content, type (rule, flags)."""
    table = Table(title=title, title_justify="left", show_lines=True, expand=True)
    table.add_column("#", no_wrap=True)
    table.add_column("speaker", overflow="fold", ratio=1)
    table.add_column("cue", overflow="fold")
    table.add_column("content", overflow="fold", ratio=3)
    table.add_column("type", overflow="fold")
    for claim, number in zip(claims, numbers, strict=True):
        colour = speaker_hex(number)
        cue = claim.get("cue")
        table.add_row(
            Text(str(claim["claim_id"]), Style(color=colour)),
            _who(claim, colour, "\n"),
            Text(printable(cue["text"]) if cue else "—"),
            Text(printable(claim_example(claim))),
            Text.assemble(
                claim["type"],
                ("\n" + printable(claim["rule"]), Style(dim=True)),
                _flags(claim, "\n"),
            ),
        )
    return table


def claims_list(title: str, claims: Sequence[Mapping[str, Any]], numbers: Sequence[int]) -> Group:
    """The claims for a narrow terminal: a heading line each, the content indented below."""
    parts: list[RenderableType] = [Text(title, Style(italic=True))]
    for claim, number in zip(claims, numbers, strict=True):
        colour = speaker_hex(number)
        cue = claim.get("cue")
        head = Text.assemble(
            (f"{claim['claim_id']} ", Style(color=colour)), _who(claim, colour, ", ")
        )
        details = Text.assemble(
            f"“{printable(cue['text'])}”, " if cue else "",
            claim["type"],
            (f", {printable(claim['rule'])}", Style(dim=True)),
            _flags(claim, ", "),
        )
        body = Text.assemble(details, "\n", printable(claim_example(claim)))
        parts += [Text(""), head, Padding(body, (0, 0, 0, 2), expand=False)]
    return Group(*parts)


def claims_view(
    console: Console, title: str, claims: Sequence[Mapping[str, Any]], numbers: Sequence[int]
) -> RenderableType:
    """The table of claims, or the list where the console is too narrow for a table (or for
    its longest words side by side)."""
    if console.width >= WIDE:
        table = claims_table(title, claims, numbers)
        if fit_columns(table, console, console.width):
            return table
    return claims_list(title, claims, numbers)


class TerminalView:
    """A Writer (see claimex.io.writers) that shows each document for a person to read."""

    def __init__(self, console: Console) -> None:
        self.console = console

    def write(self, doc_id: str, text: str, claims: list[ClaimData]) -> None:
        number = SpeakerNumbers()
        numbers = [number(key) for key in speaker_keys(claims)]
        brackets = self.console.no_color or not self.console.is_terminal
        self.console.rule(Text(printable(doc_id), Style(bold=True)), align="left")
        self.console.print(article_text(text, claims, numbers, brackets))
        self.console.print()
        self.console.print(claims_view(self.console, count(len(claims), "claim"), claims, numbers))

    def close(self) -> None:
        pass


def _example(row: SpeakerRow, chars: int) -> str:
    example = printable(row.example)
    return example if len(example) <= chars else example[: chars - 1].rstrip() + "…"


def speakers_view(
    rows: Sequence[SpeakerRow], console: Console, example_chars: int = 80
) -> Table | Group:
    """The `claimex speakers` table: counts and a first example for each speaker; a list
    below 100 columns, or where the table's longest words do not fit side by side."""
    if console.width >= WIDE_TABLE:
        table = _speakers_table(rows, example_chars)
        if fit_columns(table, console, console.width):
            return table
    parts: list[RenderableType] = []
    for row in rows:
        counts = (
            f"{count(row.claims, 'claim')} in {count(row.documents, 'document')}: "
            f"{row.direct:,} direct, {row.indirect:,} indirect, {row.mixed:,} mixed"
        )
        body = Text.assemble((counts, Style(dim=True)), "\n", _example(row, example_chars))
        plural = "plural" if row.number == "plural" else ""
        about = ", ".join(p for p in (row.kind, plural, row.role, row.affiliation, row.gender) if p)
        head = Text.assemble(
            (printable(row.name), Style(bold=True)), (f", {printable(about)}", Style(dim=True))
        )
        parts += [head, Padding(body, (0, 0, 1, 2), expand=False)]
    return Group(*parts)


def _speakers_table(rows: Sequence[SpeakerRow], example_chars: int) -> Table:
    table = Table(
        box=box.SIMPLE_HEAD,
        expand=True,
        show_edge=False,
        caption="d/i/m: direct, indirect and mixed claims",
        caption_justify="left",
    )
    table.add_column("speaker", overflow="fold", ratio=2)
    table.add_column("kind", overflow="fold")
    table.add_column("role", overflow="fold", ratio=1)
    table.add_column("for", overflow="fold", ratio=1)
    table.add_column("gender", overflow="fold")
    for name in ("claims", "docs"):
        table.add_column(name, justify="right", no_wrap=True)
    table.add_column("d/i/m", justify="right", no_wrap=True)
    table.add_column("first example", overflow="fold", ratio=4, min_width=16)
    for row in rows:
        table.add_row(
            Text(printable(row.name), Style(bold=True)),
            row.kind,
            printable(row.role),
            printable(row.affiliation),
            row.gender,
            f"{row.claims:,}",
            f"{row.documents:,}",
            f"{row.direct:,}/{row.indirect:,}/{row.mixed:,}",
            Text(_example(row, example_chars)),
        )
    return table


class TableWriter:
    """A table a person can read: speaker, cue, content and type, one table a document.

    The same table as `claimex show` prints under the article (control characters in the
    text are shown as symbols, never sent to the terminal)."""

    def __init__(self, out: TextIO, color: bool | None = None) -> None:
        self.console = make_console(out, color, soft_wrap=False)

    def write(self, doc_id: str, text: str, claims: list[ClaimData]) -> None:
        number = SpeakerNumbers()
        numbers = [number(key) for key in speaker_keys(claims)]
        title = f"{printable(doc_id)} — {count(len(claims), 'claim')}"
        self.console.print(claims_view(self.console, title, claims, numbers))

    def close(self) -> None:
        pass
