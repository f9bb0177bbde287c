"""The pack cache: a start with nothing changed skips reading; a change or a broken cache is read afresh."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from aantafel import load_library
from aantafel import reader as reader_module

ROOT = Path(__file__).resolve().parents[2]
DUTCH_PACK = ROOT / "content" / "nl" / "src" / "aantafel_nl" / "pack"


@pytest.fixture
def pack(tmp_path: Path) -> Path:
    """A copy of the Dutch pack under a new id, so it can be edited without touching the real one."""
    folder = tmp_path / "pack"
    shutil.copytree(DUTCH_PACK, folder)
    return folder


def _title(folder: Path) -> str:
    library = load_library(packs=[folder], entry_points=False)
    return library.get("grenzen", "nl").title


def test_a_warm_start_does_not_read_the_pack_again(pack: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = load_library(packs=[pack], entry_points=False)

    def no_reading(*args: object, **kwargs: object) -> None:
        raise AssertionError("the pack was read again although nothing changed")

    monkeypatch.setattr("aantafel.library.read_pack", no_reading)
    second = load_library(packs=[pack], entry_points=False)
    assert [i.id for i in second.items("nl")] == [i.id for i in first.items("nl")]
    assert second.get("grenzen", "nl") == first.get("grenzen", "nl")


def test_an_edited_file_is_read_again(pack: Path) -> None:
    assert _title(pack) == "Welke grenzen stellen jullie aan de uitkomst?"
    checks = pack / "checks.toml"
    text = checks.read_text(encoding="utf-8").replace(
        "Welke grenzen stellen jullie aan de uitkomst?", "Waar ligt jullie grens?"
    )
    checks.write_text(text, encoding="utf-8")
    stat = checks.stat()
    os.utime(checks, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    assert _title(pack) == "Waar ligt jullie grens?"


def test_a_new_problem_in_an_edited_file_is_reported(pack: Path) -> None:
    assert load_library(packs=[pack], entry_points=False).problems == ()
    (pack / "extra.toml").write_text('[[item]]\nid = "x"\nkind = "topic"\ntitle = 3\n', encoding="utf-8")
    problems = load_library(packs=[pack], entry_points=False).problems
    assert [(p.file, p.field) for p in problems] == [
        (pack / "extra.toml", "title"),
        (pack / "extra.toml", "body"),
    ]


def test_a_corrupt_cache_is_ignored_and_rebuilt(
    pack: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AANTAFEL_CACHE_DIR", str(tmp_path / "cache"))
    load_library(packs=[pack], entry_points=False)
    cache_file = tmp_path / "cache" / "packs.pickle"
    assert cache_file.stat().st_size > 0
    cache_file.write_bytes(b"\x80\x05 this is not a pickle")
    assert _title(pack) == "Welke grenzen stellen jullie aan de uitkomst?"
    assert cache_file.read_bytes()[:2] != b"\x80\x05 "


def test_an_unwritable_cache_folder_does_not_stop_loading(
    pack: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("AANTAFEL_CACHE_DIR", str(blocker / "cache"))
    assert _title(pack) == "Welke grenzen stellen jullie aan de uitkomst?"


def test_the_cache_is_not_used_with_other_item_kinds(pack: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from attrs import frozen

    from aantafel import Item, hookimpl

    load_library(packs=[pack], entry_points=False)
    read: list[Path] = []
    original = reader_module.read_pack

    def counting(folder: Path, *args: object, **kwargs: object) -> object:
        read.append(folder)
        return original(folder, *args, **kwargs)  # type: ignore[arg-type]

    @frozen(kw_only=True, slots=False)
    class Scenario(Item):
        kind = "scenario"

    class Kinds:
        @hookimpl
        def register_item_kinds(self) -> list[type[Item]]:
            return [Scenario]

    monkeypatch.setattr("aantafel.library.read_pack", counting)
    load_library(packs=[pack], entry_points=False, plugins=[("kinds", Kinds())])
    assert read == [pack]


def test_a_pack_folder_that_is_gone_leaves_the_cache(pack: Path, tmp_path: Path) -> None:
    """Old checkouts and virtual environments share the user's cache; their packs must not pile up in it."""
    import pickle

    from aantafel.cache import default_path

    other = tmp_path / "old-checkout"
    shutil.copytree(pack, other)
    load_library(packs=[pack, other], entry_points=False)
    with default_path().open("rb") as handle:
        assert str(other) in pickle.load(handle)["entries"]
    shutil.rmtree(other)
    load_library(packs=[pack], entry_points=False)
    with default_path().open("rb") as handle:
        assert set(pickle.load(handle)["entries"]) == {str(pack)}


@pytest.mark.parametrize("xdg", [None, "/elders/cache"])
def test_the_cache_folder_is_where_platformdirs_puts_it(
    monkeypatch: pytest.MonkeyPatch, xdg: str | None
) -> None:
    """Worked out by hand on Linux to keep platformdirs out of every start; it must stay the same folder."""
    from platformdirs import user_cache_path

    from aantafel.places import cache_folder

    monkeypatch.delenv("AANTAFEL_CACHE_DIR")
    if xdg is None:
        monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    else:
        monkeypatch.setenv("XDG_CACHE_HOME", xdg)
    assert cache_folder() == user_cache_path("aantafel", appauthor=False)
