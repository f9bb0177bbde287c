"""Export formats, contributed through the ``register_exporters`` hook.

An exporter turns a ``Document`` (a dossier or a preparation sheet, as plain JSON-ready data) into bytes. The
core knows nothing of the format; the front-ends list the exporters they find, so a PDF plugin appears in the
CLI and on the web page as soon as it is installed.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

from attrs import field, frozen

from aantafel.items import _not_blank, _slug


@frozen(kw_only=True)
class Document:
    """What an exporter renders: its ``kind`` (e.g. "sheet" or "dossier"), a title, the language, the data."""

    kind: str
    title: str
    language: str
    data: Mapping[str, Any]


@frozen(kw_only=True)
class Exporter:
    """One export format: ``name`` is what users type (``--format md``); ``render`` makes the file's bytes."""

    name: str = field(validator=_slug)
    title: str = field(validator=_not_blank)
    media_type: str = field(validator=_not_blank)
    suffix: str = field(validator=_not_blank)
    render: Callable[[Document], bytes]


def _render_json(document: Document) -> bytes:
    payload = {
        "kind": document.kind,
        "title": document.title,
        "language": document.language,
        "data": document.data,
    }
    return json.dumps(payload, ensure_ascii=False, indent=2).encode("utf-8") + b"\n"


JSON_EXPORTER = Exporter(
    name="json", title="JSON", media_type="application/json", suffix=".json", render=_render_json
)


def _markdown(document: Document) -> bytes:
    from aantafel.documents import render_markdown

    return render_markdown(document)


def _html(document: Document) -> bytes:
    from aantafel.documents import render_html

    return render_html(document)


def _text(document: Document) -> bytes:
    from aantafel.documents import render_text

    return render_text(document)


MARKDOWN_EXPORTER = Exporter(
    name="md", title="Markdown", media_type="text/markdown", suffix=".md", render=_markdown
)
HTML_EXPORTER = Exporter(
    name="html", title="HTML (print-ready, A4)", media_type="text/html", suffix=".html", render=_html
)
TEXT_EXPORTER = Exporter(
    name="txt", title="Text", media_type="text/plain; charset=utf-8", suffix=".txt", render=_text
)
