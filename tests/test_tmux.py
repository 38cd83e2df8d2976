"""One run in a real terminal emulator (tmux), read back with capture-pane: Chinese lines up."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import time
import uuid

import pytest
from wcwidth import wcswidth

from etiquette_quiz.banks import load_paths
from etiquette_quiz.session import draw_practice, layout_for

from .conftest import DATA
from .quizkeys import right_keys

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")


def capture(session: str) -> list[str]:
    out = subprocess.run(["tmux", "capture-pane", "-p", "-t", session], capture_output=True, text=True, check=True)
    return out.stdout.splitlines()


def wait_for(session: str, needle: str, timeout: float = 15) -> list[str]:
    """The screen once `needle` is on it and it has stopped changing (a loaded machine draws slowly)."""
    deadline = time.monotonic() + timeout
    previous: list[str] = []
    while time.monotonic() < deadline:
        lines = capture(session)
        if any(needle in line for line in lines) and lines == previous:
            return lines
        previous = lines
        time.sleep(0.2)
    raise AssertionError(f"{needle!r} not on screen:\n" + "\n".join(capture(session)))


def box_widths(lines: list[str]) -> set[int]:
    """Display widths of the lines of every rich panel on screen."""
    return {wcswidth(line.rstrip()) for line in lines if line.startswith(("╭", "│", "╰"))}


@pytest.mark.parametrize(("columns", "rows"), [(100, 30), (80, 24)])
def test_practice_in_tmux_keeps_chinese_aligned(tmp_path, columns, rows):
    home = tmp_path / "home"
    home.mkdir()
    (home / "config.toml").write_text('trainee = "陈晓"\n', encoding="utf-8")
    session = f"eq-{uuid.uuid4().hex[:8]}"
    command = " ".join(shlex.quote(part) for part in [
        "env", "-u", "COLUMNS", "-u", "LINES", f"ETIQUETTE_QUIZ_HOME={home}", "LANG=C.UTF-8", sys.executable, "-m", "etiquette_quiz",
        "--banks", str(DATA), "--lang", "zh-CN", "practice", "--bank", "sample", "--count", "2", "--seed", "4",
    ]) + "; sleep 30"
    subprocess.run(["tmux", "new-session", "-d", "-x", str(columns), "-y", str(rows), "-s", session, command],
                   check=True, env={**os.environ, "TMUX": ""})
    try:
        first, second = draw_practice([q for q in LIBRARY.questions if q.bank == "sample"], 2, 4)
        lines = wait_for(session, "第 1/2 题")
        assert box_widths(lines) == {columns}
        assert all(wcswidth(line) <= columns for line in lines)
        for keys in right_keys(first, layout_for(first, 4)):
            subprocess.run(["tmux", "send-keys", "-t", session, "-l", keys], check=True)
            time.sleep(0.2)
        lines = wait_for(session, "回答正确")
        assert any(line.lstrip().startswith("出处：") for line in lines)
        subprocess.run(["tmux", "send-keys", "-t", session, " "], check=True)
        lines = wait_for(session, "第 2/2 题")
        assert box_widths(lines) == {columns}
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)


LIBRARY = load_paths([DATA]).library
