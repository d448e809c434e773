"""Steps of thousands of edits (a page converted from the other script whole), and SCR002 on such a page:
the shortcuts that build the edits, convert the sentences and probe around the changes agree exactly with the
step-by-step computations they replace."""

from __future__ import annotations

import random
import sys
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from cleanpolicy import Policy, clean_and_explain, pipeline
from cleanpolicy._core import Edit, edits_from_columns
from cleanpolicy.rules import script

sys.path.insert(0, str(Path(__file__).resolve().parent / "rules"))

from corpus import report_documents, report_paragraphs, require_peers  # noqa: E402


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


# -- SCR002 on a page converted whole ----------------------------------------------------------------------
def _overconversion_each(text: str, policy) -> list[Edit]:
    """:func:`script.traditional_overconversion` sentence by sentence, each converted on its own and every
    character visited (what the batched version replaces), for a standard traditional target."""
    from cleanpolicy.chars import fold_table, simplified_only_chars, traditional_only_chars

    if not text or text.isascii() or not script._may_change(text, "traditional"):
        return []
    trad, simp, fold, families = traditional_only_chars(), simplified_only_chars(), fold_table(), script.st_families()
    back = {"traditional": "s2t", "taiwan": "s2tw", "hongkong": "s2hk"}[policy.to]
    edits = []
    for m in script._SPAN_RE.finditer(text):
        span = m.group()
        if not any(ch in trad for ch in span) or any(ch in simp for ch in span):
            continue
        proj = script._convert("t2s", span)
        if len(proj) != len(span):
            continue
        rebuilt = script._convert(back, proj)
        if len(rebuilt) != len(span):
            continue
        fixed = list(span)
        frozen = script._protected_positions(span, ())
        for mm in script._overconversion_re().finditer(span):
            right = script._overconversion_table()[mm.group()]
            if len(right) == len(mm.group()):
                fixed[mm.start() : mm.end()] = list(right)
        for k, (old, new) in enumerate(zip(span, rebuilt)):
            if old == new or fixed[k] != old or k in frozen:
                continue
            fo, fn = fold.get(ord(old), old), fold.get(ord(new), new)
            if fo != fn or new != fo or old == fo:
                continue
            forms = families.get(fo)
            if not forms or old not in forms or new not in forms:
                continue
            if script._is_variant_pair(old, new) or not script._window_agrees(span, k, new, back):
                continue
            fixed[k] = new
        for i, j in script._changed_runs(span, "".join(fixed)):
            old, new = span[i:j], "".join(fixed[i:j])
            reason = f"s2t over-conversion: {old}→{new} ({back} phrase form)"
            edits.append(Edit(m.start() + i, m.start() + j, old, new, reason))
    return edits


def _overconverted_page(rng: random.Random, paras: list[str]) -> str:
    """Report paragraphs put into traditional script, some by a character-table converter's mistakes
    (the packaged over-conversions written in), some left simplified, with line breaks inside sentences."""
    cases = script.overconversions()
    out = []
    for p in rng.sample(paras, min(8, len(paras))):
        r = rng.random()
        if r < 0.8:
            p = script._convert(rng.choice(["s2t", "s2tw", "s2hk"]), p)
        if r < 0.5 and cases:
            wrong, _right, _simp = rng.choice(cases)
            k = rng.randrange(len(p) + 1)
            p = p[:k] + wrong + p[k:]
        if rng.random() < 0.2:
            k = rng.randrange(len(p) + 1)
            p = p[:k] + "\n" + p[k:]
        out.append(p)
    return rng.choice(["\n\n", "\n", "。"]).join(out)


def test_overconversion_agrees_with_converting_each_sentence():
    paras = list(report_paragraphs()[:600]) or ["要见面，全面复兴，里程碑，体制，若干。", "发展经济，建设国家。"]
    rng = random.Random(8)
    fixes = 0
    for _ in range(80):
        text = _overconverted_page(rng, paras)
        for to in ("traditional", "taiwan", "hongkong"):
            policy = Policy(to=to)
            got = script.traditional_overconversion(text, policy)
            assert got == _overconversion_each(text, policy)
            fixes += len(got)
    assert fixes > 20  # the pages did call for over-conversions to be put back


