"""ENC: encoding damage — mojibake (Latin and CJK), frame-shifted runs, lost characters, junk, markup remnants.

The family undoes the *processes* that damage text on its way from a CMS to a
scraper: bytes decoded with the wrong codec (once or twice), a double-byte
stream decoded one byte out of step, characters replaced by ``?``/U+FFFD,
controls and private-use junk, and HTML that leaked into plain text.

Every repair is a re-decoding of the span's own bytes; a plausibility model of
real Chinese (:mod:`cleanpolicy.langmodel`) only *chooses* between the
readings the bytes allow and must find the repair clearly more plausible than
the text as it stands.  What the bytes no longer hold is marked with U+FFFD
and reported, never guessed.

Heavy work is behind cheap fast paths: a rule looks for its trigger
characters with one precompiled regex and returns ``[]`` when there are none.
"""

from __future__ import annotations

import bisect
import codecs
import functools
import itertools
import math
import operator
import re
import sys
from typing import Any, Callable, Iterator

from .. import recache
from .._core import Edit
from ..chars import class_body
from ..registry import Rule

__all__ = [
    "detect_and_decode",
    "ftfy_mojibake",
    "cjk_mojibake",
    "frame_shift",
    "lone_surrogate",
    "control_char",
    "private_use",
    "lost_character",
    "html_tag_remnant",
    "html_entity",
    "attribute_remnant",
    "nbsp_line",
    "repair_text",
]

OPTIONS: dict[str, Any] = {
    # what to do with U+FFFD (and ``?`` standing for a lost hanzi): "report" or "remove"
    "lost_characters": "report",
    # what to do with private-use characters: "report" or "remove"
    "private_use": "report",
    # minimum gain in mean log-probability per character a repair must show
    "min_gain": 2.5,
}

REPLACEMENT = "\ufffd"

# ---------------------------------------------------------------------------------------------
# bytes in: the detector restricted to plausible candidates
# ---------------------------------------------------------------------------------------------

#: candidates tried when bytes are not strict UTF-8 (GB18030 is the superset of GBK/GB2312)
_CANDIDATES = ("gb18030", "big5hkscs", "utf-8", "utf-16-le", "utf-16-be")
#: a decoded sample scoring below this (mean log-prob per char) is not language: binary or unknown codec
_TEXT_FLOOR = -13.5
_NON_ASCII_RE = recache.compile("[^\x00-\x7f]+")
#: characters sampled for the plausibility comparison
_SAMPLE_CHARS = 400


def _plausibility_sample(text: str) -> str:
    """The non-ASCII part of (the start of) ``text``: what tells the codecs apart."""
    return "".join(_NON_ASCII_RE.findall(text, 0, _SAMPLE_CHARS * 8))[:_SAMPLE_CHARS]


def detect_and_decode(data: bytes) -> tuple[str, dict[str, Any]]:
    """Decode bytes that are not strict UTF-8: strict-decoding candidates, settled by plausibility.

    Every candidate codec decodes the bytes with replacement; a candidate that
    leaves more than :data:`cleanpolicy.decode.MAX_BAD_FRACTION` undecodable is
    out.  Among the rest (GB18030 and Big5 both decode most double-byte text
    without error), the one whose text is most plausible Chinese under
    :func:`cleanpolicy.langmodel.score` wins; the confidence grows with the
    margin over the runner-up.
    """
    import math

    from ..decode import MAX_BAD_FRACTION
    from ..errors import DecodeError
    from .. import langmodel

    results: list[tuple[float, float, str, str]] = []
    least_bad: tuple[float, str] | None = None
    for name in _CANDIDATES:
        if name.startswith("utf-16") and len(data) % 2:
            continue
        text = data.decode(name, errors="replace")
        n = max(1, len(text))
        bad = (text.count(REPLACEMENT) + len(_BINARY_CONTROL_RE.findall(text, 0, 20000))) / n
        if least_bad is None or bad < least_bad[0]:
            least_bad = (bad, name)
        if bad > MAX_BAD_FRACTION:
            continue
        sample = _plausibility_sample(text)
        plaus = langmodel.score(sample) if sample else 0.0
        results.append((plaus - 20.0 * bad, bad, name, text))
    if not results:
        assert least_bad is not None
        bad, name = least_bad
        raise DecodeError(f"input is not text in any supported encoding (at best {bad:.0%} undecodable, as {name})")
    results.sort(key=lambda r: -r[0])
    best_score, bad, name, text = results[0]
    if best_score < _TEXT_FLOOR:
        raise DecodeError(f"input is not text in any supported encoding (its best reading, as {name}, is not language)")
    if len(results) > 1:
        margin = best_score - results[1][0]
        conf = 1.0 / (1.0 + math.exp(-2.0 * margin))
    else:
        conf = 0.99
    conf = round(min(conf, 1.0 - bad), 3)
    meta: dict[str, Any] = {"encoding": name, "encoding_confidence": conf, "encoding_method": "plausibility"}
    nbad = text.count(REPLACEMENT)
    if nbad:
        meta["undecodable"] = nbad
    return text, meta


_BINARY_CONTROL_RE = recache.compile("[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")


def _is_binary_control(ch: str) -> bool:
    o = ord(ch)
    return (o < 0x20 and ch not in "\t\n\r\f\v\x1b") or o == 0x7F


# ---------------------------------------------------------------------------------------------
# shared helpers
# ---------------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def _lm():
    from .. import langmodel

    return langmodel


class _CharTable(dict):
    """char -> :func:`cleanpolicy.langmodel.char_logprob`: the model's table, plus every character
    looked up since (a miss computes and keeps the value; characters are few)."""

    __slots__ = ()

    def __missing__(self, ch: str) -> float:
        if not _SEEN:
            _load_tables()
            if ch in self:
                return self[ch]
        v = self[ch] = _lm().char_logprob(ch)
        return v


class _UnseenAfter(dict):
    """b -> the log-probability of an unseen pair (a, b), for a seen (``seen=True``) or unseen a: the
    bigram estimate is 0, so the value depends on b alone.  Kept per character (characters are few)."""

    __slots__ = ("seen",)

    def __init__(self, seen: bool) -> None:
        super().__init__()
        self.seen = seen

    def __missing__(self, b: str) -> float:
        if self.seen:
            v = self[b] = math.log((1 - _lm().LAMBDA) * math.exp(_clp(b)))
        else:
            v = self[b] = math.log(math.exp(_clp(b)))
        return v


#: per-character and per-pair log-probabilities (plain dict lookups: one C call, no LRU bookkeeping);
#: the pair table holds the model's pairs only, an unseen pair is looked up by its second character
class _PairTable(dict):
    """pair ``a + b`` -> :func:`_bigram_lp`: the model's pairs, plus each unseen pair once it is met
    (its value depends on b and on whether a is seen; see :class:`_UnseenAfter`), so that a list of
    pairs is looked up in one C loop.  The unseen pairs kept are bounded: past
    :data:`_UNSEEN_PAIRS_MAX` of them the table goes back to the model's pairs."""

    __slots__ = ()

    def __missing__(self, key: str) -> float:
        if not _SEEN:
            _load_tables()
            if key in self:
                return self[key]
        v = _unseen_pair_lp(key)
        if len(self) >= _PAIRS_CAP[0]:
            self.clear()
            self.update(_lm()._tables()[1])
        self[key] = v
        return v


def _unseen_pair_lp(key: str) -> float:
    """:func:`_bigram_lp` of a pair ``a + b`` the model never saw (see :class:`_UnseenAfter`)."""
    return _U1[key[1]] if key[0] in _SEEN else _U0[key[1]]


#: unseen pairs the pair table keeps at most (about 130 bytes each: 6.5 MB; with the model's 124,000
#: pairs the table then still fits the hash table it was built in), and the size that triggers a reset
_UNSEEN_PAIRS_MAX = 50_000
_PAIRS_CAP = [_UNSEEN_PAIRS_MAX]

_CLP: dict[str, float] = _CharTable()
_BLP: dict[str, float] = _PairTable()
_blp = _BLP.__getitem__
_U1: dict[str, float] = _UnseenAfter(True)
_U0: dict[str, float] = _UnseenAfter(False)
_clp = _CLP.__getitem__
_SEEN: frozenset[str] = frozenset()


def _load_tables() -> None:
    global _SEEN
    if _SEEN:
        return
    clp, blp, seen = _lm()._tables()
    dict.update(_CLP, clp)
    _BLP.update(blp)
    _PAIRS_CAP[0] = len(blp) + _UNSEEN_PAIRS_MAX
    _SEEN = seen


def _char_lp(ch: str) -> float:
    """:func:`cleanpolicy.langmodel.char_logprob`, from a table."""
    return _clp(ch)


def _bigram_lp(a: str, b: str) -> float:
    """:func:`cleanpolicy.langmodel.bigram_logprob`, from tables (the same value, bit for bit)."""
    return _blp(a + b)


def _bigram_lps(text: str) -> list[float]:
    """``[_bigram_lp(a, b) for a, b in pairs of text]``, in one C loop over the pair table."""
    if not _SEEN:
        _load_tables()
    return list(map(_blp, map(operator.add, text, text[1:])))


def _pair_lps(xs: str, ys: str) -> list[float]:
    """``[_bigram_lp(x, y) for x, y in zip(xs, ys)]``, in one C loop over the pair table."""
    if not _SEEN:
        _load_tables()
    return list(map(_blp, map(operator.add, xs, ys)))


def _score(text: str) -> float:
    """:func:`cleanpolicy.langmodel.score` computed with the table lookups (the same sum, term by term,
    in the same order: whitespace skipped, the first character's unigram, then each bigram)."""
    if _WS_RE.search(text):
        text = _WS_RE.sub("", text)
    if not text:
        return 0.0
    total = functools.reduce(operator.add, _bigram_lps(text), _char_lp(text[0]))
    return total / len(text)


#: what ``str.isspace`` calls whitespace (the same Unicode property)
_WS_RE = recache.compile(r"\s+")


class _BestIncoming(dict):
    """b -> an upper bound of :func:`_bigram_lp` (a, b) over every a: the best seen pair ending in b,
    or the unseen-pair value (whichever is higher), plus a hair for rounding.  One entry per
    character (characters are few); the seen pairs are indexed once, on first use.

    A candidate whose every bigram is bounded by this cannot score above the bound, so a reading
    or a Viterbi stretch whose bound already loses is never scored term by term."""

    __slots__ = ()

    def __missing__(self, b: str) -> float:
        if not _PAIR_MAX:
            if not _SEEN:
                _load_tables()
            best = _PAIR_MAX
            get = best.get
            for key, v in _lm()._tables()[1].items():
                c = key[1]
                if v > get(c, -1e300):
                    best[c] = v
            best[""] = 0.0  # built
        # an unseen pair (a, b) is log((1 - LAMBDA) p(b)) or log(p(b)) (the unigram, up to rounding,
        # which the slack covers): never above the unigram
        v = self[b] = max(_PAIR_MAX.get(b, -1e300), _clp(b)) + _BOUND_SLACK
        return v


#: the best seen pair per second character (built with the first bound)
_PAIR_MAX: dict[str, float] = {}
_MAXIN: dict[str, float] = _BestIncoming()
#: what the bounds add per term, and by how much a bound must lose to prune: far above the rounding
#: of a sum of a few hundred terms, far below any margin the repairs use
_BOUND_SLACK = 1e-9
_BOUND_EPS = 1e-6


class _CachedLM:
    """The three langmodel functions the repairs use, with cached lookups."""

    score = staticmethod(_score)
    bigram_logprob = staticmethod(_bigram_lp)
    char_logprob = staticmethod(_char_lp)


_FAST_LM = _CachedLM()


@functools.lru_cache(maxsize=1)
def _seen_chars() -> frozenset[str]:
    counts, _total = _lm()._chars()
    return frozenset(ch for ch, n in counts.items() if len(ch) == 1 and n > 0)


#: characters that stand for damage on their own (private use, replacement, kana/Cyrillic/box rows
#: that a shifted or mis-decoded GBK stream produces); kept small and explicit
_DAMAGE_CLASS = "\ue000-\uf8ff\ufffd\U000f0000-\U0010ffff"

#: ordinary whitespace and typographic characters: no suspects, even where the corpus never shows them
_TYPOGRAPHIC = "\u00a0\u3000\u2002\u2003\u2009\u200b\u2014\u2026\u201c\u201d\u2018\u2019\u00b7\u00d7\u00f7\u00b0\u2103\u2116\u00a7"


@functools.lru_cache(maxsize=1)
def _unsuspect() -> frozenset[str]:
    """The non-ASCII characters that are no suspect (see :func:`_suspect_re`): a set, so that the fast path
    tells them apart without compiling the regex."""
    seen = (c for c in _seen_chars() if ord(c) > 0x7F and not (0xE000 <= ord(c) <= 0xF8FF) and c != REPLACEMENT)
    return frozenset((*seen, *_TYPOGRAPHIC))


def _is_suspect(ch: str) -> bool:
    """Does the one character ``ch`` match :func:`_suspect_re` (asked of the set, no regex compiled)?"""
    return not ch.isascii() and ch not in _unsuspect()


@functools.lru_cache(maxsize=1)
def _suspect_re() -> re.Pattern[str]:
    """Non-ASCII characters the reference corpus (both scripts) never shows, plus damage characters.

    Clean policy prose almost never contains one (0 of 6,000 report paragraphs in
    either script); every wrong-codec reading of a paragraph does.
    """
    return recache.compile(f"[^\\x00-\\x7f{class_body(_unsuspect())}]")


@functools.lru_cache(maxsize=1)
def _everyday() -> tuple[frozenset[str], frozenset[str]]:
    """(the *everyday* suspects, the characters of GB 2312 rows C2-C3 with a trail byte up to BF).

    The reference corpus is policy prose: it never shows a quarter of the 3,755 level-1 hanzi of
    GB 2312, the standard's frequency-chosen common characters (您, 妈, 笑), which every news page
    uses.  Such a character is a suspect (the scores still judge it as unseen), but not a trigger on
    its own (:func:`_everyday_triggers`): only next to a suspect of another kind, to a hanzi outside
    GB 2312 (a traditional or rare character: GBK read as Big5 makes `賦凳樓辦`), or to an ASCII
    symbol of the GBK trail range (`酥^`, a shifted stream's stray byte); or, from rows C2-C3, next to
    another character of those rows: the UTF-8 bytes of Latin-1 letters (C2/C3 and a continuation
    byte) read as GBK, the second step of `脰脨脦脛` mojibake, are made of them alone (`拢卢拢麓`).
    Wrong-codec and shifted readings of Chinese are mostly level-2, extension and symbol codes, which
    stay triggers; clean simplified prose then starts no repair work.  Plain sets, no regex: the
    family's first scan compiles nothing more.
    """
    seen = _seen_chars()
    unsuspect = _unsuspect()
    # every cell of the rows decoded at once, a line each: an empty cell (the end of row 55) comes out
    # as U+FFFD, and the line break after it resynchronises the decoder
    cells = [(lead, trail) for lead in range(0xB0, 0xD8) for trail in range(0xA1, 0xFF)]
    chars = b"\n".join(map(bytes, cells)).decode("gb2312", errors="replace").split("\n")
    level1 = {ch for ch in chars if REPLACEMENT not in ch}
    latin_rows = frozenset(ch for (lead, trail), ch in zip(cells, chars) if lead in (0xC2, 0xC3) and trail <= 0xBF and REPLACEMENT not in ch)
    everyday = frozenset(c for c in level1 if c not in seen and c not in unsuspect)
    return everyday, latin_rows


#: ASCII symbols of the GBK trail-byte range: glued to a hanzi, a byte a shifted stream left behind
_TRAIL_SYMBOLS = frozenset("@[\\]^_`{|}~")


def _everyday_triggers(text: str, p: int) -> bool:
    """Is the everyday character at ``p`` a trigger in its place (see :func:`_everyday`)?"""
    latin_rows = _everyday()[1]
    strong = _EVERYDAY_NEIGHBOUR
    if p and (strong[text[p - 1]] or (text[p - 1] in latin_rows and text[p] in latin_rows)):
        return True
    return p + 1 < len(text) and (strong[text[p + 1]] or (text[p + 1] in latin_rows and text[p] in latin_rows))


class _EverydayNeighbour(dict):
    """ch -> does ch next to an everyday character make that one a trigger (see :func:`_everyday`; the
    pairs of rows C2-C3 aside): a suspect of another kind, a hanzi outside GB 2312, an ASCII symbol
    of the trail range.  A test of ch alone, asked for every neighbour of every everyday character
    of a news page.  One entry per character met, at most :data:`_TRIGGER_CODES_MAX` (then afresh)."""

    __slots__ = ()

    def __missing__(self, c: str) -> bool:
        if len(self) >= _TRIGGER_CODES_MAX:
            self.clear()
        v = self[c] = c not in _everyday()[0] and (c in _TRAIL_SYMBOLS or _is_suspect(c) or (_is_hanzi_like(c) and "\U00020000" > c and not _gb2312(c)))
        return v


_EVERYDAY_NEIGHBOUR: dict[str, bool] = _EverydayNeighbour()


def _gain_ok(old: str, new: str, left: str, right: str, min_gain: float, s_old: float | None = None) -> tuple[bool, float, float]:
    """Is ``new`` clearly more plausible than ``old`` in its context?  Returns (ok, gain, new score).

    ``s_old``, when given, is ``score(left + old + right)`` already computed by the caller."""
    if s_old is None:
        s_old = _score(left + old + right)
    full = left + new + right
    if not new or REPLACEMENT in new or _WS_RE.search(new):
        s_new = _score(full)
        body = new.replace(REPLACEMENT, "")
        # a short repair (one punctuation mark) is judged with its neighbours
        core = _score(body) if len(body) >= 3 else _score(left + body + right)
    else:
        # one lookup pass: the body's bigrams are a slice of the whole's (the same sums as _score,
        # which skips whitespace: here only the context can hold any)
        a = len(left)
        if _WS_RE.search(full):
            left = _WS_RE.sub("", left)
            a = len(left)
            full = left + new + _WS_RE.sub("", right)
        lps = _bigram_lps(full)
        add = operator.add
        s_new = functools.reduce(add, lps, _clp(full[0])) / len(full)
        n = len(new)
        if n >= 3:
            core = functools.reduce(add, lps[a : a + n - 1], _clp(new[0])) / n
        else:
            core = s_new
    gain = s_new - s_old
    return gain >= min_gain and core >= _FLOOR, gain, core


#: a repaired span must score at least this (mean log-prob per char; clean prose scores about -4 to -6)
_FLOOR = -9.5


# ---------------------------------------------------------------------------------------------
# ENC003 frame shift and the char-aligned wrong-codec readings (GBK <-> Big5): a two-state Viterbi
# ---------------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=65536)
def _gb_bytes(ch: str) -> bytes | None:
    try:
        b = ch.encode("gb18030")
    except UnicodeEncodeError:
        return None
    return b


@functools.lru_cache(maxsize=65536)
def _gb_pair(pair: bytes) -> str | None:
    """The character two bytes make in GB18030, or None."""
    try:
        s = pair.decode("gb18030")
    except UnicodeDecodeError:
        return None
    return s if len(s) == 1 else None


_FOLDABLE_OPENERS = "!,.:;"
_HALFWIDTH_FW = {chr(c): chr(c + 0xFEE0) for c in range(0x21, 0x7F)}
_HALFWIDTH_TABLE = {c: chr(c + 0xFEE0) for c in range(0x21, 0x7F)}
_ASCII_CHAR_RE = recache.compile("[\x00-\x7f]")

