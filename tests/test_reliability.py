"""Hostile input, faults and concurrency never cost a byte of the user's data (issue: reliability).

- fuzzing: arbitrary bytes through the bytes path, arbitrary str through every family and the pipeline;
- linear time: adversarial inputs grow the work linearly (a ratio measured in one run, no time limits);
- faults: a kill between write and rename under --fix leaves the old file; SIGINT stops cleanly;
- determinism: the same output and edit log for any --jobs value;
- startup: importing cleanpolicy loads none of the heavy libraries.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import cleanpolicy
from cleanpolicy import DecodeError, Policy, registry, replay
from cleanpolicy._core import apply_edits, validate_edits
from cleanpolicy.pipeline import run_rule

from strategies import hostile_bytes, hostile_text

FAMILIES = [p for p, *_ in registry.FAMILIES]


@given(hostile_bytes)
def test_arbitrary_bytes_decode_or_refuse(data):
    try:
        r = cleanpolicy.clean_and_explain(data)
    except DecodeError as exc:
        assert str(exc) and "\n" not in str(exc)
        return
    assert replay(r.original, r.steps) == r.text


@given(hostile_text, st.sampled_from(["keep", "simplified", "traditional"]))
def test_arbitrary_text_whole_pipeline(text, to):
    policy = Policy(to=to)
    r = cleanpolicy.clean_and_explain(text, policy)
    assert replay(r.original, r.steps) == r.text
    assert cleanpolicy.clean(r.text, policy) == r.text


@pytest.mark.parametrize("rule", [r for r in registry.all_rules() if r.status == "active"], ids=lambda r: r.code)
@settings(max_examples=25)
@given(text=hostile_text)
def test_every_rule_total_on_arbitrary_text(rule, text):
    edits = run_rule(rule, text, Policy(to="simplified"))
    validate_edits(text, edits)
    apply_edits(text, edits)


# -- linear time ----------------------------------------------------------------------------------
ADVERSARIAL = {
    "open-parens": "(",
    "breadcrumb": "首页 > ",
    "pinyin-like": "(aaaa)",
    "pinyin-after-hanzi": "設(shè)",
    "spam-term": "久久精品,",
    "alternating-scripts": "发發",
    "quotes": "\"",
    "spaces": " 两",
    "newlines": "标\n\n",
    "mojibake": "鍦板湪",
    "latin1-mojibake": "ÖÐÎÄ",
    "pua": "\ue000?",
}


def _cost(fn, text: str) -> float:
    best = float("inf")
    for _ in range(2):
        t0 = time.process_time()
        fn(text)
        best = min(best, time.process_time() - t0)
    return best


@pytest.mark.slow
@pytest.mark.parametrize("family", FAMILIES)
@pytest.mark.parametrize("kind", sorted(ADVERSARIAL))
def test_linear_time(family, kind):
    unit = ADVERSARIAL[kind]
    policy = Policy(select=(family,), to="simplified")
    small = unit * (100_000 // len(unit.encode()))
    big = unit * (1_000_000 // len(unit.encode()))
    fn = lambda t: cleanpolicy.clean(t, policy)  # noqa: E731
    c_small = _cost(fn, small)
    c_big = _cost(fn, big)
    if c_big < 0.05:
        return  # too fast to measure: certainly not super-linear
    ratio = c_big / max(c_small, 1e-3)
    # 10x the input; allow 2.5x slack for noise and cache effects, far below the 100x of a quadratic rule
    assert ratio < 25, f"{family} on {kind}: 1 MB costs {ratio:.1f}x 100 KB"


@pytest.mark.slow
def test_single_long_line():
    line = ("各地区各部门要认真贯彻落实" * 80_000)[:1_000_000]  # one 1-million-character line, no newline
    assert cleanpolicy.clean(line, Policy(to="keep")) == line


# -- faults ---------------------------------------------------------------------------------------
DAMAGED = "正文第一段。   \n\n\n\n第二段内容。\n"


def test_kill_between_write_and_rename_keeps_old_file(tmp_path):
    target = tmp_path / "page.txt"
    target.write_text(DAMAGED, encoding="utf-8")
    code = (
        "import os, signal, sys\n"
        "os.replace = lambda *a, **k: os.kill(os.getpid(), signal.SIGKILL)\n"
        "from cleanpolicy import cli\n"
        "sys.exit(cli.main(['--fix', 'page.txt']))\n"
    )
    p = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, timeout=120)
    assert p.returncode == -signal.SIGKILL
    assert target.read_text(encoding="utf-8") == DAMAGED  # the old file, whole
    # the only other thing left is the complete temporary copy, never a truncated original
    leftovers = [f for f in tmp_path.iterdir() if f.name != "page.txt"]
    assert all(f.name.startswith(".cleanpolicy-") for f in leftovers)


def _default_sigint() -> None:
    # a test-suite run as a background job has SIGINT ignored, and a child would inherit that (Python
    # then installs no KeyboardInterrupt handler): the command starts with the default, as from a shell
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_sigint_stops_cleanly():
    # interrupted mid-stream, whatever the machine's speed: a record goes in, comes out, and the command
    # waits for the next one when SIGINT arrives
    import select

    p = subprocess.Popen(
        [sys.executable, "-m", "cleanpolicy", "--jsonl", "--quiet"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        preexec_fn=_default_sigint,
    )
    try:
        line = json.dumps({"text": "第1段内容，各地区要认真贯彻落实。"}, ensure_ascii=False) + "\n"
        p.stdin.write(line.encode("utf-8"))
        p.stdin.flush()
        ready, _, _ = select.select([p.stdout], [], [], 120)
        assert ready, "no output from the first record"
        assert json.loads(p.stdout.readline())["text"]
        p.send_signal(signal.SIGINT)
        _, err = p.communicate(timeout=60)
    finally:
        if p.poll() is None:
            p.kill()
    assert p.returncode == 130
    assert err.decode().strip() == "cleanpolicy: interrupted"


def test_same_output_and_log_for_any_jobs(tmp_path):
    recs = [{"id": i, "text": DAMAGED if i % 2 else f"第{i}段。\n"} for i in range(300)]
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in recs), encoding="utf-8")
    outs = []
    for jobs in ("1", "2"):
        rep = tmp_path / f"report{jobs}.json"
        p = subprocess.run(
            [sys.executable, "-m", "cleanpolicy", "--jsonl", "--quiet", "--jobs", jobs, "--report", str(rep), str(src)],
            capture_output=True,
            timeout=300,
        )
        assert p.returncode == 0, p.stderr
        outs.append((p.stdout, rep.read_bytes()))
    assert outs[0] == outs[1]


def test_threads_give_the_same_output_as_one_at_a_time():
    """``clean`` is a pure function for threaded callers too: module-level memos are keyed by what they
    hold (or replaced whole per text), so interleaved calls cannot borrow each other's decisions."""
    import random
    from concurrent.futures import ThreadPoolExecutor

    sys.path.insert(0, os.path.join(os.path.dirname(__file__), "rules"))
    import encoding_damage
    from corpus import report_paragraphs, require_peers

    require_peers("gov-work-reports")
    rng = random.Random(11)
    texts = []
    for p in rng.sample(report_paragraphs(), 40):
        a, b = encoding_damage.pick_span(p, rng)
        lossy = encoding_damage.wrong_codec_lossy(p[a:b], "utf-8", "gbk")
        shifted = encoding_damage.frame_shift(p, rng)
        texts.append(p[:a] + (lossy or p[a:b]) + p[b:])
        if shifted:
            texts.append(shifted[0])
    policy = Policy(to="keep")
    alone = [cleanpolicy.clean_and_explain(t, policy) for t in texts]
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads as often as possible
    try:
        with ThreadPoolExecutor(4) as pool:
            for _ in range(3):
                together = list(pool.map(lambda t: cleanpolicy.clean_and_explain(t, policy), texts))
                assert [r.text for r in together] == [r.text for r in alone]
                assert [r.steps for r in together] == [r.steps for r in alone]
    finally:
        sys.setswitchinterval(interval)


