"""A module's worksheet prompts join a meeting's preparation in the coach and on the web page once it is
installed; what is written is stored in the dossier and printed on the preparation sheet."""

from __future__ import annotations

from collections.abc import Callable

from aantafel.dossiers.store import open_store
from aantafel_repl.plugin import make_coach
from aantafel_web.app import create_app
from tests.plugins import BASE_CHECKS, DOSSIER_TITLE, UITDAAGRECHT, new_meeting, with_uitdaagrecht
from tests.web import SAME, carried


def test_the_coach_asks_the_worksheet_after_the_checks_and_keeps_what_is_written() -> None:
    library = with_uitdaagrecht()
    assert [prompt.id for _module, prompt in library.prompts("nl")][:2] == [
        "uitdaagrecht-taak",
        "uitdaagrecht-meerwaarde",
    ]
    dossier, meeting = new_meeting()
    coach = make_coach(library, "nl")
    coach.handle("/dossier Buurttuin overnemen")
    coach.handle("/prepare")
    coach.handle("1")
    for typed in (*BASE_CHECKS, "ja", "ja", "ja"):  # and the module's three checks
        reply = coach.handle(typed)
    assert reply.lines[-1] == "Welke taak willen jullie overnemen? (Enter slaat over)"
    assert any(line.startswith("Werkblad van Uitdaagrecht") for line in reply.lines)
    assert any("Beschrijf de taak zo precies" in line for line in reply.lines)  # its help comes first
    assert "Wat wordt er beter" in " ".join(coach.handle("Het onderhoud van het park").lines)
    coach.handle("")  # skipped, to write later
    coach.cancel()
    store = open_store()
    try:
        written = store.answers(meeting)
    finally:
        store.close()
    assert (written["uitdaagrecht-taak"].verdict, written["uitdaagrecht-taak"].text) == (
        None,
        "Het onderhoud van het park",
    )
    assert "uitdaagrecht-meerwaarde" not in written
    later = make_coach(library, "nl")
    later.handle("/dossier Buurttuin overnemen")
    later.handle("/prepare")
    again = later.handle("1")
    assert again.lines[-1].startswith(
        "Wat wordt er beter als jullie de taak doen?"
    )  # only what is still open
    later.cancel()
    sheet = "\n".join(later.handle("/sheet").lines)
    assert "Werkblad\n--------" in sheet
    assert "Welke taak willen jullie overnemen? — Het onderhoud van het park" in sheet
    assert dossier


def test_the_web_page_shows_the_worksheet_and_saves_it() -> None:
    dossier, meeting = new_meeting()
    client = create_app({"TESTING": True}, library=with_uitdaagrecht()).test_client()
    page = client.get(f"/meetings/{meeting}").get_data(as_text=True)
    assert 'name="text-uitdaagrecht-taak"' in page
    assert "Welke taak willen jullie overnemen?" in page
    sent = client.post(
        f"/meetings/{meeting}/prepare",
        data={**carried(page), "text-uitdaagrecht-taak": "Het park <b>onderhouden</b>"},
        headers=SAME,
    )
    assert sent.status_code == 303
    page = client.get(f"/meetings/{meeting}").get_data(as_text=True)
    assert "Het park &lt;b&gt;onderhouden&lt;/b&gt;</textarea>" in page  # kept, and escaped
    sheet = client.get(f"/dossiers/{dossier}/sheet.md").get_data(as_text=True)
    assert "Welke taak willen jullie overnemen? — Het park <b>onderhouden</b>" in sheet


def test_an_installed_module_appears_in_the_library_search_and_the_coach() -> None:
    library = with_uitdaagrecht()
    page = create_app({"TESTING": True}, library=library).test_client()
    assert "Uitdaagrecht" in page.get("/library/module").get_data(as_text=True)
    assert "/item/uitdaagrecht" in page.get("/search?q=uitdaagrecht").get_data(as_text=True)
    assert any(hit.item.id.startswith("uitdaagrecht") for hit in library.search("uitdaagrecht", "en"))
    coach = make_coach(library, "nl")
    assert "uitdaagrecht" in "\n".join(coach.handle("/modules").lines)
    assert "Uitdaagrecht" in "\n".join(coach.handle("/show uitdaagrecht").lines)


def test_a_script_writes_the_worksheet_with_prepare_write(install_plugin: Callable[..., None]) -> None:
    from click.testing import CliRunner

    from aantafel.cli import cli

    _dossier, meeting = new_meeting()
    runner = CliRunner()
    missing = runner.invoke(cli, ["prepare", meeting, "--write", "uitdaagrecht-taak=Het park"])
    assert missing.exit_code == 2
    assert "er is geen check of werkbladvraag 'uitdaagrecht-taak'; kies uit: bindende-afspraken" in (
        missing.output
    )
    packs = [str(UITDAAGRECHT / "packs" / lang) for lang in ("nl", "en")]
    source = (
        "from pathlib import Path\nfrom aantafel import hookimpl\n\n\n"
        f"@hookimpl\ndef register_content_packs():\n    return [Path(p) for p in {packs!r}]\n"
    )
    install_plugin("aantafel_test_werkblad", source, distribution="aantafel-werkblad", entry_point="werkblad")
    typo = runner.invoke(cli, ["prepare", meeting, "--write", "uitdaagrecht-taken=Het park"])
    assert typo.exit_code == 2
    assert "er is geen check of werkbladvraag 'uitdaagrecht-taken'; kies uit: " in typo.output
    assert "uitdaagrecht-taak," in typo.output
    written = runner.invoke(
        cli,
        ["prepare", meeting, "--answer", "bindende-afspraken=ja", "--write", "uitdaagrecht-taak=Het park"],
    )
    assert written.exit_code == 0, written.output
    store = open_store()
    try:
        answers = store.answers(meeting)
    finally:
        store.close()
    assert (answers["uitdaagrecht-taak"].verdict, answers["uitdaagrecht-taak"].text) == (None, "Het park")
    assert answers["bindende-afspraken"].verdict == "yes"


def test_the_coachs_sheet_is_plain_text_with_each_advice_apart() -> None:
    """/sheet in the coach is laid out for a terminal: no Markdown marks ('#', '**'), and the advice of one
    check does not run into the next check's question."""
    coach = make_coach(with_uitdaagrecht(), "nl")
    new_meeting()
    coach.handle(f"/dossier {DOSSIER_TITLE}")
    coach.handle("/prepare")
    coach.handle("1")
    for typed in ("nee", "Lagere huur", "nee", "weet niet", "Niet boven 900", "nee", "nee", "nee", "nee"):
        coach.handle(typed)
    coach.cancel()
    shown = coach.handle("/sheet").lines
    assert shown[0] == f"Voorbereiding: {DOSSIER_TITLE}"
    assert not [line for line in shown if "**" in line or line.lstrip().startswith("#")]
    question = "  Hebben we bewijs van steun uit de buurt?"
    assert question in shown
    assert shown[shown.index(question) - 1] == ""  # a blank line before each advice, not the last bullet
    assert shown[shown.index(question) + 1] == ""
