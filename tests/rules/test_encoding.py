"""ENC: encoding damage — literal tables, data-file examples, damage generated the way it arises, properties,
every report paragraph untouched (both scripts), ftfy's own test cases, seed 003."""

from __future__ import annotations

import functools
import json
import random
import re
import sys
import unicodedata
from importlib import resources
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import PEERS, SEEDS, report_paragraphs, require_peers  # noqa: E402
from encoding_damage import (  # noqa: E402
    LOSSLESS_KINDS,
    TWO_STEP_KINDS,
    frame_shift,
    recovered_fraction,
    traditional,
    wrong_codec,
    wrong_codec_lossy,
)
from encoding_runs import forget_memos  # noqa: E402
from properties import (  # noqa: E402
    assert_pipeline_properties,
    assert_rule_idempotent,
    assert_rule_no_change,
    assert_rule_total_and_well_formed,
)
from strategies import clean_paragraph, generated_clean_text, hostile_text, report_paragraph  # noqa: E402

from cleanpolicy import Policy, clean, clean_and_explain  # noqa: E402
from cleanpolicy._compat import tomllib  # noqa: E402
from cleanpolicy.registry import get_rule  # noqa: E402
from cleanpolicy.rules import encoding as enc  # noqa: E402

CODES = tuple(r.code for r in enc.RULES)
ENC = Policy(to="keep", select=("ENC",))
FFFD = "\ufffd"


def run(code: str, text: str, **options) -> str:
    policy = Policy(to="keep", select=(code,))
    if options:
        policy = policy.with_options("encoding", **options)
    return clean(text, policy)


def enc_all(text: str) -> str:
    return clean(text, ENC)


@functools.lru_cache(maxsize=None)
def trad(s: str) -> str:
    return traditional(s)


# -- literal tables ---------------------------------------------------------------------------------
POSITIVE = [
    # ENC001: UTF-8 read as cp1252 / latin-1; quotes and full-width forms survive
    ("ENC001", "ä¸­æ–‡", "中文"),
    ("ENC001", "â€œä¸­æ–‡â€\x9d", "“中文”"),
    ("ENC001", "â€œæ”¿åºœå·¥ä½œæŠ¥å‘Šâ€\x9dï¼Œ", "“政府工作报告”，"),
    ("ENC001", "cafÃ© â€” naÃ¯ve", "café — naïve"),
    # ENC002: wrong-codec readings of Chinese
    ("ENC002", "中文鍦板湪中文", "中文地在中文"),
    ("ENC002", "推动缁忔祹鍙戝睍。", "推动经济发展。"),
    ("ENC002", "ÖÐÎÄ", "中文"),
    ("ENC002", "标题：Õþ¸®¹¤×÷±¨¸æ", "标题：政府工作报告"),
    ("ENC002", "¸gÀÙµo®i", "經濟發展"),
    ("ENC002", "报告：竒蕾祇甶。", "报告：經濟發展。"),
    ("ENC002", "冪撳楷桯", "经济发展"),
    ("ENC002", "脰脨脦脛", "中文"),  # GBK read as Latin-1, saved as UTF-8, read as GBK
    ("ENC002", "這是锟斤拷的", "這是" + FFFD * 2 + "的"),
    ("ENC002", "共计9£¬000万元", "共计9，000万元"),
    # ENC003: frame shift (seed 003)
    ("ENC003", "這場座談會的舉辦在當地厣袑偈状危\ue0ef撌兴奶装嘧右话咽窒\ue639?出席", "這場座談會的舉辦在當地" + FFFD + "尚屬首次，該市四套班子一把手悉" + FFFD + "出席"),
    ("ENC003", "迎來新機遇赜瓉硇聶C遇", "迎來新機遇" + FFFD + "迎來新機遇"),
    # ENC004 with removal
    # ENC006
    ("ENC006", "\ud842\udfb7野家", "\U00020bb7野家"),
    ("ENC006", "发展\ud800经济", "发展" + FFFD + "经济"),
    # ENC007
    ("ENC007", "发展\x07经济\x00", "发展经济"),
    ("ENC007", "\ufeff发展\u0085经济", "发展经济"),
    # ENC008
    ("ENC008", "增强后劲。”</p>", "增强后劲。”"),
    ("ENC008", "第一段<br/>第二段", "第一段\n第二段"),
    ("ENC008", "第一段<BR>\n第二段", "第一段\n第二段"),
    # ENC009
    ("ENC009", "R&amp;D", "R&D"),
    ("ENC009", "&ldquo;两山&rdquo;理念", "“两山”理念"),
    # ENC010
    ("ENC010", "过去，这里被视为内陆城市、山区地带，创新要\">\n\n正文", "过去，这里被视为内陆城市、山区地带，创新要\n\n正文"),
    # ENC011
    ("ENC011", "第一段\n\u00a0\u00a0\n第二段", "第一段\n\n第二段"),
]

