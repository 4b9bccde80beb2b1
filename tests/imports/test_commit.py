"""Saving an import: all or nothing, checked again against the database, and idempotent."""

from pathlib import Path

import pytest
from django.core.files import File
from django.utils import timezone

from gaung.core.audit import events_for
from gaung.core.models import AuditEvent
from gaung.core.permissions import PermissionDenied, ValidationError
from gaung.imports import commit as commit_module
from gaung.imports.actions import commit_import, create_import_job, validate_import
from gaung.imports.choices import ImportStatus
from gaung.imports.models import ImportJob
from gaung.registry.models import Employee, OrganisationUnit
from gaung.socials.models import SocialAccount
from tests.audit_helpers import only
from tests.factories import EmployeeFactory, SocialAccountFactory
from tests.imports.test_planner import accounts_csv, nip, roster_csv, roster_row


def upload(actor, path: Path, kind: str = "roster", **options) -> ImportJob:
    """Create a job from a file and validate it at once (no Celery)."""
    with path.open("rb") as handle:
        job = create_import_job(
            actor, kind=kind, file=File(handle, name=path.name), enqueue=False, **options
        )
    return validate_import(job)


def fingerprint() -> tuple:
    """Everything a failed commit must leave exactly as it was."""
    return (
        list(OrganisationUnit.objects.order_by("pk").values_list("pk", "name", "path", "depth")),
        list(Employee.objects.order_by("pk").values_list(
            "pk", "nip", "name", "rank", "position", "unit_id", "is_active")),
        list(SocialAccount.objects.order_by("pk").values_list("pk", "handle", "followers")),
        AuditEvent.objects.count(),
    )  # fmt: skip


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def siti(org):
    return EmployeeFactory(nip=nip(1), name="Siti Rahayu", unit=org["dinkes_p2p"], rank="III/a",
                           position="Analis Kebijakan")  # fmt: skip


@pytest.fixture
def roster(tmp_path, org, siti):
    """A roster: Siti promoted, a new employee in a new UPT of Dinkes."""
    return roster_csv(
        tmp_path,
        roster_row(nip(1), "Siti Rahayu", rank="III/b"),
        roster_row(nip(2), "Agus Wibowo", unit="UPT Puskesmas Sukamaju"),
    )


def test_a_roster_commit_creates_units_and_employees_and_records_each_change(
    roster, instansi_admin, org, siti
):
    # given
    job = upload(instansi_admin, roster)
    assert job.status == ImportStatus.READY

    # when
    job = commit_import(instansi_admin, job)

    # then
    assert job.status == ImportStatus.COMMITTED
    assert job.committed_by == instansi_admin
    assert (job.count("new"), job.count("changed"), job.count("new_units")) == (1, 1, 1)
    upt = OrganisationUnit.objects.get(name="UPT Puskesmas Sukamaju")
    assert upt.parent == org["dinkes"]
    assert upt.path == f"{org['dinkes'].path}{upt.pk:07d}."
    assert (upt.depth, upt.kind) == (2, "upt")
    agus = Employee.objects.get(nip=nip(2))
    assert (agus.unit, agus.rank, agus.is_active) == (upt, "III/a", True)
    assert agus.birth_date is not None and agus.sex in {"M", "F"}
    siti.refresh_from_db()
    assert siti.rank == "III/b"
    histories = [events_for(record) for record in (upt, agus, siti)]
    assert [[(e.object_repr, e.action) for e in history] for history in histories] == [
        [("UPT Puskesmas Sukamaju", "create")],
        [("Agus Wibowo", "create")],
        [("Siti Rahayu", "update")],
    ]
    update = only(histories[2])
    assert update.changes == {"rank": ["III/a", "III/b"]}
    assert update.actor == instansi_admin
    assert update.unit_path == org["dinkes_p2p"].path
    assert f"Import #{job.pk}" in update.note
    assert AuditEvent.objects.filter(content_type__model="importjob", object_id=job.pk).count() == 1


def test_importing_the_same_file_again_changes_nothing(roster, instansi_admin):
    # given
    commit_import(instansi_admin, upload(instansi_admin, roster))
    before = fingerprint()

    # when
    again = upload(instansi_admin, roster)
    again = commit_import(instansi_admin, again)

    # then
    assert again.status == ImportStatus.COMMITTED
    assert (again.count("new"), again.count("changed"), again.count("unchanged")) == (0, 0, 2)
    assert fingerprint() == before
    assert ImportJob.objects.same_file_committed(again).count() == 1


def test_a_failure_mid_commit_leaves_the_database_exactly_as_before(
    roster, instansi_admin, monkeypatch
):
    # given a job whose commit breaks after the units and new employees were written
    job = upload(instansi_admin, roster)
    before = fingerprint()

    def broken(self, created_units):
        raise RuntimeError("disk full")

    monkeypatch.setattr(commit_module._Committer, "update_employees", broken)

    # when
    job = commit_import(instansi_admin, job)

    # then
    assert fingerprint() == before
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED
    assert "nothing was changed" in job.problem
    assert "disk full" in job.problem


