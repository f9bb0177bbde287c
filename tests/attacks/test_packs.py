"""Content packs that stopped aantafel in the attack on issue 12: each is now a problem that names the file.

A pack is read by every start of every front-end, so one broken pack must never stop the others, and
``aantafel check`` must never pass, hang or run out of memory on one. The FIFO and ``/dev/zero`` cases run
``aantafel check`` as a separate process with a time-out and a memory limit, so a regression fails the test
instead of hanging it or exhausting the machine.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from aantafel import load_library
from aantafel.cli import cli

AANTAFEL = Path(sys.executable).with_name("aantafel")
PACK_TOML = (
    'schema_version = 1\nid = "kapot-aanval"\nlanguage = "nl"\nversion = "0.1.0"\ntitle = "Kapot pakket"\n'
)
GOOD_ITEMS = '[[item]]\nid = "kapot-aanval-goed"\nkind = "topic"\ntitle = "Goed"\nbody = "Dit klopt."\n'


def _pack(folder: Path) -> Path:
    """A pack with one good item file; the test adds the bad one."""
    folder.mkdir()
    (folder / "pack.toml").write_text(PACK_TOML, encoding="utf-8")
    (folder / "goed.toml").write_text(GOOD_ITEMS, encoding="utf-8")
    return folder


def _check(folder: Path) -> tuple[int, str]:
    done = CliRunner().invoke(cli, ["check", str(folder)])
    return done.exit_code, done.output


def _limited() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))


def _check_in_a_process(folder: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(AANTAFEL), "check", str(folder)],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "AANTAFEL_LANG": "en"},
        preexec_fn=_limited,
        check=False,
    )


def test_a_deeply_nested_pack_of_a_plugin_leaves_every_front_end_working(
    tmp_path: Path, install_plugin: Callable[..., None]
) -> None:
    """Item 2: ``x = [[[…`` a thousand deep raised RecursionError out of the reader."""
    pack = _pack(tmp_path / "diep")
    (pack / "diep.toml").write_text("x = " + "[" * 1000 + "]" * 1000 + "\n", encoding="utf-8")
    install_plugin(
        "kapot_diep_plugin",
        f"from pathlib import Path\nfrom aantafel import hookimpl\n\n\n@hookimpl\n"
        f"def register_content_packs():\n    return [Path({str(pack)!r})]\n",
        distribution="kapot-diep",
        entry_point="diep",
    )

    library = load_library()

    [problem] = library.problems
    assert problem.file == pack / "diep.toml"
    assert "nested too deeply" in problem.message
    assert library.plugin_of(problem) == "diep"
    assert library.find("kapot-aanval-goed", "nl") is None
    assert library.get("bindende-afspraken", "nl").kind == "check"
    assert library.search("afspraken", "nl")
    assert library.suggest("ze blijven vaag", "nl")[0].item.id == "niet-concreet"
    for command in (["list"], ["search", "afspraken"], ["suggest", "ze blijven vaag"]):
        done = CliRunner().invoke(cli, command)
        assert done.exit_code == 0, done.output
    plugins = CliRunner().invoke(cli, ["plugins"])
    assert plugins.exit_code == 0, plugins.output
    assert f"{pack / 'diep.toml'}: nested too deeply" in plugins.output

    from aantafel_web.app import create_app

    client = create_app({"TESTING": True}).test_client()
    assert client.get("/search?q=afspraken").status_code == 200
    about = client.get("/about")
    assert about.status_code == 200
    assert "diep.toml" in about.get_data(as_text=True)


@pytest.mark.parametrize("name", ["items.toml", "pack.toml"])
def test_check_refuses_a_dangling_link(tmp_path: Path, name: str) -> None:
    """Item 8: a link to nothing was skipped, and check said "no problems" with exit code 0 (or, for the
    pack's header, that there was no pack at all)."""
    pack = _pack(tmp_path / "pakket")
    (pack / name).unlink(missing_ok=True)
    (pack / name).symlink_to(tmp_path / "weg.toml")

    code, output = _check(pack)

    assert code == 1
    assert f"{pack / name}: a link to {tmp_path / 'weg.toml'}, which does not exist" in output


def test_check_refuses_a_link_to_a_file_outside_the_pack(tmp_path: Path) -> None:
    """Item 8: a link to a system file was read and its problems never shown: "no problems", exit code 0."""
    pack = _pack(tmp_path / "pakket")
    (pack / "items.toml").symlink_to("/etc/passwd")

    code, output = _check(pack)

    assert code == 1
    assert f"{pack / 'items.toml'}: a link to /etc/passwd, outside the pack folder" in output


def test_check_does_not_hang_on_a_fifo(tmp_path: Path) -> None:
    """Item 8: a FIFO named items.toml was opened, and check waited for a writer forever."""
    pack = _pack(tmp_path / "pakket")
    os.mkfifo(pack / "items.toml")

    done = _check_in_a_process(pack)

    assert done.returncode == 1, done.stderr
    assert f"{pack / 'items.toml'}: not a file but a FIFO (named pipe)" in done.stdout


def test_check_does_not_run_out_of_memory_on_a_link_to_dev_zero(tmp_path: Path) -> None:
    """Item 8: the size check saw 0 bytes, and reading /dev/zero ended in MemoryError."""
    pack = _pack(tmp_path / "pakket")
    (pack / "items.toml").symlink_to("/dev/zero")

    done = _check_in_a_process(pack)

    assert done.returncode == 1, done.stderr
    assert f"{pack / 'items.toml'}: a link to /dev/zero, outside the pack folder" in done.stdout
