"""Scale-out adapters: the plain record function, and Ray Data on a local 2-CPU cluster."""

from __future__ import annotations

import json

import pytest

from cleanpolicy import Policy, clean
from cleanpolicy.integrations import clean_record, clean_texts

DAMAGED = "正文第一段。   \n\n\n\n第二段内容。\n"


def test_clean_record_and_texts():
    rec = clean_record({"text": DAMAGED, "id": 3})
    assert rec["text"] == clean(DAMAGED)
    info = json.loads(rec["cleanpolicy"])
    assert set(info) == {"changed", "metadata", "edits"}
    texts, infos = clean_texts(["甲。", None])
    assert texts == ["甲。", None] and len(infos) == 2


def test_clean_batch_formats():
    pd = pytest.importorskip("pandas")
    from cleanpolicy.integrations.ray import CleanBatch, clean_batch

    df = pd.DataFrame({"text": [DAMAGED, "乙。"], "id": [1, 2]})
    out = CleanBatch(Policy(to="keep"))(df)
    assert out["text"].tolist() == [clean(DAMAGED, Policy(to="keep")), "乙。"] and out["id"].tolist() == [1, 2]
    out = clean_batch({"text": [DAMAGED], "id": [1]})
    assert list(out["text"]) == [clean(DAMAGED)]


@pytest.mark.slow
def test_ray_data_map_batches():
    ray = pytest.importorskip("ray", reason="Ray is an optional extra: pip install 'cleanpolicy[ray]'")
    from cleanpolicy.integrations.ray import CleanBatch

    records = [{"id": i, "text": DAMAGED if i % 3 == 0 else f"第{i}段。\n"} for i in range(300)]
    policy = Policy(to="keep")
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, ignore_reinit_error=True)
    try:
        ds = ray.data.from_items(records)
        ds = ds.map_batches(
            CleanBatch,
            fn_constructor_kwargs={"policy": policy},
            batch_format="pandas",
            batch_size=50,
            concurrency=2,
        )
        rows = sorted(ds.take_all(), key=lambda r: r["id"])
    finally:
        ray.shutdown()
    assert len(rows) == 300
    for rec, row in zip(records, rows):
        assert row["text"] == clean(rec["text"], policy)
        assert json.loads(row["cleanpolicy"])["changed"] == (row["text"] != rec["text"])
