"""Recognise a résumé's format from its bytes, never from its name or the browser's word."""

import zipfile
from typing import IO

# Extensions we store a résumé under, by the format its content shows.
PDF, DOC, DOCX, ODT = "pdf", "doc", "docx", "odt"

OLE2_MAGIC = bytes.fromhex("d0cf11e0a1b11ae1")
ZIP_MAGIC = b"PK\x03\x04"
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
# A Word 97-2003 file is an OLE2 container with a stream of this name (stored as UTF-16LE in
# the directory); Excel and Outlook files share the container but not the stream.
WORD_STREAM_NAME = "WordDocument".encode("utf-16-le")

CONTENT_TYPES = {
    PDF: "application/pdf",
    DOC: "application/msword",
    DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ODT: "application/vnd.oasis.opendocument.text",
}


def sniff_document_type(file: IO[bytes]) -> str | None:
    """Return the extension matching the file's content (pdf, doc, docx, odt), or None.

    The file is read from the start and left rewound.
    """
    file.seek(0)
    head = file.read(8)
    try:
        if head.startswith(b"%PDF-"):
            return PDF
        if head == OLE2_MAGIC:
            file.seek(0)
            return DOC if WORD_STREAM_NAME in file.read() else None
        if head.startswith(ZIP_MAGIC):
            return _sniff_zip_document(file)
        return None
    finally:
        file.seek(0)


def _sniff_zip_document(file: IO[bytes]) -> str | None:
    file.seek(0)
    try:
        with zipfile.ZipFile(file) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                # Only the first bytes are read: a crafted archive could inflate to gigabytes.
                with archive.open("mimetype") as entry:
                    if entry.read(len(ODT_MIMETYPE) + 1).strip() == ODT_MIMETYPE:
                        return ODT
                return None
            if "[Content_Types].xml" in names and "word/document.xml" in names:
                # Staff open these files on their own computers; a document carrying macros
                # is refused rather than passed on.
                if any(name.lower().endswith("vbaproject.bin") for name in names):
                    return None
                return DOCX
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError):
        return None
    return None
