"""Turn what the user gave (``str``, ``bytes``, plain text or an HTML page) into the text the rules see."""

from __future__ import annotations

import re
from typing import Any

__all__ = ["to_text", "looks_like_html", "INPUT_FORMATS"]

INPUT_FORMATS = ("auto", "text", "html")

_HTML_START_RE = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|div|table)\b", re.I | re.S)
_TAG_RE = re.compile(rb"<(?:p|div|span|br|a|td|li|script|style|meta|link)\b[^>]*>", re.I)


def looks_like_html(data: bytes | str) -> bool:
    """True for a whole page or markup-heavy fragment; False for text with a few stray tags."""
    head = data[:65536]
    if isinstance(head, str):
        if "<" not in head:
            return False  # both tests below need a "<": skip encoding the head of a plain text
        head = head.encode("utf-8", "surrogatepass")
    if _HTML_START_RE.match(head):
        return True
    tags = len(_TAG_RE.findall(head))
    return tags >= 20 and tags * 40 > len(head.splitlines() or [b""]) * 10 and head.lstrip().startswith(b"<")


def to_text(data: str | bytes | bytearray | memoryview, *, encoding: str | None = None, input_format: str = "auto") -> tuple[str, dict[str, Any]]:
    """Decode (bytes) and extract (HTML) ``data``; return the text and the metadata found on the way."""
    if input_format not in INPUT_FORMATS:
        raise ValueError(f"input_format must be one of {INPUT_FORMATS}, not {input_format!r}")
    if isinstance(data, (bytearray, memoryview)):
        data = bytes(data)
    is_html = input_format == "html" or (input_format == "auto" and looks_like_html(data))
    if is_html:
        from .html import html_to_text

        return html_to_text(data, encoding=encoding)
    if isinstance(data, bytes):
        from .decode import decode_bytes

        return decode_bytes(data, encoding)
    if not isinstance(data, str):
        raise TypeError(f"expected str or bytes, not {type(data).__name__}")
    return data, {}

