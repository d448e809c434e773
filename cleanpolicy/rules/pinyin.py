"""PYN: inline pinyin annotations that a converter wrote after characters.

Some traditional-script copies of mainland pages were made by a converter that
also wrote the reading of (many of) the characters it touched right after them:
``設(shè)計``, ``經(jīng)濟(jì)``, ``广【guǎng】``, ``年(nian)``.  The tell is that the
annotation is *a reading of the character before it*.  pypinyin's single-character
dictionary (heteronyms included, simplified and traditional) decides that, so an
ordinary parenthesis (``张斌(Zhang Bin)``, ``北京(Beijing)``, ``(GDP)``,
``9710(跨境電商B2B直出口)``) is never a candidate: it is not one lowercase syllable,
or it does not follow a hanzi, or the syllable is not a reading of that hanzi.

Annotations are parsed in all the shapes converters write them: tone marks
(``shè``, also decomposed ``she`` + U+0300 and the GBK letters ``ɑ``/``ɡ``), tone
numbers at the end or after the vowel (``she4``, ``she5``, ``zho1ng``), and
toneless (``she``); ``ü`` may be written ``ü``, ``v`` or ``u:`` and is also matched
against a plain ``u`` (``lü``/``lv``/``lu``).  A toneless or neutral-tone annotation
matches any tone of the syllable (a neutral tone is a reading of every syllable).

Text that annotates on purpose is left alone: a line that talks about
pronunciation (a cue word such as ``拼音``, ``读音``, ``读作``, ``多音字``, listed in
``data/pinyin/cues.tsv``) keeps its annotations, and so does a whole document
that has a cue line and only a few annotations elsewhere (a teaching text whose
examples stand on lines of their own).  See ``docs/pinyin.md``.

Annotations whose character was lost on the way (``?shù)``, ``W(xué)``,
``a(chǎn)``: the encoding family runs first and may have repaired them) cannot be
checked against their character; PYN002 removes them only when the document
carries several of them, and reports them otherwise.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import Any, Callable, NamedTuple

from .. import recache
from .._core import Edit
from ..registry import Rule

OPTIONS: dict[str, Any] = {
    #: leave annotations in text that discusses pronunciation (cue lines, teaching documents)
    "protect_teaching": True,
    #: a document with a cue line and fewer annotations than this outside cue lines is a teaching text
    "teaching_max_annotations": 20,
    #: PYN002 deletes damaged annotations only when the document holds at least this many toned ones
    "damaged_min_evidence": 2,
}

#: Latin letters a converter may use in a syllable: ASCII, Latin-1/Extended-A/B (tone-marked
#: vowels, ü, ê), IPA ɑ (U+0251) and ɡ (U+0261) as GBK writes pinyin, Latin Extended Additional (ḿ)
_LETTERS = "A-Za-z\u00c0-\u024f\u0251\u0261\u1e00-\u1eff"
#: lowercase Latin letters a syllable can start with (an annotation is never capitalised)
_LOWER = "a-z\u00e0-\u00ff\u0100-\u024f\u0251\u0261\u1e00-\u1eff"
#: fast-path trigger: an opening bracket followed by a lowercase Latin letter
_TRIGGER_RE = recache.compile(f"[(\uff08\u3010][{_LOWER}]")
#: fast-path trigger of PYN002: a lost-character mark directly followed by a lowercase Latin letter
_LOST_TRIGGER_RE = recache.compile(f"[?\ufffd][{_LOWER}]")
#: the same triggers as literal-led patterns, one per bracket or mark: the regex engine then skips
#: from one occurrence of the literal to the next at memchr speed instead of testing every character
#: against a class (together they match where _TRIGGER_RE and _LOST_TRIGGER_RE match)
_TRIGGER_RES = tuple(recache.compile(re.escape(c) + f"[{_LOWER}]") for c in "(\uff08\u3010")
_LOST_TRIGGER_RES = tuple(recache.compile(re.escape(c) + f"[{_LOWER}]") for c in "?\ufffd")
#: one annotation: an opening bracket, or a lost-character mark standing for ``X(`` (``?shù)``),
#: then a bounded run of syllable characters (letters, combining marks, tone digits, ``:``), then
#: a closing bracket.  One bounded character class: linear time, no backtracking blow-up.
_ANNOT_RE = recache.compile(f"(?:([(\uff08\u3010])|[?\ufffd])([{_LETTERS}\u0300-\u036f0-9:]{{1,12}})([)\uff09\u3011])")
#: the same matches with the opener or mark as one leading class (group 1 is then a mark too): a
#: pattern led by a class is scanned for that class in C, one led by an alternation is tried at
#: every position
_ANNOT_SCAN_RE = recache.compile(f"([(\uff08\u3010?\ufffd])([{_LETTERS}\u0300-\u036f0-9:]{{1,12}})([)\uff09\u3011])")
#: which closing brackets may end an annotation opened by each bracket (half/full-width mixes occur)
_CLOSERS = {"(": ")\uff09", "\uff08": ")\uff09", "\u3010": "\u3011", "": ")\uff09"}

#: combining tone marks after NFD: macron 1, acute 2, caron 3, grave 4
_TONE_MARKS = {"\u0304": 1, "\u0301": 2, "\u030c": 3, "\u0300": 4}
_MAX_SYLLABLE = 6  # zhuang, shuang, chuang


class _Syllable(NamedTuple):
    base: str  # letters with ü as "v" and ê as "ê", folded u/v for matching in `key`
    tone: int | None  # 1-4, 0 = neutral (digit 5/0 or an unmarked dictionary reading), None = toneless
    text: str  # as written

    @property
    def key(self) -> str:
        return self.base.replace("v", "u")


@functools.lru_cache(maxsize=8192)
def _known_syllable(s: str) -> _Syllable | None:
    """:func:`_parse` of ``s`` when it is a syllable some character reads as, else None (memoised: a
    page repeats the same few hundred syllables)."""
    syl = _parse(s)
    if syl is None or syl.key not in _syllable_keys():
        return None
    return syl


def _parse(s: str) -> _Syllable | None:
    """One pinyin syllable as written, or None (uppercase, two tones, not a syllable shape)."""
    nfd = unicodedata.normalize("NFD", s)
    base: list[str] = []
    tone: int | None = None
    digit = False
    for ch in nfd:
        if "a" <= ch <= "z":
            base.append(ch)  # a tone digit may stand after the vowel (pypinyin's TONE2: zho1ng)
        elif ch in _TONE_MARKS:
            if tone is not None or not base:
                return None
            tone = _TONE_MARKS[ch]
        elif ch == "\u0308" or ch == ":":  # ü written with a diaeresis or as u:
            if not base or base[-1] != "u":
                return None
            base[-1] = "v"
        elif ch == "\u0302":  # ê
            if not base or base[-1] != "e":
                return None
            base[-1] = "ê"
        elif ch == "\u0251":
            base.append("a")
        elif ch == "\u0261":
            base.append("g")
        elif ch in "012345":
            if digit or tone is not None or not base:
                return None
            digit = True
            tone = int(ch) % 5  # 5 and 0 mean neutral
        else:
            return None
    if not base or len(base) > _MAX_SYLLABLE:
        return None
    return _Syllable("".join(base), tone, s)


@functools.cache
def _dictionary() -> dict[str, str]:
    """pypinyin's single-character dictionary: code point in decimal (as its JSON file writes it) ->
    readings joined by ",".  Read from that file without importing pypinyin, whose import also loads
    its phrase dictionary and trains its segmenter (0.2 s); the keys stay strings (no int() each)."""
    path = _dictionary_file()
    if path is None:
        from pypinyin.pinyin_dict import pinyin_dict

        return {str(k): v for k, v in pinyin_dict.items()}
    import json

    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


def _dictionary_file() -> str | None:
    """The JSON file pypinyin's ``pinyin_dict`` module loads (found without importing pypinyin)."""
    import importlib.util
    import os

    spec = importlib.util.find_spec("pypinyin")
    for folder in (spec and spec.submodule_search_locations) or ():
        path = os.path.join(folder, "pinyin_dict.json")
        if os.path.isfile(path):
            return path
    return None


