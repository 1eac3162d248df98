"""`--emit-text`: the text of every document beside the claims, so that every span can be
checked against the text its offsets refer to (an HTML page's extracted article, a
record's text field).

The sidecar is gzipped JSONL next to the output (`claims.jsonl` -> `claims.texts.jsonl.gz`),
one line per document: {"doc_id", "sha256", "text"}; each claim carries the same SHA-256 as
`meta.text_sha256`, so a claim finds its text even where doc_ids repeat. The sidecar is a
JSONL corpus claimex reads (`--id-key doc_id`), and gzip keeps it out of a directory walk
for claim files (*.jsonl).
"""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path
from typing import IO

from claimex.io.writers import Writer
from claimex.schemas import ClaimData

SIDECAR_SUFFIX = ".texts.jsonl.gz"
SHA_KEY = "text_sha256"


def sidecar_path(output: Path) -> Path:
    """Where the texts of `output` go: its name without its suffix, then .texts.jsonl.gz."""
    return output.with_name(output.stem + SIDECAR_SUFFIX)


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class TextSidecar:
    """A Writer that writes each document's text to `out` (a binary file, gzipped here)
    and its SHA-256 into the claims' meta, then hands the claims to `inner`."""

    def __init__(self, inner: Writer, out: IO[bytes]) -> None:
        self.inner = inner
        # mtime 0: the same texts give the same bytes
        self.out = gzip.GzipFile(fileobj=out, mode="wb", mtime=0)

    def write(self, doc_id: str, text: str, claims: list[ClaimData]) -> None:
        digest = text_sha256(text)
        line = {"doc_id": doc_id, "sha256": digest, "text": text}
        self.out.write((json.dumps(line, ensure_ascii=False) + "\n").encode("utf-8"))
        for claim in claims:
            claim["meta"] = {**claim.get("meta", {}), SHA_KEY: digest}
        self.inner.write(doc_id, text, claims)

    def close(self) -> None:
        self.inner.close()
        self.out.close()  # the gzip trailer; the file itself is the caller's
