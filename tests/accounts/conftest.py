"""The fixtures every accounts test shares: two organisations and their people, and the web page in
accounts mode on the test's database."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask

from aantafel.dossiers.store import Store
from aantafel_web.app import create_app
from aantafel_web.context import ACCOUNTS, DATABASE_URL
from tests.accounts import Team, make_team
from tests.accounts.test_web_sign_in import closing


@pytest.fixture
def team(store: Store) -> Team:
    return make_team(store)


@pytest.fixture
def app(database_url: str, team: Team) -> Iterator[Flask]:
    made = create_app({"TESTING": True, ACCOUNTS: True, DATABASE_URL: database_url})
    yield made
    closing(made)
