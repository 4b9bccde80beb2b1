"""Spreadsheet exports of any list (XLSX and CSV), safe to open in Excel."""

import csv
import datetime as dt
import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import xlsxwriter
from django.http import HttpResponse
from django.utils import timezone

# Cells starting with these are run as formulas by Excel/LibreOffice (CSV/formula injection).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Column:
    """One exported column: a header and how to read its value from a row object."""

    header: str
    value: Callable[[Any], Any]
    width: int = 18


def neutralise(value: Any) -> Any:
    """Make a text cell inert: a leading formula character is escaped with an apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if value is None:
        return ""
    if isinstance(value, bool | int | float | dt.date):
        return value
    return neutralise(str(value))


def rows_of(objects: Iterable[Any], columns: Sequence[Column]) -> Iterable[list[Any]]:
    """Each object as a list of plain, neutralised cell values."""
    for obj in objects:
        yield [_plain(column.value(obj)) for column in columns]


def csv_response(filename: str, objects: Iterable[Any], columns: Sequence[Column]) -> HttpResponse:
    """A UTF-8 CSV (with BOM, so Excel reads Indonesian names correctly)."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerow([neutralise(str(c.header)) for c in columns])
    for row in rows_of(objects, columns):
        writer.writerow([cell.isoformat() if isinstance(cell, dt.date) else cell for cell in row])
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def xlsx_bytes(sheet_title: str, objects: Iterable[Any], columns: Sequence[Column]) -> bytes:
    """One worksheet with a bold, frozen header row and typed cells."""
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(
        buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    )
    sheet = workbook.add_worksheet(sheet_title[:31])
    bold = workbook.add_format({"bold": True, "bg_color": "#E8EEF7"})
    date_format = workbook.add_format({"num_format": "dd mmm yyyy"})
    datetime_format = workbook.add_format({"num_format": "dd mmm yyyy hh:mm"})
    for index, column in enumerate(columns):
        sheet.write_string(0, index, str(column.header), bold)
        sheet.set_column(index, index, column.width)
    row_number = 0
    for row_number, row in enumerate(rows_of(objects, columns), start=1):
        for index, cell in enumerate(row):
            if isinstance(cell, dt.datetime):
                sheet.write_datetime(row_number, index, cell, datetime_format)
            elif isinstance(cell, dt.date):
                sheet.write_datetime(row_number, index, cell, date_format)
            elif isinstance(cell, bool):
                sheet.write_boolean(row_number, index, cell)
            elif isinstance(cell, int | float):
                sheet.write_number(row_number, index, cell)
            else:
                sheet.write_string(row_number, index, cell)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(row_number, 1), max(len(columns) - 1, 0))
    workbook.close()
    return buffer.getvalue()


def xlsx_response(filename: str, objects: Iterable[Any], columns: Sequence[Column]) -> HttpResponse:
    """An XLSX download of the rows."""
    response = HttpResponse(xlsx_bytes(filename, objects, columns), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response


def export_response(fmt: str, filename: str, objects: Iterable[Any], columns: Sequence[Column]):
    """Dispatch on the requested format ('xlsx' or 'csv')."""
    stamped = f"{filename}-{timezone.localdate().isoformat()}"
    if fmt == "csv":
        return csv_response(stamped, objects, columns)
    return xlsx_response(stamped, objects, columns)
