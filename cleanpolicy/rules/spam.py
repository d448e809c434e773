"""SPM: injected spam — SEO keyword blocks, inserted phrases, decorations, gambling pages.

Hacked government and news pages carry spam that a search-engine optimiser
injected, not what the author wrote.  It comes in a few shapes, each produced
by a different tool, and each rule here undoes one tool:

* a *keyword block* (``伊人六月,97自拍超碰,久久精品亚洲7777影院,…``): a line of
  many short porn/gambling/SEO terms joined by commas, spaces, ``|`` or ``_``
  (the ``_``-joined form is the spam page title placed above the article);
  recognised by its shape (many short items, no sentence punctuation, digits
  glued to hanzi) *and* its vocabulary (``data/spam/terms.tsv``) — SPM001;
* an *inserted phrase*: a brand or site phrase pasted into sentences at
  several places (``…的新动力浙江汽车品牌，是…``); recognised as one string that
  recurs at seams where the text reads fluently without it, measured with the
  bigram model of :mod:`cleanpolicy.langmodel` — SPM002 (SPM005 reports
  occurrences of such a phrase that *replaced* a word, such as an organ name);
* *decorations*: ``★★★`` runs, punctuation stuffing ``,,,,,,`` and a bracketed
  site tag ``[某某数字]`` repeated inside sentences — SPM003;
* a *fake-notice gambling page*: the whole document is spam; it gets a
  document-level score (metadata ``spam_score``) and a report, never a
  deletion — SPM004.

All matching is done on :func:`cleanpolicy.chars.fold_simplified` of the text
(same length, same offsets), so simplified and traditional input behave the
same.  Every edit is a deletion (or a report); nothing is rewritten.
"""

from __future__ import annotations

import functools
import math
import re
from typing import Any, Callable, NamedTuple

from .. import recache
from .._core import Edit
from ..registry import Rule

__all__ = [
    "keyword_block",
    "inserted_phrase",
    "spam_decoration",
    "spam_document_score",
    "brand_replacement",
    "document_spam_score",
    "RULES",
    "OPTIONS",
]

OPTIONS: dict[str, Any] = {
    #: SPM001: a keyword line needs at least this many items
    "block_min_items": 3,
    #: SPM001: share of items that must carry spam vocabulary
    "block_min_ratio": 0.5,
    #: SPM002: an inserted phrase must occur at least this many times
    "inserted_min_repeats": 2,
    #: SPM002: shortest inserted phrase considered (characters)
    "inserted_min_length": 4,
    #: SPM002: longest inserted phrase considered (characters)
    "inserted_max_length": 12,
    #: SPM003: shortest run of ★☆ symbols removed
    "star_min_run": 3,
    #: SPM003: shortest run of one repeated separator (,，、;；) treated as stuffing
    "punct_min_run": 4,
    #: SPM004: report a document whose spam score reaches this (0..1)
    "document_threshold": 0.5,
}

# --------------------------------------------------------------------------------------------
# data

#: ASCII upper → lower, length-preserving (str.lower() is not, for a few non-ASCII letters)
_ASCII_LOWER = {c: c + 32 for c in range(65, 91)}
#: ASCII punctuation → the full-width form the language model was counted on (same length)
_PUNCT_FULL = str.maketrans({",": "，", ";": "；", ":": "：", "!": "！", "?": "？", "(": "（", ")": "）"})


class _Vocab(NamedTuple):
    #: term -> (kind, weight)
    terms: dict[str, tuple[str, str]]
    #: distinct term lengths, longest first
    lengths: tuple[int, ...]
    #: every character a term can start with
    first_chars: frozenset[str]


@functools.cache
def _vocab() -> _Vocab:
    from ..data import tsv_rows
    from ..errors import DataFileError

    terms: dict[str, tuple[str, str]] = {}
    for lineno, cols in tsv_rows("spam/terms.tsv"):
        if len(cols) < 4 or not cols[0] or cols[1] not in _KINDS or cols[2] not in _WEIGHTS or not cols[3]:
            raise DataFileError(f"spam/terms.tsv:{lineno}: bad row {chr(9).join(cols)!r}")
        terms[cols[0].translate(_ASCII_LOWER)] = (cols[1], cols[2])
    lengths = tuple(sorted({len(t) for t in terms}, reverse=True))
    return _Vocab(terms, lengths, frozenset(t[0] for t in terms))


_KINDS = frozenset({"porn", "gambling", "seo", "lure", "enforcement"})
_WEIGHTS = frozenset({"strong", "weak", "context"})


def _find_terms(folded: str) -> list[tuple[int, int, str, str, str]]:
    """Greedy longest-match scan of ``folded`` (already folded + lowered): (start, end, term, kind, weight)."""
    voc = _vocab()
    terms, lengths, first = voc.terms, voc.lengths, voc.first_chars
    out = []
    i = 0
    n = len(folded)
    while i < n:
        if folded[i] in first:
            for length in lengths:
                t = folded[i : i + length]
                hit = terms.get(t)
                if hit is not None:
                    out.append((i, i + length, t, hit[0], hit[1]))
                    i += length
                    break
            else:
                i += 1
        else:
            i += 1
    return out


def _fold(text: str) -> str:
    from ..chars import fold_simplified

    return fold_simplified(text).translate(_ASCII_LOWER)


# --------------------------------------------------------------------------------------------
# fast scans: find vocabulary in the raw text, without folding all of it
#
# Most text is clean, and folding a whole document (``str.translate`` with a dict) costs far more than
# one compiled-regex scan.  So every rule first scans the raw text with a regex that matches one
# *anchor* character of each word (its rarest character in the reports), with the rest of the word
# checked by look-behind/look-ahead over character classes holding every character that folds to the
# wanted one (traditional forms, upper-case ASCII).  The hits are then confirmed on small folded
# slices.  A word occurs in the folded text exactly where it occurs in the raw text this way, because
# the fold works character by character.  One such pass finds the spam terms, the place names and
# SPM003's triggers together, and its result is kept for the last text (:func:`_found`): the five rules
# of the family look at the same text in turn.

#: what ``str.splitlines`` breaks lines on
_LINE_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_BREAK_RE = recache.compile("[" + _LINE_BREAKS + "]")
_OTHER_BREAK_RE = recache.compile("[" + _LINE_BREAKS[1:] + "]")


class _FoldMaps(NamedTuple):
    #: char -> _fold(char), for every character the fold changes; the same followed by _PUNCT_FULL
    changed: dict[str, str]
    changed_punct: dict[str, str]
    #: their translate tables
    table: dict[int, str]
    table_punct: dict[int, str]
    #: folded char -> every character that folds to it (itself excluded), as a string; the same with
    #: _PUNCT_FULL
    inverse: dict[str, str]
    inverse_punct: dict[str, str]


def _changed_chars() -> dict[str, str]:
    """char -> _fold(char) for every character the fold changes, in code point order.  Only the keys of
    the fold's table and the ASCII capitals can change (not a scan of every code point)."""
    from ..chars import fold_table

    table = fold_table()
    changed = {}
    for k in sorted(table.keys() | _ASCII_LOWER.keys()):
        x = chr(k)
        y = table.get(k, x).translate(_ASCII_LOWER)
        if y != x:
            changed[x] = y
    return changed


@functools.cache
def _fold_maps() -> _FoldMaps:
    changed = _changed_chars()
    punct = {chr(k): v for k, v in _PUNCT_FULL.items()}
    changed_punct = {x: punct.get(y, y) for x, y in changed.items()}
    for x, y in punct.items():
        z = changed.get(x, x)
        changed_punct[x] = punct.get(z, z)
    changed_punct = {x: y for x, y in changed_punct.items() if x != y}

    def inverse(m: dict[str, str]) -> dict[str, str]:
        inv: dict[str, str] = {}
        for x, y in m.items():
            inv[y] = inv.get(y, "") + x
        return inv

    return _FoldMaps(
        changed,
        changed_punct,
        {ord(x): y for x, y in changed.items()},
        {ord(x): y for x, y in changed_punct.items()},
        inverse(changed),
        inverse(changed_punct),
    )


