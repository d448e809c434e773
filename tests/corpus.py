"""Real clean text for tests: the paragraphs of ../shared/peers/gov-work-reports/.

Tests that need it call :func:`require_peers` so they skip with a clear message
when the shared folder is absent (for example in an sdist build).
"""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PEERS = ROOT.parent / "shared" / "peers"
SEEDS = ROOT.parent / "shared" / "seeds"
REPORTS = PEERS / "gov-work-reports"
REPORT_FILES = ("government_work_reports.jsonl", "cpc_congress_reports.jsonl")
_PARA_SPLIT_RE = re.compile(r"\n\s*\n")
FINAL = "。！？；"


def require_peers(sub: str = "") -> Path:
    path = PEERS / sub if sub else PEERS
    if not path.exists():
        pytest.skip(f"peer data not found at {path} (it lives in ../shared/peers beside the checkout)")
    return path


@functools.lru_cache(maxsize=1)
def report_documents() -> tuple[dict, ...]:
    docs = []
    for name in REPORT_FILES:
        path = REPORTS / name
        if not path.exists():
            return ()
        with open(path, encoding="utf-8") as fh:
            docs.extend(json.loads(line) for line in fh if line.strip())
    return tuple(docs)


@functools.lru_cache(maxsize=1)
def report_paragraphs() -> tuple[str, ...]:
    """Every single-line paragraph (between blank lines) that ends in 。！？； — the clean-text proof set."""
    out = []
    for doc in report_documents():
        for p in _PARA_SPLIT_RE.split(doc["content"]):
            if p and "\n" not in p and p[-1] in FINAL:
                out.append(p)
    return tuple(out)


DEFECTS_FILE = Path(__file__).parent / "data" / "report_known_defects.tsv"


def known_defects() -> list[tuple[str, str, str]]:
    """(paragraph prefix, rule codes, note) of the reviewed genuine defects in the report paragraphs."""
    import csv

    if not DEFECTS_FILE.exists():
        return []
    rows = []
    with open(DEFECTS_FILE, encoding="utf-8", newline="") as fh:
        for row in csv.reader(fh, delimiter="\t"):
            if not row or row[0].startswith("#"):
                continue
            prefix, code, note = (row + ["", "", ""])[:3]
            rows.append((prefix, code, note))
    return rows


@functools.lru_cache(maxsize=1)
def clean_report_paragraphs() -> tuple[str, ...]:
    """The report paragraphs without the reviewed genuine defects: text every rule must leave alone."""
    prefixes = {prefix for prefix, _c, _n in known_defects()}
    return tuple(p for p in report_paragraphs() if not any(p.startswith(x) for x in prefixes))


@functools.lru_cache(maxsize=1)
def simplified_report_paragraphs() -> tuple[str, ...]:
    """Report paragraphs outside the 1954 report (which is in traditional script)."""
    out = []
    for doc in report_documents():
        if doc.get("year") == 1954 or "1954" in doc.get("title", ""):
            continue
        for p in _PARA_SPLIT_RE.split(doc["content"]):
            if p and "\n" not in p and p[-1] in FINAL:
                out.append(p)
    return tuple(out)


def non_utf8_pages(root: Path) -> list[tuple[Path, bytes]]:
    """(path, bytes) of the ``*.html`` pages under ``root`` that are not valid UTF-8, in name order
    (for chinese-web-extraction: its 39+ GBK pages)."""
    out = []
    for path in sorted(root.glob("*.html")):
        data = path.read_bytes()
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            out.append((path, data))
    return out
