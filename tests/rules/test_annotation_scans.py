"""The scans that find pinyin annotations agree with the per-character and per-match code they replace.

ENC leaves annotation letters (`(zhèng)`) alone: one regex now finds them instead of a Python call per
trigger character (:func:`enc._annotation_letter` stays the definition).  PYN's scan memoises its
reading check on (character, syllable text) pairs; it must list the same annotations as the scan did.
"""

from __future__ import annotations

import random
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from cleanpolicy.rules import encoding as enc
from cleanpolicy.rules import pinyin
from pinyin_damage import BRACKETS, STYLES, annotate, lose_characters
from strategies import clean_paragraph

#: pinyin letters (ɑ, ɡ too), ASCII letters, brackets, whitespace (\x1c is whitespace to str.isspace),
#: Latin-1 and cp1252 triggers, hanzi, marks
_LETTER_CHARS = "āáǎàēüêɑɡéÃ©â€œ¤¸Œ™ä¸­æzhngq()（）【】 \t\n\x1c\x1f中文的設?\ufffd\ue000·"


@settings(derandomize=True, max_examples=800, deadline=None)
@given(text=st.text(alphabet=_LETTER_CHARS, max_size=40))
def test_annotation_letters_are_the_per_character_test(text: str) -> None:
    plain = {k for k in range(len(text)) if enc._annotation_letter(text, k)}
    assert {m.start() for m in enc._annotation_letter_re().finditer(text)} == plain
    for trigger in (enc._FTFY_TRIGGER_RE, enc._LATIN_TRIGGER_RE):
        loose = enc._unannotated(trigger)
        kept = [(m.start(), m.end()) for m in trigger.finditer(text) if m.start() not in plain]
        assert [m.span() for m in loose.finditer(text)] == kept
        # ENC001's lines: those with a trigger that is no annotation letter, each looked at on its own
        lines = [
            (lo, hi)
            for lo, hi in enc._line_spans(text, trigger)
            if not all(enc._annotation_letter(text[lo:hi], m.start()) for m in trigger.finditer(text[lo:hi]))
        ]
        assert list(enc._line_spans(text, loose)) == lines


def _scan_one_by_one(text: str) -> list[tuple]:
    """:func:`pinyin._scan_uncached` as it was: the reading checked on the parsed syllable per match."""
    from cleanpolicy.chars import is_hanzi

    def is_reading(ch, syl):
        readings = pinyin._readings(ch)
        if not readings:
            return False
        if syl.tone is None or syl.tone == 0:
            return any(k == syl.key for k, _t in readings)
        return (syl.key, syl.tone) in readings

    out = []
    prev_end, prev_anchor, prev_anchor_pos = -1, "", -1
    for m in pinyin._ANNOT_SCAN_RE.finditer(text):
        opener, body, closer = m.groups()
        if opener in "?\ufffd":
            opener = ""
        if closer not in pinyin._CLOSERS[opener]:
            continue
        start = m.start() if opener else m.start() + 1
        syl = pinyin._known_syllable(body)
        if syl is None:
            continue
        if start == prev_end:
            anchor, anchor_pos = prev_anchor, prev_anchor_pos
        elif not opener:
            anchor, anchor_pos = text[m.start()], m.start()
        elif start == 0:
            continue
        else:
            anchor, anchor_pos = text[start - 1], start - 1
        if not opener:
            kind = pinyin.LOST
        elif is_hanzi(anchor):
            kind = pinyin.VERIFIED if is_reading(anchor, syl) else pinyin.MISMATCH
        elif pinyin._is_lost_mark(text, anchor_pos):
            kind = pinyin.LOST
        else:
            continue
        out.append((start, m.end(), anchor, anchor_pos, syl, kind, text.count("\n", 0, start)))
        if kind != pinyin.MISMATCH:
            prev_end, prev_anchor, prev_anchor_pos = m.end(), anchor, anchor_pos
    return out


def _assert_same_scan(text: str) -> None:
    new = pinyin._scan_uncached(text)
    assert all(type(a) is pinyin._Annotation for a in new)
    assert [tuple(a) for a in new] == _scan_one_by_one(text)


_SCAN_CHARS = "設計当地年大W a?\ufffd\ue000\n(（【)）】shèjìdāngdang4niánxuéu:v5ü"


@settings(derandomize=True, max_examples=800, deadline=None)
@given(text=st.text(alphabet=_SCAN_CHARS, max_size=50))
def test_scan_is_the_per_match_scan(text: str) -> None:
    _assert_same_scan(text)


@settings(max_examples=150, deadline=None)
@given(
    paragraph=clean_paragraph(),
    style=st.sampled_from(STYLES),
    brackets=st.sampled_from(BRACKETS),
    seed=st.integers(0, 2**16),
)
def test_scan_of_annotated_paragraphs_is_the_per_match_scan(paragraph, style, brackets, seed):
    rng = random.Random(seed)
    made = annotate(paragraph, rng, style=style, rate=0.3, brackets=brackets, traditional=rng.random() < 0.7)
    if made is None:
        return
    damaged, _expected = made
    lines = damaged + "\n" + re.sub("[。，]", "\n", damaged)
    _assert_same_scan(lines)
    if brackets[0] == "(":
        _assert_same_scan(lose_characters(damaged, rng, 3)[0])
