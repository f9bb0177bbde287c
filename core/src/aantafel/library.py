"""The loaded knowledge: every pack that passed validation, merged per language, with search and the finder.

Packs are read once into a ``Library`` and never change after that; a front-end asks it and renders. Search
indexes are built the first time a language is searched, so commands that only list or show never pay.
"""

from __future__ import annotations

import difflib
import gc
import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from aantafel.items import Check, Item, Module, Prompt
from aantafel.packs import Pack
from aantafel.plugins import HookResultError, PluginHost, make_plugin_host
from aantafel.problems import LibraryError, Problem
from aantafel.reader import PACK_FILE, PackResult, item_line, read_pack

if TYPE_CHECKING:
    from aantafel.converter import StrictConverter
    from aantafel.exporters import Exporter
    from aantafel.finder import Finder, Suggestion
    from aantafel.search import Hit, SearchIndex


class UnknownItem(KeyError):
    """No item has this id in this language; ``suggestions`` holds the closest ids."""

    def __init__(self, item_id: str, language: str, suggestions: Sequence[str]) -> None:
        super().__init__(item_id)
        self.item_id = item_id
        self.language = language
        self.suggestions = tuple(suggestions)

    def __str__(self) -> str:
        hint = f"; did you mean {', '.join(self.suggestions)}?" if self.suggestions else ""
        return f"no item '{self.item_id}' in language '{self.language}'{hint}"


