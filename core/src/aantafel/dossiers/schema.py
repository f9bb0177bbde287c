"""The tables, as SQLAlchemy Core sees them. Migrations in ``migrations/versions`` create them; a test checks
that the two agree, so a change here without a migration fails."""

from __future__ import annotations

from sqlalchemy import Column, Date, DateTime, ForeignKey, Index, Integer, MetaData, String, Table, Text

from aantafel.dossiers.fields import TEXT_FIELDS
from aantafel.dossiers.model import RECORD_FIELDS, TITLE_LIMIT

metadata = MetaData()

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
    Column("action", String(20), nullable=False),
    Column("field", String(50), nullable=True),
    Column("old", Text, nullable=True),
    Column("new", Text, nullable=True),
)

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
    Index(
        "ix_agreements_due", "status", "due", "created_at"
    ),  # the late ones: open, with a due date before today
)
