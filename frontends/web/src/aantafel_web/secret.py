"""The key Flask signs cookies with (its session and flash messages, which a plugin's page may use).

Our own pages need none: forms are protected by headers, not tokens (``csrf.py``). The key is made on the
first start of the page and kept in the user's aantafel data folder, readable by them only, so it is
never in the repository or a wheel and stays the same across restarts and between workers. Several hosts
behind one proxy each have a folder of their own, so they are given one key in ``$AANTAFEL_SECRET_KEY``
instead: a cookie signed by one is then good on the others.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

FILE_NAME = "web-secret-key"
VARIABLE = "AANTAFEL_SECRET_KEY"
MINIMUM = 32
"""Characters a usable key has at least (we write 64 hex digits)."""


class SecretKeyError(Exception):
    """The key could not be read or made; the message names the file and what to do."""


def secret_key(folder: Path | None = None) -> str:
    """The key in ``$AANTAFEL_SECRET_KEY``, else the one in ``folder`` (by default the aantafel data
    folder), made with mode 0600 when missing."""
    given = os.environ.get(VARIABLE, "").strip()
    if given:
        if len(given) < MINIMUM:
            raise SecretKeyError(
                f"{VARIABLE} is too short ({len(given)} characters; at least {MINIMUM}): "
                'make one with: python3 -c "import secrets; print(secrets.token_hex(32))"'
            )
        return given
    if folder is None:
        from platformdirs import user_data_path

        folder = user_data_path("aantafel", appauthor=False)
    path = folder / FILE_NAME
    try:
        return _read(path)
    except (FileNotFoundError, NotADirectoryError):  # not made yet, or its folder is not there
        pass
    except OSError as exc:
        raise SecretKeyError(f"cannot read the web page's key {path}: {exc.strerror}") from None
    key = secrets.token_hex(32)
    draft = folder / f"{FILE_NAME}.{os.getpid()}"
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        with os.fdopen(os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w") as file:
            file.write(key + "\n")
        try:
            os.link(draft, path)  # whole or not at all, and never over a key another worker just made
        except FileExistsError:
            return _read(path)
        finally:
            draft.unlink(missing_ok=True)
    except OSError as exc:
        raise SecretKeyError(
            f"cannot make the web page's key {path}: {exc.strerror}; check that you may write in {folder}"
        ) from None
    return key


def _read(path: Path) -> str:
    if path.stat().st_mode & 0o077:
        path.chmod(0o600)  # others could read it: make it private again before trusting it
    key = path.read_text(encoding="ascii", errors="replace").strip()
    if len(key) < MINIMUM:
        raise SecretKeyError(
            f"the web page's key {path} is damaged (too short); delete the file and a new one is made"
        )
    return key
