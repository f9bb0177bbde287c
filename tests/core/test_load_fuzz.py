"""Random TOML-shaped item files: the loader loads them or reports problems, and never raises anything else.

The generated data mixes the real field names and kinds with random ones, and right types with wrong ones, so
most examples get past the TOML parser and exercise the structure checks.
"""

from __future__ import annotations

import json
import math
import re
import tomllib
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aantafel import Problem, load_library
from aantafel.converter import StrictConverter
from aantafel.items import BUILTIN_KINDS, ID_PATTERN, Prompt, Step
from aantafel.reader import read_pack

KINDS = {cls.kind: cls for cls in BUILTIN_KINDS}
FIELD_NAMES = sorted({a.name for cls in (*BUILTIN_KINDS, Step, Prompt) for a in attrs.fields(cls)} | {"kind"})
PACK_TOML = 'schema_version = 1\nid = "kapot-fuzz"\nlanguage = "nl"\nversion = "0.1.0"\ntitle = "Fuzz"\n'


# A tiny TOML writer ------------------------------------------------------------------------------------


def toml_string(text: str) -> str:
    """A TOML basic string: escape the quote, the backslash and every control character TOML forbids."""
    out = []
    for char in text:
        if char in '"\\':
            out.append("\\" + char)
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)  # '1e+16' and '0.5' are both valid TOML
    if isinstance(value, str):
        return toml_string(value)
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{toml_string(k)} = {toml_value(v)}" for k, v in value.items()) + "}"
    raise TypeError(type(value))


@attrs.frozen
class Layout:
    """An item file as written, with the line of each ``[[item]]`` header and of each key in each item."""

    text: str
    headers: list[int]
    keys: list[dict[str, int]]


def toml_items(preamble: dict[str, Any], items: list[dict[str, Any]]) -> Layout:
    lines = [f"{toml_string(key)} = {toml_value(value)}" for key, value in preamble.items()]
    headers: list[int] = []
    key_lines: list[dict[str, int]] = []
    for item in items:
        lines += ["", "[[item]]"]
        headers.append(len(lines))
        key_lines.append({})
        for key, value in item.items():
            lines.append(f"{toml_string(key)} = {toml_value(value)}")
            key_lines[-1][key] = len(lines)
    return Layout("\n".join(lines) + "\n", headers, key_lines)


def expected_line(problem: Problem, entries: list[dict[str, Any]], layout: Layout) -> int | None:
    """Where a problem about one item must point, or None when that cannot be told from the outside.

    Only for items with an id no other item has, and for fields whose key is a bare TOML key: the line of that
    key in that item, else (a missing field) the item's ``[[item]]`` line. References point at their field.
    """
    owners = [i for i, entry in enumerate(entries) if entry.get("id") == problem.item]
    if problem.item is None or problem.field is None or len(owners) != 1:
        return None
    index = owners[0]
    key = re.split(r"[.\[]", problem.field)[0]
    if not re.fullmatch(r"[A-Za-z0-9_-]+", key):
        return None
    return layout.keys[index].get(key, layout.headers[index])


# Strategies --------------------------------------------------------------------------------------------

