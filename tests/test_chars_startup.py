"""The script sets are built cheaply (the OpenCC tables read from packaged copies, one encoding per codec,
no s2t table on simplified text); they must stay exactly what the per-character definitions give."""

from __future__ import annotations

import opencc
from hypothesis import given
from hypothesis import strategies as st

from cleanpolicy import chars


def _table(config: str, ranges) -> dict[int, str]:
    conv = opencc.OpenCC(config)
    out = {}
    for a, b in ranges:
        for c in range(ord(a), ord(b) + 1):
            dst = conv.convert(chr(c))
            if dst != chr(c) and len(dst) == 1:
                out[c] = dst
    return out


T2S = _table("t2s", chars.HANZI_RANGES[:3])
S2T = _table("s2t", chars.HANZI_RANGES[:3])
REGIONAL = frozenset(v for config in ("t2tw", "t2hk") for v in _table(config, chars.HANZI_RANGES[:2]).values())
TRAD = frozenset(
    chr(c)
    for c in T2S
    if c not in S2T and chr(c) not in chars._OPENCC_KEEPS and (chr(c) in chars._GB2312_TRADITIONAL or not chars._encodable(chr(c), "gb2312"))
)
SIMP = frozenset(
    chr(c)
    for c in S2T
    if c not in T2S and chr(c) not in chars._OPENCC_KEEPS and chr(c) not in REGIONAL and not chars._encodable(chr(c), "big5")
)


def test_tables_equal_one_conversion_per_character():
    assert chars._fold_table() == T2S
    assert chars._s2t_table() == S2T
    assert chars._regional_variants() == REGIONAL


def test_script_sets_equal_their_definitions():
    assert chars.traditional_only_chars() == TRAD
    assert chars.simplified_only_chars() == SIMP
    assert TRAD <= chars._traditional_candidates() <= {chr(c) for c in T2S}
    # what the candidates hold beyond the set: characters s2t changes too
    assert all(ord(c) in S2T for c in chars._traditional_candidates() - TRAD)


def test_unencodable_is_the_per_character_test():
    sample = [chr(c) for c in range(0x3400, 0xA000, 7)] + [chr(c) for c in range(0xF900, 0xFB00)]
    for codec in ("gb2312", "big5"):
        assert chars._unencodable(sample, codec) == {c for c in sample if not chars._encodable(c, codec)}


def test_simplified_text_needs_no_s2t(monkeypatch):
    chars._traditional_candidates()

    def boom():
        raise AssertionError("s2t built for simplified text")

    monkeypatch.setattr(chars, "traditional_only_chars", boom)
    for text in ("吉林省乾安县的拚搏精神。", "国务院关于加强基层治理的意见。\n各省、自治区、直辖市人民政府：", "plain", ""):
        assert not chars.has_traditional_only(text)


# candidates outside the set (both conversions change them) next to real traditional-only ones
_EXTRA = sorted(chars._traditional_candidates() - chars.traditional_only_chars())
_char = st.one_of(
    st.sampled_from(_EXTRA),
    st.sampled_from(sorted(chars.traditional_only_chars())),
    st.sampled_from(sorted(chars.simplified_only_chars())),
    st.sampled_from(list("国务院关于，。乾拚后面 a1")),
    st.characters(),
)


@given(st.lists(_char, max_size=12).map("".join))
def test_has_traditional_only_is_membership(text):
    assert chars.has_traditional_only(text) == any(c in TRAD for c in text)
    assert chars.has_simplified_only(text) == any(c in SIMP for c in text)
    assert chars.script_counts(text) == (sum(c in TRAD for c in text), sum(c in SIMP for c in text))


def test_packaged_tables_keep_the_conversions_order():
    # read instead of converting with OpenCC: the same pairs, in the same (code point) order
    assert list(chars._fold_table().items()) == list(T2S.items())
    assert list(chars._s2t_table().items()) == list(S2T.items())
