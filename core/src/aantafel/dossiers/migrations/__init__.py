"""Alembic migrations, run by the store every time it opens a database that is not at ``HEAD``."""

HEAD = "0010"
"""The newest revision; a test checks it against the scripts in ``versions/``."""