@functools.cache
def _syllable_keys() -> frozenset[str]:
    """Every syllable (u/v folded) that some character reads as: the shape check for damaged annotations."""
    # 53,000 readings, 1,500 distinct: split the distinct values of the dictionary in one C call each
    readings = set(",".join(set(_dictionary().values())).split(","))
    return frozenset(syl.key for syl in map(_parse, readings) if syl is not None)


@functools.cache
def _variants() -> dict[str, tuple[str, ...]]:
    """traditional -> simplified characters OpenCC s2t writes it for, where pypinyin lacks their readings."""
    from ..data import tsv_rows

    out: dict[str, tuple[str, ...]] = {}
    for _lineno, fields in tsv_rows("pinyin/variants.tsv"):
        if len(fields) >= 2 and len(fields[0]) == 1 and len(fields[1]) == 1:
            out[fields[0]] = out.get(fields[0], ()) + (fields[1],)
    return out


@functools.lru_cache(maxsize=16384)
def _readings(ch: str) -> frozenset[tuple[str, int]]:
    """(folded syllable, tone) of every reading of ``ch``, of its simplified form and of its s2t sources."""
    from ..chars import fold_simplified

    out: set[tuple[str, int]] = set()
    for c in {ch, fold_simplified(ch), *_variants().get(ch, ())}:
        raw = _dictionary().get(str(ord(c)))
        if not raw:
            continue
        for r in raw.split(","):
            syl = _parse(r)
            if syl is not None:
                out.add((syl.key, syl.tone if syl.tone is not None else 0))
    return frozenset(out)


