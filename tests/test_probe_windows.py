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
