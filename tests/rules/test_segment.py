"""SEG: paragraph rejoin (SEG003), letter-spaced text (SEG001), spaced titles (SEG002, opt-in)."""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cleanpolicy import Policy, clean, clean_and_explain, replay  # noqa: E402
from cleanpolicy._core import apply_edits  # noqa: E402
from cleanpolicy.registry import get_rule  # noqa: E402
from cleanpolicy.rules import segment as seg  # noqa: E402
from corpus import SEEDS, report_documents, report_paragraphs, require_peers  # noqa: E402
from properties import (  # noqa: E402
    assert_deletion_only,
    assert_pipeline_properties,
    assert_rule_idempotent,
    assert_rule_no_change,
    assert_rule_total_and_well_formed,
)
from strategies import clean_document, clean_paragraph, generated_clean_text, hostile_text  # noqa: E402

import seg_damage  # noqa: E402

REJOIN = get_rule("SEG003")
SPACED = get_rule("SEG001")
TITLE = get_rule("SEG002")
RULES = (SPACED, TITLE, REJOIN)
ONLY_SEG = Policy(select=("SEG",), to="keep")


def fix(rule, text: str, policy: Policy | None = None) -> str:
    return assert_rule_total_and_well_formed(rule, text, policy)


# -- literal tables ---------------------------------------------------------------------------------
REJOIN_POSITIVE = [
    # seed 004's print-layout breaks
    (
        "作为较早开展优化营商环境工作的城市，衢州市取得了丰硕成果：2020年，在全国营商环境评价中排名全国前十、地级市第一，被国家发改委列为全国15个营商环境标杆城市\n\n之一，优化营商环境的衢州经验被写入《中国营商环境报告2020》。",
        "作为较早开展优化营商环境工作的城市，衢州市取得了丰硕成果：2020年，在全国营商环境评价中排名全国前十、地级市第一，被国家发改委列为全国15个营商环境标杆城市之一，优化营商环境的衢州经验被写入《中国营商环境报告2020》。",
    ),
    ("加快新型基础设施建设，推动新型智慧城市建设。近一年来谋划推进新基建项\n\n目410个，总投资2876亿元。", "加快新型基础设施建设，推动新型智慧城市建设。近一年来谋划推进新基建项目410个，总投资2876亿元。"),
    ("审批服务最优。三是打造创新环境新优\n\n势。引进创新资源，提升创新能力。", "审批服务最优。三是打造创新环境新优势。引进创新资源，提升创新能力。"),
    ("全力把新区打造成为广西内陆承接东部产业转移新高地，并上升到新一轮粤桂合作主平台、“经\n\n济双飞地”。", "全力把新区打造成为广西内陆承接东部产业转移新高地，并上升到新一轮粤桂合作主平台、“经济双飞地”。"),
    ("打造世界一流氟硅新材料、电子化学品、锂电新材料、\n\n集成电路材料、光伏新能源材料等产业集群高地。", "打造世界一流氟硅新材料、电子化学品、锂电新材料、集成电路材料、光伏新能源材料等产业集群高地。"),
    ("“十四五”时期，来宾将紧紧围绕“一主一副、两翼多点”产业\n\n发展布局的总体规划，把城区工业园区作为“主中心”。", "“十四五”时期，来宾将紧紧围绕“一主一副、两翼多点”产业发展布局的总体规划，把城区工业园区作为“主中心”。"),
    # a hard wrap (single newline), indentation of the continuation removed with it
    ("加强银行在宏观经济调节体系中的地位和作用，按照货币流通规律适当控\n　　制信贷规模和货币供应量；", "加强银行在宏观经济调节体系中的地位和作用，按照货币流通规律适当控制信贷规模和货币供应量；"),
    # a wiki-link break: the next line starts with a full stop
    ("会议听取和审议了国务院总理所作的政府工作报告\n。会议高度评价取得的成就。", "会议听取和审议了国务院总理所作的政府工作报告。会议高度评价取得的成就。"),
    # three pieces
    ("坚持以新发展理念为引领，以技术创新为驱动，以信息网络为基础，面向高质量发展需求，加快新型基础\n\n设施建设，支撑带动新能源、新资源及战略性新兴产业发展，加快促进数字化、智能\n\n化与制造业、服务业的深度融合。", "坚持以新发展理念为引领，以技术创新为驱动，以信息网络为基础，面向高质量发展需求，加快新型基础设施建设，支撑带动新能源、新资源及战略性新兴产业发展，加快促进数字化、智能化与制造业、服务业的深度融合。"),
    # traditional script
    ("堅持以新發展理念為引領，以技術創新為驅動，加快新型基礎設施建設。近一年來謀劃推進新基建項\n\n目410個，總投資2876億元。", "堅持以新發展理念為引領，以技術創新為驅動，加快新型基礎設施建設。近一年來謀劃推進新基建項目410個，總投資2876億元。"),
]

