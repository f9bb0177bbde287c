"""Tests of the web page."""

from __future__ import annotations

import contextlib
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from flask.testing import FlaskClient

SAME = {"Sec-Fetch-Site": "same-origin"}
"""What a browser sends with a form posted from one of our own pages."""


def planned_meeting(client: FlaskClient) -> str:
    """The address of a meeting planned through the forms, in a new dossier."""
    dossier = client.post("/dossiers/new", data={"title": "Huur"}, headers=SAME).headers["Location"]
    planned = client.post(
        f"{dossier}/meetings/new", data={"date": "2026-12-15", "time": "14:00"}, headers=SAME
    )
    return str(planned.headers["Location"])


def versions(client: FlaskClient, meeting: str) -> dict[str, str]:
    """The versions the meeting page's forms carry, as a browser sends them back: ``version`` for the
    record, ``version-<question>`` for each answer of the preparation."""
    return carried(client.get(meeting).get_data(as_text=True))


def carried(page: str) -> dict[str, str]:
    """The versions ``page``'s forms carry (the hidden fields ``version`` and ``version-<question>``)."""
    return dict(re.findall(r'<input type="hidden" name="(version[^"]*)" value="(\d+)">', page))


@contextlib.contextmanager
def serving(
    *args: str, host: str = "127.0.0.1", path: str = "/", env: dict[str, str] | None = None
) -> Iterator[tuple[str, str, subprocess.Popen[str]]]:
    """Run ``aantafel ARGS --host HOST --port PORT`` on a free port (in the environment ``env``, else this
    one) until ``path`` answers 200: the server's address, the page and the process, stopped afterwards.
    An IPv6 ``host`` needs its address family to find a free port and brackets in the URL."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family) as probe:
        probe.bind((host, 0))
        port = int(probe.getsockname()[1])
    address = f"http://{f'[{host}]' if family == socket.AF_INET6 else host}:{port}"
    server = subprocess.Popen(
        [sys.executable, "-m", "aantafel.cli", *args, "--host", host, "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                with urllib.request.urlopen(f"{address}{path}", timeout=2) as response:
                    assert response.status == 200
                    page = response.read().decode()
                    break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise
                time.sleep(0.2)
        yield address, page, server
    finally:
        server.terminate()
        server.communicate(timeout=10)


def served(
    *args: str, host: str = "127.0.0.1", path: str = "/", env: dict[str, str] | None = None
) -> tuple[str, str]:
    """``serving`` until ``path`` answers, then stopped: the page it served and what the command printed
    on stderr."""
    with serving(*args, host=host, path=path, env=env) as (address, page, server):
        server.terminate()
        _out, err = server.communicate(timeout=10)
    return page, err.replace(f"{address.rsplit(':', 1)[1]}/", "PORT/")
