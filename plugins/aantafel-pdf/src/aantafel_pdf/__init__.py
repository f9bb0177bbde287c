"""A ``pdf`` exporter: the sheet or dossier as A4 PDF/UA, made by WeasyPrint from aantafel's HTML export.

Keep this module light: it is imported on every start, so WeasyPrint (almost a second) loads only when a
PDF is made.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from aantafel import hookimpl

if TYPE_CHECKING:
    from aantafel import Document, Exporter


def render_pdf(document: Document) -> bytes:
    """The HTML export (A4 page rules, the document's language and title) printed to a tagged PDF."""
    from weasyprint import HTML

    from aantafel.exporters import HTML_EXPORTER

    page = HTML(string=HTML_EXPORTER.render(document).decode("utf-8"))
    made: bytes = page.write_pdf(pdf_variant="pdf/ua-1")
    return made


@hookimpl
def register_exporters() -> list[Exporter]:
    from aantafel import Exporter

    return [
        Exporter(name="pdf", title="PDF (A4)", media_type="application/pdf", suffix=".pdf", render=render_pdf)
    ]
