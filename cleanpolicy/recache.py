"""Regular expressions compiled from a packaged cache of the regex engine's code.

Python's ``re`` parses a pattern and works out the engine's code for it in Python; for this package's
large character classes (:func:`cleanpolicy.chars.skipping_regex` spells out the gaps between hundreds of
stop characters) and long alternations that is about 0.3 s of every process, most of its start-up.  The
code depends only on the pattern, its flags and the engine, so ``scripts/build_regex_cache.py`` writes it, for
the patterns a sample run compiles, to ``data/regex/<cache tag>.bin`` (``cpython-311.bin``); a pattern
found there is made from it in one call to the engine, which checks the code it is given, and every other
pattern (another Python, a changed pattern, a bytes pattern, a caller's own data) goes to ``re.compile``.
Either way the pattern is the same (the tests compare the cached code with what ``re`` works out now).

The file's head names the engine it was written for (``_sre.MAGIC``, code size, Python version); on any
other, or if the file is missing or unreadable, nothing is read from it.
"""

from __future__ import annotations

import os
import re
import sys
from typing import Any

__all__ = ["compile", "cache_path"]

_entries: dict[tuple[str, int], tuple] | None = None
#: set to a list by ``scripts/build_regex_cache.py``: every ``(pattern, flags)`` compiled is appended, and the
#: cache is not used
_record: list[tuple[str, int]] | None = None


def cache_path() -> str:
    """The cache file for this Python (it may not exist)."""
    here = os.path.dirname(os.path.abspath(__file__))
    return os.path.join(here, "data", "regex", f"{sys.implementation.cache_tag}.bin")


def engine_head() -> tuple:
    """The engine a cache file must have been written for: (Python version, ``_sre.MAGIC``, code size)."""
    import _sre

    return (tuple(sys.version_info[:2]), _sre.MAGIC, _sre.CODESIZE)


def _load() -> dict[tuple[str, int], tuple]:
    """``{(pattern, flags): (flags, code, groups, groupindex, indexgroup)}`` from the cache file; empty
    when there is none for this engine."""
    try:
        import array
        import marshal
        import zlib

        import _sre

        if array.array("I").itemsize != _sre.CODESIZE:
            return {}
        head, entries = marshal.loads(zlib.decompress(_read(cache_path())))
        if tuple(head) != engine_head():
            return {}
        return {(p, f): rest for p, f, *rest in entries}
    except Exception:  # no file, a damaged one, another engine: compile as re does
        return {}


def _read(path: str) -> bytes:
    with open(path, "rb") as fh:
        return fh.read()


def compile(pattern: Any, flags: int = 0) -> re.Pattern:
    """``re.compile(pattern, flags)``, from the cached engine code where the cache has the pattern."""
    global _entries
    if _record is not None:
        if isinstance(pattern, str):
            _record.append((pattern, int(flags)))
        return re.compile(pattern, flags)
    if _entries is None:
        _entries = _load()
    if _entries and isinstance(pattern, str):
        entry = _entries.get((pattern, int(flags)))
        if entry is not None:
            import array

            import _sre

            final_flags, code, groups, groupindex, indexgroup = entry
            try:
                code_list = array.array("I", code).tolist()
                return _sre.compile(pattern, final_flags, code_list, groups, dict(groupindex), indexgroup)
            except Exception:  # the engine refused the code: compile it afresh
                pass
    return re.compile(pattern, flags)


def engine_entry(pattern: str, flags: int) -> tuple:
    """What the cache holds for ``(pattern, flags)``, worked out as ``re.compile`` does (used by
    ``scripts/build_regex_cache.py`` and the tests)."""
    import array

    if sys.version_info >= (3, 11):
        from re import _compiler as sre_compile  # type: ignore[attr-defined]
        from re import _parser as sre_parse  # type: ignore[attr-defined]
    else:  # pragma: no cover - Python 3.10
        import sre_compile
        import sre_parse

    parsed = sre_parse.parse(pattern, flags)
    code = sre_compile._code(parsed, flags)
    groupindex = dict(parsed.state.groupdict)
    indexgroup = [None] * parsed.state.groups
    for name, i in groupindex.items():
        indexgroup[i] = name
    return (
        int(flags | parsed.state.flags),
        array.array("I", code).tobytes(),
        parsed.state.groups - 1,
        groupindex,
        tuple(indexgroup),
    )
