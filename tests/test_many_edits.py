"""Steps of thousands of edits (a page converted from the other script whole): the shortcuts that build them
agree exactly with the step-by-step computations they replace."""

from __future__ import annotations

import random
import sys
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from cleanpolicy._core import Edit, edits_from_columns
from cleanpolicy.rules import script

sys.path.insert(0, str(Path(__file__).resolve().parent / "rules"))

from corpus import report_paragraphs  # noqa: E402


# -- building the edits ----------------------------------------------------------------------------------
_OFFSET = st.integers(0, 10**6)
_ROWS = st.tuples(_OFFSET, _OFFSET, st.text(max_size=3), st.text(max_size=3), st.text(max_size=6))


@given(st.lists(_ROWS, max_size=20))
def test_edits_from_columns_are_the_edits_a_loop_builds(rows):
    columns = list(zip(*rows)) or [(), (), (), (), ()]
    built = edits_from_columns(*columns)
    assert built == [Edit(*row) for row in rows]
    assert all(type(e) is Edit and e.meta == () for e in built)


@st.composite
def _retyped(draw, alphabet: str = "甲乙丙丁的是\n，a"):
    """Two strings of one length that differ at some places (a text and its conversion)."""
    a = draw(st.text(alphabet=alphabet, max_size=150))
    b = "".join(c if draw(st.booleans()) else draw(st.sampled_from(alphabet)) for c in a)
    return a, b


@settings(max_examples=300, deadline=None)
@given(_retyped(), _OFFSET, st.sampled_from(["t2s: ", "s2hk: ", ""]), st.sampled_from([" (source span)", " (mixed span)"]))
def test_run_edits_agree_with_a_loop(pair, offset, prefix, suffix):
    a, b = pair
    runs = script._changed_runs(a, b)
    loop = [Edit(offset + i, offset + j, a[i:j], b[i:j], f"{prefix}{a[i:j]}→{b[i:j]}{suffix}") for i, j in runs]
    assert script._run_edits(a, b, runs, offset, prefix, suffix) == loop


def _resolve_each(chunk: str, out: str) -> str:
    """:func:`script._resolve_ambiguous` by visiting every character (the loop it replaces)."""
    from cleanpolicy import langmodel
    from cleanpolicy.chars import is_hanzi

    amb = script.ambiguous_kept()
    chars = list(out)
    for i, ch in enumerate(out):
        alt = amb.get(ch)
        if alt is None or chunk[i] != ch:
            continue
        left = chars[i - 1] if i else ""
        right = out[i + 1] if i + 1 < len(out) else ""

        def fit(c: str) -> float:
            s = 0.0
            if left and is_hanzi(left):
                s += langmodel.bigram_logprob(left, c)
            if right and is_hanzi(right):
                s += langmodel.bigram_logprob(c, right)
            return s

        if fit(alt) - fit(ch) > script.MARGIN:
            chars[i] = alt
    return "".join(chars)


_AMBIGUOUS_PIECES = ["随著", "显著", "著名", "接著", "看著", "著著", "朝著", "著", "发展", "的", "，", "a", "\n"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_AMBIGUOUS_PIECES), max_size=30), st.data())
def test_resolve_ambiguous_agrees_with_visiting_every_character(pieces, data):
    out = "".join(pieces)
    # the source chunk: mostly the same characters (a kept 著 is one OpenCC did not change)
    chunk = "".join(c if data.draw(st.integers(0, 5)) else "箸" for c in out)
    assert script._resolve_ambiguous(chunk, out) == _resolve_each(chunk, out)


def test_resolve_ambiguous_still_swaps():
    assert script._resolve_ambiguous("隨著發展", "随著发展") == _resolve_each("隨著發展", "随著发展") == "随着发展"


def _span_edits_loop(text, start, end, cls, config, src_set, target, extra):
    """The equal-length path of :func:`script._span_edits` as a loop building each edit (what it replaces)."""
    chunk = text[start:end]
    out = script._convert(config, chunk)
    assert len(out) == len(chunk)
    if target == "simplified" and cls == "source":
        out = script._resolve_ambiguous(chunk, out)
    out = script._protect(chunk, out, target, extra)
    edits = []
    for i, j in script._changed_runs(chunk, out):
        old = chunk[i:j]
        if cls == "mixed" and not any(ch in src_set for ch in old):
            continue
        edits.append(Edit(start + i, start + j, old, out[i:j], f"{config}: {old}→{out[i:j]} ({cls} span)"))
    return edits


def test_span_edits_agree_with_a_loop():
    paras = report_paragraphs()[:400] or ["发展经济，建设国家。头发干净。", "随着改革开放，显著提高。"]
    rng = random.Random(4)
    for k in range(60):
        text = "\n".join(rng.sample(paras, min(6, len(paras))))
        trad = script._convert(rng.choice(["s2t", "s2tw", "s2hk"]), text)
        # some places stay simplified (a mixed text)
        text = "".join(t if rng.random() < 0.8 else s for s, t in zip(text, trad))
        a = rng.randrange(len(text))
        b = rng.randrange(a, len(text) + 1)
        for cls in ("source", "mixed"):
            for config, target, source in (("t2s", "simplified", "traditional"), ("s2t", "traditional", "simplified")):
                src_set, _tgt = script._sets(source)
                args = (text, a, b, cls, config, src_set, target, ())
                assert script._span_edits(*args) == _span_edits_loop(*args)