REJOIN_NEGATIVE = [
    # kicker / title / name caption / body (seed 004)
    "全国人大代表、衢州市委书记徐文光：\n\n“美丽+智慧”，新引擎驱动高质量发展\n\n\n\n徐文光\n\n衢州位于浙皖闽赣四省边际，是浙江重要生态屏障。",
    # seed 001's section headings
    "对衢州来说，生态既是金名片，也是立身之本。\n\n \n\n聚焦“两山”转化,努力打造生态文明建设示范市\n\n \n\n浙江是“绿水青山就是金山银山”理念的发源地和率先实践地。",
    "衢州市\n\n \n\n聚焦扩量提质,努力成为全省经济发展新的增长点\n\n \n\n高质量发展,质是关键,量是基础。",
    # seed 000: a two-line heading between body paragraphs, single newlines
    "科技創新實現高質量發展的源泉。\n順勢而為，走共同富裕之路\n加快建設四省邊際共同富裕示範區\n衢州高質量發展建設四省共同富裕示範區要打好區位牌。",
    "綠色文明等文化精髓，完全實現靈性繁榮。\n以生態優勢驅動，打造共同富裕、雙碳協調發展的衢州模式\n衢州是浙西、浙、閩三省的一座城市。",
    # sentences that end are never joined
    "今年经济社会发展任务十分繁重。\n\n我们要突出重点、把握关键。",
    "主要有以下几点：\n\n一是加强党的领导。",
    "五年来的成就令人鼓舞！\n各位代表！",
    # list items
    "今后五年的主要任务\n\n（一）加快建设现代化产业体系\n\n二是支持加快建设大藤峡水利枢纽二、三线船闸工程。",
    # a photo caption, a box, a byline
    "来自国家地方共建人形机器人创新中心的人形机器人现身赛道。刘舒婷 摄\n\n理念超常规\n\n“科技创新不是发达地区的‘专利’。”",
    "全国数字经济第一城副中心城市\n\n相关报道\n请扫描二维码\n\n全国人大代表、来宾市市长雷应敏：",
    "培育创新生态，为高质量发展赋能\n\n(本版稿件由本报记者何芳、江金骐、梁隽好采写)",
    # portal chrome
    "2019国产精品视频,国产精品第一页在线\n\n首頁\u00a0 > \u00a0新聞頻道\u00a0 > \u00a0國內新聞",
    "浙西門戶衢州,超常規抓科創\n\n2026-01-26 18:41:38",
    # short lines, Latin text
    "徐文光\n\n衢州位于浙皖闽赣四省边际，是浙江重要生态屏障。",
    "Produced By\nthe CMS",
    # a heading whose last character and the next paragraph's first happen to make a word
    "一、发展\n\n中国特色社会主义是我们的旗帜。",
    # a title whose last character never ends a clause (科创), right above the lead (seed 003 after BPL)
    "浙西门户衢州，超常规抓科创\n\n中新网衢州1月26日电（张斌）“十五五”开局之年，在因地制宜发展新质生产力的理念驱动下，浙江各地展开探索。",
    # a citation closing a paragraph
    "这是马克思主义的基本观点。（《列宁全集》第二十五卷，第三百九十九页）\n\n列宁领导俄国无产阶级取得了革命的胜利。",
]


@pytest.mark.parametrize("damaged,expected", REJOIN_POSITIVE)
def test_rejoin_positive(damaged, expected):
    assert fix(REJOIN, damaged) == expected
    assert clean(damaged, ONLY_SEG) == expected


@pytest.mark.parametrize("text", REJOIN_NEGATIVE)
def test_rejoin_negative(text):
    assert_rule_no_change(REJOIN, text)


SPACED_POSITIVE = [
    ("衢 州 位 于 浙 皖 闽 赣 四 省 边 际 ， 是 浙 江 重 要 生 态 屏 障 。", "衢州位于浙皖闽赣四省边际，是浙江重要生态屏障。"),
    ("2 0 2 0 年 ， 地 区 生 产 总 值 增 幅 位 列 浙 江 第 三 。", "2020年，地区生产总值增幅位列浙江第三。"),
    ("标题\n　　国 内 生 产 总 值 增 长 百 分 之 六 ， 居 民 收 入 稳 步 增 加 。\n", "标题\n　　国内生产总值增长百分之六，居民收入稳步增加。\n"),
]
SPACED_NEGATIVE = [
    "政 府 工 作 报 告",  # a deliberately spaced title: SEG002's business, opt-in
    "澳门将于1 9 9 9 年1 2 月2 0 日回到祖国怀抱，",  # a few spaced digits inside prose
    "首页 > 新闻频道 > 国内新闻",
    "Produced By 大汉网络 大汉版通发布系统 Produced By 大汉网络 大汉版通发布系统",
    "a b c d e f g h",
    "张 斌",
]


