"""Corpora in every format (JSONL, CSV, TSV, Parquet), each also compressed (.gz, .bz2,
.zst); --keep carries record fields into the claims' "meta"; quoted glob patterns."""

from __future__ import annotations

import bz2
import csv
import datetime
import decimal
import gzip
import io
import itertools
import json
import random
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimex.cli import app

try:
    import pyarrow as pa
    import pyarrow.parquet as pq
except ImportError:  # the tests of Parquet skip, the others run
    pa = pq = None
try:
    import zstandard
except ImportError:
    zstandard = None
NO_PARQUET = 'Parquet input needs pip install "claimex[parquet]"'
NO_ZSTD = '.zst input needs pip install "claimex[zstd]" (before Python 3.14)'
needs_parquet = pytest.mark.skipif(pa is None, reason=NO_PARQUET)


def need(fmt: str, codec: str = "") -> None:
    """Skip when the format or the compression needs an extra that is not installed."""
    if fmt == "parquet" and pa is None:
        pytest.skip(NO_PARQUET)
    if codec == ".zst" and zstandard is None:
        pytest.skip(NO_ZSTD)


TEXTS = [
    "“We did not want this strike,” said Adaeze Okoro, the union's general secretary.\n\n"
    "The operator said it had made a fair offer.\n",
    "The weather was mild and the trains ran on time.\n",
    "Councillor Brigid Nyhan said the library would stay open.\n"
    "“It is the heart of the town,” she said.",
]
RECORDS = [
    {"id": f"doc-{i}", "text": text, "outlet": outlet}
    for i, (text, outlet) in enumerate(
        zip(TEXTS, ["Harbour Gazette", "Valley Times", "Post"], strict=True)
    )
]


def cli(*args: str):
    return CliRunner().invoke(app, list(args), catch_exceptions=False)


def lines(out: str) -> list[dict]:
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def errors(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("error:")]


def encode(records: list[dict], fmt: str) -> bytes:
    """The records as a file of format `fmt` (the columns of the first record)."""
    if fmt == "jsonl":
        return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records).encode()
    if fmt == "json":
        return json.dumps(records, ensure_ascii=False, indent=1).encode()
    if fmt in ("csv", "tsv"):
        out = io.StringIO(newline="")
        writer = csv.DictWriter(
            out, fieldnames=list(records[0]), delimiter="," if fmt == "csv" else "\t"
        )
        writer.writeheader()
        writer.writerows(records)
        return out.getvalue().encode("utf-8")
    if fmt == "parquet":
        sink = io.BytesIO()
        pq.write_table(pa.Table.from_pylist(records), sink, row_group_size=1)
        return sink.getvalue()
    raise ValueError(fmt)


COMPRESS = {
    "": lambda data: data,
    ".gz": gzip.compress,
    ".bz2": bz2.compress,
    ".zst": lambda data: zstandard.ZstdCompressor().compress(data),
}


def write(path: Path, records: list[dict], fmt: str, codec: str = "") -> Path:
    need(fmt, codec)
    path = path.with_name(f"{path.name}.{fmt}{codec}")
    path.write_bytes(COMPRESS[codec](encode(records, fmt)))
    return path


@pytest.fixture(scope="module")
def baseline(tmp_path_factory) -> list[dict]:
    """The claims of the records read from plain JSONL."""
    path = write(tmp_path_factory.mktemp("baseline") / "corpus", RECORDS, "jsonl")
    result = cli("extract", str(path), "--keep", "outlet")
    assert result.exit_code == 0, result.stderr
    claims = lines(result.stdout)
    assert {c["doc_id"] for c in claims} == {"doc-0", "doc-2"}
    return claims


@pytest.mark.parametrize(
    ("fmt", "codec"),
    list(
        itertools.product(["jsonl", "json", "csv", "tsv", "parquet"], ["", ".gz", ".bz2", ".zst"])
    ),
)
def test_every_format_and_compression_gives_the_same_claims(tmp_path, baseline, fmt, codec):
    path = write(tmp_path / "corpus", RECORDS, fmt, codec)
    result = cli("extract", str(path), "--keep", "outlet")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    assert lines(result.stdout) == baseline


def test_suffixes_are_matched_without_regard_to_case(tmp_path, baseline):
    path = tmp_path / "CORPUS.JSONL.GZ"
    path.write_bytes(gzip.compress(encode(RECORDS, "jsonl")))
    result = cli("extract", str(path), "--keep", "outlet")
    assert lines(result.stdout) == baseline