# Text includes quotes, backslashes, control characters and the line breaks that are not "\n" (U+2028,
# U+0085), which TOML allows inside strings; never lone surrogates, which cannot be written as UTF-8. Some
# texts are glued from pieces that look like TOML structure to a line-based scanner.
plain_texts = st.text(
    alphabet=st.characters(codec="utf-8") | st.sampled_from("\"\\\n\t\r\u2028\u0085 '#"),
    max_size=20,
)
TRICKY = ["[[item]]", '"""', "'''", "# ", "title = 1", "\u2028", "'"]
texts = plain_texts | st.lists(st.sampled_from(TRICKY) | plain_texts, max_size=5).map("".join)
keys = st.sampled_from(FIELD_NAMES) | texts
slugs = st.lists(
    st.text("abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=6), min_size=1, max_size=3
).map("-".join)
filled = texts.filter(str.strip)
scalars = (
    texts | st.integers(min_value=-(2**63), max_value=2**63 - 1) | st.floats(allow_nan=False) | st.booleans()
)
values = st.recursive(
    scalars,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(keys, children, max_size=4),
    max_leaves=12,
)
kinds = st.sampled_from(sorted(KINDS)) | texts | values

FIELD_VALUES: dict[str, st.SearchStrategy[Any]] = {
    "id": slugs,
    "related": st.lists(slugs, max_size=3),
    "steps": st.lists(st.fixed_dictionaries({"item": slugs}, optional={"note": texts, "exercise": texts})),
    "prompts": st.lists(st.fixed_dictionaries({"id": slugs, "question": filled}, optional={"help": texts})),
}
BY_TYPE: dict[object, st.SearchStrategy[Any]] = {str: filled, tuple[str, ...]: st.lists(filled, max_size=3)}


@st.composite
def valid_items(draw: st.DrawFn) -> dict[str, Any]:
    """An item of a real kind with every field right (optional ones sometimes left out)."""
    kind = draw(st.sampled_from(sorted(KINDS)))
    item: dict[str, Any] = {"kind": kind}
    for attribute in attrs.fields(attrs.resolve_types(KINDS[kind])):
        if attribute.default is not attrs.NOTHING and draw(st.booleans()):
            continue
        known = attribute.name in FIELD_VALUES
        strategy = FIELD_VALUES[attribute.name] if known else BY_TYPE[attribute.type]
        item[attribute.name] = draw(strategy)
    return item


@st.composite
def mutated_items(draw: st.DrawFn) -> dict[str, Any]:
    """A valid item with up to two things changed: a key dropped, a value replaced or a key added."""
    item = draw(valid_items())
    for _ in range(draw(st.integers(0, 2))):
        action = draw(st.sampled_from(["drop", "replace", "add"]))
        if action == "add":
            item[draw(keys)] = draw(values)
        elif item:
            key = draw(st.sampled_from(sorted(item)))
            if action == "drop":
                del item[key]
            else:
                item[key] = draw(values)
    return item


@st.composite
def random_items(draw: st.DrawFn) -> dict[str, Any]:
    """Real and random keys with any values; an id and a kind more often than chance would give them."""
    item: dict[str, Any] = {}
    if draw(st.booleans()) or draw(st.booleans()):
        item["id"] = draw(slugs | texts | values)
    if draw(st.integers(0, 9)):
        item["kind"] = draw(kinds)
    for key, value in draw(st.dictionaries(keys, values | st.lists(texts, max_size=3), max_size=7)).items():
        item.setdefault(key, value)
    return item


items = valid_items() | mutated_items() | random_items()
preambles: st.SearchStrategy[dict[str, Any]] = st.dictionaries(
    keys | st.just("item"), values, max_size=2
) | st.just({})


# The test ----------------------------------------------------------------------------------------------


@settings(max_examples=150, deadline=None)
@given(preamble=preambles, entries=st.lists(items, max_size=4))
def test_random_items_load_or_are_reported(
    tmp_path_factory: pytest.TempPathFactory, preamble: dict[str, Any], entries: list[dict[str, Any]]
) -> None:
    if entries:  # a top-level `item` key only when there are no [[item]] tables
        preamble = {key: value for key, value in preamble.items() if key != "item"}
    folder = tmp_path_factory.mktemp("fuzz")
    (folder / "pack.toml").write_text(PACK_TOML, encoding="utf-8")
    layout = toml_items(preamble, entries)
    text = layout.text
    path = folder / "items.toml"
    path.write_text(text, encoding="utf-8", newline="")
    # The writer itself must be right, or the test only exercises the TOML parser.
    assert tomllib.loads(text) == ({**preamble, "item": entries} if entries else preamble)

    result = read_pack(folder, KINDS, StrictConverter())
    library = load_library(packs=[folder], entry_points=False, cache=False)

    lines = text.split("\n")
    for problem in (*result.problems, *library.problems):
        assert problem.file is not None, problem
        assert problem.message.strip(), problem
        assert not problem.message.startswith("TOML syntax error"), problem
        assert problem.line is None or 1 <= problem.line <= len(lines), problem
        if problem.file != path:
            continue
        if problem.line is not None:
            # A line is an item's [[item]] header or a key line, never the middle of nowhere.
            assert lines[problem.line - 1] == "[[item]]" or re.match(
                r'"(?:[^"\\]|\\.)*" = ', lines[problem.line - 1]
            )
        expected = expected_line(problem, entries, layout)
        assert expected is None or problem.line == expected, (problem, expected)
    assert library.problems[: len(result.problems)] == result.problems

    failed = any(p.severity == "error" for p in result.problems)
    loaded = library.items("nl")
    assert (not loaded) if failed else len(loaded) == len(result.items)
    for item in loaded:
        assert ID_PATTERN.fullmatch(item.id)
        assert item.kind in KINDS
    assert len({item.id for item in loaded}) == len(loaded)
    if not failed:
        # Whatever loaded can be found again by id.
        for item in result.items:
            assert library.get(item.id, "nl") == item


@settings(max_examples=150, deadline=None)
@given(raw=st.binary(max_size=300) | texts.map(lambda s: s.encode("utf-8")))
def test_random_bytes_are_reported_not_raised(tmp_path_factory: pytest.TempPathFactory, raw: bytes) -> None:
    folder = tmp_path_factory.mktemp("fuzz-bytes")
    (folder / "pack.toml").write_text(PACK_TOML, encoding="utf-8")
    (folder / "items.toml").write_bytes(raw)

    result = read_pack(folder, KINDS, StrictConverter())

    for problem in result.problems:
        assert problem.file is not None
        assert problem.message.strip()
        assert problem.line is None or problem.line >= 1


def test_the_toml_writer_escapes_what_toml_forbids() -> None:
    awkward = 'a"b\\c\n\t\x00\x7f\u2028\u0085é'
    assert tomllib.loads(f"x = {toml_string(awkward)}") == {"x": awkward}
    layout = toml_items({"a": 1}, [{"id": "een", "title": 2}, {"id": "twee"}])
    assert layout.headers == [3, 7]
    assert layout.keys == [{"id": 4, "title": 5}, {"id": 8}]
    assert layout.text.split("\n")[4] == '"title" = 2'
    assert json.loads(toml_string("plain")) == "plain"
