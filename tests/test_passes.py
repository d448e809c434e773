"""The pipeline's passes: the early layout step and the per-rule probes must not change output.

``clean_and_explain`` runs NRM005-NRM007 once before the first pass, then repeats the rules until a pass
changes nothing.  A rule that has run before is first probed on the lines around the changes the other
rules made since (with context; the boilerplate rules also get the document's first and last lines), and
runs in full only when the probe finds something.  These tests compare that with no early step and always
running every rule in full (``pipeline._PRE_LAYOUT = pipeline._FAST_RECHECK = False``) on damaged pages of
many kinds.  On random layout noise only the probes are compared: there the early step can change which
rule sees a broken paragraph first (``test_early_layout_step_can_change_the_order``).
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleanpolicy import Policy, clean_and_explain, pipeline
from cleanpolicy._core import Edit, apply_edits

sys.path.insert(0, str(Path(__file__).resolve().parent / "rules"))

from corpus import report_documents, report_paragraphs, require_peers  # noqa: E402
import encoding_damage, pinyin_damage, seg_damage, spam_planting, spinner_damage  # noqa: E402

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
POLICIES = (Policy(to="keep"), Policy())
STYLES = pinyin_damage.STYLES


def _both(text: str, policy: Policy, monkeypatch) -> tuple:
    monkeypatch.setattr(pipeline, "_FAST_RECHECK", True)
    monkeypatch.setattr(pipeline, "_PRE_LAYOUT", True)
    fast = clean_and_explain(text, policy)
    monkeypatch.setattr(pipeline, "_FAST_RECHECK", False)
    monkeypatch.setattr(pipeline, "_PRE_LAYOUT", False)
    full = clean_and_explain(text, policy)
    return fast, full


def _assert_same(text: str, monkeypatch) -> None:
    for policy in POLICIES:
        fast, full = _both(text, policy, monkeypatch)
        assert fast.text == full.text
        assert fast.metadata == full.metadata


# -- the change tracker and the windows ----------------------------------------------------------------
def _positions(points: list[int], edits) -> list[int]:
    """:func:`pipeline._track_tagged` on untagged positions."""
    return [p for p, _t in pipeline._track_tagged([(p, 0) for p in points], edits, 0)]


def test_track_changes_maps_points_through_edits():
    text = "abcdefghij"
    edits = [Edit(1, 3, "bc", "X", ""), Edit(5, 5, "", "YY", ""), Edit(8, 10, "ij", "", "")]
    new = apply_edits(text, edits)
    assert new == "aXdeYYfgh"
    points = _positions([], edits)
    assert points == [1, 2, 4, 6, 9]  # the deletion's start and end are one place (kept once)
    # a later step moves the earlier points: delete "de" (3..5 of the new text)
    later = [Edit(3, 5, "de", "", "")]
    assert _positions(points, later) == [1, 2, 3, 4, 7]


def test_tagged_points_keep_the_step_that_made_them():
    edits = [Edit(1, 1, "", "X", ""), Edit(4, 6, "de", "", "")]
    points = pipeline._track_tagged([(2, 0), (5, 0)], edits, 1)
    assert points == [(1, 1), (2, 1), (3, 0), (5, 0), (5, 1)]


def test_tagged_points_through_replacements_in_place():
    # the fast path (every edit keeps its length) agrees with the general one
    edits = [Edit(2, 4, "ab", "AB", ""), Edit(6, 7, "c", "c", "report")]
    assert pipeline._track_tagged([(0, 0), (3, 0), (6, 0), (9, 1)], edits, 2) == [(0, 0), (2, 0), (2, 2), (4, 2), (6, 0), (9, 1)]


def _track_each(points, edits, tag):
    """The tracker point by point: the shift of every edit passed and the move into a replaced span (the
    reference the run-wise :func:`pipeline._track_tagged` must agree with, up to repeated points)."""
    out = []
    for p, t in points:
        delta = 0
        for e in edits:
            passed = e.end <= p and not (e.start == e.end == p)
            if not passed:
                if e.start < p < e.end:
                    p = e.start
                break
            delta += len(e.new) - (e.end - e.start)
        out.append((p + delta, t))
    delta = 0
    for e in edits:
        if e.old != e.new:
            out += [(e.start + delta, tag), (e.start + delta + len(e.new), tag)]
        delta += len(e.new) - (e.end - e.start)
    return sorted(set(out))


@st.composite
def _points_and_edits(draw, size: int = 30, n_cuts: int = 8, n_points: int = 12):
    text = draw(st.text(alphabet="ab\n", max_size=size))
    n = len(text)
    cuts = sorted(draw(st.lists(st.integers(0, n), max_size=n_cuts)))
    edits = []
    prev_end, prev_empty = 0, None
    for a, b in zip(cuts[::2], cuts[1::2]):
        if a < prev_end or (a == b and prev_empty == a):
            continue
        new = draw(st.sampled_from(["", "x", "yy", text[a:b], "\nz"]))
        edits.append(Edit(a, b, text[a:b], new, ""))
        prev_end, prev_empty = b, (a if a == b else None)
    points = sorted(set(draw(st.lists(st.tuples(st.integers(0, n), st.integers(0, 3)), max_size=n_points))))
    return points, edits


@settings(max_examples=400, deadline=None)
@given(_points_and_edits())
def test_tracker_agrees_with_moving_each_point(case):
    points, edits = case
    assert pipeline._track_tagged(points, edits, 4) == _track_each(points, edits, 4)


@settings(derandomize=True, max_examples=600, deadline=None)
@given(_points_and_edits(size=120, n_cuts=60, n_points=8))
def test_tracker_agrees_on_many_edits_between_few_points(case):
    """Most of a step's edits (PYN001 makes a hundred) lie past the last point or between two: the tracker
    passes those without bisecting, and still agrees with moving each point."""
    points, edits = case
    assert pipeline._track_tagged(points, edits, 5) == _track_each(points, edits, 5)


@settings(derandomize=True, max_examples=600, deadline=None)
@given(_points_and_edits(size=30, n_cuts=12, n_points=4), st.integers(0, 3))
def test_tracker_agrees_where_points_of_the_new_tag_meet_the_edits(case, tag):
    """Points of the step's own tag where its edits start or end, inside replaced spans, around deletions:
    the places that can meet, where the tracker makes its list unique (elsewhere it only sorts it)."""
    points, edits = case
    assert pipeline._track_tagged(points, edits, tag) == _track_each(points, edits, tag)


def test_probe_text_keeps_the_blank_lines_at_the_edges_of_the_text():
    text = "\n\n甲\n\n乙\n\n丙\n\n"
    spans = [(0, 4), (5, 7), (8, len(text))]
    assert pipeline._probe_text(text, spans) == "\n\n甲\n\n乙\n\n丙\n\n"
    assert pipeline._probe_text(text, [(3, 6)]) == "\n乙"[1:]


def test_reports_add_no_points():
    assert _positions([4], [Edit(1, 2, "b", "b", "report")]) == [4]


def test_windows_are_whole_lines_with_context_and_the_ends():
    lines = [f"第{i}行内容" for i in range(60)]
    text = "\n\n".join(lines)
    pos = text.index("第30行")
    spans = pipeline._windows(text, [pos])
    pieces = [text[a:b] for a, b in spans]
    assert any("第29行" in p and "第30行" in p and "第31行" in p for p in pieces)
    assert pieces[0].startswith("第0行") and "第11行" in pieces[0]
    assert pieces[-1].rstrip().endswith("第59行内容")
    assert not any("第20行" in p for p in pieces)
    # without the ends (the probe of the rules that do not look at positions in the page)
    near = [text[a:b] for a, b in pipeline._windows(text, [pos], ends=False)]
    assert len(near) == 1 and "第29行" in near[0] and "第31行" in near[0]
    assert "第0行" not in near[0] and "第59行" not in near[0]


# -- equivalence with full passes -----------------------------------------------------------------------
def test_fixture_pages_and_cases(monkeypatch):
    from cleanpolicy._compat import tomllib

    for inp in sorted((FIXTURES / "pages").glob("*.input.txt")):
        _assert_same(inp.read_text(encoding="utf-8"), monkeypatch)
    for f in sorted((FIXTURES / "cases").glob("*.toml")):
        for case in tomllib.loads(f.read_text(encoding="utf-8")).get("case", []):
            if isinstance(case.get("input"), str):
                _assert_same(case["input"], monkeypatch)


def test_report_documents(monkeypatch):
    require_peers("gov-work-reports")
    docs = report_documents()
    for doc in docs[:: max(1, len(docs) // 12)]:
        _assert_same(doc["content"], monkeypatch)


def _damaged_page(rng: random.Random) -> str:
    """A page of report paragraphs with several kinds of damage, the way each arises."""
    paras = list(rng.sample(report_paragraphs(), 40))
    rate = rng.choice([0.05, 0.2, 1.0])  # the share of paragraphs damaged: a long page with a few, or many
    for i in range(len(paras)):
        r = rng.random() / rate
        p = paras[i]
        if r < 0.15:
            positions = seg_damage.word_internal_positions(p)
            if positions:
                p = seg_damage.break_at(p, rng.choice(positions), rng.choice(["\n", "\n\n", "\n\n\n"]))
        elif r < 0.25:
            a, b = encoding_damage.pick_span(p, rng)
            bad = encoding_damage.wrong_codec(p[a:b], "utf-8", "gbk")
            if bad:
                p = p[:a] + bad + p[b:]
        elif r < 0.35:
            made = pinyin_damage.annotate(p, rng, style=rng.choice(STYLES), rate=0.3)
            p = made[0] if made else p
        elif r < 0.45:
            p = p.replace("，", ",").replace("。", ".")
        elif r < 0.5:
            p = "　　" + p + "  "
        paras[i] = p
    text = rng.choice(["\n\n", "\n\n", "\n", "\n\n\n"]).join(paras)
    if rng.random() < 0.5:
        text = spam_planting.plant_phrase(text, spam_planting.brand_phrase(rng), 3, rng)
    if rng.random() < 0.5:
        text = "首页 > 新闻中心 > 要闻\n\n" + text + "\n\n版权所有：某某市人民政府办公室\n"
    return text


def test_generated_damaged_pages(monkeypatch):
    require_peers("gov-work-reports")
    rng = random.Random(11)
    for _ in range(60):
        _assert_same(_damaged_page(rng), monkeypatch)


def test_gated_long_pages(monkeypatch):
    """Long pages with every text gated: a rule its family's gate rules out on the whole text is passed
    over before any probe (the probes there are short, so this meets both)."""
    require_peers("gov-work-reports")
    monkeypatch.setattr(pipeline, "_GATE_LIMIT", 10**9)
    rng = random.Random(7)
    for _ in range(12):
        _assert_same(_damaged_page(rng), monkeypatch)


def test_seg_damage_pages(monkeypatch):
    require_peers("gov-work-reports")
    rng = random.Random(5)
    for _ in range(10):
        articles = [seg_damage.make_article(rng, rng.randint(2, 6)) for _ in range(rng.randint(1, 3))]
        _assert_same(seg_damage.build_page(rng, articles), monkeypatch)


def test_spun_pages_with_layout_breaks(monkeypatch):
    """Spun pages (the spinner's document-gated tier at work) whose paragraphs layout also broke."""
    require_peers("gov-work-reports")
    from cleanpolicy.rules import spinner

    pairs = {e.original: (e.spun, e.tier) for e in spinner.load_glossary() if e.tier in ("always", "context", "spun-only")}
    rng = random.Random(3)
    for k in range(12):
        paras = list(rng.sample(report_paragraphs(), 30))
        for i in rng.sample(range(len(paras)), 6):
            paras[i] = spinner_damage.spin(paras[i], pairs, rng, rate=0.8)[0]
        for i in rng.sample(range(len(paras)), 3):
            positions = seg_damage.word_internal_positions(paras[i])
            if positions:
                paras[i] = seg_damage.break_at(paras[i], rng.choice(positions), "\n")
        _assert_same("\n\n".join(paras), monkeypatch)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(["", "\n", "\n\n", "\n\n\n", " ", "　　", ",", "(", "）", "“", '"', "\u00a0", "?"]), max_size=30), st.randoms(use_true_random=False))