#: what marks the end of a frame-shifted run: a lost byte shown as ? or U+FFFD
_LOSS_MARKS = "?\ufffd"


#: pinyin letters with tone marks are double-byte in GBK (row A8) but belong to inline pinyin
#: annotations (the PYN family's), not to a shifted run
_PINYIN_LETTERS = frozenset("āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüêńňǹɑɡ")


def _annotation_letter(text: str, k: int) -> bool:
    """Is text[k] a tone-marked pinyin letter with ASCII letters or brackets on both sides (`(zhèng)`)?

    Such a letter is an annotation (the PYN family's), not damage.  It cannot be part of any
    mojibake either: every byte of a multi-byte UTF-8 character is non-ASCII, so a non-ASCII
    character between two ASCII characters is no piece of single-byte mojibake of UTF-8, and a
    double-byte reading of it makes at most one character inside a Latin word, which ENC002 never
    produces.  (The definition: the scans use :func:`_annotation_letter_re` and :func:`_unannotated`,
    which the tests check against it.)
    """
    if text[k] not in _PINYIN_LETTERS or k == 0 or k + 1 >= len(text):
        return False
    a, b = text[k - 1], text[k + 1]
    return a.isascii() and b.isascii() and not a.isspace() and not b.isspace()


#: the ASCII characters that are not whitespace (str.isspace): what stands on both sides of an annotation letter
_ASCII_SOLID = "\x00-\x08\x0e-\x1b!-\x7f"


@functools.lru_cache(maxsize=1)
def _annotation_letter_re() -> re.Pattern[str]:
    """The positions where :func:`_annotation_letter` is true, found by one scan led by the letter class
    (compiled when first needed, as :func:`_unannotated` compiles its own: start-up)."""
    return recache.compile(f"[{class_body(_PINYIN_LETTERS)}](?<=[{_ASCII_SOLID}].)(?=[{_ASCII_SOLID}])")


@functools.lru_cache(maxsize=4)
def _unannotated(trigger: re.Pattern[str]) -> re.Pattern[str]:
    """A match of the one-character class ``trigger`` at ``k`` where ``_annotation_letter(text, k)`` is
    false (not a pinyin letter, or one without ASCII non-space on both sides): one scan in C instead of a
    Python call per trigger, and still led by the class.  ENC001 looks for such a trigger of its own
    class: a line whose triggers are all annotation letters (`(zhèng)`) has nothing ftfy could repair
    (lines end at a newline, which is no ASCII non-space, so the test on the whole text is the test on
    the line); ENC002 of the Latin one."""
    return recache.compile(f"{trigger.pattern}(?:(?<![{class_body(_PINYIN_LETTERS)}])|(?<![{_ASCII_SOLID}].)|(?![{_ASCII_SOLID}]))")


def _remembered(slot: list, text: str, find) -> list[int]:
    """``find(text)`` as a new list; the last text's result is kept in ``slot`` (a pair replaced whole,
    so a reader always gets the positions of its own text)."""
    last, pos = slot[0]
    if text is last:
        return list(pos)
    out = find(text)
    slot[0] = (text, tuple(out))
    return out


def _suspects(text: str) -> list[int]:
    """Positions of suspect characters (see :func:`_suspect_re`), pinyin annotation letters and lone
    rare hanzi left out (ENC003 and ENC002 look at the same text object in turn)."""
    return _remembered(_SUSPECTS_LAST, text, _find_suspects)


_SUSPECTS_LAST: list = [(None, ())]


def _find_suspects(text: str) -> list[int]:
    rx = _suspect_re()
    out: list[int] = []
    found = [m.start() for m in rx.finditer(text)]
    if not found:
        return out
    near = _LONE_CONTEXT
    everyday = _everyday()[0]
    special = _maybe_not_suspect()
    annotation = None  # the annotation letters' positions, found at the first pinyin letter
    # each match with the matches before and after it (past the ends: far away)
    after = found[1:]
    after.append(len(text) + near + 1)
    before = -near - 1
    for p, nxt in zip(found, after):
        prev, before = before, p
        ch = text[p]
        if ch in special:
            if ch in _PINYIN_LETTERS:
                if annotation is None:
                    annotation = {m.start() for m in _annotation_letter_re().finditer(text)}
                if p in annotation:
                    continue
            # an everyday character among ordinary ones (see _everyday); next to another suspect that
            # is not everyday it is a trigger (what _everyday_triggers finds first, without the call)
            elif not ((prev == p - 1 and text[prev] not in everyday) or (nxt == p + 1 and text[nxt] not in everyday) or _everyday_triggers(text, p)):
                continue
        # another suspect within the context makes no lone rare hanzi (damage comes in clusters)
        if p - prev > near and nxt - p > near and _lone_rare_hanzi(text, p, rx):
            continue
        out.append(p)
    return out


@functools.lru_cache(maxsize=1)
def _maybe_not_suspect() -> frozenset[str]:
    """The suspects :func:`_find_suspects` may leave out for what they are: pinyin letters and
    everyday characters (any other only when it stands alone)."""
    return _PINYIN_LETTERS | _everyday()[0]


#: a suspect hanzi with this many seen hanzi on each side, and no other suspect among them, is a real
#: rare character (`衢州`), not damage: wrong-codec readings and shifted runs make suspects in clusters
_LONE_CONTEXT = 4


def _lone_rare_hanzi(text: str, p: int, rx: re.Pattern[str]) -> bool:
    ch = text[p]
    if not _is_hanzi_like(ch) or ch in "\ufffd" or p < _LONE_CONTEXT or p + _LONE_CONTEXT >= len(text):
        return False
    if _gb2312(ch) is False:
        return False
    left = text[p - _LONE_CONTEXT : p]
    right = text[p + 1 : p + 1 + _LONE_CONTEXT]
    ctx = left + right
    if not (len(_HAN_OR_PUA_RE.findall(ctx)) == len(ctx) and not rx.search(ctx) and not _PUA_RE.search(ctx)):
        return False
    # GBK read as Big5 puts one rare character among common traditional ones (`第三岍賜弊模的` for
    # 第三世界国家的): next to a traditional-only character a rare one is not taken as real (the scan
    # builds the exact set, and the s2t table under it, only when a candidate is there)
    from ..chars import has_traditional_only

    return not has_traditional_only(ctx)


@functools.lru_cache(maxsize=65536)
def _gb2312(ch: str) -> bool:
    """Is ``ch`` one of the 6,763 standard simplified hanzi (GB2312)?"""
    try:
        ch.encode("gb2312")
        return True
    except UnicodeEncodeError:
        return False


def _is_double(ch: str) -> bool:
    b = _gb_bytes(ch)
    return b is not None and len(b) == 2


def _is_run_char(text: str, k: int) -> bool:
    """A double-byte character that can belong to a shifted run (a pinyin letter next to ASCII
    letters or brackets is part of an annotation such as `(qū)`, not of a run)."""
    ch = text[k]
    if ch in _PINYIN_LETTERS:
        for n in (k - 1, k + 1):
            if 0 <= n < len(text) and (text[n].isascii() and (text[n].isalpha() or text[n] in "()")):
                return False
    return _is_double(ch)


_HAN_CLASS = "\u3400-\u9fff\uf900-\ufaff"
#: one ASCII letter/symbol of the GBK trail range before a hanzi (checked: and after one): `綏l條`
_GLUED_RE = recache.compile(f"[@-Z\\[\\]^_`a-z{{|}}~](?=[{_HAN_CLASS}])")


def _frame_triggers(text: str) -> list[int]:
    """Positions of frame-shift evidence: a suspect character, or one ASCII trail-range character
    glued between hanzi (a GBK trail byte 0x40–0x7E left alone when a shifted stream falls back
    in step: `綏l` for `教條`)."""
    pos = _suspects(text)
    last, _codes, glued, _seen = _LAST
    if last is not text or glued:
        # (the family gate, asked first about this text, matched no trail letter between hanzi: the
        # same test, so there is none to look for)
        pos.extend(m.start() for m in _GLUED_RE.finditer(text) if m.start() > 0 and _is_hanzi_like(text[m.start() - 1]))
        pos.sort()
    return pos


