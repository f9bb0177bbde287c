"""A link sent by e-mail too, through a real SMTP server on this computer (aiosmtpd); the page shows the
link whatever the mail server does, and never its password."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest
from flask import Flask

from aantafel import mail
from tests.accounts import Team
from tests.accounts.test_web_people import english_app, link_on
from tests.accounts.test_web_sign_in import closing, signed_in
from tests.conftest import Inbox
from tests.web import SAME


@pytest.fixture
def app(database_url: str, team: Team, smtp: tuple[str, Inbox]) -> Iterator[Flask]:
    made = english_app(
        database_url,
        AANTAFEL_PUBLIC_URL="https://a.nl",
        AANTAFEL_SMTP_URL=smtp[0],
        AANTAFEL_MAIL_FROM="aantafel@a.nl",
    )
    yield made
    closing(made)


def test_an_invitation_arrives_by_e_mail_with_the_link(
    app: Flask, smtp: tuple[str, Inbox], team: Team
) -> None:
    fatima = signed_in(app, "fatima")
    assert 'name="email"' in fatima.get(f"/organisations/{team.oost}").get_data(as_text=True)
    made = fatima.post(
        f"/organisations/{team.oost}/invite",
        data={"role": "member", "email": "joost@example.nl"},
        headers=SAME,
    )
    assert made.status_code == 200
    page = made.get_data(as_text=True)
    link = link_on(page)
    assert "also sent by e-mail to joost@example.nl" in page
    [message] = smtp[1].messages
    assert message["To"] == "joost@example.nl"
    assert message["From"] == "aantafel@a.nl"
    assert message["Subject"] == "Your invitation to aantafel"
    body = message.get_payload(decode=True).decode()  # type: ignore[union-attr]
    assert f"https://a.nl{link}" in body
    assert "Buurtbedrijf Oost" in body


def test_a_server_that_refuses_is_said_and_the_link_stays(
    app: Flask, smtp: tuple[str, Inbox], team: Team
) -> None:
    smtp[1].refusing = "550 5.1.1 Mailbox unknown"
    made = signed_in(app, "fatima").post(
        f"/organisations/{team.oost}/invite", data={"role": "member", "email": "weg@example.nl"}, headers=SAME
    )
    assert made.status_code == 200
    page = made.get_data(as_text=True)
    assert "could not be sent" in page
    assert "Mailbox unknown" in page
    assert link_on(page).startswith("/join/")
    assert smtp[1].messages == []


def test_a_bad_address_is_said_at_the_field_and_no_link_is_made(
    app: Flask, smtp: tuple[str, Inbox], team: Team
) -> None:
    refused = signed_in(app, "fatima").post(
        f"/organisations/{team.oost}/invite", data={"role": "admin", "email": "geen adres"}, headers=SAME
    )
    assert refused.status_code == 422
    page = refused.get_data(as_text=True)
    assert 'value="geen adres"' in page
    assert 'id="link"' not in page
    assert smtp[1].messages == []


def test_a_password_is_never_sent_unencrypted_nor_shown(smtp: tuple[str, Inbox]) -> None:
    with_password = smtp[0].replace("smtp://", "smtp://vrijwilliger:geheim%21@")
    with pytest.raises(mail.MailError) as plain:
        mail.send(with_password, "a@a.nl", "b@b.nl", "Hoi", "Tekst")
    assert "encryption" in str(plain.value)
    assert "geheim" not in str(plain.value)
    assert smtp[1].messages == []
    with socket.socket() as probe:  # a port where nothing listens
        probe.bind(("127.0.0.1", 0))
        nowhere = f"smtps://vrijwilliger:geheim@127.0.0.1:{probe.getsockname()[1]}"
    with pytest.raises(mail.MailError) as down:
        mail.send(nowhere, "a@a.nl", "b@b.nl", "Hoi", "Tekst", timeout=2)
    assert "127.0.0.1" in str(down.value)
    assert "geheim" not in str(down.value)
    with pytest.raises(mail.MailError) as odd:
        mail.send("https://mail.example.nl", "a@a.nl", "b@b.nl", "Hoi", "Tekst")
    assert "smtp://" in str(odd.value)


def test_without_a_mail_server_the_form_asks_no_address(database_url: str, team: Team) -> None:
    app = english_app(database_url)
    page = signed_in(app, "fatima").get(f"/organisations/{team.oost}").get_data(as_text=True)
    assert 'name="email"' not in page
    closing(app)
