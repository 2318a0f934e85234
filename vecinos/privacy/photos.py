"""Photos from the public (hotline reports, tips): re-encoded so nothing but the pixels survives.

A phone's photo carries its GPS position, the phone's make and serial, and the time in its
EXIF block, sometimes in XMP or in an embedded thumbnail too. Decoding the image and encoding
the pixels again as a fresh JPEG leaves all of that behind, whatever format it came in.
"""

from __future__ import annotations

from dataclasses import dataclass
from io import BytesIO

from django.core.files.base import ContentFile
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_PHOTO_BYTES = 8 * 1024 * 1024
# Large enough to read a plate or a uniform, small enough for a cheap phone to send on.
MAX_SIDE = 2048
# Refuse images that would take more memory to decode than a small server has to spare.
MAX_PIXELS = 40_000_000


class InvalidPhoto(ValueError):
    """A file that is not a photo we can read."""


@dataclass(frozen=True)
class CleanPhoto:
    content: ContentFile
    width: int
    height: int


def clean_photo(upload) -> CleanPhoto:
    """Return the photo re-encoded as a JPEG without any metadata; raise InvalidPhoto."""
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            if image.width * image.height > MAX_PIXELS:
                raise InvalidPhoto("too large")
            image.load()
            # Turn the pixels the way the EXIF orientation said, since that tag goes too.
            image = ImageOps.exif_transpose(image)
            image = image.convert("RGB")
            image.thumbnail((MAX_SIDE, MAX_SIDE))
            clean = Image.new("RGB", image.size)
            clean.paste(image)
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as error:
        raise InvalidPhoto(str(error)) from None
    buffer = BytesIO()
    clean.save(buffer, format="JPEG", quality=85, optimize=True)
    return CleanPhoto(ContentFile(buffer.getvalue()), clean.width, clean.height)
