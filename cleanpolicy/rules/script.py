"""SCR: script conversion with OpenCC that never damages text already in the target script.

Plain OpenCC is not safe on scraped policy text: ``t2s`` is not the identity
on simplified text (``吉林省乾安县`` → ``干安县``, ``拚搏`` → ``拼搏``), and
documents mix scripts (a simplified article with a stray ``行動``).  So the
text is cut into spans (sentences: up to ``。！？；!?;`` or a line end) and each
span is classified by counting characters that exist in only one script
(:func:`cleanpolicy.chars.script_counts`):

* *source*: characters of the other script only → converted with OpenCC at
  phrase level (the whole run of such spans in one call);
* *mixed*: both kinds → only the runs of changed characters that contain a
  character of the other script are taken (``会議`` → ``会议``, the simplified
  rest of the sentence is not touched);
* *target*: already in the target script → left alone;
* *neutral*: no script-specific character → inherits the class of the
  nearest classified span before it (or after it).

Protected terms (``cleanpolicy/data/script/protected.tsv``) are written the
way the target script has them and always come out that way.  Only OpenCC's
standard configs are used (``t2s``, ``s2t``, ``s2tw``, ``s2hk``, ``t2tw``,
``t2hk``); the regional-phrase configs (``s2twp``, ``tw2sp`` …) rewrite
mainland policy terms and run only when named in ``[script] config``.
"""

from __future__ import annotations

import functools
import itertools
import operator
import re
from typing import Any, Callable

from .. import recache
from .._core import Edit, edits_from_columns
from ..chars import _opencc, inverse_table, is_hanzi, raw_forms
from ..registry import Rule

__all__ = ["convert_script", "traditional_overconversion", "RULES", "OPTIONS", "NAMED_CONFIGS"]

OPTIONS: dict[str, Any] = {
    #: "" = the standard OpenCC config for `to`; or an OpenCC config named explicitly (see NAMED_CONFIGS)
    "config": "",
    #: false = the whole text is declared to be in the source script and converted in one piece
    #: (OpenCC's behaviour, protected terms still apply); true = convert only spans in the other script
    "detect": True,
    #: extra protected terms (written in the target script), added to the packaged list
    "protected_terms": (),
}

#: source family → OpenCC config, per target; traditional input to a regional target gets the
#: variant-only config (裏→裡), never a phrase config
_STANDARD: dict[str, dict[str, str]] = {
    "simplified": {"traditional": "t2s"},
    "traditional": {"simplified": "s2t"},
    "taiwan": {"simplified": "s2tw", "traditional": "t2tw"},
    "hongkong": {"simplified": "s2hk", "traditional": "t2hk"},
}

#: configs a policy may name in ``[script] config``: name → (source family, target family)
NAMED_CONFIGS: dict[str, tuple[str, str]] = {
    "t2s": ("traditional", "simplified"),
    "tw2s": ("traditional", "simplified"),
    "hk2s": ("traditional", "simplified"),
    "tw2sp": ("traditional", "simplified"),
    "hk2sp": ("traditional", "simplified"),
    "s2t": ("simplified", "traditional"),
    "s2tw": ("simplified", "traditional"),
    "s2twp": ("simplified", "traditional"),
    "s2hk": ("simplified", "traditional"),
    "s2hkp": ("simplified", "traditional"),
    "t2tw": ("traditional", "traditional"),
    "t2hk": ("traditional", "traditional"),
    "tw2t": ("traditional", "traditional"),
    "hk2t": ("traditional", "traditional"),
}

#: a span ends after one of these (sentence ends, clause-level semicolons, line ends)
_SPAN_RE = recache.compile(r"[^。！？；!?;\n]+[。！？；!?;\n]*|[。！？；!?;\n]+")
_SPAN_ENDS = "。！？；!?;\n"

#: a mixed span with this many times more source-script than target-script characters is a source span
_SOURCE_RATIO = 4


# -- OpenCC and data, loaded once ---------------------------------------------------------------
def _convert(config: str, text: str) -> str:
    return _opencc(config).convert(text)


def _data_rows(name: str) -> list[list[str]]:
    from ..data import tsv_rows

    return [fields for _lineno, fields in tsv_rows(f"script/{name}")]


