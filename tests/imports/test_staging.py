"""The preview stages new employees; the commit inserts them with one INSERT … SELECT."""

import datetime

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from gaung.core import audit
from gaung.core.audit import events_for
from gaung.imports import staging
from gaung.imports import stored as kept
from gaung.imports.actions import commit_import
from gaung.imports.choices import ImportStatus
from gaung.imports.models import ImportJob
from gaung.registry.actions import EMPLOYEE_FIELDS
from gaung.registry.models import Employee
from tests.audit_helpers import only
from tests.imports.test_commit import upload
from tests.imports.test_planner import nip, roster_csv, roster_row


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def roster(tmp_path, org):
    return roster_csv(
        tmp_path,
        roster_row(nip(1), "Dewi Lestari", rank="III/b"),
        roster_row(nip(2), "Agus Wibowo", unit="Bidang SD", opd="Dinas Pendidikan"),
        roster_row(nip(3), "Rina Marlina"),
    )


def _tables() -> set[str]:
    with connection.cursor() as cursor:
        return {n for n in connection.introspection.table_names(cursor) if n.startswith("imports_")}


def _staged_rows(job) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT COUNT(*) FROM "{staging.table_name(job.pk)}"')  # noqa: S608
        return cursor.fetchone()[0]


def test_the_preview_stages_every_new_employee_and_keeps_them_out_of_the_stored_plan(
    roster, instansi_admin
):
    job = upload(instansi_admin, roster)

    assert job.status == ImportStatus.READY and job.count("new") == 3
    assert _staged_rows(job) == 3
    stored = kept.load_plan(job, kept.state_fingerprint(job, instansi_admin))
    assert stored.employee_creates == [] and stored.staged.count == 3
    assert stored.counts["new"] == 3
    # one audit batch per unit
    assert sorted(part.count for part in stored.staged.parts) == [1, 2]


def test_the_commit_inserts_the_staged_rows_as_the_orm_would_and_drops_the_table(
    roster, instansi_admin, org
):
    job = upload(instansi_admin, roster)

    job = commit_import(instansi_admin, job)

    assert job.status == ImportStatus.COMMITTED
    assert staging.table_name(job.pk) not in _tables()
    dewi = Employee.objects.get(nip=nip(1))
    assert (dewi.name, dewi.rank, dewi.unit, dewi.is_active) == (
        "Dewi Lestari", "III/b", org["dinkes_p2p"], True,
    )  # fmt: skip
    assert dewi.birth_date == datetime.date.fromisoformat(
        f"{nip(1)[:4]}-{nip(1)[4:6]}-{nip(1)[6:8]}"
    )
    assert dewi.created_at is not None and dewi.updated_at == dewi.created_at
    for employee in Employee.objects.filter(nip__in=[nip(1), nip(2), nip(3)]):
        event = only(events_for(employee))
        assert event.changes == audit.diff({}, audit.snapshot(employee, EMPLOYEE_FIELDS))
        assert event.object_repr == employee.full_name
        assert event.unit_path == employee.unit.path
    # and the next employee made through the ORM gets a fresh id
    assert Employee.objects.create(name="Later", unit=org["dinkes"], nip=nip(9)).pk > max(
        Employee.objects.exclude(nip=nip(9)).values_list("pk", flat=True)
    )


@pytest.mark.parametrize("damage", ["dropped", "row missing"])
def test_a_missing_or_incomplete_staging_table_makes_the_commit_plan_again(
    roster, instansi_admin, damage
):
    job = upload(instansi_admin, roster)
    with connection.cursor() as cursor:
        if damage == "dropped":
            cursor.execute(f'DROP TABLE "{staging.table_name(job.pk)}"')
        else:
            cursor.execute(f'DELETE FROM "{staging.table_name(job.pk)}" WHERE "seq" = 1')  # noqa: S608

    job = commit_import(instansi_admin, job)

    assert job.status == ImportStatus.COMMITTED
    assert Employee.objects.filter(nip__in=[nip(1), nip(2), nip(3)]).count() == 3


def test_rows_of_a_unit_still_to_be_created_are_not_staged_but_saved_by_the_commit(
    tmp_path, instansi_admin, org
):
    path = roster_csv(tmp_path, roster_row(nip(4), "Agus", unit="UPT Baru Sekali"))
    job = upload(instansi_admin, path)
    assert staging.table_name(job.pk) not in _tables()

    job = commit_import(instansi_admin, job)

    assert job.status == ImportStatus.COMMITTED
    assert Employee.objects.get(nip=nip(4)).unit.name == "UPT Baru Sekali"


def test_stale_staging_tables_are_dropped_and_todays_ready_ones_kept(
    tmp_path, roster, instansi_admin
):
    ready = upload(instansi_admin, roster)
    yesterday = upload(instansi_admin, roster_csv(tmp_path, roster_row(nip(5), "A"), name="y.csv"))
    failed = upload(instansi_admin, roster_csv(tmp_path, roster_row(nip(6), "B"), name="f.csv"))
    ImportJob.objects.filter(pk=yesterday.pk).update(
        validated_at=timezone.now() - datetime.timedelta(days=1)
    )
    ImportJob.objects.filter(pk=failed.pk).update(status=ImportStatus.FAILED)

    assert staging.discard_stale() == 2

    assert {staging.table_name(ready.pk)} == {
        name for name in _tables() if name.startswith(staging.PREFIX)
    }


def test_validating_again_replaces_the_staging_table(roster, instansi_admin):
    job = upload(instansi_admin, roster)
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.UPLOADED)
    job.refresh_from_db()

    from gaung.imports.actions import validate_import

    job = validate_import(job)

    assert job.status == ImportStatus.READY and _staged_rows(job) == 3


def test_the_hourly_task_drops_stale_staging_tables_and_files(roster, instansi_admin, tmp_path):
    from gaung.imports.tasks import discard_stale_previews_task

    # given a saved roster (its known rows serve the next upload), a failed preview, and a
    # preview ready to save today
    saved = commit_import(instansi_admin, upload(instansi_admin, roster))
    failed = upload(instansi_admin, roster_csv(tmp_path, roster_row(nip(6), "B"), name="f.csv"))
    ImportJob.objects.filter(pk=failed.pk).update(status=ImportStatus.FAILED)
    ready = upload(instansi_admin, roster_csv(tmp_path, roster_row(nip(7), "C"), name="r.csv"))

    def files(job) -> set[str]:
        storage = job.file.storage
        return {s for s in ("plan", "rows", "units") if storage.exists(f"{job.file.name}.{s}")}

    assert files(failed) == {"plan", "rows"}

    # when
    result = discard_stale_previews_task.apply().get()

    # then
    assert result == {"staging_tables": 1, "jobs_tidied": 2}
    assert staging.table_name(failed.pk) not in _tables()
    assert staging.table_name(ready.pk) in _tables()
    assert files(failed) == set()
    assert files(saved) == {"rows", "units"}
    assert files(ready) == {"plan", "rows"}
    assert settings.CELERY_BEAT_SCHEDULE["imports-discard-stale-previews"] == {
        "task": "gaung.imports.discard_stale_previews",
        "schedule": 3600.0,
    }
