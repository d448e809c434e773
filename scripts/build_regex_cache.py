"""Write the packaged cache of compiled regular expressions for this Python (cleanpolicy/recache.py).

    python scripts/build_regex_cache.py            # rewrite cleanpolicy/data/regex/<cache tag>.bin
    python scripts/build_regex_cache.py --check    # exit 1 where the file differs from what this run makes

It runs a sample workload (the fixture pages and cases, a dirty corpus that benchmarks/damage.py makes
from the fixture pages' clean text, the pages as GBK bytes and as HTML, under every target script) with
every ``recache.compile`` recorded, and stores, for each pattern, the code Python's ``re`` works out for it.
The file is read only by the Python version and regex engine it was written by; run the script under
each Python version the cache should serve (each writes its own file).  A pattern missing from the cache
costs only its compile time, so the file needs rewriting when patterns or their data change (the test
runs ``--check``), not for correctness.
"""

from __future__ import annotations

import argparse
import marshal
import re
import sys
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from cleanpolicy import recache  # noqa: E402  (imports no module that compiles a pattern)

FIXTURES = ROOT / "fixtures"


def workload() -> None:
    """Clean the sample inputs under every target script (the patterns they compile are recorded)."""
    import damage

    from cleanpolicy import Policy, clean_and_explain
    from cleanpolicy._compat import tomllib
    from cleanpolicy.policy import TARGETS
    from cleanpolicy.segmentation import articles_from_result

    pages = [p.read_text(encoding="utf-8") for p in sorted((FIXTURES / "pages").glob("*.input.txt"))]
    clean = [p.read_text(encoding="utf-8") for p in sorted((FIXTURES / "pages").glob("*.expected.txt"))]
    paragraphs = [p.strip() for text in clean for p in re.split(r"\n\s*\n", text) if len(p.strip()) > 30]
    dirty = damage.dirty_corpus(paragraphs, 30, seed=0)
    cases = [
        case["input"]
        for f in sorted((FIXTURES / "cases").glob("*.toml"))
        for case in tomllib.loads(f.read_text(encoding="utf-8")).get("case", [])
        if isinstance(case.get("input"), str)
    ]
    html = [
        "<html><body>" + "".join(f"<p>{line}</p>" for line in page.split("\n")) + "</body></html>" for page in pages
    ]
    for to in TARGETS:
        policy = Policy(to=to)
        for text in (*pages, *dirty, *cases):
            articles_from_result(clean_and_explain(text, policy))
        for page in pages:
            clean_and_explain(page.encode("gb18030"), policy)
        for page in html:
            clean_and_explain(page, policy, input_format="html")


def build() -> bytes:
    recache._record = []
    workload()
    seen = sorted(set(recache._record))
    recache._record = None
    entries = [(pattern, flags, *recache.engine_entry(pattern, flags)) for pattern, flags in seen]
    return zlib.compress(marshal.dumps((recache.engine_head(), entries)), 9)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--check", action="store_true", help="write nothing; exit 1 where the cache differs")
    args = ap.parse_args(argv)
    path = Path(recache.cache_path())
    data = build()
    current = path.read_bytes() if path.exists() else None
    if args.check:
        if current is None or marshal.loads(zlib.decompress(current)) != marshal.loads(zlib.decompress(data)):
            rel = path.relative_to(ROOT)
            print(f"{rel}: differs from what this Python compiles (run scripts/build_regex_cache.py)", file=sys.stderr)
            return 1
        return 0
    if current != data:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        print(f"wrote {path.relative_to(ROOT)} ({len(data):,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
