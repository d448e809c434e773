"""Tests of the NRM family (punctuation and whitespace): tables, properties, reports, damage, seeds."""

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
from strategies import clean_document, clean_paragraph, generated_clean_text, hostile_text  # noqa: E402

from cleanpolicy import Policy, clean  # noqa: E402
from cleanpolicy._core import apply_edits  # noqa: E402
from cleanpolicy.registry import get_rule  # noqa: E402
from cleanpolicy.rules import normalize  # noqa: E402

CODES = tuple(r.code for r in normalize.RULES)
RULES = [get_rule(c) for c in CODES]
P = Policy(to="keep")
KNOWN_DEFECTS = Path(__file__).parent.parent / "data" / "report_known_defects.tsv"


def fix(code: str, text: str, policy: Policy = P) -> str:
    return apply_edits(text, rule_edits(get_rule(code), text, policy))


def changes(code: str, text: str, policy: Policy = P):
    return [e for e in rule_edits(get_rule(code), text, policy) if e.old != e.new]


def reports(code: str, text: str, policy: Policy = P):
    return [e for e in rule_edits(get_rule(code), text, policy) if e.old == e.new]


def test_codes_and_defaults():
    assert CODES == tuple(f"NRM{i:03d}" for i in range(1, 11))
    assert [r.default for r in RULES] == [True] * 9 + [False]


# ---------------------------------------------------------------------------------------------
# literal tables: (code, input, expected)

POSITIVE = [
    ("NRM001", "编者按:4月26日,衢州市", "编者按：4月26日，衢州市"),
    ("NRM001", "调整农业结构,必须坚持", "调整农业结构，必须坚持"),
    ("NRM001", "你的诚意呢?中国没有", "你的诚意呢？中国没有"),
    ("NRM001", "如何让这些目标真正生效? 26日起", "如何让这些目标真正生效？26日起"),
    ("NRM001", "来源:中国新闻网", "来源：中国新闻网"),
    ("NRM001", "发布日期:2020-11-30 信息来源:《今日浙江》", "发布日期：2020-11-30 信息来源：《今日浙江》"),
    ("NRM001", "三件事:\n一是", "三件事：\n一是"),
    ("NRM001", "占全省的2.52%,对此", "占全省的2.52%，对此"),
    ("NRM001", "GDP,增长", "GDP，增长"),
    ("NRM001", "好啊!真好;走吧", "好啊！真好；走吧"),
    ("NRM001", "“從1到N”產業化應用\";", "“從1到N”產業化應用\"；"),
    ("NRM001", "邮箱zhang.san@example.com,电话", "邮箱zhang.san@example.com，电话"),  # after the address
    ("NRM002", "中新网衢州1月26日电 (张斌)", "中新网衢州1月26日电 （张斌）"),
    ("NRM002", "县(市、区)负责人", "县（市、区）负责人"),
    ("NRM002", "RCEP(区域全面经济伙伴关系协定)", "RCEP（区域全面经济伙伴关系协定）"),
    ("NRM002", "（即:优秀人才)", "（即:优秀人才）"),
    ("NRM003", "等等...好的", "等等……好的"),
    ("NRM003", "等等......好的。。。", "等等……好的……"),
    ("NRM003", "他说………", "他说……"),
    ("NRM004", '加强"三河三湖"等重点', "加强“三河三湖”等重点"),
    ("NRM004", "践行'两山'理念", "践行‘两山’理念"),
    ("NRM004", '"十四五"和"十五五"', "“十四五”和“十五五”"),
    ("NRM005", "段一\n \u00a0\n段二", "段一\n\n段二"),
    ("NRM005", "段一\n\u3000\u3000\n段二", "段一\n\n段二"),
    ("NRM006", "段一\n\n\n\n段二", "段一\n\n段二"),
    ("NRM006", "\n\n\n段一\n\n\n", "段一\n"),
    ("NRM007", "段一。  \n段二。\u3000\u00a0", "段一。\n段二。"),
    ("NRM008", "“两 山”理念", "“两山”理念"),
    ("NRM008", "《政府 工作报告》", "《政府工作报告》"),
    ("NRM008", "急于求成，盲 目求纯", "急于求成，盲目求纯"),
    ("NRM008", "一个重 大课题", "一个重大课题"),
    ("NRM008", "有序启动 “十二五”规划", "有序启动“十二五”规划"),
    ("NRM008", "“三条保障线” 的衔接", "“三条保障线”的衔接"),
    ("NRM008", "坚持的原则是， 以按劳分配", "坚持的原则是，以按劳分配"),
    ("NRM009", "  以浙江最西部的城市", "以浙江最西部的城市"),
    ("NRM009", "\u00a0\u00a0以浙江最西部的城市", "以浙江最西部的城市"),
    ("NRM010", "增长９.２％，达到１２３４５亿元", "增长9.2%，达到12345亿元"),
    ("NRM010", "１２．５％", "12.5%"),
]

