"""SPN: repair article-spinner (伪原创) synonym swaps through a data glossary.

Content farms disguise copied articles with "伪原创" tools that swap words for
dictionary "synonyms" (建设→基本建设, 我们→大家, 重要窗口→关键对话框).  The
glossary in ``cleanpolicy/data/spinner/glossary.tsv`` maps spun forms back to
the originals.  Every entry has a *tier* that says how sure a match is:

* ``always``: forms that are never right in policy prose (关键对话框);
* ``context``: right only where the entry's context conditions hold (重特大 is
  重大 except before 事故/灾害/…; 全国两会 is 两会 when the text is about a
  province's or city's sessions);
* ``spun-only``: ordinary words (大家, 发展趋势) that are only changed when the
  document as a whole looks spun.  Besides the curated ``glossary.tsv``, the
  packaged ``generated.tsv`` holds spun-only pairs derived from a dictionary
  (CC-CEDICT, CC BY-SA 4.0) by ``scripts/spinner_glossary.py generate``.

"Looks spun" is the *spin score*: evidence per 1,000 hanzi, where every
always-tier hit counts 1 and every other hit counts by how much less plausible
the spun wording is than the original under :mod:`cleanpolicy.langmodel` (a
model of real policy prose).  It is only computed for a document with a sure
(always- or context-tier) hit: the ordinary spun-only words are not even looked
for elsewhere.  It rides on a zero-width report edit as document metadata
(``spin_score``) and gates the spun-only tier.

Matching runs on :func:`cleanpolicy.chars.fold_simplified` of the text (same
length, so offsets carry over), so traditional input is repaired too; a
replacement for a traditional span is converted back with OpenCC ``s2t``.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import operator
import os
import re
from typing import Any, NamedTuple

from .. import recache
from .._core import Edit, apply_edits
from ..registry import Rule

__all__ = ["glossary_synonym", "spin_score", "load_glossary", "Entry", "RULES", "OPTIONS"]

OPTIONS: dict[str, Any] = {
    #: a user glossary (same TSV format); relative paths are resolved against the config file
    "glossary": "",
    #: spin score (evidence per 1,000 hanzi) at or above which the spun-only tier applies
    "spin_threshold": 3.0,
    #: what the spun-only tier does in a spun document: "fix", "report" or "off"
    "spun_only": "fix",
    #: which tiers run at all
    "tiers": ["always", "context", "spun-only"],
}

TIERS = ("always", "context", "spun-only")
_ALL_TIERS = frozenset(TIERS)
#: the tiers that need no document-level evidence: their hits are the *sure* signs of a spinner
_SURE_TIERS = frozenset(("always", "context"))
#: the packaged data files, in the order their entries are tried
_DATA_FILES = ("glossary.tsv", "generated.tsv")
_TIER_RANK = {t: i for i, t in enumerate(TIERS)}
#: characters allowed between a locality marker and the matched form (quotes, spaces)
_QUOTES = "“”\"'‘’「」『』 \u3000"
#: characters that, before 省/市/县/区, make a common word rather than a place (城市, 超市, 社区…)
_NOT_PLACE = frozenset("城都超门上股楼车各全地社园景小灾军特郊辖街夜集闹菜黑早午晚花鱼灯庙坊牛熊省市县区州")
_ADMIN = "省市县区州盟旗"
#: how far context conditions can look (longest prev/next word, locality look-behind)
_CONTEXT_REACH = 32


class Cond(NamedTuple):
    kind: str  # "next" | "prev" | "local" | "local-session"
    negate: bool
    words: tuple[str, ...]


class Entry(NamedTuple):
    spun: str
    original: str
    tier: str
    conds: tuple[Cond, ...]
    example: str
    counterexample: str
    source: str
    #: where the entry was read: "glossary.tsv:12" or "/path/user.tsv:3"
    origin: str


class GlossaryError(ValueError):
    pass


# -- loading --------------------------------------------------------------------------------------
def _parse_context(text: str, where: str) -> tuple[Cond, ...]:
    if text in ("", "-"):
        return ()
    out = []
    for part in text.split():
        neg = part.startswith("!")
        body = part[1:] if neg else part
        if body in ("local", "local-session"):
            out.append(Cond(body, neg, ()))
            continue
        kind, sep, words = body.partition(":")
        if not sep or kind not in ("next", "prev") or not words:
            raise GlossaryError(f"{where}: bad context condition {part!r}")
        ws = tuple(w for w in words.split("|") if w)
        if not ws:
            raise GlossaryError(f"{where}: empty word list in {part!r}")
        out.append(Cond(kind, neg, ws))
    return tuple(out)


def parse_glossary(text: str, name: str) -> list[Entry]:
    """Parse glossary TSV text (``name`` is used in error messages and edit reasons)."""
    from ..chars import fold_simplified

    entries: list[Entry] = []
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.rstrip("\r").split("\t")
        if cols[0] == "spun" and lineno < 40 and len(cols) > 1 and cols[1] == "original":
            continue  # header
        where = f"{name}:{lineno}"
        if len(cols) < 3:
            raise GlossaryError(f"{where}: need at least spun, original, tier (TAB-separated)")
        cols += ["-"] * (7 - len(cols))
        spun, original, tier, context, example, counter, source = (c.strip() for c in cols[:7])
        if tier not in TIERS and tier != "off":
            raise GlossaryError(f"{where}: tier {tier!r} is not one of {', '.join(TIERS)}, off")
        if not spun:
            raise GlossaryError(f"{where}: empty spun form")
        spun = fold_simplified(spun)
        if spun == original:
            raise GlossaryError(f"{where}: spun form equals the original")
        entries.append(Entry(spun, original, tier, _parse_context(context, where), example, counter, source, where))
    return entries


@functools.lru_cache(maxsize=1)
def _packaged() -> tuple[Entry, ...]:
    """The packaged glossary: the curated ``glossary.tsv``, then ``generated.tsv`` (spun-only pairs
    derived from a dictionary by ``scripts/spinner_glossary.py generate``)."""
    from importlib import resources

    out: list[Entry] = []
    for name in _DATA_FILES:
        res = resources.files("cleanpolicy.data").joinpath("spinner", name)
        if res.is_file():
            out.extend(parse_glossary(res.read_text(encoding="utf-8"), name))
    return tuple(out)


@functools.lru_cache(maxsize=16)
def _user(path: str, mtime_ns: int, size: int) -> tuple[Entry, ...]:
    with open(path, encoding="utf-8") as fh:
        return tuple(parse_glossary(fh.read(), path))


def load_glossary(user_path: str = "") -> tuple[Entry, ...]:
    """The packaged glossary, extended/overridden by ``user_path`` (a spun form the user lists replaces
    every packaged entry for that form; tier ``off`` just removes them)."""
    base = _packaged()
    if not user_path:
        return base
    st = os.stat(user_path)
    user = _user(os.path.abspath(user_path), st.st_mtime_ns, st.st_size)
    return _merge(base, user)


@functools.lru_cache(maxsize=16)
def _merge(base: tuple[Entry, ...], user: tuple[Entry, ...]) -> tuple[Entry, ...]:
    overridden = {e.spun for e in user}
    return tuple(e for e in user if e.tier != "off") + tuple(e for e in base if e.spun not in overridden)


class _Matcher(NamedTuple):
    #: spun form -> its entries in file order
    by_form: dict[str, tuple[Entry, ...]]
    #: first character -> spun forms starting with it
    by_first: dict[str, tuple[str, ...]]
    #: forms with a spun-only entry, by first character: ((length, forms), ...) (see :func:`_gated_occurrences`)
    gated: dict[str, tuple[tuple[int, frozenset[str]], ...]]
    #: the same forms: all of them, and their lengths by first two characters (None if one has one character)
    gated_forms: frozenset[str]
    gated_by_two: dict[str, tuple[int, ...]] | None


#: id of an entries tuple -> (the tuple, kept alive so the id stays its own, its matcher)
_MATCHERS: dict[int, tuple[tuple[Entry, ...], _Matcher]] = {}


def _matcher(entries: tuple[Entry, ...]) -> _Matcher:
    """The matcher of ``entries``; looked up by identity first (hashing the glossary costs more
    than scanning a short text)."""
    hit = _MATCHERS.get(id(entries))
    if hit is not None and hit[0] is entries:
        return hit[1]
    m = _build_matcher(entries)
    if len(_MATCHERS) >= 16:
        _MATCHERS.clear()
    _MATCHERS[id(entries)] = (entries, m)
    return m


@functools.lru_cache(maxsize=16)
def _build_matcher(entries: tuple[Entry, ...]) -> _Matcher:
    by_form: dict[str, list[Entry]] = {}
    for e in entries:
        by_form.setdefault(e.spun, []).append(e)
    by_first: dict[str, list[str]] = {}
    for form in by_form:
        by_first.setdefault(form[0], []).append(form)
    gated: dict[str, dict[int, set[str]]] = {}
    for form, es in by_form.items():
        if any(e.tier == "spun-only" for e in es):
            gated.setdefault(form[0], {}).setdefault(len(form), set()).add(form)
    forms = frozenset(f for v in gated.values() for fs in v.values() for f in fs)
    by_two: dict[str, set[int]] | None = {}
    for f in forms:
        if len(f) < 2:
            by_two = None
            break
        by_two.setdefault(f[:2], set()).add(len(f))
    return _Matcher(
        {k: tuple(v) for k, v in by_form.items()},
        {k: tuple(v) for k, v in by_first.items()},
        {k: tuple((n, frozenset(fs)) for n, fs in sorted(v.items())) for k, v in gated.items()},
        forms,
        None if by_two is None else {k: tuple(sorted(v)) for k, v in by_two.items()},
    )


# -- context --------------------------------------------------------------------------------------
def _before_quotes(folded: str, start: int) -> int:
    j = start
    limit = max(0, start - 3)
    while j > limit and folded[j - 1] in _QUOTES:
        j -= 1
    return j


@functools.cache
def _session_re() -> "re.Pattern[str]":
    """A province's or city's own session (``浙江省第十四届``); compiled on first use: the compiler takes a
    step per code point of the hanzi range, ~1 ms, which a text without a ``local`` candidate need not
    spend."""
    return recache.compile(r"[一-鿿]{1,10}[省市县区州盟旗]第[一二三四五六七八九十百零〇○0-9０-９]{1,4}[届次]$")


def _local_session(folded: str, start: int) -> bool:
    j = _before_quotes(folded, start)
    return bool(_session_re().search(folded[max(0, j - 20) : j]))


def _local(folded: str, start: int) -> bool:
    """The match is about a province's, city's or county's own sessions: 省“…”, 丽水市…, X市第N届…."""
    j = _before_quotes(folded, start)
    if j > 0 and folded[j - 1] in _ADMIN:
        before = folded[j - 2] if j >= 2 else ""
        if before not in _NOT_PLACE:
            return True
    return _local_session(folded, start)


