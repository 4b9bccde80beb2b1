"""File answers shared by the pages and the API: the workbook and the PDF of a compilation."""

import tempfile

from django.http import HttpResponse
from django.utils.text import slugify

from gaung.core.exports import XLSX_CONTENT_TYPE
from gaung.reports.exports import write_workbook
from gaung.reports.models import Compilation
from gaung.reports.pdf import render_pdf
from gaung.reports.summary import Report


def file_name(compilation: Compilation, extension: str) -> str:
    """`kompilasi-data-media-sosial-asn-…-tahun-2026.pdf`."""
    return f"{slugify(compilation.title)[:120] or 'kompilasi'}.{extension}"


def workbook_response(report: Report) -> HttpResponse:
    """The XLSX workbook as a download."""
    # Built in a temporary file (xlsxwriter keeps few rows in memory), then sent whole.
    with tempfile.TemporaryFile() as output:
        write_workbook(report, output)
        output.seek(0)
        response = HttpResponse(output.read(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = (
        f'attachment; filename="{file_name(report.compilation, "xlsx")}"'
    )
    return response


def pdf_response(report: Report) -> HttpResponse:
    """The PDF as a download."""
    response = HttpResponse(render_pdf(report), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="{file_name(report.compilation, "pdf")}"'
    )
    return response
