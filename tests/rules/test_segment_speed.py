"""SEG003's shortcuts take the same decisions as the plain definition.

``paragraph_rejoin`` looks only at chains of lines around a break after a line without final punctuation,
trims lines no group can join, decides a two-line chain in one step, memoizes kept pairs, stops the
rounds when no kept pair's group has grown, and skips regexes that cannot match.  Each test here holds one
of these to the plain version: every content line, every pair, rounds until nothing changes, every regex.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cleanpolicy import Policy  # noqa: E402
from cleanpolicy._core import Edit  # noqa: E402
from cleanpolicy.rules import segment as seg  # noqa: E402
from corpus import report_documents, report_paragraphs, require_peers  # noqa: E402

#: pieces of layout: breaks, blank lines with whitespace, CRLF, indentation, punctuation that ends, opens,
#: continues and closes, notes, headings, list items, captions, furniture, dates, Latin
PIECES = [
    "\n", "\n\n", "\n \n", "\r\n", " ", "\u3000\u3000", "\t", "，", "。", "。 ", "！", "：", "、", "“", "”", "（", "）",
    "(完)", "（⑵）", "【", "】", "[", "]", "》", "——", "徐文光", "之一", "城市", "政府工作报告", "发展", "建设",
    "1", "2024年1月5日", "12:30", "a", "GDP", "一、", "（一）", "1.", "①", "一是", "相关报道", "来源：新华社",
    "> 首页", "张斌 摄", "（新华社发）", "图为", "(图)", " 图", "报告", "。会议", "，提高", "总投资2876亿元",
]
soup = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)


@st.composite
def broken_reports(draw) -> str:
    """A few consecutive report paragraphs, broken at random points, with layout pieces between them."""
    paras = report_paragraphs() or ("加快新型基础设施建设，推动新型智慧城市建设。",)
    k = draw(st.integers(0, max(0, len(paras) - 4)))
    out = []
    for p in paras[k : k + draw(st.integers(1, 4))]:
        cuts = sorted(draw(st.lists(st.integers(1, max(1, len(p) - 1)), max_size=3)))
        prev = 0
        for c in cuts:
            out.append(p[prev:c] + draw(st.sampled_from(["\n", "\n\n", "\n\u3000\u3000", " \n"])))
            prev = c
        out.append(p[prev:])
        out.append(draw(st.sampled_from(["\n", "\n\n", "\n\n\n", ""])) + draw(soup))
    return "".join(out)


texts = st.one_of(soup, broken_reports())


# -- the plain definitions ------------------------------------------------------------------------------
def plain_chains(text: str) -> list[list[tuple[int, int]]]:
    """Runs of two or more consecutive content lines, each but the last ending without final punctuation."""
    chains: list[list[tuple[int, int]]] = []
    run: list[tuple[int, int]] = []
    for s, e in seg._content_lines(text):
        run.append((s, e))
        if text[e - 1] in seg.FINAL:
            if len(run) > 1:
                chains.append(run)
            run = []
    if len(run) > 1:
        chains.append(run)
    return chains


def plain_rejoin(text: str, policy=None) -> list[Edit]:
    """SEG003 by its definition: ``join_reason`` on every pair of neighbouring groups until nothing changes."""
    lines = seg._content_lines(text)
    if not lines:
        return []
    groups = [[i] for i in range(len(lines))]
    paras = [seg._Para(text[s:e]) for s, e in lines]
    reasons: dict[int, str] = {}
    changed, rounds = True, 0
    while changed and rounds < 64:
        changed, rounds = False, rounds + 1
        out, out_para = [groups[0]], [paras[0]]
        for g, gp in zip(groups[1:], paras[1:]):
            gap = text[lines[g[0] - 1][1] : lines[g[0]][0]]
            why = seg.join_reason(out_para[-1], gp, policy, max(0, gap.count("\n") - 1))
            if why:
                reasons[g[0]] = why
                out[-1].extend(g)
                out_para[-1] = out_para[-1].merged(gp)
                changed = True
            else:
                out.append(g)
                out_para.append(gp)
        groups, paras = out, out_para
    return [
        Edit(lines[i - 1][1], lines[i][0], text[lines[i - 1][1] : lines[i][0]], "", f"rejoin broken paragraph: {reasons[i]}")
        for g in groups
        for i in g[1:]
    ]


def plain_ends_sentence(s: str) -> bool:
    i = len(s) - 1
    while i >= 0 and s[i] in seg.CLOSERS:
        i -= 1
    if i < 0:
        return False
    if s[i] in seg.FINAL:
        return True
    m = seg._TRAILING_NOTE_RE.search(s)
    if m and m.start() > 0:
        return plain_ends_sentence(s[: m.start()]) or s[m.start() + 1 : m.end() - 1] == "完"
    return False


def plain_special(p) -> bool:
    return bool(
        seg._FURNITURE_RE.match(p.head)
        or seg._CAPTION_RE.search(p.tail)
        or seg._CAPTION_RE.match(p.head[:2])
        or (p.single is not None and p.length <= 40 and seg._DATE_LINE_RE.match(p.single))
    )


FIELDS = ("head", "tail", "length", "inner_final", "comma", "hanzi", "ends")


def fields(p) -> tuple:
    return tuple(getattr(p, f) for f in FIELDS)


# -- the tests --------------------------------------------------------------------------------------------
@given(text=texts)
def test_open_chains_are_the_runs_of_open_lines(text):
    assert seg._open_chains(text) == plain_chains(text)


@given(text=texts)
def test_rejoin_takes_the_plain_decisions(text):
    assert seg.paragraph_rejoin(text, Policy()) == plain_rejoin(text)


def test_rejoin_takes_the_plain_decisions_on_the_reports():
    require_peers("gov-work-reports")
    policy = Policy()
    for doc in report_documents():
        for text in (doc["content"], doc["content"].replace("\n\n", "\n")):
            assert seg._open_chains(text) == plain_chains(text), doc["content"][:40]
            assert seg.paragraph_rejoin(text, policy) == plain_rejoin(text), doc["content"][:40]


@given(text=texts, data=st.data())
def test_line_descriptions_and_merges_are_the_plain_ones(text, data):
    """``of_span`` describes ``text[s:e]`` and ``merged`` describes the concatenation, without rescans."""
    lines = seg._content_lines(text)
    for s, e in lines:
        p = seg._Para.of_span(text, s, e)
        assert fields(p) == fields(seg._Para(text[s:e]))
        assert p.ends == plain_ends_sentence(p.tail)
        assert seg._special(p) == plain_special(p)
    if len(lines) >= 2:
        k = data.draw(st.integers(1, len(lines) - 1))
        a, b = text[lines[0][0] : lines[k - 1][1]], text[lines[k][0] : lines[-1][1]]
        m = seg._Para(a).merged(seg._Para(b))
        assert fields(m) == fields(seg._Para(a + b))
        assert seg._special(m) == plain_special(m)


#: the characters that decide whether a caption, note or furniture regex can match, and some others
EDGE_CHARS = "图圖为為（(）)】[]摄攝影供新华社發发相关报道延请扫码责编来源首页>＞»完 \u3000\n\t。，一二1a"
#: strings each regex shortcut has to let through: every caption ending, note and furniture word
CORES = [
    *(ws + w for ws in (" ", "\u3000", "\n", "\t") for w in ("摄", "攝", "摄影", "攝影", "供图", "供圖", "图", "圖")),
    "新华社发", "新華社發", "（图", "(图", "（图）", "(图)", "（图)", "图为", "圖為",
    "（完）", "(完)", "（⑵⑶）", "[1]", "【注】", "(12)", "。（完）", "！(2)", "。”（完）",
    *seg._FURNITURE_WORDS, *seg._FURNITURE_MARKS, "2024年1月5日", "12:30",
]


def test_regex_shortcuts_let_every_match_through():
    for core in CORES:
        for pre in ("", "x", "文字", "。", " "):
            for post in ("", "\n", "x", "）", "。"):
                s = pre + core + post
                assert seg._ends_sentence(s) == plain_ends_sentence(s), s
                assert seg._special(seg._Para(s)) == plain_special(seg._Para(s)), s


@given(s=st.text(alphabet=EDGE_CHARS, max_size=8) | st.text(max_size=8))
def test_regex_shortcuts_are_exact(s):
    if s:
        assert seg._special(seg._Para(s)) == plain_special(seg._Para(s))
    assert seg._ends_sentence(s) == plain_ends_sentence(s)


def test_merges_of_line_shapes_are_the_plain_ones():
    """Every pair of line shapes: ends looked through a short second part (``。`` + ``）``), long parts."""
    body = "加快新型基础设施建设推动新型智慧城市建设近一年来谋划推进新基建项目总投资亿元"
    shapes = ["文字", "文字。", "）", "”）", "（完）", "。（完", "完）", "(2)", "政府工作报告", "张斌 摄", "图为",
              "相关报道", "一、", body, body + "。", body + "，", "。" + body, body[:39] + "。", body[:39]]
    for a in shapes:
        for b in shapes:
            m = seg._Para(a).merged(seg._Para(b))
            assert fields(m) == fields(seg._Para(a + b)), (a, b)
            assert seg._special(m) == plain_special(m), (a, b)


def test_furniture_words_are_the_regex():
    assert seg._FURNITURE_RE.pattern == (
        r"^(?:相关报道|相關報道|相关阅读|相關閱讀|延伸阅读|延伸閱讀|请扫描二维码|請掃描二維碼|扫描二维码|掃描二維碼|扫码|掃碼|"
        r"责任编辑|責任編輯|编辑|編輯|来源|來源|发布日期|發布日期|首页|首頁)"
        r"|[>＞»]"
    )
    assert not [w for w in seg._FURNITURE_WORDS if re.escape(w) != w]