@functools.lru_cache(maxsize=4096)
def _word_test(kind: str, words: tuple[str, ...]):
    """A fast equivalent of ``any(folded.startswith(w, end) for w in words)`` (next) or of
    ``any(start >= len(w) and folded.startswith(w, start - len(w)) for w in words)`` (prev)."""
    if kind == "next":
        match = recache.compile("|".join(re.escape(w) for w in words)).match
        return lambda folded, start, end: match(folded, end) is not None
    by_len: dict[int, set[str]] = {}
    for w in words:
        by_len.setdefault(len(w), set()).add(w)
    groups = tuple(sorted((n, frozenset(ws)) for n, ws in by_len.items()))
    return lambda folded, start, end: any(start >= n and folded[start - n : start] in ws for n, ws in groups)


def _cond_holds(c: Cond, folded: str, start: int, end: int) -> bool:
    if c.kind == "next" or c.kind == "prev":
        hit = _word_test(c.kind, c.words)(folded, start, end)
    elif c.kind == "local":
        hit = _local(folded, start)
    else:
        hit = _local_session(folded, start)
    return hit != c.negate


def entry_applies(entry: Entry, folded: str, start: int) -> bool:
    """Do ``entry``'s context conditions hold for a match at ``start`` in (folded) text?"""
    end = start + len(entry.spun)
    return all(_cond_holds(c, folded, start, end) for c in entry.conds)


# -- candidates -----------------------------------------------------------------------------------
class _Cand(NamedTuple):
    start: int
    end: int
    entry: Entry


def _candidates(folded: str, m: _Matcher, tiers: frozenset[str], firsts=None) -> list[_Cand]:
    """Every occurrence of a spun form whose first applicable entry (in an enabled tier) passes its context."""
    out: list[_Cand] = []
    if firsts is None:
        firsts = m.by_first.keys() & set(folded)
    for first in sorted(firsts):
        for form in m.by_first[first]:
            find = folded.find
            i = find(form)
            while i != -1:
                for e in m.by_form[form]:
                    if e.tier in tiers and entry_applies(e, folded, i):
                        out.append(_Cand(i, i + len(form), e))
                        break
                i = find(form, i + 1)
    return out


def _resolve(cands: list[_Cand]) -> list[_Cand]:
    """Non-overlapping candidates, longest first (then stronger tier, then leftmost); linear in the
    total length of the candidates."""
    if len(cands) < 2:
        return list(cands)
    order = sorted(cands, key=lambda c: (c.start - c.end, _TIER_RANK[c.entry.tier], c.start))
    lo = min(c.start for c in cands)
    hi = max(c.end for c in cands)
    taken = bytearray(hi - lo)
    chosen: list[_Cand] = []
    for c in order:
        a, b = c.start - lo, c.end - lo
        if any(taken[a:b]):
            continue
        taken[a:b] = b"\x01" * (b - a)
        chosen.append(c)
    chosen.sort(key=lambda c: c.start)
    return chosen


