"""Tests of the SPM family's shortcuts: the shared scan, its memo, and the place-window analysis.

The rules find spam vocabulary and place names with one regex pass over the raw text (see
``spam._skipping_regex``) whose result is kept for the last text seen, so the five rules read a text
once.  These tests pin the shortcuts to the plain definitions: every occurrence of a word in the folded
text, whatever text was scanned before, in any thread.
"""

from __future__ import annotations

import random
import sys
import threading
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).parent))

from corpus import simplified_report_paragraphs  # noqa: E402
from spam_planting import brand_phrase, plant_phrase  # noqa: E402
from strategies import clean_paragraph, hostile_text  # noqa: E402

from cleanpolicy import Policy, chars  # noqa: E402
from cleanpolicy.rules import spam  # noqa: E402

P = Policy(to="keep")

#: pieces of spam terms and place names, their traditional and upper-case forms, the SPM003 triggers,
#: and ordinary text around them: random strings of these hit, half-hit and miss the scans
_PIECES = (
    "提现", "提現", "代理", "一区二区三区", "一區二區", "国产精品", "久久", "会员", "充值", "彩金", "百家乐", "AV", "av",
    "保定", "成都", "上海", "澳门", "澳門", "浙江", "汽车品牌", "汽車", "装修公司", "人民政府",
    "★", "☆☆☆", "[", "【", "】", "]", ",", "，", "、", "\n", " ",
    "现", "定", "代", "区", "群", "员", "都", "海", "的", "发展", "推动", "了",
)
piece_text = st.lists(st.sampled_from(_PIECES), max_size=40).map("".join)
any_text = st.one_of(piece_text, hostile_text, clean_paragraph())


def _words(sc: spam._Scanner) -> set[str]:
    return {w for entries in sc.by_anchor.values() for w, _a, _plain in entries}


def _folded_occurrences(text: str, sc: spam._Scanner) -> list[tuple[int, str]]:
    """The definition: every (start, word) of the scanner's words in the folded text, overlaps included."""
    folded = text.translate(sc.table)
    out = []
    for w in _words(sc):
        k = folded.find(w)
        while k != -1:
            out.append((k, w))
            k = folded.find(w, k + 1)
    return sorted(out)


@settings(max_examples=300)
@given(text=any_text)
def test_shared_scan_finds_every_folded_occurrence(text):
    spam._FOUND_LAST[0] = (None, None)
    found = spam._found(text)
    terms = spam._vocab().terms
    spam_occ = _folded_occurrences(text, spam._spam_scanner())
    assert list(found.spam) == [o for o in spam_occ if terms[o[1]][0] != "lure"]
    assert list(found.bait) == [o for o in spam_occ if terms[o[1]][0] == "lure"]
    assert list(found.places) == _folded_occurrences(text, spam._place_scanner())
    assert found.star == any(ch in text for ch in spam._STARS)
    assert found.bracket == any(ch in text for ch in spam._OPENING)


@settings(max_examples=200)
@given(text=any_text)
def test_single_scans_find_every_folded_occurrence(text):
    """The place scan alone (SPM002 on a text the family has not scanned) and the scan of all terms."""
    spam._FOUND_LAST[0] = (None, None)
    assert sorted(spam._place_names(text)) == _folded_occurrences(text, spam._place_scanner())
    sc = spam._all_terms_scanner()
    assert sorted(spam._scan(text, sc, spam._all_terms_regex())) == _folded_occurrences(text, sc)
    assert spam._decoration_triggers(text) == (
        any(ch in text for ch in spam._STARS),
        any(ch in text for ch in spam._OPENING),
    )


@given(a=piece_text, b=piece_text)
def test_memo_answers_for_its_own_text_only(a, b):
    """The memo is keyed by the text object: an equal copy, another text, and back give fresh answers."""
    first = spam._found(a)
    copy = "".join(list(a))
    assert spam._found(copy) == first
    other = spam._found(b)
    assert spam._found(a) == first
    assert spam._found(b) == other


