"""``aantafel export``, ``import`` and ``backup`` as a user types them."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner, Result

from aantafel.cli import cli


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def _dossier() -> str:
    dossier = json.loads(
        run("dossier", "new", "--title", "Huur buurthuis", "--goal", "Lagere huur", "--json").stdout
    )
    assert run("meeting", "add", dossier["id"], "--when", "3-12-2030 14:00").exit_code == 0
    return str(dossier["id"])


def test_export_a_sheet_to_the_screen_and_to_a_file(tmp_path: Path) -> None:
    dossier = _dossier()
    printed = run("export", dossier[:4])
    assert printed.exit_code == 0, printed.output
    assert printed.stdout.startswith("Voorbereiding: Huur buurthuis\n=============================\n")
    page = tmp_path / "voorbereiding.html"
    written = run("export", dossier, "--format", "html", "-o", str(page), "--lang", "en")
    assert written.exit_code == 0
    assert "<h1>Preparation: Huur buurthuis</h1>" in page.read_text(encoding="utf-8")
    again = run("export", dossier, "--format", "html", "-o", str(page))
    assert again.exit_code == 1
    assert "voorbereiding.html bestaat al; kies een andere naam" in again.stderr


def test_an_unknown_format_lists_the_formats() -> None:
    result = run("export", _dossier(), "--format", "pdf")
    assert result.exit_code == 2
    assert "'pdf' is geen formaat; kies uit: html, ics, json, md, txt" in result.stderr


def test_export_then_import_into_another_database(tmp_path: Path) -> None:
    dossier = _dossier()
    copy = tmp_path / "dossier.json"
    assert run("export", dossier, "--what", "dossier", "--format", "json", "-o", str(copy)).exit_code == 0
    other = f"sqlite:///{tmp_path / 'other.sqlite'}"
    imported = run("import", "--db", other, str(copy))
    assert imported.exit_code == 0, imported.output
    assert imported.stdout == f"Dossier {dossier} ingelezen: Huur buurthuis\n"
    twice = run("import", "--db", other, str(copy))
    assert twice.exit_code == 1
    assert twice.stderr == (
        f"Fout: dossier {dossier} staat al in deze database; lees het in als kopie (met nieuwe ids), of in "
        f"een andere database; als kopie inlezen kan zo: aantafel import {copy} --as-copy\n"
    )
    copied = run("import", "--db", other, str(copy), "--as-copy")
    assert copied.exit_code == 0, copied.output
    new_id = copied.stdout.split()[1]
    assert new_id != dossier
    assert copied.stdout == f"Dossier {new_id} ingelezen: Huur buurthuis (kopie)\n"
    listed = json.loads(run("dossier", "list", "--db", other, "--json").stdout)
    assert sorted(d["title"] for d in listed["dossiers"]) == ["Huur buurthuis", "Huur buurthuis (kopie)"]


def test_import_of_a_broken_file_says_why(tmp_path: Path) -> None:
    broken = tmp_path / "kapot.json"
    broken.write_text('{"format": "aantafel-dossier", "version": 1, "dossier": {"id": 5}}', encoding="utf-8")
    result = run("import", str(broken))
    assert result.exit_code == 1
    assert "dossier.id: hier hoort tekst" in result.stderr
    assert json.loads(run("dossier", "list", "--json").stdout) == {"dossiers": []}


def test_backup_next_to_the_database(tmp_path: Path) -> None:
    database = tmp_path / "eigen.sqlite"
    assert run("dossier", "--db", f"sqlite:///{database}", "new", "--title", "Huur").exit_code == 0
    result = run("backup", "--db", f"sqlite:///{database}")
    assert result.exit_code == 0, result.output
    [copy] = tmp_path.glob("aantafel-backup-*.sqlite")
    assert result.stdout == f"Back-up gemaakt: {copy}\n"
    listed = run("dossier", "--db", f"sqlite:///{copy}", "list")
    assert "Huur" in listed.stdout


def test_every_command_that_keeps_or_moves_dossiers_speaks_the_language_asked(tmp_path: Path) -> None:
    """The README promises ``--lang`` on every command; these four had none."""
    dossier = _dossier()
    not_json = tmp_path / "geen.json"
    not_json.write_text("{", encoding="utf-8")
    backup = tmp_path / "kopie.sqlite"
    said = {
        ("backup", str(backup)): "Backup written",
        ("import", str(not_json)): "this is not valid JSON",
        ("dossier", "delete", dossier): "is in the bin",
        ("restore", "--yes", str(not_json)): "Nothing was changed",
    }
    for args, words in said.items():
        result = run(*args, "--lang", "en")
        assert words in result.output, (args, result.output)
