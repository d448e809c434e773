"""SEG003's word test without jieba: the packaged dictionary and the segmentation match jieba's exactly.

:mod:`cleanpolicy.rules._words` finds jieba's best route (``cut(s, HMM=False)``) over a packaged copy of
jieba's dictionary, so that the first ``word_across`` does not pay for ``import jieba`` and jieba's
580,000-entry prefix dictionary.  These tests hold it to jieba itself: the packaged file is what jieba's
``dict.txt`` gives, and the words, the word test and the generated breaks are jieba's on report text,
on random mixes of every character class jieba treats apart, and at every line break of the reports.

Run this file as a script to rebuild the packaged dictionary from the installed jieba.
"""

from __future__ import annotations

import functools
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent.parent))  # the checkout, when run as a script

from cleanpolicy.chars import fold_simplified  # noqa: E402
from cleanpolicy.rules import _words  # noqa: E402
from cleanpolicy.rules import segment as seg  # noqa: E402
from corpus import report_documents, report_paragraphs, require_peers  # noqa: E402
from strategies import COMMON_HANZI, CJK_PUNCT  # noqa: E402

DATA = Path(_words.__file__).resolve().parent.parent / "data" / _words.DATA
HEADER = """\
# The words of jieba's dictionary with their frequencies, one line per first character:
# "word frequency word frequency ...".  Source: jieba {version}, jieba/dict.txt, part-of-speech tags
# dropped; a word listed twice keeps its last frequency and the total counts every line, as jieba's
# Tokenizer does.  Rebuilt by running tests/rules/test_segment_words.py.  jieba's licence:
#
# The MIT License (MIT)
#
# Copyright (c) 2013 Sun Junyi
#
# Permission is hereby granted, free of charge, to any person obtaining a copy of
# this software and associated documentation files (the "Software"), to deal in
# the Software without restriction, including without limitation the rights to
# use, copy, modify, merge, publish, distribute, sublicense, and/or sell copies of
# the Software, and to permit persons to whom the Software is furnished to do so,
# subject to the following conditions:
#
# The above copyright notice and this permission notice shall be included in all
# copies or substantial portions of the Software.
#
# THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
# IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS
# FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR
# COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER
# IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN
# CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.
#
# total {total}
"""


def dictionary_text(dict_file) -> str:
    """The packaged file's text, built from jieba's ``dict.txt`` the way jieba reads it (``gen_pfdict``)."""
    import jieba

    freq: dict[str, int] = {}
    total = 0
    for raw in dict_file:
        word, f = raw.strip().decode("utf-8").split(" ")[:2]
        freq[word] = int(f)
        total += int(f)
    groups: dict[str, dict[str, list[str]]] = {}
    for w in freq:
        groups.setdefault(w[0], {}).setdefault(w[:2], []).append(w)
    body = ""
    for ch, by_prefix in sorted(groups.items()):
        body += ch + (f" {freq[ch]}" if ch in freq else "")
        for prefix, words in sorted(by_prefix.items()):
            if prefix != ch:
                body += "\t" + " ".join(f"{w} {freq[w]}" for w in sorted(words))
        body += "\n"
    return HEADER.format(version=jieba.__version__, total=total) + body


@functools.lru_cache(maxsize=1)
def _jieba():
    jieba = pytest.importorskip("jieba")
    import logging

    jieba.setLogLevel(logging.WARNING)
    tok = jieba.Tokenizer()
    tok.initialize()
    return tok


def jieba_word_across(left: str, right: str) -> bool:
    """``word_across`` on jieba's own tokenizer: the reference."""
    if not left or not right:
        return False
    return seg.word_spans(_jieba().lcut(fold_simplified(left + right), HMM=False), len(left))


# -- the packaged dictionary ----------------------------------------------------------------------------
def test_packaged_dictionary_is_jiebas():
    tok = _jieba()
    with tok.get_dict_file() as fh:
        expected = dictionary_text(fh)
    assert DATA.read_text(encoding="utf-8") == expected
    assert _words._dictionary()[1] == tok.total
    groups: dict[str, dict[str, int]] = {}
    for w, f in tok.FREQ.items():  # the words (f > 0) and their prefixes (f = 0)
        if len(w) == 1:
            assert _words._single(w) == f, w
        elif f:
            groups.setdefault(w[:2], {})[w] = f
        else:
            groups.setdefault(w[:2], {})
    for prefix, words in groups.items():
        assert _words._group(prefix)[0] == words, prefix


