"""The ENC family's fast path is built cheaply (sets instead of regex matches per character, one scan of
the basic plane, one decoding of GB 2312's level-1 rows, one big class in the scan); each construction
must stay exactly what the per-character definition it replaces gives."""

from __future__ import annotations

import re
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cleanpolicy.rules import encoding as enc


def _old_suspect_re() -> re.Pattern[str]:
    seen = sorted(ord(c) for c in enc._seen_chars() if ord(c) > 0x7F and not (0xE000 <= ord(c) <= 0xF8FF) and c != enc.REPLACEMENT)
    seen.extend(ord(c) for c in "\u00a0\u3000\u2002\u2003\u2009\u200b\u2014\u2026\u201c\u201d\u2018\u2019\u00b7\u00d7\u00f7\u00b0\u2103\u2116\u00a7")
    seen = sorted(set(seen))
    ranges: list[tuple[int, int]] = []
    for o in seen:
        if ranges and o == ranges[-1][1] + 1:
            ranges[-1] = (ranges[-1][0], o)
        else:
            ranges.append((o, o))

    def esc(o: int) -> str:
        return re.escape(chr(o))

    cls = "".join(esc(a) if a == b else f"{esc(a)}-{esc(b)}" for a, b in ranges)
    return re.compile(f"[^\\x00-\\x7f{cls}]")


OLD_SUSPECT = _old_suspect_re()


def _old_everyday() -> tuple[frozenset[str], frozenset[str]]:
    level1: set[str] = set()
    latin_rows: set[str] = set()
    for lead in range(0xB0, 0xD8):
        for trail in range(0xA1, 0xFF):
            try:
                ch = bytes((lead, trail)).decode("gb2312")
            except UnicodeDecodeError:
                continue
            level1.add(ch)
            if lead in (0xC2, 0xC3) and trail <= 0xBF:
                latin_rows.add(ch)
    return frozenset(c for c in level1 if c not in enc._seen_chars() and OLD_SUSPECT.match(c)), frozenset(latin_rows)


def _old_trigger_codes(ch: str) -> frozenset[str]:
    codes = set()
    if enc._SURROGATE_RE.match(ch):
        codes.add("ENC006")
    if enc._FTFY_TRIGGER_RE.match(ch):
        codes.add("ENC001")
    if OLD_SUSPECT.match(ch) and ch not in enc._everyday()[0]:
        codes.update(("ENC003", "ENC002"))
    if enc._LATIN_TRIGGER_RE.match(ch):
        codes.add("ENC002")
    if enc._CONTROL_RE.match(ch):
        codes.add("ENC007")
    if ch == "&":
        codes.add("ENC009")
    if ch == ">":
        codes.update(("ENC008", "ENC010"))
    if ch == "\u00a0":
        codes.add("ENC011")
    if enc._PUA_RE.match(ch):
        codes.add("ENC005")
    if ch in "\ufffd?":
        codes.add("ENC004")
    return frozenset(codes)


def _old_fast_re() -> re.Pattern[str]:
    trail = frozenset(c for c in map(chr, range(0x80)) if enc._GLUED_RE.match(c + "\u4e00"))
    pair = frozenset(chr(o) for o in range(0x80, 0x10000) if enc._utf8_gbk_re().match(chr(o)))
    candidates = set(map(chr, range(0x80))) | set(enc._seen_chars()) | set(enc._TYPOGRAPHIC)
    allowed = {c for c in candidates if c not in trail and c not in pair and not _old_trigger_codes(c)}
    glued = frozenset(c for c in pair if not _old_trigger_codes(c))
    cc = enc.class_body
    return re.compile(
        f"[^{cc(allowed)}]"
        f"(?:(?<=[^{cc(allowed | trail | glued)}])"
        f"|(?<=[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0010ffff][{cc(trail)}])(?=[{enc._HAN_CLASS}])"
        f"|(?<=[{cc(glued)}])(?=(?s:.{{0,3}})[{cc(pair)}]))"
    )


OLD_FAST = _old_fast_re()
PLANE = "".join(map(chr, range(0x10000)))


