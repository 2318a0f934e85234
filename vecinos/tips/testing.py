"""Test helpers of the tip box: files carrying metadata that must not survive."""

from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from pypdf import PdfWriter


def photo_with_gps(canary: str = "CanaryCameraMaker") -> SimpleUploadedFile:
    """A JPEG whose EXIF names a camera maker and holds a GPS position (Philadelphia)."""
    image = Image.new("RGB", (64, 48), (200, 40, 40))
    exif = Image.Exif()
    exif[0x010F] = canary  # Make
    exif[0x010E] = canary + " description"  # ImageDescription
    exif[0x8825] = {1: "N", 2: (39.0, 56.0, 1.0), 3: "W", 4: (75.0, 9.0, 50.0)}  # GPS
    buffer = BytesIO()
    image.save(buffer, format="JPEG", exif=exif)
    return SimpleUploadedFile("IMG_0042.jpg", buffer.getvalue(), content_type="image/jpeg")


def pdf_with_metadata(canary: str = "CanaryPdfAuthor") -> SimpleUploadedFile:
    """A one-page PDF whose document information names an author."""
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.add_metadata({"/Author": canary, "/Creator": canary + " Writer"})
    buffer = BytesIO()
    writer.write(buffer)
    return SimpleUploadedFile("memo.pdf", buffer.getvalue(), content_type="application/pdf")
