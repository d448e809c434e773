"""Make a dirty corpus from clean report text, the way real damage arises.

Each damage kind imitates its process: a converter that writes a traditional copy with pinyin after
characters (OpenCC s2t + pypinyin readings), a wrong codec (UTF-8 bytes decoded as GBK; GBK bytes decoded as
Latin-1), a lost byte in a GB18030 stream (frame shift), a CMS template (breadcrumb, date/source line,
footer), a hacked page (an SEO keyword block), print layout (a paragraph broken mid-word), and an editor
typing ASCII punctuation.  Deterministic for a given seed.
"""

from __future__ import annotations

import random

BREADCRUMBS = ("首页 > 新闻中心 > 政务要闻", "当前位置：首页 > 政策文件", "您现在的位置：首页 > 通知公告")
SOURCE_LINES = ("发布日期：2023-05-12 信息来源：市政府办公室", "来源：新华网 2024-03-05 09:12:33", "浏览次数：1234")
FOOTERS = ("主办单位：某某市人民政府办公室 网站标识码：3300000001", "版权所有：某某市人民政府 浙ICP备05012345号")
SPAM = ("伊人六月,97自拍超碰,久久精品亚洲7777影院,五月婷婷综合在线观看,日本亚洲欧洲无免费码在线",)


def _opencc(config: str):
    import opencc

    return opencc.OpenCC(config)


def pinyin_annotate(text: str, rng: random.Random, rate: float = 0.15) -> str:
    from pypinyin import Style, pinyin

    trad = _opencc("s2t").convert(text)
    out = []
    for ch in trad:
        out.append(ch)
        if "\u4e00" <= ch <= "\u9fff" and rng.random() < rate:
            out.append("(" + pinyin(ch, style=Style.TONE)[0][0] + ")")
    return "".join(out)


def utf8_as_gbk(text: str, rng: random.Random) -> str:
    a = rng.randrange(0, max(1, len(text) - 12))
    span = text[a : a + 12]
    bad = span.encode("utf-8").decode("gbk", errors="replace")
    return text[:a] + bad + text[a + 12 :]


def gbk_as_latin1(text: str, rng: random.Random) -> str:
    a = rng.randrange(0, max(1, len(text) - 8))
    span = text[a : a + 8]
    bad = span.encode("gb18030").decode("latin-1")
    return text[:a] + bad + text[a + 8 :]


def frame_shift(text: str, rng: random.Random) -> str:
    data = text.encode("gb18030")
    cut = rng.randrange(0, max(1, len(data) - 1))
    return (data[:cut] + data[cut + 1 :]).decode("gb18030", errors="replace")


def broken_paragraph(text: str, rng: random.Random) -> str:
    if len(text) < 20:
        return text
    cut = rng.randrange(5, len(text) - 5)
    return text[:cut] + "\n\n" + text[cut:]


def ascii_punct(text: str, rng: random.Random) -> str:
    return text.replace("，", ",").replace("：", ":")


KINDS = (pinyin_annotate, utf8_as_gbk, gbk_as_latin1, frame_shift, broken_paragraph, ascii_punct)


def damage_document(paragraphs: list[str], rng: random.Random, kinds=None) -> str:
    """A page: boilerplate around paragraphs, about half of them damaged by one of ``kinds`` each (none
    with an empty ``kinds``: a page of clean paragraphs in its portal furniture; all of :data:`KINDS` by
    default)."""
    kinds = KINDS if kinds is None else kinds
    out = [rng.choice(BREADCRUMBS), rng.choice(SOURCE_LINES)]
    if rng.random() < 0.3:
        out.insert(0, SPAM[0])
    for p in paragraphs:
        if rng.random() < 0.5 and kinds:
            p = rng.choice(kinds)(p, rng)
        out.append(p)
    out.append(rng.choice(FOOTERS))
    return "\n\n".join(out) + "\n"


def dirty_corpus(paragraphs: list[str], n_docs: int, seed: int = 0, kinds=None) -> list[str]:
    """``n_docs`` pages of 3-12 consecutive paragraphs each (see :func:`damage_document`)."""
    rng = random.Random(seed)
    docs = []
    for _ in range(n_docs):
        k = rng.randint(3, 12)
        start = rng.randrange(0, max(1, len(paragraphs) - k))
        docs.append(damage_document(list(paragraphs[start : start + k]), rng, kinds))
    return docs
