"""The packaged cache of compiled regular expressions (cleanpolicy/recache.py): what it holds is what ``re``
compiles now, the patterns made from it behave as ``re``'s own, and anything it cannot serve goes to
``re.compile``."""

from __future__ import annotations

import marshal
import re
import subprocess
import sys
import zlib
from pathlib import Path

import pytest

from cleanpolicy import recache

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "fixtures" / "pages").glob("*.txt"))]


def _shipped() -> list[tuple]:
    path = Path(recache.cache_path())
    if not path.exists():
        pytest.skip(f"no regex cache ships for {sys.implementation.cache_tag}")
    head, entries = marshal.loads(zlib.decompress(path.read_bytes()))
    assert tuple(head) == recache.engine_head(), f"{path.name} is for another engine: run scripts/build_regex_cache.py"
    return entries


def test_cache_holds_what_re_compiles_now():
    entries = _shipped()
    assert entries
    for pattern, flags, *stored in entries:
        assert tuple(stored) == recache.engine_entry(pattern, flags), pattern[:80]


def test_cached_patterns_behave_as_re_compiles_them():
    for pattern, flags, *_ in _shipped():
        ours, theirs = recache.compile(pattern, flags), re.compile(pattern, flags)
        assert ours is not theirs  # made from the cache, not taken from re's own cache
        def shape(p: re.Pattern) -> tuple:
            return p.pattern, p.flags, p.groups, dict(p.groupindex)

        assert shape(ours) == shape(theirs)
        for text in SAMPLES:
            assert [m.span() for m in ours.finditer(text)] == [m.span() for m in theirs.finditer(text)], pattern[:80]


def test_anything_else_goes_to_re(monkeypatch):
    assert recache.compile("[一-龥]+(?P<x>丙)", re.I).pattern == "[一-龥]+(?P<x>丙)"
    assert recache.compile(rb"<p\b", re.I).match(b"<P>")
    # a cache written for another engine, or a damaged file, is not read
    monkeypatch.setattr(recache, "engine_head", lambda: ((0, 0), 0, 0))
    assert recache._load() == {}
    monkeypatch.undo()
    monkeypatch.setattr(recache, "cache_path", lambda: str(ROOT / "README.md"))
    assert recache._load() == {}


def test_refused_code_is_compiled_afresh(monkeypatch):
    monkeypatch.setattr(recache, "_entries", {("a+", 0): (32, b"\x00\x00\x00\x00", 0, {}, (None,))})
    assert recache.compile("a+").match("aaa").group() == "aaa"


def test_build_script_check():
    """``scripts/build_regex_cache.py --check``: the cache holds every pattern its sample run compiles, as
    this Python compiles it (rewrite it with the script when patterns or their data change)."""
    script = ROOT / "scripts" / "build_regex_cache.py"
    if not script.exists():
        pytest.skip("scripts/ is not shipped in an sdist")
    _shipped()
    run = subprocess.run([sys.executable, str(script), "--check"], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
