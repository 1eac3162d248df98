"""The bare spaCy pipeline that claimex runs on, for comparison: same model, same
components (claimex's own two left out), same batches; nothing is extracted or written.

    python benchmarks/bare_spacy.py CORPUS.jsonl [--text-key text]

Prints one JSON line: documents, words, seconds spent in nlp.pipe (loading excluded).
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Iterator
from pathlib import Path


def texts(path: Path, key: str) -> Iterator[str]:
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)[key]


def batches(items: Iterator[str], size: int, max_chars: int) -> Iterator[list[str]]:
    """Grouped as claimex groups them: at most `size` texts and `max_chars` characters."""
    batch: list[str] = []
    chars = 0
    for text in items:
        if batch and (len(batch) == size or chars + len(text) > max_chars):
            yield batch
            batch, chars = [], 0
        batch.append(text)
        chars += len(text)
    if batch:
        yield batch


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--text-key", default="text")
    args = ap.parse_args()
    import spacy

    from claimex.pipeline import batch_chars, batch_size, default_model, pipeline_config

    nlp = spacy.load(default_model(), exclude=list(pipeline_config()["base"]["exclude"]))
    docs = words = 0
    start = time.perf_counter()
    for batch in batches(texts(args.corpus, args.text_key), batch_size(), batch_chars()):
        for doc in nlp.pipe(batch, batch_size=len(batch)):
            docs += 1
            words += len(doc.text.split())
    seconds = time.perf_counter() - start
    print(json.dumps({"documents": docs, "words": words, "seconds": seconds}))


if __name__ == "__main__":
    main()
