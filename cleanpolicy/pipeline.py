"""Run the rules of a policy over a text, recording every change.

``clean_and_explain`` is the one engine; ``clean``, ``check`` and
``make_pipeline`` are thin views of it.  The rules run in canonical registry
order; the whole sequence is repeated (at most :data:`MAX_PASSES` times) until
a pass changes nothing, so ``clean(clean(x)) == clean(x)`` holds by
construction as well as by test.
"""

from __future__ import annotations

import bisect
import difflib
import functools
import importlib
import itertools
import operator
import os
import sys
from typing import Any, Callable, NamedTuple, Sequence

from ._core import Edit, Result, Step, apply_edits, merge_metadata, validate_edits
from .errors import BYTES_ERROR_TEXT
from .policy import Policy

__all__ = ["clean", "clean_and_explain", "check", "make_pipeline", "run_rule", "DEFAULT_POLICY", "MAX_PASSES"]

MAX_PASSES = 3
DEFAULT_POLICY = Policy()

#: set by the test-suite: a rule that raises fails loudly instead of being skipped and reported
_STRICT = os.environ.get("CLEANPOLICY_STRICT") == "1"


def _coerce_policy(policy: Policy | None) -> Policy:
    if policy is None:
        return DEFAULT_POLICY
    if not isinstance(policy, Policy):
        raise TypeError(f"policy must be a cleanpolicy.Policy, not {type(policy).__name__}")
    return policy


def _diff_edits(a: str, b: str, reason: str) -> list[Edit]:
    """Edits that turn ``a`` into ``b`` (for transform rules)."""
    if a == b:
        return []
    edits: list[Edit] = []
    if len(a) == len(b):
        # the common case for script conversion: same length, characters swapped
        i = 0
        n = len(a)
        while i < n:
            if a[i] != b[i]:
                j = i + 1
                while j < n and a[j] != b[j]:
                    j += 1
                edits.append(Edit(i, j, a[i:j], b[i:j], reason))
                i = j
            else:
                i += 1
        return edits
    sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag != "equal":
            edits.append(Edit(i1, i2, a[i1:i2], b[j1:j2], reason))
    return edits


#: the sort key of edits: (start, end), read in C
_START_END = operator.itemgetter(0, 1)


def run_rule(rule, text: str, policy: Policy) -> list[Edit]:
    """The edits ``rule`` makes on ``text`` (validated), or a report if the rule failed."""
    return _run(rule, text, policy, None)


def _run(rule, text: str, policy: Policy, report_only: bool | None) -> list[Edit]:
    """:func:`run_rule`, with the rule's report-only flag under ``policy`` when it is known (None: look it
    up when there are edits)."""
    try:
        if rule.kind == "transform":
            out = rule.func(text, policy)
            edits = _diff_edits(text, out, rule.name)
        else:
            out = rule.func(text, policy)
            if not out:
                return []  # the common case: nothing to check or to convert
            edits = list(out)
            if rule.kind == "report" and any(e.old != e.new for e in edits):
                raise ValueError(f"{rule.code} is a report rule but changed the text")
        if edits:
            edits.sort(key=_START_END)
            validate_edits(text, edits)
    except Exception as exc:  # a rule bug must never cost the user their text
        if _STRICT:
            raise
        return [Edit(0, 0, "", "", f"internal error in {rule.code}, rule skipped: {type(exc).__name__}: {exc}")]
    if edits and (policy.is_report_only(rule) if report_only is None else report_only):
        edits = [e if e.old == e.new else Edit(e.start, e.end, e.old, e.old, f"[report only] would change to {e.new!r}: {e.reason}", e.meta) for e in edits]
    return edits


class _Entry(NamedTuple):
    """A rule of a policy with what the pipeline asks of it on every run, looked up once."""

    rule: Any
    code: str
    kind: str
    report_only: bool
    family: str
    #: the family's gate under the policy (:func:`cleanpolicy.registry.family_gate`), or None
    gate: Callable[[str], Any] | None


