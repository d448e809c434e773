"""Article segmentation: seeds, generated multi-article pages, the edit-log boundaries, dedupe."""

from __future__ import annotations

import random
import re
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parent / "rules"))

from cleanpolicy import Policy  # noqa: E402
from cleanpolicy._core import Edit, Step  # noqa: E402
from cleanpolicy.chars import fold_simplified  # noqa: E402
from cleanpolicy.segmentation import Article, boundaries_from_steps, segment, split_articles  # noqa: E402
from corpus import SEEDS, require_peers  # noqa: E402
from strategies import clean_document, hostile_text  # noqa: E402

import seg_damage  # noqa: E402

ONLY_SEG = Policy(select=("SEG",), to="keep")
DEFAULT = Policy()
POLICIES = pytest.mark.parametrize("policy", [ONLY_SEG, DEFAULT], ids=["SEG-only", "default"])

JSON_KEYS = {"index", "title", "kicker", "byline", "date", "source", "paragraphs", "text", "start", "end", "subtitle", "captions"}


def _seed(prefix: str) -> str:
    path = next(SEEDS.glob(f"{prefix}_*.txt"), None)
    if path is None:
        pytest.skip("seeds not found")
    return path.read_text(encoding="utf-8")


_PINYIN_RE = re.compile(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)")


def _fold(s):
    """Simplified, without inline pinyin (PYN does not run in the SEG-only policy)."""
    return _PINYIN_RE.sub("", fold_simplified(s)) if s else s


# -- seeds ---------------------------------------------------------------------------------------------
@POLICIES
def test_seed_004_three_interviews(policy):
    arts = segment(_seed("004"), policy)
    assert [a.title for a in arts] == [
        "“美丽+智慧”，新引擎驱动高质量发展",
        "放大门户优势，做高质量发展支点",
        "培育软硬环境新优势，聚力资源转化新动能",
    ]
    assert [a.kicker for a in arts] == [
        "全国人大代表、衢州市委书记徐文光：",
        "全国人大代表、来宾市市长雷应敏：",
        "全国人大代表、新乡市市长王登喜：",
    ]
    assert [a.captions for a in arts] == [["徐文光"], ["雷应敏"], ["王登喜"]]
    for a in arts:
        assert a.byline == "本版稿件由本报记者何芳、江金骐、梁隽好采写"
        assert a.authors == ["何芳", "江金骐", "梁隽好"]
        assert set(a.to_json()) >= JSON_KEYS
        assert not any("二维码" in p or "相关报道" in p for p in a.paragraphs)
    body = "\n".join(p for a in arts for p in a.paragraphs)
    for whole in ("标杆城市之一，", "新基建项目410个", "新优势。引进", "“经济双飞地”。", "大藤峡水利枢纽工程是"):
        assert whole in body
    assert [len(a.paragraphs) for a in arts] == [6, 8, 4]


@POLICIES
def test_seed_004_offsets_point_into_cleaned_text(policy):
    from cleanpolicy import clean

    text = clean(_seed("004"), policy)
    for a in segment(_seed("004"), policy):
        assert text[a.start : a.end] == a.text
        assert a.text.startswith(a.kicker)
        for p in a.paragraphs:
            assert p in a.text


@POLICIES
def test_seed_000_one_article_first_heading_is_title(policy):
    arts = segment(_seed("000"), policy)
    assert len(arts) == 1
    assert _fold(arts[0].title).replace(",", "，") == "打造科技创新源头，赋能共同富裕示范区"
    # the editor's note is kept as the first paragraph; section headings stay inside the article
    assert _fold(arts[0].paragraphs[0]).startswith("编者按")
    assert any(_fold(p).startswith("顺势而为") for p in arts[0].paragraphs)


@POLICIES
def test_seed_001_title_from_breadcrumb_subtitle_below(policy):
    arts = segment(_seed("001"), policy)
    assert len(arts) == 1
    a = arts[0]
    assert a.title == "以开路先锋的姿态 书写高分答卷"
    assert a.subtitle == "在争创社会主义现代化先行省中彰显作为"
    assert a.date and a.date.startswith("2020-11-30")
    assert a.source and "今日浙江" in a.source
    assert any(p.startswith("聚焦整体智治") for p in a.paragraphs)
    assert a.paragraphs[0].startswith("衢州将按照省委")


