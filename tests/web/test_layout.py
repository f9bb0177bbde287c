"""What a volunteer sees on a phone (320 px) and a laptop (1280 px), in Dutch and English, in Chromium: boxes
beside their words, a header on one line where there is room, a preparation sheet they can read, leave and
print."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

WIDTHS = [320, 1280]
LANGUAGES = ["nl", "en"]


def _dossier_with_a_meeting() -> tuple[str, str]:
    """A dossier and its next meeting, stored as the page's own store finds them: their ids."""
    from aantafel.dossiers.store import open_store

    store = open_store()
    try:
        dossier = store.create_dossier({"title": "Huur buurthuis", "goal": "Betaalbare huur"}, author="test")
        meeting = store.add_meeting(
            dossier.id, starts_at=(datetime.now() + timedelta(days=7)).astimezone(), author="test"
        )
        return dossier.id, meeting.id
    finally:
        store.close()


def _open(browser: Browser, address: str, width: int, language: str) -> Page:
    page = browser.new_page(viewport={"width": width, "height": 800}, locale=language)
    separator = "&" if "?" in address else "?"
    page.goto(f"{address}{separator}lang={language}")
    return page


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_boxes_of_interventions_used_sit_left_of_their_words(
    browser: Browser, server: str, width: int, language: str
) -> None:
    _dossier, meeting = _dossier_with_a_meeting()
    page = _open(browser, f"{server}/meetings/{meeting}", width, language)
    boxes = page.locator('input[name="used"]')
    assert boxes.count() > 5
    for place in page.evaluate(
        """() => [...document.querySelectorAll('input[name="used"]')].map(box => {
            const words = document.createRange();
            words.selectNodeContents(box.parentElement);
            words.setStartAfter(box);
            const first = words.getClientRects()[0], own = box.getBoundingClientRect();
            return {width: own.width, right: own.right, top: own.top, bottom: own.bottom,
                    wordsLeft: first.left, wordsTop: first.top, wordsBottom: first.bottom};
        })"""
    ):
        assert place["width"] < 40, place  # a box, not a field the width of the page
        assert place["wordsLeft"] >= place["right"], place  # the words to its right
        assert place["wordsTop"] < place["bottom"], place  # on one line with it
        assert place["top"] < place["wordsBottom"], place
    page.close()


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_header_keeps_to_one_line_at_1280_px(browser: Browser, server: str, language: str) -> None:
    page = _open(browser, f"{server}/", 1280, language)
    tops = page.evaluate(
        "() => [...document.querySelectorAll('header > *')].map(part => part.getBoundingClientRect().top)"
    )
    assert max(tops) - min(tops) < 20, tops  # one row: "English" not alone on a second line
    page.close()


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_header_fits_a_phone(browser: Browser, server: str, language: str) -> None:
    page = _open(browser, f"{server}/", 320, language)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    other = "English" if language == "nl" else "Nederlands"
    switch = page.locator(".languages a")
    assert switch.inner_text() == other
    box = switch.bounding_box()
    assert box is not None
    assert box["x"] + box["width"] <= 320
    assert box["height"] >= 44  # a finger finds it
    page.get_by_role("searchbox").fill("afspraken")
    page.get_by_role("button", name="Zoeken" if language == "nl" else "Search").click()
    assert "q=afspraken" in page.url
    page.close()


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_preparation_sheet_reads_on_a_phone_leads_back_and_says_how_to_print(
    browser: Browser, server: str, width: int, language: str
) -> None:
    dossier, meeting = _dossier_with_a_meeting()
    page = _open(browser, f"{server}/dossiers/{dossier}/sheet", width, language)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)") >= 16  # readable, not 9.5pt
    hint = "Ctrl+P"
    assert hint in page.locator(".on-screen").inner_text()
    back = "Terug naar het dossier" if language == "nl" else "Back to the dossier"
    to_meeting = page.get_by_role("link", name="Naar het gesprek" if language == "nl" else "To the meeting")
    assert to_meeting.get_attribute("href") == f"/meetings/{meeting}"
    page.emulate_media(media="print")
    assert not page.locator(".on-screen").is_visible()  # neither the way back nor the hint on paper
    assert page.locator("h1").is_visible()
    page.emulate_media(media="screen")
    page.get_by_role("link", name=back).click()
    assert page.url.endswith(f"/dossiers/{dossier}")
    assert page.locator("h1").inner_text() == "Huur buurthuis"
    page.close()
