"""jieba's dictionary segmentation (``Tokenizer.cut(s, HMM=False)``) over a packaged copy of its dictionary.

SEG003 asks whether a dictionary word runs across a line break, four characters either side.  jieba
answers that only after ``import jieba`` and a 580,000-entry prefix dictionary (0.7 s), serial time
before ``--jobs`` forks its workers.  Here the same words and frequencies (``data/segment/``, built from
jieba's ``dict.txt``, MIT licence) are grouped by their first two characters, and a group is parsed when
a string first needs it.  The route is jieba's: the DAG of dictionary words starting at each
position, the route of greatest summed ``log(freq) - log(total)``, ties to the longer word, in the same
floating-point order, so that the words are exactly jieba's (``tests/rules/test_segment_words.py``).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from math import log

from .. import recache

#: the packaged dictionary, relative to ``cleanpolicy/data`` (plain text: unzipping it would cost 25 ms)
DATA = "segment/jieba_words.txt"

#: jieba's blocks: the runs it segments with the dictionary; everything else is cut per character
_BLOCK_RE = recache.compile("([\u4e00-\u9fd5a-zA-Z0-9+#&._%\\-]+)")
#: whitespace between blocks, ``\r\n`` as one token
_SKIP_RE = recache.compile(r"(\r\n|\s)")
#: one-character words jieba runs together into one token (letters and digits)
_ALNUM = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")


@functools.lru_cache(maxsize=1)
def _dictionary() -> tuple[dict[str, str], int]:
    """First character -> its line of the packaged file, and jieba's total frequency.

    A line is the character (and its frequency, if it is a word), then for each two-character prefix a
    tab and the words that start with it: ``c freq<TAB>ca freq cab freq<TAB>cd freq …``.
    """
    from importlib import resources

    lines = resources.files("cleanpolicy.data").joinpath(DATA).read_text(encoding="utf-8").split("\n")
    k = 0
    while lines[k].startswith("#"):
        k += 1
    total = int(lines[k - 1].rsplit(" ", 1)[1])
    return {line[0]: line for line in lines[k:] if line}, total


@functools.lru_cache(maxsize=None)
def _single(ch: str) -> int:
    """The frequency of the one-character word ``ch`` (0: not a word)."""
    line = _dictionary()[0].get(ch, "")
    head = line.split("\t", 1)[0]
    return int(head[2:]) if len(head) > 1 else 0


@functools.lru_cache(maxsize=None)
def _group(prefix: str) -> tuple[dict[str, int], int]:
    """The words starting with the two characters ``prefix`` (word -> frequency) and the longest one's length."""
    line = _dictionary()[0].get(prefix[0], "")
    i = line.find("\t" + prefix)
    if i < 0:
        return {}, 0
    j = line.find("\t", i + 1)
    toks = (line[i + 1 :] if j < 0 else line[i + 1 : j]).split(" ")
    words = dict(zip(toks[0::2], map(int, toks[1::2])))
    return words, max(map(len, words))


@functools.lru_cache(maxsize=1)
def _log_total() -> float:
    return log(_dictionary()[1])


def _route(s: str) -> list[tuple[float, int]]:
    """jieba's ``calc``: for each position, the best route's score from there and its first word's last index."""
    n = len(s)
    logtotal = _log_total()
    route = [(0.0, 0)] * (n + 1)
    for k in range(n - 1, -1, -1):
        options = []
        f = _single(s[k])
        if f:
            options.append((log(f) - logtotal + route[k + 1][0], k))
        if k + 1 < n:
            words, longest = _group(s[k : k + 2])
            for j in range(k + 2, min(n, k + longest) + 1):
                f = words.get(s[k:j])
                if f:
                    options.append((log(f) - logtotal + route[j][0], j - 1))
        if not options:
            # a character that starts no word stands alone, counted as frequency 1
            options.append((log(1) - logtotal + route[k + 1][0], k))
        route[k] = max(options)
    return route


def _cut_block(s: str) -> Iterator[str]:
    route = _route(s)
    x, n = 0, len(s)
    run = ""
    while x < n:
        y = route[x][1] + 1
        w = s[x:y]
        if y - x == 1 and w in _ALNUM:
            run += w
        else:
            if run:
                yield run
                run = ""
            yield w
        x = y
    if run:
        yield run


def cut(sentence: str) -> Iterator[str]:
    """The tokens of ``jieba.cut(sentence, HMM=False)``."""
    for blk in _BLOCK_RE.split(sentence):
        if not blk:
            continue
        if _BLOCK_RE.match(blk):
            yield from _cut_block(blk)
        else:
            for x in _SKIP_RE.split(blk):
                if _SKIP_RE.match(x):
                    yield x
                else:
                    yield from x