def test_probe_on_layout_noise(noise, rnd):
    """Layout noise (breaks, blank runs, stray marks) sprinkled into real paragraphs."""
    paras = report_paragraphs()
    if not paras:
        return
    text = "\n\n".join(rnd.choice(paras) for _ in range(4))
    chars = list(text)
    for piece in noise:
        chars.insert(rnd.randrange(len(chars) + 1), piece)
    text = "".join(chars)
    for policy in POLICIES:
        fast = clean_and_explain(text, policy).text
        # the probes against full passes; the early layout step stays on in both (on layout noise it can
        # change what a rule sees first: test_early_layout_step_can_change_the_order)
        saved = pipeline._FAST_RECHECK
        pipeline._FAST_RECHECK = False
        try:
            full = clean_and_explain(text, policy).text
        finally:
            pipeline._FAST_RECHECK = saved
        assert fast == full


def test_early_layout_step_can_change_the_order():
    """Found by the test above: a paragraph broken by a blank-line run, with three straight quotes.
    Without the early step, NRM004 pairs the two quotes of the second piece before NRM006 collapses the
    run and SEG003 joins the pieces; with it, the pieces are joined first and NRM004 meets three quotes
    in one paragraph, which it cannot pair, so it only reports them (a rule that is unsure reports).
    The documented cost of the early step (docs/index.md): the text below keeps its straight quotes."""
    text = '"过去一年，我\n\n\n国"发"展历程很不平凡。党的二十届三中全会胜利召开。'
    r = clean_and_explain(text, Policy(to="keep"))
    assert r.text.startswith('"过去一年，我国"发"展')
    assert any(s.code == "NRM004" and all(e.old == e.new for e in s.edits) for s in r.steps)
    saved = pipeline._PRE_LAYOUT
    pipeline._PRE_LAYOUT = False
    try:
        assert clean_and_explain(text, Policy(to="keep")).text.startswith('"过去一年，我国“发”展')
    finally:
        pipeline._PRE_LAYOUT = saved


