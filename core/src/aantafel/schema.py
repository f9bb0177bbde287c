"""JSON Schemas for pack files, made from the attrs classes, so an editor can complete and check the TOML.

``pack.toml`` follows ``PackInfo``; an item file holds ``[[item]]`` tables, each one of the item kinds,
told apart by ``kind``. The schemas come from the same classes the reader uses, with what their validators
demand (an id's pattern, text that must not be empty), so a kind a plugin adds is in them too. The reader
stays the judge: it also checks what a schema cannot, such as links between items.
"""

from __future__ import annotations

import typing
from collections.abc import Mapping
from typing import Any

import attrs

from aantafel.items import ID_PATTERN, Item, OneOf, _fills, _no_blank_entries, _not_blank, _slug, _slugs
from aantafel.packs import _LANGUAGE, SCHEMA_VERSIONS, PackInfo, _language

DIALECT = "https://json-schema.org/draft/2020-12/schema"
SLUG = {"type": "string", "pattern": f"^{ID_PATTERN.pattern}$"}
TEXT = {"type": "string", "minLength": 1, "pattern": r"\S"}


def pack_schema() -> dict[str, Any]:
    """The schema of ``pack.toml``."""
    return {"$schema": DIALECT, "title": "aantafel pack.toml", **_object(PackInfo)}


def items_schema(kinds: Mapping[str, type[Item]]) -> dict[str, Any]:
    """The schema of an item file: ``[[item]]`` tables of the ``kinds`` (name -> class)."""
    return {
        "$schema": DIALECT,
        "title": "aantafel item file",
        "type": "object",
        "properties": {
            "item": {
                "type": "array",
                "items": {"oneOf": [_item(kind, cls) for kind, cls in sorted(kinds.items())]},
            }
        },
        "additionalProperties": False,
    }


def _item(kind: str, cls: type[Item]) -> dict[str, Any]:
    schema = _object(cls)
    schema["properties"] = {"kind": {"const": kind}, **schema["properties"]}
    schema["required"] = ["kind", *schema["required"]]
    return schema


def _object(cls: type) -> dict[str, Any]:
    hints = typing.get_type_hints(cls)
    properties = {a.name: _value(a, hints[a.name]) for a in attrs.fields(cls)}
    required = [a.name for a in attrs.fields(cls) if a.default is attrs.NOTHING]
    summary = (cls.__doc__ or "").strip().split("\n\n")[0].replace("\n", " ")
    return {
        "type": "object",
        "description": summary,
        "properties": properties,
        "required": required,
        "additionalProperties": False,
    }


def _value(attribute: attrs.Attribute[Any], hint: Any) -> dict[str, Any]:
    """The schema of one field, from its type and the validators it carries."""
    checks = _validators(attribute.validator)
    if attribute.name == "schema_version":
        return {"enum": list(SCHEMA_VERSIONS)}
    if hint is str:
        choices = [check.choices for check in checks if isinstance(check, OneOf)]
        if choices:
            return {"enum": list(choices[0])}
        if _fills in checks:
            from aantafel.dossiers.fields import TEXT_FIELDS

            return {"enum": ["", *TEXT_FIELDS]}
        if _slug in checks:
            return dict(SLUG)
        if _language in checks:
            return {"type": "string", "pattern": f"^{_LANGUAGE.pattern}$"}
        return dict(TEXT) if _not_blank in checks else {"type": "string"}
    if hint is int:
        return {"type": "integer"}
    if typing.get_origin(hint) is tuple:
        (entry, _ellipsis) = typing.get_args(hint)
        if attrs.has(entry):
            entries = _object(entry)
        elif _slugs in checks:
            entries = dict(SLUG)
        else:
            entries = dict(TEXT) if _no_blank_entries in checks else {"type": "string"}
        return {"type": "array", "items": entries}
    return {}


def _validators(validator: Any) -> set[Any]:
    """The plain functions among a field's validators (``and_`` nests them)."""
    if validator is None:
        return set()
    nested = getattr(validator, "_validators", None)
    if nested is not None:
        return {found for inner in nested for found in _validators(inner)}
    return {validator}