@functools.cache
def _hanzi_moves() -> "tuple[re.Pattern[str] | None, dict[str, int]]":
    """The characters the fold makes (+1) or unmakes (-1) hanzi (:func:`_is_hanzi`), as a regex, and their signs."""
    moves = {x: (1 if _is_hanzi(y) else -1) for x, y in _fold_maps().changed.items() if _is_hanzi(x) != _is_hanzi(y)}
    return (recache.compile("[" + "".join(re.escape(x) for x in sorted(moves)) + "]") if moves else None), moves


@functools.cache
def _tag_safe() -> bool:
    """The fold never makes or removes a bracket or a newline (_TAG_RE matches the same on raw text)."""
    changed = _fold_maps().changed
    return set("[]【】\n").isdisjoint(changed) and set("[]【】\n").isdisjoint(changed.values())


class _Scanner(NamedTuple):
    #: folded anchor char -> ((word, offset of its anchor, whether the fold keeps every character of it), ...)
    by_anchor: dict[str, tuple[tuple[str, int, bool], ...]]
    #: char -> folded char; translate table for slices
    changed: dict[str, str]
    table: dict[int, str]
    #: raw anchor char -> the look-arounds under which one of the words is there ("": always)
    alts: dict[str, tuple[str, ...]]


def _build_scanner(words, punct: bool = False) -> _Scanner:
    from ..langmodel import char_count

    maps = _fold_maps()
    if punct:
        changed, table, inverse = maps.changed_punct, maps.table_punct, maps.inverse_punct
    else:
        changed, table, inverse = maps.changed, maps.table, maps.inverse

    def preimage(c: str) -> list[str]:
        xs = set(inverse.get(c, ()))
        if c not in changed:
            xs.add(c)
        return sorted(xs)

    def cls(xs: list[str]) -> str:
        return re.escape(xs[0]) if len(xs) == 1 else "[" + "".join(re.escape(x) for x in xs) + "]"

    by_literal: dict[str, set[str]] = {}
    by_anchor: dict[str, list[tuple[str, int, bool]]] = {}
    for w in sorted(set(words)):
        classes = [preimage(c) for c in w]
        if not w or not all(classes):
            continue  # a word the folded text can never hold
        a = min(range(len(w)), key=lambda k: (char_count(w[k]), k))
        behind = "".join(cls(xs) for xs in classes[:a])
        ahead = "(?=" + "".join(cls(xs) for xs in classes[a + 1 :]) + ")" if a + 1 < len(w) else ""
        for v in classes[a]:
            # the look-behind ends at the anchor, which is ``v`` there: a literal is cheaper than a class
            by_literal.setdefault(v, set()).add(("(?<=" + behind + re.escape(v) + ")" if a else "") + ahead)
        by_anchor.setdefault(w[a], []).append((w, a, not any(c in changed for c in w)))
    alts = {v: tuple(sorted(xs)) for v, xs in by_literal.items()}
    return _Scanner({k: tuple(v) for k, v in by_anchor.items()}, changed, table, alts)


def _skipping_regex(alts: dict[str, tuple[str, ...]]) -> "re.Pattern[str] | None":
    """A regex whose matches end at the anchors ``alts`` holds a word at, in order; group 1 is the anchor
    (the last match, at the text end, has none).

    A regex of just the anchors (``现(?<=提现)|代(?=理)|…``) makes the engine stop at every anchor
    character and, when its look-around fails (almost always: the anchors are common characters), try
    every other alternative in turn before giving up on the position.  Here each match instead runs in
    one go over everything that is no hit: the other characters in possessive runs, and each anchor whose
    look-around fails by its own alternative (``现(?!(?<=提现))``, the anchors commonest in Chinese
    first), which stops at its character.  Possessive, so nothing is ever tried twice: linear.  Where
    that run stops, an anchor's look-around holds (or it is one of those that need none): the match
    takes that character as group 1.
    """
    from ..chars import skipping_regex
    from ..langmodel import char_count

    if not alts:
        return None
    order = [v for v in sorted(alts, key=lambda v: (-char_count(v), v)) if "" not in alts[v]]
    if not order:
        return skipping_regex(alts, [])
    misses = "|".join(re.escape(v) + "(?!" + "|".join(alts[v]) + ")" for v in order)
    # behind one class of their characters: where none can start (at the text end, at a star or bracket)
    # the engine does not go through hundreds of alternatives, which on a short text costs more than its scan
    return skipping_regex(alts, ["(?=[" + "".join(map(re.escape, sorted(order))) + "])(?:" + misses + ")"])


def _anchor_hits(text: str, regex: "re.Pattern[str]") -> list[int]:
    """The offsets of the anchors at which the look-around of :func:`_skipping_regex` holds."""
    out = []
    for m in regex.finditer(text):
        q = m.start(1)
        if q < 0:
            break  # the text end
        out.append(q)
    return out


def _words_at(text: str, hits: list[int], sc: _Scanner) -> list[tuple[int, str]]:
    """The occurrences ``(start, word)`` of the scanner's words anchored at ``hits`` (offsets of anchors)."""
    out = []
    n = len(text)
    changed, by_anchor, table = sc.changed, sc.by_anchor, sc.table
    for q in hits:
        c = text[q]
        for w, a, plain in by_anchor.get(changed.get(c, c), ()):
            s = q - a
            e = s + len(w)
            if s >= 0 and e <= n:
                piece = text[s:e]
                if (plain and piece == w) or piece.translate(table) == w:
                    out.append((s, w))
    return out


def _scan(text: str, sc: _Scanner, regex: "re.Pattern[str] | None") -> list[tuple[int, str]]:
    """Every occurrence ``(start, word)`` of the scanner's words in the folded text (overlaps included),
    given the scanner's :func:`_skipping_regex`."""
    if regex is None:
        return []
    return _words_at(text, _anchor_hits(text, regex), sc)


@functools.cache
def _spam_scanner() -> _Scanner:
    voc = _vocab()
    return _build_scanner(w for w, (kind, _wt) in voc.terms.items() if kind in _SPAM_KINDS or kind == "lure")


@functools.cache
def _all_terms_scanner() -> _Scanner:
    return _build_scanner(_vocab().terms)


@functools.cache
def _place_scanner() -> _Scanner:
    return _build_scanner(_places()[0], punct=True)


@functools.cache
def _all_terms_regex() -> "re.Pattern[str] | None":
    return _skipping_regex(_all_terms_scanner().alts)


@functools.cache
def _place_regex() -> "re.Pattern[str] | None":
    return _skipping_regex(_place_scanner().alts)


@functools.cache
def _family_regex() -> "re.Pattern[str] | None":
    """The :func:`_skipping_regex` of the spam and the place scanner together, which also stops at every
    star and opening bracket (SPM003's triggers): one pass over a text serves the whole family."""
    alts: dict[str, set[str]] = {ch: {""} for ch in _STARS + _OPENING}
    for sc in (_spam_scanner(), _place_scanner()):
        for v, xs in sc.alts.items():
            alts.setdefault(v, set()).update(xs)
    return _skipping_regex({v: tuple(sorted(xs)) for v, xs in alts.items()})


_SPAM_KINDS = frozenset({"porn", "gambling", "seo"})


class _Found(NamedTuple):
    #: occurrences (start, word) of porn/gambling/SEO terms (any weight), of bait terms, of place names; sorted
    spam: tuple[tuple[int, str], ...]
    bait: tuple[tuple[int, str], ...]
    places: tuple[tuple[int, str], ...]
    #: the text holds a star of _STARS; an opening bracket of _TAG_RE
    star: bool
    bracket: bool


#: the last text scanned and what was found in it, a pair replaced whole (a reader always gets the
#: result of its own text): SPM004, SPM001, SPM003, SPM005 and SPM002 look at the same text in turn
_FOUND_LAST: list = [(None, None)]


_NOTHING_FOUND = _Found((), (), (), False, False)


def _found(text: str) -> _Found:
    """The spam and bait terms, the place names and SPM003's triggers in the folded ``text``, from one
    pass over it."""
    last, found = _FOUND_LAST[0]
    if last is text:
        return found
    hits = _anchor_hits(text, _family_regex())
    if not hits:
        _FOUND_LAST[0] = (text, _NOTHING_FOUND)  # most text: no term, place, star or bracket
        return _NOTHING_FOUND
    terms = _vocab().terms
    occ = sorted(_words_at(text, hits, _spam_scanner()))
    chars = {text[q] for q in hits}
    found = _Found(
        tuple(o for o in occ if terms[o[1]][0] != "lure"),
        tuple(o for o in occ if terms[o[1]][0] == "lure"),
        tuple(sorted(_words_at(text, hits, _place_scanner()))),
        not chars.isdisjoint(_STARS),
        not chars.isdisjoint(_OPENING),
    )
    _FOUND_LAST[0] = (text, found)
    return found


