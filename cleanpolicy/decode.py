"""Bytes in: decide the encoding of raw bytes and decode them.

Order of evidence: an explicit encoding (``--encoding``), a byte-order mark,
strict UTF-8 (fast, and nearly never wrong when it succeeds), UTF-16 without a
BOM (NUL bytes in alternating positions), then a detector restricted to the
codecs Chinese pages really use (GB18030 as the superset of GBK/GB2312, Big5,
UTF-8 with a few broken bytes).  The decision and its confidence go into the
document metadata.  Binary data and text that no candidate decodes with less
than :data:`MAX_BAD_FRACTION` damage raise :class:`~cleanpolicy.errors.DecodeError`.
"""

from __future__ import annotations

import codecs
import re
from typing import Any

from . import recache
from .errors import DecodeError

__all__ = ["decode_bytes", "MAX_BAD_FRACTION"]

#: more U+FFFD than this fraction of the characters means "not text in this encoding"
MAX_BAD_FRACTION = 0.02

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

_ALIASES = {
    "gbk": "gb18030",
    "gb2312": "gb18030",
    "cp936": "gb18030",
    "big5": "big5hkscs",
    "cp950": "big5hkscs",
}


def _canonical(name: str) -> str:
    try:
        return codecs.lookup(name).name
    except LookupError:
        raise DecodeError(f"unknown encoding {name!r}") from None


def _looks_binary(data: bytes) -> bool:
    head = data[:8192]
    if b"\x00" not in head:
        return False
    # UTF-16 text has NULs too, but at regular positions
    return _utf16_guess(data) is None


def _utf16_guess(data: bytes) -> str | None:
    head = data[:4096]
    if len(head) < 4:
        return None
    even = head[0::2]
    odd = head[1::2]
    n = min(len(even), len(odd))
    nul_even = even.count(0) / max(1, n)
    nul_odd = odd.count(0) / max(1, n)
    # ASCII-heavy UTF-16: one byte of each pair is NUL most of the time
    if nul_odd > 0.3 and nul_even < 0.05:
        return "utf-16-le"
    if nul_even > 0.3 and nul_odd < 0.05:
        return "utf-16-be"
    return None


def decode_bytes(data: bytes, encoding: str | None = None) -> tuple[str, dict[str, Any]]:
    """Decode ``data``; return the text and ``{"encoding": ..., "encoding_confidence": ...}``."""
    if not data:
        return "", {"encoding": "utf-8", "encoding_confidence": 1.0, "encoding_method": "empty"}
    if encoding:
        name = _canonical(_ALIASES.get(encoding.lower(), encoding))
        try:
            return data.decode(name), {"encoding": name, "encoding_confidence": 1.0, "encoding_method": "given"}
        except UnicodeDecodeError as exc:
            text = data.decode(name, errors="replace")
            bad = text.count("\ufffd")
            if bad > MAX_BAD_FRACTION * max(1, len(text)):
                raise DecodeError(
                    f"input is not valid {name}: {bad} undecodable byte sequences (first at byte {exc.start})"
                ) from None
            return text, {
                "encoding": name,
                "encoding_confidence": 1.0,
                "encoding_method": "given",
                "undecodable": bad,
            }
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(name), {"encoding": name, "encoding_confidence": 1.0, "encoding_method": "bom"}
            except UnicodeDecodeError:
                raise DecodeError(f"input starts with a {name} byte-order mark but does not decode as {name}") from None
    head = data[:8192]
    if b"\x00" in head:
        # NUL bytes: UTF-16 (ASCII-heavy text shows them at alternating positions) or binary
        u16 = _utf16_guess(data)
        if u16:
            try:
                return data.decode(u16), {"encoding": u16, "encoding_confidence": 0.95, "encoding_method": "nul-pattern"}
            except UnicodeDecodeError:
                pass
        from .rules import encoding as enc

        try:
            text, meta = enc.detect_and_decode(data)
        except DecodeError:
            raise DecodeError("input looks binary (it contains NUL bytes and decodes as no text encoding)") from None
        if "\x00" in text:
            raise DecodeError("input looks binary (it contains NUL bytes)")
        return text, meta
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        if _control_fraction(text) > MAX_BAD_FRACTION:
            raise DecodeError("input looks binary (it is mostly control characters)")
        return text, {"encoding": "utf-8", "encoding_confidence": 1.0, "encoding_method": "strict"}
    from .rules import encoding as enc  # the encoding family holds the detector

    return enc.detect_and_decode(data)


#: C0 controls other than tab, newline, vertical tab, form feed, carriage return and escape; DEL
_BINARY_CONTROL_RE = recache.compile("[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")


def _control_fraction(text: str) -> float:
    sample = text[:20000]
    if not sample:
        return 0.0
    if not _BINARY_CONTROL_RE.search(sample):
        return 0.0
    return len(_BINARY_CONTROL_RE.findall(sample)) / len(sample)
