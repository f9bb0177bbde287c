"""A dossier as JSON and back, losslessly: every row of every table that belongs to it, ids and times too.

The payload names its format and version, so a file from a newer aantafel is refused with a clear message
instead of half read. Import reads at most ``MAX_BYTES``, refuses a NUL or a broken character anywhere (keys
too), checks every row against the tables (no unknown keys, the right types, required fields present) and
then holds it to the model's rules, the ones every form is held to (lengths, choices, ids, versions, a
meeting of this file only); each refusal names its place in the file. It writes everything in one
transaction, or nothing.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Any

import attrs
from sqlalchemy import Date, DateTime, Integer, Table

from aantafel.dossiers.fields import EDITABLE
from aantafel.dossiers.model import (
    AGREEMENTS_LIMIT,
    KEY_LIMIT,
    MEETINGS_LIMIT,
    MOVES_LIMIT,
    PEOPLE_LIMIT,
    RECORD_FIELDS,
    STATUSES,
    TITLE_LIMIT,
    VERSION_LIMIT,
    Change,
    Dossier,
    DossierError,
    InvalidDossier,
    Move,
    Participant,
    Record,
    at_most,
    clean,
    clean_agreement,
    clean_answer,
    clean_change,
    clean_intervention,
    clean_meeting,
    clean_move,
    clean_participant,
    clean_record,
    due_after,
    one_of,
    readable,
    row_id,
    whole,
)
from aantafel.dossiers.schema import (
    LOCAL,
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
VERSION = 4
"""4: meetings have ``cancelled_at`` and ``deleted_at``, agreements ``deleted_at``, history entries the row
they changed and its edits (each may be missing: a file of version 3 reads as before); 3: each preparation
answer has its ``version`` (a file without one reads as 1); 2: an answer is a ``verdict`` (or null) and a
``text``; version 1 had ``answer`` and ``note``, and is still read. An older aantafel refuses a newer file
by its version instead of by an unknown key."""
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
    if len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
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
    if type(version) is int and version < 1:
        raise DossierError("not an export")
    if type(version) is not int or version > VERSION:
        raise DossierError("newer format", version=repr(version), known=VERSION)
    return data


def read_file(path: Path) -> dict[str, object]:
    """Read an export file, never more than ``MAX_BYTES`` of it: a device or a pipe says it is empty, and
    a file can grow while it is read."""
    try:
        with path.open("rb") as file:
            data = file.read(MAX_BYTES + 1)
    except OSError as exc:
        raise DossierError("cannot read", file=path, error=exc.strerror or exc) from None
    if len(data) > MAX_BYTES:
        raise DossierError("file too large", limit=MAX_BYTES)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DossierError("not utf-8", file=path, position=exc.start) from None
    return read_payload(text)


def import_dossier(
    store: Store, payload: Mapping[str, object], *, as_copy: bool = False, language: str = "en"
) -> Dossier:
    """Store an exported dossier as it was exported, held to the rules every form is held to (the model's
    ``clean`` functions), in one transaction: nothing is stored when any part is refused, and the refusal
    names the place in the file. Refuses a dossier, meeting or agreement whose id is already in use,
    unless ``as_copy``: then the dossier, its meetings and agreements get new ids, and its title says it
    is a copy (in ``language``), so a dossier can be imported next to the one it was exported from."""
    _readable(payload, "")
    dossier = _row(dossiers, payload.get("dossier"), "dossier")
    meeting_rows: list[tuple[str, dict[str, object]]] = []
    answer_rows: list[dict[str, object]] = []
    children: dict[str, list[dict[str, object]]] = {table.name: [] for _, table in _PER_MEETING}
    for where, item in _indexed(payload.get("meetings"), "meetings"):
        if not isinstance(item, dict):
            raise InvalidDossier("not an object", where)
        plain = {k: v for k, v in item.items() if k not in _NESTED}
        meeting = _row(meetings, {**plain, "dossier_id": dossier["id"]}, where)
        meeting_rows.append((where, meeting))
        for name, table in _PER_MEETING:
            listed = [
                (place, _row(table, _of(child, meeting_id=meeting["id"]), place))
                for place, child in _indexed(item.get(name, []), f"{where}.{name}")
            ]
            at_most(f"{where}.{name}", len(listed), _COUNTS[name])
            children[table.name] += _once(listed, "position")
        given = [
            _answer_of_version_1(child) if payload.get("version") == 1 and isinstance(child, dict) else child
            for child in _list(item.get("answers", []), f"{where}.answers")
        ]
        listed = [
            (place, _row(answers, _of(child, meeting_id=meeting["id"]), place))
            for place, child in _indexed(given, f"{where}.answers")
        ]
        answer_rows += _once(listed, "check_id")
    at_most("meetings", len(meeting_rows), MEETINGS_LIMIT)
    starts = {str(meeting["id"]): meeting["starts_at"] for _, meeting in meeting_rows}
    agreement_rows = []
    for where, item in _indexed(payload.get("agreements", []), "agreements"):
        agreement = _row(agreements, _of(item, dossier_id=dossier["id"]), where)
        _made_here(agreement, starts, where)
        agreement_rows.append((where, agreement))
    at_most("agreements", len(agreement_rows), AGREEMENTS_LIMIT)
    change_rows = [
        _row(changes, _of(item, dossier_id=dossier["id"]), where)
        for where, item in _indexed(payload.get("history", []), "history")
    ]
    rows = {
        dossiers.name: [dossier],
        meetings.name: _once(meeting_rows, "id"),
        answers.name: answer_rows,
        **children,
        agreements.name: _once(agreement_rows, "id"),
        changes.name: change_rows,
    }
    if as_copy:
        rows = _copy(rows, language)
    store.import_rows(rows)
    return store.dossier(str(rows[dossiers.name][0]["id"]))


def _copy(rows: Mapping[str, list[dict[str, object]]], language: str) -> dict[str, list[dict[str, object]]]:
    """The rows of a dossier with new ids for the dossier, its meetings and agreements, everywhere they
    are named (what belongs to them, and the history, which names an agreement or meeting by id), and
    "(kopie)" after the title, cut to fit."""
    import secrets

    from aantafel.labels import label

    owned = [rows[dossiers.name][0], *rows[meetings.name], *rows[agreements.name]]
    new = {row["id"]: secrets.token_hex(4) for row in owned}
    copied = {
        name: [
            {key: new.get(value, value) if key in _IDS else value for key, value in row.items()}
            for row in listed
        ]
        for name, listed in rows.items()
    }
    [dossier] = copied[dossiers.name]
    mark = f" ({label(language, 'copy')})"
    dossier["title"] = str(dossier["title"])[: TITLE_LIMIT - len(mark)].rstrip() + mark
    return copied


_IDS = ("id", "dossier_id", "meeting_id", "field")
"""The columns that name a dossier, meeting or agreement (a history entry names one in ``field``)."""


_COUNTS = {"participants": PEOPLE_LIMIT, "interventions": MOVES_LIMIT, "moves": MOVES_LIMIT}
"""How many of each of a meeting's lists a form lets people write: a file may not hold more."""
_NESTED = ("participants", "interventions", "moves", "answers")
"""A meeting's lists, which the file holds inside it."""