@functools.lru_cache(maxsize=65536)
def _reading_kind(ch: str, body: str) -> str | None:
    """VERIFIED when the known syllable ``body`` is a reading of the hanzi ``ch``, MISMATCH when it is not,
    None when ``ch`` is no hanzi (one memoised call per annotation, on two strings: a page repeats the same
    pairs)."""
    from ..chars import is_hanzi

    if not is_hanzi(ch):
        return None
    syl = _known_syllable(body)
    readings = _readings(ch)
    if not readings:
        return MISMATCH
    if syl.tone is None or syl.tone == 0:
        return VERIFIED if any(k == syl.key for k, _t in readings) else MISMATCH
    return VERIFIED if (syl.key, syl.tone) in readings else MISMATCH


@functools.cache
def _cue_re() -> re.Pattern[str]:
    return recache.compile("|".join(f"(?:{row[0]})" for row in cue_rows()))


class _CueFilter(NamedTuple):
    #: one class: the least frequent required character of every cue, with its fold preimages
    anchor: re.Pattern[str]
    #: per cue, per required character: the characters of the raw text that fold to it
    required: tuple[tuple[str, ...], ...]


@functools.cache
def _cue_filter() -> _CueFilter | None:
    """What the raw text must hold for some cue to match the fold of it (None: no filter applies).

    A cue regex needs each of its top-level literal characters in the folded text, and a character
    folds to it only from its fold preimages; so unless the raw text holds a preimage of every
    required character of some cue, no cue matches, whatever annotations are taken out.  A cue
    without a top-level literal (or with flags that change how literals match) disables the filter.
    """
    try:
        from re import _parser as sre_parse  # type: ignore[attr-defined]
    except ImportError:  # Python 3.10
        import sre_parse  # type: ignore[no-redef]

    from ..chars import char_class, fold_table, inverse_table, raw_forms
    from ..langmodel import char_count

    table = fold_table()
    inverse = inverse_table(table)

    def preimage(c: str) -> str:
        # a character the fold changes matches only through its preimages
        return "".join(sorted(raw_forms(c, table, inverse)))

    anchors: set[str] = set()
    required = []
    for row in cue_rows():
        try:
            parsed = sre_parse.parse(row[0])
        except re.error:
            return None
        if parsed.state.flags & (re.IGNORECASE | re.VERBOSE):
            return None
        lits = sorted({chr(arg) for op, arg in parsed if op is sre_parse.LITERAL})
        if not lits:
            return None
        anchors.update(preimage(min(lits, key=lambda c: (char_count(c), c))))
        required.append(tuple(preimage(c) for c in lits))
    return _CueFilter(recache.compile(char_class(anchors)), tuple(required))


