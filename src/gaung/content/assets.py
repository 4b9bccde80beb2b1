"""What an uploaded image or video is, its thumbnail, and whether each platform will take it.

Probing reads headers only (Pillow for images, hachoir for MP4/MOV/WebM), so a large video is
never decoded in the web process. A platform mismatch is a warning for the supervisor, not a
refusal: only files that are neither an image nor a video, or over GAUNG_MAX_ASSET_MB, are
refused.
"""

from __future__ import annotations

import io
import logging
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils import formats
from django.utils.translation import gettext as _
from PIL import ExifTags, Image, ImageOps, UnidentifiedImageError

from gaung.content.choices import AssetKind
from gaung.content.platform_rules import MediaRule, rules_for
from gaung.core.permissions import ValidationError
from gaung.socials.choices import Platform

log = logging.getLogger(__name__)

MB = 1024 * 1024
THUMBNAIL_SIZE = (320, 320)
# Only formats Pillow decodes itself: never hand an upload to Ghostscript (EPS) or similar.
IMAGE_FORMATS = {
    "JPEG": "image/jpeg",
    "PNG": "image/png",
    "GIF": "image/gif",
    "WEBP": "image/webp",
    "BMP": "image/bmp",
    "TIFF": "image/tiff",
}
VIDEO_TYPES = frozenset({"video/mp4", "video/quicktime", "video/webm", "video/x-matroska"})
EXTENSIONS = {
    "image/jpeg": "jpg", "image/png": "png", "image/gif": "gif", "image/webp": "webp",
    "image/bmp": "bmp", "image/tiff": "tif", "video/mp4": "mp4", "video/quicktime": "mov",
    "video/webm": "webm", "video/x-matroska": "mkv",
}  # fmt: skip
TYPE_NAMES = {
    "image/jpeg": "JPEG", "image/png": "PNG", "image/gif": "GIF", "image/webp": "WebP",
    "image/bmp": "BMP", "image/tiff": "TIFF", "video/mp4": "MP4", "video/quicktime": "MOV",
    "video/webm": "WebM", "video/x-matroska": "MKV",
}  # fmt: skip
# EXIF orientations that turn the picture a quarter: width and height swap on screen.
_QUARTER_TURNS = frozenset({5, 6, 7, 8})
# Platforms round their own ratio limits; a hair outside them is still accepted.
_RATIO_TOLERANCE = 0.005


@dataclass(frozen=True)
class Probe:
    kind: str
    mime_type: str
    width: int | None
    height: int | None
    duration_seconds: float | None = None


def max_bytes() -> int:
    return int(getattr(settings, "GAUNG_MAX_ASSET_MB", 500)) * MB


def _unreadable() -> ValidationError:
    return ValidationError(
        {"file": _("Upload an image or a video (JPEG, PNG, GIF, WebP, MP4, MOV or WebM).")}
    )


def probe(file) -> Probe:
    """What the uploaded file is; refuses anything but an image or a video, or too large."""
    if file.size > max_bytes():
        raise ValidationError(
            {"file": _("The file is %(size)s; at most %(max)s may be uploaded.")
             % {"size": filesizeformat(file.size), "max": filesizeformat(max_bytes())}}
        )  # fmt: skip
    found = _probe_image(file) or _probe_video(file)
    if found is None:
        raise _unreadable()
    return found


def _probe_image(file) -> Probe | None:
    file.seek(0)
    try:
        # WeasyPrint switches Pillow to accept truncated images for the whole process
        # (ImageFile.LOAD_TRUNCATED_IMAGES), so a cut-off upload must be caught here.
        with Image.open(file, formats=list(IMAGE_FORMATS)) as checked:
            checked.verify()
        file.seek(0)
        with Image.open(file, formats=list(IMAGE_FORMATS)) as image:
            width, height = image.size
            orientation = image.getexif().get(ExifTags.Base.Orientation, 1)
            mime_type = IMAGE_FORMATS[image.format]
        if mime_type == "image/jpeg" and not _jpeg_complete(file):
            return None
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, ValueError, SyntaxError):
        return None
    finally:
        file.seek(0)
    if orientation in _QUARTER_TURNS:
        width, height = height, width
    return Probe(AssetKind.IMAGE, mime_type, width, height)


def _jpeg_complete(file) -> bool:
    """A JPEG ends with its end-of-image marker (some cameras pad a few bytes after it)."""
    file.seek(0, 2)
    size = file.tell()
    file.seek(max(0, size - 64))
    return b"\xff\xd9" in file.read()