class _Plan(NamedTuple):
    rules: tuple
    #: (code, gate, entry) of every rule, and of those that run after the first pass (no reports)
    entries: tuple[tuple[str, Any, _Entry], ...]
    later: tuple[tuple[str, Any, _Entry], ...]
    #: the entries of :data:`_LAYOUT_FIRST`
    layout: tuple[_Entry, ...]


@functools.lru_cache(maxsize=64)
def _plan(policy: Policy, with_gates: bool = True) -> _Plan:
    """The rules of ``policy`` and what the pipeline needs of each (the same for every document)."""
    from .registry import family_gate

    rules = policy.rules()
    gates: dict[str, Any] = {}
    for family in dict.fromkeys(r.family for r in rules):
        factory = family_gate(family) if with_gates else None
        try:
            gates[family] = factory(policy) if factory is not None else None
        except Exception:  # an option the family cannot read: its rules say so when they run
            if _STRICT:
                raise
            gates[family] = None
    entries = [_Entry(r, r.code, r.kind, policy.is_report_only(r), r.family, gates[r.family]) for r in rules]
    return _Plan(
        rules,
        tuple((e.code, e.gate, e) for e in entries),
        tuple((e.code, e.gate, e) for e in entries if e.kind != "report"),
        tuple(e for e in entries if e.code in _LAYOUT_FIRST),
    )


def _gate_codes(gate: Callable[[str], Any], text: str, gates: dict) -> Any:
    """The codes ``gate`` lets through on ``text`` (None: every code), kept in ``gates`` with the text:
    the rules of a family run on the same text object in turn.  Only short texts are gated
    (:data:`_GATE_LIMIT`)."""
    if len(text) > _GATE_LIMIT:
        return None
    last = gates.get(gate)
    if last is None or last[0] is not text:
        try:
            codes = gate(text)
        except Exception:  # a gate bug must never cost a rule: run them all
            if _STRICT:
                raise
            codes = None
        last = gates[gate] = (text, codes)
    return last[1]


def _call(entry: _Entry, text: str, policy: Policy, gates: dict) -> list[Edit]:
    """The edits of ``entry``'s rule on ``text`` (:func:`run_rule`); none, without running it, when its
    family's gate rules it out."""
    if entry.gate is not None:
        codes = _gate_codes(entry.gate, text, gates)
        if codes is not None and entry.code not in codes:
            return []
    return _run(entry.rule, text, policy, entry.report_only)


