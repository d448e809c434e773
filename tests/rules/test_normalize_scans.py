"""The NRM family's fast scans against their plain definitions, and the rules' independence of the memo."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).parent))

from strategies import hostile_text  # noqa: E402

from cleanpolicy import Policy  # noqa: E402
from cleanpolicy.rules import normalize  # noqa: E402

P = Policy(to="keep")
SPACES = normalize._SPACES

#: text made of what the scans look for: every whitespace, line breaks, ASCII marks, runs of dots,
#: hanzi, full-width punctuation, Latin letters, digits, a URL and inline code
soup = st.text(alphabet=" \t\u00a0\u3000\n\n,:;?!()\"'.。…中文重大“”（）《》，ab1`@", max_size=120)
texts = st.one_of(soup, hostile_text)


def _plain_lines(text: str) -> list[tuple[int, str]]:
    out, pos = [], 0
    for line in text.split("\n"):
        out.append((pos, line))
        pos += len(line) + 1
    return out


NEEDLES = [",", "(", ")", '"', "...", "。。。", "………", " "]


@given(text=texts, needles=st.lists(st.sampled_from(NEEDLES), max_size=3))
def test_lines_holding_is_every_line_holding_a_needle(text, needles):
    expected = [(s, line) for s, line in _plain_lines(text) if any(n in line for n in needles)]
    assert list(normalize._lines_holding(text, needles)) == expected


@given(text=texts, chars=st.sampled_from([",:;?!", "()", "\"'", normalize._ASCII_SPACES, " "]), other=texts)
def test_present_is_the_same_whatever_the_memo_holds(text, chars, other):
    expected = [c for c in chars if c in text]
    normalize._latin1_memo = (None, b"")
    assert normalize._present(text, chars) == expected
    normalize._latin1(text)
    assert normalize._present(text, chars) == expected
    normalize._latin1(other)
    assert normalize._present(text, chars) == expected


@given(text=texts)
def test_gap_lines_hold_whitespace_after_a_visible_character(text):
    def has_gap(line):
        return any(line[i] in SPACES and line[i - 1] not in SPACES for i in range(1, len(line)))

    assert normalize._gap_lines(text) == [s for s, line in _plain_lines(text) if has_gap(line)]


@given(text=texts)
def test_ascii_indented_lines(text):
    indents = [(s, line[: len(line) - len(line.lstrip(SPACES))]) for s, line in _plain_lines(text)]
    expected = [s for s, indent in indents if set(indent) & set(normalize._ASCII_SPACES)]
    assert normalize._ascii_indented(text, normalize._present(text, normalize._ASCII_SPACES)) == expected


@given(text=st.text(alphabet="\n\na ", max_size=40))
def test_blank_line_pattern_matches_the_plain_one(text):
    plain = re.compile("\n\n(?:\n+|\\Z)")
    assert [m.span() for m in normalize._NL3_RE.finditer(text)] == [m.span() for m in plain.finditer(text)]


@given(text=st.text(alphabet=",:;?!a中 \t\u00a0\u3000", max_size=40))
def test_run_patterns_match_the_plain_ones(text):
    for fast, plain in ((normalize._FULL_RUN_RE, "[,:;?!]+"), (normalize._SP_RUN_RE, "[ \t\u00a0\u3000]+")):
        assert [m.span() for m in fast.finditer(text)] == [m.span() for m in re.finditer(plain, text)]


@pytest.mark.parametrize("rule", normalize.RULES, ids=lambda r: r.code)
@given(text=texts, other=texts)
def test_rules_do_not_depend_on_the_memo(rule, text, other):
    """A rule's edits are a function of its text: the same with the memo empty, holding it or another text."""
    normalize._latin1_memo = (None, b"")
    cold = rule.func(text, P)
    normalize._latin1(text)
    warm = rule.func(text, P)
    normalize._latin1(other)
    stale = rule.func(text, P)
    assert cold == warm == stale


@pytest.mark.parametrize("mode", ["auto", "remove", "keep"])
@given(text=texts)
def test_indentation_modes_on_soup(mode, text):
    policy = P.with_options("normalize", indent=mode)
    for e in normalize.indentation(text, policy):
        assert text[e.start : e.end] == e.old and e.old and not e.old.strip(SPACES) and e.new == ""
        assert e.start == 0 or text[e.start - 1] == "\n"
