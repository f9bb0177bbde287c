"""Meetings, the people at the table, and the answers of a meeting's preparation."""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"


def upgrade() -> None:
    op.create_table(
        "meetings",
        sa.Column("id", sa.String(16), primary_key=True),
        sa.Column(
            "dossier_id", sa.String(16), sa.ForeignKey("dossiers.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("place", sa.Text, nullable=False, server_default=""),
        sa.Column("purpose", sa.Text, nullable=False, server_default=""),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_meetings_dossier_id", "meetings", ["dossier_id"])
    op.create_table(
        "participants",
        sa.Column(
            "meeting_id", sa.String(16), sa.ForeignKey("meetings.id", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column("position", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("side", sa.String(10), nullable=False),
        sa.Column("role", sa.String(200), nullable=False, server_default=""),
        sa.Column("binding", sa.String(10), nullable=False),
    )
    op.create_table(
        "answers",
        sa.Column(
            "meeting_id", sa.String(16), sa.ForeignKey("meetings.id", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column("check_id", sa.String(100), primary_key=True),
        sa.Column("answer", sa.String(10), nullable=False),
        sa.Column("note", sa.Text, nullable=False, server_default=""),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("author", sa.String(200), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("answers")
    op.drop_table("participants")
    op.drop_index("ix_meetings_dossier_id", "meetings")
    op.drop_table("meetings")
