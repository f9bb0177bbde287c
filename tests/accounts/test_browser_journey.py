"""A team at work in real browsers: an admin invites a colleague, both edit one dossier, their trainer gives
feedback that the team reads, and someone of another organisation finds nothing. Chromium from Debian,
JavaScript off (no page needs it), the colleague on a phone-sized screen."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from aantafel.dossiers.store import Store, open_store
from aantafel_web.app import create_app
from aantafel_web.context import ACCOUNTS, DATABASE_URL
from tests.accounts import PASSWORD, Team, make_team
from tests.web.conftest import browser

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

__all__ = ["browser"]  # the fixture, shared with the web page's browser tests

PHONE = {"width": 360, "height": 740}


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, Store, Team]]:
    from werkzeug.serving import make_server

    url = f"sqlite:///{tmp_path / 'team.sqlite'}"
    store = open_store(url)
    team = make_team(store)
    running = make_server("127.0.0.1", 0, create_app({ACCOUNTS: True, DATABASE_URL: url}), threaded=True)
    thread = threading.Thread(target=running.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{running.server_port}", store, team
    running.shutdown()
    thread.join(timeout=5)
    store.close()


def _person(browser: Browser, address: str, login: str | None, **options: object) -> Page:
    """A browser context of its own (its own cookies), signed in as ``login`` through the form."""
    settings: dict[str, object] = {"java_script_enabled": False, "locale": "nl-NL", **options}
    page = browser.new_context(**settings).new_page()  # type: ignore[arg-type]
    if login is not None:
        page.goto(f"{address}/sign-in")
        page.fill("#login", login)
        page.fill("#password", PASSWORD)
        page.click("form[action='/sign-in'] button[type=submit]")
        assert "/sign-in" not in page.url
    return page


def test_a_team_works_together_and_its_trainer_gives_feedback(
    browser: Browser, served: tuple[str, Store, Team]
) -> None:
    address, store, team = served
    fatima = _person(browser, address, "fatima")

    fatima.goto(f"{address}/organisations/{team.oost}")
    fatima.select_option("#role", "member")
    fatima.click(f"form[action='/organisations/{team.oost}/invite'] button[type=submit]")
    link = fatima.input_value("#link")
    assert link.startswith(f"{address}/join/")
    assert "wa.me" in (fatima.get_attribute("a[href*='wa.me']", "href") or "")

    joost = _person(browser, address, None, viewport=PHONE)
    joost.goto(link)
    assert "Buurtbedrijf Oost" in joost.content()
    joost.fill("#name", "Joost")
    joost.fill("#login", "joost")
    joost.fill("#password", "onze buurt, onze zaak")
    joost.fill("#password_again", "onze buurt, onze zaak")
    joost.click(f"form[action='/join/{link.rsplit('/', 1)[1]}'] button[type=submit]")
    assert joost.url.endswith("/dossiers/")
    assert "Joost" in joost.inner_text("header")

    fatima.goto(f"{address}/dossiers/new")
    fatima.fill("#title", "Huur buurthuis")
    fatima.click("form.dossier button[type=submit]")
    dossier = fatima.url
    assert "/dossiers/" in dossier

    joost.goto(f"{dossier}/edit")
    joost.fill("#goal", "Een huur die we kunnen betalen")
    joost.click("form.dossier button[type=submit]")
    assert "Laatst veranderd door Joost" in joost.content()
    fatima.goto(f"{dossier}/edit")
    fatima.fill("#limits", "Niet meer dan 900 euro per maand")
    fatima.click("form.dossier button[type=submit]")
    assert "Laatst veranderd door Fatima" in fatima.content()
    history = store.history(dossier.rsplit("/", 1)[1])
    assert [(c.author, c.field) for c in history] == [
        ("Fatima", None),
        ("Joost", "goal"),
        ("Fatima", "limits"),
    ]

    fatima.goto(f"{dossier}/meetings/new")
    fatima.fill("#date", "2027-01-12")
    fatima.fill("#time", "14:00")
    fatima.click("form.dossier button[type=submit]")
    meeting = fatima.url
    assert "/meetings/" in meeting

    ria = _person(browser, address, "ria")
    ria.goto(f"{address}/trainer")
    assert "Huur buurthuis" in ria.content()
    ria.goto(meeting)
    ria.fill(
        "#text-feedback-preparation",
        "Schrijf eerst op wat jullie grens is. Dan weten jullie wanneer je nee zegt.",
    )
    ria.click("#feedback-preparation form button[type=submit]")

    joost.goto(meeting)
    feedback = joost.inner_text("#feedback-preparation")
    assert "Schrijf eerst op wat jullie grens is" in feedback
    assert "Ria (trainer)" in feedback
    assert joost.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    sanne = _person(browser, address, "sanne")
    for hidden in (dossier, f"{dossier}/edit", meeting):
        answer = sanne.goto(hidden)
        assert answer is not None
        assert answer.status == 404
    assert "Huur buurthuis" not in sanne.content()


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_pages_of_accounts_mode_pass_axe_and_fit_a_phone(
    browser: Browser, served: tuple[str, Store, Team], language: str
) -> None:
    """WCAG 2.2 AA by axe-core, and nothing wider than a 320 px phone with the text at 200 %, on every page
    a team, its admin, its trainer and the site admin see."""
    from datetime import UTC, datetime

    from axe_playwright_python.sync_playwright import Axe

    from tests.accounts import acting
    from tests.web.test_accessibility import TAGS

    address, store, team = served
    dossier = acting(store, team.member).create_dossier({"title": "Huur buurthuis"}, author="x")
    meeting = acting(store, team.member).add_meeting(
        dossier.id, starts_at=datetime(2027, 1, 12, 14, tzinfo=UTC), author="x"
    )
    pages = {
        None: [
            "/sign-in",
            f"/join/{store.invite(team.oost, 'member')}",
            f"/reset/{store.reset_link(team.member.id)}",
        ],
        "fatima": ["/account", f"/organisations/{team.oost}", f"/dossiers/{dossier.id}"],
        "ria": ["/trainer", f"/meetings/{meeting.id}", f"/dossiers/{dossier.id}"],
        "beheer": ["/admin/organisations"],
    }
    axe, found, too_wide = Axe(), {}, {}
    for login, paths in pages.items():
        page = _person(
            browser,
            address,
            login,
            viewport={"width": 320, "height": 640},
            bypass_csp=True,  # for axe's script and the stylesheet that enlarges the text
            java_script_enabled=True,
            locale=language,
        )
        for path in paths:
            page.goto(f"{address}{path}")
            results = axe.run(page, options={"runOnly": {"type": "tag", "values": TAGS}})
            if results.violations_count:
                found[f"{login} {path}"] = results.generate_report()
            page.add_style_tag(content="html { font-size: 200% !important; }")
            if page.evaluate("document.documentElement.scrollWidth") > 320:
                too_wide[f"{login} {path}"] = page.evaluate("document.documentElement.scrollWidth")
        page.context.close()
    assert not found, "\n".join(f"{path}:\n{report}" for path, report in found.items())
    assert too_wide == {}