def test_layout_step_records_each_report_once():
    text = "第一段内容。\n\n\n\n第二段内容。  \n　　\n"
    r = clean_and_explain(text, Policy(to="keep", report_only=("NRM",)))
    assert r.text == text
    codes = [s.code for s in r.steps]
    assert codes and len(codes) == len(set(codes))
    fixed = clean_and_explain(text, Policy(to="keep"))
    assert fixed.text == "第一段内容。\n\n第二段内容。\n"
    assert [s.code for s in fixed.steps][:2] == ["NRM005", "NRM006"]


def test_a_spun_form_completed_by_a_rejoin_is_repaired(monkeypatch):
    """SPN001 found nothing in the first pass (the form was broken across lines); SEG003's rejoin completes
    it, and the probe must see it and call for the pass that repairs it."""
    require_peers("gov-work-reports")
    paras = list(report_paragraphs()[100:140])
    paras.insert(20, "这次会议是展示我省改革开放成果的关键对\n话框，我们要把握好这一机遇，全面推进各项工作取得新进展。")
    fast, full = _both("\n\n".join(paras), Policy(), monkeypatch)
    assert fast.text == full.text
    assert "成果的重要窗口，" in fast.text


def test_an_inserted_phrase_completed_by_a_rejoin_is_removed(monkeypatch):
    """SPM002 found one whole pasted phrase and one broken across lines (too few to act) in the first pass;
    SEG003's rejoin completes the second, and the probe (it holds the place name) must call for SPM002."""
    require_peers("gov-work-reports")
    paras = list(report_paragraphs()[200:240])
    a, b = paras[5], paras[30]
    paras[5] = a[: len(a) // 2] + "浙江汽车品牌" + a[len(a) // 2 :]
    paras[30] = b[: len(b) // 2] + "浙江汽车品\n牌" + b[len(b) // 2 :]
    fast, full = _both("\n\n".join(paras), Policy(to="keep"), monkeypatch)
    assert fast.text == full.text
    assert "浙江汽车品" not in fast.text
