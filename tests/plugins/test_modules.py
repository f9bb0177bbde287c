"""Each trainer module under plugins/ is a real distribution: its wheel installs with pip into a fresh
virtual environment next to the core, and ``aantafel`` then lists it and shows its items in both languages."""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MODULES = sorted(
    path for path in (ROOT / "plugins").glob("aantafel-*") if (path / "pyproject.toml").is_file()
)


def _entry_point(folder: Path) -> str:
    project = tomllib.loads((folder / "pyproject.toml").read_text(encoding="utf-8"))
    (name,) = project["project"]["entry-points"]["aantafel"]
    return str(name)


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One fresh environment with the core and every module, each installed from a wheel built here."""
    where = tmp_path_factory.mktemp("modules")
    environment = where / "venv"
    venv.create(environment, with_pip=True)
    python = environment / "bin" / "python"
    wheels = where / "wheels"
    pip: list[str | Path] = [python, "-m", "pip", "--disable-pip-version-check", "--quiet"]
    subprocess.run([*pip, "wheel", "--no-deps", "-w", wheels, *MODULES], check=True)
    built = sorted(wheels.glob("*.whl"))
    assert len(built) == len(MODULES)
    base = [ROOT / "core", ROOT / "content" / "nl", ROOT / "content" / "en"]  # modules link to their items
    subprocess.run([*pip, "install", *base, *built], check=True)
    return environment


def _own_modules(folder: Path) -> set[str]:
    """The ids of the module items in a plugin's own Dutch pack files."""
    files = folder.glob("src/*/packs/nl/*.toml")
    tables = (tomllib.loads(path.read_text(encoding="utf-8")).get("item", []) for path in files)
    return {item["id"] for items in tables for item in items if item.get("kind") == "module"}


def _aantafel(environment: Path, *args: str, cache: Path) -> str:
    done = subprocess.run(
        [environment / "bin" / "aantafel", *args],
        capture_output=True,
        text=True,
        env={"AANTAFEL_CACHE_DIR": str(cache), "PATH": "/usr/bin:/bin"},
        check=True,
    )
    return done.stdout


@pytest.mark.slow
@pytest.mark.parametrize("folder", MODULES, ids=[path.name for path in MODULES])
def test_a_module_installs_with_pip_and_loads_in_both_languages(
    folder: Path, installed: Path, tmp_path: Path
) -> None:
    name = _entry_point(folder)
    plugins = {
        p["name"]: p for p in json.loads(_aantafel(installed, "plugins", "--json", cache=tmp_path))["plugins"]
    }
    assert plugins[name]["distribution"] == folder.name
    assert plugins[name]["failures"] == []
    assert sorted(pack["language"] for pack in plugins[name]["packs"]) == ["en", "nl"]
    modules = _own_modules(folder)
    assert modules, f"{folder.name} has no module item"
    for language in ("nl", "en"):
        listed = _aantafel(
            installed, "list", "--kind", "module", "--lang", language, "--json", cache=tmp_path
        )
        assert modules <= {item["id"] for item in json.loads(listed)["items"]}
        for module in modules:
            assert _aantafel(installed, "show", module, "--lang", language, cache=tmp_path).strip()
    assert sys.executable != str(installed / "bin" / "python")
