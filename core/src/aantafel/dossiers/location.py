"""Where the dossiers are, in a module light enough for any command: no SQLAlchemy is loaded to know it.

``aantafel search`` asks here whether there are dossiers to search at all, so a search before the first
dossier neither makes a database nor waits for SQLAlchemy.
"""

from __future__ import annotations

import os
from pathlib import Path

DATABASE_URL_VARIABLE = "AANTAFEL_DATABASE_URL"


def default_url() -> str:
    """A SQLite file in the platform's data folder (``~/.local/share/aantafel/aantafel.sqlite`` on Linux)."""
    from platformdirs import user_data_path

    return f"sqlite:///{user_data_path('aantafel', appauthor=False) / 'aantafel.sqlite'}"


def database_url(url: str | None = None) -> str:
    """The database to use: ``url``, else ``$AANTAFEL_DATABASE_URL``, else the default file."""
    return url or os.environ.get(DATABASE_URL_VARIABLE) or default_url()


def made(url: str) -> bool:
    """Whether the database at ``url`` may hold dossiers: a SQLite file that exists, or any server (which
    only opening it can tell). A SQLite database in memory holds none."""
    scheme, _, rest = url.partition(":")
    if scheme.split("+")[0] != "sqlite":
        return True
    name = rest.removeprefix("///").partition("?")[0]
    return bool(name) and name != ":memory:" and Path(name).expanduser().exists()
