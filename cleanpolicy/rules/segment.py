"""SEG: layout damage — paragraphs broken by print/PDF layout, letter-spaced text.

Print and PDF layout put line breaks where a column or a page ended, not where
the writer ended a paragraph: ``…标杆城市`` / ``之一，…``, ``…新基建项`` /
``目410个…``.  PDF text extraction also writes a space between every
character.  These rules undo both, and only where the evidence is good:

* punctuation — a paragraph never ends in ``，`` or ``、`` and never starts
  with ``，`` or ``。``; a line that ends a sentence (``。！？；：``) is never
  joined to the next;
* shape — headings, kickers, captions, list items and short lines without
  final punctuation are never joined into a paragraph;
* language — whether the characters across the break form a word (jieba's
  segmentation over its MIT-licensed dictionary, packaged and read lazily by
  :mod:`cleanpolicy.rules._words`) and whether the break reads like a
  sentence end: the plausibility model in
  :mod:`cleanpolicy.langmodel` compares ``P(b | a)`` with
  ``P(sentence end | a) · P(b | sentence start)``.

Article segmentation itself (splitting a page into records) is not a rule; it
lives in :mod:`cleanpolicy.segmentation` and runs on the cleaned text.
"""

from __future__ import annotations

import functools
import math
import re
from typing import Any, Callable, Iterable

from .. import recache
from .._core import Edit
from ..registry import Rule

OPTIONS: dict[str, Any] = {
    #: a line this long (in characters) counts as body text even without inner punctuation
    "body_length": 40,
    #: minimum length of the first part for a join supported only by a word across the break
    "min_fragment": 6,
    #: log-likelihood ratio (continuation vs. sentence end) needed when no word crosses the break
    "continuation_threshold": 3.5,
    #: extra score needed when the first part is heading-shaped (16–39 characters, no full stop inside)
    "heading_margin": 1.0,
}

# -- character classes ------------------------------------------------------------------------------
#: punctuation that ends a sentence or introduces what follows: a line ending in one is complete
FINAL = set("。！？；：…!?;:．")
#: closing quotes and brackets: look through them to see whether a sentence ended inside
CLOSERS = set("”’」』）)》〉】〗]\"'")
#: a paragraph never ends with these: the sentence plainly goes on
OPEN_END = set("，、,“‘「『（(《〈【〖[—－-～~·")
#: a paragraph never starts with these: it continues the line before
CONT_START = set("，。、；：？！）》〉」』】”’…,;:?!%％)")
_WS = " \t\u3000\u00a0\u2002\u2003\u2009\u200b\ufeff\r\f\v"

_HANZI_RE = recache.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ebef]")

#: list items: 一、 （一） (1) 1. 1、 ① 第一， 一是
_LIST_RE = recache.compile(
    r"^(?:[一二三四五六七八九十百]{1,3}[、．.]"
    r"|[（(][一二三四五六七八九十百\d]{1,3}[）)]"
    r"|\d{1,3}(?:[、．]|\.(?!\d))"
    r"|[\u2460-\u2473\u2776-\u277f]"
    r"|第[一二三四五六七八九十]{1,3}[，、,是]"
    r"|[一二三四五六七八九十]是"
    r"|[其首][次一]，"
    r")"
)
#: photo captions and credit lines: ``张斌 摄``, ``（新华社发）``, ``图为…``
_CAPTION_RE = recache.compile(r"(?:[\s　](?:摄|攝|摄影|攝影|供图|供圖|图|圖)|新华社发|新華社發|[（(]图[）)]?)$|^图为|^圖為")
#: the first and the last characters of a string ``_CAPTION_RE`` can find a caption in (whitespace aside)
_CAPTION_FIRST = frozenset("图圖（(")
_CAPTION_LAST = frozenset("摄攝影图圖发發）)\n")
#: lines that mark a box or a page furniture, never part of a paragraph: they start with these words…
_FURNITURE_WORDS = (
    "相关报道|相關報道|相关阅读|相關閱讀|延伸阅读|延伸閱讀|请扫描二维码|請掃描二維碼|扫描二维码|掃描二維碼|扫码|掃碼|"
    "责任编辑|責任編輯|编辑|編輯|来源|來源|发布日期|發布日期|首页|首頁"
).split("|")
#: … or with one of these marks
_FURNITURE_MARKS = ">＞»"
_FURNITURE_RE = recache.compile("^(?:" + "|".join(_FURNITURE_WORDS) + ")|[" + _FURNITURE_MARKS + "]")
_FURNITURE_FIRST = frozenset(w[0] for w in _FURNITURE_WORDS) | frozenset(_FURNITURE_MARKS)
_TRAILING_NOTE_RE = recache.compile(r"[（(\[【][^（()）\]【】\n]{1,12}[）)\]】]$")
#: the last character of a string ``_TRAILING_NOTE_RE`` can find a note in (``$`` also matches before a final \n)
_NOTE_LAST = frozenset("）)]】\n")
_DATE_LINE_RE = recache.compile(r"^[\d\s年月日:：/.\-－]+$")


