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
import sys
from typing import Iterable, Mapping

from . import recache

__all__ = [
    "fold_simplified",
    "fold_table",
    "HANZI_RE",
    "is_hanzi",
    "HANZI_RANGES",
    "is_traditional_only",
    "is_simplified_only",
    "traditional_only_chars",
    "simplified_only_chars",
    "script_counts",
    "has_traditional_only",
    "has_simplified_only",
    "char_class",
    "skipping_regex",
    "inverse_table",
    "raw_forms",
]

#: CJK Unified Ideographs, Extension A, Compatibility Ideographs, Extensions B–F (supplementary planes)
HANZI_RANGES = (
    ("\u3400", "\u4dbf"),
    ("\u4e00", "\u9fff"),
    ("\uf900", "\ufaff"),
    ("\U00020000", "\U0002ebef"),
)
HANZI_CLASS = "".join(f"{a}-{b}" for a, b in HANZI_RANGES)
HANZI_RE = recache.compile(f"[{HANZI_CLASS}]")


def is_hanzi(ch: str) -> bool:
    """Is the (first) character of ``ch`` a hanzi?  Same answer as ``HANZI_RE.match(ch)``, cheaper."""
    if not ch:
        return False
    c = ch[0]
    return "\u4e00" <= c <= "\u9fff" or "\u3400" <= c <= "\u4dbf" or "\uf900" <= c <= "\ufaff" or "\U00020000" <= c <= "\U0002ebef"


@functools.lru_cache(maxsize=32)
def _opencc(config: str):
    """The OpenCC converter for ``config``, built once per process and shared with the script rules
    (``s2t`` loads a 1 MB phrase table)."""
    import opencc

    return opencc.OpenCC(config)


def _changed(config: str, ranges: tuple[tuple[str, str], ...]) -> dict[int, str]:
    """``{code point: result}`` for the characters of ``ranges`` that ``config`` turns into one other
    character: one conversion of them all, a line each (no phrase spans a line).  What
    ``scripts/build_tables.py`` writes into the packaged tables below."""
    chars = [chr(c) for a, b in ranges for c in range(ord(a), ord(b) + 1)]
    out = _opencc(config).convert("\n".join(chars)).split("\n")
    if len(out) != len(chars):  # pragma: no cover - defensive: OpenCC changed line handling
        return {}
    return {ord(src): dst for src, dst in zip(chars, out) if dst != src and len(dst) == 1}


#: the OpenCC tables' ranges: the hanzi but the supplementary plane; for the regional variants the unified
#: ideographs only (the compatibility block is normalized by every config)
_TABLE_RANGES = HANZI_RANGES[:3]
_REGIONAL_RANGES = HANZI_RANGES[:2]


def _packaged(name: str) -> str:
    """The characters of the packaged ``script/NAME`` (written from OpenCC by ``scripts/build_tables.py``;
    the script detection follows it whatever OpenCC is installed, and the tests check it against the
    installed one)."""
    from .data import derived

    return "".join(derived(f"script/{name}")[1])


def _packaged_table(name: str) -> dict[int, str]:
    """The ``str.translate`` table of the packaged ``script/NAME`` (a line per source and result)."""
    pairs = _packaged(name)
    return dict(zip(map(ord, pairs[0::2]), pairs[1::2]))


@functools.lru_cache(maxsize=1)
def _fold_table() -> dict[int, str]:
    """``{code point: result}`` of the hanzi (:data:`HANZI_RANGES` but the supplementary plane) that
    OpenCC's t2s turns into one other character, each alone: read from the packaged copy, as loading
    t2s and converting them all takes 15 ms (a test checks the copy against OpenCC)."""
    return _packaged_table("t2s_chars.txt")


def fold_table() -> dict[int, str]:
    """The ``str.translate`` table behind :func:`fold_simplified` (code point -> one simplified character).

    Built once per process; rules that build their own scanners from the fold read it here.
    """
    return _fold_table()


def inverse_table(table: Mapping[int, str]) -> dict[str, frozenset[str]]:
    """The inverse of a ``str.translate`` table of single characters: each result -> the characters that
    the table maps to it."""
    out: dict[str, set[str]] = {}
    for k, v in table.items():
        out.setdefault(v, set()).add(chr(k))
    return {k: frozenset(v) for k, v in out.items()}


def raw_forms(c: str, table: Mapping[int, str], inverse: Mapping[str, frozenset[str]]) -> frozenset[str]:
    """The characters that stand for ``c`` once ``table`` is applied: those it maps to ``c``, and ``c``
    itself unless the table changes it (``inverse`` is :func:`inverse_table` of ``table``)."""
    xs = inverse.get(c, frozenset())
    return xs if ord(c) in table else xs | {c}


def fold_simplified(text: str) -> str:
    """``text`` with each traditional character replaced by its simplified form; same length."""
    if text.isascii():
        return text
    return text.translate(_fold_table())


