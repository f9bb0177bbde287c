"""The ``ics`` exporter: a dossier's planned meetings and open agreements with a due date as a calendar file.

Written by hand to RFC 5545 (CRLF lines folded at 75 octets, text escaped), so a phone or a shared
calendar shows when the next meeting is and when the gemeente promised something. Each entry's UID comes
from the dossier's ids, so importing a newer export updates the entries instead of doubling them. An
agreement is an all-day event on its due date: calendar apps show those everywhere, tasks (VTODO) hardly.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import UTC, date, datetime
from typing import Any

from aantafel.exporters import Document, Exporter
from aantafel.labels import label

PRODUCT = "-//aantafel//aantafel//NL"


def render_calendar(document: Document) -> bytes:
    """The meetings and open agreements of a ``dossier`` or ``sheet`` document as one VCALENDAR."""
    data = document.data
    title = str(data.get("dossier", {}).get("title") or document.title)
    meetings = data.get("meetings") or ([data["meeting"]] if data.get("meeting") else [])
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODUCT}", "CALSCALE:GREGORIAN"]
    lines.append(f"X-WR-CALNAME:{_text(title)}")
    for meeting in meetings:
        lines += _meeting(meeting, title, document.language, stamp)
    for agreement in data.get("agreements") or ():
        if agreement.get("due") and agreement.get("status", "open") == "open":
            lines += _agreement(agreement, title, document.language, stamp)
    lines.append("END:VCALENDAR")
    return "".join(f"{folded}\r\n" for line in lines for folded in _fold(line)).encode("utf-8")


def _meeting(meeting: Mapping[str, Any], title: str, language: str, stamp: str) -> list[str]:
    starts = datetime.fromisoformat(meeting["starts_at"]).astimezone(UTC)
    lines = [
        "BEGIN:VEVENT",
        f"UID:meeting-{meeting['id']}@aantafel",
        f"DTSTAMP:{stamp}",
        f"DTSTART:{starts.strftime('%Y%m%dT%H%M%SZ')}",
        "DURATION:PT1H",
        f"SUMMARY:{_text(label(language, 'calendar meeting').format(title=title))}",
    ]
    if meeting.get("place"):
        lines.append(f"LOCATION:{_text(meeting['place'])}")
    if meeting.get("purpose"):
        lines.append(f"DESCRIPTION:{_text(meeting['purpose'])}")
    return [*lines, "END:VEVENT"]


def _agreement(agreement: Mapping[str, Any], title: str, language: str, stamp: str) -> list[str]:
    due = date.fromisoformat(agreement["due"])
    who = f" ({agreement['person']})" if agreement.get("person") else ""
    # A sheet lists agreements without their ids; what and when then name the entry.
    key = agreement.get("id") or _digest(f"{title}|{agreement['what']}|{due}")
    summary = label(language, "calendar agreement").format(what=agreement["what"]) + who
    lines = [
        "BEGIN:VEVENT",
        f"UID:agreement-{key}@aantafel",
        f"DTSTAMP:{stamp}",
        f"DTSTART;VALUE=DATE:{due.strftime('%Y%m%d')}",
        "TRANSP:TRANSPARENT",
        f"SUMMARY:{_text(summary)}",
    ]
    if agreement.get("if_broken"):
        broken = label(language, "calendar if broken").format(what=agreement["if_broken"])
        lines.append(f"DESCRIPTION:{_text(broken)}")
    return [*lines, "END:VEVENT"]


def _digest(text: str) -> str:
    import hashlib

    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _text(value: str) -> str:
    """A TEXT value: backslash, semicolon, comma and newline escaped."""
    escaped = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return escaped.replace("\r\n", "\n").replace("\n", "\\n")


def _fold(line: str) -> Iterator[str]:
    """The line in pieces of at most 75 octets, not inside a character; later pieces start with a space."""
    piece = ""
    for character in line:
        if len((piece + character).encode("utf-8")) > 75:
            yield piece
            piece = " "
        piece += character
    yield piece


CALENDAR_EXPORTER = Exporter(
    name="ics", title="Calendar (.ics)", media_type="text/calendar", suffix=".ics", render=render_calendar
)
