"""Tests of the SPM family (injected spam): literal tables, hard negatives, planted spam, properties."""

from __future__ import annotations

import random
import sys
from importlib import resources
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).parent))

from corpus import SEEDS, report_paragraphs, require_peers, simplified_report_paragraphs  # noqa: E402
from properties import (  # noqa: E402
    assert_deletion_only,
    assert_rule_idempotent,
    assert_rule_no_change,
    assert_rule_total_and_well_formed,
    rule_edits,
)
from spam_planting import (  # noqa: E402
    brand_phrase,
    crackdown_report,
    fake_gambling_notice,
    plant_lines,
    plant_phrase,
)
from strategies import clean_paragraph, generated_clean_text, hostile_text  # noqa: E402

from cleanpolicy import Policy, clean_and_explain  # noqa: E402
from cleanpolicy._compat import tomllib  # noqa: E402
from cleanpolicy._core import apply_edits  # noqa: E402
from cleanpolicy.registry import get_rule  # noqa: E402
from cleanpolicy.rules import spam  # noqa: E402

CODES = ("SPM001", "SPM002", "SPM003", "SPM004", "SPM005")
RULES = [get_rule(c) for c in CODES]
P = Policy(to="keep")


def fix(code: str, text: str) -> str:
    return apply_edits(text, rule_edits(get_rule(code), text, P))


def changes(code: str, text: str):
    return [e for e in rule_edits(get_rule(code), text, P) if e.old != e.new]


def reports(code: str, text: str):
    return [e for e in rule_edits(get_rule(code), text, P) if e.old == e.new]


def _examples():
    with resources.files("cleanpolicy.data").joinpath("spam/examples.toml").open("rb") as fh:
        return tomllib.load(fh)


EXAMPLES = _examples()

# ---------------------------------------------------------------------------------------------
# hard negatives (issue 4, item 5): each must pass every SPM rule untouched and score low

