"""The browser and the served app for the real-browser tests of the web page."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from aantafel_web.app import create_app
from tests.web import SAME

if TYPE_CHECKING:
    from flask.testing import FlaskClient
    from playwright.sync_api import Browser

CHROMIUM = Path("/usr/bin/chromium")
QUIET = [
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Chromium from Debian; CI installs it, so there a missing browser fails instead of skipping. One per
    module: Playwright's sync API keeps an event loop running while it is open, and prompt-toolkit (the
    coach's tests) cannot start its own under it."""
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing; .ci/run installs it with apt-get")
        pytest.skip(f"no browser at {CHROMIUM}: apt-get install chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=QUIET)
        yield launched
        launched.close()


@pytest.fixture
def server() -> Iterator[str]:
    from werkzeug.serving import make_server

    running = make_server("127.0.0.1", 0, create_app(), threaded=True)
    thread = threading.Thread(target=running.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{running.server_port}"
    running.shutdown()
    thread.join(timeout=5)


@pytest.fixture
def client() -> FlaskClient:
    return create_app({"TESTING": True}).test_client()


@pytest.fixture
def dossier(client: FlaskClient) -> str:
    """The id of a new dossier, made through the form."""
    created = client.post("/dossiers/new", data={"title": "Huur buurthuis", "goal": "Lager"}, headers=SAME)
    return str(created.headers["Location"].rsplit("/", 1)[1])
