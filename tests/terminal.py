"""A real pseudo-terminal running etiquette-quiz, read as a screen (pexpect + pyte)."""

from __future__ import annotations

import os
import re
import sys
import time
from pathlib import Path

import pexpect
import pyte

ROOT = Path(__file__).resolve().parent.parent
ANSI = re.compile(r"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07]*\x07|[()][0-9A-Za-z]|[=>78])")


class Terminal:
    def __init__(self, args: list[str], home: Path, columns: int = 100, rows: int = 30,
                 env: dict[str, str] | None = None) -> None:
        environment = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "COLUMNS", "LINES"))}
        environment.update({
            "ETIQUETTE_QUIZ_HOME": str(home), "PROMPT_TOOLKIT_NO_CPR": "1", "TERM": "xterm-256color",
            "LANG": "C.UTF-8", "NO_COLOR": "1",
        })
        environment.update(env or {})
        self.screen = pyte.Screen(columns, rows)
        self.stream = pyte.Stream(self.screen)
        self.child = pexpect.spawn(sys.executable, ["-m", "etiquette_quiz", *args], env=environment, cwd=str(ROOT),
                                   dimensions=(rows, columns), encoding="utf-8", codec_errors="replace")
        self.transcript: list[str] = []

    def pump(self, seconds: float = 0.05) -> None:
        deadline = time.monotonic() + seconds
        while True:
            try:
                chunk = self.child.read_nonblocking(65536, timeout=max(0.0, deadline - time.monotonic()))
            except pexpect.TIMEOUT:
                return
            except pexpect.EOF:
                return
            self.transcript.append(chunk)
            self.stream.feed(chunk)
            if time.monotonic() >= deadline:
                return

    @property
    def text(self) -> str:
        return "\n".join(line.rstrip() for line in self.screen.display)

    @property
    def everything(self) -> str:
        """All output so far, scrolled-off lines included, without escape sequences."""
        return ANSI.sub("", "".join(self.transcript))

    def wait_for(self, needle: str, timeout: float = 15.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.pump(0.05)
            if needle in self.text or needle in self.everything:
                return
            if not self.child.isalive():
                self.pump(0.2)
                if needle in self.text or needle in self.everything:
                    return
                break
        raise AssertionError(f"{needle!r} not on screen:\n{self.text}")

    def send(self, keys: str, settle: float = 0.15) -> None:
        self.child.send(keys)
        self.pump(settle)

    def exit_code(self, timeout: float = 15.0) -> int:
        deadline = time.monotonic() + timeout
        while self.child.isalive() and time.monotonic() < deadline:
            self.pump(0.1)
        self.pump(0.1)
        self.child.close()
        return self.child.exitstatus if self.child.exitstatus is not None else -(self.child.signalstatus or 0)

    def kill(self, signal_number: int) -> None:
        self.child.kill(signal_number)
        self.child.wait()