@functools.lru_cache(maxsize=1)
def _double_res() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(a run of double-byte GB18030 characters other than pinyin letters, one candidate run character),
    from the classes in ``encoding/double_byte.txt`` when it was written with this Python's codecs (the
    tests check it against GB18030): finding and sorting the 24,000 characters takes 10-20 ms."""
    body = _codec_table("encoding/double_byte.txt")
    if body is None:
        body = _double_byte_bodies()
    return recache.compile(f"[{body['runs']}]+"), recache.compile(f"[{body['chars']}]")


def _double_byte_bodies() -> dict[str, str]:
    """The classes of :func:`_double_res` computed: ``runs`` without the pinyin letters, ``chars`` all."""
    # GB18030 is a Unicode transformation (one code per character and back): the characters it writes
    # in two bytes are what its 23,940 two-byte codes (lead 81-FE, trail 40-7E or 80-FE) decode to
    trails = bytes(range(0x40, 0x7F)) + bytes(range(0x80, 0xFF))
    codes = bytearray(2 * 126 * len(trails))
    codes[0::2] = b"".join(bytes((lead,)) * len(trails) for lead in range(0x81, 0xFF))
    codes[1::2] = trails * 126
    dbl = set(codes.decode("gb18030"))
    return {"runs": class_body(dbl - _PINYIN_LETTERS), "chars": class_body(dbl)}


def _codec_table(relpath: str) -> dict[str, str] | None:
    """``key -> value`` of the tab-separated lines of a packaged table derived from Python's codecs, or
    None when it was not written with this Python version (whose codecs may map otherwise: GB18030-2022
    moved characters).  ``scripts/build_tables.py`` writes these tables."""
    from ..data import derived

    fields, lines = derived(relpath)
    if "%d.%d" % sys.version_info[:2] not in fields.get("python", ()):
        return None
    return dict(line.rsplit("\t", 1) for line in lines)


def _runs(text: str, lo: int, hi: int) -> Iterator[tuple[int, int]]:
    """Maximal runs of double-byte GB18030 characters inside ``text[lo:hi]``.

    ASCII characters 0x21–0x7E between double-byte characters are kept inside:
    a shifted stream leaves a GBK trail byte of 0x40–0x7E as an ASCII character,
    and CMSs fold full-width forms (Ａ, ！) to ASCII after the damage.
    """
    double_run, run_char = _double_res()
    i = lo
    while i < hi:
        found = run_char.search(text, i, hi)
        if found is None:
            return
        i = found.start()
        if not _is_run_char(text, i):
            i += 1
            continue
        j = i + 1
        while j < hi:
            more = double_run.match(text, j, hi)
            if more:
                j = more.end()
                continue
            ch = text[j]
            if _is_run_char(text, j):
                j += 1
            elif "\x21" <= ch <= "\x7e" and ch not in _LOSS_MARKS and (j + 1 >= hi or not ("\x21" <= text[j + 1] <= "\x7e") or text[j + 1] in _LOSS_MARKS):
                j += 1  # one ASCII character at a time: a trail byte or a folded full-width form
            else:
                break
        # a folded full-width character right after a loss mark opens the run
        if i >= 2 and text[i - 1] in _FOLDABLE_OPENERS and text[i - 2] in _LOSS_MARKS:
            i -= 1
        yield i, j
        i = j


def _pair_reading(a: int, b: int) -> str | None:
    ch = _gb_pair(bytes((a, b)))
    return ch


def _shifted_pairs(data: bytes, m: int) -> list[str | None]:
    """The m - 1 characters the pairs data[1:3], data[3:5], … make in GB18030 (None where a pair is
    not one character): the reading one byte out of step."""
    sh = data[1 : 2 * m - 1]
    try:
        out = sh.decode("gb18030")
    except UnicodeDecodeError:
        out = ""
    if len(out) == m - 1:
        # 2(m-1) bytes as m-1 characters: every pair is one double-byte character (no four-byte
        # sequence can form: its second byte would be 0x30-0x39, and here it is a lead byte)
        return list(out)
    pair = _gb_pair
    return [pair(data[x : x + 2]) for x in range(1, 2 * m - 2, 2)]


def _lp_chain(chars) -> list[float]:
    """Per-position log-probability of a character chain (bigram after the first; U+FFFD breaks it)."""
    if not chars:
        return []
    if REPLACEMENT not in chars:
        if isinstance(chars, str):
            return [_char_lp(chars[0]), *_bigram_lps(chars)]
        return [_char_lp(chars[0]), *map(_bigram_lp, chars, chars[1:])]
    lm = _FAST_LM
    out = []
    prev = None
    for ch in chars:
        if ch == REPLACEMENT:
            out.append(_LOST_LP)
            prev = None
            continue
        out.append(lm.bigram_logprob(prev, ch) if prev is not None else lm.char_logprob(ch))
        prev = ch
    return out


#: the log-probability charged for a lost character in a repair (about that of a rare hanzi)
_LOST_LP = -9.0
#: what a frame shift costs to enter: a lost byte is rare
_SHIFT_COST = 12.0


def _repair_shifted_run(text: str, i: int, j: int, min_gain: float, triggers: list[int] | None = None, reached: list | None = None) -> list[Edit]:
    """Repair one run: either ASCII inside it ends a shifted stretch (a trail byte read as ASCII,
    the stream back in step) or stands for a folded full-width character (the stretch goes on).

    With ``triggers``, a stretch that a shift would have to cover but that goes on for more than
    :data:`_SHIFT_EVIDENCE_GAP` characters without a trigger is not tried (see
    :func:`_frame_shift_edits`).  ``reached`` is handed to every :func:`_repair_piece`."""
    run = text[i:j]
    options: list[list[Edit]] = []

    def trigger_free(a: int, b: int) -> bool:
        if triggers is None:
            return False
        t = bisect.bisect_left(triggers, a)
        return not (t < len(triggers) and triggers[t] < b)

    if _ASCII_CHAR_RE.search(run) is not None:
        # split at ASCII: each piece is doubles plus the ASCII character that ended it
        pieces = []
        k = 0
        for m_ in range(len(run)):
            if run[m_].isascii():
                pieces.append((k, m_ + 1))
                k = m_ + 1
        if k < len(run):
            pieces.append((k, len(run)))
        opt: list[Edit] = []
        for a, b in pieces:
            if b - a > _SHIFT_EVIDENCE_GAP and trigger_free(i + a, i + b):
                continue
            e = _repair_piece(text, i + a, i + b, min_gain, fold=False, reached=reached)
            if e is not None:
                opt.append(e)
        options.append(opt)
        # read as one stretch, the shift lasts to the run's end: not past a long trigger-free tail
        last = bisect.bisect_right(triggers, j) - 1 if triggers is not None else -1
        if triggers is not None and last >= 0 and triggers[last] >= i and j - triggers[last] > _SHIFT_EVIDENCE_GAP:
            return _best_option(options)
        e = _repair_piece(text, i, j, min_gain, fold=True, reached=reached)
        options.append([e] if e is not None else [])
        if "\x40" <= run[-1] <= "\x7e":
            # folded full-width forms inside, the last ASCII character a real trail byte
            e = _repair_piece(text, i, j, min_gain, fold=True, last_trail=True, reached=reached)
            options.append([e] if e is not None else [])
    else:
        e = _repair_piece(text, i, j, min_gain, fold=False, reached=reached)
        options.append([e] if e is not None else [])
    return _best_option(options)


def _best_option(options: list[list[Edit]]) -> list[Edit]:
    best: list[Edit] = []
    best_gain = 0.0
    for opt in options:
        g = sum(float(dict(e.meta).get("gain", 0.0)) for e in opt)
        if opt and g > best_gain:
            best, best_gain = opt, g
    return [Edit(e.start, e.end, e.old, e.new, e.reason, tuple(kv for kv in e.meta if kv[0] != "gain")) for e in best]


class _ChainBound(dict):
    """ch -> a bound of what ch adds inside a character chain (:func:`_lp_chain`): a lost character
    costs :data:`_LOST_LP`, any other at most its best incoming bigram (or its unigram, after a
    lost one).  One entry per character."""

    __slots__ = ()

    def __missing__(self, ch: str) -> float:
        v = self[ch] = _MAXIN[ch]
        return v


class _ChainFirst(dict):
    """ch -> what ch scores first in a chain: its unigram, or :data:`_LOST_LP` for U+FFFD."""

    __slots__ = ()

    def __missing__(self, ch: str) -> float:
        v = self[ch] = _clp(ch)
        return v


_CHAIN_BOUND: dict[str, float] = _ChainBound()
_CHAIN_FIRST: dict[str, float] = _ChainFirst()
_CHAIN_BOUND[REPLACEMENT] = _CHAIN_FIRST[REPLACEMENT] = _LOST_LP


#: how many characters at the end of a shifted reading :func:`_looks_like_repair` samples (a shift
#: lasts to the end of its piece, and may start late in it)
_REPAIR_SAMPLE = 16


def _looks_like_repair(body: str) -> bool:
    """Does the shifted reading ``body`` end in what reads like text (under 2 suspect characters in 10
    among its last :data:`_REPAIR_SAMPLE`, the final U+FFFD of a lone lead byte aside)?  A reading one
    byte off real text does; the reading of other damage, or of text as written, is mostly suspects.
    Only the order of the work depends on it: the bounds that would rarely prune such a reading are
    skipped, and the exact search decides alone."""
    n = len(body) - 1
    if n < 8:
        return False
    a = max(0, n - _REPAIR_SAMPLE)
    return len(_suspect_re().findall(body, a, n)) * 10 < 2 * (n - a)


def _shift_bounds(tail: list) -> tuple[list[float], list[float]]:
    """For the shifted reading ``tail`` (from the first position where a shift can start; no None in
    it): at each start, a bound of what the characters after the first add (every chain term at its
    best incoming bigram; a lost character costs :data:`_LOST_LP` exactly), and what the first one
    scores (its unigram, or :data:`_LOST_LP`).  Both lists run from the last start backwards (the
    bound is a running sum from the end: no list is turned around)."""
    back = tail[::-1]
    after = list(itertools.accumulate(map(_CHAIN_BOUND.__getitem__, back[:-1]), initial=0.0))
    return after, list(map(_CHAIN_FIRST.__getitem__, back))


def _shift_hopeless_low(chars: str, lo: int, m: int, best_after: list[float], firsts: list[float], trail_lp: float) -> bool:
    """Can no shift start in the piece beat it as written, with the text as written at its lowest?

    A shift starting at s replaces the chain terms of chars[s:] (what they add as written) by the
    lost byte, the first shifted character and the rest.  As written, each term is at least the
    unseen-pair value of its character (a seen pair scores more, an unseen first character gives
    the unigram, which is more; a lost character costs :data:`_LOST_LP`).  When even that floor
    beats the bound of the shifted reading at every start, the piece stays as written, and the
    text as written is never looked up pair by pair.  (``best_after`` and ``firsts`` run backwards,
    see :func:`_shift_bounds`; so does the floor, summed from the end.)"""
    low = map(_CHAIN_LOW.__getitem__, chars[:lo:-1])
    at_lo = _CHAIN_FIRST[chars[0]] if lo == 0 else _CHAIN_LOW[chars[lo]]
    # kept[r]: the floor of what chars[m - 1 - r:] add as written
    kept = itertools.accumulate(itertools.chain(low, (at_lo,)))
    need = trail_lp - _LOST_LP + _SHIFT_COST - _BOUND_EPS
    return max(map(operator.sub, map(operator.add, firsts, best_after), kept)) <= need


def _shift_hopeless_loose(chars: str, lo: int, tail: list, trail_lp: float) -> bool:
    """:func:`_shift_hopeless_low` with one term per position, on a bound no lower: the first shifted
    character scores its unigram, at most its best incoming bigram (:data:`_CHAIN_BOUND`), and
    chars[lo] as written at least its unseen-pair value (:data:`_CHAIN_LOW`).  So every start's bound
    is at most the sum, from it to the end, of the shifted bound less the floor as written; the best
    such sum is found in one running sum from the end.  Most pieces of clean text stay as written on
    it; the rest go on to the bounds it loosens.  Twice :data:`_BOUND_EPS` covers the rounding of the
    sums in another order."""
    shifted = map(_CHAIN_BOUND.__getitem__, reversed(tail))
    kept = map(_CHAIN_LOW.__getitem__, reversed(chars[lo:]))
    return max(itertools.accumulate(map(operator.sub, shifted, kept))) <= trail_lp - _LOST_LP + _SHIFT_COST - 2 * _BOUND_EPS


def _shift_hopeless(asis: list[float], lo: int, m: int, base_total: float, best_after: list[float], firsts: list[float]) -> bool:
    """Can no shift start in the piece beat it as written?  (:func:`_shift_bounds`, backwards, against
    the exact chain of the text as written, ``asis``, whose total with the glued trail letter is
    ``base_total``.)  When even the bound loses at every start, the exact search would keep the
    piece as written."""
    # prefix[s - lo]: the text as written before s
    prefix = list(itertools.accumulate(asis[lo : m - 1], initial=sum(asis[:lo])))
    prefix.reverse()
    need = base_total - _LOST_LP + _SHIFT_COST - _BOUND_EPS
    return max(map(operator.add, map(operator.add, prefix, firsts), best_after)) <= need


class _ChainLow(dict):
    """ch -> a floor of what ch adds inside a character chain after another character: its
    unseen-pair value after a seen character (every other bigram into ch is higher, and so is its
    unigram), minus a hair; :data:`_LOST_LP` for a lost character.  One entry per character."""

    __slots__ = ()

    def __missing__(self, ch: str) -> float:
        v = self[ch] = _U1[ch] - _BOUND_SLACK
        return v


_CHAIN_LOW: dict[str, float] = _ChainLow()
_CHAIN_LOW[REPLACEMENT] = _LOST_LP


def _wrong_codec_explains(old: str, shifted_score: float) -> bool:
    """Does a lossless wrong-codec reading (ENC002's) explain the span at least as well as a shift?"""
    body = old.replace(REPLACEMENT, "").replace("?", "")
    if len(body) < 2:
        return False
    for _name, read, true in () if _readings_hopeless(body, shifted_score) else load_chains()["aligned"]:
        alt = None
        try:
            whole = _encode_whole(body, read)
            if whole is not None and len(whole) == 2 * len(body):
                # every character is two bytes, and a strict decode of the whole keeps the pairs
                # (lead bytes are >= 0x81 in both codecs): the per-character reading in one call
                alt = whole.decode(true)
        except (_Unencodable, UnicodeDecodeError):
            alt = None
        if alt is None:
            alt = "".join(map(_char_reader(read, true).__getitem__, body))
        if alt != body and _ub_mean(alt) >= shifted_score - _BOUND_EPS and _score(alt) >= shifted_score:
            return True
    for _name, read, true in _cjk_stream_chains():
        try:
            data = _encode_whole(body, read)
            if data is None:
                pieces = [_enc_char(ch, read) for ch in body]
                if any(p is None for p in pieces):
                    continue
                data = b"".join(pieces)  # type: ignore[arg-type]
            alt = data.decode(true)
        except (_Unencodable, UnicodeDecodeError):
            continue
        if _HANZI_LIKE_RE.search(alt) is not None and _ub_mean(alt) >= shifted_score - _BOUND_EPS and _score(alt) >= shifted_score:
            return True
    return False


def _readings_hopeless(body: str, shifted_score: float) -> bool:
    """Does no aligned reading of ``body`` pass the :func:`_ub_mean` test of
    :func:`_wrong_codec_explains`?  Each reading is the per-character one (:func:`_char_reader`; the
    whole-text decode there gives the same characters), so one pass over ``body`` with the best value
    over the readings per character bounds every reading's :func:`_ub_mean` at once; a margin of
    :data:`_BOUND_EPS` more covers the rounding of the two sums.  NaN (some reading of a character is
    not one non-space character, so not one term) makes the bound say nothing."""
    ub = (_READ_FIRST[body[0]] + sum(map(_READ_AFTER.__getitem__, body[1:]))) / len(body)
    return ub < shifted_score - 2 * _BOUND_EPS


class _ReadingsBound(dict):
    """ch -> the best, over the aligned readings, of what ch's reading adds to :func:`_ub_mean`: its
    unigram (``first``) or its best incoming bigram; NaN where some reading is not one non-space
    character.  One entry per character."""

    __slots__ = ("first",)

    def __init__(self, first: bool) -> None:
        super().__init__()
        self.first = first

    def __missing__(self, ch: str) -> float:
        v = -math.inf
        for _name, read, true in load_chains()["aligned"]:
            r = _char_reader(read, true)[ch]
            if len(r) != 1 or _WS_RE.match(r):
                v = math.nan
                break
            v = max(v, _clp(r) if self.first else _MAXIN[r])
        self[ch] = v
        return v


_READ_FIRST: dict[str, float] = _ReadingsBound(True)
_READ_AFTER: dict[str, float] = _ReadingsBound(False)


class _CharReader(dict):
    """ch -> its two ``read`` bytes decoded as ``true`` (ch itself where they are not two bytes or do
    not decode): the per-character reading of an aligned chain.  One entry per character."""

    __slots__ = ("read", "true")

    def __init__(self, read: str, true: str) -> None:
        super().__init__()
        self.read, self.true = read, true

    def __missing__(self, ch: str) -> str:
        b = _enc_char(ch, self.read)
        v = ch
        if b and len(b) == 2:
            # no two bytes of these codecs stand for U+FFFD: it marks a failed decode (no exception)
            got = b.decode(self.true, errors="replace")
            if REPLACEMENT not in got:
                v = got
        self[ch] = v
        return v


@functools.lru_cache(maxsize=None)
def _char_reader(read: str, true: str) -> _CharReader:
    return _CharReader(read, true)


def _repair_piece(text: str, i: int, j: int, min_gain: float, fold: bool, last_trail: bool = False, reached: list | None = None) -> Edit | None:
    """The shift repair of ``text[i:j]``, if one wins.  Up to the test of the best shift against the
    text as written it reads nothing outside ``text[i:j]``; a piece that gets past it is noted in
    ``reached`` (the context around the piece may matter from there on)."""
    piece = text[i:j]
    trail_ascii = None
    while not fold and piece and piece[0].isascii():
        piece = piece[1:]
        i += 1
    if (not fold or last_trail) and piece and piece[-1].isascii():
        trail_ascii = piece[-1]
        piece = piece[:-1]
    if fold:
        piece = piece.translate(_HALFWIDTH_TABLE)
    # every character must be double-byte: none is ASCII (one byte), and 2 bytes each in total
    if _ASCII_CHAR_RE.search(piece):
        return None
    try:
        data = piece.encode("gb18030")
    except UnicodeEncodeError:
        return None
    m = len(piece)
    if m < 1 or len(data) != 2 * m:
        return None
    alts = _shifted_pairs(data, m)
    if trail_ascii is not None and 0x40 <= ord(trail_ascii) <= 0x7E:
        alts.append(_pair_reading(data[-1], ord(trail_ascii)))
    else:
        alts.append(REPLACEMENT)  # a lone lead byte: its partner is lost
    # the shift starts at s (the byte before it is lost) and lasts to the end of the piece
    chars = text[i : i + m]
    # the shifted reading of alts[s:] scores unigram(alts[s]) + the bigrams after it: suffix sums
    # keep the search linear.  A shift starts after the last pair that is no character (lo)
    lo = m - alts[::-1].index(None) if None in alts else 0
    if lo >= m:
        return None  # no position where a shift can start
    tail = alts[lo:]
    trail_lp = _bigram_lp(chars[-1], trail_ascii) if trail_ascii is not None and chars else None
    body = "".join(tail)  # type: ignore[arg-type]
    # bounds first: the shifted reading at its best (every term at its best incoming bigram) against
    # the text as written at its worst (every term at its lowest), then against it exactly.  They
    # only prune, so a reading that looks like a repair goes straight to the exact search
    bounded = not _looks_like_repair(body)
    if bounded:
        if _shift_hopeless_loose(chars, lo, tail, 0.0 if trail_lp is None else trail_lp):
            return None
        best_after, firsts = _shift_bounds(tail)
        if _shift_hopeless_low(chars, lo, m, best_after, firsts, 0.0 if trail_lp is None else trail_lp):
            return None
    asis = _span_chain(text, i, i + m)
    base_total = sum(asis)
    if trail_lp is not None:
        base_total += trail_lp
    if bounded and _shift_hopeless(asis, lo, m, base_total, best_after, firsts):
        return None
    # rest[k]: what alts[lo + 1 + k] adds after the character before it
    lps = None  # the bigrams of alts[lo:], where none but the last is U+FFFD
    if len(tail) == 1:
        rest = []
    elif REPLACEMENT in body[:-1]:
        rest = _lp_chain(body)[1:]
    else:
        lps = _bigram_lps(body)
        rest = lps[:]
        if body[-1] == REPLACEMENT:
            rest[-1] = _LOST_LP
    # the total of every start s: the text as written before s (a running sum), the lost byte, the
    # first shifted character and the shifted reading after it (a running sum from the end), all in
    # C loops with the same additions in the same order as a loop over s
    rest.reverse()
    suffix = list(itertools.accumulate(rest))
    suffix.reverse()
    suffix.append(0.0)
    prefix = itertools.accumulate(asis[lo : m - 1], initial=sum(asis[:lo]))
    firsts = map(_CHAIN_FIRST.__getitem__, alts[lo:m])
    add = operator.add
    totals = list(map(operator.sub, map(add, map(add, map(add, prefix, itertools.repeat(_LOST_LP)), firsts), suffix), itertools.repeat(_SHIFT_COST)))
    top = max(totals)
    # as written, an ASCII letter glued between hanzi is itself improbable (in base_total); the first
    # start with the best total wins, and only if it beats the text as written
    if not top > base_total:
        return None
    if reached is not None:
        reached.append(i)
    s = lo + totals.index(top)
    new = REPLACEMENT + "".join(alts[s:])  # type: ignore[arg-type]  (no None from lo on)
    start = i + s
    end = j
    if s == 0 and start > 0 and text[start - 1] in _LOSS_MARKS:
        start -= 1  # the mark before the run stood for the character whose byte was lost
    if new.endswith(REPLACEMENT) and end < len(text) and text[end] in _LOSS_MARKS:
        end += 1  # the ? or U+FFFD after the run stood for the same lost byte
    old = text[start:end]
    core = new.replace(REPLACEMENT, "")
    if not core or _HANZI_LIKE_RE.search(core) is None:
        return None
    if len(core) < new.count(REPLACEMENT) and REPLACEMENT not in old and not _DAMAGE_SYMBOL_RE.search(old):
        # fewer characters recovered than lost, from ordinary characters (no private-use, kana, Greek
        # or box junk, no U+FFFD): too little to tell a lost byte from real words (`巫师"` as `�资�`)
        return None
    if lps is not None or len(tail) == 1:
        # core is alts[s:e]: its bigrams were looked up with the shifted reading's
        e = m - 1 if alts[m - 1] == REPLACEMENT else m
        ok, gain, core_score = _shift_gain(text, start, end, old, core, lps[s - lo : e - 1 - lo] if lps is not None else [], min_gain)
    else:
        left = text[max(0, start - 2) : start]
        right = text[end : end + 2]
        s_old = _span_score(text, start - len(left), end + len(right)) if REPLACEMENT not in old else None
        ok, gain, core_score = _gain_ok(old.replace(REPLACEMENT, ""), core, left, right, min_gain, s_old)
    if not ok or _wrong_codec_explains(old, core_score):
        return None
    lost = new.count(REPLACEMENT)
    return Edit(
        start,
        end,
        old,
        new,
        f"frame-shifted double-byte run re-read one byte in step (GB18030); {lost} character(s) lost, marked U+FFFD",
        (("findings", f"frame-shift:{lost}-lost"), ("gain", gain * len(core))),
    )


def _shift_gain(text: str, start: int, end: int, old: str, core: str, core_terms: list[float], min_gain: float) -> tuple[bool, float, float]:
    """:func:`_gain_ok` (``old`` without U+FFFD, ``core``, two characters of context each side) for a
    shift repair, from bigrams already looked up: ``core_terms`` (those inside ``core``) and the text
    as written (:func:`_span_chain`); only the pairs across the context's edges are new.  The same
    terms are summed in the same order, so the values are the same bit for bit."""
    left = text[max(0, start - 2) : start]
    right = text[end : end + 2]
    # as _score and _gain_ok: whitespace is skipped (here it can only be in the context)
    left_ = _WS_RE.sub("", left) if _WS_RE.search(left) else left
    right_ = _WS_RE.sub("", right) if _WS_RE.search(right) else right
    add = operator.add
    if REPLACEMENT not in old:
        s_old = _span_score(text, start - len(left), end + len(right))
    else:
        # a run holds no U+FFFD: only the loss marks at old's ends can be one
        x = start + (old[0] == REPLACEMENT)
        y = end - (old[-1] == REPLACEMENT)
        mid = text[x:y]
        if not mid or REPLACEMENT in mid or _WS_RE.search(mid):
            s_old = _score(left + old.replace(REPLACEMENT, "") + right)
        else:
            terms = _bigram_lps(left_ + mid[0])
            terms.extend(_span_chain(text, x, y)[1:])
            terms.extend(_bigram_lps(mid[-1] + right_))
            s_old = functools.reduce(add, terms, _clp((left_ or mid)[0])) / (len(left_) + len(mid) + len(right_))
    if _WS_RE.search(core):
        return _gain_ok(old.replace(REPLACEMENT, ""), core, left, right, min_gain, s_old)
    left, right = left_, right_
    terms = _bigram_lps(left + core[0])
    terms.extend(core_terms)
    terms.extend(_bigram_lps(core[-1] + right))
    s_new = functools.reduce(add, terms, _clp((left or core)[0])) / (len(left) + len(core) + len(right))
    n = len(core)
    core_score = functools.reduce(add, core_terms, _clp(core[0])) / n if n >= 3 else s_new
    gain = s_new - s_old
    return gain >= min_gain and core_score >= _FLOOR, gain, core_score


#: what the last call found per line (keyed by the line with its context): the pipeline's next pass
#: hands the rule the same lines again, and only the changed ones need a new look
_FS_PREV: dict[tuple[str, int, int, float], tuple[Edit, ...]] = {}
#: context on each side of a line or window that a repair reads (left/right neighbours, the trigger test)
_CONTEXT = 4
#: lines or windows longer than this are not remembered (memory)
_MEMO_MAX = 20000
#: lines where ENC003 found nothing without reading past the line (see :func:`_frame_shift_edits`), by
#: their text alone: pages of one site repeat their furniture (`浏览次数：`) under other neighbours.
#: Lines up to :data:`_FS_LINE_MAX` characters, at most :data:`_FS_LINES_MAX` of them (then afresh)
_FS_LINES: dict[tuple[str, float], bool] = {}
_FS_LINE_MAX = 256
_FS_LINES_MAX = 4096


def _memo_key(text: str, lo: int, hi: int, min_gain: float) -> tuple[str, int, int, float]:
    """Everything a line or window's repairs depend on: its text with context, and where it sits in it."""
    a = max(0, lo - _CONTEXT)
    return (text[a : min(len(text), hi + _CONTEXT)], lo - a, hi - lo, min_gain)


def _frame_shift_edits(text: str, triggers: list[int], min_gain: float) -> list[Edit]:
    global _FS_PREV
    prev: dict[tuple[str, int, int, float], tuple[Edit, ...]] = _FS_PREV
    cur: dict[tuple[str, int, int, float], tuple[Edit, ...]] = {}
    edits: list[Edit] = []
    last_end = 0
    suspect = _suspect_re()
    for t in triggers:
        if t < last_end:
            continue
        # the window around a trigger: its line
        lo = max(text.rfind("\n", 0, t) + 1, last_end)
        hi = text.find("\n", t + 1)
        hi = len(text) if hi == -1 else hi
        key = _memo_key(text, lo, hi, min_gain) if hi - lo <= _MEMO_MAX else None
        rel = prev.get(key) if key is not None else None
        # [lo, hi) is a whole line.  What picks its triggers and runs, and every piece's work up to the
        # test of its best shift (see _repair_piece), reads nothing past the line breaks; a line where
        # no piece got past that test has no repair whatever its neighbours
        line = (text[lo:hi], min_gain) if rel is None and hi - lo <= _FS_LINE_MAX else None
        if line is not None and line in _FS_LINES:
            rel = ()
        if rel is None:
            found: list[Edit] = []
            reached: list[int] = []
            for i, j in _runs(text, lo, hi):
                k = bisect.bisect_left(triggers, i)
                if not (k < len(triggers) and triggers[k] <= j) and not suspect.search(text, i, min(len(text), j + 1)):
                    continue
                # two hanzi at least, or one before a trail-range ASCII character (two searches: the
                # count does not matter past two)
                han = _HAN_OR_PUA_RE.search(text, i, j)
                if han is None or (_HAN_OR_PUA_RE.search(text, han.end(), j) is None and not "\x40" <= text[j - 1] <= "\x7e"):
                    continue  # Latin letters and symbols are double-byte in GBK too: not a shifted hanzi run
                if k < len(triggers) and triggers[k] <= j and not _ASCII_CHAR_RE.search(text, i, j):
                    # a run without ASCII is one piece, and its shift lasts to its end.  Read one byte
                    # out of step, real text is random double-byte codes: most are characters real
                    # text never shows, so a shifted stretch has a trigger every few characters.
                    # A run whose text after its last trigger is a long trigger-free stretch holds
                    # no shift (the shift would have to cover that stretch); and a shift does not
                    # start long before the first trigger
                    last = bisect.bisect_right(triggers, j) - 1
                    if j - triggers[last] > _SHIFT_EVIDENCE_GAP:
                        continue
                    i = max(i, triggers[k] - _SHIFT_EVIDENCE_GAP)
                _AS_WRITTEN[0] = (text, max(0, i - 3), min(len(text), j + 3), None)
                found.extend(_repair_shifted_run(text, i, j, min_gain, triggers, reached))
                _AS_WRITTEN[0] = (None, 0, 0, None)
            rel = tuple(e._replace(start=e.start - lo, end=e.end - lo) for e in found)
            if line is not None and not reached:
                if len(_FS_LINES) >= _FS_LINES_MAX:
                    _FS_LINES.clear()
                _FS_LINES[line] = True
        if key is not None:
            cur[key] = rel
        edits.extend(e._replace(start=e.start + lo, end=e.end + lo) for e in rel)
        last_end = hi
    _FS_PREV = cur
    return edits


#: what :func:`_is_hanzi_like` accepts, and BMP private use
_HAN_OR_PUA_RE = recache.compile("[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0010ffff\ue000-\uf8ff]")
#: the longest trigger-free stretch (characters) taken to belong to a frame-shifted run
_SHIFT_EVIDENCE_GAP = 40


def _is_hanzi_like(ch: str) -> bool:
    o = ord(ch)
    return 0x3400 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF or o >= 0x20000


def frame_shift(text: str, policy) -> list[Edit]:
    """Re-read double-byte runs that were decoded one byte out of step.

    ## What it does
    Finds runs of improbable hanzi, private-use and symbol characters that a
    GBK/GB18030 stream produces when a byte is lost and every following pair of
    bytes is read one byte out of step.  The run is re-encoded with GB18030,
    shifted by one byte and decoded again.  A two-state model (as written /
    shifted) over the run's characters finds where the shift starts; the
    repair is kept only where it is clearly more plausible Chinese.  The
    character whose byte was lost, and the one whose partner byte the closing
    ``?``/U+FFFD swallowed, cannot be recovered: they become U+FFFD
    (reported by ENC004).

    ## Why
    A single lost byte turns the rest of a paragraph into nonsense such as
    `厣袑偈状危`; the bytes of the original are all still there, one byte off.

    ## Example
    `厣袑偈状危` → `�尚屬首次�`

    ## Safety
    Safe: each repair is the span's own bytes re-read, and it must beat the
    text as written by a clear plausibility margin.
    """
    if not text or "ENC003" not in _codes_for(text):
        return []
    if not text:
        return []
    triggers = _frame_triggers(text)
    if not triggers:
        return []
    return _frame_shift_edits(text, triggers, float(policy.option("encoding", "min_gain")))


# ---------------------------------------------------------------------------------------------
# ENC002 cross-decoding: text decoded with the wrong codec
# ---------------------------------------------------------------------------------------------

@functools.lru_cache(maxsize=1)
def load_chains() -> dict[str, tuple[tuple[str, str, str], ...]]:
    """The wrong-codec readings of ``data/encoding/mojibake.toml``: {"stream": (...), "aligned": (...)}.

    Each entry is (name, codec the bytes were wrongly read with, codec they really were in).
    """
    from importlib import resources

    from .._compat import tomllib
    from ..errors import DataFileError

    path = resources.files("cleanpolicy.data") / "encoding" / "mojibake.toml"
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise DataFileError(str(exc), path=str(path)) from None
    out: dict[str, list[tuple[str, str, str]]] = {"stream": [], "aligned": []}
    for row in data.get("chain", ()):
        kind = row.get("kind")
        if kind not in out:
            raise DataFileError(f"chain {row.get('name')!r}: kind must be stream or aligned", path=str(path))
        for key in ("read", "true"):
            if row[key] != "latin":
                codecs.lookup(row[key])
        out[kind].append((row["name"], row["read"], row["true"]))
    return {k: tuple(v) for k, v in out.items()}


@functools.lru_cache(maxsize=1)
def _cjk_stream_chains() -> tuple[tuple[str, str, str], ...]:
    return tuple(c for c in load_chains()["stream"] if c[1] != "latin")


@functools.lru_cache(maxsize=1)
def _latin_stream_chains() -> tuple[tuple[str, str, str], ...]:
    return tuple(c for c in load_chains()["stream"] if c[1] == "latin")


_CP1252_SPECIAL = {
    "\u20ac": 0x80, "\u201a": 0x82, "\u0192": 0x83, "\u201e": 0x84, "\u2026": 0x85, "\u2020": 0x86,
    "\u2021": 0x87, "\u02c6": 0x88, "\u2030": 0x89, "\u0160": 0x8A, "\u2039": 0x8B, "\u0152": 0x8C,
    "\u017d": 0x8E, "\u2018": 0x91, "\u2019": 0x92, "\u201c": 0x93, "\u201d": 0x94, "\u2022": 0x95,
    "\u2013": 0x96, "\u2014": 0x97, "\u02dc": 0x98, "\u2122": 0x99, "\u0161": 0x9A, "\u203a": 0x9B,
    "\u0153": 0x9C, "\u017e": 0x9E, "\u0178": 0x9F,
}


_CP1252_SPECIAL_CHARS = tuple(_CP1252_SPECIAL)


def _latin_byte(ch: str) -> int | None:
    o = ord(ch)
    if o < 0x100:
        return o
    return _CP1252_SPECIAL.get(ch)


class _EncTable(dict):
    """ch -> :func:`_enc_char` (ch, codec) for one codec (one entry per character)."""

    __slots__ = ("codec",)

    def __init__(self, codec: str) -> None:
        super().__init__()
        self.codec = codec

    def __missing__(self, ch: str) -> bytes | None:
        v = self[ch] = _enc_char(ch, self.codec)
        return v


@functools.lru_cache(maxsize=None)
def _enc_table(codec: str) -> _EncTable:
    return _EncTable(codec)


@functools.lru_cache(maxsize=131072)
def _enc_char(ch: str, codec: str) -> bytes | None:
    """Bytes of one character under the codec it was (wrongly) decoded with; FFFD is a hole (b"")."""
    if ch == REPLACEMENT:
        return b""
    if codec == "latin":
        b = _latin_byte(ch)
        return None if b is None else bytes((b,))
    try:
        return ch.encode(codec)
    except UnicodeEncodeError:
        return None


#: a latin-1/cp1252 character run (mojibake of a double-byte codec), with embedded ASCII trail bytes
_LATIN_RUN_RE = recache.compile(
    "[\u0080-\u00ff\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2020\u2021\u2022\u2030\u2039\u203a\u20ac\u2122\u2018\u2019\u201a\u201c\u201d\u201e\u2013\u2014\u2026\ufffd@-~]{2,4000}"
)
_LATIN_HIGH_RE = recache.compile("[\u0080-\u00ff\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2020\u2021\u2030\u2039\u203a\u20ac\u2122]")


#: Latin-1 characters that read a GBK/Big5 lead byte, without the few Chinese text uses itself (· × ÷ ° ± §)
_LATIN_TRIGGER_RE = recache.compile("[\u0080-\u00a6\u00a8-\u00af\u00b2-\u00b6\u00b8-\u00d6\u00d8-\u00f6\u00f8-\u00ff\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2020\u2021\u2030\u2039\u203a\u20ac\u2122]")


_LATIN_RUN_CHAR_RE = recache.compile(_LATIN_RUN_RE.pattern.split("]")[0] + "]")


def _latin_runs(text: str) -> Iterator[tuple[int, int]]:
    """The Latin-1/cp1252 runs that hold a trigger character (grown from each trigger, not scanned for)."""
    if _gate_met_none(text, _LATIN_TRIGGER_RE):
        return  # the gate matches every trigger character (each starts ENC002 on its own)
    pos = 0
    is_run = _LATIN_RUN_CHAR_RE.match
    for t in _unannotated(_LATIN_TRIGGER_RE).finditer(text):
        if t.start() < pos:
            continue
        a = t.start()
        while a > pos and t.start() - a < _MAX_SPAN and is_run(text, a - 1):
            a -= 1
        b = t.end()
        while b < len(text) and b - a < _MAX_SPAN and is_run(text, b):
            b += 1
        pos = b
        if b - a >= 2:
            yield a, b


def _decode_with_holes(data: list[bytes], codec: str) -> str:
    """Decode the concatenated pieces; an empty piece is a lost byte (the character holding it is lost)."""
    if all(data):
        return b"".join(data).decode(codec, errors="replace")
    raw = b"".join(p if p else b"\xff" for p in data)
    out = raw.decode(codec, errors="replace")
    # a hole can break one character into two replacement marks: one lost character
    while REPLACEMENT * 2 in out and codec == "utf-8":
        out = out.replace(REPLACEMENT * 2, REPLACEMENT)
    return out


def _piece(text: str, m: int, read: str, true: str) -> bytes | None:
    """Bytes of text[m] under ``read``; U+FFFD inside a UTF-8 mojibake run is the byte 0x80.

    A GBK/Big5 decoder meets no invalid pair inside UTF-8 multi-byte text (every
    byte 0x80–0xEF is a valid trail) except a pair that starts with 0x80, which is
    no lead byte: that byte alone becomes U+FFFD.  At the end of a run (before
    ASCII) a U+FFFD is a lead byte whose ASCII partner was refused: unknown (a hole).
    """
    ch = text[m]
    if ch == REPLACEMENT and true == "utf-8" and read != "latin":
        nxt = text[m + 1] if m + 1 < len(text) else ""
        if nxt and not nxt.isascii():
            return b"\x80"
        return b""
    return _enc_char(ch, read)


#: a byte a lost U+FFFD stood for is restored only when its reading beats every other candidate by this
#: many nats (log-probability of the span in context); otherwise its character becomes U+FFFD
_RESTORE_MARGIN = 6.0


@functools.lru_cache(maxsize=4096)
def _inner_loss_bytes(read: str, nxt: int | None) -> tuple[int, ...]:
    """The UTF-8 continuation bytes (0x80-0xBF) that a ``read`` decoder turns into U+FFFD, alone, when
    the byte ``nxt`` follows (None: unknown).  0x80 is no lead byte in GBK or Big5; other bytes fail
    where their pair is unmapped, which depends on the decoder: Python's ``gbk`` refuses the
    user-defined rows that ``gb18030`` maps to the PUA, so both are asked."""
    codecs_ = ("gb18030", "gbk") if read == "gb18030" else (read, "big5") if read == "big5hkscs" else (read,)
    out = []
    for x in range(0x80, 0xC0):
        nexts = range(0x40, 0xFF) if nxt is None else (nxt,)
        for n in nexts:
            failed = False
            for c in codecs_:
                # no two bytes of these codecs stand for U+FFFD: it marks a failed decode
                got = bytes((x, n)).decode(c, errors="replace")
                if len(got) != 1 or got == REPLACEMENT:
                    failed = True
                    break
            if failed:
                out.append(x)
                break
    return tuple(out)


def _resolve_inner_losses(text: str, k: int, end: int, pieces: list[bytes], read: str) -> None:
    """Decide the byte behind each U+FFFD inside a UTF-8 mojibake span (``pieces`` holds 0x80 there).

    A GB18030 decoder makes U+FFFD inside UTF-8 text only of the byte 0x80; a GBK or Big5 decoder
    also of a continuation byte whose pair with the next byte is unmapped (`领` E9 A2 86 read as GBK:
    A2 86 is unmapped, so A2 becomes U+FFFD, and 0x80 would give `逆`).  Every byte the decoders
    allow is tried; one is kept only when its reading is clearly the most plausible (by
    :data:`_RESTORE_MARGIN`), otherwise the position becomes a hole and its character U+FFFD.
    """
    left = text[max(0, k - 2) : k]
    right = text[end : end + 2]
    amb: list[tuple[int, tuple[int, ...]]] = []
    state = _LOSS_STATE[0]  # read once: another thread may start a new text meanwhile
    memo = state[1] if state[0] is text else None
    for x in range(k, end):
        if text[x] != REPLACEMENT or pieces[x - k] != b"\x80":
            continue
        if memo is not None and (x, read) in memo:
            pieces[x - k] = memo[(x, read)]  # decided for the same position of this text already
            continue
        nb = _enc_char(text[x + 1], read) if x + 1 < len(text) else b""
        cands = _inner_loss_bytes(read, nb[0] if nb else None)
        if cands != (0x80,):
            amb.append((x - k, cands))
    if not amb or len(amb) > 12:
        for x, _c in amb:
            pieces[x] = b""
            if memo is not None:
                memo[(k + x, read)] = b""
        return

    def stretches_for(x: int, cands: tuple[int, ...]) -> list[str]:
        """For each candidate byte, the stretch of the span's reading (in context) where the readings
        differ, with one character of context on each side (the bigram terms outside it are the
        same for every candidate)."""
        if all(pieces):
            local = _local_stretches(pieces, x, cands, left, right)
            if local is not None:
                return local
        return _stretches_by_full_decoding(pieces, x, cands, left, right)

    # the second round meets the same stretches again wherever a neighbour's byte did not reach them
    scores: dict[tuple, list[tuple[float, int]]] = {}

    def best_for(x: int, cands: tuple[int, ...]) -> list[tuple[float, int]]:
        """Every candidate byte with its stretch's total log-probability, best first (only the best
        two decide: the byte, and whether it is certain)."""
        stretches = stretches_for(x, cands)
        key = (x, *stretches)
        scored = scores.get(key)
        if scored is None:
            scored = scores[key] = sorted(zip(_total_lps(stretches), cands), reverse=True)
        return scored

    # each lost byte in turn, the others at their best so far (with several, a second round lets
    # neighbours settle); the last round's scores decide
    last: dict[int, list[tuple[float, int]]] = {}
    # the other lost bytes as they stood when a byte was last weighed: its stretches depend on no
    # other piece, so while those stand it is not weighed again
    weighed_with: dict[int, list[bytes]] = {}
    for _round in range(2 if len(amb) > 1 else 1):
        for x, cands in amb:
            others = [pieces[y] for y, _c in amb if y != x]
            if weighed_with.get(x) != others:
                weighed_with[x] = others
                last[x] = best_for(x, cands)
            pieces[x] = bytes((last[x][0][1],))
    decided = []
    for x, _cands in amb:
        scored = last[x]
        certain = len(scored) == 1 or scored[0][0] - scored[1][0] >= _RESTORE_MARGIN
        decided.append((x, bytes((scored[0][1],)) if certain else b""))
    for x, b in decided:
        pieces[x] = b
        if memo is not None:
            memo[(k + x, read)] = b


def _stretches_by_full_decoding(pieces: list[bytes], x: int, cands: tuple[int, ...], left: str, right: str) -> list[str]:
    """For each candidate byte at ``pieces[x]``, the stretch of the whole span's reading (in context)
    where the readings differ, with one character of context on each side (sets ``pieces[x]``)."""
    fulls = []
    for c in cands:
        pieces[x] = bytes((c,))
        fulls.append(left + _decode_with_holes(pieces, "utf-8") + right)
    n = min(map(len, fulls))
    lo_f, hi_f = min(fulls), max(fulls)
    p = 0
    while p < n and lo_f[p] == hi_f[p]:  # the common prefix of all is that of the min and max
        p += 1
    rev = [f[::-1] for f in fulls]
    lo_r, hi_r = min(rev), max(rev)
    q = 0
    while q < n - p and lo_r[q] == hi_r[q]:
        q += 1
    a = max(0, p - 1)
    return [f[a : len(f) - q + 1] for f in fulls]


def _local_stretches(pieces: list[bytes], x: int, cands: tuple[int, ...], left: str, right: str) -> list[str] | None:
    """The stretches of :func:`_resolve_inner_losses` for a span without holes, decoding only the
    bytes around piece ``x``; None where the stretch could reach past them (then the whole span is
    decoded for every candidate).

    A byte outside 0x80-0xBF is never inside a UTF-8 sequence that began before it (nor in the
    maximal invalid part the decoder replaces), so the decoder starts afresh there: the nearest
    pieces before and after ``x`` that begin with such a byte split the decoding into a head and a
    tail that every candidate shares."""
    u = x - 1
    while u >= 0 and 0x80 <= pieces[u][0] <= 0xBF:
        u -= 1
    u = max(u, 0)
    v = x + 1
    n = len(pieces)
    while v < n and 0x80 <= pieces[v][0] <= 0xBF:
        v += 1
    before = b"".join(pieces[u:x])
    after = b"".join(pieces[x + 1 : v])
    locs = [(before + bytes((c,)) + after).decode("utf-8", errors="replace") for c in cands]
    lo_s, hi_s = min(locs), max(locs)
    short = min(map(len, locs))
    cp = 0
    while cp < short and lo_s[cp] == hi_s[cp]:
        cp += 1
    if cp >= short:
        return None  # one reading is a prefix of another: the common prefix may go on past them
    rev = [t[::-1] for t in locs]
    lo_r, hi_r = min(rev), max(rev)
    cs = 0
    while cs < short - cp and lo_r[cs] == hi_r[cs]:
        cs += 1
    pre = ""
    if cp == 0:
        head = left + b"".join(pieces[:u]).decode("utf-8", errors="replace")
        pre = head[-1:]
    post = ""
    if cs == 0:
        post = (b"".join(pieces[v:]).decode("utf-8", errors="replace") + right)[:1]
    a = max(cp - 1, 0)
    return [pre + t[a : len(t) - cs + 1] + post for t in locs]


#: (the text ENC002 is looking at, the bytes decided for its lost positions): the alternatives of a span
#: start a character or two later and meet the same U+FFFD again.  Replaced whole for each text, so a
#: caller holding it always holds the decisions of its own text (threads included).
_LOSS_STATE: list[tuple[str | None, dict[tuple[int, str], bytes]]] = [(None, {})]


def _total_lp(text: str) -> float:
    """Total log-probability of ``text`` (whitespace skipped): :func:`_score` times the length."""
    t = _WS_RE.sub("", text) if _WS_RE.search(text) else text
    return _score(t) * len(t)


def _total_lps(texts: list[str]) -> list[float]:
    """``[_total_lp(t) for t in texts]``, the bigram terms of all the texts looked up in one C loop
    (each total summed in the same order as :func:`_score`, so the same value bit for bit)."""
    if any(map(_WS_RE.search, texts)):
        return [_total_lp(t) for t in texts]
    lps = list(map(_LOSS_PAIRS.__getitem__, map(operator.add, "".join(t[:-1] for t in texts), "".join(t[1:] for t in texts))))
    add = operator.add
    out = []
    o = 0
    for t in texts:
        n = len(t)
        if not n:
            out.append(0.0)
            continue
        out.append(functools.reduce(add, lps[o : o + n - 1], _clp(t[0])) / n * n)
        o += n - 1
    return out


class _LossPairs(dict):
    """pair -> :func:`_bigram_lp`, for the readings of lost bytes' candidates: mostly junk pairs, kept
    here rather than in the pair table (they would crowd it).  Bounded: past
    :data:`_LOSS_PAIRS_MAX` entries it starts afresh (the values are the model's: only time is lost)."""

    __slots__ = ()

    def __missing__(self, key: str) -> float:
        if not _SEEN:
            _load_tables()
        v = _BLP.get(key)
        if v is None:
            v = _unseen_pair_lp(key)
        if len(self) >= _LOSS_PAIRS_MAX:
            self.clear()
        self[key] = v
        return v


_LOSS_PAIRS: dict[str, float] = _LossPairs()
_LOSS_PAIRS_MAX = 50_000


@functools.lru_cache(maxsize=None)
def _incdec(codec: str):
    return codecs.getincrementaldecoder(codec)


@functools.lru_cache(maxsize=1 << 16)
def _fresh_fails(b: bytes, codec: str) -> bool:
    """Can no ``codec`` text start with these bytes (a fresh strict decoder refuses them)?"""
    try:
        _incdec(codec)(errors="strict").decode(b)
    except UnicodeDecodeError:
        return True
    return False


@functools.lru_cache(maxsize=1)
def _bmp_chars() -> str:
    """Every character from U+0080 to U+FFFF but the surrogates, in order (128 KB, kept for each codec's
    stream-start class and the fast path), decoded from their code points' UTF-32: a join of 65,000
    ``chr()`` calls takes three times longer."""
    import array

    codes = array.array("I", [*range(0x80, 0xD800), *range(0xE000, 0x10000)])
    return codes.tobytes().decode(f"utf-32-{sys.byteorder[0]}e")


@functools.lru_cache(maxsize=None)
def _stream_start_re(read: str, true: str) -> re.Pattern[str]:
    """Characters a ``true`` stream read as ``read`` can start at (a superset: every character beyond
    the BMP is let through and checked one by one)."""
    body = (_shipped_stream_starts() or {}).get(f"{read}\t{true}")
    if body is None:
        body = class_body(_stream_start_chars(read, true))
    return recache.compile(f"[{body}\U00010000-\U0010ffff]")


@functools.lru_cache(maxsize=1)
def _shipped_stream_starts() -> dict[str, str] | None:
    """``"read<TAB>true" -> class_body(_stream_start_chars(read, true))`` of the packaged CJK stream chains
    (``encoding/stream_starts.txt``; None on a Python it was not written with): computing one takes
    15-40 ms (a test checks the copy)."""
    return _codec_table("encoding/stream_starts.txt")


def _stream_start_chars(read: str, true: str) -> list[str]:
    """The characters of the basic plane (U+0080 up) that a ``true`` stream read as ``read`` can start at."""
    if read == "latin":
        # the characters _latin_byte maps (the cp1252 ones lie above U+00FF)
        chars = "".join(map(chr, range(0x80, 0x100))) + "".join(_CP1252_SPECIAL_CHARS)
        encoded = [bytes((_latin_byte(ch),)) for ch in chars]
    else:
        # every character's bytes in one call (0.1 s less per chain than one call each, built once per
        # process): a line break never occurs inside a multi-byte character, each character stands
        # alone between them, and an unencodable one becomes "?" (one ASCII byte: never a start)
        chars = _bmp_chars().replace(REPLACEMENT, "")
        encoded = "\n".join(chars).encode(read, "replace").split(b"\n")
    if codecs.lookup(true).name == "utf-8":
        # what a fresh incremental UTF-8 decoder does with these bytes, without building one each or
        # raising: an error escapes the bytes to lone surrogates, which valid UTF-8 never decodes to
        def refused(b: bytes) -> bool:
            return _SURROGATE_RE.search(codecs.utf_8_decode(b, "surrogateescape", False)[0]) is not None
    else:
        dec = _incdec(true)

        def refused(b: bytes) -> bool:
            try:
                dec(errors="strict").decode(b)
            except UnicodeDecodeError:
                return True
            return False

    # a fresh decoder that refuses a first byte refuses whatever follows it: each first byte is asked
    # once, and only the sequences whose first byte passes are decoded whole (a sixth of them for GBK)
    first_ok = {x for x in range(0x100) if not refused(bytes((x,)))}
    return [ch for ch, b in zip(chars, encoded) if b[0] in first_ok and (b[0] >= 0x80 if len(b) == 1 else not refused(b))]


def _stream_candidates(text: str, i: int, j: int, read: str, true: str) -> Iterator[list[tuple[int, int, str]]]:
    """Maximal sub-spans of text[i:j] whose bytes under ``read`` decode as ``true`` (greedy, linear-ish).

    Each yield is a group of alternatives for one span: the maximal one and the
    same span ending at up to five earlier character boundaries (the bytes of
    clean characters after the damage can happen to continue a valid sequence).
    """
    k = i
    start_search = _stream_start_re(read, true).search
    enc = _enc_table(read)
    while k < j:
        found = start_search(text, k, j)
        if found is None:
            return
        k = found.start()
        b = _enc_char(text[k], read)
        if b is None or (len(b) == 1 and b[0] < 0x80) or text[k] == REPLACEMENT or _fresh_fails(b, true):
            k += 1
            continue
        clean_ends: list[int] = []
        m = k
        lossy = 0
        # UTF-8 read as a double-byte codec: the only stream whose holes (U+FFFD) are handled
        lossy_tail = true == "utf-8" and read != "latin"
        if true == "utf-8":
            m, lossy, pending = _utf8_stream(text, k, j, read, clean_ends)
            tail = None
            if lossy_tail and pending and (m >= len(text) or text[m].isascii()) and m - (clean_ends[-1] if clean_ends else k) <= 2:
                tail = m
            dec = None
        else:
            dec = _incdec(true)(errors="strict")
        while dec is not None and m < j and m - k < _MAX_SPAN:
            b = enc[text[m]]  # _piece: no U+FFFD is 0x80 outside UTF-8
            if b is None:
                break
            if b == b"":
                lossy += 1
                if lossy > max(2, (m - k) // 4):
                    break
                # a lost byte: the decoder state is unknown from here, start it afresh
                dec = _incdec(true)(errors="strict")
                m += 1
                clean_ends.append(m)
                continue
            try:
                dec.decode(b)
            except UnicodeDecodeError:
                break
            m += 1
            if dec.getstate()[0] == b"":
                clean_ends.append(m)
        # the decoder holds the first bytes of a character when the run stops at a line end or ASCII:
        # that character's last byte was lost (a truncated field); the span may end with it, as a hole
        if dec is not None:
            tail = None
            if lossy_tail and dec.getstate()[0] and (m >= len(text) or text[m].isascii()) and m - (clean_ends[-1] if clean_ends else k) <= 2:
                tail = m
        if clean_ends or tail is not None:
            group = []
            ends = sorted(set(clean_ends[-6:]), reverse=True)
            if tail is not None:
                ends.insert(0, tail)
            # _piece of each character: the table's bytes, a U+FFFD inside UTF-8 read as GBK/Big5 0x80
            base = [p or b"" for p in map(enc.__getitem__, text[k : ends[0]])]
            if lossy_tail:
                x = text.find(REPLACEMENT, k, ends[0])
                while x != -1:
                    base[x - k] = _piece(text, x, read, true) or b""
                    x = text.find(REPLACEMENT, x + 1, ends[0])
            if lossy_tail and REPLACEMENT in text[k : ends[0]]:
                _resolve_inner_losses(text, k, ends[0], base, read)
            for end in ends:
                pieces = base[: end - k]
                if lossy_tail and text[end - 1] == REPLACEMENT:
                    # a U+FFFD that ends the span is 0x80 only if the run went on after it; here it may
                    # as well be a lead byte left alone at the end of a field: its character is lost
                    pieces[-1] = b""
                if end == tail:
                    pieces.append(b"")
                group.append((k, end, _decode_with_holes(pieces, true)))
            yield group
            k = ends[0] if tail is not None else clean_ends[-1]
        else:
            k += 1


#: the longest span re-decoded as one piece
_MAX_SPAN = 5000


def _utf8_stream(text: str, k: int, j: int, read: str, clean_ends: list[int]) -> tuple[int, int, bytes]:
    """The loop of :func:`_stream_candidates` for a UTF-8 stream, with the incremental decoder's
    buffer kept here (what ``codecs``' buffered UTF-8 decoder does, without its method calls):
    returns where the span stops, the holes met and the bytes still pending; appends every
    character boundary to ``clean_ends``."""
    enc = _enc_table(read)
    utf8 = codecs.utf_8_decode
    holes_are_80 = read != "latin"
    pending = b""
    m = k
    lossy = 0
    n = len(text)
    while m < j and m - k < _MAX_SPAN:
        ch = text[m]
        if ch == REPLACEMENT and holes_are_80:
            # see _piece: inside a run, U+FFFD is the byte 0x80; before ASCII or the end, a hole
            b = b"\x80" if m + 1 < n and not text[m + 1].isascii() else b""
        else:
            b = enc[ch]
        if b is None:
            break
        if b == b"":
            lossy += 1
            if lossy > max(2, (m - k) // 4):
                break
            # a lost byte: the decoder state is unknown from here, start it afresh
            pending = b""
            m += 1
            clean_ends.append(m)
            continue
        data = pending + b
        try:
            _out, used = utf8(data, "strict", False)
        except UnicodeDecodeError:
            break
        pending = data[used:]
        m += 1
        if not pending:
            clean_ends.append(m)
    return m, lossy, pending


def _cjk_like(ch: str) -> bool:
    o = ord(ch)
    return (
        _is_hanzi_like(ch)
        or 0x3000 <= o <= 0x303F
        or 0xFF01 <= o <= 0xFF5E
        or 0x2460 <= o <= 0x24FF  # ① ⑴ ⒈
        or 0x2160 <= o <= 0x217F  # Ⅰ Ⅱ
        or 0x3220 <= o <= 0x324F  # ㈠
        or o in (0x201C, 0x201D, 0x2018, 0x2019, 0x2014, 0x2026, 0x00B7)
    )


@functools.lru_cache(maxsize=1)
def _utf8_gbk_re() -> re.Pattern[str]:
    """Characters GBK makes of a UTF-8 lead byte E3–E9/EF and a continuation byte 80–BF.

    In UTF-8 read as GBK every second CJK character starts on a pair boundary, so a
    run of two or more shows one of these; clean prose rarely does (38 of 6,011
    report paragraphs, each then checked and left alone).
    """
    chars = set()
    for lead in (*range(0xE3, 0xEA), 0xEF):
        for trail in range(0x80, 0xC0):
            try:
                ch = bytes((lead, trail)).decode("gb18030")
            except UnicodeDecodeError:
                continue
            if len(ch) == 1:
                chars.add(ch)
    return recache.compile("[" + "".join(re.escape(c) for c in sorted(chars)) + "]")


def _cjk_triggers(text: str) -> list[int]:
    """Positions of ENC002 triggers (the rule asks twice for the same text)."""
    return _remembered(_CJK_TRIGGERS_LAST, text, _find_cjk_triggers)


_CJK_TRIGGERS_LAST: list = [(None, ())]


def _find_cjk_triggers(text: str) -> list[int]:
    pos = _suspects(text)
    # two within a few characters: UTF-8 read as GBK shows one every second or third character,
    # traditional prose uses a few of these characters (鋼, 鎮) but not packed together.  The family
    # gate matches the first of any two within four (and every one that is a trigger of its own): when
    # it met none, there are none to pair
    if not _gate_met_none(text, _utf8_gbk_re()):
        u = [m.start() for m in _utf8_gbk_re().finditer(text)]
        pos.extend(a for a, b in zip(u, u[1:]) if b - a <= 4)
        pos.sort()
    return pos


#: real CJK punctuation never occurs inside wrong-codec damage (it is re-read too): a safe window edge,
#: as is a line end
_CLAUSE_MARKS = "\u3001\u3002\uff0c\uff1b\uff1a\uff01\uff1f"
_CLAUSE_END_RE = recache.compile(f"[\n{_CLAUSE_MARKS}]")
_WINDOW = 300


def _window(text: str, t: int) -> tuple[int, int]:
    """The clause around position t: up to the nearest CJK punctuation or line end (at most 300 characters)."""
    lo = text.rfind("\n", 0, t) + 1
    hi = text.find("\n", t + 1)
    hi = len(text) if hi == -1 else hi
    a = max(lo, t - _WINDOW)
    # the last clause end before t: a backward search per mark (no line break lies between a and t)
    lo = max(a, 1 + max(map(text.rfind, _CLAUSE_MARKS, itertools.repeat(a), itertools.repeat(t))))
    m = _CLAUSE_END_RE.search(text, t + 1, min(hi, t + _WINDOW))
    hi = m.start() if m else min(hi, t + _WINDOW)
    return lo, hi


#: skip the windows whose only triggers are U+FFFD marks.  Such marks are what ENC003's repairs and
#: ENC004's reports leave behind, in clauses with no other suspect character; wrong-codec damage around a
#: lost byte shows its rare characters next to the mark, and they are triggers of their own.  Measured,
#: not proved: on 7,000 generated damaged paragraphs (wrong codecs, lossy UTF-8, frame shifts repaired
#: by ENC003) such windows never gave a candidate; the test-suite compares with and without the skip
_SKIP_MARK_ONLY_WINDOWS = True

#: what the last call found per window (see :data:`_FS_PREV`)
_WINDOW_PREV: dict[tuple[str, int, int, float], tuple[tuple[float, int, int, str, str], ...]] = {}


def _cross_edits(text: str, min_gain: float) -> list[Edit]:
    """Candidate repairs of wrong-codec spans; the best non-overlapping ones that pass the margin."""
    cands: list[tuple[float, int, int, str, str]] = []
    # clauses holding a trigger; neighbours separated by one punctuation mark merge (damage can
    # contain a character that reads as CJK punctuation: Big5 bytes read as GBK give 。 and 、)
    windows: list[list[int]] = []
    triggers = _cjk_triggers(text)
    _RUN_LPS.clear()
    _LOSS_STATE[0] = (text, {})
    # with each window, whether a trigger in it is more than a lost-character mark (see below)
    for t in triggers:
        real = text[t] != REPLACEMENT
        if windows and t < windows[-1][1]:
            windows[-1][2] = windows[-1][2] or real
            continue
        lo, hi = _window(text, t)
        if windows and lo <= windows[-1][1] + 1 and text[windows[-1][1] : lo].strip(_CLAUSE_MARKS) == "":
            windows[-1][1] = max(windows[-1][1], hi)
            windows[-1][2] = windows[-1][2] or real
        else:
            windows.append([lo, hi, real])
    global _WINDOW_PREV
    prev = _WINDOW_PREV
    cur: dict[tuple[str, int, int, float], tuple[tuple[float, int, int, str, str], ...]] = {}
    for lo, hi, real in windows:
        if not real and _SKIP_MARK_ONLY_WINDOWS:
            continue
        key = _memo_key(text, lo, hi, min_gain) if hi - lo <= _MEMO_MAX else None
        rel = prev.get(key) if key is not None else None
        if rel is None:
            _AS_WRITTEN[0] = (text, max(0, lo - 2), min(len(text), hi + 2), None)
            rel = tuple((g, a - lo, b - lo, new, name) for g, a, b, new, name in _window_candidates(text, lo, hi, min_gain, triggers))
            _AS_WRITTEN[0] = (None, 0, 0, None)
        if key is not None:
            cur[key] = rel
        cands.extend((g, a + lo, b + lo, new, name) for g, a, b, new, name in rel)
    _WINDOW_PREV = cur
    # Latin-1/cp1252 mojibake of GBK/Big5 (its characters are seen Latin letters, not suspects); what
    # a line's runs give depends on the line alone (with a few characters of context), remembered
    # from the last call like the windows.  The candidates keep their order: every line's best
    # readings, then the short readings of every line
    by_line: dict[int, list[tuple[int, int]]] = {}
    for ra, rb in _latin_runs(text):
        by_line.setdefault(text.rfind("\n", 0, ra) + 1, []).append((ra, rb))
    global _LATIN_PREV
    prev_l = _LATIN_PREV
    cur_l: dict[tuple[str, int, int, float], tuple[tuple, tuple]] = {}
    shorts: list[tuple[float, int, int, str, str]] = []
    for lo, runs in by_line.items():
        hi = text.find("\n", lo)
        hi = len(text) if hi == -1 else hi
        key = _memo_key(text, lo, hi, min_gain) if hi - lo <= _MEMO_MAX else None
        rel_l = prev_l.get(key) if key is not None else None
        if rel_l is None:
            bests, line_shorts = _latin_line_candidates(text, runs, min_gain)
            rel_l = (
                tuple((g, a - lo, b - lo, new, name) for g, a, b, new, name in bests),
                tuple((g, a - lo, b - lo, new, name) for g, a, b, new, name in line_shorts),
            )
        if key is not None:
            cur_l[key] = rel_l
        cands.extend((g, a + lo, b + lo, new, name) for g, a, b, new, name in rel_l[0])
        shorts.extend((g, a + lo, b + lo, new, name) for g, a, b, new, name in rel_l[1])
    _LATIN_PREV = cur_l
    cands.extend(shorts)
    if not cands:
        return []
    cands.sort(key=lambda c: -c[0])
    taken: list[tuple[int, int]] = []
    out: list[Edit] = []
    for gain, a, b, new, name in cands:
        if any(a < y and x < b for x, y in taken):
            continue
        taken.append((a, b))
        lost = new.count(REPLACEMENT)
        reason = f"{name}: re-decoded the span's bytes"
        if lost > 0:
            reason += f"; {lost} character(s) whose bytes were partly lost, marked U+FFFD (not guessed)"
        out.append(Edit(a, b, text[a:b], new, reason, (("findings", f"mojibake:{name}"),)))
    out.sort(key=lambda e: e.start)
    return out


#: what the last call found per line with Latin-1 runs (see :data:`_FS_PREV`)
_LATIN_PREV: dict[tuple[str, int, int, float], tuple[tuple, tuple]] = {}


def _latin_line_candidates(text: str, runs: list[tuple[int, int]], min_gain: float) -> tuple[list, list]:
    """The best reading of each Latin-1/cp1252 span of one line's runs, and the short readings the
    line confirms (see :func:`_cross_edits`)."""
    bests: list[tuple[float, int, int, str, str]] = []
    confirmed: set[str] = set()
    short: list[tuple[tuple[int, int, str], str]] = []
    for ra, rb in runs:
        _AS_WRITTEN[0] = (text, max(0, ra - 2), min(len(text), rb + 2), None)
        for read_name, read, true in _latin_stream_chains():
            for group in _stream_candidates(text, ra, rb, read, true):
                best = None
                a0, b0 = group[0][0], group[0][1]
                # a real “ ” ‘ ’ or — before the damage is also cp1252: try starting after it
                if text[a0] in _CP1252_SPECIAL and b0 - a0 > 2:
                    group = group + list(next(iter(_stream_candidates(text, a0 + 1, b0, read, true)), []))
                for a, b, new in group:
                    c = _judge(text, a, b, new, read_name, min_gain, best[0] if best else None)
                    if c and (best is None or c[0] > best[0]):
                        best = c
                if best:
                    bests.append(best)
                    confirmed.add(read_name)
                elif len(group[0][2]) <= 3 and all(_cjk_like(ch) for ch in group[0][2]):
                    short.append((group[0], read_name))
    _AS_WRITTEN[0] = (None, 0, 0, None)
    # a short reading (④, －) on a line whose other Latin runs are confirmed mojibake of the same codec:
    # the line is evidence enough, as long as the reading is more plausible at all
    shorts = []
    for (a, b, new), read_name in short:
        if read_name in confirmed:
            ok, gain, _ = _gain_ok(text[a:b], new, text[max(0, a - 2) : a], text[b : b + 2], 0.0)
            if gain > 0:
                shorts.append((gain, a, b, new, read_name))
    return bests, shorts


@functools.lru_cache(maxsize=1)
def _all_chains() -> tuple[tuple[str, str, str], ...]:
    return load_chains()["stream"] + load_chains()["aligned"]


class _Unencodable(Exception):
    pass


def _encode_whole(s: str, codec: str) -> bytes | None:
    """``b"".join(_enc_char(c, codec) for c in s)`` in one call where that is the same thing, else None.

    Raises :class:`_Unencodable` when a character has no bytes in ``codec``.  Not for the Latin
    reading, U+FFFD (a hole), or the HKSCS combining pairs (Big5-HKSCS encodes those two characters
    as one code)."""
    if codec == "latin" or REPLACEMENT in s or (codec == "big5hkscs" and ("\u0304" in s or "\u030c" in s)):
        return None
    try:
        return s.encode(codec)
    except UnicodeEncodeError:
        raise _Unencodable from None


def _looks_damaged(s: str) -> bool:
    return bool(_suspect_re().search(s) or _LATIN_TRIGGER_RE.search(s) or _utf8_gbk_re().search(s) or _DAMAGE_SYMBOL_RE.search(s))


#: the characters :func:`_is_hanzi_like`, :func:`_cjk_like` and :func:`_is_damage_symbol` accept, as
#: regex classes (long readings are checked in one C scan)
_HANZI_LIKE_RE = recache.compile("[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0010ffff]")
_ALL_CJK_LIKE_RE = recache.compile(
    "[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0010ffff\u3000-\u303f\uff01-\uff5e\u2460-\u24ff\u2160-\u217f"
    "\u3220-\u324f\u201c\u201d\u2018\u2019\u2014\u2026\u00b7]+"
)
_DAMAGE_SYMBOL_RE = recache.compile("[\ue000-\uf8ff\u3040-\u30ff\u3100-\u312f\ufe30-\ufe6f\u2460-\u24ff\u3220-\u33ff\u0391-\u0451\u2500-\u257f]")


#: the stretch of text ENC002/ENC003 is looking at (text, lo, hi) and the bigram terms of text[lo:hi]
#: as written (looked up on first use): the text as written around every candidate is scored from
#: them.  One tuple, replaced whole, so that it always describes itself (checked by identity and range)
_AS_WRITTEN: list = [(None, 0, 0, None)]


def _span_chain(text: str, x: int, y: int) -> list[float]:
    """``_lp_chain(text[x:y])``; inside the stretch of :data:`_AS_WRITTEN`, from its terms."""
    t, lo, hi, lps = _AS_WRITTEN[0]
    if t is text and lo <= x < y <= hi and REPLACEMENT not in text[x:y]:
        if lps is None:
            lps = _bigram_lps(text[lo:hi])
            _AS_WRITTEN[0] = (t, lo, hi, lps)
        out = lps[x - lo : y - lo - 1]
        out.insert(0, _clp(text[x]))
        return out
    return _lp_chain(text[x:y])


def _span_score(text: str, x: int, y: int) -> float:
    """``_score(text[x:y])``; inside the stretch of :data:`_AS_WRITTEN`, summed from its terms (the
    same terms in the same order, so the same value bit for bit)."""
    t, lo, hi, lps = _AS_WRITTEN[0]
    if t is text and lo <= x < y <= hi and not _WS_RE.search(text, x, y):
        if lps is None:
            lps = _bigram_lps(text[lo:hi])
            _AS_WRITTEN[0] = (t, lo, hi, lps)
        return functools.reduce(operator.add, lps[x - lo : y - lo - 1], _clp(text[x])) / (y - x)
    return _score(text[x:y])


def _ub_mean(s: str) -> float:
    """An upper bound of :func:`_score` (``s``): every bigram at its best incoming value."""
    if _WS_RE.search(s):
        s = _WS_RE.sub("", s)
    if not s:
        return 0.0
    return (_clp(s[0]) + sum(map(_MAXIN.__getitem__, s[1:]))) / len(s)


#: a character with no Latin-1/cp1252 byte (U+FFFD is a hole there, not a failure)
_NOT_LATIN_RE = recache.compile("[^\x00-\xff\ufffd" + "".join(_CP1252_SPECIAL_CHARS) + "]")


def _second_readings(new: str, name: str) -> tuple[tuple[str, str], ...]:
    """(second chain's name, reading) for every chain that re-reads ``new`` into something else."""
    return _second_readings_of(new, name.startswith(("GBK read as Latin", "Big5 read as Latin")))


@functools.lru_cache(maxsize=4096)
def _second_readings_of(new: str, after_latin: bool) -> tuple[tuple[str, str], ...]:
    """:func:`_second_readings` (a pure function of the reading; bounded cache: the same readings come
    back in the pipeline's later passes)."""
    out = []
    latin_ok = _NOT_LATIN_RE.search(new) is None
    for name2, read2, true2 in _all_chains():
        if after_latin and true2 == "utf-8":
            continue  # Latin-1 bytes that are UTF-8: single-byte mojibake, ftfy's (ENC001)
        if read2 == "latin" and not latin_ok:
            continue  # a character with no Latin byte: no reading
        try:
            whole = _encode_whole(new, read2)
            if whole is not None:
                new2 = whole.decode(true2)
            else:
                pieces = list(map(_enc_table(read2).__getitem__, new))
                if None in pieces:
                    continue
                new2 = _decode_with_holes(pieces, true2) if any(p == b"" for p in pieces) else b"".join(pieces).decode(true2)  # type: ignore[arg-type]
        except (UnicodeDecodeError, _Unencodable):
            continue
        if new2 == new:
            continue
        out.append((name2, new2))
    return tuple(out)


#: no text scores above this: every term is a log-probability, and empty text scores 0
_SCORE_CEILING = 0.0


def _judge(text: str, a: int, b: int, new: str, name: str, min_gain: float, beat: float | None = None) -> tuple[float, int, int, str, str] | None:
    """The candidate (gain × length, a, b, reading, chain name) for re-reading text[a:b] as ``new``
    (or a second wrong-codec step of it), or None.

    With ``beat`` (the best value among alternatives already judged), None also when the result
    cannot exceed ``beat``: every reading is first bounded (:func:`_ub_mean`), and only readings
    that can pass the margin are scored term by term."""
    old = text[a:b]
    if new == old:
        return None
    left, right = text[max(0, a - 2) : a], text[b : b + 2]
    s_old = None
    if beat is not None:
        s_old = _span_score(text, max(0, a - 2), b + len(right))
        if (max(_SCORE_CEILING - s_old, 1.0) + _BOUND_EPS) * max(1, len(old)) <= beat:
            # no reading gains more than that, nor is a lost span worth more than 1.0: the shorter
            # alternatives of a long span in hand go without building their readings
            return None
    # a second wrong-codec step: the first re-decoding may itself be mojibake; tried only where the
    # first reading still shows damage: a character real text never shows, a Latin-1 reading of a
    # lead byte, a UTF-8 pair read as GBK, kana/PUA/compatibility junk
    second = _looks_damaged(new)
    all_lost = bool(new) and not new.strip(REPLACEMENT)
    readings = [(name, new)]
    if second:
        readings.extend(_second_readings(new, name))
    if len(readings) == 1 and not all_lost and not _shape_ok(text, a, b, new, name):
        return None  # the only reading is no Chinese: nothing to score
    best_new, best_name = new, name
    bodies = [r.replace(REPLACEMENT, "") for _n, r in readings]
    if s_old is None:
        s_old = _span_score(text, max(0, a - 2), b + len(right))
    # a reading of only lost characters is judged by the rules below, not by its score: no bounds then
    bounded = all(bodies)
    if bounded:
        ubs = [_ub_mean(left + body + right) - s_old for body in bodies]
        top = max(ubs)
        if top < min_gain - _BOUND_EPS or (beat is not None and (top + _BOUND_EPS) * max(1, len(old)) <= beat):
            return None
        # a reading that cannot pass the margin is never taken: it is not scored
        hopeless = [ub < min_gain - _BOUND_EPS for ub in ubs]
    else:
        hopeless = [False] * len(bodies)
    if hopeless[0]:
        ok, gain = False, 0.0
    else:
        ok, gain, _ = _gain_ok(old, bodies[0], left, right, min_gain, s_old)
    for r, ((name2, new2), body2, skip) in enumerate(zip(readings[1:], bodies[1:], hopeless[1:]), 1):
        if skip or (ok and bounded and ubs[r] < gain + 0.5 - _BOUND_EPS):
            continue  # it cannot pass the margin, or cannot beat the reading in hand by 0.5
        ok2, gain2, _ = _gain_ok(old, body2, left, right, min_gain, s_old)
        if ok2 and (not ok or gain2 > gain + 0.5):
            ok, gain, best_new, best_name = ok2, gain2, new2, f"{name}, then {name2}"
    if best_new and set(best_new) == {REPLACEMENT} and REPLACEMENT in old:
        # nothing recovered, only a lost byte: the characters next to it are dropped only when each is
        # a UTF-8 lead-and-continuation pair read as GBK that real text never shows (`娑�` before `1.8%`)
        rest = old.replace(REPLACEMENT, "")
        if name != "UTF-8 read as GBK" or not rest or not all(_utf8_gbk_re().match(c) and _suspect_re().match(c) for c in rest):
            return None
        return 1.0 * len(old), a, b, best_new, name
    if best_new and set(best_new) == {REPLACEMENT} and true_is_utf8(name) and 2 * len(old) >= 3 * len(best_new):
        # 锟斤拷: the UTF-8 bytes of U+FFFD read as GBK; the characters were lost before
        return 1.0 * len(old), a, b, best_new, name
    if not ok or not _shape_ok(text, a, b, best_new, name):
        return None
    return gain * max(1, len(old)), a, b, best_new, best_name


def _shape_ok(text: str, a: int, b: int, new: str, name: str) -> bool:
    """What a reading must look like, whatever it scores: Chinese, and not one character in a Latin word."""
    han = _HANZI_LIKE_RE.findall(new)
    if not han and not (new and _ALL_CJK_LIKE_RE.fullmatch(new)):
        return False
    if len(han) < 2:
        if _latin_letter(text, a - 1) or _latin_letter(text, b):
            return False  # one character inside a Latin word: Müller, MÄ£ÄM are not mojibake
        if "Latin" in name and not any(_cjk_like(c) for c in text[max(0, a - 3) : a] + text[b : b + 3]):
            # one character with no Chinese around it: 5×£35 is a price.  Three Latin characters that
            # are one UTF-8 hanzi (`å’Œ` between figures) are evidence enough on a line of Chinese
            if not (true_is_utf8(name) and _line_has_hanzi(text, a, b)):
                return False
    return True


#: each character read the alternative way must earn this much (nats): ties stay as written
_ALT_PENALTY = 1.0


def _stretch_hopeless(cs: str, alts: list[str | None], cc: list[float], enter_cost: float, exit_cost: float, first_cost: float) -> bool:
    """Can no stretch read the alternative way beat the run as written?  Then the Viterbi keeps every
    character as written.

    Every bigram term of a stretch (into it, inside it, out of it) is at most the best incoming
    bigram of its second character (:data:`_MAXIN`); the terms outside a stretch are those of the
    text as written.  One pass (Kadane) finds the best stretch under that bound, with the switch
    costs and the per-character penalty the Viterbi charges.  Paths of several stretches gain at
    most the sum of their stretches' bounds, so when every stretch loses, all-as-written wins."""
    maxin = _MAXIN
    after = [None if a is None else maxin[a] for a in alts]
    return _bound_hopeless(cs, after, None if alts[0] is None else _clp(alts[0]), cc, enter_cost, exit_cost, first_cost)


def _bound_hopeless(cs: str, after: list[float | None], first_lp: float | None, cc: list[float], enter_cost: float, exit_cost: float, first_cost: float) -> bool:
    """The pass of :func:`_stretch_hopeless` over the bounds of the alternative readings: ``after[k]``
    bounds every bigram into position k's reading (None: no reading there), ``first_lp`` the
    unigram of the first one.  Higher bounds give a higher best stretch at every step (each step
    adds or takes a maximum), so bounds that hold for several chains at once prove all of them
    hopeless in one pass."""
    maxin = _MAXIN
    neg = -1e300
    eps = -_BOUND_EPS
    penalty = _ALT_PENALTY
    fresh = -enter_cost
    # the best bound of a stretch that holds the current position (still open)
    run = first_lp - _clp(cs[0]) - penalty - first_cost if first_lp is not None else neg
    # position k from 1 on: the term into it as written, its character, the bound into its reading
    for back, ch, m in zip(cc, cs[1:], after[1:]):
        if run > neg:
            # close the stretch before k: the bigram out of it, and the switch back
            if run + maxin[ch] - back - enter_cost > eps:
                return False
        if m is None:
            run = neg
            continue
        if run < fresh:
            run = fresh
        run += m - back - penalty
    return not (run > neg and run - exit_cost > eps)


class _AlignedBest(dict):
    """ch -> the best, over the aligned chains that read ch another way (:func:`_aligned_alt`), of
    that reading's best incoming bigram (:data:`_MAXIN`), or of its unigram (``first``); None where
    no chain reads ch another way.  One entry per character."""

    __slots__ = ("first",)

    def __init__(self, first: bool) -> None:
        super().__init__()
        self.first = first

    def __missing__(self, ch: str) -> float | None:
        v = None
        for _name, read, true in load_chains()["aligned"]:
            alt = _aligned_table(read, true)[ch]
            if alt is not None:
                x = _clp(alt) if self.first else _MAXIN[alt]
                if v is None or x > v:
                    v = x
        self[ch] = v
        return v


_ALIGNED_FIRST: dict[str, float | None] = _AlignedBest(True)
_ALIGNED_AFTER: dict[str, float | None] = _AlignedBest(False)


def _aligned_all_hopeless(run: str, cc: list[float], enter_cost: float, exit_cost: float, first_cost: float) -> bool:
    """:func:`_stretch_hopeless` for every aligned chain at once (with the lowest first cost among
    them): each character's bound is the best over the chains' readings of it."""
    return _bound_hopeless(run, list(map(_ALIGNED_AFTER.__getitem__, run)), _ALIGNED_FIRST[run[0]], cc, enter_cost, exit_cost, first_cost)


def _stretches_lose(cs: str, alts: list[str | None], cc: list[float], enter_cost: float, exit_cost: float, first_cost: float) -> bool:
    """:func:`_stretch_hopeless` with the exact bigram terms, for the runs its bounds leave open: does
    every stretch read the alternative way lose against the run as written?  Then so does every
    path of several stretches (their gains add up), and the Viterbi keeps every character as
    written.  One pass (Kadane again) over the terms the Viterbi would look up.

    A stretch that wins exactly wins under its bound too, so the exact terms are looked up only at
    the positions some stretch that may win under the bound holds (mostly a few around the damage;
    the readings' pairs elsewhere are junk the pair table would have to keep): the best bound of a
    stretch holding position k is that of the best one open at k (forward, as in
    :func:`_stretch_hopeless`) plus that of the best way on from k to its end (backward)."""
    n = len(cs)
    neg = -1e300
    eps = -_BOUND_EPS
    penalty = _ALT_PENALTY
    maxin = _MAXIN
    blp = _blp
    if not _SEEN:
        _load_tables()
    # the bound of the best way on from a stretch open at k: close it before k + 1 (the bigram out of
    # it, the switch back), or go on over k + 1
    on = [neg] * n
    best = -exit_cost
    on[n - 1] = best
    for k in range(n - 1, 0, -1):
        back = cc[k - 1]
        close = maxin[cs[k]] - back - enter_cost
        a = alts[k]
        if a is not None:
            go = maxin[a] - back - penalty + best
            best = go if go > close else close
        else:
            best = close
        on[k - 1] = best
    a0 = alts[0]
    bound = run = _clp(a0) - _clp(cs[0]) - penalty - first_cost if a0 is not None else neg
    if run > neg and not run + on[0] > eps:
        run = neg
    for k in range(1, n):
        back = cc[k - 1]
        if run > neg:
            if run + blp(alts[k - 1] + cs[k]) - back - enter_cost > eps:  # type: ignore[operator]
                return False
        a = alts[k]
        if a is None:
            bound = run = neg
            continue
        if bound < -enter_cost:
            bound = -enter_cost
        bound += maxin[a] - back - penalty
        if not bound + on[k] > eps:
            run = neg  # no stretch holding k can win: its terms are not needed
            continue
        v = run + blp(alts[k - 1] + a) - back - penalty if run > neg else neg  # type: ignore[operator]
        enter = blp(cs[k - 1] + a) - back - enter_cost - penalty
        run = v if v > enter else enter
    return not (run > neg and run - exit_cost > eps)


def _viterbi(chars: list[str], alts: list[str | None], enter_cost: float, exit_cost: float = 0.0, first_cost: float | None = None, cc: list[float] | None = None) -> list[int]:
    """Two-state path (0 = as written, 1 = alternative reading) maximizing bigram log-probability.

    Switching state costs ``enter_cost`` (a codec switch mid-text is rare);
    positions without an alternative force state 0.  ``cc``, when given, holds the bigram terms of
    the text as written (``_bigram_lps("".join(chars))``).
    """
    n = len(chars)
    if not n:
        return []
    neg = -1e18
    half = neg / 2
    back0 = [0] * n
    back1 = [0] * n
    cs = "".join(chars)
    # "\x00" stands in where there is no alternative: those terms are never used (that state is -inf)
    al = "".join(a if a is not None else "\x00" for a in alts)
    # the four bigram terms at every position, looked up in C loops before the recursion
    if cc is None:
        cc = _pair_lps(cs[:-1], cs[1:])
    ac = _pair_lps(al[:-1], cs[1:])
    ca = _pair_lps(cs[:-1], al[1:])
    aa = _pair_lps(al[:-1], al[1:])
    s0 = _char_lp(chars[0])
    s1 = _char_lp(alts[0]) - ((enter_cost if first_cost is None else first_cost) + _ALT_PENALTY) if alts[0] is not None else neg
    for k in range(1, n):
        # state 0 (as written); nothing is lost at a switch of reading: the bigram spans it
        n0 = s0 + cc[k - 1]
        if s1 > half:
            v = s1 + ac[k - 1] - enter_cost
            if v > n0:
                n0 = v
                back0[k] = 1
        if alts[k] is None:
            n1 = neg
        else:
            best = s0 + ca[k - 1] - enter_cost
            if s1 > half:
                v = s1 + aa[k - 1]
                if v > best:
                    best = v
                    back1[k] = 1
            n1 = best - _ALT_PENALTY
        s0, s1 = n0, n1
    # where text goes on after the run, leaving the alternative reading there costs too
    s = 0 if s0 >= s1 - exit_cost else 1
    path = [0] * n
    for k in range(n - 1, -1, -1):
        path[k] = s
        s = back1[k] if s else back0[k]
    return path


def _line_has_hanzi(text: str, a: int, b: int) -> bool:
    lo = text.rfind("\n", 0, a) + 1
    hi = text.find("\n", b)
    hi = len(text) if hi == -1 else hi
    return _HAN_OR_PUA_RE.search(text[lo:a] + text[b:hi]) is not None


def _latin_letter(text: str, i: int) -> bool:
    if not 0 <= i < len(text):
        return False
    ch = text[i]
    return ch.isalpha() and not _is_hanzi_like(ch) and ord(ch) < 0x2E80


def true_is_utf8(name: str) -> bool:
    return name.startswith("UTF-8 read as")


def _window_candidates(text: str, lo: int, hi: int, min_gain: float, triggers: list[int] | None = None) -> list[tuple[float, int, int, str, str]]:
    """Candidate repairs inside one clause.  With ``triggers`` (the text's trigger positions), only the
    runs that hold a trigger are examined at the full switch cost; the others wait, like runs of only
    kana or PUA, for a chain confirmed in the clause."""
    out = []
    confirmed: set[tuple[str, str, str]] = set()
    pending: list[tuple[int, int]] = []
    carried: dict[tuple[str, str, str], int | None] = {}
    # stream chains over runs of non-ASCII characters
    i = lo
    while i < hi:
        # a run: from a non-ASCII character to whitespace or ASCII outside the trail range
        found = _RUN_START_RE.search(text, i, hi)
        if found is None:
            break
        i = found.start()
        end = _RUN_END_RE.search(text, i, hi)
        j = hi if end is None else end.start()
        if triggers is not None:
            t = bisect.bisect_left(triggers, i)
            if not (t < len(triggers) and triggers[t] < j):
                # no trigger in this run: wrong-codec damage shows one (a character real text never
                # shows, or UTF-8 pairs read as GBK); a chain confirmed next to it may still reach it
                if any(_is_hanzi_like(c) or _is_damage_symbol(c) for c in text[i:j]):
                    pending.append((i, j))
                i = max(j, i + 1)
                continue
        for name, read, true in _cjk_stream_chains():
            for group in _stream_candidates(text, i, j, read, true):
                # false starts and ends: the first or last characters may be clean text next to the damage
                best = None
                a0, b0 = group[0][0], group[0][1]
                alts = list(group)
                for skip in (1, 2):
                    if b0 - a0 - skip < 2:
                        break
                    if _suspect_re().match(text, a0 + skip - 1) or _utf8_gbk_re().match(text, a0 + skip - 1):
                        break  # the character to skip is itself damage: the span starts at it
                    sub = next(iter(_stream_candidates(text, a0 + skip, b0, read, true)), None)
                    if sub:
                        alts.extend(sub)
                for a2, b2, new2 in dict.fromkeys(alts):
                    c = _judge(text, a2, b2, new2, name, min_gain, best[0] if best else None)
                    if c and (best is None or c[0] > best[0]):
                        best = c
                if best:
                    out.append(best)
        # char-aligned chains: Viterbi per run (only runs that hold hanzi: never Latin/Cyrillic/Greek
        # words); runs of only kana/PUA/symbols wait for evidence of the same chain on the line
        run = text[i:j]
        if _HANZI_LIKE_RE.search(run) is not None:
            chains = load_chains()["aligned"]
            # ASCII bytes read the same in both codecs: a damaged stretch that reached the end of
            # the previous run goes on after the figures between them (`人口8.14货` for 8.14億)
            firsts = [0.0 if carried.get(chain) is not None and _ASCII_GAP_RE.fullmatch(text, carried[chain], i) else None for chain in chains]
            exit_cost = _exit_cost(text, j, _ALIGNED_COST)
            # the chains' bound in one pass: mostly no chain can have a stretch here
            none = _aligned_all_hopeless(run, _run_lps(run), _ALIGNED_COST, exit_cost, min(_ALIGNED_COST if f is None else f for f in firsts))
            for chain, first in zip(chains, firsts):
                found = [] if none else _aligned_candidates(text, i, j, chain, min_gain, first_cost=first)
                if found:
                    out.extend(found)
                    confirmed.add(chain)
                else:
                    pending.append((i, j))
                carried[chain] = j if any(c[2] == j for c in found) else None
        elif any(_is_damage_symbol(c) for c in run):
            pending.append((i, j))
        i = max(j, i + 1)
    # a chain confirmed in this clause makes short damaged stretches next to digits or clean text
    # (萬億 between 2.8 and 元) cheap to enter: look again at the other runs with a low switch cost
    for chain in confirmed:
        for a, b in dict.fromkeys(pending):
            found = _aligned_candidates(text, a, b, chain, min_gain, cost=3.0)
            if not found and b - a <= _SHORT_RUN:
                found = _short_aligned(text, a, b, chain)
            out.extend(found)
    return out


#: where a run of ENC002's clause starts (non-ASCII, no whitespace) and what ends it (whitespace, or
#: ASCII outside the trail-byte range 0x40-0x7E)
_RUN_START_RE = recache.compile(r"[^\x00-\x7f\s]")
_RUN_END_RE = recache.compile(r"[\s\x00-\x3f\x7f]")

#: what may stand between two runs of one damaged stretch: ASCII figures and signs, no space
_ASCII_GAP_RE = recache.compile("[\x21-\x7e]{1,12}")

#: Chinese punctuation a short damaged run may stand for
_CJK_MARKS = frozenset("，。、；：？！（）《》“”‘’…—％")

#: a run this short (between figures or ASCII, `8.14货，`) next to a confirmed stretch of the same
#: wrong-codec reading is repaired whenever its reading is more plausible in context at all
_SHORT_RUN = 2


def _short_aligned(text: str, a: int, b: int, chain: tuple[str, str, str]) -> list[tuple[float, int, int, str, str]]:
    """A short run read the other way as a whole, in a clause where the same chain is confirmed: the
    clause is the evidence (as for a short Latin-1 reading on a confirmed line)."""
    name, read, true = chain
    alts = [_aligned_alt(ch, read, true) for ch in text[a:b]]
    if any(x is None for x in alts):
        return []
    new = "".join(alts)  # type: ignore[arg-type]
    if all(_is_damage_symbol(c) for c in text[a:b]) and all(_is_hanzi_like(c) or c in _CJK_MARKS for c in new):
        # only damage symbols (bopomofo, kana, small forms: `62ㄛ00` for 62，00), and the same reading
        # repaired the clause around them: no real text is lost, whatever the model says of a mark
        return [(0.5 * (b - a), a, b, new, name)]
    if not all(_is_hanzi_like(c) for c in new):
        return []
    ok, gain, core = _gain_ok(text[a:b], new, text[max(0, a - 2) : a], text[b : b + 2], 0.0)
    if gain <= 0 or core < _FLOOR:
        return []
    return [(gain * (b - a), a, b, new, name)]


def _is_damage_symbol(ch: str) -> bool:
    """Private use, kana, bopomofo, small/compatibility forms: what a Big5<->GBK misreading is full of."""
    o = ord(ch)
    return 0xE000 <= o <= 0xF8FF or 0x3040 <= o <= 0x30FF or 0x3100 <= o <= 0x312F or 0xFE30 <= o <= 0xFE6F or 0x2460 <= o <= 0x24FF or 0x3220 <= o <= 0x33FF or 0x0391 <= o <= 0x0451 or 0x2500 <= o <= 0x257F


class _AlignedTable(dict):
    """ch -> :func:`_aligned_alt` (ch, read, true) for one chain (one entry per character)."""

    __slots__ = ("read", "true")

    def __init__(self, read: str, true: str) -> None:
        super().__init__()
        self.read, self.true = read, true

    def __missing__(self, ch: str) -> str | None:
        v = self[ch] = _aligned_alt(ch, self.read, self.true)
        return v


@functools.lru_cache(maxsize=None)
def _aligned_table(read: str, true: str) -> _AlignedTable:
    return _AlignedTable(read, true)


@functools.lru_cache(maxsize=1 << 16)
def _aligned_alt(ch: str, read: str, true: str) -> str | None:
    """The one character ``ch``'s two bytes under ``read`` make under ``true``, if different."""
    b = _enc_char(ch, read)
    alt = None
    if b and len(b) == 2:
        # no two bytes of these codecs stand for U+FFFD: it marks a failed decode (no exception)
        alt = b.decode(true, errors="replace")
        if REPLACEMENT in alt:
            alt = None
    return alt if alt is not None and len(alt) == 1 and alt != ch else None


#: the switch cost of an aligned chain's Viterbi (lower for a chain confirmed in the clause)
_ALIGNED_COST = 10.0


def _exit_cost(text: str, j: int, cost: float) -> float:
    """The switch back an aligned stretch reaching ``j`` pays: none where the line ends there."""
    return cost if j < len(text) and text[j] not in "\r\n" else 0.0


def _run_lps(run: str) -> list[float]:
    """``_bigram_lps(run)``: the terms of the run as written are the same for every chain, looked up
    once per call."""
    cc = _RUN_LPS.get(run)
    if cc is None:
        cc = _bigram_lps(run)
        if len(_RUN_LPS) >= _RUN_LPS_MAX:
            _RUN_LPS.clear()
        _RUN_LPS[run] = cc
    return cc


def _aligned_candidates(
    text: str, i: int, j: int, chain: tuple[str, str, str], min_gain: float, cost: float = _ALIGNED_COST, first_cost: float | None = None
) -> list[tuple[float, int, int, str, str]]:
    name, read, true = chain
    run = text[i:j]
    alts: list[str | None] = list(map(_aligned_table(read, true).__getitem__, run))
    if not any(alts):
        return []
    exit_cost = _exit_cost(text, j, cost)
    cc = _run_lps(run)
    first = cost if first_cost is None else first_cost
    if _stretch_hopeless(run, alts, cc, cost, exit_cost, first) or _stretches_lose(run, alts, cc, cost, exit_cost, first):
        return []
    path = _viterbi(list(run), alts, enter_cost=cost, exit_cost=exit_cost, first_cost=first_cost, cc=cc)
    out = []
    k = 0
    while k < len(path):
        if path[k] == 0:
            k += 1
            continue
        e = k
        while e < len(path) and path[e] == 1:
            e += 1
        k0, e = _widen_stretch(text, i, run, alts, k, e)
        if e - k0 == 1 and _PUA_RE.match(run, k0):
            # one private-use character alone (an icon font's glyph, a footnote mark): any hanzi beats it
            # by the score, so the reading proves nothing; ENC005 reports it
            k = max(e, k + 1)
            continue
        new = "".join(alts[x] or "" for x in range(k0, e))
        c = _judge(text, i + k0, i + e, new, name, min_gain)
        if c:
            out.append(c)
        k = max(e, k + 1)
    return out


#: the bigram terms of runs as written, shared by the aligned chains (cleared per ENC002 call; bounded)
_RUN_LPS: dict[str, list[float]] = {}
_RUN_LPS_MAX = 512


#: what the alternative reading of a character next to a damaged stretch must gain (nats, in its
#: bigram context) to join the stretch: no switch cost is paid there, the stretch is already there
_EDGE_MARGIN = 2.0


def _widen_stretch(text: str, i: int, run: str, alts: list[str | None], k: int, e: int) -> tuple[int, int]:
    """Extend the damaged stretch run[k:e] by up to two characters on each side where the alternative
    reading reads better next to the repaired stretch: the Viterbi pays the switch cost at the
    stretch's edge, so a common character there (`確` for 復 before `耕`) is otherwise left."""
    for _ in range(2):
        if k == 0 or alts[k - 1] is None:
            break
        body = "".join(alts[x] or "" for x in range(k, min(e, k + 2)))
        left = text[max(0, i + k - 3) : i + k - 1]
        if _total_lp(left + alts[k - 1] + body) - _total_lp(left + run[k - 1] + body) < _EDGE_MARGIN:  # type: ignore[operator]
            break
        k -= 1
    for _ in range(2):
        if e >= len(run) or alts[e] is None:
            break
        body = "".join(alts[x] or "" for x in range(max(k, e - 2), e))
        right = text[i + e + 1 : i + e + 3]
        if _total_lp(body + alts[e] + right) - _total_lp(body + run[e] + right) < _EDGE_MARGIN:  # type: ignore[operator]
            break
        e += 1
    return k, e


def cjk_mojibake(text: str, policy) -> list[Edit]:
    """Re-decode spans that are Chinese text decoded with the wrong codec (UTF-8/GBK/Big5/Latin-1).

    ## What it does
    Finds spans that are the bytes of Chinese text read with the wrong codec —
    UTF-8 read as GBK (`鍦板湪`), GBK or Big5 read as Latin-1/cp1252 (`ÖÐÎÄ`),
    Big5 read as GBK, GBK read as Big5, UTF-8 read as Big5, and two such steps
    in a row — and re-decodes their bytes.  Candidate readings are scored with
    the character/bigram model of real Chinese; a span is replaced only when
    its reading is clearly more plausible, in context, than the text as it
    stands.  Bytes lost on the way (a U+FFFD in the mojibake, an odd byte at
    the end of a run) leave a U+FFFD for the character they belonged to.

    ## Why
    Pages pass through CMSs, databases and scrapers that disagree about the
    codec; ftfy repairs only single-byte mojibake and declines CJK by design.

    ## Example
    `鍦板湪` → `地在`;  `ÖÐÎÄ` → `中文`

    ## Safety
    Safe: every repair is the span's own bytes re-decoded, accepted only with a
    clear plausibility margin; clean text in either script scores far above
    any re-reading of it.
    """
    if not text or "ENC002" not in _codes_for(text):
        return []
    if not text:
        return []
    if not _cjk_triggers(text) and (_gate_met_none(text, _LATIN_TRIGGER_RE) or not _unannotated(_LATIN_TRIGGER_RE).search(text)):
        return []
    return _cross_edits(text, float(policy.option("encoding", "min_gain")))


# ---------------------------------------------------------------------------------------------
# ENC001 ftfy, CJK-safe
# ---------------------------------------------------------------------------------------------

#: characters that Latin-1/cp1252/MacRoman mojibake of UTF-8 is made of (the reading of UTF-8
#: lead bytes C2–F4, and cp1252/MacRoman specials); the common Chinese-text symbols · × ÷ ° ± § are not
_FTFY_TRIGGER_RE = recache.compile(
    # Latin-1 supplement and Latin Extended (cp1252/cp1250/latin-1/MacRoman readings), Greek, Cyrillic
    # (cp1251), Hebrew (cp1255), the cp125x specials and MacRoman symbols -- but not · × ÷ ° ± § ¨,
    # which Chinese text uses
    "[\u0080-\u00a6\u00a9-\u00af\u00b2-\u00b6\u00b8-\u00d6\u00d8-\u00f6\u00f8-\u024f"
    "\u02c6\u02c7\u02d8-\u02dd\u0370-\u03ff\u0400-\u04ff\u05b0-\u05ff"
    "\u201a\u201e\u2020\u2021\u2022\u2030\u2039\u203a\u20ac\u2116\u2122"
    "\u221a\u2211\u2202\u2248\u2260\u25ca\ufb01\ufb02]"
)


@functools.lru_cache(maxsize=1)
def _ftfy_config():
    from ftfy import TextFixerConfig

    # only the encoding fixes: nothing that folds “”, full-width forms, U+3000, line breaks or NFKC
    return TextFixerConfig(
        unescape_html=False,
        remove_terminal_escapes=False,
        fix_encoding=True,
        restore_byte_a0=True,
        replace_lossy_sequences=True,
        decode_inconsistent_utf8=True,
        fix_c1_controls=True,
        fix_latin_ligatures=False,
        fix_character_width=False,
        uncurl_quotes=False,
        fix_line_breaks=False,
        fix_surrogates=False,
        remove_control_chars=False,
        normalization=None,
        explain=False,
    )


def _line_spans(text: str, pattern: re.Pattern[str]) -> Iterator[tuple[int, int]]:
    """The lines (start, end without newline) that contain a match of ``pattern``."""
    pos = 0
    for m in pattern.finditer(text):
        if m.start() < pos:
            continue
        lo = text.rfind("\n", 0, m.start()) + 1
        hi = text.find("\n", m.end())
        hi = len(text) if hi == -1 else hi
        yield lo, hi
        pos = hi


def _diff_span(a: str, b: str) -> tuple[int, int, int]:
    """Common prefix length p and suffix length s of a and b: the change is a[p:len(a)-s].

    Both are found by bisection over slice comparisons (a line is compared in C a dozen times, not
    character by character in Python): a prefix or suffix that matches is matched by every shorter one."""
    n = min(len(a), len(b))
    lo, hi = 0, n
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if a[:mid] == b[:mid]:
            lo = mid
        else:
            hi = mid - 1
    p = lo
    lo, hi = 0, n - p
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if a[len(a) - mid :] == b[len(b) - mid :]:
            lo = mid
        else:
            hi = mid - 1
    return p, len(a) - lo, len(b) - lo


def ftfy_mojibake(text: str, policy) -> list[Edit]:
    """Fix Latin-1/cp1252/MacRoman mojibake with ftfy, in a configuration that cannot fold Chinese typography.

    ## What it does
    On lines holding characters typical of UTF-8 read as Latin-1, cp1252 or
    MacRoman (`Ã©`, `â€œ`, `ä¸­æ–‡`), runs `ftfy.fix_text` with only its
    encoding fixes switched on: no quote uncurling, no width folding, no NFKC,
    no line-break or control-character changes.

    ## Why
    ftfy is the reference for single-byte mojibake, but its defaults turn `“”`
    into `""` and full-width `，：；（）` and U+3000 into ASCII, damaging every
    correct Chinese page.

    ## Example
    `ä¸­æ–‡` → `中文`

    ## Safety
    Safe: lines without mojibake characters are never passed to ftfy, and the
    configuration has no fix that touches correct Chinese.
    """
    if not text or "ENC001" not in _codes_for(text):
        return []
    if not text or not _unannotated(_FTFY_TRIGGER_RE).search(text):
        return []  # (only pinyin annotation letters: see _unannotated)
    import ftfy

    cfg = _ftfy_config()
    edits: list[Edit] = []
    for lo, hi in _line_spans(text, _unannotated(_FTFY_TRIGGER_RE)):
        line = text[lo:hi]
        if len(line) > 100_000 or _has_surrogate(line):
            continue
        try:
            fixed = ftfy.fix_text(line, cfg)
        except Exception:  # ftfy must never cost the text
            continue
        if fixed == line:
            continue
        p, e_old, e_new = _diff_span(line, fixed)
        # widen to the whole Latin run the change sits in: ftfy may fix a piece of GBK-as-Latin-1 mojibake
        # (Ð£ is also UTF-8 for У); such runs are ENC002's
        wa, wb = p, e_old
        for m in _LATIN_RUN_RE.finditer(line):
            if m.start() <= p < m.end() or m.start() < e_old <= m.end():
                wa, wb = min(wa, m.start()), max(wb, m.end())
        if _is_cjk_latin_mojibake(line[wa:wb], fixed[p:e_new]):
            continue  # GBK/Big5 read as Latin-1: ENC002's reading, not ftfy's
        edits.append(Edit(lo + p, lo + e_old, line[p:e_old], fixed[p:e_new], "mojibake: UTF-8 read as a single-byte codec (ftfy, CJK-safe)", (("findings", "mojibake:single-byte"),)))
    return edits


def _is_cjk_latin_mojibake(s: str, ftfy_reading: str = "") -> bool:
    """Do the Latin-1/cp1252 bytes of ``s`` read as GBK or Big5 give plausible Chinese, more
    plausible than ftfy's own reading of the changed part?"""
    pieces = [_enc_char(c, "latin") for c in s]
    if any(p is None for p in pieces):
        return False
    data = b"".join(pieces)  # type: ignore[arg-type]
    for codec in ("gb18030", "big5hkscs"):
        try:
            dec = data.decode(codec)
        except UnicodeDecodeError:
            continue
        han = sum(1 for c in dec if _is_hanzi_like(c))
        if han >= 2 and han * 2 >= len(dec):
            sc = _score(dec)
            if sc >= _FLOOR and (not ftfy_reading or sc > _score(ftfy_reading) + 1.0):
                return True
    return False


def _has_surrogate(s: str) -> bool:
    return _SURROGATE_RE.search(s) is not None


# ---------------------------------------------------------------------------------------------
# ENC004–ENC011 damage that cannot be undone, junk and markup remnants
# ---------------------------------------------------------------------------------------------

_SURROGATE_RE = recache.compile("[\ud800-\udfff]")
_SURROGATE_PAIR_RE = recache.compile("[\ud800-\udbff][\udc00-\udfff]")


def lone_surrogate(text: str, policy) -> list[Edit]:
    """Join surrogate pairs into their character; replace lone surrogates by U+FFFD.

    ## What it does
    A surrogate pair left in a string (UTF-16 decoded code unit by code unit,
    JSON `\\ud83d\\ude00` escapes) becomes the character it encodes; a lone
    surrogate, which no encoder can write, becomes U+FFFD (reported by ENC004).

    ## Why
    Lone surrogates make every later `.encode("utf-8")` fail.

    ## Example
    `\\ud842\\udfb7` → `𠮷`

    ## Safety
    Safe: surrogates are never text.
    """
    if not text or "ENC006" not in _codes_for(text):
        return []
    if not text or not _SURROGATE_RE.search(text):
        return []
    edits: list[Edit] = []
    pos = 0
    for m in _SURROGATE_RE.finditer(text):
        if m.start() < pos:
            continue
        pair = _SURROGATE_PAIR_RE.match(text, m.start())
        if pair:
            hi, lo = ord(text[m.start()]), ord(text[m.start() + 1])
            ch = chr(0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00))
            edits.append(Edit(m.start(), m.start() + 2, pair.group(), ch, "surrogate pair joined into its character"))
            pos = m.start() + 2
        else:
            edits.append(Edit(m.start(), m.end(), m.group(), REPLACEMENT, "lone surrogate (not text): replaced by U+FFFD"))
            pos = m.end()
    return edits


#: C0 controls except tab, newline, carriage return, form feed; DEL; C1 controls; a BOM inside the text
_CONTROL_RE = recache.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ufeff]+")


def control_char(text: str, policy) -> list[Edit]:
    """Remove C0/C1 control characters and stray byte-order marks.

    ## What it does
    Deletes C0 controls other than tab, newline, carriage return and form
    feed, DEL, C1 controls (U+0080–U+009F) and U+FEFF inside the text.
    C1 controls that are cp1252 mojibake are repaired first by ENC001.

    ## Why
    Controls are invisible junk left by broken decoders and copy-paste; they
    break search, display and XML.

    ## Example
    `发展\\x07经济` → `发展经济`

    ## Safety
    Safe: these characters carry no text.
    """
    if not text or "ENC007" not in _codes_for(text):
        return []
    if not text or not _CONTROL_RE.search(text):
        return []
    return [
        Edit(m.start(), m.end(), m.group(), "", f"control character(s) {', '.join(f'U+{ord(c):04X}' for c in sorted(set(m.group()))[:4])} removed")
        for m in _CONTROL_RE.finditer(text)
    ]


_PUA_RE = recache.compile("[\ue000-\uf8ff\U000f0000-\U0010ffff]+")


def private_use(text: str, policy) -> list[Edit]:
    """Report (or, with `private-use = "remove"`, delete) private-use characters.

    ## What it does
    Private-use characters (U+E000–U+F8FF, planes 15–16) left after the
    repairs are junk from a mis-decoded double-byte stream or a font's
    private glyphs.  By default they are reported with their span; the option
    `[encoding] private-use = "remove"` deletes them.

    ## Why
    No public text uses them; they show as boxes.  Some old GB18030 tables put
    rare real characters there, so removal is opt-in.

    ## Example
    `发展\\ue000经济` → reported (or `发展经济`)

    ## Safety
    Reports by default.
    """
    if not text or "ENC005" not in _codes_for(text):
        return []
    if not text or not _PUA_RE.search(text):
        return []
    remove = policy.option("encoding", "private_use") == "remove"
    out = []
    for m in _PUA_RE.finditer(text):
        reason = f"{len(m.group())} private-use character(s): junk from a mis-decoded stream or a private font"
        out.append(Edit(m.start(), m.end(), m.group(), "" if remove else m.group(), reason, (("findings", "private-use"),)))
    return out


_FFFD_RUN_RE = recache.compile("\ufffd+")


def lost_character(text: str, policy) -> list[Edit]:
    """Report U+FFFD and `?` standing for characters lost on the way (remove with an option).

    ## What it does
    U+FFFD, and a `?` between two hanzi (where no Chinese text puts an ASCII
    question mark), mark characters a converter could not map or bytes that
    were lost.  They are reported with their span; with `[encoding]
    lost-characters = "remove"` U+FFFD is deleted (a `?` is only ever
    reported).  A `？`, and a `?` in a URL or Latin text, are never touched.

    ## Why
    What was lost cannot be restored; the reader must know where text is missing.

    ## Example
    `当?数` → reported

    ## Safety
    Reports by default; removal deletes only U+FFFD.
    """
    if not text or "ENC004" not in _codes_for(text):
        return []
    if not text or ("\ufffd" not in text and "?" not in text):
        return []
    remove = policy.option("encoding", "lost_characters") == "remove"
    spans: list[tuple[int, int]] = []
    if REPLACEMENT in text:
        spans.extend(m.span() for m in _FFFD_RUN_RE.finditer(text))
    i = text.find("?")
    while i != -1:
        j = i
        while j < len(text) and text[j] == "?":
            j += 1
        if i > 0 and j < len(text) and _is_hanzi_like(text[i - 1]) and _is_hanzi_like(text[j]):
            spans.append((i, j))
        i = text.find("?", j)
    spans.sort()
    out = []
    for a, b in spans:
        g = text[a:b]
        new = "" if (remove and g[0] == REPLACEMENT) else g
        out.append(Edit(a, b, g, new, f"{len(g)} lost character(s) ({'U+FFFD' if g[0] == REPLACEMENT else '?'})", (("findings", "lost-characters"),)))
    return out


@functools.lru_cache(maxsize=1)
def _html_data() -> dict[str, Any]:
    from importlib import resources

    from .._compat import tomllib

    path = resources.files("cleanpolicy.data") / "encoding" / "html_remnants.toml"
    return tomllib.loads(path.read_text(encoding="utf-8"))


@functools.lru_cache(maxsize=1)
def _tag_re() -> re.Pattern[str]:
    """Tags of the body elements in ``data/encoding/html_remnants.toml``; bounded attribute text, no nesting."""
    names = sorted((re.escape(t) for t in _html_data()["tags"]), key=len, reverse=True)
    return recache.compile(rf"</?(?:{'|'.join(names)})(?:\s[^<>\n]{{0,300}})?\s?/?>", re.I)


@functools.lru_cache(maxsize=1)
def _swallowed_tag_re() -> re.Pattern[str]:
    """`?/p>` at a line end: a decoder that refused a lead byte took the `<` after it as well."""
    names = sorted((re.escape(t) for t in _html_data()["tags"]), key=len, reverse=True)
    return recache.compile(rf"[?\ufffd](/(?:{'|'.join(names)})>)[ \t]*$", re.M | re.I)


def html_tag_remnant(text: str, policy) -> list[Edit]:
    """Remove HTML tags left in plain text (`</p>`, `<br/>`, `<span style=…>`).

    ## What it does
    Deletes tags of a closed list of body elements (p, br, div, span, font,
    strong, table cells, headings, …) found in plain text; `<br>` at a line
    end is deleted, elsewhere it becomes a line break.

    ## Why
    Scrapers that strip tags with a regex, or copy the CMS source, leave them.

    ## Example
    `增强后劲。”</p>` → `增强后劲。”`

    ## Safety
    Safe: only known tag names with `<` and `>`; `<<书名>>`, `a<b`, `R&D` are not tags.
    """
    if not text or "ENC008" not in _codes_for(text):
        return []
    if not text or ">" not in text:
        return []
    out: list[Edit] = []
    out.extend(
        Edit(m.start(1), m.end(1), m.group(1), "", f"HTML closing tag {m.group(1)!r} whose '<' a lost byte swallowed")
        for m in _swallowed_tag_re().finditer(text)
    )
    for m in _tag_re().finditer(text):
        g = m.group()
        new = ""
        if g[1:3].lower() == "br" and m.end() < len(text) and text[m.end()] != "\n" and m.start() > 0 and text[m.start() - 1] != "\n":
            new = "\n"
        out.append(Edit(m.start(), m.end(), g, new, f"HTML tag {g[:20]!r} left in plain text"))
    out.sort(key=lambda e: e.start)
    return out


_ENTITY_RE = recache.compile(r"&(?:[A-Za-z][A-Za-z0-9]{1,8}|#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6});")


def html_entity(text: str, policy) -> list[Edit]:
    """Decode HTML character references left in plain text (`&nbsp;` → space, `&amp;` → `&`).

    ## What it does
    Replaces a named or numeric character reference (with its `;`) by the
    character it names; `&nbsp;` becomes an ordinary space (the NRM family
    then handles spacing).  Unknown names stay.

    ## Why
    A page's source copied as text, or escaped twice, shows `&nbsp;&nbsp;`,
    `&ldquo;`, `&#12290;`.

    ## Example
    `R&amp;D` → `R&D`

    ## Safety
    Safe: requires the closing `;`, so `R&D` and `A&B公司` are untouched.
    """
    if not text or "ENC009" not in _codes_for(text):
        return []
    if not text or "&" not in text:
        return []
    import html

    out = []
    for m in _ENTITY_RE.finditer(text):
        g = m.group()
        if g == "&nbsp;" or g.lower() in ("&#160;", "&#xa0;"):
            new = " "
        else:
            new = html.unescape(g)
            if new == g or not new or any(_is_binary_control(c) for c in new) or _has_surrogate(new):
                continue
        out.append(Edit(m.start(), m.end(), g, new, f"HTML character reference {g} decoded"))
    return out


#: the end of a tag attribute left on a line after CJK text (a truncated meta description: `创新要">`)
_ATTR_END_RE = recache.compile("[\"']\\s?/?>[ \t]*$", re.M)
#: what must stand right before an attribute end (checked after the match: a look-behind at every
#: position made the scan slow)
_ATTR_END_BEFORE_RE = recache.compile("[\u3400-\u9fff\uf900-\ufaff\u3001-\u3003\uff0c\uff1b\uff1a]")
_ATTR_START_RE = recache.compile("^[ \t]*[\"']\\s?/?>(?=[\u3400-\u9fff\uf900-\ufaff\u201c\u3000])", re.M)


def attribute_remnant(text: str, policy) -> list[Edit]:
    """Remove the end of an HTML attribute (`">`) stuck to Chinese text at a line end or start.

    ## What it does
    Deletes `">`, `' />` and the like directly after a hanzi at the end of a
    line, or directly before one at the start of a line: the remains of a
    `<meta content="…">` or an attribute cut by a scraper.

    ## Why
    Seed pages carry a truncated copy of the lead paragraph ending in `">`.

    ## Example
    `创新要">` → `创新要`

    ## Safety
    Safe: only at a line end after a hanzi or a line start before one.
    """
    if not text or "ENC010" not in _codes_for(text):
        return []
    if not text or ">" not in text:
        return []
    out = []
    for rx in (_ATTR_START_RE, _ATTR_END_RE):
        for m in rx.finditer(text):
            if rx is _ATTR_END_RE and not (m.start() and _ATTR_END_BEFORE_RE.match(text, m.start() - 1)):
                continue
            out.append(Edit(m.start(), m.end(), m.group(), "", "end of an HTML attribute left in the text"))
    out.sort(key=lambda e: e.start)
    return out


_NBSP_LINE_RE = recache.compile("^[ \t\u00a0]*\u00a0[ \t\u00a0]*$", re.M)


def nbsp_line(text: str, policy) -> list[Edit]:
    """Empty lines that hold only non-breaking spaces (the remains of `<p>&nbsp;</p>`).

    ## What it does
    A line made only of U+00A0 (and spaces) becomes an empty line.

    ## Why
    CMS editors make vertical space with `<p>&nbsp;</p>`; as text it is an
    invisible line that defeats paragraph detection.

    ## Example
    `\\u00a0\\u00a0` (a whole line) → `` (empty line)

    ## Safety
    Safe: the line carries no text.
    """
    if not text or "ENC011" not in _codes_for(text):
        return []
    if not text or "\u00a0" not in text:
        return []
    return [Edit(m.start(), m.end(), m.group(), "", "line of only non-breaking spaces emptied") for m in _NBSP_LINE_RE.finditer(text) if m.group()]


# ---------------------------------------------------------------------------------------------
# the family's fast path: one scan decides which rules can have anything to do
# ---------------------------------------------------------------------------------------------

_ALL_CODES = frozenset(("ENC001", "ENC002", "ENC003", "ENC004", "ENC005", "ENC006", "ENC007", "ENC008", "ENC009", "ENC010", "ENC011"))


#: the characters that start rules on their own, besides the suspects: some by themselves, the rest
#: by the classes (tests of one character, without context)
_TRIGGER_CHARS = {"&": ("ENC009",), ">": ("ENC008", "ENC010"), "\u00a0": ("ENC011",), "\ufffd": ("ENC004",), "?": ("ENC004",)}
_TRIGGER_CLASSES = (
    (_SURROGATE_RE, ("ENC006",)),
    (_FTFY_TRIGGER_RE, ("ENC001",)),
    (_LATIN_TRIGGER_RE, ("ENC002",)),
    (_CONTROL_RE, ("ENC007",)),
    (_PUA_RE, ("ENC005",)),
)


def _trigger_codes(ch: str) -> frozenset[str]:
    """The rules whose own trigger test one character passes (without the context-dependent ones)."""
    codes = set(_TRIGGER_CHARS.get(ch, ()))
    for rx, cs in _TRIGGER_CLASSES:
        if rx.match(ch):
            codes.update(cs)
    if _is_suspect(ch) and ch not in _everyday()[0]:
        codes.update(("ENC003", "ENC002"))
    return frozenset(codes)


def _triggering(chars: str) -> set[str]:
    """The distinct characters of ``chars`` with any :func:`_trigger_codes`: one scan per class and set
    operations for the rest, not a call per character."""
    found = {c for c in _TRIGGER_CHARS if c in chars}
    for rx, _cs in _TRIGGER_CLASSES:
        found.update("".join(rx.findall(chars)))
    found.update(c for c in set(chars) - _unsuspect() - _everyday()[0] if not c.isascii())
    return found


@functools.lru_cache(maxsize=1)
def _fast_path() -> tuple[re.Pattern[str], frozenset[str], frozenset[str]]:
    """One regex that finds every character any ENC rule could start from, and the two context sets.

    A character matches when it triggers a rule on its own (a suspect or
    mojibake character, a control, PUA, U+FFFD, ``?``, ``&``, ``>``, U+00A0), or
    when it is an ASCII trail-range letter glued between hanzi (ENC003), or a
    UTF-8-as-GBK character with another within four characters (ENC002).  Clean
    Chinese prose has none, and the whole family is then decided by one scan.
    """
    trail = frozenset(c for c in map(chr, range(0x80)) if _GLUED_RE.match(c + "\u4e00"))
    # the members of the class, found with one scan of the basic plane (no surrogate is one), not one
    # match per code point
    pair = frozenset(_utf8_gbk_re().findall(_bmp_chars()))
    candidates = set(map(chr, range(0x80))) | set(_seen_chars()) | set(_TYPOGRAPHIC)
    allowed = candidates - trail - pair - _triggering("".join(candidates))
    glued = pair - _triggering("".join(pair))
    hanzi_like = "\u3400-\u9fff\uf900-\ufaff\U00020000-\U0010ffff"
    rx = recache.compile(
        f"[^{class_body(allowed)}]"
        # alone: the character matched is neither of the two context kinds (a small class, where the
        # equivalent test that it is not allowed either would parse the big one a second time)
        f"(?:(?<=[^{class_body(trail | glued)}])"
        f"|(?<=[{hanzi_like}][{class_body(trail)}])(?=[{_HAN_CLASS}])"
        f"|(?<=[{class_body(glued)}])(?=(?s:.{{0,3}})[{class_body(pair)}]))"
    )
    return rx, trail, glued


#: the last text the gate scanned (the pipeline hands every rule the same object), its codes, whether it
#: matched an ASCII trail letter glued between hanzi (the test of :func:`_frame_triggers`, which then need
#: not scan the text for one), and the distinct characters its scan matched (see :func:`_gate_met_none`).
#: One tuple, replaced whole, so that it always describes its own text
_LAST: tuple[str | None, frozenset[str], bool, str] = (None, _ALL_CODES, True, "")


def _codes_for(text: str) -> frozenset[str]:
    """The ENC rules that may have work on ``text`` (empty for clean prose): one regex scan, remembered
    for the same text object so the family's other rules skip at no cost."""
    global _LAST
    last, codes, _glued, _seen = _LAST
    if text is last:
        return codes
    rx, trail, glued = _fast_path()
    found: set[str] = set()
    everyday = _everyday()[0]
    # the distinct characters matched (one C scan; damaged text matches many times), sorted by kind
    # with set operations: an ASCII trail letter glued between hanzi starts ENC003, a UTF-8-as-GBK
    # character next to another ENC002, an everyday character only in some places (looked at below
    # if it matters), any other character its own rules
    chars = set(rx.findall(text))
    seen = "".join(chars)
    glued_trail = not chars.isdisjoint(trail)
    if glued_trail:
        found.add("ENC003")
        chars -= trail
    if not chars.isdisjoint(glued):
        found.add("ENC002")
        chars -= glued
    some_everyday = not chars.isdisjoint(everyday)
    if some_everyday:
        chars -= everyday
    if chars:
        found.update(*map(_TRIGGER_CODES.__getitem__, chars))
    if some_everyday and not _REPAIRS <= found:
        if any(_everyday_triggers(text, m.start()) for m in _everyday_re().finditer(text)):
            found.update(_REPAIRS)
    codes = frozenset(found)
    _LAST = (text, codes, glued_trail, seen)
    return codes


def _gate_met_none(text: str, rx: re.Pattern[str]) -> bool:
    """Did the family gate scan ``text`` and match no character of ``rx``'s class?  Then a class whose
    every occurrence the gate matches has none in the text, and its own scan of the text is spared."""
    last, _codes, _glued, seen = _LAST
    return last is text and rx.search(seen) is None


_REPAIRS = frozenset(("ENC002", "ENC003"))


@functools.lru_cache(maxsize=1)
def _everyday_re() -> re.Pattern[str]:
    return recache.compile(f"[{class_body(_everyday()[0])}]")


class _TriggerCodes(dict):
    """ch -> the rules a matched character starts (:func:`_trigger_codes`; every rule where it names
    none).  One entry per character met, at most :data:`_TRIGGER_CODES_MAX` (then it starts afresh)."""

    __slots__ = ()

    def __missing__(self, ch: str) -> frozenset[str]:
        if len(self) >= _TRIGGER_CODES_MAX:
            self.clear()
        v = self[ch] = _trigger_codes(ch) or _ALL_CODES
        return v


_TRIGGER_CODES: dict[str, frozenset[str]] = _TriggerCodes()
_TRIGGER_CODES_MAX = 65536


# ---------------------------------------------------------------------------------------------
# the registry rows (run order) and a convenience for bytes/str callers
# ---------------------------------------------------------------------------------------------

RULES: tuple[Rule, ...] = (
    Rule("ENC006", "lone-surrogate", lone_surrogate),
    Rule("ENC001", "ftfy-mojibake", ftfy_mojibake),
    Rule("ENC003", "frame-shift", frame_shift),
    Rule("ENC002", "cjk-mojibake", cjk_mojibake),
    Rule("ENC007", "control-char", control_char),
    Rule("ENC009", "html-entity", html_entity),
    Rule("ENC008", "html-tag-remnant", html_tag_remnant),
    Rule("ENC010", "attribute-remnant", attribute_remnant),
    Rule("ENC011", "nbsp-line", nbsp_line),
    Rule("ENC005", "private-use", private_use),
    Rule("ENC004", "lost-character", lost_character),
)


def _family_gate(policy: Any) -> Callable[[str], frozenset[str]]:
    """The family's gate for the pipeline (the same under every policy): :func:`_codes_for`, which
    every ENC rule asks first, so the pipeline need not call the rules it leaves out."""
    return _codes_for


GATE = _family_gate


def repair_text(text: str, policy=None) -> str:
    """Run the whole ENC family on ``text`` (a convenience for scripts and benchmarks)."""
    from ..pipeline import clean
    from ..policy import Policy

    return clean(text, (policy or Policy()).replace(select=("ENC",), to="keep"))
