"""Long lists in pages of ``SIZE``: the dossiers, the bin and a dossier's agreements.

With thousands of dossiers one page of all of them took more than half a second to make and grew without
end; a page of fifty costs the same at any size. The page number is the ``page`` query argument, which
``memory.ARGS`` keys kept pages on.
"""

from __future__ import annotations

from typing import TypeVar

from attrs import frozen
from flask import abort, request

SIZE = 50
Thing = TypeVar("Thing")


@frozen
class Window:
    """Page ``number`` (from 1) of a list of ``total`` things, ``SIZE`` at a time."""

    number: int
    total: int

    @property
    def offset(self) -> int:
        return (self.number - 1) * SIZE

    @property
    def last(self) -> int:
        return max(1, -(-self.total // SIZE))

    def part(self, things: list[Thing]) -> list[Thing]:
        """The things on this page, of a list that holds them all."""
        return things[self.offset : self.offset + SIZE]


def window(total: int) -> Window:
    """The page the request asks for; a page number that is none is a bad request (400), one past the last
    page does not exist (404)."""
    typed = request.args.get("page", "1")
    if not typed.isdigit() or len(typed) > 6:
        abort(400)
    number = int(typed)
    chosen = Window(number, total)
    if not 1 <= number <= chosen.last:
        abort(404)
    return chosen