def _readable(value: object, where: str) -> None:
    """Refuse a NUL or a broken character anywhere in the file, in a key too, at the place it is, by the
    rule every text the store keeps is held to (``model.readable``)."""
    if isinstance(value, str):
        readable(where, value)
    elif isinstance(value, dict):
        for key, item in value.items():
            place = f"{where}.{_shown(key)}" if where else _shown(key)
            readable(place, key)
            _readable(item, place)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _readable(item, f"{where}[{index}]")


def _shown(key: str) -> str:
    """A key as a refusal names it: a control character or a broken one as an escape (``go\\x00al``)."""
    return "".join(
        char if char.isprintable() and not "\ud800" <= char <= "\udfff" else ascii(char)[1:-1] for char in key
    )


def _of(item: object, **owner: object) -> object:
    """A row of the file with the id of what it belongs to, which the file leaves out because the nesting
    says it: the same for every row, so no row can point into another dossier."""
    return {**item, **owner} if isinstance(item, dict) else item


@contextmanager
def _at(where: str) -> Iterator[None]:
    """Name the place in the file in a refusal of the model's, which names only the field."""
    try:
        yield
    except InvalidDossier as exc:
        field = f"{where}.{exc.field}" if exc.field else where
        details = {name: value for name, value in exc.details.items() if name != "field"}
        raise InvalidDossier(exc.reason, field, **details) from None


def _row(table: Table, row: object, where: str) -> dict[str, object]:
    """A row of ``table`` from the file: each value of the right type (``_checked``), then held to the
    model's rules for it, with the texts as the forms would keep them."""
    checked = _checked(table, row, where)
    with _at(where):
        return {**checked, **_RULES[table](checked)}


