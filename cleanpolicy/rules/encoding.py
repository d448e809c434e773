"""ENC: encoding damage.  (First version: the bytes detector; repair rules land with the encoding issue.)"""

from __future__ import annotations

from typing import Any

from ..registry import Rule

OPTIONS: dict[str, Any] = {}

_CANDIDATES = ("gb18030", "big5hkscs", "utf-8")


def detect_and_decode(data: bytes) -> tuple[str, dict[str, Any]]:
    """Decode bytes that are not strict UTF-8: the candidate with the least damage wins."""
    from ..decode import MAX_BAD_FRACTION
    from ..errors import DecodeError

    best: tuple[float, str, str] | None = None
    for name in _CANDIDATES:
        text = data.decode(name, errors="replace")
        bad = text.count("\ufffd") / max(1, len(text))
        if best is None or bad < best[0]:
            best = (bad, name, text)
    assert best is not None
    bad, name, text = best
    if bad > MAX_BAD_FRACTION:
        raise DecodeError(f"input is not text in any supported encoding ({bad:.0%} undecodable in {name})")
    return text, {"encoding": name, "encoding_confidence": round(1.0 - bad, 3), "encoding_method": "least-damage"}


RULES: tuple[Rule, ...] = ()
