"""Export, import and backup: lossless, careful with bad files, and nothing stored half."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aantafel import load_library
from aantafel.documents import render_html, render_markdown
from aantafel.dossiers.exchange import MAX_BYTES, export_dossier, import_dossier, read_payload
from aantafel.dossiers.model import DossierError, InvalidDossier, Move, Participant, Record
from aantafel.dossiers.sheet import preparation_sheet
from aantafel.dossiers.store import Store, StoreError, open_store
from aantafel.dossiers.store.rows import TABLES
from aantafel.exporters import Document

EARLIER = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)
LATER = datetime(2030, 1, 15, 14, 0, tzinfo=UTC)


def _full(store: Store) -> str:
    dossier = store.create_dossier(
        {"title": "Huur buurthuis", "goal": "Lagere huur", "limits": "Niet boven 900 euro"}, author="Fatima"
    )
    first = store.add_meeting(dossier.id, starts_at=EARLIER, place="Stadhuis", author="Fatima")
    store.record_meeting(
        first.id,
        Record(
            notes="Kennismaking",
            emotions="De wethouder was boos",
            moves=(Move(side="theirs", kind="offered", what="850"),),
        ),
        expected_version=1,
        author="Fatima",
    )
    second = store.add_meeting(
        dossier.id,
        starts_at=LATER,
        purpose="Huur",
        people=[Participant(name="Jansen", binding="yes")],
        author="Kees",
    )
    store.answer(second.id, "bindende-afspraken", "no", "Jansen komt niet", expected_version=0, author="Kees")
    store.answer(second.id, "grenzen", "yes", expected_version=0, author="Kees")
    store.add_agreement(dossier.id, what="Taxatie sturen", side="theirs", due=date(2030, 2, 1), author="Kees")
    done = store.add_agreement(dossier.id, what="Begroting delen", side="ours", author="Kees")
    store.set_agreement_status(done.id, "done", expected_version=1, author="Kees")
    return dossier.id


def test_export_then_import_is_lossless_across_databases(store: Store, tmp_path: Path) -> None:
    dossier_id = _full(store)
    exported = export_dossier(store, dossier_id)
    other = open_store(f"sqlite:///{tmp_path / 'other.sqlite'}")
    imported = import_dossier(other, read_payload(json.dumps(exported)))
    assert imported == store.dossier(dossier_id)
    assert export_dossier(other, dossier_id) == exported
    assert other.history(dossier_id) == store.history(dossier_id)
    other.close()


def test_the_json_exporter_output_imports_too(store: Store, tmp_path: Path) -> None:
    from aantafel.exporters import JSON_EXPORTER

    dossier_id = _full(store)
    document = Document(kind="dossier", title="x", language="nl", data=export_dossier(store, dossier_id))
    other = open_store(f"sqlite:///{tmp_path / 'other.sqlite'}")
    import_dossier(other, read_payload(JSON_EXPORTER.render(document).decode("utf-8")))
    assert other.dossier(dossier_id).title == "Huur buurthuis"
    other.close()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "{not json",
            "not valid JSON: Expecting property name enclosed in double quotes at line 1, column 2",
        ),
        (
            '{"format": "iets anders"}',
            "this is not an exported aantafel dossier",
        ),
        (
            '{"format": "aantafel-dossier", "version": 5}',
            "this file has format version 5; this aantafel reads up to 4. Update aantafel",
        ),
        ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
        ('"' + "x" * (MAX_BYTES + 1) + '"', "larger than 20,000,000 bytes"),
    ],
)
def test_a_bad_file_is_refused_with_a_clear_message(text: str, message: str) -> None:
    with pytest.raises(DossierError) as caught:
        read_payload(text)
    assert message in str(caught.value)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda p: p["dossier"].update(titel="x"), "dossier.titel: this aantafel does not know it"),
        (lambda p: p["dossier"].update(version="3"), "dossier.version: expected a whole number, got '3'"),
        (lambda p: p["dossier"].pop("title"), "dossier.title is missing"),
        (
            lambda p: p["meetings"][0].update(starts_at="morgen"),
            "meetings[0].starts_at: expected a date and time",
        ),
        (
            lambda p: p["agreements"][0].update(due="1-2-2030"),
            "agreements[0].due: expected a date (YYYY-MM-DD)",
        ),
        (lambda p: p["meetings"][1]["participants"].append(5), "meetings[1].participants[1]"),
        (lambda p: p.update(history="geen lijst"), "history: expected a list"),
    ],
)
def test_a_damaged_export_stores_nothing(store: Store, tmp_path: Path, change: object, message: str) -> None:
    dossier_id = _full(store)
    payload = export_dossier(store, dossier_id)
    change(payload)  # type: ignore[operator]
    other = open_store(f"sqlite:///{tmp_path / 'other.sqlite'}")
    with pytest.raises(InvalidDossier) as caught:
        import_dossier(other, payload)
    assert str(caught.value).startswith(message)
    assert other.dossiers() == []
    other.close()


def test_importing_a_dossier_that_is_already_there_changes_nothing(store: Store) -> None:
    dossier_id = _full(store)
    payload = export_dossier(store, dossier_id)
    with pytest.raises(DossierError, match="already in this database"):
        import_dossier(store, payload)
    assert export_dossier(store, dossier_id) == payload


def test_a_dossier_that_is_already_there_comes_in_as_a_copy(store: Store) -> None:
    """``as_copy``: new ids for the dossier, its meetings and agreements, everywhere they are named; the
    original stays as it was, and the copy can be copied again."""
    dossier_id = _full(store)
    payload = export_dossier(store, dossier_id)
    copied = import_dossier(store, payload, as_copy=True, language="nl")
    again = import_dossier(store, payload, as_copy=True, language="en")
    assert (copied.title, again.title) == ("Huur buurthuis (kopie)", "Huur buurthuis (copy)")
    assert len({dossier_id, copied.id, again.id}) == 3
    assert export_dossier(store, dossier_id) == payload
    original = store.meetings(dossier_id)
    meetings = store.meetings(copied.id)
    assert [m.starts_at for m in meetings] == [m.starts_at for m in original]
    assert not {m.id for m in meetings} & {m.id for m in original}
    assert store.answers(meetings[1].id) == store.answers(original[1].id)
    assert store.record(meetings[0].id) == store.record(original[0].id)
    agreements = store.agreements(copied.id)
    assert sorted(a.what for a in agreements) == ["Begroting delen", "Taxatie sturen"]
    assert not {a.id for a in agreements} & {a.id for a in store.agreements(dossier_id)}
    done = next(a for a in agreements if a.status == "done")
    assert [c.action for c in store.agreement_history(done.id)] == ["agreement added", "agreement status"]
    assert len(store.history(copied.id)) == len(store.history(dossier_id))


def test_a_copy_marks_a_title_at_its_limit_and_stays_within_it(store: Store) -> None:
    dossier = store.create_dossier({"title": "x" * 200}, author="a")
    copied = import_dossier(store, export_dossier(store, dossier.id), as_copy=True, language="nl")
    assert copied.title == "x" * 192 + " (kopie)"


def test_rows_that_leave_out_different_fields_are_all_stored_whole(store: Store, tmp_path: Path) -> None:
    """A field with a default may be left out of a row; the rows after it keep their own value of it."""
    dossier_id = _full(store)
    payload = export_dossier(store, dossier_id)
    payload["meetings"][0].pop("place")  # type: ignore[index]
    payload["meetings"][1]["place"] = "Buurthuis"  # type: ignore[index]
    other = open_store(f"sqlite:///{tmp_path / 'other.sqlite'}")
    import_dossier(other, payload)
    assert [meeting.place for meeting in other.meetings(dossier_id)] == ["", "Buurthuis"]
    other.close()


def test_a_database_error_during_export_is_a_store_error(database_url: str) -> None:
    store = open_store(database_url)
    dossier_id = _full(store)
    other = sqlalchemy.create_engine(database_url)
    with other.begin() as connection:
        connection.execute(sqlalchemy.text("DROP TABLE moves"))
    other.dispose()
    with pytest.raises(StoreError) as caught:
        export_dossier(store, dossier_id)
    assert str(caught.value).startswith(f"database error in {store.location}: ")
    assert "moves" in str(caught.value)
    store.close()


texts = st.text(st.characters(codec="utf-8", exclude_characters="\x00"), max_size=40)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    values=st.fixed_dictionaries(
        {"title": texts.filter(lambda t: t.strip())}, optional={"goal": texts, "limits": texts}
    ),
    offsets=st.lists(st.integers(min_value=-1000, max_value=1000), max_size=3),
    notes=st.lists(texts, max_size=3),
    promises=st.lists(
        st.tuples(texts.filter(lambda t: t.strip()), st.sampled_from(["ours", "theirs", "other"])), max_size=3
    ),
)
def test_random_dossiers_survive_export_and_import(
    tmp_path_factory: pytest.TempPathFactory,
    values: dict[str, str],
    offsets: list[int],
    notes: list[str],
    promises: list[tuple[str, str]],
) -> None:
    folder = tmp_path_factory.mktemp("roundtrip")
    source = open_store(f"sqlite:///{folder / 'a.sqlite'}")
    target = open_store(f"sqlite:///{folder / 'b.sqlite'}")
    dossier = source.create_dossier(values, author="a")
    for offset, note in zip(offsets, notes + [""] * len(offsets), strict=False):
        meeting = source.add_meeting(dossier.id, starts_at=EARLIER + timedelta(hours=offset), author="a")
        source.record_meeting(meeting.id, Record(notes=note, emotions=note), expected_version=1, author="a")
        source.answer(meeting.id, "grenzen", "unsure", note, expected_version=0, author="a")
    for what, side in promises:
        source.add_agreement(dossier.id, what=what, side=side, author="a")
    exported = export_dossier(source, dossier.id)
    import_dossier(target, read_payload(json.dumps(exported)))
    assert export_dossier(target, dossier.id) == exported
    source.close()
    target.close()


def test_the_sheet_holds_what_the_next_meeting_needs(store: Store) -> None:
    dossier_id = _full(store)
    library = load_library()
    sheet = preparation_sheet(store, library, dossier_id, "nl", now=EARLIER + timedelta(days=1))
    assert sheet["meeting"]["starts_at"] == LATER.isoformat()
    assert (sheet["dossier"]["goal"], sheet["dossier"]["limits"]) == ("Lagere huur", "Niet boven 900 euro")
    answers = {c["id"]: (c["verdict"], c["text"], bool(c["advice"])) for c in sheet["checks"]}
    assert answers["bindende-afspraken"] == ("no", "Jansen komt niet", True)
    assert answers["grenzen"] == ("yes", "", False)
    assert answers["doel-van-het-gesprek"] == (None, "", False)
    assert [a["what"] for a in sheet["agreements"]] == ["Taxatie sturen"]
    assert sheet["emotions"] == "De wethouder was boos"
    assert len(sheet["principles"]) == 6
    markdown = render_markdown(Document(kind="sheet", title="x", language="nl", data=sheet)).decode()
    assert markdown.startswith("# Voorbereiding: Huur buurthuis\n")
    assert "- Kunnen de mensen aan tafel bindende afspraken maken? — nee — Jansen komt niet" in markdown
    assert "## Emoties van het vorige gesprek\n\nDe wethouder was boos" in markdown
    checks = markdown.index("## Checks vooraf")
    assert markdown.index("- Kunnen de mensen", checks) < markdown.index("Vraag het aan het begin", checks)


def test_html_escapes_what_users_typed_and_prints_on_a4(store: Store) -> None:
    dossier = store.create_dossier({"title": "<script>alert(1)</script>", "goal": "a & b"}, author="a")
    sheet = preparation_sheet(store, load_library(), dossier.id, "en")
    page = render_html(Document(kind="sheet", title="x", language="en", data=sheet)).decode()
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "a &amp; b" in page
    assert '<html lang="en">' in page
    assert "@page { size: A4" in page


def test_a_backup_is_a_working_copy(tmp_path: Path) -> None:
    store = open_store(f"sqlite:///{tmp_path / 'a.sqlite'}")
    dossier_id = _full(store)
    copy = store.backup(tmp_path / "backups" / "copy.sqlite")
    restored = open_store(f"sqlite:///{copy}")
    assert export_dossier(restored, dossier_id) == export_dossier(store, dossier_id)
    with pytest.raises(StoreError, match="exists already"):
        store.backup(copy)
    restored.close()
    store.close()


def test_backup_of_postgresql_points_to_its_own_tools(database_url: str) -> None:
    store = open_store(database_url)
    if store._engine.dialect.name == "sqlite":
        store.close()
        pytest.skip("this case is about PostgreSQL")
    with pytest.raises(StoreError, match="pg_dump"):
        store.backup(Path("/tmp/nowhere.sqlite"))
    store.close()


def test_a_file_of_format_version_1_is_read_with_its_answers_meaning_the_same(
    store: Store, tmp_path: Path
) -> None:
    """Version 1 wrote an answer as ``answer`` and ``note``, a worksheet's text as "written"."""
    dossier_id = _full(store)
    exported = export_dossier(store, dossier_id)
    planned: list[dict[str, list[dict[str, object]]]] = exported["meetings"]  # type: ignore[assignment]
    answers = [answer for meeting in planned for answer in meeting["answers"]]
    for answer in answers:
        answer["answer"] = answer.pop("verdict") or "written"
        answer["note"] = answer.pop("text")
    exported["version"] = 1
    with pytest.raises(DossierError, match="already in this database"):
        import_dossier(store, read_payload(json.dumps(exported)))
    other = open_store(f"sqlite:///{tmp_path / 'other.sqlite'}")
    imported = import_dossier(other, read_payload(json.dumps(exported)))
    meetings = other.meetings(imported.id)
    given = {key: (a.verdict, a.text) for m in meetings for key, a in other.answers(m.id).items()}
    assert given == {
        key: (a.verdict, a.text) for m in store.meetings(dossier_id) for key, a in store.answers(m.id).items()
    }
    assert given["bindende-afspraken"] == ("no", "Jansen komt niet")
    other.close()


