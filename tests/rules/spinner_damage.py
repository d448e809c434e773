"""Make spinner (伪原创) damage the way the tools make it: dictionary swaps of whole words.

A 伪原创 tool segments the text and swaps every word it has a "synonym" for,
context-blind (seed 002: 建设→基本建设, 我们→大家, 重要窗口→关键对话框).  The
tests and ``scripts/spinner_glossary.py eval`` spin real report text with the
glossary's own pairs (reversed) and with held-out pairs, then check the repair.
"""

from __future__ import annotations

import functools
import random
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HELDOUT = ROOT / "scripts" / "spinner_heldout.tsv"


@functools.lru_cache(maxsize=1)
def heldout_pairs() -> tuple[tuple[str, str], ...]:
    """(spun, original) pairs observed in seed 002 and kept out of the packaged glossary."""
    out = []
    for line in HELDOUT.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#") or line.startswith("spun\t"):
            continue
        spun, original = line.split("\t")[:2]
        out.append((spun, original))
    return tuple(out)


def _word_bounds(text: str) -> set[int] | None:
    """Word boundaries from jieba (what segmenting spinners use); None (any position) without it."""
    try:
        import jieba
    except ImportError:  # jieba is optional: fall back to a context-blind substring spinner
        return None

    jieba.setLogLevel(60)
    bounds = {0, len(text)}
    pos = 0
    for tok in jieba.cut(text, HMM=False):
        pos += len(tok)
        bounds.add(pos)
    return bounds


def spin(text: str, pairs: dict[str, tuple[str, str]], rng: random.Random, rate: float = 0.7, whole_words: bool = True):
    """Swap ``original`` for ``spun`` (``pairs[original] = (spun, kind)``), longest original first,
    at word boundaries, each occurrence with probability ``rate``.

    Returns ``(spun_text, sites)`` with sites ``(start, end, original, kind)`` in spun coordinates.
    """
    bounds = _word_bounds(text) if whole_words else None
    used = [False] * len(text)
    taken: list[tuple[int, int, str]] = []
    for original in sorted(pairs, key=len, reverse=True):
        i = text.find(original)
        while i != -1:
            j = i + len(original)
            ok = bounds is None or (i in bounds and j in bounds)
            if ok and not any(used[i:j]) and rng.random() < rate:
                for k in range(i, j):
                    used[k] = True
                taken.append((i, j, original))
            i = text.find(original, i + 1)
    taken.sort()
    out, sites, pos, shift = [], [], 0, 0
    for i, j, original in taken:
        spun, kind = pairs[original]
        out.append(text[pos:i])
        out.append(spun)
        sites.append((i + shift, i + shift + len(spun), original, kind))
        shift += len(spun) - (j - i)
        pos = j
    out.append(text[pos:])
    return "".join(out), sites


def score_edits(spun: str, sites, edits, detail: bool = False):
    """(correct edits, all edits, restored sites by kind) for SPN edits against the known swaps;
    with ``detail``, also ``[(edit, correct?), ...]``."""
    import bisect
    import collections

    starts = [s[0] for s in sites]
    ok = 0
    n = 0
    restored: collections.Counter = collections.Counter()
    verdicts = []
    for e in edits:
        if e.old == e.new:
            continue
        n += 1
        k = bisect.bisect_left(starts, e.start)
        inside = []
        while k < len(sites) and sites[k][1] <= e.end:
            inside.append(sites[k])
            k += 1
        expect = spun[e.start : e.end]
        for s in reversed(inside):
            expect = expect[: s[0] - e.start] + s[2] + expect[s[1] - e.start :]
        good = bool(inside) and expect == e.new
        verdicts.append((e, good))
        if good:
            ok += 1
            for s in inside:
                restored[s[3]] += 1
    return (ok, n, restored, verdicts) if detail else (ok, n, restored)
