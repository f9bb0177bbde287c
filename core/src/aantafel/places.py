"""Where aantafel keeps what it makes for itself: the cache folder.

A module of its own, with nothing heavy in it, because the catalogues of the command line are cached
there too and ``aantafel --help`` must not import what the pack cache needs.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

CACHE_DIR_VARIABLE = "AANTAFEL_CACHE_DIR"


def cache_folder() -> Path:
    """``$AANTAFEL_CACHE_DIR``, else the platform's cache folder (``~/.cache/aantafel`` on Linux).

    On Linux the folder is worked out here, by the rule platformdirs follows there (``$XDG_CACHE_HOME``, else
    ``~/.cache``): importing platformdirs costs about half of starting Python, and every start of the command
    line needs this folder for its catalogue."""
    folder = os.environ.get(CACHE_DIR_VARIABLE)
    if folder:
        return Path(folder)
    if sys.platform.startswith("linux"):
        return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "aantafel"
    from platformdirs import user_cache_path

    return user_cache_path("aantafel", appauthor=False)
