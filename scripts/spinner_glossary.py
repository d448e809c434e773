"""Validate and measure the spinner glossary (cleanpolicy/data/spinner/glossary.tsv).

    python scripts/spinner_glossary.py check   # parse, examples, report-corpus validation, counts
    python scripts/spinner_glossary.py eval    # precision/recall on generated spun documents

``check`` fails (exit 1) when an example is not repaired, a counterexample is
changed, an *always*-tier spun form occurs in the State Council / CPC reports
(``../shared/peers/gov-work-reports``), or an always/context entry fires on
them.  ``eval`` spins real report paragraphs the way a 伪原创 tool does
(dictionary swaps at word boundaries, context-blind) with the glossary's own
pairs *and* the held-out pairs of ``scripts/spinner_heldout.tsv`` (observed in
seed 002, kept out of the glossary), cleans them with SPN001 and scores every
edit against the known substitutions.
"""

from __future__ import annotations

import argparse
import collections
import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
REPORTS = ROOT.parent / "shared" / "peers" / "gov-work-reports"

from cleanpolicy import Policy  # noqa: E402
from cleanpolicy._core import apply_edits  # noqa: E402
from cleanpolicy.chars import fold_simplified  # noqa: E402
from cleanpolicy.rules import spinner as S  # noqa: E402

sys.path.insert(0, str(ROOT / "tests" / "rules"))
from spinner_damage import heldout_pairs, score_edits, spin  # noqa: E402


def report_texts() -> list[str]:
    out = []
    for name in ("government_work_reports.jsonl", "cpc_congress_reports.jsonl"):
        with open(REPORTS / name, encoding="utf-8") as fh:
            out.extend(json.loads(line)["content"] for line in fh if line.strip())
    return out


def policy(**opts) -> Policy:
    return Policy(to="keep", select=("SPN001",), options={"spinner": {**S.OPTIONS, **opts}})


def fix(text: str, pol: Policy) -> str:
    edits = sorted(S.glossary_synonym(text, pol), key=lambda e: (e.start, e.end))
    return apply_edits(text, edits)


def example_pairs(entry: S.Entry) -> tuple[str, str] | None:
    if entry.example in ("", "-"):
        return None
    src, sep, want = entry.example.partition(" => ")
    return (src, want) if sep else None


def check() -> int:
    entries = S._packaged()
    problems: list[str] = []
    forced = policy(spin_threshold=0.0)
    for e in entries:
        ex = example_pairs(e)
        if e.example not in ("", "-") and ex is None:
            problems.append(f"{e.origin}: example lacks ' => '")
        if ex:
            got = fix(ex[0], forced)
            if got != ex[1]:
                problems.append(f"{e.origin}: example {ex[0]!r} gave {got!r}, want {ex[1]!r}")
        if e.counterexample not in ("", "-"):
            got = fix(e.counterexample, forced)
            if got != e.counterexample:
                problems.append(f"{e.origin}: counterexample {e.counterexample!r} changed to {got!r}")
    spun_forms = {e.spun for e in entries}
    for e in entries:
        inner = [s for s in spun_forms if s in e.original and e.tier != "off"]
        if inner:
            problems.append(f"{e.origin}: original {e.original!r} contains spun form(s) {inner}")
    texts = [fold_simplified(t) for t in report_texts()]
    joined = "\n".join(texts)
    occurs = {e.spun: joined.count(e.spun) for e in entries}
    strict = policy(tiers=["always", "context"])
    fired = collections.Counter()
    for t in texts:
        for ed in S.glossary_synonym(t, strict):
            if ed.old != ed.new:
                fired[ed.reason] += 1
    for e in entries:
        if e.tier == "always" and occurs[e.spun]:
            problems.append(f"{e.origin}: always-tier {e.spun!r} occurs {occurs[e.spun]}x in the reports")
    for reason, n in fired.items():
        problems.append(f"fires {n}x on the reports: {reason}")
    by_tier = collections.Counter(e.tier for e in entries)
    by_src: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    for e in entries:
        for s in e.source.split():
            key = "derived" if s.startswith("derived:") else s
            by_src[key][e.tier] += 1
    in_reports = collections.Counter(e.tier for e in entries if occurs[e.spun])
    print(f"entries: {len(entries)}  " + "  ".join(f"{t}: {by_tier[t]}" for t in S.TIERS))
    print("spun form occurs in the reports (validated by context or tier): " + "  ".join(f"{t}: {in_reports[t]}" for t in S.TIERS))
    print("by source (an entry with two sources counts for both):")
    for src in sorted(by_src):
        c = by_src[src]
        print(f"  {src:10s} " + "  ".join(f"{t}: {c[t]}" for t in S.TIERS))
    for p in problems:
        print("PROBLEM", p)
    print("ok" if not problems else f"{len(problems)} problem(s)")
    return 1 if problems else 0


