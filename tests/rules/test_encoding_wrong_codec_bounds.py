"""ENC002's cheaper paths over wrong-codec windows: the bound on any reading's gain that drops the
shorter alternatives of a span in hand, and the one-pass bound over every aligned chain.  Each must
give exactly what the computation it skips gives."""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from encoding_damage import pick_span, wrong_codec_lossy  # noqa: E402
from encoding_runs import aligned_chain_damage, damage_span, fresh_edits, short_paragraphs  # noqa: E402

from cleanpolicy import Policy, apply_edits  # noqa: E402
from cleanpolicy.rules import encoding as enc  # noqa: E402

POLICY = Policy(select=("ENC",), to="keep")


def _samples(n: int, seed: int) -> list[str]:
    """Report paragraphs with one or two wrong-codec spans (lossless, lossy, Latin-1) in clean text."""
    paras = short_paragraphs()
    rng = random.Random(seed)
    out = []
    while len(out) < n:
        text = rng.choice(paras)
        for _ in range(rng.choice((1, 1, 2))):
            text, a, b, bad = damage_span(text, ("lossless", "lossy", "latin1")[rng.randrange(3)], rng)
            if bad is not None:
                text = text[:a] + bad + text[b:]
        out.append(text)
    return out


def _edits(texts: list[str]) -> list:
    return fresh_edits(texts, enc.cjk_mojibake, policy=POLICY)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("的是中国发展经济鏂囨槑浣撳埗锛屽缓ÖÐÎÄ\ufffd\ue000 \u3000\n，。ab1吆，"), max_size=30))
def test_no_text_scores_above_zero(s: str) -> None:
    """What the bound on any reading rests on (:data:`enc._SCORE_CEILING`)."""
    assert enc._score(s) <= enc._SCORE_CEILING
    assert all(v <= enc._SCORE_CEILING for v in enc._bigram_lps(s))


def test_bound_on_any_reading_changes_no_repair(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = _samples(200, seed=11)
    pruned = [0]
    judge = enc._judge

    def counting(text, a, b, new, name, min_gain, beat=None):
        got = judge(text, a, b, new, name, min_gain, beat)
        if got is None and beat is not None:
            pruned[0] += 1
        return got

    with monkeypatch.context() as m:
        m.setattr(enc, "_judge", counting)
        fast = _edits(texts)
    with monkeypatch.context() as m:
        m.setattr(enc, "_SCORE_CEILING", float("inf"))
        plain = _edits(texts)
    assert fast == plain
    assert pruned[0] > 200  # the shorter alternatives of the spans in hand are dropped
    assert sum(map(bool, fast)) > 120


def test_judge_bound_never_drops_what_would_win() -> None:
    """Where the bound on any reading drops a candidate, the full judgement gives nothing better."""
    rng = random.Random(5)
    checked = 0
    for text in _samples(150, seed=3):
        for name, read, true in enc._cjk_stream_chains():
            for group in enc._stream_candidates(text, 0, len(text), read, true):
                values = [enc._judge(text, a, b, new, name, 0.5) for a, b, new in group]
                got = [v[0] for v in values if v]
                if not got:
                    continue
                beat = max(got) * rng.choice((0.5, 0.9, 1.0))
                for (a, b, new), v in zip(group, values):
                    if enc._judge(text, a, b, new, name, 0.5, beat) is None and v is not None:
                        assert v[0] <= beat
                        checked += 1
    assert checked > 20


def _random_run(paras: list[str], rng: random.Random, damaged: float) -> str:
    """A run of 1-60 characters of a report paragraph that, with probability ``damaged``, first got a
    2-12 character span of aligned-chain damage (lossy UTF-8 as GBK, Big5 as GBK, GBK as Big5)."""
    text = rng.choice(paras)
    if rng.random() < damaged:
        a, b = pick_span(text, rng, 2, 12)
        bad = aligned_chain_damage(text[a:b], rng.randrange(3), "gb18030")
        text = text[:a] + (bad or "") + text[b:]
    a, b = pick_span(text, rng, 1, 60)
    return text[a:b]


def test_one_pass_bound_implies_every_chain() -> None:
    """Where the bound over every aligned chain at once says hopeless, each chain's own bound does."""
    paras = short_paragraphs()
    rng = random.Random(4)
    said = 0
    for _ in range(3000):
        run = _random_run(paras, rng, 0.5)
        cc = enc._bigram_lps(run)
        cost = rng.choice((10.0, 3.0))
        exit_cost = rng.choice((cost, 0.0))
        firsts = [rng.choice((cost, 0.0)) for _chain in enc.load_chains()["aligned"]]
        if enc._aligned_all_hopeless(run, cc, cost, exit_cost, min(firsts)):
            said += 1
            for (_name, read, true), first in zip(enc.load_chains()["aligned"], firsts):
                alts = [enc._aligned_alt(ch, read, true) for ch in run]
                assert not any(alts) or enc._stretch_hopeless(run, alts, cc, cost, exit_cost, first), (run, read, true)
    assert said > 1000


def test_one_pass_bound_changes_no_repair(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = _samples(200, seed=13)
    fast = _edits(texts)
    with monkeypatch.context() as m:
        m.setattr(enc, "_aligned_all_hopeless", lambda *a, **k: False)
        plain = _edits(texts)
    assert fast == plain
    assert sum(map(bool, fast)) > 120


def _diff_span_plainly(a: str, b: str) -> tuple[int, int, int]:
    p = 0
    n = min(len(a), len(b))
    while p < n and a[p] == b[p]:
        p += 1
    s = 0
    while s < n - p and a[len(a) - 1 - s] == b[len(b) - 1 - s]:
        s += 1
    return p, len(a) - s, len(b) - s


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="abcÃ©中", max_size=40), st.text(alphabet="abcÃ©中", max_size=12), st.text(alphabet="abcÃ©中", max_size=12), st.text(alphabet="abcÃ©中", max_size=40))
def test_diff_span_matches_character_by_character(head: str, x: str, y: str, tail: str) -> None:
    a, b = head + x + tail, head + y + tail
    assert enc._diff_span(a, b) == _diff_span_plainly(a, b)
    assert enc._diff_span(b, a) == _diff_span_plainly(b, a)


