"""Hosting for many organisations (issue 13), measured on PostgreSQL; ``perf.py --only hosted`` prints it.

A fresh schema gets ORGANISATIONS organisations of PEOPLE people (an admin and members) and DOSSIERS dossiers
each, every dossier with meetings, answered checks and agreements (``dossiers.dossier_rows``), and one
trainer of TRAINED of them: bulk inserts into the tables, with one real argon2 hash of one password for
every person. Three servers run under ``gunicorn -w 4`` on 127.0.0.1: Flask's hello-world (the baseline),
the page in accounts mode, and the same page in single-user mode on a copy of the dossiers without people
(a database with accounts is never served without them). wrk loads a signed-in member's dossier page and
the same page without accounts, each after a hello-world run; then the trainer's page; then a few sign-ins
are timed one by one. Afterwards the PostgreSQL connections each server's workers hold
(``pg_stat_activity``, told apart by ``application_name``) and each worker's resident memory are read.

Everything runs on 127.0.0.1 and in temporary folders; servers are stopped when their block ends, wrk runs
for a fixed time and every request has a timeout.
"""

from __future__ import annotations

import contextlib
import http.client
import random
import secrets
import time
from collections import defaultdict
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import urlencode

from dossiers import dossier_rows, ids
from limits import SAME_SITE, TIMEOUT, _status
from web import Load, free_port, serving, wrk

ORGANISATIONS = 1_000
PEOPLE = 5  # per organisation: its admin and four members
DOSSIERS = 10  # per organisation, each with
MEETINGS = 2  # meetings (with answered checks) and
AGREEMENTS = 3  # agreements
TRAINED = 50  # organisations the one trainer follows
WORKERS = 4
ROUNDS = 2  # of hello-world, the page with accounts, the page without, one after the other
SIGN_INS = 5
PASSWORD = "een lange zin als wachtwoord"
SESSION_COOKIE = "aantafel_session"  # aantafel_web.accounts.SESSION_COOKIE; not imported, to keep this light
MEMBER, TRAINER = "lid0-1", "trainer"


class Built(NamedTuple):
    seconds: float  # to make the rows and insert them, argon2's one hash included
    counts: dict[str, int]
    dossier: str  # a dossier of the member's organisation


def build(url: str, seed: int) -> Built:
    """Fill the empty schema at ``url`` (the store makes its tables first)."""
    from sqlalchemy import create_engine, func, insert, select, text

    from aantafel import passwords
    from aantafel.dossiers import schema
    from aantafel.dossiers.store import open_store

    store = open_store(url)
    start = time.perf_counter()
    rng = random.Random(seed)
    new_id = ids(rng)
    now = datetime.now(UTC).replace(microsecond=0)
    hashed = passwords.hashed(PASSWORD)  # real argon2, made once: every person has the same password
    rows: dict[str, list[dict[str, Any]]] = defaultdict(list)

    def person(login: str, name: str) -> str:
        made = new_id()
        rows["people"].append(
            {"id": made, "login": login, "name": name, "email": "", "password": hashed}
            | {"site_admin": False, "created_at": now}
        )
        return made

    def member(person_id: str, organisation: str, role: str) -> None:
        rows["memberships"].append(
            {"person_id": person_id, "organisation_id": organisation, "role": role, "since": now}
        )

    trainer = person(TRAINER, "Trainer van vijftig")
    for number in range(ORGANISATIONS):
        organisation = new_id()
        rows["organisations"].append(
            {"id": organisation, "name": f"Bewonersbedrijf {number}", "created_at": now}
        )
        for seat in range(PEOPLE):
            member(
                person(f"lid{number}-{seat}", f"Lid {seat} van {number}"),
                organisation,
                "admin" if seat == 0 else "member",
            )
        if number < TRAINED:
            member(trainer, organisation, "trainer")
        for name, made in dossier_rows(rng, DOSSIERS, MEETINGS, AGREEMENTS, new_id).items():
            if name == "dossiers":
                made = [row | {"organisation_id": organisation} for row in made]
            rows[name].extend(made)
    tables = [table for table in schema.metadata.sorted_tables if table.name in rows]  # parents first
    with store.transaction() as connection:
        for table in tables:
            connection.execute(insert(table), rows[table.name])
    store.close()
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            connection.execute(text("ANALYZE"))
            connection.commit()
            counts = {
                table.name: connection.execute(select(func.count()).select_from(table)).scalar_one()
                for table in tables
            }
    finally:
        engine.dispose()
    return Built(time.perf_counter() - start, counts, rows["dossiers"][0]["id"])


class Hosted(NamedTuple):
    hello_runs: list[Load]
    accounts_runs: list[Load]  # a signed-in member's dossier page
    single_runs: list[Load]  # the same page, accounts off
    trainer: Load | None  # None: the page is not there (404)
    sign_ins: list[float]  # seconds, each a POST /sign-in until its 303
    connections: dict[str, int]  # held open by each server's workers, by application_name
    worker_kb: dict[str, list[int]]  # VmRSS of each server's workers


PEOPLES_TABLES = ("people", "sessions", "memberships", "invitations", "sign_in_failures")
"""What the copy for the single-user server leaves out: a database with accounts is never served
without them (it would show everyone's dossiers), so that server reads the same dossiers without people."""


def without_people(url: str, copy: str) -> None:
    """The rows of ``url``'s schema in ``copy``'s (an empty one), people's tables left out: the same
    dossiers, organisations and history, with the same indexes, for the single-user server."""
    import re

    from sqlalchemy import create_engine, text

    from aantafel.dossiers.schema import metadata
    from aantafel.dossiers.store import open_store

    open_store(copy).close()  # the tables, at the newest version
    source = re.search(r"search_path%3D(\w+)", url)
    assert source is not None, url
    engine = create_engine(copy)
    try:
        with engine.begin() as connection:
            for table in metadata.sorted_tables:  # each after the tables it refers to
                if table.name not in PEOPLES_TABLES:
                    connection.execute(
                        text(f"INSERT INTO {table.name} SELECT * FROM {source.group(1)}.{table.name}")
                    )
    finally:
        engine.dispose()


