"""Reminders: which open agreements are due soon or overdue, grouped per person who promised them, and the
message each address gets. No I/O: ``aantafel remind`` asks the store and sends; this decides what is
listed and words it, in the language asked for.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

from attrs import frozen

from aantafel.catalogues import N_, gettext
from aantafel.dates import day
from aantafel.dossiers.model import Agreement
from aantafel.labels import label

DAYS = 7
"""How far ahead a reminder looks by default: a week gives time to act before the date."""


@frozen
class Due:
    """One agreement to remind of, with the title of its dossier."""

    agreement: Agreement
    dossier: str
    overdue: bool


@frozen
class Person:
    """Whoever promised some of the agreements (as the agreement names them, else the side), the address
    their reminder goes to ("" when none is known) and their agreements, the overdue first."""

    name: str
    address: str
    due: tuple[Due, ...]


def gathered(
    agreements: Iterable[Agreement],
    titles: Mapping[str, str],
    addresses: Mapping[tuple[str, str], str],
    today: date,
    language: str,
) -> list[Person]:
    """``agreements`` per person and address, by name; ``addresses`` by (dossier id, person) as
    ``Store.addresses`` gives them. An agreement without a person is its side's ("wij", "zij")."""
    groups: dict[tuple[str, str], list[Due]] = {}
    names: dict[tuple[str, str], str] = {}
    for agreement in agreements:
        name = agreement.person or label(language, f"side {agreement.side}")
        address = addresses.get((agreement.dossier_id, agreement.person), "") if agreement.person else ""
        key = (" ".join(name.split()).casefold(), address)
        names.setdefault(key, name)
        due = Due(agreement, titles.get(agreement.dossier_id, ""), agreement.overdue(today))
        groups.setdefault(key, []).append(due)
    return [
        Person(names[key], key[1], tuple(sorted(found, key=lambda d: not d.overdue)))
        for key, found in sorted(groups.items())
    ]


def line(due: Due, language: str) -> str:
    """One agreement as a reminder lists it: "te laat, 1 december 2030: … (Huur buurthuis)"."""
    when = day(due.agreement.due, language) if due.agreement.due else "—"
    if due.overdue:
        when = gettext(language, N_("overdue since {date}")).format(date=when)
    return gettext(language, N_("{when}: {what} ({dossier})")).format(
        when=when, what=due.agreement.what, dossier=due.dossier
    )


def message(people: Iterable[Person], language: str) -> tuple[str, str]:
    """The subject and plain-text body of one address's reminder: every listed person's agreements."""
    listed = list(people)
    count = sum(len(person.due) for person in listed)
    subject = gettext(language, N_("aantafel: agreements to keep in mind ({count})")).format(count=count)
    parts = [
        gettext(language, N_("Hello,")),
        gettext(language, N_("These agreements are due soon, or late:")),
    ]
    for person in listed:
        parts.append("\n".join([person.name, *(f"- {line(due, language)}" for due in person.due)]))
    parts.append(
        gettext(
            language,
            N_(
                "Has an agreement been kept? Mark it done in aantafel, and you will not hear about it again. "
                "You get this message at most once a day, while agreements are due."
            ),
        )
    )
    parts.append(gettext(language, N_("Greetings, aantafel")))
    return subject, "\n\n".join(parts) + "\n"
