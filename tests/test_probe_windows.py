"""``pipeline._windows`` with a limit: None exactly when the merged windows would cover more than it (the
early exits, among them the one on the document's two ends alone, agree with computing them all)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from cleanpolicy import pipeline

LINES = st.lists(st.sampled_from(["", " ", "　　", "第一行内容。", "短", "较长的一行内容，有好几个字。" * 3]), min_size=1, max_size=60)


@settings(max_examples=300, deadline=None)
@given(LINES, st.lists(st.floats(0, 1), max_size=6), st.floats(0, 1), st.booleans())
def test_limit_gives_none_exactly_when_the_windows_cover_more(lines, where, share, ends):
    text = "\n".join(lines)
    points = sorted(int(w * len(text)) for w in where)
    limit = int(len(text) * share)
    full = pipeline._windows(text, points, ends=ends)
    covered = sum(b - a for a, b in full)
    assert pipeline._windows(text, points, limit=limit, ends=ends) == (None if covered > limit else full)


def _windows_by_walking(text: str, points: list[int], ends: bool) -> list[tuple[int, int]]:
    """:func:`pipeline._windows` by walking the lines one by one (the reference of its bisections)."""
    lines = text.split("\n")
    starts = [0]
    for ln in lines[:-1]:
        starts.append(starts[-1] + len(ln) + 1)
    last = len(lines) - 1

    def end(k):
        return starts[k] + len(lines[k]) + (1 if k < last else 0)

    def walk(k, step, count, stop):
        while count and k != stop:
            k += step
            if lines[k].strip():
                count -= 1
        return k

    spans = []
    if ends:
        spans.append((0, end(walk(0, 1, pipeline._HEAD_LINES, last))))
        spans.append((starts[walk(last, -1, pipeline._TAIL_LINES, 0)], len(text)))
    for p in points:
        p = min(max(p, 0), len(text))
        k = max(i for i in range(len(lines)) if starts[i] <= p)
        spans.append((starts[walk(k, -1, pipeline._CONTEXT_LINES, 0)], end(walk(k, 1, pipeline._CONTEXT_LINES, last))))
    merged = []
    for a, b in sorted(spans):
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    return merged


@settings(max_examples=300, deadline=None)
@given(LINES, st.lists(st.floats(0, 1), max_size=8), st.booleans())
def test_windows_agree_with_walking_the_lines(lines, where, ends):
    text = "\n".join(lines)
    points = sorted(int(w * len(text)) for w in where)
    assert pipeline._windows(text, points, ends=ends) == _windows_by_walking(text, points, ends)


@settings(max_examples=300, deadline=None)
@given(LINES, st.lists(st.floats(0, 1), min_size=1, max_size=6), st.lists(st.floats(0, 1), max_size=6), st.floats(0, 1), st.booleans())
def test_more_points_never_make_the_windows_fit(lines, where, more, share, ends):
    """The pipeline takes a probe for most of the text when one made of fewer points is (the points of
    fewer steps): the windows of a superset of points never fit a limit those of the subset exceed."""
    text = "\n".join(lines)
    points = sorted(int(w * len(text)) for w in where)
    limit = int(len(text) * share)
    if pipeline._windows(text, points, limit=limit, ends=ends) is None:
        wider = sorted(points + [int(w * len(text)) for w in more])
        assert pipeline._windows(text, wider, limit=limit, ends=ends) is None
