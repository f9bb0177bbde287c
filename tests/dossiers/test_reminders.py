"""Reminders of agreements coming due (``aantafel remind``) and a dossier's calendar link, on SQLite and
PostgreSQL; sending goes through a real mail server on this computer (aiosmtpd)."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime, timedelta

import pytest
from click.testing import CliRunner, Result

from aantafel.cli import cli
from aantafel.dossiers.model import UnknownDossier
from aantafel.dossiers.schema import reminders
from aantafel.dossiers.store import Store
from tests.conftest import Inbox

Invoke = Callable[..., Result]
TODAY = datetime.now().astimezone().date()


@pytest.fixture
def run(database_url: str, monkeypatch: pytest.MonkeyPatch) -> Invoke:
    monkeypatch.setenv("AANTAFEL_DATABASE_URL", database_url)
    for variable in ("AANTAFEL_AS", "AANTAFEL_SMTP_URL", "AANTAFEL_MAIL_FROM", "AANTAFEL_PUBLIC_URL"):
        monkeypatch.delenv(variable, raising=False)

    def invoke(*args: str) -> Result:
        return CliRunner().invoke(cli, list(args))

    return invoke


def _agreements(store: Store) -> dict[str, str]:
    """A dossier with one agreement late, one due in three days, one in a month, one done, one without a
    date, and a dossier in the bin with one late: the first two are what a reminder lists."""
    dossier = store.create_dossier({"title": "Huur buurthuis"}, author="a")
    made = {}
    for name, person, due in (
        ("late", "Mevrouw De Vries", TODAY - timedelta(days=2)),
        ("soon", "", TODAY + timedelta(days=3)),
        ("later", "Mevrouw De Vries", TODAY + timedelta(days=30)),
        ("done", "Mevrouw De Vries", TODAY - timedelta(days=1)),
        ("undated", "Mevrouw De Vries", None),
    ):
        made[name] = store.add_agreement(
            dossier.id, what=f"Afspraak {name}", side="ours", person=person, due=due, author="a"
        ).id
    store.set_agreement_status(made["done"], "done", expected_version=1, author="a")
    binned = store.create_dossier({"title": "Weg"}, author="a")
    store.add_agreement(binned.id, what="In de prullenbak", side="ours", due=TODAY, author="a")
    store.delete_dossier(binned.id, expected_version=1, author="a")
    made["dossier"] = dossier.id
    return made


def test_due_agreements_are_the_open_ones_dated_within_reach(store: Store) -> None:
    made = _agreements(store)
    assert [a.id for a in store.due_agreements(TODAY + timedelta(days=7))] == [made["late"], made["soon"]]
    assert [a.id for a in store.due_agreements(TODAY)] == [made["late"]]
    within_a_month = store.due_agreements(TODAY + timedelta(days=30))
    assert [a.id for a in within_a_month] == [made["late"], made["soon"], made["later"]]


def test_a_reminder_is_noted_once_a_day_and_not_when_sending_fails(store: Store) -> None:
    sent: list[str] = []
    assert store.remind_once(TODAY, "Joost@Example.nl", 2, lambda: sent.append("first"))
    assert not store.remind_once(TODAY, "joost@example.nl ", 2, lambda: sent.append("second"))
    assert sent == ["first"]  # the same address, however it is written, once a day

    def failing() -> None:
        raise OSError("mail server down")

    with pytest.raises(OSError, match="down"):
        store.remind_once(TODAY, "ria@example.nl", 1, failing)
    assert store.remind_once(TODAY, "ria@example.nl", 1, lambda: sent.append("ria"))  # not noted before
    assert store.remind_once(TODAY + timedelta(days=1), "joost@example.nl", 1, lambda: sent.append("next"))
    assert sent == ["first", "ria", "next"]


def test_notes_older_than_a_month_are_removed(store: Store) -> None:
    long_ago = TODAY - timedelta(days=40)
    store.remind_once(long_ago, "oud@example.nl", 1, lambda: None)
    store.remind_once(TODAY, "nieuw@example.nl", 1, lambda: None)
    with store.transaction() as connection:
        kept = connection.execute(reminders.select()).all()
    assert [(row.day, row.address, row.agreements) for row in kept] == [(TODAY, "nieuw@example.nl", 1)]


def test_a_calendar_link_opens_its_dossier_until_it_is_stopped_or_replaced(store: Store) -> None:
    dossier = store.create_dossier({"title": "Huur buurthuis"}, author="a")
    assert store.feed_made(dossier.id) is None
    first = store.make_feed(dossier.id)
    assert store.feed_dossier(first) == dossier.id
    assert store.feed_made(dossier.id) is not None
    second = store.make_feed(dossier.id)
    assert second != first
    with pytest.raises(UnknownDossier):
        store.feed_dossier(first)  # a new link stops the old one
    assert store.feed_dossier(second) == dossier.id
    with store.transaction() as connection:
        tokens = connection.exec_driver_sql("SELECT token FROM feeds").scalars().all()
    assert second not in tokens  # only the SHA-256 is kept
    store.delete_dossier(dossier.id, expected_version=1, author="a")
    with pytest.raises(UnknownDossier):
        store.feed_dossier(second)  # a dossier in the bin shows nothing
    store.restore_dossier(dossier.id, expected_version=2, author="a")
    assert store.revoke_feed(dossier.id)
    assert not store.revoke_feed(dossier.id)
    with pytest.raises(UnknownDossier):
        store.feed_dossier(second)
    with pytest.raises(UnknownDossier):
        store.feed_dossier("")


def test_remind_lists_the_late_and_coming_agreements_per_person(store: Store, run: Invoke) -> None:
    made = _agreements(store)
    dutch = run("remind")
    assert dutch.exit_code == 0, dutch.output
    lines = dutch.stdout.splitlines()
    assert lines[0] == "Mevrouw De Vries <geen adres>"
    assert lines[1].startswith(f"  {made['late']}  te laat sinds ")
    assert lines[1].endswith(": Afspraak late (Huur buurthuis)")
    assert lines[2] == "wij <geen adres>"  # no person named: the side that promised it
    assert made["soon"] in lines[3]
    assert made["later"] not in dutch.stdout
    english = run("remind", "--days", "30", "--lang", "en")
    assert "ours <no address>" in english.stdout
    assert made["later"] in english.stdout
    listed = json.loads(run("remind", "--json").stdout)
    assert listed["days"] == 7
    assert [(p["person"], p["address"], p["sent"]) for p in listed["people"]] == [
        ("Mevrouw De Vries", None, None),
        ("wij", None, None),
    ]
    late = listed["people"][0]["agreements"][0]
    assert late == {
        "id": made["late"],
        "dossier_id": made["dossier"],
        "dossier": "Huur buurthuis",
        "what": "Afspraak late",
        "due": (TODAY - timedelta(days=2)).isoformat(),
        "overdue": True,
    }


def test_nothing_due_says_so(run: Invoke) -> None:
    done = run("remind", "--lang", "en")
    assert done.exit_code == 0
    assert done.stdout == "No open agreements are due within 7 days, and none is late.\n"


def test_a_reminder_sent_twice_on_one_day_goes_out_once(
    store: Store, run: Invoke, smtp: tuple[str, Inbox], monkeypatch: pytest.MonkeyPatch
) -> None:
    _agreements(store)
    monkeypatch.setenv("AANTAFEL_SMTP_URL", smtp[0])
    monkeypatch.setenv("AANTAFEL_MAIL_FROM", "aantafel@buurthuis.nl")
    first = run("remind", "--send", "--to", "ik@buurthuis.nl")
    assert first.exit_code == 0, first.output
    assert "Verstuurd naar ik@buurthuis.nl." in first.stdout
    [message] = smtp[1].messages  # everyone's agreements, one message to the one address
    assert message["To"] == "ik@buurthuis.nl"
    assert message["From"] == "aantafel@buurthuis.nl"
    assert message["Subject"] == "aantafel: afspraken om aan te denken (2)"
    body = message.get_payload(decode=True).decode().replace("\r\n", "\n")  # type: ignore[union-attr]
    assert "Mevrouw De Vries\n- te laat sinds " in body
    assert ": Afspraak late (Huur buurthuis)" in body
    assert "\nwij\n- " in body
    second = run("remind", "--send", "--to", "ik@buurthuis.nl")
    assert second.exit_code == 0, second.output
    assert "ik@buurthuis.nl kreeg vandaag al een herinnering: niets verstuurd." in second.stdout
    assert len(smtp[1].messages) == 1
    listed = json.loads(run("remind", "--send", "--to", "ik@buurthuis.nl", "--json").stdout)
    assert {p["sent"] for p in listed["people"]} == {"already sent"}


def test_a_failing_mail_server_is_named_without_its_password_and_nothing_is_marked(
    store: Store, run: Invoke, smtp: tuple[str, Inbox], monkeypatch: pytest.MonkeyPatch
) -> None:
    _agreements(store)
    smtp[1].refusing = "550 5.1.1 Mailbox unknown"
    monkeypatch.setenv("AANTAFEL_SMTP_URL", smtp[0])
    failed = run("remind", "--send", "--to", "ik@buurthuis.nl", "--lang", "en")
    assert failed.exit_code == 1
    assert f"the mail server {smtp[0]} did not take the reminder to ik@buurthuis.nl" in failed.stderr
    assert "Mailbox unknown" in failed.stderr
    assert "not marked as sent" in failed.stderr
    smtp[1].refusing = ""
    again = run("remind", "--send", "--to", "ik@buurthuis.nl", "--lang", "en")
    assert again.exit_code == 0, again.output
    assert "Sent to ik@buurthuis.nl." in again.stdout
    assert len(smtp[1].messages) == 1
    with_password = smtp[0].replace("smtp://", "smtp://aantafel:geheim%21@")
    monkeypatch.setenv("AANTAFEL_SMTP_URL", with_password)
    refused = run("remind", "--send", "--to", "ander@buurthuis.nl", "--lang", "en")
    assert refused.exit_code == 1
    assert "geheim" not in refused.output
    assert f"smtp://aantafel@{smtp[0].partition('//')[2]}" in refused.stderr


def test_sending_asks_for_the_mail_server_and_an_address(
    store: Store, run: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    _agreements(store)
    no_server = run("remind", "--send", "--to", "ik@buurthuis.nl", "--lang", "en")
    assert no_server.exit_code == 2
    assert "set AANTAFEL_SMTP_URL to the mail server first" in no_server.stderr
    monkeypatch.setenv("AANTAFEL_SMTP_URL", "smtp://127.0.0.1:25")
    nowhere = run("remind", "--send", "--lang", "en")
    assert nowhere.exit_code == 2
    assert "without accounts, say where the reminders go: --to ADDRESS" in nowhere.stderr
    bad = run("remind", "--send", "--to", "geen adres", "--lang", "en")
    assert bad.exit_code == 2
    assert "--to" in bad.stderr


def test_dossier_feed_makes_and_stops_the_calendar_link(
    store: Store, run: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    dossier = store.create_dossier({"title": "Huur buurthuis"}, author="a")
    monkeypatch.setenv("AANTAFEL_PUBLIC_URL", "https://aantafel.example.nl/")
    made = run("dossier", "feed", dossier.id[:4], "--lang", "en")
    assert made.exit_code == 0, made.output
    webcal, https = made.stdout.splitlines()
    assert webcal.startswith("webcal://aantafel.example.nl/feeds/")
    assert https == "https://" + webcal.partition("://")[2]
    secret = https.rpartition("/")[2].removesuffix(".ics")
    assert store.feed_dossier(secret) == dossier.id
    assert "Anyone who has it can read the dates" in made.stderr
    stopped = run("dossier", "feed", dossier.id, "--revoke", "--lang", "en")
    assert stopped.stdout == "The calendar link of Huur buurthuis no longer works.\n"
    with pytest.raises(UnknownDossier):
        store.feed_dossier(secret)
    assert json.loads(run("dossier", "feed", dossier.id, "--revoke", "--json").stdout) == {
        "dossier": dossier.id,
        "revoked": False,
    }
