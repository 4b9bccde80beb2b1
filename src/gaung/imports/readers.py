"""Open an uploaded import file as a header row and a stream of rows of text cells.

``open_table(path, filename=...)`` reads:

* XLSX, XLSM, XLSB, XLS and ODS through python-calamine. The sheet used is the first one whose
  header row names at least two known columns, or else the first sheet with data; visible
  sheets are tried before hidden ones. Cells come back as text: integral numbers without
  ``.0``; numbers of 16 digits or more as Excel shows them (``1.96804111993031E+17``), because
  a spreadsheet number that long has already lost its last digits and a NIP must never be
  guessed (``gaung.registry.nip`` reports it as damaged by Excel); dates as ISO
  ``2024-01-31`` (``2024-01-31T08:30:00`` with a time); booleans as ``TRUE``/``FALSE``.
* CSV and TXT: the encoding is UTF-8 (with or without BOM), UTF-16 (BOM, or the zero bytes of
  Excel's "Unicode text" without one) or, when UTF-8 decoding fails, Windows-1252; the
  delimiter is ``;``, ``,`` or tab, taken from a leading ``sep=;`` line when there is one
  (that line still counts in line numbers) or else from the first lines.

The header is the first non-empty row, except that SIASN and OPD sheets often carry a title
above it: the first of the first ten non-empty rows that names two or more known columns wins.
Blank rows are skipped; each row has exactly as many cells as the header (short rows padded with
``""``, cells past the last header dropped), every cell stripped of surrounding spaces.

Line numbers are what a clerk sees in Excel: the header is 1 when it is the first line, a
quoted cell spanning several lines counts once, and skipped blank lines and titles still count.

Anything that is not a readable table (empty, a PDF, a web page saved as ``.xls``, binary
junk, a password-protected workbook) raises :class:`FileProblem`, whose ``str()`` is a
sentence for the clerk. Iterating the rows of a CSV can raise it too when damage shows up
further down the file. CSV rows are streamed from the decoded text, never held in a list.
"""

from __future__ import annotations

import codecs
import csv
import datetime
import io
import itertools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.utils.translation import gettext
from python_calamine import CalamineWorkbook, SheetTypeEnum, SheetVisibleEnum

__all__ = ["FileProblem", "Table", "open_table"]

HEADER_SEARCH_ROWS = 10
MIN_KNOWN_HEADERS = 2
DELIMITERS = (";", ",", "\t")
SNIFF_LINES = 30
SNIFF_CHARS = 64 * 1024

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_PDF_MAGIC = b"%PDF"
_SPREADSHEET_SUFFIXES = frozenset({".xlsx", ".xlsm", ".xlsb", ".xls", ".ods"})
_SEP_LINE = re.compile(r"\s*sep\s*=\s*(.)\s*\Z", re.IGNORECASE)
_HTML_START = re.compile(rb"\s*<(?:!doctype\s+html|html|table|\?xml|head|body|meta)", re.I)
# Control characters that never occur in a real CSV; a share of them means binary data.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_MAX_CONTROL_SHARE = 0.01
# Excel shows 15 significant digits; a longer number in a cell has lost the rest.
_EXACT_DIGITS_LIMIT = 1e15


class FileProblem(Exception):
    """The upload is not a table that can be read; ``str()`` tells the clerk what to do."""


@dataclass
class Table:
    """The header row of a file and an iterator over its data rows."""

    headers: list[str]
    header_line: int
    rows: Iterator[tuple[int, list[str]]]
    # An upper bound (lines after the header, blank ones included), for a progress bar.
    total_rows: int | None


def open_table(path: Path, *, filename: str | None = None) -> Table:
    """Open a spreadsheet or CSV file; raise FileProblem when it cannot be read as a table."""
    path = Path(path)
    suffix = Path(filename or path.name).suffix.lower()
    try:
        with path.open("rb") as handle:
            head = handle.read(1024)
    except OSError as error:
        raise FileProblem(gettext("The file could not be opened. Upload it again.")) from error
    # A file of spaces or newlines has nothing to import either.
    if not head.strip() and not path.read_bytes().strip():
        raise FileProblem(gettext("The file is empty. Upload a file with a header row."))
    if head.startswith((_ZIP_MAGIC, _OLE_MAGIC)):
        return _open_workbook(path)
    if head.startswith(_PDF_MAGIC):
        raise FileProblem(
            gettext(
                "This is a PDF, not a spreadsheet. Upload the XLSX, XLS, ODS or CSV file the "
                "data comes from."
            )
        )
    if _HTML_START.match(head.removeprefix(codecs.BOM_UTF8)):
        raise FileProblem(
            gettext(
                "This file is a web page or XML file, not a workbook. Open it in Excel, "
                "choose Save As, pick Excel Workbook (.xlsx) and upload that file."
            )
        )
    # Some personnel systems export delimited text under an .xls name: read it as text.
    return _open_text(path, is_spreadsheet_name=suffix in _SPREADSHEET_SUFFIXES)


