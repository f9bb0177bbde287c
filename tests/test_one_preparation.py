"""One preparation, three front-ends: the same meeting prepared through the command line, the coach and the
web page, with the same answers, gives the same stored answers, the same advice and the same sheet. The
rules live once, in the core; a front-end that wrote its own would drift and this test would see it."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from aantafel import load_library
from aantafel.cli import cli
from aantafel.dossiers.store import open_store
from aantafel_repl.plugin import make_coach
from aantafel_web.app import create_app
from tests.plugins import UITDAAGRECHT
from tests.web import SAME, versions

MODULE_PLUGIN = f"""
from pathlib import Path

from aantafel import hookimpl


@hookimpl
def register_content_packs():
    return [Path({str(UITDAAGRECHT / "packs" / "nl")!r}), Path({str(UITDAAGRECHT / "packs" / "en")!r})]
"""
TYPED = {
    "bindende-afspraken": "nee, de wethouder komt niet",
    "doel-van-het-gesprek": "Lagere huur voor het buurthuis",
    "emoties-vorig-gesprek": "weet niet",
    "grenzen": "Niet meer dan 900 euro",
    "uitdaagrecht-taak-overdraagbaar": "ja",
    "uitdaagrecht-taak": "Het onderhoud van het park",
}
"""What the volunteer answers, typed as they would type it; every other question is left for later."""
FILLED = {"doel-van-het-gesprek": True, "grenzen": False}
"""Whether they put the written answer in the dossier too, when asked."""
STORED = {
    "bindende-afspraken": ("no", "de wethouder komt niet"),
    "doel-van-het-gesprek": (None, "Lagere huur voor het buurthuis"),
    "emoties-vorig-gesprek": ("unsure", ""),
    "grenzen": (None, "Niet meer dan 900 euro"),
    "uitdaagrecht-taak-overdraagbaar": ("yes", ""),
    "uitdaagrecht-taak": (None, "Het onderhoud van het park"),
}
ADVISED = {"bindende-afspraken", "emoties-vorig-gesprek"}


@pytest.fixture
def databases(tmp_path: Path, install_plugin: Callable[..., None]) -> dict[str, tuple[str, str, str]]:
    """For each front-end its own database holding the same dossier and meeting: (url, dossier, meeting).
    The uitdaagrecht module is installed, so the preparation has a worksheet too."""
    install_plugin(
        "aantafel_test_module", MODULE_PLUGIN, distribution="aantafel-test-module", entry_point="m"
    )
    made = {}
    for front_end in ("cli", "coach", "web"):
        url = f"sqlite:///{tmp_path / front_end}.sqlite"
        store = open_store(url)
        dossier = store.create_dossier({"title": "Huur buurthuis"}, author="Fatima")
        meeting = store.add_meeting(
            dossier.id, starts_at=datetime(2030, 12, 3, 13, tzinfo=UTC), author="Fatima"
        )
        store.close()
        made[front_end] = (url, dossier.id, meeting.id)
    return made


def _questions() -> list[str]:
    """Every question of the preparation, in the order each front-end asks them."""
    from aantafel.usecases.preparation import questions

    return [question.id for question in questions(load_library(), "nl")]


def _advice_shown(output: str) -> set[str]:
    """The checks whose advice ``output`` shows (by the first point of each advice)."""
    from aantafel.usecases.preparation import questions

    return {
        question.id
        for question in questions(load_library(), "nl")
        if question.advice and question.advice.strip().splitlines()[0].removeprefix("- ")[:40] in output
    }


def _by_cli(url: str, meeting: str) -> str:
    lines = []
    for question in _questions():
        lines.append(TYPED.get(question, ""))
        if question in FILLED:
            lines.append("ja" if FILLED[question] else "nee")
    result = CliRunner().invoke(cli, ["prepare", meeting, "--db", url], input="\n".join(lines) + "\n")
    assert result.exit_code == 0, result.output
    return result.output


def _by_coach(url: str) -> str:
    coach = make_coach(load_library(), "nl", open_store=lambda: open_store(url))
    said = [*coach.handle("/dossier Huur buurthuis").lines, *coach.handle("/prepare").lines]
    said += coach.handle("1").lines  # the meeting
    for question in _questions():
        said += coach.handle(TYPED.get(question, "")).lines
        if question in FILLED:
            said += coach.handle("ja" if FILLED[question] else "nee").lines
    return "\n".join(said)


def _by_web(url: str, meeting: str) -> str:
    client = create_app({"TESTING": True, "AANTAFEL_DATABASE_URL": url}).test_client()
    form = {
        **versions(client, f"/meetings/{meeting}"),
        "answer-bindende-afspraken": "no",
        "text-bindende-afspraken": "de wethouder komt niet",
        "text-doel-van-het-gesprek": TYPED["doel-van-het-gesprek"],
        "fill-doel-van-het-gesprek": "1",
        "answer-emoties-vorig-gesprek": "unsure",
        "text-grenzen": TYPED["grenzen"],
        "answer-uitdaagrecht-taak-overdraagbaar": "yes",
        "text-uitdaagrecht-taak": TYPED["uitdaagrecht-taak"],
    }
    saved = client.post(f"/meetings/{meeting}/prepare", data=form, headers=SAME)
    assert saved.status_code == 303, saved.get_data(as_text=True)
    return client.get(f"/meetings/{meeting}").get_data(as_text=True)


def test_the_command_line_the_coach_and_the_web_page_prepare_a_meeting_alike(
    databases: dict[str, tuple[str, str, str]],
) -> None:
    shown = {
        "cli": _by_cli(databases["cli"][0], databases["cli"][2]),
        "coach": _by_coach(databases["coach"][0]),
        "web": _by_web(databases["web"][0], databases["web"][2]),
    }
    sheets = {}
    for front_end, (url, dossier, meeting) in databases.items():
        store = open_store(url)
        stored = {key: (answer.verdict, answer.text) for key, answer in store.answers(meeting).items()}
        assert stored == STORED, front_end
        kept = store.dossier(dossier)
        assert (kept.goal, kept.limits) == ("Lagere huur voor het buurthuis", ""), front_end
        store.close()
        assert _advice_shown(shown[front_end]) == ADVISED, front_end
        exported = CliRunner().invoke(cli, ["export", dossier, "--format", "json", "--db", url])
        assert exported.exit_code == 0, exported.output
        data = json.loads(exported.stdout)["data"]
        assert [check["id"] for check in data["checks"] if check["advice"]] == sorted(ADVISED)
        assert data["worksheet"][0]["text"] == "Het onderhoud van het park"
        printed = CliRunner().invoke(cli, ["export", dossier, "--db", url])  # plain text, as people read it
        sheets[front_end] = printed.stdout
    assert sheets["cli"] == sheets["coach"] == sheets["web"]
    assert (
        "• Kunnen de mensen aan tafel bindende afspraken maken? — nee — de wethouder komt niet"
        in sheets["cli"]
    )


def test_the_coach_and_the_command_line_show_a_meeting_with_one_layout(
    databases: dict[str, tuple[str, str, str]],
) -> None:
    url, _dossier, meeting = databases["coach"]
    _by_coach(url)
    coach = make_coach(load_library(), "nl", open_store=lambda: open_store(url))
    coach.handle("/dossier Huur buurthuis")
    coach.handle("/meeting")
    shown = "\n".join(coach.handle("1").lines)
    printed = CliRunner().invoke(cli, ["meeting", "show", meeting, "--db", url])
    assert printed.exit_code == 0, printed.output
    assert " ".join(shown.split()) == " ".join(printed.stdout.split())  # wrapped to each one's width
    assert "• Wat is het doel van onze gesprekken? → Lagere huur voor het buurthuis" in shown
    assert "• Welke taak willen jullie overnemen? → Het onderhoud van het park" in shown
