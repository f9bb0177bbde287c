"""Dossiers: the user's own negotiations, kept in a database (SQLite by default, PostgreSQL by URL).

Nothing here is imported by ``import aantafel`` or by commands that only show content: SQLAlchemy and Alembic
load only when a dossier is opened.
"""