# -- fast detection -------------------------------------------------------------------------------
#
# Most text has nothing for SPN to do, but glossary forms are made of common characters (我国,
# 大家, 基本建设), so neither a per-form ``str.find`` nor a plain regex alternation is fast.  The
# detector is one compiled regex over the *original* text that finds every place where a
# candidate can start: each form becomes the patterns under which one of its entries can apply
# (the bare form when some entry has no positive condition, else the form with the words of one
# positive ``next``/``prev`` condition, or with the 省/届 that ``local`` needs before it).
# Every position of a pattern is a character class of all characters that fold to it, so one
# regex serves simplified and traditional text without folding it.  Each pattern is anchored on
# a pair of adjacent positions chosen so that the pair is rare in real Chinese (bigram counts of
# :mod:`cleanpolicy.langmodel`).  One match of the regex runs over the text up to the next place where
# a pattern fits (see :func:`_skipping_regex`): it passes every other character in a possessive run,
# and most anchor characters on the pair character alone, so the engine only steps into a pattern's
# other positions at the rare pairs.  The hits are only a *superset* of the candidates: each is
# verified against the folded form and the entry conditions exactly as before, on a folded window
# around it.


class _Detector(NamedTuple):
    regex: Any
    #: anchor character (folded) -> ((offset of the form start before the anchor, form), ...)
    by_anchor: dict[str, tuple[tuple[int, str], ...]]
    #: per form, how far context conditions look around a match
    reach: dict[str, int]
    #: a hit at p can only start a form in [p - before, p + after]
    before: int
    after: int
    #: the longest form
    longest: int


def _patterns(m: _Matcher) -> list[tuple[tuple[frozenset[str], ...], int, str]]:
    """(positions as sets of folded characters, offset of the form in the pattern, form)."""
    out: dict[tuple[tuple[frozenset[str], ...], int, str], None] = {}
    quotes = frozenset(_QUOTES)
    for form, entries in m.by_form.items():
        base = tuple(frozenset(ch) for ch in form)
        pats = []
        for e in entries:
            if e.tier not in _SURE_TIERS:  # spun-only forms are found by the gated scan
                continue
            pos = [c for c in e.conds if not c.negate]
            if not pos:
                pats = [(base, 0)]
                break
            c = pos[0]
            if c.kind == "next":
                pats += [(base + tuple(frozenset(ch) for ch in w), 0) for w in c.words]
            elif c.kind == "prev":
                pats += [(tuple(frozenset(ch) for ch in w) + base, len(w)) for w in c.words]
            else:  # local / local-session: 省|市|…|届|次, up to three quotes, the form
                before = frozenset(_ADMIN + "届次") if c.kind == "local" else frozenset("届次")
                pats += [((before,) + (quotes,) * q + base, 1 + q) for q in range(4)]
        for pat, off in pats:
            out[(pat, off, form)] = None
    return list(out)


def _char_class(chars) -> str:
    chars = sorted(set(chars))
    if not chars:
        return "(?!)"
    if len(chars) == 1:
        return re.escape(chars[0])
    return "[" + "".join(re.escape(c) for c in chars) + "]"


@functools.lru_cache(maxsize=2)
def _preimages() -> dict[str, str]:
    """Folded character -> the characters that fold to it (those the fold changes), as a string (cheaper
    to build than :func:`cleanpolicy.chars.inverse_table`'s sets)."""
    from ..chars import fold_table

    out: dict[str, str] = {}
    for k, v in fold_table().items():
        out[v] = out.get(v, "") + chr(k)
    return out


def _char_frequency():
    """A character's count in the language model (flat without the model)."""
    try:
        from .. import langmodel

        counts = langmodel._chars()[0]
    except Exception:  # pragma: no cover - the model ships with the package
        return lambda ch: 1
    return lambda ch: counts.get(ch, 0)


def _frequencies(chars: set[str]):
    """(char count, bigram counts among ``chars``) from the language model; flat without it."""
    freq = _char_frequency()
    try:
        from .. import langmodel

        bigrams = langmodel._bigrams()
    except Exception:  # pragma: no cover - the model ships with the package
        return freq, {}
    follow: dict[str, dict[str, int]] = {}
    for key, n in bigrams.items():
        if len(key) == 2 and key[0] in chars and key[1] in chars:
            follow.setdefault(key[0], {})[key[1]] = n
    return freq, follow


#: (id of a matcher, raw) -> (the matcher, kept alive so the id stays its own, its detector)
_DETECTORS: dict[tuple[int, bool], tuple[_Matcher, _Detector]] = {}


def _detector(m: _Matcher, raw: bool) -> _Detector:
    """The detector for ``m`` (built once): on raw text (classes of every character folding to a
    position) when ``raw``, else on already folded text (each position matches itself)."""
    key = (id(m), raw)
    hit = _DETECTORS.get(key)
    if hit is not None and hit[0] is m:
        return hit[1]
    if len(_DETECTORS) >= 32:
        _DETECTORS.clear()
    det = _build_detector(m, raw)
    _DETECTORS[key] = (m, det)
    return det


def _expander(raw: bool):
    """Pattern position (set of folded characters) -> the characters of text that match it."""
    if not raw:
        return lambda cs: cs
    pre = _preimages()
    from ..chars import fold_table

    table = fold_table()
    cache: dict[frozenset[str], frozenset[str]] = {}

    def ex(cs: frozenset[str]) -> frozenset[str]:
        out = cache.get(cs)
        if out is None:
            acc: set[str] = set()
            for c in cs:
                acc.update(pre.get(c, ""))
                if ord(c) not in table:
                    acc.add(c)
            out = cache[cs] = frozenset(acc)
        return out

    return ex


_CHOICES: dict[int, tuple[_Matcher, Any]] = {}


def _anchor_choices(m: _Matcher):
    """Each pattern with the pair of adjacent positions the detector finds it through.

    The regex stops at the pair's *head* (one character class scanned for in C), then checks the
    other character of the pair (the next one, or the previous one), then the rest.  Pairs are
    chosen greedily so that real text has few head characters (a stop costs 1) and few
    head+other pairs (a *survivor* costs ``_SURVIVOR``), counting what earlier choices share.
    """
    hit = _CHOICES.get(id(m))
    if hit is not None and hit[0] is m:
        return hit[1]
    pats = _patterns(m)
    out = _shipped_anchor_choices(pats)
    if out is None:
        out = _compute_anchor_choices(pats)
    if len(_CHOICES) >= 32:
        _CHOICES.clear()
    _CHOICES[id(m)] = (m, out)
    return out


#: the anchor choices of the packaged glossary, computed by :func:`_compute_anchor_choices` and shipped
#: (``scripts/spinner_glossary.py anchors`` writes it; a test checks it is current)
_ANCHORS_FILE = "anchors.json"


def _patterns_digest(pats) -> str:
    import hashlib
    import json

    canon = [["".join(sorted(cs)) for cs in pat] + [off, form] for pat, off, form in pats]
    return hashlib.sha256(json.dumps(canon, ensure_ascii=False).encode("utf-8")).hexdigest()


