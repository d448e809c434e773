"""The rule registry: codes well-formed and unique, every rule documented, selectors resolve as documented."""

from __future__ import annotations

import re

import pytest

from cleanpolicy import registry
from cleanpolicy.registry import all_rules, resolve_selectors


def test_codes_unique_and_well_formed():
    rules = all_rules()
    codes = [r.code for r in rules]
    assert len(codes) == len(set(codes))
    names = [r.name for r in rules]
    assert len(names) == len(set(names))
    for r in rules:
        assert re.fullmatch(r"[A-Z]{3}\d{3}", r.code)
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", r.name), r.name
        assert r.kind in ("span", "transform", "report")
        assert r.safety in ("safe", "unsafe")
        assert r.status in ("active", "removed")


def test_every_family_order_is_canonical():
    order = [p for p, *_ in registry.FAMILIES]
    seen = [r.family for r in all_rules()]
    assert seen == sorted(seen, key=order.index)


@pytest.mark.parametrize("rule", all_rules(), ids=lambda r: r.code)
def test_rule_documented(rule):
    doc = rule.doc
    assert rule.summary, f"{rule.code} has no docstring summary"
    for section in ("## What it does", "## Why", "## Example", "## Safety"):
        assert section in doc, f"{rule.code} docstring lacks {section!r}"


def test_selectors():
    rules = all_rules()
    defaults = [r for r in rules if r.default and r.status == "active"]
    assert list(resolve_selectors(("DEFAULT",))) == defaults
    if not rules:
        return
    fam = rules[0].family
    sel = resolve_selectors(("DEFAULT",), ignore=(fam,))
    assert all(r.family != fam for r in sel)
    one = rules[0].code
    sel = resolve_selectors(("DEFAULT",), ignore=(fam,), extend_select=(one,))
    assert one in [r.code for r in sel]
    opt_in = [r for r in rules if not r.default]
    for r in opt_in:
        assert r not in resolve_selectors((r.family,))
        assert r in resolve_selectors((r.code,))


def test_report_rules_never_change_text():
    """A rule of kind "report" runs only in the first pass: it must never change the text (the
    pipeline turns a change into an internal error); checked on every fixture page and case."""
    from pathlib import Path

    from cleanpolicy import Policy
    from cleanpolicy._compat import tomllib

    fixtures = Path(__file__).resolve().parent.parent / "fixtures"
    texts = [p.read_text(encoding="utf-8") for p in sorted((fixtures / "pages").glob("*.input.txt"))]
    for f in sorted((fixtures / "cases").glob("*.toml")):
        texts += [c["input"] for c in tomllib.loads(f.read_text(encoding="utf-8")).get("case", []) if isinstance(c.get("input"), str)]
    reports = [r for r in all_rules() if r.kind == "report"]
    assert reports
    policy = Policy(to="keep")
    for r in reports:
        for t in texts:
            assert all(e.old == e.new for e in r.func(t, policy) or ()), (r.code, t[:40])
