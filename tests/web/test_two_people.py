"""Two people on one dossier at the same moment, each in their own browser (two Chromium contexts, one
without JavaScript): edits of different fields are merged, edits of the same field come back side by side
with a choice, nothing either typed is lost, and the history tells the story."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tests.web.test_accessibility import TAGS

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page


def _person(browser: Browser, *, javascript: bool) -> Page:
    return browser.new_context(java_script_enabled=javascript, locale="nl-NL").new_page()


def _no_axe_violations(page: Page) -> None:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": TAGS}})
    assert not results.violations_count, results.generate_report()


def test_two_people_edit_a_dossier_an_agreement_and_a_record(browser: Browser, server: str) -> None:
    anna = _person(browser, javascript=False)
    bram = _person(browser, javascript=True)  # axe reads his conflict page, which needs a script to run
    anna.goto(f"{server}/dossiers/new")
    anna.fill("#title", "Huur buurthuis")
    anna.fill("#goal", "Lagere huur")
    anna.get_by_role("button", name="Opslaan").click()
    dossier = anna.url

    # The dossier: both open the form; Anna changes the goal, Bram the limits and the goal.
    anna.goto(f"{dossier}/edit")
    bram.goto(f"{dossier}/edit")
    anna.fill("#goal", "Huur naar 800 euro")
    anna.get_by_role("button", name="Opslaan").click()
    bram.fill("#limits", "Niet boven 900 euro")
    bram.fill("#goal", "Huur gelijk, meer uren")
    bram.get_by_role("button", name="Opslaan").click()
    conflict = bram.get_by_role("alert").inner_text()
    assert "Iemand anders heeft intussen dezelfde velden veranderd" in conflict
    assert "Huur naar 800 euro" in conflict  # Anna's goal, next to Bram's in the form
    assert bram.locator("#goal").input_value() == "Huur gelijk, meer uren"
    assert bram.locator("#limits").input_value() == "Niet boven 900 euro"
    _no_axe_violations(bram)  # the conflict page, with its choices, for a screen reader too
    bram.get_by_label("Houd de tekst van web:").check()
    bram.get_by_role("button", name="Opslaan").click()
    page = bram.locator("main").inner_text()
    assert "Huur naar 800 euro" in page
    assert "Niet boven 900 euro" in page

    # An agreement: Anna corrects who does it, Bram (from the same page) the due date: both kept.
    anna.goto(dossier)
    anna.fill("#what", "Gemeente stuurt de taxatie")
    anna.get_by_role("button", name="Opslaan").click()
    anna.get_by_role("link", name="Aanpassen: Gemeente stuurt de taxatie").click()
    bram.goto(anna.url)
    anna.fill("#person", "Wethouder Jansen")
    anna.get_by_role("button", name="Opslaan").click()
    bram.fill("#due", "2030-03-01")
    bram.get_by_role("button", name="Opslaan").click()
    assert "Intussen hebben anderen andere velden veranderd" in bram.get_by_role("status").inner_text()
    agreement = bram.locator("ul.agreements li").inner_text()
    assert "Wethouder Jansen" in agreement
    assert "2030" in agreement

    # A meeting's record: both write notes at once; Bram keeps his own text after seeing Anna's.
    anna.goto(dossier)
    anna.get_by_role("link", name="Nieuw gesprek").click()
    anna.fill("#date", "2026-12-15")
    anna.get_by_role("button", name="Opslaan").click()
    meeting = anna.url
    bram.goto(meeting)
    anna.fill("#notes", "Jansen wil eerst cijfers zien")
    anna.locator("form[action$='/record'] button[type=submit]").click()
    bram.fill("#notes", "Jansen was positief")
    bram.fill("#went_well", "We bleven rustig")
    bram.locator("form[action$='/record'] button[type=submit]").click()
    assert "Jansen wil eerst cijfers zien" in bram.get_by_role("alert").first.inner_text()
    bram.get_by_label("Houd mijn tekst").check()
    bram.locator("form[action$='/record'] button[type=submit]").click()
    assert bram.get_by_role("alert").count() == 0
    assert bram.locator("#notes").input_value() == "Jansen was positief"
    assert bram.locator("#went_well").input_value() == "We bleven rustig"

    # The history tells the story, and the last change can be undone there.
    bram.goto(f"{dossier}/history")
    story = bram.locator("ol.history").inner_text()
    assert "veranderde Doel: Lagere huur → Huur naar 800 euro" in story
    assert "veranderde Onze grenzen: — → Niet boven 900 euro" in story
    assert "schreef op wat er gebeurde" in story
    bram.locator("ol.history li").first.get_by_role("button", name="Ongedaan maken").click()
    assert "maakte een verandering van" in bram.locator("ol.history li").first.inner_text()
