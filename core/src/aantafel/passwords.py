"""Passwords as argon2id hashes, with parameters that have a source.

The profile is RFC 9106's second recommended option ("if much less memory is available"): argon2id, 3
passes over 64 MiB with 4 lanes, a 16-byte salt and a 32-byte tag. It is argon2-cffi's default and
stricter than OWASP's Password Storage Cheat Sheet minimum (19 MiB, 2 passes, 1 lane). A hash names its
own parameters, so when this profile changes, a password is hashed again at its next sign-in
(``needs_rehash``). argon2 is imported here only, when someone signs in or gets a password.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from argon2 import PasswordHasher


@functools.cache
def _hasher() -> PasswordHasher:
    from argon2 import PasswordHasher
    from argon2.profiles import RFC_9106_LOW_MEMORY

    return PasswordHasher.from_parameters(RFC_9106_LOW_MEMORY)


def hashed(password: str) -> str:
    return _hasher().hash(password)


def matches(stored: str, password: str) -> bool:
    """Whether ``password`` is the one ``stored`` was made from; never raises for a wrong one."""
    from argon2.exceptions import InvalidHashError, VerificationError

    try:
        return _hasher().verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored: str) -> bool:
    return _hasher().check_needs_rehash(stored)


@functools.cache
def _common() -> frozenset[str]:
    """The 30,000 passwords people choose most, as zxcvbn ranks them from leaked password lists (ASVS 5.0
    V6.2.4 asks for at least the top 3,000); about 50 ms to load, only when a password is chosen."""
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    return frozenset(FREQUENCY_LISTS["passwords"])


def common(password: str) -> bool:
    """Whether ``password`` is one that is guessed first (``wachtwoord123`` is not on the list, but
    ``password1`` is): upper or lower case makes no difference to a guesser."""
    return password.lower() in _common()


@functools.cache
def decoy() -> str:
    """A hash to check a password against when the sign-in name is unknown, so that an unknown name takes
    as long as a wrong password and the time does not tell which names exist."""
    return hashed("not anyone's password")