def _stretches_lose_plainly(cs: str, alts: list, cc: list, enter_cost: float, exit_cost: float, first_cost: float) -> bool:
    """:func:`enc._stretches_lose` as first written: every exact term of the run looked up."""
    n = len(cs)
    neg = -1e300
    eps = -enc._BOUND_EPS
    penalty = enc._ALT_PENALTY
    al = "".join(a if a is not None else "\x00" for a in alts)
    into = enc._pair_lps(cs[:-1], al[1:])
    along = enc._pair_lps(al[:-1], al[1:])
    out_of = enc._pair_lps(al[:-1], cs[1:])
    a0 = alts[0]
    run = enc._clp(a0) - enc._clp(cs[0]) - penalty - first_cost if a0 is not None else neg
    for k in range(1, n):
        back = cc[k - 1]
        if run > neg:
            if run + out_of[k - 1] - back - enter_cost > eps:
                return False
            v = run + along[k - 1] - back - penalty
        else:
            v = neg
        if alts[k] is None:
            run = neg
            continue
        enter = into[k - 1] - back - enter_cost - penalty
        run = v if v > enter else enter
    return not (run > neg and run - exit_cost > eps)


def test_stretches_lose_looks_up_only_what_may_win() -> None:
    """The exact check restricted to the positions a winning stretch may hold says what the check
    over every position says, on runs the first bound leaves open and on any run."""
    paras = short_paragraphs()
    rng = random.Random(8)
    open_runs = wins = 0
    for _ in range(4000):
        run = _random_run(paras, rng, 0.6)
        _name, read, true = rng.choice(enc.load_chains()["aligned"])
        alts = [enc._aligned_alt(ch, read, true) for ch in run]
        if not any(alts):
            continue
        cost = rng.choice((10.0, 3.0, 0.5))
        exit_cost = rng.choice((cost, 0.0))
        first = rng.choice((cost, 0.0))
        cc = enc._bigram_lps(run)
        got = enc._stretches_lose(run, alts, cc, cost, exit_cost, first)
        assert got == _stretches_lose_plainly(run, alts, cc, cost, exit_cost, first), (run, read, true, cost)
        if not enc._stretch_hopeless(run, alts, cc, cost, exit_cost, first):
            open_runs += 1
            wins += not got
    assert open_runs > 300 and wins > 30


def _marked_samples(n: int, seed: int) -> list[str]:
    """Paragraphs holding U+FFFD marks the ways they arise: lossy UTF-8 read as GBK, GB18030 or Big5, a
    frame shift after ENC003's repair (which marks the lost characters), and a lone mark in clean text."""
    from encoding_damage import frame_shift

    paras = short_paragraphs()
    rng = random.Random(seed)
    out = []
    while len(out) < n:
        text = rng.choice(paras)
        kind = rng.randrange(3)
        if kind == 0:
            a, b = pick_span(text, rng, 1, 40)
            bad = wrong_codec_lossy(text[a:b], "utf-8", rng.choice(("gbk", "gb18030", "big5")))
            text = text[:a] + (bad or "") + text[b:]
        elif kind == 1:
            shifted = frame_shift(text, rng)
            if shifted is None:
                continue
            text = shifted[0]
            text = apply_edits(text, enc.frame_shift(text, POLICY))
        else:
            k = rng.randrange(len(text))
            text = text[:k] + enc.REPLACEMENT + text[k + 1 :]
        if enc.REPLACEMENT in text:
            out.append(text)
    return out


def test_windows_of_marks_alone_give_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Skipping the windows whose only triggers are U+FFFD marks changes no repair."""
    texts = _marked_samples(400, seed=21)
    fast = _edits(texts)
    with monkeypatch.context() as m:
        m.setattr(enc, "_SKIP_MARK_ONLY_WINDOWS", False)
        plain = _edits(texts)
    assert fast == plain
    assert sum(map(bool, fast)) > 50  # the lossy spans next to their marks are still repaired
