"""HTML in: parse a page with beautifulsoup4 + lxml, find the article, and keep its text structure.

1. **Decode.** The charset the page declares (``<meta charset>``, ``http-equiv``, an XML declaration)
   is respected; without one, or when the bytes are not valid in it, the bytes path of the encoding
   family (:func:`cleanpolicy.decode.decode_bytes`) decides.
2. **Drop** scripts, styles, navigation, headers, footers, asides, form controls, comments and hidden
   elements (``display:none``, ``hidden``, ``type=hidden``).
3. **Find the main content** (:func:`_select_content`).  Every run of text is a paragraph of its
   nearest block element.  A paragraph scores by its length and its Chinese and Latin clause
   punctuation (prose has ``，。`` and navigation has none), unless it is mostly link text; the score
   goes to the element that holds the paragraph, half of it to the parent and a third to the
   grandparent.  An element's total is scaled by ``1 - link density`` and moved by its class and id
   names: content names of Chinese portals and CMSs (``TRS_Editor``, ``article``, ``content``,
   ``zw``, ``text``, ``detail`` …) raise it, chrome names (``nav``, ``footer``, ``comment``,
   ``share``, ``related`` …) lower it.  The best element wins, with those of its siblings that score
   well or read as prose.  Inside the winner, blocks that are mostly links or carry chrome names are
   left out.  When no element reads as an article the whole page is kept.
4. **Write** block elements as paragraphs separated by a blank line, ``<br>`` as a line break,
   entities decoded.  The title, date, source and author found in the page header (the lines just
   before the content, read with the boilerplate family's line parser) and in ``<meta>`` go into the
   metadata.

bs4 and lxml are imported on first use only.  The heuristics are written for this project (in the
spirit of readability and of text-density extractors; no code of theirs is used).
"""

from __future__ import annotations

import re
from typing import Any

from . import recache

__all__ = ["html_to_text", "declared_charset"]