def anchor_choices_data(pats) -> dict[str, Any]:
    """The shippable form of :func:`_compute_anchor_choices` for ``pats``: indices into ``pats``."""
    single, placed, _freq = _compute_anchor_choices(pats)
    index = {p: i for i, p in enumerate(pats)}
    return {
        "patterns": _patterns_digest(pats),
        "single": [index[p] for p in single],
        "placed": [[index[p], kind, k] for p, (kind, k) in placed],
    }


def _shipped_anchor_choices(pats):
    """The shipped choices when they were computed for exactly these patterns (the packaged glossary),
    else None.  Choosing them costs about 0.25 s per process (the language model's bigram table is
    read for it); a policy with its own glossary entries computes its own."""
    import json
    from importlib import resources

    try:
        res = resources.files("cleanpolicy.data").joinpath("spinner", _ANCHORS_FILE)
        data = json.loads(res.read_text(encoding="utf-8"))
        if data.get("patterns") != _patterns_digest(pats):
            return None
        single = [pats[i] for i in data["single"]]
        placed = [(pats[i], (kind, k)) for i, kind, k in data["placed"]]
    except Exception:  # missing or stale data: compute
        return None
    return single, placed, _char_frequency()


def _compute_anchor_choices(pats):
    """:func:`_anchor_choices` computed from the language model (see there)."""
    ex = _expander(True)
    relevant: set[str] = set()
    for pat, _off, _form in pats:
        for cs in pat:
            relevant |= ex(cs)
    freq, follow = _frequencies(relevant)
    precede: dict[str, dict[str, int]] = {}
    for a, fs in follow.items():
        for b, c in fs.items():
            precede.setdefault(b, {})[a] = c
    empty: dict[str, int] = {}
    heads: dict[str, int] = {}
    # per direction: head counts, other counts, survivors a head would add (per head, against the
    # active others) and survivors an other would add (against the active heads)
    state = {
        "n": ({}, {}, {}, {}, follow, precede),
        "p": ({}, {}, {}, {}, precede, follow),
    }

    def marginal(pat, opt) -> float:
        kind, k = opt
        hd, od, s_h, t_o, ho, oh = state[kind]
        hs = ex(pat[k])
        os_ = ex(pat[k + 1] if kind == "n" else pat[k - 1])
        cost = float(sum(freq(h) for h in hs if not heads.get(h)))
        new_o = [o for o in os_ if not od.get(o)]
        sv = sum(t_o.get(o, 0) for o in new_o)
        for h in hs:
            if not hd.get(h):
                sv += s_h.get(h, 0)
                if new_o:
                    f = ho.get(h, empty)
                    sv += sum(f.get(o, 0) for o in new_o)
        return cost + _SURVIVOR * sv

    running = [0.0]  # the total cost of the current choices

    def place(pat, opt, d: int) -> None:
        kind, k = opt
        hd, od, s_h, t_o, ho, oh = state[kind]
        for h in ex(pat[k]):
            before = heads.get(h, 0)
            heads[h] = before + d
            if (before == 0) != (heads[h] == 0):
                running[0] += d * freq(h)
            before = hd.get(h, 0)
            hd[h] = before + d
            if (before == 0) != (hd[h] == 0):  # h (de)activated: the others it pairs with
                running[0] += d * _SURVIVOR * s_h.get(h, 0)
                for o, c in ho.get(h, empty).items():
                    t_o[o] = t_o.get(o, 0) + d * c
        for o in ex(pat[k + 1] if kind == "n" else pat[k - 1]):
            before = od.get(o, 0)
            od[o] = before + d
            if (before == 0) != (od[o] == 0):
                running[0] += d * _SURVIVOR * t_o.get(o, 0)
                for h, c in oh.get(o, empty).items():
                    s_h[h] = s_h.get(h, 0) + d * c

    def options(pat):
        return [("n", k) for k in range(len(pat) - 1)] + [("p", k) for k in range(1, len(pat))]

    def best(pat):
        return min(options(pat), key=lambda o: (marginal(pat, o), o))

    single = [p for p in pats if len(p[0]) < 2]
    pairs = sorted((p for p in pats if len(p[0]) >= 2), key=lambda p: (p[2], p[1], len(p[0])))
    first_cost = {p: min(marginal(p[0], o) for o in options(p[0])) for p in pairs}
    order = sorted(pairs, key=lambda p: -first_cost[p])
    choice: dict[Any, tuple[str, int]] = {}
    for p in order:
        choice[p] = best(p[0])
        place(p[0], choice[p], 1)
    for p in order:  # one refinement pass, now that every pattern is placed
        place(p[0], choice[p], -1)
        choice[p] = best(p[0])
        place(p[0], choice[p], 1)

    def total() -> float:
        return running[0]

    def key(p, opt):
        kind, k = opt
        return (kind, ex(p[0][k]), ex(p[0][k + 1] if kind == "n" else p[0][k - 1]))

    # patterns that share a costly pair keep it, each because the others pay for it: try moving
    # every user of a pair elsewhere at once, and keep the move when the total cost drops
    for _round in range(2):
        users: dict[Any, list[Any]] = {}
        for p in order:
            users.setdefault(key(p, choice[p]), []).append(p)
        for kk, members in sorted(users.items(), key=lambda kv: (-len(kv[1]), repr(kv[0]))):
            if len(members) < 2 or any(key(p, choice[p]) != kk for p in members):
                continue
            before = total()
            old = {p: choice[p] for p in members}
            for p in members:
                place(p[0], choice[p], -1)
            for p in members:
                opts = [o for o in options(p[0]) if key(p, o) != kk]
                if not opts:
                    opts = options(p[0])
                choice[p] = min(opts, key=lambda o: (marginal(p[0], o), o))
                place(p[0], choice[p], 1)
            if total() >= before:
                for p in members:
                    place(p[0], choice[p], -1)
                for p in members:
                    choice[p] = old[p]
                    place(p[0], choice[p], 1)
    return single, [(p, choice[p]) for p in order], freq


