"""Searching one's own dossiers: a row of text per dossier, meeting and agreement, and its index.

On SQLite an FTS5 table of the texts' stems, per language (FTS5 has no Dutch stemmer, so the library
search's analyzer makes them); on PostgreSQL GIN indexes over ``to_tsvector('dutch' | 'english', text)``.
Every existing dossier's rows are written here, so a search finds what was written before the upgrade.
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"


def upgrade() -> None:
    from aantafel.dossiers.store.search import COLUMNS, CONFIGURATIONS, refresh_dossier

    op.create_table(
        "search_texts",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("row_id", sa.String(16), nullable=False),
        sa.Column(
            "dossier_id", sa.String(16), sa.ForeignKey("dossiers.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("text", sa.Text, nullable=False),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_search_texts_dossier_id", "search_texts", ["dossier_id"])
    op.create_index("ix_search_texts_row", "search_texts", ["kind", "row_id"], unique=True)
    connection = op.get_bind()
    if connection.dialect.name == "sqlite":
        op.execute(
            f"CREATE VIRTUAL TABLE search_fts USING fts5({', '.join(COLUMNS)}, tokenize = 'unicode61')"
        )
    else:
        for configuration in CONFIGURATIONS.values():
            op.execute(
                f"CREATE INDEX ix_search_texts_{configuration} ON search_texts "
                f"USING gin (to_tsvector('{configuration}', text))"
            )
    for dossier_id in connection.execute(sa.text("SELECT id FROM dossiers")).scalars().all():
        refresh_dossier(connection, dossier_id)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE search_fts")
    op.drop_table("search_texts")
