"""Layout damage made the way print, PDF and scrapers make it, for the SEG tests and measurements.

* ``break_at(p, pos, sep)``: a paragraph broken by a column/page end (``sep`` is
  ``"\\n\\n"`` for a scraper that made each printed line a paragraph, ``"\\n"``
  for a hard wrap);
* ``word_internal_positions(p)``: offsets inside a dictionary word (jieba), as
  the issue asks ("broken at random points inside words");
* ``letter_space(p)``: PDF extraction's space between every character;
* ``build_page(...)``: a newspaper page of several interviews with kicker,
  title, name caption, body and ``相关报道 / 请扫描二维码`` boxes, and a page
  byline at the end (seed 004's shape, filled with real report paragraphs).
"""

from __future__ import annotations

import functools
import random
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from corpus import report_documents  # noqa: E402

FINAL = "。！？；：…"


def word_internal_positions(p: str) -> list[int]:
    """Offsets that fall strictly inside a hanzi word of jieba's segmentation."""
    from cleanpolicy.rules._words import cut

    out: list[int] = []
    pos = 0
    for w in cut(p):
        if len(w) >= 2 and all("\u4e00" <= c <= "\u9fff" for c in w):
            out.extend(range(pos + 1, pos + len(w)))
        pos += len(w)
    return out


def break_at(p: str, pos: int, sep: str = "\n\n") -> str:
    return p[:pos] + sep + p[pos:]


def letter_space(p: str) -> str:
    return " ".join(p)


#: kickers, titles and names for generated interview pages (made-up roles and names)
ROLES = ("全国人大代表、{city}市委书记{name}：", "全国政协委员、{city}市市长{name}：", "{city}市发展改革委主任{name}：")
CITIES = ("衢州", "来宾", "新乡", "丽水", "台州", "宜宾", "赣州", "遵义")
NAMES = ("王建国", "李明", "张晓红", "陈立新", "刘芳", "赵志强", "孙丽", "周海涛")
TITLE_PARTS = (
    "做强实体经济", "推动高质量发展", "建设现代化产业体系", "打造开放新高地", "激发市场主体活力",
    "守住生态底线", "提升城市能级", "培育发展新动能", "优化营商环境", "促进共同富裕",
)


@functools.lru_cache(maxsize=1)
def body_paragraphs() -> tuple[str, ...]:
    """Simplified report paragraphs of moderate length, without indentation, ending a sentence."""
    out = []
    for doc in report_documents():
        if "1954" in doc.get("title", "") or doc.get("year") == 1954:
            continue
        for p in re.split(r"\n\s*\n", doc["content"]):
            p = p.strip()
            if "\n" in p or not (40 <= len(p) <= 300) or p[-1] not in "。！？":
                continue
            if _fold(p) != p:  # traditional script: the default policy would convert it
                continue
            out.append(p)
    return tuple(out)


def _fold(p: str) -> str:
    from cleanpolicy.chars import fold_simplified

    return fold_simplified(p)


def make_article(rng: random.Random, n_paras: int) -> dict:
    city, name = rng.choice(CITIES), rng.choice(NAMES)
    a, b = rng.sample(TITLE_PARTS, 2)
    paras = body_paragraphs()
    return {
        "kicker": rng.choice(ROLES).format(city=city, name=name),
        "title": f"{a}，{b}",
        "caption": name,
        "paragraphs": [rng.choice(paras) for _ in range(n_paras)],
    }


def build_page(rng: random.Random, articles: list[dict], *, boxes: bool = True, byline: bool = True) -> str:
    """A page in seed 004's layout (blank lines between everything, 3 around headers)."""
    out = ["\n\n\n"]
    for k, art in enumerate(articles):
        out.append(art["kicker"] + "\n\n")
        out.append(art["title"] + "\n\n\n\n")
        out.append(art["caption"] + "\n\n")
        out.append("\n\n".join(art["paragraphs"]) + "\n\n\n\n")
        if boxes and (k < len(articles) - 1 or rng.random() < 0.5):
            out.append("相关报道\n请扫描二维码\n\n")
    if byline:
        out.append("(本版稿件由本报记者何芳、江金骐、梁隽好采写)")
    return "".join(out)


