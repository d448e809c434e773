"""Run every fixture: whole pages (fixtures/pages) and small per-rule cases (fixtures/cases/*.toml)."""

from __future__ import annotations

from pathlib import Path

import pytest

from cleanpolicy import Policy, clean_and_explain, replay
from cleanpolicy._compat import tomllib

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def _page_cases():
    for inp in sorted((FIXTURES / "pages").glob("*.input.txt")):
        stem = inp.name[: -len(".input.txt")]
        exp = inp.with_name(stem + ".expected.txt")
        meta_file = inp.with_name(stem + ".toml")
        meta = tomllib.loads(meta_file.read_text(encoding="utf-8")) if meta_file.exists() else {}
        marks = []
        if meta.get("expect") == "xfail":
            marks.append(pytest.mark.xfail(reason=meta.get("reason", "not reached yet"), strict=True))
        yield pytest.param(inp, exp, meta, id=stem, marks=marks)


def _small_cases():
    for f in sorted((FIXTURES / "cases").glob("*.toml")):
        data = tomllib.loads(f.read_text(encoding="utf-8"))
        for case in data.get("case", []):
            marks = []
            if case.get("expect") == "xfail":
                marks.append(pytest.mark.xfail(reason=case.get("reason", "not reached yet"), strict=True))
            yield pytest.param(case, id=f"{f.stem}:{case['id']}", marks=marks)


def _policy(spec: dict) -> Policy:
    kwargs = {"to": spec.get("to", "keep")}
    if "rules" in spec:
        kwargs["select"] = tuple(spec["rules"])
    return Policy(**kwargs)


@pytest.mark.parametrize("inp, exp, meta", list(_page_cases()))
def test_page(inp, exp, meta):
    data = inp.read_bytes()
    policy = Policy(**({"to": meta["to"]} if "to" in meta else {}))
    result = clean_and_explain(data, policy)
    assert replay(result.original, result.steps) == result.text
    if not exp.exists():
        pytest.fail(f"{exp.name} is missing: review the output and commit it")
    assert result.text == exp.read_text(encoding="utf-8")


@pytest.mark.parametrize("case", list(_small_cases()))
def test_case(case):
    result = clean_and_explain(case["input"], _policy(case))
    assert replay(result.original, result.steps) == result.text
    assert result.text == case["expected"]
    if "metadata" in case:
        for k, v in case["metadata"].items():
            assert result.metadata.get(k) == v, k