def clean_and_explain(
    text_or_bytes: str | bytes,
    policy: Policy | None = None,
    *,
    encoding: str | None = None,
    input_format: str = "auto",
) -> Result:
    """Clean a document and return the text, the ordered steps and the metadata.

    ``text_or_bytes`` may be ``str`` or raw ``bytes`` (decoded by the encoding
    family; ``encoding`` overrides detection).  ``input_format`` is ``"text"``,
    ``"html"`` or ``"auto"`` (HTML when the input looks like a page).
    """
    policy = _coerce_policy(policy)
    if not isinstance(text_or_bytes, (str, bytes, bytearray, memoryview)):
        raise TypeError(f"expected str or bytes, not {type(text_or_bytes).__name__}")
    from .inputs import to_text

    original, base_meta = to_text(text_or_bytes, encoding=encoding, input_format=input_format)
    text = original
    steps: list[Step] = []
    plan = _plan(policy, _GATES)
    # what each rule has seen: after its run, the number of text-changing steps applied when it ran, and
    # whether it found anything; the changed positions of every applied step, carried into the current
    # text's coordinates and tagged with the step's index
    seen: dict[str, int] = {}
    found: dict[str, bool] = {}
    points: list[tuple[int, int]] = []
    step_codes: list[str] = []
    probes: dict[tuple, str | None] = {}
    gates: dict[Any, tuple] = {}  # each gate's last text and answer (see _gate_codes)
    if _PRE_LAYOUT:
        # the layout-whitespace rules once before the first pass: every rule then sees the blank structure
        # it ends with, and the changes these rules make everywhere do not call for a second pass
        for entry in plan.layout:
            # ungated: each of these costs less than the gate's look at the text it would be spared
            all_edits = _run(entry.rule, text, policy, entry.report_only)
            edits = [e for e in all_edits if e.old != e.new]  # reports come in pass 0
            if len(edits) == len(all_edits):
                seen[entry.code] = len(step_codes)  # otherwise it runs again in pass 0 for its reports
                found[entry.code] = bool(edits)
            if edits:
                steps.append(Step(entry.code, tuple(edits)))
                points = _track_tagged(points, edits, len(step_codes))
                step_codes.append(entry.code)
                text = apply_edits(text, edits)
    fast = _FAST_RECHECK
    # the last gate asked, the text it was asked about and its answer (a family's rules come in a row)
    asked, asked_about, may = None, None, None
    for _pass in range(MAX_PASSES):
        changed = False
        done = len(step_codes)
        # reports are recorded once, on the first pass
        for code, gate, entry in plan.later if _pass else plan.entries:
            if code in seen and fast:
                since = seen[code]
                if since == done:
                    continue  # the text is the one it last ran on, or last found idle on
                if gate is not None and code not in _DOCUMENT_SCOPE_ONCE_FOUND:
                    if gate is not asked or text is not asked_about:
                        asked, asked_about, may = gate, text, _gate_codes(gate, text, gates)
                    if may is not None and code not in may:
                        # the family's gate rules it out on the whole text: a full run would find nothing,
                        # so the probe could only end as skipped too
                        seen[code] = done
                        continue
                if not _probe_finds(entry, text, points, step_codes, since, found, policy, probes, gates):
                    seen[code] = done
                    continue  # nothing around what changed since it last ran: it has nothing to do
            if gate is not None:
                if gate is not asked or text is not asked_about:
                    asked, asked_about, may = gate, text, _gate_codes(gate, text, gates)
                if may is not None and code not in may:
                    seen[code] = done
                    found[code] = False
                    continue  # (as if it ran and found nothing)
            edits = _run(entry.rule, text, policy, entry.report_only)
            seen[code] = done
            if not edits:
                found[code] = False
                continue
            found[code] = True
            if _pass and all(e.old == e.new for e in edits):
                continue  # reports are recorded once, on the first pass
            steps.append(Step(code, tuple(edits)))
            new = apply_edits(text, edits)
            if new != text:
                changed = True
                points = _track_tagged(points, edits, done)
                step_codes.append(code)
                done = len(step_codes)
                text = new
        if not changed:
            break
    rules = plan.rules
    metadata = _metadata_to_target(merge_metadata(steps, base_meta), policy, rules)
    return Result(text, tuple(steps), metadata, original)


