"""``aantafel dossier …``: your own negotiations, kept in a database.

SQLAlchemy loads only when one of these commands runs. Field names come from ``aantafel.labels`` (the sheets
print them too); everything else the commands say is in the run's language.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any

import click

from aantafel.catalogues import N_
from aantafel.cli import echo_json, json_option, language_option
from aantafel.cli.language import _, spoken
from aantafel.cli.userdata import (
    asked,
    author_option,
    data_group,
    day,
    open_for,
    organisation_named,
    run,
    say,
    when,
    writer,
)
from aantafel.dossiers.fields import EDITABLE
from aantafel.labels import label

if TYPE_CHECKING:
    from aantafel.dossiers.model import Change, Dossier


def _cleaned(field: str, typed: str) -> str:
    """A field's value as typed, checked as the store will check it, so a mistake is asked again."""
    from aantafel.dossiers.model import clean

    return clean({field: typed}, creating=False)[field]


class _FieldOption(click.Option):
    """A dossier field's option, helped by the field's name as a printed dossier shows it, in the run's
    language."""

    def get_help_record(self, ctx: click.Context) -> tuple[str, str] | None:
        help_record = super().get_help_record(ctx)
        if help_record is None:
            return None
        return help_record[0], label(spoken(), f"dossier {self.name}")


def _field_options(function: Callable[..., Any]) -> Callable[..., Any]:
    """One option per field (``--our-interests`` for ``our_interests``); the model checks the values."""
    for field in reversed(EDITABLE):
        function = click.option(f"--{field.replace('_', '-')}", field, metavar=N_("TEXT"), cls=_FieldOption)(
            function
        )
    return function


def _data(dossier: Dossier) -> dict[str, Any]:
    import attrs

    return attrs.asdict(
        dossier, value_serializer=lambda _i, _a, v: v.isoformat() if hasattr(v, "isoformat") else v
    )


@data_group("dossier")
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
@click.option(
    "--for",
    "owner",
    metavar=N_("ORGANISATION"),
    help=N_(
        "With accounts: the organisation the dossier is for (its id or exact name), when you are in several."
    ),
)
@author_option()
@language_option
@json_option
@click.pass_context
def new(
    ctx: click.Context,
    /,
    owner: str | None,
    author: str | None,
    language: str | None,
    as_json: bool,
    **values: str | None,
) -> None:
    """Start a dossier. Without --title, aantafel asks for each field in turn.

    \b
    Examples:
      aantafel dossier new
      aantafel dossier new --title "Huur buurthuis" --counterpart "Gemeente Utrecht" --goal "Lagere huur"
    """
    given = {field: value for field, value in values.items() if value is not None}
    if "title" not in given:
        click.echo(_("Fill in what you know. Press Enter to skip a question."), err=True)
        try:
            for field in EDITABLE:
                if field not in given:
                    given[field] = click.prompt(
                        label(spoken(), f"dossier {field}"),
                        default=None if field == "title" else "",
                        show_default=False,
                        value_proc=asked(partial(_cleaned, field)),
                        err=True,
                    )
        except click.Abort:
            raise click.ClickException(
                _(
                    "nothing was stored: the questions were not answered. Give --title (and other fields) to "
                    "make a dossier without questions"
                )
            ) from None
    store = open_for(ctx)
    chosen = organisation_named(store, owner).id if owner else None
    created = run(lambda: store.create_dossier(given, author=writer(author), organisation_id=chosen))
    if as_json:
        echo_json(_data(created))
        return
    say(_("Dossier {id}: {title}").format(id=created.id, title=created.title))
    click.echo(_("See it with: aantafel dossier show {id}").format(id=created.id[:4]), err=True)


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
    store = open_for(ctx)
    found = run(lambda: store.dossiers(in_bin=in_bin))
    if as_json:
        echo_json({"dossiers": [_data(d) for d in found]})
        return
    if not found:
        click.echo(_("No dossiers yet. Make one with: aantafel dossier new"), err=True)
        return
    for item in found:
        who = f" ({item.counterpart})" if item.counterpart else ""
        say(f"{item.id}  {when(item.updated_at)}  {item.title}{who}")


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
    from aantafel.plaintext import harmless, heading, wrap

    lang = spoken()
    store = open_for(ctx)
    found = run(lambda: store.dossier(dossier_id))
    if as_json:
        echo_json({**_data(found), "history": [_change_data(c) for c in store.history(found.id)]})
        return
    in_bin = f" · {label(lang, 'dossier in bin')}" if found.deleted_at else ""
    parts = [
        heading(harmless(found.title)),
        _("Dossier {id} · version {version} · changed {when}").format(
            id=found.id, version=found.version, when=when(found.updated_at)
        )
        + in_bin,
    ]
    empty = []
    for field in EDITABLE[1:]:
        value = getattr(found, field)
        if value:
            parts.append(
                f"{click.style(label(lang, f'dossier {field}'), bold=True)}\n{wrap(harmless(value), '  ')}"
            )
        else:
            empty.append(label(lang, f"dossier {field}").lower())
    if empty:
        parts.append(wrap(f"{label(lang, 'dossier empty')}: {', '.join(empty)}."))
    planned = store.meetings(found.id)
    if planned:
        lines = [
            harmless(f"  {m.id[:4]}  {when(m.starts_at)}  {m.place} {m.purpose}".rstrip()) for m in planned
        ]
        parts.append(f"{click.style(label(lang, 'dossier meetings'), bold=True)}\n" + "\n".join(lines))
    promised = store.agreements(found.id, "open")
    if promised:
        lines = [harmless(f"  {a.id[:4]}  {day(a.due)}  {a.what}") for a in promised]
        parts.append(f"{click.style(label(lang, 'sheet agreements'), bold=True)}\n" + "\n".join(lines))
    click.echo("\n\n".join(parts))


