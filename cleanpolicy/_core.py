"""The audited edit model: every change cleanpolicy makes is an :class:`Edit`.

A rule looks at a string and returns a list of edits against *that* string
(code-point offsets, the text it replaces, the text it puts in, and why).  The
pipeline applies them with :func:`apply_edits`, the only place where text is
spliced, and records them as a :class:`Step`.  Offsets in a step are relative
to that step's input, so :func:`replay` can re-apply a whole run to the original
and must reproduce the output exactly.  An edit whose ``new`` equals its
``old`` is a *report*: it is recorded and shown but changes nothing.

Edits may also carry metadata they extracted (``meta``), for example the
source named by a ``来源：…`` line that a boilerplate rule removed, so the
metadata of a document can be rebuilt from its edit log alone.
"""

from __future__ import annotations

import bisect
import itertools
from typing import Any, Iterable, NamedTuple, Sequence

__all__ = [
    "Edit",
    "Step",
    "Result",
    "apply_edits",
    "replay",
    "is_report",
    "validate_edits",
    "map_back",
    "line_col",
    "merge_metadata",
]


class Edit(NamedTuple):
    """One change: replace ``text[start:end]`` (which equals ``old``) by ``new``."""

    start: int
    end: int
    old: str
    new: str
    reason: str = ""
    #: (key, value) pairs of document metadata this edit extracted
    meta: tuple[tuple[str, Any], ...] = ()

    @property
    def is_report(self) -> bool:
        return self.old == self.new

    def to_json(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "start": self.start,
            "end": self.end,
            "old": self.old,
            "new": self.new,
            "reason": self.reason,
        }
        if self.meta:
            d["meta"] = [[k, v] for k, v in self.meta]
        return d

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> "Edit":
        meta = tuple((k, _freeze(v)) for k, v in d.get("meta", ()))
        return cls(int(d["start"]), int(d["end"]), d["old"], d["new"], d.get("reason", ""), meta)


def edits_from_columns(
    starts: Iterable[int], ends: Iterable[int], olds: Iterable[str], news: Iterable[str], reasons: Iterable[str]
) -> list[Edit]:
    """``[Edit(s, e, o, n, r) for s, e, o, n, r in zip(...)]``, built without a Python frame per edit (what
    ``Edit(...)`` runs is ``tuple.__new__``): for rules that make thousands of edits."""
    rows = zip(starts, ends, olds, news, reasons, itertools.repeat(()))
    return list(map(tuple.__new__, itertools.repeat(Edit), rows))


def _freeze(v: Any) -> Any:
    if isinstance(v, list):
        return tuple(_freeze(x) for x in v)
    return v


def is_report(edit: Edit) -> bool:
    return edit.old == edit.new


class Step(NamedTuple):
    """The edits one rule made in one pass; offsets are into that step's input."""

    code: str
    edits: tuple[Edit, ...]

    def to_json(self) -> dict[str, Any]:
        return {"code": self.code, "edits": [e.to_json() for e in self.edits]}

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> "Step":
        return cls(d["code"], tuple(Edit.from_json(e) for e in d["edits"]))


class Result(NamedTuple):
    """What :func:`cleanpolicy.clean_and_explain` returns."""

    text: str
    steps: tuple[Step, ...]
    metadata: dict[str, Any]
    #: the decoded input text the steps apply to: ``replay(original, steps) == text``
    original: str

    @property
    def changed(self) -> bool:
        return self.text != self.original

    @property
    def edits(self) -> list[tuple[str, Edit]]:
        return [(s.code, e) for s in self.steps for e in s.edits]

    def summary(self) -> dict[str, int]:
        """Number of edits (reports included) per rule code, in pipeline order."""
        out: dict[str, int] = {}
        for s in self.steps:
            out[s.code] = out.get(s.code, 0) + len(s.edits)
        return out


