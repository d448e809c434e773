"""Tests of the SPN family (article-spinner repair through the glossary)."""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).parent))

from corpus import SEEDS, report_documents, report_paragraphs, require_peers, simplified_report_paragraphs  # noqa: E402
from properties import (  # noqa: E402
    assert_pipeline_properties,
    assert_rule_idempotent,
    assert_rule_no_change,
    assert_rule_total_and_well_formed,
    rule_edits,
)
from spinner_damage import heldout_pairs, score_edits, spin  # noqa: E402
from strategies import clean_paragraph, generated_clean_text, hostile_text  # noqa: E402

from cleanpolicy import Policy, clean_and_explain  # noqa: E402
from cleanpolicy._core import apply_edits  # noqa: E402
from cleanpolicy.chars import fold_simplified  # noqa: E402
from cleanpolicy.policy import load_policy  # noqa: E402
from cleanpolicy.registry import get_rule  # noqa: E402
from cleanpolicy.rules import spinner  # noqa: E402

RULE = get_rule("SPN001")
P = Policy(to="keep", select=("SPN001",))
#: the spun-only tier forced on (as in a document that scores as spun)
FORCED = P.with_options("spinner", spin_threshold=0.0)
#: only the tiers that need no document-level evidence
STRICT = P.with_options("spinner", tiers=["always", "context"])
ENTRIES = spinner._packaged()


def fix(text: str, policy: Policy = P) -> str:
    return apply_edits(text, rule_edits(RULE, text, policy))


def changes(text: str, policy: Policy = P):
    return [e for e in rule_edits(RULE, text, policy) if e.old != e.new]


# ---------------------------------------------------------------------------------------------
# literal table: (input, expected, policy)
CASES = [
    # always tier: never right in policy prose
    ("奋力打造“关键对话框”。", "奋力打造“重要窗口”。", P),
    ("争当社会主义社会智能化先行市", "争当社会主义现代化先行市", P),
    ("加快建设随意贸易试验区", "加快建设自由贸易试验区", P),
    ("贯彻新发展趋势理念，构建新发展趋势格局", "贯彻新发展理念，构建新发展格局", P),
    # context tier
    ("四是基本建设“两优一高”市", "四是建设“两优一高”市", P),
    ("全面基本建设社会主义现代化国家", "全面建设社会主义现代化国家", P),
    ("基本建设投资增长12%", "基本建设投资增长12%", P),
    ("严格控制基本建设规模", "严格控制基本建设规模", P),
    ("基本建设程序", "基本建设程序", FORCED),
    ("基本建设项目", "基本建设项目", FORCED),
    # locality: a province's / city's / county's own sessions are never 全国
    ("此次省“全国两会”，将审议规划纲要", "此次省“两会”，将审议规划纲要", P),
    ("下一步，我们将举办市“全国两会”，部署工作", "下一步，我们将召开市“两会”，部署工作", P),
    ("丽水市全国两会期间", "丽水市两会期间", P),
    ("衢州市第八届全国人民代表大会第一次会议开幕", "衢州市第八届人民代表大会第一次会议开幕", P),
    ("衢州市第八屆全國人民代表大會第一次會議開幕", "衢州市第八屆人民代表大會第一次會議開幕", P),
    ("此次省“全國兩會”，將審議", "此次省“兩會”，將審議", P),
    ("全国两会期间，代表委员建言献策", "全国两会期间，代表委员建言献策", P),
    ("第十四届全国人民代表大会第三次会议", "第十四届全国人民代表大会第三次会议", P),
    ("来宾市全国人大代表雷应敏", "来宾市全国人大代表雷应敏", P),
    ("城市全国两会", "城市全国两会", P),
    ("各省市全国两会代表团", "各省市全国两会代表团", P),
    ("大家党的百年奋斗", "我们党的百年奋斗", P),
    ("请大家党员干部带头", "请大家党员干部带头", P),
    ("坚持和发展我国特色社会主义", "坚持和发展中国特色社会主义", P),
    ("学习贯彻全国两会精神", "学习贯彻全国两会精神", P),
    # spun-only tier: only with document-level evidence
    ("下一步，大家将召开动员会。", "下一步，大家将召开动员会。", P),
    ("下一步，大家将召开动员会。", "下一步，我们将召开动员会。", FORCED),
    ("民族大家庭", "民族大家庭", FORCED),
    ("增强自主创新能力", "增强自主创新能力", FORCED),
    ("经营环境持续改进", "营商环境持续改进", FORCED),
    ("优化经营环境", "优化经营环境", P),
    # 重特大 is a real word (重特大项目 in a city's news), so it needs the document's evidence
    ("获得重特大改革创新新突破", "获得重特大改革创新新突破", P),
    ("获得重特大改革创新新突破", "获得重大改革创新新突破", FORCED),
    ("全市重特大项目攻坚暨优化营商环境大会", "全市重特大项目攻坚暨优化营商环境大会", P),
    ("打造“关键对话框”，获得重特大改革新突破，大家将召开动员会", "打造“重要窗口”，获得重大改革新突破，我们将召开动员会", P),
    ("坚决遏制重特大事故", "坚决遏制重特大事故", FORCED),
    ("重特大自然灾害应急处置", "重特大自然灾害应急处置", FORCED),
    # overlapping candidates: the longest wins, and reasons name it
    ("三大区块链连动", "三大板块联动", P),
    ("干好今年工作，实际意义重特大。", "干好今年工作，意义重大。", P),
    # traditional input keeps its script
    ("奮力打造“關鍵對話框”", "奮力打造“重要窗口”", P),
    ("基本建設社會主義社會智能化國家", "建設社會主義現代化國家", P),
    # negatives: ordinary text
    ("我们要全面建设社会主义现代化国家。", "我们要全面建设社会主义现代化国家。", FORCED),
    ("发展区块链技术，推进数字经济。", "发展区块链技术，推进数字经济。", FORCED),
    ("不得随意改变用途。", "不得随意改变用途。", FORCED),
    ("党支部是坚强的战斗堡垒。", "党支部是坚强的战斗堡垒。", FORCED),
    ("建立在共同利益基础之上。", "建立在共同利益基础之上。", FORCED),
    ("", "", P),
]


