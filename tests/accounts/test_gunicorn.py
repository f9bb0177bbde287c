"""Accounts mode as it is hosted: gunicorn with two workers on PostgreSQL, each with its own page memory.

What one worker knows (a sign-in, a save, signing out everywhere) holds on the other, because every worker
asks the database: sessions are rows, and a kept page is checked against ``Store.last_change`` at most
``CHECK_EVERY`` seconds after it was last checked. Requests go out four at a time, each on a new connection,
so both workers answer (gunicorn's access log names the process of every answer), and every answer must be
right. The server runs with the real argon2, so there are only a few sign-ins.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import NamedTuple
from urllib.parse import urlencode

import pytest

from aantafel.dossiers.store import Store
from aantafel_web.accounts import SESSION_COOKIE
from aantafel_web.dossiers import CHECK_EVERY
from tests.accounts import PASSWORD, Team, acting
from tests.web import SAME

WORKERS = 2
ROUNDS = 40  # requests per check, CONCURRENT at a time: enough that both workers answer many of them
CONCURRENT = 4
TIMEOUT = 10.0  # seconds any one request may take
START = 60.0  # seconds the workers may take to start

pytestmark = pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)


class Answer(NamedTuple):
    status: int
    location: str
    body: str
    cookie: str | None  # the session cookie it set


class Server(NamedTuple):
    port: int
    log: Path  # gunicorn's access log: the process id and status of every answer

    def ask(self, path: str, cookie: str | None = None, form: dict[str, str] | None = None) -> Answer:
        """One request on a new connection (so any worker may take it); a form is POSTed as a page of
        this site does."""
        headers = {"Cookie": f"{SESSION_COOKIE}={cookie}"} if cookie else {}
        if form is not None:
            headers |= {**SAME, "Content-Type": "application/x-www-form-urlencoded"}
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=TIMEOUT)
        with contextlib.closing(connection):
            connection.request(
                "GET" if form is None else "POST",
                path,
                body=None if form is None else urlencode(form),
                headers=headers,
            )
            answer = connection.getresponse()
            body = answer.read().decode()
            set_cookies = answer.headers.get_all("Set-Cookie") or []
        made = next(
            (c.split(";")[0].split("=", 1)[1] for c in set_cookies if c.startswith(SESSION_COOKIE)), None
        )
        return Answer(answer.status, answer.getheader("Location", ""), body, made)

    def everywhere(self, path: str, cookie: str) -> list[Answer]:
        """``path`` asked ROUNDS times, CONCURRENT at a time, each on a new connection."""
        with ThreadPoolExecutor(CONCURRENT) as pool:
            return list(pool.map(lambda _: self.ask(path, cookie), range(ROUNDS)))

    def sign_in(self, login: str) -> str:
        answer = self.ask("/sign-in", form={"login": login, "password": PASSWORD})
        assert answer.status == 303, answer.body
        assert answer.cookie is not None
        return answer.cookie

    def workers_that_answered(self) -> set[str]:
        return set(re.findall(r"^<(\d+)> ", self.log.read_text(), re.M))


@pytest.fixture
def server(database_url: str, team: Team, tmp_path: Path) -> Iterator[Server]:
    """``gunicorn -w 2`` serving ``create_app()`` in accounts mode on the test's PostgreSQL schema, set up
    by the environment only, as docs/hosting.md does."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    log, errors = tmp_path / "access.log", tmp_path / "gunicorn.log"
    env = dict(
        os.environ,
        AANTAFEL_ACCOUNTS="on",
        AANTAFEL_DATABASE_URL=database_url,
        AANTAFEL_SECRET_KEY=secrets.token_hex(32),
        AANTAFEL_PUBLIC_URL=f"http://127.0.0.1:{port}",
    )
    command = [
        *(sys.executable, "-m", "gunicorn", "-w", str(WORKERS), "-b", f"127.0.0.1:{port}", "--timeout", "30"),
        *(
            "--access-logfile",
            str(log),
            "--access-logformat",
            "%(p)s %(s)s %(r)s",
            "--error-logfile",
            str(errors),
        ),
        "aantafel_web.app:create_app()",
    ]
    process = subprocess.Popen(
        command, env=env, cwd=tmp_path, stdin=subprocess.DEVNULL, start_new_session=True
    )
    try:
        _wait_until_it_answers(port, process, errors)
        yield Server(port, log)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=15)