def _is_hanzi(ch: str) -> bool:
    return bool(_HANZI_RE.match(ch))


def _ends_sentence(s: str) -> bool:
    """Does ``s`` end a sentence (looking through closing quotes and brackets)?"""
    i = len(s) - 1
    while i >= 0 and s[i] in CLOSERS:
        i -= 1
    if i < 0:
        return False
    if s[i] in FINAL:
        return True
    # a footnote or note mark after the sentence end: 。（⑵⑶）, 。（完）
    if s[-1] not in _NOTE_LAST:
        return False
    m = _TRAILING_NOTE_RE.search(s)
    if m and m.start() > 0:
        return _ends_sentence(s[: m.start()]) or s[m.start() + 1 : m.end() - 1] == "完"
    return False


def _has_inner_final(s: str) -> bool:  # kept for callers outside the rule
    return any(ch in "。！？；!?" for ch in s[:-1])


# -- language evidence ----------------------------------------------------------------------------
@functools.lru_cache(maxsize=65536)
def word_across(left: str, right: str) -> bool:
    """Does the best jieba segmentation of ``left + right`` put a word across the join?"""
    if not left or not right:
        return False
    from ..chars import fold_simplified
    from ._words import cut as jieba_cut

    return word_spans(jieba_cut(fold_simplified(left + right)), len(left))


def word_spans(words: Iterable[str], cut: int) -> bool:
    """Does a word of two or more hanzi of the segmentation ``words`` run across offset ``cut``?"""
    pos = 0
    for w in words:
        end = pos + len(w)
        if pos < cut < end and len(w) >= 2 and all(_is_hanzi(c) for c in w):
            return True
        pos = end
        if pos >= cut:
            break
    return False


#: pseudo-count and mean of the prior on P(sentence end | character)
_END_PRIOR = 20.0
_END_RATE = 0.05


@functools.lru_cache(maxsize=65536)
def continuation_score(a: str, b: str) -> float:
    """log P(b | a) − log[P(end | a) · P(b | after 。)]: > 0 means "a b" reads as one sentence."""
    from .. import langmodel

    try:
        p_ab = langmodel.bigram_logprob(a, b)
        # P(sentence end | a) from raw counts with a weak prior (the interpolated bigram estimate
        # cannot say "never": 的 almost never ends a sentence, 展 often does)
        c_a = langmodel.char_count(a)
        c_end = sum(langmodel.bigram_count(a, p) for p in "。！？；")
        p_end = math.log((c_end + _END_PRIOR * _END_RATE) / (c_a + _END_PRIOR))
        p_start = langmodel.bigram_logprob("。", b)
    except Exception:  # pragma: no cover - model data missing
        return 0.0
    return p_ab - p_end - p_start


# -- the join decision ------------------------------------------------------------------------------
_EDGE = 40  # characters kept from each end of a paragraph: every test below looks no further


