"""BPL: portal boilerplate rules — literal tables, data examples, planting, hard negatives, properties, seeds."""

from __future__ import annotations

import functools
import glob
import re
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from corpus import SEEDS, report_documents, report_paragraphs  # noqa: E402
from properties import (  # noqa: E402
    assert_deletion_only,
    assert_rule_idempotent,
    assert_rule_no_change,
    assert_rule_total_and_well_formed,
    rule_edits,
)
from strategies import clean_paragraph, generated_clean_text, hostile_text  # noqa: E402

from cleanpolicy import Policy, clean_and_explain  # noqa: E402
from cleanpolicy._core import apply_edits, merge_metadata  # noqa: E402
from cleanpolicy.registry import get_rule  # noqa: E402
from cleanpolicy.rules import boilerplate as bpl  # noqa: E402

CODES = tuple(r.code for r in bpl.RULES)
BPL_ONLY = Policy(to="keep", select=("BPL",))


def run(code: str, text: str) -> tuple[str, dict]:
    res = clean_and_explain(text, Policy(to="keep", select=(code,)))
    return res.text, res.metadata


@functools.lru_cache(maxsize=None)
def _s2t():
    import opencc

    return opencc.OpenCC("s2t")


def to_traditional(s: str) -> str:
    return _s2t().convert(s)


# -- literal tables ---------------------------------------------------------------------------------
P1 = "衢州将按照省委的要求，深入践行“八个嘱托”，扎实推进“八大任务”。"
P2 = "对衢州来说，区域开放是最大的改革，不开放就没有出路。"