@functools.lru_cache(maxsize=1)
def protected_terms() -> tuple[tuple[str, str, str, str], ...]:
    """Packaged protected terms: ``(term, target, example, expected)``."""
    out = []
    for row in _data_rows("protected.tsv"):
        row = row + [""] * (4 - len(row))
        out.append((row[0], row[1], row[2], row[3]))
    return tuple(out)


@functools.lru_cache(maxsize=1)
def overconversions() -> tuple[tuple[str, str, str], ...]:
    """Packaged over-conversion cases: ``(wrong, right traditional, simplified)``."""
    return tuple((r[0], r[1], r[2]) for r in _data_rows("overconversion.tsv") if len(r) >= 3)


@functools.lru_cache(maxsize=1)
def ambiguous_kept() -> dict[str, str]:
    """``{kept: alternative}``: characters t2s keeps that may stand for another simplified one."""
    return {r[0]: r[1] for r in _data_rows("ambiguous.tsv") if len(r) >= 2 and len(r[0]) == len(r[1]) == 1}


@functools.lru_cache(maxsize=1)
def _ambiguous_re() -> re.Pattern[str]:
    from ..chars import char_class

    return recache.compile(char_class(ambiguous_kept()))


#: log-probability margin by which the alternative must beat the kept character
MARGIN = 2.0


def _resolve_ambiguous(chunk: str, out: str) -> str:
    """Swap kept characters (著) for their alternative (着) where the bigram model clearly prefers it."""
    amb = ambiguous_kept()
    # only the kept characters are visited: one regex scan finds them (no per-character Python work)
    hits = [m.start() for m in _ambiguous_re().finditer(out)]
    if not hits:
        return out
    from .. import langmodel

    swaps: dict[int, str] = {}
    n = len(out)
    for i in hits:
        ch = out[i]
        if chunk[i] != ch:
            continue
        alt = amb[ch]
        left = swaps.get(i - 1, out[i - 1]) if i else ""  # (a swap just before counts)
        right = out[i + 1] if i + 1 < n else ""

        def fit(c: str) -> float:
            s = 0.0
            if left and is_hanzi(left):
                s += langmodel.bigram_logprob(left, c)
            if right and is_hanzi(right):
                s += langmodel.bigram_logprob(c, right)
            return s

        if fit(alt) - fit(ch) > MARGIN:
            swaps[i] = alt
    if not swaps:
        return out
    chars = list(out)
    for i, c in swaps.items():
        chars[i] = c
    return "".join(chars)


@functools.lru_cache(maxsize=64)
def _protected_re(family: str, extra: tuple[str, ...]) -> re.Pattern[str] | None:
    terms = {t for t, target, _e, _x in protected_terms() if target in (family, "both")}
    terms.update(t for t in extra if isinstance(t, str) and t)
    if not terms:
        return None
    alts = sorted(terms, key=lambda t: (-len(t), t))
    return recache.compile("|".join(re.escape(t) for t in alts))


@functools.lru_cache(maxsize=64)
def _protected_raw_re(extra: tuple[str, ...]) -> re.Pattern[str] | None:
    """:func:`_protected_re` for the simplified target, matching the raw text: each term character
    becomes the class of the characters the traditional-only fold turns into it."""
    terms = {t for t, target, _e, _x in protected_terms() if target in ("simplified", "both")}
    terms.update(t for t in extra if isinstance(t, str) and t)
    if not terms:
        return None
    fold = _trad_only_fold()
    pre = inverse_table(fold)

    def cls(c: str) -> str:
        xs = raw_forms(c, fold, pre)
        if not xs:
            return "(?!)"
        if len(xs) == 1:
            return re.escape(next(iter(xs)))
        return "[" + "".join(re.escape(x) for x in sorted(xs)) + "]"

    alts = sorted(terms, key=lambda t: (-len(t), t))
    return recache.compile("|".join("".join(cls(c) for c in t) for t in alts))


@functools.lru_cache(maxsize=1)
def _trad_only_fold() -> dict[int, str]:
    """Fold only the traditional-only characters (乾, 拚, 捱 … stay): for matching protected terms."""
    from ..chars import fold_table, traditional_only_chars

    trad = traditional_only_chars()
    return {k: v for k, v in fold_table().items() if chr(k) in trad}


