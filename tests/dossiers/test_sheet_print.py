"""The preparation sheet prints on one A4 page in a real browser (Debian's Chromium, headless)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from aantafel import load_library
from aantafel.documents import render_html
from aantafel.dossiers.model import Participant, Record
from aantafel.dossiers.sheet import preparation_sheet
from aantafel.dossiers.store import open_store
from aantafel.exporters import Document

CHROMIUM = shutil.which("chromium")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--no-pdf-header-footer",
]


def _pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?!s)", pdf))


@pytest.fixture
def chromium() -> str:
    if CHROMIUM is None:
        if os.environ.get("CI"):
            pytest.fail("CI must install Debian's chromium for the print test (see .ci/run)")
        pytest.skip("no chromium; apt-get install chromium fonts-dejavu-core")
    return CHROMIUM


@pytest.mark.parametrize("language", ["nl", "en"])
def test_a_full_sheet_prints_on_one_a4_page(chromium: str, tmp_path: Path, language: str) -> None:
    store = open_store(f"sqlite:///{tmp_path / 'a.sqlite'}")
    dossier = store.create_dossier(
        {
            "title": "Huur buurthuis De Linde",
            "goal": "Een huur die het buurthuis kan opbrengen, zodat het open blijft voor de hele wijk.",
            "limits": "Niet meer dan 900 euro per maand. Geen contract korter dan drie jaar.",
            "alternative": "De activiteiten verhuizen naar de kerkzaal.",
            "our_interests": "Een vaste plek voor de wijk; een huur die we kunnen opbrengen.",
            "their_interests": "Een pand dat gebruikt wordt; geen leegstand; een eerlijke prijs.",
        },
        author="a",
    )
    earlier = store.add_meeting(dossier.id, starts_at=datetime(2026, 11, 20, 10, tzinfo=UTC), author="a")
    store.record_meeting(
        earlier.id, Record(emotions="De wethouder was boos."), expected_version=1, author="a"
    )
    people = [Participant(name=f"Persoon {n}", role="ambtenaar") for n in range(4)]
    meeting = store.add_meeting(
        dossier.id,
        starts_at=datetime(2030, 1, 15, 14, tzinfo=UTC),
        place="Stadhuis",
        people=people,
        author="a",
    )
    library = load_library()
    for check in library.items(language, "check"):
        store.answer(meeting.id, check.id, "no", "Nog uitzoeken", expected_version=0, author="a")
    for number in range(3):
        store.add_agreement(
            dossier.id, what=f"Afspraak {number}", side="theirs", due=date(2030, 2, 1), author="a"
        )
    sheet = preparation_sheet(store, library, dossier.id, language)
    page = tmp_path / "sheet.html"
    page.write_bytes(render_html(Document(kind="sheet", title="x", language=language, data=sheet)))
    pdf = tmp_path / "sheet.pdf"
    subprocess.run(
        [chromium, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", f"--print-to-pdf={pdf}", page.as_uri()],
        check=True,
        capture_output=True,
        timeout=60,
    )
    assert _pages(pdf.read_bytes()) == 1
    store.close()