@pytest.mark.parametrize("damaged,expected", SPACED_POSITIVE)
def test_letter_spaced_positive(damaged, expected):
    assert fix(SPACED, damaged) == expected


@pytest.mark.parametrize("text", SPACED_NEGATIVE)
def test_letter_spaced_negative(text):
    assert_rule_no_change(SPACED, text)


def test_spaced_title_is_opt_in():
    assert fix(TITLE, "政 府 工 作 报 告\n") == "政府工作报告\n"
    assert clean("政 府 工 作 报 告\n", ONLY_SEG) == "政 府 工 作 报 告\n"
    assert clean("政 府 工 作 报 告\n", Policy(select=("SEG002",), to="keep")) == "政府工作报告\n"
    assert_rule_no_change(TITLE, SPACED_POSITIVE[0][0])


def test_letter_spaced_then_rejoined():
    """PDF extraction: letter-spaced and hard-wrapped; SEG001 then SEG003 restore the paragraph."""
    p = "集聚新资源。未来城市的资源优势正在由依靠以煤炭、金属矿、非金属矿等传统资源，转向以数据、基因、细胞、人工智能等为主导的新资源为主。"
    cut = p.index("传统资源") + 2
    damaged = seg_damage.letter_space(p[:cut]) + "\n" + seg_damage.letter_space(p[cut:]) + "\n"
    assert clean(damaged, ONLY_SEG) == p + "\n"


# -- properties -------------------------------------------------------------------------------------
@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
@given(text=hostile_text)
def test_total_and_idempotent_on_hostile_text(rule, text):
    assert_rule_idempotent(rule, text)


@given(text=st.lists(st.sampled_from(["\n", "\n\n", " ", "，", "。", "“", "徐文光", "之一", "城市", "1", "a", "　", "相关报道", "：", "发展"]), max_size=40).map("".join))
def test_rejoin_idempotent_on_layout_soup(text):
    for rule in RULES:
        assert_rule_idempotent(rule, text)
        assert_deletion_only(text, fix(rule, text))


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
@given(p=clean_paragraph())
def test_clean_paragraphs_unchanged(rule, p):
    assert_rule_no_change(rule, p)


@given(doc=clean_document())
def test_sentences_that_end_are_never_joined(doc):
    """Paragraphs that end a sentence (every paragraph of a clean document) stay apart."""
    assert_rule_no_change(REJOIN, doc)
    assert_rule_no_change(REJOIN, doc.replace("\n", "\n\n"))


@given(p=clean_paragraph(), data=st.data())
def test_word_internal_breaks_rejoined_exactly(p, data):
    """A report paragraph broken inside a word, after a body-length first part, comes back exactly."""
    p = p.strip()
    positions = [i for i in seg_damage.word_internal_positions(p) if i >= 40 and p[i - 1] not in "。！？；："]
    assume(positions)
    pos = data.draw(st.sampled_from(positions))
    sep = data.draw(st.sampled_from(["\n\n", "\n", "\n\n\u3000\u3000"]))
    damaged = seg_damage.break_at(p, pos, sep)
    assert fix(REJOIN, damaged) == p


@given(p=clean_paragraph(), data=st.data())
def test_any_break_is_rejoined_exactly_or_kept(p, data):
    """Wherever a paragraph is broken, the rule restores it exactly or leaves the break: never half-right."""
    p = p.strip()
    assume(len(p) > 2)
    pos = data.draw(st.integers(1, len(p) - 1))
    damaged = seg_damage.break_at(p, pos, data.draw(st.sampled_from(["\n\n", "\n"])))
    assert fix(REJOIN, damaged) in (p, damaged)


@given(p=generated_clean_text())
def test_letter_spaced_generated_text_restored(p):
    assume(" " not in p and len(p) >= 8 and any(c in "，。、；！？" for c in p))
    assume(sum(1 for c in p if seg._is_hanzi(c)) >= max(3, 0.3 * len(p)))
    assert fix(SPACED, seg_damage.letter_space(p)) == p


