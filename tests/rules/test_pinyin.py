"""PYN: inline pinyin annotations (PYN001 verified, PYN002 after a lost character)."""

from __future__ import annotations

import random
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

import cleanpolicy
from cleanpolicy import Policy
from cleanpolicy._core import apply_edits
from cleanpolicy.registry import get_rule
from cleanpolicy.rules import pinyin
from corpus import SEEDS, report_paragraphs, require_peers
from pinyin_damage import BRACKETS, STYLES, annotate
from properties import (
    assert_deletion_only,
    assert_pipeline_properties,
    assert_rule_idempotent,
    assert_rule_no_change,
    assert_rule_total_and_well_formed,
)
from strategies import clean_paragraph, generated_clean_text, hostile_text

PYN = Policy(select=("PYN",), to="keep")
RULES = [get_rule("PYN001"), get_rule("PYN002")]


def pyn(text: str, policy: Policy = PYN) -> str:
    return cleanpolicy.clean(text, policy)


def reports(text: str, code: str) -> list:
    res = cleanpolicy.clean_and_explain(text, PYN)
    return [e for s in res.steps if s.code == code for e in s.edits if e.old == e.new]


# -- literal examples ---------------------------------------------------------------------------

POSITIVE = [
    ("設(shè)計", "設計"),
    ("设(shè)计", "设计"),
    ("發(fā)展", "發展"),
    ("經(jīng)濟(jì)增長", "經濟增長"),  # a run of annotated characters
    ("當(dāng)地", "當地"),
    ("2022年(nian)", "2022年"),  # toneless
    ("年(nián)", "年"),
    ("设(she4)计", "设计"),  # tone number at the end
    ("中(zho1ng)国", "中国"),  # tone number after the vowel (pypinyin TONE2)
    ("的(de5)", "的"),  # neutral tone with 5
    ("的(de0)", "的"),
    ("广【guǎng】东", "广东"),  # bracket style
    ("設（shè）計", "設計"),  # full-width parentheses
    ("設(shè）計", "設計"),  # mixed half/full width
    ("绿(lǜ)色", "绿色"),  # ü with tone mark
    ("绿(lv4)色", "绿色"),  # ü as v
    ("绿(lu:4)色", "绿色"),  # ü as u:
    ("绿(lü)色", "绿色"),
    ("绿(lu)色", "绿色"),  # ü written as u
    ("略(lüè)", "略"),
    ("女(nv3)性", "女性"),
    ("重(chóng)复", "重复"),  # heteronym
    ("重(zhòng)要", "重要"),
    ("著(zhe)", "著"),  # neutral reading of a traditional character
    ("设(she\u0300)计", "设计"),  # decomposed tone mark (NFD)
    ("广(\u0261u\u01ce\u014b)东".replace("\u014b", "ng"), "广东"),  # GBK's ɡ
    ("當(dāng)(dang)地", "當地"),  # the same character annotated twice
    ("设(she)(ji)", "设(ji)"),  # the second one is not a reading of 设: stays
    ("違揹(bèi)人民", "違揹人民"),  # OpenCC writes 揹 for 背: data/pinyin/variants.tsv
    ("浙江新聞客戶端制作人翁浩浩記者于山設(shè)計葉曉倩", "浙江新聞客戶端制作人翁浩浩記者于山設計葉曉倩"),
]

NEGATIVE = [
    "张斌(Zhang Bin)",
    "張斌(Zhang Bin)",
    "北京(Beijing)",
    "RCEP(区域全面经济伙伴关系协定)",
    "9710(跨境電商B2B直出口)",
    "国内生产总值(GDP)增长",
    "居民消费价格(CPI)上涨",
    "李(Li)",  # capitalised: a name, not a converter's annotation
    "设(shi)计",  # not a reading
    "设(shè4)计",  # two tones
    "经济(jīngjì)",  # a word's reading: deliberate, several syllables
    "饕餮(tāo tiè)",
    "第三条(a)",  # list marker
    "阿(a)",  # lone toneless vowel without other evidence
    "单位：米(m)",
    "(shè)",  # nothing before it
    "1(shè)",
    "“重”有两个读音：重(zhòng)要、重(chóng)复。",  # pronunciation teaching (cue on the line)
    "多音字\n重(zhòng)要\n重(chóng)复\n",  # teaching document: cue on its own line
    "声母b(bō)p(pō)m(mō)f(fó)。",
    "http://example.com/?lang)",
    "设(shè",  # unclosed
    "设【shè)",  # mismatched brackets
]


@pytest.mark.parametrize("damaged,expected", POSITIVE)
def test_positive(damaged, expected):
    assert pyn(damaged) == expected


@pytest.mark.parametrize("text", NEGATIVE)
def test_negative(text):
    assert pyn(text) == text


def test_single_letter_annotation_with_evidence():
    # a lone (a) goes when the document shows the converter elsewhere
    assert pyn("啊(a)，設(shè)計發(fā)展") == "啊，設計發展"


