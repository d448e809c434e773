"""ENC003's memo of lines by their text alone (:data:`enc._FS_LINES`): a line where no piece got past the
test of its best shift has no repair whatever its neighbours.  The memo may only skip work: with it,
every text gets exactly the edits it gets with every memo empty."""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import report_paragraphs, require_peers  # noqa: E402
from encoding_damage import frame_shift, pick_span, traditional, wrong_codec  # noqa: E402
from encoding_runs import fresh_edits  # noqa: E402

from cleanpolicy import Policy  # noqa: E402
from cleanpolicy.rules import encoding as enc  # noqa: E402

POLICY = Policy(select=("ENC",), to="keep")

#: furniture lines (everyday and level-2 characters that start the rule) and damage-like lines
_FURNITURE = (
    "浏览次数：123",
    "影院,五月婷婷综合在线观看,日本亚洲欧洲无免费码在线",
    "来源：本站  浏览：",
    "厣袑偈状危",
    "綏l條",
    "?尚屬首次",
    "首页 > 新闻中心 > 通知公告",
)


def _lines(n: int, seed: int) -> list[str]:
    """Short report sentences, some frame-shifted or read with the wrong codec, and furniture."""
    require_peers("gov-work-reports")
    paras = [p for p in report_paragraphs() if 20 <= len(p) <= 400]
    rng = random.Random(seed)
    out = list(_FURNITURE)
    while len(out) < n:
        text = rng.choice(paras)
        a, b = pick_span(text, rng, 8, 200)
        text = text[a:b]
        kind = rng.randrange(3)
        if kind == 0:
            got = frame_shift(rng.choice((text, traditional(text))), rng)
            text = got[0] if got else text
        elif kind == 1:
            text = wrong_codec(text, "utf-8", "gb18030") or text
        out.append(text)
    return out


def _pages(lines: list[str], n: int, seed: int) -> list[str]:
    """Pages of the lines in random order: the same line under other neighbours, at either end."""
    rng = random.Random(seed)
    return ["\n".join(rng.choice(lines) for _ in range(rng.randrange(1, 6))) + rng.choice(("", "\n", "。")) for _ in range(n)]


def _fresh(text: str) -> list:
    return fresh_edits([text], enc.frame_shift, policy=POLICY)[0]


def test_line_memo_changes_no_repair(monkeypatch: pytest.MonkeyPatch) -> None:
    pages = _pages(_lines(60, seed=3), 300, seed=4)
    looked = [0]
    real = enc._runs

    def counting(text, lo, hi):
        looked[0] += 1
        return real(text, lo, hi)

    monkeypatch.setattr(enc, "_runs", counting)
    slow = [_fresh(p) for p in pages]
    plain = looked[0]
    enc._FS_LINES.clear()
    fast = []
    for p in pages:
        enc._FS_PREV = {}
        fast.append(enc.frame_shift("".join(list(p)), POLICY))
    assert fast == slow
    assert sum(map(bool, slow)) > 30  # there were repairs
    assert looked[0] - plain < plain * 0.9  # and the memo answered for some lines
    enc._FS_LINES.clear()


def test_line_memo_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(enc, "_FS_LINES_MAX", 3)
    enc._FS_LINES.clear()
    for k in range(10):
        enc._FS_PREV = {}
        enc.frame_shift(f"浏览次数：{k}", POLICY)
        assert len(enc._FS_LINES) <= 3
    assert enc._FS_LINES
    assert all(len(line) <= enc._FS_LINE_MAX for line, _gain in enc._FS_LINES)
    enc._FS_LINES.clear()


_ALPHABET = "的是中国经济发展尚屬首次厣袑偈状危戎赜幸桓龃蟮奶岣摺浏览婷の◎Ａ！\u3000ā?\ufffd，。：lZ@~ "


@settings(derandomize=True, max_examples=200, deadline=None)
@given(
    line=st.text(alphabet=_ALPHABET, min_size=1, max_size=30),
    before=st.lists(st.text(alphabet=_ALPHABET + "\n", max_size=12), max_size=3),
    after=st.lists(st.text(alphabet=_ALPHABET + "\n", max_size=12), max_size=3),
)
def test_a_remembered_line_under_any_neighbours(line: str, before: list[str], after: list[str]) -> None:
    """A line remembered alone, then met between any neighbours: the same edits as with no memo."""
    _fresh(line)
    for b in before:
        for a in after:
            text = f"{b}\n{line}\n{a}"
            enc._FS_PREV = {}
            remembered = set(enc._FS_LINES)
            got = enc.frame_shift("".join(list(text)), POLICY)
            assert got == _fresh(text)
            enc._FS_LINES.update(dict.fromkeys(remembered, True))
    enc._FS_LINES.clear()