NEGATIVE = [
    ("NRM001", "6,600人，增长2.52%。"),
    ("NRM001", "2026-01-26 18:41:38"),
    ("NRM001", "比例为1:2。"),
    ("NRM001", "见http://www.gov.cn/a?b=1,c:d 网页"),
    ("NRM001", "Hello, world: yes! Really?"),
    ("NRM001", "當?shù地"),  # a lost character (encoding family), not a question mark
    ("NRM001", "当?\ufffd在理"),
    ("NRM001", "版本v1.2.3,构建"),  # Latin/number on the left, Chinese on the right: stays? see below
    ("NRM001", "运行`a,b:c`命令"),
    ("NRM002", "张斌(Zhang Bin)"),
    ("NRM002", "北京(Beijing)"),
    ("NRM002", "設(shè)計"),  # pinyin annotations keep ASCII brackets when PYN is not selected
    ("NRM002", "经(jīng)济(jì)"),
    ("NRM002", "(1)做好"),
    ("NRM002", "f(x)=2x"),
    ("NRM003", "etc... and so on"),
    ("NRM003", "版本1.2...3"),
    ("NRM003", "他说……"),
    ("NRM003", "他说…"),
    ("NRM004", 'He said "hello" to me.'),
    ("NRM004", '<a href="中文.html">链接</a>'),
    ("NRM004", "It's the people's choice."),
    ("NRM004", "“十四五”规划"),
    ("NRM005", "段一\n\n段二"),
    ("NRM006", "段一\n\n段二\n"),
    ("NRM007", "段一。\n段二。"),
    ("NRM008", "以开路先锋的姿态 书写高分答卷"),
    ("NRM008", "刘舒婷 摄"),
    ("NRM008", "2026-01-26 18:41:38"),
    ("NRM008", "使用 5G 技术，增加 1304.8亿元"),
    ("NRM008", "首页 > 新闻频道 > 国内新闻"),
    ("NRM008", "加速搭建“主服务平台 共同命运 商业综合体”"),  # a list inside a quotation
    ("NRM008", "“自主创新链 全产业链”同盟"),
    ("NRM009", "\u3000\u3000现在，我代表国务院，向大会作政府工作报告。"),
    ("NRM009", "    def main():"),
    ("NRM010", "增长9.2%"),
]


@pytest.mark.parametrize("code,text,expected", POSITIVE)
def test_positive(code, text, expected):
    assert fix(code, text) == expected
    assert fix(code, expected) == expected


@pytest.mark.parametrize("code,text", NEGATIVE)
def test_negative(code, text):
    if text == "版本v1.2.3,构建":
        # a Latin token before, Chinese after: the comma punctuates the Chinese sentence
        assert fix(code, text) == "版本v1.2.3，构建"
        return
    assert fix(code, text) == text


def test_stray_quote_is_reported_not_changed():
    text = "“從1到N”產業化應用\";依託創新平臺"
    assert changes("NRM004", text) == []
    rep = reports("NRM004", text)
    assert len(rep) == 1 and rep[0].old == '"' and "unbalanced" in rep[0].reason