NEGATIVE = [
    ("ENC001", "“中文”，（一）：；！？\u3000\u3000全角"),
    ("ENC001", "温度为25°C，3×4=12，±5%，第§3条，张·李"),
    ("ENC001", "Müller café naïve São Paulo"),
    ("ENC002", "Müller café naïve São Paulo Ångström"),
    ("ENC002", "MÄ£ÄM ÌÑÌ Q £ÄGÌ"),
    ("ENC002", "政府工作报告：经济发展、改革开放。"),
    ("ENC002", "政府工作報告：經濟發展、改革開放。"),
    ("ENC002", "涓水河畔，鍦是一个罕见字。"),
    ("ENC002", "ひらがなとカタカナ、Привет мир、Γειά σου"),
    ("ENC003", "中国A股市场、B超检查、X光和T恤"),
    ("ENC003", "?是问号，？是全角问号。"),
    ("ENC003", "请访问 https://www.gov.cn/?id=3 查看"),
    ("ENC004", "What? 请访问 https://x.cn/?a=1 ，好吗？"),
    ("ENC005", "发展经济"),
    ("ENC006", "𠮷野家"),
    ("ENC007", "第一段\n\t第二段\r\n"),
    ("ENC008", "<<中华人民共和国宪法>>与当x<p时"),
    ("ENC009", "R&D投入，A&B公司，AT&T的"),
    ("ENC010", "if a > b then"),
    ("ENC011", "第一段\u00a0第二段"),
]


@pytest.mark.parametrize("code,src,expected", POSITIVE)
def test_positive(code, src, expected):
    assert run(code, src) == expected


@pytest.mark.parametrize("code,src", NEGATIVE)
def test_negative(code, src):
    assert run(code, src) == src


@pytest.mark.parametrize("code,src", NEGATIVE)
def test_negative_whole_family(code, src):
    # reports are allowed (ENC004/ENC005), edits are not
    assert enc_all(src) == src


def test_lost_characters_reported_then_removed_on_request():
    text = "當" + FFFD + "地在理念"
    res = clean_and_explain(text, Policy(to="keep", select=("ENC004",)))
    assert res.text == text and res.summary() == {"ENC004": 1}
    assert run("ENC004", text, lost_characters="remove") == "當地在理念"
    # a ? between hanzi is reported, never removed
    assert run("ENC004", "當?地", lost_characters="remove") == "當?地"
    assert clean_and_explain("當?地", Policy(to="keep", select=("ENC004",))).summary() == {"ENC004": 1}


def test_private_use_reported_then_removed_on_request():
    text = "发展\ue000经济"
    assert run("ENC005", text) == text
    assert clean_and_explain(text, Policy(to="keep", select=("ENC005",))).summary() == {"ENC005": 1}
    assert run("ENC005", text, private_use="remove") == "发展经济"


def test_metadata_findings():
    res = clean_and_explain("中文鍦板湪中文", ENC)
    assert "mojibake:UTF-8 read as GBK" in res.metadata.get("findings", [])


# -- data files ------------------------------------------------------------------------------------------
def _toml(name: str) -> dict:
    return tomllib.loads((resources.files("cleanpolicy.data") / "encoding" / name).read_text(encoding="utf-8"))


MOJIBAKE = _toml("mojibake.toml")
HTML = _toml("html_remnants.toml")