def test_the_commit_checks_the_file_again_against_the_current_database(
    tmp_path, dinkes_admin, org, siti
):
    # given a preview without problems
    path = accounts_csv(tmp_path, (nip(1), "Instagram", "@siti.rahayu", "100"))
    job = upload(dinkes_admin, path, kind="accounts")
    assert job.count("invalid") == 0
    # and someone else registers the handle before the clerk saves
    SocialAccountFactory(handle="siti.rahayu", owner_employee=EmployeeFactory(unit=org["dinkes"]))
    before = fingerprint()

    # when
    with pytest.raises(ValidationError, match="1 row is invalid"):
        commit_import(dinkes_admin, job)

    # then
    assert fingerprint() == before
    job.refresh_from_db()
    assert job.status == ImportStatus.READY
    assert job.count("invalid") == 1
    assert "already registered" in job.row_errors.get().reason


def test_skipping_invalid_rows_saves_the_valid_ones(tmp_path, instansi_admin, org):
    path = roster_csv(
        tmp_path,
        roster_row(nip(3), "Dewi Lestari"),
        roster_row(nip(4), "Rina Utami", opd="Dinas Tidak Ada"),
    )
    job = upload(instansi_admin, path)
    assert job.count("invalid") == 1

    with pytest.raises(ValidationError):
        commit_import(instansi_admin, job)
    job = commit_import(instansi_admin, job, skip_invalid=True)

    assert job.status == ImportStatus.COMMITTED
    assert job.skip_invalid
    assert list(
        Employee.objects.filter(nip__in=[nip(3), nip(4)]).values_list("name", flat=True)
    ) == ["Dewi Lestari"]


def test_a_full_roster_marks_missing_employees_inactive(tmp_path, instansi_admin, org, siti):
    gone = EmployeeFactory(nip=nip(5), name="Sudah Pindah", unit=org["disdik_sd"])
    path = roster_csv(tmp_path, roster_row(nip(1), "Siti Rahayu"))

    job = commit_import(instansi_admin, upload(instansi_admin, path, full_roster=True))

    assert job.count("deactivated") == 1
    gone.refresh_from_db()
    siti.refresh_from_db()
    assert (gone.is_active, siti.is_active) == (False, True)
    event = AuditEvent.objects.get(object_id=gone.pk, content_type__model="employee")
    assert event.changes == {"is_active": [True, False]}
    assert "full roster" in event.note


def test_an_account_commit_creates_unverified_accounts_and_updates_followers(
    tmp_path, dinkes_admin, siti
):
    existing = SocialAccountFactory(owner_employee=siti, handle="siti.rahayu", followers=10)
    path = accounts_csv(
        tmp_path,
        (nip(1), "Instagram", "siti.rahayu", "1.500"),
        (nip(1), "TikTok", "https://www.tiktok.com/@siti.tiktok?lang=id", "20"),
    )

    job = commit_import(dinkes_admin, upload(dinkes_admin, path, kind="accounts"))

    assert job.status == ImportStatus.COMMITTED
    existing.refresh_from_db()
    assert (existing.followers, existing.followers_as_of) == (1500, timezone.localdate())
    tiktok = SocialAccount.objects.get(platform="tiktok")
    assert (tiktok.handle, tiktok.status, tiktok.followers) == ("siti.tiktok", "unverified", 20)
    assert tiktok.owner_employee == siti
    assert tiktok.followers_as_of == timezone.localdate()
    assert [e.action for e in events_for(existing)] == ["update"]
    assert [e.action for e in events_for(tiktok)] == ["create"]


def test_only_an_agency_admin_may_save_a_roster(roster, instansi_admin, dinkes_admin):
    job = upload(instansi_admin, roster)
    before = fingerprint()

    with pytest.raises(PermissionDenied):
        commit_import(dinkes_admin, job)

    assert fingerprint() == before
    job.refresh_from_db()
    assert job.status == ImportStatus.READY


def test_a_saved_import_cannot_be_saved_twice(roster, instansi_admin):
    job = commit_import(instansi_admin, upload(instansi_admin, roster))

    with pytest.raises(ValidationError, match="cannot be saved now"):
        commit_import(instansi_admin, job)


def test_the_sample_roster_template_imports_as_it_is(tmp_path, instansi_admin, org):
    from gaung.imports.report import sample_template

    path = tmp_path / "template.xlsx"
    path.write_bytes(sample_template("roster"))

    job = commit_import(instansi_admin, upload(instansi_admin, path))

    assert (job.status, job.count("new"), job.count("invalid")) == ("committed", 2, 0)
    siti = Employee.objects.get(name="Siti Rahayu")
    assert (siti.front_title, siti.back_title, siti.rank) == ("Dr.", "S.Sos., M.Si.", "IV/a")
    assert siti.unit.name == "Bidang Pencegahan dan Pengendalian Penyakit"
    assert siti.unit.parent == org["dinkes"]
    agus = Employee.objects.get(name="Agus Wibowo")
    assert (agus.employee_type, agus.unit, agus.appointment_year) == ("pppk", org["dinkes"], 2021)
