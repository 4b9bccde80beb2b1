"""Import jobs through Celery (eager): validation with progress, then the commit task."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gaung.config.celery import app as celery_app
from gaung.imports.actions import create_import_job, request_commit
from gaung.imports.choices import ImportStatus
from gaung.imports.models import ImportJob
from gaung.imports.tasks import commit_import_task, validate_import_task
from gaung.registry.models import Employee
from tests.imports.test_planner import ROSTER_HEADER, nip, roster_csv, roster_row


@pytest.fixture(autouse=True)
def _eager(settings, monkeypatch):
    settings.LANGUAGE_CODE = "en"
    settings.CELERY_TASK_ALWAYS_EAGER = True
    # The Celery app read its configuration already: switch the running app to eager too.
    monkeypatch.setitem(celery_app.conf, "task_always_eager", True)


def _upload(actor, path, **options) -> ImportJob:
    content = SimpleUploadedFile(path.name, path.read_bytes())
    return create_import_job(actor, kind="roster", file=content, **options)


def test_an_upload_is_validated_in_the_background_after_the_transaction_commits(
    tmp_path, instansi_admin, org, django_capture_on_commit_callbacks
):
    # given
    path = roster_csv(tmp_path, roster_row(nip(1), "Siti Rahayu"), roster_row("123", "Budi"))

    # when
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        job = _upload(instansi_admin, path)
        assert job.status == ImportStatus.UPLOADED

    # then
    assert len(callbacks) == 1
    job.refresh_from_db()
    assert job.status == ImportStatus.READY
    assert (job.count("new"), job.count("invalid")) == (1, 1)
    assert (job.progress_done, job.progress_total) == (2, 2)
    assert job.row_errors.get().row == 3
    assert job.validated_at is not None


def test_progress_is_written_about_every_percent_not_every_row(
    tmp_path, instansi_admin, org, django_capture_on_commit_callbacks
):
    rows = [roster_row(nip(n), f"Pegawai {n}") for n in range(1, 501)]
    path = roster_csv(tmp_path, *rows)

    with (
        CaptureQueriesContext(connection) as queries,
        django_capture_on_commit_callbacks(execute=True),
    ):
        _upload(instansi_admin, path)

    progress_updates = [q for q in queries if "progress_done" in q["sql"] and "UPDATE" in q["sql"]]
    assert 50 <= len(progress_updates) <= 110


def test_an_unreadable_file_fails_with_a_sentence_for_the_clerk(
    tmp_path, instansi_admin, org, django_capture_on_commit_callbacks
):
    path = tmp_path / "roster.xlsx"
    path.write_bytes(b"%PDF-1.7 this is a scan of the roster")

    with django_capture_on_commit_callbacks(execute=True):
        job = _upload(instansi_admin, path)

    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED
    assert "PDF" in job.problem


def test_the_commit_runs_in_the_background_and_saves(
    tmp_path, instansi_admin, org, django_capture_on_commit_callbacks
):
    path = roster_csv(tmp_path, roster_row(nip(1), "Siti Rahayu"))
    with django_capture_on_commit_callbacks(execute=True):
        job = _upload(instansi_admin, path)
    job.refresh_from_db()

    with django_capture_on_commit_callbacks(execute=True):
        job = request_commit(instansi_admin, job)
        assert job.status == ImportStatus.COMMITTING

    job.refresh_from_db()
    assert job.status == ImportStatus.COMMITTED
    assert job.committed_by == instansi_admin
    assert Employee.objects.filter(nip=nip(1)).exists()


def test_tasks_delivered_twice_do_nothing_the_second_time(
    tmp_path, instansi_admin, org, django_capture_on_commit_callbacks
):
    path = roster_csv(tmp_path, roster_row("123", "Budi"))
    with django_capture_on_commit_callbacks(execute=True):
        job = _upload(instansi_admin, path)

    assert validate_import_task(job.pk) == ImportStatus.READY
    assert commit_import_task(job.pk) == ImportStatus.READY
    job.refresh_from_db()
    assert job.row_errors.count() == 1
    assert validate_import_task(999_999) == "missing"


def test_invalid_rows_refuse_a_commit_request_unless_skipped(
    tmp_path, instansi_admin, org, django_capture_on_commit_callbacks
):
    from gaung.core.permissions import ValidationError

    path = roster_csv(tmp_path, roster_row(nip(1), "Siti Rahayu"), roster_row("123", "Budi"))
    with django_capture_on_commit_callbacks(execute=True):
        job = _upload(instansi_admin, path)
    job.refresh_from_db()

    with pytest.raises(ValidationError, match="1 row is invalid"):
        request_commit(instansi_admin, job)
    with django_capture_on_commit_callbacks(execute=True):
        request_commit(instansi_admin, job, skip_invalid=True)

    job.refresh_from_db()
    assert (job.status, job.skip_invalid) == (ImportStatus.COMMITTED, True)
    assert list(Employee.objects.values_list("nip", flat=True)) == [nip(1)]


def test_the_header_constant_matches_what_the_reader_recognises(tmp_path, instansi_admin, org):
    # A guard for the helpers the import tests share: every sample header is recognised.
    from gaung.imports.columns import match_roster_headers

    columns = match_roster_headers(list(ROSTER_HEADER))

    assert columns.ignored == ()


def test_files_on_remote_storage_are_read_through_a_local_copy(
    tmp_path, instansi_admin, org, monkeypatch
):
    from django.db.models.fields.files import FieldFile

    from gaung.imports.actions import validate_import

    def no_local_path(self):
        # What S3-compatible storages answer: the file has no path on this machine.
        raise NotImplementedError("This backend doesn't support absolute paths.")

    path = roster_csv(tmp_path, roster_row(nip(1), "Siti Rahayu"))
    job = _upload(instansi_admin, path, enqueue=False)
    monkeypatch.setattr(FieldFile, "path", property(no_local_path))

    job = validate_import(job)

    assert (job.status, job.count("new")) == (ImportStatus.READY, 1)
