"""What a pack says about itself in ``pack.toml``, and a loaded pack."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from attrs import Attribute, field, frozen

from aantafel.items import Item, _not_blank, _slug
from aantafel.problems import InvalidField

SCHEMA_VERSIONS = (1,)
"""The ``schema_version`` values this core reads. A pack written for a newer core says so clearly."""

_LANGUAGE = re.compile(r"[a-z]{2,3}")


def _language(_instance: object, attribute: Attribute[Any], value: str) -> None:
    if not _LANGUAGE.fullmatch(value):
        raise InvalidField(
            attribute.name, f"'{value}' is not a language code: use two letters, like 'nl' or 'en'"
        )


@frozen(kw_only=True)
class PackInfo:
    """The header of a pack. Packs with the same ``id`` in different languages are translations."""

    schema_version: int
    id: str = field(validator=_slug)
    language: str = field(validator=_language)
    version: str = field(validator=_not_blank)
    title: str = field(validator=_not_blank)
    description: str = ""
    authors: tuple[str, ...] = ()
    license: str = ""

    @property
    def label(self) -> str:
        """How messages name a pack: ``basis (nl)``."""
        return f"{self.id} ({self.language})"


@frozen(kw_only=True)
class Pack:
    """A pack that loaded: its header, its items in file order, where it came from."""

    info: PackInfo
    items: tuple[Item, ...]
    folder: Path
    plugin: str | None = None


def pack_folders(path: Path) -> list[Path]:
    """The pack folders at or below ``path``: itself if it holds a pack.toml, else every one below it
    (``aantafel check`` and ``aantafel preview`` take a pack or the distribution around it)."""
    if os.path.lexists(path / "pack.toml"):  # a broken link by that name too: the reader says what is wrong
        return [path]
    return sorted({found.parent for found in path.rglob("pack.toml")})
