"""Tests of the SPM family's cheap start-up constructions: each equals the plain definition it replaces."""

from __future__ import annotations

from cleanpolicy.chars import fold_simplified
from cleanpolicy.rules import spam


def test_changed_chars_is_the_fold_of_every_code_point():
    """The fold map from the fold's table keys equals the fold applied to every code point, order included."""
    domain = "".join(map(chr, range(0xD800))) + "".join(map(chr, range(0xE000, 0x110000)))
    folded = fold_simplified(domain).translate(spam._ASCII_LOWER)
    old = {x: y for x, y in zip(domain, folded) if x != y}
    new = spam._changed_chars()
    assert new == old
    assert list(new) == list(old)
