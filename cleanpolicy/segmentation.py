"""Split a cleaned document into articles.

``segment(text)`` cleans the text with the policy (the layout rules of the
SEG family rejoin broken paragraphs first), then cuts the result into
:class:`Article` records with character offsets into the cleaned text.

Boundaries come from signals newspaper and portal pages really have:

* ``相关报道`` / ``请扫描二维码`` boxes between articles — still in the text,
  or removed by the boilerplate family, whose edits carry
  ``meta=(("boundary", "qr-box"),)``; their positions are mapped through
  the later steps onto the cleaned text (:func:`boundaries_from_steps`);
* a kicker (``全国人大代表、衢州市委书记徐文光：``) followed by a title, or a
  title followed by a name caption (``徐文光``);
* a numbered list of headlines whose titles reappear later as headings;
* page headers (``第6版（国际）``).

A page-level byline at the end (``（本版稿件由本报记者…采写）``) belongs to every
article.  Section headings inside an article are not boundaries.  Inside each
article, a repeated title and a truncated copy of the lead paragraph (left by
a page's meta description) are dropped.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any, Iterable, Sequence

from . import recache
from ._core import Step, map_forward
from .policy import Policy

__all__ = ["Article", "segment", "split_articles", "boundaries_from_steps", "articles_from_result"]

_FINAL = "。！？；…!?;"
_COLON = "：:"
_CLOSERS = "”’」』）)》〉】]\"'"
_WS = " \t\u3000\u00a0\u2002\u2003\u2009\u200b\ufeff\r\f\v"
_HANZI_RE = recache.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


@dataclass
class Article:
    """One article of a page; ``start``/``end`` are offsets into the cleaned text."""

    index: int
    title: str | None
    start: int
    end: int
    text: str
    paragraphs: list[str] = field(default_factory=list)
    kicker: str | None = None
    subtitle: str | None = None
    byline: str | None = None
    date: str | None = None
    source: str | None = None
    captions: list[str] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


# -- line classes ---------------------------------------------------------------------------------
def _fold(s: str) -> str:
    try:
        from .chars import fold_simplified

        return fold_simplified(s)
    except Exception:  # pragma: no cover - OpenCC missing
        return s


_BOX_RE = recache.compile(
    r"^[【\[]?(?:相关报道|相关新闻|相关阅读|延伸阅读|请扫描二维码|扫描二维码|扫码阅读|扫码看|长按识别二维码|二维码)"
)
_PAGE_HEADER_RE = recache.compile(r"^(?:\d{4}年\d{1,2}月\d{1,2}日\s*)?第\s*[0-9０-９一二三四五六七八九十]{1,3}\s*版\s*(?:[（(][^（）()]{1,12}[）)]|[:：][^\n]{0,12})?\s*$")
_BREADCRUMB_RE = recache.compile(r"^(?:首页|当前位置|您的位置|你的位置|当前位置：首页)\s*(?:[>＞»›/]|：|:)")
_CRUMB_SPLIT_RE = recache.compile(r"\s*[>＞»›]\s*")
_META_LINE_RE = recache.compile(
    # a label only with its colon (时间紧迫…, 关闭一批落后企业… are prose), a page widget alone or in a bar
    r"^(?:(?:发布日期|发布时间|日期|时间|来源|信息来源|作者|责任编辑|编辑|浏览次数|字号|分享到)(?:\s*[:：]|\s+\S)"
    r"|(?:【字体|Produced By)"
    r"|(?:[【\[]?(?:打印|关闭)(?:本页|窗口|此页|本文)?[】\]]?\s*)+$)"
)
_DATE_RE = recache.compile(
    r"(\d{4})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})\s*日?(?:\s+(\d{1,2}:\d{2}(?::\d{2})?))?"
)
_DATE_ONLY_RE = recache.compile(r"^[\d\s年月日:：/.\-－]+$")
_SOURCE_RE = recache.compile(r"(?:信息)?来源\s*[:：]\s*([^\s|｜]+(?:\s[^\s|｜:：]+)?)")
_CAPTION_END_RE = recache.compile(r"(?:[\s　](?:摄|摄影|供图|图)|新华社发|[（(]图[）)])$|^图为")
_BYLINE_RE = recache.compile(r"^[（(]\s*(?:本版|本文|本组)?(?:稿件|文章|报道)?(?:由)?[^（）()]{0,60}?(?:记者|通讯员|撰稿)[^（）()]{0,80}[）)]$")
_REPORTER_NAMES_RE = recache.compile(r"(?:记者|通讯员)\s*([\u4e00-\u9fff、，,\s]{2,60}?)(?:采写|报道|撰写|撰稿|$)")
_CREDIT_ROLES = ("制作人", "记者", "设计", "摄", "通讯员", "编辑", "责编", "监制", "策划", "统筹")
_EDITOR_NOTE_RE = recache.compile(r"^(?:编者按|编者的话|导语|按语)\s*[:：]")
_LIST_RE = recache.compile(
    r"^(?:[一二三四五六七八九十]{1,3}[、．.]|[（(][一二三四五六七八九十\d]{1,3}[）)]|\d{1,3}(?:[、．]|\.(?!\d))|[\u2460-\u2473])\s*"
)
_ANNOTATION_RE = recache.compile(r"\([^()\n]{1,8}\)")
_NAME_RE = recache.compile(r"^[\u4e00-\u9fff·]{2,4}$")
_CHANNEL_RE = recache.compile(r"(?:新闻|频道|首页|要闻|动态|资讯|专题|栏目|政务|信息|公开|视频|图片|评论|国内|国际|社会|财经|时政)$")


def _ends_sentence(s: str) -> bool:
    s = s.rstrip(_CLOSERS)
    return bool(s) and s[-1] in _FINAL


def _is_box(f: str) -> bool:
    return bool(_BOX_RE.match(f)) and len(f) <= 30


def _is_page_header(f: str) -> bool:
    return bool(_PAGE_HEADER_RE.match(f))


def _is_credit(f: str) -> bool:
    if len(f) > 80 or _ends_sentence(f):
        return False
    return sum(1 for r in _CREDIT_ROLES if r in f) >= 2


def _is_byline(f: str) -> bool:
    return bool(_BYLINE_RE.match(f)) and len(f) <= 100


def _is_caption(f: str) -> bool:
    return bool(_CAPTION_END_RE.search(f)) and len(f) <= 200


def _is_meta(f: str) -> bool:
    return bool(_META_LINE_RE.match(f)) and len(f) <= 120 or bool(_DATE_ONLY_RE.match(f))


def _heading_like(f: str, max_len: int = 50) -> bool:
    if not (2 <= len(f) <= max_len) or _ends_sentence(f):
        return False
    if any(c in f for c in "。！？") or f.endswith(("：", ":")):
        return False
    hz = len(_HANZI_RE.findall(f))
    # inline pinyin such as 創(chuàng) does not make a line less of a heading
    rest = _ANNOTATION_RE.sub("", f).replace(" ", "")
    return hz >= 2 and hz >= 0.5 * len(rest)


def _is_kicker(f: str) -> bool:
    return f.endswith(("：", ":")) and 4 <= len(f) <= 40 and not any(c in f for c in "。！？；")


def _is_body(f: str) -> bool:
    return _ends_sentence(f) or len(f) > 50 or any(c in f for c in "。！？")


class _Line:
    __slots__ = ("start", "end", "text", "fold")

    def __init__(self, start: int, end: int, text: str) -> None:
        self.start, self.end, self.text = start, end, text
        self.fold = _fold(text)


def _lines(text: str) -> list[_Line]:
    from .rules.segment import _content_lines

    return [_Line(s, e, text[s:e]) for s, e in _content_lines(text)]


# -- boundaries from the edit log -------------------------------------------------------------------
def boundaries_from_steps(steps: Sequence[Step]) -> list[int]:
    """Offsets in the final text where an edit marked ``("boundary", …)`` removed a box."""
    out: list[int] = []
    for k, step in enumerate(steps):
        for e in step.edits:
            if not any(key == "boundary" for key, _v in e.meta):
                continue
            pos = map_forward(step.edits, e.start)
            for later in steps[k + 1 :]:
                pos = map_forward(later.edits, pos)
            out.append(pos)
    return sorted(set(out))


# -- splitting ----------------------------------------------------------------------------------------
def _toc_titles(lines: list[_Line]) -> dict[int, str]:
    """Numbered headline lists whose items reappear later: {line index of reappearance: title}."""
    out: dict[int, str] = {}
    i = 0
    n = len(lines)
    while i < n:
        j = i
        items = []
        while j < n and _LIST_RE.match(lines[j].fold) and _heading_like(_LIST_RE.sub("", lines[j].fold, count=1)):
            items.append(_LIST_RE.sub("", lines[j].fold, count=1).strip())
            j += 1
        if len(items) >= 2:
            found = {}
            for k in range(j, n):
                core = _LIST_RE.sub("", lines[k].fold, count=1).strip()
                if core in items and core not in found.values():
                    found[k] = core
            if len(found) >= 2:
                for k in range(i, j):
                    out[k] = ""  # the list itself: furniture
                out.update(found)
            i = j
        else:
            i += 1
    return out


def _starts(lines: list[_Line], cut_positions: Iterable[int]) -> tuple[list[int], set[int]]:
    """Line indices where articles start, and the indices of furniture lines."""
    furniture: set[int] = set()
    starts: set[int] = set()
    n = len(lines)
    toc = _toc_titles(lines)
    for k, title in toc.items():
        if title:
            starts.add(k)
        else:
            furniture.add(k)
    for i, ln in enumerate(lines):
        f = ln.fold
        if _is_box(f) or _is_page_header(f):
            furniture.add(i)
            if i + 1 < n:
                starts.add(i + 1)
    for pos in cut_positions:
        for i, ln in enumerate(lines):
            if ln.start >= pos:
                starts.add(i)
                break
    for i in range(n - 1):
        f, g = lines[i].fold, lines[i + 1].fold
        h = lines[i + 2].fold if i + 2 < n else ""
        if _is_kicker(f) and _heading_like(g):
            starts.add(i)
        elif _heading_like(g) and _NAME_RE.match(h) and (i + 3 < n and _is_body(lines[i + 3].fold)):
            # title + name caption: the kicker, if any, is the line before
            starts.add(i if _is_kicker(f) else i + 1)
    # drop starts that follow furniture-only stretches and merge starts without body in between
    ordered = sorted(s for s in starts if s < n)
    result: list[int] = [0]
    for s in ordered:
        if s <= result[-1]:
            continue
        body_between = any(
            _is_body(lines[k].fold) and k not in furniture for k in range(result[-1], s)
        )
        if body_between:
            result.append(s)
    return result, furniture


def _parse_meta_line(f: str, meta: dict[str, Any], t: str | None = None) -> None:
    """Date and source from a metadata line (``f`` folded to simplified, ``t`` the original)."""
    t = t if t is not None and len(t) == len(f) else f
    m = _DATE_RE.search(f)
    if m and "date" not in meta:
        y, mo, d, hm = m.groups()
        meta["date"] = f"{int(y):04d}-{int(mo):02d}-{int(d):02d}" + (f" {hm}" if hm else "")
    m = _SOURCE_RE.search(f)
    if m and "source" not in meta:
        meta["source"] = t[m.start(1) : m.end(1)].strip()


def _norm(s: str) -> str:
    return re.sub(r"[\s,，、“”\"'‘’:：·]", "", _fold(s))


def split_articles(
    text: str,
    metadata: dict[str, Any] | None = None,
    *,
    boundaries: Iterable[int] = (),
    steps: Sequence[Step] | None = None,
) -> list[Article]:
    """Cut a cleaned text into articles.

    ``boundaries`` are extra cut positions in ``text`` (for example where a
    removed ``相关报道`` box stood); ``steps`` (a ``Result.steps``) supplies them
    from the edit log.
    """
    metadata = dict(metadata or {})
    cuts = list(boundaries)
    removed: list[str] = []
    if steps:
        cuts.extend(boundaries_from_steps(steps))
        removed = _removed_lines(steps)
    lines = _lines(text)
    if not lines:
        return []
    starts, furniture = _starts(lines, cuts)

    # page-level byline: the last byline line of the page, attached to every article
    page_byline = None
    page_authors: list[str] = []
    for i in range(len(lines) - 1, -1, -1):
        f = lines[i].fold
        if i in furniture:
            continue
        if _is_byline(f):
            page_byline = lines[i].text.strip("（）() ")
            furniture.add(i)
            m = _REPORTER_NAMES_RE.search(_fold(page_byline))
            if m:
                page_authors = [x for x in re.split(r"[、，,\s]+", page_byline[m.start(1) : m.end(1)]) if x]
        break
    if page_byline is None:
        for old in reversed(removed):
            if _is_byline(_fold(old)):
                page_byline = old.strip("（）() ")
                break
    if page_byline is None or not page_authors:
        people = list(metadata.get("reporters") or ()) + list(metadata.get("authors") or ())
        if metadata.get("byline") and page_byline is None:
            page_byline = str(metadata["byline"])
        elif people and page_byline is None:
            page_byline = "、".join(dict.fromkeys(people))
        page_authors = list(dict.fromkeys(people))

    meta_title = metadata.get("title")
    if isinstance(meta_title, (list, tuple)):
        meta_title = meta_title[0] if meta_title else None
    crumb_title = None
    for old in removed[:3]:
        crumb_title = _crumb_title(old) or crumb_title
    articles: list[Article] = []
    bounds = starts + [len(lines)]
    single = len(starts) == 1
    for a, b in zip(bounds, bounds[1:]):
        art = _build(lines, range(a, b), furniture, metadata if single else {}, meta_title if single else None, crumb_title if single else None)
        if art is None:
            continue
        art.byline = art.byline or page_byline
        art.authors = art.authors or list(page_authors)
        art.date = art.date or metadata.get("date")
        art.source = art.source or metadata.get("source")
        art.text = text[art.start : art.end]
        art.index = len(articles)
        articles.append(art)
    if not articles:
        return []
    return articles


def _crumb_title(line: str) -> str | None:
    """The last item of a breadcrumb line when it is an article title, not a channel name."""
    f = _fold(line.strip())
    if not _BREADCRUMB_RE.match(f):
        return None
    crumbs = [c for c in _CRUMB_SPLIT_RE.split(line.strip()) if c]
    last = crumbs[-1].strip() if len(crumbs) >= 2 else ""
    lf = _fold(last)
    if last and len(lf) >= 6 and not _CHANNEL_RE.search(lf):
        return last
    return None


def _removed_lines(steps: Sequence[Step]) -> list[str]:
    """Whole lines that earlier steps deleted (breadcrumbs, bylines), in order."""
    out = []
    for step in steps:
        for e in step.edits:
            if e.new == "" and e.old.strip():
                out.extend(x.strip(_WS) for x in e.old.split("\n") if x.strip(_WS))
    return out


def _build(
    lines: list[_Line],
    idx: range,
    furniture: set[int],
    metadata: dict[str, Any],
    meta_title: str | None,
    crumb_title: str | None = None,
) -> Article | None:
    kicker = title = subtitle = None
    captions: list[str] = []
    paragraphs: list[str] = []
    meta: dict[str, Any] = {}
    first_used: int | None = None
    last_used: int | None = None
    header = True
    title_from_crumb = crumb_title
    candidates = [i for i in idx if i not in furniture]
    # a portal page: what comes before the breadcrumb is page chrome (meta description, injected text)
    for k, i in enumerate(candidates[:8]):
        if _BREADCRUMB_RE.match(lines[i].fold):
            candidates = candidates[k:]
            break
    if not candidates:
        return None
    # a truncated or exact copy of a later paragraph at the top (a page's meta description)
    norms = [_norm(lines[i].text) for i in candidates]
    drop = set()
    for k in range(min(4, len(candidates))):
        core = _norm(_TRUNC_TAIL_RE.sub("", lines[candidates[k]].text))
        if len(core) >= 8 and any(m.startswith(core) for m in norms[k + 1 :]):
            drop.add(candidates[k])
    candidates = [i for i in candidates if i not in drop]
    if not candidates:
        return None
    seen_title_norms: set[str] = set()
    if meta_title:
        seen_title_norms.add(_norm(meta_title))
    for pos, i in enumerate(candidates):
        ln = lines[i]
        f = ln.fold
        t = ln.text
        used = True
        if _BREADCRUMB_RE.match(f):
            if header:
                title_from_crumb = _crumb_title(t) or title_from_crumb
            used = False
        elif _is_meta(f):
            _parse_meta_line(f, meta, t)
            used = False
        elif header and _is_credit(f):
            meta.setdefault("byline", t)
            used = False
        elif _is_caption(f):
            captions.append(t)
        elif header and _EDITOR_NOTE_RE.match(f):
            paragraphs.append(t)
        elif header and title is None and kicker is None and _is_kicker(f) and pos + 1 < len(candidates) and _heading_like(lines[candidates[pos + 1]].fold):
            kicker = t
        elif header and title is None and _heading_like(f) and not _NAME_RE.match(f) or (
            header and title is None and kicker is not None and _heading_like(f)
        ):
            title = t
            seen_title_norms.add(_norm(t))
        elif header and title is not None and _NAME_RE.match(f) and (not captions) and not subtitle:
            captions.append(t)  # a name caption under the title (the interviewee's photo)
        elif header and title is not None and subtitle is None and not captions and _heading_like(f) and _norm(t) not in seen_title_norms and pos + 1 < len(candidates) and not _heading_like(lines[candidates[pos + 1]].fold):
            subtitle = t
        elif _norm(t) in seen_title_norms:
            used = False  # a repeated title
        else:
            if _is_body(f):
                header = False
            paragraphs.append(t)
        if used:
            if first_used is None:
                first_used = i
            last_used = i
    if meta_title and title is None:
        title = meta_title
    elif title_from_crumb and title is not None and _norm(title) != _norm(title_from_crumb):
        subtitle = subtitle or title
        title = title_from_crumb
    elif title_from_crumb and title is None:
        title = title_from_crumb
    elif meta_title and title is not None and _norm(meta_title) != _norm(title) and _norm(meta_title) not in _norm(title):
        subtitle = subtitle or title
        title = meta_title
    paragraphs = _dedupe(paragraphs, title)
    if not paragraphs and title is None:
        return None
    if first_used is None:
        first_used = last_used = candidates[0]
    start = lines[first_used].start
    end = lines[last_used].end
    return Article(
        index=0,
        title=title,
        start=start,
        end=end,
        text="",
        paragraphs=paragraphs,
        kicker=kicker,
        subtitle=subtitle,
        date=meta.get("date"),
        source=meta.get("source"),
        byline=meta.get("byline"),
        captions=captions,
    )


_TRUNC_TAIL_RE = recache.compile(r"(?:\.\.\.|…+|\"?>|”>|&gt;)$")


def _dedupe(paragraphs: list[str], title: str | None) -> list[str]:
    """Drop a paragraph repeating the title and early truncated/exact copies of a later paragraph."""
    out = []
    tnorm = _norm(title) if title else None
    norms = [_norm(p) for p in paragraphs]
    for k, p in enumerate(paragraphs):
        n = norms[k]
        if tnorm and n == tnorm:
            continue
        if k < 4:
            core = _norm(_TRUNC_TAIL_RE.sub("", p.strip()))
            if len(core) >= 8 and any(m.startswith(core) for m in norms[k + 1 :]):
                continue
        out.append(p)
    return out


def articles_from_result(result) -> list[Article]:
    """The articles of a :class:`cleanpolicy.Result` (uses its edit log for removed boxes)."""
    return split_articles(result.text, result.metadata, steps=result.steps)


def segment(text_or_bytes: str | bytes, policy: Policy | None = None, **kwargs: Any) -> list[Article]:
    """Clean a document and split it into articles."""
    from .pipeline import clean_and_explain

    result = clean_and_explain(text_or_bytes, policy, **kwargs)
    return articles_from_result(result)
