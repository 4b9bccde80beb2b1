"""/api/imports/: upload, poll status, read the preview and errors, save."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gaung.config.celery import app as celery_app
from gaung.core.exports import XLSX_CONTENT_TYPE
from gaung.imports.models import ImportJob
from gaung.registry.models import Employee
from gaung.socials.models import SocialAccount
from tests.imports.test_commit import upload
from tests.imports.test_planner import accounts_csv, nip, roster_csv, roster_row

LIST = reverse("import-list")


@pytest.fixture(autouse=True)
def _eager(settings, monkeypatch):
    settings.LANGUAGE_CODE = "en"
    settings.CELERY_TASK_ALWAYS_EAGER = True
    monkeypatch.setitem(celery_app.conf, "task_always_eager", True)


def _file(path) -> SimpleUploadedFile:
    return SimpleUploadedFile(path.name, path.read_bytes())


def test_upload_poll_preview_and_save(
    tmp_path, api_for, instansi_admin, org, django_capture_on_commit_callbacks
):
    api = api_for(instansi_admin)
    path = roster_csv(tmp_path, roster_row(nip(1), "Siti Rahayu"), roster_row("12345", "Budi"))

    # upload
    with django_capture_on_commit_callbacks(execute=True):
        created = api.post(LIST, {"file": _file(path), "kind": "roster"}, format="multipart")
    assert created.status_code == 201, created.content
    job_id = created.json()["id"]
    assert created.json()["status"] == "uploaded"

    # poll: validation ran in the background
    detail = api.get(reverse("import-detail", args=[job_id])).json()
    assert detail["status"] == "ready"
    assert detail["progress_percent"] == 100
    assert {k: detail["counts"][k] for k in ("new", "changed", "unchanged", "invalid")} == {
        "new": 1, "changed": 0, "unchanged": 0, "invalid": 1}  # fmt: skip
    assert "1 row is invalid" in detail["commit_blocker"]
    assert detail["sha256"] == ImportJob.objects.get().sha256

    # the errors
    errors = api.get(reverse("import-errors", args=[job_id])).json()
    assert errors["count"] == 1
    (error,) = errors["results"]
    assert (error["row"], error["column"], error["value"]) == (3, "NIP", "12345")
    report = api.get(reverse("import-error-report", args=[job_id]))
    assert report.status_code == 200
    assert report["Content-Type"] == XLSX_CONTENT_TYPE

    # save: refused while rows are invalid, accepted when they are skipped
    commit_url = reverse("import-commit", args=[job_id])
    refused = api.post(commit_url, {"skip_invalid": False}, format="json")
    assert refused.status_code == 400
    assert not Employee.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        accepted = api.post(commit_url, {"skip_invalid": True}, format="json")
    assert accepted.status_code == 202
    assert accepted.json()["status"] == "committing"
    assert api.get(reverse("import-detail", args=[job_id])).json()["status"] == "committed"
    assert Employee.objects.get().nip == nip(1)


def test_a_second_upload_of_a_saved_file_points_to_the_earlier_import(
    tmp_path, api_for, instansi_admin, org
):
    from gaung.imports.actions import commit_import

    path = roster_csv(tmp_path, roster_row(nip(1), "Siti"))
    first = commit_import(instansi_admin, upload(instansi_admin, path))
    again = upload(instansi_admin, path)

    detail = api_for(instansi_admin).get(reverse("import-detail", args=[again.pk])).json()

    assert detail["previously_committed"] == first.pk


def test_the_list_is_scoped_and_filterable(tmp_path, api_for, instansi_admin, dinkes_admin, org):
    roster_job = upload(instansi_admin, roster_csv(tmp_path, roster_row(nip(1), "Siti")))
    account_job = upload(
        dinkes_admin, accounts_csv(tmp_path, (nip(1), "Instagram", "@siti", "")), kind="accounts"
    )

    def ids(user, **params) -> set[int]:
        return {row["id"] for row in api_for(user).get(LIST, params).json()["results"]}

    assert ids(instansi_admin) == {roster_job.pk, account_job.pk}
    assert ids(instansi_admin, kind="accounts") == {account_job.pk}
    assert ids(dinkes_admin) == {account_job.pk}
    detail = api_for(dinkes_admin).get(reverse("import-detail", args=[roster_job.pk]))
    assert detail.status_code == 404


def test_an_asn_may_not_use_the_import_api(api_for, asn, tmp_path):
    path = accounts_csv(tmp_path, (nip(1), "Instagram", "@siti", ""))

    assert api_for(asn).get(LIST).status_code == 403
    response = api_for(asn).post(LIST, {"file": _file(path), "kind": "accounts"})
    assert response.status_code == 403
    assert not ImportJob.objects.exists()


def test_a_unit_admin_may_not_upload_a_roster(api_for, dinkes_admin, tmp_path):
    path = roster_csv(tmp_path, roster_row(nip(1), "Siti"))

    response = api_for(dinkes_admin).post(LIST, {"file": _file(path), "kind": "roster"})

    assert response.status_code == 403
    assert not ImportJob.objects.exists()


def test_accounts_outside_the_uploaders_units_are_reported_not_saved(
    tmp_path, api_for, disdik_admin, org, django_capture_on_commit_callbacks
):
    from tests.factories import EmployeeFactory

    EmployeeFactory(nip=nip(1), unit=org["dinkes_p2p"])
    path = accounts_csv(tmp_path, (nip(1), "Instagram", "@siti", "10"))
    api = api_for(disdik_admin)

    with django_capture_on_commit_callbacks(execute=True):
        job_id = api.post(LIST, {"file": _file(path), "kind": "accounts"}).json()["id"]
    errors = api.get(reverse("import-errors", args=[job_id])).json()["results"]

    assert [e["reason"] for e in errors] == ["This employee is not in your units."]
    assert not SocialAccount.objects.exists()


def test_an_upload_without_a_file_is_a_400(api_for, instansi_admin, org):
    response = api_for(instansi_admin).post(LIST, {"kind": "roster"}, format="multipart")

    assert response.status_code == 400
    assert "file" in response.json()
