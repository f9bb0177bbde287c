"""Cross-site request forgery protection from the headers browsers send with every form, as datasette does.

A POST is accepted when the browser says it comes from this site: ``Sec-Fetch-Site: same-origin`` (or
``none``, typed by the user), else an ``Origin`` equal to this site. Anything else, including a POST with
neither header, is refused with a page that says why. No token, no session, no secret to keep.
"""

from __future__ import annotations

from flask import abort, request

UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def check_origin() -> None:
    """A ``before_request`` hook: refuse an unsafe request that does not come from this site."""
    if request.method not in UNSAFE:
        return
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None:
        if fetch_site not in ("same-origin", "none"):
            abort(403)
        return
    origin = request.headers.get("Origin")
    if origin is None or origin.rstrip("/") != request.host_url.rstrip("/"):
        abort(403)
