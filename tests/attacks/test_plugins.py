"""Item 10 of the attack, on plugins: one that ends the process, one that takes over a built-in format,
one that hangs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from click.testing import CliRunner, Result

from aantafel.cli import cli
from aantafel_web.app import create_app


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def test_a_plugin_that_calls_os_exit_at_import_is_reported_and_the_rest_works(
    install_plugin: Callable[..., None], tmp_path: Path
) -> None:
    """Every command exited 0 at once, silently, with such a plugin installed."""
    install_plugin(
        "aantafel_test_uitgang", "import os\nos._exit(0)\n", distribution="uitgang", entry_point="uitgang"
    )
    env = {**os.environ, "PYTHONPATH": str(tmp_path / "site")}
    listed = subprocess.run(
        [sys.executable, "-m", "aantafel.cli", "plugins", "--json"], capture_output=True, text=True, env=env
    )
    assert listed.returncode == 0, listed.stderr
    plugins = {plugin["name"]: plugin for plugin in json.loads(listed.stdout)["plugins"]}
    assert "os._exit(0)" in " ".join(plugins["uitgang"]["failures"])
    assert plugins["nl"]["failures"] == []
    shown = subprocess.run(
        [sys.executable, "-m", "aantafel.cli", "show", "bindende-afspraken"],
        capture_output=True,
        text=True,
        env=env,
    )
    assert shown.returncode == 0
    assert "afspraak" in shown.stdout.lower()
    assert "uitgang" in shown.stderr


def test_a_plugin_that_replaces_a_built_in_format_says_so(install_plugin: Callable[..., None]) -> None:
    """A plugin could take over the built-in ``html`` export without a word; replacing stays possible (a
    module may print better), and ``aantafel plugins`` and the about page name it."""
    source = (
        "from aantafel import hookimpl\nfrom aantafel.exporters import Exporter\n\n\n@hookimpl\n"
        "def register_exporters():\n    return [Exporter(name='html', title='Other', media_type='text/html', "
        "suffix='html', render=lambda document: b'<p>other</p>')]\n"
    )
    install_plugin("aantafel_test_ander_html", source, distribution="ander-html", entry_point="anderhtml")
    listed = run("plugins", "--json")
    plugins = {plugin["name"]: plugin for plugin in json.loads(listed.output)["plugins"]}
    assert plugins["anderhtml"]["notices"] == ["its export format 'html' replaces the built-in one"]
    assert plugins["anderhtml"]["failures"] == []
    said = run("plugins").output
    assert "opmerking: its export format 'html' replaces the built-in one" in said
    about = create_app({"TESTING": True}).test_client().get("/about").get_data(as_text=True)
    assert "its export format &#39;html&#39; replaces the built-in one" in about


HANGING = """
import threading
from flask import Blueprint
from aantafel import hookimpl
from aantafel.exporters import Exporter

stuck = threading.Event()  # never set: the plugin waits for ever, until the test ends
pages = Blueprint("hangt", __name__)


@pages.get("/hangt")
def hangs():
    stuck.wait()
    return "never"


@pages.get("/snel")
def quick():
    return "snel klaar"


@hookimpl
def register_web_pages():
    return [pages]


@hookimpl
def register_exporters():
    return [Exporter(name="traag", title="Slow", media_type="text/plain", suffix="txt",
                     render=lambda document: stuck.wait() or b"")]
"""


def test_a_plugin_that_hangs_is_reported_and_holds_no_worker(install_plugin: Callable[..., None]) -> None:
    """A hook that hung hung the web workers. Past the deadline the page answers 504, names nothing
    secret, and ``aantafel plugins`` (via the record) says which page of which plugin was too slow."""
    install_plugin("aantafel_test_hangt", HANGING, distribution="hangt", entry_point="hangt")
    app = create_app({"TESTING": True, "PLUGIN_SECONDS": 0.5})
    client = app.test_client()
    assert client.get("/snel").get_data(as_text=True) == "snel klaar"
    stopped = client.get("/hangt")
    assert stopped.status_code == 504
    assert "duurde te lang" in stopped.get_data(as_text=True)
    failures = app.extensions["aantafel.library"].plugins.records["hangt"].failures
    assert failures == ["its page /hangt took longer than 0.5 seconds; it was left running and skipped"]
    dossier = client.post("/dossiers/new", data={"title": "Huur"}, headers={"Sec-Fetch-Site": "same-origin"})
    slow = client.get(dossier.headers["Location"] + "/sheet.traag")
    assert slow.status_code == 504
    assert client.get(dossier.headers["Location"] + "/sheet.md").status_code == 200
    assert client.get("/library").status_code == 200
