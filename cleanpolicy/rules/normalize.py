"""NRM: punctuation and whitespace as Chinese typesetting expects (GB/T 15834-2011 usage).

Each convention is its own rule so a corpus can opt out of any one.  All of
them work line by line on plain string scans (no regular expression with
nested or unbounded backtracking), and none touches:

* numbers and times (``6,600``, ``2.52%``, ``18:41:38``): an ASCII mark with a
  digit on both sides is never converted;
* URLs, e-mail addresses and inline code in backticks (masked before any
  rule looks at a line);
* Latin text: a mark converts only next to Chinese (hanzi, full-width
  punctuation, curly quotes), and parentheses only when what they hold is
  Chinese (``张斌(Zhang Bin)`` and ``設(shè)計`` keep their ASCII brackets);
* full-width digits and ``％``: house style of official documents; NRM010
  (opt-in) makes them half-width;
* U+3000 paragraph indentation, by default (option ``indent``).

Whitespace is never folded: U+3000 stays U+3000 where it is kept.
"""

from __future__ import annotations

import functools
import re
from typing import Any, Callable, Iterable, Iterator

from .. import recache
from .._core import Edit
from ..chars import HANZI_RE, is_hanzi
from ..registry import Rule

__all__ = [
    "ascii_punctuation",
    "ascii_parentheses",
    "ellipsis",
    "straight_quotes",
    "whitespace_only_lines",
    "blank_line_runs",
    "trailing_whitespace",
    "space_inside_word",
    "indentation",
    "fullwidth_digits",
    "RULES",
    "OPTIONS",
]

OPTIONS: dict[str, Any] = {
    #: leading whitespace of a line: "auto" removes ASCII spaces, tabs and U+00A0 before Chinese text
    #: and keeps U+3000 indentation (house style of official documents); "remove" removes both;
    #: "keep" removes neither
    "indent": "auto",
    #: NRM008 joins two hanzi split by a space when the pair is this strongly bound in the
    #: reports' bigram model (log P(b|a) - log P(b)) ...
    "word_bond": 2.5,
    #: ... and the pair occurs at least this often in the reports
    "word_min_count": 20,
}

#: whitespace that may pad a line or split a word (U+3000 is only ever removed, never folded)
_SPACES = " \t\u00a0\u3000"
_ASCII_SPACES = " \t\u00a0"
#: full-width punctuation and marks that make a neighbour "Chinese context"
_CJK_PUNCT = set("，。、；：？！“”‘’（）《》〈〉【】「」『』〔〕…—·％")
#: marks next to which a space is never needed (dashes and the middle dot excluded)
_TIGHT_PUNCT = set("，。、；：？！“”‘’（）《》〈〉【】「」『』〔〕")
_OPENERS = "“‘《〈「『（【〔"
_CLOSERS = "”’》〉」』）】〕"

_FULL = {",": "，", ":": "：", ";": "；", "?": "？", "!": "！"}

#: spans no rule may touch: URLs, e-mail addresses, inline code (all bounded, no nested quantifiers)
_PROTECT_RE = recache.compile(
    r"(?:https?|ftp)://[!-~]{1,2000}"
    r"|www\.[!-~]{1,2000}"
    r"|[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){1,8}"
    r"|`[^`\n]{0,500}`"
)


def _is_cjk(ch: str) -> bool:
    """Hanzi, full-width forms, CJK punctuation or curly quotes: a Chinese neighbour."""
    if not ch:
        return False
    o = ord(ch)
    return is_hanzi(ch) or 0x3000 <= o <= 0x303F or 0xFF00 <= o <= 0xFFEF or ch in _CJK_PUNCT


def _damaged(ch: str) -> bool:
    """U+FFFD, private-use or control characters: encoding damage nearby, not punctuation."""
    if not ch:
        return False
    o = ord(ch)
    return o == 0xFFFD or 0xE000 <= o <= 0xF8FF or (o < 0x20 and ch not in "\t\n")


def _is_ascii_alnum(ch: str) -> bool:
    return bool(ch) and ch.isascii() and ch.isalnum()


def _masked(line: str) -> str:
    """``line`` with protected spans (URLs, e-mail, code) replaced by a neutral letter, same length."""
    if "://" not in line and "www." not in line and "@" not in line and "`" not in line:
        return line
    return _PROTECT_RE.sub(lambda m: "x" * len(m.group()), line)


