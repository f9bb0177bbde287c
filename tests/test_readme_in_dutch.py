"""Every command the README shows speaks Dutch under a Dutch locale: run as a user would (in a fresh process
with ``LANG=nl_NL.UTF-8``, answers typed where the command asks), its output holds none of the English the
catalogue translates, and no common English word outside commands, options and what the user typed."""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from aantafel.catalogues import LOCALE
from tests.web import served

ROOT = Path(__file__).resolve().parent.parent
TYPED = {
    "dossier new": "Huur buurthuis\n" + "\n" * 12,
    "meeting add": "3-12-2030 14:00\nBuurthuis\nHuur bespreken\nWethouder Jansen\nzij\nwethouder\nja\n\n",
    "prepare": "nee, de wethouder komt niet\nLagere huur\nja\nweet niet\n\n",
    "meeting record": "Goed gesprek\n\n\nRustig gebleven\nGoed geluisterd\nEerder bellen\n",
    "agreement add": "Taxatie sturen\nzij Mevrouw De Vries\n10-12-2030\n\n",
}
"""What a volunteer types where a README command asks questions."""
ENGLISH = re.compile(
    r"\b(the|and|not|with|your|you|see|error|warning|saved|written|found|meeting|agreement|checks? answered"
    r"|changed|nothing|stored|done|broken|open again|usage|options|commands|show|this)\b",
    re.IGNORECASE,
)
"""Common English words that are no Dutch words: one of them in Dutch output is an untranslated message."""
NOT_WORDS = re.compile(r"aantafel(?: [a-z-]+){1,2}|--?[a-z-]+|\S*[/\\.=@]\S*|\b[0-9a-f]{4,8}\b")
"""What is no prose: commands to type, options, paths and addresses, ids."""


def readme_commands() -> list[str]:
    """The ``aantafel`` commands in the README's code blocks, without comments, in their order."""
    found = re.findall(
        r"^    uv run aantafel (.+?)(?:\s{2,}#.*)?$", (ROOT / "README.md").read_text(), re.MULTILINE
    )
    return [command.strip() for command in found]


def english_of_the_catalogue() -> list[str]:
    """The fixed parts (three words or more) of every message the Dutch catalogue says otherwise."""
    with (LOCALE / "nl" / "LC_MESSAGES" / "aantafel.po").open("rb") as po:
        catalog = read_po(po, locale="nl")
    parts = []
    for message in catalog:
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not message.id or ids[0] == strings[0]:
            continue
        for text in ids:
            pieces = re.split(r"\{[^}]*\}|%\(\w+\)s|\n", str(text))
            parts += [piece.strip() for piece in pieces if len(piece.split()) >= 3]
    return parts


@pytest.fixture
def place(tmp_path: Path) -> dict[str, str]:
    """A computer of its own: data, cache and a Dutch locale, and nothing else from the test run."""
    data = tmp_path / "data"
    return {
        "PATH": os.environ["PATH"],
        "HOME": str(tmp_path),
        "LANG": "nl_NL.UTF-8",
        "AANTAFEL_DATABASE_URL": f"sqlite:///{data / 'aantafel.sqlite'}",
        "AANTAFEL_CACHE_DIR": str(tmp_path / "cache"),
        "AANTAFEL_AUTHOR": "Fatima",
    }


def test_every_readme_command_speaks_dutch(place: dict[str, str], tmp_path: Path) -> None:
    commands = readme_commands()
    assert len(commands) > 25
    catalogue = english_of_the_catalogue()
    assert len(catalogue) > 100
    ids: dict[str, str] = {}
    outputs: dict[str, str] = {}

    def aantafel(command: str) -> str:
        for placeholder, real in ids.items():
            command = command.replace(placeholder, real)
        command = command.replace(
            "path/to/pack", str(ROOT / "content" / "nl" / "src" / "aantafel_nl" / "pack")
        )
        typed = next((answers for start, answers in TYPED.items() if command.startswith(start)), None)
        done = subprocess.run(
            [sys.executable, "-m", "aantafel.cli", *shlex.split(command)],
            input=typed or "",
            capture_output=True,
            text=True,
            env=place,
            cwd=tmp_path,
            check=False,
        )
        assert done.returncode == 0, (command, done.stdout, done.stderr)
        return done.stdout + done.stderr

    for command in commands:
        if "--lang en" in command or command.startswith(("preview", "serve")):
            continue  # English on purpose; a server (serve is checked below)
        if command.startswith("import"):
            command += f" --db sqlite:///{tmp_path / 'another.sqlite'}"  # as the README says
        outputs[command] = aantafel(command)
        if command == "dossier new":
            ids["7f3a"] = json.loads(aantafel("dossier list --json"))["dossiers"][0]["id"]
        if command.startswith("dossier delete"):
            outputs["dossier restore"] = aantafel("dossier restore 7f3a")
        if command.startswith("meeting add"):
            ids["41de"] = json.loads(aantafel("meeting list 7f3a --json"))["meetings"][0]["id"]
        if command.startswith("agreement add"):
            ids["2f1d"] = json.loads(aantafel("agreement list --json"))["agreements"][0]["id"]
    _page, said = served("serve", env=place)
    outputs["serve"] = said
    for command, output in outputs.items():
        for english in catalogue:
            assert english not in output, f"aantafel {command} says English: {english!r}\n{output}"
        prose = NOT_WORDS.sub(" ", output)
        for word in ENGLISH.findall(prose):
            pytest.fail(f"aantafel {command} says the English word {word!r}:\n{output}")
