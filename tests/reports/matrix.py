"""Records the permission matrix (tests/test_permission_matrix.py) needs for report routes."""

import datetime

from django.urls import reverse

from gaung.reports.models import Compilation, CompilationUnitRow
from gaung.reports.snapshot import take_snapshot

ADMINS = frozenset({"other_unit_admin", "unit_admin", "instansi_admin"})
INSTANSI_ADMIN = frozenset({"instansi_admin"})
MATRIX_TITLE = "Kompilasi Matriks"


def compilation(w: dict) -> Compilation:
    """A finished compilation of the world's agency, taken once per test (no audit event)."""
    if "compilation" not in w:
        instansi = w["dinkes"].parent
        made = Compilation.objects.create(
            instansi=instansi,
            instansi_name=instansi.name,
            instansi_path=instansi.path,
            title=MATRIX_TITLE,
            year=2025,
            period_start=datetime.date(2025, 1, 1),
            period_end=datetime.date(2025, 12, 31),
        )
        # Accounts of the world are created today: date the period to include them.
        Compilation.objects.filter(pk=made.pk).update(period_end=datetime.date.today())
        take_snapshot(made.pk)
        w["compilation"] = made
    return w["compilation"]


def compilation_url(name: str):
    return lambda w: reverse(name, args=[compilation(w).pk])


def unit_row_url(name: str):
    """The URL of the world's unit (Bidang P2P) inside the compilation."""

    def url(w: dict) -> str:
        row = CompilationUnitRow.objects.get(compilation=compilation(w), path=w["unit"].path)
        return reverse(name, args=[compilation(w).pk, row.pk])

    return url


def take_form(w: dict) -> dict:
    return {"instansi": w["dinkes"].parent.pk, "period_kind": "year", "year": 2024}


def letterhead_form(w: dict) -> dict:
    return {"government_name": "PEMERINTAH KOTA CONTOH", "signer_position": "Kepala BKPSDM"}


def listing_url(name: str):
    """A list URL, with the compilation in place so the list has something to show."""

    def url(w: dict) -> str:
        compilation(w)
        return reverse(name)

    return url
