"""The library API: `extract(text)` and `extract_many(texts)`, and the engine behind the CLI."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from claimex.chunking import chunk_text
from claimex.schemas import Claim

# Pieces of this many characters at most go to the parser at once (spaCy's max_length is
# 1,000,000; far smaller pieces keep memory flat and lose nothing, as pieces never split a
# quotation and speaker resolution looks back only a few sentences).
DEFAULT_CHUNK_CHARS = 100_000


@dataclass
class DocumentResult:
    """The claims of one document (as JSON data), or why it failed."""

    doc_id: str
    claims: list[dict[str, Any]] = field(default_factory=list)
    chars: int = 0
    error: str | None = None


class Engine:
    """A loaded pipeline that turns (doc_id, text) pairs into claims, streaming, in order."""

    def __init__(
        self,
        model: str | None = None,
        rules: Sequence[str | Path] = (),
        batch_size: int | None = None,
        n_process: int = 1,
        chunk_chars: int = DEFAULT_CHUNK_CHARS,
    ) -> None:
        from claimex.pipeline import batch_size as default_batch
        from claimex.pipeline import load_pipeline

        self.nlp = load_pipeline(model, rules)
        self.batch_size = batch_size or default_batch()
        self.n_process = n_process
        self.chunk_chars = min(chunk_chars, self.nlp.max_length)
        self.nlp.get_pipe("claimex").catch_errors = True

    def run(self, items: Iterable[tuple[str, str]]) -> Iterator[DocumentResult]:
        """Claims for every (doc_id, text), in input order, one document at a time."""
        pieces = self._pieces(items)
        docs = self.nlp.pipe(
            pieces, as_tuples=True, batch_size=self.batch_size, n_process=self.n_process
        )
        current: DocumentResult | None = None
        sentences = 0
        for doc, (doc_id, offset, last, length) in docs:
            if current is None:
                current = DocumentResult(doc_id, chars=length)
                sentences = 0
            data = doc._.claimex_data
            if data is None:
                current.error = doc.user_data.get("claimex_error", "extraction failed")
            else:
                for claim in data:
                    current.claims.append(_shift(claim, offset, sentences))
            sentences += sum(1 for _ in doc.sents) if len(doc) else 0
            if last:
                _finish(current)
                yield current
                current = None

    def _pieces(
        self, items: Iterable[tuple[str, str]]
    ) -> Iterator[tuple[str, tuple[str, int, bool, int]]]:
        for doc_id, text in items:
            chunks = list(chunk_text(text, self.chunk_chars))
            for n, (offset, piece) in enumerate(chunks):
                yield piece, (doc_id, offset, n == len(chunks) - 1, len(text))


def _shift(claim: dict[str, Any], offset: int, sentences: int) -> dict[str, Any]:
    if not offset and not sentences:
        return claim

    def move(span: dict[str, Any] | None) -> None:
        if span is None:
            return
        for key in ("start", "end"):
            if span.get(key) is not None:
                span[key] += offset
        for frag in span.get("fragments", []):
            move(frag)

    for key in ("source", "speaker", "cue", "content"):
        move(claim.get(key))
    claim["sentence"] += sentences
    return claim


def _finish(result: DocumentResult) -> None:
    for n, claim in enumerate(result.claims, 1):
        claim["doc_id"] = result.doc_id
        claim["claim_id"] = f"c{n}"


@lru_cache(maxsize=4)
def _engine(model: str | None, rules: tuple[str, ...]) -> Engine:
    return Engine(model, rules)


def extract(
    text: str, *, doc_id: str = "", model: str | None = None, rules: Sequence[str | Path] = ()
) -> list[Claim]:
    """Every attributed claim in `text`, as `Claim` models with offsets into `text`."""
    engine = _engine(model, tuple(str(r) for r in rules))
    result = next(engine.run([(doc_id, text)]))
    if result.error:
        raise RuntimeError(f"{doc_id or 'text'}: {result.error}")
    return [Claim.model_validate(c) for c in result.claims]


def extract_many(
    texts: Iterable[str | tuple[str, str]],
    *,
    model: str | None = None,
    rules: Sequence[str | Path] = (),
    batch_size: int | None = None,
    n_process: int = 1,
) -> Iterator[list[Claim]]:
    """The claims of each text, in order, streaming. Items are texts or (doc_id, text)."""
    engine = (
        _engine(model, tuple(str(r) for r in rules))
        if batch_size is None and n_process == 1
        else Engine(model, rules, batch_size, n_process)
    )

    def pairs() -> Iterator[tuple[str, str]]:
        for n, item in enumerate(texts):
            yield (str(n), item) if isinstance(item, str) else (str(item[0]), item[1])

    for result in engine.run(pairs()):
        if result.error:
            raise RuntimeError(f"{result.doc_id}: {result.error}")
        yield [Claim.model_validate(c) for c in result.claims]
