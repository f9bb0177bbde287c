"""Which host names the page answers to. Any other ``Host`` header gets a 400, which stops DNS-rebinding
pages from talking to a local server.

Checked here rather than by Flask's ``TRUSTED_HOSTS``: Werkzeug cuts each trusted name at its first colon,
so an IPv6 address such as ``::1`` never matched and ``aantafel serve --host ::1`` answered every request
with a 400.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from aantafel_web.headers import SECURE

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")
PROXIES = "AANTAFEL_PROXIES"
"""How many reverse proxies stand in front of the page (the app's config key and the environment variable)."""


class ProxiesError(Exception):
    """``AANTAFEL_PROXIES`` is no number; the message says what it should be."""


REFUSED = (
    b"Deze pagina antwoordt niet op deze naam. Moet dat wel? Zet de naam in AANTAFEL_TRUSTED_HOSTS (met "
    b"komma's ertussen) op de computer waar aantafel draait, en start aantafel opnieuw.\n\n"
    b"This page does not answer to this host name. If it should, add the name to AANTAFEL_TRUSTED_HOSTS "
    b"(comma-separated) where aantafel runs, and start it again.\n"
)
"""Said in both languages: the request is refused before its language is known (it is for whoever runs
aantafel, who set up the names)."""
_HOST = re.compile(r"(?:\[(?P<ipv6>[0-9a-f:.]+)\]|(?P<name>[a-z0-9.-]+))(?::[0-9]{1,5})?")


def trusted_hosts(*more: str) -> list[str]:
    """This computer, the names in ``$AANTAFEL_TRUSTED_HOSTS`` (comma-separated, for a group that reaches
    the page by a name or address) and ``more``."""
    named = (name.strip() for name in os.environ.get("AANTAFEL_TRUSTED_HOSTS", "").split(","))
    return [*LOCAL_HOSTS, *(name for name in named if name), *more]


@functools.lru_cache(maxsize=256)
def host_name(header: str) -> str | None:
    """The name or address in a ``Host`` header, without its port or an IPv6 address's brackets; None
    when the header is not a host at all."""
    found = _HOST.fullmatch(header.lower())
    return None if found is None else found["ipv6"] or found["name"]


def only_for(hosts: Iterable[str] | None, wsgi_app: WSGIApplication) -> WSGIApplication:
    """``wsgi_app`` answering only requests whose Host is one of ``hosts`` (None: any host)."""
    if hosts is None:
        return wsgi_app
    trusted = frozenset(host.lower().strip("[]") for host in hosts)

    def app(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        if host_name(environ.get("HTTP_HOST") or environ.get("SERVER_NAME", "")) in trusted:
            return wsgi_app(environ, start_response)
        start_response("400 Bad Request", [("Content-Type", "text/plain; charset=utf-8"), *SECURE])
        return [REFUSED]

    return app


def behind_proxies(count: object, wsgi_app: WSGIApplication) -> WSGIApplication:
    """``wsgi_app`` seeing the client's address and scheme, from the ``X-Forwarded-For`` and
    ``X-Forwarded-Proto`` that the ``count`` proxies in front of it add. Without them the address is the
    proxy's, so the limit on sign-in attempts per address would lock out everyone at once; with them set
    while no proxy is in front, anyone could pick their own address, which is why it is off by default."""
    text = str(count).strip() or "0"
    if not text.isdigit():
        raise ProxiesError(
            f"{PROXIES} must be the number of proxies in front of aantafel (such as 1), not {text!r}"
        )
    if int(text) == 0:
        return wsgi_app
    from werkzeug.middleware.proxy_fix import ProxyFix

    return ProxyFix(wsgi_app, x_for=int(text), x_proto=int(text))