def _wait_until_it_answers(port: int, process: subprocess.Popen[bytes], errors: Path) -> None:
    deadline = time.monotonic() + START
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"gunicorn stopped with {process.returncode}: {errors.read_text()[-2000:]}")
        with contextlib.suppress(OSError):
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)
            with contextlib.closing(connection):
                connection.request("GET", "/sign-in")
                if connection.getresponse().status == 200:
                    return
        time.sleep(0.1)
    pytest.fail(f"gunicorn did not answer within {START:.0f} s: {errors.read_text()[-2000:]}")


def test_a_sign_in_on_one_worker_holds_on_every_worker(server: Server) -> None:
    cookie = server.sign_in("henk")
    answers = server.everywhere("/dossiers/", cookie)
    assert [answer.status for answer in answers] == [200] * ROUNDS
    assert all("Henk" in answer.body for answer in answers)
    assert len(server.workers_that_answered()) == WORKERS


def test_a_change_saved_on_one_worker_shows_on_every_worker(server: Server, store: Store, team: Team) -> None:
    dossier = acting(store, team.admin).create_dossier({"title": "Huur van het buurthuis"}, author="x").id
    fatima, henk = server.sign_in("fatima"), server.sign_in("henk")
    before = server.everywhere(f"/dossiers/{dossier}", fatima)  # now kept in both workers' page memory
    assert all("Huur van het buurthuis" in answer.body for answer in before)
    saved = server.ask(f"/dossiers/{dossier}/edit", henk, {"title": "Huur omlaag", "version": "1"})
    assert saved.status == 303, saved.body
    time.sleep(CHECK_EVERY)  # the longest a kept page is trusted without asking the database
    after = server.everywhere(f"/dossiers/{dossier}", fatima)
    assert [answer.status for answer in after] == [200] * ROUNDS
    assert all(
        "Huur omlaag" in answer.body and "Huur van het buurthuis" not in answer.body for answer in after
    )
    assert len(server.workers_that_answered()) == WORKERS


def test_signing_out_everywhere_ends_the_session_on_every_worker(
    server: Server, store: Store, team: Team
) -> None:
    dossier = acting(store, team.member).create_dossier({"title": "Huur"}, author="x").id
    phone, laptop = server.sign_in("henk"), server.sign_in("henk")
    kept = server.everywhere(f"/dossiers/{dossier}", laptop)
    assert [answer.status for answer in kept] == [200] * ROUNDS
    assert server.ask("/sign-out-everywhere", phone, {}).status == 303
    time.sleep(CHECK_EVERY)
    for cookie in (laptop, phone):
        ended = server.everywhere(f"/dossiers/{dossier}", cookie)
        assert [answer.status for answer in ended] == [303] * ROUNDS
        assert all(answer.location.startswith("/sign-in") for answer in ended)
    assert len(server.workers_that_answered()) == WORKERS


def test_a_person_of_another_organisation_gets_404_from_every_worker(
    server: Server, store: Store, team: Team
) -> None:
    dossier = acting(store, team.member).create_dossier({"title": "Huur Oost"}, author="x").id
    sanne = server.sign_in("sanne")
    for path in (f"/dossiers/{dossier}", f"/dossiers/{dossier}/edit"):
        answers = server.everywhere(path, sanne)
        assert [answer.status for answer in answers] == [404] * ROUNDS
        assert not any("Huur Oost" in answer.body for answer in answers)
    assert len(server.workers_that_answered()) == WORKERS