POSITIVE = [
    # (code, input, expected output, expected metadata subset)
    # a trail ending in the page title keeps the title (seed 001 has no other copy of it)
    ("BPL001", f"首页 > 以开路先锋的姿态 书写高分答卷\n\n{P1}\n", f"以开路先锋的姿态 书写高分答卷\n\n{P1}\n", {"title": "以开路先锋的姿态 书写高分答卷"}),
    ("BPL001", f"首页 > 新闻频道 > 国内新闻\n\n{P1}\n", f"{P1}\n", {}),
    ("BPL001", f"首頁\u00a0 > \u00a0新聞頻道\u00a0 > \u00a0國內新聞\n\n{P1}\n", f"{P1}\n", {}),
    ("BPL001", f"{P1}\n当前位置：首页 > 政务公开\n{P2}\n", f"{P1}\n{P2}\n", {}),
    (
        "BPL002",
        "中新网衢州1月26日电 (张斌)“十五五”开局之年，浙江各地展开探索。\n\n  以浙江最西部的城市衢州为例，过去，这里被视为内陆\">\n\n标题\n\n"
        "中新网衢州1月26日电 (张斌)“十五五”开局之年，浙江各地展开探索。\n\n  以浙江最西部的城市衢州为例，过去，这里被视为内陆城市、山区地带。\n",
        "标题\n\n中新网衢州1月26日电 (张斌)“十五五”开局之年，浙江各地展开探索。\n\n  以浙江最西部的城市衢州为例，过去，这里被视为内陆城市、山区地带。\n",
        {},
    ),
    ("BPL003", f"浙西门户衢州，超常规抓科创\n\n浙西门户衢州，超常规抓科创\n\n{P1}\n", f"浙西门户衢州，超常规抓科创\n\n{P1}\n", {"title": "浙西门户衢州，超常规抓科创"}),
    (
        "BPL004",
        f"在争创社会主义现代化先行省中彰显作为\n\n发布日期:2020-11-30 信息来源: 《今日浙江》杂志\n\n{P1}\n",
        f"在争创社会主义现代化先行省中彰显作为\n\n{P1}\n",
        {"date": "2020-11-30", "source": "《今日浙江》杂志", "title": "在争创社会主义现代化先行省中彰显作为"},
    ),
    (
        "BPL004",
        f"浙西門戶衢州,超常規抓科創\n\n2026-01-26 18:41:38\n\n來源:中國新聞網\n\n{P1}\n",
        f"浙西門戶衢州,超常規抓科創\n\n{P1}\n",
        {"date": "2026-01-26T18:41:38", "source": "中國新聞網", "title": "浙西門戶衢州,超常規抓科創"},
    ),
    (
        "BPL004",
        f"{P1}\n时间：2022年02月13日 07:48 | 来源：人民网 | 作者：张三 李四 | 责任编辑：王五\n{P2}\n",
        f"{P1}\n{P2}\n",
        {"date": "2022-02-13T07:48", "source": "人民网", "authors": ["张三", "李四"], "editors": ["王五"]},
    ),
    (
        "BPL005",
        f"浙江新聞客戶端制作人翁浩浩記者于山設計葉曉倩攝徐軍通訊員于銳\n{P1}\n",
        f"{P1}\n",
        {"producers": ["翁浩浩"], "reporters": ["于山"], "designers": ["葉曉倩"], "photographers": ["徐軍"], "correspondents": ["于銳"]},
    ),
    ("BPL005", f"{P1}\n\n(本版稿件由本报记者何芳、江金骐、梁隽好采写)\n", f"{P1}\n", {"reporters": ["何芳", "江金骐", "梁隽好"]}),
    ("BPL005", f"文/王文明 图/李四\n{P1}\n", f"{P1}\n", {"authors": ["王文明"], "photographers": ["李四"]}),
    ("BPL006", f"{P1}\n【打印本页】【关闭窗口】\n", f"{P1}\n", {}),
    ("BPL006", f"【字体：大 中 小】\n{P1}\n", f"{P1}\n", {}),
    ("BPL007", f"{P1}\n\n相关报道\n请扫描二维码\n\n{P2}\n", f"{P1}\n\n{P2}\n", {}),
    ("BPL007", f"{P1}\n扫一扫在手机打开当前页\n", f"{P1}\n", {}),
    (
        "BPL008",
        f"{P1}\n\n1月22日晚，衢州市委教育科技人才工作座谈会现场。张斌 摄\n\n{P2}\n",
        f"{P1}\n\n1月22日晚，衢州市委教育科技人才工作座谈会现场。\n\n{P2}\n",
        {"photographers": ["张斌"]},
    ),
    ("BPL008", f"{P1}\n\n图片来源：网络\n\n{P2}\n", f"{P1}\n\n{P2}\n", {"image_source": "网络"}),
    ("BPL008", f"{P1}\n新华社记者 李贺 摄\n{P2}\n", f"{P1}\n{P2}\n", {"photographers": ["李贺"]}),
    ("BPL009", f"{P1}(完)\n", f"{P1}\n", {}),
    ("BPL009", f"{P1}【责任编辑：张三】\n{P2}\n", f"{P1}\n{P2}\n", {"editors": ["张三"]}),
    ("BPL009", f"{P1}\n\n（完）\n", f"{P1}\n", {}),
    ("BPL010", f"{P1}\n\n免責聲明:本網對文中陳述、觀點判斷保持中立,請讀者僅作參考。\n", f"{P1}\n", {}),
    ("BPL011", f"{P1}\n\n\nProduced By 大汉网络 大汉版通发布系统 Produced By 大汉网络 大汉版通发布系统", f"{P1}\n", {}),
    ("BPL011", f"{P1}\n主办单位：衢州市人民政府办公室 网站标识码：3308000001\n浙ICP备05012345号 浙公网安备 33080202000123号\n", f"{P1}\n", {}),
]


@pytest.mark.parametrize("code,text,expected,meta", POSITIVE, ids=[f"{p[0]}-{i}" for i, p in enumerate(POSITIVE)])
def test_positive(code, text, expected, meta):
    out, got = run(code, text)
    assert out == expected
    for k, v in meta.items():
        assert got.get(k) == v, (k, got)
    assert_deletion_only(text, out)


def test_dateline_reporters_are_reported_not_edited():
    text = "中新網衢州1月26日電 (張斌)“十五五”開局之年，浙江各地展開探索。\n"
    out, meta = run("BPL012", text)
    assert out == text
    assert meta["reporters"] == ["張斌"]


