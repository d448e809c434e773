"""ENC003's shift bounds run from the last start backwards (running sums from the end, no list turned
around): each must give exactly the values and the answers of the forward computation it replaced."""

from __future__ import annotations

import itertools
import operator
import sys
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

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


#: common and rare hanzi, shifted-reading junk, symbols, and the lost-character mark
_CHARS = "的是中國经济發展尚屬首次厣袑偈状危戎赜幸桓龃蟮奶岣摺の◎Ａ！々〇锛銆\ue000\ufffd"


@settings(derandomize=True, max_examples=400, deadline=None)
@given(
    chars=st.text(alphabet=_CHARS, min_size=1, max_size=60),
    data=st.data(),
    trail=st.one_of(st.just(0.0), st.floats(-15.0, 0.0)),
)
def test_backward_bounds_are_the_forward_ones(chars: str, data, trail: float) -> None:
    enc._load_tables()
    m = len(chars)
    lo = data.draw(st.integers(0, m - 1))
    # a shifted reading of the same length, its last character possibly the lost partner (U+FFFD)
    tail = list(data.draw(st.text(alphabet=_CHARS, min_size=m - lo, max_size=m - lo)))
    after, firsts = enc._shift_bounds(tail)
    f_after, f_firsts = _forward_bounds(tail)
    assert after == f_after[::-1] and firsts == f_firsts[::-1]
    assert enc._shift_hopeless_low(chars, lo, m, after, firsts, trail) == _forward_hopeless_low(chars, lo, m, f_after, f_firsts, trail)
    asis = enc._lp_chain(chars)
    base = sum(asis) + trail
    assert enc._shift_hopeless(asis, lo, m, base, after, firsts) == _forward_hopeless(asis, lo, m, base, f_after, f_firsts)
