"""ENC002/ENC003 triggers on everyday Chinese: common characters the policy reports never use.

The reference corpus is policy prose, so about a quarter of GB 2312's 3,755 level-1 hanzi (您, 妈, 笑)
are unseen there.  They must not start repair work on ordinary text, and must still be found where
damage put them (see ``encoding._everyday``).
"""

from __future__ import annotations

import sys
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).parent.parent))

from encoding_damage import wrong_codec  # noqa: E402
from test_encoding import _fast_edits, _slow_edits  # noqa: E402

from cleanpolicy import Policy, clean, clean_and_explain  # noqa: E402
from cleanpolicy.rules import encoding as enc  # noqa: E402

ENC = Policy(select=("ENC",), to="keep")
REPAIRS = frozenset(("ENC002", "ENC003"))


def _level1() -> list[str]:
    out = []
    for lead in range(0xB0, 0xD8):
        for trail in range(0xA1, 0xFF):
            try:
                out.append(bytes((lead, trail)).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return out


LEVEL1 = _level1()
EVERYDAY = sorted(enc._everyday()[0])
LATIN_ROWS = sorted(enc._everyday()[1])


def test_everyday_characters_are_common_and_unseen():
    everyday = set(EVERYDAY)
    assert 500 < len(everyday) < len(LEVEL1)
    assert everyday <= set(LEVEL1)
    assert not everyday & enc._seen_chars()  # all unseen by the model
    assert {"您", "妈", "笑"} <= everyday


# ordinary simplified text: level-1 hanzi (no two of the rows a Latin-1 reading is made of side by side),
# ASCII words (a lone letter glued between hanzi is a stray trail byte to ENC003: not drawn here),
# figures and Chinese punctuation
_ordinary_char = st.one_of(
    st.sampled_from([c for c in LEVEL1 if c not in set(LATIN_ROWS)]),
    st.sampled_from(list("，。、；：？！“”（）《》 0123456789%") + ["GDP", " A股 "]),
)


@given(st.lists(_ordinary_char, max_size=80).map("".join))
def test_ordinary_simplified_text_starts_no_repair_work(text):
    assert not enc._codes_for(text) & REPAIRS
    assert clean(text, ENC) == text


def test_web_page_words_start_no_repair_work():
    for text in ("您现在的位置：首页", "妈妈笑了，姐姐哭了。", "他的爸爸是医生，满满当当一桌菜。"):
        assert not enc._codes_for(text) & REPAIRS, text
        assert clean(text, ENC) == text


def test_everyday_characters_in_damage_still_trigger():
    # GBK read as Big5 next to a traditional character, a shifted stream's stray ASCII byte, and the
    # second step of 脰脨脦脛 mojibake (UTF-8 bytes of Latin-1 letters read as GBK: rows C2-C3 only)
    for text, lo, hi in (("經濟賦凳樓辦調整", 2, 6), ("訂立酥^「共同", 2, 4), ("资金２拢卢拢麓拢卤拢赂００元", 3, 11)):
        assert enc._codes_for(text) & REPAIRS, text
        assert any(lo <= p < hi for p in enc._suspects(text)), text


def test_latin_rows_reading_is_made_of_them():
    # every character of GBK -> Latin-1 -> UTF-8 -> GBK readings of full-width figures comes from rows C2-C3
    once = wrong_codec("２０１，４２０", "gb18030", "latin-1")
    twice = wrong_codec(once, "utf-8", "gb18030")
    hanzi = [c for c in twice if "\u4e00" <= c <= "\u9fff"]
    # (trail bytes 80-A0 give GBK extension codes, outside GB 2312: triggers of their own)
    assert hanzi and all(c in set(LATIN_ROWS) or not enc._gb2312(c) for c in hanzi)


_mixed = st.lists(
    st.one_of(
        st.sampled_from(EVERYDAY),
        st.sampled_from(LATIN_ROWS),
        st.sampled_from(list("經濟賦樓辦的是了中国，。^@_~`|{}a1") + ["\ue000", "\ufffd", "鍦", "炵"]),
    ),
    max_size=30,
).map("".join)


@given(_mixed)
def test_fast_path_agrees_with_every_rule_on_everyday_contexts(text):
    for code in ("ENC002", "ENC003"):
        assert _fast_edits(code, text) == _slow_edits(code, text)


# Lines of real news pages (gold text of immortal-autumn/Chinese-Web-Content-Extraction-Dataset, MIT):
# clean text that ENC003 once re-read as frame-shifted (`陈飞翔(` as `�路上�`, `巫师"` as `�资�`)
REAL_CLEAN_LINES = (
    "评论人：陈飞翔(同济大学经济与金融系)冯涛(西安交通大学经济与金融学院)",
    '可以作一种有趣的设想：那些特别善于发现图像的人会获  "艺术家－巫师"的特殊地位，并被免除实际狩猎的危险',
)


def test_real_news_lines_are_left_alone():
    for line in REAL_CLEAN_LINES:
        assert clean(line, ENC) == line


def test_short_shift_of_ordinary_words_is_not_taken():
    # a shift that would recover fewer characters than it loses, read from ordinary hanzi: no repair
    # (after a real shift the junk shows: private use, kana, Greek, box drawing, U+FFFD)
    edits = enc.frame_shift('艺术家－巫师"的地位', ENC)
    assert edits == []


def test_lone_private_use_character_is_not_read_as_a_hanzi():
    # a real news line (same dataset): one private-use glyph after a name; Big5-read-as-GBK's table
    # gives 牧 for it and 林牧 scores well, but one character alone proves nothing (ENC005 reports it)
    line = "这是一种极端的低级趣味的表现。” 季羡林\ue009：《我的求学之路》，第88～89页"
    assert enc.cjk_mojibake(line, ENC) == []
    steps = {s.code for s in clean_and_explain(line, ENC).steps}
    assert "ENC005" in steps
