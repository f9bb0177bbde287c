"""A coach over the installed packs, shared by the coach's tests."""

from __future__ import annotations

import pytest

from aantafel import Library, load_library
from aantafel_repl.coach import Coach
from aantafel_repl.plugin import make_coach


@pytest.fixture(scope="session")
def library() -> Library:
    return load_library()


@pytest.fixture
def coach(library: Library) -> Coach:
    return make_coach(library, "nl")