@pytest.mark.parametrize("text,expected,policy", CASES, ids=[c[0][:16] or "empty" for c in CASES])
def test_literal_table(text, expected, policy):
    assert fix(text, policy) == expected
    assert fix(expected, policy) == expected  # and the repaired text is a fixed point


def test_every_replacement_names_its_entry():
    edits = changes("此次省“全国两会”，奋力打造“关键对话框”")
    assert len(edits) == 2
    for e in edits:
        assert "glossary.tsv:" in e.reason and "→" in e.reason and "[" in e.reason


def test_length_changing_offsets():
    text = "甲关键对话框乙基本建设社会主义丙全国两会丁"
    text = "此次省“全国两会”，" + text
    edits = rule_edits(RULE, text, P)
    for e in edits:
        assert text[e.start : e.end] == e.old
    assert fix(text) == "此次省“两会”，甲重要窗口乙建设社会主义丙全国两会丁"


def test_spin_score_rides_on_a_zero_width_report():
    text = "此次省“全国两会”，大家将奋力打造“关键对话框”，争当社会主义社会智能化先市。"
    edits = rule_edits(RULE, text, P)
    first = edits[0]
    assert (first.start, first.end, first.old, first.new) == (0, 0, "", "")
    key, value = first.meta[0]
    assert key == "spin_score" and value > 3
    result = clean_and_explain(text, P)
    assert result.metadata["spin_score"] == value
    assert spinner.spin_score(text) == pytest.approx(value, abs=1e-3)


def test_no_report_on_text_without_glossary_hits():
    assert rule_edits(RULE, "今年经济运行总体平稳。", P) == []
    assert spinner.spin_score("今年经济运行总体平稳。") == 0.0


def test_spun_only_report_mode():
    pol = FORCED.with_options("spinner", spun_only="report")
    edits = rule_edits(RULE, "下一步，大家将奋力打造“关键对话框”", pol)
    assert [(e.old, e.new) for e in edits if e.old != e.new] == [("关键对话框", "重要窗口")]
    assert any(e.old == "大家" and e.old == e.new and "我们" in e.reason for e in edits)


