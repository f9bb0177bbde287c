"""Loading plugins so that one broken plugin never takes the others down.

pluggy stops at the first entry point that fails to import, and one hook implementation that raises aborts
the hook call for everyone. So each entry point is loaded in its own ``try``, each implementation is called in
its own ``try``, and what it returns is checked before anyone uses it. Every failure is kept on the plugin's
record, which ``aantafel plugins`` shows and the CLI sums up in one line on stderr.

There is no module-global manager: ``make_plugin_host`` builds a fresh one, so tests and embedders never share
state.
"""

from __future__ import annotations

import contextlib
import difflib
import os
import traceback
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any, NoReturn, TypeVar

import pluggy

from aantafel import distributions, hookspecs

ENTRY_POINT_GROUP = "aantafel"
KILL_SWITCH = "AANTAFEL_LOAD_PLUGINS"
"""Comma-separated plugin or distribution names to load; set but empty loads none. Built-ins always load."""
R = TypeVar("R")
SPECS_ATTRIBUTE = "aantafel_hookspecs"
"""A plugin module may offer hook specifications for other plugins here (a front-end does, for its hooks)."""


class PluginRecord:
    """What is known about one plugin: where it comes from, which hooks it implements, what went wrong.

    A plain class rather than attrs: it is built on every start, ``aantafel --help`` included, and attrs would
    be the only reason to import it there.
    """

    def __init__(
        self,
        name: str,
        distribution: str | None = None,
        version: str | None = None,
        builtin: bool = False,
    ) -> None:
        self.name = name
        self.distribution = distribution
        self.version = version
        self.builtin = builtin
        self.hooks: list[str] = []
        self.failures: list[str] = []
        self.notices: list[str] = []
        """What it does that people should know although nothing failed (it replaces a built-in)."""
        self.details: list[str] = []
        """The traceback of each failure, for ``AANTAFEL_TRACE=1``."""


class TooSlow(Exception):
    """Plugin code ran longer than the deadline it was given (``within``); it may still be running."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"took longer than {seconds:g} seconds; it was left running and skipped")
        self.seconds = seconds


def within(seconds: float | None, work: Callable[[], R]) -> R:
    """``work()``, or ``TooSlow`` when it has not finished after ``seconds`` (None: wait as long as it
    takes). A web worker that waited for ever on one plugin answered nobody else; this one gives up
    waiting. Python cannot stop a thread, so the work goes on in its own (a daemon, which never keeps the
    program from ending), in a copy of the caller's context, so Flask's ``request`` and ``g`` work in it."""
    if seconds is None:
        return work()
    import contextvars  # only where a deadline is set: the command line starts without threads
    import threading

    outcome: list[R] = []
    failed: list[BaseException] = []
    done = threading.Event()
    context = contextvars.copy_context()

    def run() -> None:
        try:
            outcome.append(context.run(work))
        except BaseException as exc:
            failed.append(exc)
        finally:
            done.set()

    threading.Thread(target=run, name="aantafel plugin", daemon=True).start()
    if not done.wait(seconds):
        raise TooSlow(seconds)
    if failed:
        raise failed[0]
    return outcome[0]


class HookResultError(TypeError):
    """A hook returned something the core cannot use; the message says what was expected."""


Check = Callable[[Any], Any]
"""Validates and normalises one implementation's result, raising ``HookResultError`` when it is unusable."""


