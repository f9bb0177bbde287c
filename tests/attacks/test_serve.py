"""Item 10 of the attack against a real ``aantafel serve``: slow clients and an IPv6 address."""

from __future__ import annotations

import socket
import urllib.request

import pytest

from tests.web import serving


def test_slow_clients_do_not_stop_the_page() -> None:
    """110 connections that send their headers slowly stopped ``aantafel serve`` answering (waitress took
    no more than 100). They are held without a thread now, and others still get their page."""
    with serving("serve") as (address, _page, _server):
        host, port = address.removeprefix("http://").rsplit(":", 1)
        slow = []
        try:
            for _ in range(150):
                connection = socket.create_connection((host, int(port)), timeout=5)
                connection.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")  # and never more
                slow.append(connection)
            with urllib.request.urlopen(f"{address}/library", timeout=5) as response:
                assert response.status == 200
                assert "/item/" in response.read().decode()
        finally:
            for connection in slow:
                connection.close()


def test_serve_on_ipv6_answers() -> None:
    """``aantafel serve --host ::1`` answered every request with a 400."""
    try:
        socket.socket(socket.AF_INET6).close()
        with socket.socket(socket.AF_INET6) as probe:
            probe.bind(("::1", 0))
    except OSError:
        pytest.skip("this machine has no IPv6 loopback")
    with serving("serve", host="::1", path="/library") as (_address, page, _server):
        assert "/item/" in page
