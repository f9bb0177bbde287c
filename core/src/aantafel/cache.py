"""A cache of read packs, so that a start with nothing changed skips parsing and validation.

Each pack folder is stored with a fingerprint of its files (name, size, modification time); a changed file,
a new aantafel or a different set of item kinds makes the entry stale. The cache is an optimisation only: when
it cannot be read or written, loading carries on without it.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import tempfile
from pathlib import Path
from typing import Any

from aantafel.reader import PackResult

CACHE_DIR_VARIABLE = "AANTAFEL_CACHE_DIR"
FORMAT = 1

Fingerprint = tuple[tuple[str, int, int], ...]


def default_path() -> Path:
    """``$AANTAFEL_CACHE_DIR/packs.pickle``, else the platform's cache (``~/.cache/aantafel`` on Linux)."""
    folder = os.environ.get(CACHE_DIR_VARIABLE)
    if not folder:
        from platformdirs import user_cache_path

        return user_cache_path("aantafel", appauthor=False) / "packs.pickle"
    return Path(folder) / "packs.pickle"


def fingerprint(folder: Path) -> Fingerprint | None:
    try:
        with os.scandir(folder) as entries:
            stats = [(e.name, e.stat()) for e in entries if e.name.endswith(".toml")]
    except OSError:
        return None
    return tuple(sorted((name, s.st_size, s.st_mtime_ns) for name, s in stats))


class PackCache:
    """Read once at the start of a load, written once at the end if anything changed."""

    def __init__(self, path: Path, signature: Any) -> None:
        self.path = path
        self.signature = (FORMAT, signature)
        self.entries: dict[str, tuple[Fingerprint, PackResult]] = {}
        self.changed = False
        with contextlib.suppress(Exception):  # a missing, old or damaged cache is simply rebuilt
            with path.open("rb") as handle:
                stored = pickle.load(handle)
            if stored["signature"] == self.signature:
                self.entries = stored["entries"]

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
