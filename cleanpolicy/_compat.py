"""What differs between the Python versions cleanpolicy supports (3.10 and later), in one place."""

from __future__ import annotations

import sys

if sys.version_info >= (3, 11):
    import tomllib
else:  # Python 3.10: the same parser, as the tomli backport
    import tomli as tomllib

__all__ = ["tomllib"]