class Library:
    """All loaded content. Items are looked up by id and language; ``problems`` says what was left out."""

    def __init__(
        self,
        packs: Sequence[Pack],
        problems: Sequence[Problem],
        plugins: PluginHost,
        sources: Sequence[tuple[Path, str | None]] = (),
        kinds: Mapping[str, type[Item]] | None = None,
    ) -> None:
        self.packs = tuple(packs)
        self.problems = tuple(problems)
        self.plugins = plugins
        self.sources = tuple(sources)
        """Every pack folder that was read, with the plugin that registered it (None: given directly)."""
        self.kinds: Mapping[str, type[Item]] = dict(kinds) if kinds is not None else item_kinds(plugins)
        """Every item kind that plugins registered, by name."""
        self._items: dict[str, dict[str, Item]] = {}
        self._pack_of: dict[str, dict[str, Pack]] = {}
        for pack in self.packs:
            language = pack.info.language
            self._items.setdefault(language, {}).update({item.id: item for item in pack.items})
            self._pack_of.setdefault(language, {}).update(dict.fromkeys([i.id for i in pack.items], pack))
        self._indexes: dict[str, SearchIndex] = {}
        self._finders: dict[str, Finder] = {}
        self._index_lock = threading.Lock()

    @property
    def languages(self) -> tuple[str, ...]:
        """Languages with at least one loaded pack, in alphabetical order."""
        return tuple(sorted(self._items))

    def missing_languages(self, plugin: str) -> tuple[str, ...]:
        """The languages of the library that a pack of ``plugin`` is in no installed translation of: a
        trainer module installed without its English pack works in Dutch, and says English is missing. (The
        base packs come one language per plugin, so a pack counts as translated by whichever plugin.)"""
        own = {pack.info.id for pack in self.packs if pack.plugin == plugin}
        have = {(pack.info.id, pack.info.language) for pack in self.packs}
        return tuple(
            language for language in self.languages if any((pack, language) not in have for pack in own)
        )

    def language(self, requested: str | None = None) -> str:
        """The language to show for a request, decided by the ``choose_language`` hook."""
        available = self.languages

        def check(choice: object) -> str:
            if choice not in available:
                raise HookResultError(f"{choice!r}, which is not one of {available}")
            return str(choice)

        chosen = self.plugins.decide("choose_language", check, requested=requested, available=available)
        return str(chosen) if chosen is not None else (requested or "nl")

    def items(self, language: str, kind: str | None = None) -> tuple[Item, ...]:
        """Every item in ``language`` in pack and file order, optionally of one kind."""
        found = self._items.get(language, {}).values()
        return tuple(item for item in found if kind is None or item.kind == kind)

    def prompts(self, language: str) -> tuple[tuple[Module, Prompt], ...]:
        """The worksheet prompts of every installed module, in order: what a preparation asks after the
        checks. A module's prompts appear in every front-end once it is installed."""
        modules = (item for item in self.items(language, "module") if isinstance(item, Module))
        return tuple((module, prompt) for module in modules for prompt in module.prompts)

    def find(self, item_id: str, language: str) -> Item | None:
        return self._items.get(language, {}).get(item_id)

    def get(self, item_id: str, language: str) -> Item:
        """The item, or ``UnknownItem`` with the closest ids as suggestions."""
        item = self.find(item_id, language)
        if item is None:
            known = list(self._items.get(language, {}))
            raise UnknownItem(item_id, language, difflib.get_close_matches(item_id, known, n=3))
        return item

    def pack_of(self, item_id: str, language: str) -> Pack:
        return self._pack_of[language][item_id]

    def plugin_of(self, problem: Problem) -> str | None:
        """The plugin whose pack folder holds the problem's file, or None for packs given directly."""
        if problem.file is not None:
            for folder, plugin in self.sources:
                if problem.file == folder or problem.file.is_relative_to(folder):
                    return plugin
        return None

    def index(self, language: str) -> SearchIndex:
        """The search index of one language, built on first use. (The finder has its own, of the items it
        may suggest: ``finder``.)"""
        with self._index_lock:
            if language not in self._indexes:
                from aantafel.search import SearchIndex
                from aantafel.text import Analyzer

                self._indexes[language] = SearchIndex(self.items(language), Analyzer(language))
            return self._indexes[language]

    def search(self, query: str, language: str, *, kind: str | None = None, limit: int = 10) -> list[Hit]:
        """Items matching ``query`` in ``language``, best first. Word forms and small typos match."""
        return self.index(language).search(query, kind=kind, limit=limit)

    def finder(self, language: str) -> Finder:
        """The built-in finder of one language, built on first use."""
        with self._index_lock:
            if language not in self._finders:
                from aantafel.finder import Finder

                finder = Finder(self.items(language), language)
                built_in = self.plugins.records.get("aantafel")
                if finder.problem and built_in is not None:  # said where plugins are listed, not hidden
                    built_in.notices.append(f"the finder weighs every word the same: {finder.problem}")
                self._finders[language] = finder
            return self._finders[language]

    def suggest(self, situation: str, language: str, *, limit: int = 3) -> list[Suggestion]:
        """Items that fit ``situation``, best first, merged from every plugin's finder; none when nothing
        fits (no score reaches ``aantafel.finder.FITS``)."""
        from aantafel.finder import ALSO_FITS, FITS, Suggestion

        best: dict[str, Suggestion] = {}
        for _plugin, suggestions in self.plugins.call(
            "suggest_items",
            _each(Suggestion, "suggestions"),
            situation=situation,
            library=self,
            language=language,
        ):
            for suggestion in suggestions:
                current = best.get(suggestion.item.id)
                if current is None or suggestion.score > current.score:
                    best[suggestion.item.id] = suggestion
        ranked = sorted(best.values(), key=lambda s: (-s.score, s.item.id))
        if not ranked or ranked[0].score < FITS:
            return []
        return [s for s in ranked if s.score >= ALSO_FITS][:limit]

    def exporters(self) -> dict[str, Exporter]:
        """Export formats by name. When two plugins offer one name, the first in pluggy's call order wins: an
        installed plugin before the built-ins, so a plugin can replace the built-in ``json``."""
        from aantafel.exporters import Exporter

        found: dict[str, Exporter] = {}
        offered_by: dict[str, str] = {}
        records = self.plugins.records
        for plugin, exporters in self.plugins.call("register_exporters", _each(Exporter, "exporters")):
            for exporter in exporters:
                first = offered_by.setdefault(exporter.name, plugin)
                found.setdefault(exporter.name, exporter)
                if first != plugin and plugin in records and records[plugin].builtin and first in records:
                    notice = f"its export format '{exporter.name}' replaces the built-in one"
                    if notice not in records[first].notices:  # said where plugins are listed, not hidden
                        records[first].notices.append(notice)
        return found


def _python_type(value: object) -> str:
    """'an int', 'a dict': hook results are Python objects, so messages name Python types."""
    name = type(value).__name__
    return f"{'an' if name[0] in 'aeiou' else 'a'} {name}"


def _each(cls: type, what: str) -> Any:
    """A result check: an iterable (not text) whose every element is a ``cls``."""

    def check(result: object) -> tuple[Any, ...]:
        if isinstance(result, str | bytes) or not isinstance(result, Iterable):
            raise HookResultError(f"{_python_type(result)}; expected a list of {what}")
        values = tuple(result)
        for value in values:
            if not isinstance(value, cls):
                raise HookResultError(
                    f"{_python_type(value)} among its {what}; expected {cls.__name__} objects"
                )
        return values

    return check