def test_indent_option():
    text = "\u3000\u3000现在，我代表国务院。\n  以浙江为例。\n"
    assert fix("NRM009", text) == "\u3000\u3000现在，我代表国务院。\n以浙江为例。\n"
    remove = P.with_options("normalize", indent="remove")
    assert fix("NRM009", text, remove) == "现在，我代表国务院。\n以浙江为例。\n"
    keep = P.with_options("normalize", indent="keep")
    assert fix("NRM009", text, keep) == text


def test_u3000_never_folded():
    text = "\u3000\u3000第一段。\n\n\u3000\u3000第二段。\n"
    out = clean(text, Policy(to="keep", select=("NRM",)))
    assert out == text


def test_pinyin_left_for_pyn_when_not_selected():
    text = "浙江新闻客户端设(shè)计叶晓倩,发(fā)展经济。"
    out = clean(text, Policy(to="keep", select=("NRM",)))
    assert "设(shè)计" in out and "发(fā)展" in out and "，" in out


# ---------------------------------------------------------------------------------------------
# properties: total, idempotent, clean text unchanged


@pytest.mark.parametrize("code", CODES)
@given(text=hostile_text)
def test_total_and_idempotent(code, text):
    rule = get_rule(code)
    assert_rule_total_and_well_formed(rule, text, P)
    assert_rule_idempotent(rule, text, P)


@given(text=st.one_of(generated_clean_text(), clean_document()))
def test_clean_text_unchanged(text):
    for rule in RULES[:-1]:
        if rule.code in ("NRM006",) and text.endswith("\n\n"):
            continue
        if any(text.startswith(p) for p in _defect_prefixes()):
            return
        assert_rule_no_change(rule, text, P)


@given(text=clean_paragraph())
def test_idempotent_on_paragraphs(text):
    for rule in RULES:
        assert_rule_idempotent(rule, text, P)


@given(text=st.text(alphabet="中文，。,:;?!()\"' \u3000\u00a0\n.。…abc12", max_size=80))
def test_idempotent_on_punctuation_soup(text):
    for rule in RULES:
        assert_rule_idempotent(rule, text, P)
    once = clean(text, Policy(to="keep", select=("NRM",)))
    assert clean(once, Policy(to="keep", select=("NRM",))) == once