@pytest.mark.parametrize("damaged,fixed", [tuple(e) for c in MOJIBAKE["chain"] for e in c["examples"]])
def test_mojibake_data_examples(damaged, fixed):
    assert run("ENC002", damaged) == fixed


@pytest.mark.parametrize("chain", MOJIBAKE["chain"], ids=lambda c: c["name"])
def test_mojibake_data_examples_are_the_process(chain):
    """Every example is what the chain's process makes of the repaired text."""
    for damaged, fixed in chain["examples"]:
        if FFFD in fixed:
            continue
        # the damaged middle (examples may carry clean context around it)
        p = 0
        while p < min(len(damaged), len(fixed)) and damaged[p] == fixed[p]:
            p += 1
        s = 0
        while s < min(len(damaged), len(fixed)) - p and damaged[-1 - s] == fixed[-1 - s]:
            s += 1
        damaged, fixed = damaged[p : len(damaged) - s], fixed[p : len(fixed) - s]
        data = fixed.encode(chain["true"])
        read = chain["read"]
        if read == "latin":
            assert damaged in (data.decode("latin-1"), data.decode("cp1252", errors="strict"))
        else:
            assert data.decode(read) == damaged


@pytest.mark.parametrize("text", [t for c in MOJIBAKE["chain"] for t in c["counterexamples"]])
def test_mojibake_data_counterexamples(text):
    assert enc_all(text) == text


@pytest.mark.parametrize("code,src,expected", [(code, a, b) for code, pairs in HTML["examples"].items() for a, b in pairs])
def test_html_data_examples(code, src, expected):
    assert run(code, src) == expected


@pytest.mark.parametrize("code,src", [(code, t) for code, items in HTML["counterexamples"].items() for t in items])
def test_html_data_counterexamples(code, src):
    assert run(code, src) == src


def test_chain_table_loads():
    chains = enc.load_chains()
    assert {c[0] for c in chains["stream"]} >= {"UTF-8 read as GBK", "GBK read as Latin-1/cp1252"}
    assert {c[0] for c in chains["aligned"]} == {"Big5 read as GBK", "GBK read as Big5", "GBK read as Big5 (cp950 table)"}


# -- properties --------------------------------------------------------------------------------------------
@pytest.mark.parametrize("code", CODES)
@given(text=hostile_text)
def test_total_on_hostile_text(code, text):
    assert_rule_total_and_well_formed(get_rule(code), text)


@pytest.mark.parametrize("code", CODES)
@given(text=hostile_text)
def test_idempotent_on_hostile_text(code, text):
    assert_rule_idempotent(get_rule(code), text)


@pytest.mark.parametrize("code", CODES)
@given(text=st.one_of(clean_paragraph(), generated_clean_text()))
def test_clean_text_unchanged(code, text):
    rule = get_rule(code)
    assert_rule_no_change(rule, text)
    assert_rule_no_change(rule, trad(text))


@given(text=st.one_of(clean_paragraph(), generated_clean_text()))
def test_ftfy_rule_never_folds_chinese_typography(text):
    """The ftfy configuration cannot touch “”, full-width punctuation, U+3000 or NFKC-sensitive text,
    even when the line does go through ftfy (forced here by a mojibake word)."""
    line = text + "ä¸­æ–‡"
    out = run("ENC001", line)
    assert out == text + "中文"


@given(text=hostile_text)
def test_family_pipeline_properties(text):
    assert_pipeline_properties(text, ENC)


def test_no_super_linear_blow_up():
    # long lines of every trigger kind stay fast and never raise
    for piece in ("鍦板湪", "ÖÐÎÄ", "\ue000厣袑?", "ä¸­", "&amp;", "<p>", "\ufffd", "綏l條"):
        text = piece * 5000
        enc_all(text)


# -- damage generated the way it arises ----------------------------------------------------------------
KIND_BY_NAME = {k[0]: k for k in LOSSLESS_KINDS}


