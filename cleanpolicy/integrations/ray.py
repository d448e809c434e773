"""Ray Data adapter: clean a text column with ``Dataset.map_batches``.

    import ray, cleanpolicy
    from cleanpolicy.integrations.ray import CleanBatch

    ds = ray.data.read_json("s3://corpus/*.jsonl")
    ds = ds.map_batches(
        CleanBatch,
        fn_constructor_kwargs={"policy": cleanpolicy.Policy(to="simplified"), "field": "text"},
        batch_format="pandas",
        concurrency=8,          # an actor pool: the policy is sent once per worker, data load once per actor
    )

Each output batch keeps every column, replaces ``field`` by its cleaned text and adds a ``cleanpolicy``
column holding a JSON string ``{"changed", "metadata", "edits"}``.  Ray is an optional dependency
(``pip install 'cleanpolicy[ray]'``); this module does not import it.
"""

from __future__ import annotations

from typing import Any

from ..policy import Policy
from . import clean_texts

__all__ = ["CleanBatch", "clean_batch"]


def clean_batch(batch: Any, policy: Policy | None = None, field: str = "text", info_column: str = "cleanpolicy") -> Any:
    """Clean one batch: a pandas DataFrame, a pyarrow Table or a ``dict`` of columns (numpy/list)."""
    try:
        import pandas as pd
    except ImportError:  # pragma: no cover - ray[data] brings pandas
        pd = None
    if pd is not None and isinstance(batch, pd.DataFrame):
        out = batch.copy()
        texts, info = clean_texts(out[field].tolist(), policy)
        out[field] = texts
        out[info_column] = info
        return out
    if hasattr(batch, "to_pydict"):  # pyarrow.Table
        cols = batch.to_pydict()
        texts, info = clean_texts(cols[field], policy)
        cols[field] = texts
        cols[info_column] = info
        import pyarrow as pa

        return pa.Table.from_pydict(cols)
    cols = dict(batch)
    texts, info = clean_texts(list(cols[field]), policy)
    try:
        import numpy as np

        cols[field] = np.array(texts, dtype=object)
        cols[info_column] = np.array(info, dtype=object)
    except ImportError:  # pragma: no cover
        cols[field] = texts
        cols[info_column] = info
    return cols


class CleanBatch:
    """A callable class for ``map_batches``: construction (once per Ray worker) fixes the policy."""

    def __init__(self, policy: Policy | None = None, field: str = "text", info_column: str = "cleanpolicy") -> None:
        self.policy = policy or Policy()
        self.field = field
        self.info_column = info_column

    def __call__(self, batch: Any) -> Any:
        return clean_batch(batch, self.policy, self.field, self.info_column)
