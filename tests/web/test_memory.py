"""Pages answered from memory: compressed for phones that accept it, never for a refusal or a cookie, and
made again when what they show may have changed."""

from __future__ import annotations

import gzip

import pytest
from flask.testing import FlaskClient

from aantafel.dossiers.store import Store, StoreError
from aantafel_web import dossiers
from aantafel_web.headers import SECURITY_HEADERS
from tests.web import SAME

PHONE = {"Accept-Encoding": "gzip, deflate, br, zstd"}


@pytest.mark.parametrize("url", ["/", "/item/niet-concreet", "/stuck?situation=ze+beloven+niks"])
def test_a_kept_page_goes_compressed_to_a_browser_that_accepts_gzip(client: FlaskClient, url: str) -> None:
    plain = client.get(url)
    assert plain.status_code == 200
    assert "Content-Encoding" not in plain.headers
    for _ in range(2):  # made, then from memory
        packed = client.get(url, headers=PHONE)
        assert packed.headers["Content-Encoding"] == "gzip"
        assert int(packed.headers["Content-Length"]) == len(packed.data) < len(plain.data) / 2
        assert gzip.decompress(packed.data) == plain.data
        assert "Accept-Encoding" in packed.headers["Vary"]
        for name, value in SECURITY_HEADERS.items():
            assert packed.headers[name] == value


def test_a_browser_that_refuses_gzip_gets_the_page_as_it_is(client: FlaskClient) -> None:
    client.get("/")
    for refusal in ("gzip;q=0, deflate", "identity", "br;q=1, *;q=0"):
        answer = client.get("/", headers={"Accept-Encoding": refusal})
        assert "Content-Encoding" not in answer.headers
        assert b"<html" in answer.data


def test_the_language_switch_and_refusals_are_never_answered_from_memory(client: FlaskClient) -> None:
    for _ in range(2):
        switched = client.get("/library?lang=en")
        assert "aantafel_lang=en" in switched.headers["Set-Cookie"]
        client.delete_cookie("aantafel_lang")
    for _ in range(2):
        assert client.get("/item/bestaat-niet").status_code == 404
    assert client.get("/").status_code == 200
    assert client.get("/", headers={"Host": "evil.example"}).status_code == 400  # kept for this host only


def test_pages_are_kept_per_language(client: FlaskClient) -> None:
    for _ in range(2):
        assert '<html lang="en">' in client.get("/", headers={"Accept-Language": "en"}).get_data(as_text=True)
        assert '<html lang="nl">' in client.get("/", headers={"Accept-Language": "nl"}).get_data(as_text=True)


def test_a_dossier_page_is_not_shown_from_memory_when_the_store_fails(
    client: FlaskClient, dossier: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A kept page whose check fails is made again: the person sees the store's problem, not an old page."""
    url = f"/dossiers/{dossier}"
    monkeypatch.setattr(dossiers, "CHECK_EVERY", 0.0)
    assert client.get(url).status_code == 200
    assert client.get(url).status_code == 200  # kept, and checked again

    def broken(self: Store, dossier_id: str) -> tuple[int, int]:
        raise StoreError("busy", location="aantafel.sqlite", error="database is locked")

    monkeypatch.setattr(Store, "last_change", broken)
    failed = client.get(url)
    assert failed.status_code == 503
    assert "aantafel.sqlite is bezig: een ander programma schrijft erin (database is locked)" in (
        failed.get_data(as_text=True)
    )
    assert "Huur buurthuis" not in failed.get_data(as_text=True)


def test_a_browser_that_has_the_page_already_gets_a_304_without_it(client: FlaskClient, dossier: str) -> None:
    for headers in ({}, PHONE):  # the plain and the compressed copy, each with its own tag
        first = client.get("/", headers=headers)
        again = client.get("/", headers={**headers, "If-None-Match": first.headers["ETag"]})
        assert again.status_code == 304
        assert again.data == b""
        assert again.headers["ETag"] == first.headers["ETag"]
    plain = client.get("/").headers["ETag"]
    packed = client.get("/", headers=PHONE).headers["ETag"]
    assert plain != packed
    assert client.get("/", headers={**PHONE, "If-None-Match": plain}).status_code == 200  # not its copy
    url = f"/dossiers/{dossier}"
    seen = client.get(url).headers["ETag"]
    assert client.get(url, headers={"If-None-Match": seen}).status_code == 304
    changed = {"title": "Huur wijkcentrum", "version": "1"}
    assert client.post(f"{url}/edit", data=changed, headers=SAME).status_code == 303
    fresh = client.get(url, headers={"If-None-Match": seen})
    assert fresh.status_code == 200  # changed since: the new page, not a 304
    assert "Huur wijkcentrum" in fresh.get_data(as_text=True)
