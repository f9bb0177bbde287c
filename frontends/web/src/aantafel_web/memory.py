"""Pages kept in memory once made and answered before Flask is asked, for as long as they still hold.

A view that shows only what cannot change while the app runs (pack content: the library is frozen) or
what it can check cheaply (a dossier, see ``Unchanged``) calls ``keep``. Its page is then kept under what
can change it: host, address, the query arguments a kept page reads (``ARGS``) and the variant the app
names (its language and the saved-cookie, see ``app.create_app``); ``?v=1 … ?v=300``, odd cookies or
Accept-Language headers that choose the same language are one page. The next such request is answered by
``PageMemory`` from the bytes, gzip-compressed once for browsers that accept it, without a request
context, a language lookup or a template: under load a kept page costs about what Flask's hello-world
costs. A workshop opening the same pages on twenty phones costs one rendering, and a phone on a slow
line gets a fifth of the bytes. Only a 200 without cookies is kept, so a refusal, an error or the
language switch never is. Each app keeps its own pages, at most ``BYTES`` of them together.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import hashlib
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl

from flask import request

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

BYTES = 32_000_000
"""What an app's kept pages may hold together, their bodies and gzip copies: the page least recently asked
for goes first. Counted in bytes, not pages: a thousand dossier pages of 4 MB each once grew a server to
1.5 GB."""
LARGEST = BYTES // 16
"""A page larger than this is made each time, so a few huge pages never push out all the others."""
ARGS = ("q", "situation", "page")
"""The query arguments a kept page may read. Any other is left out of its key, so made-up arguments give
the same page instead of new ones; a view that reads another argument must not call ``keep``."""
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
        self.counted = 0
        """What ``PageMemory`` has counted of this page's ``size`` so far."""

    @property
    def size(self) -> int:
        """The bytes this page holds in memory, its gzip copy too."""
        return len(self.body) + (len(self.packed[1]) if self.packed else 0)

    def answer(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        """The page, or its gzip copy (made on first use), or a 304 when the browser has it already."""
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
    when the view called ``keep``. ``variant`` names what else, besides the address and ``ARGS``, a page
    depends on (None: this request is never answered from memory)."""

    def __init__(self, app: WSGIApplication, variant: Callable[[WSGIEnvironment], Hashable | None]) -> None:
        self.app = app
        self.variant = variant
        self.pages: OrderedDict[tuple[Any, ...], Page] = OrderedDict()
        self.size = 0
        self.lock = threading.Lock()  # taken to add or drop a page; a page served from memory needs none

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        if environ.get("REQUEST_METHOD") != "GET":
            return self.app(environ, start_response)
        variant = self.variant(environ)
        if variant is None:
            return self.app(environ, start_response)
        query = environ.get("QUERY_STRING")
        key = (
            environ.get("HTTP_HOST"),
            environ.get("SCRIPT_NAME"),
            environ.get("PATH_INFO"),
            _arguments(query) if query else (),
            variant,
        )
        page = self.pages.get(key)
        if page is not None:
            try:
                held = page.holds()
            except Exception:  # the app asks again and reports the problem in its own way
                held = False
            if held:
                with contextlib.suppress(KeyError):  # dropped by another thread meanwhile: still good now
                    self.pages.move_to_end(key)
                answer = page.answer(environ, start_response)
                if page.size != page.counted:  # its gzip copy was made just now
                    self._count(key, page)
                return answer
            self._count(key, None)
        return self._ask(key, environ, start_response)

    def _count(self, key: tuple[Any, ...], page: Page | None) -> None:
        """Put ``page`` under ``key`` (None: drop what is there) or count what it grew by, then drop the
        least recently asked pages until the rest fit in ``BYTES``. Under the lock, so threads that make
        or compress a page at once keep the count true."""
        with self.lock:
            there = self.pages.get(key)
            if there is not None and there is not page:
                del self.pages[key]
                self.size -= there.counted
            if page is not None:
                self.pages[key] = page
                self.size += page.size - page.counted
                page.counted = page.size
            while self.size > BYTES and self.pages:
                _key, oldest = self.pages.popitem(last=False)
                self.size -= oldest.counted

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
        page = Page(status, headers, body, holds)
        if page.size <= LARGEST:
            self._count(key, page)
        start_response(status, list(page.headers))
        return [body]


def _arguments(query: str) -> tuple[tuple[str, str], ...]:
    """The arguments in ``query`` that a kept page may read (``ARGS``), in the order given."""
    return tuple((name, value) for name, value in parse_qsl(query, keep_blank_values=True) if name in ARGS)