@functools.lru_cache(maxsize=1)
def report_headings() -> tuple[str, ...]:
    """Heading lines of the reports (short, no final punctuation), with and without their list markers."""
    out = set()
    marker = re.compile(r"^(?:[一二三四五六七八九十]{1,3}、|（[一二三四五六七八九十]{1,3}）|第[一二三四五六七八九十]{1,3}[，、])")
    for doc in report_documents():
        for p in re.split(r"\n\s*\n", doc["content"]):
            p = p.strip()
            if "\n" in p or not (4 <= len(p) <= 40) or p[-1] in FINAL + "，、," or not re.search("[\u4e00-\u9fff]{4}", p):
                continue
            out.add(p)
            bare = marker.sub("", p)
            if bare != p and len(bare) >= 4:
                out.add(bare)
    return tuple(sorted(out))


def measure_rejoin(n: int = 1500, seed: int = 0, policy=None) -> dict:
    """Precision and recall of SEG003 on generated documents.

    Each case is ``heading? / prev / broken paragraph / heading? / next``: a real report paragraph
    broken once (at a word-internal point or at any point, with ``\\n\\n`` or ``\\n``), between
    clean paragraphs and real report headings (half of them stripped of their list markers).
    A join is correct when it deletes exactly the inserted break.
    """
    from cleanpolicy import Policy
    from cleanpolicy._core import apply_edits
    from cleanpolicy.rules.segment import paragraph_rejoin

    policy = policy or Policy()
    rng = random.Random(seed)
    paras = body_paragraphs()
    heads = report_headings()
    stats = {"breaks": 0, "rejoined": 0, "joins": 0, "correct_joins": 0, "wrong": []}
    by_kind: dict[str, list[int]] = {}
    for _ in range(n):
        p = rng.choice(paras)
        kind = rng.choice(["word", "any"])
        cands = word_internal_positions(p) if kind == "word" else list(range(1, len(p)))
        cands = [c for c in cands if p[c - 1] not in FINAL]
        if not cands:
            continue
        pos = rng.choice(cands)
        sep = rng.choice(["\n\n", "\n"])
        parts = []
        if rng.random() < 0.5:
            parts.append(rng.choice(heads))
        parts.append(rng.choice(paras))
        if rng.random() < 0.5:
            parts.append(rng.choice(heads))
        parts.append(p)
        if rng.random() < 0.5:
            parts.append(rng.choice(heads))
        parts.append(rng.choice(paras))
        gsep = "\n\n" if sep == "\n\n" else "\n"
        clean = gsep.join(parts)
        idx = parts.index(p)
        offset = len(gsep.join(parts[:idx])) + (len(gsep) if idx else 0) + pos
        damaged = clean[:offset] + sep + clean[offset:]
        edits = [e for e in paragraph_rejoin(damaged, policy) if e.old != e.new]
        stats["breaks"] += 1
        hit = any(e.start == offset and e.end == offset + len(sep) for e in edits)
        stats["rejoined"] += hit
        k = f"{kind}/{'blank' if sep == chr(10) * 2 else 'wrap'}/first={'<10' if pos < 10 else '10-39' if pos < 40 else '40+'}"
        by_kind.setdefault(k, [0, 0])
        by_kind[k][0] += 1
        by_kind[k][1] += hit
        for e in edits:
            stats["joins"] += 1
            if e.start == offset and e.end == offset + len(sep):
                stats["correct_joins"] += 1
            else:
                stats["wrong"].append((damaged[max(0, e.start - 20) : e.start], damaged[e.end : e.end + 12]))
        assert apply_edits(damaged, edits) == clean or not hit or len(edits) > 1
    stats["recall"] = stats["rejoined"] / max(1, stats["breaks"])
    stats["precision"] = stats["correct_joins"] / max(1, stats["joins"])
    stats["by_kind"] = {k: f"{v[1]}/{v[0]} = {v[1] / v[0]:.3f}" for k, v in sorted(by_kind.items())}
    return stats


if __name__ == "__main__":  # python tests/rules/seg_damage.py [n] [seed]
    import json

    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1500
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 0
    s = measure_rejoin(n, seed)
    wrong = s.pop("wrong")
    print(json.dumps(s, ensure_ascii=False, indent=1))
    for a, b in wrong[:40]:
        print("WRONG", repr(a), "||", repr(b))
