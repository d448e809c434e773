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

from cleanpolicy.rules import boilerplate as bpl  # noqa: E402

#: characters the unions start with or look at, so that texts hit them often
PIECES = st.sampled_from(
    ["首页", "＞", ">", "位置", "扫", "长按", "二维码", "摄", "供图", "声明", "ICP", "©", "日电", "日讯", "日消息", "）", ")", "】", "]", "\n",
     "\n来源：", "\n2020-11-30", "\n【打印】", "\n主办单位", "\n　 ", " ", "　", "\u00a0", "x", "源", "日", "按", "網", "頁", "發佈"]
)
TEXTS = st.lists(st.one_of(PIECES, clean_paragraph(), hostile_text), max_size=12).map("".join)


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
    assert bpl._scan_skip().match(text, pos, end).start(1) == plain_first(text, pos, end)


@settings(max_examples=200)
@given(TEXTS)
def test_greedy_skip_stops_where_the_possessive_one_does(text):
    """The pattern built for Python 3.10 (greedy runs) finds what the one for 3.11 finds."""
    possessive = bpl._scan_skip()
    saved = bpl._POSSESSIVE
    try:
        bpl._POSSESSIVE = ""
        bpl._scan_skip.cache_clear()
        greedy = bpl._scan_skip()
    finally:
        bpl._POSSESSIVE = saved
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