@given(doc=clean_document())
def test_pipeline_replay_with_seg(doc):
    assert_pipeline_properties(doc, ONLY_SEG)


# -- measurement ------------------------------------------------------------------------------------
def test_rejoin_precision_and_recall_on_generated_breaks():
    """Generated breaks among real paragraphs and real headings (see seg_damage.measure_rejoin)."""
    require_peers("gov-work-reports")
    s = seg_damage.measure_rejoin(1200, seed=7)
    assert s["precision"] >= 0.98, s
    assert s["recall"] >= 0.85, s


# -- the reports ------------------------------------------------------------------------------------
def test_all_report_paragraphs_untouched():
    require_peers("gov-work-reports")
    policy = Policy()
    for p in report_paragraphs():
        for rule in RULES:
            assert not [e for e in seg.paragraph_rejoin(p, policy) if e.old != e.new], p
            assert not [e for e in rule.func(p, policy) if e.old != e.new], (rule.code, p)


def test_report_paragraph_sequences_never_joined():
    """Consecutive clean paragraphs of each report, as one document, pass untouched."""
    require_peers("gov-work-reports")
    paras = report_paragraphs()
    policy = Policy()
    for k in range(0, len(paras), 50):
        doc = "\n\n".join(paras[k : k + 50])
        assert seg.paragraph_rejoin(doc, policy) == []
        assert seg.paragraph_rejoin(doc.replace("\n\n", "\n"), policy) == []


def test_whole_report_documents_joins_are_breaks():
    """On the 88 whole reports (headings included), every join SEG003 makes repairs a break.

    The Wikisource copies carry line breaks where wiki links were (``所作的\\n政府工作报告\\n。``)
    and a few print breaks; headings must never be joined to their paragraphs.
    """
    require_peers("gov-work-reports")
    policy = Policy()
    bad = []
    for doc in report_documents():
        text = doc["content"]
        for e in seg.paragraph_rejoin(text, policy):
            before = text[: e.start].rsplit("\n", 1)[-1].strip()
            after = text[e.end :].split("\n", 1)[0].strip()
            if seg._LIST_RE.match(before) and len(before) < 40 and not seg._has_inner_final(before):
                bad.append((before, after))
    assert not bad, bad[:5]


# -- seeds --------------------------------------------------------------------------------------------
def _seed(prefix: str) -> str:
    path = next(SEEDS.glob(f"{prefix}_*.txt"), None)
    if path is None:
        pytest.skip("seeds not found")
    return path.read_text(encoding="utf-8")


def test_seed_004_breaks_rejoined_in_isolation():
    text = _seed("004")
    r = clean_and_explain(text, ONLY_SEG)
    joins = [e for s in r.steps if s.code == "SEG003" for e in s.edits]
    assert len(joins) == 9
    assert replay(r.original, r.steps) == r.text
    assert_rule_idempotent(REJOIN, text)
    for whole in ("标杆城市之一，", "新基建项目410个", "新优势。引进", "“经济双飞地”。", "最高位次；", "锂电新材料、集成电路材料", "大藤峡水利枢纽工程是", "太极集团等企业合作", "“一主一副、两翼多点”产业发展布局"):
        assert whole in r.text
    for kept in ("徐文光\n", "全国人大代表、衢州市委书记徐文光：\n", "相关报道\n请扫描二维码"):
        assert kept in r.text


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003"])
def test_seeds_without_print_breaks_untouched(prefix):
    text = _seed(prefix)
    r = clean_and_explain(text, ONLY_SEG)
    assert r.text == text, [e for s in r.steps for e in s.edits][:3]


def test_generated_newspaper_page_breaks_rejoined():
    """Seed 004's layout with real paragraphs broken at random points: every break rejoined or kept, none wrong."""
    require_peers("gov-work-reports")
    rng = random.Random(11)
    total = rejoined = 0
    for _ in range(40):
        arts = [seg_damage.make_article(rng, rng.randint(2, 4)) for _ in range(rng.randint(1, 3))]
        clean_page = seg_damage.build_page(rng, arts)
        damaged = clean_page
        for art in arts:
            p = art["paragraphs"][0]
            positions = [i for i in seg_damage.word_internal_positions(p) if i >= 20 and p[i - 1] not in "。！？；："]
            if positions:
                pos = rng.choice(positions)
                damaged = damaged.replace(p, seg_damage.break_at(p, pos), 1)
                total += 1
        out = fix(REJOIN, damaged)
        assert_deletion_only(damaged, out)
        rejoined += out == clean_page
        for art in arts:
            assert art["kicker"] + "\n" in out and art["caption"] + "\n" in out
    assert rejoined >= 0.9 * 40
