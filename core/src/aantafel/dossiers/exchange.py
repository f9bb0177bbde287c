"""A dossier as JSON and back, losslessly: every row of every table that belongs to it, ids and times too.

The payload names its format and version, so a file from a newer aantafel is refused with a clear message
instead of half read. Import checks every row against the tables (no unknown keys, the right types, required
fields present) before it writes anything, and writes everything in one transaction.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import date, datetime

from sqlalchemy import Date, DateTime, Integer, Table

from aantafel.dossiers.model import Dossier, DossierError, InvalidDossier
from aantafel.dossiers.schema import (
    agreements,
    answers,
    changes,
    dossiers,
    meeting_interventions,
    meetings,
    moves,
    participants,
)
from aantafel.dossiers.store import Store

FORMAT = "aantafel-dossier"
VERSION = 2
"""2: a preparation answer is a ``verdict`` (or null) and a ``text``; version 1 had ``answer`` and ``note``,
and is still read."""
MAX_BYTES = 20_000_000
"""An exported dossier is a few hundred kilobytes at most; anything far larger is not one."""

_PER_MEETING = (("participants", participants), ("interventions", meeting_interventions), ("moves", moves))
_PER_MEETING_ANSWERS = ("answers", answers)


def _plain(value: object) -> object:
    return value.isoformat() if isinstance(value, date | datetime) else value


def export_dossier(store: Store, dossier_id: str) -> dict[str, object]:
    """Everything about one dossier as JSON-ready data (``json.dumps`` takes it as it is)."""
    dossier = store.dossier(dossier_id)
    rows = {
        name: [{column: _plain(value) for column, value in row.items()} for row in found]
        for name, found in store.export_rows(dossier.id).items()
    }
    [row] = rows[dossiers.name]
    planned = rows[meetings.name]
    for meeting in planned:
        for name, table in (*_PER_MEETING, _PER_MEETING_ANSWERS):
            meeting[name] = [
                {k: v for k, v in child.items() if k != "meeting_id"}
                for child in rows[table.name]
                if child["meeting_id"] == meeting["id"]
            ]
    history = [
        {k: v for k, v in change.items() if k not in {"id", "dossier_id"}} for change in rows[changes.name]
    ]
    return {
        "format": FORMAT,
        "version": VERSION,
        "dossier": row,
        "meetings": sorted(planned, key=lambda m: str(m["starts_at"])),
        "agreements": rows[agreements.name],
        "history": history,
    }


def read_payload(text: str) -> dict[str, object]:
    """Parse an export file: a JSON object in our format, possibly wrapped as an exported document."""
    if len(text.encode("utf-8")) > MAX_BYTES:
        raise DossierError("file too large", limit=MAX_BYTES)
    try:
        data = json.loads(text)
    except RecursionError:
        raise DossierError("too deep") from None
    except json.JSONDecodeError as exc:
        raise DossierError("not json", error=exc.msg, line=exc.lineno, column=exc.colno) from None
    if isinstance(data, dict) and data.get("kind") == "dossier" and isinstance(data.get("data"), dict):
        data = data["data"]  # the JSON exporter wraps the payload as a document
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise DossierError("not an export")
    version = data.get("version")
    if type(version) is not int or version > VERSION:
        raise DossierError("newer format", version=repr(version), known=VERSION)
    return data


def import_dossier(store: Store, payload: Mapping[str, object]) -> Dossier:
    """Store an exported dossier exactly as it was exported. Refuses one whose id is already in use."""
    dossier = _checked(dossiers, payload.get("dossier"), "dossier")
    meeting_rows, answer_rows = [], []
    children: dict[str, list[dict[str, object]]] = {table.name: [] for _, table in _PER_MEETING}
    for index, item in enumerate(_list(payload.get("meetings"), "meetings")):
        where = f"meetings[{index}]"
        if not isinstance(item, dict):
            raise InvalidDossier("not an object", where)
        plain = {
            k: v for k, v in item.items() if k not in {"participants", "interventions", "moves", "answers"}
        }
        meeting = _checked(meetings, {**plain, "dossier_id": dossier["id"]}, where)
        meeting_rows.append(meeting)
        for name, table in _PER_MEETING:
            for position, child in enumerate(_list(item.get(name, []), f"{where}.{name}")):
                row = {"meeting_id": meeting["id"], **(child if isinstance(child, dict) else {"": child})}
                children[table.name].append(_checked(table, row, f"{where}.{name}[{position}]"))
        for position, child in enumerate(_list(item.get("answers", []), f"{where}.answers")):
            if payload.get("version") == 1 and isinstance(child, dict):
                child = _answer_of_version_1(child)
            row = {"meeting_id": meeting["id"], **(child if isinstance(child, dict) else {"": child})}
            answer_rows.append(_checked(answers, row, f"{where}.answers[{position}]"))
    agreement_rows = [
        _checked(agreements, {**(a if isinstance(a, dict) else {"": a}), "dossier_id": dossier["id"]}, where)
        for where, a in _indexed(payload.get("agreements", []), "agreements")
    ]
    change_rows = [
        _checked(changes, {**(c if isinstance(c, dict) else {"": c}), "dossier_id": dossier["id"]}, where)
        for where, c in _indexed(payload.get("history", []), "history")
    ]
    store.import_rows(
        {
            dossiers.name: [dossier],
            meetings.name: meeting_rows,
            answers.name: answer_rows,
            **children,
            agreements.name: agreement_rows,
            changes.name: change_rows,
        }
    )
    return store.dossier(str(dossier["id"]))


def _answer_of_version_1(answer: dict[str, object]) -> dict[str, object]:
    """An answer as version 1 wrote it (``answer``, ``note``; "written" for a worksheet prompt) as the
    store keeps it now, with the same meaning."""
    renamed = {{"answer": "verdict", "note": "text"}.get(key, key): value for key, value in answer.items()}
    if renamed.get("verdict") == "written":
        renamed["verdict"] = None
    return renamed


def _list(value: object, where: str) -> list[object]:
    if not isinstance(value, list):
        raise InvalidDossier("not a list", where)
    return value


def _indexed(value: object, where: str) -> Iterable[tuple[str, object]]:
    return ((f"{where}[{n}]", item) for n, item in enumerate(_list(value, where)))


def _checked(table: Table, row: object, where: str) -> dict[str, object]:
    """A row for ``table``, each value of the right type; ``InvalidDossier`` names the first wrong one."""
    if not isinstance(row, dict):
        raise InvalidDossier("not an object", where)
    columns = {column.name: column for column in table.c if not (table is changes and column.name == "id")}
    unknown = sorted(set(row) - set(columns))
    if unknown:
        raise InvalidDossier("unknown key", f"{where}.{unknown[0]}")
    checked: dict[str, object] = {}
    for name, column in columns.items():
        value = row.get(name)
        if value is None:
            if column.primary_key or (not column.nullable and column.server_default is None):
                raise InvalidDossier("missing key", f"{where}.{name}")
            if column.nullable:
                checked[name] = None
            continue
        checked[name] = _value(column.type, value, f"{where}.{name}")
    return checked


def _value(kind: object, value: object, where: str) -> object:
    if isinstance(kind, DateTime):
        if isinstance(value, str):
            try:
                moment = datetime.fromisoformat(value)
            except ValueError:
                pass
            else:
                if moment.tzinfo is not None:
                    return moment
        raise InvalidDossier("not a time", where, value=repr(value))
    if isinstance(kind, Date):
        if isinstance(value, str):
            try:
                return date.fromisoformat(value)
            except ValueError:
                pass
        raise InvalidDossier("not a date", where, value=repr(value))
    if isinstance(kind, Integer):
        if type(value) is not int:
            raise InvalidDossier("not a number", where, value=repr(value))
        return value
    if not isinstance(value, str):
        raise InvalidDossier("not text", where)
    length = getattr(kind, "length", None)
    if length is not None and len(value) > length:
        raise InvalidDossier("too long", where, length=len(value), limit=length)
    return value