# -- script detection -----------------------------------------------------------------------------
#
# A character is *traditional-only* when OpenCC's t2s changes it and it is not
# a standard simplified character.  "Standard simplified" is decided by GB 2312,
# the national character set of simplified Chinese: 乾 (乾坤, 乾隆), 拚 (拚命),
# 於 (a surname), 捱 (难捱), 麽, 吒 … are all in it, so a simplified text that
# uses them is not mistaken for traditional.  後 is the one exception: GB 2312
# encodes it, but it is not used in simplified writing (后 is), so it counts as
# traditional.  Symmetrically, a character is *simplified-only* when OpenCC's
# s2t changes it and Big5, the traditional character set, cannot encode it
# (这, 们, 发 …; 后, 面, 干, 台 are in Big5 and stay ambiguous).  Characters
# that both conversions change (the CJK compatibility ideographs, which both
# configs normalize, and a few rare variants) belong to neither script, and
# the Taiwan and Hong Kong variant forms (税, 衞: outputs of OpenCC's t2tw and
# t2hk) are not simplified-only, so Hong Kong text is recognised as traditional.

#: GB 2312 encodes these, yet simplified writing never uses them
_GB2312_TRADITIONAL = frozenset("後")

#: characters OpenCC's own phrase tables keep in their output (TSPhrases: 畢昇→毕昇, 茅蒐, 懷釐;
#: STPhrases: 恒大, 崖广), so they are valid in that script and count for neither; without this a
#: second conversion would undo OpenCC's first (毕昇→毕升).  Source: BYVoid/OpenCC 1.4.2
#: TSPhrases.txt / STPhrases.txt (Apache-2.0); 計 (in 不可貲計→不可赀計) is left out as a table slip.
_OPENCC_KEEPS = frozenset("釐剋脩昇祕谿氾扞陞蒐濛劄广恒叶")


def _unencodable(chars: Iterable[str], codec: str) -> set[str]:
    """The characters of ``chars`` (hanzi: none is ``?``) that ``codec`` cannot encode, found with one
    encoding of them all, where each that fails becomes ``?``."""
    text = "".join(chars)
    back = text.encode(codec, errors="replace").decode(codec)
    if len(back) != len(text):  # pragma: no cover - defensive: a codec that splits or joins characters
        return {c for c in text if not _encodable(c, codec)}
    return {c for c, d in zip(text, back) if d == "?"}


def _encodable(ch: str, codec: str) -> bool:
    try:
        ch.encode(codec)
    except UnicodeError:
        return False
    return True


@functools.lru_cache(maxsize=1)
def _s2t_table() -> dict[int, str]:
    """The same as :func:`_fold_table` for OpenCC's s2t, whose phrase table takes 40 ms to load: only a
    conversion to traditional needs more of s2t than this (a test checks the copy against OpenCC)."""
    return _packaged_table("s2t_chars.txt")


@functools.lru_cache(maxsize=1)
def _regional_variants() -> frozenset[str]:
    """Characters Taiwan or Hong Kong writing uses in place of OpenCC's standard form (税, 衞, 着→著):
    what t2tw or t2hk makes of a unified ideograph (the compatibility block is normalized by every
    config), read from the packaged copy (a test checks it against OpenCC)."""
    return frozenset(_packaged("regional_chars.txt"))


@functools.lru_cache(maxsize=1)
def _traditional_candidates() -> frozenset[str]:
    """:func:`traditional_only_chars` before its s2t test, which takes out the few characters both
    conversions change (the compatibility ideographs, 緼, 醖 …).  Built without the s2t table:
    simplified text, which holds none of these, never needs it."""
    t2s = [chr(c) for c in _fold_table()]
    not_gb = _unencodable(t2s, "gb2312")
    return frozenset(c for c in t2s if c not in _OPENCC_KEEPS and (c in _GB2312_TRADITIONAL or c in not_gb))


@functools.lru_cache(maxsize=1)
def traditional_only_chars() -> frozenset[str]:
    """Characters that t2s changes and that simplified writing does not use."""
    s2t = _s2t_table()
    return frozenset(c for c in _traditional_candidates() if ord(c) not in s2t)


@functools.lru_cache(maxsize=1)
def simplified_only_chars() -> frozenset[str]:
    """Characters that s2t changes and that Big5 (traditional writing) does not have."""
    t2s = _fold_table()
    regional = _regional_variants()
    s2t = [chr(c) for c in _s2t_table()]
    not_big5 = _unencodable(s2t, "big5")
    return frozenset(c for c in s2t if ord(c) not in t2s and c not in _OPENCC_KEEPS and c not in regional and c in not_big5)


def is_traditional_only(ch: str) -> bool:
    return ch in traditional_only_chars()


def is_simplified_only(ch: str) -> bool:
    return ch in simplified_only_chars()


#: :func:`re.escape` of each ASCII character (it leaves the others as they are)
_ASCII_ESCAPES = tuple(re.escape(chr(i)) for i in range(128))


