"""Tests of the web page."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import time
import urllib.request
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from flask.testing import FlaskClient

SAME = {"Sec-Fetch-Site": "same-origin"}
"""What a browser sends with a form posted from one of our own pages."""


def versions(client: FlaskClient, meeting: str) -> dict[str, str]:
    """The versions the meeting page's forms carry, as a browser sends them back: ``version`` for the
    record, ``version-<question>`` for each answer of the preparation."""
    return carried(client.get(meeting).get_data(as_text=True))


def carried(page: str) -> dict[str, str]:
    """The versions ``page``'s forms carry (the hidden fields ``version`` and ``version-<question>``)."""
    return dict(re.findall(r'<input type="hidden" name="(version[^"]*)" value="(\d+)">', page))


def served(
    *args: str, host: str = "127.0.0.1", path: str = "/", env: dict[str, str] | None = None
) -> tuple[str, str]:
    """Run ``aantafel ARGS --host HOST --port PORT`` on a free port (in the environment ``env``, else this
    one) until ``path`` answers 200, then stop it: the page it served and what the command printed on
    stderr."""
    with socket.socket() as probe:
        probe.bind((host, 0))
        port = int(probe.getsockname()[1])
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
                with urllib.request.urlopen(f"http://{host}:{port}{path}", timeout=2) as response:
                    assert response.status == 200
                    page = response.read().decode()
                    break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise
                time.sleep(0.2)
    finally:
        server.terminate()
        _out, err = server.communicate(timeout=10)
    return page, err.replace(f":{port}/", ":PORT/")
