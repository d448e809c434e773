"""The family gates: one look at a text tells which rules of a family may have work on it, and the
pipeline skips the others without calling them.

A gate is a shortcut, never a decision: every rule it leaves out must make no edit on that text, which
is checked here against running the rule, on the fixtures, damaged pages and random text, under the
default options and under options that widen what the rules look for.  The pipeline must give the same
text, steps and metadata with the gates on and off (``pipeline._GATES``).
"""

from __future__ import annotations

import pickle
import random
import sys
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from cleanpolicy import Policy, clean_and_explain, pipeline, registry
from cleanpolicy._compat import tomllib
from cleanpolicy.pipeline import run_rule

sys.path.insert(0, str(Path(__file__).resolve().parent / "rules"))

from corpus import report_paragraphs  # noqa: E402
from strategies import hostile_text  # noqa: E402
import encoding_damage, pinyin_damage, seg_damage, spam_planting  # noqa: E402

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
GATED = ("ENC", "PYN", "SPM", "BPL", "SCR", "SEG", "NRM")
POLICIES = (
    Policy(to="keep"),
    Policy(),
    Policy(to="traditional", select=("ALL",)),
    Policy(to="keep")
    .with_options("spam", punct_min_run=2, inserted_min_length=2, inserted_min_repeats=1, document_threshold=0)
    .with_options("normalize", indent="remove"),
    Policy(to="keep").with_options("normalize", indent="keep").with_options("spam", inserted_min_repeats=3),
)
#: the characters the gates look for, to sprinkle into text
MARKS = [
    "", "\n", "\n\n", "\n\n\n", " ", "  ", "\t", "\u00a0", "\u3000", "　　", ",", ":", ";", "?", "!", "(", ")", "（", "【",
    "[", '"', "'", "...", "。。。", "………", "…", "★★★", ",,,,", "，，，，", "、、", "\ufffd", "(shè)", "（jì）", "?ji",
    "首页 > 新闻 > ", "来源：新华社", "记者 张三 李四", "扫一扫", "版权所有", "（完）", "浙江汽车品牌", "色情", "注册送彩金",
]


#: texts where rules of every gated family have work (from the rules' own examples)
HITS = (
    "“工业强市”是衢州实现跨越式发展的新动力浙江汽车品牌，是实现共同富裕的最大增量。\n"
    "衢州作为山区县的典型代表，要求农业农村高质量发展浙江汽车品牌，让农村宜居宜业，农民富起来。\n"
    "本通知由浙江汽车品牌人民政府办公室印发。\n",
    "伊人六月,97自拍超碰,久久精品亚洲7777影院,国产视频在线观看,澳门赌场注册送彩金\n加快发展,,,,,,新质生产力★★★★★",
    "关于娱乐城官网更换域名的公告……注册即送38元彩金……",
    "首页 > 新闻频道 > 国内新闻\n发布日期:2020-11-30 信息来源: 《今日浙江》杂志\n【打印本页】【关闭窗口】\n"
    "浙江新闻客户端制作人翁浩浩记者于山设计叶晓倩摄徐军通讯员于锐\n扫一扫在手机打开当前页\n"
    "1月22日晚，衢州市委教育科技人才工作座谈会现场。张斌 摄\n…夯实创新根基。(完)\n"
    "免责声明：本网对文中陈述、观点判断保持中立\nProduced By 大汉网络 大汉版通发布系统\n"
    "中新网衢州1月26日电 (张斌)记者从会上获悉。",
    "设(shè)计和建(jiàn)设，設(shè)計",
    "我 们 要 坚 持 稳 中 求 进 工 作 总 基 调\n推动经济高\n质量发展。",
    "　　第一段内容。  \n\n\n\n 第二段 内容...\n\t\u00a0\n",
)


def _gates(policy: Policy):
    for family in GATED:
        gate = registry.family_gate(family)(policy)
        if gate is not None:
            yield family, gate


def _assert_gates_agree(text: str, policy: Policy) -> None:
    rules = [r for r in registry.all_rules() if r.status == "active"]
    for family, gate in _gates(policy):
        codes = gate(text)
        for rule in rules:
            if rule.family == family and rule.code not in codes:
                edits = run_rule(rule, text, policy)
                assert edits == [], f"the {family} gate left out {rule.code}, which finds {edits[:2]!r} in {text[:200]!r}"


def _assert_same_with_and_without_gates(text: str, policy: Policy, monkeypatch) -> None:
    monkeypatch.setattr(pipeline, "_GATES", True)
    gated = clean_and_explain(text, policy)
    monkeypatch.setattr(pipeline, "_GATES", False)
    full = clean_and_explain(text, policy)
    assert (gated.text, gated.steps, gated.metadata) == (full.text, full.steps, full.metadata)


def _fixture_texts() -> list[str]:
    texts = list(HITS) + [p.read_text(encoding="utf-8") for p in sorted((FIXTURES / "pages").glob("*.input.txt"))]
    for f in sorted((FIXTURES / "cases").glob("*.toml")):
        for case in tomllib.loads(f.read_text(encoding="utf-8")).get("case", []):
            if isinstance(case.get("input"), str):
                texts.append(case["input"])
    return texts


