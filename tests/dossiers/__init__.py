"""What tests of stored data share: databases as earlier versions of aantafel made them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from aantafel.dossiers.store import MIGRATIONS

if TYPE_CHECKING:
    from alembic.config import Config
    from sqlalchemy import Connection


def _config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def earlier_revisions() -> list[str]:
    """Every version of the database before the newest, oldest first."""
    from alembic.script import ScriptDirectory

    return sorted(script.revision for script in ScriptDirectory.from_config(_config()).walk_revisions())[:-1]


def upgrade_to(connection: Connection, revision: str) -> None:
    """Make the database of ``connection`` the one aantafel made at ``revision``."""
    from alembic import command

    config = _config()
    config.attributes["connection"] = connection
    command.upgrade(config, revision)
