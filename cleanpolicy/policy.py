"""Policy: which rules run and with which options, as a frozen, hashable value.

A policy is loaded from ``cleanpolicy.toml`` or the ``[tool.cleanpolicy]``
table of ``pyproject.toml`` (the nearest one upward from the file or working
directory), or from ``--config PATH``.  Keys are the same in both files::

    [tool.cleanpolicy]
    to = "simplified"                # simplified | traditional | taiwan | hongkong | keep
    select = ["DEFAULT"]             # codes, family prefixes, DEFAULT or ALL
    extend-select = ["NRM010"]
    ignore = ["BPL009"]
    report-only = ["SPN"]            # these rules report but never edit
    unsafe-fixes = false             # let "unsafe" rules edit

    [tool.cleanpolicy.normalize]     # one table of options per family
    indent = "remove"

Unknown keys, option names, rule codes and values are errors that name the
file, the key and a suggestion.
"""

from __future__ import annotations

import dataclasses
import difflib
import functools
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping

from .errors import PolicyError

__all__ = ["Policy", "TARGETS", "load_policy", "discover_config"]

#: ``--to`` values; "keep" leaves the script alone
TARGETS = ("simplified", "traditional", "taiwan", "hongkong", "keep")

_TOP_KEYS = ("to", "select", "extend-select", "ignore", "report-only", "unsafe-fixes")


def _frozen_options(options: Mapping[str, Mapping[str, Any]] | None) -> tuple[tuple[str, tuple[tuple[str, Any], ...]], ...]:
    if not options:
        return ()
    out = []
    for table in sorted(options):
        items = tuple(sorted((k, _freeze(v)) for k, v in options[table].items()))
        out.append((table, items))
    return tuple(out)


def _freeze(v: Any) -> Any:
    if isinstance(v, list):
        return tuple(_freeze(x) for x in v)
    if isinstance(v, dict):
        return tuple(sorted((k, _freeze(x)) for k, x in v.items()))
    return v


@dataclass(frozen=True)
class Policy:
    """Which rules run, and their options.  Build variants with :meth:`replace`."""

    to: str = "simplified"
    select: tuple[str, ...] = ("DEFAULT",)
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    report_only: tuple[str, ...] = ()
    unsafe_fixes: bool = False
    #: per-family option overrides: ((table, ((key, value), ...)), ...)
    options: tuple[tuple[str, tuple[tuple[str, Any], ...]], ...] = ()
    #: where this policy came from (for messages); not part of equality
    source: str | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        for name in ("select", "extend_select", "ignore", "report_only"):
            val = getattr(self, name)
            if isinstance(val, str):
                val = (val,)
            object.__setattr__(self, name, tuple(val))
        if isinstance(self.options, Mapping):
            object.__setattr__(self, "options", _frozen_options(self.options))
        if self.to not in TARGETS:
            raise PolicyError(f"to: {self.to!r} is not one of {', '.join(TARGETS)}", path=self.source, key="to")

    def __hash__(self) -> int:
        # computed once: the rules look options up (cached on the policy) many times per document
        h = self.__dict__.get("_hash")
        if h is None:
            h = hash((self.to, self.select, self.extend_select, self.ignore, self.report_only, self.unsafe_fixes, self.options))
            object.__setattr__(self, "_hash", h)
        return h

    def __getstate__(self) -> dict[str, Any]:
        # string hashes differ between processes: never carry the cached one (or anything cached) into another
        return {k: v for k, v in self.__dict__.items() if k not in ("_hash", "_looked_up")}

    def __setstate__(self, state: dict[str, Any]) -> None:
        for k, v in state.items():
            object.__setattr__(self, k, v)

    # -- construction -------------------------------------------------------------------------
    def replace(self, **changes: Any) -> "Policy":
        return dataclasses.replace(self, **changes)

    def with_options(self, table: str, **values: Any) -> "Policy":
        opts = {t: dict(items) for t, items in self.options}
        opts.setdefault(table, {}).update(values)
        return self.replace(options=_frozen_options(opts))

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any], *, source: str | None = None) -> "Policy":
        """Build a policy from the keys of a ``[tool.cleanpolicy]`` table, validating everything."""
        from . import registry

        tables = registry.family_options()
        kwargs: dict[str, Any] = {"source": source}
        options: dict[str, dict[str, Any]] = {}
        for key, value in data.items():
            if key in tables:
                if not isinstance(value, Mapping):
                    raise PolicyError(f"[{key}] must be a table", path=source, key=key)
                known = tables[key]
                for opt, v in value.items():
                    norm = opt.replace("-", "_")
                    if norm not in known:
                        raise PolicyError(
                            f"unknown option {key}.{opt}{_hint(norm, known)}", path=source, key=f"{key}.{opt}"
                        )
                    _check_type(known[norm], v, f"{key}.{opt}", source)
                    options.setdefault(key, {})[norm] = v
                continue
            if key not in _TOP_KEYS:
                raise PolicyError(f"unknown key {key!r}{_hint(key, list(_TOP_KEYS) + list(tables))}", path=source, key=key)
            attr = key.replace("-", "_")
            if attr == "to":
                if value not in TARGETS:
                    raise PolicyError(
                        f"to = {value!r} is not one of {', '.join(TARGETS)}{_hint(str(value), TARGETS)}",
                        path=source,
                        key=key,
                    )
                kwargs["to"] = value
            elif attr == "unsafe_fixes":
                if not isinstance(value, bool):
                    raise PolicyError("unsafe-fixes must be true or false", path=source, key=key)
                kwargs[attr] = value
            else:
                if isinstance(value, str):
                    value = [value]
                if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
                    raise PolicyError(f"{key} must be a list of rule codes or prefixes", path=source, key=key)
                for sel in value:
                    _check_selector(sel, key, source)
                kwargs[attr] = tuple(value)
        kwargs["options"] = _frozen_options(options)
        return cls(**kwargs)

    # -- queries ------------------------------------------------------------------------------
    def option(self, table: str, key: str) -> Any:
        """The value of option ``table.key`` (the policy's, else the family default)."""
        # the rules look options up on every call: the values found are kept on the policy, in a dict
        # replaced whole when one is added (a reader in another thread never sees it change)
        looked_up = self.__dict__.get("_looked_up")
        if looked_up is not None:
            value = looked_up.get((table, key), _MISSING)
            if value is not _MISSING:
                return value
        value = _option_lookup(self, table, key)
        object.__setattr__(self, "_looked_up", {**(looked_up or {}), (table, key): value})
        return value

    def rules(self):
        """The active rules, in canonical order."""
        return _resolve(self.select, self.ignore, self.extend_select)

    def is_report_only(self, rule) -> bool:
        if rule.safety == "unsafe" and not self.unsafe_fixes:
            return True
        return any(rule.code.startswith(sel) or sel == "ALL" for sel in self.report_only)