#: probe a rule that has run before on the neighbourhoods of the other rules' changes before running it in
#: full (tests may switch it off to compare against always running every rule in full)
_FAST_RECHECK = os.environ.get("CLEANPOLICY_FULL_PASSES") != "1"
_PRE_LAYOUT = os.environ.get("CLEANPOLICY_PRE_LAYOUT", "1") == "1"
#: skip the rules a family's gate rules out without calling them (tests switch it off to compare)
_GATES = os.environ.get("CLEANPOLICY_NO_GATES") != "1"
#: the longest text gated: a gate saves the calls of the rules it rules out, a cost per text, while its
#: scans of the text (and the rules' own first checks) grow with the text
_GATE_LIMIT = int(os.environ.get("CLEANPOLICY_GATE_LIMIT", "4000"))
_LAYOUT_FIRST = frozenset({"NRM005", "NRM006", "NRM007"})
#: non-blank lines of context kept on each side of a change, and non-blank lines always kept at the start
#: and the end of the text (where position-dependent rules look)
_CONTEXT_LINES = 1
_HEAD_LINES = 12
_TAIL_LINES = 6
#: a rule runs in full rather than on a probe that would hold more than this share of the text
_PROBE_LIMIT = 0.5
#: a list of more points than this is first sampled (about this many) to show a probe would be most of the text
_SAMPLE_FROM = 1024
_SAMPLE = 256
#: rules whose decisions depend on the whole document.  SPN001 weighs the whole document only once it
#: has found something there (a sure hit opens the spun-only tier and makes a spin score): it sees the
#: full text when it reported or changed anything in its last run; otherwise every hit it could make
#: is new, hence near a change and inside the probe, where the score can only be higher.  SPM002 counts
#: a phrase's places over the whole document: it sees the full text when it found anything in its last
#: run, or when the probe holds a place name (every phrase it looks for begins with one); otherwise
#: nothing it could find touches a change, and it is skipped.  (BPL003, repeated titles, looks only at
#: adjacent lines and the first ten non-blank lines, which the probe always holds: no exception.)
_DOCUMENT_SCOPE_ONCE_FOUND = frozenset({"SPN001", "SPM002"})
_DOCUMENT_SCOPE_GATES = {"SPM002": ("cleanpolicy.rules.spam", "inserted_phrase_may_apply")}
#: families whose rules look at where a line stands in the page: the boilerplate rules judge the first
#: and the last lines of a page (titles, bylines, meta-description copies, footers) and relate them to
#: lines further on.  They are probed with the document's first and last lines as well; every other
#: rule judges a line by itself and its neighbours (or, SPN001 and SPM002 above, the whole document),
#: so the lines around the changes are all it can react to.
_POSITIONAL_FAMILIES = frozenset({"BPL"})


def _track_tagged(points: list[tuple[int, int]], edits: Sequence[Edit], tag: int) -> list[tuple[int, int]]:
    """Carry the changed positions ``points`` ((position, tag), sorted, each once, as returned here) through
    ``edits`` and add the places the edits changed, tagged ``tag``.

    Positions inside a replaced span move to its start; every edit adds the start and end of what it put in;
    a point is kept once.  The points between two edits move together: each run is found by bisection and
    carried in one slice or comprehension (a few steps per edit, plus a copy of the points).  An edit that
    ends before the next point (most of a rule's many edits: those past the last point, or between two
    points) only adds its own places.
    """
    out: list[tuple[int, int]] = []
    n = len(points)
    i = 0  # the first point not carried yet
    nxt = points[0][0] if n else sys.maxsize  # its position
    delta = 0  # the shift of the text after the edits passed so far
    last = -1  # the last place added (where edits meet, the place is added once)
    # whether a place may be in ``out`` twice: only where points fall into a replaced span or text is
    # deleted (they meet), or a point of this tag sits where an edit starts or ends (its own place);
    # otherwise the carried points stay apart and the edits' places are new, and the list needs no pass to
    # make it unique (a step of thousands of edits)
    twice = False
    for e in edits:
        a, b = e.start, e.end
        if a >= nxt or b > nxt:
            # the points up to the edit's start stay before it; those strictly inside a span move to its
            # start; an insertion passes the points after it only (a point at its place stays before it)
            j = bisect.bisect_left(points, (a + 1,), i)
            if j > i and points[j - 1][0] == a and _holds(points, (a, tag), i, j):
                twice = True
            if delta:
                out += [(p + delta, t) for p, t in points[i:j]]
            else:
                out += points[i:j]
            i = bisect.bisect_left(points, (b,), j) if b > a else j
            if i > j:
                out += [(a + delta, t) for _p, t in points[j:i]]
                twice = True
            nxt = points[i][0] if i < n else sys.maxsize
        new = e.new
        if e.old != new:
            if b == nxt and _holds(points, (b, tag), i, n):
                twice = True
            s = a + delta
            if s != last:
                out.append((s, tag))
            if new:  # (a deletion's end is its start)
                last = s + len(new)
                out.append((last, tag))
            else:
                twice = True
            delta += len(new) - (b - a)
    out += [(p + delta, t) for p, t in points[i:]] if delta else points[i:]
    if twice:
        # a point twice is no nearer a change than once (the points inside a span all move to its start, and
        # edits meet): kept once, the list stays short over many steps
        return sorted(dict.fromkeys(out))
    out.sort()
    return out


