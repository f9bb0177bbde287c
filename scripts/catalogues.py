"""Keep the core's catalogues (``core/src/aantafel/locale/*/LC_MESSAGES/aantafel.po``) in step with the code.

    uv run python scripts/catalogues.py

collects every message the core says (``_``, ``N_`` and ``ngettext`` in its modules, the help of every
built-in command and option, and click's own words, which the command line shows too), adds the new ones
to each catalogue with an empty translation, marks the ones no longer said as obsolete, and prints what is
left to translate. ``tests/core/test_catalogues.py`` fails until nothing is.
"""

from __future__ import annotations

import importlib
import inspect
import sys
from collections.abc import Iterator
from pathlib import Path

import click
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
CORE = ROOT / "core" / "src" / "aantafel"
LOCALE = CORE / "locale"
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}
LANGUAGES = ("nl", "en")


def _extracted(folder: Path) -> Iterator[str | tuple[str, str]]:
    """The messages marked in the Python files under ``folder``, as pybabel extract finds them."""
    for _file, _line, message, _comments, _context in extract_from_dir(
        folder, [("**.py", "python")], keywords=KEYWORDS
    ):
        yield message if isinstance(message, str) else (message[0], message[1])


def _help_texts(command: click.Command) -> Iterator[str]:
    """The help of ``command``, its options and its subcommands, as the command line shows it."""
    for text in (command.help, command.short_help, command.epilog):
        if text:
            yield inspect.cleandoc(text)
    for param in command.params:
        text = getattr(param, "help", None)
        if text:
            yield inspect.cleandoc(text)
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            yield from _help_texts(sub)


def words_in_the_code() -> set[str | tuple[str, str]]:
    """Every message the core's catalogue must hold: singular messages, and (singular, plural) pairs."""
    from aantafel.cli import BUILTIN, cli

    words: set[str | tuple[str, str]] = set(_extracted(CORE))
    words.update(_extracted(Path(click.__file__).parent))
    words.update(_help_texts(cli))
    for module in sorted(set(BUILTIN.values())):
        for command in importlib.import_module(f"aantafel.cli.{module}").COMMANDS:
            words.update(_help_texts(command))
    return words


def _strings(value: object) -> tuple[str, ...]:
    """A message's translation or translations (a plural has one per form), as a tuple."""
    if isinstance(value, tuple | list):
        return tuple(str(entry) for entry in value)
    return (str(value or ""),)


def update() -> int:
    """Bring each catalogue up to date; return how many messages are still to translate."""
    words = words_in_the_code()
    template = Catalog(domain="aantafel")
    for word in sorted(words, key=lambda m: m if isinstance(m, str) else m[0]):
        template.add(word)
    missing = 0
    for language in LANGUAGES:
        path = LOCALE / language / "LC_MESSAGES" / "aantafel.po"
        if path.exists():
            with path.open("rb") as po:
                catalog = read_po(po, locale=language, domain="aantafel")
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            catalog = Catalog(locale=language, domain="aantafel", project="aantafel")
        catalog.update(template, no_fuzzy_matching=True)
        catalog.fuzzy = False
        catalog.project, catalog.version = "aantafel", "0.1.0"
        catalog.last_translator = catalog.language_team = "The aantafel developers"
        for message in catalog:
            if message.id and language == "en" and not any(_strings(message.string)):
                message.string = message.id  # English is the code's own words until someone improves them
        with path.open("wb") as po:
            write_po(po, catalog, width=110, omit_header=False, ignore_obsolete=True, include_lineno=False)
        untranslated = [m.id for m in catalog if m.id and not all(_strings(m.string))]
        missing += len(untranslated)
        print(f"{language}: {len(catalog)} messages, {len(untranslated)} to translate", file=sys.stderr)
    return missing


if __name__ == "__main__":
    update()
