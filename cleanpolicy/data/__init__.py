"""Packaged data files (see docs/data.md), read with importlib.resources on first use only."""

from __future__ import annotations

from importlib import resources

__all__ = ["derived", "tsv_rows"]


def tsv_rows(relpath: str) -> list[tuple[int, list[str]]]:
    """``(line number, tab-separated fields)`` of a packaged TSV file; blank lines and ``#`` comments skipped."""
    text = resources.files(__name__).joinpath(relpath).read_text(encoding="utf-8")
    return [
        (lineno, line.split("\t"))
        for lineno, line in enumerate(text.split("\n"), 1)
        if line.strip() and not line.lstrip().startswith("#")
    ]


def derived(relpath: str) -> tuple[dict[str, list[str]], list[str]]:
    """A packaged table derived from another library's data or behaviour (OpenCC's tables, Python's codecs;
    written by ``scripts/build_tables.py``): ``(fields, lines)``, where ``fields`` are the ``#: key
    values...`` lines of its head (what it was written from) and ``lines`` the lines that are neither
    comments nor blank."""
    text = resources.files(__name__).joinpath(relpath).read_text(encoding="utf-8")
    fields: dict[str, list[str]] = {}
    lines = []
    for line in text.split("\n"):
        if line.startswith("#:"):
            key, *values = line[2:].split()
            fields[key] = values
        elif line and not line.startswith("#"):
            lines.append(line)
    return fields, lines
