"""Peer check against OpenCC's own test data (../shared/peers/opencc/, Apache-2.0).

* every case of ``testcases.json`` for every config cleanpolicy exposes (the
  standard ones behind ``to``, and the ones a policy may name in ``[script]
  config``), with script detection off: the whole input is declared to be in
  the source script, as OpenCC treats it;
* the same cases with detection on (the default): cleanpolicy may leave alone a
  character that is valid in the target script; the count of such cases is
  pinned so a change shows up;
* the golden document: simplified → s2t / s2tw / s2hk / s2twp equals OpenCC's
  output, those outputs pass through unchanged with their own target, and
  converting them back to simplified damages the original no more than OpenCC.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from corpus import PEERS, require_peers  # noqa: E402

from cleanpolicy import Policy  # noqa: E402
from cleanpolicy._core import apply_edits  # noqa: E402
from cleanpolicy.pipeline import run_rule  # noqa: E402
from cleanpolicy.registry import get_rule  # noqa: E402
from cleanpolicy.rules.script import NAMED_CONFIGS  # noqa: E402

OPENCC = PEERS / "opencc"
STANDARD = {"t2s": "simplified", "s2t": "traditional", "s2tw": "taiwan", "s2hk": "hongkong"}
#: cases where detection (the default) deliberately differs: characters valid in both scripts
#: inside inputs that mix scripts on purpose (几率, 坏/坯, 陞, 甲胄 …); see docs/script.md
DETECT_DISAGREEMENTS = 33


def _cases() -> list[tuple[str, str, str, str]]:
    path = OPENCC / "testcases.json"
    if not path.exists():
        return []
    text = path.read_text(encoding="utf-8")
    data = json.loads(re.sub(r",\s*([\]}])", r"\1", text))  # the file has a trailing comma
    out = []
    for case in data["cases"]:
        for config, expected in case["expected"].items():
            if config in STANDARD or config in NAMED_CONFIGS:
                out.append((case["id"], config, case["input"], expected))
    return out


CASES = _cases()


def _policy(config: str, detect: bool) -> Policy:
    if config in STANDARD:
        return Policy(to=STANDARD[config]).with_options("script", detect=detect)
    target = "simplified" if NAMED_CONFIGS[config][1] == "simplified" else "traditional"
    return Policy(to=target).with_options("script", config=config, detect=detect)


def _convert(text: str, policy: Policy, rules=("SCR001",)) -> str:
    for code in rules:
        text = apply_edits(text, run_rule(get_rule(code), text, policy))
    return text


def test_case_file_present():
    require_peers("opencc")
    assert len(CASES) > 500


@pytest.mark.parametrize("case_id,config,text,expected", CASES, ids=[f"{c[0]}-{c[1]}" for c in CASES])
def test_agrees_with_opencc(case_id, config, text, expected):
    assert _convert(text, _policy(config, detect=False)) == expected


def test_agreement_with_detection_on():
    require_peers("opencc")
    bad = [(cid, cfg) for cid, cfg, text, exp in CASES if _convert(text, _policy(cfg, detect=True)) != exp]
    assert len(bad) == DETECT_DISAGREEMENTS, bad


GOLDEN = [("s2t", "traditional", ""), ("s2tw", "taiwan", ""), ("s2hk", "hongkong", ""), ("s2twp", "taiwan", "s2twp")]


@pytest.mark.parametrize("suffix,to,config", GOLDEN)
def test_golden_document(suffix, to, config):
    require_peers("opencc/golden")
    zhs = (OPENCC / "golden" / "us_constitution_zhs.txt").read_text(encoding="utf-8")
    gold = (OPENCC / "golden" / f"us_constitution_zhs.{suffix}.txt").read_text(encoding="utf-8")
    policy = Policy(to=to).with_options("script", config=config) if config else Policy(to=to)
    assert _convert(zhs, policy, ("SCR001", "SCR002")) == gold
    assert _convert(gold, policy, ("SCR001", "SCR002")) == gold
    import opencc

    back_config = {"s2t": "t2s", "s2tw": "tw2s", "s2hk": "t2s", "s2twp": "tw2sp"}[suffix]
    back_policy = Policy(to="simplified").with_options("script", config=back_config) if suffix == "s2twp" else Policy()
    ours = _convert(gold, back_policy)
    theirs = opencc.OpenCC(back_config).convert(gold)

    def damage(a: str) -> int:
        return sum(1 for x, y in zip(a, zhs) if x != y) + abs(len(a) - len(zhs))

    assert damage(ours) <= damage(theirs)
