"""Tests of the SCR family (script conversion): tables, data files, properties, reports, seeds, damage."""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).parent))

from corpus import SEEDS, report_paragraphs, require_peers  # noqa: E402
from properties import assert_rule_idempotent, assert_rule_no_change, assert_rule_total_and_well_formed, rule_edits  # noqa: E402
from strategies import clean_paragraph, generated_clean_text, hostile_text  # noqa: E402

from cleanpolicy import Policy, chars  # noqa: E402
from cleanpolicy._core import apply_edits  # noqa: E402
from cleanpolicy.registry import get_rule  # noqa: E402
from cleanpolicy.rules import script  # noqa: E402

SCR001 = get_rule("SCR001")
SCR002 = get_rule("SCR002")
TARGETS = ("simplified", "traditional", "taiwan", "hongkong", "keep")


def conv(text: str, to: str = "simplified", **opts) -> str:
    policy = Policy(to=to)
    if opts:
        policy = policy.with_options("script", **opts)
    for rule in (SCR001, SCR002):
        text = apply_edits(text, rule_edits(rule, text, policy))
    return text


# ---------------------------------------------------------------------------------------------
# literal tables

POSITIVE = [
    # (input, to, expected)
    ("這是偉大的轉变的一年", "simplified", "这是伟大的转变的一年"),  # mixed sentence (1957 report)
    ("第一届全国人民代表大会第三次会議閉幕以来，已經整整一年了。", "simplified", "第一届全国人民代表大会第三次会议闭幕以来，已经整整一年了。"),
    ("坚持改革開放不动摇。", "simplified", "坚持改革开放不动摇。"),
    ("丽水市推动“争先创优”行動，貿易随意层面。", "simplified", "丽水市推动“争先创优”行动，贸易随意层面。"),
    ("浙江新聞客戶端記者于山", "simplified", "浙江新闻客户端记者于山"),
    ("頭髮乾淨，發展經濟。", "simplified", "头发干净，发展经济。"),  # one-to-many: 髮/發, 乾/干
    ("隨著基礎設施的不斷改善，顯著提高。", "simplified", "随着基础设施的不断改善，显著提高。"),
    ("見麵全麵複興裏程碑體製若幹", "simplified", "见面全面复兴里程碑体制若干"),
    ("頑強拚搏的精神。", "simplified", "顽强拚搏的精神。"),  # protected
    ("難捱的日子。", "simplified", "难捱的日子。"),  # protected
    ("位於北京。這是中國。", "simplified", "位于北京。这是中国。"),  # neutral-looking 於 in a traditional span
    ("发展经济，建设国家。", "traditional", "發展經濟，建設國家。"),
    ("要见面，全面复兴，里程碑，体制，若干。", "traditional", "要見面，全面復興，里程碑，體制，若干。"),
    ("見麵全麵複興裏程碑體製若幹。", "traditional", "見面全面復興里程碑體制若干。"),  # SCR002
    ("发展经济，这里。", "taiwan", "發展經濟，這裡。"),
    ("发展经济，这里。", "hongkong", "發展經濟，這裏。"),
    ("這裏的發展。", "taiwan", "這裡的發展。"),  # traditional input, regional variant
]

NEGATIVE = [
    # (input, to): already in the target script, or ambiguous and left alone
    ("吉林省乾安县和乾隆年间的拚搏精神。", "simplified"),
    ("顽强拚搏，拚命工作，难捱的日子，红菜薹。", "simplified"),
    ("国内生产总值增长９.２％，居民消费价格上涨２.５％。", "simplified"),
    ("“十四五”规划和二○三五年远景目标纲要。", "simplified"),
    ("設(shè)計", "keep"),
    ("這是繁體字。", "keep"),
    ("发展经济。", "keep"),
    ("發展經濟，建設國家。", "traditional"),
    ("拖拉機製造廠、機製紙、頭髮、乾淨。", "traditional"),  # correct traditional: SCR002 keeps it
    ("這裡的發展。", "taiwan"),
    ("Hello world 2026-01-26 18:41:38", "simplified"),
    ("", "simplified"),
]


@pytest.mark.parametrize("text,to,expected", POSITIVE)
def test_positive(text, to, expected):
    assert conv(text, to) == expected
    assert conv(expected, to) == expected  # idempotent on the result


@pytest.mark.parametrize("text,to", NEGATIVE)
def test_negative(text, to):
    assert conv(text, to) == text


