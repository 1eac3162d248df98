"""What does chunking change? One text file processed in chunks (the default) and as one
spaCy Doc (it must fit spaCy's max_length, 1,000,000 characters), in this one process.

    python benchmarks/chunked_vs_whole.py TEXT_FILE

Prints one JSON line: claims of each run, how many are identical in every field but the
speaker, and how many of those also have the same speaker (name and kind) and the same
speaker mention (offsets).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def main() -> None:
    from claimex.engine import Engine
    from claimex.engine.chunking import chunk_text

    text = Path(sys.argv[1]).read_text(encoding="utf-8")
    engine = Engine()
    chunks = len(list(chunk_text(text, engine.chunk_chars, *engine.context)))
    chunked = next(engine.run([("d", text)])).claims
    engine.chunk_chars = len(text)
    whole = next(engine.run([("d", text)])).claims

    def rest(claim: dict) -> str:
        return json.dumps({k: v for k, v in claim.items() if k != "speaker"}, sort_keys=True)

    def who(claim: dict) -> tuple | None:
        spk = claim["speaker"]
        return None if spk is None else (spk["name"], spk["kind"])

    by_rest = {rest(c): c for c in whole}
    same = [(c, by_rest[rest(c)]) for c in chunked if rest(c) in by_rest]
    print(
        json.dumps(
            {
                "chunks": chunks,
                "chunked": len(chunked),
                "whole": len(whole),
                "same_but_speaker": len(same),
                "same_speaker": sum(1 for a, b in same if who(a) == who(b)),
                "same_mention": sum(1 for a, b in same if a["speaker"] == b["speaker"]),
            }
        )
    )


if __name__ == "__main__":
    main()
