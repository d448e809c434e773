"""Compare encoding detectors on real GBK pages and generated GBK/Big5/UTF-16 documents.

Usage:  python scripts/measure_detection.py [N]   (N generated documents per kind, default 40)

Candidates: chardet, charset-normalizer, and cleanpolicy's own detector
(BOM → strict UTF-8 → NUL pattern → strict-decoding candidates settled by
plausibility under cleanpolicy.langmodel.score).  A detection is right when
decoding with the named codec gives exactly the text the true codec gives
(so GB2312 for a GBK page counts only if the page has no GBK-only character).
Real pages: the 39 non-UTF-8 pages of ../shared/peers/chinese-web-extraction/original/
(all GBK; MIT licence).  Generated: report paragraphs joined into ~10 KB documents.
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "tests" / "rules"))

PAGES = ROOT.parent / "shared" / "peers" / "chinese-web-extraction" / "original"


def same_text(data: bytes, label: str | None, truth: str) -> bool:
    if not label:
        return False
    try:
        return data.decode(label, errors="replace") == truth
    except LookupError:
        return False


def det_chardet(data: bytes) -> str | None:
    import chardet

    return chardet.detect(data)["encoding"]


def det_cn(data: bytes) -> str | None:
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    return best.encoding if best else None


def det_ours(data: bytes) -> str | None:
    from cleanpolicy.decode import decode_bytes
    from cleanpolicy.errors import DecodeError

    try:
        return decode_bytes(data)[1]["encoding"]
    except DecodeError:
        return None


def docs() -> list[tuple[str, bytes, str]]:
    """(kind, bytes, true text)."""
    from corpus import non_utf8_pages

    return [("real non-UTF-8 page (GBK)", data, data.decode("gb18030", errors="replace")) for _path, data in non_utf8_pages(PAGES)]


def generated(n: int) -> list[tuple[str, bytes, str]]:
    from corpus import report_paragraphs
    from encoding_damage import traditional

    rng = random.Random(7)
    paras = report_paragraphs()
    out = []

    def doc() -> str:
        parts = []
        size = 0
        while size < 3500:  # ~10 KB in UTF-8
            p = rng.choice(paras)
            parts.append(p)
            size += len(p)
        return "\n\n".join(parts) + "\n"

    for _ in range(n):
        s = doc()
        out.append(("generated GBK", s.encode("gb18030"), s))
        t = "\n\n".join(p for p in traditional(doc()).split("\n\n") if _big5_ok(p))
        out.append(("generated Big5", t.encode("big5hkscs"), t))
        u = doc() if rng.random() < 0.5 else traditional(doc())
        out.append(("generated UTF-16-LE (no BOM)", u.encode("utf-16-le"), u))
        out.append(("generated UTF-16-BE (no BOM)", u.encode("utf-16-be"), u))
        b = bytearray(doc().encode("utf-8"))
        for _k in range(3):  # a few broken bytes
            b[rng.randrange(len(b))] = 0xFF
        out.append(("generated UTF-8, 3 broken bytes", bytes(b), bytes(b).decode("utf-8", errors="replace")))
    return out


def _big5_ok(p: str) -> bool:
    try:
        p.encode("big5hkscs")
    except UnicodeEncodeError:
        return False
    return True


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 40
    cases = docs() + generated(n)
    methods = (("chardet", det_chardet), ("charset-normalizer", det_cn), ("cleanpolicy", det_ours))
    kinds = []
    for k, _d, _t in cases:
        if k not in kinds:
            kinds.append(k)
    res: dict[tuple[str, str], list[float]] = {}
    for name, fn in methods:
        fn(b"warm up \xd6\xd0\xce\xc4")
        for kind, data, truth in cases:
            t0 = time.perf_counter()
            label = fn(data)
            dt = time.perf_counter() - t0
            ok = same_text(data, label, truth)
            if kind.startswith("generated UTF-8") and label and label.lower().replace("_", "-") in ("utf-8", "utf8"):
                ok = True  # the label is right; the broken bytes decode as U+FFFD
            r = res.setdefault((name, kind), [0, 0, 0.0, 0])
            r[0] += ok
            r[1] += 1
            r[2] += dt
            r[3] += len(data)
            if not ok and "-v" in sys.argv:
                print(f"  {name} on {kind}: said {label}")
    print("| documents | n | " + " | ".join(f"{m} right" for m, _ in methods) + " | " + " | ".join(f"{m} ms/10 KB" for m, _ in methods) + " |")
    print("| --- | ---: | " + " | ".join("---:" for _ in range(2 * len(methods))) + " |")
    for kind in kinds:
        row = [kind, str(res[(methods[0][0], kind)][1])]
        for m, _ in methods:
            ok, tot, _dt, _b = res[(m, kind)]
            row.append(f"{ok}/{tot}")
        for m, _ in methods:
            _ok, _tot, dt, nb = res[(m, kind)]
            row.append(f"{dt * 1000 / (nb / 10240):.2f}")
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