def figures(
    python: Path,
    bench: Path,
    url: str,
    single_url: str,
    dossier: str,
    seconds: float,
    env: Mapping[str, str],
) -> Hosted:
    """The three servers, loaded in turn; see the module's docstring. The single-user server reads
    ``single_url``, the same dossiers without people (``without_people``)."""
    gunicorn = [str(python), "-m", "gunicorn", "-w", str(WORKERS), "--timeout", "30", "-b"]
    ports = {role: free_port() for role in ("hello", "accounts", "single")}
    key = secrets.token_hex(32)

    def setting(role: str, accounts: str) -> dict[str, str]:
        own = url if role == "accounts" else single_url
        database = f"{own}&application_name=aantafel_{role}"  # it has a query already (its search_path)
        return dict(env, AANTAFEL_ACCOUNTS=accounts, AANTAFEL_DATABASE_URL=database, AANTAFEL_SECRET_KEY=key)

    def address(role: str, path: str = "/") -> str:
        return f"http://127.0.0.1:{ports[role]}{path}"

    page = f"/dossiers/{dossier}"
    with contextlib.ExitStack() as running:
        running.enter_context(
            serving(
                [*gunicorn, f"127.0.0.1:{ports['hello']}", "--chdir", str(bench), "hello:app"],
                address("hello"),
                env,
            )
        )
        served = {
            role: running.enter_context(
                serving(
                    [*gunicorn, f"127.0.0.1:{ports[role]}", "aantafel_web.app:create_app()"],
                    address(role, path),
                    setting(role, accounts),
                )
            )
            for role, accounts, path in (("accounts", "on", "/sign-in"), ("single", "off", page))
        }
        member, _ = sign_in(ports["accounts"], MEMBER)
        for role, cookie in (("accounts", member), ("single", "")):  # a 200 first, then warm every worker
            _expect(ports[role], page, cookie, 200)
            wrk(address(role, page), 1, cookie=cookie)
        wrk(address("hello"), 1)
        hello_runs, accounts_runs, single_runs = [], [], []
        for _ in range(ROUNDS):
            hello_runs.append(wrk(address("hello"), seconds))
            accounts_runs.append(wrk(address("accounts", page), seconds, cookie=member))
            single_runs.append(wrk(address("single", page), seconds))
        trainer, _ = sign_in(ports["accounts"], TRAINER)
        trained: Load | None = None
        if _status_of(ports["accounts"], "/trainer", trainer) != 404:
            _expect(ports["accounts"], "/trainer", trainer, 200)
            wrk(address("accounts", "/trainer"), 1, cookie=trainer)
            trained = wrk(address("accounts", "/trainer"), seconds, cookie=trainer)
        sign_ins = [sign_in(ports["accounts"], MEMBER)[1] for _ in range(SIGN_INS)]
        connections = _connections(url)
        workers = {role: _workers(server.process.pid) for role, server in served.items()}
    return Hosted(hello_runs, accounts_runs, single_runs, trained, sign_ins, connections, workers)


def sign_in(port: int, login: str) -> tuple[str, float]:
    """Sign in as a browser does: the session cookie (``name=value``) and the seconds until the 303."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)
    with contextlib.closing(connection):
        start = time.perf_counter()
        connection.request(
            "POST",
            "/sign-in",
            body=urlencode({"login": login, "password": PASSWORD}),
            headers={"Content-Type": "application/x-www-form-urlencoded", **SAME_SITE},
        )
        answer = connection.getresponse()
        answer.read()
        took = time.perf_counter() - start
    cookies = [
        c.split(";")[0] for c in answer.headers.get_all("Set-Cookie") or [] if c.startswith(SESSION_COOKIE)
    ]
    if answer.status != 303 or not cookies:
        raise RuntimeError(f"signing in as {login} answered {answer.status}, not a 303 with a session")
    return cookies[0], took


def _status_of(port: int, path: str, cookie: str) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)
    with contextlib.closing(connection):
        connection.request("GET", path, headers={"Cookie": cookie} if cookie else {})
        answer = connection.getresponse()
        answer.read()
        return answer.status


def _expect(port: int, path: str, cookie: str, status: int) -> None:
    """A page that answers otherwise (a sign-in page, an error) would be fast for the wrong reason."""
    found = _status_of(port, path, cookie)
    if found != status:
        raise RuntimeError(f"{path} answered {found}, not {status}")


def _connections(url: str) -> dict[str, int]:
    """How many connections to the database each server holds, by the application_name it gave."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            found = connection.execute(
                text(
                    "SELECT application_name, count(*) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND application_name LIKE 'aantafel_%' "
                    "GROUP BY application_name"
                )
            ).all()
    finally:
        engine.dispose()
    return {str(name).removeprefix("aantafel_"): int(count) for name, count in found}


def _workers(pid: int) -> list[int]:
    """VmRSS (kB) of each of gunicorn's workers: the children of its master ``pid``."""
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return [_status(int(child))["VmRSS"] for child in children]


def argon2_seconds(repeats: int) -> list[float]:
    """argon2's own time for one hash with aantafel's parameters, ``repeats`` times."""
    from aantafel import passwords

    times: list[float] = []
    for _ in range(repeats):
        start = time.perf_counter()
        passwords.hashed(PASSWORD)
        times.append(time.perf_counter() - start)
    return times
