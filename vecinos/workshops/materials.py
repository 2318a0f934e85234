"""Files a workshop hands out: the calendar entry, the ticket's QR code, the rights card and
the sign-in sheet. All are made here on request, from what is in the database; none is kept.
"""

from __future__ import annotations

from datetime import UTC
from io import BytesIO

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import LETTER, landscape
from reportlab.lib.units import inch
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas

from .models import RightsCard, Workshop

# ISO/IEC 7810 ID-1, the size of a bank card: it fits a wallet.
CARD_SIZE = (3.375 * inch, 2.125 * inch)

DEFAULT_CARD = {
    "title_en": "Know your rights",
    "body_en": (
        "You have the right to stay silent.\n"
        "Do not open the door. Ask them to slide a warrant under it.\n"
        "A warrant must be signed by a judge and have your name and address.\n"
        "Do not sign anything you do not understand.\n"
        "Ask to speak with a lawyer."
    ),
    "title_es": "Conozca sus derechos",
    "body_es": (
        "Tiene derecho a guardar silencio.\n"
        "No abra la puerta. Pida que pasen la orden por debajo.\n"
        "La orden debe estar firmada por un juez, con su nombre y dirección.\n"
        "No firme nada que no entienda.\n"
        "Pida hablar con un abogado."
    ),
    "footer": "",
}


# Calendar ----------------------------------------------------------------------------------


def _ics_text(value: str) -> str:
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _ics_fold(line: str) -> str:
    # RFC 5545: lines longer than 75 octets continue on the next line after a space.
    data = line.encode()
    if len(data) <= 75:
        return line
    parts, start = [], 0
    while start < len(data):
        size = 75 if start == 0 else 74
        end = min(start + size, len(data))
        # Never cut a UTF-8 character in two.
        while end < len(data) and (data[end] & 0xC0) == 0x80:
            end -= 1
        parts.append(data[start:end].decode())
        start = end
    return "\r\n ".join(parts)


def workshop_ics(workshop: Workshop, language: str, url: str) -> str:
    """Return an iCalendar file with the workshop as one event, in `language`."""

    def stamp(moment):
        return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")

    host = settings.PUBLIC_URL.split("://", 1)[-1].split("/")[0] or "vecinos"
    location = (
        workshop.where(language) if workshop.place or workshop.place_es else workshop.online_url
    )
    with translation.override(language):
        description = workshop.description(language)
        lines = [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//vecinos//workshops//EN",
            "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH",
            "BEGIN:VEVENT",
            f"UID:workshop-{workshop.pk}@{host}",
            f"DTSTAMP:{stamp(timezone.now())}",
            f"DTSTART:{stamp(workshop.starts_at)}",
            f"DTEND:{stamp(workshop.ends_at)}",
            f"SUMMARY:{_ics_text(workshop.title(language))}",
            f"DESCRIPTION:{_ics_text(description)}",
            f"LOCATION:{_ics_text(location)}",
            f"URL:{url}",
        ]
        if workshop.status == Workshop.Status.CANCELLED:
            lines.append("STATUS:CANCELLED")
        lines += ["END:VEVENT", "END:VCALENDAR"]
    return "\r\n".join(_ics_fold(line) for line in lines) + "\r\n"


# QR code -----------------------------------------------------------------------------------


def qr_svg(data: str) -> str:
    """Return an SVG QR code (no style attributes, so the strict CSP allows it inline)."""
    image = qrcode.make(
        data,
        image_factory=qrcode.image.svg.SvgPathImage,
        error_correction=qrcode.constants.ERROR_CORRECT_M,
        border=4,
    )
    svg = image.to_string(encoding="unicode")
    # A white ground, so a phone in dark mode still shows a code cameras can read.
    view = svg.split('viewBox="', 1)[1].split('"', 1)[0].split()
    ground = f'<rect x="0" y="0" width="{view[2]}" height="{view[3]}" fill="#fff"/>'
    svg = svg.replace("<path ", ground + '<path fill="#000" ', 1)
    return svg.replace("<svg ", '<svg role="img" class="qr" ', 1)


# PDFs --------------------------------------------------------------------------------------


