"""Issue 12's limits under load, measured against ``aantafel serve``; ``perf.py --only limits`` prints them.

- Long lists: ``/dossiers/`` and the page three quarters down the list, in stores of 1,000 and 10,000
  dossiers (``dossiers.py build``), each under wrk right after a hello-world run (``web.py``). With 2,700
  dossiers on one page the list once ran at 32 req/s; a page of fifty should cost about the same at any size.
- The page memory's bound: the attack that grew a server from 204 MB to 1.48 GB, a dossier page of over a
  megabyte fetched as ``?v=1 … ?v=300`` (one kept page: ``v`` is no key argument) and as ``?q=1 … ?q=300``
  (300 pages: ``q`` is one), with the resident memory of the waitress process read before and after.
- Load and kill: client threads create dossiers, each with an agreement, through the web forms; the
  server's process group is SIGKILLed halfway. Every write that got its 303 must be in the database after.

Everything runs in temporary folders; servers are stopped when their block ends, requests and waits have
timeouts, and the number of requests is bounded.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import random
import secrets
import signal
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import NamedTuple
from urllib.parse import urlencode, urlsplit

from synthetic import REAL_WORDS
from web import BROWSER, Load, Served, check_answers, free_port, serving, wrk

from aantafel_web.paging import SIZE as PAGE_SIZE

DATABASE_VARIABLE = "AANTAFEL_DATABASE_URL"  # aantafel.dossiers.store's; not imported, to keep this light
LIST_SIZES = (1_000, 10_000)
LIST_MEETINGS = 1  # per dossier, and
LIST_AGREEMENTS = 2  # agreements: enough for the list's "next meeting" and "late" columns, quick to build
GROWTH_MARGIN = 1.25
"""How much more than the baseline a server may grow under the attack, in BYTES: the kept pages, and a
quarter more for the objects around them and the arenas they fragment. The baseline, what making the
same pages costs a server that keeps none (what malloc holds on to of pages made and dropped), was about
BYTES again here, so a fixed target such as 2x BYTES would leave no room."""
BIG_AGREEMENTS = 30
"""Agreements of nearly TEXT_LIMIT characters on the attacked dossier page: each shows its text twice (and
in the link's label), so the page is about 1.2 MB, under the memory's LARGEST page (2 MB), hence kept."""
TEXT_LIMIT = 20_000  # aantafel.dossiers.model.TEXT_LIMIT
ATTACK_REQUESTS = 300  # per phase, as in the attack
ATTACK_THREADS = 4
WRITERS = 8
TIMEOUT = 30.0  # seconds any one request may take
SAME_SITE = {"Sec-Fetch-Site": "same-origin"}  # what a browser sends with a form of this site (csrf.py)


# Long lists -----------------------------------------------------------------------------------------------


class ListLoad(NamedTuple):
    dossiers: int
    path: str
    load: Load


def list_paths(dossiers: int) -> tuple[str, str]:
    """The first page of the list and the page three quarters down it (page 150 of 200 at 10,000)."""
    return "/dossiers/", f"/dossiers/?page={dossiers * 3 // 4 // PAGE_SIZE}"


def list_figures(
    commands: Mapping[str, list[str]], stores: Mapping[int, Path], seconds: float, env: Mapping[str, str]
) -> tuple[list[Load], list[ListLoad]]:
    """Hello-world runs and, each right after one, wrk on both pages of every store: the same page at each
    size one after the other, so drift of the machine falls on both alike. ``commands``: ``web.servers``'s
    for waitress."""
    hello_url = f"http://127.0.0.1:{free_port()}"
    urls = {dossiers: f"http://127.0.0.1:{free_port()}" for dossiers in stores}
    hello_runs: list[Load] = []
    loads: list[ListLoad] = []
    with contextlib.ExitStack() as running:
        running.enter_context(serving(_filled(commands["hello"], hello_url), hello_url + "/", env))
        for dossiers, database in stores.items():
            own = dict(env, **{DATABASE_VARIABLE: f"sqlite:///{database}"})
            command = _filled(commands["page"], urls[dossiers])
            running.enter_context(serving(command, urls[dossiers] + "/dossiers/", own))
            for path in list_paths(dossiers):  # a 200 first, then warm up: the first render compiles
                check_answers(urls[dossiers] + path)
                wrk(urls[dossiers] + path, 1)
        wrk(hello_url + "/", 1)
        for page in range(2):
            for dossiers in stores:
                path = list_paths(dossiers)[page]
                hello_runs.append(wrk(hello_url + "/", seconds))
                loads.append(ListLoad(dossiers, path, wrk(urls[dossiers] + path, seconds)))
    return hello_runs, loads


def _serve(
    aantafel: Path, port: int, database_url: str, env: Mapping[str, str]
) -> contextlib.AbstractContextManager[Served]:
    """``aantafel serve`` on ``port`` and the database, once its list of dossiers answered: the store is
    open then (the first request that opens it takes seconds), so the figures measure no start."""
    own = dict(env, **{DATABASE_VARIABLE: database_url})
    return serving([aantafel, "serve", "--port", str(port)], f"http://127.0.0.1:{port}/dossiers/", own)


def _filled(command: Sequence[str], url: str) -> list[str]:
    return [part.format(port=urlsplit(url).port) for part in command]


# The page memory under the attack -----------------------------------------------------------------------


class Memory(NamedTuple):
    page_bytes: int
    kept: bool  # whether the page came back from memory (with an ETag), so the attack reaches the memory
    before_kb: int  # VmRSS once the page was made once
    after_same_kb: int  # after ?v=1 … ?v=N
    after_half_kb: int  # after ?q=1 … ?q=N/2 as well: the memory has long been full
    after_new_kb: int  # after ?q=N/2+1 … ?q=N too: what it grew by meanwhile, it grows by for ever
    peak_kb: int  # VmHWM: the most it ever held, start-up included
    answered: int  # 200s of the 2N requests
    seconds: float
    unkept_kb: int  # growth of another server making the page N/2 times, never kept (``?lang=``)


def memory_figures(aantafel: Path, scratch: Path, env: Mapping[str, str], seed: int) -> Memory:
    """The attack's phases against a fresh store with one dossier of BIG_AGREEMENTS long agreements, after
    the baseline: what making such pages costs a server when none is kept."""
    half = ATTACK_REQUESTS // 2
    with _big_page(aantafel, scratch / "unkept.sqlite", env, seed) as (url, pid):
        before = _status(pid)["VmRSS"]
        _fetch_all([f"{url}?lang=nl&q={n}" for n in range(1, half + 1)])  # language chosen: never kept
        unkept = _status(pid)["VmRSS"] - before
    with _big_page(aantafel, scratch / "memory.sqlite", env, seed) as (url, pid):
        with urllib.request.urlopen(url, timeout=TIMEOUT) as answer:
            page_bytes = len(answer.read())
        with urllib.request.urlopen(url, timeout=TIMEOUT) as answer:
            kept = answer.headers.get("ETag") is not None
        before = _status(pid)["VmRSS"]
        start = time.perf_counter()
        answered = _fetch_all([f"{url}?v={n}" for n in range(1, ATTACK_REQUESTS + 1)])
        after_same = _status(pid)["VmRSS"]
        answered += _fetch_all([f"{url}?q={n}" for n in range(1, half + 1)])
        after_half = _status(pid)["VmRSS"]
        answered += _fetch_all([f"{url}?q={n}" for n in range(half + 1, ATTACK_REQUESTS + 1)])
        seconds = time.perf_counter() - start
        status = _status(pid)
    return Memory(
        page_bytes,
        kept,
        before,
        after_same,
        after_half,
        status["VmRSS"],
        status["VmHWM"],
        answered,
        seconds,
        unkept,
    )


@contextlib.contextmanager
def _big_page(aantafel: Path, database: Path, env: Mapping[str, str], seed: int) -> Iterator[tuple[str, int]]:
    """A server with one dossier of BIG_AGREEMENTS agreements of TEXT_LIMIT characters, added through the
    forms; yields the URL of its page, made once, and the pid of the process that serves it."""
    port = free_port()
    with _serve(aantafel, port, f"sqlite:///{database}", env) as served:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)
        with contextlib.closing(connection):
            page = _post(connection, "/dossiers/new", {"title": "Lange afspraken"})
            if page is None:
                raise RuntimeError("the server did not create the dossier for the memory figure")
            rng = random.Random(seed)
            for _ in range(BIG_AGREEMENTS):
                if _post(connection, page + "/agreements/new", {"what": _text(rng, TEXT_LIMIT)}) is None:
                    raise RuntimeError("the server did not add an agreement for the memory figure")
        url = f"http://127.0.0.1:{port}{page}"
        check_answers(url)  # templates compiled, the page made once
        yield url, _server_pid(served.process.pid)


def _text(rng: random.Random, limit: int) -> str:
    """Dutch words up to ``limit`` characters."""
    words: list[str] = []
    length = -1
    while True:
        word = rng.choice(REAL_WORDS)
        if length + 1 + len(word) > limit:
            return " ".join(words)
        words.append(word)
        length += 1 + len(word)


def _fetch_all(urls: Sequence[str]) -> int:
    """Fetch ``urls`` as a browser would (gzip accepted, so kept pages hold their gzip copy too) over
    ATTACK_THREADS threads; how many answered 200."""

    def fetch(url: str) -> bool:
        asked = urllib.request.Request(url, headers=BROWSER)
        try:
            with urllib.request.urlopen(asked, timeout=TIMEOUT) as answer:
                answer.read()
                return bool(answer.status == 200)
        except (urllib.error.URLError, OSError):
            return False

    with ThreadPoolExecutor(ATTACK_THREADS) as pool:
        return sum(pool.map(fetch, urls))


def _server_pid(pid: int) -> int:
    """The process that serves: ``pid``'s youngest descendant (``aantafel serve`` itself here, but a launcher
    such as ``uv run`` would put the server one level down)."""
    while True:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        if not children:
            return pid
        pid = int(children[-1])


def _status(pid: int) -> dict[str, int]:
    """The kB figures of /proc/<pid>/status (VmRSS, VmHWM, …)."""
    figures: dict[str, int] = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if value.strip().endswith(" kB"):
            figures[name] = int(value.split()[0])
    return figures


# Load and kill ------------------------------------------------------------------------------------------


class Killed(NamedTuple):
    acknowledged: int  # writes answered with a 303
    stored: int  # of the writes sent, those in the database after the kill
    lost: int  # acknowledged but not stored: must be 0
    in_flight: int  # stored but never acknowledged: sent when the server died
    refused: int  # answers other than 303, and failures, before the kill
    seconds: float  # of load before the kill
    restart: float  # seconds until the restarted server answered /dossiers/ with a 200
    integrity: str  # SQLite's integrity_check after the kill; "" for PostgreSQL


class Writer(threading.Thread):
    """Creates dossiers, each with an agreement, through the forms until the deadline or the kill; keeps
    what each write was called and whether it was acknowledged."""

    def __init__(self, number: int, port: int, killed: threading.Event, deadline: float) -> None:
        super().__init__(name=f"writer-{number}", daemon=True)
        self.number = number
        self.port = port
        self.killed = killed
        self.deadline = deadline
        self.sent: set[str] = set()
        self.acknowledged: set[str] = set()
        self.refused = 0

    def run(self) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=TIMEOUT)
        written = 0
        while time.monotonic() < self.deadline and not self.killed.is_set():
            title = f"Dossier {self.number}-{written}"
            what = f"Afspraak {self.number}-{written}"
            written += 1
            try:
                self.sent.add(title)
                dossier = _post(connection, "/dossiers/new", {"title": title})
                if dossier is None:
                    self.refused += 1
                    continue
                self.acknowledged.add(title)
                self.sent.add(what)
                if _post(connection, dossier + "/agreements/new", {"what": what}) is None:
                    self.refused += 1
                    continue
                self.acknowledged.add(what)
            except (OSError, http.client.HTTPException):
                connection.close()  # it reconnects on the next request
                if not self.killed.is_set():
                    self.refused += 1
        connection.close()


def _post(connection: http.client.HTTPConnection, path: str, fields: Mapping[str, str]) -> str | None:
    """POST a form as a browser of this site does; the path it redirects to on a 303, else None."""
    connection.request(
        "POST",
        path,
        body=urlencode(fields),
        headers={"Content-Type": "application/x-www-form-urlencoded", **SAME_SITE},
    )
    answer = connection.getresponse()
    answer.read()
    location = answer.getheader("Location")
    if answer.status != 303 or location is None:
        return None
    return urlsplit(location).path


def kill_figures(aantafel: Path, database_url: str, seconds: float, env: Mapping[str, str]) -> Killed:
    """WRITERS threads writing for ``seconds``, the server's process group SIGKILLed halfway; then the
    server is started again on the same database and what it holds is compared with what was answered."""
    port = free_port()
    killed = threading.Event()
    with _serve(aantafel, port, database_url, env) as served:
        start = time.monotonic()
        writers = [Writer(number, port, killed, start + seconds) for number in range(WRITERS)]
        for writer in writers:
            writer.start()
        time.sleep(seconds / 2)
        killed.set()
        os.killpg(served.process.pid, signal.SIGKILL)
        loaded = time.monotonic() - start
        for writer in writers:
            writer.join(timeout=TIMEOUT + 5)
    if any(writer.is_alive() for writer in writers):
        raise RuntimeError("a writer still waited for an answer from the killed server")
    with _serve(aantafel, free_port(), database_url, env) as again:
        restart = again.seconds
    sent = set().union(*(writer.sent for writer in writers))
    acknowledged = set().union(*(writer.acknowledged for writer in writers))
    stored, integrity = _stored(database_url)
    stored &= sent
    return Killed(
        acknowledged=len(acknowledged),
        stored=len(stored),
        lost=len(acknowledged - stored),
        in_flight=len(stored - acknowledged),
        refused=sum(writer.refused for writer in writers),
        seconds=loaded,
        restart=restart,
        integrity=integrity,
    )


def _stored(database_url: str) -> tuple[set[str], str]:
    """The titles of the dossiers and the texts of the agreements in the database, and SQLite's verdict on
    its file."""
    from sqlalchemy import create_engine, select, text

    from aantafel.dossiers.schema import agreements, dossiers

    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            found = set(connection.execute(select(dossiers.c.title)).scalars())
            found |= set(connection.execute(select(agreements.c.what)).scalars())
            sqlite = engine.dialect.name == "sqlite"
            integrity = str(connection.execute(text("PRAGMA integrity_check")).scalar()) if sqlite else ""
    finally:
        engine.dispose()
    return found, integrity


@contextlib.contextmanager
def postgres_schema(server: str) -> Iterator[str]:
    """A URL to a fresh schema on ``server``, dropped with all it holds when the block ends (as the tests'
    ``database_url`` fixture does)."""
    from sqlalchemy import create_engine, text

    schema = f"bench_{secrets.token_hex(4)}"
    admin = create_engine(server)
    try:
        with admin.begin() as connection:
            connection.execute(text(f"CREATE SCHEMA {schema}"))
        separator = "&" if "?" in server else "?"
        try:
            yield f"{server}{separator}options=-csearch_path%3D{schema}"
        finally:
            with admin.begin() as connection:
                connection.execute(text(f"DROP SCHEMA {schema} CASCADE"))
    finally:
        admin.dispose()