def test_a_compressed_text_file_is_one_document(tmp_path):
    path = tmp_path / "strike.txt.bz2"
    path.write_bytes(bz2.compress(TEXTS[0].encode()))
    claims = lines(cli("extract", str(path)).stdout)
    assert {c["doc_id"] for c in claims} == {str(path)}
    for claim in claims:
        assert (
            TEXTS[0][claim["content"]["start"] : claim["content"]["end"]]
            == (claim["content"]["text"])
        )


# ---- --keep ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("keep", "expected"),
    [
        ((), None),  # no --keep: no meta key at all
        (("outlet",), [{"outlet": "Harbour Gazette"}, {"outlet": None}]),
        (
            ("outlet", "page"),
            [{"outlet": "Harbour Gazette", "page": 3}, {"outlet": None, "page": None}],
        ),
        (("tags",), [{"tags": ["labour", "ports"]}, {"tags": None}]),
    ],
)
def test_keep_carries_fields_null_where_a_record_lacks_one(tmp_path, keep, expected):
    records = [
        {
            "id": "a",
            "text": TEXTS[0],
            "outlet": "Harbour Gazette",
            "page": 3,
            "tags": ["labour", "ports"],
        },
        {"id": "b", "text": TEXTS[2]},
    ]
    path = write(tmp_path / "corpus", records, "jsonl")
    result = cli("extract", str(path), *[a for k in keep for a in ("--keep", k)])
    assert result.exit_code == 0
    claims = lines(result.stdout)
    assert claims
    for claim in claims:
        if expected is None:
            assert "meta" not in claim
        else:
            assert claim["meta"] == expected[0 if claim["doc_id"] == "a" else 1]


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_a_kept_field_no_record_has_is_one_warning(tmp_path, fmt):
    path = write(tmp_path / "corpus", RECORDS, fmt)
    result = cli("extract", str(path), "--keep", "outlet", "--keep", "byline")
    assert result.exit_code == 0
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    assert len(warnings) == 1
    assert path.name in warnings[0] and "'byline'" in warnings[0] and "'outlet'" not in warnings[0]
    assert {c["meta"]["byline"] for c in lines(result.stdout)} == {None}


@needs_parquet
def test_kept_parquet_values_are_json(tmp_path):
    table = pa.table(
        {
            "id": pa.array([7], pa.int64()),
            "text": [TEXTS[0]],
            "published": pa.array([datetime.datetime(2024, 5, 1, 9, 30)], pa.timestamp("s")),
            "day": pa.array([datetime.date(2024, 5, 1)], pa.date32()),
            "score": pa.array([float("nan")], pa.float64()),
            "price": pa.array([decimal.Decimal("1.50")], pa.decimal128(5, 2)),
            "raw": pa.array([b"\x00\x01"], pa.binary()),
            "authors": pa.array([["A. Okoro", "B. Nyhan"]]),
            "place": pa.array([{"city": "Harwich", "lat": 51.9}]),
        }
    )
    path = tmp_path / "typed.parquet"
    pq.write_table(table, path)
    keep = ["published", "day", "score", "price", "raw", "authors", "place"]
    result = cli("extract", str(path), *[a for k in keep for a in ("--keep", k)])
    assert result.exit_code == 0, result.stderr
    claims = lines(result.stdout)
    assert {c["doc_id"] for c in claims} == {"7"}
    assert claims[0]["meta"] == {
        "published": "2024-05-01T09:30:00",
        "day": "2024-05-01",
        "score": None,
        "price": "1.50",
        "raw": "AAE=",
        "authors": ["A. Okoro", "B. Nyhan"],
        "place": {"city": "Harwich", "lat": 51.9},
    }


def test_csv_output_has_the_kept_fields_as_columns(tmp_path):
    path = write(tmp_path / "corpus", RECORDS, "jsonl")
    result = cli("extract", str(path), "--keep", "outlet", "--keep", "id", "-f", "csv")
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(rows[0])[-2:] == ["outlet", "id"]
    assert {(r["doc_id"], r["outlet"], r["id"]) for r in rows} == {
        ("doc-0", "Harbour Gazette", "doc-0"),
        ("doc-2", "Post", "doc-2"),
    }
    clash = cli("extract", str(path), "--keep", "rule", "-f", "csv")
    assert clash.exit_code == 2 and "--keep rule" in clash.stderr


def test_claims_with_meta_are_claims_to_claimex_speakers(tmp_path):
    path = write(tmp_path / "corpus", RECORDS, "jsonl")
    claims = tmp_path / "claims.jsonl"
    assert cli("extract", str(path), "--keep", "outlet", "-o", str(claims)).exit_code == 0
    result = cli("speakers", str(claims), "--from-claims", "-f", "csv")
    assert result.exit_code == 0, result.stderr
    assert "Adaeze Okoro" in result.stdout and "Brigid Nyhan" in result.stdout