# --- Spreadsheets -------------------------------------------------------------------------


def _calamine_failure(error: BaseException) -> FileProblem:
    if type(error).__name__ == "PasswordError":
        return FileProblem(
            gettext(
                "The workbook is protected with a password. Open it in Excel, remove the "
                "password (File > Info > Protect Workbook), save it and upload it again."
            )
        )
    return FileProblem(
        gettext(
            "The file could not be read as a spreadsheet; it may be damaged or of another "
            "kind. Open it in Excel or LibreOffice, save it as XLSX and upload it again."
        )
    )


def _is_fatal(error: BaseException) -> bool:
    # The parser is native code; a panic on a damaged file surfaces as a BaseException
    # (pyo3's PanicException), which must become a FileProblem, unlike a real interrupt.
    return isinstance(error, KeyboardInterrupt | SystemExit | GeneratorExit)


def _open_workbook(path: Path) -> Table:
    try:
        workbook = CalamineWorkbook.from_path(str(path))
        sheets = _sheet_order(workbook)
        fallback: Table | None = None
        for index in sheets:
            sheet = workbook.get_sheet_by_index(index)
            if sheet.start is None:
                continue
            table = _sheet_table(sheet)
            if table is None:
                continue
            if table[1]:
                return table[0]
            fallback = fallback or table[0]
    except BaseException as error:
        if _is_fatal(error):
            raise
        raise _calamine_failure(error) from error
    if fallback is None:
        raise FileProblem(gettext("The workbook has no data on any sheet."))
    return fallback


def _sheet_order(workbook: CalamineWorkbook) -> list[int]:
    visible: list[int] = []
    hidden: list[int] = []
    for index, meta in enumerate(workbook.sheets_metadata):
        if meta.typ != SheetTypeEnum.WorkSheet:
            continue
        (visible if meta.visible == SheetVisibleEnum.Visible else hidden).append(index)
    return visible + hidden


def _sheet_table(sheet: Any) -> tuple[Table, bool] | None:
    # iter_rows starts at the sheet's first row (A1), so enumerate gives Excel row numbers.
    converted = (
        (line, [_cell_text(value) for value in values])
        for line, values in enumerate(sheet.iter_rows(), start=1)
    )
    found = _split_header(converted)
    if found is None:
        return None
    headers, header_line, rows, matched = found
    total = max(sheet.end[0] + 1 - header_line, 0) if sheet.end else None
    return Table(headers, header_line, rows, total), matched


def _cell_text(value: Any) -> str:
    kind = type(value)
    if kind is str:
        return value.strip()
    if kind is float:
        if value.is_integer():
            if abs(value) >= _EXACT_DIGITS_LIMIT:
                return _excel_scientific(value)
            return str(int(value))
        return f"{value:.15g}"
    if kind is bool:
        return "TRUE" if value else "FALSE"
    if kind is int:
        return str(value)
    if kind is datetime.datetime:
        if value.time() == datetime.time(0):
            return value.date().isoformat()
        return value.isoformat(timespec="seconds")
    if kind in (datetime.date, datetime.time):
        return value.isoformat()
    if value is None:
        return ""
    return str(value).strip()


def _excel_scientific(value: float) -> str:
    # What Excel's General format shows: 15 significant digits, e.g. 1.96804111993031E+17.
    mantissa, exponent = f"{value:.14E}".split("E")
    return f"{mantissa.rstrip('0').rstrip('.')}E+{int(exponent):02d}"


# --- Header detection (shared) ------------------------------------------------------------


def _split_header(
    rows: Iterator[tuple[int, list[str]]],
) -> tuple[list[str], int, Iterator[tuple[int, list[str]]], bool] | None:
    """Find the header row; return headers, its line, the data rows and whether it matched."""
    # Imported here: columns imports FileProblem from this module.
    from gaung.imports.columns import count_known_headers

    non_empty = (row for row in rows if any(row[1]))
    candidates = list(itertools.islice(non_empty, HEADER_SEARCH_ROWS))
    if not candidates:
        return None
    scores = [count_known_headers(cells) for _, cells in candidates]
    matched = max(scores) >= MIN_KNOWN_HEADERS
    position = (
        next(i for i, score in enumerate(scores) if score >= MIN_KNOWN_HEADERS) if matched else 0
    )
    header_line, header_cells = candidates[position]
    headers = _trim_trailing(header_cells)
    width = len(headers)
    rest = itertools.chain(candidates[position + 1 :], non_empty)
    return headers, header_line, _fit(rest, width), matched