@POLICIES
def test_seed_003_one_article(policy):
    arts = segment(_seed("003"), policy)
    assert len(arts) == 1
    a = arts[0]
    assert _fold(a.title).replace(",", "，") == "浙西门户衢州，超常规抓科创"
    assert a.date and a.date.startswith("2026-01-26")
    # the meta-description copy of the lead is not a paragraph of its own
    leads = [p for p in a.paragraphs if "以浙江最西部的城市" in _fold(p)]
    assert len(leads) == 1 and not leads[0].endswith('">')
    assert sum(1 for p in a.paragraphs if "开局之年" in _fold(p)) == 1


# -- generated pages ---------------------------------------------------------------------------------
def _check_page(arts: list[Article], expected: list[dict]) -> None:
    assert len(arts) == len(expected)
    for art, exp in zip(arts, expected):
        assert art.title == exp["title"]
        assert art.kicker == exp["kicker"]
        assert art.paragraphs == exp["paragraphs"], (art.paragraphs, exp["paragraphs"])
        assert art.byline == "本版稿件由本报记者何芳、江金骐、梁隽好采写"
    # concatenating the articles' paragraphs loses no body text
    got = "".join(p for a in arts for p in a.paragraphs)
    assert got == "".join(p for e in expected for p in e["paragraphs"])


@POLICIES
@pytest.mark.parametrize("seed", range(12))
def test_generated_pages_segment_into_their_articles(policy, seed):
    require_peers("gov-work-reports")
    rng = random.Random(seed)
    arts = [seg_damage.make_article(rng, rng.randint(1, 4)) for _ in range(rng.randint(1, 4))]
    page = seg_damage.build_page(rng, arts)
    _check_page(segment(page, policy), arts)


@POLICIES
@pytest.mark.parametrize("seed", range(6))
def test_generated_pages_with_broken_paragraphs(policy, seed):
    """Broken paragraphs are whole in the articles (SEG003 runs before segmentation)."""
    require_peers("gov-work-reports")
    rng = random.Random(100 + seed)
    arts = [seg_damage.make_article(rng, rng.randint(2, 3)) for _ in range(rng.randint(2, 3))]
    page = seg_damage.build_page(rng, arts)
    for art in arts:
        p = art["paragraphs"][-1]
        positions = [i for i in seg_damage.word_internal_positions(p) if i >= 40 and p[i - 1] not in "。！？；："]
        if positions:
            page = page.replace(p, seg_damage.break_at(p, rng.choice(positions)), 1)
    _check_page(segment(page, policy), arts)


@pytest.mark.parametrize("seed", range(6))
def test_generated_pages_without_boxes_split_on_kickers(seed):
    require_peers("gov-work-reports")
    rng = random.Random(200 + seed)
    arts = [seg_damage.make_article(rng, rng.randint(1, 3)) for _ in range(rng.randint(2, 4))]
    page = seg_damage.build_page(rng, arts, boxes=False)
    _check_page(segment(page, ONLY_SEG), arts)


def test_page_headers_are_boundaries():
    require_peers("gov-work-reports")
    rng = random.Random(5)
    paras = seg_damage.body_paragraphs()
    page = "第6版（国际）\n\n甲国举行大选\n\n" + paras[0] + "\n\n" + paras[1] + "\n\n第6版（国际）\n\n乙国发布新预算\n\n" + paras[2] + "\n"
    arts = split_articles(page)
    assert [a.title for a in arts] == ["甲国举行大选", "乙国发布新预算"]
    assert [a.paragraphs for a in arts] == [[paras[0], paras[1]], [paras[2]]]
    del rng


def test_numbered_headline_list_followed_by_bodies():
    require_peers("gov-work-reports")
    paras = seg_damage.body_paragraphs()
    page = (
        "1. 全省经济运行稳中向好\n2. 城乡居民收入稳步增长\n3. 生态环境持续改善\n\n"
        f"全省经济运行稳中向好\n\n{paras[0]}\n\n城乡居民收入稳步增长\n\n{paras[1]}\n\n{paras[2]}\n\n生态环境持续改善\n\n{paras[3]}\n"
    )
    arts = split_articles(page)
    assert [a.title for a in arts] == ["全省经济运行稳中向好", "城乡居民收入稳步增长", "生态环境持续改善"]
    assert [len(a.paragraphs) for a in arts] == [1, 2, 1]


