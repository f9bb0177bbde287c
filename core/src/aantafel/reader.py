"""Read one pack folder: TOML syntax first, then structure, then the checks that need only this pack.

TOML is parsed with tomli, the library the standard ``tomllib`` was made from: it gives the same results, and
its compiled wheels parse about three times faster, which is most of a cold start.

Everything wrong is collected, not raised, so an author sees all problems at once. Checks that need other
packs (translations, references, id clashes) live in ``library._assemble``.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Mapping
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

import tomli
from attrs import frozen

from aantafel.items import Item
from aantafel.packs import SCHEMA_VERSIONS, PackInfo
from aantafel.problems import Problem, describe

if TYPE_CHECKING:
    from aantafel.converter import StrictConverter

PACK_FILE = "pack.toml"
MAX_FILE_BYTES = 1_000_000
"""A pack file above this is surely a mistake (a data dump, a binary); refusing it keeps loading fast."""

_ITEM_HEADER = re.compile(r"[ \t]*\[\[\s*item\s*\]\]")
_NULL = re.compile(r"=\s*(?:null|None|nil)\s*(?:#.*)?$")
_TRIPLE_QUOTES = re.compile(r"\"\"\"|\'\'\'")


FOLDER_NOT_FOUND = "pack folder not found"


@frozen(kw_only=True)
class PackResult:
    """What reading one folder gave: the header and items when they could be read, and every problem."""

    folder: Path
    info: PackInfo | None
    items: tuple[Item, ...]
    problems: tuple[Problem, ...]
    plugin: str | None = None
    layout: tuple[tuple[Path, tuple[str | None, ...]], ...] = ()
    """Per item file, the id of each [[item]] table in order (None where there was none), so that messages
    that come later can find an item's lines without keeping a position per item."""

    @property
    def failed(self) -> bool:
        return self.info is None or any(p.severity == "error" for p in self.problems)

    @property
    def absent(self) -> bool:
        """The folder is not there: a plugin registered a pack that was not installed with it."""
        return self.info is None and [p.message for p in self.problems] == [FOLDER_NOT_FOUND]

    def position(self, item_id: str) -> tuple[Path, int] | None:
        """The file of an item and its place among that file's [[item]] tables."""
        for path, ids in self.layout:
            if item_id in ids:
                return path, ids.index(item_id)
        return None


class _Source:
    """One parsed file with the line lookups messages need; the parser keeps no positions.

    Lines are worked out only when a message needs one, so a pack without problems never pays for it.
    """

    def __init__(self, path: Path, text: str, data: dict[str, Any] | None = None) -> None:
        self.path = path
        self.text = text
        self.data = data or {}

    @cached_property
    def lines(self) -> list[str]:
        return self.text.split("\n")  # TOML's lines; splitlines() also splits on form feeds and more

    @cached_property
    def in_string(self) -> list[bool]:
        return _multiline_string_lines(self.lines)

    @cached_property
    def item_starts(self) -> list[int]:
        return [
            number
            for number, line in enumerate(self.lines, start=1)
            if not self.in_string[number - 1] and _ITEM_HEADER.match(line)
        ]

    def line_of(self, field: str | None, index: int | None = None) -> int | None:
        """The line of ``field`` in item ``index`` (or in the whole file), else the item's first line."""
        start, end = 1, len(self.lines)
        if index is not None and index < len(self.item_starts):
            start = self.item_starts[index]
            if index + 1 < len(self.item_starts):
                end = self.item_starts[index + 1] - 1
        elif index is not None:
            return None
        if field:
            name = re.escape(field.split(".")[0].split("[")[0])
            key = re.compile(rf"""\s*(?:(?:{name}|"{name}"|'{name}')\s*=|\[\[\s*item\.{name}\s*\]\])""")
            for number in range(start, end + 1):
                if not self.in_string[number - 1] and key.match(self.lines[number - 1]):
                    return number
        return start if index is not None else None


def _multiline_string_lines(lines: list[str]) -> list[bool]:
    """Per line, whether it starts inside a multi-line string, where ``[[item]]`` or ``title =`` is text.

    A small scanner of TOML's strings and comments: enough to tell text from structure, not a parser.
    """
    inside: list[bool] = []
    opener: str | None = None
    for line in lines:
        inside.append(opener is not None)
        position = 0
        while position < len(line):
            if opener is not None:
                end = _closing(line, position, opener)
                if end < 0:
                    break
                opener, position = None, end
            elif line.startswith(('"""', "'''"), position):
                opener, position = line[position : position + 3], position + 3
            elif line[position] == "#":
                break
            elif line[position] in "\"'":
                end = _closing(line, position + 1, line[position])
                position = len(line) if end < 0 else end
            else:
                position += 1
    return inside


