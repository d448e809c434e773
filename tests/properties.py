"""Shared property checks every rule family reuses.

Each takes a rule (a registry row) or a policy and one input, and asserts:
total (never raises), edits well-formed, idempotent, replay reproduces output.
"""

from __future__ import annotations

from cleanpolicy import Policy, replay
from cleanpolicy._core import apply_edits, validate_edits
from cleanpolicy.pipeline import clean_and_explain, run_rule


def rule_edits(rule, text: str, policy: Policy | None = None):
    policy = policy or Policy()
    edits = run_rule(rule, text, policy)
    validate_edits(text, edits)
    return edits


def assert_rule_total_and_well_formed(rule, text: str, policy: Policy | None = None) -> str:
    """The rule never raises, its edits are valid; returns the rule's output."""
    edits = rule_edits(rule, text, policy)
    for e in edits:
        assert e.reason, f"{rule.code} edit without a reason: {e!r}"
    return apply_edits(text, edits)


def assert_rule_idempotent(rule, text: str, policy: Policy | None = None) -> None:
    once = assert_rule_total_and_well_formed(rule, text, policy)
    twice = assert_rule_total_and_well_formed(rule, once, policy)
    assert twice == once, f"{rule.code} is not idempotent on {text!r}"


def assert_rule_no_change(rule, text: str, policy: Policy | None = None) -> None:
    edits = [e for e in rule_edits(rule, text, policy) if e.old != e.new]
    assert not edits, f"{rule.code} changed clean text: {edits[:3]!r}"


def assert_pipeline_properties(text, policy: Policy | None = None) -> str:
    """Whole pipeline: total, replayable, idempotent. Returns the cleaned text."""
    policy = policy or Policy()
    result = clean_and_explain(text, policy)
    assert replay(result.original, result.steps) == result.text
    again = clean_and_explain(result.text, policy)
    assert again.text == result.text, "pipeline is not idempotent"
    return result.text


def assert_deletion_only(before: str, after: str) -> None:
    """``after`` is a subsequence of ``before`` (nothing added, nothing rewritten)."""
    it = iter(before)
    assert all(ch in it for ch in after), "output is not a subsequence of the input"