LOTTERY_NOTICE = (
    "财政部关于调整体育彩票部分游戏规则的通知\n\n"
    "各省、自治区、直辖市、计划单列市财政厅（局），国家体育总局体育彩票管理中心：\n\n"
    "根据《彩票管理条例》及其实施细则的规定，经研究，同意调整中国体育彩票“超级大乐透”游戏规则。"
    "调整后，单注投注金额为2元，每期开奖后公布开奖号码和中奖情况，返奖比例不低于50％。"
    "彩票发行机构、销售机构应当加强彩票销售管理，严禁向未成年人销售彩票，严禁以赊销或者信用方式销售彩票，"
    "不得通过互联网擅自销售彩票。各地财政部门要加强监督检查，依法查处违规销售行为。\n\n"
    "本通知自2025年4月1日起施行。\n\n财政部\n2025年3月10日\n"
)
CRACKDOWN_ARTICLE = (
    "全国“扫黄打非”办公室部署开展“净网2025”专项行动\n\n"
    "记者从全国“扫黄打非”办公室获悉，今年以来，各地公安机关依法严厉打击网络赌博、跨境赌博和网络淫秽色情违法犯罪活动，"
    "共侦破涉赌案件1.2万起，取缔非法博彩网站和色情网站3400余个，抓获犯罪嫌疑人2.6万名。"
    "一些不法分子以“百家乐”“六合彩”“北京赛车”等名义，通过网络平台招揽参赌人员，以“注册送彩金”“充值返利”为诱饵，"
    "骗取群众钱财。警方提醒，广大群众要提高警惕，远离网络赌博，发现线索及时举报。\n\n"
    "下一步，全国“扫黄打非”办公室将会同有关部门持续整治网上有害信息，严厉打击制作、传播淫秽色情信息的违法犯罪行为。\n"
)
COMPANY_ARTICLE = (
    "华为发布新一代基站设备。据华为介绍，这款设备的能耗比上一代降低30％。"
    "华为与多家运营商签订了合作协议，华为的研发投入去年超过1600亿元。"
    "业内人士认为，华为在5G领域的积累为其赢得了市场。华为表示，将继续加大基础研究投入。\n"
)
HEADLINES = (
    "国务院常务会议部署推进免费学前教育 2025-03-16\n"
    "财政部：加大对地方转移支付力度 2025-03-15\n"
    "国家发展改革委发布促进民营经济发展若干举措 2025-03-14\n"
    "商务部：一季度实际使用外资同比增长 2025-03-13\n"
    "体育彩票公益金助力全民健身 2025-03-12\n"
)
LEGAL_TEXT = (
    "第一条　为了加强彩票管理，规范彩票市场发展，维护彩票市场秩序，保护彩票参与者的合法权益，制定本条例。\n"
    "第二条　本条例所称彩票，是指国家为筹集社会公益资金，促进社会公益事业发展而特许发行、依法销售，"
    "自然人自愿购买，并按照特定规则获得中奖机会的凭证。\n"
    "第三条　彩票发行、销售和开奖，应当遵循公开、公平、公正和诚实信用的原则。\n"
    "第四条　禁止在中华人民共和国境内发行、销售境外彩票。\n"
)
#: place + product phrases repeated by articles *about* them (the shape SPM002 looks for, used legitimately)
TOPICAL_ARTICLES = (
    "近年来，江苏家具产业加快转型升级。江苏家具企业积极开拓海外市场，去年江苏家具出口额增长12％。"
    "业内人士表示，江苏家具要在设计上下功夫，打响江苏家具品牌。\n",
    "据统计，上海装修公司数量超过两万家。市场监管部门提醒，消费者选择上海装修公司时要查验资质，上海装修公司也要诚信经营。\n",
    "记者走访了多家深圳家具厂家。深圳家具厂家普遍反映，原材料价格上涨明显。一位深圳家具厂家负责人说，今年订单有所回暖，但利润空间被压缩。\n",
    "游客投诉称，报名参加的北京旅行社擅自更改行程。文化和旅游部门随即约谈北京旅行社，责令北京旅行社退还费用，并对北京旅行社处以罚款。\n",
    "今年以来，重庆汽车在新能源领域持续发力。重庆汽车销量同比增长两成，重庆汽车出口也创下新高。市经济信息委表示，将继续支持重庆汽车做大做强。\n",
    "在成都二手车交易市场，成都二手车的成交量稳步上升。据了解，成都二手车平均售价为8万元，不少外地买家专程来买成都二手车。\n",
    "消费者在选购杭州家具时，应注意查看杭州家具的环保标识。今年抽检的杭州家具合格率为96％，部分杭州家具存在甲醛超标问题。\n",
    "广州装修公司协会发布报告称，广州装修公司普遍面临用工难。调查显示，七成广州装修公司表示招工困难，广州装修公司平均用工缺口达15％。\n",
)


@pytest.mark.parametrize("text", TOPICAL_ARTICLES)
@pytest.mark.parametrize("code", ["SPM002", "SPM005"])
def test_topical_place_product_phrase_is_kept(code, text):
    assert rule_edits(get_rule(code), text, P) == []


HARD_NEGATIVES = {
    "lottery-notice": LOTTERY_NOTICE,
    "crackdown-article": CRACKDOWN_ARTICLE,
    "company-repeated": COMPANY_ARTICLE,
    "headlines-with-dates": HEADLINES,
    "legal-articles": LEGAL_TEXT,
}

FAKE_GAMBLING_NOTICE = (
    "关于澳门葡京娱乐城官网更换域名的公告\n\n"
    "尊敬的会员：为了给广大会员提供更优质的服务，本娱乐城官网已全面升级，请牢记最新网址。"
    "新会员注册即送38元彩金，首存100送100，每日返水高达1.5％，支持微信、支付宝充值，提款3分钟秒到账。"
    "百家乐、时时彩、北京赛车pk10、六合彩、足球投注、真人荷官、电子游艺应有尽有，信誉第一，欢迎新老会员登录游戏。"
    "客服QQ在线，7×24小时为您服务。\n"
)


