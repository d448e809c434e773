"""Split a cleaned document into articles.

``segment(text)`` cleans the text with the policy, then cuts the result into
:class:`Article` records with character offsets into the cleaned text.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any

from .policy import Policy

__all__ = ["Article", "segment", "split_articles"]

_FINAL_PUNCT = "。！？；…!?;：:”」』）)"


@dataclass
class Article:
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

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def _paragraph_spans(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"[^\n]*\S[^\n]*", text)]


def _is_heading(line: str) -> bool:
    s = line.strip()
    return 0 < len(s) <= 40 and s[-1] not in _FINAL_PUNCT


def split_articles(text: str, metadata: dict[str, Any] | None = None) -> list[Article]:
    """One article per document (the segmentation family refines this)."""
    metadata = metadata or {}
    spans = _paragraph_spans(text)
    if not spans:
        return []
    paragraphs = [text[a:b].strip() for a, b in spans]
    title = metadata.get("title")
    if not title:
        title = next((p for p in paragraphs[:3] if _is_heading(p)), None)
    start, end = spans[0][0], spans[-1][1]
    return [
        Article(
            index=0,
            title=title,
            start=start,
            end=end,
            text=text[start:end],
            paragraphs=paragraphs,
            byline=metadata.get("byline"),
            date=metadata.get("date"),
            source=metadata.get("source"),
        )
    ]


def segment(text_or_bytes: str | bytes, policy: Policy | None = None, **kwargs: Any) -> list[Article]:
    """Clean a document and split it into articles."""
    from .pipeline import clean_and_explain

    result = clean_and_explain(text_or_bytes, policy, **kwargs)
    return split_articles(result.text, result.metadata)
