"""The tables, as SQLAlchemy Core sees them. Migrations in ``migrations/versions`` create them; a test checks
that the two agree, so a change here without a migration fails."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

from aantafel.dossiers.fields import TEXT_FIELDS
from aantafel.dossiers.model import NAME_LIMIT, RECORD_FIELDS, TITLE_LIMIT
from aantafel.dossiers.people import EMAIL_LIMIT, LOGIN_LIMIT

metadata = MetaData()

LOCAL = frozenset({"organisation_id", "person_id"})
"""Columns that mean something only in this database (which organisation owns a dossier, which account
made a change): an export leaves them out, as they would point at nothing, or at someone else, elsewhere.
The names in the history stay."""

dossiers = Table(
    "dossiers",
    metadata,
    Column("id", String(16), primary_key=True),
    Column("title", String(TITLE_LIMIT), nullable=False),
    *(Column(name, Text, nullable=False, server_default="") for name in TEXT_FIELDS),
    Column("version", Integer, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("deleted_at", DateTime(timezone=True), nullable=True),
    Column("organisation_id", String(16), ForeignKey("organisations.id"), nullable=True, index=True),
    Index("ix_dossiers_listed", "updated_at", "id"),  # the list's order: a page of 50 reads 50 rows
)

changes = Table(
    "changes",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column(
        "dossier_id", String(16), ForeignKey("dossiers.id", ondelete="CASCADE"), nullable=False, index=True
    ),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("author", String(200), nullable=False),
    Column("person_id", String(16), nullable=True, index=True),
    Column("action", String(20), nullable=False),
    Column("field", String(50), nullable=True),
    Column("old", Text, nullable=True),
    Column("new", Text, nullable=True),
    Column("subject", String(10), nullable=True),
    Column("row_id", String(16), nullable=True),
    Column("version", Integer, nullable=True),
    Column("edits", Text, nullable=True),
    Index("ix_changes_row", "row_id", "version"),  # what changed a row since the version a form showed
)
"""``subject``, ``row_id``, ``version`` and ``edits`` (migration 0008): the row a change changed, its version
after the change, and the changed fields' old and new values as JSON; what merging and undoing read."""

