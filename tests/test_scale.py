"""Scale: long texts in chunks, output order, worker processes, Ctrl-C, flat memory."""

from __future__ import annotations

import itertools
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

import claimex.engine.pool
from claimex.cli import app
from claimex.engine import Engine, WorkerError
from claimex.engine.batches import Batches, Piece
from claimex.engine.chunking import Chunk, chunk_text
from claimex.extraction.quotes import find_quotes

# Articles with speakers of their own (no surname shared between two of them), so that a
# document made of them has the claims of its parts.
PEOPLE = [
    ("Ada Okoro", "Okoro"),
    ("Ivo Marek", "Marek"),
    ("Lena Brandt", "Brandt"),
    ("Tomas Reyes", "Reyes"),
    ("Mira Castell", "Castell"),
    ("Jonas Pike", "Pike"),
]


def article(n: int) -> str:
    full, last = PEOPLE[n % len(PEOPLE)]
    return (
        f"Council vote number {n} delayed\n\n"
        f"{full}, the union's general secretary, said the offer was not enough.\n\n"
        f"“We will not sign this,” {last} said. “The members have spoken.”\n\n"
        f"The council said it would meet again next week, according to a statement.\n\n"
        f"{last} added that the strike would go on."
    )


LONG_QUOTE = (
    "Okoro spoke for a long time.\n\n"
    "“The first paragraph of a long statement goes on and on about the docks and the "
    "ships that wait there.\n\n"
    "“The second paragraph goes on about the workers and the hours they keep at night.\n\n"
    "“The last paragraph ends it,” she said.\n\n"
)


def claim_key(claim: dict, shift: int = 0) -> tuple:
    def span(s: dict | None) -> tuple | None:
        return None if s is None else (s["start"] + shift, s["end"] + shift)

    content = claim["content"]
    return (
        claim["type"],
        claim["rule"],
        span(claim["source"]),
        span(claim["cue"]),
        span(content),
        tuple(span(f) for f in content["fragments"]),
    )


def speaker(claim: dict) -> tuple | None:
    spk = claim["speaker"]
    return None if spk is None else (spk["name"], spk["kind"])


def test_chunks_tile_the_text_and_never_cut_a_quote():
    text = "\n\n".join([article(0), LONG_QUOTE * 3, article(1), "word " * 400, article(2)])
    chunks = list(chunk_text(text, 300, 80, 50))
    assert len(chunks) > 5
    assert chunks[0].start == 0 and chunks[-1].end == len(text)
    quotes = find_quotes(text)
    for a, b in itertools.pairwise(chunks):
        assert a.end == b.start
        assert not any(q.start < b.start < q.end for q in quotes)
    for ch in chunks:
        assert ch.end - ch.start <= 300
        assert ch.lo <= ch.start and ch.end <= ch.hi
        assert ch.start - ch.lo <= 160 and ch.hi - ch.end <= 100
    assert list(chunk_text("short", 300, 80, 50)) == [Chunk(0, 5, 0, 5)]


def test_long_document_has_the_claims_of_its_parts(small_chunks):
    parts = [article(n) for n in range(8)]
    sep = "\n\n"
    text = sep.join(parts)
    assert len(list(chunk_text(text, 400, 300, 50))) >= 5
    whole = next(small_chunks.run([("whole", text)])).claims
    offsets = [sum(len(p) + len(sep) for p in parts[:n]) for n in range(len(parts))]
    separately = list(small_chunks.run((str(n), p) for n, p in enumerate(parts)))
    expected = [
        (claim_key(c, off), speaker(c))
        for res, off in zip(separately, offsets, strict=True)
        for c in res.claims
    ]
    assert [(claim_key(c), speaker(c)) for c in whole] == expected
    assert [c["claim_id"] for c in whole] == [f"c{n}" for n in range(1, len(whole) + 1)]
    for claim in whole:
        for span in (claim["source"], claim["cue"], claim["content"], claim["speaker"]):
            if span is not None and span.get("start") is not None:
                assert text[span["start"] : span["end"]] == (span.get("text") or span["name"])


