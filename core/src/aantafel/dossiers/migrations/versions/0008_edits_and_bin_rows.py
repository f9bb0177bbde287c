"""Each change names the row it changed and keeps the values it changed; meetings and agreements can be
cancelled, withdrawn or put in the bin.

Two people saving the same dossier used to be refused ("changed meanwhile"), and the second form still
held the first person's old values: saving again undid their change. With the row's version after each
change and the changed fields' old and new values (``edits``, JSON), the store can tell what the form
was made from and merge field by field, and a change can be undone by writing its old values back as a
new change. Entries written before this migration have no edits: they are shown, but not merged or
undone.
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"


def upgrade() -> None:
    op.add_column("changes", sa.Column("subject", sa.String(10), nullable=True))
    op.add_column("changes", sa.Column("row_id", sa.String(16), nullable=True))
    op.add_column("changes", sa.Column("version", sa.Integer, nullable=True))
    op.add_column("changes", sa.Column("edits", sa.Text, nullable=True))
    op.create_index("ix_changes_row", "changes", ["row_id", "version"])
    op.add_column("meetings", sa.Column("cancelled_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("meetings", sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("agreements", sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("agreements") as agreements:
        agreements.drop_column("deleted_at")
    with op.batch_alter_table("meetings") as meetings:
        meetings.drop_column("deleted_at")
        meetings.drop_column("cancelled_at")
    op.drop_index("ix_changes_row", "changes")
    with op.batch_alter_table("changes") as changes:
        for name in ("edits", "version", "row_id", "subject"):
            changes.drop_column(name)
