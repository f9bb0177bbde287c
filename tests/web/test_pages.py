"""The web page through Flask's test client: every route, languages, security headers, hostile input."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from aantafel import load_library
from aantafel_web.app import create_app
from tests.web import served

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


@pytest.fixture(scope="module")
def client() -> FlaskClient:
    return create_app({"TESTING": True}).test_client()


@pytest.fixture
def fresh() -> FlaskClient:
    """A client without cookies, for language tests."""
    return create_app({"TESTING": True}).test_client()


@pytest.mark.parametrize(
    ("url", "text"),
    [
        ("/", "Beter onderhandelen met je gemeente"),
        ("/library", ">Vooraf checken</a> (4)"),
        ("/library/principle", "Praat over belangen, niet over standpunten"),
        ("/item/niet-concreet", "Wat houdt jullie tegen om verder te komen?"),
        ("/search?q=afsprakn", "bindende <mark>afspraken</mark> maken?"),
        ("/stuck?situation=ze+blijven+maar+vaag+en+beloven+niks", "De ander wordt niet concreet"),
        ("/stuck", "Beschrijf in je eigen woorden"),
    ],
)
def test_every_page_shows_its_content_in_dutch(fresh: FlaskClient, url: str, text: str) -> None:
    response = fresh.get(url)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert '<html lang="nl">' in page
    assert text in page


def test_unknown_pages_are_404_in_the_users_language(fresh: FlaskClient) -> None:
    dutch = fresh.get("/item/bestaat-niet")
    assert dutch.status_code == 404
    assert "Deze pagina bestaat niet." in dutch.get_data(as_text=True)
    english = fresh.get("/library/nope", headers={"Accept-Language": "en-GB,en;q=0.9"})
    assert english.status_code == 404
    assert "This page does not exist." in english.get_data(as_text=True)


def test_language_follows_the_browser_and_a_choice_is_remembered(fresh: FlaskClient) -> None:
    assert '<html lang="en">' in fresh.get("/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    chosen = fresh.get("/library?lang=en")
    assert ">Checks before you start</a> (4)" in chosen.get_data(as_text=True)
    assert "aantafel_lang=en" in chosen.headers["Set-Cookie"]
    assert '<html lang="en">' in fresh.get("/").get_data(as_text=True)  # the cookie, no header
    switch = fresh.get("/search?q=grenzen").get_data(as_text=True)
    assert 'href="?q=grenzen&amp;lang=nl"' in switch


def test_security_headers_on_every_response(client: FlaskClient) -> None:
    for url in ("/", "/item/grenzen", "/nope", "/static/style.css"):
        with client.get(url) as response:
            headers = response.headers
        assert len(headers.getlist("Content-Security-Policy")) == 1
        assert headers["Content-Security-Policy"].startswith("default-src 'none'; style-src 'self'")
        assert "script-src" not in headers["Content-Security-Policy"]
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["X-Frame-Options"] == "DENY"
        assert headers["Referrer-Policy"] == "no-referrer"


def test_typed_input_is_escaped_everywhere(client: FlaskClient) -> None:
    for url in (f"/search?q={HOSTILE}", f"/stuck?situation={HOSTILE}"):
        page = client.get(url).get_data(as_text=True)
        assert "<script>alert" not in page
        assert "onerror=alert" not in page.replace("onerror=alert(1)&gt;", "")
        assert "&lt;script&gt;" in page


def test_pack_text_cannot_inject_markup(tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "pack.toml").write_text(
        'schema_version = 1\nid = "kwaad"\nlanguage = "nl"\nversion = "1"\ntitle = "Kwaad"\n',
        encoding="utf-8",
    )
    (pack / "items.toml").write_text(
        f'[[item]]\nid = "kwaad-item"\nkind = "topic"\ntitle = {HOSTILE!r}\n'
        f'body = """\n{HOSTILE}\n\n**vet**\n"""\n',
        encoding="utf-8",
    )
    app = create_app({"TESTING": True}, library=load_library(packs=[pack], entry_points=False))
    page = app.test_client().get("/item/kwaad-item").get_data(as_text=True)
    assert "<script>alert" not in page
    assert "<img src=x" not in page
    assert "<strong>vet</strong>" in page  # Markdown still renders
    for query in ("script", "lt amp quot 34 39"):  # words inside the escaped title, and the entities' names
        found = app.test_client().get(f"/search?q={query}").get_data(as_text=True)
        assert "<script>alert" not in found
        assert "&<mark>" not in found  # escaping stays whole
    assert "&lt;<mark>script</mark>&gt;" in app.test_client().get("/search?q=script").get_data(as_text=True)


def test_pages_served_from_memory_still_follow_the_visitor(fresh: FlaskClient) -> None:
    for _ in range(2):  # the second time from memory
        assert '<html lang="nl">' in fresh.get("/").get_data(as_text=True)
        english = fresh.get("/", headers={"Accept-Language": "en"}).get_data(as_text=True)
        assert '<html lang="en">' in english
        assert "Negotiating better with your municipality" in english
    chosen = fresh.get("/stuck?situation=ze+beloven+niks&lang=en")
    assert "aantafel_lang=en" in chosen.headers["Set-Cookie"]  # remembered, also when the page was made
    again = fresh.get("/stuck?situation=ze+beloven+niks&lang=en")
    assert "aantafel_lang=en" in again.headers["Set-Cookie"]  # ... and when it came from memory
    assert again.get_data() == chosen.get_data()


def test_long_input_is_cut_and_strange_hosts_and_methods_are_refused(client: FlaskClient) -> None:
    page = client.get("/search?q=" + "afspraken " * 200).get_data(as_text=True)
    echoed = page.split("“", 1)[1].split("”", 1)[0]
    assert len(echoed) <= 500
    refused = client.get("/", headers={"Host": "evil.example"})
    assert refused.status_code == 400
    assert refused.headers["X-Frame-Options"] == "DENY"  # even a refusal carries the security headers
    posted = client.post(
        "/stuck", data={"situation": "x" * 2_000_000}, headers={"Sec-Fetch-Site": "same-origin"}
    )
    assert posted.status_code == 405
    assert "Dit kan op deze pagina niet." in posted.get_data(as_text=True)


def test_a_crash_shows_a_friendly_page_without_a_traceback() -> None:
    app = create_app({"TESTING": False})

    @app.get("/boom")
    def boom() -> str:
        raise RuntimeError("secret internals")

    response = app.test_client().get("/boom")
    page = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Er ging iets mis bij ons" in page
    assert "secret internals" not in page
    assert "Traceback" not in page


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.2"])
def test_aantafel_serve_answers_on_the_address_it_listens_on(host: str) -> None:
    """127.0.0.2 stands in for a named address such as a laptop's in a community centre: the page must
    answer to it, not refuse it as a strange host, and the person is warned that others can reach it."""
    page, err = served("serve", host=host)
    assert "aantafel" in page
    assert f"aantafel staat klaar op http://{host}:PORT/" in err
    assert ("andere computers kunnen haar bereiken" in err) == (host != "127.0.0.1")


def test_a_group_names_its_hosts_in_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AANTAFEL_TRUSTED_HOSTS", "buurthuis.local, 192.168.1.20")
    client = create_app({"TESTING": True}).test_client()
    assert client.get("/", headers={"Host": "buurthuis.local:8340"}).status_code == 200
    assert client.get("/", headers={"Host": "192.168.1.20"}).status_code == 200
    assert client.get("/", headers={"Host": "localhost"}).status_code == 200
    assert client.get("/", headers={"Host": "evil.example"}).status_code == 400


def test_when_nothing_fits_the_finder_says_so_asks_and_offers_the_four_checks(fresh: FlaskClient) -> None:
    page = fresh.get("/stuck?situation=xyzzy").get_data(as_text=True)
    assert "Ik weet niet zeker wat hier past." in page
    assert "Wat doet of zegt de ander precies?" in page
    assert 'href="/item/grenzen"' in page
    assert page.count('href="/item/') == 4
    assert 'class="suggestion"' not in page
    assert "aantafel list" not in page


def test_about_shows_version_plugins_packs_failures_and_data(
    install_plugin: Callable[..., None], fresh: FlaskClient
) -> None:
    install_plugin(
        "aantafel_kapot_web",
        "raise RuntimeError('stuk')\n",
        distribution="aantafel-kapot",
        entry_point="kapot",
    )
    app = create_app({"TESTING": True})
    page = app.test_client().get("/about").get_data(as_text=True)
    assert "aantafel 0.1.0" in page
    assert "<strong>nl</strong> — aantafel-nl 0.1.0" in page
    assert "Onderhandelen met je gemeente (Nederlands, 26 teksten)" in page
    assert "probleem: import failed: RuntimeError: stuk" in page
    assert "aantafel.sqlite" in page
    assert 'href="/about"' in fresh.get("/").get_data(as_text=True)


def test_the_library_overview_lists_a_kind_a_plugin_registers(tmp_path: Path) -> None:
    from tests.core.test_hooks import SCENARIOS, ScenarioPlugin, write_pack

    pack = write_pack(tmp_path / "training", SCENARIOS)
    library = load_library(packs=[pack], plugins=[("scenarios", ScenarioPlugin())])
    client = create_app({"TESTING": True}, library=library).test_client()

    overview = client.get("/library").get_data(as_text=True)
    assert '<a href="/library/scenario">scenario</a> (1)' in overview
    assert (
        overview.index("/library/topic")
        < overview.index("/library/check")
        < overview.index("/library/scenario")
    )  # the order the kinds are registered in, the built-in ones first
    assert "Het eerste gesprek met de wijkregisseur" in client.get("/library/scenario").get_data(as_text=True)


def test_the_finder_suggests_a_check_as_a_check_with_questions_and_related_items(fresh: FlaskClient) -> None:
    page = fresh.get("/stuck?situation=we+weten+niet+waar+we+nee+tegen+zeggen").get_data(as_text=True)
    first = page.split('<section class="suggestion">')[1]
    assert '<p class="kind">Check voor het volgende gesprek</p>' in first
    assert 'href="/item/grenzen"' in first
    assert "<h3>Vragen die je kunt stellen</h3>" in first
    assert 'class="related">Zie ook: <a href="/item/' in first
    english = fresh.get("/stuck?situation=we+don%27t+know+where+we+draw+the+line&lang=en").get_data(
        as_text=True
    )
    assert "Check for your next meeting" in english