def test_mixed_document_converts_only_the_stray_words():
    text = "丽水市坚决贯彻决策部署。浙江自贸区推进“争先创优”行動，保证获得一批成果。" * 3
    out = conv(text)
    assert out == text.replace("行動", "行动")
    edits = rule_edits(SCR001, text, Policy())
    assert {(e.old, e.new) for e in edits} == {("動", "动")}
    assert all(e.reason for e in edits)


def test_edits_are_per_converted_run():
    edits = rule_edits(SCR001, "這是偉大的轉变的一年", Policy())
    assert [(e.old, e.new) for e in edits] == [("這", "这"), ("偉", "伟"), ("轉", "转")]


def test_fast_path_does_not_call_opencc(monkeypatch):
    def boom(*_a, **_k):
        raise AssertionError("OpenCC called on simplified text")

    monkeypatch.setattr(script, "_convert", boom)
    for text in ("吉林省乾安县的拚搏精神。", "发展经济。" * 100, "plain ASCII", ""):
        assert rule_edits(SCR001, text, Policy()) == []


def test_keep_is_a_no_op():
    for text in ("這是繁體字。", "这是简体字。"):
        assert rule_edits(SCR001, text, Policy(to="keep")) == []
        assert rule_edits(SCR002, text, Policy(to="keep")) == []


def test_regional_phrase_configs_only_by_name():
    text = "社会主义核心价值观，智慧城市，程序。"
    out = conv(text, "taiwan")
    assert "核心價值觀" in out and "智慧城市" in out and "程序" in out
    # s2twp rewrites these on request
    assert conv("鼠标和软件", "taiwan", config="s2twp") == "滑鼠和軟體"
    assert conv("鼠标和软件", "taiwan") == "鼠標和軟件"


def test_unknown_config_is_reported():
    edits = rule_edits(SCR001, "這是", Policy().with_options("script", config="t2x"))
    assert len(edits) == 1 and edits[0].old == edits[0].new == "" and "t2x" in edits[0].reason


def test_detect_false_converts_whole_text():
    text = "乾坤 干净 乾安的農業"
    assert conv(text, detect=False) == "乾坤 干净 乾安的农业"


def test_user_protected_terms():
    assert conv("於梨華的乾縣。", protected_terms=["乾县"]) == "於梨华的乾县。"


# ---------------------------------------------------------------------------------------------
# data files: every example is a test


@pytest.mark.parametrize("term,target,example,expected", script.protected_terms())
def test_protected_term_examples(term, target, example, expected):
    assert target in ("simplified", "traditional", "both")
    assert conv(example, target) == expected
    assert term in expected
    assert conv(expected, target) == expected


@pytest.mark.parametrize("wrong,right,simplified", script.overconversions())
def test_overconversion_examples(wrong, right, simplified):
    assert conv(wrong, "simplified") == simplified
    assert conv(wrong, "traditional") == right
    assert conv(simplified, "traditional") == right
    assert conv(right, "traditional") == right


def test_ambiguous_examples():
    rows = script._data_rows("ambiguous.tsv")
    assert rows
    for row in rows:
        kept, alt, example, expected = row[:4]
        assert kept in example and conv(example) == expected


def test_families_table_is_well_formed():
    fam = script.st_families()
    assert len(fam) > 200
    for s, forms in fam.items():
        assert len(s) == 1 and len(forms) >= 2
    assert {"制", "製"} <= fam["制"] and {"面", "麵"} <= fam["面"]


# ---------------------------------------------------------------------------------------------
# properties


@pytest.mark.parametrize("to", TARGETS)
@given(text=hostile_text)
def test_total_and_idempotent_on_hostile_text(to, text):
    for rule in (SCR001, SCR002):
        assert_rule_total_and_well_formed(rule, text, Policy(to=to))
        assert_rule_idempotent(rule, text, Policy(to=to))


@given(text=st.one_of(clean_paragraph(), generated_clean_text()))
def test_clean_simplified_text_unchanged(text):
    if chars.script_counts(text)[0]:
        return  # the corpus holds a traditional report and stray traditional words
    assert_rule_no_change(SCR001, text, Policy())
    assert_rule_no_change(SCR002, text, Policy())


@given(text=clean_paragraph())
def test_traditional_target_idempotent(text):
    for to in ("traditional", "taiwan", "hongkong"):
        once = conv(text, to)
        assert conv(once, to) == once


# ---------------------------------------------------------------------------------------------
# the reports: simplified paragraphs untouched, traditional ones converted, round trips

