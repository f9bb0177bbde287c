"""Dossiers and their history."""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None

TEXT_FIELDS = (
    "counterpart",
    "department",
    "organisation",
    "goal",
    "our_interests",
    "their_interests",
    "limits",
    "alternative",
    "options",
    "sources",
)


def upgrade() -> None:
    op.create_table(
        "dossiers",
        sa.Column("id", sa.String(16), primary_key=True),
        sa.Column("title", sa.String(200), nullable=False),
        *(sa.Column(name, sa.Text, nullable=False, server_default="") for name in TEXT_FIELDS),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_table(
        "changes",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column(
            "dossier_id", sa.String(16), sa.ForeignKey("dossiers.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("author", sa.String(200), nullable=False),
        sa.Column("action", sa.String(20), nullable=False),
        sa.Column("field", sa.String(50), nullable=True),
        sa.Column("old", sa.Text, nullable=True),
        sa.Column("new", sa.Text, nullable=True),
    )
    op.create_index("ix_changes_dossier_id", "changes", ["dossier_id"])


def downgrade() -> None:
    op.drop_index("ix_changes_dossier_id", "changes")
    op.drop_table("changes")
    op.drop_table("dossiers")
