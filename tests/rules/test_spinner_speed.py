"""Tests of the SPN detector's skipping regex against its plain definition.

The detector stops at a *hit*: a head character where one of the glossary patterns anchored on it fits
the text (see ``spinner._anchor_choices``).  One match of ``spinner._skipping_regex`` runs over
everything that is no hit, telling most head characters apart by their pair character alone (the
quick misses) and the rest by their patterns' look-arounds; these tests pin its hits to a check of every
pattern at every position, on raw and folded text, from any start, for the packaged and a user glossary.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).parent))

from strategies import clean_paragraph, hostile_text  # noqa: E402

from cleanpolicy.rules import spinner  # noqa: E402

PACKAGED = spinner._matcher(spinner._packaged())
#: a user glossary with a one-character form (a head that is always a hit) and every condition kind
USER = spinner._matcher(
    tuple(
        spinner.parse_glossary(
            "乙\t甲\talways\t-\n丙丁\t戊\tcontext\tprev:己庚|辛\n壬癸\t子\tcontext\tnext:丑\n"
            "寅卯\t辰\tcontext\tlocal\n丁壬\t卯\tcontext\tprev:乙|丑 next:辛\n",
            "user.tsv",
        )
    )
    + spinner._packaged()
)


def _pieces(m) -> list[str]:
    """Every character of the patterns and the forms themselves, raw and folded."""
    pats = spinner._patterns(m)
    chars = sorted({c for pat, _off, _form in pats for cs in pat for c in spinner._expander(True)(cs)})
    return chars + sorted({form for _pat, _off, form in pats})


def _soup(m):
    return st.lists(
        st.one_of(st.sampled_from(_pieces(m)), st.sampled_from(["，", "的", "省", "届", "“", "”", " ", "\n", "\U00020000"])),
        max_size=24,
    ).map("".join)


def _plain_hits(text: str, m, raw: bool, start: int = 0) -> list[int]:
    """Every position from ``start`` where a pattern anchored on it fits (a one-character form anywhere)."""
    single, placed, _freq = spinner._anchor_choices(m)
    ex = spinner._expander(raw)
    n = len(text)
    out = []
    for p in range(start, n):
        if any(text[p] in ex(pat[0]) for pat, _off, _form in single) or any(
            0 <= p - k and p - k + len(pat) <= n and all(text[p - k + i] in ex(cs) for i, cs in enumerate(pat))
            for (pat, _off, _form), (_kind, k) in placed
        ):
            out.append(p)
    return out


def _hits(text: str, m, raw: bool, start: int = 0) -> list[int]:
    out = []
    for hit in spinner._detector(m, raw).regex.finditer(text, start):
        if hit.start(1) < 0:
            break
        out.append(hit.start(1))
    return out


@given(st.one_of(_soup(PACKAGED), hostile_text, clean_paragraph()), st.integers(0, 30))
def test_packaged_detector_hits_are_the_plain_hits(text, start):
    start = min(start, len(text))
    for raw in (True, False):
        assert _hits(text, PACKAGED, raw) == _plain_hits(text, PACKAGED, raw)
        assert _hits(text, PACKAGED, raw, start) == _plain_hits(text, PACKAGED, raw, start)


@given(_soup(USER))
def test_user_detector_hits_are_the_plain_hits(text):
    for raw in (True, False):
        assert _hits(text, USER, raw) == _plain_hits(text, USER, raw)


def test_the_last_match_ends_the_text():
    """Every scan ends in a match without a hit at the text end, also right after a hit there."""
    for text in ("", "关键对话框", "关键对话框" * 3, "我国", "。"):
        ends = [(h.end(), h.start(1)) for h in spinner._detector(PACKAGED, True).regex.finditer(text)]
        assert ends[-1] == (len(text), -1)


_HEADS = "abcd"
_TAIL = st.one_of(
    # consume a non-head character that is not one of some pair characters
    st.text(alphabet="efgh", max_size=3).map(lambda pairs: "[^" + "".join(sorted(set(_HEADS + pairs))) + "]"),
    st.text(alphabet="abefgh", min_size=1, max_size=3).map(lambda prev: f"(?<![{re.escape(prev)}][\\s\\S])"),
    st.text(alphabet="abcefgh", min_size=1, max_size=2).map(lambda nxt: "(?!" + re.escape(nxt) + ")"),
)


_MISSES = st.lists(st.tuples(st.sets(st.sampled_from(_HEADS), min_size=1), _TAIL), max_size=4)


@given(_MISSES, _MISSES, st.text(alphabet="abcdefgh", max_size=40))
def test_skipping_regex_stops_where_no_miss_fits(quick, full, text):
    """A head character is a hit exactly when no alternative ``[heads]tail`` of the misses (the quick ones
    and the full ones behind their guard) fits there."""
    regex = spinner._skipping_regex(set(_HEADS), quick, full)
    misses = quick + full
    plain = [
        p
        for p, c in enumerate(text)
        if c in _HEADS and not any(c in hs and re.compile(spinner._char_class(hs) + tail).match(text, p) for hs, tail in misses)
    ]
    hits = [h.start(1) for h in regex.finditer(text)]
    assert hits[hits.index(-1) :] in ([-1], [-1, -1])
    assert hits[: hits.index(-1)] == plain
