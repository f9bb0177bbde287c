"""``aantafel preview``: a pack being written, shown in the web page and read again after every save."""

from __future__ import annotations

import os
import time
from pathlib import Path

from click.testing import CliRunner
from werkzeug.test import Client

from aantafel import Library
from aantafel.cli import cli
from aantafel_web.preview import Preview
from tests.web import served

SCAFFOLD_ITEM = "oefenen-topic"


def _pack(tmp_path: Path) -> Path:
    """A pack made by new-pack, as a trainer starts one."""
    assert CliRunner().invoke(cli, ["new-pack", "oefenen", "--dir", str(tmp_path)]).exit_code == 0
    return tmp_path / "aantafel-oefenen" / "src" / "aantafel_oefenen" / "packs" / "nl"


def _save(file: Path, text: str) -> None:
    """Write and move the time on, as a later save would (file systems keep time in coarse steps)."""
    file.write_text(text, encoding="utf-8")
    later = time.time() + 2
    os.utime(file, (later, later))


def test_a_saved_change_shows_at_the_next_request_and_a_mistake_is_reported(tmp_path: Path) -> None:
    folder = _pack(tmp_path)
    reports: list[Library] = []
    page = Client(Preview([folder], {"TESTING": True}, reports.append))
    first = page.get(f"/item/{SCAFFOLD_ITEM}").get_data(as_text=True)
    assert "<h1>" in first
    assert len(reports) == 1
    file = next(
        path for path in sorted(folder.glob("*.toml")) if SCAFFOLD_ITEM in path.read_text(encoding="utf-8")
    )
    text = file.read_text(encoding="utf-8")
    title = next(line for line in text.splitlines() if line.startswith("title = ") and "$" not in line)
    _save(file, text.replace(title, 'title = "Een nieuwe titel, net bewaard"', 1))
    assert "Een nieuwe titel, net bewaard" in page.get(f"/item/{SCAFFOLD_ITEM}").get_data(as_text=True)
    assert len(reports) == 2
    page.get("/")  # nothing changed: not read again
    assert len(reports) == 2
    _save(file, text + "\n[[item]]\nid = 'kapot'\nkind = 'check'\n")  # a mistake while typing
    assert page.get("/").status_code == 200  # the rest of the page still works
    assert reports[-1].problems
    assert any(str(file.name) in str(problem) for problem in reports[-1].problems)


def test_aantafel_preview_serves_the_folder(tmp_path: Path) -> None:
    folder = _pack(tmp_path)
    _page, err = served("preview", str(folder.parent.parent), path=f"/item/{SCAFFOLD_ITEM}")
    assert "aantafel: 4 pakket(ten) gelezen" in err
    assert "aantafel staat klaar op http://127.0.0.1:PORT/" in err
    empty = tmp_path / "leeg"
    empty.mkdir()
    missing = CliRunner().invoke(cli, ["preview", str(empty)])
    assert missing.exit_code == 1
    assert "er is geen pack.toml in" in missing.stderr