# ---- bad tables ----------------------------------------------------------------------------
def test_bad_csv_rows_are_named_by_line_and_the_rest_is_read(tmp_path):
    path = tmp_path / "corpus.csv"
    path.write_text(
        "id,text\n"
        f'a,"{TEXTS[2]}"\n'  # a quoted text over two lines: the next record is on line 4
        "b,one,two\n"
        "c,\n"
        '"d","' + TEXTS[0].replace('"', '""') + '"\n',
        encoding="utf-8",
    )
    result = cli("extract", str(path))
    assert result.exit_code == 1
    assert f"{path}:4: 3 fields where the header has 2" in result.stderr
    assert f"{path}:5: empty text" in result.stderr
    assert {c["doc_id"] for c in lines(result.stdout)} == {"a", "d"}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "no header line (empty file)"),
        (
            b"id,body\nx,some text\n",
            "no 'text' column (set --text-key); the columns are 'id', 'body'",
        ),
        (b"id,text\n", "no rows below the header"),
    ],
)
def test_a_table_without_documents_is_one_line(tmp_path, content, message):
    path = tmp_path / "corpus.csv"
    path.write_bytes(content)
    result = cli("extract", str(path))
    assert result.exit_code == 1
    assert errors(result.stderr) == [f"error: {path}: {message}"]


def test_a_text_longer_than_the_csv_module_limit_is_read(tmp_path):
    long_text = TEXTS[0] + ("The harbour was quiet. " * 8000)
    assert len(long_text) > 131_072
    path = write(tmp_path / "long", [{"id": "long", "text": long_text}], "csv")
    result = cli("extract", str(path))
    assert result.exit_code == 0, result.stderr
    assert {c["doc_id"] for c in lines(result.stdout)} == {"long"}


def test_non_utf8_csv_stops_at_its_line_after_the_rows_before(tmp_path):
    path = tmp_path / "corpus.csv"
    path.write_bytes(encode(RECORDS[:1], "csv") + "doc-9,Le ministre a déclaré\n".encode("latin-1"))
    result = cli("extract", str(path))
    assert result.exit_code == 1
    # the header is line 1; the first record's quoted text holds three line breaks
    assert f"{path}:6: not UTF-8 text (byte 0xe9); stopped here" in result.stderr
    assert {c["doc_id"] for c in lines(result.stdout)} == {"doc-0"}


@needs_parquet
@pytest.mark.parametrize(
    ("table", "message"),
    [
        (
            {"id": ["a"], "body": ["x"]},
            "no 'text' column (set --text-key); the columns are 'id', 'body'",
        ),
        ({"id": ["a"], "text": [3]}, "column 'text' holds int64, not strings"),
        ({"id": [], "text": []}, "no rows"),
    ],
)
def test_a_parquet_file_without_documents_is_one_line(tmp_path, table, message):
    path = tmp_path / "corpus.parquet"
    types = {
        k: pa.string() if not v or isinstance(v[0], str) else pa.int64() for k, v in table.items()
    }
    pq.write_table(pa.table({k: pa.array(v, types[k]) for k, v in table.items()}), path)
    result = cli("extract", str(path))
    assert result.exit_code == 1
    assert errors(result.stderr) == [f"error: {path}: {message}"]


@needs_parquet
def test_a_null_text_in_parquet_is_that_row_s_failure(tmp_path):
    path = tmp_path / "corpus.parquet"
    pq.write_table(pa.table({"id": ["a", "b"], "text": [None, TEXTS[0]]}), path)
    result = cli("extract", str(path))
    assert result.exit_code == 1
    assert f"{path}: record 1: field 'text' is not a string" in result.stderr
    assert {c["doc_id"] for c in lines(result.stdout)} == {"b"}


@needs_parquet
def test_not_parquet_is_one_line(tmp_path):
    path = tmp_path / "corpus.parquet"
    path.write_text("id,text\n", encoding="utf-8")
    result = cli("extract", str(path))
    assert result.exit_code == 1
    (error,) = errors(result.stderr)
    assert error.startswith(f"error: {path}: cannot read as Parquet: ")