# -- the segmentation -------------------------------------------------------------------------------------
#: every class of character jieba's cut treats apart: its word characters (hanzi U+4E00–U+9FD5, ASCII
#: letters and digits, + # & . _ % -), the hanzi it leaves out (U+9FD6–U+9FFF, extension A, compatibility
#: ideographs), whitespace (\r\n as one token), punctuation, traditional forms, the one dictionary word
#: with a character outside them (γ射线)
MIX_ALPHABET = (
    COMMON_HANZI[:300] + "亿万元年月日党国务院發展經濟體制機關與為們這個" + "aAzZbBcCtT0123456789+#&._%-"
    + "\u9fd6\u9fea\u9fff\u3400\u4db5\uf900\ufa0e" + " \t\n\r\u3000\u00a0" + CJK_PUNCT + "γ射线ＡＢ１２"
)
report_text = st.sampled_from(report_paragraphs() or ("加快新型基础设施建设。",))


@st.composite
def report_slice(draw) -> str:
    p = draw(report_text)
    i = draw(st.integers(0, len(p)))
    return p[i : i + draw(st.integers(0, 30))]


texts = st.one_of(
    st.text(alphabet=MIX_ALPHABET, max_size=30),
    st.text(max_size=12),
    report_slice(),
    st.lists(st.one_of(report_slice(), st.text(alphabet=MIX_ALPHABET, max_size=4)), max_size=4).map("".join),
)


@given(s=texts)
@example(s="中华人民共和国")
@example(s="B超和T恤，AT&T的c++、C#与γ射线\r\n")
@example(s="2020年GDP增长2.3%，R&D投入3000亿元")
def test_cut_is_jiebas(s):
    assert list(_words.cut(s)) == _jieba().lcut(s, HMM=False)


@given(left=texts, right=texts)
@example(left="中华人民", right="共和国")
@example(left="新基建项", right="目410个")
@example(left="近一年來謀劃推進新基建項", right="目410個")
def test_word_across_is_jiebas(left, right):
    assert seg.word_across(left, right) == jieba_word_across(left, right)


def test_cut_is_jiebas_on_report_paragraphs():
    require_peers("gov-work-reports")
    tok = _jieba()
    for p in report_paragraphs()[::7]:
        assert list(_words.cut(p)) == tok.lcut(p, HMM=False), p


def test_word_across_is_jiebas_at_every_report_line_break():
    """Every line break of the 88 reports, with the four characters either side that SEG003 looks at."""
    require_peers("gov-work-reports")
    pairs = set()
    for doc in report_documents():
        lines = [ln.strip() for ln in doc["content"].split("\n")]
        lines = [ln for ln in lines if ln]
        for a, b in zip(lines, lines[1:]):
            for k in (1, 2, 4):
                pairs.add((a[-k:], b[:k]))
    assert len(pairs) > 10000
    for a, b in sorted(pairs):
        assert seg.word_across(a, b) == jieba_word_across(a, b), (a, b)


def test_first_word_test_needs_no_jieba():
    """The first ``word_across`` reads the packaged dictionary only: no ``import jieba``, no prefix dictionary."""
    code = (
        "import sys\n"
        "from cleanpolicy.rules.segment import word_across\n"
        "assert word_across('中华人民', '共和国') and not word_across('中华人民共和国', '成立')\n"
        "assert 'jieba' not in sys.modules, 'jieba imported'\n"
    )
    root = str(Path(__file__).resolve().parent.parent.parent)
    subprocess.run([sys.executable, "-c", code], check=True, cwd=root, env={**os.environ, "PYTHONPATH": root})


if __name__ == "__main__":
    with _jieba().get_dict_file() as fh:
        DATA.write_text(dictionary_text(fh), encoding="utf-8")
    print(f"wrote {DATA}")