def _defect_prefixes() -> tuple[str, ...]:
    if not KNOWN_DEFECTS.exists():
        return ()
    rows = [line.split("\t") for line in KNOWN_DEFECTS.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    return tuple(r[0] for r in rows if r and r[0])


def test_every_report_paragraph_untouched_except_known_defects():
    require_peers("gov-work-reports")
    paras = report_paragraphs()
    assert len(paras) > 5000
    prefixes = _defect_prefixes()
    fixed = 0
    for p in paras:
        known = any(p.startswith(x) for x in prefixes)
        for rule in RULES[:-1]:  # every default rule
            ch = changes(rule.code, p)
            if ch and not known:
                pytest.fail(f"{rule.code} changed a clean paragraph: {p[:40]!r} {[(e.old, e.new) for e in ch[:3]]}")
        if known:
            fixed += 1
    assert fixed == len(prefixes) == 44


# ---------------------------------------------------------------------------------------------
# generated damage, made the way it arises


def _asciify(text: str, rng: random.Random) -> str:
    """What an ASCII-habit editor or a width-folding tool does to Chinese punctuation."""
    table = {"，": ",", "：": ":", "；": ";", "？": "?", "！": "!"}
    out = []
    for ch in text:
        if ch in table and rng.random() < 0.7:
            out.append(table[ch] + (" " if rng.random() < 0.3 else ""))
        else:
            out.append(ch)
    return "".join(out)


def test_generated_ascii_punctuation_is_repaired():
    require_peers("gov-work-reports")
    rng = random.Random(15834)
    paras = [p for p in report_paragraphs() if not any(p.startswith(x) for x in _defect_prefixes())]
    policy = Policy(to="keep", select=("NRM",))
    sample = rng.sample(paras, 400)
    exact = 0
    for p in sample:
        damaged = _asciify(p, rng)
        out = clean(damaged, policy)
        exact += out == p
    assert exact / len(sample) > 0.97


def test_generated_layout_damage_is_repaired():
    require_peers("gov-work-reports")
    rng = random.Random(7)
    paras = [p for p in report_paragraphs() if not p.startswith("\u3000")][:300]
    policy = Policy(to="keep", select=("NRM",))
    for k in range(0, 300, 3):
        doc = "\n\n".join(paras[k : k + 3]) + "\n"
        lines = doc.split("\n")
        damaged = []
        for line in lines:
            pad = rng.choice(["", "  ", "\u00a0\u00a0", " \t"])
            tail = rng.choice(["", " ", "\u00a0", "  "])
            damaged.append(pad + line + tail if line else rng.choice(["", " ", "\u00a0", "\n \n"]))
        out = clean("\n\n".join(damaged), policy)
        assert out == doc


def test_generated_quote_damage():
    require_peers("gov-work-reports")
    policy = Policy(to="keep", select=("NRM004",))
    paras = [p for p in report_paragraphs() if p.count("“") == p.count("”") and "“" in p and '"' not in p][:500]
    for p in paras:
        damaged = p.replace("“", '"').replace("”", '"')
        if damaged.count('"') != p.count("“") * 2:
            continue
        out = clean(damaged, policy)
        # nested or Latin-content quotes may stay straight; every converted pair is right
        assert all(a == b or (a == '"' and b in "“”") for a, b in zip(out, p))


# ---------------------------------------------------------------------------------------------
# seeds


def _seed(prefix: str) -> str:
    require_peers()
    return next(SEEDS.glob(prefix + "*.txt")).read_text(encoding="utf-8")


@pytest.mark.parametrize("prefix", ["000", "003"])
def test_traditional_seeds_full_width(prefix):
    out = clean(_seed(prefix), Policy(to="simplified"))
    import re

    left = re.findall(r"[\u4e00-\u9fff][,:;!][\u4e00-\u9fff]", out)
    assert not left, left[:5]


def test_seed_000_stray_quote_reported():
    text = _seed("000")
    rep = reports("NRM004", text)
    assert len(rep) == 1
    pos = rep[0].start
    assert text[pos - 1] == "用" and text[pos + 1] == ";"  # “從1到N”產業化應(yīng)用";


def test_seed_001_blank_lines():
    text = _seed("001")
    out = clean(text, Policy(to="keep", select=("NRM",)))
    assert "\n\n\n" not in out and not out.startswith("\n")
    assert all(line.strip(" \u00a0") or not line for line in out.split("\n"))


# -- regressions found in integration ------------------------------------------------------------
def test_ascii_punctuation_idempotent_when_marks_are_spaced():
    """': :…' used to become ': ：…' and then '：：…': marks that convert together decide on one context."""
    from cleanpolicy import Policy, clean

    p = Policy(select=("NRM001",), to="keep")
    once = clean("': :…", p)
    assert clean(once, p) == once


@pytest.mark.parametrize("text", ["1;:…", "1; :…", "1:;…", "a;:中", "1;:\n…"])
def test_ascii_punctuation_idempotent_after_a_converted_mark(text):
    """'1;:…' used to become '1；:…' and then '1；：…': a mark converted earlier in the run becomes the
    left context of the marks after it in the next pass, so they decide on it now."""
    rule = get_rule("NRM001")
    assert_rule_idempotent(rule, text, Policy(select=("NRM001",), to="keep"))


@pytest.mark.parametrize(
    "line",
    ["也道出了當?爻R?抓創新的理念之變。", "當?\ufffd在理念、機制", "這體現出當?匾援a業投資"],
)
def test_question_mark_on_damaged_line_is_left_for_the_encoding_family(line):
    """On a line with frame-shift residue, a ? between hanzi may stand for a lost character: never make it ？."""
    from cleanpolicy import Policy, clean

    assert "？" not in clean(line, Policy(select=("NRM001",), to="keep"))
