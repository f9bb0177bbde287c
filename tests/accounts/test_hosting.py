"""Hosting for many organisations: one signing key for several hosts, and the page behind a reverse proxy."""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from flask import Flask

from aantafel.dossiers.people import AccountError
from aantafel.dossiers.store import Store
from aantafel.dossiers.store.people import FAILURES_PER_ADDRESS
from aantafel_web import dossiers
from aantafel_web.accounts import SESSION_COOKIE
from aantafel_web.app import create_app
from aantafel_web.context import ACCOUNTS, DATABASE_URL
from aantafel_web.dossiers import CHECK_EVERY
from aantafel_web.hosts import PROXIES, ProxiesError, trusted_hosts
from aantafel_web.secret import FILE_NAME, MINIMUM, SecretKeyError
from aantafel_web.secret import VARIABLE as KEY
from tests.accounts import PASSWORD, Team, acting
from tests.accounts.test_web_sign_in import closing, signed_in
from tests.web import SAME

SITE = "aantafel.example.nl"
CLIENT, NEIGHBOUR = "203.0.113.7", "198.51.100.2"


@pytest.fixture
def host(
    database_url: str, team: Team, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Callable[[str], Flask]]:
    """A host of its own: its own data folder (where a key of its own would be made) on the shared
    database. Made after the test set the environment."""
    made: list[Flask] = []

    def make(name: str) -> Flask:
        monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / name))
        app = create_app({"TESTING": True, ACCOUNTS: True, DATABASE_URL: database_url})
        made.append(app)
        return app

    yield make
    for app in made:
        closing(app)


def _dossiers_page(app: Flask, cookie: str) -> str:
    client = app.test_client()
    client.set_cookie(SESSION_COOKIE, cookie)
    answer = client.get("/dossiers/")
    return answer.headers.get("Location", "") if answer.status_code == 303 else answer.get_data(as_text=True)


def test_hosts_given_one_key_accept_each_others_sign_in(
    host: Callable[[str], Flask], monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = host("first"), host("second")  # each made a key of its own
    cookie = signed_in(first, "henk").get_cookie(SESSION_COOKIE)
    assert cookie is not None
    assert _dossiers_page(second, cookie.value).startswith("/sign-in")

    monkeypatch.setenv(KEY, secrets.token_hex(32))
    first, second = host("third"), host("fourth")
    cookie = signed_in(first, "henk").get_cookie(SESSION_COOKIE)
    assert cookie is not None
    assert "Henk" in _dossiers_page(second, cookie.value)


def test_a_given_key_is_used_and_none_is_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    given = secrets.token_urlsafe(40)
    monkeypatch.setenv(KEY, f" {given}\n")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert create_app({"TESTING": True}).secret_key == given
    assert not (tmp_path / "aantafel" / FILE_NAME).exists()


@pytest.mark.parametrize("accounts", [False, True])
def test_a_key_too_short_stops_the_start_and_says_how_to_make_one(
    accounts: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(KEY, "geheim")
    with pytest.raises(
        SecretKeyError, match=rf"{KEY} is too short \(6 characters; at least {MINIMUM}\).*token_hex"
    ):
        create_app({"TESTING": True, ACCOUNTS: accounts})


def test_in_accounts_mode_a_key_that_cannot_be_made_stops_the_start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Nobody could sign in without a key: better a clear stop than a page that refuses everyone."""
    blocked = tmp_path / "geen-map"
    blocked.write_text("a file where the data folder should be")
    monkeypatch.setenv("XDG_DATA_HOME", str(blocked))
    with pytest.raises(SecretKeyError, match="cannot make the web page's key"):
        create_app({"TESTING": True, ACCOUNTS: True})


def _fail_sign_ins(store: Store, address: str) -> None:
    """As many failed sign-ins from ``address`` as it may have, each under another name."""
    for number in range(FAILURES_PER_ADDRESS):
        with pytest.raises(AccountError):
            store.sign_in(f"raden{number}", "fout", address=address)


def _sign_in_from(app: Flask, forwarded_for: str) -> int:
    answer = app.test_client().post(
        "/sign-in",
        data={"login": "henk", "password": PASSWORD},
        headers={**SAME, "X-Forwarded-For": forwarded_for},
    )
    return answer.status_code


def test_behind_a_proxy_each_client_has_its_own_limit_on_sign_ins(
    host: Callable[[str], Flask], store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(PROXIES, "1")
    app = host("proxied")
    _fail_sign_ins(store, CLIENT)
    assert _sign_in_from(app, CLIENT) == 429
    assert _sign_in_from(app, NEIGHBOUR) == 303  # the proxy's other clients still get in


def test_without_a_proxy_a_forwarded_address_is_not_believed(
    host: Callable[[str], Flask], store: Store
) -> None:
    app = host("direct")
    _fail_sign_ins(store, "127.0.0.1")  # the test client's own address
    assert _sign_in_from(app, NEIGHBOUR) == 429  # naming another address does not get round the limit


@pytest.mark.parametrize(("proxies", "status"), [("1", 303), ("0", 403)])
def test_behind_a_tls_proxy_a_form_sent_with_only_its_origin_is_accepted(
    proxies: str, status: int, database_url: str, team: Team, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A browser that sends no Sec-Fetch-Site is checked by its Origin, https://…, which the page sees as
    its own only when it believes the proxy's X-Forwarded-Proto."""
    monkeypatch.setenv(PROXIES, proxies)
    config = {
        "TESTING": True,
        ACCOUNTS: True,
        DATABASE_URL: database_url,
        "TRUSTED_HOSTS": trusted_hosts(SITE),
    }
    app = create_app(config)
    try:
        answer = app.test_client().post(
            "/sign-in",
            base_url=f"http://{SITE}",
            data={"login": "henk", "password": PASSWORD},
            headers={"Origin": f"https://{SITE}", "X-Forwarded-Proto": "https", "X-Forwarded-For": CLIENT},
        )
        assert answer.status_code == status
    finally:
        closing(app)


@pytest.mark.parametrize("value", ["ja", "-1", "1.5"])
def test_a_number_of_proxies_that_is_no_number_stops_the_start(
    value: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(PROXIES, value)
    with pytest.raises(ProxiesError, match=rf"{PROXIES} must be the number of proxies .*not '{value}'"):
        create_app({"TESTING": True})


def test_a_signed_in_persons_kept_page_is_not_made_again_while_nothing_changed(
    host: Callable[[str], Flask], store: Store, team: Team, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The page memory is what lets a few workers serve many people: a kept page is checked against the
    database every CHECK_EVERY seconds and served again while it holds, also for someone signed in."""
    dossier = acting(store, team.member).create_dossier({"title": "Huur"}, author="x").id
    henk = signed_in(host("memory"), "henk")
    assert henk.get(f"/dossiers/{dossier}").status_code == 200  # made, and kept
    made: list[str] = []

    def made_again(dossier_id: str, *_args: object) -> str:
        made.append(dossier_id)
        return ""

    monkeypatch.setattr(dossiers, "show_page", made_again)
    time.sleep(CHECK_EVERY)
    kept = henk.get(f"/dossiers/{dossier}")
    assert "Huur" in kept.get_data(as_text=True)
    assert made == []