@st.composite
def damaged_span(draw, kinds=tuple(KIND_BY_NAME)):
    """A real paragraph with one span written in one codec and read with another (lossless cases)."""
    kind, true, read, script = KIND_BY_NAME[draw(st.sampled_from(kinds))]
    p = draw(report_paragraph())
    if script == "traditional":
        p = trad(p)
    n = len(p)
    a = draw(st.integers(0, max(0, n - 4)))
    b = draw(st.integers(min(n, a + 4), min(n, a + 40)))
    d = wrong_codec(p[a:b], true, read)
    if d is None or d == p[a:b]:
        return None
    return kind, p, p[:a] + d + p[b:]


def _in_place(a: str, b: str) -> int:
    """How many characters of ``a`` stand in ``b`` (difflib alignment)."""
    import difflib

    return sum(blk.size for blk in difflib.SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks())


@settings(derandomize=True, max_examples=120)
@given(case=damaged_span())
def test_wrong_codec_span_never_worse(case):
    """Whatever it does with a wrong-codec span, the repair never leaves fewer of the original's
    characters in place than the damage did (a span it cannot read is left alone, not rewritten)."""
    if case is None:
        return
    kind, original, damaged = case
    out = enc_all(damaged)
    assert _in_place(original, out) >= _in_place(original, damaged), (kind, damaged, out)


def _repair_rate(damage, n: int) -> tuple[int, int, int, list]:
    """Damage ``n`` spans of report paragraphs drawn with a fixed seed (``damage(rng, paragraph)`` gives
    ``(kind, damaged paragraph)`` or None) and repair them: (spans repaired to 90 % or more, characters
    recovered, characters damaged, the misses)."""
    require_peers("gov-work-reports")
    rng = random.Random(0)
    paras = report_paragraphs()
    repaired = recovered = damaged = 0
    misses = []
    done = 0
    while done < n:
        p = rng.choice(paras)
        case = damage(rng, p)
        if case is None:
            continue
        kind, p, text = case
        done += 1
        rec, dam = recovered_fraction(p, text, enc_all(text))
        recovered += rec
        damaged += dam
        if rec >= 0.9 * dam:
            repaired += 1
        else:
            misses.append((kind, text[:40]))
    return repaired, recovered, damaged, misses


def _span(rng: random.Random, n: int, longest: int) -> tuple[int, int]:
    a = rng.randint(0, max(0, n - 4))
    return a, rng.randint(min(n, a + 4), min(n, a + longest))


def test_wrong_codec_spans_repaired():
    """The repair rate on a fixed sample of the same damage (400 spans, every lossless kind): a rate,
    since a few spans cannot be told from real text (four GB 2312 characters that Big5 bytes made at a
    paragraph's start, ``崩笆蔼借`` for 推動高質); per example, the hypothesis test above."""

    def damage(rng, p):
        kind, true, read, script = rng.choice(LOSSLESS_KINDS)
        if script == "traditional":
            p = trad(p)
        a, b = _span(rng, len(p), 40)
        d = wrong_codec(p[a:b], true, read)
        return None if d is None or d == p[a:b] else (kind, p, p[:a] + d + p[b:])

    repaired, recovered, damaged, misses = _repair_rate(damage, 400)
    # measured: 395-399 of 400 spans and 99.5-99.9 % of the characters over six seeds
    assert repaired >= 0.97 * 400, misses
    assert recovered >= 0.985 * damaged, (recovered, damaged, misses)


@settings(derandomize=True, max_examples=60)
@given(p=report_paragraph(), data=st.data())
def test_two_step_mojibake_never_worse(p, data):
    """Per example, what always holds of two wrong readings in a row (the rate: below)."""
    kind, step1, step2 = data.draw(st.sampled_from(TWO_STEP_KINDS))
    n = len(p)
    a = data.draw(st.integers(0, max(0, n - 4)))
    b = data.draw(st.integers(min(n, a + 4), min(n, a + 30)))
    d1 = wrong_codec(p[a:b], *step1)
    d = wrong_codec(d1, *step2) if d1 is not None else None
    if d is None:
        return
    damaged = p[:a] + d + p[b:]
    out = enc_all(damaged)
    assert _in_place(p, out) >= _in_place(p, damaged), (kind, damaged, out)