def _decoration_triggers(text: str) -> tuple[bool, bool]:
    """Does ``text`` hold a star, an opening bracket?  From :func:`_found` when the text is the one it last
    saw, else by substring searches (SPM001 changed the text: a whole scan would cost more)."""
    last, found = _FOUND_LAST[0]
    if last is text:
        return found.star, found.bracket
    return any(ch in text for ch in _STARS), any(ch in text for ch in _OPENING)


def _place_names(text: str) -> "tuple[tuple[int, str], ...] | list[tuple[int, str]]":
    """The place names in the folded ``text``: from :func:`_found` when the text is the one it last saw
    (the report rules ran on it), else by the place scan alone (SPM002 again after other rules' changes)."""
    last, found = _FOUND_LAST[0]
    if last is text:
        return found.places
    return _scan(text, _place_scanner(), _place_regex())


def _bait_and_spam(text: str) -> tuple[tuple[tuple[int, str], ...], tuple[tuple[int, str], ...]]:
    """Occurrences of porn/gambling/SEO terms (any weight) and of bait terms in the folded text, sorted."""
    found = _found(text)
    return found.spam, found.bait


def _spam_occurrences(text: str) -> tuple[tuple[int, str], ...]:
    """Occurrences of porn/gambling/SEO terms (any weight) in the folded text, sorted."""
    return _found(text).spam


def _greedy_terms(text: str) -> list[tuple[str, str, str]]:
    """(term, kind, weight) of ``_find_terms(_fold(text))``, in order, from the anchored scan."""
    terms = _vocab().terms
    longest: dict[int, str] = {}
    for s, w in _scan(text, _all_terms_scanner(), _all_terms_regex()):
        if len(w) > len(longest.get(s, "")):
            longest[s] = w
    out = []
    cursor = 0
    for s in sorted(longest):
        if s >= cursor:
            w = longest[s]
            kind, weight = terms[w]
            out.append((w, kind, weight))
            cursor = s + len(w)
    return out


#: hanzi by the high byte of their UTF-16 code unit: U+3400..U+9FFF and U+F900..U+FAFF (as _is_hanzi)
_HANZI_HIGH_BYTES = bytes(1 if (0x34 <= b <= 0x9F or b in (0xF9, 0xFA)) else 0 for b in range(256))
def _hanzi_total(text: str) -> int:
    """``sum(map(_is_hanzi, _fold(text)))``, counted on the raw text."""
    n = text.encode("utf-16-be", "surrogatepass")[0::2].translate(_HANZI_HIGH_BYTES).count(1)
    moves, sign = _hanzi_moves()
    if moves is not None:
        n += sum(sign[ch] for ch in moves.findall(text))
    return n


# --------------------------------------------------------------------------------------------
# SPM001 keyword blocks

#: sentence punctuation: a line holding any of it is prose, not a keyword list
_SENTENCE_PUNCT = frozenset("。！？!?；;")
#: separators between the items of a keyword list
_ITEM_SPLIT_RE = recache.compile(r"[,，|｜_、/／\s\u3000·•]+")


def _is_hanzi(ch: str) -> bool:
    """Is ``ch`` in U+3400..U+9FFF or U+F900..U+FAFF?  (Compared, not matched: for the few characters it
    is asked about, a regex would cost more to compile than it saves.)"""
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"


# The regexes over the hanzi ranges are compiled on first use: the compiler takes a step per code point
# of a range, ~1 ms each, which a process cleaning texts without the spam they look at need not spend.


@functools.cache
def _glued_digits_re() -> "re.Pattern[str]":
    """Digits glued to hanzi (``7777影院``, ``97自拍``), not a date or a quantity (``2019年``, ``30万``)."""
    return recache.compile(
        r"[0-9]{2,}(?![0-9年月日号期届次个万亿元％%岁周天时分秒]|[0-9])[\u4e00-\u9fff]|[\u4e00-\u9fff][0-9]{3,}"
    )


def _line_spam_score(body: str, min_items: int) -> tuple[float, int, bool, float] | None:
    """(mean item score, items, has strong term, total) for a keyword-list-shaped line, else None."""
    if any(ch in _SENTENCE_PUNCT for ch in body):
        return None
    items = [it for it in _ITEM_SPLIT_RE.split(body) if it]
    if len(items) < min_items:
        return None
    lengths = [len(it) for it in items]
    if max(lengths) > 30 or sum(lengths) / len(items) > 14:
        return None
    folded_items = [_fold(it) for it in items]
    total = 0.0
    strong = False
    for it in folded_items:
        hits = _find_terms(it)
        s = 0.0
        n_weak = 0
        for _a, _b, _t, kind, weight in hits:
            if kind in ("lure", "enforcement"):
                continue
            if weight == "strong":
                s = 1.0
                strong = True
            elif weight == "weak":
                n_weak += 1
        s = max(s, min(1.0, 0.4 * n_weak))
        if s and _glued_digits_re().search(it):
            s = min(1.0, s + 0.3)
        total += s
    return total / len(items), len(items), strong, total


def _delete_lines(text: str, spans: list[tuple[int, int]], reason: str) -> list[Edit]:
    """Edits deleting whole lines ``[start, end_with_newline)`` (sorted).

    Touching lines merge into one edit.  Blank lines after a deleted run that itself followed a blank
    line (or began the text) go too, and a run that ends the text takes the blank lines before it, so
    paragraph spacing stays as it was.
    """
    n = len(text)
    runs: list[list[int]] = []
    for start, end in sorted(spans):
        if runs and start <= runs[-1][1]:
            runs[-1][1] = max(runs[-1][1], end)
        else:
            runs.append([start, end])
    for run in runs:
        start, end = run
        if _prev_line_blank(text, start):
            j = end
            while j < n:
                k = text.find("\n", j)
                if k == -1 or text[j:k].strip():
                    break
                j = k + 1
            run[1] = j
    # merge again: swallowed blank lines may now touch the next run
    merged: list[list[int]] = []
    for run in runs:
        if merged and run[0] <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], run[1])
        else:
            merged.append(run)
    if merged and merged[-1][1] >= n and merged[-1][0] > 0:
        # the text ends with deleted lines: take the blank lines before them, keep the previous line's break
        start = merged[-1][0]
        k = start
        while k > 0 and text[k - 1] in "\r\n \t\u3000":
            k -= 1
        nl = text.find("\n", k, start)
        start = nl + 1 if nl != -1 else start
        if len(merged) > 1:
            start = max(start, merged[-2][1])
        merged[-1][0] = start
    return [Edit(s0, e0, text[s0:e0], "", reason) for s0, e0 in merged]


def _prev_line_blank(text: str, start: int) -> bool:
    """Is the line before the one starting at ``start`` empty (whitespace only)?"""
    if start == 0:
        return True
    k = text.rfind("\n", 0, start - 1)
    return not text[k + 1 : start - 1].strip()


_SENTENCE_PUNCT_RE = recache.compile("[" + "".join(sorted(_SENTENCE_PUNCT)) + "]")
_PUNCT_OR_BREAK_RE = recache.compile("[" + "".join(sorted(_SENTENCE_PUNCT)) + _LINE_BREAKS + "]")


def _has_sentence_punct(s: str) -> bool:
    return any(ch in _SENTENCE_PUNCT for ch in s)


def _short_line(body: str) -> bool:
    """A stripped line body short enough to be one stacked keyword (no item separator in it)."""
    return bool(body) and len(body) <= 20 and not _ITEM_SPLIT_RE.search(body)


def _line_end(text: str, m: "re.Match[str] | None") -> tuple[int, int]:
    """(end of body, end with the line break) of a line, given the search hit on its break (None: text end)."""
    if m is None:
        return len(text), len(text)
    b = m.start()
    if text[b] == "\r" and text[b + 1 : b + 2] == "\n":
        return b, b + 2
    return b, b + 1