def _closing(line: str, start: int, quotes: str) -> int:
    """Where the string that ``quotes`` opened ends on this line (just past it), or -1 if it goes on."""
    position = start
    while (found := line.find(quotes, position)) >= 0:
        backslashes = len(line[:found]) - len(line[:found].rstrip("\\"))
        if quotes[0] == "'" or backslashes % 2 == 0:
            return found + len(quotes)
        position = found + 1
    return -1


def item_line(path: Path, index: int, field: str | None = None) -> int | None:
    """The line of ``field`` (or the start) of the ``index``-th item in ``path``, read again for a message."""
    raw = _contents(path)
    if isinstance(raw, str):
        return None
    try:
        return _Source(path, raw.decode("utf-8-sig")).line_of(field, index)
    except UnicodeDecodeError:
        return None


_SPECIAL = ((stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISSOCK, "a socket"), (stat.S_ISDIR, "a folder"))


def _contents(path: Path) -> bytes | str:
    """The bytes of a file in a pack folder (at most one more than the limit), or why it cannot be read.

    Every start reads every pack, so no file may stop it: a link out of the pack (to nothing, or to a system
    file) is refused, a FIFO or a device is never opened (a FIFO waits for a writer forever), and what is
    read is counted, whatever size the file system reports (``/dev/zero`` reports 0; a file can grow).
    """
    try:
        mode = path.lstat().st_mode
        if stat.S_ISLNK(mode):
            try:
                resolved = path.resolve(strict=True)
                leaves = "" if resolved.is_relative_to(path.parent.resolve()) else "outside the pack folder"
            except FileNotFoundError:
                leaves = "which does not exist"
            if leaves:
                return f"a link to {path.readlink()}, {leaves}; put the file itself in the pack folder"
            mode = resolved.stat().st_mode
        if not stat.S_ISREG(mode):
            kind = next((name for test, name in _SPECIAL if test(mode)), "a device")
            return f"not a file but {kind}; every file of a pack must be a plain text file"
        return _read_at_most(path, MAX_FILE_BYTES + 1)
    except (OSError, RuntimeError) as exc:  # RuntimeError: a loop of links, before Python 3.13
        return f"cannot read the file: {getattr(exc, 'strerror', None) or exc}"


def _read_at_most(path: Path, limit: int) -> bytes:
    """Up to ``limit`` bytes. The size the file reports is a hint for the first read, so a pack of small
    files is read as fast as ``read_bytes`` would; asking for the whole limit at once costs a megabyte's
    allocation per file. Non-blocking, so a file swapped for a FIFO after it was checked cannot hang."""
    handle = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    with os.fdopen(handle, "rb", buffering=0) as file:
        data = bytearray()
        want = os.fstat(handle).st_size + 1
        while len(data) < limit and (chunk := file.read(min(want, limit - len(data)))):
            data += chunk
            want = 1 << 16
        return bytes(data)


def _parse(path: Path) -> _Source | Problem:
    """The parsed file, or the one problem that kept it from being parsed."""

    def fail(message: str, line: int | None = None) -> Problem:
        return Problem(message=message, file=path, line=line)

    raw = _contents(path)
    if isinstance(raw, str):
        return fail(raw)
    if len(raw) > MAX_FILE_BYTES:
        return fail(f"file is over the limit of {MAX_FILE_BYTES:,} bytes; split it into smaller files")
    if not raw.strip():
        return fail("file is empty")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        return fail(
            f"not UTF-8 text (byte 0x{raw[exc.start]:02x} at line {line}); save the file as UTF-8",
            line,
        )
    try:
        data = tomli.loads(text)
    except tomli.TOMLDecodeError as exc:
        hint = ""
        if _NULL.search(text.split("\n")[exc.lineno - 1]):
            hint = "; TOML has no null: leave the key out instead"
        return fail(f"TOML syntax error: {exc.msg}{hint}", exc.lineno)
    except RecursionError as exc:  # tomli refuses deep nesting this way
        return fail(f"nested too deeply ({exc}); write it flatter")
    return _Source(path, text, data)


def _structure_problems(
    exc: BaseException, source: _Source, index: int | None, item_id: str | None
) -> list[Problem]:
    from aantafel.converter import field_errors  # cattrs is needed only when something is read

    return [
        Problem(
            message=message,
            file=source.path,
            line=source.line_of(field, index),
            item=item_id,
            field=field or None,
        )
        for field, message in field_errors(exc)
    ]


