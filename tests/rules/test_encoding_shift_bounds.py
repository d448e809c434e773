"""ENC003's shift bounds run from the last start backwards (running sums from the end, no list turned
around), the family gate sorts the matched characters with set operations, the suspect scan and the
stretch bound zip each position with its neighbours: each must give exactly the values and the
answers of the computation it replaced."""

from __future__ import annotations

import itertools
import operator
import sys
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from encoding_runs import SHIFT_CHARS, draw_shifted_tail  # noqa: E402

from cleanpolicy.rules import encoding as enc  # noqa: E402


def _forward_bounds(tail: list) -> tuple[list[float], list[float]]:
    """The bounds from the first start on, computed the way the rule first did."""
    ub = list(map(enc._CHAIN_BOUND.__getitem__, tail[1:]))
    ub.reverse()
    after = list(itertools.accumulate(ub))
    after.reverse()
    after.append(0.0)
    return after, list(map(enc._CHAIN_FIRST.__getitem__, tail))


def _forward_hopeless_low(chars: str, lo: int, m: int, best_after: list[float], firsts: list[float], trail_lp: float) -> bool:
    low = list(map(enc._CHAIN_LOW.__getitem__, chars[1:]))
    low.insert(0, enc._CHAIN_FIRST[chars[0]])
    low.reverse()
    kept = list(itertools.accumulate(low))
    kept.reverse()
    need = trail_lp - enc._LOST_LP + enc._SHIFT_COST - enc._BOUND_EPS
    return max(map(operator.sub, map(operator.add, firsts, best_after), kept[lo:m])) <= need


def _forward_hopeless(asis: list[float], lo: int, m: int, base_total: float, best_after: list[float], firsts: list[float]) -> bool:
    prefix = list(itertools.accumulate(asis[lo : m - 1], initial=sum(asis[:lo])))
    need = base_total - enc._LOST_LP + enc._SHIFT_COST - enc._BOUND_EPS
    return max(map(operator.add, map(operator.add, prefix, firsts), best_after)) <= need




@settings(derandomize=True, max_examples=400, deadline=None)
@given(
    chars=st.text(alphabet=SHIFT_CHARS, min_size=1, max_size=60),
    data=st.data(),
    trail=st.one_of(st.just(0.0), st.floats(-15.0, 0.0)),
)
def test_backward_bounds_are_the_forward_ones(chars: str, data, trail: float) -> None:
    enc._load_tables()
    m = len(chars)
    lo, tail = draw_shifted_tail(data, chars)
    after, firsts = enc._shift_bounds(tail)
    f_after, f_firsts = _forward_bounds(tail)
    assert after == f_after[::-1] and firsts == f_firsts[::-1]
    assert enc._shift_hopeless_low(chars, lo, m, after, firsts, trail) == _forward_hopeless_low(chars, lo, m, f_after, f_firsts, trail)
    asis = enc._lp_chain(chars)
    base = sum(asis) + trail
    assert enc._shift_hopeless(asis, lo, m, base, after, firsts) == _forward_hopeless(asis, lo, m, base, f_after, f_firsts)


def _codes_one_by_one(text: str) -> frozenset[str]:
    """The family gate's answer worked out one matched character at a time, as it first was."""
    rx, trail, glued = enc._fast_path()
    everyday = enc._everyday()[0]
    found: set[str] = set()
    some_everyday = False
    for ch in set(rx.findall(text)):
        if ch in trail:
            found.add("ENC003")
        elif ch in glued:
            found.add("ENC002")
        elif ch in everyday:
            some_everyday = True
        else:
            found.update(enc._trigger_codes(ch) or enc._ALL_CODES)
    if some_everyday and not enc._REPAIRS <= found:
        if any(enc._everyday_triggers(text, m.start()) for m in enc._everyday_re().finditer(text)):
            found.update(enc._REPAIRS)
    return frozenset(found)


#: clean and damaged hanzi, everyday and UTF-8-as-GBK characters, trail letters, Latin-1 mojibake, markup
_GATE_CHARS = "的是中国经济您妈笑婷浏览鍦板湪锛銆厣袑偈状危lZ^@ÖÐÎÄ&>?\ufffd\u00a0\ue000\x07āǎ，。 \n"


@settings(derandomize=True, max_examples=400, deadline=None)
@given(text=st.text(alphabet=_GATE_CHARS, max_size=60))
def test_gate_sorts_characters_by_sets(text: str) -> None:
    enc._LAST = (None, enc._ALL_CODES, True, "")
    assert enc._codes_for(text) == _codes_one_by_one(text)


