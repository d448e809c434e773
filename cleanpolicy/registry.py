"""The rule registry: one ordered table of every rule, assembled from the family modules.

Each family module in :mod:`cleanpolicy.rules` declares its own rows in a
module-level ``RULES`` tuple and its options in ``OPTIONS``; this module
concatenates them in the canonical family order below, which is also the order
the pipeline runs them in.  Nothing is registered by side effect: the table is
built on first use (not at ``import cleanpolicy``), and family modules keep
their heavy imports inside functions, so building it stays cheap.

Rule codes are a three-letter family prefix and three digits (``BPL002``).
Numbers are never reused; a retired rule keeps its row with
``status="removed"`` so old configurations get a clear error.
"""

from __future__ import annotations

import difflib
import functools
import importlib
import re
from dataclasses import dataclass, field
from typing import Any, Callable

from . import recache

__all__ = ["Rule", "FAMILIES", "all_rules", "get_rule", "family_gate", "family_options", "resolve_selectors", "CODE_RE"]

#: canonical order: (prefix, module, options table, what the family does)
FAMILIES: tuple[tuple[str, str, str, str], ...] = (
    ("ENC", "encoding", "encoding", "encoding damage: mojibake, frame shifts, lost characters, controls, markup remnants"),
    ("PYN", "pinyin", "pinyin", "inline pinyin annotations such as 設(shè)計"),
    ("SPM", "spam", "spam", "injected spam: SEO keyword blocks, inserted phrases"),
    ("BPL", "boilerplate", "boilerplate", "portal boilerplate: breadcrumbs, date/source lines, footers, captions, credits"),
    ("SCR", "script", "script", "script conversion with OpenCC (simplified, traditional, Taiwan, Hong Kong)"),
    ("SPN", "spinner", "spinner", "article-spinner (伪原创) synonym swaps, through a glossary"),
    ("SEG", "segment", "segment", "layout: paragraphs broken mid-word, letter-spaced text, article segmentation"),
    ("NRM", "normalize", "normalize", "punctuation and whitespace as Chinese typesetting expects"),
)

CODE_RE = recache.compile(r"^[A-Z]{3}[0-9]{3}$")
_SELECTOR_RE = recache.compile(r"^(ALL|[A-Z]{3}[0-9]{0,3})$")


@dataclass(frozen=True)
class Rule:
    """One row of the registry."""

    code: str
    name: str
    func: Callable[..., Any]
    #: "span": ``func(text, policy) -> list[Edit]``; "transform": ``func(text, policy) -> str``;
    #: "report": like "span", but every edit is a report (the rule never changes the text, so the
    #: pipeline runs it only in the first pass)
    kind: str = "span"
    #: in the default selection?
    default: bool = True
    #: "safe" rules edit under --fix; "unsafe" ones only report unless the policy allows unsafe fixes
    safety: str = "safe"
    since: str = "0.1.0"
    status: str = "active"
    family: str = field(init=False, default="")

    def __post_init__(self) -> None:
        object.__setattr__(self, "family", self.code[:3])

    @property
    def summary(self) -> str:
        doc = (self.func.__doc__ or "").strip()
        return doc.splitlines()[0].strip() if doc else ""

    @property
    def doc(self) -> str:
        import inspect

        return inspect.cleandoc(self.func.__doc__ or "")


def _family_module(module: str):
    return importlib.import_module(f"cleanpolicy.rules.{module}")


@functools.lru_cache(maxsize=1)
def all_rules() -> tuple[Rule, ...]:
    """Every rule, in canonical run order (removed rules included)."""
    rows: list[Rule] = []
    seen: set[str] = set()
    for prefix, module, _table, _desc in FAMILIES:
        mod = _family_module(module)
        for rule in getattr(mod, "RULES", ()):
            if not CODE_RE.match(rule.code) or rule.code[:3] != prefix:
                raise RuntimeError(f"bad rule code {rule.code!r} in cleanpolicy.rules.{module}")
            if rule.code in seen:
                raise RuntimeError(f"duplicate rule code {rule.code}")
            seen.add(rule.code)
            rows.append(rule)
    return tuple(rows)


@functools.lru_cache(maxsize=1)
def _by_code() -> dict[str, Rule]:
    return {r.code: r for r in all_rules()}


def get_rule(code: str) -> Rule:
    try:
        return _by_code()[code]
    except KeyError:
        raise KeyError(f"unknown rule code {code!r}{suggest(code)}") from None


@functools.lru_cache(maxsize=None)
def family_gate(prefix: str) -> Callable[..., Any] | None:
    """The gate factory of family ``prefix``, or None when the family has none: its module's
    ``GATE(policy)``, which gives a function ``gate(text)`` (or None: no gate under that policy) that
    returns the codes of the family's rules that may have work on ``text``.  A rule whose code it leaves
    out makes no edit on ``text`` under that policy, so the pipeline need not call it."""
    for p, module, _table, _desc in FAMILIES:
        if p == prefix:
            return getattr(_family_module(module), "GATE", None)
    return None


@functools.lru_cache(maxsize=1)
def family_options() -> dict[str, dict[str, Any]]:
    """``{table: {option: default}}`` for every family, from each module's ``OPTIONS``."""
    return {table: dict(getattr(_family_module(module), "OPTIONS", {})) for _p, module, table, _d in FAMILIES}


def suggest(word: str) -> str:
    """A `; did you mean X?` hint for an unknown code, prefix or rule name."""
    rules = all_rules()
    by_name = {r.name: r.code for r in rules}
    if word in by_name:
        return f"; did you mean {by_name[word]} ({word})?"
    candidates = [r.code for r in rules] + [p for p, *_ in FAMILIES] + list(by_name)
    close = difflib.get_close_matches(word.upper() if len(word) <= 6 else word, candidates, n=1, cutoff=0.6)
    if close:
        c = close[0]
        return f"; did you mean {by_name.get(c, c)}?"
    return ""


def valid_selector(sel: str) -> bool:
    if not _SELECTOR_RE.match(sel):
        return False
    if sel == "ALL":
        return True
    return any(r.code.startswith(sel) for r in all_rules())


def resolve_selectors(
    select: frozenset[str] | tuple[str, ...],
    ignore: frozenset[str] | tuple[str, ...] = (),
    extend_select: frozenset[str] | tuple[str, ...] = (),
) -> tuple[Rule, ...]:
    """The active rules, in canonical order, for ruff-style selectors.

    ``select`` names codes or prefixes (``"DEFAULT"`` stands for the default
    rule set, ``"ALL"`` for every rule); ``extend_select`` adds to it and
    ``ignore`` removes.  A more specific selector wins over a less specific one,
    as in ruff: ``ignore=["BPL"]`` with ``extend_select=["BPL003"]`` keeps
    BPL003.
    """

    def spec(sel: str, code: str) -> int:
        if sel == "ALL":
            return 0
        return len(sel) if code.startswith(sel) else -1

    out = []
    for rule in all_rules():
        if rule.status != "active":
            continue
        best_on = -1
        for sel in tuple(select) + tuple(extend_select):
            if sel == "DEFAULT":
                s = 0 if rule.default else -1
            else:
                s = spec(sel, rule.code)
                # opt-in rules are selected only by their exact code
                if s >= 0 and not rule.default and sel != rule.code:
                    s = -1
            best_on = max(best_on, s)
        best_off = max((spec(sel, rule.code) for sel in ignore), default=-1)
        if best_on >= 0 and best_on > best_off:
            out.append(rule)
    return tuple(out)
