"""The language model's packaged bigram columns and the tables computed from them in C loops: the same
numbers, bit for bit, as the one-pair-at-a-time definitions."""

from __future__ import annotations

import gzip
import importlib.util
import math
from importlib import resources
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from cleanpolicy import langmodel

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "build_langmodel.py"


def _build_script():
    spec = importlib.util.spec_from_file_location("build_langmodel", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_packaged_file_is_the_scripts_layout_of_the_counts():
    raw = resources.files("cleanpolicy.data").joinpath("lm/bigrams.bin.gz").read_bytes()
    assert gzip.decompress(raw) == _build_script().bigram_file(langmodel._bigrams())


def test_pairs_are_sorted_two_characters_and_counted():
    counts = langmodel._chars()[0]
    pairs = list(langmodel._bigrams())
    assert pairs == sorted(pairs)
    assert all(len(p) == 2 and p[0] in counts and p[1] in counts for p in pairs)
    assert min(langmodel._bigrams().values()) >= 2


def test_tables_are_the_loop_definition():
    """The tables as the model computed them pair by pair before the C loops."""
    counts, total = langmodel._chars()
    lam = langmodel.LAMBDA
    clp = {ch: math.log((n + 0.5) / total) for ch, n in counts.items()}
    pexp = {ch: (1 - lam) * math.exp(v) for ch, v in clp.items()}
    blp = {}
    for key, cab in langmodel._bigrams().items():
        a, b = key[:-1], key[-1:]
        ca = counts.get(a, 0)
        pb = pexp.get(b)
        if not ca or pb is None or len(a) != 1:
            continue
        blp[key] = math.log(lam * cab / ca + pb)
    got_clp, got_blp, seen = langmodel._tables()
    assert got_clp == clp and list(got_clp) == list(clp)
    assert got_blp == blp and list(got_blp) == list(blp)
    assert seen == frozenset(counts)


def test_tables_are_the_functions():
    clp, blp, _seen = langmodel._tables()
    assert all(langmodel.char_logprob(ch) == v for ch, v in clp.items())
    assert all(langmodel.bigram_logprob(key[0], key[1]) == v for key, v in blp.items())


@given(st.sampled_from(sorted(langmodel._chars()[0])), st.sampled_from(sorted(langmodel._chars()[0])))
def test_bigram_count_of_any_two_seen_characters(a, b):
    assert langmodel.bigram_count(a, b) == langmodel._bigrams().get(a + b, 0)
    if langmodel.bigram_count(a, b):
        assert langmodel._tables()[1][a + b] == langmodel.bigram_logprob(a, b)
