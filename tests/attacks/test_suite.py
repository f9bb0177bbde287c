"""Item 10 of the attack, on the tests themselves: they wrote ``web-secret-key`` into the real home folder
of whoever ran them."""

from __future__ import annotations

from pathlib import Path

import pytest
from platformdirs import user_data_path

from aantafel_web.app import create_app


@pytest.fixture(scope="module")
def made_early() -> Path:
    """Where a web app made by a module-scoped fixture (which runs before the per-test folders are set)
    keeps its key."""
    create_app({"TESTING": True})
    return user_data_path("aantafel", appauthor=False) / "web-secret-key"


def test_an_app_made_before_any_test_keeps_its_key_in_the_test_runs_own_home(
    made_early: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    assert made_early.exists()
    assert made_early.is_relative_to(tmp_path_factory.getbasetemp())