# -- fast scans -----------------------------------------------------------------------------------
# Most text is clean: every rule first proves with a C-speed scan (``str.find``, a literal-led regex)
# that its trigger is absent, and otherwise visits only the lines that hold a trigger.  A regex led by
# a character class tests every character in turn, several times slower than these.

#: an ASCII letter (counted against hanzi in brackets and quotes)
_LATIN_RE = recache.compile("[A-Za-z]")
#: a run of ASCII marks; this and _SP_RUN_RE are written ``[…][…]*``, not ``[…]+``: a pattern that
#: begins with its class is searched at C speed, one that begins with a repeat is tried at every position
_FULL_RUN_RE = recache.compile("[,:;?!][,:;?!]*")
#: encoding damage on a line: U+FFFD, private-use characters, or a lone Latin letter glued between hanzi
#: (the residue of a frame shift: 當?爻R?抓, 備咭僬f); there a ? between hanzi is a lost character, not a question
_DAMAGED_LINE_RE = recache.compile("[\ufffd\ue000-\uf8ff]|[\u4e00-\u9fff][A-Za-z][\u4e00-\u9fff?]")
_SP_CLASS = "[" + _SPACES + "]"
#: a run of whitespace in a line (maximal: a match ends at a non-space)
_SP_RUN_RE = recache.compile(_SP_CLASS + _SP_CLASS + "*")
# Patterns led by a literal line break: the regex engine skips from one line break to the next, and
# the first and the last line are checked apart.
#: a line of whitespace only
_WS_LINE_RE = recache.compile("\n(" + _SP_CLASS + "+)(?![^\n])")
_WS_LINE0_RE = recache.compile(_SP_CLASS + "+(?![^\n])")
#: a line break after whitespace
_TRAILING_RE = recache.compile("\n(?<=" + _SP_CLASS + "\n)")
#: indentation: any, or one holding an ASCII space, a tab or U+00A0 (U+3000 alone is house style)
_INDENT_ANY_RE = recache.compile("\n" + _SP_CLASS)
_INDENT0_ANY_RE = recache.compile(_SP_CLASS)
#: the whitespace at a position (possibly none)
_SP_RUN0_RE = recache.compile(_SP_CLASS + "*")
_BREAK_OR_SPACE = "\n" + _SPACES
#: U+3000 right after a character that is neither whitespace nor a line break (led by the literal)
_INNER_IDEOGRAPHIC_SPACE_RE = recache.compile("\u3000(?<=[^" + _BREAK_OR_SPACE + "]\u3000)")
#: three or more line breaks, or two at the very end (the lookahead keeps the literal prefix to one line
#: break: the engine's scan for a one-character prefix is faster than its scan for a longer one)
_NL3_RE = recache.compile("\n(?=\n)\n(?:\n+|\\Z)")
_FW_TRIGGER_RE = recache.compile("[\uff05-\uff19]")


#: the last text whose characters below U+0100 were taken, and those characters (the pipeline hands the
#: rules of a pass the same text object); the pair is replaced whole, never changed in place, so
#: concurrent callers stay apart
_latin1_memo: tuple[str | None, bytes] = (None, b"")


def _latin1(text: str) -> bytes:
    """The characters of ``text`` below U+0100, in order: ASCII marks and spaces, U+00A0.

    One C pass (Chinese text has few of them) answers every rule's question about the ASCII marks, where
    a ``str.find`` per mark would scan the whole text for each absent one.
    """
    global _latin1_memo
    memo = _latin1_memo
    if memo[0] is text:
        return memo[1]
    low = text.encode("latin-1", "ignore")
    _latin1_memo = (text, low)
    return low


def _present(text: str, chars: str) -> list[str]:
    """Those of ``chars`` (each below U+0100) that occur in ``text``.

    Looked up among the text's Latin-1 characters when they have been taken, or when there are more than
    three to look for; up to three ``str.find`` (a short one for a frequent character) cost less.
    """
    memo = _latin1_memo
    if memo[0] is text:
        low = memo[1]
    elif len(chars) <= 3:
        return [c for c in chars if c in text]
    else:
        low = _latin1(text)
    return [c for c in chars if ord(c) in low]


def _lines_holding(text: str, needles: Iterable[str]) -> Iterator[tuple[int, str]]:
    """``(offset, line)`` for every line holding one of ``needles`` (strings without a line break), in order.

    One ``str.find`` per needle and line: C speed, and after a hit the search goes on from the next line.
    """
    starts = set()
    for needle in needles:
        i = text.find(needle)
        while i != -1:
            starts.add(text.rfind("\n", 0, i) + 1)
            e = text.find("\n", i)
            i = -1 if e == -1 else text.find(needle, e)
    return _lines_at(text, sorted(starts))


