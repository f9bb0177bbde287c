"""The one cattrs converter that turns parsed TOML into items, strict where cattrs is lenient.

By default cattrs turns ``5`` into ``"5"`` for a text field and ``"abc"`` into ``('a', 'b', 'c')`` for a list;
a pack author would never learn about the mistake. The hooks here refuse both, and ``field_errors`` turns
cattrs' nested exception groups into (field path, message) pairs a person can act on.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

import cattrs
from cattrs.cols import homogenous_tuple_structure_factory, is_sequence
from cattrs.errors import (
    AttributeValidationNote,
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)

from aantafel.problems import InvalidField, describe

T = TypeVar("T")


def _structure_text(value: object, _type: type) -> str:
    if type(value) is not str:
        raise TypeError(f"expected text, got {describe(value)}")
    return value


def _structure_int(value: object, _type: type) -> int:
    if type(value) is not int:
        raise TypeError(f"expected a whole number, got {describe(value)}")
    return value


def _list_only(type_: Any, converter: cattrs.Converter) -> Callable[[object, Any], Any]:
    elements = homogenous_tuple_structure_factory(type_, converter)

    def structure(value: object, _type: Any) -> Any:
        if not isinstance(value, list | tuple):
            raise TypeError(f'expected a list, got {describe(value)}; write it as ["…"]')
        return elements(value, _type)

    return structure


def _converter(detailed: bool) -> cattrs.Converter:
    converter = cattrs.Converter(forbid_extra_keys=True, detailed_validation=detailed)
    converter.register_structure_hook(str, _structure_text)
    converter.register_structure_hook(int, _structure_int)
    converter.register_structure_hook_factory(is_sequence, _list_only)
    return converter


class StrictConverter:
    """Structures with a fast converter, and again with a detailed one only when that fails.

    Detailed validation wraps every field in its own ``try`` to report all mistakes at once; that costs about
    a third of the structuring time, which only broken items should pay. Both converters have the same hooks,
    so they accept exactly the same data.
    """

    def __init__(self) -> None:
        self._fast = _converter(detailed=False)
        self._detailed = _converter(detailed=True)

    def structure(self, data: object, cls: type[T]) -> T:
        try:
            return self._fast.structure(data, cls)
        except Exception:
            return self._detailed.structure(data, cls)


def field_errors(exc: BaseException, path: str = "") -> Iterator[tuple[str, str]]:
    """Flatten a structuring failure into ``("steps[2].item", "expected text, got a number")`` pairs."""
    if isinstance(exc, ClassValidationError | IterableValidationError):
        with_notes, without = exc.group_exceptions()
        for inner, note in with_notes:
            if isinstance(note, AttributeValidationNote):
                yield from field_errors(inner, f"{path}.{note.name}" if path else note.name)
            elif isinstance(note, IterableValidationNote):
                yield from field_errors(inner, f"{path}[{note.index}]")
        for inner in without:
            yield from field_errors(inner, path)
    elif isinstance(exc, ForbiddenExtraKeysError):
        known = [a.name for a in getattr(exc.cl, "__attrs_attrs__", ())]
        for key in sorted(exc.extra_fields):
            hint = difflib.get_close_matches(key, known, n=1)
            advice = f"; did you mean '{hint[0]}'?" if hint else f"; allowed: {', '.join(known)}"
            yield (f"{path}.{key}" if path else key), f"unknown key {key!r}{advice}"
    elif isinstance(exc, InvalidField):
        yield (f"{path}.{exc.field}" if path else exc.field), str(exc)
    elif isinstance(exc, KeyError):
        yield path or str(exc.args[0] if exc.args else "?"), "required field is missing"
    else:
        yield path, str(exc) or type(exc).__name__