# -- policy --------------------------------------------------------------------------------------
def _plan(policy) -> tuple[dict[str, str], str]:
    """``({source family: config}, target family)`` for the policy, or ``({}, "")`` for keep."""
    to = policy.to
    if to == "keep":
        return {}, ""
    named = policy.option("script", "config") or ""
    if named:
        if named not in NAMED_CONFIGS:
            return {}, ""
        src, tgt = NAMED_CONFIGS[named]
        return {src: named}, tgt
    plan = _STANDARD.get(to, {})
    return dict(plan), ("simplified" if to == "simplified" else "traditional")


def _sets(source: str):
    from ..chars import simplified_only_chars, traditional_only_chars

    trad, simp = traditional_only_chars(), simplified_only_chars()
    return (trad, simp) if source == "traditional" else (simp, trad)


def _script_res(source: str):
    """Regexes of the source-script-only and of the target-script-only characters."""
    from ..chars import _simp_re, _trad_re

    trad, simp = _trad_re(), _simp_re()
    return (trad, simp) if source == "traditional" else (simp, trad)


def _classify(text: str, source: str) -> list[tuple[int, int, str]]:
    """``[(start, end, class)]`` for the spans of ``text``; class in source/mixed/target/neutral.

    Neutral spans (no script-specific character) come back resolved: they take the class of the
    nearest classified span before them (else after them), a mixed one counting as target.
    """
    src_re, tgt_re = _script_res(source)
    # the next source-script character is searched for from each span start that lies past the last
    # one found (no per-character Python work); a span is examined for target-script characters only
    # when the answer matters: to count them against its source characters (counted only then), or to
    # tell a target span from a neutral one after a source span (after a target or mixed span both
    # resolve to target)
    src_search = src_re.search
    nxt = src_search(text)
    next_src = nxt.start() if nxt is not None else len(text)
    spans: list[tuple[int, int, str]] = []
    last = ""  # the class neutral spans inherit: "source" or "target" ("" before the first known)
    first_known = ""
    n = len(text)
    pos = 0
    span_at = _SPAN_RE.match
    while pos < n:
        if last == "target" and next_src > pos:
            # after a target span every span up to the one holding the next source character is
            # target (a neutral one inherits it): they are taken as one span, which convert_script
            # skips all the same.  That span starts after the last span end mark before it.
            b = max(text.rfind(c, pos, next_src) for c in _SPAN_ENDS) + 1
            if b > pos:
                spans.append((pos, b, "target"))
                pos = b
                continue
        m = span_at(text, pos)
        start, end = m.span()
        pos = end
        if next_src < start:
            nxt = src_search(text, start)
            next_src = nxt.start() if nxt is not None else len(text)
        if next_src < end:
            t = len(tgt_re.findall(text, start, end))
            if not t:
                cls = "source"
            else:
                s = len(src_re.findall(text, start, end))
                cls = "source" if s >= _SOURCE_RATIO * t else "mixed"
        elif last == "target" or tgt_re.search(text, start, end):
            cls = "target"
        else:
            cls = "neutral"
        if cls != "neutral":
            last = "source" if cls == "source" else "target"
            if not first_known:
                first_known = last
        elif last:
            cls = last
        spans.append((start, end, cls))
    if not first_known:
        # a text with no script-specific character at all: simplified input is assumed
        whole = "source" if source == "simplified" else "target"
        return [(a, b, whole) for a, b, _c in spans]
    # the neutral spans before the first classified one take its class
    for k, (a, b, cls) in enumerate(spans):
        if cls != "neutral":
            break
        spans[k] = (a, b, first_known)
    return spans


_BLOCK = 16
#: a run of non-zero bytes
_NONZERO_RUN_RE = recache.compile(rb"[^\x00]+")


def _changed_runs(a: str, b: str):
    """Maximal runs ``(i, j)`` where the equal-length strings ``a`` and ``b`` differ.

    The two strings are XOR-ed as UTF-32 integers and the four bytes of each character's XOR are
    OR-ed into one (big-integer shifts: C speed), so one byte per character says whether it
    differs; the runs are then the matches of one regex.  No per-character Python work.
    """
    n = len(a)
    if n < 64:
        return list(_changed_runs_loop(a, b))
    ea = a.encode("utf-32-le", "surrogatepass")
    eb = b.encode("utf-32-le", "surrogatepass")
    x = int.from_bytes(ea, "little") ^ int.from_bytes(eb, "little")
    x |= (x >> 8) | (x >> 16) | (x >> 24)  # byte 4k of x: any bit of character k differs
    flags = x.to_bytes(len(ea), "little")[0::4]
    return [m.span() for m in _NONZERO_RUN_RE.finditer(flags)]