@pytest.mark.parametrize("name", sorted(HARD_NEGATIVES))
@pytest.mark.parametrize("code", CODES)
def test_hard_negatives_untouched(code, name):
    text = HARD_NEGATIVES[name]
    assert rule_edits(get_rule(code), text, P) == []


@pytest.mark.parametrize("name", sorted(HARD_NEGATIVES))
def test_hard_negatives_score_low(name):
    assert spam.document_spam_score(HARD_NEGATIVES[name]) < 0.2


@pytest.mark.parametrize("name", sorted(HARD_NEGATIVES))
def test_hard_negatives_whole_pipeline_keeps_spam_family_quiet(name):
    result = clean_and_explain(HARD_NEGATIVES[name], P)
    assert not [s for s in result.steps if s.code.startswith("SPM")]


# ---------------------------------------------------------------------------------------------
# SPM004 document score


def test_fake_gambling_notice_is_reported_not_deleted():
    edits = rule_edits(get_rule("SPM004"), FAKE_GAMBLING_NOTICE, P)
    assert len(edits) == 1
    e = edits[0]
    assert (e.start, e.end, e.old, e.new) == (0, 0, "", "")
    score = dict(e.meta)["spam_score"]
    assert score >= 0.8
    result = clean_and_explain(FAKE_GAMBLING_NOTICE, Policy(to="keep", select=("SPM004",)))
    assert result.text == FAKE_GAMBLING_NOTICE
    assert result.metadata["spam_score"] == score


def test_generated_gambling_pages_reported_and_crackdown_reports_not():
    terms = spam._vocab().terms.items()
    strong = sorted(t for t, (k, w) in terms if k == "gambling" and w == "strong" and not t.isascii())
    rng = random.Random(11)
    for _ in range(50):
        page = fake_gambling_notice(rng, strong)
        assert [dict(e.meta)["spam_score"] >= 0.5 for e in reports("SPM004", page)] == [True], page
        news = crackdown_report(rng, strong)
        assert rule_edits(get_rule("SPM004"), news, P) == [], news


def test_document_score_range_and_empty():
    assert spam.document_spam_score("") == 0.0
    assert 0.0 <= spam.document_spam_score(FAKE_GAMBLING_NOTICE * 50) <= 1.0


# ---------------------------------------------------------------------------------------------
# SPM001 keyword blocks: literal table and data examples


@pytest.mark.parametrize("case", EXAMPLES["example"], ids=lambda c: c["id"])
def test_data_examples_removed(case):
    text = "第一段正文，内容完整。\n\n" + case["text"] + "\n\n第二段正文，内容完整。\n"
    assert fix(case["rule"], text) == "第一段正文，内容完整。\n\n第二段正文，内容完整。\n"


@pytest.mark.parametrize("case", EXAMPLES["counterexample"], ids=lambda c: c["id"])
def test_data_counterexamples_untouched(case):
    text = case["text"] + "\n"
    assert changes(case["rule"], text) == []


@pytest.mark.parametrize(
    "before, after",
    [
        # seed 003's block, first line of the text, between paragraphs, last line
        ("伊人六月,97自拍超碰,久久精品亚洲7777影院,五月婷婷综合在线观看\n正文。\n", "正文。\n"),
        ("正文一。\n\n伊人六月,97自拍超碰,久久精品亚洲7777影院\n\n正文二。", "正文一。\n\n正文二。"),
        ("正文一。\n伊人六月 97自拍超碰 久久精品亚洲7777影院", "正文一。\n"),
        # two spam lines in a row
        ("正文。\n\n百家乐_时时彩_北京赛车\n\n伊人六月,超碰,无码\n\n正文。\n", "正文。\n\n正文。\n"),
        # stacked one term per line
        ("正文。\n\n伊人六月\n97自拍超碰\n久久精品亚洲7777影院\n五月婷婷\n\n正文二。\n", "正文。\n\n正文二。\n"),
    ],
)
def test_keyword_block_positive(before, after):
    assert fix("SPM001", before) == after