class _Para:
    """What the join decision needs to know of a paragraph, mergeable in O(1) (no rescans)."""

    __slots__ = ("head", "tail", "length", "inner_final", "comma", "hanzi", "single", "ends", "special")

    def __init__(self, text: str) -> None:
        n = len(text)
        self.head = text[:_EDGE]
        self.tail = text[-_EDGE:]
        self.length = n
        self.inner_final = bool(_INNER_FINAL_RE.search(text, 0, max(0, n - 1)))
        self.comma = bool(_COMMA_RE.search(text))
        self.hanzi = bool(_HANZI_RE.search(text))
        self.single = text  # the text while it is one line (for the whole-line tests)
        self.ends = _ends_sentence(self.tail)
        self.special = None  # _special(self), computed on first use

    @classmethod
    def of_span(cls, text: str, s: int, e: int) -> "_Para":
        """``_Para(text[s:e])`` without copying a long line (``e > s``)."""
        p = cls.__new__(cls)
        n = p.length = e - s
        if n > _EDGE:
            p.head = text[s : s + _EDGE]
            p.tail = tail = text[e - _EDGE : e]
            p.single = ""
        else:
            # the whole-line tests only look at lines of at most _EDGE characters (then the line is its head)
            p.head = p.tail = p.single = tail = text[s:e]
        p.inner_final = _INNER_FINAL_RE.search(text, s, e - 1) is not None
        p.comma = _COMMA_RE.search(text, s, e) is not None
        p.hanzi = _HANZI_RE.search(text, s, e) is not None
        last = text[e - 1]
        # (_ends_sentence looks further only after a closing bracket or quote, or a final line break)
        p.ends = _ends_sentence(tail) if last in CLOSERS or last == "\n" else last in FINAL
        p.special = None
        return p

    def merged(self, other: "_Para") -> "_Para":
        m = _Para.__new__(_Para)
        m.head = (self.head + other.head)[:_EDGE] if self.length < _EDGE else self.head
        m.tail = (self.tail + other.tail)[-_EDGE:] if other.length < _EDGE else other.tail
        m.length = self.length + other.length
        m.inner_final = self.inner_final or self.tail[-1:] in _INNER_FINAL or other.inner_final
        m.comma = self.comma or other.comma
        m.hanzi = self.hanzi or other.hanzi
        m.single = None
        m.ends = other.ends if other.length >= _EDGE else _ends_sentence(m.tail)  # (the same tail)
        m.special = None
        return m


_INNER_FINAL = frozenset("。！？；!?")
_INNER_FINAL_RE = recache.compile("[。！？；!?]")
_COMMA_RE = recache.compile("[，、,；]")


def _special(p: _Para) -> bool:
    """Furniture, captions, dates: lines that are never part of a paragraph."""
    if p.special is None:
        head, tail = p.head, p.tail
        h = head[:1]
        # (each regex only where the first or the last character allows a match)
        p.special = bool(
            (h in _FURNITURE_FIRST and _FURNITURE_RE.match(head))
            or ((tail[-1:] in _CAPTION_LAST or tail[:1] in _CAPTION_FIRST) and _CAPTION_RE.search(tail))
            or ((h in _CAPTION_FIRST or h.isspace()) and _CAPTION_RE.match(head[:2]))
            or (p.single is not None and p.length <= 40 and _DATE_LINE_RE.match(p.single))
        )
    return p.special


def _bracketed(p: _Para) -> bool:
    return p.length >= 2 and p.head[0] in "（(【[" and p.tail[-1] in "）)】]"


def _body_like_tail(p: _Para, body_length: int) -> bool:
    """Could ``p`` (the part after a break) be the rest of a body paragraph?"""
    return p.ends or p.inner_final or p.length >= body_length


def _options(policy) -> tuple[int, int, float, float]:
    if policy is None:
        get = OPTIONS.__getitem__
    else:
        def get(key: str) -> Any:
            return policy.option("segment", key)
    return get("body_length"), get("min_fragment"), get("continuation_threshold"), get("heading_margin")


def join_reason(a_text, b_text, policy=None, blank_lines: int = 1, opts=None) -> str | None:
    """Why the paragraph ``a_text`` should be joined to ``b_text`` (None: keep the break).

    ``blank_lines`` is the number of blank lines between them: two or more mark
    structure (a heading, a box), so only punctuation evidence can join then.
    """
    A = a_text if isinstance(a_text, _Para) else _Para(a_text)
    B = b_text if isinstance(b_text, _Para) else _Para(b_text)
    return _join_reason(A, B, blank_lines, opts if opts is not None else _options(policy))


