"""The Arrow schema of claims is derived from the pydantic models (every field a column, with
its nullability), carries schema_version, and `--format parquet` writes the JSONL output's
claims as rows; without pyarrow, a one-line message names the extra to install."""

from __future__ import annotations

import json
import sys
import typing

import pytest
from pydantic import BaseModel
from typer.testing import CliRunner

from claimex.cli import app
from claimex.schemas import SCHEMA_VERSION, Claim
from conftest import EXAMPLES, ROOT

pa = pytest.importorskip("pyarrow", reason='pyarrow is not installed: pip install ".[parquet]"')
pq = pytest.importorskip("pyarrow.parquet")

from claimex.io.arrow import claim_schema, model_fields  # noqa: E402
from claimex.io.parquet import ParquetWriter  # noqa: E402

ARTICLES = sorted(EXAMPLES.glob("*.txt"))


def model_paths(model: type[BaseModel], prefix: str = "") -> set[str]:
    """Every field of a model and of the models inside it, as dotted paths."""
    paths = set()
    for name, info in model.model_fields.items():
        paths.add(prefix + name)
        for arg in (info.annotation, *typing.get_args(info.annotation)):
            for inner in (arg, *typing.get_args(arg)):
                if isinstance(inner, type) and issubclass(inner, BaseModel):
                    paths |= model_paths(inner, f"{prefix}{name}.")
    return paths


def arrow_paths(fields, prefix: str = "") -> set[str]:
    paths = set()
    for field in fields:
        paths.add(prefix + field.name)
        kind = field.type
        if pa.types.is_list(kind):
            kind = kind.value_type
        if pa.types.is_struct(kind):
            paths |= arrow_paths(list(kind), f"{prefix}{field.name}.")
    return paths


def arrow_field(schema, path: str):
    names = path.split(".")
    field = schema.field(names[0])
    for name in names[1:]:
        kind = field.type.value_type if pa.types.is_list(field.type) else field.type
        field = kind.field(name)
    return field


def test_every_model_field_is_a_column():
    schema = claim_schema()
    # meta holds the kept input fields: they are columns of their own, named by keep
    assert schema.names == [name for name in Claim.model_fields if name != "meta"]
    assert arrow_paths(schema) == model_paths(Claim) - {"meta"}


@pytest.mark.parametrize(
    ("path", "arrow_type", "nullable"),
    [
        ("doc_id", "string", False),
        ("type", "string", False),
        ("sentence", "int64", False),
        ("source", "struct<text: string not null, start: int64 not null, end: int64 not null>",
         True),
        ("source.start", "int64", False),
        ("speaker.start", "int64", True),
        ("speaker.gender", "string", True),
        ("speaker.role", "struct<text: string not null, start: int64 not null, end: int64 not "
         "null>", True),
        ("cue.cue_class", "string", True),
        ("content", None, False),
        ("content.fragments", "list<element: struct<text: string not null, start: int64 not null, "
         "end: int64 not null> not null>", False),
        ("extended_by", "list<element: string not null>", False),
        ("schema_version", "string", False),
    ],
)  # fmt: skip
def test_column_types_follow_the_annotations(path, arrow_type, nullable):
    field = arrow_field(claim_schema(), path)
    if arrow_type is not None:
        assert str(field.type) == arrow_type
    assert field.nullable is nullable


def test_types_of_fields_to_come_are_derived_too():
    class Flags(BaseModel):
        negated: bool
        score: float | None = None
        tags: list[str] = []

    fields = {f.name: f for f in model_fields(Flags)}
    assert (str(fields["negated"].type), fields["negated"].nullable) == ("bool", False)
    assert (str(fields["score"].type), fields["score"].nullable) == ("double", True)
    assert str(fields["tags"].type) == "list<element: string not null>"


def test_a_type_without_arrow_column_is_refused():
    class Odd(BaseModel):
        when: dict[str, int]

    with pytest.raises(TypeError, match="no Arrow type"):
        model_fields(Odd)


def test_schema_metadata_and_engine_columns():
    schema = claim_schema([pa.field("url", pa.string())], errors=True)
    assert schema.metadata[b"schema_version"] == SCHEMA_VERSION.encode()
    assert schema.names[-2:] == ["url", "error"]
    assert all(f.nullable for f in schema)  # an error row has nulls in the claim columns
    with pytest.raises(ValueError, match="kept column 'rule' has the name of a claim column"):
        claim_schema([pa.field("rule", pa.string())])


