"""The standing proof of "faithful before clean".

Every single-line paragraph of the State Council and CPC reports (between blank lines, ending in 。！？；)
passes through the default pipeline with ``to="keep"`` byte-identical, except for the short reviewed list
of genuine defects in ``tests/data/report_known_defects.tsv``: each names the paragraph (by its opening
characters) and the rule that rightly fixes it, and every entry must still be needed.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from cleanpolicy import Policy, clean_and_explain

from corpus import known_defects, report_paragraphs, require_peers

def test_every_report_paragraph_passes_untouched():
    require_peers("gov-work-reports")
    paragraphs = report_paragraphs()
    assert len(paragraphs) > 5000
    policy = Policy(to="keep")
    defects = known_defects()
    used: set[int] = set()
    unexpected = []
    for p in paragraphs:
        r = clean_and_explain(p, policy)
        if r.text == p:
            continue
        codes = {s.code for s in r.steps if any(e.old != e.new for e in s.edits)}
        match = [i for i, (prefix, code, _n) in enumerate(defects) if p.startswith(prefix) and codes <= set(code.split("+"))]
        if match:
            used.update(match)
            continue
        unexpected.append((p[:40], sorted(codes), [(e.old, e.new) for s in r.steps for e in s.edits][:3]))
    assert not unexpected, f"{len(unexpected)} clean paragraphs changed, e.g. {unexpected[:5]}"
    unused = [defects[i][:2] for i in range(len(defects)) if i not in used]
    assert not unused, f"known-defect entries no longer needed: {unused}"


def test_reports_through_the_cli_jsonl(tmp_path, monkeypatch):
    """The same paragraphs through the real command (JSON Lines in and out), a sample of 300."""
    require_peers("gov-work-reports")
    import io
    import sys

    from cleanpolicy import cli

    prefixes = {prefix for prefix, _c, _n in known_defects()}
    sample = [p for p in report_paragraphs()[::20] if not any(p.startswith(x) for x in prefixes)][:300]
    data = "".join(json.dumps({"text": p}, ensure_ascii=False) + "\n" for p in sample).encode()
    out = io.BytesIO()
    fake_out = io.TextIOWrapper(out, encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))
    monkeypatch.setattr(sys, "stdout", fake_out)
    monkeypatch.chdir(tmp_path)
    assert cli.main(["--jsonl", "--to", "keep", "--quiet"]) == 0
    fake_out.flush()
    got = [json.loads(line)["text"] for line in out.getvalue().decode().splitlines()]
    assert got == sample
