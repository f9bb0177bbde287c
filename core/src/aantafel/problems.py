"""Problems found in packs and plugins, said so that a pack author can find and fix them.

A problem is data, not an exception: the loader collects every problem in a pack instead of stopping at the
first, and a front-end decides how to show them. ``error`` leaves the pack out; ``warning`` keeps it (strict
mode fails on both).
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from attrs import frozen

Severity = Literal["error", "warning"]


@frozen(kw_only=True)
class Problem:
    """One thing wrong, with every coordinate that is known: file, line, item id and field."""

    message: str
    file: Path | None = None
    line: int | None = None
    item: str | None = None
    field: str | None = None
    severity: Severity = "error"

    def location(self) -> str:
        """``file:line`` as editors and terminals link it, or an empty string when nothing is known."""
        if self.file is None:
            return ""
        return f"{self.file}:{self.line}" if self.line else str(self.file)

    def __str__(self) -> str:
        where = [self.location()] if self.file else []
        if self.item:
            where.append(f"item '{self.item}'")
        if self.field:
            where.append(f"field '{self.field}'")
        label = "warning: " if self.severity == "warning" else ""
        return f"{', '.join(where)}: {label}{self.message}" if where else label + self.message


class InvalidField(ValueError):
    """Raised by item validators so that the field name survives into the problem report."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


class LibraryError(Exception):
    """Strict loading found problems; ``problems`` holds all of them."""

    def __init__(self, problems: tuple[Problem, ...]) -> None:
        lines = "\n".join(f"  {problem}" for problem in problems)
        super().__init__(f"{len(problems)} problem(s) in the content packs:\n{lines}")
        self.problems = problems


def describe(value: object) -> str:
    """A value's type in words a pack author knows from TOML, for 'expected text, got a number'."""
    names = {
        bool: "true/false",
        int: "a number",
        float: "a number",
        str: "text",
        list: "a list",
        dict: "a table",
        type(None): "nothing (null)",
    }
    return names.get(type(value), f"a {type(value).__name__}")


def relative(path: Path, base: Path | None = None) -> Path:
    """Shorten a path for messages when it lies below the working directory."""
    try:
        return path.relative_to(base or Path.cwd())
    except ValueError:
        return path
