"""A preparation answer is a verdict (yes, no, unsure) and a written text, either one or both.

Until now an answer was one word (yes, no, unsure, or "written" for a worksheet prompt) with a note. A
check may now ask for a written answer ("Wat is het doel?"), so the word becomes ``verdict`` (empty for
a written answer) and the note becomes ``text``: the answer to an open question, or the note beside a
yes or no. Every stored answer keeps its meaning: a verdict with its note stays so, and a worksheet
prompt's "written" becomes a text without a verdict.
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"


def upgrade() -> None:
    with op.batch_alter_table("answers") as answers:
        answers.alter_column("answer", new_column_name="verdict", existing_type=sa.String(10), nullable=True)
        answers.alter_column(
            "note", new_column_name="text", existing_type=sa.Text, existing_server_default=""
        )
    op.execute("UPDATE answers SET verdict = NULL WHERE verdict = 'written'")


def downgrade() -> None:
    op.execute("UPDATE answers SET verdict = 'written' WHERE verdict IS NULL")
    with op.batch_alter_table("answers") as answers:
        answers.alter_column(
            "text", new_column_name="note", existing_type=sa.Text, existing_server_default=""
        )
        answers.alter_column("verdict", new_column_name="answer", existing_type=sa.String(10), nullable=False)
