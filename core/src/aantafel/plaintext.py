"""Content and sheets as plain text for a terminal: headings, wrapped paragraphs, Markdown reduced to
text, and the whole layout of an item, which the command line (``aantafel show``) and the coach share.

Markdown goes through markdown-it with html off (``js-default``), so a pack cannot smuggle markup into the
output; the tokens are then laid out as plain text with bullets and hanging indents. Emphasis is left to
the caller (``strong``): the command line makes headings bold, the coach writes them plain.
"""

from __future__ import annotations

import contextlib
import re
import shutil
import textwrap
from collections.abc import Callable, Iterable, Iterator
from contextvars import ContextVar
from typing import TYPE_CHECKING

from markdown_it import MarkdownIt
from markdown_it.token import Token

from aantafel.labels import label

if TYPE_CHECKING:
    from aantafel.items import Item, Step
    from aantafel.library import Library

_MARKDOWN = MarkdownIt("js-default")


_CAP: ContextVar[int] = ContextVar("aantafel_columns", default=88)

_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
"""What a terminal would obey or cannot be written: control characters (escape sequences, a carriage
return that writes over a line, C1 codes) and broken characters; a newline and a tab are kept."""


def harmless(text: str) -> str:
    """``text`` with each control character shown as an escape (``\\x1b``), so that a stored text can
    neither move the cursor, retitle the window nor hide what follows when it is printed; newlines and tabs
    stay, so notes read as written."""
    return _UNSAFE.sub(_escaped, text)


def _escaped(found: re.Match[str]) -> str:
    code = ord(found.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def width() -> int:
    """The terminal's width, capped so lines stay easy to read on a wide screen (see ``at_most``)."""
    return max(40, min(shutil.get_terminal_size((88, 24)).columns, _CAP.get()))


@contextlib.contextmanager
def at_most(columns: int) -> Iterator[None]:
    """Lay text out in at most ``columns`` columns inside the block: the coach keeps its replies narrower
    than the command line does, and wrapping our lines a second time would break them in odd places."""
    token = _CAP.set(columns)
    try:
        yield
    finally:
        _CAP.reset(token)


def wrap(text: str, indent: str = "", hanging: str | None = None) -> str:
    return textwrap.fill(
        " ".join(text.split()),
        width=width(),
        initial_indent=indent,
        subsequent_indent=indent if hanging is None else hanging,
        break_long_words=False,
        break_on_hyphens=False,
    )


def lines(text: str, indent: str = "") -> str:
    """``text`` wrapped line by line: the lines someone wrote in a note or a review stay lines (an empty one
    too), where ``wrap`` would join them into one."""
    return "\n".join(wrap(line, indent) if line.strip() else "" for line in text.strip().splitlines())


def _inline_text(token: Token) -> str:
    parts = []
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type == "link_close":
            parts.append("")
        elif child.type == "image":
            parts.append(child.content)
    return "".join(parts)


def markdown(text: str, indent: str = "") -> str:
    """Render Markdown as plain wrapped text: paragraphs, bullet and numbered lists, headings."""
    blocks: list[tuple[str, bool]] = []  # (text, is a list entry)
    lists: list[list[int]] = []  # one entry per open list: [next number] or [] for bullets
    for index, token in enumerate(tokens := _MARKDOWN.parse(text)):
        if token.type == "bullet_list_open":
            lists.append([])
        elif token.type == "ordered_list_open":
            lists.append([int(token.attrs.get("start", 1) or 1)])
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif token.type == "inline":
            content = _inline_text(token)
            opener = tokens[index - 1] if index else None
            depth = "  " * max(len(lists) - 1, 0)
            if opener is not None and opener.type == "heading_open":
                blocks.append((indent + content.upper(), False))
            elif lists and _starts_item(tokens, index):
                numbers = lists[-1]
                marker = f"{numbers[0]}. " if numbers else "• "
                if numbers:
                    numbers[0] += 1
                blocks.append(
                    (wrap(content, indent + depth + marker, indent + depth + " " * len(marker)), True)
                )
            elif lists:
                blocks.append((wrap(content, indent + depth + "  "), True))
            else:
                blocks.append((wrap(content, indent), False))
        elif token.type in ("fence", "code_block"):
            blocks.append((textwrap.indent(token.content.rstrip(), indent + "    "), False))
    out = []
    for position, (block, in_list) in enumerate(blocks):
        if position:
            out.append("\n" if in_list and blocks[position - 1][1] else "\n\n")
        out.append(block)
    return "".join(out)


def _starts_item(tokens: list[Token], index: int) -> bool:
    """True when the inline token is the first paragraph of a list item."""
    return index >= 2 and tokens[index - 2].type == "list_item_open"


def bullets(entries: Iterable[str], indent: str = "  ") -> str:
    return "\n".join(wrap(entry, indent + "• ", indent + "  ") for entry in entries)


def heading(text: str, underline: str = "=") -> str:
    return f"{text}\n{underline * min(len(text), width())}"


def _plain(text: str) -> str:
    return text


def render_item(library: Library, item: Item, language: str, strong: Callable[[str], str] = _plain) -> str:
    """The whole item, every field under a heading in the item's language; ``strong`` marks headings."""
    import attrs

    pack = library.pack_of(item.id, language)
    parts = [
        heading(item.title),
        f"{label(language, 'one ' + item.kind)} · {item.id} · {pack.info.title}",
    ]
    if item.summary:
        parts.append(wrap(item.summary))
    for attribute in attrs.fields(type(item)):
        name = attribute.name
        value = getattr(item, name)
        if name in ("id", "title", "summary", "related", "tags", "takes", "fills") or not value:
            continue
        title = label(language, name)
        if isinstance(value, str):
            body = markdown(value, "  ")
        elif name == "steps":
            body = "\n".join(_step(library, step, language, n) for n, step in enumerate(value, 1))
        elif name == "prompts":
            body = bullets(p.question + (f" ({p.help})" if p.help else "") for p in value)
        else:
            body = bullets(str(entry) for entry in value)
        parts.append(f"{strong(title)}\n{body}" if title else body)
    if item.related:
        lines = []
        for target in item.related:
            other = library.find(target, language)
            lines.append(
                f"{target}: {other.title}" if other else f"{target} ({label(language, 'not installed')})"
            )
        parts.append(f"{strong(label(language, 'related'))}\n{bullets(lines)}")
    return "\n\n".join(parts)


def _step(library: Library, step: Step, language: str, number: int) -> str:
    target = library.find(step.item, language)
    title = target.title if target else f"{step.item} ({label(language, 'not installed')})"
    lines = [wrap(f"{number}. {title} ({step.item})", "  ", "     ")]
    if step.note:
        lines.append(wrap(step.note, "     "))
    if step.exercise:
        lines.append(wrap(f"{label(language, 'exercise')}: {step.exercise}", "     "))
    return "\n".join(lines)
