"""``docs/plugins.md`` and ``test_hooks.py`` keep up with ``aantafel.hookspecs``: every hook is documented
under a heading of its own and tested, and every hook heading names a hook that exists, with its arguments.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from aantafel import hookspecs

ROOT = Path(__file__).resolve().parents[2]
GUIDE = ROOT / "docs" / "plugins.md"
HOOK_TESTS = Path(__file__).resolve().parent / "test_hooks.py"

HOOK_HEADING = re.compile(r"^#{1,6}\s.*?`(\w+)\(([^)]*)\)", re.MULTILINE)
"""A Markdown heading naming a call in backticks, such as ``### `choose_language(requested, available)` ``."""


def hook_specs() -> dict[str, Callable[..., Any]]:
    """Every function in ``aantafel.hookspecs`` that carries pluggy's hookspec marker, by name."""
    marker = f"{hookspecs.PROJECT}_spec"
    return {
        name: function
        for name, function in inspect.getmembers(hookspecs, inspect.isfunction)
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
    assert len(HOOKS) >= 7
    assert {"register_content_packs", "choose_language"} <= set(HOOKS)


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
    expected = list(inspect.signature(hook_specs()[hook]).parameters)
    assert written == expected, f"docs/plugins.md writes {hook}({', '.join(written)})"


@pytest.mark.parametrize("hook", HOOKS)
def test_hook_is_tested(hook: str) -> None:
    text = HOOK_TESTS.read_text(encoding="utf-8")
    assert re.search(rf"\b{hook}\b", text), f"tests/core/test_hooks.py does not use the hook {hook}"


def test_every_hook_heading_names_a_hook() -> None:
    unknown = sorted(set(documented()) - set(HOOKS))
    assert not unknown, f"docs/plugins.md documents hooks that aantafel.hookspecs does not have: {unknown}"
