"""Where the bars, words and lines of the dossier's picture go (``templates/glance.html`` draws them as SVG).

The sums are done here, not in the template: Jinja can add up a stack of bars only through a namespace per
loop, and a test can check a layout in Python. Everything is in the SVG's own units (``WIDTH`` wide, as a
phone held upright), and the SVG scales with its ``viewBox``, so the same drawing fits 320 px and a laptop.
Nothing a user typed is in it: only numbers, dates and our own words, which the template escapes all the
same.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from attrs import field, frozen

from aantafel import dates
from aantafel.dossiers.model import MOVES
from aantafel.labels import label
from aantafel_web.translations import gettext

if TYPE_CHECKING:
    from aantafel.dossiers.glance import Glance

WIDTH = 320
LETTER = 8.0
"""The width of a letter of the picture's 13-unit text (DejaVu Sans, a little over its average), so a word
is given room enough before it is drawn."""
ROW = 86
"""The height of one side's row: room for the number above the highest bar, the bar, and a gap."""
HIGHEST = 58
"""The height of the highest bar."""
AT_LEAST = 4
"""Columns as wide as for four meetings, however few there are: one meeting is a bar, not a wall."""
DATED = 44
"""A column this wide has room for a short date under its number."""
STRIPE = 22
"""The height of one state's line in the agreements' picture."""


def _tenth(value: float) -> float:
    """A place to a tenth of a unit: finer than a screen shows, and short in the page."""
    return round(value, 1)


@frozen
class Bar:
    """A bar, a part of one, or a square of the legend."""

    x: float = field(converter=_tenth)
    y: float = field(converter=_tenth)
    width: float = field(converter=_tenth)
    height: float = field(converter=_tenth)
    kind: str
    """A kind of move (its pattern) or a state of an agreement (its colour)."""


@frozen
class Text:
    """Words at a point: ``anchor`` says whether they start, end or are centred there."""

    x: float = field(converter=_tenth)
    y: float = field(converter=_tenth)
    words: str
    anchor: str = "start"
    role: str = ""
    """A class for the stylesheet: ``name`` (of a row), ``count``, ``axis`` or none."""


@frozen
class Line:
    """A row's base line."""

    x1: float = field(converter=_tenth)
    y1: float = field(converter=_tenth)
    x2: float = field(converter=_tenth)
    y2: float = field(converter=_tenth)


@frozen
class Chart:
    """One picture: its height in the SVG's units, and what is drawn in it."""

    height: float
    bars: tuple[Bar, ...]
    texts: tuple[Text, ...]
    lines: tuple[Line, ...] = ()
    swatches: tuple[Bar, ...] = ()
    """The legend's squares, each in its kind's pattern."""
    width: int = WIDTH


@frozen
class Pictures:
    """The dossier's two pictures: the give and take per meeting, and the agreements per state."""

    moves: Chart
    agreements: Chart


def pictures(seen: Glance, language: str) -> Pictures:
    """Both pictures of ``seen``, with words in ``language``."""
    return Pictures(moves(seen, language), agreements(seen, language))


def _room(words: str) -> float:
    return len(words) * LETTER


def moves(seen: Glance, language: str) -> Chart:
    """The give and take: a row per side, ours first, with a bar per meeting stacked by kind of move, the
    number of moves above it, the meetings' numbers (and short dates, where they fit) below, and a legend.
    Every row has the same scale, so a taller bar is more moves, whichever side made them."""
    names = [label(language, f"side {side}").capitalize() for side in seen.sides]
    caption = gettext("Meeting")
    left = max(_room(words) for words in [*names, caption]) + 10
    width = (WIDTH - 4 - left) / max(len(seen.columns), AT_LEAST)
    bar = min(width * 0.6, 28)
    unit = HIGHEST / seen.most
    bars: list[Bar] = []
    texts: list[Text] = []
    lines: list[Line] = []
    for row, (side, name) in enumerate(zip(seen.sides, names, strict=True)):
        base = (row + 1) * ROW - 8
        texts.append(Text(left - 8, base - HIGHEST / 2 + 4, name, "end", "name"))
        lines.append(Line(left, base, WIDTH - 4, base))
        for place, column in enumerate(seen.columns):
            x, top = left + place * width + (width - bar) / 2, float(base)
            for kind in MOVES:
                height = column.count(side, kind) * unit
                if height:
                    top -= height
                    bars.append(Bar(x, top, bar, height, kind))
            if total := column.count(side):
                texts.append(Text(x + bar / 2, top - 4, dates.number(total, language), "middle", "count"))
    base = len(seen.sides) * ROW - 8
    texts.append(Text(left - 8, base + 18, caption, "end", "axis"))
    for place, column in enumerate(seen.columns):
        middle = left + place * width + width / 2
        texts.append(Text(middle, base + 18, dates.number(column.number, language), "middle", "axis"))
        if width >= DATED:
            day = dates.short_day(column.starts_at.astimezone().date(), language)
            texts.append(Text(middle, base + 34, day, "middle", "axis"))
    swatches, legend, height = _legend(language, base + (48 if width >= DATED else 32))
    return Chart(height, tuple(bars), tuple(texts + legend), tuple(lines), swatches)


def _legend(language: str, top: float) -> tuple[tuple[Bar, ...], list[Text], float]:
    """A square in each kind's pattern with its name, as many on a line as fit; and the height below."""
    swatches: list[Bar] = []
    texts: list[Text] = []
    x, y = 4.0, top
    for kind in MOVES:
        words = label(language, f"move {kind}")
        needed = 14 + 5 + _room(words)
        if x > 4 and x + needed > WIDTH - 4:
            x, y = 4.0, y + 20
        swatches.append(Bar(x, y, 14, 14, kind))
        texts.append(Text(x + 19, y + 11, words))
        x += needed + 14
    return tuple(swatches), texts, y + 18


def agreements(seen: Glance, language: str) -> Chart:
    """The agreements per state: a line each (open, overdue, done, broken), its name, a bar as long as its
    share of the largest, and the number; every state is named, so no colour has to be told apart."""
    names = [label(language, f"status {status}") for status, _count in seen.statuses]
    left = max(_room(words) for words in names) + 12
    longest = WIDTH - left - 40
    most = max(count for _status, count in seen.statuses) or 1
    bars: list[Bar] = []
    texts: list[Text] = []
    for row, ((status, count), name) in enumerate(zip(seen.statuses, names, strict=True)):
        y = 4 + row * STRIPE
        texts.append(Text(left - 8, y + 12, name, "end", "name"))
        length = count / most * longest
        if length:
            bars.append(Bar(left, y, length, 16, status))
        texts.append(Text(left + length + 6, y + 12, dates.number(count, language), "start", "count"))
    return Chart(4 + len(seen.statuses) * STRIPE + 2, tuple(bars), tuple(texts))
