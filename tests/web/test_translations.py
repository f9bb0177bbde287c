"""The page's words in both catalogues, and dates and numbers written the way each language writes them."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po
from flask import render_template_string
from flask.testing import FlaskClient

from aantafel_web import translations
from aantafel_web.app import create_app
from tests.web import SAME

WEB = Path(translations.__file__).parents[2]
KEYWORDS = {"_": None, "gettext": None, "N_": None, "ngettext": (1, 2)}


def words_in_the_code() -> set[str]:
    """Every message the templates and modules ask for, found as ``pybabel extract`` finds them."""
    with (WEB / "babel.cfg").open() as config:
        method_map, options_map = parse_mapping_cfg(config)  # type: ignore[no-untyped-call]
    return {
        message if isinstance(message, str) else message[0]
        for _file, _line, message, _comments, _context in extract_from_dir(
            WEB, method_map, options_map, keywords=KEYWORDS
        )
    }


@pytest.mark.parametrize("language", ["nl", "en"])
def test_every_word_of_the_page_is_translated_once_and_correctly(language: str) -> None:
    with (translations.LOCALE / language / "LC_MESSAGES" / "messages.po").open("rb") as po:
        catalog = read_po(po, locale=language)
    translated = {message.id if isinstance(message.id, str) else message.id[0] for message in catalog}
    translated.discard("")  # the header
    asked = words_in_the_code()
    assert len(asked) > 50
    assert asked - translated == set(), "missing: run the update in docs/translating.md"
    assert translated - asked == set(), "no longer used: run the update in docs/translating.md"
    for message in catalog:
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        assert message.id == "" or all(strings), f"untranslated: {message.id!r}"
        assert not message.fuzzy, f"fuzzy: {message.id!r}"
    assert [(message.id, errors) for message, errors in catalog.check() if errors] == []


def test_dates_follow_the_language(client: FlaskClient, dossier: str) -> None:
    planned = client.post(
        f"/dossiers/{dossier}/meetings/new", data={"date": "2026-12-15", "time": "14:00"}, headers=SAME
    )
    client.post(
        f"/dossiers/{dossier}/agreements/new",
        data={"what": "Taxatie sturen", "side": "theirs", "due": "2020-01-10"},
        headers=SAME,
    )
    dutch = client.get(f"/dossiers/{dossier}?lang=nl").get_data(as_text=True)
    assert "15 december 2026, 14:00" in dutch
    assert "Taxatie sturen — 10 januari 2020" in dutch
    english = client.get(f"/dossiers/{dossier}?lang=en").get_data(as_text=True)
    assert "December 15, 2026, 2:00\u202fPM" in english
    assert "Taxatie sturen — January 10, 2020" in english
    meeting = client.get(planned.headers["Location"] + "?lang=nl").get_data(as_text=True)
    assert "15 december 2026, 14:00" in meeting


@pytest.mark.parametrize(("language", "written"), [("nl", "1.234.567,5"), ("en", "1,234,567.5")])
def test_numbers_follow_the_language(language: str, written: str) -> None:
    app = create_app({"TESTING": True})
    with app.test_request_context(f"/?lang={language}"):
        app.preprocess_request()
        assert render_template_string("{{ 1234567.5 | number }}") == written


def test_counts_are_words_in_the_language(client: FlaskClient) -> None:
    dutch = client.get("/search?q=afspraak&lang=nl").get_data(as_text=True)
    assert re.search(r"<p>\d+ resultaten voor “afspraak”</p>", dutch)
    english = client.get("/search?q=agreement&lang=en").get_data(as_text=True)
    assert re.search(r"<p>\d+ results for “agreement”</p>", english)
    about = client.get("/about?lang=nl").get_data(as_text=True)
    assert re.search(r"\(Nederlands, \d+ teksten\)", about)


def test_an_edited_catalogue_shows_at_the_next_start(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    edited = tmp_path / "locale"
    shutil.copytree(translations.LOCALE, edited)
    po = edited / "nl" / "LC_MESSAGES" / "messages.po"
    po.write_text(po.read_text().replace('msgstr "Vastgelopen?"', 'msgstr "Zit het vast?"'))
    monkeypatch.setattr(translations, "LOCALE", edited)
    page = create_app({"TESTING": True}).test_client().get("/").get_data(as_text=True)
    assert "Zit het vast?" in page
    assert "Vastgelopen?" not in page


def test_the_language_switch_names_each_language_in_itself(client: FlaskClient) -> None:
    assert ">English</a>" in client.get("/?lang=nl").get_data(as_text=True)
    assert ">Nederlands</a>" in client.get("/?lang=en").get_data(as_text=True)
