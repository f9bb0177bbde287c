"""A dossier's calendar link: a secret address a phone subscribes to, made and revoked by the people who
may change the dossier, and opened without signing in (the secret is the key; a calendar app cannot sign
in). The database keeps only the SHA-256 of the secret, as it does for invitations, so a copy of it gives
nobody the link; a dossier has at most one, and making a new one stops the old.
"""

from __future__ import annotations

import secrets
from datetime import datetime

from sqlalchemy import delete, insert, select

from aantafel.dossiers.model import UnknownDossier
from aantafel.dossiers.schema import dossiers, feeds
from aantafel.dossiers.store.base import Base, _aware, _now
from aantafel.dossiers.store.people import _digest

TOKEN_BYTES = 32


class Feeds(Base):
    """Making, finding and revoking a dossier's calendar link."""

    def make_feed(self, dossier_id: str) -> str:
        """A new calendar link's secret for the dossier (exact id), for whoever may change it; a link it
        had before stops working. The secret is shown once: only its SHA-256 is kept."""
        secret = secrets.token_urlsafe(TOKEN_BYTES)
        made_by = self._access.person_id if self._access is not None else None
        with self.transaction() as connection:
            self._existing(connection, dossiers, dossier_id)
            connection.execute(delete(feeds).where(feeds.c.dossier_id == dossier_id))
            connection.execute(
                insert(feeds).values(
                    token=_digest(secret), dossier_id=dossier_id, made_by=made_by, created_at=_now()
                )
            )
        return secret

    def revoke_feed(self, dossier_id: str) -> bool:
        """Stop the dossier's calendar link (exact id); False when it had none."""
        with self.transaction() as connection:
            self._existing(connection, dossiers, dossier_id)
            return bool(connection.execute(delete(feeds).where(feeds.c.dossier_id == dossier_id)).rowcount)

    def feed_made(self, dossier_id: str) -> datetime | None:
        """When the dossier's calendar link was made; None when it has none."""
        self._may_read(dossiers, dossier_id)
        with self._errors(), self._engine.connect() as connection:
            made = connection.execute(
                select(feeds.c.created_at).where(feeds.c.dossier_id == dossier_id)
            ).scalar()
        return _aware(made)

    def feed_dossier(self, secret: str) -> str:
        """The id of the dossier whose calendar this secret opens; unknown for a secret never made, one
        revoked or replaced, and a dossier in the bin. Asks no one's access: the secret is the key."""
        query = (
            select(dossiers.c.id)
            .join(feeds, feeds.c.dossier_id == dossiers.c.id)
            .where(feeds.c.token == _digest(secret), dossiers.c.deleted_at.is_(None))
        )
        with self._errors(), self._engine.connect() as connection:
            found = connection.execute(query).scalar()
        if found is None:
            raise UnknownDossier("unknown", what="dossier", reference="")
        return str(found)
