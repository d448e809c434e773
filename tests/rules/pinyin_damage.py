"""Make pinyin-annotation damage the way a converter makes it, and measure PYN on it.

A converter produced a traditional-script copy of a simplified page (OpenCC ``s2t``)
and wrote the reading of some characters after them.  :func:`annotate` does the
same to a clean paragraph: convert, pick a random subset of the hanzi, and write
after each the reading pypinyin gives it *in context* (phrase dictionary, as a
converter would), in one of three styles and one of three bracket kinds.

Run ``python tests/rules/pinyin_damage.py`` from the repository root to print the
measurement table of ``docs/pinyin.md``.
"""

from __future__ import annotations

import functools
import random
import re

STYLES = ("tone", "number", "toneless")
BRACKETS = (("(", ")"), ("\uff08", "\uff09"), ("\u3010", "\u3011"))
_HANZI_RE = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


@functools.cache
def _s2t():
    import opencc

    return opencc.OpenCC("s2t")


def readings(text: str, style: str) -> list[str] | None:
    """One reading (or the character itself) per code point of ``text``, in ``style``."""
    from pypinyin import Style, pinyin

    st = {"tone": Style.TONE, "number": Style.TONE3, "toneless": Style.NORMAL}[style]
    out = pinyin(text, style=st, neutral_tone_with_five=True, errors=lambda s: list(s))
    flat = [item[0] for item in out]
    return flat if len(flat) == len(text) else None


def annotate(
    simplified: str,
    rng: random.Random,
    *,
    style: str,
    rate: float,
    brackets: tuple[str, str] = ("(", ")"),
    traditional: bool = True,
) -> tuple[str, str] | None:
    """``(damaged, expected)``: the paragraph converted (or not) and annotated; None if nothing was annotated."""
    base = _s2t().convert(simplified) if traditional else simplified
    if len(base) != len(simplified):
        return None
    reads = readings(simplified, style)
    if reads is None:
        return None
    op, cl = brackets
    parts: list[str] = []
    n = 0
    for ch, r in zip(base, reads):
        parts.append(ch)
        if _HANZI_RE.match(ch) and r != ch and not _HANZI_RE.match(r):
            if rng.random() < rate:
                parts.append(op + r + cl)
                n += 1
    if not n:
        return None
    return "".join(parts), base


def measure(paragraphs, *, seed: int = 0, per_style: int | None = None, rates=(0.05, 0.3, 1.0)):
    """Exact-removal rate per style, and failures (for the table in docs/pinyin.md)."""
    import cleanpolicy

    policy = cleanpolicy.Policy(select=("PYN",), to="keep")
    rng = random.Random(seed)
    rows = {}
    for style in STYLES:
        ok = total = 0
        fails = []
        paras = paragraphs if per_style is None else rng.sample(list(paragraphs), min(per_style, len(paragraphs)))
        for i, p in enumerate(paras):
            rate = rates[i % len(rates)]
            brackets = BRACKETS[i % len(BRACKETS)]
            made = annotate(p, rng, style=style, rate=rate, brackets=brackets, traditional=bool(i % 4))
            if made is None:
                continue
            damaged, expected = made
            total += 1
            if cleanpolicy.clean(damaged, policy) == expected:
                ok += 1
            else:
                fails.append((damaged, expected))
        rows[style] = (ok, total, fails)
    return rows


def lose_characters(damaged: str, rng: random.Random, k: int) -> tuple[str, set[int]]:
    """Replace ``k`` characters annotated with ``(…)`` by ``?`` or U+FFFD, as a lossy decode does."""
    slots = [m.start() - 1 for m in re.finditer(r"\([a-z\u00e0-\u01dc0-5]+\)", damaged)]
    lost = set(rng.sample(slots, min(k, len(slots))))
    chars = list(damaged)
    for i in lost:
        chars[i] = rng.choice("?\ufffd")
    return "".join(chars), lost


