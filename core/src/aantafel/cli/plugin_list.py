"""``aantafel plugins``: what is installed, what each plugin gives, and what went wrong."""

from __future__ import annotations

import os
import textwrap
from typing import Any

import click

from aantafel.cli import BUILTIN, TRACE, State, echo_json, json_option, pass_state
from aantafel.cli.language import _, command, spoken
from aantafel.labels import language_label


@command("plugins")
@json_option
@pass_state
def plugins(state: State, as_json: bool) -> None:
    """List every plugin: distribution, version, hooks, packs and failures.

    Works with a broken plugin installed: that is what it is for. Set AANTAFEL_TRACE=1 to see the
    traceback of each failure.

    \b
    Examples:
      aantafel plugins
      aantafel plugins --json
      AANTAFEL_LOAD_PLUGINS=nl aantafel plugins
    """
    library = state.library()
    # Ask every hook that takes no situation, so a plugin that fails in one of them shows up here too.
    library.exporters()
    library.language(None)
    for language in library.languages:
        library.finder(language)  # a word list it cannot read is noted on the built-in plugin
    state.plugin_commands(BUILTIN)
    report: list[dict[str, Any]] = []
    for record in state.host.records.values():
        packs = [
            {"id": p.info.id, "language": p.info.language, "items": len(p.items), "version": p.info.version}
            for p in library.packs
            if p.plugin == record.name
        ]
        problems = [str(p) for p in library.problems if library.plugin_of(p) == record.name]
        report.append(
            {
                "name": record.name,
                "distribution": record.distribution,
                "version": record.version,
                "builtin": record.builtin,
                "hooks": record.hooks,
                "packs": packs,
                "failures": [*record.failures, *problems],
                "notices": record.notices,
                "missing_languages": list(library.missing_languages(record.name)),
            }
        )
    state.reported.update(record["name"] for record in report)  # the report itself says it all
    if as_json:
        echo_json({"plugins": report})
        return
    for entry in report:
        origin = " ".join(str(p) for p in (entry["distribution"], entry["version"]) if p)
        status = click.style("  " + _("FAILED"), fg="red", bold=True) if entry["failures"] else ""
        builtin = " " + _("(built in)") if entry["builtin"] else ""
        click.secho(f"{entry['name']}", bold=True, nl=False)
        click.echo(f"  {origin}{builtin}{status}")
        click.echo("    " + _("hooks: {hooks}").format(hooks=", ".join(entry["hooks"]) or "-"))
        for pack in entry["packs"]:
            click.echo("    " + _("pack: {id} ({language}), {items} items").format(**pack))
        for failure in entry["failures"]:
            click.echo("    " + _("problem: {problem}").format(problem=failure))
        for notice in entry["notices"]:
            click.echo("    " + _("note: {notice}").format(notice=notice))
        if entry["missing_languages"]:
            missing = ", ".join(language_label(spoken(), code) for code in entry["missing_languages"])
            click.echo("    " + _("note: works, but has no pack in {languages}").format(languages=missing))
        found = state.host.records.get(entry["name"])
        if os.environ.get(TRACE) and found is not None:
            for detail in found.details:
                click.echo(textwrap.indent(detail.rstrip(), "      "))


COMMANDS = (plugins,)
