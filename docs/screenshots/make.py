"""Make the README's screenshots: the main pages on a phone-sized screen, in Dutch, with an example dossier.

Run from the repository root (needs Debian's Chromium at /usr/bin/chromium):

    uv run python docs/screenshots/make.py

It uses a throwaway database, so your own dossiers never end up in a picture.
"""

from __future__ import annotations

import os
import tempfile
import threading
from datetime import datetime, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
PHONE = {"width": 390, "height": 844}


def main() -> None:
    with tempfile.TemporaryDirectory() as scratch:
        os.environ["AANTAFEL_DATABASE_URL"] = f"sqlite:///{Path(scratch) / 'example.sqlite'}"
        os.environ["XDG_DATA_HOME"] = scratch  # the page's key too
        meeting_path, dossier_path = _example()
        pages = {
            "home": "/",
            "stuck": "/stuck?situation=ze+blijven+maar+vaag+en+beloven+niks",
            "dossier": dossier_path,
            "meeting": meeting_path,
        }
        _shoot(pages)


def _example() -> tuple[str, str]:
    """A dossier as a bewonersbedrijf might keep it: a meeting held with its give and take written down,
    the next one with one check answered, an agreement overdue."""
    from aantafel.dossiers.model import Move, Record
    from aantafel.dossiers.store import open_store

    store = open_store()
    dossier = store.create_dossier(
        {
            "title": "Huur van het buurthuis",
            "counterpart": "Gemeente Zwolle",
            "goal": "Een huur die we vijf jaar kunnen betalen",
            "limits": "Niet meer dan 900 euro per maand",
        },
        author="voorbeeld",
    )
    held = store.add_meeting(
        dossier.id,
        starts_at=(datetime.now() - timedelta(days=20)).replace(hour=10, minute=0).astimezone(),
        place="Buurthuis De Linde",
        purpose="Kennismaken met de nieuwe wethouder",
        people=[],
        author="voorbeeld",
    )
    moves = (
        Move(side="ours", kind="offered", what="Zaal gratis voor de buurtavond"),
        Move(side="ours", kind="conceded", what="Huur per jaar in plaats van per maand"),
        Move(side="theirs", kind="promised", what="Onderhoud van het dak", condition="als de raad instemt"),
    )
    store.record_meeting(held.id, Record(moves=moves), expected_version=1, author="voorbeeld")
    meeting = store.add_meeting(
        dossier.id,
        starts_at=(datetime.now() + timedelta(days=9)).replace(hour=14, minute=0).astimezone(),
        place="Stadskantoor",
        purpose="Nieuwe huurprijs bespreken",
        people=[],
        author="voorbeeld",
    )
    store.answer(
        meeting.id,
        "bindende-afspraken",
        "unsure",
        "Komt de wethouder zelf?",
        expected_version=0,
        author="voorbeeld",
    )
    store.add_agreement(
        dossier.id,
        what="Gemeente stuurt de cijfers van het onderhoud",
        side="theirs",
        due=(datetime.now() - timedelta(days=3)).date(),
        author="voorbeeld",
    )
    store.close()
    return f"/meetings/{meeting.id}", f"/dossiers/{dossier.id}#meetings"


def _shoot(pages: dict[str, str]) -> None:
    from playwright.sync_api import sync_playwright
    from werkzeug.serving import make_server

    from aantafel_web.app import create_app

    server = make_server("127.0.0.1", 0, create_app(), threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium")
        page = browser.new_page(viewport=PHONE, locale="nl-NL", device_scale_factor=1)
        for name, path in pages.items():
            page.goto(f"http://127.0.0.1:{server.server_port}{path}")
            target = HERE / f"{name}.png"
            page.screenshot(path=target)
            print(f"wrote {target.relative_to(HERE.parent.parent)}")
        browser.close()
    server.shutdown()


if __name__ == "__main__":
    main()
