"""Every store test runs twice: on a SQLite file and on a real PostgreSQL server.

PostgreSQL comes from ``AANTAFEL_TEST_POSTGRES_URL`` (``.ci/postgres`` starts one and prints it); each test
gets a schema of its own, dropped afterwards. In CI a missing server fails the run instead of skipping it.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest

from aantafel.dossiers.store import Store, open_store

POSTGRES = "AANTAFEL_TEST_POSTGRES_URL"


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
