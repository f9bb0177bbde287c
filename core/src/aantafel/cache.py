"""A cache of read packs, so that a start with nothing changed skips parsing and validation.

Each pack folder is stored with a fingerprint of its files (name, size, modification time); a changed file,
another aantafel, or item classes of another shape (other kinds, other fields) make the entry stale. A
folder that no longer exists is dropped from the cache. The cache is an optimisation only: when it cannot be
read or written, loading carries on without it.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import tempfile
from collections.abc import Mapping
from pathlib import Path

import attrs

from aantafel import distributions
from aantafel.items import Item
from aantafel.places import cache_folder
from aantafel.reader import PackResult

FORMAT = 1

Fingerprint = tuple[tuple[str, int, int], ...]


def default_path() -> Path:
    """``packs.pickle`` in the cache folder (``$AANTAFEL_CACHE_DIR``, else ``~/.cache/aantafel`` on Linux)."""
    return cache_folder() / "packs.pickle"


def _signature(kinds: Mapping[str, type[Item]]) -> tuple[object, ...]:
    """What the cached objects were made with. Field names are in it, so a cache written by a build whose
    classes had other fields is never unpickled into objects that lack one."""
    from aantafel.items import Prompt, Step
    from aantafel.packs import PackInfo
    from aantafel.problems import Problem

    classes = (PackResult, PackInfo, Problem, Step, Prompt, *(kinds[name] for name in sorted(kinds)))
    shapes = tuple((c.__module__, c.__qualname__, tuple(a.name for a in attrs.fields(c))) for c in classes)
    return (FORMAT, distributions.version("aantafel") or "unknown", shapes)


def fingerprint(folder: Path) -> Fingerprint | None:
    try:
        with os.scandir(folder) as entries:
            stats = [(e.name, e.stat()) for e in entries if e.name.endswith(".toml")]
    except OSError:
        return None
    return tuple(sorted((name, s.st_size, s.st_mtime_ns) for name, s in stats))


class PackCache:
    """Read once at the start of a load, written once at the end if anything changed."""

    def __init__(self, path: Path, kinds: Mapping[str, type[Item]]) -> None:
        self.path = path
        self.signature = _signature(kinds)
        self.entries: dict[str, tuple[Fingerprint, PackResult]] = {}
        self.changed = False
        with contextlib.suppress(Exception):  # a missing, old or damaged cache is simply rebuilt
            with path.open("rb") as handle:
                stored = pickle.load(handle)
            if stored["signature"] == self.signature:
                self.entries = stored["entries"]
        gone = [folder for folder in self.entries if not Path(folder).is_dir()]
        for folder in gone:  # a removed checkout or virtual environment: every start would unpickle it
            del self.entries[folder]
        self.changed = bool(gone)

    def get(self, folder: Path) -> PackResult | None:
        """The stored result for ``folder`` if none of its files changed since, else None."""
        entry = self.entries.get(str(folder))
        if entry is None or entry[0] != fingerprint(folder):
            return None
        return entry[1]

    def put(self, folder: Path, result: PackResult) -> None:
        print_ = fingerprint(folder)
        if print_ is not None:
            self.entries[str(folder)] = (print_, result)
            self.changed = True

    def save(self) -> None:
        if not self.changed:
            return
        with contextlib.suppress(OSError, pickle.PicklingError, AttributeError, TypeError):
            self.path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.path.parent, suffix=".tmp")
            try:
                with os.fdopen(handle, "wb") as out:
                    pickle.dump(
                        {"signature": self.signature, "entries": self.entries},
                        out,
                        protocol=pickle.HIGHEST_PROTOCOL,
                    )
                Path(temporary).replace(self.path)
            finally:
                Path(temporary).unlink(missing_ok=True)