def _paths(result: object) -> tuple[Path, ...]:
    if isinstance(result, str | bytes) or not isinstance(result, Iterable):
        raise HookResultError(f"{_python_type(result)}; expected a list of pack folders")
    paths = []
    for value in result:
        if not isinstance(value, str | Path) and not hasattr(value, "joinpath"):
            raise HookResultError(f"{_python_type(value)}; expected pack folders (paths)")
        paths.append(Path(str(value)))
    return tuple(paths)


def _kind_classes(result: object) -> tuple[type[Item], ...]:
    values = _each(type, "item classes")(result)
    for cls in values:
        if not (issubclass(cls, Item) and attrs.has(cls)):
            raise HookResultError(f"{cls.__name__}; item kinds must be attrs subclasses of aantafel.Item")
        if not isinstance(cls.__dict__.get("kind"), str):
            raise HookResultError(f"{cls.__name__} without a 'kind' of its own; give it kind: ClassVar[str]")
    return tuple(values)


def item_kinds(plugins: PluginHost) -> dict[str, type[Item]]:
    """Every kind by name, in the order to show them: the built-in kinds first (so a plugin cannot replace
    one of them), then each plugin's. Front-ends list kinds from here, never from a list of their own."""
    kinds: dict[str, type[Item]] = {}
    results = plugins.call("register_item_kinds", _kind_classes)
    results.sort(key=lambda result: not plugins.records[result[0]].builtin)
    for plugin, classes in results:
        for cls in classes:
            if cls.kind in kinds and kinds[cls.kind] is not cls:
                plugins.fail(plugin, f"item kind '{cls.kind}' is already registered; ignored")
                continue
            kinds[cls.kind] = cls
    return kinds


def _assemble(results: Sequence[PackResult]) -> tuple[list[Pack], list[Problem]]:
    """Cross-pack checks: one copy per pack, no id claimed twice, full translations, references resolve."""
    problems = [p for r in results for p in r.problems]
    accepted: list[tuple[Pack, PackResult]] = []
    packs_seen: dict[tuple[str, str], PackResult] = {}
    owners: dict[str, dict[str, PackResult]] = {}
    """language -> item id -> the pack that has it"""
    for result in results:
        if result.failed or result.info is None:
            continue
        info, pack_file = result.info, result.folder / PACK_FILE
        first = packs_seen.get((info.id, info.language))
        if first is not None:
            problems.append(
                Problem(
                    message=f"pack {info.label} is also installed from {first.folder}"
                    f"{_by(first)}; this copy{_by(result)} is left out",
                    file=pack_file,
                    field="id",
                )
            )
            continue
        owned = owners.setdefault(info.language, {})
        clashes = [(item.id, owned[item.id]) for item in result.items if item.id in owned]
        if clashes:
            item_id, other = clashes[0]
            assert other.info is not None
            problems.append(
                Problem(
                    message=f"id claimed by two packs: {info.label} in {result.folder}{_by(result)} "
                    f"and {other.info.label} in {other.folder}{_by(other)}; {info.label} is left out"
                    + (f" ({len(clashes)} ids clash)" if len(clashes) > 1 else ""),
                    file=pack_file,
                    item=item_id,
                    field="id",
                )
            )
            continue
        packs_seen[info.id, info.language] = result
        owned.update(dict.fromkeys([item.id for item in result.items], result))
        pack = Pack(info=info, items=result.items, folder=result.folder, plugin=result.plugin)
        accepted.append((pack, result))
    problems += _translation_problems([p for p, _ in accepted])
    problems += _reference_problems(accepted, owners)
    return [pack for pack, _ in accepted], problems


def _by(result: PackResult) -> str:
    return f" (plugin {result.plugin})" if result.plugin else ""


def _translation_problems(packs: Sequence[Pack]) -> list[Problem]:
    families: dict[str, list[Pack]] = {}
    for pack in packs:
        families.setdefault(pack.info.id, []).append(pack)
    problems = []
    for pack in packs:
        ids = {item.id: item for item in pack.items}
        for other in families[pack.info.id]:
            if other is pack:
                continue
            for item in other.items:
                if item.id not in ids:
                    message = (
                        f"missing translation: {other.info.label} has this item, {pack.info.label} does not"
                    )
                elif _answered(ids[item.id]) != _answered(item) and packs.index(other) < packs.index(pack):
                    message = (  # said once, on the later pack
                        f"{other.info.label} and {pack.info.label} ask for another answer here (takes, "
                        "fills); an answer is kept by id, so every language must ask for the same"
                    )
                else:
                    continue
                problems.append(Problem(message=message, file=pack.folder, item=item.id, severity="warning"))
    return problems


