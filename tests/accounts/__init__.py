"""Two organisations and their people, as the accounts tests (core, web, browser) use them."""

from __future__ import annotations

from attrs import frozen

from aantafel.dossiers.people import Person
from aantafel.dossiers.store import Store

PASSWORD = "een lange zin als wachtwoord"


@frozen
class Team:
    """Buurtbedrijf Oost (an admin, a member, a trainer) and Wijkhuis West (a member), and a site admin."""

    site_admin: Person
    oost: str
    west: str
    admin: Person
    member: Person
    trainer: Person
    other: Person


def make_team(store: Store) -> Team:
    """Everyone joins through an invitation link, as in the page."""
    site_admin = store.create_person(login="beheer", name="Beheerder", password=PASSWORD, site_admin=True)
    oost = store.create_organisation("Buurtbedrijf Oost").id
    west = store.create_organisation("Wijkhuis West").id

    def joined(organisation: str, role: str, login: str, name: str) -> Person:
        link = store.invite(organisation, role)
        return store.accept(link, login=login, name=name, password=PASSWORD)

    return Team(
        site_admin=site_admin,
        oost=oost,
        west=west,
        admin=joined(oost, "admin", "fatima", "Fatima"),
        member=joined(oost, "member", "henk", "Henk"),
        trainer=joined(oost, "trainer", "ria", "Ria (trainer)"),
        other=joined(west, "admin", "sanne", "Sanne"),
    )


def acting(store: Store, person: Person) -> Store:
    return store.acting(store.access_for(person.id))
