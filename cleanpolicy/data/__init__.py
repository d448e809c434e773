"""Packaged data files (see docs/data.md), read with importlib.resources on first use only."""

from __future__ import annotations

from importlib import resources

__all__ = ["tsv_rows"]


def tsv_rows(relpath: str) -> list[tuple[int, list[str]]]:
    """``(line number, tab-separated fields)`` of a packaged TSV file; blank lines and ``#`` comments skipped."""
    text = resources.files(__name__).joinpath(relpath).read_text(encoding="utf-8")
    return [
        (lineno, line.split("\t"))
        for lineno, line in enumerate(text.split("\n"), 1)
        if line.strip() and not line.lstrip().startswith("#")
    ]