# -- hard negatives ---------------------------------------------------------------------------------
LOTTERY_NOTICE = """财政部关于印发《体育彩票发行与销售管理暂行办法》的通知

财综〔2020〕15号

各省、自治区、直辖市财政厅（局），国家体育总局体育彩票管理中心：

为规范体育彩票发行和销售行为，保护彩票参与者的合法权益，现将《体育彩票发行与销售管理暂行办法》印发给你们，请遵照执行。

第一条 为加强体育彩票管理，根据《彩票管理条例》，制定本办法。

第二条 体育彩票资金来源：彩票发行收入，按规定比例分配。

第三条 彩票开奖结果应当及时向社会公告。

附件：体育彩票发行与销售管理暂行办法

财政部

2020年11月30日
"""

LEGAL_TEXT = """中华人民共和国彩票管理条例

第一章 总则

第一条 为了加强彩票管理，规范彩票市场发展，维护彩票市场秩序，保护彩票参与者的合法权益，制定本条例。

第二条 本条例所称彩票，是指国家为筹集社会公益资金，促进社会公益事业发展而特许发行、依法销售，自然人自愿购买，并按照特定规则获得中奖机会的凭证。

第三条 彩票发行机构、彩票销售机构应当依法履行职责。

第二章 彩票发行和销售管理

第四条 国务院特许发行福利彩票、体育彩票。
"""

HEADLINES = """要闻动态

衢州市召开2021年经济工作会议 2021-01-05

市政府常务会议研究部署安全生产工作 2021-01-04

我市举行新春团拜会 2021-01-03

关于开展2021年度安全生产检查的通知 2021-01-02
"""

SOURCE_IN_PROSE = """项目建设资金来源：财政拨款，不足部分由县级统筹解决。

资金来源：财政拨款

本次调查的数据来源：各县（市、区）统计局报送的年报数据，经审核后汇总。
"""

QR_IN_PROSE = """为方便群众办事，市民可通过扫描二维码进入小程序办理业务。

扫描二维码即可报名，名额有限，报满为止。

二维码技术广泛应用于政务服务，“一码通”已覆盖全市。
"""

MEETING_NOTICE = """关于召开全市安全生产工作会议的通知

各县（市、区）人民政府：

经市政府同意，定于近期召开全市安全生产工作会议。现将有关事项通知如下：

时间：2021年3月5日上午9:00

地点：市行政中心三楼会议室

联系人：张三，电话：0570-1234567

衢州市人民政府办公室

2021年3月1日
"""

NEGATIVES = {
    "lottery-notice": LOTTERY_NOTICE,
    "legal-text": LEGAL_TEXT,
    "headlines-with-dates": HEADLINES,
    "source-in-prose": SOURCE_IN_PROSE,
    "qr-in-prose": QR_IN_PROSE,
    "meeting-notice": MEETING_NOTICE,
    "photo-in-prose": "记者前往现场采访拍摄。\n\n全片由他一人在当地拍摄\n",
    "copyright-in-prose": "依法保护著作权人的版权所有权益。\n\n要严厉打击未经许可转载、复制他人作品的侵权行为。\n",
    "credit-in-prose": "记者从市发改委获悉，今年全市新开工项目120个。\n\n设计师王五介绍了方案。\n\n记者张三\n",
    "arrows-in-prose": "当x > 0时，函数单调递增。\n\nGDP > 100亿元的县有12个。\n",
}


@pytest.mark.parametrize("name", sorted(NEGATIVES))
def test_hard_negative_untouched_by_every_rule(name):
    text = NEGATIVES[name]
    for code in CODES:
        assert_rule_no_change(get_rule(code), text, BPL_ONLY)
    traditional = to_traditional(text)
    for code in CODES:
        assert_rule_no_change(get_rule(code), traditional, BPL_ONLY)


# -- data files: examples and counterexamples --------------------------------------------------------
def _data_cases():
    for p in bpl.patterns():
        for ex in p.examples:
            yield pytest.param(p.rule, ex, True, id=f"{p.file}:{p.id}:ex:{ex[:12]}")
        for ex in p.counterexamples:
            yield pytest.param(p.rule, ex, False, id=f"{p.file}:{p.id}:counter:{ex[:12]}")