def _cue_possible(text: str) -> bool:
    """False when no cue can match the fold of ``text`` with annotations taken out."""
    flt = _cue_filter()
    if flt is None:
        return True
    if not flt.anchor.search(text):
        return False
    return any(all(any(c in text for c in pre) for pre in cue) for cue in flt.required)


@functools.cache
def cue_rows() -> tuple[tuple[str, str, str, str], ...]:
    """(cue regex, example, counterexample, source) rows of ``data/pinyin/cues.tsv``."""
    from ..data import tsv_rows

    rows: list[tuple[str, str, str, str]] = []
    for _lineno, fields in tsv_rows("pinyin/cues.tsv"):
        fields = (fields + ["", "", "", ""])[:4]
        if fields[0]:
            rows.append((fields[0], fields[1], fields[2], fields[3]))
    return tuple(rows)


# -- scanning ----------------------------------------------------------------------------------

VERIFIED, LOST, MISMATCH = "verified", "lost", "mismatch"


class _Annotation(NamedTuple):
    start: int  # of the annotation (opening bracket, or the syllable when the bracket was lost)
    end: int
    anchor: str  # the character annotated (or the mark standing for it)
    anchor_pos: int
    syl: _Syllable
    kind: str  # VERIFIED, LOST, MISMATCH
    line: int


def _is_lost_mark(text: str, pos: int) -> bool:
    """Does ``text[pos]`` stand for a character lost in decoding?"""
    ch = text[pos]
    if ch in "?\ufffd":
        return True
    if "\ue000" <= ch <= "\uf8ff":  # private use: frame-shifted GBK
        return True
    if ch.isascii() and ch.isalpha():
        # the ASCII trail byte of a double-byte character whose lead byte went to its neighbour:
        # glued to a non-ASCII, non-space character on its left (援a(chǎn), 髮W(xué))
        return pos > 0 and not text[pos - 1].isascii() and not text[pos - 1].isspace()
    return False


#: the last text scanned and its annotations (the pipeline hands both rules the same object)
_LAST_SCAN: tuple[str | None, list[_Annotation]] = (None, [])


def _scan(text: str) -> list[_Annotation]:
    """Every bracketed single lowercase syllable after a hanzi or a lost-character mark (do not mutate)."""
    global _LAST_SCAN
    last, anns = _LAST_SCAN
    if text is last:
        return anns
    anns = _scan_uncached(text)
    _LAST_SCAN = (text, anns)
    return anns


#: what a match of _ANNOT_SCAN_RE opens with, per (opener or mark + closer) that may make an annotation:
#: the opening bracket, or "" for a lost-character mark (which stays: it stands for the lost character)
_OPENERS = {o + c: o for o, closers in _CLOSERS.items() if o for c in closers}
_OPENERS.update((mark + c, "") for mark in "?\ufffd" for c in _CLOSERS[""])
#: an _Annotation from a tuple of its fields in one C call (the class's __new__ is a Python function)
_new_annotation = functools.partial(tuple.__new__, _Annotation)


def _scan_uncached(text: str) -> list[_Annotation]:
    out: list[_Annotation] = []
    prev_end = -1
    prev_anchor = ""
    prev_anchor_pos = -1
    line = 0
    line_pos = 0
    for m in _ANNOT_SCAN_RE.finditer(text):
        opener, body, closer = m.groups()
        opener = _OPENERS.get(opener + closer)
        if opener is None:
            continue
        syl = _known_syllable(body)
        if syl is None:
            continue
        start, end = m.span()
        if not opener:
            start += 1  # the mark itself stays
        if start == prev_end:  # a second annotation on the same character: 当(dāng)(dang)
            anchor, anchor_pos = prev_anchor, prev_anchor_pos
        elif start == 0:  # (a bracket at the start: a mark's annotation starts after it)
            continue
        else:
            anchor, anchor_pos = text[start - 1], start - 1
        if not opener:
            kind = LOST
        else:
            kind = _reading_kind(anchor, body)
            if kind is None:
                if not _is_lost_mark(text, anchor_pos):
                    continue
                kind = LOST
        # (the starts only grow: the line of each is the newlines before it)
        line += text.count("\n", line_pos, start)
        line_pos = start
        out.append(_new_annotation((start, end, anchor, anchor_pos, syl, kind, line)))
        if kind != MISMATCH:
            prev_end, prev_anchor, prev_anchor_pos = end, anchor, anchor_pos
    return out


