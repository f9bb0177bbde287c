"""Reading installed distributions without ``importlib.metadata``: the same answers, found faster."""

from __future__ import annotations

import importlib.metadata
import sys
import zipfile
from pathlib import Path

import pytest

from aantafel import distributions


def test_the_same_entry_points_and_versions_as_importlib_metadata() -> None:
    ours = {(p.name, p.value, p.distribution, p.version) for p in distributions.entry_points("aantafel")}
    theirs = {
        (p.name, p.value, p.dist.name if p.dist else None, p.dist.version if p.dist else None)
        for p in importlib.metadata.entry_points(group="aantafel")
    }
    assert ours == theirs
    assert {"nl", "en", "web", "repl"} <= {name for name, *_ in ours}
    assert distributions.version("aantafel") == importlib.metadata.version("aantafel")
    assert distributions.version("Aantafel_Web") == importlib.metadata.version("aantafel-web")
    assert distributions.version("no-such-distribution") is None


def _dist(site: Path, folder: str, name: str, version: str, entry_points: str) -> None:
    info = site / folder
    info.mkdir(parents=True)
    (info / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n\nName: not-this\n"
    )
    (info / "entry_points.txt").write_text(entry_points)


def test_a_distribution_found_twice_counts_once_and_entry_points_are_read_as_ini(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    _dist(
        first,
        "aantafel_demo-1.0.dist-info",
        "aantafel-demo",
        "1.0",
        "# a comment\n[console_scripts]\ndemo = demo:main\n\n"
        "[aantafel]\ndemo = demo_pack.plugin:hooks [extra]\n",
    )
    _dist(second, "aantafel_demo-0.9.dist-info", "aantafel-demo", "0.9", "[aantafel]\nold = old_pack\n")
    monkeypatch.setattr(sys, "path", [str(first), str(tmp_path / "missing"), str(second)])
    found = distributions.entry_points("aantafel")
    assert [(p.name, p.value, p.distribution, p.version) for p in found] == [
        ("demo", "demo_pack.plugin:hooks", "aantafel-demo", "1.0")
    ]
    assert distributions.version("aantafel_demo") == "1.0"


def test_an_entry_point_loads_its_object(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "demo_pack").mkdir()
    (tmp_path / "demo_pack" / "__init__.py").write_text("class Hooks:\n    class Inner:\n        pass\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    point = distributions.InstalledEntryPoint("demo", "demo_pack:Hooks.Inner", "aantafel-demo", "1.0")
    loaded = point.load()
    assert isinstance(loaded, type)
    assert loaded.__qualname__ == "Hooks.Inner"


def test_a_zip_on_the_path_is_left_to_importlib_metadata(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    archive = tmp_path / "plugins.zip"
    with zipfile.ZipFile(archive, "w") as out:
        out.writestr(
            "zipped_demo-2.0.dist-info/METADATA", "Metadata-Version: 2.1\nName: zipped-demo\nVersion: 2.0\n"
        )
        out.writestr("zipped_demo-2.0.dist-info/entry_points.txt", "[aantafel]\nzipped = zipped_demo\n")
    monkeypatch.setattr(sys, "path", [str(archive), *sys.path])
    assert ("zipped", "zipped-demo", "2.0") in {
        (p.name, p.distribution, p.version) for p in distributions.entry_points("aantafel")
    }
    assert distributions.version("zipped-demo") == "2.0"
