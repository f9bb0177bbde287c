"""Commands that show content: list, show, search and suggest."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from aantafel.catalogues import N_
from aantafel.cli import (
    State,
    echo_json,
    json_option,
    kind_option,
    language_option,
    pass_state,
    resolve_language,
)
from aantafel.cli.language import _, command
from aantafel.cli.userdata import data_options, open_for
from aantafel.labels import label

if TYPE_CHECKING:
    from aantafel.dossiers.store import Store
    from aantafel.items import Item
    from aantafel.library import Library
    from aantafel.usecases.search import Results


def item_data(library: Library, item: Item, language: str) -> dict[str, Any]:
    """An item as JSON-ready data: its fields plus kind, language and pack."""
    import attrs

    pack = library.pack_of(item.id, language)
    return {
        "kind": item.kind,
        **attrs.asdict(item),
        "language": language,
        "pack": pack.info.id,
    }


@command("list")
@language_option
@kind_option
@json_option
@pass_state
def list_items(state: State, language: str | None, kind: str | None, as_json: bool) -> None:
    """List all content, grouped by kind, with ids and titles.

    \b
    Examples:
      aantafel list
      aantafel list --lang en --kind principle
      aantafel list --json
    """
    library = state.library()
    lang = resolve_language(library, language)
    items = library.items(lang, kind)
    if as_json:
        echo_json(
            {
                "language": lang,
                "items": [
                    {"id": i.id, "kind": i.kind, "title": i.title, "summary": i.summary} for i in items
                ],
            }
        )
        return
    if not items:
        click.echo(_("Nothing of this kind in language '{language}'.").format(language=lang), err=True)
        return
    width = max(len(item.id) for item in items)
    first = True
    for group in library.kinds:
        members = [item for item in items if item.kind == group]
        if not members:
            continue
        if not first:
            click.echo()
        first = False
        click.secho(f"{label(lang, group)} ({len(members)})", bold=True)
        for item in members:
            click.echo(f"  {item.id.ljust(width)}  {item.title}")


@command("show")
@click.argument("item_id", metavar="ID")
@language_option
@json_option
@pass_state
def show(state: State, item_id: str, language: str | None, as_json: bool) -> None:
    """Show one item in full: its text, example sentences and related items.

    \b
    Examples:
      aantafel show bindende-afspraken
      aantafel show niet-concreet --lang en
    """
    from aantafel.library import UnknownItem

    library = state.library()
    lang = resolve_language(library, language)
    try:
        item = library.get(item_id, lang)
    except UnknownItem as exc:
        raise click.ClickException(
            _("there is no item '{id}' in language '{language}'").format(id=exc.item_id, language=lang)
            + (_("; did you mean {ids}?").format(ids=", ".join(exc.suggestions)) if exc.suggestions else "")
        ) from None
    if as_json:
        echo_json(item_data(library, item, lang))
        return
    from aantafel.plaintext import render_item

    click.echo(render_item(library, item, lang, strong=lambda text: click.style(text, bold=True)))


@command("search")
@click.argument("words", nargs=-1, required=True, metavar=N_("WORDS"))
@language_option
@kind_option
@click.option(
    "--limit",
    metavar=N_("NUMBER"),
    default=10,
    show_default=True,
    type=click.IntRange(1, 100),
    help="At most this many.",
)
@json_option
@data_options
@pass_state
def search(
    state: State, words: tuple[str, ...], language: str | None, kind: str | None, limit: int, as_json: bool
) -> None:
    """Search your dossiers and all content. Word forms match (afspraak, afspraken) and small typos are
    forgiven in the content; in your dossiers the last word may be the start of one (Utr).

    \b
    Examples:
      aantafel search afspraken
      aantafel search "belangen gemeente"
      aantafel search Utrecht
      aantafel search --lang en agreements
    """
    from aantafel.plaintext import wrap
    from aantafel.usecases.search import search as search_all

    library = state.library()
    lang = resolve_language(library, language)
    query = " ".join(words)
    if not query.strip():
        raise click.UsageError(_("give one or more words to search for, e.g.: aantafel search afspraken"))
    store = None if kind else _dossiers(click.get_current_context())  # a kind is one of the library's
    found = search_all(library, store, query, lang, kind=kind, limit=limit)
    hits = found.library
    if as_json:
        echo_json(
            {
                "query": query,
                "language": lang,
                "dossiers": [
                    {
                        "kind": hit.kind,
                        "id": hit.id,
                        "dossier": hit.dossier_id,
                        "dossier_title": hit.dossier_title,
                        "starts_at": hit.starts_at.isoformat() if hit.starts_at else None,
                        "snippet": hit.snippet.text,
                    }
                    for hit in found.dossiers
                ],
                "hits": [
                    {"id": h.item.id, "kind": h.item.kind, "title": h.item.title, "matched": list(h.matched)}
                    for h in hits
                ],
            }
        )
        return
    if not hits and not found.dossiers:
        click.echo(label(lang, "no_results").format(query=query), err=True)
        return
    _dossier_hits(found, lang)
    if hits and found.dossiers:
        click.echo()
        click.secho(label(lang, "search library"), underline=True)
    for rank, hit in enumerate(hits, 1):
        click.secho(f"{rank}. {hit.item.title}", bold=True)
        click.echo(f"   {hit.item.id} · {label(lang, 'one ' + hit.item.kind)}")
        if hit.item.summary:
            click.echo(wrap(hit.item.summary, "   "))


def _dossiers(ctx: click.Context) -> Store | None:
    """The store to search when there is a database; none before the first dossier (a search makes no
    database), and none, said on stderr, when it cannot be opened: the content is still searched."""
    from aantafel.dossiers.location import database_url, made

    if not made(database_url(ctx.find_root().meta.get("aantafel.db"))):
        return None
    try:
        return open_for(ctx)
    except click.ClickException as exc:
        click.echo(
            _("Your dossiers were not searched: {reason}").format(reason=exc.format_message()), err=True
        )
        return None


def _dossier_hits(found: Results, language: str) -> None:
    """The hits in the dossiers, each with where it is, its id and its text around the words found."""
    from aantafel.plaintext import harmless
    from aantafel.usecases.search import where

    if not found.dossiers:
        return
    click.secho(label(language, "search dossiers"), underline=True)
    for rank, hit in enumerate(found.dossiers, 1):
        place = where(hit, language)
        click.secho(f"{rank}. {harmless(hit.dossier_title)}" + (f" · {place}" if place else ""), bold=True)
        click.echo(f"   {hit.id}")
        parts = hit.snippet.parts()
        click.echo("   " + "".join(click.style(harmless(text), bold=marked) for text, marked in parts))


@command("suggest")
@click.argument("situation", nargs=-1, required=True, metavar=N_("SITUATION"))
@language_option
@click.option(
    "--limit",
    metavar=N_("NUMBER"),
    default=3,
    show_default=True,
    type=click.IntRange(1, 10),
    help="At most this many.",
)
@json_option
@pass_state
def suggest(
    state: State, situation: tuple[str, ...], language: str | None, limit: int, as_json: bool
) -> None:
    """Describe in your own words where the talk is stuck; get what helps, best first.

    Interventions, principles and checks all take part. When nothing fits well, it says so and asks a question
    back instead of guessing.

    \b
    Examples:
      aantafel suggest "ze blijven maar vaag en beloven niks"
      aantafel suggest --lang en "they keep us waiting and never decide"
    """
    from aantafel.advice import answer
    from aantafel.plaintext import bullets, markdown, wrap

    library = state.library()
    lang = resolve_language(library, language)
    text = " ".join(situation)
    if not text.strip():
        raise click.UsageError(
            _('describe where the talk is stuck, e.g.: aantafel suggest "ze blijven vaag"')
        )
    found = answer(library, text, lang, limit=limit)
    if as_json:
        echo_json(
            {
                "situation": text,
                "language": lang,
                "suggestions": [
                    {
                        **item_data(library, a.item, lang),
                        "score": a.score,
                        "reasons": list(a.reasons),
                        "related": [other.id for other in a.related],
                    }
                    for a in found.advice
                ],
                "follow_up": found.follow_up,
                "checks": [check.id for check in found.checks],
            }
        )
        return
    if not found.fits:
        click.echo(wrap(label(lang, "no_suggestion")), err=True)
        click.echo(wrap(found.follow_up), err=True)
        click.echo(f"\n{label(lang, 'start with checks')}", err=True)
        click.echo(bullets([f"{c.title} (aantafel show {c.id})" for c in found.checks], "  "), err=True)
        return
    for rank, advice in enumerate(found.advice, 1):
        if rank > 1:
            click.echo()
        click.secho(f"{rank}. {advice.item.title}  ({advice.item.id})", bold=True)
        click.echo(f"   {advice.kind}")
        if advice.reasons:
            click.echo(wrap(f"{label(lang, 'matched')}: {'; '.join(advice.reasons)}", "   "))
        if advice.lines:
            click.echo(f"   {advice.say}:")
            click.echo(bullets(advice.lines, "     "))
        if advice.next_steps:
            click.echo(f"   {label(lang, 'next_steps')}:")
            click.echo(markdown(advice.next_steps, "     "))
        if advice.related:
            related = ", ".join(f"{other.title} ({other.id})" for other in advice.related)
            click.echo(wrap(f"{label(lang, 'related')}: {related}", "   "))


COMMANDS = (list_items, show, search, suggest)
