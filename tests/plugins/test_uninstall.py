"""A module's checks join the preparation while it is installed; after it is gone, every front-end still
opens the dossier, and the answers to its checks are kept and shown as such."""

from __future__ import annotations

from click.testing import CliRunner

from aantafel import load_library
from aantafel.cli import cli
from aantafel.dossiers.store import open_store
from aantafel_repl.plugin import make_coach
from aantafel_web.app import create_app
from tests.plugins import BASE_CHECKS, DOSSIER_TITLE, new_meeting, with_uitdaagrecht

CHECK = "uitdaagrecht-taak-overdraagbaar"  # the first of the module's checks in the preparation


def test_a_dossier_prepared_with_a_module_stays_readable_after_it_is_gone() -> None:
    installed = with_uitdaagrecht()
    assert CHECK in {check.id for check in installed.items("nl", "check")}
    _dossier, meeting = new_meeting()
    coach = make_coach(installed, "nl")
    coach.handle(f"/dossier {DOSSIER_TITLE}")
    asked = "\n".join(coach.handle("/prepare").lines + coach.handle("1").lines)
    assert "Check 1 van 7" in asked  # 4 base checks and the module's 3
    for typed in BASE_CHECKS:
        coach.handle(typed)
    coach.handle("nee, nog geen handtekeningen")
    store = open_store()
    try:
        assert store.answers(meeting)[CHECK].text == "nog geen handtekeningen"
    finally:
        store.close()
    coach.handle("/quit")

    gone = load_library()  # the module uninstalled: only the base packs
    shown = CliRunner().invoke(cli, ["meeting", "show", meeting])
    assert shown.exit_code == 0, shown.output
    assert f"{CHECK} (deze check is niet meer geïnstalleerd)" in shown.stdout
    page = create_app({"TESTING": True}, library=gone).test_client().get(f"/meetings/{meeting}")
    assert page.status_code == 200
    assert f"{CHECK} (deze check is niet meer geïnstalleerd)" in page.get_data(as_text=True)
    later = make_coach(gone, "nl")
    later.handle(f"/dossier {DOSSIER_TITLE}")
    carried = "\n".join(later.handle("/prepare").lines + later.handle("1").lines)
    assert "Alle checks voor dit gesprek zijn beantwoord. Bekijk ze met /sheet" in carried  # all base checks
    assert later.handle("/sheet").lines[0] == "Voorbereiding: Buurttuin overnemen"
