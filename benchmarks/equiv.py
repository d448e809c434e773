"""Snapshots of cleanpolicy's output (text *and* steps) on many inputs, to prove a speed-up changes nothing.

    python benchmarks/equiv.py save before      # on the code before the change
    python benchmarks/equiv.py check before     # on the code after it: "text differs: 0; steps differ: 0"

Inputs: a dirty corpus of 1,000 pages (`benchmarks/damage.py`, two seeds), the 88 reports of
`../shared/peers/gov-work-reports/`, the 69 hand-cleaned news pages of
`../shared/peers/chinese-web-extraction/`, the pages under `fixtures/pages/`, and one report in four
converted to traditional script by OpenCC (s2t, s2tw and s2hk in turn: thousands of script edits per page),
cleaned with `--to keep` and with the default `--to simplified` (the reports in the second script one in
four, to keep it short; the converted reports also with `--to traditional`).
Every step is compared: rule code, and each edit's span, old and new text and reason. A performance
change must leave all of them as they were; a change that means to alter output should be checked with
the tests instead.  Snapshots go to `benchmarks/results/equiv-NAME.pkl` (ignored by git).
"""

from __future__ import annotations

import argparse
import pickle
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import cleanpolicy  # noqa: E402
from cleanpolicy import Policy  # noqa: E402
from damage import dirty_corpus  # noqa: E402
from run import load_news, load_reports, paragraphs, traditional_reports  # noqa: E402

Key = tuple[str, str, str]


def inputs() -> list[tuple[str, str, str]]:
    """``(kind, name, text)`` of every input, named independently of where the checkout lies."""
    docs = load_reports()
    paras = paragraphs(docs)
    out = [("dirty0", str(i), d) for i, d in enumerate(dirty_corpus(paras, 300, seed=0))]
    out += [("dirty1", str(i), d) for i, d in enumerate(dirty_corpus(paras, 700, seed=1))]
    out += [("report", str(i), d) for i, d in enumerate(docs)]
    out += [("news", str(i), d) for i, d in enumerate(load_news())]
    out += [("trad", str(i), d) for i, d in zip(range(0, len(docs), 4), traditional_reports(docs))]
    for p in sorted((ROOT / "fixtures" / "pages").glob("*")):
        if p.is_file():
            try:
                out.append(("fixture", p.name, p.read_text(encoding="utf-8")))
            except UnicodeDecodeError:
                pass  # byte fixtures: the encoding tests cover them
    return out


def outputs() -> dict[Key, tuple]:
    policies = {"keep": Policy(to="keep"), "simplified": Policy(), "traditional": Policy(to="traditional")}
    out: dict[Key, tuple] = {}
    for kind, name, text in inputs():
        for pname, policy in policies.items():
            if kind == "report" and pname == "simplified" and int(name) % 4:
                continue
            if pname == "traditional" and kind != "trad":
                continue
            r = cleanpolicy.clean_and_explain(text, policy)
            steps = tuple((s.code, tuple((e.start, e.end, e.old, e.new, e.reason) for e in s.edits)) for s in r.steps)
            out[(kind, name, pname)] = (r.text, steps)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("mode", choices=("save", "check"))
    ap.add_argument("name", help="snapshot name")
    args = ap.parse_args(argv)
    path = ROOT / "benchmarks" / "results" / f"equiv-{args.name}.pkl"
    if args.mode == "check" and not path.exists():
        print(f"equiv: no snapshot {path}: run `save {args.name}` on the code before the change", file=sys.stderr)
        return 2
    try:
        now = outputs()
    except FileNotFoundError as exc:
        print(f"equiv: {exc.filename}: not found (the reports live in ../shared/peers beside the checkout)", file=sys.stderr)
        return 2
    if args.mode == "save":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(pickle.dumps(now))
        print(f"saved {len(now)} outputs to {path}")
        return 0
    base = pickle.loads(path.read_bytes())
    missing = sorted(set(base) ^ set(now))
    text = [k for k in base if k in now and base[k][0] != now[k][0]]
    steps = [k for k in base if k in now and base[k][0] == now[k][0] and base[k][1] != now[k][1]]
    print(f"{len(base)} outputs; text differs: {len(text)}; steps differ (same text): {len(steps)}; inputs added or gone: {len(missing)}")
    for k in (text + steps + missing)[:10]:
        print("  ", k)
    return 1 if text or steps or missing else 0


if __name__ == "__main__":
    sys.exit(main())
