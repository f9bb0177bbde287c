"""``aantafel dossier …``: your own negotiations, kept in a database.

SQLAlchemy loads only when one of these commands runs. Field labels follow ``--lang`` (or ``AANTAFEL_LANG``),
because a dossier is read by the same people who read the content.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

import click

from aantafel.cli import echo_json, json_option, language_option
from aantafel.cli.userdata import author_option, db_option, labels_language, open_for, run, when, writer
from aantafel.dossiers.fields import EDITABLE
from aantafel.labels import label

if TYPE_CHECKING:
    from aantafel.dossiers.model import Change, Dossier

FIELDS = EDITABLE
"""The editable fields, as options (``--our-interests`` for ``our_interests``); the model checks the same."""


def _field_options(function: Callable[..., Any]) -> Callable[..., Any]:
    for field in reversed(FIELDS):
        function = click.option(f"--{field.replace('_', '-')}", field, metavar="TEXT")(function)
    return function


def _data(dossier: Dossier) -> dict[str, Any]:
    import attrs

    return attrs.asdict(
        dossier, value_serializer=lambda _i, _a, v: v.isoformat() if hasattr(v, "isoformat") else v
    )


@click.group("dossier")
@db_option
def dossier() -> None:
    """Your negotiations: one dossier per negotiation with the gemeente.

    \b
    Examples:
      aantafel dossier new
      aantafel dossier new --title "Huur buurthuis" --counterpart "Gemeente Utrecht"
      aantafel dossier list
      aantafel dossier show 7f3a
    """


@dossier.command("new")
@_field_options
@author_option()
@language_option
@json_option
@click.pass_context
def new(
    ctx: click.Context, /, author: str | None, language: str | None, as_json: bool, **values: str | None
) -> None:
    """Start a dossier. Without --title, aantafel asks for each field in turn.

    \b
    Examples:
      aantafel dossier new
      aantafel dossier new --title "Huur buurthuis" --counterpart "Gemeente Utrecht" --goal "Lagere huur"
    """
    from aantafel.dossiers.model import InvalidDossier, clean

    lang = labels_language(language)
    given = {field: value for field, value in values.items() if value is not None}
    if "title" not in given:
        click.echo(label(lang, "dossier prompt"), err=True)

        def checked(field: str) -> Callable[[str], str]:
            def check(value: str) -> str:
                try:
                    return clean({field: value}, creating=field == "title")[field]
                except InvalidDossier as exc:
                    raise click.UsageError(str(exc)) from None

            return check

        try:
            for field in FIELDS:
                if field in given:
                    continue
                required = field == "title"
                given[field] = click.prompt(
                    label(lang, f"dossier {field}"),
                    default=None if required else "",
                    show_default=False,
                    value_proc=checked(field),
                    err=True,
                )
        except click.Abort:
            raise click.ClickException(
                "nothing was stored: the questions were not answered. Give --title (and other fields) to "
                "create a dossier without questions"
            ) from None
    store = open_for(ctx)
    created = run(lambda: store.create_dossier(given, author=writer(author)))
    if as_json:
        echo_json(_data(created))
        return
    click.echo(f"Dossier {created.id}: {created.title}")
    click.echo(f"See it with: aantafel dossier show {created.id[:4]}", err=True)


@dossier.command("list")
@click.option("--bin", "in_bin", is_flag=True, help="List the dossiers in the bin instead.")
@language_option
@json_option
@click.pass_context
def list_dossiers(ctx: click.Context, in_bin: bool, language: str | None, as_json: bool) -> None:
    """List your dossiers, the most recently changed first.

    \b
    Examples:
      aantafel dossier list
      aantafel dossier list --bin
      aantafel dossier list --json
    """
    lang = labels_language(language)
    store = open_for(ctx)
    found = run(lambda: store.dossiers(in_bin=in_bin))
    if as_json:
        echo_json({"dossiers": [_data(d) for d in found]})
        return
    if not found:
        click.echo(label(lang, "dossier none"), err=True)
        return
    for item in found:
        who = f" ({item.counterpart})" if item.counterpart else ""
        click.echo(f"{item.id}  {when(item.updated_at, lang)}  {item.title}{who}")


@dossier.command("show")
@click.argument("dossier_id", metavar="ID")
@language_option
@json_option
@click.pass_context
def show(ctx: click.Context, dossier_id: str, language: str | None, as_json: bool) -> None:
    """Show one dossier in full. ID may be the first few characters of the id.

    \b
    Examples:
      aantafel dossier show 7f3a
      aantafel dossier show 7f3a9c2e --json
    """
    from aantafel.plaintext import heading, wrap

    language = labels_language(language)
    store = open_for(ctx)
    found = run(lambda: store.dossier(dossier_id))
    if as_json:
        echo_json({**_data(found), "history": [_change_data(c) for c in store.history(found.id)]})
        return
    state = f" · {label(language, 'dossier in bin')}" if found.deleted_at else ""
    parts = [
        heading(found.title),
        f"Dossier {found.id} · {label(language, 'dossier version')} {found.version} · "
        f"{label(language, 'dossier changed')} {when(found.updated_at, language)}{state}",
    ]
    empty = []
    for field in FIELDS[1:]:
        value = getattr(found, field)
        if value:
            parts.append(
                f"{click.style(label(language, f'dossier {field}'), bold=True)}\n{wrap(value, '  ')}"
            )
        else:
            empty.append(label(language, f"dossier {field}").lower())
    if empty:
        parts.append(wrap(f"{label(language, 'dossier empty')}: {', '.join(empty)}."))
    planned = store.meetings(found.id)
    if planned:
        lines = [
            f"  {m.id[:4]}  {when(m.starts_at, language)}  {m.place or ''} {m.purpose or ''}".rstrip()
            for m in planned
        ]
        parts.append(f"{click.style(label(language, 'dossier meetings'), bold=True)}\n" + "\n".join(lines))
    promised = store.agreements(found.id, "open")
    if promised:
        lines = [f"  {a.id[:4]}  {a.due or '—'}  {a.what}" for a in promised]
        parts.append(f"{click.style(label(language, 'sheet agreements'), bold=True)}\n" + "\n".join(lines))
    click.echo("\n\n".join(parts))


@dossier.command("edit")
@click.argument("dossier_id", metavar="ID")
@_field_options
@click.option(
    "--expect-version",
    type=int,
    help="Save only if the dossier is still at this version (as `show` says); else it changed meanwhile.",
)
@author_option()
@click.pass_context
def edit(
    ctx: click.Context,
    /,
    dossier_id: str,
    expect_version: int | None,
    author: str | None,
    **values: str | None,
) -> None:
    """Change fields of a dossier; every change is kept in its history.

    \b
    Examples:
      aantafel dossier edit 7f3a --goal "Huur omlaag naar 800 euro"
      aantafel dossier edit 7f3a --limits "Niet meer dan 900 euro" --expect-version 3
    """
    changes = {field: value for field, value in values.items() if value is not None}
    if not changes:
        raise click.UsageError('say what to change, e.g. --goal "Lagere huur"; see --help for the fields')
    store = open_for(ctx)
    current = run(lambda: store.dossier(dossier_id))
    version = current.version if expect_version is None else expect_version
    updated = run(
        lambda: store.update_dossier(current.id, changes, expected_version=version, author=writer(author))
    )
    click.echo(f"Dossier {updated.id} saved (version {updated.version}).")


@dossier.command("delete")
@click.argument("dossier_id", metavar="ID")
@author_option()
@click.pass_context
def delete(ctx: click.Context, dossier_id: str, author: str | None) -> None:
    """Move a dossier to the bin. Nothing is lost: `aantafel dossier restore ID` brings it back.

    \b
    Example:
      aantafel dossier delete 7f3a
    """
    store = open_for(ctx)
    current = run(lambda: store.dossier(dossier_id))
    run(lambda: store.delete_dossier(current.id, expected_version=current.version, author=writer(author)))
    click.echo(
        f"Dossier {current.id} is in the bin. Bring it back with: aantafel dossier restore {current.id}"
    )


@dossier.command("restore")
@click.argument("dossier_id", metavar="ID")
@author_option()
@click.pass_context
def restore(ctx: click.Context, dossier_id: str, author: str | None) -> None:
    """Bring a dossier back from the bin.

    \b
    Example:
      aantafel dossier restore 7f3a9c2e
    """
    store = open_for(ctx)
    current = run(lambda: store.dossier(dossier_id))
    run(lambda: store.restore_dossier(current.id, expected_version=current.version, author=writer(author)))
    click.echo(f"Dossier {current.id} is back: {current.title}")


def _change_data(change: Change) -> dict[str, Any]:
    return {
        "at": change.at.isoformat(),
        "author": change.author,
        "action": change.action,
        "field": change.field,
        "old": change.old,
        "new": change.new,
    }


@dossier.command("history")
@click.argument("dossier_id", metavar="ID")
@language_option
@json_option
@click.pass_context
def history(ctx: click.Context, dossier_id: str, language: str | None, as_json: bool) -> None:
    """Who changed what in a dossier, and when.

    \b
    Example:
      aantafel dossier history 7f3a
    """
    language = labels_language(language)
    store = open_for(ctx)
    current = run(lambda: store.dossier(dossier_id))
    changes = store.history(current.id)
    if as_json:
        echo_json({"dossier": current.id, "history": [_change_data(c) for c in changes]})
        return
    for change in changes:
        click.echo(f"{when(change.at, language)}  {change.author}  {_what_changed(change, language)}")


def _what_changed(change: Change, language: str) -> str:
    """One history entry in words; a moved meeting gives its old and new time as the user writes them."""
    if change.field is None:
        return change.action
    if change.action == "meeting changed" and change.old and change.new:
        moved = (when(datetime.fromisoformat(moment), language) for moment in (change.old, change.new))
        return f"{change.action} {change.field[:4]}: {' → '.join(moved)}"
    return f"{change.action} {change.field}: {change.new!r}"


COMMANDS = (dossier,)