_CHARSET_RE = recache.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
_XML_ENC_RE = recache.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_\-]+)""", re.I)

DROP_TAGS = (
    "script", "style", "noscript", "nav", "header", "footer", "aside", "iframe", "svg", "button", "select",
    "template", "object", "embed", "input", "textarea", "option", "map", "area", "head", "link", "canvas",
    "video", "audio",
)  # fmt: skip
BLOCK_TAGS = frozenset(
    "p div section article main h1 h2 h3 h4 h5 h6 li ul ol table tr td th dd dt dl blockquote pre figure "
    "figcaption center address caption tbody thead tfoot body form fieldset legend hr".split()
)
#: blocks whose text belongs to the surrounding container (they are paragraphs, not containers)
PARA_TAGS = frozenset("p h1 h2 h3 h4 h5 h6 li pre blockquote dt dd figcaption caption address".split())
_HIDDEN_STYLE_RE = recache.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_WS_RE = recache.compile(r"[ \t\r\n\f\v]+")
_SURROGATE_RE = recache.compile("[\ud800-\udfff]")

#: class/id names of article bodies in Chinese portals and common CMSs
_POSITIVE_RE = recache.compile(
    r"trs_editor|article|content|contents|entry|main|post|text|body|story|detail|blog|news_?txt|zw|zhengwen|"
    r"cont|con_?text|artibody|endtext|newstext|left_?zw|art_?con|neirong|txt|conText|page_?content",
    re.I,
)
#: class/id names of page chrome
_NEGATIVE_RE = recache.compile(
    r"nav|menu|footer|foot|header|banner|comment|reply|share|sharing|related|relate|recommend|tuijian|hot|rank|"
    r"sidebar|side|aside|widget|breadcrumb|crumb|position|location|copyright|copy_right|bottom|login|search|"
    r"advert|ads?[_-]|[_-]ads?\b|^ad$|sponsor|tags?$|pager|pagination|page_?nav|toolbar|tool|print|font|qr|"
    r"ewm|erweima|weixin|wechat|link|links|friend|subscribe|popup|modal|social|xgxw|xgwz|xgbd",
    re.I,
)
#: names that mark an element as chrome even before scoring (removed unless they also look like content)
_UNLIKELY_RE = recache.compile(
    r"comment|reply|feedback|footer|sidebar|breadcrumb|crumb|share|sharing|related|recommend|copyright|"
    r"advert|banner|menu|\bnav|nav\b|navbar|login|subscribe|popup|xgxw|xgwz|xgbd|erweima|qrcode",
    re.I,
)
#: names of an article's lead or summary box, which templates often place apart from the body
_LEAD_RE = recache.compile(r"summary|abstract|\blead\b|intro|daoyu|zhaiyao|description", re.I)
_CLAUSE_RE = recache.compile(r"[，。；！？、：,.;!?]")
_SENT_RE = recache.compile(r"[。！？!?]")


def declared_charset(data: bytes) -> str | None:
    m = _XML_ENC_RE.match(data[:512]) or _CHARSET_RE.search(data[:4096])
    return m.group(1).decode("ascii").lower() if m else None


def _decode(data: bytes, encoding: str | None) -> tuple[str, dict[str, Any]]:
    from .decode import decode_bytes
    from .errors import DecodeError

    if encoding:
        return decode_bytes(data, encoding)
    declared = declared_charset(data)
    if declared:
        try:
            text, meta = decode_bytes(data, declared)
        except (DecodeError, LookupError):
            pass
        else:
            meta["encoding_method"] = "declared"
            return text, meta
    return decode_bytes(data)


# -- tree statistics -------------------------------------------------------------------------------
def _is_hidden(tag) -> bool:
    attrs = tag.attrs or {}
    if "hidden" in attrs:
        return True
    style = attrs.get("style")
    if style and _HIDDEN_STYLE_RE.search(str(style)):
        return True
    return str(attrs.get("type", "")).lower() == "hidden"


def _names_of(tag) -> str:
    attrs = tag.attrs or {}
    cls = attrs.get("class") or ()
    if isinstance(cls, str):
        cls = (cls,)
    return " ".join(list(cls) + [str(attrs.get("id") or "")])


def _class_weight(tag) -> float:
    names = _names_of(tag)
    if not names.strip():
        return 0.0
    w = 0.0
    if _POSITIVE_RE.search(names):
        w += 25.0
    if _NEGATIVE_RE.search(names):
        w -= 25.0
    return w


class _Stats:
    """Per-element text statistics, computed in one pass."""

    def __init__(self) -> None:
        self.total: dict[int, int] = {}
        self.links: dict[int, int] = {}
        self.clauses: dict[int, int] = {}
        self.score: dict[int, float] = {}
        self.tags: dict[int, Any] = {}


def _text_len(s: str) -> int:
    return len(_WS_RE.sub("", s))


def _block_of(node):
    p = node.parent
    while p is not None and getattr(p, "name", None) not in BLOCK_TAGS:
        p = p.parent
    return p


def _collect(root) -> _Stats:
    from bs4 import NavigableString, Tag
    from bs4.element import Comment

    st = _Stats()
    # paragraph text per block element (text not inside a nested block)
    own: dict[int, list[int]] = {}  # id -> [chars, link chars, clauses]
    for node in root.descendants:
        if not isinstance(node, NavigableString) or isinstance(node, Comment):
            continue
        n = _text_len(str(node))
        if not n:
            continue
        clauses = len(_CLAUSE_RE.findall(str(node)))
        in_link = False
        anc = node.parent
        while anc is not None and anc is not root.parent:
            name = getattr(anc, "name", None)
            if name == "a":
                in_link = True
            i = id(anc)
            st.tags[i] = anc
            st.total[i] = st.total.get(i, 0) + n
            st.clauses[i] = st.clauses.get(i, 0) + clauses
            if in_link:
                st.links[i] = st.links.get(i, 0) + n
            anc = anc.parent
        blk = _block_of(node)
        if blk is not None:
            rec = own.setdefault(id(blk), [0, 0, 0])
            rec[0] += n
            rec[1] += n if in_link else 0
            rec[2] += clauses
            st.tags[id(blk)] = blk
    for i, (n, ln, clauses) in own.items():
        if n < MIN_PARA or ln > 0.5 * n:
            continue
        if not clauses and n < 80:
            continue  # a label or a list item, not prose
        blk = st.tags[i]
        score = 1.0 + clauses + min(n / 100.0, 3.0)
        container = blk.parent if blk.name in PARA_TAGS and blk.parent is not None else blk
        for k, div in ((0, 1.0), (1, 2.0), (2, 3.0)):
            if container is None or not isinstance(container, Tag):
                break
            j = id(container)
            st.tags[j] = container
            st.score[j] = st.score.get(j, 0.0) + score / div
            container = container.parent
    return st


#: shortest text run (characters without spaces) that counts as a paragraph when scoring
MIN_PARA = 20


def _link_density(st: _Stats, tag) -> float:
    i = id(tag)
    total = st.total.get(i, 0)
    return st.links.get(i, 0) / total if total else 1.0


def _select_content(body) -> list:
    """The elements holding the article, in document order (empty: keep the whole page)."""
    st = _collect(body)
    ranked = []
    for i, score in st.score.items():
        tag = st.tags[i]
        if tag.name in ("html", "[document]"):
            continue
        final = score * (1.0 - _link_density(st, tag)) + _class_weight(tag)
        st.score[i] = final
        ranked.append((final, i))
    ranked.sort(reverse=True)
    best, best_score = None, 0.0
    for final, i in ranked[:20]:
        # the winner must read as prose: some length and several clauses
        if final > 0 and st.total.get(i, 0) >= 40 and st.clauses.get(i, 0) >= 3:
            best, best_score = st.tags[i], final
            break
    if best is None:
        return []
    chosen = [best]
    parent = best.parent
    if parent is not None and best.name != "body":
        threshold = max(10.0, best_score * 0.2)
        chosen = []
        tag_sibs = [c for c in parent.children if getattr(c, "name", None)]
        pos = next((k for k, c in enumerate(tag_sibs) if c is best), -1)
        neighbours = {id(c) for c in tag_sibs[max(0, pos - 1) : pos + 2]}
        for sib in tag_sibs:
            if sib is best:
                chosen.append(sib)
                continue
            i = id(sib)
            total = st.total.get(i, 0)
            if not total:
                continue
            ld = _link_density(st, sib)
            names = _names_of(sib)
            if names.strip() and _NEGATIVE_RE.search(names) and not _POSITIVE_RE.search(names):
                continue
            if st.score.get(i, 0.0) >= threshold and ld < 0.3:
                chosen.append(sib)
            elif i in neighbours and ld < 0.05 and total >= 150:
                # a table or block of plain text right beside the article (a data table, an appendix)
                chosen.append(sib)
            elif sib.name == "p" or sib.name in PARA_TAGS:
                if total >= 60 and ld < 0.25 or (ld == 0 and total >= 12 and st.clauses.get(i, 0) >= 1):
                    chosen.append(sib)
    _prune(chosen, st)
    # a lead/summary box outside the chosen elements belongs to the article too
    leads = []
    for tag in body.find_all(True):
        names = _names_of(tag)
        if not names.strip() or not _LEAD_RE.search(names) or _NEGATIVE_RE.search(names):
            continue
        i = id(tag)
        if st.total.get(i, 0) < 20 or st.clauses.get(i, 0) < 2 or _link_density(st, tag) > 0.3:
            continue
        if any(tag is c or c in tag.parents or tag in c.parents for c in chosen + leads):
            continue
        leads.append(tag)
    if leads:
        first = chosen[0]
        before = [t for t in leads if first in t.find_all_next()] if len(leads) < 5 else []
        after = [t for t in leads if t not in before] if len(leads) < 5 else []
        chosen = before + chosen + after
    return chosen


def _prune(chosen: list, st: _Stats) -> None:
    """Drop blocks inside the chosen elements that are link lists or page chrome."""
    for top in chosen:
        top_total = max(1, st.total.get(id(top), 0))
        for tag in list(top.find_all(["div", "ul", "ol", "table", "section", "dl", "p", "span", "td", "form", "center"])):
            if getattr(tag, "decomposed", False):
                continue
            i = id(tag)
            total = st.total.get(i, 0)
            if not total:
                continue
            ld = _link_density(st, tag)
            clauses = st.clauses.get(i, 0)
            names = _names_of(tag)
            chrome = bool(names.strip()) and bool(_NEGATIVE_RE.search(names)) and not _POSITIVE_RE.search(names)
            if chrome and total < 0.5 * top_total:
                tag.decompose()
            elif ld > 0.5 and total < 0.5 * top_total and clauses < max(3, total / 30):
                tag.decompose()


# -- writing ---------------------------------------------------------------------------------------
def _write(nodes) -> list[str]:
    from bs4 import NavigableString, Tag
    from bs4.element import Comment

    lines: list[str] = []
    buf: list[str] = []

    def flush() -> None:
        # one block: single <br> breaks stay line breaks, blank lines (<br><br>) split paragraphs
        s = "".join(buf).replace("\u00a0", " ")
        buf.clear()
        para: list[str] = []
        for part in s.split("\n"):
            part = _WS_RE.sub(" ", part).strip(" ")
            if part.strip():
                para.append(part)
            elif para:
                lines.append("\n".join(para))
                para = []
        if para:
            lines.append("\n".join(para))

    def walk(node) -> None:
        for child in node.children:
            if isinstance(child, Comment):
                continue
            if isinstance(child, NavigableString):
                buf.append(str(child).replace("\n", " ").replace("\r", " "))
            elif isinstance(child, Tag):
                if child.name == "br":
                    buf.append("\n")
                elif child.name in BLOCK_TAGS:
                    flush()
                    walk(child)
                    flush()
                else:
                    walk(child)

    for node in nodes:
        if isinstance(node, NavigableString):
            buf.append(str(node))
            continue
        flush()
        if node.name == "br":
            continue
        walk(node)
        flush()
    flush()
    return lines


# -- metadata --------------------------------------------------------------------------------------
#: a labelled person near the article: 作者：X, 记者 X, 责任编辑：X, 文/X, by X, 本贴由 X 于 …
_PERSON_RE = recache.compile(
    r"(?:(?P<label>作\s*者|执笔人|撰\s*文|撰\s*稿|发表人|发帖人|楼主|博主|责任编辑|责\s*编|编\s*辑|记者)(?:\s*[:：]\s*|\s+)"
    r"|(?P<label2>本报记者|特约记者|本报实习生)\s*"
    r"|文\s*[/／:：]\s*|(?:posted\s+)?by\s+|本贴由\s*|由\s*(?=\S{2,12}\s*(?:张贴|发表)))"
    r"(?P<name>[\u4e00-\u9fff·]{2,4}(?:[ 　、]+[\u4e00-\u9fff·]{2,4}){0,4}(?![\u4e00-\u9fff])|[A-Za-z][A-Za-z0-9_.\-]{1,30}(?![A-Za-z0-9_]))",
    re.I,
)
_ROLE_KEY = {"记者": "reporters", "本报记者": "reporters", "特约记者": "reporters", "责任编辑": "editors", "责编": "editors", "编辑": "editors"}
#: words that follow a label but are not names
_NOT_NAMES = frozenset(
    "简介 介绍 联系 文章 博客 主页 信息 来源 近日 日前 获悉 报道 发表 评论 留言 登录 注册 字号 大小 size 本人 个人观点 "
    "指出 表示 认为 了解 发现 说 称 采访 来信 专栏 其他文章 the a an".split()
)


def _people(s: str) -> list[tuple[str, list[str]]]:
    out = []
    for m in _PERSON_RE.finditer(s):
        before = s[max(0, m.start() - 12) : m.start()].lower()
        if "powered" in before or "produced" in before or "support" in before or "designed" in before:
            continue
        names = [w for w in re.split(r"[ 　、]+", m["name"]) if w and w not in _NOT_NAMES]
        if not names or any(w.lower() in _NOT_NAMES for w in names):
            continue
        label = re.sub(r"\s+", "", m["label"] or m["label2"] or "")
        if label == "本报实习生":
            label = "记者"
        out.append((_ROLE_KEY.get(label, "authors"), names))
    return out


def _page_meta(strings: list[str], start: int, end: int) -> dict[str, Any]:
    """Date, source and people nearest to the article (``strings[start:end]`` is the content).

    Lines just before the content count most, then the first lines of the content, then lines
    after it; far lines are not used.  Byline lines are read with the boilerplate family's parser.
    """
    from .chars import fold_simplified
    from .rules.boilerplate import line_metadata, parse_date

    def distance(i: int) -> float:
        if i < start:
            return start - i
        if i < end:
            return (i - start) * 1.5 + 2
        return (i - end) + 6

    order = sorted(range(max(0, start - 40), min(len(strings), end + 40)), key=distance)
    order = [i for i in order if (i < start + 6 or i >= end - 8) and distance(i) <= 46]
    out: dict[str, Any] = {}
    for i in order:
        raw = strings[i]
        s = fold_simplified(raw).strip(" \t\u3000\u00a0")
        if not s or len(s) > 200:
            continue
        meta = line_metadata(s)
        if meta:
            for k, v in meta:
                if k not in out and v:
                    out[k] = list(v) if isinstance(v, tuple) else v
        if "date" not in out and len(s) <= 160:
            d = parse_date(s)
            if d and ("T" in d or i < start + 6):
                out["date"] = d
        if len(s) <= 160:
            for key, names in _people(s):
                if key not in out:
                    out[key] = names
    return out


def _page_title(soup, meta: dict[str, Any]):
    """The article heading element (first h1/h2 whose text the page <title> contains), else None."""
    page_title = meta.get("page_title", "")
    for name in ("h1", "h2", "h3"):
        for h in soup.find_all(name):
            t = _WS_RE.sub(" ", h.get_text()).strip()
            if len(t) >= 4 and (not page_title or t[:8] in page_title or page_title[:8] in t):
                return h, t
    return None, None


def html_to_text(data: str | bytes, *, encoding: str | None = None) -> tuple[str, dict[str, Any]]:
    """Extract the article text of an HTML page; return it with the metadata found (encoding, title, date …)."""
    from bs4 import BeautifulSoup
    from bs4.element import Comment

    meta: dict[str, Any] = {}
    if isinstance(data, bytes):
        data, meta = _decode(data, encoding)
    try:
        data.encode("utf-8")
    except UnicodeEncodeError:
        # lone surrogates cannot reach the parser; they stand for lost characters anyway
        data = _SURROGATE_RE.sub("\ufffd", data)
    soup = BeautifulSoup(data, "lxml")
    title_tag = soup.find("title")
    if title_tag and title_tag.get_text(strip=True):
        meta["page_title"] = _WS_RE.sub(" ", title_tag.get_text()).strip()
    meta_date = meta_author = None
    for m in soup.find_all("meta"):
        name = str(m.get("name") or m.get("property") or m.get("itemprop") or "").lower()
        content = m.get("content")
        if not content:
            continue
        content = str(content).strip()
        if name in ("pubdate", "publishdate", "publish_date", "article:published_time", "og:release_date", "datepublished", "dc.date", "dc.date.issued", "firstpublishedtime") and not meta_date:
            meta_date = content
        elif name in ("author", "article:author", "dc.creator") and not meta_author:
            meta_author = content
        elif name in ("source", "contentsource", "dc.publisher") and "source_meta" not in meta:
            meta["source_meta"] = content
    for c in soup.find_all(string=lambda s: isinstance(s, Comment)):
        c.extract()
    for tag in soup.find_all(DROP_TAGS):
        tag.decompose()
    for tag in soup.find_all(_is_hidden):
        tag.decompose()
    body = soup.body or soup
    for tag in body.find_all(True):
        if getattr(tag, "decomposed", False) or tag.name in ("body", "html", "article", "main", "a"):
            continue
        names = _names_of(tag)
        if names.strip() and _UNLIKELY_RE.search(names) and not _POSITIVE_RE.search(names):
            tag.decompose()
    heading, heading_text = _page_title(soup, meta)
    chosen = _select_content(body)
    from bs4 import NavigableString

    strings = []
    index: dict[int, int] = {}
    for node in body.descendants:
        if isinstance(node, NavigableString) and not isinstance(node, Comment):
            t = _WS_RE.sub(" ", str(node).replace("\u00a0", " ")).strip()
            if t:
                index[id(node)] = len(strings)
                strings.append(t)
    if chosen:
        lines = _write(chosen)
        if heading_text and heading is not None and not any(heading is c or c in heading.parents for c in chosen):
            if not lines or lines[0] != heading_text:
                lines.insert(0, heading_text)
        first = next((c for c in chosen if c.name not in ("h1", "h2", "h3") and c is not heading), chosen[0])
        inside = [index[id(x)] for c in chosen for x in ([c] if isinstance(c, NavigableString) else c.descendants) if id(x) in index]
        start = min((index[id(x)] for x in first.descendants if id(x) in index), default=min(inside, default=0))
        end = max(inside, default=start) + 1
        hm = _page_meta(strings, start, end)
    else:
        lines = _write([body])
        hm = _page_meta(strings, 0, min(len(strings), 20))
    if heading_text:
        meta["title"] = heading_text
    elif meta.get("page_title"):
        meta["title"] = re.split(r"\s*[_|｜—-]{1,2}\s*", meta["page_title"])[0].strip() or meta["page_title"]
    if "date" in hm:
        meta["date"] = hm["date"]
    elif meta_date:
        from .rules.boilerplate import parse_date

        d = parse_date(meta_date)
        if d:
            meta["date"] = d
    if "authors" in hm:
        meta["authors"] = hm["authors"]
    elif meta_author and len(meta_author) <= 20 and not re.search(r"[,，;；|]|网|报|社|出版", meta_author):
        meta["authors"] = [meta_author]
    for key in ("source", "reporters", "editors"):
        if key in hm:
            meta[key] = hm[key]
    return "\n\n".join(lines) + ("\n" if lines else ""), meta