def _teaching(text: str, anns: list[_Annotation], policy: Any) -> tuple[frozenset[int], bool]:
    """(lines that talk about pronunciation, whether the whole document is a teaching text).

    Cue words are looked for on the script fold of the text with the annotations taken out,
    so ``讀(dú)音`` counts as ``读音`` and the answer does not change once they are removed.
    """
    if not policy.option("pinyin", "protect_teaching"):
        return frozenset(), False
    if not _cue_possible(text):
        return frozenset(), False  # no cue can match: the characters each cue needs do not all occur
    from ..chars import fold_simplified

    parts: list[str] = []
    pos = 0
    for a in anns:
        parts.append(text[pos : a.start])
        pos = a.end
    parts.append(text[pos:])
    stripped = fold_simplified("".join(parts))
    cue = _cue_re()
    if not cue.search(stripped):
        return frozenset(), False
    lines = frozenset(i for i, ln in enumerate(stripped.split("\n")) if cue.search(ln))
    outside = sum(1 for a in anns if a.line not in lines)
    return lines, outside < int(policy.option("pinyin", "teaching_max_annotations"))


def _weak(syl: _Syllable) -> bool:
    # a lone toneless vowel or nasal: (a), (e), (o), (n), (m) are also list markers
    return syl.tone is None and len(syl.base) == 1


# -- rules -------------------------------------------------------------------------------------


def _has_trigger(text: str) -> bool:
    """``_TRIGGER_RE.search(text)`` is not None (three literal-led scans)."""
    return any(r.search(text) for r in _TRIGGER_RES)



def pinyin_annotation(text: str, policy: Any) -> list[Edit]:
    """Remove inline pinyin annotations that are a reading of the character before them.

    ## What it does
    Deletes a bracketed single syllable, `(shè)`, `（she4）`, `【guǎng】`, `(nian)`,
    written right after a hanzi when pypinyin lists that syllable among the readings of
    the hanzi (heteronyms included; traditional characters through their own entry or
    their simplified form; tone marks, tone numbers or none; ü as ü, v, u: or u).
    Runs of annotated characters (`經(jīng)濟(jì)`) and doubled annotations on one character
    are handled.

    ## Why
    A converter that made traditional copies of mainland pages wrote the reading of many
    characters after them, hundreds per page; the annotation is noise to every reader and
    breaks every word it sits in.

    ## Example
    `設(shè)計` → `設計`, `广【guǎng】东` → `广东`, `2022年(nian)` → `2022年`;
    `张斌(Zhang Bin)`, `北京(Beijing)`, `(GDP)`, `9710(跨境電商B2B直出口)` stay.

    ## Safety
    Safe: only a syllable that is a reading of the character before it is removed, never
    capitalised words, words of several syllables, or text after digits and Latin letters.
    A lone toneless `(a)`, `(e)`, `(o)`, `(n)`, `(m)` is removed only in a document with at
    least two other verified annotations.  Lines that discuss pronunciation (cue words from
    `data/pinyin/cues.tsv`), and documents made of such lines plus fewer than
    `teaching-max-annotations` annotations elsewhere, are left alone
    (option `protect-teaching`).
    """
    if not _has_trigger(text):
        return []
    anns = [a for a in _scan(text) if a.kind == VERIFIED]
    if not anns:
        return []
    cue_lines, teaching_doc = _teaching(text, anns, policy)
    if teaching_doc:
        return []
    strong = 0  # counted up to the two that let the weak ones go
    for a in anns:
        if not _weak(a.syl):
            strong += 1
            if strong == 2:
                break
    edits: list[Edit] = []
    for a in anns:
        if a.line in cue_lines:
            continue
        if strong < 2 and _weak(a.syl):
            continue
        old = text[a.start : a.end]
        edits.append(Edit(a.start, a.end, old, "", f"pinyin annotation {old} is a reading of {a.anchor}"))
    return edits