def test_single_article_with_section_headings_is_one_article():
    require_peers("gov-work-reports")
    paras = seg_damage.body_paragraphs()
    page = f"加快建设现代化产业体系\n\n{paras[0]}\n\n一、做强实体经济\n\n{paras[1]}\n\n二、培育发展新动能\n\n{paras[2]}\n"
    arts = split_articles(page)
    assert len(arts) == 1
    assert arts[0].title == "加快建设现代化产业体系"
    assert arts[0].paragraphs == [paras[0], "一、做强实体经济", paras[1], "二、培育发展新动能", paras[2]]


# -- the edit log -------------------------------------------------------------------------------------
def test_boundaries_from_steps_map_through_later_edits():
    original = "甲文。\n\n相关报道\n请扫描二维码\n\n乙文。"
    box = original.index("相关报道")
    box_end = original.index("乙文")
    s1 = Step("BPL007", (Edit(box, box_end, original[box:box_end], "", "QR-code box", (("boundary", "qr-box"),)),))
    mid = "甲文。\n\n乙文。"
    s2 = Step("NRM001", (Edit(0, 0, "", "　　", "indent"),))
    final = "　　" + mid
    cuts = boundaries_from_steps([s1, s2])
    assert cuts == [final.index("乙文")]
    arts = split_articles(final, {}, steps=[s1, s2])
    assert [a.paragraphs for a in arts] == [["甲文。"], ["乙文。"]]


def test_boxes_removed_by_boilerplate_still_split():
    """The default pipeline removes the boxes; the articles come out the same."""
    text = _seed("004")
    assert [a.title for a in segment(text, DEFAULT)] == [a.title for a in segment(text, ONLY_SEG)]


# -- dedupe ----------------------------------------------------------------------------------------------
def test_repeated_title_and_truncated_lead_dropped():
    lead = "中新网衢州1月26日电 “十五五”开局之年，在因地制宜发展新质生产力的理念驱动下，浙江各地展开探索。"
    second = "以浙江最西部的城市衢州为例，过去，这里被视为内陆城市、山区地带，创新要素有所不足。"
    page = f"{lead}\n\n以浙江最西部的城市衢州为例，过去，这里被视为内陆城市、山区地带，创新要\">\n\n浙西门户衢州，超常规抓科创\n\n浙西门户衢州，超常规抓科创\n\n{lead}\n\n{second}\n"
    arts = split_articles(page)
    assert len(arts) == 1
    assert arts[0].title == "浙西门户衢州，超常规抓科创"
    assert arts[0].paragraphs == [lead, second]


def test_metadata_fills_title_date_source_byline():
    arts = split_articles("第一段正文内容。\n", {"title": "标题", "date": "2021-03-05", "source": "人民日报", "reporters": ["何芳"]})
    a = arts[0]
    assert (a.title, a.date, a.source, a.byline, a.authors) == ("标题", "2021-03-05", "人民日报", "何芳", ["何芳"])


# -- robustness -------------------------------------------------------------------------------------------
@given(text=hostile_text)
def test_split_articles_total(text):
    arts = split_articles(text)
    for a in arts:
        assert text[a.start : a.end] == a.text
        for p in a.paragraphs:
            assert p in text


@given(doc=clean_document())
def test_clean_document_is_one_article_losing_nothing(doc):
    arts = split_articles(doc)
    assert len(arts) == 1
    body = [p.strip() for p in doc.split("\n") if p.strip()]
    # every paragraph ends a sentence: no title, and every line is a paragraph, except an early
    # (near-)copy of a later line, which dedupe drops
    from cleanpolicy.segmentation import _norm

    assert arts[0].title is None
    assert set(arts[0].paragraphs) <= set(body)
    for k, line in enumerate(body):
        if line not in arts[0].paragraphs:
            assert k < 4 and any(_norm(m).startswith(_norm(line)) for m in body[k + 1 :]), line


def test_empty_text():
    assert split_articles("") == []
    assert split_articles("\n \n") == []
    assert segment("", ONLY_SEG) == []


def test_prose_starting_with_a_label_word_is_not_page_furniture():
    # 时间/编辑/关闭… begin ordinary sentences; only a label with its colon (or a widget bar) is furniture
    doc = "现在，我代表国务院，向大会报告政府工作。\n时间紧迫，任务繁重。\n关闭一批落后企业。\n编辑部门要加强管理。\n"
    arts = split_articles(doc)
    assert len(arts) == 1
    assert arts[0].paragraphs == [p for p in doc.split("\n") if p]
    meta = split_articles("发布时间：2021-03-05 来源：新华网\n【打印】【关闭】\n现在，我代表国务院，向大会报告政府工作。\n")
    assert meta[0].paragraphs == ["现在，我代表国务院，向大会报告政府工作。"]