def test_two_step_mojibake_repaired():
    """The repair rate of two wrong readings in a row on a fixed sample of 300 spans."""

    def damage(rng, p):
        kind, step1, step2 = rng.choice(TWO_STEP_KINDS)
        a, b = _span(rng, len(p), 30)
        d1 = wrong_codec(p[a:b], *step1)
        d = wrong_codec(d1, *step2) if d1 is not None else None
        return None if d is None else (kind, p, p[:a] + d + p[b:])

    repaired, recovered, damaged, misses = _repair_rate(damage, 300)
    # measured: 298-300 of 300 spans and 99.4-100 % of the characters over four seeds
    assert repaired >= 0.97 * 300, misses
    assert recovered >= 0.985 * damaged, (recovered, damaged, misses)


# Two misses the damage tests met with other samples of report paragraphs (2026-11-22): kept here so that
# they stay visible and a fix is noticed (strict xfail).  Both are repaired only in part: the tail of a
# span read twice as GB18030 whose last character lost bytes at the span's edge stays doubly damaged,
# and in GBK read as Latin-1 the quote marks are repaired but not the two hanzi after them.
KNOWN_MISSES = [
    pytest.param(
        '\u3000\u3000按照一九五八年发展国民经济的主要任务，在投资的分配上，增加了农业部门特别是水利建设部门的投资，增加了重工业部门特别是燃料、电力、冶金、化工和其他为农业服务的工业部门的投资。同时，适应行政管理体制的改进，也增加了各省、市和各民族自治区的建设投资，以促进面向农村、为农村服务的地方工业的发展，和少数民族地区经济的发展。',
        '\u3000\u3000按照一九五八楠炴潙褰傜仦鏇炴禇濮樻垹绮″ù搴ｆ畱娑撴槒顩︽禒璇插\ue764閿涘苯婀\ue048幎鏇＄カ閻ㄥ嫬鍨庨柊宥勭瑐閿涘苯顤冮崝鐘辩啊閸愭粈绗熼柈銊╂，特别是水利建设部门的投资，增加了重工业部门特别是燃料、电力、冶金、化工和其他为农业服务的工业部门的投资。同时，适应行政管理体制的改进，也增加了各省、市和各民族自治区的建设投资，以促进面向农村、为农村服务的地方工业的发展，和少数民族地区经济的发展。',
        id="utf8-as-gb18030-twice-tail",
    ),
    pytest.param(
        '我们要全面准确、坚定不移贯彻“一国两制”、“港人治港”、“澳人治澳”、高度自治的方针，坚持依法治港治澳，维护宪法和基本法确定的特别行政区宪制秩序，落实“爱国者治港”、“爱国者治澳”原则。支持港澳发展经济、改善民生，保持香港、澳门长期繁荣稳定。',
        '我们要全面准确、坚定不移贯彻“一国两制”¡¢¡°¸ÛÈË治港”、“澳人治澳”、高度自治的方针，坚持依法治港治澳，维护宪法和基本法确定的特别行政区宪制秩序，落实“爱国者治港”、“爱国者治澳”原则。支持港澳发展经济、改善民生，保持香港、澳门长期繁荣稳定。',
        id="gbk-as-latin1-after-quotes",
    ),
]


@pytest.mark.xfail(strict=True, reason="known miss: the span is repaired only in part (docs/encoding.md)")
@pytest.mark.parametrize("original,damaged", KNOWN_MISSES)
def test_known_misses(original, damaged):
    out = enc_all(damaged)
    rec, dam = recovered_fraction(original, damaged, out)
    assert rec >= 0.9 * dam, (damaged, out)


@settings(derandomize=True, max_examples=60)
@given(p=report_paragraph(), data=st.data())
def test_frame_shift_recovered(p, data):
    rng = random.Random(data.draw(st.integers(0, 2**32 - 1)))
    r = frame_shift(p, rng)
    if r is None:
        return
    damaged = r[0]
    out = enc_all(damaged)
    rec, dam = recovered_fraction(p, damaged, out)
    # the lost byte costs the character it was in and the one the closing U+FFFD swallowed
    assert rec >= dam - 3 or rec >= 0.8 * dam, (damaged, out)
    # nothing undamaged was changed
    base, _ = recovered_fraction(p, out, out)
    assert base == 0


