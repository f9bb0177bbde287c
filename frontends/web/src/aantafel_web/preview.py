"""``aantafel preview PATH``: the web page over the installed packs and a pack being written, made
again when a file in it changes.

A trainer edits TOML in one window and reloads the page in the other. The page is a whole new app for
each change, so nothing of the old content lingers in the pages kept in memory. Whether anything changed
is the pack cache's fingerprint of the folders (name, size and time of each TOML file), read on every
request: a few system calls. Problems of the new version are handed to ``report`` (the command prints
them) and shown on the About page; a pack that does not load is left out, and the rest of the page works.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIEnvironment
    from flask import Flask

    from aantafel import Library


class Preview:
    """A WSGI app that serves the page for ``folders`` (pack folders) and makes it again after an edit."""

    def __init__(
        self,
        folders: Sequence[Path],
        config: dict[str, Any] | None = None,
        report: Callable[[Library], None] | None = None,
    ) -> None:
        self.folders = tuple(folders)
        self.config = config or {}
        self.report = report
        self._lock = threading.Lock()
        self._mark: tuple[object, ...] | None = None
        self._app: Flask | None = None

    def current(self) -> Flask:
        """The app for the files as they are now; made again when one was added, removed or changed."""
        from aantafel.cache import fingerprint

        mark = tuple(fingerprint(folder) for folder in self.folders)
        with self._lock:
            if self._app is None or mark != self._mark:
                self._app, self._mark = self._make(), mark
            return self._app

    def _make(self) -> Flask:
        from aantafel import load_library
        from aantafel_web.app import create_app

        library = load_library(packs=self.folders, cache=False)  # a pack being written changes all the time
        if self.report is not None:
            self.report(library)
        return create_app(self.config, library=library)

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        return self.current()(environ, start_response)