def _changed_runs_loop(a: str, b: str):
    """:func:`_changed_runs` by comparing blocks and characters (for short strings)."""
    i, n = 0, len(a)
    while i < n:
        if a[i : i + _BLOCK] == b[i : i + _BLOCK]:
            i += _BLOCK  # equal blocks are skipped with one C comparison
        elif a[i] != b[i]:
            j = i + 1
            while j < n and a[j] != b[j]:
                j += 1
            yield i, j
            i = j
        else:
            i += 1


def _run_edits(a: str, b: str, runs: list[tuple[int, int]], offset: int, prefix: str, suffix: str) -> list[Edit]:
    """An edit per run ``(i, j)`` replacing ``a[i:j]`` by ``b[i:j]`` at ``offset + i``, with the reason
    ``f"{prefix}{old}→{new}{suffix}"``: built column by column by C iterators, not by a Python loop (a page
    converted whole makes an edit every few characters)."""
    cut = list(itertools.starmap(slice, runs))
    olds = list(map(a.__getitem__, cut))
    news = list(map(b.__getitem__, cut))
    reasons = map("".join, zip(itertools.repeat(prefix), olds, itertools.repeat("→"), news, itertools.repeat(suffix)))
    starts = map(operator.itemgetter(0), runs)
    ends = map(operator.itemgetter(1), runs)
    if offset:
        starts = map(operator.add, starts, itertools.repeat(offset))
        ends = map(operator.add, ends, itertools.repeat(offset))
    return edits_from_columns(starts, ends, olds, news, reasons)


def _protect(chunk: str, out: str, target: str, extra: tuple[str, ...]) -> str:
    """Put protected terms back the way the target script writes them (equal-length strings)."""
    if target == "simplified":
        # matched on the raw chunk with classes of the characters that fold to each term character:
        # the same matches as _protected_re on the folded chunk, without folding all of it
        pat = _protected_raw_re(extra)
        table = _trad_only_fold()
    else:
        pat, table = _protected_re(target, extra), None
    if pat is None:
        return out
    pieces: list[str] = []
    pos = 0
    for m in pat.finditer(chunk):
        pieces.append(out[pos : m.start()])
        pieces.append(m.group().translate(table) if table is not None else m.group())
        pos = m.end()
    if not pieces:
        return out
    pieces.append(out[pos:])
    return "".join(pieces)


def _protected_positions(span: str, extra: tuple[str, ...]) -> set[int]:
    """Offsets in ``span`` covered by a protected term (matched with traditional-only characters folded)."""
    pat = _protected_re("simplified", extra)
    if pat is None:
        return set()
    key = span.translate(_trad_only_fold())
    return {k for m in pat.finditer(key) for k in range(m.start(), m.end())}


def _span_edits(text: str, start: int, end: int, cls: str, config: str, src_set, target: str, extra) -> list[Edit]:
    chunk = text[start:end]
    out = _convert(config, chunk)
    if len(out) == len(chunk):
        if target == "simplified" and cls == "source":
            out = _resolve_ambiguous(chunk, out)
        out = _protect(chunk, out, target, extra)
        runs = _changed_runs(chunk, out)
        if cls == "mixed":
            runs = [(i, j) for i, j in runs if not src_set.isdisjoint(chunk[i:j])]
        return _run_edits(chunk, out, runs, start, f"{config}: ", f" ({cls} span)")
    # a phrase config (s2twp, tw2sp …) may change lengths: align with difflib
    import difflib

    sm = difflib.SequenceMatcher(None, chunk, out, autojunk=False)
    edits: list[Edit] = []
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag == "equal":
            continue
        old = chunk[i1:i2]
        if cls == "mixed" and not any(ch in src_set for ch in old):
            continue
        edits.append(Edit(start + i1, start + i2, old, out[j1:j2], f"{config}: {old}→{out[j1:j2]} ({cls} span)"))
    return edits