#: the round trip s→t→s differs only where OpenCC's own tables are one-to-many (docs/script.md)
ONE_TO_MANY = {("背", "揹"), ("象", "像"), ("夫", "伕"), ("浚", "濬"), ("于", "於")}


def test_every_simplified_report_paragraph_unchanged():
    require_peers("gov-work-reports")
    paras = report_paragraphs()
    simp = [p for p in paras if not chars.script_counts(p)[0]]
    assert len(simp) > 5000
    changed = [p[:30] for p in simp if conv(p) != p]
    assert not changed, changed[:5]


def test_traditional_report_paragraphs_converted():
    require_peers("gov-work-reports")
    trad = [p for p in report_paragraphs() if chars.script_counts(p)[0]]
    assert len(trad) > 50
    left = [p[:30] for p in trad if chars.script_counts(conv(p))[0]]
    assert not left, left[:5]


def test_round_trip_through_traditional():
    require_peers("gov-work-reports")
    simp = [p for p in report_paragraphs() if not chars.script_counts(p)[0]][::2]
    diffs = set()
    for p in simp:
        back = conv(conv(p, "traditional"), "simplified")
        assert len(back) == len(p)
        diffs.update((a, b) for a, b in zip(p, back) if a != b)
    assert diffs <= ONE_TO_MANY, diffs - ONE_TO_MANY


# ---------------------------------------------------------------------------------------------
# generated damage: machine-made traditional copies, stray traditional words


def _char_table_s2t(text: str, rng: random.Random) -> str:
    """A character-table converter: each one-to-many character gets any of its forms."""
    fam = script.st_families()
    base = script._convert("s2t", text)
    out = []
    for s, t in zip(text, base):
        forms = fam.get(s)
        out.append(rng.choice(sorted(forms)) if forms and rng.random() < 0.5 else t)
    return "".join(out)


def test_generated_machine_traditional_copies_come_back():
    require_peers("gov-work-reports")
    rng = random.Random(9)
    simp = [p for p in report_paragraphs() if not chars.script_counts(p)[0]]
    sample = rng.sample(simp, 300)
    bad = 0
    for p in sample:
        damaged = script._convert("s2t", p)
        back = conv(damaged)
        bad += sum(1 for a, b in zip(p, back) if a != b and (a, b) not in ONE_TO_MANY)
    assert bad == 0
    # character-table copies: over-conversions (見麵, 體製) must come back too
    fixed = total = 0
    for p in sample[:100]:
        damaged = _char_table_s2t(p, rng)
        back = conv(damaged)
        total += sum(1 for a, b in zip(p, damaged) if a != b)
        fixed += sum(1 for a, b in zip(p, back) if a == b)
    assert total and fixed / sum(len(p) for p in sample[:100]) > 0.995


def test_generated_stray_traditional_words():
    require_peers("gov-work-reports")
    rng = random.Random(3)
    simp = [p for p in report_paragraphs() if not chars.script_counts(p)[0] and len(p) > 40]
    for p in rng.sample(simp, 200):
        i = rng.randrange(0, len(p) - 4)
        word = p[i : i + rng.choice((2, 3, 4))]
        damaged = p[:i] + script._convert("s2t", word) + p[i + len(word) :]
        out = conv(damaged)
        diffs = {(a, b) for a, b in zip(p, out) if a != b}
        assert diffs <= ONE_TO_MANY, (p[i : i + 4], damaged[i : i + 4], diffs)


# ---------------------------------------------------------------------------------------------
# seeds


def _seed(prefix: str) -> str:
    require_peers()
    return next(SEEDS.glob(prefix + "*.txt")).read_text(encoding="utf-8")


@pytest.mark.parametrize("prefix", ["000", "003"])
def test_traditional_seeds_come_out_simplified(prefix):
    out = conv(_seed(prefix))
    assert chars.script_counts(out)[0] == 0


def test_seed_002_stray_traditional_converted():
    text = _seed("002")
    edits = rule_edits(SCR001, text, Policy())
    assert sorted(e.old for e in edits) == ["動", "動", "動", "動", "貿"]


@pytest.mark.parametrize("prefix,expected", [("001", []), ("004", [("悅", "悦")])])
def test_simplified_seeds_barely_touched(prefix, expected):
    edits = rule_edits(SCR001, _seed(prefix), Policy())
    assert [(e.old, e.new) for e in edits] == expected