def _build_detector(m: _Matcher, raw: bool) -> _Detector:
    single, placed, freq = _anchor_choices(m)
    ex = _expander(raw)

    classes: dict[frozenset[str], str] = {}

    def cls(cs: frozenset[str]) -> str:
        out = classes.get(cs)
        if out is None:
            out = classes[cs] = _char_class(ex(cs))
        return out

    by_anchor: dict[str, dict[tuple[int, str], None]] = {}
    #: head characters that are a hit wherever they stand (one-character forms)
    always: set[str] = set()
    #: per head character: next character -> look-behind before the head -> look-aheads after the next
    by_next: dict[str, dict[str, dict[str, list[str]]]] = {}
    #: per head character: the previous characters, and width -> look-behind -> look-aheads
    prev_chars: dict[str, set[str]] = {}
    by_width: dict[str, dict[int, dict[str, list[str]]]] = {}
    for pat, off, form in single:
        for a in pat[0]:
            by_anchor.setdefault(a, {})[(-off, form)] = None
        always |= ex(pat[0])
    for p, (kind, k) in placed:
        pat, off, form = p
        for a in pat[k]:
            by_anchor.setdefault(a, {})[(off - k, form)] = None
        # the look-behinds end at the head (and its next character), which are there when they are tried:
        # they check only the characters before the head
        behind = "".join(cls(cs) for cs in pat[:k])
        if kind == "n":
            ahead = "".join(cls(cs) for cs in pat[k + 2 :])
            look = f"(?<={behind}[\\s\\S]{{2}})" if behind else ""
            nexts = ex(pat[k + 1])
            for h in ex(pat[k]):
                for n in nexts:
                    by_next.setdefault(h, {}).setdefault(n, {}).setdefault(look, []).append(ahead)
        else:
            ahead = "".join(cls(cs) for cs in pat[k + 1 :])
            look = behind + "[\\s\\S]"
            prevs = ex(pat[k - 1])
            for h in ex(pat[k]):
                prev_chars.setdefault(h, set()).update(prevs)
                by_width.setdefault(h, {}).setdefault(k + 1, {}).setdefault(look, []).append(ahead)

    def with_ahead(behind: str, aheads: list[str]) -> str:
        if "" in aheads:
            return behind
        aheads = list(dict.fromkeys(aheads))
        return behind + "(?=" + "|".join(aheads) + ")"

    def alternation(items: list[str]) -> str:
        return items[0] if len(items) == 1 else "(?:" + "|".join(items) + ")"

    # the look-around under which a head character is a hit, written after it; heads that share one
    # share a class
    by_cond: dict[str, set[str]] = {}
    for h in (set(by_next) | set(by_width)) - always:
        parts = []
        if h in by_next:
            # the next characters after which the same look-arounds follow share a class
            by_rest: dict[str, list[str]] = {}
            for n, looks in by_next[h].items():
                by_rest.setdefault(alternation([with_ahead(b, a) for b, a in looks.items()]), []).append(n)
            ranked = sorted(by_rest.items(), key=lambda kv: (-max(map(freq, kv[1])), min(kv[1])))
            parts.append("(?=" + alternation([_char_class(ns) + rest for rest, ns in ranked]) + ")")
        if h in by_width:
            widths = by_width[h]
            groups = ["(?<=" + "|".join(with_ahead(b, a) for b, a in widths[w].items()) + ")" for w in sorted(widths)]
            parts.append(f"(?<={_char_class(prev_chars[h])}[\\s\\S])" + alternation(groups))
        by_cond.setdefault(alternation(parts), set()).add(h)
    heads = always | set(by_next) | set(by_width)
    # most stops are told apart by the pair character alone, against the pair characters of all heads
    # of their kind: no look-around of the head's own patterns is tried for them
    quick = []
    n_only = set(by_next) - set(by_width) - always
    if n_only:
        pairs = heads.union(*(by_next[h] for h in n_only))
        quick.append((n_only, "[^" + "".join(map(re.escape, sorted(pairs))) + "]"))
    p_only = set(by_width) - set(by_next) - always
    if p_only:
        quick.append((p_only, f"(?<!{_char_class(set().union(*(prev_chars[h] for h in p_only)))}[\\s\\S])"))
    quick.sort(key=lambda q: (-sum(map(freq, q[0])), sorted(q[0])))
    full = sorted(((hs, f"(?!{cond})") for cond, hs in by_cond.items()), key=lambda q: (-sum(map(freq, q[0])), sorted(q[0])))
    deltas = [d for v in by_anchor.values() for d, _form in v] or [0]
    return _Detector(
        _skipping_regex(heads, quick, full),
        {a: tuple(v) for a, v in by_anchor.items()},
        _reaches(m),
        -min(deltas),
        max(deltas),
        max(map(len, m.by_form), default=1),
    )


def _skipping_regex(heads: set[str], quick: list[tuple[set[str], str]], full: list[tuple[set[str], str]]) -> Any:
    """A regex whose matches end at the detector's hits, in order; group 1 is the hit (the last match,
    at the text end, has none).

    A regex that starts at the head class makes the engine start a match at every head character
    (common ones such as 家 and 本 among them), which nearly always fails.  Here one match runs over
    everything that is no hit: the other characters in possessive runs, and each head character that
    is no hit by an alternative ``[heads]tail`` of ``quick`` or then ``full`` (``(heads, tail)``, tried
    in order; a tail consumes at most one more character, which is no head).  Where the run stops, no
    tail fits the head: the match takes it as group 1.  Nothing is tried twice: linear.  The
    alternatives of ``full`` stand behind one class of their heads, so that where none can start (at
    the text end) the engine does not go through all of them, which on a short text costs more than
    its scan.
    """
    from ..chars import skipping_regex

    misses = [_char_class(hs) + tail for hs, tail in quick]
    if full:
        guard = _char_class(set().union(*(hs for hs, _tail in full)))
        misses.append(f"(?={guard})(?:" + "|".join(_char_class(hs) + tail for hs, tail in full) + ")")
    return skipping_regex(heads, misses)


def _reaches(m: _Matcher) -> dict[str, int]:
    """Per form, how far its entries' conditions (and the spin score's two characters) look around a
    match: the longest word, or 23 for ``local`` (three quotes, then a 20-character session name)."""
    out = {}
    for form, entries in m.by_form.items():
        r = 2
        for e in entries:
            for c in e.conds:
                r = max(r, _LOCAL_REACH if c.kind in ("local", "local-session") else max(map(len, c.words), default=0))
        out[form] = r
    return out


#: how far ``local`` looks before a match: up to three quotes, then :func:`_session_re` on 20 characters
_LOCAL_REACH = 23


#: what a pair found in text (a *survivor*) costs against a stop at a head character
_SURVIVOR = 5


def _find_candidates(
    text: str,
    m: _Matcher,
    tiers: frozenset[str],
    raw: bool = True,
    span: tuple[int, int] | None = None,
    sure_occ: list[tuple[int, str]] | None = None,
) -> tuple[list[_Cand], list[tuple[str, str]]]:
    """What :func:`_candidates` finds on the fold of ``text`` (``raw``; else ``text`` is already
    folded), in the same order; also each candidate's folded surroundings (two characters either
    side) for the spin score.  With ``span``, only the candidates that overlap it.

    Forms of the always and context tiers are found through the detector (one regex scan of the
    raw text; ``sure_occ`` passes what an earlier scan of the same text found); the forms of
    spun-only entries, only when that tier is asked for, by :func:`_gated_occurrences` on the
    folded text."""
    det = _detector(m, raw)
    fold = _small_fold(raw)
    n = len(text)
    occ: list[tuple[int, str]] = []
    if tiers & _SURE_TIERS:
        occ = list(sure_occ) if sure_occ is not None else _detector_occurrences(text, m, raw, span)
    if "spun-only" in tiers and m.gated:
        seen = set(occ)
        if span is None:
            lo, hi = 0, n
        else:
            lo, hi = max(0, span[0] - det.longest + 1), span[1]
        folded = fold(text[lo : min(n, hi + det.longest)]) if raw else text
        base = lo if raw else 0
        for s, form in _gated_occurrences(folded, m, lo - base, hi - base):
            s += base
            if span is not None and not (s < span[1] and span[0] < s + len(form)):
                continue
            if (s, form) not in seen:
                seen.add((s, form))
                occ.append((s, form))
    return _select(text, m, occ, tiers, raw)


