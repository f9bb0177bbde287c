"""Commands for pack authors: ``check`` a pack folder, scaffold a ``new-pack``, print a file's ``schema``."""

from __future__ import annotations

from pathlib import Path

import click

from aantafel.catalogues import N_
from aantafel.cli import State, echo_json, json_option, pass_state
from aantafel.cli.language import _, command


@command("check")
@click.argument("path", metavar=N_("PATH"), type=click.Path(exists=True, file_okay=False, path_type=Path))
@json_option
@pass_state
def check(state: State, path: Path, as_json: bool) -> None:
    """Validate the pack folder(s) at PATH exactly as aantafel loads them.

    PATH is a pack folder (with a pack.toml) or any folder above packs, such as a whole distribution.
    Installed packs are loaded too, so references to their items resolve; an installed pack with the same
    id and language as one under PATH is replaced by it. Prints every problem with file, line, item and
    field. Exit code 1 when there are problems, 0 when clean.

    \b
    Examples:
      aantafel check content/nl/src/aantafel_nl/pack
      aantafel check ./aantafel-uitdaagrecht
    """
    from aantafel.library import load_library
    from aantafel.packs import pack_folders

    folders = pack_folders(path)
    if not folders:
        raise click.ClickException(
            _("there is no pack.toml in {path} or below; is this a content pack?").format(path=path)
        )
    library = load_library(packs=folders, host=state.host, cache=False)
    # Not resolved: a file that links out of the pack is reported as the link, inside the pack.
    roots = [folder.absolute() for folder in folders]
    problems = [
        p
        for p in library.problems
        if p.file is not None and any(p.file.absolute().is_relative_to(root) for root in roots)
    ]
    loaded = [p for p in library.packs if p.folder.absolute() in roots]
    if as_json:
        echo_json(
            {
                "packs": [
                    {
                        "folder": str(p.folder),
                        "id": p.info.id,
                        "language": p.info.language,
                        "items": len(p.items),
                    }
                    for p in loaded
                ],
                "problems": [
                    {
                        "severity": p.severity,
                        "file": str(p.file) if p.file else None,
                        "line": p.line,
                        "item": p.item,
                        "field": p.field,
                        "message": p.message,
                    }
                    for p in problems
                ],
            }
        )
    else:
        for problem in problems:
            click.echo(str(problem))
        items = sum(len(p.items) for p in loaded)
        summary = _("{checked} pack(s) checked, {loaded} loaded with {items} items").format(
            checked=len(folders), loaded=len(loaded), items=items
        )
        if problems:
            click.echo(
                _("{summary}; {count} problem(s).").format(summary=summary, count=len(problems)), err=True
            )
        else:
            click.echo(_("{summary}; no problems.").format(summary=summary))
    if problems:
        raise click.exceptions.Exit(1)


@command("new-pack")
@click.argument("name", metavar=N_("NAME"))
@click.option("--title", metavar=N_("TEXT"), help="Title of the pack (default: made from NAME).")
@click.option(
    "--dir",
    "parent",
    metavar=N_("FOLDER"),
    type=click.Path(file_okay=False, path_type=Path),
    default=Path(),
    show_default="current folder",
    help="Where to create the aantafel-NAME folder.",
)
def new_pack(name: str, title: str | None, parent: Path) -> None:
    """Create a pip-installable content pack named aantafel-NAME, in Dutch and English.

    It holds a pyproject.toml with the entry point, pack.toml files, one example item of each kind and a
    test, and passes `aantafel check` as generated.

    \b
    Examples:
      aantafel new-pack uitdaagrecht
      aantafel new-pack pilot --title "Een pilot voorbereiden" --dir plugins
    """
    from aantafel.scaffold import ScaffoldError, create_pack

    try:
        target = create_pack(name, parent, title)
    except ScaffoldError as exc:
        raise click.ClickException(str(exc)) from None
    except OSError as exc:
        raise click.ClickException(_("cannot write the pack: {error}").format(error=exc)) from None
    click.echo(_("Made {folder}").format(folder=target))
    click.echo(_("Next:"))
    click.echo(f"  cd {target}")
    click.echo("  pip install -e .        " + _("(or: uv pip install -e .)"))
    click.echo("  aantafel check .")
    click.echo("  aantafel list --kind module")


@command("schema")
@click.argument("which", type=click.Choice(["pack", "items"]))
@click.option(
    "-o",
    "--output",
    metavar=N_("FILE"),
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="Write here.",
)
@pass_state
def schema(state: State, which: str, output: Path | None) -> None:
    """Print the JSON Schema of pack.toml (pack) or of an item file (items), for editors that check TOML.

    The item schema holds every kind installed, those of plugins too. In VS Code with Even Better TOML,
    put `#:schema ./items.schema.json` as the first line of an item file.

    \b
    Examples:
      aantafel schema items -o items.schema.json
      aantafel schema pack -o pack.schema.json
    """
    import json

    from aantafel.schema import items_schema, pack_schema

    made = pack_schema() if which == "pack" else items_schema(state.library().kinds)
    text = json.dumps(made, ensure_ascii=False, indent=2) + "\n"
    if output is None:
        click.echo(text, nl=False)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise click.ClickException(
            _("cannot write {file}: {error}").format(file=output, error=exc.strerror or exc)
        ) from None
    click.echo(_("Written: {file}").format(file=output), err=True)


COMMANDS = (check, new_pack, schema)
