"""BPL: what the family builds lazily, at its first need, is what the eager definitions built.

A fresh process that cleans one short text pays for every regex the family compiles on the way.  The
data-file patterns, the per-key patterns of the rare scan and of the line-start scan are compiled only
when a rule or a scan stop first needs them; these tests check that each piece equals what the
definitions it replaces give, and that a short clean text compiles none of them.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from cleanpolicy.chars import skipping_regex
from cleanpolicy.rules import boilerplate as bpl

ROOT = Path(__file__).resolve().parents[2]


def _eager_patterns() -> list[bpl.Pattern]:
    """Every pattern of the data files, compiled (the definition of :func:`bpl.patterns`)."""
    out = []
    for name, data in bpl._data().items():
        for p in data.get("pattern", ()):
            rx = re.compile(p["regex"]) if p.get("regex") else None
            out.append(
                bpl.Pattern(
                    p["id"],
                    p["rule"],
                    rx,
                    tuple(p.get("examples", ())),
                    tuple(p.get("counterexamples", ())),
                    p.get("meta", ""),
                    name,
                )
            )
    return out


def _key(p: bpl.Pattern) -> tuple:
    return (*p[:2], p.regex.pattern if p.regex else None, *p[3:])


def test_patterns_are_the_data_files():
    assert [_key(p) for p in bpl.patterns()] == [_key(p) for p in _eager_patterns()]


@pytest.mark.parametrize("code", sorted({p.rule for p in bpl.patterns()}))
def test_rule_patterns_are_the_rules_share(code):
    want = [_key(p) for p in bpl.patterns() if p.rule == code and p.regex]
    assert [_key(p) for p in bpl._rule_patterns(code)] == want
    assert [rx.pattern for rx in bpl._rule_res(code)] == [w[2] for w in want]


@pytest.mark.parametrize("pid", [p.id for p in bpl.patterns() if p.regex])
def test_rx_is_the_pattern_of_its_id(pid):
    (p,) = [p for p in bpl.patterns() if p.id == pid]
    assert bpl._rx(pid).pattern == p.regex.pattern


def test_rare_keys_are_the_union_split_by_key():
    close = "[）)】\\]]" + bpl._STRIP_CLASS + "*(?:\n|\\Z)"
    want = [
        *((k, "|".join(b for w in ws for b in bpl._rare_branches(w))) for k, ws in bpl._CAND_WORDS.items()),
        ("close", close),
    ]
    assert [(k, rx.pattern) for k, rx in bpl._rare_res()[1]] == want
    assert [(k, bpl._rare_re(k).pattern) for k in bpl._RARE_KEYS] == want


def test_rare_dispatch_lists_the_keys_with_a_branch_starting_with_the_character():
    # a branch of a key starts with a literal (its rarest character or a variant of it)
    want: dict[str, list[str]] = {}
    for key, rx in bpl._rare_res()[1]:
        firsts = "）)】]" if key == "close" else [b[0] for w in bpl._CAND_WORDS[key] for b in bpl._rare_branches(w)]
        for c in dict.fromkeys(firsts):
            want.setdefault(c, []).append(key)
    assert bpl._rare_dispatch() == {c: tuple(ks) for c, ks in want.items()}


def test_start_patterns_are_their_sources():
    union, per_key = bpl._start_res()
    source, keys = bpl._start_sources()
    assert union.pattern == source
    assert [(k, rx.pattern) for k, rx in per_key] == list(keys)
    assert [k for k, _ in keys] == ["byline", "widget", "footer_start"]


def test_rarest_is_the_least_common_character():
    rank = {c: i for i, c in enumerate(bpl._COMMON)}
    for w in (w for ws in bpl._CAND_WORDS.values() for w in ws):
        assert bpl._rarest(w) == max(range(len(w)), key=lambda i: rank.get(w[i], len(bpl._COMMON)))


def test_a_short_clean_text_compiles_no_rule_pattern():
    code = (
        "import cleanpolicy\n"
        "from cleanpolicy.rules import boilerplate as b\n"
        "cleanpolicy.clean('国务院关于加强基层治理的意见。\\n各省、自治区、直辖市人民政府：')\n"
        "assert b._scan_skip.cache_info().currsize == 1\n"
        "lazy = (b.patterns, b._rule_patterns, b._rx, b._rare_re, b._start_keys, b._fold_runs)\n"
        "assert [f.cache_info().currsize for f in lazy] == [0] * len(lazy), [f.cache_info() for f in lazy]\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


# -- chars.skipping_regex ---------------------------------------------------------------------------
#: every code point, surrogates included (a str may hold them)
EVERY = "".join(map(chr, range(0x110000)))


def _old_others(stops) -> str:
    """The class of the characters that are no stop, as :func:`skipping_regex` first wrote it."""
    cut = sorted({ord(c) for c in stops})
    gaps = [(a + 1, b - 1) for a, b in zip([-1, *cut], [*cut, 0x110000]) if b - a > 1]
    return "[" + "".join(f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in gaps) + "]"


def _others(stops) -> str:
    """The class of the characters that are no stop in :func:`skipping_regex` (its first run)."""
    return skipping_regex(stops, []).pattern.split("]*", 1)[0] + "]"


STOPS = st.sets(
    st.one_of(
        st.sampled_from("\x00\n -\\]^[&~|\x7f\x80\u4e00\u4e01\u9fff\uf900\ud800\udfff\uffff\U00010000\U0010ffff"),
        st.characters(max_codepoint=0x7F),
        st.characters(),
    ),
    max_size=40,
)


@given(STOPS)
@example(set())
@example({"-"})
@example({"\x00", "\U0010ffff"})
def test_skipping_regex_passes_exactly_what_is_no_stop(stops):
    sample = "".join(sorted({*stops, *(chr(max(0, ord(c) - 1)) for c in stops), "a", "中", "\U0010ffff"}))
    assert re.findall(_others(stops), sample) == [c for c in sample if c not in stops]
    assert re.findall(_others(stops), sample) == re.findall(_old_others(stops), sample)


def test_skipping_regex_class_is_the_first_definition_on_the_scans_stops():
    # the stops of the family's scan (the fold's characters among them), over the whole of Unicode
    rare = {"\n", *bpl._rare_dispatch()}
    for stops in (rare, rare | set(map(chr, bpl._fold_map()))):
        assert re.sub(_others(stops), "", EVERY) == re.sub(_old_others(stops), "", EVERY)