def _detector_occurrences(text: str, m: _Matcher, raw: bool = True, span: tuple[int, int] | None = None) -> list[tuple[int, str]]:
    """Occurrences ``(start, form)`` of the forms that some always- or context-tier entry may
    accept there, found through the detector."""
    det = _detector(m, raw)
    n = len(text)
    if span is None:
        it = det.regex.finditer(text)
        last = n
    else:  # hits that can start a form overlapping the span
        it = det.regex.finditer(text, max(0, span[0] - det.longest - det.after))
        last = span[1] + det.before
    first = next(it).start(1)
    if first < 0:  # the fast path: nothing can start anywhere
        return []
    fold = _small_fold(raw)
    seen: set[tuple[int, str]] = set()
    occ: list[tuple[int, str]] = []
    by_anchor = det.by_anchor
    for p in itertools.chain((first,), (hit.start(1) for hit in it)):
        if p < 0 or p > last:  # the text end, or past the span
            break
        for delta, form in by_anchor.get(fold(text[p]), ()):
            s = p + delta
            e = s + len(form)
            if s < 0 or e > n or (s, form) in seen:
                continue
            if span is not None and not (s < span[1] and span[0] < e):
                continue
            if fold(text[s:e]) != form:
                continue
            seen.add((s, form))
            occ.append((s, form))
    return occ


def _select(text: str, m: _Matcher, occ: list[tuple[int, str]], tiers: frozenset[str], raw: bool) -> tuple[list[_Cand], list[tuple[str, str]]]:
    """For every occurrence, the first entry of its form whose tier is in ``tiers`` and whose
    context holds, in the order of :func:`_candidates`; with each one's folded surroundings."""
    if not occ:
        return [], []
    fold = _small_fold(raw)
    n = len(text)
    order = _form_order(m)
    occ = sorted(occ, key=lambda o: (order[o[1]], o[0]))
    reach_of = _detector(m, raw).reach
    out: list[_Cand] = []
    around: list[tuple[str, str]] = []
    for s, form in occ:
        e = s + len(form)
        reach = reach_of[form]
        lo = max(0, s - reach)
        win = fold(text[lo : min(n, e + reach)])
        ws = s - lo
        we = ws + len(form)
        for entry in m.by_form[form]:
            if entry.tier in tiers and entry_applies(entry, win, ws):
                out.append(_Cand(s, e, entry))
                around.append((win[max(0, ws - 2) : ws], win[we : we + 2]))
                break
    return out, around


def _gated_occurrences(folded: str, m: _Matcher, lo: int = 0, hi: int | None = None) -> list[tuple[int, str]]:
    """Every occurrence starting in ``[lo, hi)`` of a form that has a spun-only entry: a
    dictionary look-up per position and form length.  These are ordinary words (大家, 再度), too
    many and too common to be found cheaply in every document, so they are only looked for in a
    document that already shows a sure sign of spinning."""
    if hi is None or hi > len(folded):
        hi = len(folded)
    out = []
    if m.gated_by_two is not None:  # every form has two characters or more: look up each bigram
        forms = m.gated_forms
        seg = folded[lo : hi + 1]
        for i, lens in enumerate(map(m.gated_by_two.get, map(operator.add, seg, seg[1:])), lo):
            if lens is not None:
                for n in lens:
                    piece = folded[i : i + n]
                    if piece in forms:
                        out.append((i, piece))
        return out
    gated = m.gated.get
    for i in range(lo, hi):
        groups = gated(folded[i])
        if groups is not None:
            for n, forms in groups:
                piece = folded[i : i + n]
                if piece in forms:
                    out.append((i, piece))
    return out


@functools.lru_cache(maxsize=2)
def _small_fold(raw: bool):
    """:func:`fold_simplified` for short strings (most have nothing to fold), or the identity; built
    once (building it costs more than a clean document's hits)."""
    if not raw:
        return lambda s: s
    from ..chars import fold_table

    table = fold_table()
    search = _FOLDABLE_RE().search
    return lambda s: s.translate(table) if search(s) is not None else s


@functools.lru_cache(maxsize=1)
def _FOLDABLE_RE():
    from ..chars import fold_table

    return recache.compile(_char_class(chr(k) for k in fold_table()))


def _form_order(m: _Matcher) -> dict[str, tuple[str, int]]:
    """The order in which :func:`_candidates` visits the forms: by first character, then file order."""
    key = (id(m), "order")
    hit = _ORDERS.get(key)
    if hit is not None and hit[0] is m:
        return hit[1]
    order = {form: (first, i) for first, forms in m.by_first.items() for i, form in enumerate(forms)}
    if len(_ORDERS) >= 32:
        _ORDERS.clear()
    _ORDERS[key] = (m, order)
    return order


_ORDERS: dict[Any, tuple[_Matcher, dict[str, tuple[str, int]]]] = {}


# -- spin score -----------------------------------------------------------------------------------
def _hanzi_count(text: str) -> int:
    """The hanzi of ``text`` (the definition of :func:`_fast_hanzi_count`)."""
    return sum(len(m) for m in re.findall(r"[㐀-䶿一-鿿]+", text))


#: UTF-16 high bytes of U+3400–U+4CFF and U+4E00–U+9FFF (U+4D00–U+4DBF is counted apart)
_HANZI_HIGH_DELETE = bytes(b for b in range(256) if not (0x34 <= b <= 0x4C or 0x4E <= b <= 0x9F))
_HANZI_4D_RE = recache.compile("[\u4d00-\u4dbf]")


def _fast_hanzi_count(text: str) -> int:
    """``_hanzi_count(text)`` from the UTF-16 high bytes (no regex scan)."""
    high = text.encode("utf-16-le", "surrogatepass")[1::2]
    n = len(high.translate(None, _HANZI_HIGH_DELETE))
    if b"\x4d" in high:
        n += len(_HANZI_4D_RE.findall(text))
    return n


@functools.lru_cache(maxsize=65536)
def _lm_gain(left: str, spun: str, original: str, right: str) -> float:
    try:
        from .. import langmodel
    except ImportError:  # pragma: no cover - the model ships with the package
        return 0.5
    gain = langmodel.score(left + original + right) - langmodel.score(left + spun + right)
    return min(1.0, max(0.0, gain / 2.0))


def _lm_weight(folded: str, c: _Cand) -> float:
    """How much less plausible the spun wording is than the original, in [0, 1]."""
    left = folded[max(0, c.start - 2) : c.start]
    right = folded[c.end : c.end + 2]
    return _lm_gain(left, c.entry.spun, c.entry.original, right)


def _score(folded: str, cands: list[_Cand], hanzi: int) -> tuple[float, int, float]:
    """The spin score from the folded text's candidates and the hanzi of the text as written."""
    always = sum(1 for c in cands if c.entry.tier == "always")
    soft = sum(_lm_weight(folded, c) for c in cands if c.entry.tier != "always")
    return 1000.0 * (always + soft) / (hanzi + 300), always, soft