def test_fast_path_does_not_import_pypinyin():
    import subprocess
    import sys

    code = (
        "import sys, cleanpolicy\n"
        "from cleanpolicy.rules import pinyin\n"
        "p = cleanpolicy.Policy(select=('PYN',), to='keep')\n"
        "assert pinyin.pinyin_annotation('国内生产总值(GDP)增长（一）【新闻】', p) == []\n"
        "assert pinyin.damaged_pinyin_annotation('国内生产总值(GDP)增长？', p) == []\n"
        "assert 'pypinyin' not in sys.modules, 'pypinyin imported on the fast path'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


# -- damaged annotations (PYN002) ---------------------------------------------------------------

DAMAGED = [
    # (input, expected output, number of PYN002 reports)
    ("當?shù)卦诶砟，當?shù)爻R", "當?卦诶砟，當?爻R", 0),  # seed 003 shape: bracket lost with the character
    ("浙江大髮W(xué)衢州，當?shù)", "浙江大髮W衢州，當?", 0),  # ASCII trail byte of 學 after its lead byte
    ("以援a(chǎn)業，?(xué)校", "以援a業，?校", 0),
    ("\ue12d(xué)與\ufffd(fā)展", "\ue12d與\ufffd展", 0),  # private-use and U+FFFD marks
    ("只有一個W(xué)", "只有一個W(xué)", 1),  # alone: reported, not removed
    ("只有一個?shù)", "只有一個?shù)", 1),
    ("what?lang)", "what?lang)", 0),  # toneless and alone: not even reported
    ("声母b(bō)，声母p(pō)", "声母b(bō)，声母p(pō)", 0),  # teaching: left alone
]


@pytest.mark.parametrize("damaged,expected,n_reports", DAMAGED)
def test_damaged(damaged, expected, n_reports):
    assert pyn(damaged) == expected
    assert len(reports(damaged, "PYN002")) == n_reports


def test_mismatch_reported_in_damaged_document():
    text = "當?shù)與?shù)，大雪(xué)"  # 雪 is xuě: the character may be a wrong repair
    reps = reports(text, "PYN002")
    assert any("not a reading" in e.reason for e in reps)
    assert pyn(text).endswith("大雪(xué)")


# -- data files ---------------------------------------------------------------------------------


@pytest.mark.parametrize("row", pinyin.cue_rows(), ids=lambda r: r[0][:12])
def test_cue_examples(row):
    cue, example, counterexample, source = row
    re.compile(cue)
    assert source
    assert example and pyn(example) == example, "a cue example must stay as it is"
    if counterexample != "-":
        out = pyn(counterexample)
        assert out != counterexample and not re.search(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ]+\)", out)


def test_variant_rows():
    rows = pinyin._variants()
    assert rows["揹"] == ("背",)
    for trad, simps in rows.items():
        for simp in simps:
            assert pinyin._readings(simp) <= pinyin._readings(trad)


# -- generated damage ---------------------------------------------------------------------------


@given(
    paragraph=clean_paragraph(),
    style=st.sampled_from(STYLES),
    brackets=st.sampled_from(BRACKETS),
    rate=st.sampled_from((0.05, 0.3, 1.0)),
    traditional=st.booleans(),
    seed=st.integers(0, 2**16),
)
def test_generated_annotations_removed(paragraph, style, brackets, rate, traditional, seed):
    made = annotate(paragraph, random.Random(seed), style=style, rate=rate, brackets=brackets, traditional=traditional)
    if made is None:
        return
    damaged, expected = made
    if pinyin._cue_re().search(pinyin_fold(expected)):
        return  # a paragraph that talks about pronunciation keeps its annotations by design
    out = pyn(damaged)
    assert out == expected
    assert_deletion_only(damaged, out)


def pinyin_fold(text: str) -> str:
    from cleanpolicy.chars import fold_simplified

    return fold_simplified(text)


def test_generated_exact_rate_per_style():
    """A fixed sample of generated cases per style: ≥ 99% exact removal (the full table is in docs/pinyin.md)."""
    require_peers("gov-work-reports")
    from pinyin_damage import measure

    paras = report_paragraphs()
    rows = measure(paras, seed=7, per_style=300)
    for style, (ok, total, fails) in rows.items():
        assert total > 200
        assert ok / total >= 0.99, (style, ok, total, fails[:2])


