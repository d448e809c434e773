"""Run the rules of a policy over a text, recording every change.

``clean_and_explain`` is the one engine; ``clean``, ``check`` and
``make_pipeline`` are thin views of it.  The rules run in canonical registry
order; the whole sequence is repeated (at most :data:`MAX_PASSES` times) until
a pass changes nothing, so ``clean(clean(x)) == clean(x)`` holds by
construction as well as by test.
"""

from __future__ import annotations

import difflib
import os
from typing import Any, Callable

from ._core import Edit, Result, Step, apply_edits, merge_metadata, validate_edits
from .errors import BYTES_ERROR_TEXT
from .policy import Policy

__all__ = ["clean", "clean_and_explain", "check", "make_pipeline", "run_rule", "DEFAULT_POLICY", "MAX_PASSES"]

MAX_PASSES = 3
DEFAULT_POLICY = Policy()

#: set by the test-suite: a rule that raises fails loudly instead of being skipped and reported
_STRICT = os.environ.get("CLEANPOLICY_STRICT") == "1"


def _coerce_policy(policy: Policy | None) -> Policy:
    if policy is None:
        return DEFAULT_POLICY
    if not isinstance(policy, Policy):
        raise TypeError(f"policy must be a cleanpolicy.Policy, not {type(policy).__name__}")
    return policy


def _diff_edits(a: str, b: str, reason: str) -> list[Edit]:
    """Edits that turn ``a`` into ``b`` (for transform rules)."""
    if a == b:
        return []
    edits: list[Edit] = []
    if len(a) == len(b):
        # the common case for script conversion: same length, characters swapped
        i = 0
        n = len(a)
        while i < n:
            if a[i] != b[i]:
                j = i + 1
                while j < n and a[j] != b[j]:
                    j += 1
                edits.append(Edit(i, j, a[i:j], b[i:j], reason))
                i = j
            else:
                i += 1
        return edits
    sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag != "equal":
            edits.append(Edit(i1, i2, a[i1:i2], b[j1:j2], reason))
    return edits


def run_rule(rule, text: str, policy: Policy) -> list[Edit]:
    """The edits ``rule`` makes on ``text`` (validated), or a report if the rule failed."""
    try:
        if rule.kind == "transform":
            out = rule.func(text, policy)
            edits = _diff_edits(text, out, rule.name)
        else:
            edits = list(rule.func(text, policy) or ())
        if edits:
            edits.sort(key=lambda e: (e.start, e.end))
            validate_edits(text, edits)
    except Exception as exc:  # a rule bug must never cost the user their text
        if _STRICT:
            raise
        return [Edit(0, 0, "", "", f"internal error in {rule.code}, rule skipped: {type(exc).__name__}: {exc}")]
    if edits and policy.is_report_only(rule):
        edits = [e if e.old == e.new else Edit(e.start, e.end, e.old, e.old, f"[report only] would change to {e.new!r}: {e.reason}", e.meta) for e in edits]
    return edits


def clean_and_explain(
    text_or_bytes: str | bytes,
    policy: Policy | None = None,
    *,
    encoding: str | None = None,
    input_format: str = "auto",
) -> Result:
    """Clean a document and return the text, the ordered steps and the metadata.

    ``text_or_bytes`` may be ``str`` or raw ``bytes`` (decoded by the encoding
    family; ``encoding`` overrides detection).  ``input_format`` is ``"text"``,
    ``"html"`` or ``"auto"`` (HTML when the input looks like a page).
    """
    policy = _coerce_policy(policy)
    if not isinstance(text_or_bytes, (str, bytes, bytearray, memoryview)):
        raise TypeError(f"expected str or bytes, not {type(text_or_bytes).__name__}")
    from .inputs import to_text

    original, base_meta = to_text(text_or_bytes, encoding=encoding, input_format=input_format)
    text = original
    steps: list[Step] = []
    rules = policy.rules()
    for _pass in range(MAX_PASSES):
        changed = False
        for rule in rules:
            edits = run_rule(rule, text, policy)
            if not edits:
                continue
            if _pass and all(e.old == e.new for e in edits):
                continue  # reports are recorded once, on the first pass
            steps.append(Step(rule.code, tuple(edits)))
            new = apply_edits(text, edits)
            if new != text:
                changed = True
                text = new
        if not changed:
            break
    metadata = _metadata_to_target(merge_metadata(steps, base_meta), policy, rules)
    return Result(text, tuple(steps), metadata, original)


def _metadata_to_target(meta: dict[str, Any], policy: Policy, rules) -> dict[str, Any]:
    """Metadata is extracted before script conversion runs: put its text in the target script too."""
    if policy.to == "keep" or not meta or not any(r.code == "SCR001" for r in rules):
        return meta
    from .rules.script import convert_script

    def conv(value: Any) -> Any:
        if isinstance(value, str):
            try:
                return apply_edits(value, convert_script(value, policy))
            except Exception:  # metadata conversion must never cost the document
                return value
        if isinstance(value, list):
            return [conv(v) for v in value]
        return value

    return {k: (v if k.startswith("encoding") else conv(v)) for k, v in meta.items()}


def clean(
    text_or_bytes: str | bytes,
    policy: Policy | None = None,
    *,
    encoding: str | None = None,
    input_format: str = "auto",
) -> str:
    """Return the cleaned text of a document (``str`` or ``bytes``)."""
    return clean_and_explain(text_or_bytes, policy, encoding=encoding, input_format=input_format).text


def check(
    text_or_bytes: str | bytes,
    policy: Policy | None = None,
    *,
    encoding: str | None = None,
    input_format: str = "auto",
) -> list[Step]:
    """Dry run: the steps cleaning would take (empty when the text is already clean)."""
    return list(clean_and_explain(text_or_bytes, policy, encoding=encoding, input_format=input_format).steps)


def make_pipeline(*selectors: str | Callable[..., Any], policy: Policy | None = None) -> Callable[[str], str]:
    """Compose rules into a plain ``str -> str`` function.

    Selectors are rule codes or prefixes (run in canonical order, as the
    policy would) or rule functions (run in the order given, after the coded
    ones)::

        fix = make_pipeline("ENC", "PYN001")
        fix("設(shè)計")
    """
    from . import registry

    policy = _coerce_policy(policy)
    codes = tuple(s for s in selectors if isinstance(s, str))
    funcs = [s for s in selectors if not isinstance(s, str)]
    by_func = {r.func: r for r in registry.all_rules()}
    rules = list(registry.resolve_selectors(codes)) if codes else []
    for f in funcs:
        if f not in by_func:
            raise ValueError(f"{f!r} is not a registered rule function")
        rules.append(by_func[f])

    def pipeline(text: str) -> str:
        if isinstance(text, (bytes, bytearray)):
            raise TypeError(BYTES_ERROR_TEXT)
        for _pass in range(MAX_PASSES):
            before = text
            for rule in rules:
                edits = run_rule(rule, text, policy)
                if edits:
                    text = apply_edits(text, edits)
            if text == before:
                break
        return text

    pipeline.__name__ = "cleanpolicy_pipeline"
    pipeline.rules = tuple(rules)  # type: ignore[attr-defined]
    return pipeline