@settings(derandomize=True, max_examples=60)
@given(p=report_paragraph(), data=st.data())
def test_utf8_read_as_gbk_lossy_recovered(p, data):
    n = len(p)
    a = data.draw(st.integers(0, max(0, n - 6)))
    b = data.draw(st.integers(min(n, a + 6), min(n, a + 40)))
    d = wrong_codec_lossy(p[a:b], "utf-8", "gb18030")
    damaged = p[:a] + d + p[b:]
    out = enc_all(damaged)
    rec, dam = recovered_fraction(p, damaged, out)
    # at each end of a non-ASCII stretch the odd byte is refused with its ASCII neighbour: up to two
    # characters there are beyond what the bytes hold
    pieces = len(re.findall(r"[^\x00-\x7f]+", p[a:b]))
    assert rec >= dam - 2 * pieces - 1, (damaged, out)


def _rate(kind_filter, n=60, seed=3):
    rng = random.Random(seed)
    paras = [p for p in report_paragraphs() if 20 <= len(p) <= 300]
    ok = tot = 0
    for kind, true, read, script in LOSSLESS_KINDS:
        if kind not in kind_filter:
            continue
        tries = 0
        while tot < n and tries < 50 * n:
            tries += 1
            p = rng.choice(paras)
            if script == "traditional":
                p = trad(p)
            a = rng.randrange(0, max(1, len(p) - 4))
            b = min(len(p), a + rng.randint(4, 40))
            d = wrong_codec(p[a:b], true, read)
            if d is None or d == p[a:b]:
                continue
            tot += 1
            ok += enc_all(p[:a] + d + p[b:]) == p
    return ok, tot


@pytest.mark.parametrize("kind", [k[0] for k in LOSSLESS_KINDS if k[0] not in ("utf8-as-big5",)])
def test_exact_repair_rate_per_kind(kind):
    """The issue's bar (≥ 99% exact on lossless cases) on a fixed sample; here ≥ 95% of 60 to stay robust."""
    ok, tot = _rate({kind})
    if tot < 20:
        pytest.skip(f"only {tot} lossless cases of {kind} found")
    assert ok >= 0.95 * tot, f"{kind}: {ok}/{tot}"


# -- every report paragraph untouched, in both scripts -------------------------------------------------------
def test_all_report_paragraphs_untouched():
    paras = report_paragraphs()
    if not paras:
        pytest.skip("report corpus not available")
    policy = ENC
    rules = [r for r in enc.RULES]
    for p in paras:
        for text in (p, trad(p)):
            for rule in rules:
                edits = [e for e in rule.func(text, policy) if e.old != e.new]
                assert not edits, (rule.code, text[:80], edits[:2])


# -- ftfy's own test cases -----------------------------------------------------------------------------------
def _fold(s: str) -> str:
    """The folding cleanpolicy deliberately does not do: quote uncurling, width (NFKC)."""
    s = s.replace("\u2018", "'").replace("\u2019", "'").replace("\u201c", '"').replace("\u201d", '"')
    return unicodedata.normalize("NFKC", s)


def _ftfy_cases(name: str) -> list[dict]:
    path = PEERS / "ftfy-test-cases" / name
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else []


#: deliberate differences: ENC007 removes C0/C1 controls that ftfy keeps
DELIBERATE = {"Synthetic, negative: don't leak our internal use of byte 0x1A"}


@pytest.mark.parametrize("name", ["in-the-wild.json", "synthetic.json", "language-names.json"])
def test_ftfy_cases_fixed(name):
    require_peers("ftfy-test-cases")
    import ftfy

    fixed = total = 0
    missed = []
    for case in _ftfy_cases(name):
        expected = case.get("fixed-encoding", case["fixed"])
        if case.get("expect") != "pass" or ftfy.fix_encoding(case["original"]) != expected:
            continue  # only the cases ftfy itself fixes
        if case["label"] in DELIBERATE:
            continue
        total += 1
        out = enc_all(case["original"])
        if out == expected or _fold(out) in (_fold(expected), _fold(case["fixed"])):
            fixed += 1
        else:
            missed.append(case["label"])
    assert not missed, missed


