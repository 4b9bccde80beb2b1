"""Write tiny XLSX, ODS, XLS and CSV files with exactly the cells a test needs.

XLSX comes from xlsxwriter. ODS and XLS have no writer among the project's dependencies, so
they are assembled here from their specifications: an ODS is a zip of XML files, an XLS a
BIFF8 "Workbook" stream inside an OLE compound file. Only what python-calamine needs to read
cells back is written. A cell value of None leaves the cell empty.
"""

import datetime
import struct
import zipfile
from collections.abc import Sequence
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import xlsxwriter

Cell = str | int | float | bool | datetime.date | None
Rows = Sequence[Sequence[Cell]]


def write_xlsx(
    path: Path,
    sheets: dict[str, Rows],
    *,
    hidden: Sequence[str] = (),
    start: tuple[int, int] = (0, 0),
) -> Path:
    """Write one worksheet per entry; rows begin at ``start`` (0-based row, column)."""
    workbook = xlsxwriter.Workbook(str(path))
    date_format = workbook.add_format({"num_format": "yyyy-mm-dd"})
    for name, rows in sheets.items():
        sheet = workbook.add_worksheet(name)
        if name in hidden:
            sheet.hide()
        elif not any(sheet.selected for sheet in workbook.worksheets()[:-1]):
            # Excel refuses to open a workbook whose active sheet is hidden.
            sheet.activate()
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                where = (start[0] + r, start[1] + c)
                if value is None:
                    continue
                if isinstance(value, datetime.date):
                    sheet.write_datetime(*where, value, date_format)
                elif isinstance(value, str):
                    # write_string: a text NIP must stay text, as when a column is formatted Text.
                    sheet.write_string(*where, value)
                else:
                    sheet.write(*where, value)
    workbook.close()
    return path


_ODS_NAMESPACES = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
)
_ODS_MANIFEST = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
    'manifest:version="1.2">'
    '<manifest:file-entry manifest:full-path="/" manifest:version="1.2" '
    'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
    '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
    "</manifest:manifest>"
)


def _ods_cell(value: Cell) -> str:
    if value is None:
        return "<table:table-cell/>"
    if isinstance(value, bool):
        flag = "true" if value else "false"
        return (
            f'<table:table-cell office:value-type="boolean" office:boolean-value="{flag}">'
            f"<text:p>{flag.upper()}</text:p></table:table-cell>"
        )
    if isinstance(value, int | float):
        return (
            f'<table:table-cell office:value-type="float" office:value="{value!r}">'
            f"<text:p>{value}</text:p></table:table-cell>"
        )
    if isinstance(value, datetime.date):
        return (
            f'<table:table-cell office:value-type="date" '
            f'office:date-value="{value.isoformat()}"><text:p>{value}</text:p>'
            "</table:table-cell>"
        )
    return (
        '<table:table-cell office:value-type="string">'
        f"<text:p>{escape(value)}</text:p></table:table-cell>"
    )


def write_ods(path: Path, sheets: dict[str, Rows]) -> Path:
    """Write an OpenDocument spreadsheet with one table per entry."""
    tables = []
    for name, rows in sheets.items():
        body = "".join(
            "<table:table-row>"
            + ("".join(_ods_cell(v) for v in row) or _ods_cell(None))
            + "</table:table-row>"
            for row in rows
        )
        tables.append(f"<table:table table:name={quoteattr(name)}>{body}</table:table>")
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<office:document-content {_ODS_NAMESPACES} office:version="1.2">'
        f"<office:body><office:spreadsheet>{''.join(tables)}</office:spreadsheet></office:body>"
        "</office:document-content>"
    )
    with zipfile.ZipFile(path, "w") as archive:
        # The mimetype entry must come first and be stored uncompressed.
        archive.writestr(
            "mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED
        )
        archive.writestr("META-INF/manifest.xml", _ODS_MANIFEST, zipfile.ZIP_DEFLATED)
        archive.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
    return path


# --- XLS (BIFF8 in an OLE compound file) ---------------------------------------------------

_SECTOR = 512
_END_OF_CHAIN = 0xFFFFFFFE
_FREE = 0xFFFFFFFF
_FAT_SECTOR = 0xFFFFFFFD
_NO_STREAM = 0xFFFFFFFF
# Streams under this size would live in the mini stream, which this writer does not build.
_MINI_CUTOFF = 4096


def _record(kind: int, data: bytes) -> bytes:
    return struct.pack("<HH", kind, len(data)) + data


def _bof(substream: int) -> bytes:
    return _record(0x0809, struct.pack("<HHHHII", 0x0600, substream, 0x0DBB, 0x07CC, 0, 6))


def _unicode(text: str, length_format: str) -> bytes:
    encoded = text.encode("utf-16-le")
    return struct.pack(length_format, len(text)) + b"\x01" + encoded


