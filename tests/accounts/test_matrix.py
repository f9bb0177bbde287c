"""Who may open which page: every route of the web page in accounts mode, for each kind of person.

The routes come from Flask's URL map, so a new route without a row in ``EXPECTED`` fails this test: someone
has to decide who may use it. Each kind of person gets their own fresh dossier, meeting and agreement in
Buurtbedrijf Oost, so what one of them deletes or saves does not change what the next one meets.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import UTC, datetime

import pytest
from flask import Flask
from flask.testing import FlaskClient

from aantafel.dossiers.store import Store
from aantafel_web.app import create_app
from aantafel_web.context import ACCOUNTS, DATABASE_URL
from tests.accounts import Team, acting
from tests.accounts.test_web_sign_in import closing, signed_in
from tests.web import SAME

ROLES = ("anonymous", "member", "admin", "trainer", "other", "site_admin")
"""``other`` is the admin of another organisation (Wijkhuis West); ``site_admin`` makes organisations but
belongs to none."""
LOGINS = {"member": "henk", "admin": "fatima", "trainer": "ria", "other": "sanne", "site_admin": "beheer"}

OK = "allowed"
"""Past every check of who may do it: any answer but a sign-in redirect, 401, 403 or 404."""
SIGN_IN = "sent to sign in"
FORBIDDEN = 403
HIDDEN = 404

Expected = Mapping[str, str | int]


def _row(
    anonymous: str | int,
    member: str | int,
    admin: str | int,
    trainer: str | int,
    other: str | int,
    site_admin: str | int,
) -> Expected:
    return dict(zip(ROLES, (anonymous, member, admin, trainer, other, site_admin), strict=True))


PUBLIC = _row(OK, OK, OK, OK, OK, OK)
SIGNED_IN = _row(SIGN_IN, OK, OK, OK, OK, OK)
READ_OURS = _row(SIGN_IN, OK, OK, OK, HIDDEN, HIDDEN)
"""A page of Oost's dossier: its members and its trainer read it; nobody else learns it exists."""
CHANGE_OURS = _row(SIGN_IN, OK, OK, FORBIDDEN, HIDDEN, HIDDEN)
"""Changing Oost's dossier: its members; its trainer reads only."""
ADD_DOSSIER = _row(SIGN_IN, OK, OK, FORBIDDEN, OK, FORBIDDEN)
"""Starting a dossier: anyone who is a member somewhere (the admin of West starts one in West)."""

