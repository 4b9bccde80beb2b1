"""End to end in Chromium: a BKPSDM clerk imports a roster with mistakes, fixes it, saves it,
and prints the compilation that now includes the imported employees."""

import pytest
from python_calamine import CalamineWorkbook

from gaung.config.celery import app as celery_app
from gaung.registry.models import Employee
from gaung.registry.synthetic import synthetic_pns_nip
from tests.browser.conftest import log_in
from tests.factories import UnitFactory, make_admin

PASSWORD = "rahasia-sekali-123"
HEADER = "NIP;Nama;Unit Kerja;Unit Induk;Jabatan;Golongan"


def roster(rows: list[str]) -> bytes:
    return ("\n".join([HEADER, *rows]) + "\n").encode("utf-8-sig")


GOOD_ROWS = [
    f"{synthetic_pns_nip(n)};Pegawai {n};Bidang P2P;Dinas Kesehatan;Analis;III/a"
    for n in range(1, 6)
]
BAD_ROWS = [
    "1.96804111993031E+17;Rusak Excel;Bidang P2P;Dinas Kesehatan;Analis;III/a",
    "196813411993031009;Tanggal Salah;Bidang P2P;Dinas Kesehatan;Analis;III/a",
    f"{synthetic_pns_nip(77)};Salah Dinas;Bidang P2P;Dinas Kesehtan;Analis;III/a",
]


@pytest.fixture
def agency(transactional_db, monkeypatch):
    monkeypatch.setitem(celery_app.conf, "task_always_eager", True)
    instansi = UnitFactory(name="Pemerintah Kota Contoh", kind="instansi", parent=None)
    UnitFactory(name="Dinas Kesehatan", short_name="Dinkes", kind="dinas", parent=instansi)
    UnitFactory(name="Dinas Pendidikan", short_name="Disdik", kind="dinas", parent=instansi)
    make_admin(instansi, role="instansi_admin", username="bkpsdm")
    return instansi


def upload(page, tmp_path, name: str, content: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    page.goto("/imports/new/")
    page.check("input[name=kind][value=roster]")
    page.set_input_files("input[name=file]", str(path))
    page.click("[data-testid=upload]")
    page.locator("[data-testid=counts]").wait_for()


def test_clerk_fixes_a_roster_from_the_error_report_then_saves_and_prints(
    agency, page_for, tmp_path
):
    page = page_for()
    log_in(page, "bkpsdm", PASSWORD)

    # when the clerk uploads a roster with three bad rows
    upload(page, tmp_path, "roster-opd.csv", roster(GOOD_ROWS + BAD_ROWS))

    # then the preview counts them and explains each one; saving is held back
    errors = page.locator("[data-testid=error-table]")
    assert errors.locator("tbody tr").count() == 3
    assert "Excel" in errors.inner_text()
    assert "19681341" in errors.inner_text()
    assert "Dinas Kesehatan" in errors.inner_text()  # the closest existing name is suggested
    assert page.locator("[data-testid=save-import]").is_disabled()
    assert Employee.objects.count() == 0

    # when they download the error report
    with page.expect_download() as download:
        page.click("[data-testid=error-report]")
    sheet = CalamineWorkbook.from_path(download.value.path()).get_sheet_by_index(0).to_python()
    reported_rows = {int(float(line[0])) for line in sheet[1:] if line and line[0] != ""}
    assert reported_rows == {7, 8, 9}  # line numbers as Excel shows them (header = 1)

    # and upload the corrected file
    fixed = [f"{synthetic_pns_nip(70 + i)};Perbaikan {i};Bidang P2P;Dinas Kesehatan;Analis;III/b"
             for i in range(3)]  # fmt: skip
    upload(page, tmp_path, "roster-opd-perbaikan.csv", roster(GOOD_ROWS + fixed))
    assert page.locator("[data-testid=error-table]").count() == 0
    page.click("[data-testid=save-import]")
    page.locator("[data-testid=committed]").wait_for()

    # then all eight employees are in the registry, with the new Bidang P2P under Dinkes
    assert Employee.objects.count() == 8
    assert set(Employee.objects.values_list("unit__parent__name", flat=True)) == {"Dinas Kesehatan"}

    # and the compilation taken now counts them and prints as a PDF
    page.goto("/reports/compilations/")
    page.click("[data-testid=take-compilation]")
    page.click("[data-testid=take-compilation-submit]")
    page.wait_for_load_state("networkidle")
    assert page.locator("[data-figure=employees]").inner_text() == "8"
    with page.expect_download() as pdf_download:
        page.click("[data-testid=download-pdf]")
    with open(pdf_download.value.path(), "rb") as pdf:
        assert pdf.read(4) == b"%PDF"
