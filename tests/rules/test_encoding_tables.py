"""The tables the encoding family builds at run time equal their one-character-at-a-time definitions."""

from __future__ import annotations

import re

import pytest

from cleanpolicy.rules import encoding as enc


def _start_chars_one_by_one(read: str, true: str) -> str:
    """The definition of :func:`encoding._stream_start_re`: every BMP character whose bytes under
    ``read`` a fresh strict ``true`` decoder accepts as the start of a stream."""
    ok = []
    for o in range(0x80, 0x10000):
        if 0xD800 <= o <= 0xDFFF or o == 0xFFFD:
            continue
        ch = chr(o)
        if read == "latin":
            lb = enc._latin_byte(ch)
            b = None if lb is None else bytes((lb,))
        else:
            try:
                b = ch.encode(read)
            except UnicodeEncodeError:
                continue
        if b is None or (len(b) == 1 and b[0] < 0x80):
            continue
        try:
            enc._incdec(true)(errors="strict").decode(b)
        except UnicodeDecodeError:
            continue
        ok.append(ch)
    return f"[{enc.class_body(ok)}\U00010000-\U0010ffff]"


CHAINS = sorted({(read, true) for _name, read, true in enc.load_chains()["stream"]} | {("gbk", "big5"), ("big5", "gbk"), ("cp1252", "utf-8"), ("shift_jis", "utf-8")})


@pytest.mark.parametrize("read,true", CHAINS)
def test_stream_start_class_is_its_definition(read, true):
    assert enc._stream_start_re(read, true).pattern == _start_chars_one_by_one(read, true)
    assert isinstance(enc._stream_start_re(read, true), re.Pattern)


def test_double_byte_classes_are_their_definition():
    """:func:`encoding._double_res`: the BMP characters GB18030 writes in two bytes (one at a time here)."""
    dbl = set()
    for o in range(0x80, 0x10000):
        if 0xD800 <= o <= 0xDFFF:
            continue
        try:
            if len(chr(o).encode("gb18030")) == 2:
                dbl.add(chr(o))
        except UnicodeEncodeError:
            pass
    double_run, run_char = enc._double_res()
    assert double_run.pattern == f"[{enc.class_body(dbl - enc._PINYIN_LETTERS)}]+"
    assert run_char.pattern == f"[{enc.class_body(dbl)}]"
