"""Preparation sheets and dossiers laid out as plain text, Markdown and print-ready HTML (A4), the built-in
exporters.

Every format is made from one list of sections, so they always say the same; the plain text is what the
command line and the coach show. HTML escapes every text the
user typed; Markdown from the packs goes through markdown-it with raw HTML off.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

from attrs import frozen

from aantafel.dossiers.fields import TEXT_FIELDS
from aantafel.exporters import Document
from aantafel.labels import label
from aantafel.usecases.preparation import answer_line


@frozen
class Section:
    """A heading with paragraphs and bullet lists under it; ``markdown`` paragraphs come from the packs."""

    heading: str
    paragraphs: tuple[str, ...] = ()
    bullets: tuple[str, ...] = ()
    markdown: tuple[str, ...] = ()
    columns: bool = False
    """Print the bullets in two columns: for short reminders, so the sheet stays on one page."""


def _when(value: str, language: str) -> str:
    from aantafel.dates import when

    return when(datetime.fromisoformat(value), language)


def _day(value: str, language: str) -> str:
    from aantafel.dates import day

    return day(date.fromisoformat(value), language)


def _person(person: Mapping[str, str], language: str) -> str:
    role = f", {person['role']}" if person.get("role") else ""
    return (
        f"{person['name']} ({label(language, 'side ' + person['side'])}{role}; "
        + label(language, "binding " + person["binding"])
        + ")"
    )


ADVICE_POINTS = 2
"""A sheet shows the first few points of a check's advice: the whole advice would not fit on one page."""


def _first_points(advice: str) -> str:
    points = [line for line in advice.splitlines() if line.lstrip().startswith(("- ", "* "))]
    if points:
        return "\n".join(points[:ADVICE_POINTS])
    return advice.strip().split("\n\n")[0]


def sheet_sections(data: Mapping[str, Any], language: str) -> tuple[str, list[Section]]:
    dossier = data["dossier"]
    title = f"{label(language, 'sheet title')}: {dossier['title']}"
    sections = []
    meeting = data.get("meeting")
    if meeting:
        about = [_when(meeting["starts_at"], language), meeting["place"], meeting["purpose"]]
        sections.append(
            Section(
                label(language, "sheet meeting"),
                paragraphs=(" · ".join(part for part in about if part),),
                bullets=tuple(_person(p, language) for p in meeting["participants"]),
            )
        )
    else:
        sections.append(
            Section(label(language, "sheet meeting"), paragraphs=(label(language, "sheet no meeting"),))
        )
    for field in ("goal", "limits", "alternative", "our_interests", "their_interests"):
        if dossier.get(field):
            sections.append(Section(label(language, f"dossier {field}"), paragraphs=(dossier[field],)))
    checks = []
    advice = []
    for check in data["checks"]:
        answer = answer_line(check["verdict"], check["text"], language) if check["answered"] else ""
        checks.append(f"{check['question']} — {answer or label(language, 'sheet not answered')}")
        if check["advice"]:
            advice.append(f"**{check['question']}**\n\n{_first_points(check['advice'])}")
    sections.append(Section(label(language, "sheet checks"), bullets=tuple(checks), markdown=tuple(advice)))
    if data.get("worksheet"):
        written = tuple(f"{entry['question']} — {entry['text']}" for entry in data["worksheet"])
        sections.append(Section(label(language, "sheet worksheet"), bullets=written))
    if data["agreements"]:
        lines = []
        for agreement in data["agreements"]:
            who = agreement["person"] or label(language, "side " + agreement["side"])
            due = f", {_day(agreement['due'], language)}" if agreement["due"] else ""
            late = f" ({label(language, 'status overdue')})" if agreement["overdue"] else ""
            lines.append(f"{agreement['what']} — {who}{due}{late}")
        sections.append(Section(label(language, "sheet agreements"), bullets=tuple(lines)))
    if data["emotions"]:
        sections.append(Section(label(language, "sheet emotions"), paragraphs=(data["emotions"],)))
    sections.append(
        Section(
            label(language, "sheet principles"),
            bullets=tuple(p["title"] for p in data["principles"]),
            columns=True,
        )
    )
    return title, sections


def dossier_sections(data: Mapping[str, Any], language: str) -> tuple[str, list[Section]]:
    dossier = data["dossier"]
    sections = [
        Section(label(language, f"dossier {field}"), paragraphs=(dossier[field],))
        for field in TEXT_FIELDS
        if dossier.get(field)
    ]
    kept = [agreement for agreement in data["agreements"] if not agreement.get("deleted_at")]
    for meeting in data["meetings"]:
        if meeting.get("deleted_at"):
            continue  # in the bin: the JSON export keeps it, the printed dossier does not
        about = [meeting["place"], meeting["purpose"]]
        texts = [" · ".join(part for part in about if part)] if any(about) else []
        texts += [
            meeting[field]
            for field in ("notes", "emotions", "went_well", "do_differently")
            if meeting.get(field)
        ]
        cancelled = f" ({label(language, 'meeting cancelled')})" if meeting.get("cancelled_at") else ""
        sections.append(
            Section(
                f"{label(language, 'sheet meeting')} {_when(meeting['starts_at'], language)}{cancelled}",
                paragraphs=tuple(texts),
                bullets=tuple(_person(p, language) for p in meeting["participants"]),
            )
        )
    if kept:
        sections.append(
            Section(
                label(language, "dossier agreements"),
                bullets=tuple(
                    f"{a['what']} — {label(language, 'status ' + a['status'])}"
                    + (f", {_day(a['due'], language)}" if a.get("due") else "")
                    for a in kept
                ),
            )
        )
    return str(dossier["title"]), sections