@given(paragraph=clean_paragraph(), seed=st.integers(0, 2**16))
def test_generated_lost_characters(paragraph, seed):
    """Characters lost in decoding (`?`, U+FFFD) before their annotation: removed when several, mark kept."""
    rng = random.Random(seed)
    made = annotate(paragraph, rng, style="tone", rate=0.3, traditional=True)
    if made is None:
        return
    damaged, _expected = made
    slots = [m.start() - 1 for m in re.finditer(r"\([^()]+\)", damaged) if m.start() > 0]
    lost = sorted(rng.sample(slots, min(len(slots), rng.randint(1, 3))))
    chars = list(damaged)
    for i in lost:
        chars[i] = rng.choice("?\ufffd")
    damaged = "".join(chars)
    if pinyin._cue_re().search(pinyin_fold(damaged)):
        return
    out = pyn(damaged)
    left = re.findall(r"[?\ufffd]\([^()]+\)", out)
    toned = [m for m in re.finditer(r"[?\ufffd]\(([^()]+)\)", damaged) if not m.group(1).isascii()]
    if len(toned) >= 2:
        assert all(x[2:-1].isascii() for x in left), left  # neutral-tone (toneless) ones are only reported
        assert out.count("?") + out.count("\ufffd") >= len(lost)
    else:
        assert len(left) == len(re.findall(r"[?\ufffd]\([^()]+\)", damaged))
    assert not re.search(r"[\u4e00-\u9fff]\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)", out)


# -- properties ---------------------------------------------------------------------------------


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
@given(text=hostile_text)
def test_total_on_hostile_text(rule, text):
    assert_rule_total_and_well_formed(rule, text, PYN)


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
@given(text=st.one_of(hostile_text, clean_paragraph(), st.text(alphabet="設计(（【)）】?a\ufffdshèxuéW4 \n", max_size=60)))
def test_idempotent(rule, text):
    assert_rule_idempotent(rule, text, PYN)


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
@given(text=st.one_of(clean_paragraph(), generated_clean_text()))
def test_clean_text_unchanged(rule, text):
    assert_rule_no_change(rule, text, PYN)


@given(
    paragraph=clean_paragraph(),
    style=st.sampled_from(STYLES),
    seed=st.integers(0, 2**16),
)
def test_pipeline_properties_on_damage(paragraph, style, seed):
    made = annotate(paragraph, random.Random(seed), style=style, rate=0.3)
    if made is not None:
        assert_pipeline_properties(made[0], PYN)


def test_linear_time_inputs_complete():
    # no timing assertion: these must simply finish (a backtracking regex would not)
    for text in ("(aaaa)" * 17000, "(" * 100000, "?" + "a" * 100000 + ")", "設(shè)" * 14000, "中W(xué)" * 14000):
        for rule in RULES:
            assert_rule_total_and_well_formed(rule, text, PYN)


@pytest.mark.slow
def test_all_report_paragraphs_untouched():
    require_peers("gov-work-reports")
    from pinyin_damage import false_removals

    paras = report_paragraphs()
    assert paras
    assert false_removals(paras) == []


# -- seeds --------------------------------------------------------------------------------------

_LEFT_RE = re.compile(r"[(（【][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,6}[0-5]?[)）】]|[?\ufffd][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,6}[)）]")


@pytest.mark.parametrize("name", ["000_68dca69d0bb6b418.txt", "003_b790681af613e999.txt"])
def test_seeds_have_no_pinyin_left(name):
    path = SEEDS / name
    if not path.exists():
        pytest.skip(f"seed {path} not found")
    text = path.read_text(encoding="utf-8")
    out = cleanpolicy.clean(text, PYN)
    assert not _LEFT_RE.findall(out)
    assert "張斌" in out or "张斌" in out or name.startswith("000")


@pytest.mark.parametrize("name", ["001_4be917ad60d2bd56.txt", "002_4cf887fe5d09685d.txt", "004_549e762059807431.txt"])
def test_other_seeds_untouched(name):
    path = SEEDS / name
    if not path.exists():
        pytest.skip(f"seed {path} not found")
    text = path.read_text(encoding="utf-8")
    assert cleanpolicy.clean(text, PYN) == text


def test_edit_apply_matches_clean():
    text = "設(shè)計，當?shù)地，當?shù)"
    res = cleanpolicy.clean_and_explain(text, PYN)
    out = text
    for s in res.steps:
        out = apply_edits(out, s.edits)
    assert out == res.text == "設計，當?地，當?"


def test_cue_line_in_converter_document():
    """A cue line keeps its annotations; the rest of a densely annotated document is cleaned."""
    dense = "設(shè)計發(fā)展經(jīng)濟(jì)" * 8 + "\n注意發音：綠(lǜ)色\n" + "設(shè)計"
    out = pyn(dense)
    assert out == "設計發展經濟" * 8 + "\n注意發音：綠(lǜ)色\n" + "設計"


def test_teaching_document_with_cue_elsewhere():
    text = "常見多音字\n重(zhòng)要\n重(chóng)複\n長(cháng)短\n"
    assert pyn(text) == text
    assert pyn(text, Policy(select=("PYN",), to="keep").with_options("pinyin", protect_teaching=False)) == "常見多音字\n重要\n重複\n長短\n"


def test_damaged_min_evidence_option():
    text = "只有一個W(xué)"
    policy = Policy(select=("PYN",), to="keep").with_options("pinyin", damaged_min_evidence=1)
    assert pyn(text, policy) == "只有一個W"