def _score_fast(text: str, cands: list[_Cand], around: list[tuple[str, str]]) -> tuple[float, int, float]:
    """:func:`_score` of the fold of ``text``, from the candidates' surroundings."""
    always = sum(1 for c in cands if c.entry.tier == "always")
    soft = sum(_lm_gain(lr[0], c.entry.spun, c.entry.original, lr[1]) for c, lr in zip(cands, around) if c.entry.tier != "always")
    hanzi = _fast_hanzi_count(text)
    return 1000.0 * (always + soft) / (hanzi + 300), always, soft


def _all_candidates(text: str, m: _Matcher, need_sure: bool = True):
    """Every candidate of every tier, with surroundings, or ``([], [])`` when ``need_sure`` and the
    document has no always- or context-tier hit (a document without a sure sign of spinning is not
    searched for the ordinary spun-only words at all)."""
    sure_occ = _detector_occurrences(text, m)
    if need_sure and not _select(text, m, sure_occ, _SURE_TIERS, True)[0]:
        return [], []
    cands, around = _find_candidates(text, m, _ALL_TIERS, sure_occ=sure_occ)
    if need_sure and not any(c.entry.tier in _SURE_TIERS for c in cands):
        return [], []
    return cands, around


def spin_score(text: str, policy=None) -> float:
    """The document's spin score (evidence per 1,000 hanzi); 0 for text without a sure (always- or
    context-tier) glossary hit."""
    entries = load_glossary(_user_path(policy)) if policy is not None else _packaged()
    cands, around = _all_candidates(text, _matcher(entries))
    return _score_fast(text, cands, around)[0] if cands else 0.0


# -- the rule -------------------------------------------------------------------------------------
def _user_path(policy) -> str:
    path = policy.option("spinner", "glossary") if policy is not None else ""
    return path if isinstance(path, str) else ""


#: OpenCC config that writes a replacement in the script of a traditional match, by ``policy.to``
_S2T_CONFIG = {"taiwan": "s2tw", "hongkong": "s2hk"}


@functools.lru_cache(maxsize=4)
def _s2t(config: str = "s2t"):
    import opencc

    return opencc.OpenCC(config)


def _replacement(old: str, folded_old: str, original: str, config: str = "s2t") -> str:
    if old == folded_old:
        return original
    return _s2t(config).convert(original)


def _reason(e: Entry) -> str:
    return f"spinner glossary {e.spun}→{e.original} [{e.tier}] ({e.origin}; source: {e.source})"


#: id of a policy -> (the policy, kept alive so the id stays its own, its parsed spinner options)
_SETTINGS: dict[int, tuple[Any, tuple]] = {}


def _settings(policy) -> tuple[frozenset[str], list[str], Any, float, str]:
    """(enabled tiers, unknown tier names, spun_only mode, spin threshold, user glossary path) of
    ``policy``, parsed once per policy object (looking options up costs more than a clean scan)."""
    hit = _SETTINGS.get(id(policy))
    if hit is not None and hit[0] is policy:
        return hit[1]
    raw_tiers = policy.option("spinner", "tiers") or ()
    out = (
        frozenset(t for t in raw_tiers if t in TIERS),
        [t for t in raw_tiers if t not in TIERS],
        policy.option("spinner", "spun_only"),
        float(policy.option("spinner", "spin_threshold")),
        _user_path(policy),
    )
    if len(_SETTINGS) >= 64:
        _SETTINGS.clear()
    _SETTINGS[id(policy)] = (policy, out)
    return out


def glossary_synonym(text: str, policy) -> list[Edit]:
    """Undo article-spinner synonym swaps (关键对话框 → 重要窗口) from a tiered glossary.

    ## What it does
    Looks up every spun form of the glossary (`cleanpolicy/data/spinner/glossary.tsv`, plus the
    user's file from the `spinner.glossary` option) in the text, in simplified or traditional
    script, and replaces it by the original wording.  *always*-tier entries apply everywhere,
    *context*-tier entries only where their context conditions hold (words before/after,
    or that the text is about a province's or city's own sessions), and *spun-only* entries
    only when the document's spin score reaches `spinner.spin_threshold`.  Overlapping
    matches are resolved longest first.  The spin score is reported as document metadata
    (`spin_score`) on a zero-width report edit whenever an always- or context-tier entry
    matches; a document without such a sure hit is not searched for spun-only words.

    ## Why
    伪原创 tools disguise copied policy articles by swapping words for dictionary
    "synonyms"; the result reads as nonsense (基本建设社会主义社会智能化) and pollutes corpora.

    ## Example
    `此次省“全国两会”，大家将奋力打造“关键对话框”` → `此次省“两会”，大家将奋力打造“重要窗口”`

    ## Safety
    Every entry was checked against the State Council and CPC reports: none changes a
    report paragraph.  Ordinary words (大家→我们) are only touched in a document that
    already shows strong spinner evidence; set `spinner.spun_only = "report"` to review
    them instead.
    """
    if not text:
        return []
    tiers, bad, spun_mode, threshold, user_path = _settings(policy)
    if bad or spun_mode not in ("fix", "report", "off"):
        return [
            Edit(0, 0, "", "", f"spinner: options not understood (tiers {bad!r}, spun_only {spun_mode!r}); "
                 f"tiers are {', '.join(TIERS)}; spun_only is fix, report or off; nothing changed")
        ]
    if not tiers:
        return []
    try:
        entries = load_glossary(user_path)
    except (OSError, GlossaryError, UnicodeDecodeError) as exc:
        return [Edit(0, 0, "", "", f"spinner: user glossary not used: {exc}")]
    m = _matcher(entries)
    # fast path: one regex scan finds every place where a sure candidate can start (usually none);
    # only then are the ordinary spun-only words looked for (unless the threshold forces them on)
    all_cands, around = _all_candidates(text, m, need_sure=threshold > 0)
    if not all_cands:
        return []
    score, n_always, soft = _score_fast(text, all_cands, around)
    from ..chars import fold_simplified

    gate = score >= threshold and "spun-only" in tiers and spun_mode in ("fix", "report")
    active = {t for t in tiers if t != "spun-only"} | ({"spun-only"} if gate else set())
    cands = [c for c in all_cands if c.entry.tier in active]
    conv = _S2T_CONFIG.get(getattr(policy, "to", ""), "s2t")
    report_spun = spun_mode == "report"
    edits = [
        Edit(
            0,
            0,
            "",
            "",
            f"spin score {score:.2f} (threshold {threshold:g}): {n_always} always-tier hits, "
            f"{len(all_cands) - n_always} other hits weighing {soft:.2f}",
            (("spin_score", round(score, 3)),),
        )
    ]
    if report_spun:
        for c in _resolve(cands):
            if c.entry.tier == "spun-only":
                old = text[c.start : c.end]
                new = _replacement(old, fold_simplified(old), c.entry.original, conv)
                edits.append(Edit(c.start, c.end, old, old, f"[spun-only, report] would change to {new!r}: {_reason(c.entry)}"))
        cands = [c for c in cands if c.entry.tier != "spun-only"]
        active = frozenset(active - {"spun-only"})
    # the whole fold is only needed when something is to be fixed
    fixes = _fix_to_fixed_point(text, fold_simplified(text), cands, m, frozenset(active), conv) if cands else []
    if report_spun and fixes:
        # keep reports that do not overlap a fix
        reports = [e for e in edits[1:]]
        kept = [r for r in reports if not any(f.start < r.end and r.start < f.end for f in fixes)]
        edits = edits[:1] + sorted(kept + fixes, key=lambda e: (e.start, e.end))
    else:
        edits.extend(fixes)
    return edits


