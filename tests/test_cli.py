"""The command-line contract: every mode, every exit code, every error path."""

from __future__ import annotations

import io
import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleanpolicy import cli, replay

#: text with damage that default rules fix regardless of family details: trailing spaces, blank-line runs
DAMAGED = "正文第一段。   \n\n\n\n第二段内容。\n"
CLEAN = "正文第一段。\n\n第二段内容。\n"


class Run:
    def __init__(self, code: int, out: bytes, err: str) -> None:
        self.code, self.out, self.err = code, out, err

    @property
    def text(self) -> str:
        return self.out.decode("utf-8")


def run(argv, stdin: bytes = b"", monkeypatch=None) -> Run:
    """Run main() in-process with byte-level stdin/stdout."""
    fake_in = io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8")
    out_buf = io.BytesIO()
    fake_out = io.TextIOWrapper(out_buf, encoding="utf-8")
    err = io.StringIO()
    old = sys.stdin, sys.stdout, sys.stderr
    sys.stdin, sys.stdout, sys.stderr = fake_in, fake_out, err
    try:
        code = cli.main(list(argv))
        fake_out.flush()
    finally:
        sys.stdin, sys.stdout, sys.stderr = old
    return Run(code, out_buf.getvalue(), err.getvalue())


@pytest.fixture(autouse=True)
def isolated_cwd(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_stdin_filter():
    r = run(["--isolated"], DAMAGED.encode())
    assert r.code == 0
    assert r.text == CLEAN


def test_clean_text_passes_byte_identical():
    r = run([], CLEAN.encode())
    assert r.code == 0 and r.out == CLEAN.encode()


def test_empty_input_is_valid():
    r = run([], b"")
    assert r.code == 0 and r.out == b"" and r.err == ""


def test_files_in_order(tmp_path):
    (tmp_path / "a.txt").write_text("甲。\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("乙。\n", encoding="utf-8")
    r = run(["b.txt", "a.txt"])
    assert r.code == 0 and r.text == "乙。\n甲。\n"


def test_gbk_bytes_are_decoded_and_written_as_utf8():
    text = "国务院关于进一步优化营商环境的通知。\n"
    r = run([], text.encode("gb18030"))
    assert r.code == 0 and r.text == text


def test_encoding_override():
    text = "國務院關於進一步優化營商環境的通知。\n"
    r = run(["--encoding", "big5", "--to", "keep"], text.encode("big5"))
    assert r.code == 0 and r.text == text
    r = run(["--encoding", "no-such-codec"], b"x")
    assert r.code == 2 and "unknown encoding" in r.err


def test_check_exit_codes_and_format(tmp_path):
    (tmp_path / "bad.txt").write_text(DAMAGED, encoding="utf-8")
    (tmp_path / "good.txt").write_text(CLEAN, encoding="utf-8")
    r = run(["--check", "good.txt"])
    assert r.code == 0 and r.out == b""
    r = run(["--check", "bad.txt", "good.txt"])
    assert r.code == 1
    first = r.text.splitlines()[0]
    path, line, col, rest = first.split(":", 3)
    assert path == "bad.txt" and line.isdigit() and col.isdigit()
    assert rest.strip()[:6].isalnum() and rest.strip()[:3].isupper()  # "NRM00x ..."
    # nothing was written
    assert (tmp_path / "bad.txt").read_text(encoding="utf-8") == DAMAGED


def test_diff(tmp_path):
    (tmp_path / "bad.txt").write_text(DAMAGED, encoding="utf-8")
    r = run(["--diff", "bad.txt"])
    assert r.code == 1
    assert r.text.startswith("--- a/bad.txt\n+++ b/bad.txt\n")
    assert (tmp_path / "bad.txt").read_text(encoding="utf-8") == DAMAGED


def test_fix_rewrites_atomically_and_keeps_mode(tmp_path):
    bad = tmp_path / "bad.txt"
    good = tmp_path / "good.txt"
    bad.write_text(DAMAGED, encoding="utf-8")
    good.write_text(CLEAN, encoding="utf-8")
    os.chmod(bad, 0o640)
    good_mtime = good.stat().st_mtime_ns
    r = run(["--fix", "bad.txt", "good.txt"])
    assert r.code == 1
    assert bad.read_text(encoding="utf-8") == CLEAN
    assert stat.S_IMODE(bad.stat().st_mode) == 0o640
    assert good.stat().st_mtime_ns == good_mtime
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".cleanpolicy-")]
    r = run(["--fix", "bad.txt", "good.txt"])
    assert r.code == 0


