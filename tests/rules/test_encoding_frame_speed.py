"""ENC003 speed helpers: the order of its work (bounds skipped for a reading that looks like a repair),
the gain from terms already looked up, the one-pass bound over the aligned wrong-codec readings.
Each must give exactly what the plain computation gives."""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from encoding_damage import frame_shift, pick_span, traditional, wrong_codec  # noqa: E402
from encoding_runs import forget_memos, fresh_edits, short_paragraphs  # noqa: E402

from cleanpolicy import Policy  # noqa: E402
from cleanpolicy.rules import encoding as enc  # noqa: E402

POLICY = Policy(select=("ENC",), to="keep")


def _samples(n: int, seed: int) -> list[str]:
    """Report paragraphs with a frame shift (most), or a wrong-codec span that ENC003 must leave alone."""
    paras = short_paragraphs()
    rng = random.Random(seed)
    out = []
    while len(out) < n:
        text = rng.choice(paras)
        if rng.random() < 0.7:
            got = frame_shift(rng.choice((text, traditional(text))), rng)
            bad = got[0] if got else None
            a, b = 0, len(text)
        else:
            a, b = pick_span(text, rng)
            bad = wrong_codec(text[a:b], "utf-8", "gb18030")
        if bad is not None:
            out.append(text[:a] + bad + text[b:])
    return out


def _edits(texts: list[str]) -> list:
    return fresh_edits(texts, enc.frame_shift, policy=POLICY)


def test_order_of_work_changes_no_repair(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = _samples(120, seed=5)
    fast = _edits(texts)
    for looks in (True, False):
        with monkeypatch.context() as m:
            m.setattr(enc, "_looks_like_repair", lambda body, looks=looks: looks)
            m.setattr(enc, "_readings_hopeless", lambda *a: False)
            assert _edits(texts) == fast
    assert sum(bool(e) for e in fast) > 60  # the samples do hold shifts the rule repairs


def test_shift_gain_is_gain_ok(monkeypatch: pytest.MonkeyPatch) -> None:
    seen = []
    real = enc._shift_gain

    def both(text, start, end, old, core, core_terms, min_gain):
        got = real(text, start, end, old, core, core_terms, min_gain)
        left, right = text[max(0, start - 2) : start], text[end : end + 2]
        s_old = enc._span_score(text, start - len(left), end + len(right)) if enc.REPLACEMENT not in old else None
        assert got == enc._gain_ok(old.replace(enc.REPLACEMENT, ""), core, left, right, min_gain, s_old)
        seen.append(got)
        return got

    monkeypatch.setattr(enc, "_shift_gain", both)
    _edits(_samples(80, seed=9))
    assert len(seen) > 40


def _aligned_readings(body: str) -> list[str]:
    return ["".join(map(enc._char_reader(read, true).__getitem__, body)) for _name, read, true in enc.load_chains()["aligned"]]


#: double-byte characters of every kind a run holds: hanzi of both scripts, symbols, full-width forms,
#: the ideographic space, and characters whose Big5-HKSCS reading is two characters or none
_BODY_CHARS = "的是中國经济發展尚屬首次厣袑偈状危戎赜幸桓龃蟮奶岣摺の◎Ａ！\u3000ÊÊ\u0304āǎ々〇"


@settings(derandomize=True, max_examples=300, deadline=None)
@given(body=st.text(alphabet=_BODY_CHARS, min_size=2, max_size=40), score=st.floats(-20.0, 0.0))
def test_readings_bound_is_sound(body: str, score: float) -> None:
    enc._load_tables()
    if enc._readings_hopeless(body, score):
        for alt in _aligned_readings(body):
            assert not enc._ub_mean(alt) >= score - enc._BOUND_EPS


@settings(derandomize=True, max_examples=200, deadline=None)
@given(body=st.text(alphabet=_BODY_CHARS, min_size=2, max_size=40))
def test_whole_decode_is_the_per_character_reading(body: str) -> None:
    """:func:`enc._wrong_codec_explains` reads a body in one decode where it can; the bound assumes that
    is the per-character reading."""
    for (_name, read, true), alt in zip(enc.load_chains()["aligned"], _aligned_readings(body)):
        try:
            whole = enc._encode_whole(body, read)
        except enc._Unencodable:
            continue
        if whole is None or len(whole) != 2 * len(body):
            continue
        try:
            assert whole.decode(true) == alt
        except UnicodeDecodeError:
            pass


@settings(derandomize=True, max_examples=150, deadline=None)
@given(text=st.text(alphabet=_BODY_CHARS + "?\ufffd\n，。abZ", max_size=80))
def test_order_of_work_on_any_text(text: str) -> None:
    """On any text, skipping the bounds or not gives the same repairs, and the rule never raises."""
    forget_memos()
    fast = enc.frame_shift(text, POLICY)
    forget_memos()
    real = enc._looks_like_repair
    enc._looks_like_repair = lambda body: not real(body)
    try:
        assert enc.frame_shift(text, POLICY) == fast
    finally:
        enc._looks_like_repair = real
        forget_memos()