def _round_edits(text: str, folded: str, cands: list[_Cand], conv: str = "s2t") -> tuple[list[Edit], list[Edit]]:
    """Edits for one round on ``text`` and the same edits on its folded twin."""
    real, twin = [], []
    for c in cands:
        old = text[c.start : c.end]
        real.append(Edit(c.start, c.end, old, _replacement(old, folded[c.start : c.end], c.entry.original, conv), _reason(c.entry)))
        twin.append(Edit(c.start, c.end, folded[c.start : c.end], c.entry.original, ""))
    return real, twin


class _RoundMap:
    """Offsets through one round of sorted, disjoint edits, in O(log n) per query."""

    def __init__(self, edits: list[Edit]) -> None:
        self.starts = [e.start for e in edits]
        self.ends = [e.end for e in edits]
        self.out_starts: list[int] = []
        self.out_ends: list[int] = []
        shift = 0
        for e in edits:
            self.out_starts.append(e.start + shift)
            shift += len(e.new) - (e.end - e.start)
            self.out_ends.append(e.end + shift)

    def back(self, pos: int, is_end: bool) -> int:
        """An output offset to the input; a boundary inside a replacement widens to cover it."""
        k = bisect.bisect_right(self.out_starts, pos) - 1
        if k < 0:
            return pos
        if pos < self.out_ends[k] and (pos > self.out_starts[k] or not is_end):
            return self.ends[k] if is_end else self.starts[k]
        if pos == self.out_starts[k] and is_end:
            return self.starts[k]
        return self.ends[k] + (pos - self.out_ends[k])

    def forward(self, pos: int) -> int:
        """An input offset (never strictly inside a replaced span) to the output."""
        k = bisect.bisect_right(self.starts, pos) - 1
        if k < 0:
            return pos
        if pos < self.ends[k]:
            return self.out_starts[k]
        return self.out_ends[k] + (pos - self.ends[k])


def _recreates(folded: str, c: _Cand, m: _Matcher) -> bool:
    """Would replacing ``c`` produce a glossary match that overlaps its own replacement?

    自主自主创新 (a spinner that swapped 创新 inside 自主创新) would otherwise become 创新 in
    two rounds; such a match is left alone.  Every tier counts here, whatever the document's
    spin score, so the decision is the same on the rule's own output (idempotence).
    """
    lo = max(0, c.start - _CONTEXT_REACH)
    hi = min(len(folded), c.end + _CONTEXT_REACH)
    window = folded[lo : c.start] + c.entry.original + folded[c.end : hi]
    s = c.start - lo
    e = s + len(c.entry.original)
    return any(n.start < e and s < n.end for n in _find_candidates(window, m, _ALL_TIERS, raw=False, span=(s, e))[0])


def _rescan(folded: str, m: _Matcher, active: frozenset[str], edits: list[Edit]) -> list[_Cand]:
    """The candidates of the next round: what :func:`_find_candidates` finds on ``folded`` after
    ``edits`` (sorted, disjoint, in the previous round's coordinates).  The detector scans the
    whole text; the spun-only forms are looked for only around the edits, as far as a form and
    its context reach, because elsewhere the text, and so every decision, is as in the round
    before (where a candidate that was not replaced was one that would recreate itself)."""
    occ = _detector_occurrences(folded, m, raw=False) if active & _SURE_TIERS else []
    if "spun-only" in active and m.gated and edits:
        det = _detector(m, False)
        reach = det.longest + max(det.reach.values(), default=0)
        windows: list[list[int]] = []
        shift = 0
        for e in edits:
            s = e.start + shift
            shift += len(e.new) - (e.end - e.start)
            lo, hi = max(0, s - reach), min(len(folded), e.end + shift + reach)
            if windows and lo <= windows[-1][1]:
                windows[-1][1] = max(windows[-1][1], hi)
            else:
                windows.append([lo, hi])
        seen = set(occ)
        for lo, hi in windows:
            for o in _gated_occurrences(folded, m, lo, hi):
                if o not in seen:
                    seen.add(o)
                    occ.append(o)
    return _select(folded, m, occ, active, False)[0]


def _fix_to_fixed_point(
    text: str, folded: str, cands: list[_Cand], m: _Matcher, active: frozenset[str], conv: str = "s2t"
) -> list[Edit]:
    """Apply the chosen replacements, then look again (a replacement can complete another match, as in
    基本建设总体目标) until nothing matches, and return the combined edits against ``text``."""
    rounds: list[list[Edit]] = []
    cur, cur_f = text, folded
    for _round in range(4):
        cands = _resolve([c for c in cands if not _recreates(cur_f, c, m)])
        if not cands:
            break
        real, twin = _round_edits(cur, cur_f, cands, conv)
        rounds.append(real)
        cur = apply_edits(cur, real)
        cur_f = apply_edits(cur_f, twin)
        cands = _rescan(cur_f, m, active, twin)
    if cands and _resolve([c for c in cands if not _recreates(cur_f, c, m)]):  # did not settle (a user glossary with a cycle): change nothing
        return [Edit(0, 0, "", "", "spinner: replacements did not settle; nothing changed")]
    if not rounds:
        return []
    if len(rounds) == 1:
        return rounds[0]
    maps = [_RoundMap(r) for r in rounds]
    # dirty intervals of the original text, from every round
    intervals: list[tuple[int, int, str]] = []
    for r, edits in enumerate(rounds):
        for e in edits:
            s, t = e.start, e.end
            for mp in reversed(maps[:r]):
                s, t = mp.back(s, False), mp.back(t, True)
            intervals.append((s, t, e.reason))
    intervals.sort()
    merged: list[list[Any]] = []
    for s, t, why in intervals:
        if merged and s < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], t)
            merged[-1][2].append(why)
        else:
            merged.append([s, t, [why]])
    out: list[Edit] = []
    for s, t, whys in merged:
        s2, t2 = s, t
        for mp in maps:
            s2, t2 = mp.forward(s2), mp.forward(t2)
        out.append(Edit(s, t, text[s:t], cur[s2:t2], " + ".join(dict.fromkeys(whys))))
    return out


RULES: tuple[Rule, ...] = (
    Rule("SPN001", "glossary-synonym", glossary_synonym, kind="span", default=True, safety="safe"),
)