def _xls_cell(row: int, col: int, value: Cell) -> bytes:
    if value is None:
        return b""
    if isinstance(value, bool):
        # BOOLERR: value, then 0 for a boolean (1 would be an error code).
        return _record(0x0205, struct.pack("<HHHBB", row, col, 15, int(value), 0))
    if isinstance(value, int | float):
        return _record(0x0203, struct.pack("<HHHd", row, col, 15, float(value)))
    return _record(0x0204, struct.pack("<HHH", row, col, 15) + _unicode(str(value), "<H"))


def _workbook_stream(sheets: dict[str, Rows]) -> bytes:
    bodies = []
    for rows in sheets.values():
        width = max((len(row) for row in rows), default=0)
        cells = b"".join(
            _xls_cell(r, c, value) for r, row in enumerate(rows) for c, value in enumerate(row)
        )
        dimensions = _record(0x0200, struct.pack("<IIHHH", 0, len(rows), 0, width, 0))
        bodies.append(_bof(0x0010) + dimensions + cells + _record(0x000A, b""))

    # 15 default cell formats (XF); the cells above refer to XF 15, plain "General".
    xf = _record(0x00E0, struct.pack("<HHHBBBBIIH", 0, 0, 0xFFF5, 0x20, 0, 0, 0, 0, 0, 0x20C0))
    cell_xf = _record(0x00E0, struct.pack("<HHHBBBBIIH", 0, 0, 0x0001, 0x20, 0, 0, 0, 0, 0, 0x20C0))
    font = _record(
        0x0031,
        struct.pack("<HHHHHBBBB", 200, 0, 0x7FFF, 400, 0, 0, 0, 0, 0) + _unicode("Arial", "<B"),
    )
    head = _bof(0x0005) + _record(0x0042, struct.pack("<H", 1200)) + font * 5 + xf * 15 + cell_xf

    def boundsheets(offset: int) -> bytes:
        records = b""
        for name, body in zip(sheets, bodies, strict=True):
            records += _record(0x0085, struct.pack("<IBB", offset, 0, 0) + _unicode(name, "<B"))
            offset += len(body)
        return records

    size_of_sheets = len(boundsheets(0))
    globals_end = len(head) + size_of_sheets + 4  # + EOF
    stream = head + boundsheets(globals_end) + _record(0x000A, b"") + b"".join(bodies)
    return stream.ljust(_MINI_CUTOFF, b"\x00")


def write_xls(path: Path, sheets: dict[str, Rows]) -> Path:
    """Write an Excel 97-2003 workbook: one FAT sector, one directory sector, the stream."""
    stream = _workbook_stream(sheets)
    stream_sectors = -(-len(stream) // _SECTOR)
    if stream_sectors > _SECTOR // 4 - 2:
        raise ValueError("This writer handles small workbooks only.")
    stream = stream.ljust(stream_sectors * _SECTOR, b"\x00")

    fat = [_FAT_SECTOR, _END_OF_CHAIN]
    fat += [sector + 1 for sector in range(2, 2 + stream_sectors - 1)] + [_END_OF_CHAIN]
    fat += [_FREE] * (_SECTOR // 4 - len(fat))

    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 16
    header += struct.pack("<HHHHH", 0x003E, 0x0003, 0xFFFE, 9, 6) + b"\x00" * 6
    header += struct.pack(
        "<IIIIIIIII", 0, 1, 1, 0, _MINI_CUTOFF, _END_OF_CHAIN, 0, _END_OF_CHAIN, 0
    )
    header += struct.pack("<I", 0) + struct.pack("<I", _FREE) * 108

    def entry(name: str, kind: int, child: int, start: int, size: int) -> bytes:
        encoded = (name + "\x00").encode("utf-16-le") if name else b""
        return (
            encoded.ljust(64, b"\x00")
            + struct.pack("<HBB", len(encoded), kind, 1)
            + struct.pack("<III", _NO_STREAM, _NO_STREAM, child)
            + b"\x00" * 16  # CLSID
            + struct.pack("<I", 0)  # state bits
            + b"\x00" * 16  # creation and modification times
            + struct.pack("<IQ", start, size)
        )

    directory = (
        entry("Root Entry", 5, 1, _END_OF_CHAIN, 0)
        + entry("Workbook", 2, _NO_STREAM, 2, len(_workbook_stream(sheets)))
        + entry("", 0, _NO_STREAM, 0, 0) * 2
    )
    fat_sector = struct.pack(f"<{len(fat)}I", *fat)
    path.write_bytes(header + fat_sector + directory + stream)
    return path


def write_text(path: Path, text: str, encoding: str = "utf-8") -> Path:
    """Write text in the given encoding without newline translation."""
    path.write_bytes(text.encode(encoding))
    return path
