"""Start-up stays lean: the core never drags in a front-end or the database layer."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest


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
    assert not listed & {"sqlalchemy", "alembic", "flask", "waitress", "prompt_toolkit", "icalendar"}
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
        "icalendar",
        "smtplib",
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


def _import_graph(package: str) -> dict[str, set[str]]:
    """Which modules of ``package`` each of its modules imports, at any depth of the code (inside
    functions too: a circle hidden there still runs), leaving out imports only type checkers see."""
    import ast
    import importlib

    root = Path(importlib.import_module(package).__file__ or "").parent
    graph: dict[str, set[str]] = {}
    for source in sorted(root.rglob("*.py")):
        relative = source.relative_to(root).with_suffix("")
        parts = [package, *relative.parts]
        if parts[-1] == "__init__":
            parts.pop()
        name = ".".join(parts)
        tree = ast.parse(source.read_text(encoding="utf-8"))
        hidden = {
            id(node)
            for block in ast.walk(tree)
            if isinstance(block, ast.If) and "TYPE_CHECKING" in ast.unparse(block.test)
            for statement in block.body
            for node in ast.walk(statement)
        }
        found: set[str] = set()
        for node in ast.walk(tree):
            if id(node) in hidden:
                continue
            if isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found.add(node.module)
                found.update(f"{node.module}.{alias.name}" for alias in node.names)
        graph[name] = found
    return {
        name: {other for other in imported if other in graph and other != name}
        for name, imported in graph.items()
    }


def _circle(graph: dict[str, set[str]]) -> list[str]:
    """One import circle in ``graph`` (as a path that ends where it starts), or [] when there is none."""
    state: dict[str, str] = {}
    path: list[str] = []

    def visit(module: str) -> list[str]:
        state[module] = "open"
        path.append(module)
        for other in sorted(graph[module]):
            if state.get(other) == "open":
                return [*path[path.index(other) :], other]
            if other not in state and (found := visit(other)):
                return found
        state[module] = "done"
        path.pop()
        return []

    for module in sorted(graph):
        if module not in state and (found := visit(module)):
            return found
    return []


@pytest.mark.parametrize("package", ["aantafel_web", "aantafel_repl"])
def test_a_front_end_has_no_import_circle(package: str) -> None:
    """The blueprints reach the library and store through ``aantafel_web.context`` and never the app
    factory, which imports them at the top (flaskr's layout); the coach's modules likewise."""
    graph = _import_graph(package)
    assert len(graph) > 5
    assert _circle(graph) == []