def _join_reason(A: _Para, B: _Para, blank_lines: int, opts) -> str | None:
    """:func:`join_reason` of two paragraph descriptions."""
    body_length, min_fragment, threshold, short_margin = opts
    if not A.length or not B.length:
        return None
    a, b = A.tail[-1], B.head[0]
    if a in FINAL or A.ends:
        return None
    cont = b in CONT_START and b not in "”’)"
    # cheap rejection first: most line pairs are heading/short-line pairs with no evidence at all
    if not (cont or a in OPEN_END or B.ends or B.inner_final or B.length >= body_length):
        return None
    # (each of these keeps the break: the cheap ones first)
    if not A.hanzi or not B.hanzi or _bracketed(B) or _special(A) or _special(B) or _LIST_RE.match(B.head):
        return None
    if cont:
        return "the next line starts with punctuation that continues a sentence"
    a_listed = bool(_LIST_RE.match(A.head)) and not A.inner_final
    if (a_listed and A.length < body_length) or _bracketed(A):
        return None
    if a in OPEN_END:
        return "the line ends inside a sentence (open punctuation)"
    if blank_lines >= 2:
        return None
    if not (_is_hanzi(a) or a.isdigit() or a in CLOSERS) or not (_is_hanzi(b) or b.isdigit()):
        # a paragraph may well open with a quote or a bracket: that is no evidence of a break
        return None
    if not _body_like_tail(B, body_length):
        return None
    score = continuation_score(a, b) if _is_hanzi(a) or _is_hanzi(b) else 0.0
    if A.length >= min_fragment and score > 0 and word_across(A.tail[-4:], B.head[:4]):
        if not a_listed or score >= threshold:
            return "a word runs across the break"
    if a_listed or a in CLOSERS:
        # a long numbered line without a full stop may still be a heading, and a line ending in a
        # closing bracket or quote (a citation, a quoted slogan) may end a unit: only a word joins them
        return None
    if A.inner_final or A.length >= body_length:
        # the first part is body text: a break that does not read as a sentence end is layout
        if score >= threshold:
            return f"the break does not read as a sentence end (score {score:.1f})"
    elif A.length >= 16 and A.comma:
        # heading-shaped (a clause or two without a full stop): demand more of the break
        # (the shorter, the more it looks like a heading)
        if score >= threshold + short_margin * (1 if A.length >= 24 else 2):
            return f"the break does not read as a sentence end (score {score:.1f})"
    return None



