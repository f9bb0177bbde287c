"""Accounts mode: organisations own dossiers, people belong to them, and the history names each person.

A single-user database keeps the new tables empty and every dossier without an organisation, so nothing
changes for it; ``Store.move_in`` puts its dossiers into a first organisation when accounts are switched
on. Columns are only added (no table is copied), so no row can be lost on the way.
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"

_WHEN = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "organisations",
        sa.Column("id", sa.String(16), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("created_at", _WHEN, nullable=False),
    )
    op.create_table(
        "people",
        sa.Column("id", sa.String(16), primary_key=True),
        sa.Column("login", sa.String(100), nullable=False, unique=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("email", sa.String(254), nullable=False, server_default=""),
        sa.Column("password", sa.String(200), nullable=False),
        sa.Column("site_admin", sa.Boolean, nullable=False, server_default="0"),
        sa.Column("created_at", _WHEN, nullable=False),
    )
    op.create_table(
        "sessions",
        sa.Column("token", sa.String(64), primary_key=True),
        sa.Column("person_id", sa.String(16), sa.ForeignKey("people.id", ondelete="CASCADE"), nullable=False),
        sa.Column("created_at", _WHEN, nullable=False),
    )
    op.create_index("ix_sessions_person_id", "sessions", ["person_id"])
    op.create_table(
        "memberships",
        sa.Column(
            "person_id", sa.String(16), sa.ForeignKey("people.id", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column(
            "organisation_id",
            sa.String(16),
            sa.ForeignKey("organisations.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("role", sa.String(10), nullable=False),
        sa.Column("since", _WHEN, nullable=False),
    )
    op.create_table(
        "invitations",
        sa.Column("token", sa.String(64), primary_key=True),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column(
            "organisation_id",
            sa.String(16),
            sa.ForeignKey("organisations.id", ondelete="CASCADE"),
            nullable=True,
        ),
        sa.Column("role", sa.String(10), nullable=True),
        sa.Column("person_id", sa.String(16), sa.ForeignKey("people.id", ondelete="CASCADE"), nullable=True),
        sa.Column("made_by", sa.String(16), nullable=True),
        sa.Column("created_at", _WHEN, nullable=False),
        sa.Column("expires_at", _WHEN, nullable=False),
        sa.Column("used_at", _WHEN, nullable=True),
    )
    op.create_table(
        "sign_in_failures",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("key", sa.String(300), nullable=False),
        sa.Column("at", _WHEN, nullable=False),
    )
    op.create_index("ix_sign_in_failures_key", "sign_in_failures", ["key", "at"])
    op.create_table(
        "feedback",
        sa.Column("id", sa.String(16), primary_key=True),
        sa.Column(
            "meeting_id", sa.String(16), sa.ForeignKey("meetings.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("part", sa.String(12), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("person_id", sa.String(16), nullable=True),
        sa.Column("author", sa.String(200), nullable=False),
        sa.Column("created_at", _WHEN, nullable=False),
    )
    op.create_index("ix_feedback_meeting_id", "feedback", ["meeting_id"])
    if op.get_bind().dialect.name == "sqlite":
        # SQLite adds a column with its reference in place; Alembic would copy the whole table for it
        op.execute(
            "ALTER TABLE dossiers ADD COLUMN organisation_id VARCHAR(16) REFERENCES organisations (id)"
        )
    else:
        op.add_column(
            "dossiers",
            sa.Column("organisation_id", sa.String(16), sa.ForeignKey("organisations.id"), nullable=True),
        )
    op.create_index("ix_dossiers_organisation_id", "dossiers", ["organisation_id"])
    op.add_column("changes", sa.Column("person_id", sa.String(16), nullable=True))
    op.create_index("ix_changes_person_id", "changes", ["person_id"])
    op.add_column("answers", sa.Column("person_id", sa.String(16), nullable=True))
    op.create_index("ix_answers_person_id", "answers", ["person_id"])


def downgrade() -> None:
    for table in ("answers", "changes"):
        op.drop_index(f"ix_{table}_person_id", table)
        with op.batch_alter_table(table) as batch:
            batch.drop_column("person_id")
    op.drop_index("ix_dossiers_organisation_id", "dossiers")
    with op.batch_alter_table("dossiers") as batch:
        batch.drop_column("organisation_id")
    for table in (
        "feedback",
        "sign_in_failures",
        "invitations",
        "memberships",
        "sessions",
        "people",
        "organisations",
    ):
        op.drop_table(table)