EXPECTED: dict[tuple[str, str], Expected] = {
    ("static", "GET"): PUBLIC,
    ("pages.home", "GET"): PUBLIC,
    ("pages.about", "GET"): PUBLIC,
    ("pages.overview", "GET"): PUBLIC,
    ("pages.kind_list", "GET"): PUBLIC,
    ("pages.item", "GET"): PUBLIC,
    ("pages.search", "GET"): PUBLIC,
    ("pages.stuck", "GET"): PUBLIC,
    ("accounts.sign_in", "GET"): PUBLIC,
    ("accounts.sign_in", "POST"): _row(401, 401, 401, 401, 401, 401),  # no name or password sent
    ("accounts.sign_out", "POST"): PUBLIC,
    ("accounts_private.account", "GET"): SIGNED_IN,
    ("accounts_private.data", "GET"): SIGNED_IN,
    ("accounts_private.change_password", "POST"): _row(SIGN_IN, 422, 422, 422, 422, 422),  # nothing sent
    ("accounts_private.sign_out_everywhere", "POST"): SIGNED_IN,
    ("dossiers.index", "GET"): SIGNED_IN,
    ("dossiers.bin_page", "GET"): SIGNED_IN,
    ("dossiers.new", "GET"): ADD_DOSSIER,
    ("dossiers.create", "POST"): ADD_DOSSIER,
    ("dossiers.show", "GET"): READ_OURS,
    ("dossiers.edit", "GET"): CHANGE_OURS,
    ("dossiers.update", "POST"): CHANGE_OURS,
    ("dossiers.delete", "POST"): CHANGE_OURS,
    ("dossiers.restore", "POST"): CHANGE_OURS,
    ("dossiers.history", "GET"): READ_OURS,
    ("dossiers.undo", "POST"): CHANGE_OURS,
    ("meetings.new", "GET"): CHANGE_OURS,
    ("meetings.create", "POST"): CHANGE_OURS,
    ("meetings.show", "GET"): READ_OURS,
    ("meetings.edit", "GET"): CHANGE_OURS,
    ("meetings.update", "POST"): CHANGE_OURS,
    ("meetings.prepare", "POST"): CHANGE_OURS,
    ("meetings.record", "POST"): CHANGE_OURS,
    ("meetings.cancel", "POST"): CHANGE_OURS,
    ("meetings.remove", "POST"): CHANGE_OURS,
    ("meetings.restore", "POST"): CHANGE_OURS,
    ("agreements.create", "POST"): CHANGE_OURS,
    ("agreements.edit", "GET"): CHANGE_OURS,
    ("agreements.update", "POST"): CHANGE_OURS,
    ("agreements.status", "POST"): CHANGE_OURS,
    ("agreements.remove", "POST"): CHANGE_OURS,
    ("agreements.restore", "POST"): CHANGE_OURS,
    ("agreements.whole", "GET"): READ_OURS,
    ("agreements.sheet", "GET"): READ_OURS,
    ("agreements.print_view", "GET"): READ_OURS,
    ("feeds.page", "GET"): CHANGE_OURS,
    ("feeds.make", "POST"): CHANGE_OURS,
    ("feeds.revoke", "POST"): CHANGE_OURS,
    ("calendar.feed", "GET"): PUBLIC,  # the link is the key: a phone's calendar cannot sign in
    ("trainers.overview", "GET"): SIGNED_IN,  # each sees only what they train (test_trainers.py)
    ("trainers.feedback", "POST"): _row(SIGN_IN, FORBIDDEN, FORBIDDEN, OK, HIDDEN, HIDDEN),
    ("links.join", "GET"): PUBLIC,  # the link is the key: whoever has it may join
    ("links.join", "POST"): PUBLIC,
    ("links.reset", "GET"): PUBLIC,
    ("links.reset", "POST"): PUBLIC,
    ("people.organisation", "GET"): _row(SIGN_IN, HIDDEN, OK, HIDDEN, HIDDEN, OK),
    ("people.invite", "POST"): _row(SIGN_IN, FORBIDDEN, OK, FORBIDDEN, FORBIDDEN, OK),
    ("people.role", "POST"): _row(SIGN_IN, FORBIDDEN, OK, FORBIDDEN, FORBIDDEN, FORBIDDEN),
    ("people.remove", "POST"): _row(SIGN_IN, FORBIDDEN, OK, FORBIDDEN, FORBIDDEN, FORBIDDEN),
    ("people.reset_link", "POST"): _row(SIGN_IN, FORBIDDEN, OK, FORBIDDEN, FORBIDDEN, OK),
    ("people.organisations", "GET"): _row(SIGN_IN, HIDDEN, HIDDEN, HIDDEN, HIDDEN, OK),
    ("people.organisations", "POST"): _row(SIGN_IN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK),
}

SENT: Mapping[str, Mapping[str, str]] = {
    "dossiers.create": {"title": "Nieuw dossier"},
    "dossiers.update": {"title": "Huur buurthuis", "goal": "Lager", "version": "1"},
    "dossiers.delete": {"version": "1"},
    "dossiers.restore": {"version": "1"},
    "meetings.create": {"date": "2027-02-02", "time": "10:00"},
    "meetings.update": {"date": "2027-02-03", "time": "10:00", "version": "1"},
    "meetings.record": {"version": "1", "notes": "Het ging goed"},
    "agreements.create": {"what": "Offerte sturen", "side": "theirs"},
    "agreements.update": {"what": "Offerte sturen", "side": "theirs", "version": "1"},
    "agreements.status": {"status": "done", "version": "1"},
    "agreements.remove": {"version": "1"},
    "agreements.restore": {"version": "1"},
    "meetings.cancel": {"version": "1", "cancelled": "1"},
    "meetings.remove": {"version": "1"},
    "meetings.restore": {"version": "1"},
    "trainers.feedback": {"part": "preparation", "text": "Schrijf jullie grens eerst op."},
    "people.invite": {"role": "member"},
    "people.role": {"role": "member"},
    "people.remove": {"confirm": "yes"},
    "people.organisations": {"name": "Nieuw buurtbedrijf"},
}
"""What each form sends, so that a person who may use it gets past its checks of the values too."""