def test_bad_options_are_reported():
    for pol in (P.with_options("spinner", spun_only="sometimes"), P.with_options("spinner", tiers=["alway"])):
        edits = rule_edits(RULE, "打造“关键对话框”", pol)
        assert len(edits) == 1 and edits[0].old == edits[0].new and "not understood" in edits[0].reason


def test_tiers_option():
    pol = P.with_options("spinner", tiers=["always"])
    assert fix("获得重特大改革新突破，打造“关键对话框”", pol) == "获得重特大改革新突破，打造“重要窗口”"
    assert fix("打造“关键对话框”", P.with_options("spinner", tiers=[])) == "打造“关键对话框”"


# ---------------------------------------------------------------------------------------------
# the data file: examples and counterexamples are tests; validation against the reports
def _entry_id(e):
    return f"{e.origin}:{e.spun}"


@pytest.mark.parametrize("entry", [e for e in ENTRIES if " => " in e.example], ids=_entry_id)
def test_data_examples(entry):
    src, want = entry.example.split(" => ")
    assert fix(src, FORCED) == want


@pytest.mark.parametrize("entry", [e for e in ENTRIES if e.counterexample not in ("", "-")], ids=_entry_id)
def test_data_counterexamples(entry):
    assert fix(entry.counterexample, FORCED) == entry.counterexample


def test_data_file_is_well_formed():
    assert len(ENTRIES) >= 100
    for e in ENTRIES:
        assert e.tier in spinner.TIERS
        assert e.source.strip() and e.source != "-", e.origin
        assert e.example not in ("", "-"), f"{e.origin}: every entry needs an example"
        # an original never contains a spun form (no chains through the glossary)
        assert not [s.spun for s in ENTRIES if s.spun in e.original], e.origin
    for tier in spinner.TIERS:
        assert any(e.tier == tier for e in ENTRIES)


def test_context_entries_with_only_negative_conditions_are_no_words():
    """A context-tier entry is a *sure* sign of a spinner wherever its conditions hold.  With only
    negative conditions (``!next``/``!prev``) it holds almost everywhere, so its spun form must be no
    word of real Chinese; a dictionary word (重特大: 重特大项目 in a city's news) belongs in the
    spun-only tier, which needs the document's evidence."""
    from cleanpolicy.rules import _words

    def is_word(w: str) -> bool:
        return len(w) == 1 and _words._single(w) > 0 or w in _words._group(w[:2])[0]

    for e in ENTRIES:
        if e.tier == "context" and e.conds and all(c.negate for c in e.conds):
            assert not is_word(e.spun), f"{e.origin}: {e.spun} is a dictionary word; make it spun-only"


def test_always_tier_forms_never_occur_in_the_reports():
    require_peers("gov-work-reports")
    text = fold_simplified("\n".join(d["content"] for d in report_documents()))
    found = {e.spun: text.count(e.spun) for e in ENTRIES if e.tier == "always" and e.spun in text}
    assert not found, f"always-tier forms occur in real policy prose: {found}"


def test_context_entries_whose_form_occurs_in_the_reports_do_not_fire_there():
    """Whole report documents (not only the clean paragraphs), always and context tiers."""
    require_peers("gov-work-reports")
    docs = [d["content"] for d in report_documents()]
    joined = fold_simplified("\n".join(docs))
    occurring = [e for e in ENTRIES if e.tier == "context" and e.spun in joined]
    assert occurring, "expected some context-tier forms to occur in the reports (重特大, 全国人民代表大会…)"
    for doc in docs:
        assert not changes(doc, STRICT), changes(doc, STRICT)[:3]


def test_all_report_paragraphs_pass_untouched():
    require_peers("gov-work-reports")
    paras = report_paragraphs()
    assert len(paras) > 5000
    changed = []
    for p in paras:
        edits = changes(p)
        if edits:
            changed.append((p[:40], [(e.old, e.new) for e in edits]))
    assert not changed, changed[:5]


