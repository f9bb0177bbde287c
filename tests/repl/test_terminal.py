"""``aantafel coach`` in a real terminal (tmux, 80 columns): what a person sees, as they would type it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

AANTAFEL = Path(sys.executable).with_name("aantafel")


class Terminal:
    """One tmux session on a private server, 80 columns by 24 lines."""

    def __init__(self, socket: str) -> None:
        self.socket = socket

    def tmux(self, *args: str) -> str:
        done = subprocess.run(["tmux", "-L", self.socket, *args], capture_output=True, text=True, timeout=10)
        return done.stdout

    def keys(self, *keys: str) -> None:
        self.tmux("send-keys", "-t", "coach", *keys)

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", "coach")

    def wait_for(self, text: str, timeout: float = 15) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            shown = self.screen()
            if text in shown:
                return shown
            time.sleep(0.1)
        raise AssertionError(f"{text!r} did not appear; the screen shows:\n{self.screen()}")

    def running(self) -> bool:
        """The coach still runs in the pane (the pane stays after it ends, to show its last words)."""
        return self.tmux("list-panes", "-t", "coach", "-F", "#{pane_dead}").strip() == "0"


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[Terminal]:
    if shutil.which("tmux") is None:
        if os.environ.get("CI"):
            pytest.fail("tmux is missing; .ci/run installs it with apt-get")
        pytest.skip("no tmux: apt-get install tmux")
    shown = Terminal(f"aantafel-test-{os.getpid()}")
    env = {
        "AANTAFEL_DATABASE_URL": os.environ["AANTAFEL_DATABASE_URL"],
        "AANTAFEL_CACHE_DIR": os.environ["AANTAFEL_CACHE_DIR"],
        "XDG_STATE_HOME": str(tmp_path / "state"),
        "NO_COLOR": "1",
        "TERM": "xterm-256color",
    }
    command = " ".join([*(f"{name}={value}" for name, value in env.items()), str(AANTAFEL), "coach"])
    shown.tmux("new-session", "-d", "-s", "coach", "-x", "80", "-y", "24", command)
    shown.tmux("set-option", "-t", "coach", "remain-on-exit", "on")
    yield shown
    shown.tmux("kill-server")


def test_a_person_at_a_terminal_sees_the_coach_answer(terminal: Terminal) -> None:
    terminal.wait_for("Welkom! Ik help je een gesprek met de gemeente voorbereiden.")
    screen = terminal.wait_for("taal: nl · /help · Ctrl-D stopt")
    assert screen.rstrip("\n").splitlines()[-1].strip() == "taal: nl · /help · Ctrl-D stopt"  # at the bottom
    terminal.keys("/chec", "Tab")
    terminal.wait_for("> /checks")
    terminal.keys("Enter")
    terminal.wait_for("grenzen                Welke grenzen stellen jullie aan de uitkomst?")
    terminal.keys("ze worden niet concreet", "Enter")
    screen = terminal.wait_for("Meer: /show")
    assert "Wat je kunt zeggen:" in screen
    assert all(len(line) <= 80 for line in screen.splitlines())
    terminal.keys("C-d")
    terminal.wait_for("Tot ziens. Succes met het gesprek!")
    deadline = time.monotonic() + 10
    while terminal.running() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not terminal.running()
