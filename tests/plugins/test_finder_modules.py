"""A trainer module's items take part in the finder once the module is installed, in people's own words."""

from __future__ import annotations

import tomllib
from pathlib import Path

from aantafel import load_library

PLUGINS = Path(__file__).resolve().parents[2] / "plugins"
MODULES = [
    PLUGINS / "aantafel-uitdaagrecht" / "src" / "aantafel_uitdaagrecht" / "packs",
    PLUGINS / "aantafel-pilot" / "src" / "aantafel_pilot" / "packs",
    PLUGINS / "aantafel-zeven-elementen" / "src" / "aantafel_zeven_elementen" / "packs",
]
CASES = tomllib.loads((Path(__file__).parent / "finder_modules.toml").read_text(encoding="utf-8"))["case"]


def test_the_modules_items_are_found_for_situations_they_answer() -> None:
    library = load_library(packs=[folder / language for folder in MODULES for language in ("nl", "en")])
    assert library.problems == ()
    found = 0
    for case in CASES:
        ids = [s.item.id for s in library.suggest(case["text"], case["language"], limit=3)]
        found += bool(set(case["expect"]) & set(ids))
    print(f"trainer modules: {found} of {len(CASES)} in the top 3")
    assert found >= 0.65 * len(CASES)  # 14 of 20 when this was written


def test_without_the_module_its_situations_do_not_get_its_items() -> None:
    library = load_library()
    module_ids = {expected for case in CASES for expected in case["expect"]}
    for case in CASES:
        assert not module_ids & {s.item.id for s in library.suggest(case["text"], case["language"])}