@functools.lru_cache(maxsize=1)
def _s2t_free_re() -> re.Pattern[str]:
    """A greedy run of characters OpenCC's s2t leaves alone (stops at the first it changes)."""
    from ..chars import _s2t_table, char_class

    cls = char_class(chr(c) for c in _s2t_table())
    return recache.compile(f"[^{cls[1:]}*" if cls.startswith("[") else "(?s:.)*")


def _may_change(text: str, source: str, detect: bool = True) -> bool:
    """Cheap test: could a conversion from ``source`` change anything in ``text``?

    One C-speed scan of a precompiled character class (no per-character Python loop).
    """
    from ..chars import has_traditional_only

    if text.isascii():
        return False
    if not detect:
        return True  # the whole text is declared to be in the source script
    if source == "traditional":
        return has_traditional_only(text)
    return _s2t_free_re().match(text).end() != len(text)


# -- rules ---------------------------------------------------------------------------------------
def convert_script(text: str, policy) -> list[Edit]:
    """Convert the spans written in the other script to the target script (OpenCC, phrase level).

    ## What it does
    Cuts the text into sentences and converts only those written in the other
    script than `to` (simplified by default; traditional, taiwan, hongkong;
    `keep` does nothing) with OpenCC's standard configs (`t2s`, `s2t`, `s2tw`,
    `s2hk`; `t2tw`/`t2hk` normalize traditional variants for the regional
    targets).  In a sentence that mixes scripts only the runs holding a
    character of the other script change.  Protected terms
    (`data/script/protected.tsv`) keep their target-script form.

    ## Why
    Machine-converted copies of mainland articles circulate in traditional
    script, and simplified pages pick up stray traditional words.  Running
    OpenCC on everything is not safe: `t2s` turns valid simplified
    `吉林省乾安县` into `干安县` and `拚搏` into `拼搏`.

    ## Example
    `這是偉大的轉变的一年` → `这是伟大的转变的一年`

    ## Safety
    Safe.  A text with no character of the other script returns at once
    without calling OpenCC; text already in the target script is never
    passed through OpenCC.  A regional-phrase config (`s2twp`, `tw2sp` …)
    runs only when named in `[script] config`.
    """
    plan, target = _plan(policy)
    if not plan or not text:
        named = policy.option("script", "config") or ""
        if text and policy.to != "keep" and named and named not in NAMED_CONFIGS:
            known = ", ".join(sorted(NAMED_CONFIGS))
            return [Edit(0, 0, "", "", f"[script] config {named!r} is not one of {known}: nothing converted")]
        return []
    extra = tuple(policy.option("script", "protected_terms") or ())
    edits: list[Edit] = []
    detect = policy.option("script", "detect")
    if not detect and len(plan) > 1:
        plan = {"simplified": plan["simplified"]}  # s2tw/s2hk already apply the regional variants
    regional = len(plan) > 1
    # simplified-source spans first; for a regional target the traditional spans then get the
    # variant-only config (t2tw/t2hk), skipping mixed spans, which the first config already took whole
    for source in ("simplified", "traditional"):
        config = plan.get(source)
        if not config or not _may_change(text, source, detect):
            continue
        src_set, _tgt = _sets(source)
        if detect:
            spans = _classify(text, source)
        else:
            spans = [(0, len(text), "source")]
        first = not edits
        new: list[Edit] = []
        k = 0
        n = len(spans)
        while k < n:
            a, b, cls = spans[k]
            if cls == "target" or (cls == "mixed" and regional and source == "traditional"):
                k += 1
                continue
            if cls == "source":
                j = k
                while j + 1 < n and spans[j + 1][2] == "source":
                    j += 1
                b = spans[j][1]
                k = j + 1
            else:
                k += 1
            mode = "source" if (cls == "mixed" and regional) else cls
            new.extend(_span_edits(text, a, b, mode, config, src_set, target, extra))
        if first:
            edits = new
        else:
            taken = [(e.start, e.end) for e in edits]
            edits.extend(e for e in new if not any(e.start < t1 and t0 < e.end for t0, t1 in taken))
            edits.sort(key=lambda e: (e.start, e.end))
    return edits


