"""``aantafel export`` and ``import``: a dossier on paper or in a file, and back again."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Literal

import click

from aantafel.catalogues import N_
from aantafel.cli import State, language_option, pass_state, resolve_language
from aantafel.cli.language import _, command, spoken
from aantafel.cli.userdata import data_options, open_for, run, said, say


@command("export")
@click.argument("dossier_id", metavar="DOSSIER")
@click.option(
    "--what",
    type=click.Choice(["sheet", "dossier"]),
    default="sheet",
    show_default=True,
    help="A preparation sheet for the next meeting, or the whole dossier.",
)
@click.option(
    "--format",
    "format_name",
    metavar=N_("FORMAT"),
    default="txt",
    show_default=True,
    help="txt, md, html, json, ics, or a plugin's.",
)
@click.option(
    "-o",
    "--output",
    metavar=N_("FILE"),
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to this file (default: print).",
)
@data_options
@language_option
@pass_state
@click.pass_context
def export(
    ctx: click.Context,
    state: State,
    dossier_id: str,
    what: Literal["sheet", "dossier"],
    format_name: str,
    output: Path | None,
    language: str | None,
) -> None:
    """Write a preparation sheet for the next meeting (one printable page), or the whole dossier.

    The sheet holds the goal and limits, the checks with their answers, the open agreements, the emotions
    from the previous meeting and the principles to keep in mind. `--what dossier --format json` is a
    complete copy that `aantafel import` reads back.

    \b
    Examples:
      aantafel export 7f3a
      aantafel export 7f3a --format html -o voorbereiding.html
      aantafel export 7f3a --what dossier --format json -o huur-buurthuis.json
    """
    from aantafel.dossiers.documents import document

    library = state.library()
    exporters = library.exporters()
    exporter = exporters.get(format_name)
    if exporter is None:
        raise click.BadParameter(
            _("'{name}' is not a format; choose from: {formats}").format(
                name=format_name, formats=", ".join(sorted(exporters))
            ),
            param_hint="--format",
        )
    lang = resolve_language(library, language)
    store = open_for(ctx)
    content = exporter.render(run(lambda: document(store, library, dossier_id, what, lang)))
    if output is None:
        sys.stdout.buffer.write(content)
        sys.stdout.flush()
        return
    if output.exists():
        raise click.ClickException(
            _("{file} exists already; choose another name or remove it first").format(file=output)
        )
    try:
        output.write_bytes(content)
    except OSError as exc:
        raise click.ClickException(
            _("cannot write {file}: {error}").format(file=output, error=exc.strerror)
        ) from None
    click.echo(_("Written: {file} ({format})").format(file=output, format=exporter.title), err=True)


@command("import")
@click.argument("file", metavar=N_("FILE"), type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--as-copy",
    is_flag=True,
    help="Import it next to the dossier it came from: new ids, and '(copy)' after the title.",
)
@data_options
@language_option
@click.pass_context
def import_(ctx: click.Context, file: Path, as_copy: bool, language: str | None) -> None:
    """Bring back a dossier exported with `aantafel export ID --what dossier --format json`.

    Everything comes back as it was: ids, meetings, answers, agreements and history. Nothing is stored when
    the file has any problem. When the dossier is in this database already, `--as-copy` imports it again
    with new ids, as a copy.

    \b
    Examples:
      aantafel import huur-buurthuis.json
      aantafel import huur-buurthuis.json --as-copy
    """
    from aantafel.dossiers.exchange import import_dossier, read_file
    from aantafel.refusals import Refusal

    payload = run(lambda: read_file(file))
    store = open_for(ctx)
    try:
        imported = import_dossier(store, payload, as_copy=as_copy, language=spoken())
    except Refusal as exc:
        if exc.reason not in ("id in use", "row in use"):
            raise click.ClickException(said(exc)) from None
        copy = _("; to import it as a copy: aantafel import {file} --as-copy").format(file=file)
        raise click.ClickException(said(exc) + copy) from None
    say(_("Dossier {id} imported: {title}").format(id=imported.id, title=imported.title))


COMMANDS = (export, import_)