def test_memo_is_safe_across_threads():
    """Two threads scanning different texts in turn each get their own text's result."""
    rng = random.Random(7)
    texts = ["".join(rng.choice(_PIECES) for _ in range(rng.randint(5, 60))) for _ in range(40)]
    expected = {}
    for t in texts:
        spam._FOUND_LAST[0] = (None, None)
        expected[t] = (spam._found(t), spam.brand_replacement(t, P), spam.inserted_phrase(t, P))
    failures = []

    def work(seed: int) -> None:
        r = random.Random(seed)
        for _ in range(400):
            t = r.choice(texts)
            got = (spam._found(t), spam.brand_replacement(t, P), spam.inserted_phrase(t, P))
            if got != expected[t]:
                failures.append(t)

    threads = [threading.Thread(target=work, args=(seed,)) for seed in (1, 2)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert not failures


@settings(max_examples=80)
@given(data=st.data())
def test_place_window_analysis_is_the_whole_text_analysis(data):
    """``_analyse_inserted`` (windows around place names, memoised walks) equals the reading of every
    character, on report text with a brand phrase pasted in, traditional forms mixed in or not."""
    paras = simplified_report_paragraphs() or ("推动高质量发展，促进共同富裕。上海和成都的经济稳定增长。",)
    text = "\n".join(data.draw(st.lists(st.sampled_from(paras), min_size=1, max_size=3)))
    rng = random.Random(data.draw(st.integers(0, 10**6)))
    if len(text) > 5 and data.draw(st.booleans()):
        text = plant_phrase(text, brand_phrase(rng), rng.randint(2, 4), rng)
    if data.draw(st.booleans()):
        text = text.translate(str.maketrans("车门发区为", "車門發區為"))
    max_len = data.draw(st.sampled_from((8, 12)))
    for a in (spam._analyse_inserted(text, 4, max_len, 2), spam._analyse_inserted(text, 4, max_len, 2)):
        assert a == spam._analyse_inserted_whole(text, 4, max_len, 2)


def test_inserted_groups_memo_follows_the_policy():
    """SPM002 and SPM005 share the analysis of a text only under the same options."""
    rng = random.Random(11)
    text = plant_phrase("推动高质量发展，促进共同富裕，加快建设现代化产业体系，扩大内需。" * 3, "浙江汽车品牌", 3, rng)
    loose = Policy(to="keep", options={"spam": {"inserted_min_repeats": 2}})
    strict = Policy(to="keep", options={"spam": {"inserted_min_repeats": 9}})
    assert spam._inserted_groups(text, loose)
    assert spam._inserted_groups(text, strict) == ()
    assert spam._inserted_groups(text, loose) == spam._analyse_inserted(text, 4, 12, 2)


def test_anchor_scan_on_long_runs_of_anchor_characters():
    """Anchors whose look-around fails, back to back, and hits back to back: one pass, every hit."""
    for unit in ("现", "定的", "提现", "保定", "区二", "一区二区三区"):
        big = unit * (60_000 // len(unit))
        spam._FOUND_LAST[0] = (None, None)
        found = spam._found(big)
        assert list(found.spam + found.bait) == [
            o for o in _folded_occurrences(big, spam._spam_scanner())
        ]
        assert list(found.places) == _folded_occurrences(big, spam._place_scanner())


@settings(max_examples=200)
@given(text=any_text)
def test_greedy_runs_find_what_possessive_runs_find(text):
    """Python 3.10 has no possessive quantifiers: there the skipping regex uses greedy ones, which must
    stop at the same anchors (the pattern's end holds wherever a run stops, so nothing backtracks)."""
    for sc in (spam._spam_scanner(), spam._place_scanner()):
        possessive = spam._skipping_regex(sc.alts)
        old = chars.POSSESSIVE
        chars.POSSESSIVE = ""
        try:
            greedy = spam._skipping_regex(sc.alts)
        finally:
            chars.POSSESSIVE = old
        assert spam._anchor_hits(text, greedy) == spam._anchor_hits(text, possessive)