def test_fix_failure_before_rename_leaves_old_file(tmp_path, monkeypatch):
    bad = tmp_path / "bad.txt"
    bad.write_text(DAMAGED, encoding="utf-8")

    def boom(*a, **k):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(cli.os, "replace", boom)
    r = run(["--fix", "bad.txt"])
    assert r.code == 2 and "cannot write" in r.err
    assert bad.read_text(encoding="utf-8") == DAMAGED
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".cleanpolicy-")]


def test_fix_read_only_file(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_text(DAMAGED, encoding="utf-8")
    os.chmod(bad, 0o444)
    r = run(["--fix", "bad.txt"])
    assert r.code == 2 and "read-only" in r.err
    assert bad.read_text(encoding="utf-8") == DAMAGED


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read any file")
def test_unreadable_file(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_text(DAMAGED, encoding="utf-8")
    os.chmod(bad, 0o000)
    r = run(["bad.txt"])
    assert r.code == 2 and "permission denied" in r.err


def test_fix_refuses_symlink_out_of_tree(tmp_path, tmp_path_factory):
    outside = tmp_path_factory.mktemp("outside") / "target.txt"
    outside.write_text(DAMAGED, encoding="utf-8")
    (tmp_path / "link.txt").symlink_to(outside)
    r = run(["--fix", "link.txt"])
    assert r.code == 2 and "symlink" in r.err
    assert outside.read_text(encoding="utf-8") == DAMAGED
    r = run(["--fix", "--follow-symlinks", "link.txt"])
    assert r.code == 1 and outside.read_text(encoding="utf-8") == CLEAN
    assert (tmp_path / "link.txt").is_symlink()


def test_fix_needs_files():
    r = run(["--fix"], DAMAGED.encode())
    assert r.code == 2 and "needs FILE" in r.err


def test_jsonl_keeps_other_fields_and_adds_cleanpolicy():
    recs = [
        {"id": 1, "text": DAMAGED, "meta": {"k": [1, 2.5, None]}, "zh": "保持"},
        {"text": CLEAN, "id": 2},
    ]
    data = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in recs).encode()
    r = run(["--jsonl"], data)
    assert r.code == 0
    out = [json.loads(line) for line in r.text.splitlines()]
    assert len(out) == 2
    assert out[0]["text"] == CLEAN and out[0]["id"] == 1 and out[0]["meta"] == {"k": [1, 2.5, None]} and out[0]["zh"] == "保持"
    assert list(out[0])[:4] == ["id", "text", "meta", "zh"]
    assert out[0]["cleanpolicy"]["changed"] is True and out[0]["cleanpolicy"]["edits"]
    assert out[1]["cleanpolicy"] == {"changed": False, "metadata": {}, "edits": {}}


def test_jsonl_field_option():
    r = run(["--jsonl", "--field", "content"], json.dumps({"content": DAMAGED}).encode() + b"\n")
    assert r.code == 0 and json.loads(r.text)["content"] == CLEAN


@pytest.mark.parametrize(
    "line, message",
    [
        (b"{not json}\n", "2: malformed JSON"),
        (b"[1, 2]\n", "2: expected a JSON object"),
        (b'{"other": "x"}\n', "2: record has no field 'text'"),
        (b'{"text": 5}\n', "2: field 'text' is int"),
    ],
)
def test_jsonl_errors_name_the_line(line, message):
    good = json.dumps({"text": CLEAN}).encode() + b"\n"
    r = run(["--jsonl"], good + line + good)
    assert r.code == 2
    assert message in r.err and r.err.count("\n") == 1 and "Traceback" not in r.err
    assert len(r.text.splitlines()) == 2  # the good records are still written


def test_segment_writes_json_articles():
    r = run(["--segment"], "关于推进新型城镇化的意见\n\n各地要加快推进新型城镇化建设。\n".encode())
    assert r.code == 0
    arts = [json.loads(line) for line in r.text.splitlines()]
    assert len(arts) >= 1
    assert {"title", "text"} <= set(arts[0])
    assert arts[0]["title"] == "关于推进新型城镇化的意见"


def test_explain_and_report_allow_replay(tmp_path):
    (tmp_path / "bad.txt").write_text(DAMAGED, encoding="utf-8")
    r = run(["--explain", "--report", "report.json", "bad.txt"])
    assert r.code == 0 and r.text == CLEAN
    assert "bad.txt:1:" in r.err
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    doc = report["documents"][0]
    assert replay(doc["original"], doc["steps"]) == CLEAN
    removed = [e["old"] for s in doc["steps"] for e in s["edits"] if e["old"] != e["new"]]
    assert removed  # the removed text can be read back from the log


def test_select_and_ignore():
    r = run(["--select", "ENC"], DAMAGED.encode())
    assert r.code == 0 and r.text == DAMAGED  # only encoding rules: whitespace untouched
    r = run(["--ignore", "NRM,SEG"], DAMAGED.encode())
    assert r.code == 0 and r.text == DAMAGED
    r = run(["--select", "NRMX"], b"x")
    assert r.code == 2 and "unknown rule code or prefix 'NRMX'" in r.err


def test_config_discovery_and_errors(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.cleanpolicy]\nignore = ["NRM", "SEG"]\n', encoding="utf-8")
    sub = tmp_path / "corpus"
    sub.mkdir()
    (sub / "a.txt").write_text(DAMAGED, encoding="utf-8")
    r = run([str(sub / "a.txt")])
    assert r.code == 0 and r.text == DAMAGED
    (tmp_path / "bad.toml").write_text('[tool.cleanpolicy]\nignor = ["NRM"]\n', encoding="utf-8")
    r = run(["--config", "bad.toml"], b"x")
    assert r.code == 2 and "bad.toml" in r.err and "ignor" in r.err and "did you mean 'ignore'" in r.err
    (tmp_path / "cleanpolicy.toml").write_text('to = "simplifed"\n', encoding="utf-8")
    r = run([str(sub / "a.txt")])
    assert r.code == 2 and "cleanpolicy.toml" in r.err and "did you mean 'simplified'" in r.err
    (tmp_path / "cleanpolicy.toml").write_text("to = [\n", encoding="utf-8")
    r = run([str(sub / "a.txt")])
    assert r.code == 2 and "invalid TOML" in r.err


@pytest.mark.parametrize(
    "argv, stdin, message",
    [
        (["missing.txt"], b"", "missing.txt: no such file"),
        (["."], b"", ".: is a directory"),
        ([], b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00" * 20, "binary"),
        (["--to", "martian"], b"", "invalid choice"),
        (["--jobs", "-3"], b"", "--jobs"),
        (["--show-rule", "XYZ999"], b"", "unknown rule code"),
    ],
)
def test_errors_are_one_line_exit_2(argv, stdin, message):
    r = run(argv, stdin)
    assert r.code == 2
    assert message in r.err
    assert r.err.count("\n") == 1 and r.err.startswith("cleanpolicy: error: ")


def test_undecodable_bytes_exit_2():
    junk = bytes(range(0x80, 0x100)) * 40
    r = run([], junk)
    assert r.code == 2 and r.err.startswith("cleanpolicy: error: ")


def test_batch_continues_after_a_bad_file(tmp_path):
    (tmp_path / "a.txt").write_text("甲。\n", encoding="utf-8")
    r = run(["missing.txt", "a.txt"])
    assert r.code == 2 and r.text == "甲。\n" and "missing.txt" in r.err


def test_version_help_and_rules():
    r = run(["--version"])
    assert r.code == 0 and r.text.startswith("cleanpolicy ")
    r = run(["--help"])
    assert r.code == 0 and "--check" in r.text and "examples:" in r.text
    r = run(["--list-rules"])
    assert r.code == 0
    codes = [line.split()[0] for line in r.text.splitlines()]
    assert codes and all(len(c) == 6 for c in codes)
    r = run(["--show-rule", codes[0].lower()])
    assert r.code == 0 and codes[0] in r.text


def test_subprocess_entry_point_and_broken_pipe(tmp_path):
    """The installed console script: a real pipe into `head -1` closes early without a traceback."""
    lines = "".join(json.dumps({"text": f"第{i}段内容。"}, ensure_ascii=False) + "\n" for i in range(3000))
    p = subprocess.run(
        f"{sys.executable} -m cleanpolicy --jsonl | head -1",
        shell=True,
        input=lines.encode(),
        capture_output=True,
        timeout=300,
    )
    assert p.returncode == 0
    assert json.loads(p.stdout.decode().splitlines()[0])["text"] == "第0段内容。"
    assert b"Traceback" not in p.stderr and b"BrokenPipe" not in p.stderr


def test_progress_bar_on_a_terminal_with_unknown_total(monkeypatch):
    # JSON Lines have no known total: the bar (tqdm, on an interactive stderr) must still count
    import io

    from cleanpolicy import cli

    class Tty(io.StringIO):
        def isatty(self):
            return True

    monkeypatch.setattr(sys, "stderr", Tty())
    out = list(cli._imap(lambda job: job * 2, iter(range(50)), 1, None, False, "records"))
    assert out == [x * 2 for x in range(50)]
    groups = list(cli._imap(lambda job: (len(job), job), iter([(1, 2), (3,)]), 1, None, False, "records", count=lambda r: r[0]))
    assert groups == [(2, (1, 2)), (1, (3,))]


def _double(job):
    return job * 2


def _die(job):
    os._exit(3)  # a worker killed mid-batch (OOM killer, kill -9)


def test_jobs_pool_keeps_order_and_reports_a_dead_worker():
    from cleanpolicy.errors import CleanpolicyError

    assert list(cli._imap(_double, iter(range(40)), 2, None, True, "records", chunk=3, warm=2)) == [x * 2 for x in range(40)]
    with pytest.raises(CleanpolicyError, match="worker process died"):
        list(cli._imap(_die, iter(range(20)), 2, None, True, "records", chunk=2, warm=0))


_LINES = st.lists(st.sampled_from([b'{"text": "a"}', b"", b"  ", b'{"text": "\\u4e2d"}\r', b"not json", "{\"text\": \"政策\"}".encode()]), max_size=40)


@settings(max_examples=200, deadline=None)
@given(lines=_LINES, final_newline=st.booleans(), size=st.sampled_from([0, 1, 7, 64, 16384]))
def test_line_blocks_give_every_line_once_with_its_number(lines: list[bytes], final_newline: bool, size: int) -> None:
    """The parent of --jobs reads whole lines as one block; the worker's split gives back each line once,
    numbered as the file numbers it."""
    data = b"\n".join(lines) + (b"\n" if final_newline and lines else b"")
    expected = data.split(b"\n")
    if data.endswith(b"\n") or not data:
        expected.pop()
    got: list[bytes] = []
    for first, block in cli._line_blocks(io.BytesIO(data), size):
        assert first == len(got) + 1
        pieces = block.split(b"\n")
        if block.endswith(b"\n"):
            pieces.pop()
        got.extend(pieces)
    assert got == expected