@pytest.mark.parametrize("code,line,removed", list(_data_cases()))
def test_data_examples(code, line, removed):
    doc = f"{P1}\n\n{line}\n\n{P2}\n"
    out, _ = run(code, doc)
    if removed:
        assert line not in out
        assert P1 in out and P2 in out
        assert_deletion_only(doc, out)
        # the same line in traditional script is removed too
        trad = to_traditional(line)
        tdoc = f"{P1}\n\n{trad}\n\n{P2}\n"
        tout, _ = run(code, tdoc)
        assert trad not in tout
    else:
        assert out == doc


def test_every_pattern_has_evidence():
    for p in bpl.patterns():
        assert p.examples or p.counterexamples, p.id
        assert p.rule in CODES, p.id


# -- generated damage: plant template lines in clean text, take them out again -----------------------
def _whole_line_removed(code: str, line: str) -> bool:
    return run(code, line + "\n")[0] == ""


PLANTABLE = [
    (p.rule, ex)
    for p in bpl.patterns()
    for ex in p.examples
    if p.rule not in ("BPL009", "BPL002", "BPL003") and (p.rule != "BPL008" or _whole_line_removed(p.rule, ex))
]


@st.composite
def planted_document(draw):
    paras = draw(st.lists(st.one_of(clean_paragraph(), generated_clean_text()), min_size=2, max_size=5, unique=True))
    clean = "\n\n".join(paras) + "\n"
    junk = draw(st.lists(st.sampled_from(PLANTABLE), min_size=1, max_size=4))
    trad = draw(st.booleans())
    lines = list(paras)
    for _code, line in junk:
        pos = draw(st.integers(0, len(lines)))
        lines.insert(pos, to_traditional(line) if trad else line)
    return clean, "\n\n".join(lines) + "\n"


@given(planted_document())
def test_planted_boilerplate_comes_back_out(case):
    clean, damaged = case
    res = clean_and_explain(damaged, BPL_ONLY)
    assert res.text == clean
    assert_deletion_only(damaged, res.text)


@given(clean_paragraph(), st.sampled_from(["（完）", "(完)", "【责任编辑：张三】", "（来源：人民日报）", "（记者 张三）"]))
def test_planted_end_marks(para, mark):
    out, _ = run("BPL009", para + mark + "\n")
    assert out == para + "\n"


# -- properties -------------------------------------------------------------------------------------
@pytest.mark.parametrize("code", CODES)
@given(text=hostile_text)
def test_total_and_idempotent_on_hostile_text(code, text):
    rule = get_rule(code)
    assert_rule_total_and_well_formed(rule, text)
    assert_rule_idempotent(rule, text)


@pytest.mark.parametrize("code", CODES)
@given(text=clean_paragraph())
def test_clean_paragraph_unchanged(code, text):
    assert_rule_no_change(get_rule(code), text)


@given(st.lists(st.one_of(clean_paragraph(), st.sampled_from([ex for _c, ex in PLANTABLE])), min_size=1, max_size=6))
def test_deletion_only_and_idempotent(parts):
    text = "\n".join(parts) + "\n"
    once = clean_and_explain(text, BPL_ONLY).text
    assert_deletion_only(text, once)
    assert clean_and_explain(once, BPL_ONLY).text == once


def test_long_line_is_linear():
    text = ("首页 > " + "新闻" * 200_000 + "\n") + ("来源：" + "中" * 100_000 + "\n") + "扫" * 100_000
    for code in CODES:
        assert_rule_total_and_well_formed(get_rule(code), text)


# -- the clean reports ------------------------------------------------------------------------------
def test_all_report_paragraphs_untouched():
    paras = report_paragraphs()
    if not paras:
        pytest.skip("gov-work-reports not found")
    rules = [get_rule(c) for c in CODES]
    policy = BPL_ONLY
    for p in paras:
        for rule in rules:
            edits = [e for e in rule_edits(rule, p, policy) if e.old != e.new]
            assert not edits, (rule.code, p[:60], edits[:2])


