"""Where aantafel keeps what it makes for itself: the cache folder.

A module of its own, with nothing heavy in it, because the catalogues of the command line are cached
there too and ``aantafel --help`` must not import what the pack cache needs.
"""

from __future__ import annotations

import os
from pathlib import Path

CACHE_DIR_VARIABLE = "AANTAFEL_CACHE_DIR"


def cache_folder() -> Path:
    """``$AANTAFEL_CACHE_DIR``, else the platform's cache folder (``~/.cache/aantafel`` on Linux)."""
    folder = os.environ.get(CACHE_DIR_VARIABLE)
    if folder:
        return Path(folder)
    from platformdirs import user_cache_path

    return user_cache_path("aantafel", appauthor=False)
