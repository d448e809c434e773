"""What the encoding speed tests share: report paragraphs with damaged spans drawn the same way in each,
and the rules run afresh (without what their memos remember of earlier texts), so that a shortcut can be
compared with the computation it skips on exactly the same samples."""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence

from corpus import report_paragraphs, require_peers
from encoding_damage import LOSSLESS_KINDS, pick_span, traditional, wrong_codec, wrong_codec_lossy

from cleanpolicy import Policy
from cleanpolicy.rules import encoding as enc


#: common and rare hanzi, shifted-reading junk, symbols, and the lost-character mark: what ENC003's shift
#: bounds meet in a run as written and in its shifted reading
SHIFT_CHARS = "的是中國经济發展尚屬首次厣袑偈状危戎赜幸桓龃蟮奶岣摺の◎Ａ！々〇锛銆\ue000\ufffd"


def draw_shifted_tail(data, chars: str) -> tuple[int, list[str]]:
    """``(lo, tail)``: a start in ``chars`` and a shifted reading of ``chars[lo:]`` of the same length
    (hypothesis ``data``), its characters drawn from :data:`SHIFT_CHARS` (the last possibly the lost
    partner, U+FFFD)."""
    from hypothesis import strategies as st

    m = len(chars)
    lo = data.draw(st.integers(0, m - 1))
    return lo, list(data.draw(st.text(alphabet=SHIFT_CHARS, min_size=m - lo, max_size=m - lo)))


def short_paragraphs(longest: int = 400) -> list[str]:
    """The report paragraphs of 20 to ``longest`` characters (skips the test without the peers folder)."""
    require_peers("gov-work-reports")
    return [p for p in report_paragraphs() if 20 <= len(p) <= longest]


def damage_span(text: str, kind: str, rng: random.Random) -> tuple[str, int, int, str | None]:
    """``(text, a, b, bad)``: ``text[a:b]`` damaged one way (``bad`` is None where the codec cannot
    write the span); ``text`` comes back in traditional script for a lossless Big5 kind.

    ``kind``: ``"lossless"`` (a pair of :data:`LOSSLESS_KINDS`), ``"lossy"`` (UTF-8 read by a GBK,
    GB18030 or Big5 decoder that replaced what it could not decode), ``"latin1"`` (GB18030 read as
    Latin-1).  The draws from ``rng`` come in a fixed order for each kind."""
    if kind == "lossless":
        _name, true, read, script = rng.choice(LOSSLESS_KINDS)
        if script == "traditional":
            text = traditional(text)
        a, b = pick_span(text, rng)
        return text, a, b, wrong_codec(text[a:b], true, read)
    a, b = pick_span(text, rng)
    if kind == "lossy":
        return text, a, b, wrong_codec_lossy(text[a:b], "utf-8", rng.choice(("gbk", "gb18030", "big5")))
    return text, a, b, wrong_codec(text[a:b], "gb18030", "latin-1")


def aligned_chain_damage(span: str, kind: int, lossy_read: str) -> str | None:
    """``span`` damaged the way one of ENC002's aligned chains undoes (None where the codec cannot write
    it): ``kind`` 0 is UTF-8 read by a replacing ``lossy_read`` decoder, 1 Big5 read as GBK (the span
    first put in traditional script), 2 GBK read as Big5."""
    if kind == 0:
        return wrong_codec_lossy(span, "utf-8", lossy_read)
    if kind == 1:
        return wrong_codec(traditional(span), "big5hkscs", "gb18030")
    return wrong_codec(span, "gb18030", "big5hkscs")


def forget_memos() -> None:
    """Empty what ENC002 and ENC003 remember of earlier texts (windows, Latin lines, lines)."""
    enc._FS_PREV.clear()
    enc._FS_LINES.clear()
    enc._WINDOW_PREV.clear()
    enc._LATIN_PREV.clear()


def fresh_edits(texts: Sequence[str], *rules: Callable, policy: Policy) -> list:
    """Each rule's edits of each text, run afresh: on a new copy of the text (the family gate knows its
    last text by identity) with every memo empty.  One rule gives its edits per text, several a tuple of them."""
    out = []
    for t in texts:
        t = "".join(list(t))
        forget_memos()
        got = tuple(rule(t, policy) for rule in rules)
        out.append(got if len(rules) > 1 else got[0])
    return out
