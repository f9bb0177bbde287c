"""The coach's figures, each next to its baseline in the same run; ``perf.py`` runs this in a fresh process.

    python bench/coach.py start AANTAFEL PYTHON ROUNDS    ``aantafel coach`` in a pseudo-terminal until its
                                                          prompt is drawn, next to ``python -c pass`` (and
                                                          ``import prompt_toolkit`` for reference)
    python bench/coach.py complete LIBRARY SEED KEYS      Tab completion of item ids with every pack in
                                                          LIBRARY loaded, per keystroke, next to a plain
                                                          scan of the ids

Prints one line of JSON.
"""

from __future__ import annotations

import fcntl
import json
import os
import pty
import random
import select
import signal
import statistics
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path


def _until_prompt(command: list[str], env: dict[str, str], timeout: float = 30.0) -> float:
    """Seconds from start until the prompt is drawn after the welcome (prompt-toolkit's "> ")."""
    main, child = pty.openpty()
    fcntl.ioctl(child, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))  # a terminal of 80 x 24
    start = time.perf_counter()
    process = subprocess.Popen(
        command, stdin=child, stdout=child, stderr=child, env=env, start_new_session=True
    )
    os.close(child)
    seen = b""
    try:
        while b">" not in seen.partition(b"/help.")[2]:
            if time.perf_counter() - start > timeout:
                raise RuntimeError(f"no prompt within {timeout:.0f} s; the screen showed: {seen[-300:]!r}")
            ready, _, _ = select.select([main], [], [], 0.5)
            if ready:
                seen += os.read(main, 65536)
        return time.perf_counter() - start
    finally:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        os.close(main)


def start(aantafel: str, python: str, rounds: int) -> dict[str, object]:
    env = dict(os.environ, TERM="xterm-256color", NO_COLOR="1", PROMPT_TOOLKIT_NO_CPR="1")
    floors, starts, imports = [], [], []
    for number in range(rounds + 1):  # the first round warms the page cache and is not counted
        begin = time.perf_counter()
        subprocess.run([python, "-c", "pass"], check=True)
        floor = time.perf_counter() - begin
        begin = time.perf_counter()
        subprocess.run([python, "-c", "import prompt_toolkit"], check=True)
        imported = time.perf_counter() - begin
        started = _until_prompt([aantafel, "coach", "--no-history"], env)
        if number:
            floors.append(floor)
            imports.append(imported)
            starts.append(started)
    return {
        "floor": statistics.median(floors),
        "start": statistics.median(starts),
        "import": statistics.median(imports),
        "rounds": rounds,
    }


def complete(library: Path, seed: int, keys: int) -> dict[str, object]:
    from prompt_toolkit.completion import CompleteEvent
    from prompt_toolkit.document import Document

    from aantafel import load_library
    from aantafel_repl.plugin import make_coach
    from aantafel_repl.session import CoachCompleter

    begin = time.perf_counter()
    loaded = load_library(
        packs=sorted(path for path in library.iterdir() if path.is_dir()), entry_points=False
    )
    load_seconds = time.perf_counter() - begin
    language = loaded.languages[0]
    coach = make_coach(loaded, language)
    completer = CoachCompleter(coach)
    ids = [item.id for item in loaded.items(language)]
    rng = random.Random(seed)
    event = CompleteEvent(completion_requested=True)
    subject, baseline = [], []
    first = time.perf_counter()
    list(completer.get_completions(Document("/show "), event))  # the first Tab sorts the ids once
    first_seconds = time.perf_counter() - first
    for _ in range(keys):
        target = rng.choice(ids)
        typed = target[: rng.randint(1, len(target))]  # somewhere while typing an id
        begin = time.perf_counter()
        offered = [c.text for c in completer.get_completions(Document(f"/show {typed}"), event)]
        subject.append(time.perf_counter() - begin)
        begin = time.perf_counter()
        scanned = [item for item in ids if item.startswith(typed)]
        baseline.append(time.perf_counter() - begin)
        if target not in offered and len(scanned) <= CoachCompleter.SHOWN:
            raise RuntimeError(f"completing {typed!r} did not offer {target!r}")
    return {
        "items": len(ids),
        "load_seconds": load_seconds,
        "first_seconds": first_seconds,
        "median": statistics.median(subject),
        "p90": statistics.quantiles(subject, n=10)[-1],
        "baseline": statistics.median(baseline),
    }


if __name__ == "__main__":
    mode, *rest = sys.argv[1:]
    if mode == "start":
        result = start(rest[0], rest[1], int(rest[2]))
    elif mode == "complete":
        result = complete(Path(rest[0]), int(rest[1]), int(rest[2]))
    else:
        raise SystemExit(__doc__)
    print(json.dumps(result))