def _lines_at(text: str, starts) -> Iterator[tuple[int, str]]:
    """``(offset, line)`` for the lines starting at the sorted offsets ``starts``."""
    n = len(text)
    for s in starts:
        e = text.find("\n", s)
        if e == -1:
            e = n
        yield s, text[s:e]


# -- punctuation ----------------------------------------------------------------------------------
def ascii_punctuation(text: str, policy: Any) -> list[Edit]:
    """Make ASCII `, : ; ? !` full-width where they punctuate Chinese text.

    ## What it does
    Converts an ASCII comma, colon, semicolon, question or exclamation mark
    to its full-width form (`，：；？！`) when it punctuates Chinese: the
    character before it is Chinese (hanzi, full-width punctuation, a curly
    quote), or, for `,` `;`, the character after it is.  Spaces the ASCII
    habit put after the mark go too, when Chinese or a digit follows.

    ## Why
    GB/T 15834-2011: Chinese text takes full-width punctuation.  Scraped
    pages and machine conversions leave ASCII marks (`编者按:4月26日,衢州市`).

    ## Example
    `编者按:4月26日,衢州市` → `编者按：4月26日，衢州市`

    ## Safety
    Safe.  Never inside numbers or times (`6,600`, `18:41:38`: a digit on
    both sides), URLs, e-mail addresses or code; `?`/`!` followed directly
    by a Latin letter or digit (`當?shù`, `a.php?id=1`) are left alone.
    """
    marks = _present(text, ",:;?!")
    if not marks:
        return []
    edits: list[Edit] = []
    for base, raw in _lines_holding(text, marks):
        line = _masked(raw)
        n = len(line)
        damaged_line = "?" in raw and _DAMAGED_LINE_RE.search(raw) is not None  # asked about a ? only
        last_conv = -1  # offset of the last mark converted on this line
        for run in _FULL_RUN_RE.finditer(line):
            # a run of ASCII marks ("?!") shares its left context
            i, j = run.span()
            k = i - 1
            # look past spaces, a stray straight quote (應用";) and other ASCII marks, which convert
            # with this one: deciding on the same context keeps the rule idempotent (": :…")
            while k >= 0 and (line[k] in _ASCII_SPACES or line[k] in "\"'" or line[k] in _FULL):
                k -= 1
            left = line[k] if k >= 0 else ""
            m = j
            while m < n and line[m] in _ASCII_SPACES:
                m += 1
            spaces_end = m
            while m < n and (line[m] in _ASCII_SPACES or line[m] in _FULL):
                m += 1
            right = line[m] if m < n else ""
            left_cjk, right_cjk = _is_cjk(left), _is_cjk(right)
            for p in range(i, j):
                c = line[p]
                before = line[p - 1] if p else ""
                after = line[p + 1] if p + 1 < n else ""
                if _is_ascii_alnum(before) and _is_ascii_alnum(after):
                    continue  # 6,600  18:41:38  a,b
                if c in "?!" and (after.isascii() and after.isalpha() or _damaged(after) or _damaged(before) or (after and after in "/<")):
                    continue  # 當?shù, 當?\ufffd (a lost character: the encoding family's), a.php?id=1
                if c == "?" and damaged_line:
                    continue  # 當?爻R?抓: on a line with encoding damage a ? may stand for a lost character (ENC004 reports it)
                if c == ":" and after and after in "/\\":
                    continue  # http://, C:\\
                if last_conv > k:
                    # a mark converted between the left context and this one becomes its left
                    # context once converted (the left walk stops at it): decide as the next pass will
                    ok = True
                elif c == ":":
                    ok = left_cjk or (right_cjk and not _is_ascii_alnum(left))
                else:
                    ok = left_cjk or right_cjk
                if not ok:
                    continue
                last_conv = p
                start, end = base + p, base + p + 1
                new = _FULL[c]
                after_space = line[spaces_end] if spaces_end < n else ""
                if p == j - 1 and spaces_end > j and (_is_cjk(after_space) or (after_space.isascii() and after_space.isdigit())):
                    end = base + spaces_end  # the spaces the ASCII habit put after the mark
                edits.append(Edit(start, end, text[start:end], new, f"ASCII {c!r} in Chinese text → {new}"))
    return edits


