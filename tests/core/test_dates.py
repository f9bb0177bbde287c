"""Dates and times in words: remembered once written, they must still follow the moment and the zone."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

from aantafel.dates import day, when


def test_one_moment_in_two_time_zones_is_written_alike_and_another_moment_differently() -> None:
    """Two aware times of one instant are equal (and hash alike) whatever their offsets: the words follow
    the wall clock of this computer, so both read the same, and an hour later reads an hour later."""
    moment = datetime(2026, 12, 3, 12, 0, tzinfo=UTC)  # the 3rd from UTC-11 to UTC+11
    elsewhere = moment.astimezone(timezone(timedelta(hours=9)))
    local = moment.astimezone()
    assert when(moment, "nl") == when(elsewhere, "nl") == f"3 december 2026, {local:%H:%M}"
    later = moment + timedelta(hours=1)
    assert when(later, "nl") == f"3 december 2026, {later.astimezone():%H:%M}"
    assert when(moment, "en").startswith("December 3, 2026, ")


def test_a_day_of_a_time_is_the_day_its_own_clock_shows() -> None:
    late = datetime(2026, 12, 3, 23, 30, tzinfo=timezone(timedelta(hours=-8)))
    assert day(late, "nl") == "3 december 2026"
    assert day(late.astimezone(UTC), "nl") == "4 december 2026"
    assert day(date(2026, 12, 15), "en") == "December 15, 2026"
