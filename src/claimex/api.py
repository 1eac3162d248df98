"""The library API: `extract(text)` and `extract_many(texts)`."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from claimex.engine import Engine

if TYPE_CHECKING:
    from claimex.schemas import Claim


def _rule_files(rules: Sequence[str | Path], scope: str | None) -> tuple[str, ...]:
    from claimex.rules import with_scope

    return tuple(with_scope(rules, scope))  # hashable: the key of the engine cache


@lru_cache(maxsize=4)
def _engine(model: str | None, rules: tuple[str, ...]) -> Engine:
    return Engine(model, rules)


def extract(
    text: str,
    *,
    doc_id: str = "",
    model: str | None = None,
    rules: Sequence[str | Path] = (),
    scope: str | None = None,
) -> list[Claim]:
    """Every attributed claim in `text`, as `Claim` models with offsets into `text`.

    `scope` is "all" (the default: speech, thought, belief, stance and intention) or
    "speech" (reported speech and thought with a clause or a quotation)."""
    from claimex.schemas import Claim

    engine = _engine(model, _rule_files(rules, scope))
    result = next(engine.run([(doc_id, text)]))
    if result.error:
        raise RuntimeError(f"{doc_id or 'text'}: {result.error}")
    return [Claim.model_validate(c) for c in result.claims]


def extract_many(
    texts: Iterable[str | tuple[str, str]],
    *,
    model: str | None = None,
    rules: Sequence[str | Path] = (),
    scope: str | None = None,
    batch_size: int | None = None,
    n_process: int = 1,
) -> Iterator[list[Claim]]:
    """The claims of each text, in order, streaming. Items are texts or (doc_id, text)."""
    from claimex.schemas import Claim

    files = _rule_files(rules, scope)
    engine = (
        _engine(model, files)
        if batch_size is None and n_process == 1
        else Engine(model, files, batch_size, n_process)
    )

    def pairs() -> Iterator[tuple[str, str]]:
        for n, item in enumerate(texts):
            yield (str(n), item) if isinstance(item, str) else (str(item[0]), item[1])

    for result in engine.run(pairs()):
        if result.error:
            raise RuntimeError(f"{result.doc_id}: {result.error}")
        yield [Claim.model_validate(c) for c in result.claims]