_PAREN_RE = recache.compile(r"[(（]([^()（）\n]{1,200})[)）]")


def ascii_parentheses(text: str, policy: Any) -> list[Edit]:
    """Make ASCII parentheses full-width when what they hold is Chinese.

    ## What it does
    A pair `( … )` (or a half-converted `（ … )`) on one line whose content
    holds a hanzi and no more Latin letters than hanzi becomes `（ … ）`.

    ## Why
    GB/T 15834-2011 brackets in Chinese text are full-width; CMS templates
    and converters write `(张斌)`.

    ## Example
    `中新网衢州1月26日电 (张斌)` → `中新网衢州1月26日电 （张斌）`

    ## Safety
    Safe.  Latin content keeps its ASCII brackets: `张斌(Zhang Bin)`,
    `北京(Beijing)`, pinyin annotations `設(shè)計` (so when PYN is not
    selected they stay as they are), `(1)`, `f(x)`.
    """
    brackets = _present(text, "()")
    if not brackets:
        return []
    edits: list[Edit] = []
    for base, raw in _lines_holding(text, brackets):
        line = _masked(raw)
        for m in _PAREN_RE.finditer(line):
            body = m.group(1)
            han = len(HANZI_RE.findall(body))
            latin = len(_LATIN_RE.findall(body))
            if not han or latin > han:
                continue
            a, b = m.start(), m.end() - 1
            for pos, full in ((a, "（"), (b, "）")):
                if line[pos] in "()":
                    edits.append(Edit(base + pos, base + pos + 1, line[pos], full, f"ASCII bracket around Chinese → {full}"))
    return edits


_ELLIPSIS_RE = recache.compile(r"\.{3,}|。{3,}|…{3,}|(?<!…)…(?!…)")


def ellipsis(text: str, policy: Any) -> list[Edit]:
    """Write the Chinese ellipsis as `……`.

    ## What it does
    Replaces `...`, `......`, `。。。` (three or more) next to Chinese text
    with `……`; a run of three or more `…` becomes two.

    ## Why
    GB/T 15834-2011: the ellipsis of Chinese text is two U+2026 (`……`).

    ## Example
    `等等...` → `等等……`

    ## Safety
    Safe.  Dots in Latin text (`etc...`), numbers and URLs are not touched;
    a single `…` is left alone (it may be deliberate).
    """
    # a line without three dots, 。 or … in a row has nothing to rewrite (a lone … or a …… is kept); each
    # longer search runs only where a cheaper one found a candidate (dots in a row among the Latin-1
    # characters, a … at all)
    memo = _latin1_memo
    runs = []
    if (b"..." in memo[1] if memo[0] is text else "." in text) and "..." in text:
        runs.append("...")
    if "。。。" in text:
        runs.append("。。。")
    if "…" in text and "………" in text:
        runs.append("………")
    if not runs:
        return []
    edits: list[Edit] = []
    for base, raw in _lines_holding(text, runs):
        line = _masked(raw)
        for m in _ELLIPSIS_RE.finditer(line):
            s = m.group()
            if s == "…":
                continue
            left = line[m.start() - 1] if m.start() else ""
            right = line[m.end()] if m.end() < len(line) else ""
            if s[0] == "." and not (_is_cjk(left) or (_is_cjk(right) and not _is_ascii_alnum(left))):
                continue
            if s == "……":
                continue
            edits.append(Edit(base + m.start(), base + m.end(), raw[m.start() : m.end()], "……", "ellipsis → ……"))
    return edits


def _quote_context_ok(line: str, q0: int, q1: int) -> bool:
    body = line[q0 + 1 : q1]
    han = len(HANZI_RE.findall(body))
    latin = len(_LATIN_RE.findall(body))
    if not han or latin > han:
        return False
    before = line[q0 - 1] if q0 else ""
    return not (before and before in "=:\\") and not (body[:1] in _SPACES or body[-1:] in _SPACES)


def _positions(line: str, ch: str) -> list[int]:
    out = []
    i = line.find(ch)
    while i != -1:
        out.append(i)
        i = line.find(ch, i + 1)
    return out


