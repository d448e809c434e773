"""Exceptions. Rules never raise; these come from entry points, decoding and configuration."""

from __future__ import annotations


class CleanpolicyError(Exception):
    """Base class of every error cleanpolicy raises on purpose."""


class DecodeError(CleanpolicyError, ValueError):
    """Bytes that are binary, or text too damaged to decode with any plausible codec."""


class PolicyError(CleanpolicyError, ValueError):
    """An invalid configuration: names the file, the key and, where it can, a suggestion."""

    def __init__(self, message: str, *, path: str | None = None, key: str | None = None) -> None:
        self.path = path
        self.key = key
        where = ""
        if path:
            where = f"{path}: "
        super().__init__(f"{where}{message}")


class DataFileError(CleanpolicyError, ValueError):
    """A packaged or user data file (glossary, patterns) that does not parse."""

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None) -> None:
        self.path = path
        self.line = line
        where = ""
        if path:
            where = f"{path}:{line}: " if line else f"{path}: "
        super().__init__(f"{where}{message}")


BYTES_ERROR_TEXT = (
    "this rule function takes str, not bytes; pass bytes to cleanpolicy.clean() "
    "or decode them first with cleanpolicy.decode_bytes()"
)
