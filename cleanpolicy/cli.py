"""The ``cleanpolicy`` command.

    cleanpolicy [FILE ...]                 clean files (or stdin) to stdout
    cleanpolicy --check FILE ...           report what would change; exit 1 if anything would
    cleanpolicy --diff FILE ...            print a unified diff instead
    cleanpolicy --fix FILE ...             rewrite files in place, atomically; exit 1 if any changed
    cleanpolicy --jsonl [--field text]     JSON Lines in, JSON Lines out (other fields kept)
    cleanpolicy --segment                  one JSON object per article

Exit codes: 0 clean (or cleaned to stdout), 1 ``--check``/``--diff``/``--fix``
found changes, 2 usage, configuration, input or I/O error (one line on stderr,
``cleanpolicy: error: ...``), 130 interrupted.
"""

from __future__ import annotations

import argparse
import contextlib
import difflib
import io
import json
import operator
import os
import signal
import sys
import tempfile
from pathlib import Path
from typing import Any, Iterable, Iterator, Sequence

from . import __version__
from .errors import CleanpolicyError, DecodeError, PolicyError
from .policy import TARGETS, Policy

__all__ = ["main"]

PROG = "cleanpolicy"


class UsageError(CleanpolicyError):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, exit 2, no usage dump
        raise UsageError(f"{message} (see '{PROG} --help')")


EPILOG = """\
examples:
  cat page.txt | cleanpolicy > clean.txt
  cleanpolicy --to traditional notice.txt
  cleanpolicy --check --explain corpus/*.txt
  cleanpolicy --fix new/*.txt
  cleanpolicy --jsonl --field content < docs.jsonl > clean.jsonl
  cleanpolicy --segment --from html page.html

configuration: cleanpolicy.toml or [tool.cleanpolicy] in pyproject.toml, the nearest one upward from
each file (or the working directory for stdin), or --config PATH.  Rule codes: cleanpolicy --list-rules.
exit status: 0 ok, 1 changes found under --check/--diff/--fix, 2 error, 130 interrupted.
"""


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog=PROG,
        description="Clean scraped, damaged Chinese policy and news text: encoding repair, pinyin "
        "annotations, spam and portal boilerplate, spinner artifacts, script conversion, layout, "
        "punctuation.  Every change is recorded and can be replayed.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("files", nargs="*", metavar="FILE", help="files to clean; none or '-' reads stdin")
    mode = p.add_mutually_exclusive_group()
    mode.add_argument("--check", action="store_true", help="change nothing; print one line per finding; exit 1 if any file would change")
    mode.add_argument("--diff", action="store_true", help="change nothing; print a unified diff; exit 1 if any file would change")
    mode.add_argument("--fix", action="store_true", help="rewrite FILEs in place, atomically; exit 1 if any file changed")
    mode.add_argument("--segment", action="store_true", help="write one JSON object per article")
    p.add_argument("--to", choices=TARGETS, default=None, help="target script (default: simplified, or the config's)")
    p.add_argument("--jsonl", action="store_true", help="input is JSON Lines; clean the field named by --field in every object")
    p.add_argument("--field", default="text", metavar="NAME", help="JSON field to clean with --jsonl (default: text)")
    p.add_argument("--from", dest="input_format", choices=("auto", "text", "html"), default="auto", help="input format (default: auto, HTML when it looks like a page)")
    p.add_argument("--encoding", metavar="NAME", help="decode input bytes with this encoding instead of detecting it")
    p.add_argument("--select", action="append", metavar="CODES", help="run only these rule codes or prefixes (comma-separated)")
    p.add_argument("--extend-select", action="append", metavar="CODES", help="add these rules to the selection")
    p.add_argument("--ignore", action="append", metavar="CODES", help="do not run these rule codes or prefixes")
    p.add_argument("--report-only", action="append", metavar="CODES", help="these rules report but never edit")
    p.add_argument("--unsafe-fixes", action="store_true", default=None, help="let rules marked unsafe edit (they only report otherwise)")
    p.add_argument("--config", metavar="PATH", help="read the policy from this TOML file")
    p.add_argument("--isolated", action="store_true", help="ignore configuration files")
    p.add_argument("--explain", action="store_true", help="write the edit log (human-readable) to stderr")
    p.add_argument("--report", metavar="FILE", help="write the edit log as JSON to FILE ('-' for stdout)")
    p.add_argument("--jobs", "-j", type=int, default=1, metavar="N", help="worker processes for many files or records (0 = all cores)")
    p.add_argument("--follow-symlinks", action="store_true", help="with --fix, also rewrite symlinks that point outside the working tree")
    p.add_argument("--quiet", "-q", action="store_true", help="no progress bar, no summary on stderr")
    p.add_argument("--list-rules", action="store_true", help="list every rule code and exit")
    p.add_argument("--show-rule", metavar="CODE", help="print the documentation of one rule and exit")
    p.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    return p