def _dossier_rules(row: Mapping[str, Any]) -> dict[str, object]:
    return {
        "id": row_id("id", row["id"]),
        **clean({field: row[field] for field in EDITABLE if field in row}, creating=True),
        "version": whole("version", row["version"], 1, VERSION_LIMIT),
    }


def _meeting_rules(row: Mapping[str, Any]) -> dict[str, object]:
    place, purpose, _ = clean_meeting(row["starts_at"], row.get("place", ""), row.get("purpose", ""), ())
    record = clean_record(Record(**{field: row[field] for field in RECORD_FIELDS if field in row}))
    return {
        "id": row_id("id", row["id"]),
        "place": place,
        "purpose": purpose,
        **{field: getattr(record, field) for field in RECORD_FIELDS if field in row},
        "version": whole("version", row["version"], 1, VERSION_LIMIT),
    }


def _participant_rules(row: Mapping[str, Any]) -> dict[str, object]:
    fields = ("name", "side", "role", "binding")
    person = clean_participant("", Participant(**{field: row[field] for field in fields if field in row}))
    return {**attrs.asdict(person), "position": _position(row)}


def _intervention_rules(row: Mapping[str, Any]) -> dict[str, object]:
    return {"intervention_id": clean_intervention("", row["intervention_id"]), "position": _position(row)}


def _move_rules(row: Mapping[str, Any]) -> dict[str, object]:
    given = {field: row[field] for field in ("side", "kind", "what", "condition") if field in row}
    return {**attrs.asdict(clean_move("", Move(**given))), "position": _position(row)}


def _position(row: Mapping[str, Any]) -> int:
    return whole("position", row["position"], 0, KEY_LIMIT)


def _answer_rules(row: Mapping[str, Any]) -> dict[str, object]:
    written = clean_answer(row["check_id"], row.get("verdict"), row.get("text", ""), row["author"])
    return {"text": written, "version": whole("version", row.get("version", 1), 1, VERSION_LIMIT)}


def _agreement_rules(row: Mapping[str, Any]) -> dict[str, object]:
    what, side, person, if_broken = clean_agreement(
        row["what"], row["side"], row.get("person", ""), row.get("if_broken", "")
    )
    return {
        "id": row_id("id", row["id"]),
        "what": what,
        "side": side,
        "person": person,
        "if_broken": if_broken,
        "status": one_of("status", row["status"], STATUSES, "status"),
        "version": whole("version", row["version"], 1, VERSION_LIMIT),
    }


def _change_rules(row: Mapping[str, Any]) -> dict[str, object]:
    checked = attrs.asdict(clean_change(Change(**row)))
    del checked["id"]  # the importing database numbers its history anew
    return checked


_RULES: Mapping[Table, Callable[[Mapping[str, Any]], dict[str, object]]] = {
    dossiers: _dossier_rules,
    meetings: _meeting_rules,
    participants: _participant_rules,
    meeting_interventions: _intervention_rules,
    moves: _move_rules,
    answers: _answer_rules,
    agreements: _agreement_rules,
    changes: _change_rules,
}
"""The model's rules for each table's rows: the same functions the store calls for a form's values."""


def _made_here(agreement: Mapping[str, Any], starts: Mapping[str, object], where: str) -> None:
    """An agreement may come from a meeting of this file only, and not be due before it, as when it is
    added through a form."""
    meeting_id = agreement["meeting_id"]
    if meeting_id is None:
        return
    starts_at = starts.get(meeting_id)
    if not isinstance(starts_at, datetime):
        raise InvalidDossier("not in file", f"{where}.meeting_id", meeting=meeting_id)
    due_after(agreement["due"], starts_at, f"{where}.due")


def _once(listed: list[tuple[str, dict[str, object]]], key: str) -> list[dict[str, object]]:
    """The rows, when none is in the file twice (the same meeting, two people at one place in a list);
    else a refusal naming the second, where the database would refuse it in words of its own."""
    seen: set[object] = set()
    for where, row in listed:
        if row[key] in seen:
            raise InvalidDossier("twice", where)
        seen.add(row[key])
    return [row for _, row in listed]


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
    columns = {
        column.name: column
        for column in table.c
        if not (table is changes and column.name == "id") and column.name not in LOCAL
    }
    unknown = sorted(set(row) - set(columns))
    if unknown:
        raise InvalidDossier("unknown key", f"{where}.{_shown(unknown[0])}")
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
