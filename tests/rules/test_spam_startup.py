"""Tests of the SPM family's cheap start-up constructions: each equals the plain definition it replaces."""

from __future__ import annotations

import re
import sys
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).parent))

from strategies import clean_paragraph, hostile_text  # noqa: E402

from cleanpolicy.chars import fold_simplified  # noqa: E402
from cleanpolicy.rules import spam  # noqa: E402


def test_changed_chars_is_the_fold_of_every_code_point():
    """The fold map from the fold's table keys equals the fold applied to every code point, order included."""
    domain = "".join(map(chr, range(0xD800))) + "".join(map(chr, range(0xE000, 0x110000)))
    folded = fold_simplified(domain).translate(spam._ASCII_LOWER)
    old = {x: y for x, y in zip(domain, folded) if x != y}
    new = spam._changed_chars()
    assert new == old
    assert list(new) == list(old)


def test_fold_maps_are_their_definitions():
    maps = spam._fold_maps()
    punct = {chr(k): v for k, v in spam._PUNCT_FULL.items()}
    assert maps.changed_punct == {
        x: y for x in maps.changed.keys() | punct.keys() if (y := spam._fold(x).translate(spam._PUNCT_FULL)) != x
    }
    plain = (maps.changed, maps.table, maps.inverse)
    with_punct = (maps.changed_punct, maps.table_punct, maps.inverse_punct)
    for m, table, inverse in (plain, with_punct):
        assert table == {ord(x): y for x, y in m.items()}
        assert {y: set(xs) for y, xs in inverse.items()} == {y: {x for x in m if m[x] == y} for y in m.values()}


_PIECES = ("臺灣", "台湾", "發展", "Ｈ", "ＡＢ", "AB", "[", "]", "【", "】", "\n", "龜", "亀", "兀", "︰", "的", " ", "，")
_texts = st.one_of(st.lists(st.sampled_from(_PIECES), max_size=30).map("".join), hostile_text, clean_paragraph())


@settings(max_examples=200)
@given(_texts)
def test_hanzi_total_counts_the_hanzi_of_the_fold(text):
    assert spam._hanzi_total(text) == len(re.findall("[\u3400-\u9fff\uf900-\ufaff]", spam._fold(text)))


@settings(max_examples=200)
@given(_texts)
def test_tags_are_the_tags_of_the_fold(text):
    assert spam._tags(text) == [(m.start(), m.end(), m.group(1)) for m in spam._TAG_RE.finditer(spam._fold(text))]


def test_tag_safe_is_its_definition():
    changed = spam._fold_maps().changed
    assert spam._tag_safe() == (not any(ch in "[]【】\n" for xy in changed.items() for ch in xy))
