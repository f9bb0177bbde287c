"""A volunteer's whole journey in a real browser (Debian's Chromium driven by Playwright), with and
without JavaScript: start a dossier, plan a meeting, prepare it, print the sheet, record an agreement that
is overdue. The app runs on a real server on 127.0.0.1, as ``aantafel serve`` runs it."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_a_volunteers_journey(browser: Browser, server: str, javascript: bool) -> None:
    context = browser.new_context(java_script_enabled=javascript, locale="nl-NL")
    page = context.new_page()
    page.goto(f"{server}/dossiers/")
    page.get_by_role("link", name="Nieuw dossier").click()
    page.fill("#title", "Huur buurthuis")
    page.fill("#goal", "Een huur die we kunnen betalen")
    page.get_by_role("button", name="Opslaan").click()
    assert page.locator("h1").inner_text() == "Huur buurthuis"

    page.get_by_role("link", name="Nieuw gesprek").click()
    page.fill("#date", "2026-12-15")
    page.fill("#time", "14:00")
    page.fill("#name0", "Wethouder Jansen")
    page.get_by_role("button", name="Opslaan").click()
    assert "15 december 2026, 14:00" in page.locator("h1").inner_text()
    assert "Wethouder Jansen" in page.content()

    first_check = page.locator("fieldset.check").first
    first_check.get_by_label("nee").check()
    first_check.locator("textarea").fill("We weten niet wie er beslist")
    page.get_by_role("button", name="Antwoorden bewaren").click()
    assert page.get_by_role("status").inner_text().startswith("Je antwoorden zijn bewaard")
    assert page.locator("fieldset.check").first.locator(".advice").is_visible()
    assert page.locator("fieldset.check").first.locator("textarea").input_value() == (
        "We weten niet wie er beslist"
    )

    page.get_by_role("link", name="Huur buurthuis").click()
    last_week = date.today() - timedelta(days=7)
    page.fill("#what", "Gemeente stuurt de huurcijfers")
    page.fill("#due", last_week.isoformat())
    page.get_by_role("button", name="Opslaan").click()
    overdue = page.locator("ul.agreements li.overdue")
    assert overdue.count() == 1
    assert "(te laat)" in overdue.inner_text()

    page.get_by_role("link", name=re.compile("afdrukken")).click()
    assert page.locator("h1").inner_text().startswith("Voorbereiding: Huur buurthuis")
    assert "We weten niet wie er beslist" in page.content()
    page.emulate_media(media="print")
    pdf = page.pdf(format="A4", print_background=True)
    assert len(re.findall(rb"/Type\s*/Page\b", pdf)) == 1, "the preparation sheet fits on one A4 page"
    context.close()


def test_plans_change_a_meeting_moves_an_agreement_is_corrected_and_the_bin_gives_back(
    browser: Browser, server: str
) -> None:
    """Without JavaScript, as the plainest phone browser would: every change is a form and a redirect."""
    context = browser.new_context(java_script_enabled=False, locale="nl-NL")
    page = context.new_page()
    page.goto(f"{server}/dossiers/new")
    page.fill("#title", "Subsidie speeltuin")
    page.get_by_role("button", name="Opslaan").click()
    page.get_by_role("link", name="Nieuw gesprek").click()
    page.fill("#date", "2026-12-15")
    page.fill("#time", "14:00")
    page.get_by_role("button", name="Opslaan").click()
    page.get_by_role("link", name="Gesprek aanpassen").click()
    assert page.locator("#date").input_value() == "2026-12-15"
    page.fill("#date", "2026-12-22")
    page.fill("#time", "10:30")
    page.get_by_role("button", name="Opslaan").click()
    assert "22 december 2026, 10:30" in page.locator("h1").inner_text()

    page.get_by_role("link", name="Subsidie speeltuin").click()
    page.fill("#what", "Gemeente stuurt het aanvraagformulier")
    page.fill("#due", (date.today() - timedelta(days=7)).isoformat())
    page.get_by_role("button", name="Opslaan").click()
    assert "(te laat)" in page.locator("ul.agreements li").inner_text()
    page.get_by_role("link", name="Aanpassen: Gemeente stuurt het aanvraagformulier").click()
    page.fill("#due", (date.today() + timedelta(days=30)).isoformat())
    page.get_by_role("button", name="Opslaan").click()
    assert "(open)" in page.locator("ul.agreements li").inner_text()
    assert page.locator("ul.agreements li.overdue").count() == 0

    page.get_by_role("button", name="Naar de prullenbak").click()
    assert page.locator("h1").inner_text() == "Prullenbak"
    page.locator("li", has_text="Subsidie speeltuin").get_by_role("button", name="Terugzetten").click()
    assert page.locator("h1").inner_text() == "Subsidie speeltuin"
    assert "22 december 2026, 10:30" in page.locator("#meetings").inner_text()
    context.close()


def test_a_printed_page_keeps_the_words_and_drops_the_controls(browser: Browser, server: str) -> None:
    """A volunteer prints the sentences to take into the meeting: menus, buttons and footer stay off paper."""
    page = browser.new_page(locale="nl-NL")
    page.goto(f"{server}/stuck?situation=ze+blijven+maar+vaag+en+beloven+niks")
    page.emulate_media(media="print")
    assert page.locator(".sentences li").first.is_visible()
    assert page.locator("h1").is_visible()
    for hidden in ("header", "footer", "button"):
        assert not page.locator(hidden).first.is_visible(), hidden
    page.emulate_media(media="screen")
    assert page.locator("header").is_visible()
    page.close()


@pytest.mark.parametrize("language", ["nl", "en"])
def test_every_save_says_it_is_saved_where_it_lands(browser: Browser, server: str, language: str) -> None:
    """Writing down the meeting, marking an agreement done and restoring from the bin each confirm on the
    page they land on, as saving answers does; the next visit of that page does not say it again."""
    nl = language == "nl"
    context = browser.new_context(java_script_enabled=False, locale=language)
    page = context.new_page()
    page.goto(f"{server}/dossiers/new?lang={language}")
    page.fill("#title", "Huur buurthuis")
    page.get_by_role("button", name="Opslaan" if nl else "Save").click()
    dossier = page.url
    page.get_by_role("link", name="Nieuw gesprek" if nl else "New meeting").click()
    page.fill("#date", "2026-12-15")
    page.fill("#time", "14:00")
    page.get_by_role("button", name="Opslaan" if nl else "Save").click()

    page.fill("#went_well", "We lieten ze uitpraten")
    page.locator("form", has=page.locator("#went_well")).get_by_role("button").click()
    said = page.locator("#record ~ p[role=status]")
    assert said.inner_text() == (
        "Wat je over dit gesprek hebt opgeschreven, is bewaard."
        if nl
        else "What you wrote down about this meeting is saved."
    )
    assert page.locator("#went_well").input_value() == "We lieten ze uitpraten"

    page.goto(dossier)
    page.fill("#what", "Gemeente stuurt de huurcijfers")
    page.locator("#agreements form.dossier").get_by_role("button").click()
    page.get_by_role("button", name="Gedaan" if nl else "Done").click()
    assert page.locator("#agreements [role=status]").inner_text() == (
        "Bewaard. De afspraak staat nu op: gedaan." if nl else "Saved. The agreement is now: done."
    )

    page.get_by_role("button", name="Naar de prullenbak" if nl else "Move to the bin").click()
    page.get_by_role("button", name="Terugzetten" if nl else "Restore").click()
    assert page.locator("main > [role=status]").inner_text() == (
        "Het dossier is terug uit de prullenbak." if nl else "The dossier is back from the bin."
    )
    page.goto(dossier)
    assert page.locator("[role=status]").count() == 0  # said once, where it happened
    context.close()


@pytest.mark.parametrize(
    ("language", "examples"),
    [
        ("nl", ["ze blijven maar vaag en beloven niks", "het gesprek wordt boos en persoonlijk"]),
        ("en", ["they stay vague and promise nothing", "the talk gets angry and personal"]),
    ],
)
def test_an_empty_stuck_page_offers_examples_that_run_it(
    browser: Browser, server: str, language: str, examples: list[str]
) -> None:
    """Someone who does not know what to type picks an example, and gets what helps at once."""
    page = browser.new_page(locale=language)
    page.goto(f"{server}/stuck?lang={language}")
    offered = page.locator(".examples a")
    assert offered.count() == 4
    assert offered.all_inner_texts()[:2] == examples
    addresses = [offered.nth(n).get_attribute("href") for n in range(1, 4)]
    offered.first.click()
    assert page.locator("#situation").input_value() == examples[0]
    assert page.locator(".suggestion").count() >= 1  # a suggestion, not "nothing fits"
    assert page.locator(".examples").count() == 0
    for address in addresses:  # every example finds something
        page.goto(f"{server}{address}")
        assert page.locator(".suggestion").count() >= 1, address
    page.close()
