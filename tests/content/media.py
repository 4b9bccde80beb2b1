"""Small media files made on the fly for the asset tests and the permission matrix.

The MP4/MOV files are real ISO base media headers (ftyp, moov with mvhd and a picture track's
tkhd), without any frames: enough for hachoir to read size, turn and duration, which is all
the platform checks use. No ffmpeg is needed to make them.
"""

import io
import struct

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image


def image_bytes(width: int, height: int, fmt: str = "JPEG", orientation: int | None = None):
    picture = Image.new("RGBA" if fmt == "PNG" else "RGB", (width, height), (200, 40, 40))
    out = io.BytesIO()
    extra = {}
    if orientation is not None:
        exif = Image.Exif()
        exif[0x0112] = orientation
        extra["exif"] = exif.tobytes()
    picture.save(out, fmt, **extra)
    return out.getvalue()


def image_upload(name: str, width: int, height: int, fmt: str = "JPEG", **kwargs):
    return SimpleUploadedFile(name, image_bytes(width, height, fmt, **kwargs))


def _box(kind: bytes, payload: bytes) -> bytes:
    return struct.pack(">I4s", 8 + len(payload), kind) + payload


_IDENTITY = (0x10000, 0, 0, 0, 0x10000, 0, 0, 0, 0x40000000)
_QUARTER_TURN = (0, 0x10000, 0, -0x10000, 0, 0, 0, 0, 0x40000000)


def movie_bytes(width: int, height: int, seconds: float, *, brand: bytes = b"isom",
                turned: bool = False, picture: bool = True) -> bytes:  # fmt: skip
    """An MP4 (brand isom) or MOV (brand 'qt  ') header; `turned`: a phone's portrait video
    stored landscape with a 90° matrix; `picture=False`: a sound-only file."""
    scale = 1000
    length = int(seconds * scale)
    mvhd = _box(
        b"mvhd",
        bytes(4) + struct.pack(">IIII", 0, 0, scale, length) + struct.pack(">IH", 0x10000, 0x100)
        + bytes(10) + struct.pack(">9i", *_IDENTITY) + bytes(24) + struct.pack(">I", 2),
    )  # fmt: skip
    size = (width << 16, height << 16) if picture else (0, 0)
    tkhd = _box(
        b"tkhd",
        bytes([0, 0, 0, 3]) + struct.pack(">IIII", 0, 0, 1, 0) + struct.pack(">I", length)
        + bytes(8) + struct.pack(">hhH", 0, 0, 0 if picture else 0x100) + bytes(2)
        + struct.pack(">9i", *(_QUARTER_TURN if turned else _IDENTITY))
        + struct.pack(">II", *size),
    )  # fmt: skip
    compatible = brand if brand == b"qt  " else brand + b"mp41"
    ftyp = _box(b"ftyp", brand + struct.pack(">I", 0) + compatible)
    return ftyp + _box(b"moov", mvhd + _box(b"trak", tkhd))


def movie_upload(name: str, width: int, height: int, seconds: float, **kwargs):
    return SimpleUploadedFile(name, movie_bytes(width, height, seconds, **kwargs))


def _ebml(element_id: int, payload: bytes) -> bytes:
    size = len(payload)
    assert size < 0x3FFF
    length = bytes([0x80 | size]) if size < 0x7F else struct.pack(">H", 0x4000 | size)
    return element_id.to_bytes((element_id.bit_length() + 7) // 8, "big") + length + payload


def _uint(element_id: int, value: int) -> bytes:
    return _ebml(element_id, value.to_bytes(max(1, (value.bit_length() + 7) // 8), "big"))


def webm_bytes(width: int, height: int, seconds: float) -> bytes:
    """A WebM (Matroska) header: EBML doc type, segment info with duration, a video track."""
    header = _ebml(0x1A45DFA3, _uint(0x4286, 1) + _uint(0x42F7, 1) + _uint(0x42F2, 4)
                   + _uint(0x42F3, 8) + _ebml(0x4282, b"webm") + _uint(0x4287, 2)
                   + _uint(0x4285, 2))  # fmt: skip
    info = _ebml(
        0x1549A966, _uint(0x2AD7B1, 1_000_000) + _ebml(0x4489, struct.pack(">d", seconds * 1000))
    )
    video = _ebml(0xE0, _uint(0xB0, width) + _uint(0xBA, height))
    track = _ebml(0xAE, _uint(0xD7, 1) + _uint(0x73C5, 1) + _uint(0x83, 1)
                  + _ebml(0x86, b"V_VP9") + video)  # fmt: skip
    return header + _ebml(0x18538067, info + _ebml(0x1654AE6B, track))
