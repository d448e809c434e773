"""A small plausibility model of real Chinese policy prose, in both scripts.

Character and bigram counts come from the State Council and CPC reports (see
``scripts/build_langmodel.py``; public-domain official documents), counted
over the text and over its OpenCC s2t conversion.  Rules use it to decide
between candidate repairs ("is this span more plausible re-decoded?") and to
ask whether two characters across a break form a word.

The model loads on first use (about 0.1 s) and once per process.

Scores are natural-log probabilities.  Unseen characters get a prior by kind:
a character in GB2312 (the 6,763 common simplified hanzi) or Big5 level 1
is merely rare; other hanzi are rarer; private-use, control and replacement
characters are nearly impossible.
"""

from __future__ import annotations

import functools
import gzip
import math
import operator
import struct
import unicodedata
from importlib import resources

__all__ = ["char_logprob", "bigram_logprob", "score", "char_count", "bigram_count", "total_chars"]

#: weight of the bigram estimate in the interpolated conditional probability
LAMBDA = 0.7


@functools.lru_cache(maxsize=1)
def _chars() -> tuple[dict[str, int], int]:
    counts: dict[str, int] = {}
    total = 0
    with resources.files("cleanpolicy.data").joinpath("lm/chars.tsv.gz").open("rb") as raw:
        with gzip.open(raw, "rt", encoding="utf-8") as fh:
            for line in fh:
                key, _, n = line.rstrip("\n").rpartition("\t")
                if key == "#total":
                    total = int(n)
                else:
                    counts[key] = int(n)
    return counts, total or sum(counts.values())


@functools.lru_cache(maxsize=1)
def _bigram_columns() -> tuple[list[str], tuple[int, ...], str]:
    """(the pairs, their counts, the pairs joined by line breaks: pair i is ``text[3i:3i+2]``).

    ``lm/bigrams.bin.gz`` holds a header line ``<pairs> <bytes>``, the pairs joined by line breaks
    (UTF-8) and their counts (unsigned 32-bit little-endian), so that each column comes out of one
    C call: the pairs of one split, the counts of one unpack.
    """
    data = gzip.decompress(resources.files("cleanpolicy.data").joinpath("lm/bigrams.bin.gz").read_bytes())
    head = data.index(b"\n")
    n, size = map(int, data[:head].split())
    text = data[head + 1 : head + 1 + size].decode("utf-8")
    if len(text) != 3 * n - 1 or text[2::3] != "\n" * (n - 1):
        raise ValueError("lm/bigrams.bin.gz: the pairs are not two characters each")
    return text.split("\n"), struct.unpack_from(f"<{n}I", data, head + 1 + size), text


@functools.lru_cache(maxsize=1)
def _bigrams() -> dict[str, int]:
    pairs, counts, _ = _bigram_columns()
    return dict(zip(pairs, counts))


def total_chars() -> int:
    return _chars()[1]


def char_count(ch: str) -> int:
    return _chars()[0].get(ch, 0)


def bigram_count(a: str, b: str) -> int:
    return _bigrams().get(a + b, 0)


@functools.lru_cache(maxsize=65536)
def _unseen_weight(ch: str) -> float:
    """Pseudo-count for a character the corpus never shows."""
    cat = unicodedata.category(ch)
    if cat in ("Co", "Cs", "Cc", "Cn") or ch == "\ufffd":
        return 1e-4
    if cat.startswith("L") and ord(ch) >= 0x2E80:
        try:
            ch.encode("gb2312")
            return 0.5
        except UnicodeEncodeError:
            pass
        try:
            b = ch.encode("big5")
            if 0xA440 <= int.from_bytes(b, "big") <= 0xC67E:  # Big5 level 1: frequent traditional hanzi
                return 0.5
        except UnicodeEncodeError:
            pass
        return 0.05
    if ch.isascii():
        return 0.5
    return 0.02


@functools.lru_cache(maxsize=65536)
def char_logprob(ch: str) -> float:
    """log P(ch), add-half smoothed, with a kind-dependent prior for unseen characters."""
    counts, total = _chars()
    n = counts.get(ch)
    if n is None:
        return math.log(_unseen_weight(ch) / total)
    return math.log((n + 0.5) / total)


def bigram_logprob(a: str, b: str) -> float:
    """log P(b | a), interpolating the bigram estimate with the unigram one."""
    ca = _chars()[0].get(a, 0)
    pb = math.exp(char_logprob(b))
    if ca:
        cab = _bigrams().get(a + b, 0)
        return math.log(LAMBDA * cab / ca + (1 - LAMBDA) * pb)
    return math.log(pb)


@functools.lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, float], dict[str, float], frozenset[str]]:
    """Precomputed lookups for fast callers: (char -> :func:`char_logprob` of every seen character,
    pair ``a + b`` -> :func:`bigram_logprob` of every seen bigram, the seen characters).

    The values are computed by the same expressions as the functions, so a caller that falls back
    to the functions for what the tables lack gets bit-identical scores.
    """
    counts, total = _chars()
    clp = {ch: math.log((n + 0.5) / total) for ch, n in counts.items()}
    pexp = {ch: (1 - LAMBDA) * math.exp(v) for ch, v in clp.items()}
    pairs, cabs, text = _bigram_columns()
    # log(LAMBDA * cab / ca + pb) of every pair, one C loop per operation (both characters of every pair
    # are counted: scripts/build_langmodel.py writes no other pair)
    cas = map(counts.__getitem__, text[0::3])
    pbs = map(pexp.__getitem__, text[1::3])
    blp = dict(zip(pairs, map(math.log, map(operator.add, map(operator.truediv, map(LAMBDA.__mul__, cabs), cas), pbs))))
    return clp, blp, frozenset(ch for ch, n in counts.items() if n)


def score(text: str) -> float:
    """Mean log-probability per character of ``text`` (higher is more plausible); 0.0 for empty text.

    Whitespace is skipped and does not break the bigram chain.
    """
    prev = None
    total = 0.0
    n = 0
    for ch in text:
        if ch.isspace():
            continue
        total += bigram_logprob(prev, ch) if prev is not None else char_logprob(ch)
        prev = ch
        n += 1
    return total / n if n else 0.0