def _app(database_url: str) -> Flask:
    return create_app({"TESTING": True, ACCOUNTS: True, DATABASE_URL: database_url})


def _routes() -> list[tuple[str, str, str]]:
    """(endpoint, method, rule) for every route of the page in accounts mode."""
    app = _app("sqlite://")
    return sorted(
        (rule.endpoint, method, rule.rule)
        for rule in app.url_map.iter_rules()
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"})
    )


ROUTES = _routes()


def test_every_route_has_a_rule() -> None:
    missing = [(endpoint, method) for endpoint, method, _rule in ROUTES if (endpoint, method) not in EXPECTED]
    assert missing == [], "decide who may use these routes and add them to EXPECTED"
    gone = set(EXPECTED) - {(endpoint, method) for endpoint, method, _rule in ROUTES}
    assert gone == set(), "these rows name routes that no longer exist"


@pytest.fixture
def app(database_url: str, team: Team) -> Iterator[Flask]:
    made = _app(database_url)
    yield made
    closing(made)


def _values(store: Store, team: Team) -> dict[str, str]:
    """A dossier of Oost with a meeting and an agreement, made anew for each kind of person."""
    fatima = acting(store, team.admin)
    dossier = fatima.create_dossier({"title": "Huur buurthuis"}, author="x")
    meeting = fatima.add_meeting(dossier.id, starts_at=datetime(2027, 1, 12, 14, tzinfo=UTC), author="x")
    agreement = fatima.add_agreement(dossier.id, what="Offerte sturen", side="theirs", author="x")
    fatima.update_dossier(dossier.id, {"goal": "Lagere huur"}, expected_version=1, author="x")
    return {
        "int:change_id": str(fatima.history(dossier.id)[-1].id),
        "dossier_id": dossier.id,
        "meeting_id": meeting.id,
        "agreement_id": agreement.id,
        "organisation_id": team.oost,
        "person_id": team.member.id,
        "item_id": "bindende-afspraken",
        "kind": "check",
        "format_name": "md",
        "filename": "style.css",
    }


def _outcome(client: FlaskClient, method: str, address: str, data: Mapping[str, str]) -> str | int:
    answer = client.open(address, method=method, data=dict(data), headers=SAME if method == "POST" else {})
    answer.close()
    if answer.status_code == 303 and answer.headers["Location"].startswith("/sign-in?next="):
        return SIGN_IN
    if answer.status_code in (401, 403, 404, 422):
        return answer.status_code
    assert answer.status_code < 500, answer.get_data(as_text=True)
    return OK


@pytest.mark.parametrize(("endpoint", "method", "rule"), ROUTES)
def test_who_may_use_each_route(
    app: Flask, store: Store, team: Team, endpoint: str, method: str, rule: str
) -> None:
    expected = EXPECTED[(endpoint, method)]
    found: dict[str, str | int] = {}
    for role in ROLES:
        client = app.test_client() if role == "anonymous" else signed_in(app, LOGINS[role])
        values = _values(store, team)
        if endpoint == "calendar.feed":
            values["secret"] = store.make_feed(values["dossier_id"])
        elif endpoint == "links.reset":
            values["secret"] = store.reset_link(team.member.id)
        else:
            values["secret"] = store.invite(team.oost, "member")
        address = rule.replace("<path:", "<")
        for name, value in values.items():
            address = address.replace(f"<{name}>", value)
        outcome = _outcome(client, method, address, SENT.get(endpoint, {}))
        found[role] = OK if outcome == 422 and expected[role] == OK else outcome
    assert found == expected
