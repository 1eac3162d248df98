"""claimex on Dask (a LocalCluster of 2 worker processes): the claims are the CLI's field by
field from a DataFrame and from a Bag, every column has an explicit Arrow dtype, a text
that cannot be processed is an error row, and each worker loads the pipeline once."""

from __future__ import annotations

import os

import pytest

from claimex.engine.columnar import ColumnarJob, engine_loads
from claimex.io.arrow import ERROR_COLUMN, claim_schema

pytestmark = pytest.mark.dask
pytest.importorskip("distributed", reason='dask is not installed: pip install ".[dask]"')


@pytest.fixture(scope="module")
def client():
    from distributed import Client, LocalCluster

    cluster = LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    )
    with cluster, Client(cluster) as client:
        yield client


def claims_by_doc(frame, extra: tuple[str, ...] = ()) -> dict[str, list[dict]]:
    import pyarrow as pa

    rows = pa.Table.from_pandas(frame, preserve_index=False).to_pylist()
    out: dict[str, list[dict]] = {}
    for row in rows:
        assert row[ERROR_COLUMN] is None, row
        claim = {k: v for k, v in row.items() if k not in (*extra, ERROR_COLUMN)}
        out.setdefault(claim["doc_id"], []).append(claim)
    return out


def test_a_dataframe_gives_the_clis_claims_with_arrow_dtypes(client, fictional_run):
    import dask.dataframe as dd
    import pandas as pd
    import pyarrow as pa

    from claimex.dask import extract_claims

    records, cli = fictional_run
    ddf = dd.from_pandas(pd.DataFrame(records), npartitions=4)
    claims = extract_claims(ddf, keep=["desk"])
    schema = claim_schema([pa.field("desk", pa.string())], errors=True)
    expected = {f.name: pd.ArrowDtype(f.type) for f in schema}
    assert dict(claims.dtypes) == expected  # the meta, before anything runs
    assert claims.dtypes["doc_id"] == pd.ArrowDtype(pa.string())
    frame = claims.compute()
    assert dict(frame.dtypes) == expected
    desks = {r["id"]: r["desk"] for r in records}
    assert all(desks[d] == k for d, k in zip(frame["doc_id"], frame["desk"], strict=True))
    assert claims_by_doc(frame, extra=("desk",)) == cli


@pytest.mark.parametrize("shape", ["pairs", "dicts"])
def test_a_bag_gives_the_clis_claims(client, fictional_run, shape):
    import dask.bag as db

    from claimex.dask import extract_claims

    records, cli = fictional_run
    records = records[:60]
    items = [(r["id"], r["text"]) for r in records] if shape == "pairs" else records
    frame = extract_claims(db.from_sequence(items, npartitions=3)).compute()
    assert claims_by_doc(frame) == {r["id"]: cli[r["id"]] for r in records if r["id"] in cli}


@pytest.mark.parametrize(
    ("text", "error"),
    [(None, "no text (null)"), ("", "empty text"), (42, "the text is not a string but int")],
)
def test_unusable_text_gives_an_error_row(client, fictional_run, text, error):
    import dask.bag as db

    from claimex.dask import extract_claims

    records, cli = fictional_run
    items = [{"id": "bad", "text": text, "desk": 7}, records[1]]
    frame = extract_claims(db.from_sequence(items, npartitions=1), keep=["desk"]).compute()
    bad = frame[frame[ERROR_COLUMN].notna()]
    assert list(zip(bad["doc_id"], bad["desk"], bad[ERROR_COLUMN], strict=True)) == [
        ("bad", "7", error)
    ]
    assert len(frame) - 1 == len(cli[records[1]["id"]])


def test_each_worker_loads_the_pipeline_once(client, fictional_run):
    import dask.bag as db

    from claimex.dask import extract_claims

    records, _ = fictional_run
    bag = db.from_sequence([(r["id"], r["text"]) for r in records[:24]], npartitions=8)
    extract_claims(bag).compute()
    extract_claims(bag).compute()
    job = ColumnarJob()
    workers = list(client.scheduler_info()["workers"])
    loads = [client.submit(engine_loads, job, workers=[w], pure=False).result() for w in workers]
    assert loads == [1, 1]


def test_each_worker_undoes_the_nannys_fixed_trim_threshold(client, fictional_run):
    import dask.bag as db

    from claimex.dask import extract_claims
    from claimex.engine.columnar import TRIM_ENV, malloc_for_parsing

    records, _ = fictional_run
    bag = db.from_sequence([(r["id"], r["text"]) for r in records[:8]], npartitions=4)
    extract_claims(bag).compute()
    workers = list(client.scheduler_info()["workers"])
    env = [
        client.submit(os.environ.get, TRIM_ENV, workers=[w], pure=False).result() for w in workers
    ]
    assert env == ["65536", "65536"]  # distributed's default (nanny.pre-spawn-environ)
    tuned = [client.submit(malloc_for_parsing, workers=[w], pure=False).result() for w in workers]
    assert tuned == [True, True]


def test_not_a_collection_is_one_clear_error():
    from claimex.dask import extract_claims
    from claimex.errors import ClaimexError

    with pytest.raises(ClaimexError, match="expected a Dask DataFrame or Bag, got list"):
        extract_claims(["a text"])