def _holds(points: list[tuple[int, int]], point: tuple[int, int], lo: int, hi: int) -> bool:
    """Is ``point`` in the sorted ``points[lo:hi]``?"""
    k = bisect.bisect_left(points, point, lo, hi)
    return k < hi and points[k] == point


def _windows(
    text: str, points: list[int], limit: int | None = None, ends: bool = True, memo: dict | None = None
) -> list[tuple[int, int]] | None:
    """Line-aligned spans of ``text`` around ``points`` and (with ``ends``) at its two ends, merged (None
    once they cover more than ``limit`` characters).

    Around a point: its own line, then outwards over blank lines up to and including
    :data:`_CONTEXT_LINES` non-blank lines on each side.  The line breaks and the non-blank lines are
    found once (once per text, when the caller passes the same ``memo`` dict for every call on it); each
    point then costs a few bisections.
    """
    n = len(text)
    if memo is None:
        memo = {}
    if "breaks" not in memo:
        lines = text.split("\n")
        # the offset of every "\n": the running sum of the line lengths plus one; the indices of the lines
        # with a visible character (all in C loops)
        memo["breaks"] = list(itertools.accumulate(map(operator.add, map(len, lines[:-1]), itertools.repeat(1)), initial=-1))[1:]
        memo["ink"] = list(itertools.compress(range(len(lines)), map(str.strip, lines)))
    breaks: list[int] = memo["breaks"]
    ink: list[int] = memo["ink"]
    last = len(breaks)  # line k runs from breaks[k-1] + 1 to breaks[k] (inclusive); line `last` ends at n
    n_ink = len(ink)

    def start(k: int) -> int:
        return breaks[k - 1] + 1 if k else 0

    def end(k: int) -> int:
        return breaks[k] + 1 if k < last else n

    def below(k: int, lines: int) -> int:
        """From line k upwards (to lower indices) over blank lines, up to the ``lines``-th non-blank one."""
        i = bisect.bisect_left(ink, k) - lines
        return ink[i] if i >= 0 else 0

    def above(k: int, lines: int) -> int:
        i = bisect.bisect_right(ink, k) + lines - 1
        return ink[i] if i < n_ink else last

    spans = []
    if ends:
        head = memo.get("head")
        if head is None:
            head = memo["head"] = ((0, end(above(0, _HEAD_LINES)) if _HEAD_LINES else end(0)), (start(below(last, _TAIL_LINES)) if _TAIL_LINES else start(last), n))
        (a0, b0), (a1, b1) = head
        if limit is not None and b0 - a0 + b1 - max(a1, b0) > limit:
            return None  # the two ends alone cover more (a short page)
        spans.extend(head)
    line_end = -1  # the points are sorted: each changed line is looked up once
    covered, reach = 0, -1  # what the spans around the points cover so far (they come in order)
    ctx = _CONTEXT_LINES
    for p in points:
        if p <= line_end:
            continue
        k = bisect.bisect_left(breaks, min(max(p, 0), n))
        line_end = breaks[k] if k < last else n
        if ctx:
            # start(below(k, ctx)) and end(above(k, ctx)), inline: this runs for every changed line
            i = bisect.bisect_left(ink, k) - ctx
            a = ink[i] if i >= 0 else 0
            i = bisect.bisect_right(ink, k) + ctx - 1
            b = ink[i] if i < n_ink else last
        else:
            a = b = k
        a = breaks[a - 1] + 1 if a else 0
        b = breaks[b] + 1 if b < last else n
        spans.append((a, b))
        if b > reach:
            covered += b - max(a, reach)
            reach = b
            if limit is not None and covered > limit:
                return None
    spans.sort()
    merged: list[tuple[int, int]] = []
    covered = 0
    for a, b in spans:
        if merged and a <= merged[-1][1]:
            if b > merged[-1][1]:
                covered += b - merged[-1][1]
                merged[-1] = (merged[-1][0], b)
        else:
            merged.append((a, b))
            covered += b - a
        if limit is not None and covered > limit:
            return None
    return merged