@needs_parquet
def test_parquet_is_read_a_batch_at_a_time(tmp_path, monkeypatch):
    from claimex.io import tabular
    from claimex.io.readers import Document, ReadOptions, read_inputs

    records = [{"id": str(i), "text": f"Text number {i}."} for i in range(10)]
    path = tmp_path / "corpus.parquet"
    pq.write_table(pa.Table.from_pylist(records), path, row_group_size=2)
    monkeypatch.setattr(tabular, "PARQUET_BATCH_ROWS", 2)
    batches = []
    real = pq.ParquetFile.iter_batches

    def counted(self, *args, **kwargs):
        for batch in real(self, *args, **kwargs):
            batches.append(batch.num_rows)
            yield batch

    monkeypatch.setattr(pq.ParquetFile, "iter_batches", counted)
    items = read_inputs([str(path)], ReadOptions())
    first = list(itertools.islice(items, 3))
    assert [d.doc_id for d in first if isinstance(d, Document)] == ["0", "1", "2"]
    assert batches == [2, 2]  # not the ten rows
    assert len([*first, *items]) == 10


# ---- damaged compressed files ------------------------------------------------------------
@pytest.mark.parametrize("codec", [".gz", ".bz2", ".zst"])
@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_a_truncated_file_gives_its_records_then_one_error(tmp_path, codec, fmt):
    # padding that does not compress, so that the file is more than one bz2 block (900 kB)
    noise = random.Random(13)
    many = [
        {"id": f"doc-{i}", "text": TEXTS[0], "pad": noise.randbytes(5000).hex()} for i in range(150)
    ]
    path = write(tmp_path / "corpus", many, fmt, codec)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) * 3 // 4])
    result = cli("extract", str(path))
    assert result.exit_code == 1
    assert errors(result.stderr) == [
        f"error: {path}: compressed stream ends early (truncated file?); the records before "
        "it were read"
    ]
    assert "Traceback" not in result.stderr
    documents = {c["doc_id"] for c in lines(result.stdout)}
    assert 0 < len(documents) < 150
    assert documents == {f"doc-{i}" for i in range(len(documents))}


@pytest.mark.parametrize("name", ["corpus.json.gz", "article.txt.bz2"])
def test_a_truncated_file_read_whole_is_one_error(tmp_path, name):
    fmt = "json" if ".json" in name else None
    data = encode(RECORDS, fmt) if fmt else TEXTS[0].encode() * 50
    path = tmp_path / name
    path.write_bytes(COMPRESS[Path(name).suffix](data)[:-20])
    result = cli("extract", str(path))
    assert result.exit_code == 1
    assert errors(result.stderr) == [
        f"error: {path}: compressed stream ends early (truncated file?)"
    ]
    assert result.stdout == ""


@pytest.mark.parametrize("codec", [".gz", ".bz2", ".zst"])
def test_a_file_that_is_not_compressed_as_named_is_one_line(tmp_path, codec):
    need("jsonl", codec)
    path = tmp_path / f"corpus.jsonl{codec}"
    path.write_bytes(encode(RECORDS, "jsonl"))
    result = cli("extract", str(path))
    assert result.exit_code == 1
    (error,) = errors(result.stderr)
    assert error.startswith(f"error: {path}: cannot read to the end: ")


@pytest.mark.parametrize(
    ("modules", "name", "extra"),
    [
        (["zstandard"], "corpus.jsonl.zst", "zstd"),
        (["pyarrow", "pyarrow.parquet"], "corpus.parquet", "parquet"),
    ],
)
def test_a_missing_extra_is_one_line_naming_it(tmp_path, monkeypatch, modules, name, extra):
    if extra == "zstd" and sys.version_info >= (3, 14):
        pytest.skip("Python 3.14 reads .zst itself")
    path = tmp_path / name
    path.write_bytes(b"unused")
    for module in modules:
        monkeypatch.setitem(sys.modules, module, None)  # import fails
    result = cli("extract", str(path))
    assert result.exit_code == 1
    assert errors(result.stderr) == [
        f'error: {modules[0]} is not installed (needed here): pip install "claimex[{extra}]"'
    ]


# ---- glob patterns ---------------------------------------------------------------------------
def test_a_quoted_glob_is_expanded_in_sorted_order(tmp_path):
    for i, record in enumerate(RECORDS):
        write(tmp_path / f"part-{2 - i}", [record], "jsonl", ".gz")
    result = cli("extract", str(tmp_path / "part-*.jsonl.gz"))
    assert result.exit_code == 0
    order = list(dict.fromkeys(c["doc_id"] for c in lines(result.stdout)))
    assert order == ["doc-2", "doc-0"]  # part-0 holds doc-2; doc-1 has no claims


def test_a_glob_that_matches_nothing_is_one_line(tmp_path):
    pattern = str(tmp_path / "nothing-*.parquet")
    result = cli("extract", pattern)
    assert result.exit_code == 1
    assert errors(result.stderr) == [f"error: {pattern}: no file matches this pattern"]