@functools.lru_cache(maxsize=1)
def _overconversion_table() -> dict[str, str]:
    return {w: r for w, r, _s in overconversions()}


@functools.lru_cache(maxsize=1)
def _overconversion_re() -> re.Pattern[str]:
    keys = sorted(_overconversion_table(), key=lambda k: (-len(k), k))
    return recache.compile("|".join(re.escape(k) for k in keys))


@functools.lru_cache(maxsize=1)
def st_families() -> dict[str, frozenset[str]]:
    """``{simplified: traditional forms}`` for OpenCC's one-to-many simplified characters."""
    out: dict[str, frozenset[str]] = {}
    for row in _data_rows("st_families.tsv"):
        if len(row) >= 2 and len(row[0]) == 1:
            out[row[0]] = frozenset(row[1].split())
    return out


@functools.lru_cache(maxsize=1)
def _overconverted_re() -> re.Pattern[str]:
    """The characters :func:`traditional_overconversion` can put back: the other members of a one-to-many
    family whose simplified form is one of its traditional forms too (麵 of 面, 裏 of 里, 製 of 制)."""
    from ..chars import char_class

    families = st_families()
    return recache.compile(char_class({c for fo, forms in families.items() if fo in forms for c in forms if c != fo}))


def _window_agrees(span: str, k: int, new: str, back: str) -> bool:
    """Does every two-hanzi window holding ``span[k]`` rebuild to ``new`` too?

    Guards against OpenCC's longest-match picking the wrong word across a
    boundary: in ``拖拉機製造廠`` the sentence rebuilds ``機制`` (mechanism),
    but the window ``製造`` keeps ``製``, so nothing changes.
    """
    for a in (k - 1, k):
        b = a + 2
        if a < 0 or b > len(span) or not (is_hanzi(span[a]) and is_hanzi(span[b - 1])):
            continue
        win = span[a:b]
        rebuilt = _convert(back, _convert("t2s", win))
        if len(rebuilt) != 2 or rebuilt[k - a] != new:
            return False
    return True


def _convert_each(config: str, texts: list[str]) -> list[str]:
    """``[_convert(config, t) for t in texts]``, in one OpenCC call when it can be: OpenCC never matches a
    phrase across a line break (its dictionaries hold one entry per line), so the texts joined by line breaks
    convert line by line, and where every line keeps its length each text's conversion is its own slice of
    the whole.  Otherwise (a phrase of another length, rare) the texts are converted one by one."""
    if len(texts) < 2:
        return [_convert(config, t) for t in texts]
    joined = "\n".join(texts)
    out = _convert(config, joined)
    if len(out) != len(joined) or list(map(len, out.split("\n"))) != list(map(len, joined.split("\n"))):
        return [_convert(config, t) for t in texts]
    pieces = []
    pos = 0
    for t in texts:
        end = pos + len(t)
        pieces.append(out[pos:end])
        pos = end + 1
    return pieces


def _is_variant_pair(a: str, b: str) -> bool:
    """``a`` and ``b`` are regional variants of one character (裏/裡), not different words."""
    for cfg in ("t2tw", "t2hk", "tw2t", "hk2t"):
        conv = _opencc(cfg)
        if conv.convert(a) == b or conv.convert(b) == a:
            return True
    return False


