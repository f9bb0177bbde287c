"""Tests of the plugins under plugins/: installed with pip, and their modules at work in every front-end."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from aantafel import Library, load_library
from aantafel.dossiers.store import open_store

UITDAAGRECHT = (
    Path(__file__).resolve().parents[2]
    / "plugins"
    / "aantafel-uitdaagrecht"
    / "src"
    / "aantafel_uitdaagrecht"
)
DOSSIER_TITLE = "Buurttuin overnemen"


def with_uitdaagrecht() -> Library:
    """The installed packs plus the uitdaagrecht module, as if it were installed too."""
    return load_library(packs=[UITDAAGRECHT / "packs" / "nl", UITDAAGRECHT / "packs" / "en"])


BASE_CHECKS = ("ja", "Lagere huur", "nee", "ja", "Niet boven 900 euro", "nee")
"""The base packs' four checks answered in the coach: two yes-no checks, and the two open ones (the goal and
the limits) each with a written answer and a no to putting it in the dossier."""


def new_meeting() -> tuple[str, str]:
    """A new dossier (``DOSSIER_TITLE``) with one meeting; their ids."""
    store = open_store()
    try:
        dossier = store.create_dossier({"title": DOSSIER_TITLE}, author="a")
        meeting = store.add_meeting(dossier.id, starts_at=datetime(2030, 12, 3, 13, tzinfo=UTC), author="a")
        return dossier.id, meeting.id
    finally:
        store.close()