@pytest.mark.parametrize(
    "text",
    [
        "严厉打击网络赌博、六合彩等违法犯罪活动。\n",
        "国产大飞机、亚洲基础设施投资银行、免费疫苗\n",  # ordinary words that are weak spam morphemes
        "视频 | 图片 | 直播\n",
        "2019年,2020年,2021年\n",
        "标题\n\n首页\n新闻\n视频\n图片\n直播\n\n正文。\n",  # a navigation menu, one item per line
        "相关新闻\n体育彩票公益金助力全民健身\n澳门回归25周年\n免费学前教育稳步推进\n",
    ],
)
def test_keyword_block_negative(text):
    assert changes("SPM001", text) == []


# ---------------------------------------------------------------------------------------------
# SPM002 / SPM005 inserted phrases


SEED000_LIKE = (
    "“工业强市”是衢州实现跨越式发展的新动力浙江汽车品牌，是实现共同富裕的最大增量。\n"
    "衢州作为山区县的典型代表，要求农业农村高质量发展浙江汽车品牌，让农村宜居宜业，农民富起来。\n"
)


def test_inserted_phrase_seed000_shape():
    assert fix("SPM002", SEED000_LIKE) == SEED000_LIKE.replace("浙江汽车品牌", "")


def test_inserted_phrase_traditional():
    from opencc import OpenCC

    trad = OpenCC("s2t").convert(SEED000_LIKE)
    assert "浙江汽車品牌" in trad
    assert fix("SPM002", trad) == trad.replace("浙江汽車品牌", "")


def test_inserted_phrase_once_is_not_enough():
    text = SEED000_LIKE.split("\n")[0] + "\n"
    assert changes("SPM002", text) == []


def test_brand_replacing_organ_name_is_reported():
    text = SEED000_LIKE + "本通知由浙江汽车品牌人民政府办公室印发。\n"
    edits = rule_edits(get_rule("SPM005"), text, P)
    assert len(edits) == 1 and edits[0].old == edits[0].new == "浙江汽车品牌"
    # and SPM002 deletes the two insertions but leaves that occurrence
    out = fix("SPM002", text)
    assert out.count("浙江汽车品牌") == 1 and "浙江汽车品牌人民政府" in out


def test_company_name_in_its_own_article_is_kept():
    text = COMPANY_ARTICLE + "华为手机销量增长，华为手机在海外市场表现良好，不少用户选择华为手机。\n"
    assert changes("SPM002", text) == []


def test_planted_phrase_comes_out_exactly():
    """Plant brand-like phrases 2–4 times at random positions; most documents must come back exactly,
    and every deletion made must be a planted phrase (precision)."""
    paras = [p for p in simplified_report_paragraphs() if len(p) > 60]
    if not paras:
        pytest.skip("report paragraphs not available")
    rng = random.Random(20251122)
    exact = planted = found = deleted = 0
    for _ in range(60):
        clean = "\n".join(rng.sample(paras, rng.randint(2, 4)))
        phrase = brand_phrase(rng)
        times = rng.randint(2, 4)
        damaged = plant_phrase(clean, phrase, times, rng)
        dels = changes("SPM002", damaged)
        out = apply_edits(damaged, dels)
        assert_deletion_only(damaged, out)
        planted += times
        deleted += len(dels)
        found += sum(e.old == phrase for e in dels)
        exact += out == clean
    assert found / max(1, deleted) >= 0.95, (found, deleted)
    assert found / planted >= 0.4, (found, planted)
    assert exact >= 20


# ---------------------------------------------------------------------------------------------
# SPM003 decorations