def _probe_video(file) -> Probe | None:
    from hachoir.core import config as hachoir_config
    from hachoir.metadata import extractMetadata
    from hachoir.parser import guessParser
    from hachoir.stream import InputIOStream

    hachoir_config.quiet = True
    file.seek(0)
    name = Path(file.name or "upload").name
    try:
        parser = guessParser(InputIOStream(file, source=name, tags=[("filename", name)]))
        if parser is None or parser.mime_type not in VIDEO_TYPES:
            return None
        metadata = extractMetadata(parser)
        width, height = _dimensions(parser, metadata)
        duration = _value(metadata, "duration")
    except Exception:  # hachoir raises anything at all on a damaged file
        log.info("Could not read video %s", name, exc_info=True)
        return None
    finally:
        file.seek(0)
    if not (width and height):
        return None  # a sound file in an MP4 box, or no picture track: not a video
    seconds = duration.total_seconds() if duration is not None else None
    return Probe(AssetKind.VIDEO, parser.mime_type, width, height, seconds)


def _value(metadata, key: str):
    """A metadata value, or None (hachoir's own get() raises on a missing key)."""
    return metadata.get(key) if metadata is not None and metadata.has(key) else None


def _dimensions(parser, metadata) -> tuple[int | None, int | None]:
    """The picture size as shown: a phone's portrait video is stored landscape and turned."""
    if metadata is None:
        return None, None
    width, height = _value(metadata, "width"), _value(metadata, "height")
    if not width and hasattr(metadata, "iterGroups"):
        for group in metadata.iterGroups():
            width, height = _value(group, "width"), _value(group, "height")
            if width:
                break
    if width and height and _turned_a_quarter(parser):
        width, height = height, width
    return width, height


def _turned_a_quarter(parser) -> bool:
    """An MP4/MOV picture track whose matrix rotates it 90° or 270°."""
    if parser.mime_type not in {"video/mp4", "video/quicktime"}:
        return False
    for atom in parser:
        if "movie" not in atom:
            continue
        for field in atom["movie"]:
            if "track" not in field:
                continue
            for part in field["track"]:
                if "track_hdr" not in part:
                    continue
                header = part["track_hdr"]
                if header["frame_size_width"].value and header["frame_size_height"].value:
                    return header["geom_a"].value == 0 and header["geom_d"].value == 0
    return False


# ---------------------------------------------------------------------------------------------
# Thumbnails
# ---------------------------------------------------------------------------------------------


def thumbnail(file, found: Probe) -> bytes | None:
    """A JPEG of about 320 px; None for a video when ffmpeg is not installed."""
    if found.kind == AssetKind.IMAGE:
        return _image_thumbnail(file)
    return _video_thumbnail(file, found)


def _image_thumbnail(file) -> bytes:
    file.seek(0)
    try:
        with Image.open(file, formats=list(IMAGE_FORMATS)) as image:
            image.seek(0)
            picture = ImageOps.exif_transpose(image)
            picture.thumbnail(THUMBNAIL_SIZE)
            if picture.mode not in {"RGB", "L"}:
                picture = _on_white(picture)
            out = io.BytesIO()
            picture.save(out, "JPEG", quality=80, optimize=True)
    except (OSError, ValueError, Image.DecompressionBombError) as error:
        raise ValidationError({"file": _("This image is damaged and cannot be read.")}) from error
    finally:
        file.seek(0)
    return out.getvalue()


def _on_white(picture: Image.Image) -> Image.Image:
    """Transparent parts turn white, not black, in a JPEG."""
    rgba = picture.convert("RGBA")
    background = Image.new("RGB", rgba.size, "white")
    background.paste(rgba, mask=rgba.getchannel("A"))
    return background


def _video_thumbnail(file, found: Probe) -> bytes | None:
    ffmpeg = shutil.which("ffmpeg")
    if ffmpeg is None:
        return None
    at = "1" if (found.duration_seconds or 0) > 2 else "0"
    with tempfile.TemporaryDirectory() as folder:
        if hasattr(file, "temporary_file_path"):
            source = file.temporary_file_path()
        else:
            source = str(Path(folder) / "source")
            file.seek(0)
            with open(source, "wb") as copy:
                shutil.copyfileobj(file, copy)
        target = Path(folder) / "frame.jpg"
        command = [ffmpeg, "-nostdin", "-v", "error", "-ss", at, "-i", source,
                   "-frames:v", "1", "-vf", "scale=640:-2", "-y", str(target)]  # fmt: skip
        try:
            subprocess.run(command, check=True, timeout=60, capture_output=True)  # noqa: S603
        except (OSError, subprocess.SubprocessError):
            log.info("ffmpeg could not take a frame of %s", file.name, exc_info=True)
            return None
        finally:
            file.seek(0)
        if not target.exists():
            return None
        with open(target, "rb") as frame:
            return _image_thumbnail(io.BytesIO(frame.read()))


# ---------------------------------------------------------------------------------------------
# Platform checks
# ---------------------------------------------------------------------------------------------


def _number(value: float, digits: int = 2) -> str:
    text = formats.number_format(round(value, digits), digits, use_l10n=True)
    decimal = formats.get_format("DECIMAL_SEPARATOR")
    return text.rstrip("0").rstrip(decimal) if decimal in text else text