def _content_lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of the non-blank content of every non-blank line."""
    out = []
    pos = 0
    n = len(text)
    while pos <= n:
        nl = text.find("\n", pos)
        if nl == -1:
            nl = n
        s, e = pos, nl
        while s < e and text[s] in _WS:
            s += 1
        while e > s and text[e - 1] in _WS:
            e -= 1
        if e > s:
            out.append((s, e))
        pos = nl + 1
    return out


# -- fast scans ----------------------------------------------------------------------------------------
# A break after a line that ends in sentence-final punctuation is never joined (``join_reason``
# rejects it first), so such breaks split the text into independent chains of lines; only the
# chains around a line *without* final punctuation are examined.  The break pattern starts with a
# literal line break, so the regex engine skips through clean text at memory speed.

#: a line break not preceded by final punctuation or by another line break (a superset of the
#: breaks after a line whose last visible character is not final: trailing whitespace is checked apart),
#: the blank lines after it, and the next line from its first visible character (group 1; empty at the
#: end of the text).  A break inside the blank lines follows no content, so it is never needed.
_OPEN_BREAK_RE = recache.compile(
    "\n(?<![" + re.escape("".join(sorted(FINAL))) + "\n]\n)[\n" + re.escape(_WS) + "]*([^\n]*)"
)


def _content_span(text: str, start: int, end: int) -> tuple[int, int]:
    """``text[start:end]`` (one line) without its leading and trailing ``_WS``, as offsets."""
    while start < end and text[start] in _WS:
        start += 1
    while end > start and text[end - 1] in _WS:
        end -= 1
    return start, end


def _open_chains(text: str) -> list[list[tuple[int, int]]]:
    """Runs of consecutive content lines joined by breaks after a line without final punctuation.

    Every break ``join_reason`` could accept lies inside one chain, and the join decisions inside a
    chain never depend on lines outside it (a group never spans a break after final punctuation).
    """
    chains: list[list[tuple[int, int]]] = []
    last = -1  # the line break after the last line of chains[-1]
    for m in _OPEN_BREAK_RE.finditer(text):
        nl, end = m.span()
        if nl == last:
            # the line before the break ends the current chain: its content is known
            s, e = cur = chains[-1][-1]
            if text[e - 1] in FINAL:
                continue
        else:
            s = text.rfind("\n", 0, nl) + 1
            e = nl
            while e > s and text[e - 1] in _WS:
                e -= 1
            if e == s or text[e - 1] in FINAL:
                continue
            while text[s] in _WS:
                s += 1
            cur = (s, e)
        s, e = m.span(1)
        if s == e:
            continue
        while text[e - 1] in _WS:
            e -= 1
        if nl == last:
            chains[-1].append((s, e))
        else:
            chains.append([cur, (s, e)])
        last = end
    return chains


def _first_kept(text: str, first: tuple[int, int], second: tuple[int, int], body_length: int) -> bool:
    """Is the break between the first two lines of a chain certainly kept, whatever the rounds do?

    The group ending at the first line of a chain is that line alone.  ``join_reason`` returns None
    for every group that may follow when that line has no hanzi (its steps up to the hanzi test
    return None or go on), or when the next line does not start with continuing punctuation and the
    first line is a short numbered heading or bracketed (the steps up to the heading test return None
    or go on).  The same tests, without building the line descriptions.
    """
    s, e = first
    if not _HANZI_RE.search(text, s, e):
        return True
    b = text[second[0]]
    if b in CONT_START and b not in "”’)":
        return False
    n = e - s
    if n >= 2 and text[s] in "（(【[" and text[e - 1] in "）)】]":
        return True
    return n < body_length and bool(_LIST_RE.match(text[s : min(e, s + _EDGE)])) and not _INNER_FINAL_RE.search(text, s, max(s, e - 1))


def _last_kept(text: str, last: tuple[int, int]) -> bool:
    """Is the break before the last line of a chain certainly kept, whatever the rounds do?

    The group starting at the last line of a chain is that line alone; ``join_reason`` returns None
    for every group before it when that line has no hanzi, is bracketed or starts a list item (its
    steps up to those tests return None or go on).
    """
    s, e = last
    if e - s >= 2 and text[s] in "（(【[" and text[e - 1] in "）)】]":
        return True
    return not _HANZI_RE.search(text, s, e) or bool(_LIST_RE.match(text[s : min(e, s + _EDGE)]))


def _rejoin_chain(text: str, lines: list[tuple[int, int]], opts, edits: list[Edit]) -> None:
    """The join decisions for one chain of content lines, taken to a fixed point."""
    gpara = [_Para.of_span(text, s, e) for s, e in lines]
    if len(lines) == 2:
        # one break: one decision (a join leaves one group, so no second round)
        (_, s), (e, _) = lines
        why = _join_reason(gpara[0], gpara[1], max(0, text.count("\n", s, e) - 1), opts)
        if why:
            edits.append(Edit(s, e, text[s:e], "", f"rejoin broken paragraph: {why}"))
        return
    # groups of line indices; join decisions are repeated until nothing changes
    groups: list[list[int]] = [[i] for i in range(len(lines))]
    reasons: dict[int, str] = {}
    # the decision depends only on the lines of the two groups: a pair kept apart in one round
    # stays apart in the next unless one of its groups has grown
    kept: set[tuple[int, int, int]] = set()
    again = True
    rounds = 0
    while again and rounds < 64:
        # another round changes something only if the right group of a kept pair has grown (the left
        # group of a kept pair is final for the round): else every pair of the next round is in kept
        again = False
        rounds += 1
        out: list[list[int]] = [groups[0]]
        out_para = [gpara[0]]
        right = None  # the right group of the last pair kept apart
        for g, gp in zip(groups[1:], gpara[1:]):
            left = out[-1]
            key = (left[0], g[0], g[-1])
            if key in kept:
                why = None
            else:
                blank = text.count("\n", lines[g[0] - 1][1], lines[g[0]][0]) - 1
                why = _join_reason(out_para[-1], gp, max(0, blank), opts)
                if not why:
                    kept.add(key)
            if why:
                reasons[g[0]] = why
                left.extend(g)
                out_para[-1] = out_para[-1].merged(gp)
                if left is right:
                    again = True
            else:
                out.append(g)
                out_para.append(gp)
                right = g
        groups, gpara = out, out_para
    for g in groups:
        for i in g[1:]:
            s = lines[i - 1][1]
            e = lines[i][0]
            edits.append(Edit(s, e, text[s:e], "", f"rejoin broken paragraph: {reasons.get(i, 'continuation')}"))


def paragraph_rejoin(text: str, policy) -> list[Edit]:
    """Join a paragraph broken by layout to its continuation.

    ## What it does
    Deletes the line break (and any blank lines and indentation) between two
    lines when the first ends without sentence-final punctuation and the
    second continues its sentence.  Evidence, strongest first: the first line
    ends in ``，``/``、`` or an open quote, or the second starts with ``，``/``。``;
    a dictionary word (jieba) runs across the break; the break does not read
    as a sentence end according to character statistics of real policy prose
    (``langmodel``), and the first line is body text (inner punctuation or
    long).  Headings, kickers (``…：``), captions (``… 摄``), list items,
    boxes (``相关报道``) and short lines without final punctuation are never
    joined.  The decision is taken to a fixed point, so the rule is
    idempotent.

    ## Why
    Print and PDF layout, and hard-wrapped text, break paragraphs where a
    column ended, often in the middle of a word.

    ## Example
    `…营商环境标杆城市\\n\\n之一，优化…` → `…营商环境标杆城市之一，优化…`

    ## Safety
    Safe: only deletes whitespace between two lines; a line that ends a
    sentence is never joined, and heading-shaped lines need stronger
    evidence.  Measured on generated breaks among real report paragraphs and
    headings: precision 0.995, recall 0.89 (see docs/segmentation.md).  Tune
    with ``[segment] body-length``, ``min-fragment``,
    ``continuation-threshold`` and ``heading-margin``.
    """
    if "\n" not in text:
        return []
    chains = _open_chains(text)
    if not chains:
        return []
    opts = _options(policy)
    edits: list[Edit] = []
    for lines in chains:
        # a break that is kept whatever happens splits the chain: its first or last line stays alone
        lo, hi = 0, len(lines) - 1
        while lo < hi and _first_kept(text, lines[lo], lines[lo + 1], opts[0]):
            lo += 1
        while lo < hi and _last_kept(text, lines[hi]):
            hi -= 1
        if lo < hi:
            _rejoin_chain(text, lines[lo : hi + 1], opts, edits)
    return edits


# -- letter spacing ---------------------------------------------------------------------------------
_CJK_PUNCT = set("，。、；：？！“”‘’（）《》〈〉【】—…·「」『』")


def _is_cjk(ch: str) -> bool:
    return _is_hanzi(ch) or ch in _CJK_PUNCT or "\uff01" <= ch <= "\uff5e"


def _spaced_tokens(line: str) -> list[str] | None:
    """The single-character tokens of a letter-spaced line, or None if it is not one."""
    if line.count(" ") < 5:
        return None
    toks = line.split(" ")
    nonempty = [t for t in toks if t]
    if len(nonempty) < 6:
        return None
    singles = sum(1 for t in nonempty if len(t) == 1)
    if singles < 0.8 * len(nonempty):
        return None
    hz = sum(1 for t in nonempty if _is_hanzi(t[0]))
    if hz < 3 or hz < 0.3 * len(nonempty):
        return None
    return nonempty


def _despace_edits(text: str, start: int, end: int, reason: str) -> list[Edit]:
    """Delete the single spaces of ``text[start:end]`` next to a one-character token.

    In letter-spaced text every glyph is followed by one space; a space between
    two longer tokens (``Produced By``) or a run of spaces stood for a real space.
    """
    edits = []
    line = text[start:end]
    pos = start
    toks = line.split(" ")
    for k in range(len(toks) - 1):
        pos += len(toks[k])
        left, right = toks[k], toks[k + 1]
        if left and right and (len(left) == 1 or len(right) == 1):
            edits.append(Edit(pos, pos + 1, " ", "", reason))
        pos += 1
    return edits


def _spaced_lines(text: str):
    # only a line with five spaces can be letter-spaced (``_spaced_tokens``): visit the lines that
    # hold a space (str.find runs at memory speed) and count theirs
    if text.count(" ") < 5:
        return
    n = len(text)
    pos = text.find(" ")
    while pos != -1:
        start = text.rfind("\n", 0, pos) + 1
        end = text.find("\n", pos)
        if end == -1:
            end = n
        pos = text.find(" ", end)
        if text.count(" ", start, end) < 5:
            continue
        s, e = _content_span(text, start, end)
        line = text[s:e]
        toks = _spaced_tokens(line)
        if toks is not None:
            yield s, e, line, toks


def letter_spaced_text(text: str, policy) -> list[Edit]:
    """Remove the space PDF extraction put between every character of body text.

    ## What it does
    In a line where at least six tokens, four in five of them single
    characters and at least three (and three in ten) of them hanzi, are
    separated by single spaces, and the line is body text (it holds CJK
    punctuation or at least 20 tokens), deletes each single space next to a
    one-character token.  Runs of two or more spaces, and a single space
    between two longer tokens, stood for real spaces and are kept.

    ## Why
    PDF text extraction writes the glyphs of justified or letter-spaced text
    with a space between each: `衢 州 位 于 浙 皖 闽 赣 四 省 边 际 ，`.

    ## Example
    `衢 州 位 于 浙 皖 闽 赣 四 省 边 际 ， 是 浙 江 重 要 生 态 屏 障 。` → `衢州位于浙皖闽赣四省边际，是浙江重要生态屏障。`

    ## Safety
    Safe: short letter-spaced lines without punctuation (titles such as
    `政 府 工 作 报 告`) are left to the opt-in rule `spaced-title`.
    """
    if " " not in text:
        return []
    edits: list[Edit] = []
    for s, e, line, toks in _spaced_lines(text):
        if len(toks) >= 20 or any(t in _CJK_PUNCT for t in toks):
            edits.extend(_despace_edits(text, s, e, "letter-spaced text from PDF extraction"))
    return edits


def spaced_title(text: str, policy) -> list[Edit]:
    """Remove deliberate letter-spacing from short title lines (opt-in).

    ## What it does
    Deletes the single spaces of a short letter-spaced line without
    punctuation, such as a display title: `政 府 工 作 报 告` → `政府工作报告`.

    ## Why
    Titles are often set with letter-spacing for display; for a corpus, the
    plain word is more useful.  The spacing is deliberate, so this is opt-in.

    ## Example
    `政 府 工 作 报 告` → `政府工作报告`

    ## Safety
    Opt-in: it changes the author's typography.
    """
    if " " not in text:
        return []
    edits: list[Edit] = []
    for s, e, line, toks in _spaced_lines(text):
        if len(toks) < 20 and not any(t in _CJK_PUNCT for t in toks):
            edits.extend(_despace_edits(text, s, e, "letter-spaced title"))
    return edits


def _family_gate(policy) -> Callable[[str], frozenset[str]]:
    """The gate of the family (the same under every policy): :func:`_may_apply`."""
    return _may_apply


def _may_apply(text: str) -> frozenset[str]:
    """The SEG rules that may have work on ``text`` (the pipeline skips the others): letter-spaced text
    needs spaces, a paragraph rejoin a line break."""
    idle = []
    if " " not in text:
        idle.append("SEG001")
    if "\n" not in text:
        idle.append("SEG003")
    return _CODES.difference(idle)


GATE = _family_gate


RULES: tuple[Rule, ...] = (
    Rule("SEG001", "letter-spaced-text", letter_spaced_text, kind="span", default=True, safety="safe"),
    Rule("SEG002", "spaced-title", spaced_title, kind="span", default=False, safety="safe"),
    Rule("SEG003", "paragraph-rejoin", paragraph_rejoin, kind="span", default=True, safety="safe"),
)
#: for :func:`_family_gate`
_CODES = frozenset(r.code for r in RULES)