def straight_quotes(text: str, policy: Any) -> list[Edit]:
    """Turn straight quotes around Chinese into `“”`/`‘’`, in pairs; report a stray one.

    ## What it does
    On each line, straight double quotes are paired in order; a pair whose
    content is Chinese becomes `“…”`.  Single quotes around Chinese content
    (`'两山'`) become `‘…’`.  A straight double quote that cannot be paired
    on its line and stands next to Chinese is *reported* (not changed): it is
    usually what is left of a quote damaged on the way
    (`“從1到N”產業化應用";`).

    ## Why
    Chinese text quotes with `“”` and `‘’`; converters and editors leave
    `"…"`.

    ## Example
    `加强"三河三湖"` → `加强“三河三湖”`

    ## Safety
    Safe: only balanced pairs are converted; apostrophes and quotes around
    Latin text, attribute values (`href="…"`) and code are left alone.
    """
    quotes = _present(text, "\"'")
    if not quotes:
        return []
    edits: list[Edit] = []
    for base, raw in _lines_holding(text, quotes):
        line = _masked(raw)
        qs = _positions(line, '"')
        if len(qs) % 2 == 0:
            for k in range(0, len(qs), 2):
                q0, q1 = qs[k], qs[k + 1]
                if _quote_context_ok(line, q0, q1):
                    edits.append(Edit(base + q0, base + q0 + 1, '"', "“", "straight quote around Chinese → “"))
                    edits.append(Edit(base + q1, base + q1 + 1, '"', "”", "straight quote around Chinese → ”"))
        else:
            for q in qs:
                left = line[q - 1] if q else ""
                right = line[q + 1] if q + 1 < len(line) else ""
                if _is_cjk(left) or _is_cjk(right):
                    edits.append(Edit(base + q, base + q + 1, '"', '"', "unbalanced straight quote in Chinese text (damage?): left as is"))
        if "'" in line:
            sq = _positions(line, "'")
            if len(sq) % 2 == 0:
                for k in range(0, len(sq), 2):
                    q0, q1 = sq[k], sq[k + 1]
                    inner_l = line[q0 + 1] if q0 + 1 < q1 else ""
                    inner_r = line[q1 - 1] if q1 - 1 > q0 else ""
                    if _is_cjk(inner_l) and _is_cjk(inner_r) and _quote_context_ok(line, q0, q1):
                        edits.append(Edit(base + q0, base + q0 + 1, "'", "‘", "straight single quote around Chinese → ‘"))
                        edits.append(Edit(base + q1, base + q1 + 1, "'", "’", "straight single quote around Chinese → ’"))
    edits.sort(key=lambda e: e.start)
    return edits


# -- whitespace -----------------------------------------------------------------------------------
def whitespace_only_lines(text: str, policy: Any) -> list[Edit]:
    """Empty the lines that hold only spaces, tabs, U+00A0 or U+3000.

    ## What it does
    Deletes the whitespace of a line that has nothing else, leaving an empty
    line (NRM006 then collapses the blank lines).

    ## Why
    HTML-to-text conversion leaves `&nbsp;` lines and indented empty
    paragraphs between the real ones.

    ## Example
    `段一\\n \\u00a0\\n段二` → `段一\\n\\n段二`

    ## Safety
    Safe: deletes whitespace only.
    """
    # no presence test first: the literal-led scans cost no more than testing for the four spaces
    edits: list[Edit] = []
    m = _WS_LINE0_RE.match(text)
    if m:
        edits.append(Edit(0, m.end(), m.group(), "", "line of whitespace only"))
    for m in _WS_LINE_RE.finditer(text):
        s, e = m.span(1)
        edits.append(Edit(s, e, m.group(1), "", "line of whitespace only"))
    return edits


def blank_line_runs(text: str, policy: Any) -> list[Edit]:
    """Collapse runs of blank lines to one; drop blank lines at the start and end.

    ## What it does
    Three or more line breaks in a row become two (one blank line between
    paragraphs); blank lines before the first line are removed, and the text
    ends with at most one line break.

    ## Why
    Scraped pages carry the empty blocks of their layout.

    ## Example
    `段一\\n\\n\\n\\n段二` → `段一\\n\\n段二`

    ## Safety
    Safe: deletes line breaks only, and never joins two non-empty lines.
    """
    # no test for a run first: the scan below costs no more
    edits: list[Edit] = []
    n = len(text)
    pos = 0
    if text.startswith("\n"):
        pos = n - len(text.lstrip("\n"))
        edits.append(Edit(0, pos, text[:pos], "", "blank lines at the start"))
    # the runs of three or more line breaks, and a run of two at the very end
    for m in _NL3_RE.finditer(text, pos):
        i, j = m.span()
        if j == n:
            edits.append(Edit(i + 1, j, text[i + 1 : j], "", "blank lines at the end"))
        else:
            edits.append(Edit(i + 2, j, text[i + 2 : j], "", "run of blank lines → one"))
    return edits