def _answered(item: Item) -> tuple[str, str] | None:
    """What a check's answer is (``takes``, ``fills``); None for every other kind."""
    return (item.takes, item.fills) if isinstance(item, Check) else None


def _reference_problems(
    accepted: Sequence[tuple[Pack, PackResult]], owners: Mapping[str, Mapping[str, PackResult]]
) -> list[Problem]:
    problems = []
    for pack, result in accepted:
        known = owners[pack.info.language]
        for item in pack.items:
            for target in item.references():
                if target not in known:
                    field = "related" if target in item.related else "steps"
                    file, index = result.position(item.id) or (pack.folder, None)
                    line = item_line(file, index, field) if index is not None else None
                    problems.append(
                        Problem(
                            message=f"refers to '{target}', which no loaded {pack.info.language} pack has",
                            file=file,
                            line=line,
                            item=item.id,
                            field=field,
                            severity="warning",
                        )
                    )
    return problems


def load_library(
    *,
    packs: Iterable[Path | str] = (),
    plugins: Iterable[tuple[str, object]] = (),
    entry_points: bool = True,
    strict: bool = False,
    cache: bool = True,
    host: PluginHost | None = None,
) -> Library:
    """Load every installed content pack into a ``Library``.

    :param packs: extra pack folders. One replaces the installed pack with the same id and language (this
        is how ``aantafel check`` sees a pack you are editing); in other clashes of ids installed packs win.
    :param plugins: extra ``(name, plugin)`` pairs to register, as if installed.
    :param entry_points: load installed plugins (``AANTAFEL_LOAD_PLUGINS`` can still narrow them down).
    :param strict: raise ``LibraryError`` listing every problem and plugin failure, instead of leaving out
        what is broken.
    :param cache: reuse packs read before when their files have not changed.
    :param host: an existing plugin host, instead of building one from ``entry_points`` and ``plugins``.

    A broken pack or plugin never raises (unless ``strict``): it is left out and listed in
    ``library.problems`` or ``library.plugins.failures()``.
    """
    host = host or make_plugin_host(entry_points=entry_points, plugins=plugins)
    kinds = item_kinds(host)
    sources: list[tuple[Path, str | None]] = [(Path(folder), None) for folder in packs]
    for registrar, folders in host.call("register_content_packs", _paths):
        sources += [(folder, registrar) for folder in folders]

    with _collector_paused():
        results = _read_packs(sources, kinds, cache)
        # A plugin with a pack in one language and none in another (a module installed without its English
        # pack) works in the languages it has: not a failure, but a note (Library.missing_languages).
        read = {r.plugin for r in results if r.plugin is not None and r.info is not None}
        results = [r for r in results if not (r.plugin in read and r.absent)]
        # A pack given directly replaces the installed pack with its id and language (that is how `check`
        # sees a pack being edited) but is assembled last, so in a clash the installed pack keeps its ids.
        given = [r for r in results if r.plugin is None]
        replaced = {(r.info.id, r.info.language) for r in given if r.info is not None}
        kept = [
            r
            for r in results
            if r.plugin is not None and (r.info is None or (r.info.id, r.info.language) not in replaced)
        ]
        accepted, problems = _assemble(kept + given)
    library = Library(accepted, problems, host, sources, kinds)
    for _plugin, extra in host.call("validate_library", _each(Problem, "problems"), library=library):
        library.problems += extra
    if strict:
        failures = tuple(Problem(message=f"plugin '{name}': {message}") for name, message in host.failures())
        if failures or library.problems:
            raise LibraryError(failures + library.problems)
    return library


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector while packs are read.

    Reading creates hundreds of thousands of objects that all stay alive; the collector would walk them again
    and again and find nothing to free. Items hold no reference cycles, so nothing is lost by waiting.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _read_packs(
    sources: Sequence[tuple[Path, str | None]], kinds: Mapping[str, type[Item]], cache: bool
) -> list[PackResult]:
    """Every source folder read (or taken from the cache when unchanged), tagged with its plugin."""
    pack_cache = None
    if cache:
        from aantafel.cache import PackCache, default_path

        pack_cache = PackCache(default_path(), kinds)
    converter: StrictConverter | None = None
    results = []
    for folder, plugin in sources:
        result = pack_cache.get(folder) if pack_cache is not None else None
        if result is None:
            if converter is None:
                from aantafel.converter import StrictConverter

                converter = StrictConverter()
            result = read_pack(folder, kinds, converter)
            if pack_cache is not None:
                pack_cache.put(folder, result)
        results.append(attrs.evolve(result, plugin=plugin))
    if pack_cache is not None:
        pack_cache.save()
    return results
