"""The key for signed cookies: made once, private to the user, outside the repository, kept on restart."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import pytest
from flask import Flask, session

from aantafel_web.app import create_app
from aantafel_web.secret import FILE_NAME, SecretKeyError, secret_key
from tests.conftest import ROOT


def _data_folder() -> Path:
    return Path(os.environ["XDG_DATA_HOME"]) / "aantafel"


def _remembers(app: Flask) -> Flask:
    """The app with a page that signs a value into Flask's session and one that reads it back."""

    @app.get("/remember/<word>")
    def remember(word: str) -> str:
        session["word"] = word
        return "ok"

    @app.get("/recall")
    def recall() -> str:
        return str(session.get("word"))

    return app


def test_the_key_is_made_on_first_start_private_and_outside_the_repository() -> None:
    app = create_app({"TESTING": True})
    kept = _data_folder() / FILE_NAME
    assert kept.stat().st_mode & 0o777 == 0o600
    assert app.secret_key == kept.read_text().strip()
    assert len(app.secret_key) == 64
    assert ROOT not in kept.resolve().parents
    assert create_app({"TESTING": True}).secret_key == app.secret_key


def test_a_signed_cookie_still_holds_after_a_restart() -> None:
    first = _remembers(create_app({"TESTING": True})).test_client()
    assert first.get("/remember/onderhandelen").status_code == 200
    cookie = first.get_cookie("session")
    assert cookie is not None
    restarted = _remembers(create_app({"TESTING": True})).test_client()
    restarted.set_cookie("session", cookie.value)
    assert restarted.get("/recall").get_data(as_text=True) == "onderhandelen"
    forged = _remembers(create_app({"TESTING": True, "SECRET_KEY": "x" * 64})).test_client()
    forged.set_cookie("session", cookie.value)
    assert forged.get("/recall").get_data(as_text=True) == "None"


def test_a_key_others_could_read_is_made_private_again(tmp_path: Path) -> None:
    made = secret_key(tmp_path)
    (tmp_path / FILE_NAME).chmod(0o644)
    assert secret_key(tmp_path) == made
    assert (tmp_path / FILE_NAME).stat().st_mode & 0o777 == 0o600


def test_a_damaged_key_names_the_file_and_what_to_do(tmp_path: Path) -> None:
    (tmp_path / FILE_NAME).write_text("kort\n")
    with pytest.raises(SecretKeyError, match=rf"{FILE_NAME} is damaged .*delete the file"):
        secret_key(tmp_path)


def test_without_a_key_the_pages_still_work_and_the_log_says_why(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    blocked = tmp_path / "geen-map"
    blocked.write_text("a file where the data folder should be")
    monkeypatch.setenv("XDG_DATA_HOME", str(blocked))
    with caplog.at_level(logging.WARNING):
        app = create_app({"TESTING": True})
    assert not app.secret_key
    assert f"cannot make the web page's key {blocked / 'aantafel' / FILE_NAME}" in caplog.text
    assert app.test_client().get("/").status_code == 200