@functools.lru_cache(maxsize=256)
def _resolve(select, ignore, extend_select):
    from . import registry

    return registry.resolve_selectors(select, ignore, extend_select)


_MISSING = object()


@functools.lru_cache(maxsize=4096)
def _option_lookup(policy: Policy, table: str, key: str) -> Any:
    for t, items in policy.options:
        if t == table:
            for k, v in items:
                if k == key:
                    return v
    from . import registry

    try:
        return registry.family_options()[table][key]
    except KeyError:
        raise KeyError(f"no option {table}.{key}") from None


def _hint(word: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.5)
    return f"; did you mean {close[0]!r}?" if close else ""


def _check_selector(sel: str, key: str, source: str | None) -> None:
    from . import registry

    if sel == "DEFAULT" or registry.valid_selector(sel):
        return
    raise PolicyError(f"{key}: unknown rule code or prefix {sel!r}{registry.suggest(sel)}", path=source, key=key)


def _check_type(default: Any, value: Any, key: str, source: str | None) -> None:
    if default is None:
        return
    if isinstance(default, bool):
        ok = isinstance(value, bool)
    elif isinstance(default, (int, float)):
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
    elif isinstance(default, (tuple, list)):
        ok = isinstance(value, (list, tuple))
    else:
        ok = isinstance(value, type(default))
    if not ok:
        raise PolicyError(
            f"{key} should be {type(default).__name__}, got {type(value).__name__} {value!r}", path=source, key=key
        )


# -- files ----------------------------------------------------------------------------------------
def _toml_load(path: Path) -> dict[str, Any]:
    from ._compat import tomllib

    try:
        with open(path, "rb") as fh:
            return tomllib.load(fh)
    except OSError as exc:
        raise PolicyError(f"cannot read config: {exc.strerror or exc}", path=str(path)) from None
    except tomllib.TOMLDecodeError as exc:
        raise PolicyError(f"invalid TOML: {exc}", path=str(path)) from None


def discover_config(start: str | os.PathLike[str] | None = None) -> Path | None:
    """The nearest ``cleanpolicy.toml``, or ``pyproject.toml`` with ``[tool.cleanpolicy]``, upward from ``start``."""
    here = Path(start or os.getcwd()).resolve()
    if here.is_file() or not here.exists():
        here = here.parent
    for d in (here, *here.parents):
        cand = d / "cleanpolicy.toml"
        if cand.is_file():
            return cand
        py = d / "pyproject.toml"
        if py.is_file():
            try:
                data = _toml_load(py)
            except PolicyError:
                continue
            if isinstance(data.get("tool"), dict) and "cleanpolicy" in data["tool"]:
                return py
    return None


def load_policy(path: str | os.PathLike[str]) -> Policy:
    """Load a policy from ``cleanpolicy.toml`` or a ``pyproject.toml`` with ``[tool.cleanpolicy]``."""
    p = Path(path)
    data = _toml_load(p)
    if p.name == "pyproject.toml" or ("tool" in data and "cleanpolicy" in data.get("tool", {})):
        table = data.get("tool", {}).get("cleanpolicy")
        if table is None:
            raise PolicyError("no [tool.cleanpolicy] table", path=str(p))
        data = table
    policy = Policy.from_mapping(data, source=str(p))
    return _with_base_dir(policy, p.parent)


def _with_base_dir(policy: Policy, base: Path) -> Policy:
    """Make relative file options (such as a user glossary) relative to the config file."""
    changed = False
    opts = {t: dict(items) for t, items in policy.options}
    for table, items in opts.items():
        for k, v in items.items():
            if k.endswith(("file", "glossary", "path")) and isinstance(v, str) and v and not os.path.isabs(v):
                items[k] = str((base / v).resolve())
                changed = True
    if not changed:
        return policy
    return policy.replace(options=_frozen_options(opts))