def test_suspect_set_and_regex_agree_with_the_old_regex():
    assert enc._suspect_re().pattern == OLD_SUSPECT.pattern
    beyond = [c for c in enc._seen_chars() if ord(c) > 0xFFFF] + [chr(o) for o in range(0x10000, 0x110000, 97)]
    for ch in [*PLANE, *beyond]:
        assert (not ch.isascii() and ch not in enc._unsuspect()) == bool(OLD_SUSPECT.match(ch)), hex(ord(ch))


def test_trigger_codes_and_their_scan_agree_with_the_old_tests():
    beyond = [chr(o) for o in range(0x10000, 0x110000, 97)]
    for ch in [*PLANE, *beyond]:
        assert enc._trigger_codes(ch) == _old_trigger_codes(ch), hex(ord(ch))
    assert enc._triggering(PLANE + "".join(beyond)) == {ch for ch in [*PLANE, *beyond] if _old_trigger_codes(ch)}


def test_everyday_sets_equal_one_decode_per_cell():
    assert enc._everyday() == _old_everyday()


def test_fast_path_sets_equal_one_match_per_code_point():
    rx, trail, glued = enc._fast_path()
    assert trail == frozenset(c for c in map(chr, range(0x80)) if enc._GLUED_RE.match(c + "\u4e00"))
    assert glued == frozenset(chr(o) for o in range(0x80, 0x10000) if enc._utf8_gbk_re().match(chr(o)) and not _old_trigger_codes(chr(o)))
    # every character alone, and every character of the plane after a hanzi and before a glued one
    assert rx.findall(PLANE) == OLD_FAST.findall(PLANE)
    for ch in PLANE:
        assert rx.findall(ch) == OLD_FAST.findall(ch)


_glued = sorted(enc._fast_path()[2])
_char = st.one_of(
    st.sampled_from(_glued),
    st.sampled_from(sorted(enc._fast_path()[1])),
    st.sampled_from(sorted(enc._everyday()[0])),
    st.sampled_from(list("国务院关于，。 鍦板湪ÖÐÎÄ?&>\u00a0\ufffd\ue000")),
    st.characters(),
)


@given(st.lists(_char, max_size=16).map("".join))
def test_fast_path_scan_finds_what_the_old_one_found(text):
    assert [(m.start(), m.group()) for m in enc._fast_path()[0].finditer(text)] == [
        (m.start(), m.group()) for m in OLD_FAST.finditer(text)
    ]


def test_shipped_stream_starts_are_the_computation():
    # every CJK stream chain's start class is read from the package, each exactly as computed
    shipped = enc._shipped_stream_starts()
    assert shipped is not None, "encoding/stream_starts.txt lacks this Python: run scripts/build_tables.py"
    assert set(shipped) == {f"{read}\t{true}" for _name, read, true in enc._cjk_stream_chains()}
    for key, body in shipped.items():
        read, true = key.split("\t")
        assert body == enc.class_body(enc._stream_start_chars(read, true))
        assert enc._stream_start_re(read, true).pattern == f"[{body}\U00010000-\U0010ffff]"


def test_codec_tables_of_another_python_are_computed(monkeypatch):
    """A codec table whose head does not list the running Python is not read: the classes are computed,
    and they are what the package holds for the versions it lists."""
    shipped_double = enc._double_res()
    monkeypatch.setattr(sys, "version_info", (2, 7, 18))
    enc._double_res.cache_clear()
    enc._shipped_stream_starts.cache_clear()
    enc._stream_start_re.cache_clear()
    try:
        assert enc._codec_table("encoding/double_byte.txt") is None
        assert enc._shipped_stream_starts() is None
        assert [p.pattern for p in enc._double_res()] == [p.pattern for p in shipped_double]
        assert enc._stream_start_re("gb18030", "utf-8").pattern.startswith("[")
    finally:
        enc._double_res.cache_clear()
        enc._shipped_stream_starts.cache_clear()
        enc._stream_start_re.cache_clear()


def test_derived_tables_are_what_this_environment_computes():
    """``scripts/build_tables.py --check``: every packaged table derived from OpenCC or from the codecs
    equals what the installed OpenCC and this Python give (else: run the script and commit the tables)."""
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parents[2] / "scripts" / "build_tables.py"
    if not path.exists():
        pytest.skip("scripts/ is not in this copy (an sdist)")
    spec = importlib.util.spec_from_file_location("build_tables", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.main(["--check"]) == 0
