"""A preparation answer has a version, as dossiers, meetings and agreements do.

Two tabs (or a tab and the coach) could each save an answer to the same question, and the later save
overwrote the earlier one unseen. Each answer now counts its changes; a save names the version it was
given against, and a stale one is refused instead of overwriting. Every answer stored so far is version 1.
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"


def upgrade() -> None:
    with op.batch_alter_table("answers") as answers:
        answers.add_column(sa.Column("version", sa.Integer, nullable=False, server_default="1"))


def downgrade() -> None:
    with op.batch_alter_table("answers") as answers:
        answers.drop_column("version")
