"""The web page under load: each page next to Flask's hello-world served the same way, in the same run.

wrk (Debian's package) sends requests over 16 connections from 2 threads for a fixed time per page. Under
waitress the page runs as ``aantafel serve`` runs it and hello-world with the same server settings; under
gunicorn both run as the README hosts the page for a group (2 sync workers). A hello-world run goes before
each page's run, so drift of the machine falls on both; each page is compared with the median of those.
The dossier page shows one dossier of a store that ``own_search.py web`` filled (10 meetings with Dutch
notes, half of them with moves, and 20 agreements per dossier, and their search rows). Then the pages no
cache can answer (``Varied``): a search and a "Vastgelopen?" question nobody asked before in every request,
the search's words those of the dossiers (so it finds some of them as well as pack items), and every
request another dossier's page, of all the dossiers in the store, with a new saved-cookie so the page
memory has never kept it. Server start is ``aantafel serve`` until its first 200, next to ``python -c
pass``.
"""

from __future__ import annotations

import contextlib
import os
import random
import re
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import IO, NamedTuple

PAGES = {
    "home": "/",
    "item page": "/item/niet-concreet",
    "search": "/search?q=afspraken+maken",
    "stuck": "/stuck?situation=ze+blijven+maar+vaag+en+beloven+niks",
    "dossier page": "/dossiers/{dossier}",
}
CONNECTIONS = 16
THREADS = 2
BROWSER = {  # what a phone's browser sends with every page, so the language is chosen as for a person
    "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
    "Accept-Language": "nl-NL,nl;q=0.9,en-US;q=0.8,en;q=0.7",
    "Accept-Encoding": "gzip, deflate, br, zstd",
    "User-Agent": "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131 Mobile",
}
THROUGHPUT_TARGET = 0.6  # of hello-world's requests per second, at least
TAIL_TARGET = 1.2  # times hello-world's p99, at most
START_TARGET = 25.0  # times the interpreter floor, at most
UNCACHED_THROUGHPUT = 0.4  # issue 15: the pages no cache can answer, of hello-world's requests per second
UNCACHED_TAIL = 2.5  # and times hello-world's p99
VARIED = Path(__file__).with_name("varied.lua")
PATHS = Path(__file__).with_name("paths.lua")
UNITS = {"us": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0}


class Load(NamedTuple):
    per_second: float
    p50: float
    p99: float
    requests: int
    failed: int  # socket errors and answers other than 2xx/3xx


def parse_wrk(text: str) -> Load:
    """The figures of one ``wrk --latency`` report."""

    def seconds(value: str) -> float:
        number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value).groups()  # type: ignore[union-attr]
        return float(number) * UNITS[unit]

    percentiles = dict(re.findall(r"^\s+(50|99)%\s+(\S+)\s*$", text, re.M))  # "1.36s " ends in a space
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    requests = re.search(r"^\s+(\d+) requests in", text, re.M)
    per_second = re.search(r"^Requests/sec:\s+([\d.]+)", text, re.M)
    if not (requests and per_second and {"50", "99"} <= percentiles.keys()):
        raise RuntimeError(f"wrk printed no figures:\n{text[-1000:]}")
    return Load(
        per_second=float(per_second.group(1)),
        p50=seconds(percentiles["50"]),
        p99=seconds(percentiles["99"]),
        requests=int(requests.group(1)),
        failed=(sum(map(int, errors.groups())) if errors else 0) + (int(non_2xx.group(1)) if non_2xx else 0),
    )


class Varied(NamedTuple):
    """A page no cache can answer: what wrk's script needs to ask something new in every request."""

    script: Path
    args: tuple[str, ...]


def varied_pages(queries: Path, dossiers: Path) -> dict[str, Varied]:
    """The uncached pages: ``queries`` and ``dossiers`` are files of addresses, one a line."""
    from aantafel_web.memory import SAVED_COOKIE  # the web page's own name, never a copy

    return {
        "search (new each time)": Varied(PATHS, (str(queries), str(THREADS))),
        "stuck (new each time)": Varied(VARIED, (PAGES["stuck"],)),
        "dossier page (a different dossier each time)": Varied(
            PATHS, (str(dossiers), str(THREADS), SAVED_COOKIE)
        ),
    }