_ODD_VALUES = st.one_of(
    st.text(max_size=20),
    st.sampled_from(
        [
            "",
            " x ",
            "ours",
            "other",
            "done",
            "broken",
            "unsure",
            "grenzen",
            "abcd1234",
            "2030-01-01",
            "\x00",
            "\udcff",
        ]
    ),
    st.sampled_from(["2030-01-15T14:00:00+00:00", "2030-01-15T14:00:00", "x" * 20_001]),
    st.integers(min_value=-5, max_value=2**64),
    st.none(),
    st.booleans(),
    st.builds(list),
    st.builds(dict),
)


def _spots(value: object) -> Iterator[tuple[Any, Any]]:
    """Every place in a payload that a mutation can change: each key of an object, each entry of a list."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield value, key
            yield from _spots(item)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield value, index
            yield from _spots(item)


@st.composite
def _mutated(draw: st.DrawFn, exported: dict[str, Any]) -> dict[str, Any]:
    """A real export with up to two places changed or left out: most stay importable, many are not."""
    payload = copy.deepcopy(exported)
    for _ in range(draw(st.integers(min_value=0, max_value=2))):
        container, key = draw(st.sampled_from(list(_spots(payload))))
        if isinstance(container, dict) and draw(st.integers(min_value=0, max_value=3)) == 0:
            del container[key]
        else:
            container[key] = draw(_ODD_VALUES)
    return payload


def test_whatever_an_import_accepts_can_be_shown_edited_and_exported_again(
    database_url: str, tmp_path: Path
) -> None:
    """The import is held to the forms' rules, so nothing it stores can trip up a page, an edit or the
    next export, on either database."""
    source = open_store(f"sqlite:///{tmp_path / 'source.sqlite'}")
    exported = export_dossier(source, _full(source))
    source.close()
    store = open_store(database_url)
    engine = sqlalchemy.create_engine(database_url)
    accepted = []

    @settings(
        max_examples=50,
        deadline=None,
        derandomize=True,  # the same files each run: a count of accepted ones must not depend on luck
        suppress_health_check=[HealthCheck.function_scoped_fixture],
    )
    @given(payload=_mutated(exported))
    def check(payload: dict[str, Any]) -> None:
        try:
            dossier = import_dossier(store, read_payload(json.dumps(payload)))
        except DossierError:
            return
        try:
            accepted.append(dossier.id)
            _show_edit_and_export(store, database_url, dossier.id)
        finally:
            with engine.begin() as connection:
                for table in reversed(TABLES):
                    connection.execute(table.delete())

    check()
    engine.dispose()
    store.close()
    assert len(accepted) >= 5


def _show_edit_and_export(store: Store, database_url: str, dossier_id: str) -> None:
    from click.testing import CliRunner

    from aantafel.cli import cli

    shown = CliRunner().invoke(cli, ["dossier", "show", dossier_id, "--db", database_url])
    assert shown.exit_code == 0, shown.output
    dossier = store.dossier(dossier_id)
    store.update_dossier(dossier.id, {"goal": "Nieuw doel"}, expected_version=dossier.version, author="t")
    for meeting in store.meetings(dossier.id):
        moved = store.update_meeting(
            meeting.id,
            starts_at=meeting.starts_at,
            place=meeting.place + " 2",
            purpose=meeting.purpose,
            people=meeting.participants,
            expected_version=meeting.version,
            author="t",
        )
        store.record_meeting(meeting.id, store.record(meeting.id), expected_version=moved.version, author="t")
        for check_id, answer in store.answers(meeting.id).items():
            store.answer(
                meeting.id,
                check_id,
                answer.verdict,
                answer.text + " en meer",
                expected_version=answer.version,
                author="t",
            )
    for agreement in store.agreements(dossier.id):
        store.update_agreement(
            agreement.id,
            what=agreement.what + " 2",
            side=agreement.side,
            person=agreement.person,
            due=agreement.due,
            if_broken=agreement.if_broken,
            expected_version=agreement.version,
            author="t",
        )
    assert read_payload(json.dumps(export_dossier(store, dossier.id)))["dossier"]["goal"] == "Nieuw doel"  # type: ignore[index]