def measure_lost(paragraphs, *, seed: int = 3, n: int = 1800) -> dict[tuple[str, str], tuple[int, int]]:
    """PYN002 on generated lost characters: output equals the specification (see docs/pinyin.md)."""
    import cleanpolicy
    from cleanpolicy.rules.pinyin import _parse

    policy = cleanpolicy.Policy(select=("PYN",), to="keep")
    rng = random.Random(seed)
    stats: dict[tuple[str, str], tuple[int, int]] = {}
    for i, p in enumerate(rng.sample(list(paragraphs), min(n, len(paragraphs)))):
        style = STYLES[i % 3]
        made = annotate(p, rng, style=style, rate=0.3)
        if made is None:
            continue
        damaged, lost = lose_characters(made[0], rng, rng.randint(1, 4))
        toned = {s for s in lost if _parse(damaged[s + 2 : damaged.index(")", s)]).tone is not None}
        enough = len(toned) >= 2

        def expected(m: re.Match) -> str:
            s = m.start() - 1
            return m.group() if s in lost and not (enough and s in toned) else ""

        target = re.sub(r"\([^()]+\)", expected, damaged)
        key = (style, "2+ lost" if len(lost) >= 2 else "1 lost")
        ok, total = stats.get(key, (0, 0))
        stats[key] = (ok + (cleanpolicy.clean(damaged, policy) == target), total + 1)
    return stats


def false_removals(paragraphs) -> list[str]:
    """Clean paragraphs (simplified and s2t traditional) that PYN changes: must be empty."""
    import cleanpolicy

    policy = cleanpolicy.Policy(select=("PYN",), to="keep")
    bad = []
    for p in paragraphs:
        for text in (p, _s2t().convert(p)):
            if cleanpolicy.clean(text, policy) != text:
                bad.append(text)
    return bad


if __name__ == "__main__":  # pragma: no cover - measurement script
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from corpus import report_paragraphs

    paras = report_paragraphs()
    rows = measure(paras)
    print("| style | cases | exact | rate |")
    print("| --- | ---: | ---: | ---: |")
    for style, (ok, total, fails) in rows.items():
        print(f"| {style} | {total} | {ok} | {ok / max(1, total):.2%} |")
    for style, (ok, total, fails) in rows.items():
        for d, e in fails[:10]:
            print(style, "FAIL", d[:200])
    print()
    print("| style | lost characters | cases | as specified |")
    print("| --- | --- | ---: | ---: |")
    for (style, k), (ok, total) in sorted(measure_lost(paras).items()):
        print(f"| {style} | {k} | {total} | {ok / max(1, total):.2%} |")
    bad = false_removals(paras)
    print("false removals on clean paragraphs (simplified + s2t):", len(bad), "of", 2 * len(paras))
    for b in bad[:10]:
        print("  ", b[:200])


def build_variants(opencc_dictionary_dir: str) -> list[tuple[str, str, str]]:
    """Regenerate ``cleanpolicy/data/pinyin/variants.tsv`` (rows: traditional, simplified, phrase).

    ``opencc_dictionary_dir`` holds OpenCC's source dictionaries (``data/dictionary/`` of
    BYVoid/OpenCC: ``STPhrases.txt``, ``STCharacters.txt``).  Every simplified key is converted
    with the *installed* OpenCC s2t, aligned character by character, and a pair is kept when
    pypinyin lists a reading for the simplified character that it lacks for the traditional one.
    """
    from pathlib import Path

    from cleanpolicy.rules.pinyin import _readings

    keys: list[str] = []
    for name in ("STPhrases.txt", "STCharacters.txt"):
        with open(Path(opencc_dictionary_dir) / name, encoding="utf-8") as fh:
            keys.extend(line.split("\t", 1)[0] for line in fh if line.strip() and not line.startswith("#"))
    converted = _s2t().convert("\n".join(keys)).split("\n")
    pairs: dict[tuple[str, str], str] = {}
    for key, trad in zip(keys, converted):
        if len(key) == len(trad):
            for s, t in zip(key, trad):
                if s != t:
                    pairs.setdefault((t, s), key)
    return [(t, s, k) for (t, s), k in sorted(pairs.items()) if _readings(s) - _readings(t)]