def _trim_trailing(cells: list[str]) -> list[str]:
    end = len(cells)
    while end and not cells[end - 1]:
        end -= 1
    return cells[:end]


def _fit(rows: Iterable[tuple[int, list[str]]], width: int) -> Iterator[tuple[int, list[str]]]:
    for line, cells in rows:
        count = len(cells)
        if count < width:
            cells.extend([""] * (width - count))
        elif count > width:
            del cells[width:]
        yield line, cells


# --- Delimited text -----------------------------------------------------------------------


def _open_text(path: Path, *, is_spreadsheet_name: bool) -> Table:
    data = path.read_bytes()
    text = _decode(data)
    del data
    _reject_binary(text, is_spreadsheet_name=is_spreadsheet_name)

    line_offset = 0
    first_break = text.find("\n")
    first_line = text if first_break < 0 else text[:first_break]
    sep = _SEP_LINE.match(first_line.rstrip("\r"))
    if sep and sep.group(1) != '"':
        delimiter = sep.group(1)
        text = "" if first_break < 0 else text[first_break + 1 :]
        line_offset = 1
    else:
        delimiter = _sniff_delimiter(text)

    breaks = max(text.count("\n"), text.count("\r"))
    physical_lines = breaks + (0 if text.endswith(("\n", "\r")) else 1)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    records = _records(reader, line_offset)
    found = _split_header(records)
    if found is None:
        raise FileProblem(gettext("The file is empty. Upload a file with a header row."))
    headers, header_line, rows, _ = found
    if not headers:
        raise FileProblem(gettext("The file has no header row."))
    total = max(physical_lines - (header_line - line_offset), 0)
    return Table(headers, header_line, rows, total)


def _decode(data: bytes) -> str:
    try:
        if data.startswith(codecs.BOM_UTF8):
            return data[len(codecs.BOM_UTF8) :].decode("utf-8")
        if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return data.decode("utf-16")
        unmarked = _unmarked_utf16(data)
        if unmarked:
            return data.decode(unmarked)
    except UnicodeDecodeError as error:
        raise FileProblem(_unreadable_text()) from error
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        # Five byte values are undefined in Windows-1252; Latin-1 maps every byte.
        return data.decode("latin-1")


def _unmarked_utf16(data: bytes) -> str | None:
    sample = data[:512]
    pairs = len(sample) // 2
    if pairs < 4:
        return None
    even_zero = sample[0::2].count(0)
    odd_zero = sample[1::2].count(0)
    # ASCII text in UTF-16 has a zero in every other byte.
    if odd_zero > pairs * 0.4 and even_zero < pairs * 0.05:
        return "utf-16-le"
    if even_zero > pairs * 0.4 and odd_zero < pairs * 0.05:
        return "utf-16-be"
    return None


def _unreadable_text() -> str:
    return gettext(
        "The file is not a readable spreadsheet or CSV file. Upload an XLSX, XLS, ODS or CSV file."
    )


def _reject_binary(text: str, *, is_spreadsheet_name: bool) -> None:
    sample = text[:SNIFF_CHARS]
    if "\x00" in text or len(_CONTROL.findall(sample)) > len(sample) * _MAX_CONTROL_SHARE:
        if is_spreadsheet_name:
            raise FileProblem(
                gettext(
                    "The file could not be read as a spreadsheet; it may be damaged or of "
                    "another kind. Open it in Excel or LibreOffice, save it as XLSX and upload "
                    "it again."
                )
            )
        raise FileProblem(_unreadable_text())


def _sniff_delimiter(text: str) -> str:
    lines = [line for line in text[:SNIFF_CHARS].splitlines()[:SNIFF_LINES] if line.strip()]
    best = DELIMITERS[0]
    best_score = (-1, -1)
    for delimiter in DELIMITERS:
        try:
            counts = [len(cells) for cells in csv.reader(lines, delimiter=delimiter)]
        except csv.Error:
            continue
        widths = [count for count in counts if count > 1]
        if not widths:
            continue
        common = max(set(widths), key=lambda width: (widths.count(width), width))
        score = (widths.count(common), common)
        if score > best_score:
            best, best_score = delimiter, score
    return best if best_score[0] > 0 else ","


def _records(reader: Any, line_offset: int) -> Iterator[tuple[int, list[str]]]:
    line = line_offset
    try:
        for cells in reader:
            line += 1
            yield line, [cell.strip() for cell in cells]
    except csv.Error as error:
        raise FileProblem(
            gettext(
                "Line %(line)d of the file could not be read: a cell is far too long, perhaps "
                "because a quotation mark is not closed. Check that line and upload the file "
                "again."
            )
            % {"line": line + 1}
        ) from error
