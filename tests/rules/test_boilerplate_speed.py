"""BPL: the shortcuts of the shared scan agree with their plain definitions.

:func:`cleanpolicy.rules.boilerplate._scan_skip` must stop exactly where a search of the rare union or
of the line-start union would first match, with possessive runs (Python 3.11) and with greedy ones
(Python 3.10, where the engine has no possessive quantifiers).
"""

from __future__ import annotations

import sys
from pathlib import Path

from hypothesis import example, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from strategies import clean_paragraph, hostile_text  # noqa: E402

from cleanpolicy import chars  # noqa: E402
from cleanpolicy.rules import boilerplate as bpl  # noqa: E402

#: characters the unions start with or look at, so that texts hit them often
PIECES = st.sampled_from(
    ["首页", "＞", ">", "位置", "扫", "长按", "二维码", "摄", "供图", "声明", "ICP", "©", "日电", "日讯", "日消息", "）", ")", "】", "]", "\n",
     "\n来源：", "\n2020-11-30", "\n【打印】", "\n主办单位", "\n　 ", " ", "　", "\u00a0", "x", "源", "日", "按", "網", "頁", "發佈"]
)
TEXTS = st.lists(st.one_of(PIECES, clean_paragraph(), hostile_text), max_size=12).map("".join)
LINES_FREE = st.one_of(clean_paragraph(), hostile_text).map(lambda s: s.replace("\n", " "))


def plain_first(text: str, pos: int, end: int) -> int:
    """Where the rare union or the line-start union first matches from ``pos`` (``end`` as endpos), or -1."""
    found = [m.start() for rx in (bpl._rare_res()[0], bpl._start_res()[0]) if (m := rx.search(text, pos, end))]
    return min(found, default=-1)


def places(text: str) -> st.SearchStrategy[tuple[int, int]]:
    n = len(text)
    return st.tuples(st.integers(0, n), st.integers(0, n)).map(sorted)


@settings(max_examples=300)
@given(st.data(), TEXTS)
@example(None, "首页 > 新闻\n（完）\n来源：新华网")
def test_skip_stops_where_the_unions_first_match(data, text):
    pos, end = data.draw(places(text)) if data is not None else (0, len(text))
    assert bpl._scan_skip(False).match(text, pos, end).start(1) == plain_first(text, pos, end)


@settings(max_examples=200)
@given(TEXTS)
def test_greedy_skip_stops_where_the_possessive_one_does(text):
    """The pattern built for Python 3.10 (greedy runs) finds what the one for 3.11 finds."""
    possessive = bpl._scan_skip(False)
    saved = chars.POSSESSIVE
    try:
        chars.POSSESSIVE = ""
        bpl._scan_skip.cache_clear()
        greedy = bpl._scan_skip(False)
    finally:
        chars.POSSESSIVE = saved
        bpl._scan_skip.cache_clear()
    assert "*+" not in greedy.pattern
    pos = 0
    while pos <= len(text):
        q = possessive.match(text, pos).start(1)
        assert greedy.match(text, pos).start(1) == q
        if q < 0:
            break
        pos = q + 1


FOLDED = st.one_of(hostile_text, clean_paragraph(), st.text(st.sampled_from("國於乾後著發佈时间首页\n 　"), max_size=30))


@given(FOLDED)
def test_fold_changes_is_a_lookup_of_each_character(text):
    table = bpl._fold_runs()[1]
    assert bpl._fold_changes(text) == any(ord(c) in table for c in text)


@settings(max_examples=200)
@given(st.data(), st.one_of(TEXTS, FOLDED))
def test_skip_with_folds_stops_at_the_first_character_the_fold_changes_too(data, text):
    pos, end = data.draw(places(text))
    table = bpl._fold_runs()[1]
    first = next((i for i in range(pos, end) if ord(text[i]) in table), -1)
    want = min((q for q in (plain_first(text, pos, end), first) if q >= 0), default=-1)
    assert bpl._scan_skip(True).match(text, pos, end).start(1) == want


@given(st.one_of(TEXTS, FOLDED))
def test_plain_is_a_text_the_fold_leaves_alone(text):
    d = bpl._Doc(text)
    d.candidates("bread")
    assert d.plain == (bpl._fold(text) == text and not bpl._fold_changes(text))


PAGE_LINES = st.sampled_from([
    "以浙江最西部的城市衢州为例,过去,衢州的科技创新要素比较薄弱,创新要\">",
    "以浙江最西部的城市衢州为例,过去,衢州的科技创新要素比较薄弱,创新要素集聚能力不强。",
    "现在，我代表国务院向大会报告政府工作，请予审议，并请全国政协委员提出意见。",
    "  现在，我代表国务院向大会报告政府工作，请予审议，并请全国政协委员提出意见。",
    "現在，我代表國務院向大會報告政府工作，請予審議，並請全國政協委員提出意見。",
    "现在，我代表国务院向大会报告政府工作",
    "浙西门户衢州，超常规抓科创", "浙西門戶衢州，超常規抓科創", "政府工作报告", "发布日期：2020-11-30 来源：新华网", "", "　",
])


@settings(max_examples=300)
@given(st.lists(st.one_of(PAGE_LINES, LINES_FREE), max_size=10).map("\n".join))
def test_rules_reading_plain_give_what_they_give_without_it(text):
    """BPL002 and BPL003 take shortcuts on a text the scan found plain; a fresh document is never plain."""
    from cleanpolicy import Policy

    policy = Policy(to="keep")
    for rule in (bpl.meta_description_copy, bpl.repeated_title):
        bpl._LAST[0] = bpl._EDITED[0] = None
        fresh = rule(text, policy)
        d = bpl._Doc(text)
        d.candidates("bread")
        bpl._LAST[0], bpl._EDITED[0] = d, None
        assert rule(text, policy) == fresh
    bpl._LAST[0] = bpl._EDITED[0] = None
