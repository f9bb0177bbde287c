"""Pages kept in memory once made and answered before Flask is asked, for as long as they still hold.

A view that shows only what cannot change while the app runs (pack content: the library is frozen) or
what it can check cheaply (a dossier, see ``Unchanged``) calls ``keep``. Its page is then kept under the
request as it came: host, address and query, and the headers that choose the language (cookies and
Accept-Language); nothing else on a page depends on the visitor. The next such request is answered by
``PageMemory`` from the bytes, gzip-compressed once for browsers that accept it, without a request
context, a language lookup or a template: under load a kept page costs about what Flask's hello-world
costs. A workshop opening the same pages on twenty phones costs one rendering, and a phone on a slow
line gets a fifth of the bytes. Only a 200 without cookies is kept, so a refusal, an error or the
language switch never is. Each app keeps its own pages.
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import time
from collections.abc import Callable, Hashable, Iterable
from typing import TYPE_CHECKING, Any

from flask import request

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

LIMIT = 1000
"""How many pages an app keeps (a few MB); when full it starts over, so odd URLs cannot fill memory."""
SAVED_COOKIE = "aantafel_saved"
"""Set anew after every save, so the next pages are made fresh for the person who saved (see Unchanged)."""
KEEP = "aantafel.keep"
"""Where a view leaves, in the WSGI environment, what says whether its page still holds."""


def always() -> bool:
    return True


def keep(holds: Callable[[], bool] = always) -> None:
    """Keep the page this request makes; ``holds`` is asked before each later answer from memory (it runs
    outside Flask's contexts) and the page is made again when it says no or fails."""
    request.environ[KEEP] = holds


def content_page(view: Callable[..., str]) -> Callable[..., str]:
    """A view whose page shows only pack content: kept, as it cannot change while the app runs."""

    @functools.wraps(view)
    def page(*args: Any, **kwargs: Any) -> str:
        keep()
        return view(*args, **kwargs)

    return page


class Unchanged:
    """Holds while ``mark()`` gives ``made``; asked at most once every ``every`` seconds.

    Asking the database on every view of a dossier page cost more than the rest of the page under load
    (each query hands the interpreter's lock to another thread and back). Another person's change shows
    within ``every`` seconds, which no one can tell apart from them saving a moment later; the person
    who saved sees it at once, because saving sets a cookie (``SAVED_COOKIE``) that this memory's key
    includes, so the page after a save is always made fresh, whichever worker answers it."""

    def __init__(self, mark: Callable[[], Hashable], made: Hashable, every: float) -> None:
        self.mark = mark
        self.made = made
        self.every = every
        self.until = time.monotonic() + every

    def __call__(self) -> bool:
        now = time.monotonic()
        if now < self.until:
            return True
        if self.mark() != self.made:
            return False
        self.until = now + self.every
        return True


class Page:
    """A kept page: its status, headers and bytes, and the gzip copy once a browser asked for it (pages
    asked for only once, such as a new search, are never compressed). Each copy has an ETag, so a
    browser that has it already (a reload, the back button) gets a bodiless 304."""

    def __init__(
        self, status: str, headers: list[tuple[str, str]], body: bytes, holds: Callable[[], bool]
    ) -> None:
        self.status = status
        self.tag = hashlib.blake2b(body, digest_size=12).hexdigest()
        self.headers = [*headers, ("Vary", "Accept-Encoding"), ("ETag", f'"{self.tag}"')]
        self.body = body
        self.holds = holds
        self.packed: tuple[list[tuple[str, str]], bytes] | None = None

    def answer(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        if not accepts_gzip(environ.get("HTTP_ACCEPT_ENCODING", "")):
            headers, body = self.headers, self.body
        else:
            if self.packed is None:
                gzipped = gzip.compress(self.body, compresslevel=6, mtime=0)
                packed = [(name, value) for name, value in self.headers if name.lower() not in _PER_COPY]
                packed += [
                    ("Content-Encoding", "gzip"),
                    ("Content-Length", str(len(gzipped))),
                    ("ETag", f'"{self.tag}-gz"'),
                ]
                self.packed = packed, gzipped
            headers, body = self.packed
        if _has(environ.get("HTTP_IF_NONE_MATCH", ""), headers):
            start_response(
                "304 Not Modified", [(name, value) for name, value in headers if name.lower() in _ON_304]
            )
            return []
        start_response(self.status, list(headers))
        return [body]


_PER_COPY = ("content-length", "etag")
_ON_304 = ("etag", "vary")  # what a 304 repeats of the 200 (RFC 9110, 15.4.5)


def _has(if_none_match: str, headers: list[tuple[str, str]]) -> bool:
    """Whether the browser's If-None-Match names this copy's ETag."""
    if not if_none_match:
        return False
    tag = next(value for name, value in headers if name == "ETag")
    return tag in (part.strip().removeprefix("W/") for part in if_none_match.split(","))


@functools.lru_cache(maxsize=64)
def accepts_gzip(accept_encoding: str) -> bool:
    """Whether an Accept-Encoding header allows gzip (browsers send one of a few values)."""
    weights: dict[str, float] = {}
    for part in accept_encoding.lower().split(","):
        name, *params = part.split(";")
        weight = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip() == "q":
                try:
                    weight = float(value)
                except ValueError:
                    weight = 0.0
        weights[name.strip()] = weight
    return weights.get("gzip", weights.get("*", 0.0)) > 0


class PageMemory:
    """WSGI middleware: answers a GET from a kept page while it holds, else asks ``app`` and keeps its page
    when the view called ``keep``."""

    def __init__(self, app: WSGIApplication) -> None:
        self.app = app
        self.pages: dict[tuple[Any, ...], Page] = {}

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        if environ.get("REQUEST_METHOD") != "GET":
            return self.app(environ, start_response)
        key = (
            environ.get("HTTP_HOST"),
            environ.get("SCRIPT_NAME"),
            environ.get("PATH_INFO"),
            environ.get("QUERY_STRING"),
            environ.get("HTTP_COOKIE"),
            environ.get("HTTP_ACCEPT_LANGUAGE"),
        )
        page = self.pages.get(key)
        if page is not None:
            try:
                held = page.holds()
            except Exception:  # the app asks again and reports the problem in its own way
                held = False
            if held:
                return page.answer(environ, start_response)
            self.pages.pop(key, None)
        return self._ask(key, environ, start_response)

    def _ask(
        self, key: tuple[Any, ...], environ: WSGIEnvironment, start_response: StartResponse
    ) -> Iterable[bytes]:
        held: list[Any] = []
        written: list[bytes] = []  # what the app passes to WSGI's write(); Flask never does

        def start(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            holds = environ.get(KEEP)
            keepable = (
                holds is not None
                and exc_info is None
                and status.startswith("200 ")
                and not any(name.lower() == "set-cookie" for name, _value in headers)
            )
            if not keepable:
                return start_response(status, headers, exc_info)
            held[:] = [status, headers, holds]
            return written.append

        answer = self.app(environ, start)
        if not held:
            return answer
        status, headers, holds = held
        try:
            body = b"".join([*written, *answer])
        finally:
            close = getattr(answer, "close", None)
            if close is not None:
                close()
        if len(self.pages) >= LIMIT:
            self.pages.clear()
        self.pages[key] = page = Page(status, headers, body, holds)
        start_response(status, list(page.headers))
        return [body]
