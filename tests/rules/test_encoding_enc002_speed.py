"""ENC002 speed paths: each must give exactly what the plain computation it replaces gives."""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from encoding_damage import pick_span, traditional, wrong_codec_lossy  # noqa: E402
from encoding_runs import aligned_chain_damage, fresh_edits, short_paragraphs  # noqa: E402

from cleanpolicy import Policy  # noqa: E402
from cleanpolicy.rules import encoding as enc  # noqa: E402

POLICY = Policy(select=("ENC",), to="keep")
REPLACEMENT = "\ufffd"


def _lossy_samples(n: int, seed: int) -> list[tuple[str, int, int, str]]:
    """(text, start, end, read): a span of UTF-8 read with a GBK or Big5 decoder that replaced what it
    could not decode, inside clean text."""
    paras = short_paragraphs(300)
    rng = random.Random(seed)
    out = []
    while len(out) < n:
        text = rng.choice(paras)
        codec = rng.choice(("gbk", "gb18030", "big5"))
        if codec == "big5":
            text = traditional(text)
        a, b = pick_span(text, rng)
        bad = wrong_codec_lossy(text[a:b], "utf-8", codec)
        if bad is None or REPLACEMENT not in bad:
            continue
        out.append((text[:a] + bad + text[b:], a, a + len(bad), "big5hkscs" if codec == "big5" else "gb18030"))
    return out


def _resolve_plainly(text: str, k: int, end: int, pieces: list[bytes], read: str) -> None:
    """:func:`enc._resolve_inner_losses` as first written (no memo): every lost byte weighed in every
    round, its candidates' stretches found by decoding the whole span, each scored on its own."""
    left, right = text[max(0, k - 2) : k], text[end : end + 2]
    amb = []
    for x in range(k, end):
        if text[x] != REPLACEMENT or pieces[x - k] != b"\x80":
            continue
        nb = enc._enc_char(text[x + 1], read) if x + 1 < len(text) else b""
        cands = enc._inner_loss_bytes(read, nb[0] if nb else None)
        if cands != (0x80,):
            amb.append((x - k, cands))
    if not amb or len(amb) > 12:
        for x, _c in amb:
            pieces[x] = b""
        return
    last = {}
    for _round in range(2 if len(amb) > 1 else 1):
        for x, cands in amb:
            stretches = enc._stretches_by_full_decoding(pieces, x, cands, left, right)
            last[x] = sorted(((enc._total_lp(t), c) for t, c in zip(stretches, cands)), reverse=True)
            pieces[x] = bytes((last[x][0][1],))
    for x, _c in amb:
        s = last[x]
        certain = len(s) == 1 or s[0][0] - s[1][0] >= enc._RESTORE_MARGIN
        pieces[x] = bytes((s[0][1],)) if certain else b""


def test_resolve_inner_losses_matches_plain_definition() -> None:
    checked = 0
    for text, k, end, read in _lossy_samples(300, seed=5):
        pieces = [enc._piece(text, x, read, "utf-8") for x in range(k, end)]
        if None in pieces:
            continue
        pieces = [p or b"" for p in pieces]
        fast, plain = list(pieces), list(pieces)
        enc._LOSS_STATE[0] = (None, {})  # no decisions remembered from another call
        enc._resolve_inner_losses(text, k, end, fast, read)
        _resolve_plainly(text, k, end, plain, read)
        assert fast == plain, (text[k:end], read)
        checked += fast != pieces
    assert checked > 100  # most samples do hold a lost byte that is weighed


def test_total_lps_match_one_by_one() -> None:
    rng = random.Random(2)
    paras = short_paragraphs(300)
    chars = "".join(paras[:50]) + "\ufffd\u3000 \n\ue000ab1"
    for _ in range(300):
        texts = ["".join(rng.choice(chars) for _ in range(rng.randint(0, 6))) for _ in range(rng.randint(1, 70))]
        assert enc._total_lps(texts) == [enc._total_lp(t) for t in texts]


def test_stretches_lose_only_where_the_viterbi_keeps_the_run() -> None:
    """Where the exact check says every stretch loses, the Viterbi reads every character as written;
    and it does say so for runs the first bound leaves open (it saves Viterbi runs)."""
    paras = short_paragraphs(300)
    rng = random.Random(4)
    decided = 0
    for _ in range(3000):
        text = rng.choice(paras)
        if rng.random() < 0.5:
            a, b = pick_span(text, rng, 2, 12)
            bad = wrong_codec_lossy(text[a:b], "utf-8", "gb18030") or ""
            text = text[:a] + bad + text[b:]
        a, b = pick_span(text, rng, 4, 60)
        run = text[a:b]
        _name, read, true = chain = rng.choice(enc.load_chains()["aligned"])
        alts = [enc._aligned_alt(ch, read, true) for ch in run]
        if not any(alts):
            continue
        cost = rng.choice((10.0, 3.0))
        exit_cost = rng.choice((cost, 0.0))
        first = rng.choice((cost, 0.0))
        cc = enc._bigram_lps(run)
        if enc._stretches_lose(run, alts, cc, cost, exit_cost, first):
            path = enc._viterbi(list(run), alts, enter_cost=cost, exit_cost=exit_cost, first_cost=first, cc=cc)
            assert not any(path), (run, chain)
            decided += not enc._stretch_hopeless(run, alts, cc, cost, exit_cost, first)
    assert decided > 50


def _edits(texts: list[str]) -> list:
    return fresh_edits(texts, enc.cjk_mojibake, policy=POLICY)


def test_exact_stretch_check_changes_no_repair(monkeypatch: pytest.MonkeyPatch) -> None:
    paras = short_paragraphs(300)
    rng = random.Random(9)
    texts = []
    while len(texts) < 150:
        text = rng.choice(paras)
        a, b = pick_span(text, rng)
        bad = aligned_chain_damage(text[a:b], rng.randrange(3), "gbk")
        if bad is not None:
            texts.append(text[:a] + bad + text[b:])
    fast = _edits(texts)
    monkeypatch.setattr(enc, "_stretches_lose", lambda *a, **k: False)
    assert _edits(texts) == fast
    assert sum(map(bool, fast)) > 80