def test_report_documents_score_far_below_the_threshold():
    require_peers("gov-work-reports")
    threshold = spinner.OPTIONS["spin_threshold"]
    worst = max(spinner.spin_score(d["content"]) for d in report_documents())
    assert worst < threshold / 4


def test_generated_entries_never_fire_on_the_reports_even_with_the_gate_forced_open():
    """The dictionary-derived spun-only entries carry negative context from every place their spun
    form occurs in the reports; with the default threshold no report document is even searched."""
    require_peers("gov-work-reports")
    generated = [e for e in ENTRIES if e.origin.startswith("generated.tsv:")]
    assert len(generated) >= 40 and all(e.tier == "spun-only" for e in generated)
    for d in report_documents():
        assert rule_edits(RULE, d["content"], P) == []
        fired = [e.reason for e in changes(d["content"], FORCED) if "generated.tsv:" in e.reason]
        assert not fired, fired[:3]


def test_generated_file_names_its_source_and_licence():
    from importlib import resources

    head = resources.files("cleanpolicy.data").joinpath("spinner/generated.tsv").read_text(encoding="utf-8")[:2000]
    assert "CC-CEDICT" in head and "CC BY-SA 4.0" in head
    for e in ENTRIES:
        if e.origin.startswith("generated.tsv:"):
            assert e.source.startswith("cedict:"), e.origin


# ---------------------------------------------------------------------------------------------
# seeds
def test_seed_002_spun_interview():
    text = (SEEDS / "002_4cf887fe5d09685d.txt").read_text(encoding="utf-8")
    result = clean_and_explain(text, P)
    out = result.text
    for bad in ("关键对话框", "社会主义社会智能化", "重特大改革", "基本建设", "全国两会"):
        assert bad not in out, bad
    assert "此次省“两会”" in out and "市“两会”" in out
    assert result.metadata["spin_score"] > 3 * spinner.OPTIONS["spin_threshold"]
    assert assert_pipeline_properties(text, P) == out


def test_seed_000_city_congress_is_not_national():
    text = (SEEDS / "000_68dca69d0bb6b418.txt").read_text(encoding="utf-8")
    out = fix(text)
    assert "衢州市第八屆人民代表大會第一次會議" in out
    assert "全國人民代表大會" not in out
    # a lightly touched document: nothing else changes
    assert len(changes(text)) == 1


@pytest.mark.parametrize("name", ["001_4be917ad60d2bd56.txt", "003_b790681af613e999.txt", "004_549e762059807431.txt"])
def test_other_seeds_untouched(name):
    text = (SEEDS / name).read_text(encoding="utf-8")
    assert changes(text) == []


# ---------------------------------------------------------------------------------------------
# user glossary from the policy
def test_user_glossary_extends_and_overrides(tmp_path):
    g = tmp_path / "mine.tsv"
    g.write_text(
        "spun\toriginal\ttier\tcontext\texample\tcounterexample\tsource\n"
        "人为智能\t人工智能\talways\t-\t-\t-\tour corpus\n"
        "关键对话框\t重要窗口\toff\n"
        "大家\t我们\talways\t!next:庭\t-\t-\tour corpus\n",
        encoding="utf-8",
    )
    pol = P.with_options("spinner", glossary=str(g))
    assert fix("发展人为智能", pol) == "发展人工智能"
    assert fix("打造“关键对话框”", pol) == "打造“关键对话框”"
    assert fix("大家将召开大会", pol) == "我们将召开大会"
    assert fix("民族大家庭", pol) == "民族大家庭"
    assert fix("社会主义社会智能化", pol) == "社会主义现代化"  # the packaged entries still apply


def test_user_glossary_relative_to_the_config_file(tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "g.tsv").write_text("人为智能\t人工智能\talways\t-\t-\t-\tmine\n", encoding="utf-8")
    cfg = tmp_path / "cleanpolicy.toml"
    cfg.write_text('to = "keep"\nselect = ["SPN001"]\n[spinner]\nglossary = "data/g.tsv"\nspin-threshold = 4.0\n', encoding="utf-8")
    pol = load_policy(cfg)
    assert pol.option("spinner", "glossary") == str((tmp_path / "data" / "g.tsv").resolve())
    assert clean_and_explain("发展人为智能", pol).text == "发展人工智能"


