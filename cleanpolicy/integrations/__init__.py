"""Adapters for distributed engines: the same pure function, run where the corpus already lives.

- :mod:`cleanpolicy.integrations.ray`: a Ray Data ``map_batches`` callable (``pip install 'cleanpolicy[ray]'``).
- Hugging Face ``datasets`` and Spark need no adapter: see :func:`clean_record` and ``docs/scaling.md``.
"""

from __future__ import annotations

import json
from typing import Any

from ..policy import Policy

__all__ = ["clean_record", "clean_texts"]


def clean_texts(texts, policy: Policy | None = None) -> tuple[list[str], list[str]]:
    """Clean a sequence of texts; return the cleaned texts and, per text, a JSON string of
    ``{"changed", "metadata", "edits"}`` (a string, so any columnar engine can store it)."""
    from ..pipeline import clean_and_explain

    out: list[str] = []
    info: list[str] = []
    for t in texts:
        if t is None:
            out.append(None)  # type: ignore[arg-type]
            info.append(json.dumps({"changed": False, "metadata": {}, "edits": {}, "error": "missing"}))
            continue
        r = clean_and_explain(t if isinstance(t, (str, bytes)) else str(t), policy)
        out.append(r.text)
        info.append(json.dumps({"changed": r.changed, "metadata": r.metadata, "edits": r.summary()}, ensure_ascii=False))
    return out, info


def clean_record(record: dict[str, Any], policy: Policy | None = None, field: str = "text") -> dict[str, Any]:
    """``datasets.map``-style: return ``{field: cleaned, "cleanpolicy": json}`` for one record."""
    texts, info = clean_texts([record[field]], policy)
    return {field: texts[0], "cleanpolicy": info[0]}