def _probe_text(text: str, spans: list[tuple[int, int]]) -> str:
    """The pieces of ``text`` at ``spans`` separated by one blank line; the blank lines at the very start
    and end of the text are kept (the layout rules act on them)."""
    n = len(text)
    pieces = []
    for a, b in spans:
        piece = text[a:b]
        pieces.append(piece.lstrip("\n") if a else piece)
        if b < n:
            pieces[-1] = pieces[-1].rstrip("\n")
    return "\n\n".join(pieces)


def _probe_for(
    text: str,
    points: list[tuple[int, int]],
    step_codes: list[str],
    since: int,
    code: str,
    positional: bool,
    probes: dict,
) -> str | None:
    """The probe text around the points of the steps after the first ``since`` but ``code``'s own ("": none;
    None: the probe would be most of the text, and a full run costs little more)."""
    n_steps = len(step_codes)
    memo = probes.get(n_steps)  # this text's line breaks (see _windows), the points picked out
    if memo is None:
        memo = probes[n_steps] = {}
    limit = int(len(text) * _PROBE_LIMIT)
    if len(points) <= _SAMPLE_FROM:
        near = [p for p, t in points if t >= since and step_codes[t] != code]
    else:
        # a step of thousands of edits leaves thousands of points.  The steps whose points count are the same
        # for every rule that has seen the same steps: the list is picked through once per text for them all
        seen_by = tuple(t for t in range(since, n_steps) if step_codes[t] != code)
        near = memo.get(seen_by)
        if near is None:
            counted = frozenset(seen_by)
            # when the windows around an even sample of the points that count already cover more than the
            # limit, so do the windows around all of them (more points never make them fit): the list is not
            # picked through at all
            sample = [p for p, t in points[:: len(points) // _SAMPLE] if t in counted]
            if sample and _windows(text, sample, limit=limit, ends=positional, memo=memo) is None:
                return None
            near = memo[seen_by] = [p for p, t in points if t in counted]
    if not near:
        return ""
    spans = _windows(text, near, limit=limit, ends=positional, memo=memo)
    return None if spans is None else _probe_text(text, spans)


def _probe_finds(
    entry: _Entry, text: str, points: list[tuple[int, int]], step_codes: list[str], since: int, found: dict[str, bool], policy: Policy, probes: dict, gates: dict
) -> bool:
    """Could ``rule`` change ``text`` now?  It last ran (or was last found idle) after ``since`` steps.

    The rules are pure, and idempotent on their own output, so the text as it was when ``rule`` last ran
    plus its own edits gives it nothing to do; what may is near the changes made by the other rules
    since.  So instead of running over a long text again, the rule runs once over a short text made of
    the lines around those changes (``_CONTEXT_LINES`` non-blank lines of context on each side), the
    pieces separated by blank lines; the rules of :data:`_POSITIONAL_FAMILIES` also get the first and
    last lines of the document, where they look.  When it finds nothing there, it is skipped; when it
    finds anything, or the changed neighbourhoods cover most of the text anyway, it runs in full.
    Equivalence with always running every rule in full is checked by the test-suite over every fixture,
    seed and generated case (``CLEANPOLICY_FULL_PASSES=1`` switches the probe off).
    """
    code = entry.code
    if code in _LAYOUT_FIRST:
        return True  # a full run of these costs less than making their probe
    own = code in step_codes[since:]
    positional = entry.family in _POSITIONAL_FAMILIES
    key = (len(step_codes), since, own and code, positional)
    # without own edits since, the points near which it looks are those of every step since: the fewer
    # steps, the fewer points, so a probe that is most of the text for one ``since`` is for every earlier one
    wide = ("wide", len(step_codes), positional)
    if key in probes:
        probe = probes[key]
    elif not own and since <= probes.get(wide, -1):
        probe = probes[key] = None
    else:
        probe = _probe_for(text, points, step_codes, since, code, positional, probes)
        if probe is None and not own:
            probes[wide] = max(since, probes.get(wide, -1))
        probes[key] = probe
    if probe is None:
        return True
    if not probe:
        return False  # nothing changed since it last ran but its own edits
    whole = code in _DOCUMENT_SCOPE_ONCE_FOUND and found.get(code, False)
    gate = _DOCUMENT_SCOPE_GATES.get(code)
    if gate is not None and not whole:
        if not getattr(importlib.import_module(gate[0]), gate[1])(probe, policy):
            return False  # nothing it could find touches a change
        whole = True
    edits = _call(entry, text if whole else probe, policy, gates)
    return any(e.old != e.new for e in edits)


def _metadata_to_target(meta: dict[str, Any], policy: Policy, rules) -> dict[str, Any]:
    """Metadata is extracted before script conversion runs: put its text in the target script too."""
    if policy.to == "keep" or not meta or not any(r.code == "SCR001" for r in rules):
        return meta
    from .rules.script import convert_script

    def conv(value: Any) -> Any:
        if isinstance(value, str):
            try:
                return apply_edits(value, convert_script(value, policy))
            except Exception:  # metadata conversion must never cost the document
                return value
        if isinstance(value, list):
            return [conv(v) for v in value]
        return value

    return {k: (v if k.startswith("encoding") else conv(v)) for k, v in meta.items()}


def clean(
    text_or_bytes: str | bytes,
    policy: Policy | None = None,
    *,
    encoding: str | None = None,
    input_format: str = "auto",
) -> str:
    """Return the cleaned text of a document (``str`` or ``bytes``)."""
    return clean_and_explain(text_or_bytes, policy, encoding=encoding, input_format=input_format).text


def check(
    text_or_bytes: str | bytes,
    policy: Policy | None = None,
    *,
    encoding: str | None = None,
    input_format: str = "auto",
) -> list[Step]:
    """Dry run: the steps cleaning would take (empty when the text is already clean)."""
    return list(clean_and_explain(text_or_bytes, policy, encoding=encoding, input_format=input_format).steps)


def make_pipeline(*selectors: str | Callable[..., Any], policy: Policy | None = None) -> Callable[[str], str]:
    """Compose rules into a plain ``str -> str`` function.

    Selectors are rule codes or prefixes (run in canonical order, as the
    policy would) or rule functions (run in the order given, after the coded
    ones)::

        fix = make_pipeline("ENC", "PYN001")
        fix("設(shè)計")
    """
    from . import registry

    policy = _coerce_policy(policy)
    codes = tuple(s for s in selectors if isinstance(s, str))
    funcs = [s for s in selectors if not isinstance(s, str)]
    by_func = {r.func: r for r in registry.all_rules()}
    rules = list(registry.resolve_selectors(codes)) if codes else []
    for f in funcs:
        if f not in by_func:
            raise ValueError(f"{f!r} is not a registered rule function")
        rules.append(by_func[f])

    def pipeline(text: str) -> str:
        if isinstance(text, (bytes, bytearray)):
            raise TypeError(BYTES_ERROR_TEXT)
        for _pass in range(MAX_PASSES):
            before = text
            for rule in rules:
                if _pass and rule.kind == "report":
                    continue  # it cannot change the text
                edits = run_rule(rule, text, policy)
                if edits:
                    text = apply_edits(text, edits)
            if text == before:
                break
        return text

    pipeline.__name__ = "cleanpolicy_pipeline"
    pipeline.rules = tuple(rules)  # type: ignore[attr-defined]
    return pipeline