def test_bad_user_glossary_is_reported_not_raised(tmp_path):
    g = tmp_path / "bad.tsv"
    g.write_text("关键对话框\t重要窗口\tsometimes\n", encoding="utf-8")
    for path in (str(g), str(tmp_path / "missing.tsv")):
        edits = rule_edits(RULE, "打造“关键对话框”", P.with_options("spinner", glossary=path))
        assert len(edits) == 1 and edits[0].old == edits[0].new and "user glossary" in edits[0].reason


# ---------------------------------------------------------------------------------------------
# properties
@given(hostile_text)
def test_total_on_hostile_text(text):
    assert_rule_total_and_well_formed(RULE, text, P)
    assert_rule_total_and_well_formed(RULE, text, FORCED)


@given(st.one_of(hostile_text, generated_clean_text(), clean_paragraph()))
def test_idempotent(text):
    assert_rule_idempotent(RULE, text, P)
    assert_rule_idempotent(RULE, text, FORCED)


@given(clean_paragraph())
def test_clean_paragraphs_unchanged(text):
    assert_rule_no_change(RULE, text, P)


_FORMS = [e.spun for e in ENTRIES]


@given(st.lists(st.sampled_from(_FORMS + ["，", "的", "市", "省“", "”", "第八届", "建设", "重大"]), max_size=12))
def test_idempotent_on_glossary_soup(parts):
    """Spun forms glued together in any order: the worst case for overlaps and chains."""
    text = "".join(parts)
    assert_rule_idempotent(RULE, text, P)
    assert_rule_idempotent(RULE, text, FORCED)


_STRICT_PAIRS = {}
for _e in ENTRIES:
    if _e.tier in ("always", "context"):
        _STRICT_PAIRS.setdefault(_e.original, _e)


@given(clean_paragraph(), st.randoms(use_true_random=False))
def test_spinning_with_the_glossary_pairs_round_trips(para, rnd):
    """Spin a real paragraph with the glossary's own always/context pairs where the entry's context
    holds, as a spinner would; cleaning returns the original exactly."""
    folded = fold_simplified(para)
    assume(folded == para)  # simplified paragraphs (the 1954 report is traditional)
    sites = []
    used = [False] * len(para)
    for original in sorted(_STRICT_PAIRS, key=len, reverse=True):
        i = para.find(original)
        while i != -1:
            j = i + len(original)
            if not any(used[i:j]) and rnd.random() < 0.8:
                for k in range(i, j):
                    used[k] = True
                sites.append((i, j, _STRICT_PAIRS[original]))
            i = para.find(original, i + 1)
    assume(sites)
    sites.sort(key=lambda s: s[0])
    spun, pos = [], 0
    for i, j, e in sites:
        spun.append(para[pos:i])
        spun.append(e.spun)
        pos = j
    spun.append(para[pos:])
    spun_text = "".join(spun)
    # keep the swaps whose entry accepts its context (a context-blind swap elsewhere is a recall loss)
    out, shift, kept = [], 0, []
    pos = 0
    rebuilt = []
    for i, j, e in sites:
        s = i + shift
        if spinner.entry_applies(e, spun_text, s):
            kept.append((i, j, e))
        shift += len(e.spun) - (j - i)
    assume(kept)
    for i, j, e in kept:
        rebuilt.append(para[pos:i])
        rebuilt.append(e.spun)
        pos = j
    rebuilt.append(para[pos:])
    damaged = "".join(rebuilt)
    assume(damaged != para)
    # the swaps kept must still be accepted in the text that actually carries only them
    shift = 0
    for i, j, e in kept:
        assume(spinner.entry_applies(e, damaged, i + shift))
        shift += len(e.spun) - (j - i)
    assert fix(damaged, STRICT) == para


