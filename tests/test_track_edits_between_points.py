"""The change tracker passes an edit that ends before the next point without bisecting: the same points
as carrying every edit through the bisections (a rule such as PYN001 makes a hundred edits in a step,
most past the last point or between two)."""

from __future__ import annotations

import bisect

from hypothesis import given, settings
from hypothesis import strategies as st

from cleanpolicy import pipeline
from cleanpolicy._core import Edit


def _track_bisecting(points, edits, tag):
    """:func:`pipeline._track_tagged` as it was: two bisections per edit."""
    out = []
    i = 0
    delta = 0
    for e in edits:
        a, b = e.start, e.end
        j = bisect.bisect_left(points, (a + 1,), i)
        out += [(p + delta, t) for p, t in points[i:j]]
        i = bisect.bisect_left(points, (b,), j) if b > a else j
        if i > j:
            out += [(a + delta, t) for _p, t in points[j:i]]
        if e.old != e.new:
            out.append((a + delta, tag))
            out.append((a + delta + len(e.new), tag))
            delta += len(e.new) - (b - a)
    out += [(p + delta, t) for p, t in points[i:]]
    return sorted(dict.fromkeys(out))


@st.composite
def _many_edits(draw):
    n = draw(st.integers(0, 120))
    cuts = sorted(draw(st.lists(st.integers(0, n), max_size=60)))
    edits = []
    prev_end, prev_empty = 0, None
    for a, b in zip(cuts[::2], cuts[1::2]):
        if a < prev_end or (a == b and prev_empty == a):
            continue
        old = "x" * (b - a)
        new = draw(st.sampled_from(["", "y", "yy", old, "\nz"]))
        edits.append(Edit(a, b, old, new, ""))
        prev_end, prev_empty = b, (a if a == b else None)
    points = sorted(set(draw(st.lists(st.tuples(st.integers(0, n), st.integers(0, 3)), max_size=8))))
    return points, edits


@settings(derandomize=True, max_examples=600, deadline=None)
@given(_many_edits())
def test_edits_between_points_move_nothing(case):
    points, edits = case
    assert pipeline._track_tagged(points, edits, 5) == _track_bisecting(points, edits, 5)