def wrk(url: str, seconds: float, varied: Varied | None = None, cookie: str = "") -> Load:
    """Load ``url`` for ``seconds`` over CONNECTIONS connections; bounded by wrk's own clock and a timeout.
    With ``varied``, every request asks something new; with ``cookie`` (``name=value``), every request is
    of someone signed in."""
    script = ["-s", str(varied.script), url, "--", *varied.args] if varied else [url]
    sent = {**BROWSER, "Cookie": cookie} if cookie else BROWSER
    headers = [part for name, value in sent.items() for part in ("-H", f"{name}: {value}")]
    done = subprocess.run(
        [
            "wrk",
            f"-t{THREADS}",
            f"-c{CONNECTIONS}",
            f"-d{seconds:g}s",
            "--latency",
            "--timeout",
            "5s",
            *headers,
            *script,
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=seconds + 30,
    )
    if done.returncode != 0:
        raise RuntimeError(f"wrk {url} failed: {(done.stderr or done.stdout).strip()[-500:]}")
    return parse_wrk(done.stdout)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def first_answer(url: str, process: subprocess.Popen[bytes], log: IO[bytes], timeout: float = 60.0) -> None:
    """Wait until ``url`` answers 200; fail with the server's words when it exits or takes too long."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log.seek(0)
            output = log.read().decode(errors="replace").strip()[-800:]
            raise RuntimeError(f"the server exited with {process.returncode}: {output}")
        with contextlib.suppress(OSError), urllib.request.urlopen(url, timeout=5) as answer:
            if answer.status == 200:
                return
        time.sleep(0.005)
    raise RuntimeError(f"{url} did not answer within {timeout:.0f} s")


class Served(NamedTuple):
    seconds: float  # from start to the first 200
    process: subprocess.Popen[bytes]  # leads its own process group


@contextlib.contextmanager
def serving(command: Sequence[str | Path], url: str, env: Mapping[str, str]) -> Iterator[Served]:
    """Run a server until the block ends, in a process group of its own, and stop the whole group then (it
    may be SIGKILLed already); yields it once it answered 200 at ``url``."""
    with tempfile.TemporaryFile() as log:  # not a pipe: waitress warns of deep queues; a full pipe stalls it
        start = time.perf_counter()
        process = subprocess.Popen(
            [str(part) for part in command],
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=log,
            start_new_session=True,  # `uv run` and gunicorn start children: stop the whole group
        )
        try:
            first_answer(url, process, log)
            yield Served(time.perf_counter() - start, process)
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def a_dossier(database: Path) -> str:
    """The id of the first dossier in a store that ``dossiers.py build`` filled."""
    with contextlib.closing(sqlite3.connect(database)) as connection:
        row = connection.execute("SELECT id FROM dossiers ORDER BY id LIMIT 1").fetchone()
    return str(row[0])


def dossier_pages(database: Path, file: Path) -> int:
    """Write the address of every dossier's page to ``file``, in a shuffled but fixed order; how many."""
    with contextlib.closing(sqlite3.connect(database)) as connection:
        ids = [row[0] for row in connection.execute("SELECT id FROM dossiers ORDER BY id")]
    random.Random(len(ids)).shuffle(ids)
    file.write_text("".join(f"/dossiers/{dossier_id}\n" for dossier_id in ids))
    return len(ids)


def servers(python: Path, aantafel: Path, bench: Path) -> dict[str, dict[str, list[str]]]:
    """For each server, the commands for hello-world and for the page; ``{port}`` still to fill in."""
    gunicorn = [
        "uv",
        "run",
        "--quiet",
        "--with",
        "gunicorn>=23",
        "gunicorn",
        "-w",
        "2",
        "-b",
        "127.0.0.1:{port}",
    ]
    return {
        "waitress": {
            "hello": [str(python), str(bench / "hello.py"), "{port}"],
            "page": [str(aantafel), "serve", "--port", "{port}"],
        },
        "gunicorn": {
            "hello": [*gunicorn, "--chdir", str(bench), "hello:app"],
            "page": [*gunicorn, "aantafel_web.app:create_app()"],
        },
    }


def load_figures(
    commands: Mapping[str, list[str]],
    dossier: str,
    seconds: float,
    env: Mapping[str, str],
    varied: Mapping[str, Varied],
) -> tuple[list[Load], dict[str, Load]]:
    """Hello-world runs, and one run per page, each page right after a hello-world run; then the pages of
    ``varied``, which no cache can answer."""
    ports = {role: free_port() for role in commands}
    urls = {role: f"http://127.0.0.1:{port}" for role, port in ports.items()}
    filled = {role: [part.format(port=ports[role]) for part in command] for role, command in commands.items()}
    hello_runs: list[Load] = []
    pages: dict[str, Load] = {}
    with serving(filled["hello"], urls["hello"] + "/", env), serving(filled["page"], urls["page"] + "/", env):
        for path in PAGES.values():  # a 200 first, then warm up: first renders compile templates
            check_answers(urls["page"] + path.format(dossier=dossier))
            wrk(urls["page"] + path.format(dossier=dossier), 1)
        wrk(urls["hello"] + "/", 1)
        for page, path in PAGES.items():
            hello_runs.append(wrk(urls["hello"] + "/", seconds))
            pages[page] = wrk(urls["page"] + path.format(dossier=dossier), seconds)
        for page, how in varied.items():
            hello_runs.append(wrk(urls["hello"] + "/", seconds))
            pages[page] = wrk(urls["page"] + "/", seconds, varied=how)
    return hello_runs, pages


def start_times(
    aantafel: Path, python: Path, rounds: int, env: Mapping[str, str]
) -> tuple[list[float], list[float]]:
    """``aantafel serve`` until its first 200, interleaved with the interpreter floor."""
    floors: list[float] = []
    starts: list[float] = []
    for _ in range(rounds + 1):  # the first round warms the page cache and is not counted
        start = time.perf_counter()
        subprocess.run([str(python), "-c", "pass"], check=True)
        floor = time.perf_counter() - start
        port = free_port()
        with serving([aantafel, "serve", "--port", str(port)], f"http://127.0.0.1:{port}/", env) as started:
            floors.append(floor)
            starts.append(started.seconds)
    return floors[1:], starts[1:]


def median_load(runs: Sequence[Load]) -> Load:
    return Load(
        per_second=statistics.median(run.per_second for run in runs),
        p50=statistics.median(run.p50 for run in runs),
        p99=statistics.median(run.p99 for run in runs),
        requests=sum(run.requests for run in runs),
        failed=sum(run.failed for run in runs),
    )


def wrk_installed() -> bool:
    return shutil.which("wrk") is not None


def check_answers(url: str) -> None:
    """A page that answers with an error would be fast for the wrong reason: make sure it is a 200."""
    try:
        with urllib.request.urlopen(url, timeout=10) as answer:
            if answer.status != 200:
                raise RuntimeError(f"{url} answered {answer.status}")
    except urllib.error.HTTPError as exc:
        raise RuntimeError(f"{url} answered {exc.code}") from None
