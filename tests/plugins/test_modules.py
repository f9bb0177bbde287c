"""The plugins under plugins/ are real distributions: their wheels install with pip into one fresh virtual
environment next to the core; ``aantafel`` then lists each trainer module and shows its items in both
languages, and the PDF exporter writes a PDF that opens, with the pages and text expected."""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PLUGINS = sorted(
    path for path in (ROOT / "plugins").glob("aantafel-*") if (path / "pyproject.toml").is_file()
)
MODULES = [path for path in PLUGINS if any(path.glob("src/*/packs"))]
READ_PDF = """
import json, sys, pypdf
found = []
for name in sys.argv[1:]:
    pdf = pypdf.PdfReader(name)
    root = pdf.trailer["/Root"]
    xmp = root["/Metadata"].get_object().get_data().decode("utf-8", "replace")
    found.append({"pages": len(pdf.pages), "text": pdf.pages[0].extract_text(), "title": pdf.metadata.title,
                  "lang": str(root.get("/Lang")), "ua": "pdfuaid" in xmp})
print(json.dumps(found))
"""


def _entry_point(folder: Path) -> str:
    project = tomllib.loads((folder / "pyproject.toml").read_text(encoding="utf-8"))
    (name,) = project["project"]["entry-points"]["aantafel"]
    return str(name)


def _own_modules(folder: Path) -> set[str]:
    """The ids of the module items in a plugin's own Dutch pack files."""
    files = folder.glob("src/*/packs/nl/*.toml")
    tables = (tomllib.loads(path.read_text(encoding="utf-8")).get("item", []) for path in files)
    return {item["id"] for items in tables for item in items if item.get("kind") == "module"}


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One fresh environment with the core, the base packs and every plugin, each from a wheel built here."""
    where = tmp_path_factory.mktemp("plugins")
    environment = where / "venv"
    venv.create(environment, with_pip=True)
    python = environment / "bin" / "python"
    wheels = where / "wheels"
    pip: list[str | Path] = [python, "-m", "pip", "--disable-pip-version-check", "--quiet"]
    subprocess.run([*pip, "wheel", "--no-deps", "-w", wheels, *PLUGINS], check=True)
    built = sorted(wheels.glob("*.whl"))
    assert len(built) == len(PLUGINS)
    base = [ROOT / "core", ROOT / "content" / "nl", ROOT / "content" / "en"]  # modules link to their items
    subprocess.run([*pip, "install", *base, *built, "pypdf>=4"], check=True)
    return environment


def _aantafel(environment: Path, *args: str, cache: Path, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(
        [environment / "bin" / "aantafel", *args],
        capture_output=True,
        text=True,
        env={"AANTAFEL_CACHE_DIR": str(cache), "PATH": "/usr/bin:/bin", **(env or {})},
        check=True,
    )
    return done.stdout


@pytest.mark.slow
@pytest.mark.parametrize("folder", MODULES, ids=[path.name for path in MODULES])
def test_a_module_installs_with_pip_and_loads_in_both_languages(
    folder: Path, installed: Path, tmp_path: Path
) -> None:
    name = _entry_point(folder)
    listed = _aantafel(installed, "plugins", "--json", cache=tmp_path)
    plugins = {p["name"]: p for p in json.loads(listed)["plugins"]}
    assert plugins[name]["distribution"] == folder.name
    assert plugins[name]["failures"] == []
    assert sorted(pack["language"] for pack in plugins[name]["packs"]) == ["en", "nl"]
    modules = _own_modules(folder)
    assert modules, f"{folder.name} has no module item"
    for language in ("nl", "en"):
        shown = _aantafel(installed, "list", "--kind", "module", "--lang", language, "--json", cache=tmp_path)
        assert modules <= {item["id"] for item in json.loads(shown)["items"]}
        for module in modules:
            assert _aantafel(installed, "show", module, "--lang", language, cache=tmp_path).strip()
    assert sys.executable != str(installed / "bin" / "python")


@pytest.mark.slow
def test_the_pdf_exporter_writes_an_accessible_one_page_sheet(installed: Path, tmp_path: Path) -> None:
    database = {"AANTAFEL_DATABASE_URL": f"sqlite:///{tmp_path / 'aantafel.sqlite'}"}

    def run(*args: str) -> str:
        return _aantafel(installed, *args, cache=tmp_path, env=database)

    dossier = json.loads(run("dossier", "new", "--title", "Huur buurthuis", "--json"))["id"]
    run("meeting", "add", dossier, "--when", "3-12-2030 14:00")
    sheet, whole = tmp_path / "blad.pdf", tmp_path / "dossier.pdf"
    run("export", dossier, "--format", "pdf", "-o", str(sheet))
    run("export", dossier, "--what", "dossier", "--format", "pdf", "-o", str(whole))
    python = installed / "bin" / "python"
    done = subprocess.run([python, "-c", READ_PDF, sheet, whole], capture_output=True, text=True, check=True)
    first, second = json.loads(done.stdout)
    assert first["pages"] == 1  # the sheet is one A4 page
    assert first["text"].startswith("Voorbereiding: Huur buurthuis")
    assert first["title"] == "Voorbereiding: Huur buurthuis"
    assert (first["lang"], first["ua"]) == ("nl", True)  # tagged, with its language, for screen readers
    assert "Huur buurthuis" in second["text"]


@pytest.mark.slow
def test_aantafel_prepare_asks_the_installed_worksheets_after_the_checks(
    installed: Path, tmp_path: Path
) -> None:
    database = {"AANTAFEL_DATABASE_URL": f"sqlite:///{tmp_path / 'aantafel.sqlite'}"}

    def run(*args: str, typed: str = "") -> str:
        done = subprocess.run(
            [installed / "bin" / "aantafel", *args],
            input=typed,
            capture_output=True,
            text=True,
            env={"AANTAFEL_CACHE_DIR": str(tmp_path), "PATH": "/usr/bin:/bin", **database},
            check=True,
        )
        return done.stdout + done.stderr

    dossier = json.loads(run("dossier", "new", "--title", "Buurttuin", "--json"))["id"]
    meeting = run("meeting", "add", dossier, "--when", "3-12-2030 14:00").split("Gesprek ")[-1].split()[0]
    checks = json.loads(run("list", "--kind", "check", "--json"))["items"]
    run("prepare", meeting, typed="weet niet\n" * len(checks) + "Het park onderhouden\n" + "\n" * 40)
    shown = run("meeting", "show", meeting)
    assert "Het park onderhouden" in shown
    assert "niet meer geïnstalleerd" not in shown
    sheet = run("export", dossier)
    assert "Werkblad\n--------" in sheet
    assert "— Het park onderhouden" in sheet


@pytest.mark.slow
@pytest.mark.parametrize(("command", "package"), [("serve", "aantafel-web"), ("coach", "aantafel-repl")])
def test_a_front_end_that_is_not_installed_is_named_with_its_package(
    installed: Path, tmp_path: Path, command: str, package: str
) -> None:
    """This environment has the core, the packs and the plugins, but neither front-end: asking for one
    says which package brings it, instead of click's "No such command"."""
    done = subprocess.run(
        [installed / "bin" / "aantafel", command],
        capture_output=True,
        text=True,
        env={"AANTAFEL_CACHE_DIR": str(tmp_path), "PATH": "/usr/bin:/bin", "AANTAFEL_LANG": "en"},
    )
    assert done.returncode == 2
    assert f"'{command}' comes with the package {package}, which is not installed." in done.stderr
    assert f"pip install {package}" in done.stderr
    assert "No such command" not in done.stderr
