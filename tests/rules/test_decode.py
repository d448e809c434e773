"""Bytes in: BOM, strict UTF-8, UTF-16 without BOM, GB18030 vs Big5 by plausibility, broken UTF-8,
declared charsets, binary input; the real GBK pages of chinese-web-extraction."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import PEERS, non_utf8_pages, require_peers  # noqa: E402
from encoding_damage import traditional  # noqa: E402
from strategies import clean_paragraph, hostile_bytes  # noqa: E402

from cleanpolicy.decode import decode_bytes  # noqa: E402
from cleanpolicy.errors import DecodeError  # noqa: E402
from cleanpolicy.html import html_to_text  # noqa: E402

TEXT = "中华人民共和国国务院关于加强经济工作的通知\n第一条 各地区、各部门要认真贯彻落实，推动经济社会持续健康发展。\n"
TRAD = "中華人民共和國國務院關於加強經濟工作的通知\n第一條 各地區、各部門要認真貫徹落實，推動經濟社會持續健康發展。\n"


@pytest.mark.parametrize(
    "data,text,encoding,method",
    [
        (b"", "", "utf-8", "empty"),
        (TEXT.encode("utf-8"), TEXT, "utf-8", "strict"),
        (b"\xef\xbb\xbf" + TEXT.encode("utf-8"), TEXT, "utf-8-sig", "bom"),
        (TEXT.encode("utf-16"), TEXT, "utf-16", "bom"),
        (TEXT.encode("gb18030"), TEXT, "gb18030", "plausibility"),
        (TRAD.encode("big5hkscs"), TRAD, "big5hkscs", "plausibility"),
        (TRAD.encode("gb18030"), TRAD, "gb18030", "plausibility"),
        (TEXT.encode("utf-16-le"), TEXT, "utf-16-le", None),
        (TEXT.encode("utf-16-be"), TEXT, "utf-16-be", None),
        ("Hello, world\n".encode("utf-16-le"), "Hello, world\n", "utf-16-le", "nul-pattern"),
    ],
)
def test_decode_table(data, text, encoding, method):
    out, meta = decode_bytes(data)
    assert out == text
    assert meta["encoding"] == encoding
    if method:
        assert meta["encoding_method"] == method
    assert 0.0 <= meta["encoding_confidence"] <= 1.0


def test_gbk_vs_big5_settled_by_plausibility():
    # Big5 bytes of traditional text decode without error as GB18030 too; plausibility decides
    data = TRAD.encode("big5hkscs")
    data.decode("gb18030")  # no error: strict decoding alone cannot tell
    out, meta = decode_bytes(data)
    assert out == TRAD and meta["encoding"] == "big5hkscs"
    assert meta["encoding_confidence"] > 0.9


def test_utf8_with_a_few_broken_bytes():
    data = bytearray((TEXT * 5).encode("utf-8"))
    data[10] = 0xFF
    out, meta = decode_bytes(bytes(data))
    # one broken byte in a three-byte character leaves its other bytes undecodable too
    assert meta["encoding"] == "utf-8" and 1 <= meta.get("undecodable", 0) <= 3
    assert out.count("\ufffd") == meta["undecodable"]


def test_given_encoding_and_aliases():
    data = TEXT.encode("gbk")
    for name in ("gbk", "GB2312", "cp936", "gb18030"):
        out, meta = decode_bytes(data, name)
        assert out == TEXT and meta["encoding_method"] == "given"
    out, meta = decode_bytes(TRAD.encode("big5hkscs"), "big5")
    assert out == TRAD


def test_given_encoding_that_does_not_fit_is_an_error():
    with pytest.raises(DecodeError):
        decode_bytes(TEXT.encode("gb18030"), "utf-8")
    with pytest.raises(DecodeError):
        decode_bytes(b"abc", "no-such-codec")


@pytest.mark.parametrize(
    "data",
    [
        bytes(range(256)) * 10,
        b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8,
        b"\x7fELF\x02\x01\x01\x00" + bytes(1000),
        bytes(300),
        b"PK\x03\x04" + bytes(range(7, 250)) * 5,
    ],
)
def test_binary_is_an_error_with_a_one_line_message(data):
    with pytest.raises(DecodeError) as exc:
        decode_bytes(data)
    assert "\n" not in str(exc.value)


@settings(max_examples=60)
@given(data=hostile_bytes)
def test_decode_never_fails_otherwise(data):
    try:
        text, meta = decode_bytes(data)
    except DecodeError:
        return
    assert isinstance(text, str) and meta["encoding"]


@settings(max_examples=40, derandomize=True)
@given(p=clean_paragraph(), codec=st.sampled_from(["utf-8", "gb18030", "utf-16-le", "utf-16-be", "big5hkscs"]))
def test_generated_documents_decode(p, codec):
    text = "\n\n".join([p] * 3)
    if codec == "big5hkscs":
        text = traditional(text)
    try:
        data = text.encode(codec)
    except UnicodeEncodeError:
        return
    out, meta = decode_bytes(data)
    assert out == text, (codec, meta)


def test_declared_charset_is_a_hint_for_html():
    page = f'<html><head><meta charset="gb2312"><title>通知</title></head><body><p>{TEXT}</p></body></html>'
    text, meta = html_to_text(page.encode("gb18030"))
    assert "国务院关于加强经济工作的通知" in text
    assert meta["encoding"] == "gb18030" and meta["encoding_method"] == "declared"
    # a wrong declaration falls back to detection
    page = f'<html><head><meta charset="utf-8"></head><body><p>{TEXT}</p></body></html>'
    text, meta = html_to_text(page.encode("gb18030"))
    assert "国务院关于加强经济工作的通知" in text and meta["encoding"] == "gb18030"


def test_real_gbk_pages_decode_as_gb18030():
    """The non-UTF-8 pages of chinese-web-extraction (GBK, MIT licence) are found to be GB18030."""
    root = require_peers("chinese-web-extraction/original")
    pages = non_utf8_pages(root)
    for path, data in pages:
        text, meta = decode_bytes(data)
        assert meta["encoding"] == "gb18030", (path.name, meta)
        assert text == data.decode("gb18030", errors="replace")
    assert len(pages) >= 39