def _damaged(rng: random.Random) -> str:
    """A few report paragraphs (or generated text) with damage of every family, some of it cut short."""
    paras = list(report_paragraphs()) or ["我们要坚持稳中求进工作总基调，推动经济高质量发展。"]
    picked = [rng.choice(paras) for _ in range(rng.randint(1, 6))]
    for i, p in enumerate(picked):
        r = rng.random()
        if r < 0.15:
            positions = seg_damage.word_internal_positions(p)
            if positions:
                p = seg_damage.break_at(p, rng.choice(positions), rng.choice(["\n", "\n\n"]))
        elif r < 0.3:
            a, b = encoding_damage.pick_span(p, rng)
            p = p[:a] + (encoding_damage.wrong_codec(p[a:b], "utf-8", "gbk") or p[a:b]) + p[b:]
        elif r < 0.45:
            made = pinyin_damage.annotate(p, rng, style=rng.choice(pinyin_damage.STYLES), rate=0.3)
            p = made[0] if made else p
        elif r < 0.6:
            chars = list(p)
            for _ in range(rng.randint(1, 4)):
                chars.insert(rng.randrange(len(chars) + 1), rng.choice(MARKS))
            p = "".join(chars)
        picked[i] = p[: rng.randint(1, len(p))] if rng.random() < 0.2 else p
    text = rng.choice(["\n\n", "\n", ""]).join(picked)
    if rng.random() < 0.3:
        text = spam_planting.plant_phrase(text, spam_planting.brand_phrase(rng), 3, rng)
    return text


def test_every_gated_family_has_a_gate():
    for family in GATED:
        assert registry.family_gate(family) is not None, family
    assert registry.family_gate("XYZ") is None


def test_gates_agree_with_the_rules_on_the_fixtures():
    for text in _fixture_texts():
        for policy in POLICIES:
            _assert_gates_agree(text, policy)


def test_gates_agree_with_the_rules_on_damaged_text():
    rng = random.Random(7)
    for _ in range(80):
        text = _damaged(rng)
        for policy in POLICIES:
            _assert_gates_agree(text, policy)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(MARKS), max_size=12), st.randoms(use_true_random=False))
def test_gates_agree_with_the_rules_on_marked_text(marks, rnd):
    paras = report_paragraphs() or ("我们要坚持稳中求进工作总基调，推动经济高质量发展。",)
    chars = list(rnd.choice(paras)[: rnd.randint(0, 120)])
    for piece in marks:
        chars.insert(rnd.randrange(len(chars) + 1), piece)
    text = "".join(chars)
    for policy in POLICIES:
        _assert_gates_agree(text, policy)


@settings(max_examples=100, deadline=None)
@given(hostile_text)
def test_gates_agree_with_the_rules_on_any_text(text):
    for policy in POLICIES[:2]:
        _assert_gates_agree(text, policy)


def test_pipeline_is_the_same_with_and_without_gates(monkeypatch):
    monkeypatch.setattr(pipeline, "_GATE_LIMIT", 10**9)  # gate every text, the long pages too
    texts = _fixture_texts()
    rng = random.Random(3)
    texts += [_damaged(rng) for _ in range(40)]
    for text in texts:
        for policy in POLICIES:
            _assert_same_with_and_without_gates(text, policy, monkeypatch)


def test_a_gate_that_fails_runs_every_rule(monkeypatch):
    text = "首页 > 新闻中心 > 要闻\n\n我们要坚持稳中求进工作总基调。\n\n版权所有：某某市人民政府办公室\n"
    policy = Policy(to="keep")
    expected = clean_and_explain(text, policy)
    assert expected.text == "我们要坚持稳中求进工作总基调。\n"

    def broken(text):
        raise RuntimeError("gate bug")

    factory = registry.family_gate
    monkeypatch.setattr(pipeline, "_STRICT", False)
    monkeypatch.setattr(registry, "family_gate", lambda family: (lambda policy: broken))
    pipeline._plan.cache_clear()
    try:
        got = clean_and_explain(text, policy)
    finally:
        monkeypatch.setattr(registry, "family_gate", factory)
        pipeline._plan.cache_clear()
    assert (got.text, got.steps, got.metadata) == (expected.text, expected.steps, expected.metadata)


def test_option_lookups_are_kept_on_the_policy_but_not_pickled():
    policy = Policy().with_options("normalize", indent="remove")
    assert policy.option("normalize", "indent") == "remove"
    assert policy.option("normalize", "indent") == "remove"  # from the policy's own dict
    assert policy.option("spam", "punct_min_run") == registry.family_options()["spam"]["punct_min_run"]
    copy = pickle.loads(pickle.dumps(policy))
    assert "_looked_up" not in copy.__dict__
    assert copy == policy and copy.option("normalize", "indent") == "remove"
    try:
        policy.option("normalize", "no_such_option")
    except KeyError:
        pass
    else:
        raise AssertionError("an unknown option must raise")
