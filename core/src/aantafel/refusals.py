"""Why aantafel refuses something, said once for every front-end and in the user's language.

The core raises a ``Refusal`` with a ``reason`` (one of the keys of ``MESSAGES``) and the ``details`` its
wording needs, never a sentence. ``explain(exc, language)`` words it from the catalogue (the ``msgid`` is
the English below); ``str(exc)`` is the English, for logs and for programs that use the core. The command
line, the coach and the web page all show ``explain``, each adding its own hint where it has one (the
command line names a command to run), so "too long" reads the same everywhere and no front-end parses an
English message.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime

from aantafel.catalogues import N_

MESSAGES: Mapping[str, str] = {
    # What people type (aantafel.usecases.readers)
    "not a moment": N_("'{typed}' is not a date and time; write it like 3-12-2026 14:00"),
    "not a day": N_("'{typed}' is not a date; write it like 10-12-2026"),
    "not a side": N_("'{typed}' is not a side; use ours (wij), theirs (zij) or other (anders)"),
    "not a verdict": N_("'{typed}' is not yes, no or not sure (ja, nee, weet niet)"),
    "not yes or no": N_("'{typed}' is not yes or no (ja, nee)"),
    "no verdict": N_("start your answer with yes, no or not sure (ja, nee, weet niet)"),
    "no text": N_("write your answer, or say that you do not know yet (weet niet)"),
    "not a move": N_("'{typed}' is not offered, conceded or promised (geboden, toegegeven, beloofd)"),
    "unknown intervention": N_("there is no intervention {ids}; choose from: {choices}"),
    "unknown question": N_("there is no check or worksheet question '{typed}'; choose from: {choices}"),
    # Values the store cannot keep (InvalidDossier); {field} is the field's name in the language
    "too long": N_("too long: {field} ({length} characters; the limit is {limit})"),
    "missing": N_("fill in {field}"),
    "unknown field": N_("{field} is not a field of a dossier; use one of: {choices}"),
    "not text": N_("{field}: this must be text"),
    "nul": N_("{field}: this holds a NUL character"),
    "too many": N_("too many: {field} ({count}; the limit is {limit})"),
    "surrogate": N_("{field}: this holds a broken character (a lone surrogate, not Unicode text)"),
    "out of range": N_("{field}: {value} is not a whole number from {low} to {high}"),
    "bad id": N_("{field}: '{value}' is not an id as aantafel makes them (0-9 and a-f, at most 16)"),
    "not an intervention": N_("{field}: '{value}' is not the id of an intervention"),
    "no time zone": N_("{field}: this needs a time zone"),
    "not one of": N_("{field}: '{value}' is not one of: {choices}"),
    "not a check": N_("'{value}' is not the id of a check"),
    "before meeting": N_("{due} is before the meeting the agreement comes from ({held})"),
    "after due": N_(
        "the agreement '{agreement}' made at this meeting is due on {due}, before {day}; change its due "
        "date first"
    ),
    "not in dossier": N_("there is no meeting {meeting} in this dossier"),
    "unknown key": N_("{field}: this aantafel does not know it"),
    "missing key": N_("{field} is missing"),
    "not an object": N_("{field}: expected an object"),
    "not a list": N_("{field}: expected a list"),
    "not a time": N_("{field}: expected a date and time with a time zone (ISO 8601), got {value}"),
    "not a date": N_("{field}: expected a date (YYYY-MM-DD), got {value}"),
    "not a number": N_("{field}: expected a whole number, got {value}"),
    # What is or is not there (UnknownDossier); {what} is dossier, meeting or agreement
    "not an id": N_("'{reference}' is not the id of a {what}"),
    "unknown": N_("there is no {what} '{reference}'"),
    "ambiguous": N_("'{reference}' fits more than one {what} ({candidates}); give more of the id"),
    "in bin": N_("dossier {dossier} is in the bin; restore it first"),
    "already in bin": N_("dossier {dossier} is in the bin already"),
    "not in bin": N_("dossier {dossier} is not in the bin"),
    "changed": N_(
        "{what} {reference} was changed meanwhile by someone else. Nothing was overwritten: look at it again "
        "and redo your change"
    ),
    "conflict": N_(
        "{what} {reference} was changed meanwhile by someone else, also {fields}. Nothing was saved: "
        "choose which version to keep"
    ),
    "not undoable": N_("this change cannot be undone: it changed nothing that can be written back"),
    "changed since": N_(
        "this change cannot be undone: {fields} changed again since. Undo the later change first, or edit "
        "it by hand"
    ),
    "unknown change": N_("the history of this dossier has no change {reference}"),
    "answer changed": N_(
        "the answer to {check} was changed meanwhile by someone else. Nothing was overwritten: look at it "
        "again and give your answer again"
    ),
    # Accounts mode (aantafel.dossiers.people)
    "reading only": N_("you can read {what} {reference}, but not change it"),
    "admins only": N_("only an admin of the organisation can do this"),
    "site admins only": N_("only a site admin can do this"),
    "trainers only": N_("only a trainer the organisation invited can leave feedback"),
    "no organisation": N_("choose the organisation this dossier is for"),
    "not a member": N_("only members of an organisation can add dossiers to it"),
    "bad login": N_(
        "'{typed}' cannot be a sign-in name: use 2 to 100 letters, digits or . _ @ + -, without spaces"
    ),
    "login taken": N_("the sign-in name '{login}' is taken already; choose another"),
    "no name": N_("fill in a name"),
    "short password": N_("the password is too short: use at least {shortest} characters"),
    "long password": N_("the password is too long: use at most {longest} characters"),
    "bad email": N_("'{typed}' is not an e-mail address"),
    "common password": N_(
        "this password is one of the first that people try to guess; choose another, for example a short "
        "sentence"
    ),
    "bad role": N_("'{typed}' is not a role; choose from: {choices}"),
    "wrong password": N_("the sign-in name or the password is not right"),
    "wrong current password": N_("your current password is not right"),
    "too many attempts": N_(
        "too many attempts to sign in; wait {minutes} minutes and try again, or ask an admin for a new link"
    ),
    "link unknown": N_("this link does not work (any more); ask an admin for a new one"),
    "link used": N_("this link was used already; ask an admin for a new one"),
    "link expired": N_("this link has expired; ask an admin for a new one"),
    "unknown person": N_("there is no person '{reference}'"),
    "unknown organisation": N_("there is no organisation '{reference}'"),
    "last admin": N_("{organisation} would have no admin left; make someone else admin first"),
    "accounts needed": N_(
        "{location} has accounts: say who you are with --as SIGN-IN-NAME (or set AANTAFEL_AS)"
    ),
    "accounts on": N_(
        "{location} has accounts: serve it in accounts mode (aantafel serve --accounts, or "
        "AANTAFEL_ACCOUNTS=on), so that everyone signs in and sees only their own organisation's dossiers"
    ),
    "no accounts": N_("{location} has no accounts yet; make the first with: aantafel admin create"),
    # Import of an exported dossier
    "file too large": N_("the file is larger than {limit} bytes; an exported dossier is far smaller"),
    "too deep": N_("the file is nested too deeply to be an exported dossier"),
    "not json": N_("this is not valid JSON: {error} at line {line}, column {column}"),
    "not an export": N_("this is not an exported aantafel dossier"),
    "newer format": N_(
        "this file has format version {version}; this aantafel reads up to {known}. Update aantafel"
    ),
    "id in use": N_(
        "dossier {dossier} is already in this database; import it as a copy (with new ids), or into "
        "another database"
    ),
    "row in use": N_(
        "{what} {reference} of this file is already in this database, in another dossier; import it as a "
        "copy (with new ids), or into another database"
    ),
    "not in file": N_("{field}: there is no meeting {meeting} in this file"),
    "twice": N_("{field}: this is in the file twice"),
    "cannot read": N_("cannot read {file}: {error}"),
    "not utf-8": N_("{file} is not UTF-8 text (at byte {position}); is it an exported dossier?"),
    # The database itself (StoreError)
    "not a url": N_(
        "'{url}' is not a database URL; use for example sqlite:///path/to/aantafel.sqlite or "
        "postgresql+psycopg://user:password@host/database"
    ),
    "no folder": N_("cannot make the folder {folder} for the database: {error}"),
    "no driver": N_("there is no driver for {backend} ({error}); for PostgreSQL, install aantafel[postgres]"),
    "other backup": N_(
        "{location} is a {backend} database; back it up with its own tools (pg_dump for PostgreSQL), or "
        "export each dossier as JSON"
    ),
    "target exists": N_("{target} exists already; choose another file name"),
    "disk full": N_(
        "the disk of {folder} is full: the backup needs {needed} MB and there is {free} MB free. Make room, "
        "or write the backup to another disk"
    ),
    "backup failed": N_("cannot write the backup {target} ({error}); nothing was left there"),
    "backup unsound": N_(
        "the copy for {target} did not pass SQLite's check ({error}); no backup was written. Try again, or "
        "write it to another disk"
    ),
    "backup incomplete": N_(
        "the copy for {target} holds {found} dossiers where the database has {expected}; no backup was "
        "written. Try again"
    ),
    "other restore": N_(
        "{location} is a {backend} database; restore it with its own tools (pg_restore for PostgreSQL), or "
        "import each dossier from its JSON export"
    ),
    "restore itself": N_("{file} is the database itself; choose a backup to restore"),
    "empty backup": N_("{file} is empty, so it is no backup. Nothing was changed; choose another file"),
    "damaged backup": N_(
        "{file} is not a database, or it is damaged ({error}). Nothing was changed; choose another backup"
    ),
    "not aantafel": N_(
        "{file} is a database, but not one of aantafel. Nothing was changed; choose another file"
    ),
    "cannot keep": N_(
        "cannot keep a copy of {location} before restoring ({error}). Nothing was changed; move the file "
        "away yourself, then restore again"
    ),
    "damaged": N_(
        "{location} is not an aantafel database, or it is damaged ({error}). Restore a backup: stop "
        "aantafel, move this file (and its -wal and -shm, if they are there) away, and copy the backup in "
        "its place. Or move them away to start with an empty database"
    ),
    "replaced": N_(
        "{location} was removed or replaced while aantafel was running, so aantafel stopped using it: "
        "nothing more is stored or shown. Start aantafel again; if the file is gone or empty, restore a "
        "backup"
    ),
    "busy": N_("{location} is busy: another program is writing to it ({error}). Try again in a moment"),
    "read only": N_(
        "{location} cannot be written ({error}); check the permissions of the file and its folder"
    ),
    "cannot open": N_("cannot open {location} ({error}); check that the folder exists and may be written"),
    "too busy": N_("{location} is too busy: every connection is in use. Try again in a moment"),
    "newer database": N_(
        "{location} was made by a newer aantafel (database version {found}; this one knows up to {known}). "
        "Update aantafel to open it"
    ),
    "database error": N_("database error in {location}: {error}"),
}

FIELDS: Mapping[str, str] = {
    "title": N_("the title"),
    "counterpart": N_("the counterpart"),
    "department": N_("the department"),
    "organisation": N_("your organisation"),
    "goal": N_("the goal"),
    "our_interests": N_("our interests"),
    "their_interests": N_("their interests"),
    "limits": N_("our limits"),
    "alternative": N_("our alternative"),
    "options": N_("the possible options"),
    "sources": N_("the sources"),
    "starts_at": N_("the date and time"),
    "place": N_("the place"),
    "purpose": N_("the purpose"),
    "participant": N_("person {number} at the table"),
    "participants": N_("the people at the table"),
    "people": N_("the people at the table"),
    "cancelled_at": N_("whether it is cancelled"),
    "deleted_at": N_("whether it is in the bin"),
    "moves": N_("the moves"),
    "interventions": N_("the interventions used"),
    "agreements": N_("the agreements in this dossier"),
    "meetings": N_("the meetings in this dossier"),
    "notes": N_("the notes"),
    "emotions": N_("the emotions"),
    "went_well": N_("what went well"),
    "do_differently": N_("what to do differently"),
    "move": N_("move {number}"),
    "what": N_("what was agreed"),
    "side": N_("the side"),
    "person": N_("the person"),
    "due": N_("the due date"),
    "if_broken": N_("what happens if it is not kept"),
    "status": N_("the status"),
    "verdict": N_("the answer"),
    "text": N_("the written answer"),
    "binding": N_("whether they can make binding agreements"),
    "kind": N_("what was done"),
    "name": N_("the name"),
    "role": N_("the role"),
    "author": N_("the author"),
    "note": N_("the note"),
    "intervention": N_("intervention {number}"),
    "login": N_("the sign-in name"),
    "password": N_("the password"),
    "email": N_("the e-mail address"),
    "feedback": N_("the feedback"),
}
"""How a message names a field. A field that is not here (a place in an imported file, such as
``meetings[0].place``) is shown as it is."""

WHAT: Mapping[str, str] = {"dossier": N_("dossier"), "meeting": N_("meeting"), "agreement": N_("agreement")}


class Refusal(Exception):
    """Something aantafel will not do, and why: a ``reason`` (a key of ``MESSAGES``) and the values its
    wording needs. Catch it to tell the user; ``explain`` says it in their language."""

    def __init__(self, reason: str, /, **details: object) -> None:
        if reason not in MESSAGES:
            raise ValueError(f"no message for the reason {reason!r}")
        super().__init__(reason)
        self.reason = reason
        self.details = details

    def __str__(self) -> str:
        return explain(self, "en")


def explain(exc: BaseException, language: str) -> str:
    """``exc`` in ``language`` when it is a refusal; other exceptions as they say themselves."""
    if not isinstance(exc, Refusal):
        return str(exc) or type(exc).__name__
    from aantafel.catalogues import translations

    words = translations(language).gettext
    values = {name: _worded(name, value, language, words) for name, value in exc.details.items()}
    choices, kind = exc.details.get("choices"), exc.details.get("words")
    if kind and isinstance(choices, tuple | list):  # stored words, named as the user knows them
        from aantafel.labels import label

        values["choices"] = ", ".join(label(language, f"{kind} {choice}") for choice in choices)
    return words(MESSAGES[exc.reason]).format(**values)


def _worded(name: str, value: object, language: str, translate: Callable[[str], str]) -> str:
    """One detail as the message shows it: a field or kind of record by its name, a number with the
    language's separators, a date as the language writes it."""
    if name == "field" and isinstance(value, str):
        base, _, position = value.partition(" ")
        wording = FIELDS.get(base)
        return translate(wording).format(number=position) if wording else value
    if name == "fields" and isinstance(value, tuple):  # several fields, each by its name
        return ", ".join(_worded("field", field, language, translate) for field in value)
    if name == "what" and isinstance(value, str) and value in WHAT:
        return translate(WHAT[value])
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        from aantafel.dates import number

        return number(value, language)
    if isinstance(value, datetime):
        from aantafel.dates import when

        return when(value, language)
    if isinstance(value, date):
        from aantafel.dates import day

        return day(value, language)
    if isinstance(value, list | tuple):
        return ", ".join(str(entry) for entry in value)
    return str(value)
