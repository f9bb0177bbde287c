"""docs/security.md names a test for each ASVS requirement: each one it names must exist."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _tests_in(file: Path) -> set[str]:
    tree = ast.parse(file.read_text(encoding="utf-8"))
    return {node.name for node in ast.walk(tree) if isinstance(node, ast.FunctionDef)}


def test_every_test_the_security_page_names_exists() -> None:
    page = (ROOT / "docs/security.md").read_text(encoding="utf-8")
    named = re.findall(r"`(?:tests/\w+/)?(test_\w+\.py)(?:::(test_\w+))?`", page)
    assert len(named) >= 20
    missing = []
    for file_name, test in named:
        found = list((ROOT / "tests").rglob(file_name))
        if not found or (test and not any(test in _tests_in(file) for file in found)):
            missing.append(f"{file_name}::{test}")
    assert missing == []