def test_trigger_codes_table_is_bounded(monkeypatch) -> None:
    monkeypatch.setattr(enc, "_TRIGGER_CODES_MAX", 3)
    enc._TRIGGER_CODES.clear()
    for ch in "厣袑偈状危":
        assert enc._TRIGGER_CODES[ch] == (enc._trigger_codes(ch) or enc._ALL_CODES)
        assert len(enc._TRIGGER_CODES) <= 3
    enc._TRIGGER_CODES.clear()


def _suspects_one_by_one(text: str) -> list[int]:
    """:func:`enc._find_suspects` as it first was: every match looked at with indexed neighbours."""
    rx = enc._suspect_re()
    out = []
    found = [m.start() for m in rx.finditer(text)]
    last = len(found) - 1
    near = enc._LONE_CONTEXT
    everyday = enc._everyday()[0]
    for idx, p in enumerate(found):
        if text[p] in enc._PINYIN_LETTERS and enc._annotation_letter(text, p):
            continue
        if text[p] in everyday and not enc._everyday_triggers(text, p):
            continue
        if not ((idx and found[idx - 1] >= p - near) or (idx < last and found[idx + 1] <= p + near)) and enc._lone_rare_hanzi(text, p, rx):
            continue
        out.append(p)
    return out


#: seen and rare hanzi (衢), everyday ones (您, 婷), junk, pinyin letters among ASCII, trail letters
_SUSPECT_CHARS = "的是中国经济衢州您妈婷浏览厣袑偈状危鍦板锛\ue000\ufffdzhèngqū()^@l 。\n"


@settings(derandomize=True, max_examples=500, deadline=None)
@given(text=st.text(alphabet=_SUSPECT_CHARS, max_size=60))
def test_suspects_and_triggers_are_the_plain_scan(text: str) -> None:
    assert enc._find_suspects(text) == _suspects_one_by_one(text)
    # the frame triggers with the gate asked first (which may spare the glued-letter scan) or not
    plain = sorted(_suspects_one_by_one(text) + [m.start() for m in enc._GLUED_RE.finditer(text) if m.start() > 0 and enc._is_hanzi_like(text[m.start() - 1])])
    text = "".join(list(text))  # a fresh object: nothing remembered about it
    assert enc._frame_triggers(text) == plain
    enc._codes_for(text)
    assert enc._frame_triggers(text) == plain


def _stretch_hopeless_indexed(cs: str, alts: list, cc: list[float], enter_cost: float, exit_cost: float, first_cost: float) -> bool:
    """:func:`enc._stretch_hopeless` as it first was, position by position."""
    n = len(cs)
    neg = -1e300
    eps = -enc._BOUND_EPS
    a0 = alts[0]
    run = enc._clp(a0) - enc._clp(cs[0]) - enc._ALT_PENALTY - first_cost if a0 is not None else neg
    for k in range(1, n):
        back = cc[k - 1]
        if run > neg:
            if run + enc._MAXIN[cs[k]] - back - enter_cost > eps:
                return False
        a = alts[k]
        if a is None:
            run = neg
            continue
        if run < -enter_cost:
            run = -enter_cost
        run += enc._MAXIN[a] - back - enc._ALT_PENALTY
    return not (run > neg and run - exit_cost > eps)


#: a sentence read the aligned wrong ways (GBK as Big5, Big5 as GBK), where stretches do win
_SENTENCE = "我们的经济社会发展取得了新的重大成就人民生活水平提高"
_MOJIBAKE = "".join(_SENTENCE.encode(true, errors="ignore").decode(read, errors="ignore") for _n, read, true in enc.load_chains()["aligned"])


@settings(derandomize=True, max_examples=400, deadline=None)
@given(
    span=st.tuples(st.integers(0, len(_MOJIBAKE) - 1), st.integers(1, 30)),
    clean=st.text(alphabet="的是中国经济", max_size=4),
    costs=st.tuples(st.sampled_from((3.0, 10.0)), st.sampled_from((0.0, 3.0, 10.0)), st.sampled_from((0.0, 3.0, 10.0))),
)
def test_stretch_bound_is_the_indexed_loop(span: tuple[int, int], clean: str, costs: tuple[float, float, float]) -> None:
    enc._load_tables()
    run = clean + _MOJIBAKE[span[0] : span[0] + span[1]]
    cc = enc._bigram_lps(run)
    for chain in enc.load_chains()["aligned"]:
        alts = list(map(enc._aligned_table(chain[1], chain[2]).__getitem__, run))
        assert enc._stretch_hopeless(run, alts, cc, *costs) == _stretch_hopeless_indexed(run, alts, cc, *costs)