meetings = Table(
    "meetings",
    metadata,
    Column("id", String(16), primary_key=True),
    Column(
        "dossier_id", String(16), ForeignKey("dossiers.id", ondelete="CASCADE"), nullable=False, index=True
    ),
    Column("starts_at", DateTime(timezone=True), nullable=False),
    Column("place", Text, nullable=False, server_default=""),
    Column("purpose", Text, nullable=False, server_default=""),
    Column("version", Integer, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    *(Column(name, Text, nullable=False, server_default="") for name in RECORD_FIELDS),
    Column("cancelled_at", DateTime(timezone=True), nullable=True),
    Column("deleted_at", DateTime(timezone=True), nullable=True),
)

participants = Table(
    "participants",
    metadata,
    Column("meeting_id", String(16), ForeignKey("meetings.id", ondelete="CASCADE"), primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("name", String(200), nullable=False),
    Column("side", String(10), nullable=False),
    Column("role", String(200), nullable=False, server_default=""),
    Column("binding", String(10), nullable=False),
)

answers = Table(
    "answers",
    metadata,
    Column("meeting_id", String(16), ForeignKey("meetings.id", ondelete="CASCADE"), primary_key=True),
    Column("check_id", String(100), primary_key=True),
    Column("verdict", String(10), nullable=True),
    Column("text", Text, nullable=False, server_default=""),
    Column("answered_at", DateTime(timezone=True), nullable=False),
    Column("author", String(200), nullable=False),
    Column("version", Integer, nullable=False, server_default="1"),
    Column("person_id", String(16), nullable=True, index=True),
)

meeting_interventions = Table(
    "meeting_interventions",
    metadata,
    Column("meeting_id", String(16), ForeignKey("meetings.id", ondelete="CASCADE"), primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("intervention_id", String(100), nullable=False),
)

moves = Table(
    "moves",
    metadata,
    Column("meeting_id", String(16), ForeignKey("meetings.id", ondelete="CASCADE"), primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("side", String(10), nullable=False),
    Column("kind", String(10), nullable=False),
    Column("what", Text, nullable=False),
    Column("condition", Text, nullable=False, server_default=""),
)

agreements = Table(
    "agreements",
    metadata,
    Column("id", String(16), primary_key=True),
    Column(
        "dossier_id", String(16), ForeignKey("dossiers.id", ondelete="CASCADE"), nullable=False, index=True
    ),
    Column("meeting_id", String(16), ForeignKey("meetings.id", ondelete="SET NULL"), nullable=True),
    Column("what", Text, nullable=False),
    Column("side", String(10), nullable=False),
    Column("person", String(200), nullable=False, server_default=""),
    Column("due", Date, nullable=True),
    Column("if_broken", Text, nullable=False, server_default=""),
    Column("status", String(10), nullable=False),
    Column("version", Integer, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("deleted_at", DateTime(timezone=True), nullable=True),
    Index(
        "ix_agreements_due", "status", "due", "created_at"
    ),  # the late ones: open, with a due date before today
)

# Accounts (migration 0007): used only in accounts mode; a single-user database keeps them empty.

organisations = Table(
    "organisations",
    metadata,
    Column("id", String(16), primary_key=True),
    Column("name", String(NAME_LIMIT), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

people = Table(
    "people",
    metadata,
    Column("id", String(16), primary_key=True),
    Column("login", String(LOGIN_LIMIT), nullable=False, unique=True),
    Column("name", String(NAME_LIMIT), nullable=False),
    Column("email", String(EMAIL_LIMIT), nullable=False, server_default=""),
    Column("password", String(200), nullable=False),
    Column("site_admin", Boolean, nullable=False, server_default="0"),
    Column("created_at", DateTime(timezone=True), nullable=False),
)
"""``password`` is an argon2 hash."""

sessions = Table(
    "sessions",
    metadata,
    Column("token", String(64), primary_key=True),
    Column("person_id", String(16), ForeignKey("people.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
)
"""Who is signed in where: one row per sign-in, kept by the SHA-256 of the secret in the browser's cookie.
Signing out removes the row, so a copy of the cookie is worth nothing afterwards; signing out everywhere
removes all of a person's rows."""

memberships = Table(
    "memberships",
    metadata,
    Column("person_id", String(16), ForeignKey("people.id", ondelete="CASCADE"), primary_key=True),
    Column(
        "organisation_id", String(16), ForeignKey("organisations.id", ondelete="CASCADE"), primary_key=True
    ),
    Column("role", String(10), nullable=False),
    Column("since", DateTime(timezone=True), nullable=False),
)

invitations = Table(
    "invitations",
    metadata,
    Column("token", String(64), primary_key=True),
    Column("kind", String(10), nullable=False),
    Column("organisation_id", String(16), ForeignKey("organisations.id", ondelete="CASCADE"), nullable=True),
    Column("role", String(10), nullable=True),
    Column("person_id", String(16), ForeignKey("people.id", ondelete="CASCADE"), nullable=True),
    Column("made_by", String(16), nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Column("used_at", DateTime(timezone=True), nullable=True),
)
"""``token`` is the SHA-256 of the link's secret: the database alone does not let anyone in."""

sign_in_failures = Table(
    "sign_in_failures",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("key", String(300), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Index("ix_sign_in_failures_key", "key", "at"),
)
"""Failed sign-ins, per account and per address, where every worker counts them (see ``store.people``)."""

feedback = Table(
    "feedback",
    metadata,
    Column("id", String(16), primary_key=True),
    Column(
        "meeting_id", String(16), ForeignKey("meetings.id", ondelete="CASCADE"), nullable=False, index=True
    ),
    Column("part", String(12), nullable=False),
    Column("text", Text, nullable=False),
    Column("person_id", String(16), nullable=True),
    Column("author", String(200), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)
"""A trainer's word on a meeting's preparation or review, which the team reads."""

# Reminders and calendar feeds (migration 0009).

feeds = Table(
    "feeds",
    metadata,
    Column("token", String(64), primary_key=True),
    Column(
        "dossier_id", String(16), ForeignKey("dossiers.id", ondelete="CASCADE"), nullable=False, index=True
    ),
    Column("made_by", String(16), nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
)
"""A dossier's calendar link, at most one each: ``token`` is the SHA-256 of the link's secret, so a copy of
the database gives nobody the link. Revoking it removes the row."""

reminders = Table(
    "reminders",
    metadata,
    Column("day", Date, primary_key=True),
    Column("address", String(EMAIL_LIMIT), primary_key=True),
    Column("sent_at", DateTime(timezone=True), nullable=False),
    Column("agreements", Integer, nullable=False),
)
"""Which address got its reminder on which day (and of how many agreements), written in the transaction
that sends it: a second ``aantafel remind --send`` that day sends it nothing. Kept for ``REMINDERS_KEPT``."""

# Search (migration 0010).

search_texts = Table(
    "search_texts",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("kind", String(10), nullable=False),
    Column("row_id", String(16), nullable=False),
    Column(
        "dossier_id", String(16), ForeignKey("dossiers.id", ondelete="CASCADE"), nullable=False, index=True
    ),
    Column("text", Text, nullable=False),
    Index("ix_search_texts_row", "kind", "row_id", unique=True),
    sqlite_autoincrement=True,
)
"""What a search finds (migration 0010): the words of each dossier, meeting and agreement as written, kept
current by ``store.search.refresh`` in every write's transaction. ``id`` is never used twice (SQLite's
AUTOINCREMENT), because the FTS5 table names its rows by it."""

SEARCH_INDEXES = frozenset({"search_fts", "ix_search_texts_dutch", "ix_search_texts_english"})
"""What migration 0010 makes for one database only, so the tables above do not name it: on SQLite the FTS5
table of stems (and the tables FTS5 makes for it, ``search_fts_*``), on PostgreSQL the GIN indexes over
``to_tsvector``."""
