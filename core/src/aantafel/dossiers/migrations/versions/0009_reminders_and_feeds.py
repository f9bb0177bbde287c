"""Reminders and calendar feeds: which address got its reminder on which day, and each dossier's secret
calendar link (only the SHA-256 of its secret). Two new tables; nothing else changes."""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"

_WHEN = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "feeds",
        sa.Column("token", sa.String(64), primary_key=True),
        sa.Column(
            "dossier_id",
            sa.String(16),
            sa.ForeignKey("dossiers.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("made_by", sa.String(16), nullable=True),
        sa.Column("created_at", _WHEN, nullable=False),
    )
    op.create_index("ix_feeds_dossier_id", "feeds", ["dossier_id"])
    op.create_table(
        "reminders",
        sa.Column("day", sa.Date, primary_key=True),
        sa.Column("address", sa.String(254), primary_key=True),
        sa.Column("sent_at", _WHEN, nullable=False),
        sa.Column("agreements", sa.Integer, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("reminders")
    op.drop_index("ix_feeds_dossier_id", "feeds")
    op.drop_table("feeds")
