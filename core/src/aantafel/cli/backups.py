"""``aantafel backup`` and ``restore``: the whole database to a file, checked, and back again."""

from __future__ import annotations

from pathlib import Path

import click

from aantafel.catalogues import N_
from aantafel.cli import language_option
from aantafel.cli.language import _, command, ngettext
from aantafel.cli.userdata import confirm, db_option, open_database, run


@command("backup")
@click.argument(
    "target", metavar=N_("TARGET"), required=False, type=click.Path(dir_okay=False, path_type=Path)
)
@db_option
@language_option
@click.pass_context
def backup(ctx: click.Context, target: Path | None, language: str | None) -> None:
    """Write a consistent copy of the database, also while aantafel is in use elsewhere.

    Without TARGET the copy goes next to the database, named with the date and time. The copy is checked
    before it gets its name, and only you can read it. `aantafel restore` puts it back.

    \b
    Examples:
      aantafel backup
      aantafel backup /media/usb/aantafel-backup.sqlite
    """
    store = open_database(ctx)
    written = run(lambda: store.backup(target))
    click.echo(_("Backup written: {file}").format(file=written))


@command("restore")
@click.argument("file", metavar=N_("FILE"), type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--yes", "-y", is_flag=True, help="Restore without asking first.")
@db_option
@language_option
@click.pass_context
def restore(ctx: click.Context, file: Path, yes: bool, language: str | None) -> None:
    """Put a backup made with `aantafel backup` in the place of the database.

    FILE is checked first: a file that is not a sound aantafel backup is refused, and nothing changes. The
    database as it is now is kept next to it (aantafel-before-restore-DATE.sqlite), so restoring that one
    undoes this. Stop the web page and the coach while you restore.

    \b
    Examples:
      aantafel restore /media/usb/aantafel-backup.sqlite
      aantafel restore aantafel-backup-20261201-120000.sqlite --yes
    """
    from aantafel.dossiers.store import database_url
    from aantafel.dossiers.store.backups import backup_dossiers, restore_backup

    if not yes:
        count = run(lambda: backup_dossiers(file))
        question = ngettext(
            "{file} holds {count} dossier. Put it in the place of the database, which is kept first?",
            "{file} holds {count} dossiers. Put it in the place of the database, which is kept first?",
            count,
        )
        if not confirm(question.format(file=file, count=count), default=False):
            click.echo(_("Nothing was changed."))
            return
    restored = run(lambda: restore_backup(file, database_url(ctx.find_root().meta.get("aantafel.db"))))
    click.echo(
        ngettext(
            "Restored: {file} ({count} dossier).", "Restored: {file} ({count} dossiers).", restored.dossiers
        ).format(file=file, count=restored.dossiers)
    )
    if restored.kept is not None:
        click.echo(
            _("The database as it was is kept in {file}; restore that one to undo this.").format(
                file=restored.kept
            )
        )


COMMANDS = (backup, restore)
