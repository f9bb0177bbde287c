"""Start-up stays lean: the core never drags in a front-end or the database layer."""

from __future__ import annotations

import subprocess
import sys


def _modules_after(code: str) -> set[str]:
    result = subprocess.run(
        [sys.executable, "-c", f"{code}\nimport sys\nprint(' '.join(sys.modules))"],
        capture_output=True,
        text=True,
        check=True,
    )
    return set(result.stdout.split())


def test_import_aantafel_imports_no_front_end_or_database() -> None:
    loaded = _modules_after("import aantafel\nfrom aantafel import load_library, hookimpl")
    assert not loaded & {"flask", "prompt_toolkit", "sqlalchemy"}


def test_loading_the_library_imports_no_front_end_or_database() -> None:
    loaded = _modules_after("import aantafel\naantafel.load_library(cache=False)")
    assert not loaded & {"flask", "prompt_toolkit", "sqlalchemy"}
    assert "aantafel.library" in loaded


def test_only_dossier_commands_import_the_database_layer() -> None:
    run = "from aantafel.cli import cli\nfrom click.testing import CliRunner\n"
    listed = _modules_after(run + "CliRunner().invoke(cli, ['list'])")
    assert "aantafel.library" in listed
    assert not listed & {"sqlalchemy", "alembic", "flask", "waitress", "prompt_toolkit"}
    dossiers = _modules_after(run + "CliRunner().invoke(cli, ['dossier', 'list'])")
    assert "sqlalchemy" in dossiers


def test_help_imports_no_content_search_or_markdown_library() -> None:
    loaded = _modules_after(
        "from aantafel.cli import cli\n"
        "from click.testing import CliRunner\n"
        "CliRunner().invoke(cli, ['--help'])"
    )
    assert not loaded & {
        "sqlite3",
        "rapidfuzz",
        "markdown_it",
        "attrs",
        "cattrs",
        "snowballstemmer",
        "tomli",
        "sqlalchemy",
        "alembic",
        "flask",
        "waitress",
        "jinja2",
        "prompt_toolkit",
    }


def test_a_warm_start_imports_no_parser_or_converter() -> None:
    _modules_after("import aantafel\naantafel.load_library()")  # fills the cache
    loaded = _modules_after("import aantafel\naantafel.load_library()")
    assert "aantafel.library" in loaded
    assert not loaded & {"cattrs", "aantafel.converter"}


def test_a_command_imports_only_its_own_module_of_commands() -> None:
    run = "from aantafel.cli import cli\nfrom click.testing import CliRunner\n"
    listed = _modules_after(run + "CliRunner().invoke(cli, ['list'])")
    assert "aantafel.cli.content" in listed
    assert not listed & {"aantafel.cli.dossiers", "aantafel.cli.meetings", "aantafel.cli.exchange"}


def test_every_built_in_command_is_where_the_group_looks_for_it() -> None:
    """``aantafel.cli.BUILTIN`` names each command's module; a command added to a module but not there (or
    the other way round) would be missing from ``aantafel --help``."""
    import importlib
    import pkgutil

    import aantafel.cli
    from aantafel.cli import BUILTIN

    found = {}
    for module in pkgutil.iter_modules(aantafel.cli.__path__):
        if module.name == "__main__":  # running it is `python -m aantafel.cli`
            continue
        commands = getattr(importlib.import_module(f"aantafel.cli.{module.name}"), "COMMANDS", ())
        found.update({command.name: module.name for command in commands})
    assert found == BUILTIN