def test_ftfy_negative_cases_unchanged():
    require_peers("ftfy-test-cases")
    for case in _ftfy_cases("negative.json"):
        out = enc_all(case["original"])
        # unchanged, or changed only the way ftfy's own "fixed" does (C1 controls as cp1252)
        assert out == case["original"] or out == case["fixed"] or _fold(out) == _fold(case["fixed"]), case["label"]


# -- seeds ----------------------------------------------------------------------------------------------------
def test_seed_003_frame_shifts_recovered():
    path = SEEDS / "003_b790681af613e999.txt"
    if not path.exists():
        pytest.skip("seeds not available")
    text = path.read_text(encoding="utf-8")
    out = enc_all(text)
    assert "尚屬首次" in out
    assert "該市四套班子一把手" in out
    assert "中國工程院院士、浙江大" in out
    assert "我們將堅持‘基金招商’‘以投促引’策" in out
    # what was clean stays: the first paragraph and the spam line are other families' business
    assert out.splitlines()[0] == text.splitlines()[0]
    assert "\ue0ef" not in out and "厣袑" not in out


@pytest.mark.parametrize("seed", sorted(p.name for p in SEEDS.glob("*.txt")) if SEEDS.exists() else [])
def test_seeds_family_properties(seed):
    text = (SEEDS / seed).read_text(encoding="utf-8")
    assert_pipeline_properties(text, ENC)


# -- fast path and per-pass memo: they may only skip work, never change a result -----------------


def _slow_edits(code: str, text: str):
    """The rule's edits with the family fast path and the previous-pass memo bypassed."""
    rule = get_rule(code)
    saved = enc._codes_for
    enc._codes_for = lambda t: enc._ALL_CODES
    forget_memos()
    try:
        return rule.func(text, ENC)
    finally:
        enc._codes_for = saved


def _fast_edits(code: str, text: str):
    enc._LAST = (None, enc._ALL_CODES, True, "")
    return get_rule(code).func(text, ENC)


@functools.lru_cache(maxsize=1)
def _fast_path_samples() -> tuple[str, ...]:
    rng = random.Random(11)
    paras = [p for p in report_paragraphs() if 20 <= len(p) <= 300]
    out = ["", "?", "a?b", "中?文", "R&D", "a>b", "\u00a0", "实施A股改革", "璀璨憧憬", "鍦板湪", "ÖÐÎÄ", "\ue000", "\ud800", "\x07"]
    for _ in range(30):
        p = rng.choice(paras)
        out.append(p)
        out.append(traditional(p))
        for _kind, true, read, script in LOSSLESS_KINDS:
            src = traditional(p) if script == "traditional" else p
            a = rng.randrange(0, len(src) - 4)
            d = wrong_codec(src[a : a + 12], true, read)
            if d:
                out.append(src[:a] + d + src[a + 12 :])
        r = frame_shift(p, rng)
        if r:
            out.append(r[0])
    return tuple(out)


@pytest.mark.parametrize("code", CODES)
def test_fast_path_never_changes_a_result(code):
    for text in _fast_path_samples():
        assert _fast_edits(code, text) == _slow_edits(code, text), text


@pytest.mark.parametrize("code", CODES)
@given(text=hostile_text)
def test_fast_path_never_changes_a_result_on_hostile_text(code, text):
    assert _fast_edits(code, text) == _slow_edits(code, text)


def test_fast_path_skips_clean_reports():
    # the family decides clean prose with one scan: no rule has anything to look at
    quiet = sum(1 for p in report_paragraphs() if not enc._codes_for(p))
    assert quiet >= 0.98 * len(report_paragraphs())


def test_previous_pass_memo_gives_the_same_edits():
    # a second call on an edited text reuses unchanged lines/windows; the edits equal a fresh run's
    for text in _fast_path_samples()[:60]:
        for code in ("ENC002", "ENC003"):
            rule = get_rule(code)
            rule.func(text, ENC)  # fills the memo
            edited = "前言。\n" + text  # every offset moves, line contents stay
            assert rule.func(edited, ENC) == _slow_edits(code, edited), text
