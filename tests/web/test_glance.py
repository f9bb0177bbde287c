"""The negotiation at a glance on the dossier's page: an SVG of the give and take per meeting and of the
agreements per state, drawn on the server, with the same figures as tables; kept with the page."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

import pytest

from aantafel import dates
from aantafel.dossiers.glance import SHOWN
from aantafel.dossiers.model import Move, Record
from aantafel.dossiers.store import Store, open_store
from aantafel_web.dossiers import CHECK_EVERY
from tests.web import SAME

if TYPE_CHECKING:
    from flask.testing import FlaskClient
    from playwright.sync_api import Browser

HOSTILE = '<script>alert("x")</script>'
RENT = Move(side="ours", kind="offered", what="900 euro huur", condition="als het dak gemaakt wordt")
CHAIRS = Move(side="theirs", kind="conceded", what="De stoelen mogen blijven")
KEYS = Move(side="theirs", kind="promised", what="Sleutels voor de avond", condition="als wij afsluiten")


@pytest.fixture
def data() -> Iterator[Store]:
    """The database the web page uses (``AANTAFEL_DATABASE_URL``), as the terminal would change it."""
    opened = open_store()
    yield opened
    opened.close()


def _held(store: Store, dossier_id: str, days_ago: int, *moves: Move) -> str:
    starts = (datetime.now() - timedelta(days=days_ago)).replace(hour=12, minute=0).astimezone()
    meeting = store.add_meeting(dossier_id, starts_at=starts, author="a")
    if moves:
        store.record_meeting(meeting.id, Record(moves=moves), expected_version=1, author="a")
    return meeting.id


def _glance(page: str) -> str:
    """The picture's section of a dossier page."""
    start = page.index('<section id="glance"')
    return page[start : page.index("</section>", start)]


def _negotiation(store: Store) -> str:
    """A dossier with two meetings held, one planned, and an agreement late, one done and one open."""
    dossier = store.create_dossier({"title": "Huur buurthuis"}, author="a")
    _held(store, dossier.id, 20, RENT, CHAIRS, RENT)
    _held(store, dossier.id, 6, KEYS)
    _held(store, dossier.id, -9)
    today = datetime.now().astimezone().date()
    store.add_agreement(dossier.id, what="Cijfers", side="theirs", due=today - timedelta(days=2), author="a")
    done = store.add_agreement(dossier.id, what="Zaal", side="ours", author="a")
    store.set_agreement_status(done.id, "done", expected_version=1, author="a")
    store.add_agreement(dossier.id, what="Sleutels", side="theirs", author="a")
    return dossier.id


def test_the_picture_shows_each_sides_moves_per_meeting_and_the_agreements(
    client: FlaskClient, data: Store
) -> None:
    dossier = _negotiation(data)
    glance = _glance(client.get(f"/dossiers/{dossier}").get_data(as_text=True))
    assert "<h2>De onderhandeling in één oogopslag</h2>" in glance
    moves, agreements = re.findall(r'<svg class="glance-chart"[^>]*role="img".*?</svg>', glance, re.S)
    assert (
        '<desc id="glance-moves-desc">Wij: geboden 2, toegegeven 0, beloofd 0. '
        "Zij: geboden 0, toegegeven 1, beloofd 1.</desc>" in moves
    )
    assert (
        '<title id="glance-moves-title">Wat elke kant bood, toegaf en beloofde, per gesprek</title>' in moves
    )
    assert moves.count('fill="url(#glance-offered)"') == 2  # a bar in the first meeting, one in the legend
    assert moves.count('fill="url(#glance-promised)"') == 2
    assert re.search(r'class="count">2</text>', moves)  # ours, above the first meeting's bar
    assert ">Gesprek</text>" in moves
    assert re.findall(r'class="axis">(\d+)</text>', moves) == ["1", "2"]  # the planned meeting is not drawn
    assert "open 1, te laat 1, gedaan 1, niet nagekomen 0, ingetrokken 0." in agreements
    for state in ("open", "te laat", "gedaan", "niet nagekomen"):
        assert f'class="name">{state}</text>' in agreements
    table = glance[glance.index("<details>") :]
    assert (
        '<caption id="glance-moves-caption">Wat elke kant bood, toegaf en beloofde, per gesprek</caption>'
        in table
    )
    assert "<li>900 euro huur (als als het dak gemaakt wordt)</li>" in table
    assert "<li>Sleutels voor de avond (als als wij afsluiten)</li>" in table
    assert "<td>2<ul><li>900 euro huur" in table
    assert '<th scope="row">te laat</th><td>1</td>' in table