def _split_codes(values: Sequence[str] | None) -> tuple[str, ...]:
    out: list[str] = []
    for v in values or ():
        out.extend(x.strip() for x in v.split(",") if x.strip())
    return tuple(out)


# -- policy ---------------------------------------------------------------------------------------
class PolicyResolver:
    """Finds the policy for each input (nearest config upward), with the command-line overrides applied."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.cache: dict[str, Policy] = {}
        self.overrides: dict[str, Any] = {}
        if args.to:
            self.overrides["to"] = args.to
        for key in ("select", "extend_select", "ignore", "report_only"):
            codes = _split_codes(getattr(args, key))
            if codes:
                self.overrides[key.replace("_", "-")] = list(codes)
        if args.unsafe_fixes:
            self.overrides["unsafe-fixes"] = True
        # validate the overrides once, up front, so a typo fails before any work
        Policy.from_mapping(self.overrides, source="command line")
        self.fixed: Policy | None = None
        if args.config:
            from .policy import load_policy

            self.fixed = self._apply(load_policy(args.config))
        elif args.isolated:
            self.fixed = self._apply(Policy())

    def _apply(self, base: Policy) -> Policy:
        if not self.overrides:
            return base
        o = Policy.from_mapping(self.overrides, source="command line")
        changes: dict[str, Any] = {}
        if "to" in self.overrides:
            changes["to"] = o.to
        if "select" in self.overrides:
            changes["select"] = o.select
        if "extend-select" in self.overrides:
            changes["extend_select"] = base.extend_select + o.extend_select
        if "ignore" in self.overrides:
            changes["ignore"] = base.ignore + o.ignore
        if "report-only" in self.overrides:
            changes["report_only"] = base.report_only + o.report_only
        if "unsafe-fixes" in self.overrides:
            changes["unsafe_fixes"] = True
        return base.replace(**changes)

    def for_path(self, path: str | None) -> Policy:
        if self.fixed is not None:
            return self.fixed
        from .policy import discover_config, load_policy

        start = os.path.dirname(os.path.abspath(path)) if path and path != "-" else os.getcwd()
        cfg = discover_config(start)
        key = str(cfg) if cfg else ""
        if key not in self.cache:
            self.cache[key] = self._apply(load_policy(cfg) if cfg else Policy())
        return self.cache[key]


# -- reading --------------------------------------------------------------------------------------
def _read_input(path: str) -> bytes:
    if path == "-":
        return sys.stdin.buffer.read()
    try:
        with open(path, "rb") as fh:
            return fh.read()
    except FileNotFoundError:
        raise CleanpolicyError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise CleanpolicyError(f"{path}: is a directory") from None
    except PermissionError:
        raise CleanpolicyError(f"{path}: permission denied") from None
    except OSError as exc:
        raise CleanpolicyError(f"{path}: cannot read: {exc.strerror or exc}") from None


def _input_format(args: argparse.Namespace, path: str) -> str:
    if args.input_format != "auto":
        return args.input_format
    if path.lower().endswith((".html", ".htm", ".xhtml", ".shtml")):
        return "html"
    return "auto"


# -- work units (module level so --jobs can pickle them) ----------------------------------------
def _clean_document(data: bytes | str, policy: Policy, encoding: str | None, input_format: str, want_steps: bool, segment: bool) -> dict[str, Any]:
    """Clean one document; return a plain dict (picklable, JSON-able)."""
    from .pipeline import clean_and_explain

    result = clean_and_explain(data, policy, encoding=encoding, input_format=input_format)
    out: dict[str, Any] = {
        "text": result.text,
        "changed": result.changed,
        "metadata": result.metadata,
        "summary": result.summary(),
    }
    if want_steps:
        out["original"] = result.original
        out["steps"] = [s.to_json() for s in result.steps]
    if segment:
        from .segmentation import articles_from_result

        out["articles"] = [a.to_json() for a in articles_from_result(result)]
    return out


#: one object per distinct policy in a worker process: jobs arrive pickled, and the rules' caches key
#: some compiled data on the policy object, so equal policies must be the same object
_POLICIES: dict[Policy, Policy] = {}


def _same_policy(policy: Policy) -> Policy:
    return _POLICIES.setdefault(policy, policy)


def _work_file(job: tuple) -> tuple[str, dict[str, Any] | None, str | None]:
    path, policy, encoding, input_format, want_steps, segment = job
    policy = _same_policy(policy)
    try:
        data = _read_input(path)
        return path, _clean_document(data, policy, encoding, input_format, want_steps, segment), None
    except CleanpolicyError as exc:
        return path, None, str(exc)


def _record_info(res: dict[str, Any]) -> dict[str, Any]:
    """The ``cleanpolicy`` object added to an output record."""
    return {"changed": res["changed"], "metadata": res["metadata"], "edits": res["summary"]}


def _record_line(obj: dict[str, Any], field: str, res: dict[str, Any]) -> str:
    """The output line of a record: the cleaned field in place, and a ``cleanpolicy`` object added."""
    obj[field] = res["text"]
    obj["cleanpolicy"] = _record_info(res)
    return json.dumps(obj, ensure_ascii=False) + "\n"


def _work_record(job: tuple) -> tuple[int, dict[str, Any] | str | None, dict[str, Any] | None, str | None]:
    """Clean one JSON Lines record; with ``render`` the result is the finished output line (made in the
    worker, so the parent of ``--jobs`` only writes)."""
    lineno, line, field, policy, input_format, want_steps, segment, where, render = job
    policy = _same_policy(policy)
    try:
        obj = json.loads(line)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        return lineno, None, None, f"{where}:{lineno}: malformed JSON: {exc.msg if hasattr(exc, 'msg') else exc}"
    if not isinstance(obj, dict):
        return lineno, None, None, f"{where}:{lineno}: expected a JSON object, got {type(obj).__name__}"
    if field not in obj:
        return lineno, None, None, f"{where}:{lineno}: record has no field {field!r} (choose one with --field)"
    value = obj[field]
    if not isinstance(value, str):
        return lineno, None, None, f"{where}:{lineno}: field {field!r} is {type(value).__name__}, not a string"
    try:
        res = _clean_document(value, policy, None, input_format, want_steps, segment)
    except CleanpolicyError as exc:
        return lineno, None, None, f"{where}:{lineno}: {exc}"
    if render:
        return lineno, _record_line(obj, field, res), {}, None
    return lineno, obj, res, None


def _work_record_group(job: tuple) -> tuple[int, list]:
    """Clean a group of JSON Lines (``((first line number, block of whole lines), parameters of
    _work_record)``; blank lines are skipped): ``(number of records, items)``, where the finished
    output lines of consecutive rendered records come as one ``bytes`` item and every other record as
    the tuple of :func:`_work_record`.  The parent of ``--jobs`` only reads blocks of bytes and writes
    blocks of output; the lines are split here, in the worker, so the parent does not become the
    bottleneck."""
    (first, block), params = job
    lines = block.split(b"\n")
    if block.endswith(b"\n"):
        lines.pop()  # the empty piece after the last line's end
    items: list = []
    run: list[str] = []
    n = 0
    for lineno, line in enumerate(lines, first):
        if not line.strip():
            continue
        n += 1
        item = _work_record((lineno, line, *params))
        if isinstance(item[1], str) and item[3] is None:
            run.append(item[1])
            continue
        if run:
            items.append("".join(run).encode("utf-8", "replace"))
            run = []
        items.append(item)
    if run:
        items.append("".join(run).encode("utf-8", "replace"))
    return n, items


def _line_blocks(stream, size: int) -> Iterator[tuple[int, bytes]]:
    """``(number of the first line, whole lines as one bytes)`` for blocks of about ``size`` bytes (one
    line each when ``size`` is 0: a pipe read by one process, where each record goes out as soon as it
    came).  The parent only reads and counts; the worker splits (:func:`_work_record_group`)."""
    if size <= 0:
        for lineno, line in enumerate(stream, 1):
            yield lineno, line
        return
    lineno = 1
    while True:
        block = stream.read(size)
        if not block:
            return
        if not block.endswith(b"\n"):
            block += stream.readline()  # up to the end of the line it stopped in
        yield lineno, block
        lineno += block.count(b"\n") + (not block.endswith(b"\n"))


def _one(_result: Any) -> int:
    return 1


def _run_chunk(args: tuple) -> list:
    func, chunk = args
    return [func(job) for job in chunk]


#: jobs per task sent to a worker, and tasks in flight per worker: bounds memory whatever the input size
CHUNK = 256
IN_FLIGHT_PER_WORKER = 4
#: jobs done in the parent before the workers fork (see :func:`_imap`)
WARM_JOBS = 4
#: bytes of JSON Lines per job, and jobs per task (8 × 16 KB: about as many short records as CHUNK)
RECORD_BLOCK = 16384
RECORD_BLOCKS_PER_TASK = 8


def _imap(
    func, jobs: Iterable, n: int, total: int | None, quiet: bool, desc: str, chunk: int = CHUNK, warm: int = WARM_JOBS, count=None
) -> Iterator:
    """Ordered, streaming map; in a process pool when ``n > 1``; a progress bar on an interactive stderr.

    Jobs go to the workers ``chunk`` at a time; ``warm`` of them are done in the parent before the fork;
    ``count(result)`` is the number of documents a result stands for (1 when not given).
    Input is read lazily and at most ``n * IN_FLIGHT_PER_WORKER * chunk`` jobs are in memory at once
    (``Pool.imap`` would read the whole input ahead), so a 1 GB JSON Lines file streams through.
    """
    import collections
    import itertools

    def progress_bar():
        if quiet or not sys.stderr.isatty() or (total is not None and total < 20):
            return None
        try:
            from tqdm import tqdm

            return tqdm(total=total, desc=desc, unit="doc", file=sys.stderr, leave=False)
        except ImportError:  # progress is optional
            return None

    if count is None:
        count = _one
    bar = None
    try:
        if n <= 1:
            bar = progress_bar()
            for job in jobs:
                result = func(job)
                yield result
                if bar is not None:
                    bar.update(count(result))
            return
        import multiprocessing as mp
        from concurrent.futures import ProcessPoolExecutor
        from concurrent.futures.process import BrokenProcessPool

        forking = sys.platform.startswith("linux")
        ctx = mp.get_context("fork" if forking else "spawn")
        it = iter(jobs)
        first: list = []
        if forking:
            # The first jobs are cleaned here, before the fork: the rules build their scanners, tables
            # and language model lazily on first use (1-2 s), and forked workers inherit them instead
            # of each building its own.  Their results are the first ones out, so nothing is wasted.
            first = [func(job) for job in itertools.islice(it, warm)]
        pending: collections.deque = collections.deque()
        if forking:
            import gc

            # the objects built so far (scanners, tables, the language model) move to a generation the
            # collector never visits, so the workers' collections do not write to (and copy) the pages
            # they share with the parent
            gc.freeze()
        # concurrent.futures rather than multiprocessing.Pool: Pool's worker-handler thread waits on
        # the result pipe it does not read, so it spins while results wait there, and that parent
        # CPU is taken from the workers (0.35 s per 25 MB of JSON Lines on two cores)
        pool = ProcessPoolExecutor(n, mp_context=ctx, initializer=_worker_init)

        def fill() -> None:
            while len(pending) < n * IN_FLIGHT_PER_WORKER:
                task = list(itertools.islice(it, chunk))
                if not task:
                    break
                pending.append(pool.submit(_run_chunk, (func, task)))

        try:
            fill()  # the first submit forks the workers
            bar = progress_bar()  # after the fork: tqdm may start a monitor thread
            for item in first:
                yield item
            if bar is not None:
                bar.update(sum(map(count, first)))
            while True:
                fill()
                if not pending:
                    break
                results = pending.popleft().result()
                for item in results:
                    yield item
                if bar is not None:
                    bar.update(sum(map(count, results)))
        except BaseException as exc:
            # interrupted, a broken pipe downstream, or a dead worker: stop now, as Pool.terminate did,
            # instead of finishing the tasks in flight
            pool.shutdown(wait=False, cancel_futures=True)
            for proc in list((getattr(pool, "_processes", None) or {}).values()):
                proc.terminate()
            if isinstance(exc, BrokenProcessPool):
                raise CleanpolicyError("a worker process died (out of memory or killed?); try --jobs 1") from None
            raise
        pool.shutdown(wait=True)
    finally:
        if bar is not None:
            bar.close()


def _worker_init() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)


# -- output helpers -------------------------------------------------------------------------------
def _out() -> io.BufferedWriter:
    return sys.stdout.buffer


def _write_text(text: str) -> None:
    _out().write(text.encode("utf-8", "replace"))


def _explain_lines(path: str, res: dict[str, Any]) -> list[str]:
    """Human-readable edit log: one line per edit, at original line:col."""
    from ._core import Edit, LineIndex, Step, to_original_offset
    from .registry import get_rule

    steps = [Step.from_json(s) for s in res.get("steps", ())]
    index = LineIndex(res.get("original", ""))
    lines = []
    for i, step in enumerate(steps):
        try:
            name = get_rule(step.code).name
        except KeyError:
            name = step.code
        for e in step.edits:
            pos = to_original_offset(steps, i, e.start)
            line, col = index(pos)
            lines.append(f"{path}:{line}:{col}: {step.code} {_describe(name, e)}")
    return lines


def _describe(name: str, e) -> str:
    def short(s: str) -> str:
        s = s.replace("\n", "\\n")
        return s if len(s) <= 40 else s[:37] + "..."

    if e.old == e.new:
        what = f"[report] {short(e.old)!r}" if e.old else "[report]"
    elif not e.new:
        what = f"remove {short(e.old)!r}"
    elif not e.old:
        what = f"insert {short(e.new)!r}"
    else:
        what = f"{short(e.old)!r} -> {short(e.new)!r}"
    reason = f": {e.reason}" if e.reason else ""
    return f"{name}: {what}{reason}"


def _atomic_write(path: str, data: bytes, follow_symlinks: bool) -> None:
    """Write ``data`` to ``path`` via a temporary file in the same directory, fsync, rename."""
    target = path
    if os.path.islink(path):
        real = os.path.realpath(path)
        root = os.path.realpath(os.getcwd())
        if not follow_symlinks and os.path.commonpath([real, root]) != root:
            raise CleanpolicyError(f"{path}: is a symlink to {real}, outside the working tree (use --follow-symlinks)")
        target = real
    st = os.stat(target)
    # the mode bits, not os.access: a read-only file stays read-only even for root
    if not (st.st_mode & 0o222) or not os.access(target, os.W_OK):
        raise CleanpolicyError(f"{path}: file is read-only")
    directory = os.path.dirname(os.path.abspath(target))
    fd, tmp = tempfile.mkstemp(prefix=".cleanpolicy-", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, st.st_mode & 0o7777)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


# -- main -----------------------------------------------------------------------------------------
def _list_rules() -> int:
    from .registry import all_rules

    for r in all_rules():
        flags = []
        if not r.default:
            flags.append("opt-in")
        if r.safety != "safe":
            flags.append(r.safety)
        if r.status != "active":
            flags.append(r.status)
        extra = f" [{', '.join(flags)}]" if flags else ""
        _write_text(f"{r.code}  {r.name}{extra}: {r.summary}\n")
    return 0


def _show_rule(code: str) -> int:
    from .registry import get_rule

    try:
        rule = get_rule(code.upper())
    except KeyError as exc:
        raise UsageError(str(exc.args[0])) from None
    _write_text(f"{rule.code} ({rule.name})\n\n{rule.doc}\n")
    return 0


def run(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.list_rules:
        return _list_rules()
    if args.show_rule:
        return _show_rule(args.show_rule)
    if args.jobs < 0:
        raise UsageError("--jobs must be 0 or more")
    jobs = args.jobs or os.cpu_count() or 1
    files = list(args.files) or ["-"]
    if args.fix and "-" in files:
        raise UsageError("--fix needs FILE arguments (it rewrites files in place)")
    if files.count("-") > 1:
        raise UsageError("stdin ('-') can be named only once")
    resolver = PolicyResolver(args)
    want_steps = bool(args.explain or args.report or args.check)
    report_docs: list[dict[str, Any]] = []
    status = 0
    errors = 0

    def note_error(msg: str) -> None:
        nonlocal errors
        errors += 1
        sys.stderr.write(f"{PROG}: error: {msg}\n")
        sys.stderr.flush()

    if args.jsonl:
        if args.fix:
            raise UsageError("--fix does not apply to --jsonl (write the output to a new file)")
        for path in files:
            policy = resolver.for_path(path)
            where = "<stdin>" if path == "-" else path
            try:
                stream = sys.stdin.buffer if path == "-" else open(path, "rb")
            except FileNotFoundError:
                note_error(f"{path}: no such file")
                continue
            except IsADirectoryError:
                note_error(f"{path}: is a directory")
                continue
            except PermissionError:
                note_error(f"{path}: permission denied")
                continue
            render = not (want_steps or args.diff or args.segment)
            params = (args.field, policy, args.input_format, want_steps, args.segment, where, render)
            with stream if path != "-" else contextlib.nullcontext(stream):
                live = jobs <= 1 and not stream.seekable()  # a pipe read by this process alone
                group_iter = ((block, params) for block in _line_blocks(stream, 0 if live else RECORD_BLOCK))
                results = _imap(
                    _work_record_group, group_iter, jobs, None, args.quiet, "records",
                    chunk=RECORD_BLOCKS_PER_TASK, warm=1, count=operator.itemgetter(0),
                )
                written = 0
                for item in (item for _n, items in results for item in items):
                    if isinstance(item, bytes):  # finished output lines of rendered records
                        _out().write(item)
                        _out().flush()  # whole groups reach the pipe, one write each
                        continue
                    lineno, obj, res, err = item
                    if err:
                        note_error(err)
                        continue
                    assert obj is not None and res is not None
                    if args.check or args.diff:
                        if res["changed"]:
                            status = 1
                        if args.check:
                            for ln in _explain_lines(f"{where}:{lineno}", res):
                                _write_text(ln + "\n")
                        elif res["changed"]:
                            _write_text(_unified(res.get("original") or obj[args.field], res["text"], f"{where}:{lineno}"))
                        continue
                    elif args.segment:
                        for art in res["articles"]:
                            rec = {k: v for k, v in obj.items() if k != args.field}
                            rec.update(art)
                            rec["cleanpolicy"] = _record_info(res)
                            _write_text(json.dumps(rec, ensure_ascii=False) + "\n")
                    else:
                        _write_text(_record_line(obj, args.field, res))
                    written += 1
                    if written % CHUNK == 0:  # records reach the pipe in batches, not a syscall each
                        _out().flush()
                    if args.explain:
                        for ln in _explain_lines(f"{where}:{lineno}", res):
                            sys.stderr.write(ln + "\n")
                    if args.report:
                        report_docs.append(_report_entry(f"{where}:{lineno}", res))
                _out().flush()
        _write_report(args.report, report_docs)
        return 2 if errors else status

    job_iter = (
        (path, resolver.for_path(path), args.encoding, _input_format(args, path), want_steps or args.diff, args.segment)
        for path in files
    )
    if "-" in files and jobs > 1:
        jobs = 1  # stdin cannot be shared with workers
    changed_files = 0
    for path, res, err in _imap(_work_file, job_iter, jobs, len(files), args.quiet, "files"):
        if err:
            note_error(err)
            continue
        assert res is not None
        shown = "<stdin>" if path == "-" else path
        if args.explain:
            for ln in _explain_lines(shown, res):
                sys.stderr.write(ln + "\n")
        if args.report:
            report_docs.append(_report_entry(shown, res))
        if args.check:
            for ln in _explain_lines(shown, res):
                _write_text(ln + "\n")
            if res["changed"]:
                status = 1
                changed_files += 1
        elif args.diff:
            if res["changed"]:
                status = 1
                changed_files += 1
                _write_text(_unified(res["original"], res["text"], shown))
        elif args.fix:
            if res["changed"]:
                try:
                    _atomic_write(path, res["text"].encode("utf-8", "replace"), args.follow_symlinks)
                except CleanpolicyError as exc:
                    note_error(str(exc))
                    continue
                except OSError as exc:
                    note_error(f"{path}: cannot write: {exc.strerror or exc}")
                    continue
                status = 1
                changed_files += 1
                if not args.quiet:
                    sys.stderr.write(f"fixed {path}\n")
        elif args.segment:
            for art in res["articles"]:
                rec = {"path": shown, **art}
                _write_text(json.dumps(rec, ensure_ascii=False) + "\n")
        else:
            _write_text(res["text"])
        _out().flush()
    if (args.check or args.diff or args.fix) and not args.quiet and len(files) > 1:
        verb = "fixed" if args.fix else "would change"
        sys.stderr.write(f"{changed_files} of {len(files)} files {verb}\n")
    _write_report(args.report, report_docs)
    return 2 if errors else status


def _unified(a: str, b: str, name: str) -> str:
    diff = difflib.unified_diff(
        a.splitlines(keepends=True), b.splitlines(keepends=True), fromfile=f"a/{name}", tofile=f"b/{name}"
    )
    out = []
    for line in diff:
        out.append(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")
    return "".join(out)


def _report_entry(path: str, res: dict[str, Any]) -> dict[str, Any]:
    return {
        "path": path,
        **_record_info(res),
        "original": res.get("original"),
        "steps": res.get("steps", []),
    }


def _write_report(dest: str | None, docs: list[dict[str, Any]]) -> None:
    if not dest:
        return
    payload = json.dumps({"cleanpolicy": __version__, "documents": docs}, ensure_ascii=False, indent=1) + "\n"
    if dest == "-":
        _write_text(payload)
        return
    try:
        tmp = Path(dest).with_name(Path(dest).name + ".tmp")
        tmp.write_text(payload, encoding="utf-8")
        os.replace(tmp, dest)
    except OSError as exc:
        raise CleanpolicyError(f"{dest}: cannot write report: {exc.strerror or exc}") from None


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the exit status (never raises for user errors)."""
    try:
        return run(argv)
    except (CleanpolicyError, PolicyError, DecodeError) as exc:
        msg = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        try:
            sys.stdout.flush()
        except (BrokenPipeError, ValueError, OSError):
            pass
        sys.stderr.write(f"{PROG}: error: {msg}\n")
        return 2
    except BrokenPipeError:
        # the reader went away (e.g. `| head -1`): stop quietly, as Unix filters do
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        except OSError:
            pass
        return 0
    except KeyboardInterrupt:
        sys.stderr.write(f"\n{PROG}: interrupted\n")
        return 130
    except SystemExit as exc:  # --help / --version
        return int(exc.code or 0) if isinstance(exc.code, int) else 0