# -- evaluation -----------------------------------------------------------------------------------
def evaluate(rate: float = 0.7, seed: int = 5, paras_per_doc: int = 8, min_year: int = 1978, heldout_only: bool = False) -> dict:
    entries = S._packaged()
    pairs: dict[str, tuple[str, str]] = {}
    for e in entries if not heldout_only else ():  # original -> (spun, kind); the first entry wins
        pairs.setdefault(e.original, (e.spun, e.tier))
    for spun, original in heldout_pairs():
        pairs.setdefault(original, (spun, "held-out"))
    docs = []
    for name in ("government_work_reports.jsonl", "cpc_congress_reports.jsonl"):
        with open(REPORTS / name, encoding="utf-8") as fh:
            for line in fh:
                d = json.loads(line)
                if int(d.get("year") or 0) < min_year:
                    continue
                paras = [p for p in d["content"].split("\n") if len(p) > 20]
                for k in range(0, len(paras), paras_per_doc):
                    docs.append("\n".join(paras[k : k + paras_per_doc]))
    rng = random.Random(seed)
    pol = policy()
    sites_total: collections.Counter = collections.Counter()
    sites_fixed: collections.Counter = collections.Counter()
    edits_total = edits_ok = 0
    gated = 0
    for doc in docs:
        spun, sites = spin(doc, pairs, rng, rate)
        if not sites:
            continue
        edits = S.glossary_synonym(spun, pol)
        if edits and edits[0].meta and edits[0].meta[0][1] >= S.OPTIONS["spin_threshold"]:
            gated += 1
        for s in sites:
            sites_total[s[3]] += 1
        ok, n, restored = score_edits(spun, sites, edits)
        edits_ok += ok
        edits_total += n
        sites_fixed.update(restored)
    kinds = ["always", "context", "spun-only", "held-out"]
    res = {
        "documents": len(docs),
        "substitutions": dict(sites_total),
        "restored": dict(sites_fixed),
        "edits": edits_total,
        "correct_edits": edits_ok,
        "precision": edits_ok / edits_total if edits_total else 1.0,
        "recall_all": sum(sites_fixed.values()) / max(1, sum(sites_total.values())),
        "recall_in_glossary": sum(sites_fixed[k] for k in kinds[:3]) / max(1, sum(sites_total[k] for k in kinds[:3])),
        "recall_by_kind": {k: sites_fixed[k] / sites_total[k] for k in kinds if sites_total[k]},
        "documents_over_threshold": gated,
    }
    return res


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("command", choices=["check", "eval"])
    ap.add_argument("--rate", type=float, default=0.7, help="eval: probability a known word is swapped")
    ap.add_argument("--seed", type=int, default=5)
    ap.add_argument("--heldout-only", action="store_true", help="eval: spin with the held-out pairs alone")
    args = ap.parse_args(argv)
    if args.command == "check":
        return check()
    res = evaluate(args.rate, args.seed, heldout_only=args.heldout_only)
    print(json.dumps(res, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
