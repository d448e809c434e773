"""BPL: the shared document scan — candidate lines, and candidates carried over the family's own edits.

The fast paths in :class:`cleanpolicy.rules.boilerplate._Doc` must agree with their plain definitions:
a line is a candidate of a key when the key's pattern is found in it (or, for the line-start keys, when
the line-start union and the key's pattern match at its start), and the document of a text made by
applying edits to a scanned text has exactly the candidates a fresh scan finds.
"""

from __future__ import annotations

import functools
import sys
from pathlib import Path

from hypothesis import example, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from strategies import clean_paragraph, hostile_text  # noqa: E402

from cleanpolicy import Policy, clean_and_explain  # noqa: E402
from cleanpolicy._core import Edit, apply_edits  # noqa: E402
from cleanpolicy.rules import boilerplate as bpl  # noqa: E402

KEYS = (*bpl._RARE_KEYS, "byline", "widget", "footer_start")


@functools.lru_cache(maxsize=None)
def _s2t():
    import opencc

    return opencc.OpenCC("s2t")


def _examples() -> list[str]:
    out = []
    for p in bpl.patterns():
        for ex in (*p.examples, *p.counterexamples):
            out += [ex, _s2t().convert(ex)]
    return out


LINES = st.one_of(
    st.sampled_from(_examples()),
    st.sampled_from(["", " ", "　　", "\u00a0", "首页 > 新闻", "（完）", "【责任编辑：张三】 ", "2020-11-30", "来源：新华网"]),
    clean_paragraph(),
    hostile_text,
).map(lambda s: s.replace("\n", " "))
TEXTS = st.lists(LINES, max_size=12).map("\n".join)


def plain_candidates(text: str) -> dict[str, list[bpl.Line]]:
    """Each line checked with each key's pattern: ``search`` in the line for the rare keys, ``match`` at
    its start after the line-start union for the others."""
    _union, rare = bpl._rare_res()
    union, start = bpl._start_res()
    out: dict[str, list[bpl.Line]] = {}
    a = 0
    for i, raw in enumerate(text.split("\n")):
        b = a + len(raw)
        ln = bpl.Line(i, a, b, raw, bpl._fold(raw).strip(bpl._STRIP))
        for key, rx in rare:
            if rx.search(text, a, b):
                out.setdefault(key, []).append(ln)
        if union.match("\n" + text[:b]) if a == 0 else union.match(text, a - 1):
            for key, rx in start:
                if rx.match(text, a, b):
                    out.setdefault(key, []).append(ln)
        a = b + 1
    return out


def scanned(doc: bpl._Doc) -> dict[str, list[bpl.Line]]:
    return {k: doc.candidates(k) for k in KEYS if doc.candidates(k)}


@settings(max_examples=200)
@given(TEXTS)
def test_scan_is_a_line_by_line_check(text):
    assert scanned(bpl._Doc(text)) == plain_candidates(text)


@st.composite
def edited(draw):
    """A text and non-overlapping edits of it: whole-line deletions as the rules make them, and arbitrary
    replacements (parts of lines, newlines taken or put in)."""
    text = draw(TEXTS)
    old = bpl._Doc(text)
    groups = draw(st.lists(st.lists(st.integers(0, text.count("\n")), min_size=1, max_size=3), max_size=3))
    edits = bpl._delete_doc_lines(old, [(g, "test", ()) for g in groups]) if groups else []
    # edits start at random places and near line boundaries, where a line's extent changes
    near = sorted({max(0, min(len(text), i + d)) for i, c in enumerate(text + "\n") if c == "\n" for d in (-1, 0, 1, 2)})
    places = st.one_of(st.integers(0, len(text)), st.sampled_from(near))
    spans = draw(st.lists(st.tuples(places, st.integers(0, 6), st.sampled_from(["", "\n", "首页 > ", "摄", "）", "x", "\n来源："])), max_size=3))
    for s, k, new in spans:
        e = min(len(text), s + k)
        if text[s:e] != new and not any(s < x.end and x.start < e or s == e and x.start <= s <= x.end for x in edits):
            edits.append(Edit(s, e, text[s:e], new, "test"))
    edits.sort(key=lambda x: (x.start, x.end))
    return text, edits


@settings(max_examples=300)
@given(edited())
@example(  # a part of a line with its line break, then the next line whole: the lines around merge
    (
        "当前位置：首页 > 新闻中心 > 政务动态\n当前位置：首页 > 新闻中心 > 政务动态\n当前位置：首页 > 新闻中心 > 政务动态",
        [Edit(16, 22, " 政务动态\n", "", "test"), Edit(22, 44, "当前位置：首页 > 新闻中心 > 政务动态\n", "", "test")],
    )
)
def test_carried_candidates_are_a_fresh_scan(case):
    text, edits = case
    old = bpl._Doc(text)
    old.candidates("bread")
    new_text = apply_edits(text, edits)
    carried = bpl._Doc(new_text, (old, tuple(edits)))
    assert scanned(carried) == plain_candidates(new_text)