def _wrap(text: str, font: str, size: float, width: float) -> list[str]:
    lines = []
    for paragraph in text.splitlines():
        words, line = paragraph.split(), ""
        for word in words:
            candidate = f"{line} {word}".strip()
            if stringWidth(candidate, font, size) <= width:
                line = candidate
            else:
                if line:
                    lines.append(line)
                line = word
        lines.append(line)
    return lines


def _card_side(pdf: canvas.Canvas, title: str, body: str, footer: str) -> None:
    width, height = CARD_SIZE
    margin = 0.14 * inch
    pdf.setLineWidth(0.5)
    pdf.roundRect(2, 2, width - 4, height - 4, 8)
    pdf.setFont("Helvetica-Bold", 10)
    pdf.drawString(margin, height - margin - 8, title)
    # The body shrinks until it fits the card.
    size = 7.0
    usable = height - 2 * margin - 16 - (9 if footer else 0)
    while size > 4.5:
        lines = []
        for line in body.splitlines():
            wrapped = _wrap(line, "Helvetica", size, width - 2 * margin - 6)
            lines += [("• " if i == 0 else "  ") + part for i, part in enumerate(wrapped)]
        if len(lines) * size * 1.2 <= usable:
            break
        size -= 0.25
    pdf.setFont("Helvetica", size)
    y = height - margin - 22
    for line in lines:
        pdf.drawString(margin, y, line)
        y -= size * 1.2
    if footer:
        pdf.setFont("Helvetica-Bold", 7)
        pdf.drawString(margin, margin, footer)


def rights_card_pdf(card: RightsCard | None = None) -> bytes:
    """Return the wallet card as a two-page PDF the size of a bank card: Spanish, then English."""
    card = card or RightsCard.current()
    buffer = BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=CARD_SIZE, invariant=True)
    pdf.setTitle(f"{card.title_es} / {card.title_en}")
    _card_side(pdf, card.title_es, card.body_es, card.footer)
    pdf.showPage()
    _card_side(pdf, card.title_en, card.body_en, card.footer)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def signin_sheet_pdf(workshop: Workshop, rows: list[dict], language: str) -> bytes:
    """Return a printable sign-in sheet: the registered families, then blank lines.

    `rows` are {"name", "family_size", "status"} of the people expected, already decrypted
    by the caller (which audits it).
    """
    buffer = BytesIO()
    page_size = landscape(LETTER)
    width, height = page_size
    pdf = canvas.Canvas(buffer, pagesize=page_size, invariant=True)
    with translation.override(language):
        title = workshop.title(language)
        start = timezone.localtime(workshop.starts_at)
        heading = f"{title} — {start:%Y-%m-%d %H:%M} — {workshop.where(language)}"
        columns = [
            (0.5 * inch, _("Name or nickname")),
            (4.2 * inch, _("People")),
            (5.0 * inch, _("Status")),
            (6.4 * inch, _("Signature or initials")),
        ]
        blank_rows = 12
        pdf.setTitle(_("Sign-in sheet") + f" · {title}")
        entries = list(rows) + [None] * blank_rows
        y = None
        for entry in entries:
            if y is None or y < 0.7 * inch:
                if y is not None:
                    pdf.showPage()
                pdf.setFont("Helvetica-Bold", 13)
                pdf.drawString(0.5 * inch, height - 0.6 * inch, _("Sign-in sheet"))
                pdf.setFont("Helvetica", 10)
                pdf.drawString(0.5 * inch, height - 0.85 * inch, heading[:130])
                y = height - 1.25 * inch
                pdf.setFont("Helvetica-Bold", 9)
                for x, label in columns:
                    pdf.drawString(x, y, label)
                y -= 0.32 * inch
            pdf.setFont("Helvetica", 10)
            if entry is not None:
                pdf.drawString(columns[0][0], y, entry["name"][:60])
                pdf.drawString(columns[1][0], y, str(entry["family_size"]))
                pdf.drawString(columns[2][0], y, entry["status"])
            pdf.setLineWidth(0.3)
            pdf.line(0.5 * inch, y - 4, width - 0.5 * inch, y - 4)
            y -= 0.32 * inch
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()
