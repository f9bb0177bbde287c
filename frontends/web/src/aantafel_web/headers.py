"""The security headers every answer carries, added at the WSGI layer so error pages and static files
get them too."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
        "base-uri 'none'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}
SECURE = tuple(SECURITY_HEADERS.items())


def with_security_headers(wsgi_app: WSGIApplication) -> WSGIApplication:
    """``wsgi_app`` with SECURITY_HEADERS on every response (error pages and static files too) where the
    view did not set its own (the sheet's policy). Added to a plain list: through Flask's response headers
    each was checked again, a seventh of a page served from memory."""

    def app(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        def start(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            present = {name.lower() for name, _value in headers}
            headers.extend(item for item in SECURE if item[0].lower() not in present)
            return start_response(status, headers, exc_info)

        return wsgi_app(environ, start)

    return app
