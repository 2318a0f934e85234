import io

import pytest

from vecinos.jobs.documents import OLE2_MAGIC, sniff_document_type

from .conftest import docx_bytes, odt_bytes, pdf_bytes, zip_bytes


def sniff(content):
    return sniff_document_type(io.BytesIO(content))


def word_97_bytes():
    directory_entry = "WordDocument".encode("utf-16-le").ljust(64, b"\0")
    return OLE2_MAGIC + b"\0" * 504 + directory_entry


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (pdf_bytes(), "pdf"),
        (word_97_bytes(), "doc"),
        (docx_bytes(), "docx"),
        (odt_bytes(), "odt"),
    ],
    ids=["pdf", "doc", "docx", "odt"],
)
def test_sniff_recognises_accepted_formats(content, expected):
    assert sniff(content) == expected


@pytest.mark.parametrize(
    "content",
    [
        b"MZ\x90\x00 this is a Windows program",
        b"\x89PNG\r\n\x1a\n" + b"\0" * 64,
        b"<html><script>alert(1)</script></html>",
        b"",
        OLE2_MAGIC + b"\0" * 512 + "Workbook".encode("utf-16-le"),
        zip_bytes({"hello.txt": "hi"}),
        zip_bytes({"mimetype": "application/vnd.oasis.opendocument.spreadsheet"}),
        zip_bytes(
            {
                "[Content_Types].xml": "<Types/>",
                "word/document.xml": "<w:document/>",
                "word/vbaProject.bin": "macros",
            }
        ),
        b"PK\x03\x04 truncated archive",
    ],
    ids=[
        "exe",
        "png",
        "html",
        "empty",
        "excel-97",
        "plain-zip",
        "ods",
        "docx-with-macros",
        "broken-zip",
    ],
)
def test_sniff_refuses_anything_else(content):
    assert sniff(content) is None


def test_sniff_leaves_the_file_rewound():
    file = io.BytesIO(pdf_bytes())
    sniff_document_type(file)
    assert file.tell() == 0
