"""Read the text inside an archived PDF, so that the archive search finds words in it.

Public-records releases arrive as whatever the agency sends: scanned pages with no text layer,
damaged files, a spreadsheet renamed to .pdf. None of that may stop an editor from publishing
the document, so every failure here yields empty text and one log line. The log line names
the document's id and the kind of failure only: a release can contain names of residents.
"""

import logging
from dataclasses import dataclass
from typing import BinaryIO

from pypdf import PdfReader

logger = logging.getLogger("vecinos.records")

# A release of several thousand pages is rare; these bounds keep a hostile or enormous file
# from holding a web worker while an editor saves the page.
MAX_PAGES = 2000
MAX_CHARACTERS = 2_000_000
PDF_SIGNATURE = b"%PDF-"


@dataclass(frozen=True)
class ExtractedText:
    text: str
    page_count: int | None


EMPTY = ExtractedText(text="", page_count=None)


def extract_pdf_text(file: BinaryIO, *, label: str = "") -> ExtractedText:
    """Return the text and page count of a PDF file; empty text if it is not a readable PDF.

    `label` identifies the file in the log (a document id, never a file name, which may be a
    person's name).
    """
    try:
        head = file.read(1024)
        if PDF_SIGNATURE not in head:
            logger.warning("records: document %s is not a PDF; no text extracted", label)
            return EMPTY
        file.seek(0)
        reader = PdfReader(file)
        pages = []
        length = 0
        for number, page in enumerate(reader.pages):
            if number >= MAX_PAGES or length >= MAX_CHARACTERS:
                logger.warning("records: document %s is too long; text truncated", label)
                break
            page_text = page.extract_text() or ""
            pages.append(page_text)
            length += len(page_text)
        text = normalize_whitespace("\n\n".join(pages))[:MAX_CHARACTERS]
        return ExtractedText(text=text, page_count=len(reader.pages))
    except Exception as error:  # noqa: BLE001 - any malformed file must fail softly
        logger.warning(
            "records: text extraction failed for document %s (%s)", label, type(error).__name__
        )
        return EMPTY


def normalize_whitespace(text: str) -> str:
    """Collapse runs of spaces inside lines and drop empty lines beyond one, keeping paragraphs."""
    lines = [" ".join(line.split()) for line in text.replace("\x00", "").splitlines()]
    paragraphs: list[str] = []
    for line in lines:
        if line or (paragraphs and paragraphs[-1]):
            paragraphs.append(line)
    return "\n".join(paragraphs).strip()
