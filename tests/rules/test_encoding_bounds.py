"""ENC002/ENC003 speed helpers: the bounds that skip scoring, the local decoding of a lost byte's
candidates, the per-character tables.  Each must give exactly what the plain computation gives."""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from encoding_damage import frame_shift, traditional  # noqa: E402
from encoding_runs import damage_span, fresh_edits, short_paragraphs  # noqa: E402

from cleanpolicy import Policy  # noqa: E402
from cleanpolicy.rules import encoding as enc  # noqa: E402

POLICY = Policy(select=("ENC",), to="keep")


def _damaged_samples(n: int, seed: int) -> list[str]:
    """Report paragraphs with the damage ENC002/ENC003 repair: wrong codecs (lossless and lossy) and
    frame shifts, a damaged span inside clean text."""
    paras = short_paragraphs()
    rng = random.Random(seed)
    out = []
    while len(out) < n:
        text = rng.choice(paras)
        kind = ("lossless", "lossy", "shift", "latin1")[rng.randrange(4)]
        if kind == "shift":
            a, b = 0, len(text)
            got = frame_shift(rng.choice((text, traditional(text))), rng)
            bad = got[0] if got else None
        else:
            text, a, b, bad = damage_span(text, kind, rng)
        if bad is not None:
            out.append(text[:a] + bad + text[b:])
    return out


def _without_bounds(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every bound says "may win": the rules then score every candidate term by term."""
    monkeypatch.setattr(enc, "_stretch_hopeless", lambda *a, **k: False)
    monkeypatch.setattr(enc, "_shift_hopeless", lambda *a, **k: False)
    monkeypatch.setattr(enc, "_shift_hopeless_low", lambda *a, **k: False)
    monkeypatch.setattr(enc, "_ub_mean", lambda s: float("inf"))
    monkeypatch.setattr(enc, "_local_stretches", lambda *a, **k: None)


def _edits(texts: list[str]) -> list:
    return fresh_edits(texts, enc.frame_shift, enc.cjk_mojibake, policy=POLICY)


def test_bounds_change_no_repair(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = _damaged_samples(150, seed=7)
    fast = _edits(texts)
    with monkeypatch.context() as m:
        _without_bounds(m)
        plain = _edits(texts)
    assert fast == plain
    assert sum(bool(a or b) for a, b in fast) > 100  # the samples do hold damage the rules repair


def test_best_incoming_bound_and_floor() -> None:
    enc._load_tables()
    rng = random.Random(3)
    seen = sorted(enc._SEEN)
    chars = seen + [chr(rng.randrange(0x3400, 0xA000)) for _ in range(300)] + ["\ufffd", "a", "\ue000"]
    for _ in range(20000):
        a, b = rng.choice(chars), rng.choice(chars)
        v = enc._bigram_lp(a, b)
        assert v <= enc._MAXIN[b]
        assert v >= enc._CHAIN_LOW[b] or b == "\ufffd"
    for b in chars:
        assert enc._clp(b) <= enc._MAXIN[b]
    # the seen pairs themselves
    for key in rng.sample(sorted(enc._lm()._tables()[1]), 5000):
        assert enc._bigram_lp(key[0], key[1]) <= enc._MAXIN[key[1]]


def test_local_stretches_match_full_decoding() -> None:
    rng = random.Random(11)

    def byte() -> int:
        k = rng.random()
        if k < 0.4:
            return rng.randrange(0x80, 0xC0)
        if k < 0.6:
            return rng.randrange(0xE0, 0xF0)
        if k < 0.7:
            return rng.randrange(0xC0, 0xE0)
        if k < 0.8:
            return rng.randrange(0xF0, 0x100)
        return rng.randrange(0, 0x80)

    checked = 0
    for _ in range(30000):
        pieces = [bytes(byte() for _ in range(rng.choice((1, 2, 2, 2, 4)))) for _ in range(rng.randint(1, 10))]
        x = rng.randrange(len(pieces))
        cands = tuple(sorted(rng.sample(range(0x80, 0xC0), rng.randint(2, 8))))
        left = "".join(rng.choice("ab中文") for _ in range(rng.randint(0, 2)))
        right = "".join(rng.choice("ab中文\ufffd") for _ in range(rng.randint(0, 2)))
        local = enc._local_stretches(list(pieces), x, cands, left, right)
        if local is None:
            continue
        checked += 1
        assert local == enc._stretches_by_full_decoding(list(pieces), x, cands, left, right)
    assert checked > 3000


def test_two_bytes_never_decode_to_replacement() -> None:
    """The per-character readings decode with errors="replace" and take U+FFFD as a failure."""
    for codec in ("gb18030", "gbk", "big5hkscs", "big5", "cp950"):
        for lead in range(0x80, 0x100):
            for trail in range(0x100):
                data = bytes((lead, trail))
                try:
                    strict = data.decode(codec)
                except UnicodeDecodeError:
                    assert "\ufffd" in data.decode(codec, errors="replace")
                else:
                    assert "\ufffd" not in strict


def test_pair_table_is_bounded() -> None:
    """Unseen pairs are kept as they are met, but the table never grows past its cap: it then goes
    back to the model's pairs (the values stay those of the model)."""
    enc._load_tables()
    cap = enc._PAIRS_CAP[0]
    enc._PAIRS_CAP[0] = len(enc._BLP) + 50
    try:
        rng = random.Random(5)
        for _ in range(20):
            text = "".join(chr(rng.randrange(0x4E00, 0x9FFF)) for _ in range(40))
            assert enc._bigram_lps(text) == [enc._lm().bigram_logprob(a, b) for a, b in zip(text, text[1:])]
            assert len(enc._BLP) <= enc._PAIRS_CAP[0]
    finally:
        enc._PAIRS_CAP[0] = cap
