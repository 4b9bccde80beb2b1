"""Checks on uploaded letterhead logos."""

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

MAX_LOGO_BYTES = 1024 * 1024
LOGO_FORMATS = {"PNG": "image/png", "JPEG": "image/jpeg"}


def logo_format(file) -> str | None:
    """The image format (PNG or JPEG) read from the file's content, never from its name."""
    position = file.tell() if hasattr(file, "tell") else 0
    try:
        file.seek(0)
        with Image.open(file) as image:
            image.verify()
            found = image.format
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return None
    finally:
        file.seek(position)
    return found if found in LOGO_FORMATS else None


def validate_logo(file: UploadedFile) -> None:
    """A logo must be a real PNG or JPEG image of at most 1 MB."""
    if file is None:
        return
    if file.size is not None and file.size > MAX_LOGO_BYTES:
        raise ValidationError(
            _("The logo is %(size)s KB; it may be at most 1024 KB. Save it smaller and try again."),
            code="logo_too_large",
            params={"size": file.size // 1024},
        )
    if logo_format(file) is None:
        raise ValidationError(
            _("The logo must be a PNG or JPEG image. Save it as .png or .jpg and try again."),
            code="logo_not_an_image",
        )