@given(st.lists(st.text(alphabet="麵面裏里製制幹干發发後后\n。ab", max_size=12), max_size=8))
def test_convert_each_agrees_with_converting_one_by_one(texts):
    for config in ("t2s", "s2t", "s2hk"):
        assert script._convert_each(config, texts) == [script._convert(config, t) for t in texts]


def test_convert_each_falls_back_where_a_line_changes_length(monkeypatch):
    real = script._convert

    def stretching(config: str, text: str) -> str:  # a phrase table whose 乾隆 is three characters long
        return real(config, text).replace("乾隆", "乾隆帝")

    monkeypatch.setattr(script, "_convert", stretching)
    texts = ["乾隆年間。", "這是發展。", "乾隆\n發展"]
    assert script._convert_each("s2t", texts) == [stretching("s2t", t) for t in texts]


# -- probing around them ---------------------------------------------------------------------------------
def _probe_direct(text, points, step_codes, since, code, positional):
    """:func:`pipeline._probe_for` without its memo and sample: every point that counts, picked out."""
    near = [p for p, t in points if t >= since and step_codes[t] != code]
    if not near:
        return ""
    spans = pipeline._windows(text, near, limit=int(len(text) * pipeline._PROBE_LIMIT), ends=positional)
    return None if spans is None else pipeline._probe_text(text, spans)


@st.composite
def _probe_case(draw):
    lines = draw(st.lists(st.sampled_from(["", "甲乙", "丙丁戊己庚", "x" * 30, "  "]), min_size=1, max_size=60))
    text = "\n".join(lines)
    step_codes = draw(st.lists(st.sampled_from(["A", "B", "C"]), min_size=1, max_size=5))
    point = st.tuples(st.integers(0, len(text)), st.integers(0, len(step_codes) - 1))
    points = sorted(set(draw(st.lists(point, max_size=80))))
    ask = st.tuples(st.integers(0, len(step_codes)), st.sampled_from(["A", "B", "C", "D"]), st.booleans())
    asks = draw(st.lists(ask, min_size=1, max_size=6))
    return text, points, step_codes, asks


@settings(max_examples=400, deadline=None)
@given(_probe_case(), st.integers(2, 40), st.integers(1, 8))
def test_probe_with_a_sample_and_a_memo_agrees_with_picking_every_point(case, sample_from, sample):
    text, points, step_codes, asks = case
    saved = pipeline._SAMPLE_FROM, pipeline._SAMPLE
    # sampled from a few points on (at most half of them, as the pipeline's constants do)
    pipeline._SAMPLE_FROM, pipeline._SAMPLE = sample_from, min(sample, sample_from // 2)
    try:
        probes: dict = {}  # one memo for every question about this text, as in the pipeline
        for since, code, positional in asks:
            got = pipeline._probe_for(text, points, step_codes, since, code, positional, probes)
            assert got == _probe_direct(text, points, step_codes, since, code, positional)
    finally:
        pipeline._SAMPLE_FROM, pipeline._SAMPLE = saved


def test_pages_converted_whole_clean_as_with_full_passes(monkeypatch):
    """Reports converted to traditional script by OpenCC, cleaned to simplified and to traditional: the probes
    around a step of thousands of edits against running every rule in full."""
    require_peers("gov-work-reports")
    docs = [d["content"] for d in report_documents()[:: max(1, len(report_documents()) // 4)]][:4]
    for k, doc in enumerate(docs):
        text = script._convert(("s2t", "s2tw", "s2hk")[k % 3], doc)
        for policy in (Policy(), Policy(to="traditional")):
            monkeypatch.setattr(pipeline, "_FAST_RECHECK", True)
            fast = clean_and_explain(text, policy)
            monkeypatch.setattr(pipeline, "_FAST_RECHECK", False)
            full = clean_and_explain(text, policy)
            assert fast.text == full.text
            assert fast.steps == full.steps
