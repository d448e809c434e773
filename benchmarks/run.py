"""cleanpolicy benchmarks: throughput against ftfy and OpenCC, scaling, batches, startup.

    python benchmarks/run.py                 # throughput table (clean reports, news text, traditional reports, dirty corpus, seeds)
    python benchmarks/run.py --all           # + damage kinds, linear scaling 1 KB..100 MB, --jobs speed-up and memory, startup
    python benchmarks/run.py --kinds --no-throughput   # dirty pages by damage kind only
    python benchmarks/run.py --all --markdown docs/performance-results.md

Everything is measured in one run on the same inputs and reported as MB/s (of UTF-8 input) and docs/s,
medians of several repeats, with ratios against ftfy (CJK-safe configuration) in the same run. This is a
script, not a test: the test-suite never asserts a time.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import damage  # noqa: E402
from damage import dirty_corpus  # noqa: E402

PEERS = ROOT.parent / "shared" / "peers"
SEEDS = ROOT / "fixtures" / "pages"


def load_reports() -> list[str]:
    docs = []
    for name in ("government_work_reports.jsonl", "cpc_congress_reports.jsonl"):
        path = PEERS / "gov-work-reports" / name
        with open(path, encoding="utf-8") as fh:
            docs.extend(json.loads(line)["content"] for line in fh if line.strip())
    return docs


def load_news() -> list[str]:
    """The hand-cleaned text of 69 real Chinese web pages (news, features, forum posts) of the
    chinese-web-extraction dataset: everyday Chinese that the language model never saw, unlike the
    reports it was built from (empty when the peers folder is absent)."""
    folder = PEERS / "chinese-web-extraction" / "cleaned"
    return [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))] if folder.is_dir() else []


def traditional_reports(docs: list[str]) -> list[str]:
    """One report in four in traditional script, as OpenCC's s2t, s2tw and s2hk write it in turn: clean
    text in which the default ``--to simplified`` changes about one character in five."""
    import opencc

    configs = ("s2t", "s2tw", "s2hk")
    return [opencc.OpenCC(configs[(i // 4) % 3]).convert(d) for i, d in enumerate(docs) if i % 4 == 0]


def paragraphs(docs: list[str]) -> list[str]:
    out = []
    for d in docs:
        out.extend(p for p in d.split("\n\n") if p.strip())
    return out


def mb(docs: list[str]) -> float:
    return sum(len(d.encode("utf-8")) for d in docs) / 1e6


def _run_all(fn, docs: list[str]) -> float:
    """CPU seconds of this process for ``fn`` over every doc.  The work is single-threaded, so CPU time is
    what wall time would be on an idle core, and a machine shared with other jobs disturbs it far less."""
    t0 = time.process_time()
    for d in docs:
        fn(d)
    return time.process_time() - t0


def ftfy_cjk_safe():
    import ftfy

    cfg = ftfy.TextFixerConfig(
        unescape_html=False,
        uncurl_quotes=False,
        fix_character_width=False,
        fix_line_breaks=False,
        fix_latin_ligatures=False,
        normalization=None,
        explain=False,
    )
    return lambda t: ftfy.fix_text(t, config=cfg)


def throughput(inputs: dict[str, list[str]], repeat: int) -> list[dict]:
    import opencc

    import cleanpolicy
    from cleanpolicy import Policy, registry

    t2s = opencc.OpenCC("t2s")
    fix = ftfy_cjk_safe()
    keep, simplified = Policy(to="keep"), Policy()  # built once, as a program using the library would
    no_enc = Policy(to="keep", ignore=("ENC",))
    configs = [
        ("ftfy (CJK-safe config)", fix),
        ("OpenCC t2s", t2s.convert),
        ("cleanpolicy, all default rules, --to keep", lambda t: cleanpolicy.clean(t, keep)),
        ("cleanpolicy, all default rules, --to simplified", lambda t: cleanpolicy.clean(t, simplified)),
        # every family but the encoding one: how fast the whole could be if encoding repair cost nothing
        ("cleanpolicy, default rules but ENC, --to keep", lambda t: cleanpolicy.clean(t, no_enc)),
    ]
    for prefix, _m, _t, _d in registry.FAMILIES:
        to = "simplified" if prefix == "SCR" else "keep"
        pol = Policy(select=(prefix,), to=to)
        configs.append((f"family {prefix} only" + (" (--to simplified)" if to != "keep" else ""), lambda t, p=pol: cleanpolicy.clean(t, p)))
    rows = []
    for input_name, docs in inputs.items():
        size = mb(docs)
        for _name, fn in configs:  # warm-up: lazy data of every configuration loaded before timing
            for d in docs[:3]:
                fn(d)
        # round-robin: every repeat times every configuration once, so a change in the machine's load
        # falls on all of them alike and the ratios to ftfy hold
        times: dict[str, list[float]] = {name: [] for name, _fn in configs}
        for _ in range(repeat):
            for name, fn in configs:
                times[name].append(_run_all(fn, docs))
        base = None
        for name, _fn in configs:
            secs = statistics.median(times[name])
            row = {"input": input_name, "config": name, "MB": round(size, 2), "seconds": secs, "MB/s": size / secs, "docs/s": len(docs) / secs}
            if name.startswith("ftfy"):
                base = row["MB/s"]
            row["x ftfy"] = row["MB/s"] / base if base else None
            rows.append(row)
            print(f"{input_name:28} {name:52} {row['MB/s']:9.2f} MB/s {row['docs/s']:9.1f} docs/s  x{row['x ftfy']:.2f}", flush=True)
    return rows


def by_kind(paras: list[str], repeat: int, n_docs: int = 150) -> list[dict]:
    """The default pipeline (``--to keep``) against ftfy on pages that carry one kind of damage each.

    Every corpus is ``n_docs`` pages from :func:`damage.dirty_corpus` with the same seed; ``none`` has
    the portal furniture of every page (breadcrumb, date/source line, footer, sometimes a spam block)
    and no damaged paragraph.  What a kind costs is what a corpus with more or less of it will cost."""
    import cleanpolicy
    from cleanpolicy import Policy

    fix = ftfy_cjk_safe()
    keep = Policy(to="keep")
    kinds = [("none (furniture only)", ())] + [(k.__name__, (k,)) for k in damage.KINDS] + [("all kinds (the dirty corpus mix)", damage.KINDS)]
    corpora = {name: dirty_corpus(paras, n_docs, seed=2, kinds=ks) for name, ks in kinds}
    configs = [("ftfy", fix), ("cleanpolicy", lambda t: cleanpolicy.clean(t, keep))]
    # warm-up on every kind before timing any: the lazy data a kind needs is not charged to the first one
    for docs in corpora.values():
        for _n, fn in configs:
            for d in docs[:10]:
                fn(d)
    rows = []
    for name, docs in corpora.items():
        size = mb(docs)
        times: dict[str, list[float]] = {n: [] for n, _fn in configs}
        for _ in range(repeat):
            for n, fn in configs:
                times[n].append(_run_all(fn, docs))
        f, c = statistics.median(times["ftfy"]), statistics.median(times["cleanpolicy"])
        row = {"kind": name, "MB": round(size, 2), "ftfy MB/s": size / f, "cleanpolicy MB/s": size / c, "x ftfy": f / c}
        rows.append(row)
        print(f"by kind  {name:34} ftfy {row['ftfy MB/s']:7.2f} MB/s  cleanpolicy {row['cleanpolicy MB/s']:7.2f} MB/s  x{row['x ftfy']:.2f}", flush=True)
    return rows


def scaling(report_text: str) -> list[dict]:
    """Seconds per MB from 1 KB to 100 MB of the same kind of text.

    The unit is a ~1 MB sample that keeps the mix of the whole report set (every k-th paragraph of all
    88 reports: work reports, congress reports, the traditional 1954 report); larger inputs repeat it
    and smaller ones are its prefixes.  A prefix of the concatenated reports would compare different
    content at each size (the first megabyte holds only work reports) instead of the cost of size.
    """
    import cleanpolicy
    from cleanpolicy import Policy

    paras = [p for p in re.split(r"\n\s*\n", report_text) if p.strip()]
    target_chars = 1_000_000 // 3
    k = max(1, round(sum(len(p) for p in paras) / target_chars))
    unit = "\n\n".join(paras[::k])
    policy = Policy(to="keep")
    rows = []
    for size in (1_000, 100_000, 1_000_000, 10_000_000, 100_000_000):
        reps = max(1, size // len(unit.encode("utf-8")) + 1)
        text = (unit * reps)[: size // 3]  # ~3 bytes per hanzi in UTF-8
        n = len(text.encode("utf-8"))
        runs = 1 if n > 20_000_000 else 3
        best = min(_once(lambda: cleanpolicy.clean(text, policy)) for _ in range(runs))
        rows.append({"bytes": n, "seconds": best, "s/MB": best / (n / 1e6)})
        print(f"scaling {n:>12,} bytes  {best:8.3f} s  {best / (n / 1e6):.4f} s/MB", flush=True)
    return rows


def _once(fn) -> float:
    t0 = time.process_time()
    fn()
    return time.process_time() - t0


def batch(paras: list[str], target_mb: float, jobs_list=(1, 2), pairs: int = 1) -> list[dict]:
    """Wall time of the CLI on a JSON Lines file of ``target_mb`` MB, once per entry of ``jobs_list``;
    with ``pairs`` > 1 the whole list is run that many times in turn, so the speed-up of each pair is
    measured in the same minutes (this machine's speed drifts by ±20% over minutes)."""
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "corpus.jsonl"
        rng = random.Random(7)
        written = 0
        with open(path, "w", encoding="utf-8") as fh:
            i = 0
            while written < target_mb * 1e6:
                p = rng.choice(paras)
                line = json.dumps({"id": i, "text": p}, ensure_ascii=False) + "\n"
                fh.write(line)
                written += len(line.encode("utf-8"))
                i += 1
        for pair, jobs in ((p, j) for p in range(pairs) for j in jobs_list):
            cmd = [sys.executable, "-m", "cleanpolicy", "--jsonl", "--quiet", "--isolated", "--jobs", str(jobs), str(path)]
            # a small wrapper process runs the command and reports its children's peak RSS and CPU time (the
            # workers' included, as they are reaped): measured from this (large) process, a forked child's
            # high-water mark would include this process's pages
            wrapper = (
                "import resource, subprocess, sys\n"
                "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=True)\n"
                "r = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
                "print(r.ru_maxrss, r.ru_utime + r.ru_stime)\n"
            )
            t0 = time.perf_counter()
            out = subprocess.run([sys.executable, "-c", wrapper, *cmd], capture_output=True, text=True, check=True)
            secs = time.perf_counter() - t0
            maxrss, cpu = out.stdout.strip().splitlines()[-1].split()
            maxrss = int(maxrss)
            rows.append({"MB": round(written / 1e6, 1), "records": i, "jobs": jobs, "pair": pair, "seconds": secs, "MB/s": written / 1e6 / secs, "max RSS MB (any process)": maxrss / 1024, "CPU seconds (all processes)": float(cpu)})
            print(f"batch {written / 1e6:8.1f} MB jobs={jobs}: {secs:7.2f} s  {written / 1e6 / secs:6.2f} MB/s  CPU {float(cpu):6.2f} s  maxrss {maxrss / 1024:.0f} MB", flush=True)
    return rows


def speedups(rows: list[dict]) -> list[float]:
    """``--jobs 1`` seconds over ``--jobs 2`` seconds for each pair of runs on the same file."""
    by: dict[tuple, dict[int, float]] = {}
    for r in rows:
        by.setdefault((r["MB"], r.get("pair", 0)), {})[r["jobs"]] = r["seconds"]
    return [d[1] / d[2] for d in by.values() if 1 in d and 2 in d]


def compile_bytecode() -> None:
    """Write cleanpolicy's bytecode before timing fresh processes.  An installed package has it (pip
    compiles on install), but an editable checkout run with ``PYTHONDONTWRITEBYTECODE`` set compiles
    every module from source in every process: 0.1 s of start-up no user pays, which the batch runs
    (start-up before ``--jobs`` forks) and the start-up rows would otherwise count."""
    import compileall

    compileall.compile_dir(str(ROOT / "cleanpolicy"), quiet=1)


def startup(n: int = 15) -> dict:
    def med(cmd):
        ts = []
        for _ in range(n):
            t0 = time.perf_counter()
            subprocess.run(cmd, stdout=subprocess.DEVNULL, check=True)
            ts.append(time.perf_counter() - t0)
        return statistics.median(ts)

    ours = med([sys.executable, "-m", "cleanpolicy", "--version"])
    ftfy_import = med([sys.executable, "-c", "import ftfy"])
    # a pre-commit run on one new corpus file: three clean report paragraphs (the README would not do: its
    # examples are damaged text on purpose, and load the pinyin and encoding machinery)
    with tempfile.TemporaryDirectory() as tmp:
        small = Path(tmp) / "small.txt"
        small.write_text("\n\n".join(paragraphs(load_reports())[100:103]) + "\n", encoding="utf-8")
        clean_small = med([sys.executable, "-m", "cleanpolicy", "--isolated", "--to", "keep", str(small)])
        clean_readme = med([sys.executable, "-m", "cleanpolicy", "--isolated", "--to", "keep", str(ROOT / "README.md")])
    res = {"cleanpolicy --version": ours, "python -c 'import ftfy'": ftfy_import, "ratio": ours / ftfy_import,
           "clean a small clean file": clean_small, "clean README.md (damaged examples)": clean_readme}
    print(json.dumps(res, indent=1))
    return res


def versions() -> dict:
    import importlib.metadata as md

    out = {"python": platform.python_version(), "machine": f"{platform.machine()}, {os.cpu_count()} cores", "platform": platform.platform()}
    for pkg in ("cleanpolicy", "ftfy", "opencc", "pypinyin", "chardet", "charset-normalizer", "beautifulsoup4", "lxml"):
        try:
            out[pkg] = md.version(pkg)
        except md.PackageNotFoundError:
            out[pkg] = "-"
    return out


def to_markdown(results: dict) -> str:
    lines = ["# Benchmark results", "", "Generated by `python benchmarks/run.py --all`.", "", "## Environment", ""]
    lines += [f"- {k}: {v}" for k, v in results["versions"].items()]
    lines += ["", "## Throughput (median of repeats)", "", "| input | configuration | MB/s | docs/s | × ftfy |", "| --- | --- | ---: | ---: | ---: |"]
    for r in results["throughput"]:
        lines.append(f"| {r['input']} | {r['config']} | {r['MB/s']:.2f} | {r['docs/s']:.1f} | {r['x ftfy']:.2f} |")
    if results.get("kinds"):
        lines += ["", "## Dirty pages by damage kind (--to keep)", "", "| damage | MB | ftfy MB/s | cleanpolicy MB/s | × ftfy |", "| --- | ---: | ---: | ---: | ---: |"]
        for r in results["kinds"]:
            lines.append(f"| {r['kind']} | {r['MB']} | {r['ftfy MB/s']:.2f} | {r['cleanpolicy MB/s']:.2f} | {r['x ftfy']:.2f} |")
    if results.get("scaling"):
        lines += ["", "## Linear scaling (default pipeline, --to keep)", "", "| input bytes | seconds | s/MB |", "| ---: | ---: | ---: |"]
        for r in results["scaling"]:
            lines.append(f"| {r['bytes']:,} | {r['seconds']:.3f} | {r['s/MB']:.4f} |")
    if results.get("batch"):
        lines += ["", "## Batches (JSON Lines through the CLI)", "", "| MB | records | jobs | seconds | MB/s | CPU seconds (all processes) | max RSS MB |", "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
        for r in results["batch"]:
            lines.append(f"| {r['MB']} | {r['records']} | {r['jobs']} | {r['seconds']:.2f} | {r['MB/s']:.2f} | {r.get('CPU seconds (all processes)', float('nan')):.2f} | {r['max RSS MB (any process)']:.0f} |")
        ups = speedups(results["batch"])
        if ups:
            lines += ["", f"`--jobs 2` speed-up, median of {len(ups)} alternating pairs: **{statistics.median(ups):.2f}×** (pairs: {', '.join(f'{u:.2f}' for u in ups)})"]
    if results.get("startup"):
        s = results["startup"]
        ftfy_ms = s["python -c 'import ftfy'"] * 1000
        lines += ["", "## Startup (median of 15)", "", f"- `cleanpolicy --version`: {s['cleanpolicy --version'] * 1000:.0f} ms",
                  f"- `python -c 'import ftfy'`: {ftfy_ms:.0f} ms", f"- ratio: {s['ratio']:.2f}",
                  f"- cleaning a small clean file (three report paragraphs): {s['clean a small clean file'] * 1000:.0f} ms",
                  f"- cleaning README.md (its examples are damaged text): {s['clean README.md (damaged examples)'] * 1000:.0f} ms"]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--all", action="store_true", help="also damage kinds, scaling, batches and startup")
    ap.add_argument("--kinds", action="store_true", help="dirty pages by damage kind, against ftfy")
    ap.add_argument("--scaling", action="store_true")
    ap.add_argument("--batch", action="store_true")
    ap.add_argument("--pairs", type=int, default=3, metavar="N", help="alternating --jobs 1/--jobs 2 runs of the 50 MB batch (default 3)")
    ap.add_argument("--memory", action="store_true", help="the 1 GB JSON Lines memory run (slow)")
    ap.add_argument("--startup", action="store_true")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--quick", action="store_true", help="a fraction of the inputs, one repeat")
    ap.add_argument("--no-throughput", action="store_true", help="skip the throughput table")
    ap.add_argument("--markdown", metavar="FILE", help="write the results as Markdown")
    ap.add_argument("--json", metavar="FILE", help="write the results as JSON")
    args = ap.parse_args(argv)
    reports = load_reports()
    paras = paragraphs(reports)
    dirty = dirty_corpus([p for p in paras if len(p) > 30], 300, seed=1)
    seeds = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.input.txt"))]
    if args.quick:
        reports, dirty, args.repeat = reports[:10], dirty[:40], 1
    news = load_news()
    if args.quick:
        news = news[:15]
    trad = traditional_reports(reports)
    inputs = {
        "clean reports (88 docs)" if not args.quick else "clean reports (10 docs)": reports,
        f"news text ({len(news)} docs, unseen)": news,
        f"traditional reports ({len(trad)} docs)": trad,
        f"dirty corpus ({len(dirty)} docs)": dirty,
        "seeds (5 pages)": seeds * 4,
    }
    if not news:
        del inputs[f"news text ({len(news)} docs, unseen)"]
    results = {"versions": versions(), "throughput": [] if args.no_throughput else throughput(inputs, args.repeat)}
    if args.all or args.kinds:
        results["kinds"] = by_kind([p for p in paras if len(p) > 30], args.repeat, 40 if args.quick else 150)
    if args.all or args.scaling:
        results["scaling"] = scaling("\n\n".join(load_reports()))
    if args.all or args.batch or args.memory or args.startup:
        compile_bytecode()
    if args.all or args.batch:
        results["batch"] = batch(paras, 50, pairs=args.pairs)
        for u in speedups(results["batch"]):
            print(f"--jobs 2 speed-up: {u:.2f}", flush=True)
    if args.memory:
        results.setdefault("batch", []).extend(batch(paras, 1000, jobs_list=(2,)))
    if args.all or args.startup:
        results["startup"] = startup()
    if args.markdown:
        Path(args.markdown).write_text(to_markdown(results), encoding="utf-8")
    if args.json:
        Path(args.json).write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