def ratio_label(ratio: float) -> str:
    """`16:9`, `4:5`, or `1,91:1` when no small whole numbers make the ratio."""
    fraction = Fraction(ratio).limit_denominator(20)
    if abs(float(fraction) - ratio) < 1e-6:
        return f"{fraction.numerator}:{fraction.denominator}"
    return f"{_number(ratio)}:1"


def _picture_ratio(width: int, height: int) -> str:
    fraction = Fraction(width, height)
    if fraction.denominator <= 20:
        return f"{fraction.numerator}:{fraction.denominator}"
    return f"{_number(width / height)}:1"


def duration_label(seconds: float) -> str:
    """`2,5 s` up to ten minutes (platform limits like 140 s read best so), then `15 min`."""
    if seconds < 600:
        return _("%(seconds)s s") % {"seconds": _number(seconds, 1)}
    return _("%(minutes)s min") % {"minutes": _number(seconds / 60, 1)}


def _types_label(types) -> str:
    return ", ".join(sorted(TYPE_NAMES.get(t, t.split("/")[-1].upper()) for t in types))


def check(asset, platform: str) -> list[str]:
    """Why the platform would not take this asset (an empty list: it will)."""
    rules = rules_for(platform)
    name = Platform(platform).label
    is_image = asset.kind == AssetKind.IMAGE
    rule: MediaRule | None = rules.image if is_image else rules.video
    if rule is None:
        if is_image:
            return [_("%(platform)s does not take images") % {"platform": name}]
        return [_("%(platform)s does not take videos") % {"platform": name}]
    reasons = []
    if asset.mime_type not in rule.types:
        reasons.append(
            _("%(platform)s accepts %(types)s only")
            % {"platform": name, "types": _types_label(rule.types)}
        )
    if asset.size > rule.max_bytes:
        reasons.append(
            _("size %(size)s, at most %(max)s")
            % {"size": filesizeformat(asset.size), "max": filesizeformat(rule.max_bytes)}
        )
    if asset.width and asset.height:
        reasons += _ratio_reasons(asset.width, asset.height, rule)
    if not is_image:
        reasons += _duration_reasons(asset.duration_seconds, rule)
    return reasons


def _ratio_reasons(width: int, height: int, rule: MediaRule) -> list[str]:
    ratio = width / height
    low = rule.min_ratio is not None and ratio < rule.min_ratio - _RATIO_TOLERANCE
    high = rule.max_ratio is not None and ratio > rule.max_ratio + _RATIO_TOLERANCE
    if not (low or high):
        return []
    shown = _picture_ratio(width, height)
    if rule.min_ratio is not None and rule.max_ratio is not None:
        return [
            _("ratio %(ratio)s outside %(min)s–%(max)s")
            % {"ratio": shown, "min": ratio_label(rule.min_ratio),
               "max": ratio_label(rule.max_ratio)}
        ]  # fmt: skip
    if low:
        return [
            _("ratio %(ratio)s, at least %(min)s")
            % {"ratio": shown, "min": ratio_label(rule.min_ratio)}
        ]
    return [
        _("ratio %(ratio)s, at most %(max)s") % {"ratio": shown, "max": ratio_label(rule.max_ratio)}
    ]


def _duration_reasons(seconds: float | None, rule: MediaRule) -> list[str]:
    if rule.min_seconds is None and rule.max_seconds is None:
        return []
    if seconds is None:
        return [_("the duration could not be read")]
    if rule.min_seconds is not None and seconds < rule.min_seconds:
        return [
            _("duration %(duration)s, at least %(min)s")
            % {"duration": duration_label(seconds), "min": duration_label(rule.min_seconds)}
        ]
    if rule.max_seconds is not None and seconds > rule.max_seconds:
        return [
            _("duration %(duration)s, at most %(max)s")
            % {"duration": duration_label(seconds), "max": duration_label(rule.max_seconds)}
        ]
    return []


def target_platforms(item) -> list[str]:
    """The platforms of the item's target accounts, in the order of the platform list."""
    chosen = set(item.target_accounts.values_list("platform", flat=True))
    return [platform for platform in Platform.values if platform in chosen]


def asset_checks(asset, platforms) -> dict[str, list[str]]:
    return {platform: check(asset, platform) for platform in platforms}


def asset_problems(item) -> dict[str, list[str]]:
    """Per target platform, what it would refuse among the item's assets (empty: all fine).

    Shown on the item and in the review: the supervisor decides, the upload is never refused.
    """
    platforms = target_platforms(item)
    assets = list(item.assets.all())
    return {
        platform: [
            _("%(file)s: %(reason)s") % {"file": asset.original_name, "reason": reason}
            for asset in assets
            for reason in check(asset, platform)
        ]
        for platform in platforms
    }
