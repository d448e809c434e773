"""The real pre-commit, running this repository's hooks on a throwaway git repository."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DAMAGED = "正文第一段。   \n\n\n\n第二段内容。\n"
CLEAN = "正文第一段。\n\n第二段内容。\n"


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


@pytest.mark.slow
def test_pre_commit_try_repo(tmp_path):
    pre_commit = shutil.which("pre-commit") or str(Path(sys.executable).parent / "pre-commit")
    if not os.path.exists(pre_commit):
        pytest.skip("pre-commit is not installed (pip install -e '.[test]')")
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    repo = tmp_path / "corpus"
    repo.mkdir()
    _git(repo, "init", "-q")
    _git(repo, "config", "user.email", "t@example.invalid")
    _git(repo, "config", "user.name", "t")
    (repo / "damaged.txt").write_text(DAMAGED, encoding="utf-8")
    (repo / "clean.txt").write_text(CLEAN, encoding="utf-8")
    _git(repo, "add", ".")
    env = dict(os.environ, PRE_COMMIT_HOME=str(tmp_path / "pc-home"), PRE_COMMIT_COLOR="never")
    env.pop("CLEANPOLICY_STRICT", None)
    p = subprocess.run(
        [pre_commit, "try-repo", str(ROOT), "cleanpolicy", "--files", "damaged.txt", "clean.txt", "--verbose"],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert p.returncode == 1, p.stdout + p.stderr  # files were modified by the hook
    assert (repo / "damaged.txt").read_text(encoding="utf-8") == CLEAN
    assert (repo / "clean.txt").read_text(encoding="utf-8") == CLEAN
    p = subprocess.run(
        [pre_commit, "try-repo", str(ROOT), "cleanpolicy-check", "--files", "damaged.txt", "clean.txt"],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert p.returncode == 0, p.stdout + p.stderr