@pytest.mark.parametrize(
    "before, after",
    [
        ("加快发展,,,,,,新质生产力。", "加快发展,新质生产力。"),
        ("加快发展，，，，，新质生产力。", "加快发展，新质生产力。"),
        ("★★★★★推动高质量发展。", "推动高质量发展。"),
        ("推动高质量发展[某某数字]，促进共同富裕[某某数字]，建设美丽中国。", "推动高质量发展，促进共同富裕，建设美丽中国。"),
        ("推动【某某网】高质量发展，促进共同【某某网】富裕。", "推动高质量发展，促进共同富裕。"),
    ],
)
def test_decoration_positive(before, after):
    assert fix("SPM003", before) == after


@pytest.mark.parametrize(
    "text",
    [
        "★ 坚持稳中求进。",
        "……各地都在行动。",
        "据统计[1]，全年新增就业[2]。",
        "【问】今年的重点任务？\n【答】扩大内需。\n【问】如何落实？\n【答】细化分工。",
        "这是一项工作，，也是一项任务。",
        "【打印本页】【关闭窗口】",
        "卖【扶危待雪】08-23 10:50 40字\n自己人【扶危待雪】08-23 10:53 23字",  # forum bylines
        "流配送问题研究[D]: [硕士学位论文]. 合肥: 合肥工业大学. 配送研究[D]: [硕士学位论文]. 北京",
    ],
)
def test_decoration_negative(text):
    assert changes("SPM003", text) == []


# ---------------------------------------------------------------------------------------------
# planted spam lines (drawn from the data examples) come out exactly


def test_planted_spam_lines_come_out_exactly():
    paras = [p for p in simplified_report_paragraphs() if len(p) > 40]
    if not paras:
        pytest.skip("report paragraphs not available")
    lines = [c["text"] for c in EXAMPLES["example"] if c["rule"] == "SPM001"]
    rng = random.Random(7)
    policy = Policy(to="keep", select=("SPM",))
    for _ in range(40):
        chosen = rng.sample(paras, rng.randint(1, 5))
        spam_lines = rng.sample(lines, rng.randint(1, 3))
        damaged = plant_lines(chosen, spam_lines, rng)
        result = clean_and_explain(damaged, policy)
        assert result.text == "\n\n".join(chosen) + "\n"
        assert_deletion_only(damaged, result.text)


# ---------------------------------------------------------------------------------------------
# seeds


def _seed(prefix: str) -> str:
    paths = sorted(SEEDS.glob(prefix + "*.txt"))
    if not paths:
        pytest.skip("seeds not available")
    return paths[0].read_text(encoding="utf-8")


def test_seed003_keyword_block_removed_and_nothing_else():
    text = _seed("003")
    result = clean_and_explain(text, Policy(to="keep", select=("SPM",)))
    removed = [e for s in result.steps for e in s.edits if e.old != e.new]
    assert len(removed) == 1
    assert removed[0].old.startswith("伊人六月,97自拍超碰")
    assert "伊人" not in result.text and "超碰" not in result.text


def test_seed000_inserted_phrase_removed_and_nothing_else():
    text = _seed("000")
    result = clean_and_explain(text, Policy(to="keep", select=("SPM",)))
    removed = [e for s in result.steps for e in s.edits if e.old != e.new]
    assert [e.old for e in removed] == ["浙江汽車品牌", "浙江汽車品牌"]
    assert result.text == text.replace("浙江汽車品牌", "")


@pytest.mark.parametrize("prefix", ["001", "002", "004"])
def test_other_seeds_untouched(prefix):
    text = _seed(prefix)
    result = clean_and_explain(text, Policy(to="keep", select=("SPM",)))
    assert result.text == text
    assert not result.steps


# ---------------------------------------------------------------------------------------------
# clean text: every report paragraph, and independent real pages


def test_all_report_paragraphs_untouched():
    paras = report_paragraphs()
    if not paras:
        pytest.skip("report paragraphs not available")
    rules = RULES
    for p in paras:
        for rule in rules:
            assert not rule_edits(rule, p, P), (rule.code, p)


