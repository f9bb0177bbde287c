"""``docs/plugins.md`` and the tests keep up with the hooks (``aantafel.hookspecs`` and those the front-ends
add): every hook is documented under a heading of its own and tested, and every hook heading names a hook
that exists, with its arguments.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from aantafel import hookspecs
from aantafel_repl import plugin as coach_plugin
from aantafel_web import plugin as web_plugin

ROOT = Path(__file__).resolve().parents[2]
GUIDE = ROOT / "docs" / "plugins.md"
SOURCES = (
    (hookspecs, ROOT / "tests" / "core" / "test_hooks.py"),
    (coach_plugin.aantafel_hookspecs, ROOT / "tests" / "repl" / "test_coach.py"),
    (web_plugin.aantafel_hookspecs, ROOT / "tests" / "web" / "test_plugin_pages.py"),
)
"""Where hooks are specified, and the test file that must use each of them."""

HOOK_HEADING = re.compile(r"^#{1,6}\s.*?`(\w+)\(([^)]*)\)", re.MULTILINE)
"""A Markdown heading naming a call in backticks, such as ``### `choose_language(requested, available)` ``."""


def hook_specs() -> dict[str, tuple[Callable[..., Any], Path]]:
    """Every function that carries pluggy's hookspec marker, by name, with the test file that covers it."""
    marker = f"{hookspecs.PROJECT}_spec"
    return {
        name: (function, tests)
        for holder, tests in SOURCES
        for name, function in inspect.getmembers(holder, inspect.isfunction)
        if getattr(function, marker, None) is not None
    }


HOOKS = sorted(hook_specs())


def documented() -> dict[str, list[str]]:
    """Hook headings in the guide: name -> the argument names written in the heading."""
    headings: dict[str, list[str]] = {}
    for match in HOOK_HEADING.finditer(GUIDE.read_text(encoding="utf-8")):
        name, arguments = match.groups()
        headings[name] = [part.split(":")[0].strip() for part in arguments.split(",") if part.strip()]
    return headings


def test_the_hook_list_is_computed() -> None:
    assert len(HOOKS) >= 8
    assert {"register_content_packs", "choose_language", "register_repl_commands"} <= set(HOOKS)


@pytest.mark.parametrize("hook", HOOKS)
def test_hook_is_documented(hook: str) -> None:
    assert hook in documented(), (
        f"docs/plugins.md has no heading for the hook {hook}; add one like ### `{hook}(…)`"
    )


@pytest.mark.parametrize("hook", HOOKS)
def test_hook_heading_gives_its_arguments(hook: str) -> None:
    written = documented().get(hook)
    if written is None:
        pytest.skip("not documented; test_hook_is_documented reports it")
    expected = list(inspect.signature(hook_specs()[hook][0]).parameters)
    assert written == expected, f"docs/plugins.md writes {hook}({', '.join(written)})"


@pytest.mark.parametrize("hook", HOOKS)
def test_hook_is_tested(hook: str) -> None:
    tests = hook_specs()[hook][1]
    assert re.search(rf"\b{hook}\b", tests.read_text(encoding="utf-8")), f"{tests.name} does not use {hook}"


def test_every_hook_heading_names_a_hook() -> None:
    unknown = sorted(set(documented()) - set(HOOKS))
    assert not unknown, f"docs/plugins.md documents hooks that aantafel.hookspecs does not have: {unknown}"