def validate_edits(text: str, edits: Sequence[Edit]) -> None:
    """Raise ``ValueError`` unless ``edits`` are sorted, disjoint, in bounds and match ``text``."""
    n = len(text)
    prev_end = 0
    prev_start = -1
    for e in edits:
        start, end = e.start, e.end  # (read once: a step may hold thousands of edits)
        if not (0 <= start <= end <= n):
            raise ValueError(f"edit out of bounds: {e!r}")
        if start < prev_end or (start == end and start == prev_start and not e.is_report):
            raise ValueError(f"edits overlap or are unsorted at {start}")
        if text[start:end] != e.old:
            raise ValueError(f"edit.old does not match the text at {start}:{end}")
        prev_end = end
        prev_start = start


def apply_edits(text: str, edits: Iterable[Edit]) -> str:
    """Apply sorted, non-overlapping edits to ``text``; reports change nothing."""
    parts: list[str] = []
    pos = 0
    for e in edits:
        if e.old == e.new:
            continue
        parts.append(text[pos : e.start])
        parts.append(e.new)
        pos = e.end
    if not parts:
        return text
    parts.append(text[pos:])
    return "".join(parts)


def replay(original: str, steps: Iterable[Step | dict[str, Any]]) -> str:
    """Re-apply a recorded run (``Result.steps`` or its JSON form) to ``original``."""
    text = original
    for step in steps:
        if isinstance(step, dict):
            step = Step.from_json(step)
        validate_edits(text, step.edits)
        text = apply_edits(text, step.edits)
    return text


def map_back(edits: Sequence[Edit], pos: int) -> int:
    """Map an offset in the output of ``edits`` to the corresponding input offset.

    A position inside replaced text maps to the start of what it replaced.
    """
    shift = 0
    for e in edits:
        if e.old == e.new:
            continue
        out_start = e.start + shift
        out_end = out_start + len(e.new)
        if pos < out_start:
            break
        if pos < out_end:
            return e.start
        shift += len(e.new) - (e.end - e.start)
    return pos - shift


def map_forward(edits: Sequence[Edit], pos: int) -> int:
    """Map an input offset to the output offset of ``edits`` (inside a replaced span: its start)."""
    shift = 0
    for e in edits:
        if e.old == e.new:
            continue
        if pos < e.start:
            break
        if pos < e.end:
            return e.start + shift
        shift += len(e.new) - (e.end - e.start)
    return pos + shift


def to_original_offset(steps: Sequence[Step], index: int, pos: int) -> int:
    """Map ``pos`` in the input of ``steps[index]`` back to the original text."""
    for step in reversed(steps[:index]):
        pos = map_back(step.edits, pos)
    return pos


class LineIndex:
    """Offsets to 1-based ``(line, column)`` pairs for one text."""

    def __init__(self, text: str) -> None:
        self.starts = [0]
        find = text.find
        i = find("\n")
        while i != -1:
            self.starts.append(i + 1)
            i = find("\n", i + 1)

    def __call__(self, pos: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.starts, pos) - 1
        return line + 1, pos - self.starts[line] + 1


def line_col(text: str, pos: int) -> tuple[int, int]:
    return LineIndex(text)(pos)


#: metadata keys whose values accumulate into a list (several people can hold the role)
LIST_KEYS = frozenset({"authors", "reporters", "photographers", "editors", "designers", "producers", "correspondents", "findings"})


#: metadata keys that are signals between rules (e.g. where a removed QR box stood), not document metadata
INTERNAL_KEYS = frozenset({"boundary"})


def merge_metadata(steps: Iterable[Step], base: dict[str, Any] | None = None) -> dict[str, Any]:
    """Fold the ``meta`` pairs of every edit into one dict (first value wins, lists accumulate)."""
    out: dict[str, Any] = dict(base or {})
    for step in steps:
        for e in step.edits:
            for key, value in e.meta:
                if key in INTERNAL_KEYS:
                    continue
                if key in LIST_KEYS:
                    vals = value if isinstance(value, (list, tuple)) else (value,)
                    lst = out.setdefault(key, [])
                    for v in vals:
                        if v not in lst:
                            lst.append(v)
                elif key not in out:
                    out[key] = list(value) if isinstance(value, tuple) else value
    return out