def test_chunks_change_nothing_but_links_beyond_their_context(small_chunks):
    """A document parsed in chunks has the claims of the document parsed whole, sentence
    numbers included. Speakers are the same people; only a link to a mention farther back
    than the context (here the same name or "the council" in an earlier article) may point
    to a nearer mention of the same name."""
    text = "\n\n".join(article(n) for n in range(8))
    chunked = next(small_chunks.run([("d", text)])).claims
    small_chunks.chunk_chars = 100_000
    whole = next(small_chunks.run([("d", text)])).claims
    drop = ("speaker",)
    assert [{k: v for k, v in c.items() if k not in drop} for c in chunked] == [
        {k: v for k, v in c.items() if k not in drop} for c in whole
    ]
    assert [speaker(c) for c in chunked] == [speaker(c) for c in whole]


def _entity_groups(claims: list[dict]) -> list[list[int]]:
    """Which claims share a speaker entity (claim positions, in order of first claim)."""
    groups: dict[str, list[int]] = {}
    for n, claim in enumerate(claims):
        if claim["speaker"] is not None:
            groups.setdefault(claim["speaker"]["entity"], []).append(n)
    return list(groups.values())


def test_entity_ids_are_the_same_in_chunks_as_whole(small_chunks):
    """One person's claims share one id across chunks, as in one parse: the speakers of
    articles 0 and 6 are both Ada Okoro, parsed in chunks far apart."""
    text = "\n\n".join(article(n) for n in range(8))
    chunked = next(small_chunks.run([("d", text)])).claims
    small_chunks.chunk_chars = 100_000
    whole = next(small_chunks.run([("d", text)])).claims
    assert _entity_groups(chunked) == _entity_groups(whole)
    okoro = {c["speaker"]["entity"] for c in chunked if c["speaker"]["name"] == "Ada Okoro"}
    assert len(okoro) == 1
    ids = [c["speaker"]["entity"] for c in chunked]
    assert ids[0] == "e1" and all(i.startswith("e") and ":" not in i for i in ids)


def test_a_quote_across_a_chunk_boundary_is_kept(small_chunks):
    text = article(0) + "\n\n" + LONG_QUOTE + article(1)
    claims = next(small_chunks.run([("d", text)])).claims
    start = text.index("“The first paragraph")
    end = text.index(" she said") - 1
    quoted = [c for c in claims if c["content"]["start"] == start]
    assert quoted and quoted[0]["content"]["end"] >= end
    assert quoted[0]["speaker"]["name"] == "Ada Okoro"


def test_a_surname_far_from_its_full_name_gets_it_across_chunks(small_chunks):
    filler = "\n\n".join(["The docks were quiet on Monday and the ships waited."] * 40)
    text = (
        "Ada Okoro, the union's general secretary, said the offer was not enough.\n\n"
        + filler
        + "\n\n“We will not sign this,” Okoro said."
    )
    assert len(list(chunk_text(text, 400, 300, 50))) > 3
    claims = next(small_chunks.run([("d", text)])).claims
    last = claims[-1]
    assert last["source"]["text"] == "Okoro" and last["source"]["start"] > 2_000
    assert last["speaker"]["name"] == "Ada Okoro"
    assert last["speaker"]["resolved_by"] == "name"
    assert text[last["speaker"]["start"] : last["speaker"]["end"]] == "Ada Okoro"
    first = claims[0]["speaker"]
    assert last["speaker"]["entity"] == first["entity"]
    assert last["speaker"]["role"] == first["role"] and first["role"]["text"] == "general secretary"
    assert (last["speaker"]["gender"], last["speaker"]["gender_evidence"]) == (
        "female",
        "first_name",
    )


def test_batches_are_bounded_by_count_and_characters():
    pieces = [Piece("d", "x" * n, 0, 0, n, True, n) for n in (10, 10, 10, 50, 10, 200, 10)]
    batches = list(Batches(iter(pieces), size=3, max_chars=60))
    assert [[len(p.text) for p in b] for b in batches] == [[10, 10, 10], [50, 10], [200], [10]]


