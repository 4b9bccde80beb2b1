"""Import pages: upload → preview → error report → save, the history, and who sees what."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from python_calamine import CalamineWorkbook

from gaung.config.celery import app as celery_app
from gaung.imports.choices import ImportStatus
from gaung.imports.models import ImportJob
from gaung.registry.models import Employee
from tests.imports.test_commit import upload
from tests.imports.test_planner import accounts_csv, nip, roster_csv, roster_row

LIST_URL = reverse("imports:job_list")
NEW_URL = reverse("imports:job_create")


@pytest.fixture(autouse=True)
def _eager_english(settings, monkeypatch):
    settings.LANGUAGE_CODE = "en"
    settings.CELERY_TASK_ALWAYS_EAGER = True
    monkeypatch.setitem(celery_app.conf, "task_always_eager", True)


@pytest.fixture
def english(client_for, settings):
    """A logged-in client that reads the pages in English."""

    def make(user):
        client = client_for(user)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        return client

    return make


def _sheet(content: bytes) -> list[list]:
    workbook = CalamineWorkbook.from_filelike(io.BytesIO(content))
    return workbook.get_sheet_by_index(0).to_python()


def test_a_clerk_uploads_previews_downloads_the_errors_and_saves(
    tmp_path, english, instansi_admin, org, django_capture_on_commit_callbacks
):
    client = english(instansi_admin)
    path = roster_csv(
        tmp_path,
        roster_row(nip(1), "Siti Rahayu"),
        roster_row(nip(2), "Budi Santoso", opd="Dinas Kesehatann"),
    )

    # upload: validation runs once the upload's transaction has committed
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            NEW_URL,
            {"kind": "roster", "file": SimpleUploadedFile(path.name, path.read_bytes())},
        )
    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("imports:job_detail", args=[job.pk])

    # preview
    page = client.get(response["Location"])
    body = page.content.decode()
    assert page.context["job"].status == ImportStatus.READY
    assert 'data-count="new">1<' in body
    assert 'data-count="invalid">1<' in body
    assert "Did you mean: Dinas Kesehatan" in body
    assert 'data-testid="save-import"' in body
    assert page.context["blocker"]  # the Save button is disabled while rows are invalid
    assert "hx-trigger" not in body.split('id="job-status"')[1].split(">")[0]

    # error report
    report = client.get(reverse("imports:error_report", args=[job.pk]))
    assert report.status_code == 200
    rows = _sheet(report.content)
    assert rows[0][:4] == ["Row", "Column", "Value", "Reason"]
    assert rows[0][4:] == ["NIP", "Nama", "Jenis Pegawai", "Golongan", "Jabatan", "Unit Kerja",
                           "Unit Induk"]  # fmt: skip
    assert rows[1][:3] == [3, "Unit Induk", "Dinas Kesehatann"]
    assert rows[1][4] == nip(2)

    # a save without skipping is refused and changes nothing
    refused = client.post(reverse("imports:job_commit", args=[job.pk]), follow=True)
    assert "1 row is invalid" in refused.content.decode()
    assert not Employee.objects.exists()

    # save, skipping the invalid row
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("imports:job_commit", args=[job.pk]), {"skip_invalid": "on"})
    saved = client.get(reverse("imports:job_detail", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportStatus.COMMITTED
    assert 'data-testid="committed"' in saved.content.decode()
    assert list(Employee.objects.values_list("nip", flat=True)) == [nip(1)]


def test_the_skip_checkbox_re_renders_the_save_box_enabled(tmp_path, english, instansi_admin, org):
    path = roster_csv(tmp_path, roster_row(nip(1), "Siti"), roster_row("123", "Budi"))
    job = upload(instansi_admin, path)
    url = reverse("imports:job_detail", args=[job.pk])
    client = english(instansi_admin)

    box = client.get(url, {"skip_invalid": "on"}, headers={"HX-Request": "true",
                                                            "HX-Target": "job-commit"})  # fmt: skip

    body = box.content.decode()
    assert body.strip().startswith('<div id="job-commit"')
    assert "disabled" not in body.split('data-testid="save-import"')[1].split(">")[0]


def test_the_job_page_polls_while_validation_runs(english, instansi_admin, org, tmp_path):
    # given a job still waiting for a worker (no eager callbacks ran)
    path = roster_csv(tmp_path, roster_row(nip(1), "Siti"))
    from gaung.imports.actions import create_import_job

    job = create_import_job(
        instansi_admin, kind="roster",
        file=SimpleUploadedFile(path.name, path.read_bytes()), enqueue=False,
    )  # fmt: skip
    url = reverse("imports:job_detail", args=[job.pk])
    client = english(instansi_admin)

    # when htmx asks for the status partial
    partial = client.get(url, headers={"HX-Request": "true", "HX-Target": "job-status"})

    # then it is only the partial, and it asks to be polled again
    body = partial.content.decode()
    assert body.strip().startswith('<div id="job-status"')
    assert 'hx-trigger="every 1s"' in body
    assert "Waiting for a worker" in body


def test_a_file_saved_before_is_recognised(tmp_path, english, instansi_admin, org):
    from gaung.imports.actions import commit_import

    path = roster_csv(tmp_path, roster_row(nip(1), "Siti"))
    first = commit_import(instansi_admin, upload(instansi_admin, path))
    again = upload(instansi_admin, path)

    page = english(instansi_admin).get(reverse("imports:job_detail", args=[again.pk]))

    assert page.context["same_file"] == first
    assert 'data-testid="same-file"' in page.content.decode()


def test_the_history_lists_who_when_which_file_and_counts(tmp_path, english, instansi_admin, org):
    path = roster_csv(tmp_path, roster_row(nip(1), "Siti"), name="siasn-november.csv")
    job = upload(instansi_admin, path)

    page = english(instansi_admin).get(LIST_URL, {"q": "november"})
    export = english(instansi_admin).get(LIST_URL, {"export": "xlsx"})

    body = page.content.decode()
    assert f'data-testid="import-row-{job.pk}"' in body
    assert "siasn-november.csv" in body and job.sha256[:12] in body
    rows = _sheet(export.content)
    assert rows[1][2:4] == ["siasn-november.csv", job.sha256]


def test_unit_admins_see_only_imports_of_their_units(
    tmp_path, english, instansi_admin, dinkes_admin, disdik_admin, org
):
    roster_job = upload(instansi_admin, roster_csv(tmp_path, roster_row(nip(1), "Siti")))
    account_job = upload(dinkes_admin, accounts_csv(tmp_path, (nip(1), "Instagram", "@siti", "")),
                         kind="accounts")  # fmt: skip

    def visible(user) -> set[int]:
        return {job.pk for job in english(user).get(LIST_URL).context["rows"]}

    assert visible(instansi_admin) == {roster_job.pk, account_job.pk}
    assert visible(dinkes_admin) == {account_job.pk}
    assert visible(disdik_admin) == set()
    account_page = reverse("imports:job_detail", args=[account_job.pk])
    roster_page = reverse("imports:job_detail", args=[roster_job.pk])
    assert english(disdik_admin).get(account_page).status_code == 404
    assert english(dinkes_admin).get(roster_page).status_code == 404


def test_a_unit_admin_may_upload_accounts_but_not_a_roster(english, dinkes_admin, org):
    page = english(dinkes_admin).get(NEW_URL)

    assert [value for value, _label in page.context["form"].fields["kind"].choices] == ["accounts"]
    refused = english(dinkes_admin).post(
        NEW_URL, {"kind": "roster", "file": SimpleUploadedFile("r.csv", b"NIP,Nama\n")}
    )
    assert refused.status_code == 200
    assert "kind" in refused.context["form"].errors
    assert not ImportJob.objects.exists()


def test_an_asn_cannot_open_the_import_pages(english, asn):
    assert english(asn).get(LIST_URL).status_code == 403
    assert english(asn).get(NEW_URL).status_code == 403


def test_the_upload_page_explains_the_recognised_columns(english, instansi_admin):
    body = english(instansi_admin).get(NEW_URL).content.decode()

    assert "nipBaru" in body and "unorIndukNama" in body and "golRuangAkhir" in body
    assert reverse("imports:template", args=["roster"]) in body


@pytest.mark.parametrize("kind", ["roster", "accounts"])
def test_sample_templates_have_the_expected_headers_and_an_example(english, instansi_admin, kind):
    response = english(instansi_admin).get(reverse("imports:template", args=[kind]))

    rows = _sheet(response.content)
    assert rows[0][0] == "NIP"
    assert len(rows) >= 2 and len(str(rows[1][0])) == 18


def test_an_unsupported_file_type_is_refused_on_the_form(english, instansi_admin, org):
    response = english(instansi_admin).post(
        NEW_URL, {"kind": "roster", "file": SimpleUploadedFile("roster.pdf", b"%PDF-1.7")}
    )

    assert response.status_code == 200
    assert "Upload an Excel" in " ".join(response.context["form"].errors["file"])
    assert not ImportJob.objects.exists()