def test_the_picture_is_in_english_too(client: FlaskClient, data: Store) -> None:
    dossier = _negotiation(data)
    glance = _glance(client.get(f"/dossiers/{dossier}?lang=en").get_data(as_text=True))
    assert "<h2>The negotiation at a glance</h2>" in glance
    assert "Ours: offered 2, conceded 0, promised 0. Theirs: offered 0, conceded 1, promised 1." in glance
    assert "open 1, overdue 1, done 1, broken 0, withdrawn 0." in glance
    assert "(if als het dak gemaakt wordt)" in glance
    assert ">Meeting</text>" in glance


def test_what_users_typed_is_escaped_in_the_table(client: FlaskClient, data: Store) -> None:
    dossier = data.create_dossier({"title": "Huur"}, author="a")
    _held(data, dossier.id, 3, Move(side="theirs", kind="offered", what=HOSTILE, condition=HOSTILE))
    glance = _glance(client.get(f"/dossiers/{dossier.id}").get_data(as_text=True))
    assert "<script>" not in glance
    assert "<li>&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; (als &lt;script&gt;" in glance


def test_a_long_text_is_shortened_in_the_table_and_whole_on_the_meetings_page(
    client: FlaskClient, data: Store
) -> None:
    dossier = data.create_dossier({"title": "Huur"}, author="a")
    meeting = _held(data, dossier.id, 3, Move(side="ours", kind="conceded", what="lang " * 100))
    glance = _glance(client.get(f"/dossiers/{dossier.id}").get_data(as_text=True))
    assert re.search(r"<li>(lang ){23}lang…</li>", glance)
    assert f'href="/meetings/{meeting}"' in glance
    assert ("lang " * 100).strip() in client.get(f"/meetings/{meeting}").get_data(as_text=True)


def test_the_picture_holds_no_style_and_no_script(client: FlaskClient, data: Store) -> None:
    """The page's policy allows neither: a style attribute would be refused, and the picture would be
    drawn without its colours."""
    glance = _glance(client.get(f"/dossiers/{_negotiation(data)}").get_data(as_text=True))
    assert "style=" not in glance
    assert "<style" not in glance
    assert "<script" not in glance


def test_an_empty_dossier_gets_a_sentence_instead_of_a_picture(client: FlaskClient, data: Store) -> None:
    dossier = data.create_dossier({"title": "Huur"}, author="a")
    _held(data, dossier.id, 3)
    glance = _glance(client.get(f"/dossiers/{dossier.id}").get_data(as_text=True))
    assert "Hier is nog niets te zien. Schrijf na een gesprek op" in glance
    assert "<svg" not in glance
    assert "<table" not in glance


def test_agreements_without_moves_are_drawn_and_the_moves_get_a_sentence(
    client: FlaskClient, data: Store
) -> None:
    dossier = data.create_dossier({"title": "Huur"}, author="a")
    data.add_agreement(dossier.id, what="Cijfers", side="theirs", author="a")
    glance = _glance(client.get(f"/dossiers/{dossier.id}").get_data(as_text=True))
    assert "Er is nog geen beweging opgeschreven." in glance
    assert glance.count('role="img"') == 1
    assert "open 1, te laat 0, gedaan 0, niet nagekomen 0, ingetrokken 0." in glance


def test_many_meetings_show_the_latest_and_say_how_many_are_left_out(
    client: FlaskClient, data: Store
) -> None:
    dossier = data.create_dossier({"title": "Huur"}, author="a")
    for days in range(SHOWN + 2, 0, -1):
        _held(data, dossier.id, days, RENT)
    glance = _glance(client.get(f"/dossiers/{dossier.id}").get_data(as_text=True))
    assert f"De laatste {SHOWN} gesprekken. De 2 gesprekken daarvoor staan hierboven in de lijst." in glance
    numbers = re.findall(r'class="axis">(\d+)</text>', glance)
    assert numbers == [str(number) for number in range(3, SHOWN + 3)]


def test_a_third_side_gets_a_row_of_its_own(client: FlaskClient, data: Store) -> None:
    dossier = data.create_dossier({"title": "Huur"}, author="a")
    _held(data, dossier.id, 3, Move(side="other", kind="offered", what="De krant schrijft erover"))
    glance = _glance(client.get(f"/dossiers/{dossier.id}").get_data(as_text=True))
    assert 'class="name">Anders</text>' in glance
    assert "Anders: geboden 1, toegegeven 0, beloofd 0." in glance