def traditional_overconversion(text: str, policy) -> list[Edit]:
    """Correct s2t over-conversions (`見麵`, `複興`, `體製`) when the target is traditional.

    ## What it does
    When `to` is traditional, taiwan or hongkong, rebuilds each traditional
    sentence from its simplified projection with OpenCC's phrase-level
    converter for the target (`t2s` then `s2t`/`s2tw`/`s2hk`) and keeps only the
    changes that put back a character the converter should have left as it
    was, because the simplified form is also the right traditional one in that
    word (`麵`→`面` in `見麵`, `裏`→`里` in `裏程碑`, `製`→`制` in `體製`,
    `幹`→`干` in `若幹`); the packaged cases add the ones OpenCC's tables alone
    do not decide (`複`→`復` in `複興`).  Only members of one
    of OpenCC's one-to-many families (`data/script/st_families.tsv`) are
    exchanged, every two-character window around the character must agree
    (so `拖拉機製造廠` keeps `製`), and regional variant pairs (`裏`/`裡`) are
    never touched.  Known cases are listed in `data/script/overconversion.tsv`
    and always apply.

    ## Why
    Character-table converters write one traditional form for every
    simplified character whatever the word, so machine-made traditional
    copies say `見麵` and `全麵`.  Converting to simplified undoes this by
    itself; converting to traditional must undo it explicitly.

    ## Example
    `見麵` → `見面`; `若幹` → `若干`

    ## Safety
    Safe: only characters of one simplified family are exchanged, the way
    OpenCC's phrase table writes the word.  Does nothing for `to = "simplified"`
    or `keep`.
    """
    to = policy.to
    if to not in ("traditional", "taiwan", "hongkong") or not text or text.isascii():
        return []
    named = policy.option("script", "config") or ""
    if named and NAMED_CONFIGS.get(named, ("", ""))[1] != "traditional":
        return []
    from ..chars import _simp_re, _trad_re, fold_table

    if not _may_change(text, "traditional"):
        return []
    fold = fold_table()
    families = st_families()
    back = {"traditional": "s2t", "taiwan": "s2tw", "hongkong": "s2hk"}[to]
    extra = tuple(policy.option("script", "protected_terms") or ())
    if named in ("s2t", "s2tw", "s2hk"):
        back = named
    # only sentences wholly in traditional script (a traditional-only character, no simplified-only one)
    # that hold a character the loop below could put back or a packaged case
    has_trad, has_simp = _trad_re().search, _simp_re().search
    known, candidate = _overconversion_re().search, _overconverted_re().search
    spans = [(m.start(), m.group()) for m in _SPAN_RE.finditer(text)]
    spans = [(b, s) for b, s in spans if has_trad(s) and not has_simp(s) and (candidate(s) or known(s))]
    projs = _convert_each("t2s", [span for _base, span in spans])
    spans = [(base, span, proj) for (base, span), proj in zip(spans, projs) if len(proj) == len(span)]
    rebuilts = _convert_each(back, [proj for _base, _span, proj in spans])
    edits: list[Edit] = []
    for (base, span, _proj), rebuilt in zip(spans, rebuilts):
        if len(rebuilt) != len(span):
            continue
        if rebuilt == span and not known(span):
            continue  # the usual sentence: nothing rebuilds otherwise, no packaged case
        # the packaged cases first (they hold even where OpenCC's phrase table does not)
        fixed = list(span)
        frozen = _protected_positions(span, extra)
        for mm in _overconversion_re().finditer(span):
            right = _overconversion_table()[mm.group()]
            if len(right) == len(mm.group()):
                fixed[mm.start() : mm.end()] = list(right)
        for k, (old, new) in enumerate(zip(span, rebuilt)):
            if old == new or fixed[k] != old or k in frozen:
                continue
            fo = fold.get(ord(old), old)
            fn = fold.get(ord(new), new)
            if fo != fn or new != fo or old == fo:
                continue  # only a character converted where the simplified form itself is right (麵→面)
            forms = families.get(fo)
            if not forms or old not in forms or new not in forms:
                continue  # not a one-to-many family of the table (産/產 is a glyph variant)
            if _is_variant_pair(old, new) or not _window_agrees(span, k, new, back):
                continue
            fixed[k] = new
        out = "".join(fixed)
        edits += _run_edits(span, out, _changed_runs(span, out), base, "s2t over-conversion: ", f" ({back} phrase form)")
    return edits


def _family_gate(policy) -> Callable[[str], frozenset[str]] | None:
    """The gate of the family under ``policy`` (the pipeline skips the rules it leaves out): under
    ``to = "keep"`` no rule has work (SCR001 converts to a target, SCR002 only to a traditional one);
    otherwise none."""
    if policy.to != "keep":
        return None
    active = _CODES.difference(("SCR001", "SCR002"))
    return lambda text: active


GATE = _family_gate


RULES: tuple[Rule, ...] = (
    Rule("SCR001", "convert-script", convert_script, kind="span", default=True, safety="safe"),
    Rule("SCR002", "traditional-overconversion", traditional_overconversion, kind="span", default=True, safety="safe"),
)
#: for :func:`_family_gate`
_CODES = frozenset(r.code for r in RULES)
