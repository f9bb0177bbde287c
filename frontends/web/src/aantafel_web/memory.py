"""Pages kept in memory once made, for as long as what they show cannot have changed.

A page is kept under its language and URL plus a mark of what it shows: nothing for pack content (the
library is frozen while the app runs), the dossier's last change and today's date for a dossier page.
Nothing else on a page depends on the visitor; the language cookie is set after the view. A workshop
opening the same pages on twenty phones then costs one rendering. Each app keeps its own pages.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Hashable
from typing import Any

from flask import current_app, g, request

LIMIT = 1000
"""How many pages an app keeps (a few MB); when full it starts over, so odd URLs cannot fill memory."""


def kept(mark: Hashable, make: Callable[[], str]) -> str:
    """The page for this request and ``mark``: made by ``make`` the first time, then from memory."""
    pages: dict[Hashable, str] = current_app.extensions.setdefault("aantafel.pages", {})
    environ = request.environ  # the address as it came, without decoding it again for every request
    key = (mark, g.lang, environ.get("SCRIPT_NAME"), environ.get("PATH_INFO"), environ.get("QUERY_STRING"))
    page = pages.get(key)
    if page is None:
        if len(pages) >= LIMIT:
            pages.clear()
        page = pages[key] = make()
    return page


def content_page(view: Callable[..., str]) -> Callable[..., str]:
    """Keep a view's page that shows only pack content: it cannot change while the app runs."""

    @functools.wraps(view)
    def page(*args: Any, **kwargs: Any) -> str:
        return kept(None, lambda: view(*args, **kwargs))

    return page