def test_generated_spun_documents_precision_and_recall():
    """Report paragraphs spun with the glossary's pairs and the held-out pairs (seeded, context-blind):
    the edits are nearly all right, and the always tier restores nearly everything."""
    require_peers("gov-work-reports")
    pairs = {}
    for e in ENTRIES:
        pairs.setdefault(e.original, (e.spun, e.tier))
    for s, o in heldout_pairs():
        pairs.setdefault(o, (s, "held-out"))
    paras = [p for p in simplified_report_paragraphs() if len(p) > 80][::12]
    rng = random.Random(11)
    ok = total = 0
    restored = {}
    counts = {}
    for k in range(0, len(paras) - 8, 8):
        doc = "\n".join(paras[k : k + 8])
        spun_text, sites = spin(doc, pairs, rng, rate=0.7)
        if not sites:
            continue
        for s in sites:
            counts[s[3]] = counts.get(s[3], 0) + 1
        a, n, r = score_edits(spun_text, sites, rule_edits(RULE, spun_text, P))
        ok += a
        total += n
        for key, v in r.items():
            restored[key] = restored.get(key, 0) + v
    assert total > 100
    assert ok / total >= 0.95, (ok, total)
    assert restored.get("always", 0) / counts["always"] >= 0.95
    assert restored.get("held-out", 0) == 0  # the glossary does not know them: an honest floor


def test_pipeline_with_script_conversion_first():
    """SPN runs after SCR: with --to simplified the traditional page is repaired in simplified."""
    text = "此次省“全國兩會”，將奮力打造“關鍵對話框”。"
    pol = Policy(to="simplified", select=("SCR", "SPN001"))
    out = clean_and_explain(text, pol).text
    assert "全国两会" not in out and "关键对话框" not in out and "两会" in out


@pytest.mark.parametrize(
    "to,expected",
    [("traditional", "此次省“兩會”，將奮力打造“重要窗口”。"), ("keep", "此次省“兩會”，將奮力打造“重要窗口”。"), ("simplified", "此次省“两会”，将奋力打造“重要窗口”。")],
)
def test_output_script_follows_the_target(to, expected):
    text = "此次省“全國兩會”，將奮力打造“關鍵對話框”。"
    assert clean_and_explain(text, Policy(to=to, select=("SCR", "SPN001"))).text == expected
    # simplified input converted to the target first, then repaired in that script
    simp = "此次省“全国两会”，将奋力打造“关键对话框”。"
    if to != "keep":
        assert clean_and_explain(simp, Policy(to=to, select=("SCR", "SPN001"))).text == expected


# ---------------------------------------------------------------------------------------------
# the fast path: the detector finds exactly what a plain scan of the folded text finds
def _s2t(text: str) -> str:
    return spinner._s2t("s2t").convert(text)


_SOUP = st.lists(
    st.one_of(
        st.sampled_from(_FORMS),
        st.sampled_from(_FORMS).map(_s2t),
        st.sampled_from(["，", "的", "市", "省“", "”", "第八届", "建设", "重大", "级", "目标", "十四五”", "2", "届", "“", " "]),
        st.text(alphabet="我国大家基本设全人代表会高新科技两會國屆縣區", max_size=4),
    ),
    max_size=16,
).map("".join)


def _plain(text: str, m, tiers=spinner._ALL_TIERS):
    return spinner._candidates(fold_simplified(text), m, tiers)


@given(st.one_of(_SOUP, hostile_text, clean_paragraph(), clean_paragraph().map(_s2t)))
def test_detector_finds_what_the_plain_scan_finds(text):
    m = spinner._matcher(ENTRIES)
    for tiers in (spinner._ALL_TIERS, frozenset({"context"}), frozenset({"always", "spun-only"}), frozenset({"spun-only"})):
        fast, around = spinner._find_candidates(text, m, tiers)
        assert fast == _plain(text, m, tiers)
        folded = fold_simplified(text)
        assert around == [(folded[max(0, c.start - 2) : c.start], folded[c.end : c.end + 2]) for c in fast]
    # on already folded text (the repair rounds), matching is literal
    folded = fold_simplified(text)
    assert spinner._find_candidates(folded, m, spinner._ALL_TIERS, raw=False)[0] == spinner._candidates(folded, m, spinner._ALL_TIERS)


@given(st.one_of(_SOUP, hostile_text, clean_paragraph().map(_s2t), st.text(alphabet="\u3400\u4d00\u4dbf\u4dc0\u4e00\u9fff\uf900\ufa2d㑮俓個們拚\U00020000\ud800", max_size=30)))
def test_fast_hanzi_count(text):
    assert spinner._fast_hanzi_count(text) == spinner._hanzi_count(text)


