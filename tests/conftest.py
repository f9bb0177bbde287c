"""Fixtures shared by every test: no test reads or writes the user's real cache or data."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _private_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AANTAFEL_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    monkeypatch.delenv("AANTAFEL_LOAD_PLUGINS", raising=False)
    monkeypatch.delenv("AANTAFEL_LANG", raising=False)


ROOT = Path(__file__).resolve().parent.parent
