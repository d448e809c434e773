"""Generated documentation is current, and the README's commands are the ones CI runs."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_rule_catalogue_is_current():
    p = subprocess.run([sys.executable, str(ROOT / "scripts" / "gen_rule_docs.py"), "--check"], capture_output=True, text=True)
    assert p.returncode == 0, p.stderr


def test_every_rule_in_changelog():
    from cleanpolicy.registry import all_rules

    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    missing = [r.code for r in all_rules() if r.code not in changelog]
    assert not missing, f"rules not mentioned in CHANGELOG.md: {missing}"


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    blocks = readme.split("```")
    commands = [b.split("\n", 1)[1].strip() for b in blocks[1::2] if b.startswith(("sh", "bash"))]
    test_cmd = next(c for c in commands if "pytest" in c)
    assert test_cmd in ci
