"""Tests of the SPN family's cheap start-up constructions: each equals the definition it replaces."""

from __future__ import annotations

from cleanpolicy.chars import fold_table, inverse_table
from cleanpolicy.rules import spinner


def test_preimages_are_the_inverse_table_of_the_fold():
    assert {c: frozenset(xs) for c, xs in spinner._preimages().items()} == inverse_table(fold_table())