def _ranges_body(ranges: Iterable[tuple[int, int] | list[int]]) -> str:
    """The inside of a character class of the code point ranges ``(first, last)``: a one-character range
    as the character alone, only ASCII escaped (the only characters ``re.escape`` changes: 3x faster
    over thousands, and the parser takes long over thousands of \\U escapes)."""
    esc = _ASCII_ESCAPES
    return "".join(
        (esc[a] if a < 128 else chr(a)) + ("" if a == b else "-" + (esc[b] if b < 128 else chr(b))) for a, b in ranges
    )


def class_body(chars) -> str:
    """The inside of a regular-expression character class matching exactly ``chars`` (ranges merged)."""
    ranges: list[list[int]] = []
    for o in sorted({ord(c) for c in chars}):
        if ranges and o == ranges[-1][1] + 1:
            ranges[-1][1] = o
        else:
            ranges.append([o, o])
    return _ranges_body(ranges)


def char_class(chars) -> str:
    """A regular-expression character class matching exactly ``chars`` (``(?!)`` for none)."""
    body = class_body(chars)
    return f"[{body}]" if body else "(?!)"


# A scan for "any character of a set" is fastest as one greedy run of the negated class: the regex
# engine counts through the text in a tight C loop (~900 MB/s here) and stops at the first member.
def _run_re(chars: Iterable[str]) -> re.Pattern[str]:
    cls = char_class(chars)
    return recache.compile(f"[^{cls[1:]}*" if cls.startswith("[") else "(?s:.)*")


@functools.lru_cache(maxsize=1)
def _trad_run() -> re.Pattern[str]:
    return _run_re(_traditional_candidates())


@functools.lru_cache(maxsize=1)
def _simp_run() -> re.Pattern[str]:
    return _run_re(simplified_only_chars())


@functools.lru_cache(maxsize=1)
def _trad_re() -> re.Pattern[str]:
    return recache.compile(char_class(traditional_only_chars()))


@functools.lru_cache(maxsize=1)
def _simp_re() -> re.Pattern[str]:
    return recache.compile(char_class(simplified_only_chars()))


def has_traditional_only(text: str) -> bool:
    """Does ``text`` hold a traditional-only character?  One C-speed scan (no per-character Python).

    The scan stops at the candidates (:func:`_traditional_candidates`); only where it finds one is the
    exact set built and asked.
    """
    if text.isascii():
        return False
    end = _trad_run().match(text).end()
    return end != len(text) and _traditional_from(text, end)


def _traditional_from(text: str, end: int) -> bool:
    """Does ``text`` hold a traditional-only character from the candidate at ``end`` on?"""
    trad = traditional_only_chars()
    while text[end] not in trad:
        end = _trad_run().match(text, end + 1).end()
        if end == len(text):
            return False
    return True


def has_simplified_only(text: str) -> bool:
    """Does ``text`` hold a simplified-only character?  One C-speed scan."""
    if text.isascii():
        return False
    return _simp_run().match(text).end() != len(text)


def script_counts(text: str) -> tuple[int, int]:
    """``(traditional-only, simplified-only)`` character counts of ``text``."""
    if text.isascii():
        return 0, 0
    # the two sets are disjoint (a traditional-only character is one s2t leaves alone)
    return len(_trad_re().findall(text)), len(_simp_re().findall(text))


#: Python 3.11 has possessive quantifiers; before, the greedy ones match the same in
#: :func:`skipping_regex` (its end holds wherever the runs stop, so the first try is the match) but keep
#: backtracking state for their runs.  Tests set it to "" to check the greedy form.
POSSESSIVE = "+" if sys.version_info >= (3, 11) else ""


def skipping_regex(stops: Iterable[str], misses: Iterable[str]) -> re.Pattern[str]:
    """A regex whose successive matches end at the *hits*, in order: group 1 is the hit character (the
    last match, at the text end, has none).

    ``stops`` are the characters a hit can be; ``misses`` are alternatives, each consuming one stop
    character (and perhaps one character after it that is no stop) where it is no hit, tried in order.
    A scan for the hits as a class of stop characters with look-arounds makes the regex engine stop at
    every stop character and try every branch there, which is slow when the stops are common Chinese
    characters and hits are rare.  Here one match runs over everything that is no hit: the other
    characters in possessive runs of a positive class (a negated class takes the engine about twice as
    long per character), and each stop that is no hit by its own alternative; where no alternative
    fits, the next character is the hit.  Nothing is tried twice: linear.
    """
    cut = sorted({ord(c) for c in stops})
    # the gaps between the stops (the parser's time goes by the items of the class)
    gaps = [(a + 1, b - 1) for a, b in zip([-1, *cut], [*cut, 0x110000]) if b - a > 1]
    others = "[" + _ranges_body(gaps) + "]*" + POSSESSIVE
    alts = "|".join(misses)
    skip = others + (f"(?:(?:{alts}){others})*{POSSESSIVE}" if alts else "")
    return recache.compile(skip + "(?:(?s:(.))|\\Z)")
