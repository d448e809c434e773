"""ENC002/ENC003 on clean text that holds rare characters (news pages: everyday hanzi, names, box
drawing): the shortcuts that spare them work must give exactly what the plain computations give."""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from encoding_damage import frame_shift, traditional  # noqa: E402
from encoding_runs import SHIFT_CHARS, draw_shifted_tail, fresh_edits, short_paragraphs  # noqa: E402

from cleanpolicy import Policy  # noqa: E402
from cleanpolicy.rules import encoding as enc  # noqa: E402

POLICY = Policy(select=("ENC",), to="keep")


def _everyday_triggers_plain(text: str, p: int) -> bool:
    """:func:`enc._everyday_triggers` as it first was: each neighbour tested in full."""
    everyday, latin_rows = enc._everyday()
    pair = text[p] in latin_rows
    for q in (p - 1, p + 1):
        if not 0 <= q < len(text):
            continue
        c = text[q]
        if pair and c in latin_rows:
            return True
        if c not in everyday and (c in enc._TRAIL_SYMBOLS or enc._is_suspect(c) or (enc._is_hanzi_like(c) and "\U00020000" > c and not enc._gb2312(c))):
            return True
    return False


#: everyday hanzi (您, 妈, 婷; 拢, 卢 of rows C2-C3), seen, traditional and rare ones, junk, trail symbols
_EVERYDAY_CHARS = "您妈笑婷拢卢麓的是中國經衢鍦厣\ue000\ufffd\U00020001^@l a，。\n"


@settings(derandomize=True, max_examples=500, deadline=None)
@given(text=st.text(alphabet=_EVERYDAY_CHARS, min_size=1, max_size=40))
def test_everyday_triggers_table_is_the_plain_test(text: str) -> None:
    for p in range(len(text)):
        assert enc._everyday_triggers(text, p) == _everyday_triggers_plain(text, p)


def test_everyday_neighbour_table_is_bounded(monkeypatch) -> None:
    monkeypatch.setattr(enc, "_TRIGGER_CODES_MAX", 3)
    enc._EVERYDAY_NEIGHBOUR.clear()
    for ch in "的是衢鍦厣^a":
        assert enc._EVERYDAY_NEIGHBOUR[ch] == _everyday_triggers_plain("您" + ch, 0)
        assert len(enc._EVERYDAY_NEIGHBOUR) <= 3
    enc._EVERYDAY_NEIGHBOUR.clear()


def _window_plain(text: str, t: int) -> tuple[int, int]:
    """:func:`enc._window` as it first was: the last clause end before t found by a forward scan."""
    lo = text.rfind("\n", 0, t) + 1
    hi = text.find("\n", t + 1)
    hi = len(text) if hi == -1 else hi
    a = max(lo, t - enc._WINDOW)
    last = None
    for last in enc._CLAUSE_END_RE.finditer(text, a, t):
        pass
    lo = last.end() if last else a
    m = enc._CLAUSE_END_RE.search(text, t + 1, min(hi, t + enc._WINDOW))
    hi = m.start() if m else min(hi, t + enc._WINDOW)
    return lo, hi


@settings(derandomize=True, max_examples=300, deadline=None)
@given(text=st.text(alphabet="的是衢，。、；：！？\n ", min_size=1, max_size=800), data=st.data())
def test_window_is_the_forward_scan(text: str, data) -> None:
    for t in data.draw(st.lists(st.integers(0, len(text) - 1), min_size=1, max_size=5)):
        assert enc._window(text, t) == _window_plain(text, t)


#: clean and rare hanzi, UTF-8-as-GBK characters (浏, 涓, 鍦), Latin-1 mojibake and plain Latin letters,
#: pinyin letters among ASCII, everyday ones, trail letters and marks
_GATE_CHARS = "的是中国您婷衢浏涓鍦板湪锛ÖÐÎÄé×·āǎzhlZ^@&>?\ufffd，。 \n"


@settings(derandomize=True, max_examples=500, deadline=None)
@given(text=st.text(alphabet=_GATE_CHARS, max_size=60))
def test_scans_the_gate_spares_find_the_same(text: str) -> None:
    """With the gate asked first (as the pipeline does), the triggers and Latin-1 runs are those of the
    full scans; so is the rule's answer."""
    text = "".join(list(text))  # a fresh object: nothing remembered about it
    enc._LAST = (None, enc._ALL_CODES, True, "")
    plain_triggers = enc._find_cjk_triggers(text)
    plain_runs = list(enc._latin_runs(text))
    plain_latin = enc._unannotated(enc._LATIN_TRIGGER_RE).search(text) is not None
    enc._LAST = (None, enc._ALL_CODES, True, "")
    enc._codes_for(text)
    assert enc._find_cjk_triggers(text) == plain_triggers
    assert list(enc._latin_runs(text)) == plain_runs
    if enc._gate_met_none(text, enc._LATIN_TRIGGER_RE):
        assert not plain_latin


@settings(derandomize=True, max_examples=500, deadline=None)
@given(
    chars=st.text(alphabet=SHIFT_CHARS.replace("\ufffd", ""), min_size=1, max_size=60),
    data=st.data(),
    trail=st.one_of(st.just(0.0), st.floats(-15.0, 0.0)),
)
def test_loose_shift_bound_is_no_lower(chars: str, data, trail: float) -> None:
    """Where the loose bound prunes a piece, so does the one it loosens."""
    enc._load_tables()
    lo, tail = draw_shifted_tail(data, chars)
    if enc._shift_hopeless_loose(chars, lo, tail, trail):
        after, firsts = enc._shift_bounds(tail)
        assert enc._shift_hopeless_low(chars, lo, len(chars), after, firsts, trail)


def _shift_samples(n: int, seed: int) -> list[str]:
    """Report paragraphs with a frame shift (most), and clean ones with a rare name or an everyday
    character put in (the triggers of clean news text)."""
    paras = short_paragraphs()
    rng = random.Random(seed)
    out = []
    while len(out) < n:
        text = rng.choice(paras)
        if rng.random() < 0.6:
            got = frame_shift(rng.choice((text, traditional(text))), rng)
            if got:
                out.append(got[0])
        else:
            k = rng.randrange(len(text))
            out.append(text[:k] + rng.choice(("衢州", "钱锺书", "尴尬", "您", "│", "\ue004")) + text[k:])
    return out


def test_loose_shift_bound_changes_no_repair(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = _shift_samples(150, seed=11)
    fast = fresh_edits(texts, enc.frame_shift, policy=POLICY)
    monkeypatch.setattr(enc, "_shift_hopeless_loose", lambda *a: False)
    assert fresh_edits(texts, enc.frame_shift, policy=POLICY) == fast
    assert sum(bool(e) for e in fast) > 50  # the samples do hold shifts the rule repairs
