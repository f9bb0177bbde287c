"""The command line speaks the user's language: its questions, messages and ``--help`` texts, and click's
own words ("Usage:", "Error:"), all from the core's catalogue (``aantafel.catalogues``).

One run of ``aantafel`` speaks one language, chosen before anything is parsed: ``--lang`` wherever it is
on the command line, else ``$AANTAFEL_LANG``, else the locale (``LANG=nl_NL.UTF-8``), else Dutch. The
help texts stay English in the code (docstrings and ``help=``, which are the catalogue's ``msgid``) and
are translated when they are shown, so a command module costs nothing more to import. click looks its
words up through the standard library's gettext; for the length of the run its domain is ours.
"""

from __future__ import annotations

import contextlib
import gettext as stdlib_gettext
import inspect
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextvars import ContextVar
from typing import Any, TypeVar

import click

from aantafel import catalogues
from aantafel.catalogues import N_

_LANGUAGE: ContextVar[str] = ContextVar("aantafel_cli_language", default=catalogues.DEFAULT)
F = TypeVar("F", bound=Callable[..., Any])


def spoken() -> str:
    """The language this run of the command line speaks."""
    return _LANGUAGE.get()


def _(message: str) -> str:
    """``message`` (English, as in the code) in the language of this run."""
    return catalogues.gettext(_LANGUAGE.get(), message)


def ngettext(singular: str, plural: str, count: int) -> str:
    return catalogues.ngettext(_LANGUAGE.get(), singular, plural, count)


def asked(argv: Sequence[str]) -> str:
    """The language a run is asked to speak: ``--lang X`` or ``--lang=X`` among its arguments, else the
    environment's (``$AANTAFEL_LANG``, the locale), else Dutch."""
    for position, argument in enumerate(argv):
        if argument == "--":
            break
        if argument == "--lang" and position + 1 < len(argv):
            return argv[position + 1].strip().lower()
        if argument.startswith("--lang="):
            return argument.partition("=")[2].strip().lower()
    return catalogues.asked_language() or catalogues.DEFAULT


@contextlib.contextmanager
def speaking(chosen: str) -> Iterator[None]:
    """Speak ``chosen`` inside the block, click's words included; everything is put back afterwards (tests
    run many commands in one process)."""
    token = _LANGUAGE.set(chosen)
    folder = catalogues.compiled(chosen)
    before = (stdlib_gettext.textdomain(), os.environ.get("LANGUAGE"))
    if folder is not None:
        stdlib_gettext.bindtextdomain(catalogues.DOMAIN, str(folder))
        stdlib_gettext.textdomain(catalogues.DOMAIN)
        os.environ["LANGUAGE"] = chosen  # gettext picks the catalogue by the environment's language
    try:
        yield
    finally:
        _LANGUAGE.reset(token)
        stdlib_gettext.textdomain(before[0])
        if before[1] is None:
            os.environ.pop("LANGUAGE", None)
        else:
            os.environ["LANGUAGE"] = before[1]


@contextlib.contextmanager
def _translated_help(params: Iterable[click.Parameter]) -> Iterator[None]:
    """Each parameter's help in this run's language while it is shown."""
    kept = [(param, getattr(param, "help", None)) for param in params]
    for param, text in kept:
        if text:
            param.help = _(inspect.cleandoc(text))
    try:
        yield
    finally:
        for param, text in kept:
            if text:
                param.help = text


_WRITTEN: dict[click.Parameter, str] = {}
"""Each parameter's metavar as the code writes it, kept the first time a run names it in its language."""


def _name_metavars(params: Iterable[click.Parameter]) -> None:
    """Each metavar (``TEXT``, ``MEETING``) in this run's language. Unlike help texts they are set for the
    whole run, not only while help is shown: click also names them in its errors ("Missing argument
    'MEETING'"), which it words after parsing."""
    for param in params:
        if param.metavar is not None:
            param.metavar = _(_WRITTEN.setdefault(param, param.metavar))


USAGE = (N_("[OPTIONS]"), N_("COMMAND [ARGS]..."))
"""click's own words in a usage line, which it does not translate itself."""


class Command(click.Command):
    """A command whose help, short help, epilog and options' help are shown in this run's language."""

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        self._help_option = None  # click keeps the first one made, with its help in that run's language
        return super().get_help_option(ctx)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        _name_metavars(self.get_params(ctx))
        return super().parse_args(ctx, args)

    def collect_usage_pieces(self, ctx: click.Context) -> list[str]:
        return [_(piece) if piece in USAGE else piece for piece in super().collect_usage_pieces(ctx)]

    def get_short_help_str(self, limit: int = 45) -> str:
        if self.short_help:
            return _(inspect.cleandoc(self.short_help)).strip()
        if not self.help:
            return ""
        return click.Command(self.name, help=_(inspect.cleandoc(self.help))).get_short_help_str(limit)

    def format_help_text(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        if self.help:
            formatter.write_paragraph()
            with formatter.indentation():
                formatter.write_text(_(inspect.cleandoc(self.help)).partition("\f")[0])

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        with _translated_help(self.get_params(ctx)):
            super().format_options(ctx, formatter)

    def format_epilog(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        if self.epilog:
            formatter.write_paragraph()
            with formatter.indentation():
                formatter.write_text(_(inspect.cleandoc(self.epilog)))


class Group(Command, click.Group):
    """A group of commands that speaks the run's language, as its commands do."""

    command_class = Command


Group.group_class = Group


def command(name: str, **settings: Any) -> Callable[[Callable[..., Any]], Command]:
    """``click.command`` for a command that speaks the run's language."""
    made: Callable[[Callable[..., Any]], Command] = click.command(name, cls=Command, **settings)
    return made


def group(name: str, **settings: Any) -> Callable[[Callable[..., Any]], Group]:
    """``click.group`` for a group that speaks the run's language."""
    made: Callable[[Callable[..., Any]], Group] = click.group(name, cls=Group, **settings)
    return made
