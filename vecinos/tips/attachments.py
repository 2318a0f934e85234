"""Files a source attaches: photos re-encoded and PDFs rewritten, so that no metadata goes in.

A photo's EXIF block can hold where and when it was taken and the phone's serial number; a
PDF's document information and XMP can hold its author, the software, the computer's user
name. Anything else (office documents, videos) cannot be cleaned reliably here and is refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from io import BytesIO

from django.utils.translation import gettext_lazy as _
from pypdf import PdfReader, PdfWriter
from pypdf.errors import PdfReadError
from pypdf.generic import NameObject

from vecinos.privacy.photos import MAX_PHOTO_BYTES, InvalidPhoto, clean_photo

MAX_PDF_BYTES = 10 * 1024 * 1024
MAX_FILES = 3
MAX_PDF_PAGES = 300
PDF_MAGIC = b"%PDF-"
# Keys of a page that can carry metadata or hidden content of the original document.
PAGE_KEYS_TO_DROP = ("/Metadata", "/PieceInfo", "/LastModified", "/Annots", "/Thumb")


class RefusedFile(ValueError):
    """A file we will not keep; `message` says why, in the source's language."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


@dataclass(frozen=True)
class CleanFile:
    name: str
    content_type: str
    content: bytes


TOO_LARGE = _("“%(name)s” is too large. Photos may be up to 8 MB and PDFs up to 10 MB.")
NOT_ALLOWED = _(
    "“%(name)s” cannot be sent: only photos (JPEG, PNG, WebP) and PDF files are accepted, "
    "because we can remove what they reveal about you. Copy any other text into the message."
)
UNREADABLE = _("“%(name)s” could not be read. Please check the file and try again.")


def clean_attachment(upload, number: int) -> CleanFile:
    """Return the upload cleaned of its metadata as file `number`; raise RefusedFile."""
    name = (upload.name or "")[-60:]
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(PDF_MAGIC):
        if upload.size > MAX_PDF_BYTES:
            raise RefusedFile(TOO_LARGE % {"name": name})
        return CleanFile(f"document-{number}.pdf", "application/pdf", _clean_pdf(upload, name))
    if upload.size > MAX_PHOTO_BYTES:
        raise RefusedFile(TOO_LARGE % {"name": name})
    if not _looks_like_image(head):
        raise RefusedFile(NOT_ALLOWED % {"name": name})
    try:
        photo = clean_photo(upload)
    except InvalidPhoto:
        raise RefusedFile(UNREADABLE % {"name": name}) from None
    return CleanFile(f"photo-{number}.jpg", "image/jpeg", photo.content.read())


def _looks_like_image(head: bytes) -> bool:
    return (
        head.startswith(b"\xff\xd8\xff")  # JPEG
        or head.startswith(b"\x89PNG")
        or (head.startswith(b"RIFF"))  # WebP (checked again by the decoder)
    )


def _clean_pdf(upload, name: str) -> bytes:
    """Copy the pages alone into a new PDF: no document information, XMP or attachments."""
    try:
        reader = PdfReader(upload)
        if reader.is_encrypted:
            raise RefusedFile(UNREADABLE % {"name": name})
        if len(reader.pages) > MAX_PDF_PAGES:
            raise RefusedFile(TOO_LARGE % {"name": name})
        writer = PdfWriter()
        for page in reader.pages:
            added = writer.add_page(page)
            for key in PAGE_KEYS_TO_DROP:
                added.pop(NameObject(key), None)
        # pypdf writes its own name as the producer unless told there is no information.
        writer.metadata = None
        buffer = BytesIO()
        writer.write(buffer)
    except RefusedFile:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError, RecursionError):
        raise RefusedFile(UNREADABLE % {"name": name}) from None
    return buffer.getvalue()
