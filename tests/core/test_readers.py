"""What people type is read the same in every front-end: dates, answers, sides, people and moves, in Dutch
and English; what cannot be read is refused with words in the user's language."""

from __future__ import annotations

from datetime import date

import pytest

from aantafel.refusals import explain
from aantafel.usecases import readers
from aantafel.usecases.readers import NotUnderstood


@pytest.mark.parametrize(
    ("typed", "understood"),
    [
        ("Ja", ("yes", "")),
        ("nee, de wethouder komt niet", ("no", "de wethouder komt niet")),
        ("misschien niet", ("unsure", "")),
        ("geen idee. Vragen aan Fatima", ("unsure", "Vragen aan Fatima")),
        ("maybe not", ("unsure", "")),
        ("don't know - ask the alderman", ("unsure", "ask the alderman")),
        ("neem contact op", (None, "neem contact op")),
        ("nee-zeggen is moeilijk", ("no", "zeggen is moeilijk")),
        ("neen", (None, "neen")),  # a word that starts with "nee" is not a no
    ],
)
def test_an_answer_is_read_in_everyday_words(typed: str, understood: tuple[str | None, str]) -> None:
    assert readers.verdict_and_text(typed) == understood


def test_dates_and_times_are_read_as_people_write_them() -> None:
    assert readers.moment("3-12-2026 14:00").strftime("%Y-%m-%d %H:%M") == "2026-12-03 14:00"
    assert readers.moment("2026-12-03T14:00") == readers.moment("03-12-2026 14.00")
    assert readers.day(" 10-12-2026 ") == date(2026, 12, 10) == readers.day("2026-12-10")
    assert readers.typed_day(date(2026, 12, 10)) == "10-12-2026"


@pytest.mark.parametrize(
    ("reader", "typed", "dutch", "english"),
    [
        (
            readers.moment,
            "31-11-2026 14:00",
            "'31-11-2026 14:00' is geen datum en tijd",
            "is not a date and time",
        ),
        (readers.day, "morgen", "'morgen' is geen datum", "'morgen' is not a date"),
        (
            readers.side,
            "gemeentehuis",
            "'gemeentehuis' is geen kant; gebruik wij, zij of anders",
            "is not a side",
        ),
        (
            readers.verdict,
            "wellicht",
            "'wellicht' is niet ja, nee of weet niet",
            "is not yes, no or not sure",
        ),
        (readers.yes_or_no, "weet niet", "'weet niet' is geen ja of nee", "is not yes or no"),
        (
            readers.move_kind,
            "gegeven",
            "'gegeven' is niet een van: geboden",
            "is not offered, conceded or promised",
        ),
    ],
)
def test_what_cannot_be_read_is_refused_in_the_users_language(
    reader: object, typed: str, dutch: str, english: str
) -> None:
    with pytest.raises(NotUnderstood) as refused:
        reader(typed)  # type: ignore[operator]
    assert refused.value.details["typed"] == typed
    assert explain(refused.value, "nl").startswith(dutch)
    assert english in explain(refused.value, "en")
    assert english in str(refused.value)


def test_people_and_moves_are_read_from_one_line() -> None:
    person = readers.person("Wethouder Jansen; zij; wethouder; ja")
    assert (person.name, person.side, person.role, person.binding) == (
        "Wethouder Jansen",
        "theirs",
        "wethouder",
        "yes",
    )
    assert readers.person("Kees; wij").binding == "unknown"
    assert readers.person("Fatima").side == "theirs"
    move = readers.move("wij; toegegeven; geen huur in juli; als zij het dak maken")
    assert (move.side, move.kind, move.what, move.condition) == (
        "ours",
        "conceded",
        "geen huur in juli",
        "als zij het dak maken",
    )
    assert readers.side_and_person("zij Mevrouw De Vries") == ("theirs", "Mevrouw De Vries")
    assert readers.side_and_person("Mevrouw De Vries") == ("theirs", "Mevrouw De Vries")
    assert readers.side_and_person("wij") == ("ours", "")