def test_the_picture_is_kept_with_the_page_and_made_again_when_a_meeting_is_recorded(
    client: FlaskClient, data: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The moves are read once per making of the page, not once per view: a kept page asks nothing."""
    reads = []
    read = Store.moves_by_meeting

    def counted(self: Store, dossier_id: str) -> dict[str, tuple[Move, ...]]:
        reads.append(dossier_id)
        return read(self, dossier_id)

    monkeypatch.setattr(Store, "moves_by_meeting", counted)
    dossier = data.create_dossier({"title": "Huur"}, author="a")
    meeting = _held(data, dossier.id, 3, RENT)
    url = f"/dossiers/{dossier.id}"
    for _view in range(3):
        assert "Wij: geboden 1," in client.get(url).get_data(as_text=True)
    assert len(reads) == 1
    data.record_meeting(meeting, Record(moves=(RENT, RENT, CHAIRS)), expected_version=2, author="a")
    time.sleep(CHECK_EVERY)
    page = client.get(url).get_data(as_text=True)
    assert "Wij: geboden 2, toegegeven 0, beloofd 0. Zij: geboden 0, toegegeven 1," in page
    assert len(reads) == 2


def test_a_short_date_stands_under_each_of_a_few_meetings(client: FlaskClient, data: Store) -> None:
    dossier = data.create_dossier({"title": "Huur"}, author="a")
    meeting = data.meeting(_held(data, dossier.id, 3, RENT))
    page = client.get(f"/dossiers/{dossier.id}").get_data(as_text=True)
    day = dates.short_day(meeting.starts_at.astimezone().date(), "nl")
    assert f'class="axis">{day}</text>' in _glance(page)
    assert dates.short_day(date(2026, 12, 3), "nl") == "3 dec"
    assert dates.short_day(date(2026, 12, 3), "en") == "Dec 3"


def test_a_saved_record_shows_in_the_picture_at_once(client: FlaskClient, data: Store) -> None:
    dossier = data.create_dossier({"title": "Huur"}, author="a")
    meeting = _held(data, dossier.id, 3)
    url = f"/dossiers/{dossier.id}"
    assert "Hier is nog niets te zien" in client.get(url).get_data(as_text=True)
    movement = {
        "version": "1",
        "move_side": ["theirs"],
        "move_kind": ["promised"],
        "move_what": ["Sleutels"],
        "move_condition": ["als wij afsluiten"],
    }
    assert client.post(f"/meetings/{meeting}/record", data=movement, headers=SAME).status_code == 303
    assert "Zij: geboden 0, toegegeven 0, beloofd 1." in client.get(url).get_data(as_text=True)


OUTSIDE = """[...document.querySelectorAll('svg.glance-chart')].flatMap(svg => {
    const view = svg.viewBox.baseVal;
    const out = box => box.x < 0 || box.y < 0 || box.x + box.width > view.width
        || box.y + box.height > view.height;
    return [...svg.querySelectorAll('text')].filter(t => out(t.getBBox())).map(t => t.textContent);
})"""
"""The words of the pictures that stand (partly) outside their drawing, as the browser lays them out."""


@pytest.mark.parametrize("width", [320, 1280])
def test_the_picture_is_seen_whole_on_a_phone_and_a_laptop(browser: Browser, server: str, width: int) -> None:
    """It scales with its viewBox: seen, as wide as the page allows, and never wider; the table is a click
    away on screen and on paper without one."""
    opened = open_store()
    try:
        dossier = _negotiation(opened)
    finally:
        opened.close()
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="nl-NL")
    page = context.new_page()
    page.goto(f"{server}/dossiers/{dossier}")
    chart = page.locator("svg.glance-chart").first
    assert chart.is_visible()
    box = chart.bounding_box()
    assert box is not None
    assert 200 < box["width"] <= width - 32
    assert box["height"] > 100
    assert page.get_by_role("img", name="Wat elke kant bood, toegaf en beloofde, per gesprek").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert page.evaluate(OUTSIDE) == []
    table = page.locator("#glance table").first
    assert not table.is_visible()
    page.get_by_text("De cijfers als tabel").click()
    assert table.is_visible()
    page.reload()
    page.emulate_media(media="print")
    assert table.is_visible()
    assert page.locator("#glance svg.glance-chart").first.is_visible()
    context.close()


@pytest.mark.parametrize("language", ["nl", "en"])
def test_axe_finds_nothing_in_the_pictures_and_their_open_tables_and_every_word_fits(
    browser: Browser, server: str, language: str
) -> None:
    from axe_playwright_python.sync_playwright import Axe

    from tests.web.test_accessibility import TAGS

    opened = open_store()
    try:
        dossier = _negotiation(opened)
        _held(opened, dossier, 1, Move(side="other", kind="conceded", what="De krant schrijft erover"))
    finally:
        opened.close()
    context = browser.new_context(locale=language)
    page = context.new_page()
    page.goto(f"{server}/dossiers/{dossier}?lang={language}")
    assert page.evaluate(OUTSIDE) == []  # the longer words of each language fit too
    page.locator("#glance summary").click()
    assert page.locator("#glance table").first.is_visible()
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": TAGS}})
    context.close()
    assert not results.violations_count, results.generate_report()
