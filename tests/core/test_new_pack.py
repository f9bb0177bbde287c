"""``aantafel new-pack`` makes a pack that passes ``check`` and installs with pip into a fresh environment."""

from __future__ import annotations

import json
import subprocess
import sys
import venv
from pathlib import Path

import pytest
from click.testing import CliRunner

from aantafel.cli import cli

ROOT = Path(__file__).resolve().parents[2]


def test_new_pack_passes_check_as_generated(tmp_path: Path) -> None:
    runner = CliRunner()
    made = runner.invoke(
        cli, ["new-pack", "oefen-module", "--dir", str(tmp_path), "--title", 'Oefenen "samen"']
    )
    assert made.exit_code == 0, made.output
    target = tmp_path / "aantafel-oefen-module"
    assert (target / "pyproject.toml").is_file()
    assert (target / "tests" / "test_pack.py").is_file()
    checked = runner.invoke(cli, ["check", str(target), "--json"])
    assert checked.exit_code == 0, checked.output
    report = json.loads(checked.stdout)
    assert report["problems"] == []
    assert sorted(p["language"] for p in report["packs"]) == ["en", "nl"]
    assert all(p["items"] == 6 for p in report["packs"])


def test_new_pack_refuses_a_bad_name_or_an_existing_folder(tmp_path: Path) -> None:
    runner = CliRunner()
    bad = runner.invoke(cli, ["new-pack", "Mijn Pack", "--dir", str(tmp_path)])
    assert bad.exit_code == 1
    assert "is not a usable name" in bad.stderr
    assert runner.invoke(cli, ["new-pack", "dubbel", "--dir", str(tmp_path)]).exit_code == 0
    again = runner.invoke(cli, ["new-pack", "dubbel", "--dir", str(tmp_path)])
    assert again.exit_code == 1
    assert "already exists" in again.stderr


@pytest.mark.slow
def test_generated_pack_installs_with_pip_and_appears_in_plugins(tmp_path: Path) -> None:
    assert CliRunner().invoke(cli, ["new-pack", "pip-proef", "--dir", str(tmp_path)]).exit_code == 0
    environment = tmp_path / "venv"
    venv.create(environment, with_pip=True)
    python = environment / "bin" / "python"
    subprocess.run(
        [
            python,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            str(ROOT / "core"),
            str(tmp_path / "aantafel-pip-proef"),
            "pytest",
        ],
        check=True,
    )
    cache = {"AANTAFEL_CACHE_DIR": str(tmp_path / "cache"), "PATH": "/usr/bin:/bin"}
    listed = subprocess.run(
        [environment / "bin" / "aantafel", "plugins", "--json"],
        capture_output=True,
        text=True,
        env=cache,
        check=True,
    )
    plugins = {p["name"]: p for p in json.loads(listed.stdout)["plugins"]}
    assert plugins["pip-proef"]["distribution"] == "aantafel-pip-proef"
    assert sorted(p["language"] for p in plugins["pip-proef"]["packs"]) == ["en", "nl"]
    assert plugins["pip-proef"]["failures"] == []
    shown = subprocess.run(
        [environment / "bin" / "aantafel", "list", "--kind", "module"],
        capture_output=True,
        text=True,
        env=cache,
        check=True,
    )
    assert "pip-proef" in shown.stdout
    own_test = subprocess.run(
        [python, "-m", "pytest", "-q", str(tmp_path / "aantafel-pip-proef" / "tests")],
        capture_output=True,
        text=True,
        env=cache,
        check=False,
    )
    assert own_test.returncode == 0, own_test.stdout + own_test.stderr
    assert sys.executable != str(python)
