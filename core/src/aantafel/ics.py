"""A dossier's planned meetings and open agreements with a due date as an RFC 5545 calendar: the ``ics``
export and the subscribed feed (``/feeds/<secret>.ics``) are made by the one ``calendar`` below.

The ``icalendar`` library writes the file (escaping, folding, dates), so a phone or a shared calendar
shows when the next meeting is and when the gemeente promised something. Each entry's UID comes from the
dossier's ids, so importing a newer export, or a phone fetching the feed again, updates the entries
instead of doubling them; its SEQUENCE is the row's version, so a moved meeting replaces the old one. An
agreement is an all-day event on its due date: calendar apps show those everywhere, tasks (VTODO) hardly.
``icalendar`` is imported only here, when a calendar is made, so no other command pays for it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from aantafel.exporters import Document, Exporter
from aantafel.labels import label

if TYPE_CHECKING:
    from icalendar import Event

    from aantafel.dossiers.store import Store

PRODUCT = "-//aantafel//aantafel//NL"
MEETING_LENGTH = timedelta(hours=1)
FEED_PATH = "/feeds/{secret}.ics"
"""Where the web page serves a dossier's calendar feed; the command line prints links to it too."""
REFRESH = timedelta(hours=1)
"""How often a subscribed calendar is asked to fetch the feed again (apps may choose to wait longer)."""


def calendar(
    title: str,
    meetings: Iterable[Mapping[str, Any]],
    agreements: Iterable[Mapping[str, Any]],
    language: str,
    *,
    refresh: timedelta | None = None,
) -> bytes:
    """One VCALENDAR named ``title`` with ``meetings`` (a cancelled one marked so) and the open
    ``agreements`` that have a due date, each as a document holds it (times and dates as ISO text), none in
    the bin. ``refresh``: a feed's interval."""
    from icalendar import Calendar, vDuration

    made = Calendar()
    made.add("prodid", PRODUCT)
    made.add("version", "2.0")
    made.add("calscale", "GREGORIAN")
    made.add("x-wr-calname", title)
    if refresh is not None:
        made.add("refresh-interval", refresh, parameters={"VALUE": "DURATION"})
        made.add("x-published-ttl", vDuration(refresh))
    stamp = datetime.now(UTC).replace(microsecond=0)
    for meeting in meetings:
        if not meeting.get("deleted_at"):  # in the bin: as if never planned
            made.add_component(_meeting(meeting, title, language, stamp))
    for agreement in agreements:
        if (
            agreement.get("due")
            and agreement.get("status", "open") == "open"
            and not agreement.get("deleted_at")
        ):
            made.add_component(_agreement(agreement, title, language, stamp))
    return bytes(made.to_ical())


def render_calendar(document: Document) -> bytes:
    """The ``ics`` exporter: the meetings and open agreements of a ``dossier`` or ``sheet`` document."""
    data = document.data
    title = str(data.get("dossier", {}).get("title") or document.title)
    meetings = data.get("meetings") or ([data["meeting"]] if data.get("meeting") else [])
    return calendar(title, meetings, data.get("agreements") or (), document.language)


def feed(store: Store, dossier_id: str, language: str) -> bytes:
    """The calendar a phone subscribes to: the same entries as the dossier's ``ics`` export, read from
    ``store`` now, with a hint to fetch it again every ``REFRESH``."""
    from aantafel.dossiers.exchange import export_dossier

    data: dict[str, Any] = export_dossier(store, dossier_id)
    return calendar(data["dossier"]["title"], data["meetings"], data["agreements"], language, refresh=REFRESH)


def _meeting(meeting: Mapping[str, Any], title: str, language: str, stamp: datetime) -> Event:
    from icalendar import Event

    event = Event()
    event.add("uid", f"meeting-{meeting['id']}@aantafel")
    event.add("dtstamp", stamp)
    starts = datetime.fromisoformat(meeting["starts_at"]).astimezone(UTC)
    event.add("dtstart", starts)
    event.add("duration", MEETING_LENGTH)
    event.add("summary", label(language, "calendar meeting").format(title=title))
    if meeting.get("place"):
        event.add("location", meeting["place"])
    if meeting.get("purpose"):
        event.add("description", meeting["purpose"])
    if meeting.get("cancelled_at"):  # a phone keeps the entry, marked as called off
        event.add("status", "CANCELLED")
    _revision(event, meeting)
    return event


def _agreement(agreement: Mapping[str, Any], title: str, language: str, stamp: datetime) -> Event:
    from icalendar import Event

    due = date.fromisoformat(agreement["due"])
    who = f" ({agreement['person']})" if agreement.get("person") else ""
    # A sheet lists agreements without their ids; what and when then name the entry.
    key = agreement.get("id") or _digest(f"{title}|{agreement['what']}|{due}")
    event = Event()
    event.add("uid", f"agreement-{key}@aantafel")
    event.add("dtstamp", stamp)
    event.add("dtstart", due)  # a date, no time: an all-day event
    event.add("transp", "TRANSPARENT")
    event.add("summary", label(language, "calendar agreement").format(what=agreement["what"]) + who)
    if agreement.get("if_broken"):
        event.add("description", label(language, "calendar if broken").format(what=agreement["if_broken"]))
    _revision(event, agreement)
    return event


def _revision(event: Event, row: Mapping[str, Any]) -> None:
    """Which version of the row the entry shows, where the document has it: a calendar that has the
    entry already takes a higher SEQUENCE (a moved meeting, a new due date) as the newer one."""
    if isinstance(row.get("version"), int):
        event.add("sequence", row["version"] - 1)
    if row.get("updated_at"):
        event.add("last-modified", datetime.fromisoformat(row["updated_at"]).astimezone(UTC))


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


CALENDAR_EXPORTER = Exporter(
    name="ics", title="Calendar (.ics)", media_type="text/calendar", suffix=".ics", render=render_calendar
)