def trailing_whitespace(text: str, policy: Any) -> list[Edit]:
    """Strip spaces, tabs, U+00A0 and U+3000 at the end of lines.

    ## What it does
    Deletes the whitespace between the last visible character of a line and
    its line break (or the end of the text).

    ## Why
    It carries no meaning and breaks line-based comparisons and joins.

    ## Example
    `段一。  \\n` → `段一。\\n`

    ## Safety
    Safe: deletes whitespace only (whole-whitespace lines are NRM005's).
    """
    if not text:
        return []
    edits: list[Edit] = []
    ends = [m.start() for m in _TRAILING_RE.finditer(text)]
    if text[-1] in _SPACES:
        ends.append(len(text))
    for end in ends:
        base = text.rfind("\n", 0, end) + 1
        line = text[base:end]
        stripped = line.rstrip(_SPACES)
        if not stripped:
            continue  # NRM005
        s = base + len(stripped)
        edits.append(Edit(s, base + len(line), line[len(stripped) :], "", "trailing whitespace"))
    return edits


@functools.lru_cache(maxsize=65536)
def _bound(a: str, b: str, bond: float, min_count: int) -> bool:
    from .. import langmodel

    if langmodel.bigram_count(a, b) < min_count:
        return False
    return langmodel.bigram_logprob(a, b) - langmodel.char_logprob(b) >= bond


def _inside_short_pair(line: str, i: int, j: int, reach: int = 8) -> bool:
    """Is ``line[i:j]`` the only gap inside a short bracket or quote pair (“两 山”, 《政府 工作报告》)?

    The pair may hold at most ``reach`` other characters and no other whitespace: a longer
    quotation whose parts are separated by spaces (“主服务平台 共同命运 商业综合体”) is a list.
    """
    left = line[max(0, i - reach) : i]
    right = line[j : j + reach + 1]
    lo = max((left.rfind(c) for c in _OPENERS), default=-1)
    if lo == -1 or any(c in left[lo + 1 :] for c in _CLOSERS):
        return False
    closer = _CLOSERS[_OPENERS.index(left[lo])]
    rc = right.find(closer)
    if rc == -1 or any(c in right[:rc] for c in _OPENERS):
        return False
    inner = left[lo + 1 :] + right[:rc]
    return len(inner) <= reach and not any(c in _SPACES for c in inner)


def _gap_lines(text: str) -> list[int]:
    """The starts, in order, of the lines where whitespace follows a visible character (indentation is
    NRM009's): the lines that can hold a gap.

    U+3000 is looked for by a scan led by it (no dearer than a test for its presence), the rarer ASCII
    spaces with ``str.find``, stepping over a run that follows a line break or whitespace; after a hit
    the search goes on from the next line.
    """
    starts = set()
    m = _INNER_IDEOGRAPHIC_SPACE_RE.search(text)
    while m is not None:
        starts.add(text.rfind("\n", 0, m.start()) + 1)
        e = text.find("\n", m.start())
        m = None if e == -1 else _INNER_IDEOGRAPHIC_SPACE_RE.search(text, e)
    for ch in _present(text, _ASCII_SPACES):
        i = text.find(ch, 1)
        while i != -1:
            if text[i - 1] in _BREAK_OR_SPACE:
                i = text.find(ch, _SP_RUN0_RE.match(text, i).end())
                continue
            starts.add(text.rfind("\n", 0, i) + 1)
            e = text.find("\n", i)
            i = -1 if e == -1 else text.find(ch, e)
    return sorted(starts)


