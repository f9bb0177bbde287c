"""An app on each backend (``database_url``): the web repros run against SQLite and PostgreSQL alike."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient

from aantafel_web.app import create_app
from aantafel_web.context import DATABASE_URL, STORE


@pytest.fixture
def app(database_url: str) -> Iterator[Flask]:
    made = create_app({"TESTING": True, DATABASE_URL: database_url})
    yield made
    opened = made.extensions.get(STORE)
    if opened is not None:
        opened.close()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()
