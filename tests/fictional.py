"""A fictional corpus for the engine tests and benchmarks: variations of the example
articles (windows of their paragraphs, numbers changed, headlines of their own), so that
documents differ in length and in what they hold. Deterministic; nothing from PolNeAR."""

from __future__ import annotations

import re
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
DIGIT = re.compile(r"\d")


def _articles() -> list[list[str]]:
    files = sorted(EXAMPLES.glob("*.txt"))
    texts = [f.read_bytes().decode("utf-8") for f in files]
    return [[p for p in text.split("\n\n") if p.strip()] for text in texts]


def document(n: int, articles: list[list[str]] | None = None) -> str:
    """The n-th fictional document."""
    paragraphs = (articles or _articles())[n % 6]
    start = (n // 6) % len(paragraphs)
    length = 3 + n % 6
    window = [paragraphs[(start + k) % len(paragraphs)] for k in range(length)]
    text = f"Dispatch {n}: {window[0]}\n\n" + "\n\n".join(window[1:])
    if n % 3 == 0:  # other figures
        text = DIGIT.sub(lambda m: str((int(m.group()) + n) % 10), text)
    return text


def corpus(size: int) -> list[dict[str, str]]:
    """`size` records {"id", "text", "desk"} (desk: a column to carry with keep)."""
    articles = _articles()
    desks = ("politics", "city", "business")
    return [
        {"id": f"fic-{n:05d}", "text": document(n, articles), "desk": desks[n % 3]}
        for n in range(size)
    ]


def huge_document(min_chars: int) -> str:
    """One document of at least `min_chars` characters: fictional documents one after the
    other (parsed in chunks by the engine)."""
    articles = _articles()
    parts: list[str] = []
    n = 0
    while sum(len(p) + 2 for p in parts) < min_chars:
        parts.append(document(n, articles))
        n += 1
    return "\n\n".join(parts)