def space_inside_word(text: str, policy: Any) -> list[Edit]:
    """Remove spaces that split a Chinese word or pad full-width punctuation.

    ## What it does
    Deletes whitespace (ASCII space, U+00A0, U+3000; up to three) between two
    hanzi when they stand inside a short quote or bracket pair (`“两 山”`)
    or form a strongly bound pair in the reports' bigram model (`盲 目`,
    `重 大`); and whitespace between a full-width punctuation mark and a
    hanzi, digit or another mark (`“三河三湖” 等`, `生效？ 26日`).

    ## Why
    Justified layouts, `&nbsp;` padding and ASCII typing habits put spaces
    where Chinese has none.

    ## Example
    `“两 山”` → `“两山”`

    ## Safety
    Safe.  A space between a hanzi and a Latin word or a number is kept (it
    is often deliberate: `使用 5G 技术`, `39.8 万亿元`), and so is a space
    between two hanzi that do not form a word (a headline's two halves
    `以开路先锋的姿态 书写高分答卷`, a credit `刘舒婷 摄`).
    """
    starts = _gap_lines(text)
    if not starts:
        return []
    bond = float(policy.option("normalize", "word_bond"))
    min_count = int(policy.option("normalize", "word_min_count"))
    edits: list[Edit] = []
    for base, raw in _lines_at(text, starts):
        line = _masked(raw)
        n = len(line)
        for run in _SP_RUN_RE.finditer(line):
            i, j = run.span()
            if j - i > 3 or j == n or i == 0:
                continue
            a, b = line[i - 1], line[j]
            reason = ""
            if is_hanzi(a) and is_hanzi(b):
                if _inside_short_pair(line, i, j):
                    reason = "space inside a quoted or bracketed word"
                elif j - i == 1 and _bound(a, b, bond, min_count):
                    reason = f"space splits the word {a}{b}"
            elif (a in _TIGHT_PUNCT and (is_hanzi(b) or b in _TIGHT_PUNCT or (b.isascii() and b.isdigit()) or 0xFF10 <= ord(b) <= 0xFF19)) or (
                b in _TIGHT_PUNCT and is_hanzi(a)
            ):
                reason = "space next to full-width punctuation"
            if reason:
                edits.append(Edit(base + i, base + j, raw[i:j], "", reason))
    return edits


def _ascii_indented(text: str, ascii_spaces: Iterable[str]) -> list[int]:
    """The starts of the lines whose indentation holds one of ``ascii_spaces``, in order.

    Each character is looked for with ``str.find``; its first occurrence on a line is in the indentation
    or none is, so the search goes on from the next line.
    """
    starts = set()
    for ch in ascii_spaces:
        i = text.find(ch)
        while i != -1:
            if i == 0 or text[i - 1] == "\n":
                starts.add(i)
            else:
                s = text.rfind("\n", 0, i) + 1
                if _SP_RUN0_RE.match(text, s).end() > i:  # whitespace from the line's start to here
                    starts.add(s)
            e = text.find("\n", i)
            i = -1 if e == -1 else text.find(ch, e)
    return sorted(starts)


def indentation(text: str, policy: Any) -> list[Edit]:
    """Remove paragraph indentation (option `indent`: auto, remove, keep).

    ## What it does
    With `indent = "auto"` (the default) removes leading ASCII spaces, tabs
    and U+00A0 before a line of Chinese text and keeps an indentation made
    only of U+3000; with `"remove"` removes U+3000 indentation too; with
    `"keep"` does nothing.

    ## Why
    Scraped pages indent with `&nbsp;` or ASCII spaces (`  以浙江最西部的…`),
    which is markup residue; the two-U+3000 indent of official documents is
    house style (the State Council reports use it on half their paragraphs)
    and is kept unless asked.

    ## Example
    `  以浙江最西部的城市衢州为例` → `以浙江最西部的城市衢州为例`

    ## Safety
    Safe: deletes leading whitespace only, and only before Chinese text (a
    Latin or code line keeps its indentation).
    """
    mode = policy.option("normalize", "indent")
    if mode == "keep":
        return []
    # only lines whose indentation could go: any in "remove" mode, else one holding an ASCII space,
    # a tab or U+00A0 (an indentation of U+3000 only is house style)
    if mode == "remove":
        starts = [m.start() + 1 for m in _INDENT_ANY_RE.finditer(text)]
        if _INDENT0_ANY_RE.match(text):
            starts.insert(0, 0)
    else:
        starts = _ascii_indented(text, _present(text, _ASCII_SPACES))
    edits: list[Edit] = []
    for base, line in _lines_at(text, starts):
        stripped = line.lstrip(_SPACES)
        if not stripped or not (_is_cjk(stripped[0]) or any(is_hanzi(c) for c in stripped[:20])):
            continue  # a Latin or code line keeps its indentation
        lead = line[: len(line) - len(stripped)]
        if mode != "remove" and lead.strip("\u3000") == "":
            continue  # U+3000 indentation: house style, kept
        edits.append(Edit(base, base + len(lead), lead, "", "paragraph indentation"))
    return edits


