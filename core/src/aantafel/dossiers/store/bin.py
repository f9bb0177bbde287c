"""The bin: deleting a dossier only marks it, so restoring it brings everything back.

Deleting and restoring are one move with two directions; both are refused when the dossier is already
where it would go, so the history never records a move that did not happen.
"""

from __future__ import annotations

from typing import Literal

from aantafel.dossiers.model import Dossier, DossierError
from aantafel.dossiers.schema import dossiers
from aantafel.dossiers.store.base import _bump, _now
from aantafel.dossiers.store.dossiers import Dossiers, _dossier


class Bin(Dossiers):
    """Moving dossiers to the bin and back; it reads them as ``Dossiers`` does."""

    def delete_dossier(self, dossier_id: str, *, expected_version: int, author: str) -> Dossier:
        """Move a dossier to the bin. Nothing is lost: ``restore_dossier`` brings it back."""
        return self._move(dossier_id, expected_version, author, "deleted")

    def restore_dossier(self, dossier_id: str, *, expected_version: int, author: str) -> Dossier:
        """Bring a dossier back from the bin."""
        return self._move(dossier_id, expected_version, author, "restored")

    def _move(
        self, dossier_id: str, expected_version: int, author: str, action: Literal["deleted", "restored"]
    ) -> Dossier:
        with self.transaction() as connection:
            current = _dossier(self._locked(connection, dossiers, dossier_id, expected_version))
            if (current.deleted_at is not None) == (action == "deleted"):
                raise DossierError(
                    "already in bin" if current.deleted_at else "not in bin", dossier=dossier_id
                )
            now = _now()
            moved = {"deleted_at": now if action == "deleted" else None, "updated_at": now}
            _bump(connection, dossiers, current.id, expected_version, moved)
            self._log(connection, dossier_id, action, at=now, author=author)
        return self.dossier(dossier_id)
