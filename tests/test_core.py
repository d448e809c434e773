from hypothesis import given
from hypothesis import strategies as st

from cleanpolicy._core import Edit, Step, apply_edits, map_back, map_forward, merge_metadata, replay, validate_edits

import pytest


def test_apply_and_replay():
    text = "首页 > 新闻\n正文。"
    e = Edit(0, 8, "首页 > 新闻\n", "", "breadcrumb")
    step = Step("BPL001", (e,))
    assert apply_edits(text, step.edits) == "正文。"
    assert replay(text, [step]) == "正文。"
    assert replay(text, [step.to_json()]) == "正文。"


def test_reports_change_nothing():
    text = "abc"
    assert apply_edits(text, [Edit(1, 2, "b", "b", "report")]) == "abc"


def test_validate_rejects_overlap_and_mismatch():
    with pytest.raises(ValueError):
        validate_edits("abcdef", [Edit(0, 3, "abc", "", "x"), Edit(2, 4, "cd", "", "y")])
    with pytest.raises(ValueError):
        validate_edits("abcdef", [Edit(0, 3, "xyz", "", "x")])
    with pytest.raises(ValueError):
        validate_edits("abc", [Edit(2, 9, "c", "", "x")])


@st.composite
def text_and_edits(draw):
    text = draw(st.text(max_size=40))
    cuts = sorted(draw(st.lists(st.integers(0, len(text)), max_size=8)))
    edits = []
    for a, b in zip(cuts[0::2], cuts[1::2]):
        if edits and a < edits[-1].end:
            continue
        if a == b and edits and edits[-1].start == a:
            continue
        edits.append(Edit(a, b, text[a:b], draw(st.text(max_size=3)), "t"))
    return text, edits


@given(text_and_edits())
def test_map_back_forward(te):
    text, edits = te
    validate_edits(text, edits)
    out = apply_edits(text, edits)
    # positions outside edited spans survive a round trip
    for pos in range(len(text) + 1):
        if any(e.start <= pos < e.end or (e.old != e.new and pos == e.start) for e in edits):
            continue
        assert map_back(edits, map_forward(edits, pos)) == pos
    assert 0 <= map_back(edits, len(out)) <= len(text)


def test_merge_metadata():
    steps = [
        Step("BPL002", (Edit(0, 3, "abc", "", "r", (("source", "中国新闻网"), ("reporters", ("张斌",)))),)),
        Step("BPL003", (Edit(0, 1, "x", "", "r", (("source", "other"), ("reporters", ("李四", "张斌")))),)),
    ]
    md = merge_metadata(steps, {"encoding": "utf-8"})
    assert md == {"encoding": "utf-8", "source": "中国新闻网", "reporters": ["张斌", "李四"]}