def test_schema_arrow_command_prints_every_column():
    result = CliRunner().invoke(app, ["schema", "--arrow"])
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    for field in claim_schema():
        assert any(line.startswith(f"{field.name}: ") for line in lines), field.name
    assert f"schema_version: '{SCHEMA_VERSION}'" in lines


@pytest.mark.parametrize("article", ARTICLES, ids=lambda p: p.stem)
def test_parquet_output_is_the_jsonl_output(article, tmp_path):
    doc_id = article.relative_to(ROOT).as_posix()
    golden = [json.loads(line) for line in article.with_suffix("").with_suffix(".claims.jsonl")
              .read_text(encoding="utf-8").splitlines()]  # fmt: skip
    out = tmp_path / "claims.parquet"
    result = CliRunner().invoke(app, ["extract", doc_id, "-f", "parquet", "-o", str(out), "-q"])
    assert result.exit_code == 0, result.stderr
    table = pq.read_table(out)
    assert table.schema.equals(claim_schema(), check_metadata=True)
    assert table.to_pylist() == golden


def test_parquet_to_stdout_and_with_no_claims(tmp_path):
    empty = tmp_path / "quiet.txt"
    empty.write_text("The river rose overnight. Roads were closed.\n", encoding="utf-8")
    article = ARTICLES[0].relative_to(ROOT).as_posix()
    result = CliRunner().invoke(app, ["extract", str(empty), article, "-f", "parquet", "-q"])
    assert result.exit_code == 0, result.stderr
    out = tmp_path / "stdout.parquet"
    out.write_bytes(result.stdout_bytes)
    assert {r["doc_id"] for r in pq.read_table(out).to_pylist()} == {article}
    none = tmp_path / "none.parquet"
    result = CliRunner().invoke(app, ["extract", str(empty), "-f", "parquet", "-o", str(none)])
    assert result.exit_code == 0
    assert pq.read_table(none).num_rows == 0
    assert pq.read_table(none).schema.names == claim_schema().names


def test_kept_fields_are_columns(tmp_path):
    claim = json.loads(
        (EXAMPLES / "budget-vote.claims.jsonl").read_text(encoding="utf-8").splitlines()[0]
    )
    meta = {"url": "https://example.org/a", "n": 3, "tags": ["x", "y"]}
    path = tmp_path / "kept.parquet"
    writer = ParquetWriter(str(path), keep=["url", pa.field("n", pa.int64()), "tags"])
    writer.write("d", "", [{**claim, "meta": meta}, {**claim, "meta": {"url": None}}])
    writer.close()
    rows = pq.read_table(path).to_pylist()
    assert [(r["url"], r["n"], r["tags"]) for r in rows] == [
        ("https://example.org/a", 3, '["x", "y"]'),
        (None, None, None),
    ]
    assert {k: v for k, v in rows[0].items() if k not in meta} == claim


@pytest.mark.parametrize(
    ("args", "extra"),
    [
        (["schema", "--arrow"], "parquet"),
        (["extract", "examples/budget-vote.txt", "-f", "parquet", "-o", "x.parquet"], "parquet"),
        (["spark", "in.jsonl", "out"], "spark"),
    ],
)
def test_without_the_extra_one_line_names_it(monkeypatch, args, extra):
    for module in ("pyarrow", "pyarrow.parquet", "pyspark"):
        monkeypatch.setitem(sys.modules, module, None)  # import fails
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 1
    package = "pyspark" if extra == "spark" else "pyarrow"
    assert result.stderr.strip().splitlines() == [
        f'error: {package} is not installed (needed here): pip install "claimex[{extra}]"'
    ]


@pytest.mark.parametrize(("engine", "extra"), [("spark", "spark"), ("dask", "dask")])
def test_engines_without_their_extra_name_it(monkeypatch, engine, extra):
    import importlib

    from claimex.extras import MissingExtra

    module = importlib.import_module(f"claimex.{engine}")
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    with pytest.raises(MissingExtra, match=rf'pip install "claimex\[{extra}\]"'):
        module.extract_claims(None)