def _line_start(text: str, p: int) -> int:
    """Start of the ``str.splitlines`` line holding ``p`` (``p`` in its body or at its break)."""
    s = text.rfind("\n", 0, p) + 1
    last = None
    for last in _OTHER_BREAK_RE.finditer(text, s, p):
        pass
    return last.end() if last is not None else s



def keyword_block(text: str, policy) -> list[Edit]:
    """Delete lines that are SEO keyword blocks of porn, gambling or ad terms.

    ## What it does
    Deletes a whole line when it is shaped like a keyword list — at least
    three short items joined by commas, spaces, ``|``, ``、`` or ``_``, and no
    sentence punctuation — and at least half of its items carry spam
    vocabulary from ``data/spam/terms.tsv`` (one unambiguous term, or two
    spam-flavoured morphemes such as ``国产``+``视频``; digits glued to hanzi
    like ``7777影院`` add weight).  The ``_``-joined spam page title placed
    above an article is the same shape.

    ## Why
    Hacked sites inject such blocks for search engines; real policy text never
    holds a line of that shape with that vocabulary.  A policy line that
    *discusses* gambling or pornography is prose, with sentence punctuation
    and long items, so it is never a candidate.

    ## Example
    `伊人六月,97自拍超碰,久久精品亚洲7777影院,…` (whole line) → deleted

    ## Safety
    Safe: only whole lines are deleted, only when both shape and vocabulary
    agree; a keyword line of ordinary words (``关键词：乡村振兴 共同富裕``) and a
    navigation bar (``视频 | 图片 | 直播``) stay.
    """
    if len(text) < 6:
        return []
    # a keyword line holds a strong or weak spam term: look only at the lines around those
    terms = _vocab().terms
    hits = [s for s, w in _spam_occurrences(text) if terms[w][1] != "context"]
    if not hits:
        return []
    min_items = int(policy.option("spam", "block_min_items"))
    min_ratio = float(policy.option("spam", "block_min_ratio"))
    n = len(text)
    spans: list[tuple[int, int]] = []
    done = 0  # hits before this offset lie in lines already judged
    for p in hits:
        if p < done:
            continue
        # a line holding sentence punctuation is prose (and ends any stack of short lines): most hits
        # in clean text stop here, at the end of their sentence
        m = _PUNCT_OR_BREAK_RE.search(text, p)
        if m is not None and m.group() in _SENTENCE_PUNCT:
            done = m.end()
            continue
        body_end, end = _line_end(text, m)
        start = _line_start(text, p)
        done = end
        if _SENTENCE_PUNCT_RE.search(text, start, p):
            continue
        body = text[start:body_end].strip()
        if not _short_line(body):
            if body_end - start < 6 or not _ITEM_SPLIT_RE.search(body):
                continue
            res = _line_spam_score(body, min_items)
            if res is None:
                continue
            ratio, _n, strong, total = res
            if ratio >= min_ratio and (strong or total >= 3.0):
                spans.append((start, end))
            continue
        # a keyword list may also be stacked one term per line: the whole run of short,
        # punctuation-free lines around this one is judged as one list
        run = [(start, end, body)]
        s0 = start
        while s0 > 0:
            be = s0 - 2 if s0 >= 2 and text[s0 - 2 : s0] == "\r\n" else s0 - 1
            ps = _line_start(text, be)
            pb = text[ps:be].strip()
            if not _short_line(pb) or _has_sentence_punct(pb):
                break
            run.append((ps, s0, pb))
            s0 = ps
        run.reverse()
        e0 = end
        while e0 < n:
            nbe, nend = _line_end(text, _BREAK_RE.search(text, e0))
            nb = text[e0:nbe].strip()
            if not _short_line(nb) or _has_sentence_punct(nb):
                break
            run.append((e0, nend, nb))
            e0 = nend
        done = e0
        if len(run) >= min_items:
            res = _line_spam_score(",".join(b for _s, _e, b in run), min_items)
            if res is not None and res[0] >= min_ratio and (res[2] or res[3] >= 3.0):
                spans.extend((s1, e1) for s1, e1, _b in run)
    if not spans:
        return []
    spans.sort()
    return _delete_lines(text, spans, "SEO keyword block (porn/gambling/ad terms joined as a list)")


# --------------------------------------------------------------------------------------------
# SPM002 / SPM005 inserted phrases


def _is_word_char(ch: str) -> bool:
    return ("\u4e00" <= ch <= "\u9fff") or ("\u3400" <= ch <= "\u4dbf") or ch.isascii() and ch.isalnum()


@functools.lru_cache(maxsize=4096)
def _pmi(a: str, b: str) -> float:
    """log P(b|a) − log P(b): how much ``a`` predicts ``b`` (≈ −1.2 for a pair never seen)."""
    from ..langmodel import bigram_logprob, char_logprob

    return bigram_logprob(a, b) - char_logprob(b)


@functools.lru_cache(maxsize=1 << 16)
def _seen(a: str, b: str) -> bool:
    from ..langmodel import bigram_count

    return bigram_count(a, b) > 0


#: the text around an inserted phrase must read fluently without it: pmi(left, right) at least this
_FLUENT_PMI = 0.3
#: an occurrence is an insertion when pmi(left,right) − min(junction pmis) reaches this
_MIN_GAIN = 1.5
#: an occurrence with this gain (and no seam) is still consistent with a paste
_LOOSE_GAIN = 1.0
#: a glued junction weaker than this does not argue against an insertion
_WEAK_PMI = 1.0
#: longest phrase without a listed head (place + 2–4 characters)
_HEADLESS_MAX = 7
#: analyse at most this many distinct candidate strings (keeps the rule linear)
_MAX_CANDIDATES = 64


class _Occurrence(NamedTuple):
    start: int
    end: int
    phrase: str
    gain: float
    inserted: bool
    #: glued to the text with a seam or a clear gain: consistent with a paste, if not proof of one
    loose: bool = False


def _first_column(relpath: str) -> tuple[frozenset[str], tuple[int, ...]]:
    """The first field of every row of a packaged TSV, and their lengths, longest first."""
    from ..data import tsv_rows

    words = frozenset(cols[0] for _lineno, cols in tsv_rows(relpath))
    return words, tuple(sorted({len(w) for w in words}, reverse=True))


@functools.cache
def _brand_heads() -> tuple[frozenset[str], tuple[int, ...]]:
    return _first_column("spam/brand_heads.tsv")


@functools.cache
def _places() -> tuple[frozenset[str], tuple[int, ...]]:
    return _first_column("spam/places.tsv")


