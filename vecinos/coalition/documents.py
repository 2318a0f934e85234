"""The letter with its signatories, as a PDF for delivery, in the letter page's language.

Made on request from the public list (the same `public_signatories` the page shows), so it
never holds a contact, an unconfirmed or a rejected signature. Nothing is kept.
"""

from __future__ import annotations

import re
from io import BytesIO
from xml.sax.saxutils import escape

from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import inch
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

from vecinos.core.organization import organization

from .models import LetterPage
from .services.letters import public_signatories

_BLOCK_END = re.compile(r"</(p|h[1-6]|li|blockquote)>|<br\s*/?>", re.IGNORECASE)


def _paragraphs(html: str) -> list[str]:
    parts = (strip_tags(part).strip() for part in _BLOCK_END.split(html or "")[::2])
    return [" ".join(part.split()) for part in parts if part and part.strip()]


def letter_pdf(letter: LetterPage) -> bytes:
    """Return the letter, its addressee and every public signatory as a PDF."""
    language = letter.locale.language_code
    signatories = public_signatories(letter)
    styles = getSampleStyleSheet()
    body = ParagraphStyle("body", parent=styles["BodyText"], fontSize=11, leading=15)
    small = ParagraphStyle("small", parent=body, fontSize=9.5, leading=12, spaceAfter=1)
    out = BytesIO()
    with translation.override(language):
        doc = SimpleDocTemplate(
            out,
            pagesize=LETTER,
            leftMargin=inch,
            rightMargin=inch,
            topMargin=0.9 * inch,
            bottomMargin=0.9 * inch,
            title=letter.title,
            author=organization().name,
        )
        story = [
            Paragraph(escape(letter.title), styles["Title"]),
            Paragraph(escape(_("To: %(addressee)s") % {"addressee": letter.addressee}), body),
            Paragraph(escape(date_format(timezone.localdate(), "DATE_FORMAT")), body),
            Spacer(1, 12),
        ]
        story += [Paragraph(escape(text), body) for text in _paragraphs(letter.body)]
        story.append(Spacer(1, 16))
        story.append(Paragraph(escape(_("Signatories")), styles["Heading2"]))
        story.append(
            Paragraph(
                escape(
                    ngettext(
                        "%(count)d organization",
                        "%(count)d organizations",
                        signatories.organization_count,
                    )
                    % {"count": signatories.organization_count}
                    + " · "
                    + ngettext(
                        "%(count)d individual",
                        "%(count)d individuals",
                        signatories.individual_count,
                    )
                    % {"count": signatories.individual_count}
                ),
                body,
            )
        )
        for group in signatories.organizations:
            story.append(Paragraph(escape(f"{group.label} ({group.count})"), styles["Heading3"]))
            for signature in group.signatures:
                line = f"<b>{escape(signature.public_name)}</b>, {escape(signature.place())}"
                story.append(Paragraph(line, small))
        if signatories.individuals:
            story.append(
                Paragraph(
                    escape(_("Individuals (%(count)d)") % {"count": signatories.individual_count}),
                    styles["Heading3"],
                )
            )
            for signature in signatories.individuals:
                line = f"<b>{escape(signature.public_name)}</b>, {escape(signature.place())}"
                if signature.affiliation:
                    line += f" · {escape(signature.affiliation)}"
                story.append(Paragraph(line, small))
        doc.build(story)
    return out.getvalue()


def petition_rows(petition) -> list[list[str]]:
    """Return the delivery list: one row per counted signature, first name and city only."""
    rows = []
    for signature in petition.signatures().counted().order_by("confirmed_at", "pk"):
        rows.append(
            [
                signature.first_name,
                signature.city,
                timezone.localtime(signature.confirmed_at).date().isoformat(),
            ]
        )
    return rows


def write_petition_csv(petition, writer) -> int:
    """Write the petition's header and signers to a `core.csvexport` writer; return the rows."""
    with translation.override(petition.locale.language_code):
        writer.writerow([_("First name"), _("City"), _("Date")])
    rows = petition_rows(petition)
    writer.writerows(rows)
    return len(rows)


def petition_pdf(petition) -> bytes:
    """Return the petition's text and the count, then its signers' first names and cities."""
    language = petition.locale.language_code
    rows = petition_rows(petition)
    styles = getSampleStyleSheet()
    body = ParagraphStyle("body", parent=styles["BodyText"], fontSize=11, leading=15)
    small = ParagraphStyle("small", parent=body, fontSize=9.5, leading=12, spaceAfter=1)
    out = BytesIO()
    with translation.override(language):
        doc = SimpleDocTemplate(out, pagesize=LETTER, title=petition.title)
        story = [
            Paragraph(escape(petition.title), styles["Title"]),
            Paragraph(escape(_("To: %(addressee)s") % {"addressee": petition.addressee}), body),
            Spacer(1, 12),
        ]
        story += [Paragraph(escape(text), body) for text in _paragraphs(petition.body)]
        story.append(Spacer(1, 16))
        story.append(
            Paragraph(
                escape(
                    ngettext("%(count)d signature", "%(count)d signatures", len(rows))
                    % {"count": len(rows)}
                ),
                styles["Heading2"],
            )
        )
        for first_name, city, _day in rows:
            text = ", ".join(part for part in (first_name or _("A neighbor"), city) if part)
            story.append(Paragraph(escape(text), small))
        doc.build(story)
    return out.getvalue()


def event_ics(event) -> bytes:
    """Return an iCalendar file with the event, in its page's language."""
    from django.conf import settings
    from icalendar import Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", "-//vecinos//coalition//EN")
    calendar.add("version", "2.0")
    entry = Event()
    host = settings.PUBLIC_URL.split("://", 1)[-1].split("/")[0] or "vecinos"
    entry.add("uid", f"{event.translation_key}@{host}")
    entry.add("dtstamp", timezone.now())
    entry.add("dtstart", event.starts_at)
    entry.add("dtend", event.ends_at)
    entry.add("summary", event.title)
    entry.add("location", event.where())
    notes = [event.summary, event.accessibility, event.childcare, settings.PUBLIC_URL + event.url]
    entry.add("description", "\n\n".join(note for note in notes if note))
    entry.add("url", settings.PUBLIC_URL + event.url)
    calendar.add_component(entry)
    return calendar.to_ical()