def _read_info(folder: Path, converter: StrictConverter) -> tuple[PackInfo | None, list[Problem]]:
    path = folder / PACK_FILE
    if not os.path.lexists(path):  # a link or a FIFO by that name is there: _parse says what is wrong
        return None, [
            Problem(
                message="missing: every pack needs a pack.toml with schema_version, id, language, "
                "version and title",
                file=path,
            )
        ]
    source = _parse(path)
    if isinstance(source, Problem):
        return None, [source]
    data = source.data
    version = data.get("schema_version")
    if type(version) is int and version not in SCHEMA_VERSIONS:
        supported = ", ".join(map(str, SCHEMA_VERSIONS))
        return None, [
            Problem(
                message=f"schema_version {version} is not supported; this aantafel reads "
                f"{supported}. Update aantafel, or write the pack for schema_version {supported}",
                file=path,
                line=source.line_of("schema_version"),
                field="schema_version",
            )
        ]
    try:
        return converter.structure(data, PackInfo), []
    except Exception as exc:
        return None, _structure_problems(exc, source, None, None)


def _read_items(
    path: Path, kinds: Mapping[str, type[Item]], converter: StrictConverter
) -> tuple[list[tuple[Item, int, _Source]], list[Problem]]:
    source = _parse(path)
    if isinstance(source, Problem):
        return [], [source]
    data = source.data
    problems = [
        Problem(
            message=f"unknown key {key!r}; an item file holds only [[item]] tables",
            file=path,
            line=source.line_of(key),
            field=key,
        )
        for key in data
        if key != "item"
    ]
    entries = data.get("item", [])
    if not isinstance(entries, list):
        problems.append(
            Problem(
                message=f"expected [[item]] tables, got {describe(entries)}",
                file=path,
                line=source.line_of("item"),
                field="item",
            )
        )
        return [], problems
    items: list[tuple[Item, int, _Source]] = []
    for index, entry in enumerate(entries):
        item_id = entry.get("id") if isinstance(entry, dict) else None
        item_id = item_id if isinstance(item_id, str) else None
        kind_name = entry.get("kind") if isinstance(entry, dict) else None
        cls = kinds.get(kind_name) if isinstance(kind_name, str) else None
        if cls is None:
            known = ", ".join(sorted(kinds))
            message = (
                f"missing 'kind'; use one of: {known}"
                if kind_name is None
                else f"unknown kind {kind_name!r}; use one of: {known}"
            )
            problems.append(
                Problem(
                    message=message,
                    file=path,
                    line=source.line_of("kind", index),
                    item=item_id,
                    field="kind",
                )
            )
            continue
        fields = {key: value for key, value in entry.items() if key != "kind"}
        try:
            items.append((converter.structure(fields, cls), index, source))
        except Exception as exc:
            problems += _structure_problems(exc, source, index, item_id)
    return items, problems


def _layout(read: list[tuple[Item, int, _Source]]) -> tuple[tuple[Path, tuple[str | None, ...]], ...]:
    files: dict[Path, list[str | None]] = {}
    for item, index, source in read:
        ids = files.setdefault(source.path, [])
        ids.extend([None] * (index + 1 - len(ids)))
        ids[index] = item.id
    return tuple((path, tuple(ids)) for path, ids in files.items())


def read_pack(
    folder: Path,
    kinds: Mapping[str, type[Item]],
    converter: StrictConverter,
    plugin: str | None = None,
) -> PackResult:
    """Read and validate one pack folder on its own; never raises for anything in the folder."""
    if not folder.is_dir():
        problem = Problem(message=FOLDER_NOT_FOUND, file=folder)
        return PackResult(folder=folder, info=None, items=(), problems=(problem,), plugin=plugin)
    info, problems = _read_info(folder, converter)
    read: list[tuple[Item, int, _Source]] = []
    files = sorted(p for p in folder.glob("*.toml") if p.name != PACK_FILE)
    for path in files:
        found, file_problems = _read_items(path, kinds, converter)
        read += found
        problems += file_problems
    if info is not None and not files:
        problems.append(Problem(message="the pack has no item files (*.toml next to pack.toml)", file=folder))
    first_seen: dict[str, tuple[_Source, int]] = {}
    items: list[Item] = []
    for item, index, source in read:
        if item.id in first_seen:
            other, other_index = first_seen[item.id]
            problems.append(
                Problem(
                    message=f"duplicate id; already used in {other.path.name} at line "
                    f"{other.line_of('id', other_index)}",
                    file=source.path,
                    line=source.line_of("id", index),
                    item=item.id,
                    field="id",
                )
            )
            continue
        first_seen[item.id] = (source, index)
        items.append(item)
    return PackResult(
        folder=folder,
        info=info,
        items=tuple(items),
        problems=tuple(problems),
        plugin=plugin,
        layout=_layout(read),
    )
