"""What happened in a meeting (notes, interventions used, moves, emotions, review) and agreements."""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"

RECORD_FIELDS = ("notes", "emotions", "went_well", "do_differently")


def upgrade() -> None:
    with op.batch_alter_table("meetings") as meetings:
        for name in RECORD_FIELDS:
            meetings.add_column(sa.Column(name, sa.Text, nullable=False, server_default=""))
    op.create_table(
        "meeting_interventions",
        sa.Column(
            "meeting_id", sa.String(16), sa.ForeignKey("meetings.id", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column("position", sa.Integer, primary_key=True),
        sa.Column("intervention_id", sa.String(100), nullable=False),
    )
    op.create_table(
        "moves",
        sa.Column(
            "meeting_id", sa.String(16), sa.ForeignKey("meetings.id", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column("position", sa.Integer, primary_key=True),
        sa.Column("side", sa.String(10), nullable=False),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("what", sa.Text, nullable=False),
        sa.Column("condition", sa.Text, nullable=False, server_default=""),
    )
    op.create_table(
        "agreements",
        sa.Column("id", sa.String(16), primary_key=True),
        sa.Column(
            "dossier_id", sa.String(16), sa.ForeignKey("dossiers.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column(
            "meeting_id", sa.String(16), sa.ForeignKey("meetings.id", ondelete="SET NULL"), nullable=True
        ),
        sa.Column("what", sa.Text, nullable=False),
        sa.Column("side", sa.String(10), nullable=False),
        sa.Column("person", sa.String(200), nullable=False, server_default=""),
        sa.Column("due", sa.Date, nullable=True),
        sa.Column("if_broken", sa.Text, nullable=False, server_default=""),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_agreements_dossier_id", "agreements", ["dossier_id"])


def downgrade() -> None:
    op.drop_index("ix_agreements_dossier_id", "agreements")
    op.drop_table("agreements")
    op.drop_table("moves")
    op.drop_table("meeting_interventions")
    with op.batch_alter_table("meetings") as meetings:
        for name in RECORD_FIELDS:
            meetings.drop_column(name)
