"""Reminders in a database with accounts: each agreement's person is found among the accounts of the
dossier's organisation, and each gets one message a day, through a real mail server (aiosmtpd)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import pytest
from click.testing import CliRunner, Result

from aantafel.cli import cli
from aantafel.dossiers.store import Store
from tests.accounts import PASSWORD, Team, acting
from tests.conftest import Inbox

TODAY = datetime.now().astimezone().date()


def _remind(*args: str) -> Result:
    return CliRunner().invoke(cli, ["remind", *args])


@pytest.fixture
def agreed(store: Store, team: Team, database_url: str, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """In Oost: Joost (by name, another case) and Henk (by sign-in name) promised something, "Iemand"
    has no account; in West, Sanne has an address but is not in Oost, so Oost's "Sanne" has none."""
    monkeypatch.setenv("AANTAFEL_DATABASE_URL", database_url)
    for variable in ("AANTAFEL_AS", "AANTAFEL_MAIL_FROM"):
        monkeypatch.delenv(variable, raising=False)
    joost = store.create_person(login="joost", name="Joost Bakker", password=PASSWORD, email="joost@oost.nl")
    store.set_role(team.oost, joost.id, "member")
    henk = store.create_person(login="henk2", name="Henk de Boer", password=PASSWORD, email="henk@oost.nl")
    store.set_role(team.oost, henk.id, "member")
    west = store.create_person(login="sanne2", name="Sanne", password=PASSWORD, email="sanne@west.nl")
    store.set_role(team.west, west.id, "member")
    fatima = acting(store, team.admin)
    dossier = fatima.create_dossier({"title": "Huur buurthuis"}, author="x")
    made = {}
    for person, due in (
        ("joost  bakker", TODAY - timedelta(days=1)),
        ("henk2", TODAY + timedelta(days=2)),
        ("Joost Bakker", TODAY + timedelta(days=5)),
        ("Iemand", TODAY),
        ("Sanne", TODAY),
    ):
        made[person] = fatima.add_agreement(
            dossier.id, what=f"Taak van {person}", side="ours", person=person, due=due, author="x"
        ).id
    return made


def test_each_person_gets_one_message_a_day(
    agreed: dict[str, str], smtp: tuple[str, Inbox], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AANTAFEL_SMTP_URL", smtp[0])
    first = _remind("--send", "--lang", "en")
    assert first.exit_code == 0, first.output
    assert "Sent to joost@oost.nl." in first.stdout
    assert "Sent to henk@oost.nl." in first.stdout
    assert "No address known for Iemand, Sanne: nothing sent to them." in first.stdout
    received = {message["To"]: message for message in smtp[1].messages}
    assert sorted(received) == ["henk@oost.nl", "joost@oost.nl"]
    joost = received["joost@oost.nl"].get_payload(decode=True).decode()  # type: ignore[union-attr]
    assert "Taak van joost  bakker" in joost
    assert "Taak van Joost Bakker" in joost  # both ways of writing the name: one person, one message
    assert "henk2" not in joost
    assert received["joost@oost.nl"]["Subject"] == "aantafel: agreements to keep in mind (2)"
    second = _remind("--send", "--json")
    assert second.exit_code == 0, second.output
    said = {p["person"]: (p["address"], p["sent"]) for p in json.loads(second.stdout)["people"]}
    assert said == {
        "henk2": ("henk@oost.nl", "already sent"),
        "Iemand": (None, "no address"),
        "joost  bakker": ("joost@oost.nl", "already sent"),
        "Sanne": (None, "no address"),
    }
    assert len(smtp[1].messages) == 2


def test_acting_as_a_person_lists_only_their_organisations(agreed: dict[str, str], team: Team) -> None:
    oost = _remind("--as", "fatima", "--json")
    assert oost.exit_code == 0, oost.output
    assert len(json.loads(oost.stdout)["people"]) == 4
    west = _remind("--as", "sanne", "--json")
    assert json.loads(west.stdout)["people"] == []