@given(_SOUP)
def test_spin_score_matches_the_plain_computation(text):
    """The score counts every tier's hits, but only in a text with a sure (always/context) hit."""
    m = spinner._matcher(ENTRIES)
    folded = fold_simplified(text)
    cands = _plain(text, m)
    sure = any(c.entry.tier in ("always", "context") for c in cands)
    expected = spinner._score(folded, cands, spinner._hanzi_count(text))[0] if sure else 0.0
    assert spinner.spin_score(text) == expected


def test_no_spun_only_search_without_a_sure_hit():
    """Ordinary spun-only words alone (大家, 发展趋势) neither score nor change a document, unless the
    threshold forces that tier on; one sure hit brings them in."""
    text = "下一步，大家将推动发展趋势，优秀人才" * 5
    assert rule_edits(RULE, text, P) == []
    assert spinner.spin_score(text) == 0.0
    assert fix(text, FORCED) == "下一步，我们将推动发展，人才" * 5
    spun = text + "奋力打造“关键对话框”。"
    assert fix(spun) == "下一步，我们将推动发展，人才" * 5 + "奋力打造“重要窗口”。"


def test_detector_with_a_user_glossary(tmp_path):
    """A user glossary gets its own detector: one-character forms, prev/next/local conditions."""
    path = tmp_path / "user.tsv"
    path.write_text(
        "spun\toriginal\ttier\tcontext\n"
        "乙\t甲\talways\t-\n"
        "丙丁\t戊\tcontext\tprev:己庚|辛\n"
        "壬癸\t子\tcontext\tnext:丑\n"
        "寅卯\t辰\tcontext\tlocal\n",
        encoding="utf-8",
    )
    entries = spinner.load_glossary(str(path))
    m = spinner._matcher(entries)
    for text in ["乙", "己庚丙丁、辛丙丁、丙丁", "壬癸丑壬癸", "縣“寅卯”市寅卯寅卯", "大家乙基本建设丙丁", ""]:
        assert spinner._find_candidates(text, m, spinner._ALL_TIERS)[0] == _plain(text, m)


def test_spun_only_search_with_one_character_forms(tmp_path):
    """A user's one-character spun-only form: the spun-only search falls back from bigram look-ups
    to a look-up per position, and still finds what the plain scan finds."""
    path = tmp_path / "user.tsv"
    path.write_text("spun\toriginal\ttier\tcontext\n乙\t甲\tspun-only\t-\n丙丁\t戊\tspun-only\t-\n", encoding="utf-8")
    m = spinner._matcher(spinner.load_glossary(str(path)))
    assert m.gated_by_two is None
    for text in ["乙", "乙丙丁乙", "大家乙基本建设丙丁关键对话框", "", "丙"]:
        assert spinner._find_candidates(text, m, spinner._ALL_TIERS)[0] == _plain(text, m)
    pol = FORCED.with_options("spinner", glossary=str(path))
    assert fix("乙丙丁", pol) == "甲戊"


def test_shipped_anchor_choices_are_current():
    # anchors.json is what the detector would compute for the packaged glossary and model; rewrite it
    # with `python scripts/spinner_glossary.py anchors` after changing either
    import json
    from importlib import resources

    from cleanpolicy.rules import spinner as S

    pats = S._patterns(S._matcher(S._packaged()))
    shipped = json.loads(resources.files("cleanpolicy.data").joinpath("spinner", S._ANCHORS_FILE).read_text(encoding="utf-8"))
    assert shipped == S.anchor_choices_data(pats)
    single, placed, _freq = S._shipped_anchor_choices(pats)
    computed = S._compute_anchor_choices(pats)
    assert (single, placed) == (computed[0], computed[1])


def test_other_patterns_compute_their_own_anchor_choices():
    from cleanpolicy.rules import spinner as S

    pats = S._patterns(S._matcher(S._packaged()))[:-1]  # not the packaged glossary's patterns
    assert S._shipped_anchor_choices(pats) is None
