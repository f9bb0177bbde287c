"""Installed distributions, read from their ``.dist-info`` folders: one group's entry points, and versions.

``importlib.metadata`` answers the same questions, but importing it brings in the ``email`` package to parse
metadata and took a third of ``aantafel --help``. Every start needs the plugins' entry points and
aantafel's own version, so this module reads the same two files itself: ``entry_points.txt`` (INI) and the
``Name`` and ``Version`` headers at the top of ``METADATA``. A distribution found twice counts once, the
first on ``sys.path`` winning, as with ``importlib.metadata``. When ``sys.path`` holds something other
than folders (a zip archive), the answers come from ``importlib.metadata`` after all.
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
        return [point for found in _distributions() for point in _points(*found, group)]
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
        return next((found for _folder, name, found in _distributions() if _normalized(name) == wanted), None)
    except _NotAFolder:
        import importlib.metadata

        try:
            return importlib.metadata.version(distribution)
        except importlib.metadata.PackageNotFoundError:
            return None


def _normalized(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _distributions() -> Iterator[tuple[Path, str, str]]:
    """(metadata folder, name, version) of each distribution on ``sys.path``, each name once."""
    seen: set[str] = set()
    for entry in sys.path:
        where = Path(entry or Path.cwd())
        if not where.is_dir():
            if where.exists():
                raise _NotAFolder(where)
            continue
        for folder in sorted(where.iterdir()):
            if not folder.name.endswith((".dist-info", ".egg-info")):
                continue
            headers = _headers(folder)
            name, found = headers.get("name"), headers.get("version")
            if name and found and _normalized(name) not in seen:
                seen.add(_normalized(name))
                yield folder, name, found


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


def _points(folder: Path, name: str, version: str, group: str) -> Iterator[InstalledEntryPoint]:
    try:
        lines = (folder / "entry_points.txt").read_text(encoding="utf-8").splitlines()
    except OSError:
        return
    section = None
    for line in lines:
        stripped = line.strip()
        if stripped.startswith("[") and stripped.endswith("]"):
            section = stripped[1:-1].strip()
        elif section == group and "=" in stripped and not stripped.startswith(("#", ";")):
            key, _, value = stripped.partition("=")
            yield InstalledEntryPoint(key.strip(), value.split("[")[0].strip(), name, version)
