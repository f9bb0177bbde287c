"""``aantafel new-pack``: a pip-installable content pack that passes ``aantafel check`` as generated.

The templates beside this module are plain files with ``$name``-style placeholders (``string.Template``), so
they read like the files they become.
"""

from __future__ import annotations

import importlib.metadata
import json
import re
from importlib.resources import files
from pathlib import Path
from string import Template

NAME = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")
LANGUAGES = {"nl": "Een contentpakket voor aantafel.", "en": "A content pack for aantafel."}


class ScaffoldError(Exception):
    """The pack cannot be created; the message says why and what to do."""


def _template(name: str) -> Template:
    return Template((files(__name__) / f"{name}.tmpl").read_text(encoding="utf-8"))


def _toml_text(value: str) -> str:
    """Escape for a TOML basic string (JSON's escapes are a subset TOML accepts)."""
    return json.dumps(value, ensure_ascii=False)[1:-1]


def create_pack(name: str, parent: Path, title: str | None = None) -> Path:
    """Write ``parent/aantafel-<name>/`` and return it. Refuses to touch an existing folder."""
    if not NAME.fullmatch(name):
        raise ScaffoldError(
            f"'{name}' is not a usable name: use lower-case letters, digits and hyphens, "
            "starting with a letter, like 'uitdaagrecht'"
        )
    target = parent / f"aantafel-{name}"
    if target.exists():
        raise ScaffoldError(f"{target} already exists; choose another name or remove it first")
    module = f"aantafel_{name.replace('-', '_')}"
    title = title or name.replace("-", " ").capitalize()
    try:
        core_version = importlib.metadata.version("aantafel")
    except importlib.metadata.PackageNotFoundError:
        core_version = "0.1.0"
    values = {"name": name, "module": module, "title": title, "core_version": core_version}
    toml_values = {**values, "title": _toml_text(title)}
    outputs = {
        "pyproject.toml": _template("pyproject.toml").substitute(toml_values),
        "README.md": _template("README.md").substitute(values),
        f"src/{module}/__init__.py": _template("__init__.py").substitute(values),
        "tests/test_pack.py": _template("test_pack.py").substitute(values),
    }
    for language, description in LANGUAGES.items():
        pack = f"src/{module}/packs/{language}"
        outputs[f"{pack}/pack.toml"] = (
            f'schema_version = 1\nid = "{name}"\nlanguage = "{language}"\nversion = "0.1.0"\n'
            f'title = "{toml_values["title"]}"\ndescription = "{description}"\n'
            'authors = ["…"]\nlicense = "CC-BY-SA-4.0"\n'
        )
        outputs[f"{pack}/items.toml"] = _template(f"items-{language}.toml").substitute(toml_values)
    for relative, text in outputs.items():
        path = target / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return target