@dossier.command("edit")
@click.argument("dossier_id", metavar="ID")
@_field_options
@click.option(
    "--expect-version",
    metavar=N_("NUMBER"),
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
        raise click.UsageError(_('say what to change, e.g. --goal "Lagere huur"; see --help for the fields'))
    store = open_for(ctx)
    current = run(lambda: store.dossier(dossier_id))
    version = current.version if expect_version is None else expect_version
    updated = run(
        lambda: store.update_dossier(current.id, changes, expected_version=version, author=writer(author))
    )
    click.echo(_("Dossier {id} saved (version {version}).").format(id=updated.id, version=updated.version))


def _bin_command(action: str, help_text: str) -> click.Command:
    """``delete`` and ``restore``, which differ only in which way they move the dossier and what they say."""

    @dossier.command(action, help=help_text)
    @click.argument("dossier_id", metavar="ID")
    @author_option()
    @language_option
    @click.pass_context
    def command(ctx: click.Context, dossier_id: str, author: str | None, language: str | None) -> None:
        store = open_for(ctx)
        current = run(lambda: store.dossier(dossier_id))
        move = store.delete_dossier if action == "delete" else store.restore_dossier
        run(lambda: move(current.id, expected_version=current.version, author=writer(author)))
        if action == "delete":
            message = _("Dossier {id} is in the bin. Bring it back with: aantafel dossier restore {id}")
        else:
            message = _("Dossier {id} is back: {title}")
        say(message.format(id=current.id, title=current.title))

    return command


_bin_command(
    "delete",
    "Move a dossier to the bin. Nothing is lost: `aantafel dossier restore ID` brings it back.\n\n"
    "Example: aantafel dossier delete 7f3a",
)
_bin_command("restore", "Bring a dossier back from the bin.\n\nExample: aantafel dossier restore 7f3a9c2e")


def _change_data(change: Change) -> dict[str, Any]:
    from aantafel.dossiers.story import undoable

    return {
        "id": change.id,
        "undoable": undoable(change),
        "at": change.at.isoformat(),
        "author": change.author,
        "action": change.action,
        "field": change.field,
        "old": change.old,
        "new": change.new,
    }


@dossier.command("history")
@click.argument("dossier_id", metavar="ID")
@click.option(
    "--last",
    metavar=N_("NUMBER"),
    type=click.IntRange(min=1),
    help="Show only the last NUMBER changes; a dossier used for years has thousands.",
)
@language_option
@json_option
@click.pass_context
def history(
    ctx: click.Context, dossier_id: str, last: int | None, language: str | None, as_json: bool
) -> None:
    """Who changed what in a dossier, and when.

    \b
    Examples:
      aantafel dossier history 7f3a
      aantafel dossier history 7f3a --last 20
    """
    from aantafel.dossiers.story import what_changed

    store = open_for(ctx)
    current = run(lambda: store.dossier(dossier_id))
    changes = store.history(current.id, last=last)
    if as_json:
        echo_json({"dossier": current.id, "history": [_change_data(c) for c in changes]})
        return
    for change in changes:
        say(f"{change.id:>5}  {when(change.at)}  {change.author}  {what_changed(change, spoken())}")


@dossier.command("undo")
@click.argument("dossier_id", metavar="ID")
@click.argument("change_id", metavar="CHANGE", type=click.IntRange(min=1))
@author_option()
@click.pass_context
def undo(ctx: click.Context, dossier_id: str, change_id: int, author: str | None) -> None:
    """Undo one change of a dossier (the number `history` shows before it): its old values are written
    back as a new change, so the undo is in the history too and can itself be undone.

    \b
    Examples:
      aantafel dossier history 7f3a
      aantafel dossier undo 7f3a 12
    """
    from aantafel.dossiers.story import what_changed

    store = open_for(ctx)
    current = run(lambda: store.dossier(dossier_id))
    done = run(lambda: store.undo(current.id, change_id, author=writer(author)))
    say(_("Undone: {what} (change {id}).").format(what=what_changed(done, spoken()), id=done.id))


@dossier.command("feed")
@click.argument("dossier_id", metavar="ID")
@click.option("--revoke", is_flag=True, help="Stop the calendar link: it no longer works anywhere.")
@language_option
@json_option
@click.pass_context
def feed(ctx: click.Context, dossier_id: str, revoke: bool, language: str | None, as_json: bool) -> None:
    """A secret calendar link to the dossier's meetings and due dates, to subscribe to on a phone.

    Anyone who has the link can read those dates, without signing in: share it only with your team. A new
    link stops the old one; --revoke stops it without a new one.

    \b
    Examples:
      aantafel dossier feed 7f3a
      aantafel dossier feed 7f3a --revoke
    """
    from aantafel.cli.userdata import link
    from aantafel.ics import FEED_PATH

    store = open_for(ctx)
    found = run(lambda: store.dossier(dossier_id))
    if revoke:
        stopped = run(lambda: store.revoke_feed(found.id))
        if as_json:
            echo_json({"dossier": found.id, "revoked": stopped})
        elif stopped:
            say(_("The calendar link of {title} no longer works.").format(title=found.title))
        else:
            say(_("{title} has no calendar link.").format(title=found.title))
        return
    path = FEED_PATH.format(secret=run(lambda: store.make_feed(found.id)))
    if as_json:
        echo_json({"dossier": found.id, "path": path})
        return
    say(_("Calendar link of {title}:").format(title=found.title), err=True)
    link(path, webcal=True)
    click.echo(
        _(
            'Add it on your phone as a calendar you subscribe to ("from a link"). Anyone who has it can '
            "read the dates; a new link or --revoke stops it."
        ),
        err=True,
    )


COMMANDS = (dossier,)
