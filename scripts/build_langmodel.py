"""Build cleanpolicy/data/lm/: character and bigram counts of real policy prose.

Source: ../shared/peers/gov-work-reports/ (State Council work reports 1954–2025 and CPC congress reports,
texts from Wikisource; official documents of state organs, outside copyright under Art. 5 of the PRC
Copyright Law, marked public domain on Wikisource). Counts are taken over the text as it is and over its
OpenCC s2t conversion, so the model knows both scripts.

    python scripts/build_langmodel.py [PATH_TO_SHARED_PEERS]
"""

from __future__ import annotations

import collections
import gzip
import json
import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "cleanpolicy" / "data" / "lm"
MIN_BIGRAM = 2


def bigram_file(bigrams: dict[str, int]) -> bytes:
    """The layout ``cleanpolicy.langmodel`` reads: a header line ``<pairs> <bytes>``, the pairs joined by
    line breaks (UTF-8), their counts (unsigned 32-bit little-endian)."""
    if any(len(bg) != 2 or "\n" in bg for bg in bigrams) or max(bigrams.values(), default=0) >= 1 << 32:
        raise ValueError("a bigram must be two characters other than a line break, with a count below 2**32")
    text = "\n".join(bigrams).encode("utf-8")
    counts = struct.pack(f"<{len(bigrams)}I", *bigrams.values())
    return f"{len(bigrams)} {len(text)}\n".encode("ascii") + text + counts


def main(argv: list[str]) -> int:
    import opencc

    peers = Path(argv[0]) if argv else ROOT.parent / "shared" / "peers"
    texts = []
    for name in ("government_work_reports.jsonl", "cpc_congress_reports.jsonl"):
        with open(peers / "gov-work-reports" / name, encoding="utf-8") as fh:
            texts.extend(json.loads(line)["content"] for line in fh if line.strip())
    s2t = opencc.OpenCC("s2t")
    t2s = opencc.OpenCC("t2s")
    variants = []
    for t in texts:
        variants.append(t2s.convert(t))
        variants.append(s2t.convert(t))
    chars: collections.Counter[str] = collections.Counter()
    bigrams: collections.Counter[str] = collections.Counter()
    for t in variants:
        for line in t.split("\n"):
            line = line.strip()
            if not line:
                continue
            chars.update(line)
            bigrams.update(a + b for a, b in zip(line, line[1:]))
    OUT.mkdir(parents=True, exist_ok=True)
    with gzip.open(OUT / "chars.tsv.gz", "wt", encoding="utf-8", compresslevel=9) as fh:
        fh.write(f"#total\t{sum(chars.values())}\n")
        for ch, n in sorted(chars.items(), key=lambda kv: (-kv[1], kv[0])):
            if ch not in "\t\n\r":
                fh.write(f"{ch}\t{n}\n")
    # pairs whose characters are both counted (every pair, unless the corpus holds a tab or a CR), in order
    kept = {bg: n for bg, n in sorted(bigrams.items()) if n >= MIN_BIGRAM and "\t" not in bg and "\r" not in bg}
    (OUT / "bigrams.bin.gz").write_bytes(gzip.compress(bigram_file(kept), compresslevel=9, mtime=0))
    print(f"{len(chars)} characters, {len(kept)} bigrams (of {len(bigrams)}) written to {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