def test_whole_report_documents_untouched():
    docs = report_documents()
    if not docs:
        pytest.skip("gov-work-reports not found")
    for doc in docs:
        text = doc["content"]
        for code in CODES:
            edits = [e for e in rule_edits(get_rule(code), text, BPL_ONLY) if e.old != e.new]
            assert not edits, (code, doc.get("title"), edits[:2])


# -- seeds ------------------------------------------------------------------------------------------
def _seed(n: str) -> str:
    paths = glob.glob(str(SEEDS / f"{n}_*.txt"))
    if not paths:
        pytest.skip(f"seed {n} not found")
    return Path(paths[0]).read_text(encoding="utf-8")


_PINYIN_RE = re.compile(r"\([a-zA-Zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)")

#: boilerplate that must be gone (checked on the simplified fold, without spaces)
SEED_GONE = {
    "001": ["首页>", "发布日期", "信息来源", "ProducedBy", "大汉版通"],
    "003": ["首页>", "来源:中国新闻网", "2026-01-2618:41:38", "免责声明", "刘舒婷摄", "张斌摄", "江峰摄", "(完)", "创新要\">"],
    "004": ["相关报道", "请扫描二维码", "本版稿件由"],
}
#: text that a meta-description copy duplicates: once only after cleaning
SEED_ONCE = {"003": ["以浙江最西部的城市衢州为例", "开局之年,在因地制宜发展新质生产力"]}
#: lines of the seed that are boilerplate (1-based); every other line's sentences must survive
SEED_BOILERPLATE_LINES = {
    "001": {1, 5, 92},
    "003": {1, 3, 5, 7, 11, 13, 67},
    "004": {33, 34, 68, 69, 95, 96, 98},
}
SEED_META = {
    "001": {"date": "2020-11-30", "source": "《今日浙江》杂志"},
    "003": {"date": "2026-01-26T18:41:38", "reporters": ["张斌"], "photographers": ["刘舒婷", "张斌", "江峰"]},
    "004": {"reporters": ["何芳", "江金骐", "梁隽好"]},
}


def _key(s: str) -> str:
    from cleanpolicy.chars import fold_simplified

    s = fold_simplified(_PINYIN_RE.sub("", s))
    return "".join(ch for ch in s if "\u4e00" <= ch <= "\u9fff")


@pytest.mark.parametrize("n", sorted(SEED_GONE))
def test_seed_boilerplate_gone(n):
    """Full default pipeline: no breadcrumb, date/source line, credit, disclaimer, caption, QR box left."""
    from cleanpolicy.chars import fold_simplified

    raw = _seed(n)
    res = clean_and_explain(raw, Policy(to="keep"))
    flat = re.sub(r"\s+", "", fold_simplified(res.text)).replace("，", ",").replace("：", ":").replace("（", "(").replace("）", ")")
    for s in SEED_GONE[n]:
        assert s not in flat, f"seed {n}: {s!r} left"
    for s in SEED_ONCE.get(n, ()):
        assert flat.count(s) == 1, f"seed {n}: {s!r} should appear once"
    for key, want in SEED_META[n].items():
        got = res.metadata.get(key)
        if isinstance(want, list):
            assert [fold_simplified(x) for x in got or []] == want, (key, got)
        else:
            assert got is not None and fold_simplified(str(got)) == want, (key, got)


@pytest.mark.parametrize("n", sorted(SEED_GONE))
def test_seed_sentences_kept(n):
    """The boilerplate rules keep every sentence of the articles (pinyin stripped first, as PYN does)."""
    raw = _PINYIN_RE.sub("", _seed(n))
    res = clean_and_explain(raw, BPL_ONLY)
    out_key = _key(res.text)
    assert_deletion_only(raw, res.text)
    for i, line in enumerate(raw.splitlines(), 1):
        if i in SEED_BOILERPLATE_LINES[n] or not line.strip():
            continue
        line = re.sub(r"[\u4e00-\u9fff]{2,4} [摄攝]\s*$", "", line)  # the photo credit goes
        for sent in re.split(r"[。！？]", line):
            k = _key(sent)
            if len(k) >= 4:
                assert k in out_key, f"seed {n} line {i}: sentence lost: {sent[:40]!r}"


