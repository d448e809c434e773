"""Encoding damage made the way it arises: real text encoded, then decoded with the wrong codec.

Shared by ``tests/rules/test_encoding.py`` and ``scripts/measure_encoding.py``.
Every generator returns ``(damaged, expected)`` or ``None`` when the damage
process does not apply to the text (a character the codec cannot encode).
``expected`` is what the bytes still hold: for a lossless case the original
text, for lossy cases the original (recovery is then measured per character).
"""

from __future__ import annotations

import functools
import random

#: (kind, codec the text was written in, codec it was wrongly read with, script of the text)
LOSSLESS_KINDS = (
    ("utf8-as-gbk", "utf-8", "gb18030", "simplified"),
    ("utf8-as-big5", "utf-8", "big5hkscs", "traditional"),
    ("gbk-as-latin1", "gb18030", "latin-1", "simplified"),
    ("gbk-as-cp1252", "gb18030", "cp1252", "simplified"),
    ("big5-as-cp1252", "big5hkscs", "cp1252", "traditional"),
    ("big5-as-gbk", "big5hkscs", "gb18030", "traditional"),
    ("gbk-as-big5", "gb18030", "big5hkscs", "simplified"),
    ("utf8-as-cp1252", "utf-8", "cp1252", "simplified"),
)
TWO_STEP_KINDS = (
    # UTF-8 read as GBK, and the result (saved as UTF-8) read as GBK again
    ("utf8-as-gbk-twice", ("utf-8", "gb18030"), ("utf-8", "gb18030")),
    # GBK read as Latin-1, saved as UTF-8, read as GBK (the classic 脰脨脦脛)
    ("gbk-as-latin1-then-utf8-as-gbk", ("gb18030", "latin-1"), ("utf-8", "gb18030")),
    # UTF-8 read as GBK, saved as UTF-8, read as cp1252
    ("utf8-as-gbk-then-utf8-as-cp1252", ("utf-8", "gb18030"), ("utf-8", "cp1252")),
)


@functools.lru_cache(maxsize=1)
def _s2t():
    import opencc

    return opencc.OpenCC("s2t")


def traditional(text: str) -> str:
    return _s2t().convert(text)


def wrong_codec(text: str, true: str, read: str) -> str | None:
    """``text`` written in ``true`` and read as ``read``; None if not lossless (strict both ways)."""
    try:
        data = text.encode(true)
        out = data.decode(read)
    except (UnicodeEncodeError, UnicodeDecodeError):
        return None
    if out.encode(read) != data:
        return None
    return out


def wrong_codec_lossy(text: str, true: str, read: str) -> str | None:
    try:
        data = text.encode(true)
    except UnicodeEncodeError:
        return None
    return data.decode(read, errors="replace")


def pick_span(text: str, rng: random.Random, lo: int = 4, hi: int = 40) -> tuple[int, int]:
    """A span of ``text`` to damage: between punctuation where possible (how a field or a clause is hit)."""
    n = len(text)
    if n <= lo:
        return 0, n
    a = rng.randrange(0, max(1, n - lo))
    b = min(n, a + rng.randint(lo, hi))
    return a, b


def frame_shift(text: str, rng: random.Random) -> tuple[str, int] | None:
    """Delete one byte from the GB18030 bytes of ``text`` and decode out of step (Python's replace)."""
    data = text.encode("gb18030")
    # a byte inside a double-byte character of the middle half
    cands = [k for k in range(len(data) // 4, 3 * len(data) // 4) if data[k] >= 0x81]
    if not cands:
        return None
    k = rng.choice(cands)
    damaged = (data[:k] + data[k + 1 :]).decode("gb18030", errors="replace")
    return damaged, k


def frame_shift_lost(text: str, k: int) -> set[int]:
    """Indices of the characters of ``text`` whose bytes :func:`frame_shift` (byte ``k`` deleted) lost.

    A character is lost when one of its GB18030 bytes is gone: the deleted byte, and every byte the
    decoder replaced by U+FFFD (a lone lead byte before ASCII or the end; the decoder consumes one
    byte per U+FFFD).  Every other byte is still in the damaged text, read out of step; the
    characters made only of such bytes are what the bytes allow to recover.
    """
    import codecs

    data = text.encode("gb18030")
    rest = data[:k] + data[k + 1 :]
    gone: set[int] = {k}

    def record(exc: UnicodeDecodeError):
        for b in range(exc.start, exc.end):
            gone.add(b if b < k else b + 1)  # back to positions in the original bytes
        return ("\ufffd", exc.end)

    codecs.register_error("cleanpolicy-measure-record", record)
    rest.decode("gb18030", errors="cleanpolicy-measure-record")
    lost = set()
    pos = 0
    for idx, ch in enumerate(text):
        n = len(ch.encode("gb18030"))
        if any(b in gone for b in range(pos, pos + n)):
            lost.add(idx)
        pos += n
    return lost


def damaged_indices(original: str, damaged: str) -> set[int]:
    """Indices of the characters of ``original`` that ``damaged`` does not keep (difflib alignment)."""
    import difflib

    sm = difflib.SequenceMatcher(None, original, damaged, autojunk=False)
    kept: set[int] = set()
    for blk in sm.get_matching_blocks():
        kept.update(range(blk.a, blk.a + blk.size))
    return set(range(len(original))) - kept


def recovered_fraction(original: str, damaged: str, repaired: str) -> tuple[int, int]:
    """(damaged characters of ``original`` recovered in ``repaired``, damaged characters).

    A character of ``original`` is damaged when it is not matched in ``damaged``
    (difflib alignment); it is recovered when it is matched in ``repaired``.
    """
    import difflib

    def matched(a: str, b: str) -> set[int]:
        sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
        out: set[int] = set()
        for blk in sm.get_matching_blocks():
            out.update(range(blk.a, blk.a + blk.size))
        return out

    dam = set(range(len(original))) - matched(original, damaged)
    if not dam:
        return 0, 0
    rec = matched(original, repaired) & dam
    return len(rec), len(dam)
