"""Installed distributions, read from their ``.dist-info`` folders: one group's entry points, and versions.

``importlib.metadata`` answers the same questions, but importing it brings in the ``email`` package to parse
metadata and took a third of ``aantafel --help``. Every start needs the plugins' entry points and
aantafel's own version, so this module reads the same two files itself: ``entry_points.txt`` (INI) and the
``Name`` and ``Version`` headers at the top of ``METADATA``. A distribution found twice counts once, the
first on ``sys.path`` winning, as with ``importlib.metadata`` (both go by the metadata folder's name).
When ``sys.path`` holds something other than folders (a zip archive), the answers come from
``importlib.metadata`` after all.
"""

from __future__ import annotations

import importlib
import re
import sys
from collections.abc import Iterator
from pathlib import Path


class InstalledEntryPoint:
    """An entry point and the distribution that declares it (None when unknown)."""

    def __init__(self, name: str, value: str, distribution: str | None, version: str | None) -> None:
        self.name = name
        self.value = value
        self.distribution = distribution
        self.version = version

    def load(self) -> object:
        """Import ``module`` of ``module:attribute`` and return the attribute (or the module)."""
        module, _, attribute = self.value.partition(":")
        found: object = importlib.import_module(module.strip())
        for part in filter(None, attribute.strip().split(".")):
            found = getattr(found, part)
        return found


class _NotAFolder(Exception):
    """A ``sys.path`` entry this module does not read; ``importlib.metadata`` does."""


def entry_points(group: str) -> list[InstalledEntryPoint]:
    """Every entry point in ``group``, in ``sys.path`` order."""
    try:
        return [point for folder in _distributions() for point in _points(folder, group)]
    except _NotAFolder:
        import importlib.metadata

        return [
            InstalledEntryPoint(
                point.name,
                point.value,
                point.dist.name if point.dist else None,
                point.dist.version if point.dist else None,
            )
            for point in importlib.metadata.entry_points(group=group)
        ]


def version(distribution: str) -> str | None:
    """The installed version of ``distribution``, or None when it is not installed."""
    wanted = _normalized(distribution)
    try:
        folder = next((found for found in _distributions() if _normalized(_name_of(found)) == wanted), None)
        return _headers(folder).get("version") if folder is not None else None
    except _NotAFolder:
        import importlib.metadata

        try:
            return importlib.metadata.version(distribution)
        except importlib.metadata.PackageNotFoundError:
            return None


def _normalized(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _name_of(folder: Path) -> str:
    """A distribution's name as its metadata folder spells it: ``aantafel_web-0.1.0.dist-info``."""
    return folder.name.rsplit(".", 1)[0].split("-")[0]


def _distributions() -> Iterator[Path]:
    """The metadata folder of each distribution on ``sys.path``, each name once. Their files are read only
    where needed: of the sixty or so distributions in an environment, a handful declare entry points."""
    seen: set[str] = set()
    for entry in sys.path:
        where = Path(entry or Path.cwd())
        if not where.is_dir():
            if where.exists():
                raise _NotAFolder(where)
            continue
        for folder in sorted(where.iterdir()):
            if (
                folder.name.endswith((".dist-info", ".egg-info"))
                and _normalized(_name_of(folder)) not in seen
            ):
                seen.add(_normalized(_name_of(folder)))
                yield folder


def _headers(folder: Path) -> dict[str, str]:
    """The headers of a distribution's metadata, up to the first empty line (where the description starts)."""
    headers: dict[str, str] = {}
    for file in ("METADATA", "PKG-INFO"):
        try:
            with (folder / file).open(encoding="utf-8") as text:
                for line in text:
                    if not line.strip():
                        break
                    key, _, value = line.partition(":")
                    headers.setdefault(key.strip().lower(), value.strip())
            return headers
        except OSError:
            continue
    return headers


def _points(folder: Path, group: str) -> list[InstalledEntryPoint]:
    """The entry points of ``group`` in a distribution's ``entry_points.txt``, with its name and version."""
    try:
        lines = (folder / "entry_points.txt").read_text(encoding="utf-8").splitlines()
    except OSError:
        return []
    section, found = None, []
    for line in lines:
        stripped = line.strip()
        if stripped.startswith("[") and stripped.endswith("]"):
            section = stripped[1:-1].strip()
        elif section == group and "=" in stripped and not stripped.startswith(("#", ";")):
            key, _, value = stripped.partition("=")
            found.append((key.strip(), value.split("[")[0].strip()))
    if not found:
        return []
    headers = _headers(folder)
    name, version = headers.get("name"), headers.get("version")
    return [InstalledEntryPoint(key, value, name, version) for key, value in found]