def damaged_pinyin_annotation(text: str, policy: Any) -> list[Edit]:
    """Remove or report pinyin annotations whose character was lost in decoding.

    ## What it does
    Finds annotation-shaped syllables after a mark that stands for a lost character: `?`,
    U+FFFD, a private-use character, or an ASCII letter glued to the character on its left
    (the trail byte of a double-byte character whose lead byte went to its neighbour), as in
    `W(xué)`, `a(chǎn)`, `?(xué)`, and `?shù)` where the opening bracket went with the
    character.  When the document holds at least `damaged-min-evidence` (2) such annotations
    with a tone (a converter's signature) it deletes the toned ones and leaves the mark for the
    encoding rules; otherwise it reports them (toneless ones only in such a document).  It also reports a toned
    annotation after a hanzi it is not a reading of (a character the encoding repair got
    wrong), in a document that has such evidence.

    ## Why
    The encoding family runs first and repairs what the bytes allow; what it cannot repair still
    carries the converter's annotations, which no reading check can confirm.

    ## Example
    `當?shù)地` → `當?地`, `浙江大髮W(xué)衢州` → `浙江大髮W衢州` (with another such annotation in the document);
    a lone `W(xué)` is only reported.

    ## Safety
    Safe by evidence: a deletion needs a toned syllable, a lost-character mark before it and at
    least one other such annotation in the document; lines that discuss pronunciation (`声母b(bō)`)
    are left alone.  The mark itself is never changed.
    """
    if not (_has_trigger(text) or any(r.search(text) for r in _LOST_TRIGGER_RES)):
        return []
    anns = [a for a in _scan(text) if a.kind in (LOST, MISMATCH)]
    if not anns:
        return []
    cue_lines, teaching_doc = _teaching(text, anns, policy)
    if teaching_doc:
        return []
    lost = [a for a in anns if a.kind == LOST and a.line not in cue_lines]
    evidence = sum(1 for a in lost if a.syl.tone is not None)
    enough = evidence >= int(policy.option("pinyin", "damaged_min_evidence"))
    edits: list[Edit] = []
    for a in anns:
        if a.line in cue_lines:
            continue
        old = text[a.start : a.end]
        if a.kind == LOST:
            if enough and a.syl.tone is not None:
                reason = f"pinyin annotation {old} after a lost character {a.anchor!r} ({evidence} such in the document)"
                edits.append(Edit(a.start, a.end, old, "", reason))
            elif enough or a.syl.tone is not None:  # alone, a toneless one is too common a shape to report (`?lang)` in a URL)
                reason = f"possible pinyin annotation {old} after a lost character {a.anchor!r}; not removed"
                edits.append(Edit(a.start, a.end, old, old, reason))
        elif enough and a.syl.tone is not None:
            reason = f"pinyin annotation {old} is not a reading of {a.anchor}: the character may be damaged"
            edits.append(Edit(a.start, a.end, old, old, reason))
    return edits


def _family_gate(policy: Any) -> Callable[[str], frozenset[str]]:
    """The gate of the family (the same under every policy): :func:`_may_apply`."""
    return _may_apply


def _may_apply(text: str) -> frozenset[str]:
    """The PYN rules that may have work on ``text`` (the pipeline skips the others): both need an opening
    bracket before a pinyin letter, PYN002 also takes a lost character (``?`` or U+FFFD) before one.  The
    leading characters are looked for first (most text holds none)."""
    if ("(" in text or "\uff08" in text or "\u3010" in text) and _has_trigger(text):
        return _CODES
    if ("?" in text or "\ufffd" in text) and any(r.search(text) for r in _LOST_TRIGGER_RES):
        return _CODES.difference(("PYN001",))
    return _CODES.difference(("PYN001", "PYN002"))


GATE = _family_gate


RULES: tuple[Rule, ...] = (
    Rule("PYN001", "pinyin-annotation", pinyin_annotation, kind="span", default=True, safety="safe"),
    Rule("PYN002", "damaged-pinyin-annotation", damaged_pinyin_annotation, kind="span", default=True, safety="safe"),
)
#: for :func:`_family_gate`
_CODES = frozenset(r.code for r in RULES)