def meeting_sections(data: Mapping[str, Any], language: str) -> tuple[str, list[Section]]:
    """One meeting: where and who, its preparation so far, and what was written down afterwards."""
    meeting, record = data["meeting"], data["record"]
    title = f"{_when(meeting['starts_at'], language)} · {data['dossier']['title']}"
    sections = []
    for key, text in (("meeting place", meeting["place"]), ("meeting purpose", meeting["purpose"])):
        if text:
            sections.append(Section(label(language, key), paragraphs=(text,)))
    if meeting["participants"]:
        people = tuple(_person(p, language) for p in meeting["participants"])
        sections.append(Section(label(language, "meeting people"), bullets=people))
    answers = []
    for entry in data["preparation"]:
        question = (
            entry["question"]
            if entry["installed"]
            else f"{entry['id']} ({label(language, 'prepare removed')})"
        )
        said = answer_line(entry["verdict"], entry["text"], language) if entry["answered"] else ""
        answers.append(f"{question} → {said}" if said else f"{question} —")
    sections.append(Section(label(language, "prepare title"), bullets=tuple(answers)))
    for part in ("notes", "emotions", "went_well", "do_differently"):
        if record[part]:
            sections.append(Section(label(language, f"record {part}"), paragraphs=(record[part],)))
    if record["interventions"]:
        sections.append(Section(label(language, "record used"), bullets=tuple(record["interventions"])))
    if record["moves"]:
        moves = tuple(
            f"{label(language, 'side ' + m['side'])} – {label(language, 'move ' + m['kind'])}: {m['what']}"
            + (f" ({m['condition']})" if m["condition"] else "")
            for m in record["moves"]
        )
        sections.append(Section(label(language, "record moves"), bullets=moves))
    return title, sections


LAYOUTS = {"sheet": sheet_sections, "dossier": dossier_sections, "meeting": meeting_sections}
"""Each kind of document and the sections it is laid out in, in every format."""


def _sections(document: Document) -> tuple[str, Sequence[Section]]:
    layout = LAYOUTS.get(document.kind)
    if layout is None:
        raise ValueError(f"no layout for documents of kind '{document.kind}'")
    return layout(document.data, document.language)


def render_text(document: Document) -> bytes:
    """The document as plain text for a terminal, laid out by ``aantafel.plaintext``."""
    from aantafel.plaintext import bullets, heading, lines, markdown

    title, sections = _sections(document)
    out = [heading(title)]
    for section in sections:
        body = [heading(section.heading, "-"), *(lines(text) for text in section.paragraphs)]
        if section.bullets:
            body.append(bullets(section.bullets, ""))
        if section.markdown:  # each check's advice apart from the list and from the next one
            body.append("\n" + "\n\n".join(markdown(text, "  ") for text in section.markdown))
        out.append("\n".join(body))
    return ("\n\n".join(out) + "\n").encode("utf-8")


def render_markdown(document: Document) -> bytes:
    title, sections = _sections(document)
    out = [f"# {title}", ""]
    for section in sections:
        out += [f"## {section.heading}", ""]
        out += [line for paragraph in section.paragraphs for line in (paragraph.strip(), "")]
        if section.bullets:
            out += [f"- {bullet}" for bullet in section.bullets] + [""]
        out += [line for text in section.markdown for line in (text.strip(), "")]
    return "\n".join(out).encode("utf-8")


_CSS = """
@page { size: A4; margin: 15mm; }
body { font: 9.5pt/1.3 "DejaVu Sans", Arial, sans-serif; color: #111; max-width: 180mm; margin: 0 auto; }
h1 { font-size: 14pt; margin: 0 0 5pt; }
h2 { font-size: 10.5pt; margin: 7pt 0 2pt; border-bottom: 1px solid #888; break-after: avoid; }
p, ul { margin: 0 0 4pt; }
ul { padding-left: 14pt; }
li { margin: 1pt 0; }
ul.columns { columns: 2; column-gap: 8mm; }
ul.columns li { break-inside: avoid; }
.advice { font-size: 8.5pt; color: #333; margin-left: 14pt; }
.advice p { margin: 2pt 0 0; }
.advice ul { margin: 0; }
@media screen {
  body { font-size: 1rem; line-height: 1.5; padding: 0 0.75rem; overflow-wrap: break-word; }
  h1 { font-size: 1.5rem; } h2 { font-size: 1.2rem; } .advice { font-size: 0.95rem; }
}
"""


def render_html(document: Document) -> bytes:
    from markdown_it import MarkdownIt

    markdown = MarkdownIt("js-default")
    title, sections = _sections(document)
    body = [f"<h1>{html.escape(title)}</h1>"]
    for section in sections:
        body.append(f"<h2>{html.escape(section.heading)}</h2>")
        body += [f"<p>{html.escape(text)}</p>" for text in section.paragraphs]
        if section.bullets:
            kind = ' class="columns"' if section.columns else ""
            items = "".join(f"<li>{html.escape(b)}</li>" for b in section.bullets)
            body.append(f"<ul{kind}>{items}</ul>")
        body += [f'<div class="advice">{markdown.render(text)}</div>' for text in section.markdown]
    page = (
        f'<!doctype html>\n<html lang="{html.escape(document.language)}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n"
        + "\n".join(body)
        + "\n</body>\n</html>\n"
    )
    return page.encode("utf-8")
