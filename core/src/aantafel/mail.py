"""Sending e-mail, when the host set up a mail server: a link to join (the web page) and the reminders of
agreements coming due (``aantafel remind --send``); without one, links are copied by hand.

The server is one URL (``AANTAFEL_SMTP_URL``): ``smtps://user:password@host:465`` speaks TLS from the
start; ``smtp://user:password@host:587`` switches to TLS with STARTTLS before signing in, and refuses to
send a password to a server that cannot; ``smtp://127.0.0.1:8025`` without a password sends plainly (a
relay on the same machine, a test). Whatever goes wrong is a ``MailError`` whose message names the server
and what it said, never the password.
"""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage
from urllib.parse import unquote, urlsplit

SMTP_URL = "AANTAFEL_SMTP_URL"
MAIL_FROM = "AANTAFEL_MAIL_FROM"
PORTS = {"smtp": 587, "smtps": 465}
TIMEOUT = 10.0
"""Seconds to wait for the mail server: the person who made the link is waiting for the page."""


class MailError(Exception):
    """The message did not go out; the text says why, for the page and the log."""


def send(url: str, sender: str, to: str, subject: str, body: str, *, timeout: float = TIMEOUT) -> None:
    """Send one plain-text message through the server at ``url``."""
    parts = urlsplit(url)
    if parts.scheme not in PORTS or not parts.hostname:
        raise MailError(f"{SMTP_URL} should look like smtp://user:password@mail.example.nl:587")
    host = parts.hostname
    password = unquote(parts.password or "")
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = sender or f"aantafel@{host}", to, subject
    message.set_content(body)
    try:
        port = parts.port or PORTS[parts.scheme]
        with _connect(parts.scheme, host, port, timeout) as server:
            if parts.username:
                if not isinstance(server.sock, ssl.SSLSocket):
                    raise MailError(f"{host} offers no encryption (STARTTLS): the password was not sent")
                server.login(unquote(parts.username), password)
            server.send_message(message)
    except (smtplib.SMTPException, OSError, ValueError) as exc:
        said = str(exc).replace(password, "***") if password else str(exc)
        raise MailError(f"{host}: {said or type(exc).__name__}") from None


def shown(url: str) -> str:
    """The mail server's URL as a message may name it: without the password."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    where = parts.netloc.rpartition("@")[2]
    return parts._replace(netloc=f"{parts.username}@{where}").geturl()


def _connect(scheme: str, host: str, port: int, timeout: float) -> smtplib.SMTP:
    """A connection that is encrypted whenever the server can, and always before a password is sent."""
    context = ssl.create_default_context()
    if scheme == "smtps":
        return smtplib.SMTP_SSL(host, port, timeout=timeout, context=context)
    server = smtplib.SMTP(host, port, timeout=timeout)
    try:
        server.ehlo()
        if server.has_extn("starttls"):
            server.starttls(context=context)
            server.ehlo()
    except BaseException:
        server.close()
        raise
    return server
