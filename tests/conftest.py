"""Fixtures shared by every test: no test reads or writes the user's real cache, data or database.

Every store test runs twice (``database_url``): on a SQLite file and on a real PostgreSQL server.
PostgreSQL comes from ``AANTAFEL_TEST_POSTGRES_URL`` (``.ci/postgres`` starts one and prints it); each test
gets a schema of its own, dropped afterwards. In CI a missing server fails the run instead of skipping it.
"""

from __future__ import annotations

import email
import os
import secrets
import socket
import sys
from collections.abc import Callable, Iterator
from email.message import Message
from pathlib import Path
from typing import Any

import pytest

from aantafel.dossiers.store import Store, open_store

POSTGRES = "AANTAFEL_TEST_POSTGRES_URL"


@pytest.fixture(scope="session", autouse=True)
def _no_real_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """A home of the test run's own, before any fixture runs. A module-scoped fixture runs before
    ``_private_dirs`` below, and one that made a web app wrote its key into the real home folder of
    whoever ran the tests."""
    home = tmp_path_factory.mktemp("home")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HOME", str(home))
        for variable, folder in (
            ("XDG_DATA_HOME", "data"),
            ("XDG_STATE_HOME", "state"),
            ("XDG_CONFIG_HOME", "config"),
            ("XDG_CACHE_HOME", "cache"),
            ("AANTAFEL_CACHE_DIR", "aantafel-cache"),
        ):
            patch.setenv(variable, str(home / folder))
        patch.setenv("AANTAFEL_DATABASE_URL", f"sqlite:///{home / 'aantafel.sqlite'}")
        yield


@pytest.fixture(scope="session", autouse=True)
def _quick_passwords() -> Iterator[None]:
    """argon2 with the least work it allows, so a test that makes twenty accounts does not spend seconds
    hashing; ``tests/dossiers/test_accounts.py`` checks the real profile, and the servers started in
    subprocesses (gunicorn, the benchmark) use it."""
    from argon2 import PasswordHasher

    from aantafel import passwords

    quick = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(passwords, "_hasher", lambda: quick)
        yield


@pytest.fixture(autouse=True)
def _private_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AANTAFEL_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    data = tmp_path_factory.mktemp("data")
    monkeypatch.setenv("AANTAFEL_DATABASE_URL", f"sqlite:///{data / 'aantafel.sqlite'}")
    monkeypatch.setenv("XDG_DATA_HOME", str(data))
    monkeypatch.delenv("AANTAFEL_LOAD_PLUGINS", raising=False)
    monkeypatch.delenv("AANTAFEL_LANG", raising=False)
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):  # the machine's locale chooses nothing
        monkeypatch.delenv(variable, raising=False)


ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def install_plugin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[..., None]]:
    """Install a one-module distribution on ``sys.path`` with an entry point in the group ``aantafel``, as
    pip would; ``source=None`` leaves the module out (a broken or half-removed install)."""
    site = tmp_path / "site"
    modules: list[str] = []

    def install(module: str, source: str | None, *, distribution: str, entry_point: str) -> None:
        info = site / f"{distribution.replace('-', '_')}-0.1.dist-info"
        info.mkdir(parents=True)
        if source is not None:
            (site / f"{module}.py").write_text(source, encoding="utf-8")
        (info / "METADATA").write_text(
            f"Metadata-Version: 2.1\nName: {distribution}\nVersion: 0.1\n", encoding="utf-8"
        )
        (info / "entry_points.txt").write_text(f"[aantafel]\n{entry_point} = {module}\n", encoding="utf-8")
        monkeypatch.syspath_prepend(site)
        modules.append(module)

    yield install
    for module in modules:
        sys.modules.pop(module, None)


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'aantafel.sqlite'}"
        return
    server = os.environ.get(POSTGRES)
    if not server:
        if os.environ.get("CI"):
            pytest.fail(f"{POSTGRES} is not set: CI must test the store on PostgreSQL (see .ci/postgres)")
        pytest.skip(f"no PostgreSQL: set {POSTGRES} (bash .ci/postgres prints it)")
    import sqlalchemy

    schema = f"test_{secrets.token_hex(4)}"
    admin = sqlalchemy.create_engine(server)
    with admin.begin() as connection:
        connection.execute(sqlalchemy.text(f"CREATE SCHEMA {schema}"))
    separator = "&" if "?" in server else "?"
    try:
        yield f"{server}{separator}options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as connection:
            connection.execute(sqlalchemy.text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


@pytest.fixture
def store(database_url: str) -> Iterator[Store]:
    opened = open_store(database_url)
    yield opened
    opened.close()


class Inbox:
    """What the mail server received; it refuses every recipient while ``refusing`` is set."""

    def __init__(self) -> None:
        self.messages: list[Message] = []
        self.refusing = ""

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, options: Any) -> str:
        if self.refusing:
            return self.refusing
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(email.message_from_bytes(envelope.content))
        return "250 OK"


@pytest.fixture
def smtp() -> Iterator[tuple[str, Inbox]]:
    """A mail server on a free port of this computer (aiosmtpd): its ``smtp://`` URL and what it received."""
    from aiosmtpd.controller import Controller

    with socket.socket() as probe:  # aiosmtpd 1.4 cannot start on port 0: it connects to itself first
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    inbox = Inbox()
    server = Controller(inbox, hostname="127.0.0.1", port=port)
    server.start()
    yield f"smtp://127.0.0.1:{port}", inbox
    server.stop()
