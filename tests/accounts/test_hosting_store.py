"""What the hosting admin's commands ask of the store: moving a single-user database in with its first
admin, the size of each organisation, and bringing a database to the newest version on its own."""

from __future__ import annotations

import sqlalchemy

from aantafel.dossiers.migrations import HEAD
from aantafel.dossiers.store import Store, open_store
from tests.accounts import PASSWORD, acting, make_team
from tests.dossiers import upgrade_to


def test_moving_in_makes_the_first_admin_in_the_same_step(store: Store) -> None:
    kept = store.create_dossier({"title": "Van voor de accounts"}, author="ik")
    store.delete_dossier(
        store.create_dossier({"title": "Weggegooid"}, author="ik").id, expected_version=1, author="ik"
    )
    assert store.unowned_dossiers() == 2
    admin = store.create_person(login="beheer", name="Beheer", password=PASSWORD, site_admin=True)
    first = store.move_in("Ons bewonersbedrijf", admin=admin.id)
    assert first is not None
    assert store.unowned_dossiers() == 0
    assert [(m.organisation.name, m.role) for m in store.memberships(admin.id)] == [
        ("Ons bewonersbedrijf", "admin")
    ]
    assert [d.title for d in acting(store, admin).dossiers()] == [kept.title]
    assert store.organisation_sizes() == {first.id: (1, 1)}  # the bin's dossier is not counted


def test_every_organisation_has_its_size(store: Store) -> None:
    team = make_team(store)
    acting(store, team.admin).create_dossier({"title": "Huur"}, author="x")
    empty = store.create_organisation("Nog leeg")
    sizes = store.organisation_sizes()
    assert sizes[team.oost] == (3, 1)
    assert sizes[team.west] == (1, 0)
    assert sizes.get(empty.id, (0, 0)) == (0, 0)


def test_upgrade_says_from_which_version_and_checking_changes_nothing(database_url: str) -> None:
    engine = sqlalchemy.create_engine(database_url)
    with engine.begin() as connection:
        upgrade_to(connection, "0006")
    engine.dispose()
    assert Store.upgrade(database_url, check_only=True) == "0006"
    assert Store.upgrade(database_url, check_only=True) == "0006"
    assert Store.upgrade(database_url) == "0006"
    assert Store.upgrade(database_url) == HEAD
    open_store(database_url).close()