class PluginHost:
    """A pluggy manager plus the records of every plugin, calling hooks one implementation at a time."""

    def __init__(self) -> None:
        self.manager = pluggy.PluginManager(hookspecs.PROJECT)
        self.manager.add_hookspecs(hookspecs)
        self.records: dict[str, PluginRecord] = {}
        self.deadline: float | None = None
        """Seconds another plugin's implementation may run before it is reported and skipped (``within``);
        None, as on the command line, waits for it. The web page sets one, so no worker hangs on a plugin.
        The built-in implementations are aantafel's own and run without one."""

    def register(self, plugin: object, record: PluginRecord) -> bool:
        """Register ``plugin`` under ``record.name``; on failure note why on the record and return False."""
        self.records[record.name] = record
        try:
            self.manager.register(plugin, name=record.name)
        except Exception as exc:
            reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            self.fail(record.name, f"could not be registered: {reason}", exc)
            return False
        return True

    def fail(self, name: str, message: str, exc: BaseException | None = None) -> None:
        record = self.records.setdefault(name, PluginRecord(name=name))
        if message not in record.failures:
            record.failures.append(message)
            if exc is not None:
                record.details.append("".join(traceback.format_exception(exc)))

    def failures(self) -> list[tuple[str, str]]:
        """Every (plugin name, message) so far, in load order."""
        return [(r.name, message) for r in self.records.values() for message in r.failures]

    def call(self, hook: str, check: Check | None = None, **kwargs: Any) -> list[tuple[str, Any]]:
        """Call each implementation of ``hook`` in pluggy's order; return (plugin name, checked result) pairs.

        An implementation that raises, or whose result ``check`` rejects, is skipped and recorded.
        """
        return list(self._results(hook, check, kwargs))

    def decide(self, hook: str, check: Check | None = None, **kwargs: Any) -> Any:
        """Call a ``firstresult`` hook: the first usable answer wins, and later plugins are not asked."""
        return next((result for _plugin, result in self._results(hook, check, kwargs)), None)

    def _results(self, hook: str, check: Check | None, kwargs: dict[str, Any]) -> Iterator[tuple[str, Any]]:
        for impl in reversed(getattr(self.manager.hook, hook).get_hookimpls()):
            try:
                arguments = [kwargs[name] for name in impl.argnames]
                record = self.records.get(impl.plugin_name)
                # aantafel's own implementations run without a thread: starting one for each call was a
                # fifth of a "Vastgelopen?" answer, and our own code is what this deadline trusts anyway.
                deadline = None if record is not None and record.builtin else self.deadline
                result = within(deadline, lambda: impl.function(*arguments))  # noqa: B023 (waited for)
                if result is not None and check is not None:
                    result = check(result)
            except HookResultError as exc:
                self.fail(impl.plugin_name, f"hook {hook} returned {exc}", exc)
                continue
            except TooSlow as exc:
                self.fail(impl.plugin_name, f"hook {hook} {exc}")
                continue
            except Exception as exc:
                self.fail(impl.plugin_name, f"hook {hook} raised {type(exc).__name__}: {exc}", exc)
                continue
            if result is not None:
                yield impl.plugin_name, result

    def drop_unusable(self) -> None:
        """Unregister plugins that implement a hook nobody specified (almost always a misspelt name), or
        that implement one as a wrapper.

        pluggy's ``check_pending`` finds unknown hooks too, but raises for the first and names no
        alternative. Wrappers (``wrapper=True``, ``hookwrapper=True``) wrap the other implementations of a
        hook call; this host calls each implementation on its own, so that one plugin's failure stays its
        own, and a wrapper would be called as if it were an ordinary implementation.
        """
        hooks = self.manager.hook
        specified = [n for n in dir(hooks) if not n.startswith("_") and getattr(hooks, n).spec is not None]
        for name, plugin in list(self.manager.list_name_plugin()):
            for caller in self.manager.get_hookcallers(plugin) or []:
                impls = [i for i in caller.get_hookimpls() if i.plugin is plugin]
                if any(i.wrapper or i.hookwrapper for i in impls):
                    reason = (
                        f"implements hook '{caller.name}' as a wrapper, which aantafel does not support "
                        "(see docs/plugins.md, Isolation), so it is not loaded"
                    )
                elif caller.spec is None and not all(i.optionalhook for i in impls):
                    close = difflib.get_close_matches(caller.name, specified, n=1)
                    hint = f" (did you mean '{close[0]}'?)" if close else ""
                    reason = f"implements unknown hook '{caller.name}'{hint}, so it is not loaded"
                else:
                    continue
                self.fail(name, reason)
                self.manager.unregister(plugin)
                break
        self.manager.check_pending()
        for record in self.records.values():
            plugin = self.manager.get_plugin(record.name)
            callers = self.manager.get_hookcallers(plugin) if plugin is not None else None
            record.hooks = sorted(caller.name for caller in callers or [])


