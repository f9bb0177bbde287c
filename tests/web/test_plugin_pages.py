"""A plugin adds pages and menu links to the web page (``register_web_pages``, ``register_menu_links``),
installed as pip would with an entry point; its pages are protected like ours, and a broken one is left out
while the rest of the page works."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from aantafel import load_library
from aantafel_web.app import create_app
from tests.web import SAME

EXERCISES = """\
from pathlib import Path

from aantafel import hookimpl


@hookimpl(optionalhook=True)
def register_web_pages():
    from flask import Blueprint, g, render_template

    pages = Blueprint("oefenen", __name__, template_folder=str(Path(__file__).parent / "oefen-templates"))

    @pages.get("/oefenen")
    def exercises():
        return render_template("oefenen.html", lang=g.lang)

    @pages.post("/oefenen")
    def done():
        return "klaar"

    return [pages]


@hookimpl(optionalhook=True)
def register_menu_links(language):
    from aantafel_web.hooks import MenuLink

    return [MenuLink({"nl": "Oefenen", "en": "Practise"}.get(language, "Practise"), "/oefenen")]
"""
TEMPLATE = """{% extends "base.html" %}
{% block title %}Oefenen{% endblock %}
{% block main %}<h1>Rollenspel in het {{ lang }}</h1>{% endblock %}
"""


@pytest.fixture
def installed(install_plugin: Callable[..., None], tmp_path: Path) -> Callable[[str], FlaskClient]:
    """Install a plugin with ``source`` as its module and the exercise template next to it; return a
    client of an app made with every installed plugin."""

    def install(source: str) -> FlaskClient:
        install_plugin(
            "aantafel_test_oefenen", source, distribution="aantafel-oefenen", entry_point="oefenen"
        )
        (tmp_path / "site" / "oefen-templates").mkdir(exist_ok=True)
        (tmp_path / "site" / "oefen-templates" / "oefenen.html").write_text(TEMPLATE, encoding="utf-8")
        return create_app({"TESTING": True}).test_client()

    return install


def test_a_plugin_page_is_served_in_the_page_layout_with_a_menu_link(
    installed: Callable[[str], FlaskClient],
) -> None:
    client = installed(EXERCISES)

    page = client.get("/oefenen?lang=nl")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "<h1>Rollenspel in het nl</h1>" in text
    assert '<a href="/oefenen">Oefenen</a>' in text  # the plugin's own menu link, in the menu of every page
    assert "Content-Security-Policy" in page.headers  # the page's protection covers plugin pages too
    english = client.get("/library?lang=en").get_data(as_text=True)
    assert '<a href="/oefenen">Practise</a>' in english
    assert client.post("/oefenen").status_code == 403  # a form from elsewhere is refused, as on our pages
    assert client.post("/oefenen", headers=SAME).get_data(as_text=True) == "klaar"


BROKEN = {
    "raises": EXERCISES.replace("    return [pages]", "    raise RuntimeError('kapot')"),
    "not a blueprint": EXERCISES.replace("    return [pages]", "    return ['/oefenen']"),
    "a taken name": EXERCISES.replace('Blueprint("oefenen"', 'Blueprint("dossiers"'),
}


@pytest.mark.parametrize("case", BROKEN)
def test_a_broken_plugin_page_is_left_out_and_reported(
    installed: Callable[[str], FlaskClient], case: str
) -> None:
    client = installed(BROKEN[case])

    assert client.get("/oefenen").status_code == 404
    assert client.get("/dossiers/").status_code == 200  # ours are untouched
    about = client.get("/about?lang=en").get_data(as_text=True)
    expected = {
        "raises": "hook register_web_pages raised RuntimeError: kapot",
        "not a blueprint": "hook register_web_pages returned list; expected a list of flask.Blueprint",
        "a taken name": "hook register_web_pages returned a blueprint named &#39;dossiers&#39;, a name the "
        "page already uses",
    }[case]
    assert expected in about


def test_a_menu_link_that_is_not_one_is_reported() -> None:
    class Wrong:
        from aantafel import hookimpl

        @hookimpl(optionalhook=True)
        def register_menu_links(self, language: str) -> list[str]:
            return ["/oefenen"]

    library = load_library(plugins=[("verkeerd", Wrong())])
    page = create_app({"TESTING": True}, library=library).test_client().get("/").get_data(as_text=True)

    assert "/oefenen" not in page
    assert [message for name, message in library.plugins.failures() if name == "verkeerd"] == [
        "hook register_menu_links returned list; expected a list of aantafel_web.hooks.MenuLink"
    ]
