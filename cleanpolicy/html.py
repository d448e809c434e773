"""HTML in: parse a page with beautifulsoup4 + lxml and keep its text structure.

Scripts, styles, navigation, headers, footers, asides, forms and hidden
elements are dropped; block elements become paragraphs separated by a blank
line, ``<br>`` becomes a line break, entities are decoded.  The page
``<title>`` and ``<meta>`` publication data go into the metadata.  What is left
is plain text that the boilerplate family then cleans line by line.

bs4 and lxml are imported on first use only.
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["html_to_text", "declared_charset"]

_CHARSET_RE = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)

DROP_TAGS = ("script", "style", "noscript", "nav", "header", "footer", "aside", "form", "iframe", "svg", "button", "select", "template", "object", "embed")
BLOCK_TAGS = frozenset(
    "p div section article main h1 h2 h3 h4 h5 h6 li ul ol table tr td th dd dt dl blockquote pre figure figcaption center address caption tbody thead".split()
)
_HIDDEN_STYLE_RE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_WS_RE = re.compile(r"[ \t\r\n\f]+")


def declared_charset(data: bytes) -> str | None:
    m = _CHARSET_RE.search(data[:4096])
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
        except DecodeError:
            pass
        else:
            meta["encoding_method"] = "declared"
            return text, meta
    return decode_bytes(data)


def html_to_text(data: str | bytes, *, encoding: str | None = None) -> tuple[str, dict[str, Any]]:
    """Extract the text of an HTML page; return it with the metadata found (encoding, title)."""
    from bs4 import BeautifulSoup

    meta: dict[str, Any] = {}
    if isinstance(data, bytes):
        data, meta = _decode(data, encoding)
    soup = BeautifulSoup(data, "lxml")
    title_tag = soup.find("title")
    if title_tag and title_tag.get_text(strip=True):
        meta["page_title"] = _WS_RE.sub(" ", title_tag.get_text()).strip()
    for m in soup.find_all("meta"):
        name = (m.get("name") or m.get("property") or "").lower()
        content = m.get("content")
        if not content:
            continue
        if name in ("pubdate", "publishdate", "article:published_time", "og:release_date") and "date_published" not in meta:
            meta["date_published_meta"] = content.strip()
        elif name in ("author", "article:author") and "author_meta" not in meta:
            meta["author_meta"] = content.strip()
        elif name in ("source", "contentsource") and "source_meta" not in meta:
            meta["source_meta"] = content.strip()
    for tag in soup.find_all(DROP_TAGS):
        tag.decompose()
    for tag in soup.find_all(style=_HIDDEN_STYLE_RE):
        tag.decompose()
    for tag in soup.find_all(attrs={"hidden": True}):
        tag.decompose()
    if soup.head:
        soup.head.decompose()
    lines: list[str] = []
    buf: list[str] = []

    def flush() -> None:
        s = "".join(buf)
        buf.clear()
        for part in s.split("\n"):
            part = _WS_RE.sub(" ", part).strip(" ")
            if part.strip():
                lines.append(part)

    def walk(node) -> None:
        from bs4 import Comment, NavigableString, Tag

        for child in node.children:
            if isinstance(child, Comment):
                continue
            if isinstance(child, NavigableString):
                buf.append(str(child).replace("\n", " "))
            elif isinstance(child, Tag):
                if child.name == "br":
                    buf.append("\n")
                elif child.name in BLOCK_TAGS:
                    flush()
                    walk(child)
                    flush()
                else:
                    walk(child)

    walk(soup.body or soup)
    flush()
    return "\n\n".join(lines) + ("\n" if lines else ""), meta