def test_report_documents_untouched_whole():
    """Whole reports (repeated phrases across a long document) trigger nothing either."""
    from corpus import report_documents

    docs = report_documents()
    if not docs:
        pytest.skip("report documents not available")
    for doc in docs[::4]:
        for rule in RULES:
            assert not [e for e in rule_edits(rule, doc["content"], P) if e.old != e.new], rule.code


def test_real_pages_untouched():
    """The gold text of 69 real Chinese web pages (news, essays): no SPM edit."""
    root = require_peers("chinese-web-extraction/cleaned")
    for path in sorted(root.glob("*.txt")):
        text = "".join(line.strip() for line in path.read_text(encoding="utf-8", errors="replace").splitlines())
        for code in ("SPM001", "SPM002", "SPM003"):
            assert changes(code, text) == [], (path.name, code)


def test_vocabulary_strong_terms_absent_from_reports():
    paras = report_paragraphs()
    if not paras:
        pytest.skip("report paragraphs not available")
    folded = spam._fold("\n".join(paras))
    strong = [t for t, (k, w) in spam._vocab().terms.items() if w == "strong"]
    assert strong
    assert [t for t in strong if t in folded] == []


def test_vocabulary_has_no_leader_or_organ_names():
    names = ("习近平", "李强", "赵乐际", "王沪宁", "蔡奇", "丁薛祥", "李希", "周小川", "证监会", "国务院", "人民银行")
    terms = spam._vocab().terms
    assert not [n for n in names if n in terms]


def test_data_rows_have_provenance():
    path = resources.files("cleanpolicy.data").joinpath("spam/terms.tsv")
    for line in path.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            cols = line.split("\t")
            assert len(cols) >= 4 and cols[3], line


# ---------------------------------------------------------------------------------------------
# properties


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
@given(text=hostile_text)
def test_total_on_hostile_text(rule, text):
    assert_rule_total_and_well_formed(rule, text, P)


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
@given(text=st.one_of(hostile_text, generated_clean_text(), st.sampled_from([SEED000_LIKE, FAKE_GAMBLING_NOTICE])))
def test_idempotent(rule, text):
    assert_rule_idempotent(rule, text, P)


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
@given(text=clean_paragraph())
def test_clean_paragraph_unchanged(rule, text):
    assert_rule_no_change(rule, text, P)


@settings(max_examples=60)
@given(data=st.data())
def test_deletion_only(data):
    paras = simplified_report_paragraphs() or ("推动高质量发展，促进共同富裕。",)
    chosen = data.draw(st.lists(st.sampled_from(paras), min_size=1, max_size=3))
    lines = [c["text"] for c in EXAMPLES["example"]]
    rng = random.Random(data.draw(st.integers(0, 10**6)))
    damaged = plant_lines(chosen, rng.sample(lines, 2), rng)
    damaged = plant_phrase(damaged, brand_phrase(rng), rng.randint(2, 4), rng)
    damaged = damaged.replace("。", "。★★★", 1)
    out = clean_and_explain(damaged, Policy(to="keep", select=("SPM",))).text
    assert_deletion_only(damaged, out)
    assert len(out) <= len(damaged)


# ---------------------------------------------------------------------------------------------
# linear time: 100 KB of one term repeated must be handled (the rules are linear by construction: bounded
# candidate lengths, a capped number of candidate phrases, no nested regex quantifiers but possessive
# ones, which never backtrack).  Timings are in
# docs/spam.md; no wall-clock assertion here.


@pytest.mark.parametrize("unit", ["百家乐", "浙江汽车品牌", "伊人六月,", "★", ",", "【某某数字】"])
def test_runs_on_100kb_of_one_repeated_term(unit):
    big = unit * (100_000 // len(unit))
    for rule in RULES:
        out = apply_edits(big, rule_edits(rule, big, P))
        assert_deletion_only(big, out)