def _analyse_inserted(text: str, min_len: int, max_len: int, min_repeats: int) -> tuple[tuple[_Occurrence, ...], ...]:
    """Groups of occurrences of phrases judged to be inserted spam (one tuple per phrase).

    Works near place names only: every candidate phrase begins with one, so the place names are found
    by an anchored scan of the raw text and everything else is judged on small folded windows around
    them (windows repeat on a page that repeats a phrase, so their verdicts are memoised).  This gives
    exactly the result of :func:`_analyse_inserted_whole`, which reads every character.
    """
    n = len(text)
    if n < min_len * min_repeats:
        return ()
    places, place_lengths = _places()
    if not place_lengths:
        return ()
    if min_len < place_lengths[0]:
        # a phrase could then end inside a place name, and its other occurrences need not begin with a
        # place: only the whole-text analysis finds them all
        return _analyse_inserted_whole(text, min_len, max_len, min_repeats)
    starts = sorted({s for s, _w in _place_names(text)})
    if not starts:
        return ()
    heads, head_lengths = _brand_heads()
    table = _place_scanner().table
    if len(starts) * (max_len + 12) > n:
        whole = text.translate(table)

        def seg(a: int, b: int) -> str:
            return whole[max(a, 0) : b]

    else:

        def seg(a: int, b: int) -> str:
            return text[max(a, 0) : b].translate(table)

    if min_repeats > 1:
        # a phrase must begin min_repeats places, all with the same first min_len (folded) characters
        raw_firsts: dict[str, int] = {}
        for i in starts:
            raw_firsts[text[i : i + min_len]] = raw_firsts.get(text[i : i + min_len], 0) + 1
        folded_firsts = {r: r.translate(table) for r in raw_firsts}
        firsts: dict[str, int] = {}
        for r, c in raw_firsts.items():
            firsts[folded_firsts[r]] = firsts.get(folded_firsts[r], 0) + c
        keep = {r for r, f in folded_firsts.items() if firsts[f] >= min_repeats}
        if not keep:
            return ()
        starts = [i for i in starts if text[i : i + min_len] in keep]
    # the window of each place: from one character before it to max_len after its start
    windows = []
    for i in starts:
        base = i - 1 if i else 0
        windows.append((seg(base, i + max_len + 1), i - base))
    # every pasted occurrence has a seam (a pair the language model never saw) at its start or its end,
    # and every occurrence of a candidate begins at a place: without a seam near a place, nothing here
    # can be a paste (clean text stops here)
    if not any(_seam_near(g, i, min_len, max_len) for g, i in set(windows)):
        return ()
    # walk each place: the phrases it begins (place + word characters up to max_len) and whether each
    # is a candidate (ends in a listed head, or is short and ends at a break)
    by_window: dict[tuple[str, int], list[int]] = {}
    for i, key in zip(starts, windows):
        by_window.setdefault(key, []).append(i)
    cands: dict[str, int] = {}
    headless: set[str] = set()
    at: dict[str, list[int]] = {}
    for key, where in by_window.items():
        for p, counted, is_headless in _walk(key[0], key[1], min_len, max_len, heads, head_lengths):
            at.setdefault(p, []).extend(where)
            if counted:
                cands[p] = cands.get(p, 0) + len(where)
                if is_headless:
                    headless.add(p)
    repeated = [p for p, c in cands.items() if c >= min_repeats and _hanzi_count(p) >= 3]
    if not repeated:
        return ()
    repeated.sort(key=lambda p: (-cands[p] * len(p), p))
    judged: dict[tuple[str, int, int], tuple[_Occurrence, str, bool]] = {}
    groups = []
    for phrase in repeated[:_MAX_CANDIDATES]:
        # the occurrences str.find would give, left to right without overlaps; each begins at a place
        sel = []
        last = -1
        for k in sorted(at[phrase]):
            if k >= last:
                sel.append(k)
                last = k + len(phrase)
        if len(sel) < min_repeats:
            continue
        sel = sel[:10000]
        verdicts = []  # (scored occurrence at the window's offsets, glued context, inserted once confirmed)
        for k in sel:
            base = k - 2 if k >= 2 else 0
            key = (seg(base, k + len(phrase) + 8), k - base, len(phrase))
            r = judged.get(key)
            if r is None:
                r = judged[key] = _judge(key[0], key[1], key[1] + len(phrase), phrase)
            verdicts.append(r)
        n_ins = sum(1 for o, _c, _s in verdicts if o.inserted)
        if phrase in headless and (n_ins < max(min_repeats, 3) or n_ins < len(verdicts)):
            continue
        # one clear paste, and every other occurrence (or all but a third) consistent with a paste
        pasted = [ctx for o, ctx, _s in verdicts if o.inserted or o.loose]
        if n_ins < 1 or len(pasted) < max(min_repeats, -(-2 * len(verdicts) // 3)):
            continue
        # pasted at random places: the glued-side contexts differ from one insertion to the next
        if len(set(pasted)) < len(pasted):
            continue
        # the phrase is confirmed as pasted spam: every occurrence glued into the text is a paste too,
        # except where an organ suffix follows (there it replaced a name: SPM005 reports it)
        groups.append(
            tuple(
                _Occurrence(k, k + len(phrase), phrase, o.gain, settled, o.loose)
                for k, (o, _c, settled) in zip(sel, verdicts)
            )
        )
    return _resolve_overlaps(groups, min_repeats)


@functools.cache
def _word_run_re() -> "re.Pattern[str]":
    """A run of the characters of _is_word_char (compiled on first use, as :func:`_glued_digits_re`)."""
    return recache.compile("[0-9A-Za-z\u3400-\u4dbf\u4e00-\u9fff]*")


@functools.lru_cache(maxsize=1 << 12)
def _seam_near(g: str, i: int, min_len: int, max_len: int) -> bool:
    """Can a phrase beginning with the place at ``g[i]`` touch a seam (see :func:`_walk` for ``g``)?

    Memoised, as :func:`_walk`: SPM002 runs again on the whole text after other rules changed it, and
    most windows are the same then."""
    if i > 0 and _is_word_char(g[i - 1]) and not _seen(g[i - 1], g[i]):
        return True
    # a phrase g[i:j] holds word characters only; its right seam is the pair (g[j-1], g[j]), g[j] a word
    # character too
    stop = min(_word_run_re().match(g, i).end() - 1, i + max_len)
    return any(not _seen(g[j - 1], g[j]) for j in range(i + max(min_len, 1), stop + 1))


@functools.lru_cache(maxsize=1 << 12)
def _walk(g: str, i: int, min_len: int, max_len: int, heads, head_lengths) -> tuple[tuple[str, bool, bool], ...]:
    """The phrases a place at ``g[i]`` begins, for :func:`_analyse_inserted`.

    ``g`` is the folded text from one character before the place (none at the text start) to
    ``max_len`` characters after its start, or to the text end (then ``j == len(g)`` is the text end).
    Returns ((phrase, candidate, headless candidate), ...).
    """
    out = []
    # a phrase holds word characters only: it ends inside the run of them that starts at the place, or
    # with it (then it is followed by a break, punctuation or the text end)
    run = _word_run_re().match(g, i).end()
    for j in range(i + max(min_len, 1), min(run, i + max_len) + 1):
        length = j - i
        p = g[i:j]
        for h in head_lengths:
            if h < length and g[j - h : j] in heads:
                out.append((p, True, False))
                break
        else:
            if length <= _HEADLESS_MAX and (j == run or not _seen(g[j - 1], g[j])):
                out.append((p, True, True))
            else:
                out.append((p, False, False))
    return tuple(out)


def _judge(g: str, i: int, j: int, phrase: str) -> tuple[_Occurrence, str, bool]:
    """(scored occurrence, glued context, inserted once confirmed) of ``g[i:j]``.

    ``g`` runs from two characters before the occurrence (fewer at the text start) to eight after it
    (fewer at the text end), which is all the scoring, the context and the organ suffix look at.
    """
    word = [_is_word_char(ch) for ch in g]
    o = _score_occurrence(g, word, i, j, phrase)
    return o, _glued_context(g, word, o), _settle(g, word, o).inserted


def _resolve_overlaps(groups: list, min_repeats: int) -> tuple[tuple[_Occurrence, ...], ...]:
    """Keep the best phrase where confirmed phrases overlap (highest mean gain over its insertions)."""
    groups.sort(key=lambda g: -sum(o.gain for o in g if o.inserted) / max(1, sum(o.inserted for o in g)))
    taken: set[int] = set()
    out = []
    for g in groups:
        keep = tuple(o for o in g if not any(x in taken for x in range(o.start, o.end)))
        if sum(o.inserted for o in keep) < min_repeats:
            continue
        for o in keep:
            taken.update(range(o.start, o.end))
        out.append(keep)
    out.sort(key=lambda g: g[0].start)
    return tuple(out)


def _analyse_inserted_whole(text: str, min_len: int, max_len: int, min_repeats: int) -> tuple[tuple[_Occurrence, ...], ...]:
    """:func:`_analyse_inserted` reading every character (for phrases shorter than a place name)."""
    n = len(text)
    if n < min_len * min_repeats:
        return ()
    f = _fold(text).translate(_PUNCT_FULL)
    heads, head_lengths = _brand_heads()
    word = [_is_word_char(ch) for ch in f]
    # positions (0..n) where a phrase may begin or end: a text/punctuation boundary, or a broken junction
    boundary = [False] * (n + 1)
    broken = [False] * (n + 1)
    boundary[0] = boundary[n] = True
    any_break = False
    for i in range(1, n):
        if word[i - 1] and word[i]:
            a, b = f[i - 1], f[i]
            if not _seen(a, b):
                broken[i] = True
                any_break = True
        elif word[i - 1] != word[i]:
            boundary[i] = True
    if not any_break:
        return ()
    # candidates are shaped like SEO keywords: a place name, then up to max_len characters ending in a
    # commercial head (浙江汽车品牌, 上海装修公司); the seams are checked occurrence by occurrence below
    places, place_lengths = _places()
    place_first = {p[0] for p in places}
    cands: dict[str, int] = {}
    headless: set[str] = set()
    for i in range(n):
        if f[i] not in place_first or not word[i]:
            continue
        if not any(f[i : i + m] in places for m in place_lengths):
            continue
        for j in range(i + 1, min(n, i + max_len) + 1):
            if not word[j - 1]:
                break
            if j - i < min_len:
                continue
            if any(f[j - h : j] in heads for h in head_lengths if h < j - i):
                p = f[i:j]
                cands[p] = cands.get(p, 0) + 1
            elif j - i <= _HEADLESS_MAX and (broken[j] or boundary[j]):
                # no listed head: kept only if every occurrence is a clear paste (see below)
                p = f[i:j]
                cands[p] = cands.get(p, 0) + 1
                headless.add(p)
    repeated = [p for p, c in cands.items() if c >= min_repeats and _hanzi_count(p) >= 3]
    if not repeated:
        return ()
    repeated.sort(key=lambda p: (-cands[p] * len(p), p))
    groups = []
    for phrase in repeated[:_MAX_CANDIDATES]:
        if f.count(phrase) < min_repeats:
            continue
        occs = []
        k = f.find(phrase)
        while k != -1 and len(occs) < 10000:
            occs.append(_score_occurrence(f, word, k, k + len(phrase), phrase))
            k = f.find(phrase, k + len(phrase))
        ins = [o for o in occs if o.inserted]
        if phrase in headless and (len(ins) < max(min_repeats, 3) or len(ins) < len(occs)):
            continue
        # one clear paste, and every other occurrence (or all but a third) consistent with a paste
        if len(ins) < 1 or sum(o.inserted or o.loose for o in occs) < max(min_repeats, -(-2 * len(occs) // 3)):
            continue
        # pasted at random places: the glued-side contexts differ from one insertion to the next
        pasted = [o for o in occs if o.inserted or o.loose]
        ctx = {_glued_context(f, word, o) for o in pasted}
        if len(ctx) < len(pasted):
            continue
        # the phrase is confirmed as pasted spam: every occurrence glued into the text is a paste too,
        # except where an organ suffix follows (there it replaced a name: SPM005 reports it)
        occs = [_settle(f, word, o) for o in occs]
        groups.append(tuple(occs))
    # resolve overlaps: best phrase (highest mean gain over its insertions) first
    groups.sort(key=lambda g: -sum(o.gain for o in g if o.inserted) / max(1, sum(o.inserted for o in g)))
    taken = [False] * (n + 1)
    out = []
    for g in groups:
        keep = tuple(o for o in g if not any(taken[o.start : o.end]))
        if sum(o.inserted for o in keep) < min_repeats:
            continue
        for o in keep:
            for x in range(o.start, o.end):
                taken[x] = True
        out.append(keep)
    out.sort(key=lambda g: g[0].start)
    return tuple(out)


def _glued_context(f: str, word: list[bool], o: "_Occurrence") -> str:
    """The two characters on the side where the phrase is glued to the text (left first)."""
    if o.start > 0 and word[o.start - 1]:
        return "L" + f[max(0, o.start - 2) : o.start]
    return "R" + f[o.end : o.end + 2]


#: suffixes of organ names: a spam phrase right before one stands where the organ's name was
_ORGAN_SUFFIX_RE = recache.compile(
    r"(?:人民政府|人民代表大会|人大常委会|政府|党委|市委|县委|区委|省委|委员会|常委会|办公厅|办公室|人民法院|人民检察院|"
    r"管理局|公安局|局|厅|委|部|署|院|办|中心)"
)


#: what follows a place + product phrase used as a modifier (江苏家具产业, 上海装修公司数量)
_COMPOUND_NEXT_RE = recache.compile(
    r"(?:产业|行业|企业|市场|协会|商会|品牌|产品|出口|进口|销售|生产|制造|集群|园区|基地|龙头|工业|经济|数量|规模|总量)"
)

#: what follows a company name: the phrase is then part of that name
_NAME_SUFFIX_RE = recache.compile(r"(?:有限|股份|集团|公司|企业|工厂|厂|商行|门市|分公司|控股)")


def _settle(f: str, word: list[bool], o: "_Occurrence") -> "_Occurrence":
    if _ORGAN_SUFFIX_RE.match(f, o.end):
        return o._replace(inserted=False)
    glued = (o.start > 0 and word[o.start - 1]) or (o.end < len(f) and word[o.end])
    return o._replace(inserted=glued)


def _hanzi_count(s: str) -> int:
    return sum(1 for ch in s if not ch.isascii())


def _score_occurrence(f: str, word: list[bool], i: int, j: int, phrase: str) -> _Occurrence:
    left = f[i - 1] if i > 0 else "\n"
    right = f[j] if j < len(f) else "\n"
    glued_left = i > 0 and word[i - 1]
    glued_right = j < len(f) and word[j]
    if not (glued_left or glued_right):
        # a phrase standing alone between punctuation is a clause, not an insertion
        return _Occurrence(i, j, phrase, 0.0, False)
    if _NAME_SUFFIX_RE.match(f, j) or _ORGAN_SUFFIX_RE.match(f, j) or _COMPOUND_NEXT_RE.match(f, j):
        # followed by 有限公司, 人民政府, 产业, 品牌…: the phrase names or modifies something here, as
        # a topic of the text does; that is evidence against a paste
        return _Occurrence(i, j, phrase, 0.0, False)
    lm_left = left if not left.isspace() else "。"
    lm_right = right if not right.isspace() else "。"
    fluent = _pmi(lm_left, lm_right)
    jl = _pmi(lm_left, phrase[0])
    jr = _pmi(phrase[-1], lm_right)
    # every glued side must be a seam (a pair real text never shows): that is where the paste shows
    seam_l = glued_left and not _seen(left, phrase[0])
    seam_r = glued_right and not _seen(phrase[-1], right)
    # a glued side that is not a seam must at least be a weak junction
    weak_l = not glued_left or seam_l or jl <= _WEAK_PMI
    weak_r = not glued_right or seam_r or jr <= _WEAK_PMI
    gain = fluent - min(jl if glued_left else fluent, jr if glued_right else fluent)
    # and without the phrase the two sides join as real text does
    joins = _seen(left, right) if (glued_left and glued_right) else fluent >= _FLUENT_PMI
    inserted = joins and ((seam_l and seam_r) or ((seam_l or seam_r) and weak_l and weak_r and gain >= _MIN_GAIN))
    if not glued_left:
        # at the start of a clause the phrase may simply be its subject: never proof of a paste on its own
        inserted = False
    loose = joins and (seam_l or seam_r or gain >= _LOOSE_GAIN)
    return _Occurrence(i, j, phrase, gain, inserted, loose)


def _inserted_groups(text: str, policy) -> tuple[tuple[_Occurrence, ...], ...]:
    """:func:`_analyse_inserted` of ``text`` under ``policy``; SPM005 and SPM002 look at the same text in
    turn, so the last result is kept (a triple replaced whole: a reader always gets its own text's)."""
    args = (
        int(policy.option("spam", "inserted_min_length")),
        int(policy.option("spam", "inserted_max_length")),
        int(policy.option("spam", "inserted_min_repeats")),
    )
    last, last_args, groups = _INSERTED_LAST[0]
    if last is text and last_args == args:
        return groups
    groups = _analyse_inserted(text, *args)
    _INSERTED_LAST[0] = (text, args, groups)
    return groups


_INSERTED_LAST: list = [(None, None, ())]


def inserted_phrase_may_apply(text: str, policy) -> bool:
    """Could SPM002 find a phrase that touches ``text`` (a piece of a document)?

    No when ``text`` holds no place name: every candidate phrase begins with one (unless the policy's
    ``inserted-min-length`` is shorter than a place name, when any text may hold one).  The pipeline
    uses this to decide whether a change inside ``text`` calls for SPM002 on the whole document.
    """
    _places_set, lengths = _places()
    if not lengths:
        return False
    if int(policy.option("spam", "inserted_min_length")) < lengths[0]:
        return True
    return bool(_place_names(text))


def inserted_phrase(text: str, policy) -> list[Edit]:
    """Delete a phrase pasted into sentences at several places (``…新动力浙江汽车品牌，是…``).

    ## What it does
    Looks for a string shaped like an SEO keyword — a place name followed by
    a product or service head (``data/spam/places.tsv``,
    ``data/spam/brand_heads.tsv``), 4–12 characters — that occurs at least
    twice.  An occurrence is a paste when it is glued to the text by a
    character pair real Chinese never shows (a *seam*, per the bigram model
    of :mod:`cleanpolicy.langmodel`), while the characters on its two sides
    join fluently without it.  When at least one occurrence is a clear paste,
    two thirds are consistent with one, and the pasted places all differ,
    the glued occurrences are deleted.  Occurrences followed by a company,
    organ or compound head (``有限公司``, ``人民政府``, ``产业``) count as
    legitimate uses.

    ## Why
    SEO tools paste a brand, company or site phrase into the sentences of a
    copied article to rank it; the sentence around it stays intact, so the
    text reads fluently once the phrase is taken out.  A phrase that belongs
    in the text (a company name repeated in an article about it, ``高质量发展``
    in a report) joins its neighbours fluently and is left alone.

    ## Example
    `…跨越式發展的新動力浙江汽車品牌,是…` (twice in the page) → `…跨越式發展的新動力,是…`

    ## Safety
    Safe: deletion only, and only of an identical string found inserted at two
    or more places; occurrences that are not pure insertions are left for
    SPM005 to report.
    """
    if len(text) < 8:
        return []
    edits = []
    for group in _inserted_groups(text, policy):
        phrase = text[group[0].start : group[0].end]
        count = sum(o.inserted for o in group)
        for o in group:
            if o.inserted:
                edits.append(
                    Edit(
                        o.start,
                        o.end,
                        text[o.start : o.end],
                        "",
                        f"phrase inserted into sentences ({count}× in the text): {phrase}",
                    )
                )
    return edits


def brand_replacement(text: str, policy) -> list[Edit]:
    """Report where an inserted spam phrase stands in place of a word, such as an organ name.

    ## What it does
    For a phrase that SPM002 finds inserted at two or more places, reports
    every *other* occurrence of the same string: there it is not a clean
    insertion (the text does not read fluently without it), so it most likely
    replaced a word — typically an organ or company name
    (``浙江汽车品牌人民政府`` for ``衢州市人民政府``).

    ## Why
    The replaced word cannot be recovered from the text, and deleting the
    phrase would leave a gap in the sentence; a reader must look.

    ## Example
    `由浙江汽车品牌印发` (the phrase also inserted elsewhere) → reported, unchanged

    ## Safety
    Report only: never changes the text.
    """
    if len(text) < 8:
        return []
    edits = []
    for group in _inserted_groups(text, policy):
        for o in group:
            if not o.inserted:
                old = text[o.start : o.end]
                edits.append(
                    Edit(
                        o.start,
                        o.end,
                        old,
                        old,
                        f"spam phrase {old!r} (inserted elsewhere) may have replaced a word here, e.g. an organ name",
                    )
                )
    return edits


# --------------------------------------------------------------------------------------------
# SPM003 decorations

#: ★☆ and friends: runs of them are SEO decoration, never policy text
_STAR_RE = recache.compile(r"[★☆✩✪✫✬✭✮✯✰⭐✦✧]+")
#: one separator repeated: ``,,,,,,`` ``，，，，`` ``、、、、``
_STUFF_RE = recache.compile(r"([,，、;；])\1+")
#: a short bracketed tag: ``[某某数字]`` ``【某某网】``
_TAG_RE = recache.compile(r"[\[【]([^\[\]【】\n]{2,12})[\]】]")


def spam_decoration(text: str, policy) -> list[Edit]:
    """Delete SEO decorations: ★ runs, punctuation stuffing, repeated in-sentence site tags.

    ## What it does
    * deletes runs of three or more star symbols (``★★★★★``);
    * reduces a run of four or more identical separators (``,,,,,,``,
      ``，，，，``, ``、、、、``) to its first one;
    * deletes a bracketed tag of 3–12 characters (at least three hanzi) (``[某某数字]``, ``【某某网】``)
      that occurs at least twice, never at the start of a line and each time
      glued to a hanzi, i.e. is pasted inside sentences.

    ## Why
    Spam templates decorate injected text with star runs and pad it with
    separators; site tags are pasted into copied articles to mark their
    source.  Policy text uses ``【】`` as a heading or label at the start of a
    line (``【打印本页】``, ``【问】``), which is left alone.

    ## Example
    `加快发展,,,,,,新质生产力` → `加快发展,新质生产力`

    ## Safety
    Safe: deletion only; a single star, an ellipsis ``……`` and footnote marks
    like ``[1]`` are not touched.
    """
    has_star, has_tag = _decoration_triggers(text)
    punct_min = int(policy.option("spam", "punct_min_run"))
    k = max(2, punct_min)
    stuff_re = _stuff_re(k)
    # a run of k or more of one separator holds k of it in a row: k-character substring searches skip
    # through the text faster than a regex led by the (frequent) separators, and a search for the
    # separator alone faster still where it is missing (the ASCII ones, in Chinese text)
    stuff = any(sep in text and sep * k in text for sep in _SEPARATORS)
    if not (has_star or has_tag or stuff):
        return []
    star_min = int(policy.option("spam", "star_min_run"))
    spans: list[tuple[int, int, str]] = []
    line_spans: list[tuple[int, int]] = []
    lines = _Lines(text)
    if has_star:
        for m in _STAR_RE.finditer(text):
            if m.end() - m.start() >= star_min:
                ls, le = lines.bounds(m.start())
                if lines.blank_before(ls, le, m.start()) and lines.blank_after(ls, le, m.end()):
                    line_spans.append((ls, le + 1 if le < len(text) else le))  # a line of stars only
                else:
                    spans.append((m.start(), m.end(), "run of star symbols (SEO decoration)"))
    if stuff:
        for m in stuff_re.finditer(text):
            spans.append((m.start() + 1, m.end(), "punctuation stuffing (repeated separator)"))
    if has_tag:
        by_tag: dict[str, list[tuple[int, int]]] = {}
        for s0, e0, body in _tags(text):
            if _hanzi_count(body) < 3 or not any(map(_is_hanzi, body)):
                continue
            by_tag.setdefault(body, []).append((s0, e0))
        for body, occ in by_tag.items():
            if len(occ) < 2:
                continue
            if any(lines.blank_before(*lines.bounds(s), s) for s, _e in occ):
                continue
            # pasted inside a sentence: glued to a hanzi on at least one side, every time (a forum user tag
            # before a timestamp, ``【网友】08-12 12:14``, is a byline, not a paste)
            if not all(
                (s > 0 and _is_hanzi(text[s - 1])) or (e < len(text) and _is_hanzi(text[e])) for s, e in occ
            ) or any(text[e : e + 1].isdigit() for _s, e in occ):
                continue
            for s, e in occ:
                spans.append((s, e, f"site tag pasted into sentences ({len(occ)}×)"))
    if line_spans:
        for e in _delete_lines(text, line_spans, "line of star symbols (SEO decoration)"):
            spans.append((e.start, e.end, e.reason))
    if not spans:
        return []
    spans.sort()
    edits = []
    last = -1
    for s, e, reason in spans:
        if s < last:
            continue
        edits.append(Edit(s, e, text[s:e], "", reason))
        last = e
    return edits


class _Lines:
    """Line bounds by bisection over the newline offsets (no rescans: linear on one huge line)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.n = len(text)
        self._nl: list[int] | None = None
        #: line start -> (first non-space offset, end of the last non-space character)
        self._ink: dict[int, tuple[int, int]] = {}

    def bounds(self, pos: int) -> tuple[int, int]:
        """(start, end) of the line holding ``pos``; ``end`` is the offset of its newline (or len)."""
        import bisect

        if self._nl is None:
            self._nl = [m.start() for m in re.finditer("\n", self.text)]
        nl = self._nl
        k = bisect.bisect_right(nl, pos - 1) if pos else 0
        start = nl[k - 1] + 1 if k else 0
        end = nl[k] if k < len(nl) else self.n
        return start, end

    def _ink_of(self, start: int, end: int) -> tuple[int, int]:
        ink = self._ink.get(start)
        if ink is None:
            line = self.text[start:end]
            ink = self._ink[start] = (start + len(line) - len(line.lstrip()), start + len(line.rstrip()))
        return ink

    def blank_before(self, start: int, end: int, pos: int) -> bool:
        """``not text[start:pos].strip()`` for a line ``[start, end)`` holding ``pos``."""
        return self._ink_of(start, end)[0] >= pos

    def blank_after(self, start: int, end: int, pos: int) -> bool:
        """``not text[pos:end].strip()`` for a line ``[start, end)`` holding ``pos``."""
        return self._ink_of(start, end)[1] <= pos


#: ★☆ and friends (the characters of _STAR_RE)
_STARS = "★☆✩✪✫✬✭✮✯✰⭐✦✧"
#: the opening brackets of _TAG_RE
_OPENING = "[【"


#: the separators of _STUFF_RE
_SEPARATORS = ",，、;；"


@functools.lru_cache(maxsize=8)
def _stuff_re(k: int) -> "re.Pattern[str]":
    """A run of ``k`` or more of one separator (the runs of _STUFF_RE at least ``k`` long)."""
    return recache.compile(r"([,，、;；])\1{%d,}" % (k - 1))


def _tags(text: str) -> list[tuple[int, int, str]]:
    """The matches of _TAG_RE on ``_fold(text)`` as (start, end, folded body), folding only the tags."""
    if not _tag_safe():
        return [(m.start(), m.end(), m.group(1)) for m in _TAG_RE.finditer(_fold(text))]
    opens = []
    for ch in _OPENING:
        k = text.find(ch)
        while k != -1:
            opens.append(k)
            k = text.find(ch, k + 1)
    opens.sort()
    out = []
    for k in opens:
        # a body holds no bracket, so matches cannot overlap and each starts at an opening bracket
        m = _TAG_RE.match(text, k)
        if m is not None:
            out.append((m.start(), m.end(), _fold(m.group(1))))
    return out


# --------------------------------------------------------------------------------------------
# SPM004 document score


def document_spam_score(text: str) -> float:
    """A 0..1 score of how much ``text`` reads as a porn or gambling spam page.

    Spam vocabulary (strong terms 1.0, weak 0.3) and, when there is any, sign-up
    and deposit bait (0.3 each) raise it; crackdown and regulation vocabulary
    (``打击``, ``依法``, ``财政部``, …) lowers it.  The sum is scaled by document
    length (per 400 characters, at least one unit) and squashed to 0..1.
    """
    if not _spam_occurrences(text):
        return 0.0  # no spam term at all: nothing below can count spam
    hits = _greedy_terms(text)
    spam = 0.0
    lure = 0.0
    enforce = 0.0
    per_term: dict[str, int] = {}
    for term, kind, weight in hits:
        c = per_term.get(term, 0)
        per_term[term] = c + 1
        if c >= 3:  # a term repeated over and over counts three times at most
            continue
        if kind == "enforcement":
            enforce += 1.0
        elif kind == "lure":
            lure += 0.3
        elif weight == "strong":
            spam += 1.0
        else:
            spam += 0.3
    if spam == 0:
        return 0.0
    raw = spam + lure - 1.5 * enforce
    if raw <= 0:
        return 0.0
    units = max(1.0, _hanzi_total(text) / 400)
    return round(1.0 - math.exp(-raw / (3.0 * units)), 3)


def _may_reach(text: str, threshold: float) -> bool:
    """False when :func:`document_spam_score` of ``text`` is surely below ``threshold`` (> 0).

    Bounds the score from above without folding or scanning all the vocabulary: the spam and bait
    parts by the spam and bait terms that occur (each at most three times, and ignoring the crackdown
    vocabulary that would lower it), and the length by the hanzi of a prefix (a long document needs
    that much more spam).
    """
    occ, bait = _bait_and_spam(text)
    if not occ:
        return False
    terms = _vocab().terms
    per_term: dict[str, int] = {}
    for _s, w in occ + bait:
        per_term[w] = per_term.get(w, 0) + 1
    raw = sum(min(3, c) * (1.0 if terms[w][1] == "strong" else 0.3) for w, c in per_term.items())
    # hanzi needed to push the bound below the threshold (a little more, for rounding); most
    # characters of Chinese text are hanzi, so a prefix of about that length usually proves it
    need = 1.0 if threshold >= 1 else 400 * raw / (3.0 * -math.log(1.0 - threshold)) + 400
    size = int(need * 1.25) + 64
    while True:
        units = max(1.0, _hanzi_total(text[:size]) / 400)
        if round(1.0 - math.exp(-raw / (3.0 * units)), 3) < threshold:
            return False
        if size >= len(text):
            return True
        size *= 2


def spam_document_score(text: str, policy) -> list[Edit]:
    """Report a document that reads as a porn or gambling spam page, with its spam score.

    ## What it does
    Scores the whole document (:func:`document_spam_score`: spam vocabulary
    and sign-up bait per length, discounted by crackdown and regulation
    vocabulary) and, when the score reaches ``document-threshold`` (0.5),
    records a zero-width report carrying the metadata ``spam_score``.

    ## Why
    A fake notice on a hacked portal (``尊敬的会员…注册即送彩金…``) is spam as a
    whole; deleting it would leave nothing, and whether to drop it is the
    pipeline owner's decision.  The score lets a corpus builder filter.

    ## Example
    `关于娱乐城官网更换域名的公告……注册即送38元彩金……` → report, `spam_score` 0.9

    ## Safety
    Report only: never changes the text.  A lottery notice of the Ministry of
    Finance or an article on the crackdown on online gambling scores low.
    """
    if len(text) < 10:
        return []
    threshold = float(policy.option("spam", "document_threshold"))
    if threshold > 0 and not _may_reach(text, threshold):
        return []
    score = document_spam_score(text)
    if score < threshold:
        return []
    reason = f"document reads as a gambling/porn spam page (spam score {score})"
    return [Edit(0, 0, "", "", reason, (("spam_score", score),))]


def _family_gate(policy) -> Callable[[str], frozenset[str]]:
    """The gate of the family under ``policy``: the SPM rules that may have work on a text (the pipeline
    skips the others).  From the family's one scan (:func:`_found`, which SPM004 makes anyway): SPM004
    and SPM001 need a spam term, SPM003 a star, a bracket or a run of separators, SPM002 and SPM005 place
    names where a phrase could repeat."""
    score_idle = ("SPM001", "SPM004") if float(policy.option("spam", "document_threshold")) > 0 else ("SPM001",)
    runs = tuple(sep * max(2, int(policy.option("spam", "punct_min_run"))) for sep in _SEPARATORS)
    min_len = int(policy.option("spam", "inserted_min_length"))
    min_repeats = int(policy.option("spam", "inserted_min_repeats"))
    lengths = _places()[1]
    # _analyse_inserted: every phrase begins at min_repeats distinct places, unless a phrase may be
    # shorter than a place name (or there are none)
    min_chars = max(8, min_len * min_repeats)
    anywhere = bool(lengths) and min_len < lengths[0]
    min_places = max(min_repeats, 1)

    def gate(text: str) -> frozenset[str]:
        found = _found(text)
        idle: list[str] = []
        if not found.spam:
            idle += score_idle
        if not (found.star or found.bracket):
            for run in runs:
                if run in text:
                    break
            else:
                idle.append("SPM003")
        if len(text) < min_chars or not lengths or not (anywhere or len({s for s, _w in found.places}) >= min_places):
            idle += ("SPM002", "SPM005")
        return _CODES.difference(idle)

    return gate


GATE = _family_gate


RULES: tuple[Rule, ...] = (
    Rule("SPM004", "spam-document-score", spam_document_score, kind="report", default=True, safety="safe"),
    Rule("SPM001", "keyword-block", keyword_block, kind="span", default=True, safety="safe"),
    Rule("SPM003", "spam-decoration", spam_decoration, kind="span", default=True, safety="safe"),
    Rule("SPM005", "brand-replacement", brand_replacement, kind="report", default=True, safety="safe"),
    Rule("SPM002", "inserted-phrase", inserted_phrase, kind="span", default=True, safety="safe"),
)
#: for :func:`_family_gate`
_CODES = frozenset(r.code for r in RULES)