@given(TEXTS, TEXTS)
def test_other_text_is_scanned_afresh(a, b):
    """Edits that do not make the text at hand are not used."""
    old = bpl._Doc(a)
    old.candidates("bread")
    edits = (Edit(0, len(a), a, "x", "test"),) if a != "x" else ()
    assert scanned(bpl._Doc(b, (old, edits))) == plain_candidates(b)


def test_family_run_uses_carried_candidates_and_matches_single_rules():
    """The whole family on a page (one rule's edits feed the next) gives what each rule alone gives
    when the page is handed over as a fresh string each time."""
    page = "当前位置：首页 > 政策文件\n\n发布日期：2023-05-12 信息来源：市政府办公室\n\n正文第一段。\n\n主办单位：某某市人民政府 网站标识码：1234567890\n"
    policy = Policy(to="keep", select=("BPL",))
    res = clean_and_explain(page, policy)
    text = page
    for rule in bpl.RULES:
        bpl._LAST[0] = None
        bpl._EDITED[0] = None
        edits = [e for e in rule.func(text, policy) if e.old != e.new]
        if edits:
            text = apply_edits(text, sorted(edits, key=lambda e: (e.start, e.end)))
    assert res.text == text == "正文第一段。\n"


# the line deletion as first written, on made line objects: the reference for _delete_doc_lines
def _reference_delete_lines(text, lines, hits):
    """Edits deleting groups of lines (each group: line indexes, reason, meta).

    A group is deleted from its first line's start up to the next non-blank line that is kept, so
    the blank lines after it go too; a group at the very end is deleted from the end of the last
    kept line instead.  Groups are merged into the edits in order and never overlap.
    """
    groups = sorted(((sorted(idx), reason, meta) for idx, reason, meta in hits), key=lambda g: g[0][0])
    edits: list[Edit] = []
    prev_end = 0
    n = len(text)
    nl = len(lines)
    for idx, reason, meta in groups:
        first, last = idx[0], idx[-1]
        start = lines[first].start
        if start < prev_end:
            continue
        j = last + 1
        while j < nl and not lines[j].fold:
            j += 1
        if j < nl:
            end = lines[j].start
        else:
            end = n
            # nothing kept after the group: take the blank lines before it instead
            k = first - 1
            while k >= 0 and not lines[k].fold:
                k -= 1
            back = lines[k].end + 1 if k >= 0 else 0
            start = max(prev_end, min(start, back))
        if end <= start:
            continue
        edits.append(Edit(start, end, text[start:end], "", reason, meta))
        prev_end = end
    return bpl._take_blank_before_end(text, edits)


@given(TEXTS, st.lists(st.lists(st.integers(0, 12), min_size=1, max_size=3), min_size=1, max_size=4))
def test_doc_line_deletion_is_the_line_deletion(text, groups):
    """Skipping blank lines in the text deletes what the reference deletes on the made lines."""
    d = bpl._Doc(text)
    n = text.count("\n") + 1
    hits = [([i % n for i in g], "test", ()) for g in groups]
    assert bpl._delete_doc_lines(d, hits) == _reference_delete_lines(text, d.lines, hits)


@settings(max_examples=200)
@given(TEXTS)
def test_line_start_union_admits_every_line_start_key(text):
    """The union is a prefilter: wherever a line-start key matches, the union matches before the line."""
    union, start = bpl._start_res()
    a = 0
    for raw in text.split("\n"):
        b = a + len(raw)
        if any(rx.match(text, a, b) for _key, rx in start):
            assert (union.match("\n" + text[:b]) if a == 0 else union.match(text, a - 1)), raw
        a = b + 1


@given(st.sets(st.sampled_from(sorted({*bpl._labels(), *bpl._WIDGET_WORDS, *bpl._FOOTER_START})), min_size=1), st.sampled_from(["", "x", "：", "文"]))
def test_trie_matches_where_a_word_starts(words, tail):
    """The grouped alternation matches at a place exactly when one of its words (in either script) starts there."""
    import re

    rx = re.compile(bpl._trie(words))
    plain = re.compile(bpl._raw_words(sorted(words, key=len, reverse=True)))
    for w in sorted({*bpl._labels(), *bpl._WIDGET_WORDS, *bpl._FOOTER_START}):
        for form in (w, _s2t().convert(w)):
            assert bool(rx.match(form + tail)) == bool(plain.match(form + tail)), form


