"""A trainer module's web page names its steps as people read them: each step's title, linked to it."""

from __future__ import annotations

import re

import pytest

from aantafel_web.app import create_app
from tests.plugins import UITDAAGRECHT, with_uitdaagrecht


@pytest.mark.parametrize(
    ("language", "first", "absent"),
    [
        ("nl", "Wat is het uitdaagrecht?", "niet geïnstalleerd"),
        ("en", "What is the right to challenge?", "not installed"),
    ],
)
def test_a_modules_steps_are_titles_that_link_to_them(language: str, first: str, absent: str) -> None:
    client = create_app({"TESTING": True}, library=with_uitdaagrecht()).test_client()
    page = client.get(f"/item/uitdaagrecht?lang={language}").get_data(as_text=True)
    steps = re.search(r"<ol>(.*?)</ol>", page, re.DOTALL)
    assert steps is not None
    assert f'<li><a href="/item/uitdaagrecht-wat-is-het">{first}</a>' in steps.group(1)
    assert ">uitdaagrecht-wat-is-het<" not in page  # no id where a title belongs


def test_a_step_whose_item_is_not_installed_says_so() -> None:
    from aantafel import load_library

    alone = load_library(packs=[UITDAAGRECHT / "packs" / "nl"], entry_points=False)  # without the base pack
    page = create_app({"TESTING": True}, library=alone).test_client().get("/item/uitdaagrecht?lang=nl")
    assert "<li>belangen-niet-posities (niet geïnstalleerd)" in page.get_data(as_text=True)