def test_qr_box_edits_mark_boundaries():
    raw = _seed("004")
    res = clean_and_explain(raw, BPL_ONLY)
    boundaries = [e for s in res.steps for e in s.edits if ("boundary", "qr-box") in e.meta]
    assert len(boundaries) == 3
    md = merge_metadata(res.steps)
    assert md["reporters"] == ["何芳", "江金骐", "梁隽好"]


def test_caption_whole_line_option():
    policy = Policy(to="keep", select=("BPL008",)).with_options("boilerplate", caption="line")
    text = f"{P1}\n\n1月22日晚，座谈会现场。张斌 摄\n\n{P2}\n"
    assert clean_and_explain(text, policy).text == f"{P1}\n\n{P2}\n"


def test_parse_date():
    assert bpl.parse_date("2026-01-26 18:41:38") == "2026-01-26T18:41:38"
    assert bpl.parse_date("发布日期:2020-11-30") == "2020-11-30"
    assert bpl.parse_date("2022年02月13日 07:48") == "2022-02-13T07:48"
    assert bpl.parse_date("2020-13-40") is None
    assert bpl.parse_date("无日期") is None


def test_apply_edits_roundtrip_on_seed():
    raw = _seed("003")
    for code in CODES:
        edits = rule_edits(get_rule(code), raw, BPL_ONLY)
        apply_edits(raw, edits)


# -- fast paths: the shortcuts must agree with the plain definitions --------------------------------
_MIXED = st.lists(st.sampled_from(list("首页位置来源發佈時間國於乾後著\n 　>：:2020-11-30完）)") + ["網站", "聲明", "\ud800", "𠀀"]), max_size=80).map("".join)


@given(st.one_of(hostile_text, _MIXED, clean_paragraph().map(to_traditional)))
def test_fast_fold_is_the_fold(text):
    from cleanpolicy.chars import fold_simplified

    assert bpl._fold(text) == fold_simplified(text)
    assert bpl._fold(text * 300) == fold_simplified(text * 300)  # the long-text path


@given(st.one_of(hostile_text, _MIXED), st.sampled_from([bpl._BREAD_TRIGGERS, bpl._FOOTER_TRIGGERS, bpl._CREDIT_TRIGGERS, ("来源于网络",)]))
def test_gate_is_a_search_in_the_fold(text, triggers):
    from cleanpolicy.chars import fold_simplified

    assert bpl._gate(text, triggers) == any(t in fold_simplified(text) for t in triggers)


@given(st.lists(st.sampled_from(["现在，我代表国务院向大会报告", "現在，我代表國務院向大會報告政府工作", "  现在，我代表国务院向大会报告政府工作", "各位代表：", "", "首页 > 新闻"]), max_size=8))
def test_find_later_start_is_a_line_scan(lines):
    from cleanpolicy.chars import fold_simplified

    text = "\n".join(lines)
    probe = "现在，我代表国务院向大会报告"
    d = bpl._Doc(text)
    got = bpl._find_later_start(d, probe, 0)
    want = next((i for i, ln in enumerate(lines) if fold_simplified(ln).strip(bpl._STRIP).startswith(probe)), None)
    if want is None:
        assert got == -1
    else:
        assert text.count("\n", 0, got) == want


def test_candidate_lines_cover_every_data_example():
    """Each whole-line example of the data files is a candidate line of its rule, in both scripts
    (the candidate words in the module must follow the data files)."""
    keys = {"BPL001": ("bread",), "BPL004": ("byline",), "BPL006": ("widget",), "BPL008": ("caption",),
            "BPL009": ("close",), "BPL010": ("disclaimer",), "BPL011": ("footer", "footer_start")}
    for p in bpl.patterns():
        if p.rule not in keys:
            continue
        for ex in p.examples:
            for line in (ex, to_traditional(ex), "　" + ex):
                d = bpl._Doc(f"{P1}\n{line}\n{P2}")
                assert any(ln.index == 1 for k in keys[p.rule] for ln in d.candidates(k)), (p.id, line)