HEADINGS = st.sampled_from(["浙西门户衢州，超常规抓科创", "浙西門戶衢州，超常規抓科創", "  浙西门户 衢州，超常规抓科创", "\ufeff浙西门户衢州，超常规抓科创",
                            "Public domain text", "各位代表：", "政府工作报告\0附件", "政府工作报告", "政府工作報告", "2020-11-30 来源：新华网", ""])


@settings(max_examples=200)
@given(st.lists(st.one_of(HEADINGS, LINES), max_size=10).map("\n".join))
def test_repeated_title_shortcut_is_the_per_line_check(text):
    """BPL003's keys made at once from the joined lines rule out what the per-line keys rule out."""
    policy = Policy(to="keep")
    bpl._LAST[0] = None
    fast = bpl.repeated_title(text, policy)
    real = bpl._fold_changes
    try:
        bpl._fold_changes = lambda s: True
        bpl._LAST[0] = None
        slow = bpl.repeated_title(text, policy)
    finally:
        bpl._fold_changes = real
    assert fast == slow


@settings(max_examples=200)
@given(st.lists(st.one_of(st.sampled_from(["记者 张三 李四", "编辑：王五", "文/赵六", "本版稿件由本报记者张三采写", "记者从市发改委获悉。"]), LINES), max_size=10).map("\n".join))
def test_credit_line_search_of_joined_lines_is_the_line_search(text):
    """BPL005 returns nothing exactly when no line without a full stop holds a role word."""
    policy = Policy(to="keep")
    bpl._LAST[0] = None
    got = bpl.credit_line(text, policy)
    role = bpl._credit_line_re().search
    if not any(role(fl) for fl in text.split("\n") if fl and "。" not in fl):
        assert got == []


def test_spaces_are_the_whitespace_class():
    import re

    ws = "".join(chr(c) for c in range(0x110000) if re.match(r"[^\S\n]", chr(c)))
    assert bpl._SPACES == ws


def _old_start_keys():
    """The line-start patterns as first written (repeated groups, plain alternations)."""
    import re

    bskip = f"(?:{bpl._WS}|[|丨｜/·•\ufeff【\\[（(])"
    old_widget_alt = bpl._raw_words(bpl._WIDGET_WORDS) + "|" + bpl._raw_class("大中小") + bpl._WS + "*[】\\]]"
    return (
        ("byline", re.compile(f"{bskip}*(?:\\d|{bpl._raw_words(sorted(bpl._labels(), key=len, reverse=True))}|{old_widget_alt})")),
        ("widget", re.compile(f"(?:{bpl._WIDGET_SKIP})*(?:{old_widget_alt})")),
        ("footer_start", re.compile(f"{bpl._STRIP_CLASS}*(?:{bpl._raw_words(bpl._FOOTER_START)})")),
    )


@settings(max_examples=300)
@given(st.lists(st.sampled_from(["", " ", "　", "\t", "【", "[", "（", "(", "|", "·", "，", "：", "-", "1", "x", "大", "中", "小", "】", "]"]), max_size=4).map("".join), LINES)
def test_line_start_keys_match_where_first_written_ones_do(lead, line):
    text = lead + line
    for (key, new), (_k, old) in zip(bpl._start_res()[1], _old_start_keys()):
        assert bool(new.match(text)) == bool(old.match(text)), (key, text)


def test_line_start_keys_match_every_word_where_first_written_ones_do():
    words = sorted({*bpl._labels(), *bpl._WIDGET_WORDS, *bpl._FOOTER_START})
    for w in words:
        for form in (w, _s2t().convert(w)):
            for lead in ("", " 【", "|", "1"):
                for tail in ("", "：", " 】"):
                    text = lead + form + tail
                    for (key, new), (_k, old) in zip(bpl._start_res()[1], _old_start_keys()):
                        assert bool(new.match(text)) == bool(old.match(text)), (key, text)


@settings(max_examples=300)
@given(edited(), st.sampled_from(["", "國", "后", "後來"]))
def test_carried_plain_is_a_fresh_scans(case, extra):
    """A document carried over from edits is never plain (the fold leaves it alone) unless a fresh scan
    of its text finds it so, and is whenever that scan does and the old text was plain."""
    text, edits = case
    if edits and extra:
        e = edits[0]
        edits[0] = Edit(e.start, e.end, e.old, e.new + extra, e.reason)
    old = bpl._Doc(text)
    old.candidates("bread")
    new_text = apply_edits(text, edits)
    carried = bpl._Doc(new_text, (old, tuple(edits)))
    carried.candidates("bread")
    fresh = bpl._Doc(new_text)
    fresh.candidates("bread")
    assert fresh.plain or not carried.plain
    if old.plain:
        assert carried.plain == fresh.plain