# -- startup --------------------------------------------------------------------------------------
HEAVY = ("pypinyin", "bs4", "chardet", "charset_normalizer", "ftfy", "lxml", "opencc", "jieba", "tqdm")


def _modules_after(code: str) -> set[str]:
    p = subprocess.run(
        [sys.executable, "-c", code + "\nimport sys, json; print(json.dumps(sorted(m for m in sys.modules)))"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert p.returncode == 0, p.stderr
    return {m.split(".")[0] for m in json.loads(p.stdout.splitlines()[-1])}


def test_import_is_light():
    loaded = _modules_after("import cleanpolicy")
    assert not loaded & set(HEAVY), loaded & set(HEAVY)


def test_version_is_light():
    loaded = _modules_after("import sys\nfrom cleanpolicy import cli\ntry:\n    cli.main(['--version'])\nexcept SystemExit:\n    pass")
    assert not loaded & set(HEAVY), loaded & set(HEAVY)


def test_cleaning_small_clean_text_skips_pypinyin_bs4_chardet():
    loaded = _modules_after("import cleanpolicy\ncleanpolicy.clean('各地区各部门要认真贯彻落实。\\n'.encode())")
    assert not loaded & {"pypinyin", "bs4", "chardet", "charset_normalizer", "jieba"}, loaded