def test_vocabulary_does_not_grow_over_a_run(engine):
    strings = engine.nlp.vocab.strings
    before = len(strings)
    texts = [(str(n), f"Zorblax{n} Quintarn{n} said the vrelk{n} was closed.") for n in range(40)]
    results = list(engine.run(texts))
    assert all(not r.error for r in results)
    assert len(strings) < before + 10
    assert "Zorblax7" not in strings


# ---- the command line: order, worker processes ----------------------------------------
def corpus(path: Path, n: int) -> Path:
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            fh.write(json.dumps({"id": f"doc-{i}", "text": article(i)}) + "\n")
    return path


def test_output_follows_input_order_with_one_or_two_processes(tmp_path):
    path = corpus(tmp_path / "corpus.jsonl", 12)
    runner = CliRunner()
    outputs = []
    for n in ("1", "2"):
        result = runner.invoke(
            app,
            ["extract", str(path), "--batch-size", "2", "--n-process", n],
            catch_exceptions=False,
        )
        assert result.exit_code == 0, result.stderr
        outputs.append(result.stdout)
    assert outputs[0] == outputs[1]
    claims = [json.loads(line) for line in outputs[0].splitlines()]
    order = list(dict.fromkeys(c["doc_id"] for c in claims))
    assert order == [f"doc-{i}" for i in range(12)]
    for doc_id in order:
        ids = [c["claim_id"] for c in claims if c["doc_id"] == doc_id]
        assert ids == [f"c{k}" for k in range(1, len(ids) + 1)]


def test_extract_many_with_two_processes_is_the_same():
    texts = [article(i) for i in range(6)]
    one = [[c.model_dump() for c in cs] for cs in claimex.extract_many(texts)]
    two = [[c.model_dump() for c in cs] for cs in claimex.extract_many(texts, n_process=2)]
    assert one == two and all(one)


def _die(nlp, batch):
    os._exit(3)


def test_a_dead_worker_is_an_error_not_a_hang(monkeypatch):
    monkeypatch.setattr(claimex.engine.pool, "process_batch", _die)  # inherited by forked workers
    engine = Engine(n_process=2)
    with pytest.raises(WorkerError, match="exit code 3"):
        list(engine.run([("a", article(0)), ("b", article(1))]))


# ---- Ctrl-C ------------------------------------------------------------------------------
def _interrupt(tmp_path: Path, n_process: int, whole_group: bool) -> tuple[int, str, str]:
    """Start an extraction, send SIGINT once claims are on disk; (exit code, stderr, out)."""
    path = corpus(tmp_path / "corpus.jsonl", 400)
    out = tmp_path / "claims.jsonl"
    args = [sys.executable, "-m", "claimex", "extract", str(path), "-o", str(out)]
    args += ["--batch-size", "1", "--n-process", str(n_process)]
    proc = subprocess.Popen(args, stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        # the output is written beside claims.jsonl and renamed into place at the end
        while not _written(out) and time.monotonic() < deadline:
            assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
            time.sleep(0.05)
        if whole_group:  # as a terminal does: the workers get it too
            os.killpg(proc.pid, signal.SIGINT)
        else:
            proc.send_signal(signal.SIGINT)
        _, stderr = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    return proc.returncode, stderr, out.read_text(encoding="utf-8")


def _written(out: Path) -> bool:
    return any(t.stat().st_size for t in out.parent.glob(f".{out.name}.*.claimex-tmp"))


@pytest.mark.parametrize(("n_process", "whole_group"), [(1, False), (2, True)])
def test_ctrl_c_leaves_complete_lines_and_exits_130(tmp_path, n_process, whole_group):
    code, stderr, written = _interrupt(tmp_path, n_process, whole_group)
    assert code == 130, stderr
    assert "Traceback" not in stderr
    assert written.endswith("\n")
    claims = [json.loads(line) for line in written.splitlines()]
    assert claims
    line = [s for s in stderr.splitlines() if s.startswith("interrupted:")]
    assert line and f"{len(claims)} claims" in line[0].replace(",", "")
    assert len({c["doc_id"] for c in claims}) < 400
    assert not list(tmp_path.glob("*.claimex-tmp"))  # pathlib globs match dotfiles