_FW_RUN_RE = recache.compile("[\uff10-\uff19\uff05\uff0e]+")


def fullwidth_digits(text: str, policy: Any) -> list[Edit]:
    """Make full-width digits and `％` half-width (opt-in).

    ## What it does
    `０`–`９` become `0`–`9`, `％` becomes `%`, and a full-width point
    between full-width digits becomes `.`.

    ## Why
    Some corpora want one form of digits for search and tokenisation.  Not
    a default: official documents write full-width digits and `％` on
    purpose (the State Council reports do, thousands of times).

    ## Example
    `增长９.２％` → `增长9.2%`

    ## Safety
    Safe, but changes house style: select it by its code.
    """
    if not _FW_TRIGGER_RE.search(text):
        return []
    edits: list[Edit] = []
    for m in _FW_RUN_RE.finditer(text):
        run = m.group()
        out = []
        for k, c in enumerate(run):
            if c == "\uff0e":  # a full-width point only between full-width digits
                between = 0 < k < len(run) - 1 and run[k - 1] != "\uff05" and run[k + 1] not in "\uff05\uff0e"
                out.append("." if between else c)
            else:
                out.append(chr(ord(c) - 0xFEE0))
        new = "".join(out)
        if new != run:
            edits.append(Edit(m.start(), m.end(), run, new, "full-width digits → half-width"))
    return edits


def _family_gate(policy: Any) -> Callable[[str], frozenset[str]]:
    """The gate of the family under ``policy``: the NRM rules that may have work on a text (the pipeline
    skips the others).  Each needs one of its ASCII marks, a space, or line breaks in a certain place:
    looked up among the text's Latin-1 characters (:func:`_latin1`, which the rules then reuse) and by a
    few searches.  U+3000 alone indents nothing NRM009 takes unless the mode is "remove"."""
    ideographic_indent = () if policy.option("normalize", "indent") == "remove" else ("NRM009",)

    def gate(text: str) -> frozenset[str]:
        low = _latin1(text)
        have = set(low.translate(None, _GATE_OTHER_BYTES))
        idle = []
        for code, marks in _GATE_MARKS:
            if have.isdisjoint(marks):
                idle.append(code)
        if b"..." not in low and "。。。" not in text and not ("…" in text and "………" in text):
            idle.append("NRM003")
        if b"\n\n" not in low and text[:1] != "\n":
            idle.append("NRM006")
        if have.isdisjoint(_GATE_ASCII_SPACES):
            if "\u3000" not in text:
                idle += ("NRM005", "NRM007", "NRM008", "NRM009")
            else:
                idle += ideographic_indent
        return _CODES.difference(idle)

    return gate


_GATE_MARKS = (
    ("NRM001", frozenset(b",:;?!")),
    ("NRM002", frozenset(b"()")),
    ("NRM004", frozenset(b"\"'")),
)
_GATE_ASCII_SPACES = frozenset(_ASCII_SPACES.encode("latin-1"))
#: the Latin-1 characters the gate does not ask about, deleted before it looks (digits and letters abound)
_GATE_OTHER_BYTES = bytes(b for b in range(256) if b not in _GATE_ASCII_SPACES and not any(b in m for _c, m in _GATE_MARKS))
GATE = _family_gate


RULES: tuple[Rule, ...] = (
    Rule("NRM001", "ascii-punctuation", ascii_punctuation, kind="span", default=True, safety="safe"),
    Rule("NRM002", "ascii-parentheses", ascii_parentheses, kind="span", default=True, safety="safe"),
    Rule("NRM003", "ellipsis", ellipsis, kind="span", default=True, safety="safe"),
    Rule("NRM004", "straight-quotes", straight_quotes, kind="span", default=True, safety="safe"),
    Rule("NRM005", "whitespace-only-lines", whitespace_only_lines, kind="span", default=True, safety="safe"),
    Rule("NRM006", "blank-line-runs", blank_line_runs, kind="span", default=True, safety="safe"),
    Rule("NRM007", "trailing-whitespace", trailing_whitespace, kind="span", default=True, safety="safe"),
    Rule("NRM008", "space-inside-word", space_inside_word, kind="span", default=True, safety="safe"),
    Rule("NRM009", "indentation", indentation, kind="span", default=True, safety="safe"),
    Rule("NRM010", "fullwidth-digits", fullwidth_digits, kind="span", default=False, safety="safe"),
)
#: for :func:`_family_gate`
_CODES = frozenset(r.code for r in RULES)
