"""Family stub: rules land here."""

from __future__ import annotations

from typing import Any

from ..registry import Rule

OPTIONS: dict[str, Any] = {}

RULES: tuple[Rule, ...] = ()
