"""Character classes and the script fold shared by the rule families.

:func:`fold_simplified` is a *length-preserving* projection of text onto
simplified script: every character that OpenCC's ``t2s`` maps to exactly one
other character is replaced by it, and nothing else changes.  Rules match
their simplified patterns against the fold and edit the same offsets in the
original, so one pattern serves simplified and traditional input alike.
The table is computed from OpenCC on first use (a few milliseconds), so it
always agrees with the installed OpenCC dictionaries.
"""

from __future__ import annotations

import functools
import re

__all__ = ["fold_simplified", "HANZI_RE", "is_hanzi", "HANZI_RANGES"]

#: CJK Unified Ideographs, Extension A, Compatibility Ideographs, Extensions B–F (supplementary planes)
HANZI_RANGES = (
    ("\u3400", "\u4dbf"),
    ("\u4e00", "\u9fff"),
    ("\uf900", "\ufaff"),
    ("\U00020000", "\U0002ebef"),
)
HANZI_CLASS = "".join(f"{a}-{b}" for a, b in HANZI_RANGES)
HANZI_RE = re.compile(f"[{HANZI_CLASS}]")


def is_hanzi(ch: str) -> bool:
    return bool(HANZI_RE.match(ch))


@functools.lru_cache(maxsize=1)
def _fold_table() -> dict[int, str]:
    import opencc

    conv = opencc.OpenCC("t2s")
    chars = [chr(c) for a, b in HANZI_RANGES[:3] for c in range(ord(a), ord(b) + 1)]
    out = conv.convert("\n".join(chars)).split("\n")
    table: dict[int, str] = {}
    if len(out) != len(chars):  # pragma: no cover - defensive: OpenCC changed line handling
        return table
    for src, dst in zip(chars, out):
        if dst != src and len(dst) == 1:
            table[ord(src)] = dst
    return table


def fold_simplified(text: str) -> str:
    """``text`` with each traditional character replaced by its simplified form; same length."""
    if text.isascii():
        return text
    return text.translate(_fold_table())
