"""The compilation workbook (XLSX) and the printable PDF with the agency's letterhead."""

import datetime
import io
import re
import zlib
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import translation
from python_calamine import CalamineWorkbook

from gaung.reports.actions import save_letterhead
from gaung.reports.exports import sheet_names, write_workbook
from gaung.reports.pdf import render_html, render_pdf
from gaung.reports.summary import Report
from tests.factories import EmployeeFactory, UnitFactory
from tests.reports.test_letterhead import png_bytes


@pytest.fixture(autouse=True)
def _english():
    # Sheet names and headers are read in English (the msgids), whatever catalogue exists.
    with translation.override("en"):
        yield


def workbook(report: Report) -> CalamineWorkbook:
    output = io.BytesIO()
    write_workbook(report, output)
    return CalamineWorkbook.from_filelike(io.BytesIO(output.getvalue()))


def pdf_strings(pdf: bytes) -> bytes:
    """The PDF's decompressed streams (where WeasyPrint puts the document title)."""
    parts = []
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            parts.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    return b"".join(parts)


def test_sheet_names_are_valid_unique_and_short():
    names = sheet_names(
        [
            "Ringkasan",
            "Dinas Pemberdayaan Perempuan, Perlindungan Anak dan KB",
            "Dinas Pemberdayaan Perempuan, Perlindungan Anak dan Keluarga",
            "Bagian [Umum]: Tata/Usaha?",
            "ringkasan",
            "History",
            "'Quoted'",
        ]
    )

    assert all(len(name) <= 31 for name in names)
    assert len({name.casefold() for name in names}) == len(names)
    assert names[1] == "Dinas Pemberdayaan Perempuan, P"
    assert names[2].endswith(" (2)")
    assert not any(char in "".join(names) for char in "[]:*?/\\")
    assert names[4] == "ringkasan (2)"
    assert names[5] != "History" and names[6] == "Quoted"


def test_workbook_has_a_summary_and_a_sheet_per_department(compiled, instansi_admin):
    book = workbook(Report(compiled, instansi_admin))

    assert book.sheet_names == ["Summary", "Dinkes", "Disdik"]
    summary = book.get_sheet_by_name("Summary").to_python()
    assert summary[0][0] == compiled.title
    header = summary[7]
    totals = summary[8]
    assert totals[header.index("Employees")] == 8
    assert totals[header.index("With an account")] == 3
    assert totals[header.index("Coverage")] == pytest.approx(0.375)
    assert totals[header.index("Followers")] == 1750
    assert totals[header.index("Instagram: followers")] == 1200
    departments = [row[1] for row in summary[12:14]]
    assert departments == ["Dinas Kesehatan", "Dinas Pendidikan"]

    dinkes = book.get_sheet_by_name("Dinkes").to_python()
    cells = [cell for row in dinkes for cell in row]
    assert "Dinas Kesehatan" in cells and "    Bidang P2P" in cells
    assert "Dr. Siti Rahayu, M.Si." in cells and "Joko Susilo" in cells
    assert "Rina Lestari" not in cells


def test_workbook_neutralises_formulas_in_names(org, instansi_admin, take):
    EmployeeFactory(unit=org["dinkes"], name='=HYPERLINK("http://evil.example","klik")')
    compilation = take(instansi_admin, org["instansi"])

    book = workbook(Report(compilation, instansi_admin))

    cells = [c for row in book.get_sheet_by_name("Dinkes").to_python() for c in row]
    assert '\'=HYPERLINK("http://evil.example","klik")' in cells


def test_workbook_of_a_unit_admin_holds_only_their_departments(compiled, dinkes_admin):
    book = workbook(Report(compiled, dinkes_admin))

    assert book.sheet_names == ["Summary", "Dinkes"]
    summary = book.get_sheet_by_name("Summary").to_python()
    assert summary[8][summary[7].index("Employees")] == 6


def test_many_departments_with_long_names_get_distinct_sheets(org, instansi_admin, take):
    for number in range(3):
        UnitFactory(
            name=f"Dinas Pemberdayaan Perempuan dan Perlindungan Anak Wilayah {number}",
            kind="dinas",
            parent=org["instansi"],
        )
    compilation = take(instansi_admin, org["instansi"])

    names = workbook(Report(compilation, instansi_admin)).sheet_names

    assert len(names) == 6
    assert len(set(names)) == 6
    assert all(len(name) <= 31 for name in names)


def test_workbook_download_from_the_detail_page(compiled, instansi_admin, english_client):
    url = reverse("reports:compilation_detail", args=[compiled.pk]) + "?export=xlsx"

    response = english_client(instansi_admin).get(url)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert (
        f"kompilasi-data-media-sosial-asn-pemerintah-kota-contoh-tahun-{compiled.year}.xlsx"
        in (response["Content-Disposition"])
    )
    assert CalamineWorkbook.from_filelike(io.BytesIO(response.content)).sheet_names[0] == "Summary"


def test_pdf_carries_letterhead_summary_and_signature(org, compiled, instansi_admin):
    save_letterhead(
        instansi_admin,
        org["instansi"],
        government_name="PEMERINTAH KOTA CONTOH",
        office_name="BADAN KEPEGAWAIAN DAERAH",
        address="Jl. Pahlawan 1",
        phone="(0342) 1234",
        website="bkd.kotacontoh.go.id",
        signature_place="Contoh",
        signer_position="Kepala BKPSDM",
        signer_name="Drs. Bambang Wicaksono",
        signer_nip="196804111993031009",
        logo=png_bytes(),
    )
    report = Report(compiled, instansi_admin)

    html = render_html(report)
    pdf = render_pdf(report)

    assert pdf.startswith(b"%PDF")
    assert compiled.title.encode() in pdf_strings(pdf)
    assert "PEMERINTAH KOTA CONTOH" in html and "BADAN KEPEGAWAIAN DAERAH" in html
    assert 'src="data:image/png;base64,' in html
    assert "Kepala BKPSDM" in html and "NIP 19680411 199303 1 009" in html
    assert "Dinas Kesehatan" in html and "Dinas Pendidikan" in html
    assert "size: A4 portrait" in html and "counter(pages)" in html


def test_pdf_signature_date_is_written_in_indonesian(compiled, instansi_admin):
    with (
        translation.override("id"),
        mock.patch(
            "gaung.reports.pdf.timezone.localdate", return_value=datetime.date(2026, 11, 23)
        ),
    ):
        html = render_html(Report(compiled, instansi_admin))

    assert "23 November 2026" in html
    assert "1 Januari" in html and "31 Desember" in html


def test_pdf_without_letterhead_uses_the_agency_name(compiled, instansi_admin, english_client):
    response = english_client(instansi_admin).get(
        reverse("reports:compilation_pdf", args=[compiled.pk])
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert b"Pemerintah Kota Contoh" in pdf_strings(response.content)
    html = render_html(Report(compiled, instansi_admin))
    assert "PEMERINTAH KOTA CONTOH" in html
