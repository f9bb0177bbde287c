"""The kinds of knowledge a pack can hold.

Every item is a frozen attrs class: once a library is loaded nothing can change it, so the web page, the REPL
and the CLI can share one library without locks. Collections are tuples for the same reason. The class
attribute ``kind`` is the tag that a pack file writes as ``kind = "check"``; plugins add kinds by returning
more classes from the ``register_item_kinds`` hook.

Text fields may hold Markdown. Field names are the keys that a pack author writes in TOML, so they are plain
words and stay stable: renaming one breaks every pack.

The classes keep a ``__dict__`` (``slots=False``): a warm start unpickles many items from the cache, and
pickle fills a ``__dict__`` in one step where slots take one call per field.
"""

from __future__ import annotations

import re
from typing import Any, ClassVar

from attrs import Attribute, field, frozen

from aantafel.problems import InvalidField

ID_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def _not_blank(_instance: object, attribute: Attribute[Any], value: str) -> None:
    if not value.strip():
        raise InvalidField(attribute.name, "must not be empty")


def _slug(_instance: object, attribute: Attribute[Any], value: str) -> None:
    if not ID_PATTERN.fullmatch(value):
        raise InvalidField(
            attribute.name,
            f"'{value}' is not a valid id: use lower-case letters, digits and single hyphens, "
            "like 'bindende-afspraken'",
        )


def _slugs(_instance: object, attribute: Attribute[Any], value: tuple[str, ...]) -> None:
    for entry in value:
        _slug(_instance, attribute, entry)


def _no_blank_entries(_instance: object, attribute: Attribute[Any], value: tuple[str, ...]) -> None:
    for position, entry in enumerate(value, start=1):
        if not entry.strip():
            raise InvalidField(attribute.name, f"entry {position} must not be empty")


@frozen
class OneOf:
    """A validator for a field that takes one of a few words; the schema offers them as an enum."""

    choices: tuple[str, ...]

    def __call__(self, _instance: object, attribute: Attribute[Any], value: str) -> None:
        if value not in self.choices:
            raise InvalidField(attribute.name, f"'{value}' is not one of: {', '.join(self.choices)}")


TAKES = ("yes-no", "text", "both")
"""What a check's answer is: yes, no or not sure; written text; or both, a yes or no with a written answer."""


def _fills(instance: Check, attribute: Attribute[Any], value: str) -> None:
    """Only a written answer can fill a dossier field, and only a field the dossier has."""
    from aantafel.dossiers.fields import TEXT_FIELDS

    if value and value not in TEXT_FIELDS:
        raise InvalidField(
            attribute.name, f"'{value}' is not a dossier field; use one of: {', '.join(TEXT_FIELDS)}"
        )
    if value and instance.takes == "yes-no":
        raise InvalidField(
            attribute.name, 'only a check that takes text (takes = "text" or "both") can fill a field'
        )


@frozen(kw_only=True, slots=False)
class Item:
    """What every kind shares: a stable id, a title, a one-line summary and links to other items."""

    kind: ClassVar[str] = "item"

    id: str = field(validator=_slug)
    title: str = field(validator=_not_blank)
    summary: str = field(default="")
    related: tuple[str, ...] = field(default=(), validator=_slugs)
    tags: tuple[str, ...] = field(default=(), validator=_no_blank_entries)

    def references(self) -> tuple[str, ...]:
        """Ids this item points at; the loader reports the ones that do not exist."""
        return self.related

    def to_say(self) -> tuple[str, ...]:
        """What a suggestion of this item offers to say or ask at the table; a kind with such lines
        overrides this, so the finder and every front-end show them without knowing the kind."""
        return ()


def _signals() -> Any:
    """The ``signals`` field: situations in people's own words. A kind that has it takes part in the
    finder (``aantafel.finder``), and an item of it is suggested once it has at least one signal."""
    return field(default=(), validator=_no_blank_entries)


@frozen(kw_only=True, slots=False)
class Topic(Item):
    """Titled prose: what negotiating is, where to get help."""

    kind: ClassVar[str] = "topic"

    body: str = field(validator=_not_blank)
    signals: tuple[str, ...] = _signals()


@frozen(kw_only=True, slots=False)
class Check(Item):
    """A question to ask yourself before a meeting.

    ``title`` is the question itself. ``why`` tells why the answer matters; ``if_not`` what to do when the
    answer is no or not sure, which is the advice a preparation shows; ``questions`` are what to ask at the
    table when the finder suggests the check in the middle of a talk. ``takes`` says what answer the
    question asks for: yes, no or not sure (``yes-no``), a written answer (``text``: "Wat is het doel?"),
    or a yes or no with a written answer (``both``). A written answer may also fill a field of the
    dossier (``fills``, such as ``goal``), which the user confirms.
    """

    kind: ClassVar[str] = "check"

    why: str = field(validator=_not_blank)
    if_not: str = field(validator=_not_blank)
    takes: str = field(default="yes-no", validator=OneOf(TAKES))
    fills: str = field(default="", validator=_fills)
    questions: tuple[str, ...] = field(default=(), validator=_no_blank_entries)
    signals: tuple[str, ...] = _signals()

    def to_say(self) -> tuple[str, ...]:
        return self.questions


@frozen(kw_only=True, slots=False)
class Principle(Item):
    """A rule of thumb for the whole negotiation, with questions that put it into practice."""

    kind: ClassVar[str] = "principle"

    explanation: str = field(validator=_not_blank)
    questions: tuple[str, ...] = field(default=(), validator=_no_blank_entries)
    signals: tuple[str, ...] = _signals()

    def to_say(self) -> tuple[str, ...]:
        return self.questions


@frozen(kw_only=True, slots=False)
class Intervention(Item):
    """What to do when a talk gets stuck.

    ``signals`` are the ways people describe the situation in their own words; the intervention finder
    matches a user's description against them, so they matter more than the title. ``sentences`` are things
    you can say at the table; ``next_steps`` is what to do after saying them.
    """

    kind: ClassVar[str] = "intervention"

    situation: str = field(validator=_not_blank)
    signals: tuple[str, ...] = field(validator=_no_blank_entries)
    sentences: tuple[str, ...] = field(validator=_no_blank_entries)
    next_steps: str = field(default="")

    def to_say(self) -> tuple[str, ...]:
        return self.sentences


@frozen(kw_only=True, slots=False)
class Step:
    """One stop on a module's path: an item to read, and optionally something to do with it."""

    item: str = field(validator=_slug)
    note: str = ""
    exercise: str = ""


@frozen(kw_only=True, slots=False)
class Prompt:
    """A worksheet question that a module adds to the preparation of a meeting."""

    id: str = field(validator=_slug)
    question: str = field(validator=_not_blank)
    help: str = ""


@frozen(kw_only=True, slots=False)
class Module(Item):
    """A trainer's ordered path through items, with exercises and worksheet prompts."""

    kind: ClassVar[str] = "module"

    intro: str = field(validator=_not_blank)
    steps: tuple[Step, ...] = ()
    prompts: tuple[Prompt, ...] = ()

    def references(self) -> tuple[str, ...]:
        return self.related + tuple(step.item for step in self.steps)


BUILTIN_KINDS: tuple[type[Item], ...] = (Topic, Check, Principle, Intervention, Module)
