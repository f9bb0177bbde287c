"""Every page, in Dutch and in English, audited by axe-core in Chromium: WCAG 2.2 AA with zero violations.

People with a screen reader, a keyboard or poor eyesight prepare meetings too; axe catches what they would
trip over (missing labels, low contrast, headings out of order) before they do.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def _paths() -> list[str]:
    """One page of every kind, with a dossier, a prepared meeting and an agreement so no page is empty; the
    meeting's record has moves of both sides, so the dossier's page has its picture."""
    from aantafel import load_library
    from aantafel.dossiers.model import Move, Record
    from aantafel.dossiers.store import open_store

    library = load_library()
    check = next(iter(library.items("nl", "check")))
    intervention = next(iter(library.items("nl", "intervention")))
    store = open_store()
    dossier = store.create_dossier({"title": "Huur buurthuis", "goal": "Betaalbare huur"}, author="test")
    meeting = store.add_meeting(
        dossier.id,
        starts_at=(datetime.now() + timedelta(days=7)).astimezone(),
        place="Stadhuis",
        purpose="Huur",
        people=[],
        author="test",
    )
    store.answer(meeting.id, check.id, "no", "weten we niet", expected_version=0, author="test")
    moves = (
        Move(side="ours", kind="offered", what="Zaal gratis voor de buurt"),
        Move(side="theirs", kind="promised", what="Subsidie", condition="als de raad instemt"),
    )
    store.record_meeting(
        meeting.id, Record(notes="Goed gesprek", moves=moves), expected_version=1, author="test"
    )
    agreement = store.add_agreement(  # overdue, so the late agreements show too
        dossier.id, what="Cijfers sturen", side="theirs", due=date(2020, 1, 10), author="test"
    )
    store.update_dossier(dossier.id, {"limits": "Niet boven 900"}, expected_version=1, author="test")
    called_off = store.add_meeting(dossier.id, starts_at=datetime.now().astimezone(), author="test")
    store.cancel_meeting(called_off.id, expected_version=1, author="test")  # struck through in the timeline
    mistake = store.add_meeting(dossier.id, starts_at=datetime.now().astimezone(), author="test")
    store.remove_meeting(mistake.id, expected_version=1, author="test")  # and the bin holds some of each
    wrong = store.add_agreement(dossier.id, what="Per ongeluk", side="ours", author="test")
    store.remove_agreement(wrong.id, expected_version=1, author="test")
    store.close()
    return [
        "/",
        "/library",
        "/library/intervention",
        f"/item/{intervention.id}",
        "/search?q=afspraken",
        "/stuck",
        "/stuck?situation=ze+blijven+maar+vaag",
        "/about",
        "/dossiers/",
        "/dossiers/new",
        "/dossiers/bin",
        f"/dossiers/{dossier.id}",
        f"/dossiers/{dossier.id}/edit",
        f"/dossiers/{dossier.id}/history",
        f"/meetings/{called_off.id}",
        f"/meetings/{mistake.id}",
        f"/dossiers/{dossier.id}/meetings/new",
        f"/meetings/{meeting.id}",
        f"/meetings/{meeting.id}/edit",
        f"/agreements/{agreement.id}/edit",
        f"/dossiers/{dossier.id}/sheet",
        "/bestaat-niet",
    ]


@pytest.mark.parametrize("language", ["nl", "en"])
def test_every_page_passes_axe(browser: Browser, server: str, language: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    context = browser.new_context(locale=language)
    page = context.new_page()
    found = {}
    for path in _paths():
        separator = "&" if "?" in path else "?"
        page.goto(f"{server}{path}{separator}lang={language}")
        assert page.locator("html").get_attribute("lang") == language, path
        results = axe.run(page, options={"runOnly": {"type": "tag", "values": TAGS}})
        if results.violations_count:
            found[path] = results.generate_report()
    context.close()
    assert not found, "\n".join(f"{path}:\n{report}" for path, report in found.items())


@pytest.mark.parametrize("language", ["nl", "en"])
def test_every_page_reflows_at_320_px_with_text_at_200_percent(
    browser: Browser, server: str, language: str
) -> None:
    """A phone held upright with large text: nothing may need sideways scrolling (WCAG 1.4.4 and 1.4.10).
    The test adds its own stylesheet to enlarge the text, so it lets the page's policy pass that one."""
    context = browser.new_context(viewport={"width": 320, "height": 640}, bypass_csp=True)
    page = context.new_page()
    too_wide = {}
    for path in _paths():
        separator = "&" if "?" in path else "?"
        page.goto(f"{server}{path}{separator}lang={language}")
        page.add_style_tag(content="html { font-size: 200% !important; }")
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 320:
            too_wide[path] = width
    context.close()
    assert not too_wide, f"pages wider than 320 px at 200% text: {too_wide}"