def _wanted(env: Mapping[str, str]) -> set[str] | None:
    value = env.get(KILL_SWITCH)
    if value is None:
        return None
    return {name.strip() for name in value.split(",") if name.strip()}


def _load_entry_points(host: PluginHost, wanted: set[str] | None) -> list[tuple[object, PluginRecord]]:
    """Import every wanted entry point, each in its own ``try``; return the modules that imported."""
    loaded: list[tuple[object, PluginRecord]] = []
    for entry_point in distributions.entry_points(ENTRY_POINT_GROUP):
        record = PluginRecord(
            name=entry_point.name, distribution=entry_point.distribution, version=entry_point.version
        )
        if wanted is not None and not wanted & {record.name, record.distribution}:
            continue
        if record.name in host.records:
            other = host.records[record.name].distribution
            host.fail(
                record.name,
                f"two distributions use the plugin name '{record.name}': {other} and "
                f"{record.distribution}; only the first is loaded",
            )
            continue
        host.records[record.name] = record
        try:
            with _no_hard_exit():
                module = entry_point.load()
        except BaseException as exc:  # even SystemExit in someone's plugin must not end the program
            if isinstance(exc, KeyboardInterrupt):
                raise
            host.fail(record.name, f"import failed: {type(exc).__name__}: {exc}", exc)
            continue
        loaded.append((module, record))
    return loaded


class HardExit(BaseException):
    """A plugin called ``os._exit`` while it was imported."""


@contextlib.contextmanager
def _no_hard_exit() -> Iterator[None]:
    """``os._exit`` raising ``HardExit`` instead of ending the process: a plugin that called it at import
    made every command exit 0 at once, with no word about why. Only while plugins are imported, so a
    program that uses the core keeps the real one."""
    real = os._exit

    def refuse(status: int) -> NoReturn:
        raise HardExit(f"it called os._exit({status}), which would have ended aantafel")

    os._exit = refuse
    try:
        yield
    finally:
        os._exit = real


def _register_all(host: PluginHost, plugins: list[tuple[object, PluginRecord]]) -> None:
    """Add every plugin's hook specifications first, then register them all.

    So a plugin may implement a hook that another plugin (a front-end) specifies, whatever order they are
    found in, and an implementation of a hook that nobody specifies is surely misspelt.
    """
    for plugin, record in plugins:
        specs = getattr(plugin, SPECS_ATTRIBUTE, None)
        if specs is not None:
            try:
                host.manager.add_hookspecs(specs)
            except Exception as exc:
                host.fail(record.name, f"its hook specifications are invalid: {exc}", exc)
    for plugin, record in plugins:
        host.register(plugin, record)


def make_plugin_host(
    *,
    entry_points: bool = True,
    plugins: Iterable[tuple[str, object]] = (),
    env: Mapping[str, str] | None = None,
) -> PluginHost:
    """Build a plugin host: the built-ins, the installed plugins (unless ``entry_points`` is False or the kill
    switch says otherwise) and any ``(name, plugin)`` pairs given, e.g. by a test or an embedding program.

    A name in ``plugins`` that an installed plugin already uses is a programming error: ``ValueError``.
    """
    from aantafel import defaults

    host = PluginHost()
    distribution, version = _own_distribution()
    host.register(
        defaults, PluginRecord(name="aantafel", distribution=distribution, version=version, builtin=True)
    )
    loaded = _load_entry_points(host, _wanted(os.environ if env is None else env)) if entry_points else []
    for name, plugin in plugins:
        if name in host.records:
            taken = host.records[name].distribution or "another plugin"
            raise ValueError(f"the plugin name '{name}' is already used by {taken}")
        loaded.append((plugin, PluginRecord(name=name)))
    _register_all(host, loaded)
    host.drop_unusable()
    return host


def _own_distribution() -> tuple[str | None, str | None]:
    version = distributions.version("aantafel")
    return ("aantafel", version) if version else (None, None)
