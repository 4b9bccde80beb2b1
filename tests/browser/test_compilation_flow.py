"""End to end in Chromium: take a compilation, read its charts, open a department, get the PDF."""

import pytest

from gaung.config.celery import app as celery_app
from gaung.reports.models import Compilation
from tests.browser.conftest import log_in
from tests.factories import (
    EmployeeFactory,
    SocialAccountFactory,
    UnitFactory,
    make_admin,
)

PASSWORD = "rahasia-sekali-123"


@pytest.fixture
def agency(transactional_db, monkeypatch):
    """A small agency with an agency admin; Celery runs tasks at once."""
    monkeypatch.setitem(celery_app.conf, "task_always_eager", True)
    instansi = UnitFactory(name="Pemerintah Kota Contoh", kind="instansi", parent=None)
    dinkes = UnitFactory(name="Dinas Kesehatan", short_name="Dinkes", kind="dinas", parent=instansi)
    p2p = UnitFactory(name="Bidang P2P", kind="bidang", parent=dinkes)
    disdik = UnitFactory(name="Dinas Pendidikan", kind="dinas", parent=instansi)
    siti = EmployeeFactory(unit=p2p, name="Siti Rahayu")
    EmployeeFactory(unit=dinkes, name="Budi Santoso")
    EmployeeFactory(unit=disdik, name="Rina Lestari")
    SocialAccountFactory(owner_employee=siti, handle="siti.p2p", status="verified")
    make_admin(instansi, role="instansi_admin", username="bkpsdm")
    return instansi


def test_admin_takes_a_compilation_reads_charts_and_downloads_the_pdf(agency, page_for):
    page = page_for()
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on(
        "console",
        lambda message: (
            problems.append(message.text)
            if message.type == "error" and "Content Security Policy" in message.text
            else None
        ),
    )
    log_in(page, "bkpsdm", PASSWORD)

    # when the agency admin takes this year's compilation from the list
    page.goto("/reports/compilations/")
    page.click("[data-testid=take-compilation]")
    page.click("[data-testid=take-compilation-submit]")
    page.wait_for_load_state("networkidle")

    # then (the task runs at once here) the compilation opens with its figures and charts
    compilation = Compilation.objects.get()
    assert compilation.status == "done"
    assert page.locator("[data-figure=employees]").inner_text() == "3"
    for chart in ("coverage", "platforms", "growth"):
        page.locator(f"[data-chart={chart}] canvas").wait_for()

    # when they open Dinas Kesehatan's units
    dinkes = compilation.unit_rows.get(name="Dinas Kesehatan")
    units = page.locator(f"#units-of-{dinkes.pk}")
    assert not units.is_visible()
    page.click(f"[data-bs-target='#units-of-{dinkes.pk}']")
    units.get_by_text("Bidang P2P").wait_for(state="visible")

    # and download the PDF
    with page.expect_download() as download:
        page.click("[data-testid=download-pdf]")
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(4) == b"%PDF"
    assert download.value.suggested_filename.endswith(".pdf")
    assert problems == []
