"""The fast commit: the preview's stored plan, and rows written through the database driver."""

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from gaung.core import audit
from gaung.core.audit import events_for
from gaung.imports import actions as actions_module
from gaung.imports.actions import commit_import
from gaung.imports.choices import ImportStatus
from gaung.registry.actions import EMPLOYEE_FIELDS
from gaung.registry.models import Employee
from gaung.socials.actions import ACCOUNT_FIELDS
from gaung.socials.models import SocialAccount
from tests.audit_helpers import only
from tests.factories import EmployeeFactory, SocialAccountFactory
from tests.imports.test_commit import fingerprint, upload
from tests.imports.test_planner import accounts_csv, nip, roster_csv, roster_row


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def roster(tmp_path, org):
    return roster_csv(
        tmp_path,
        roster_row(nip(11), "Dewi Lestari", rank="III/b"),
        roster_row(nip(12), "Agus Wibowo", unit="UPT Puskesmas Sukamaju"),
    )


def _planning_counter(monkeypatch) -> list[int]:
    calls: list[int] = []
    original = actions_module._plan

    def counting(job, actor, progress=None):
        calls.append(job.pk)
        return original(job, actor, progress)

    monkeypatch.setattr(actions_module, "_plan", counting)
    return calls


def _plan_file_exists(job) -> bool:
    return job.file.storage.exists(f"{job.file.name}.plan")


def test_a_commit_right_after_the_preview_does_not_read_the_file_again(
    roster, instansi_admin, monkeypatch
):
    # given
    job = upload(instansi_admin, roster)
    assert _plan_file_exists(job)
    calls = _planning_counter(monkeypatch)

    # when
    job = commit_import(instansi_admin, job)

    # then
    assert job.status == ImportStatus.COMMITTED
    assert calls == []
    assert set(Employee.objects.values_list("nip", flat=True)) >= {nip(11), nip(12)}
    assert not _plan_file_exists(job)


def test_a_change_in_the_database_since_the_preview_makes_the_commit_plan_again(
    roster, instansi_admin, org, monkeypatch
):
    # given a preview, then someone adds an employee elsewhere
    job = upload(instansi_admin, roster)
    EmployeeFactory(unit=org["disdik_sd"])
    calls = _planning_counter(monkeypatch)

    # when
    job = commit_import(instansi_admin, job)

    # then
    assert job.status == ImportStatus.COMMITTED
    assert calls == [job.pk]


def test_a_tampered_stored_plan_is_ignored(roster, instansi_admin, monkeypatch):
    # given a stored plan whose bytes were changed on disk
    job = upload(instansi_admin, roster)
    name = f"{job.file.name}.plan"
    with job.file.storage.open(name, "rb") as handle:
        content = handle.read()
    job.file.storage.delete(name)
    job.file.storage.save(name, ContentFile(content[:-1] + b"x"))
    calls = _planning_counter(monkeypatch)

    # when
    job = commit_import(instansi_admin, job)

    # then
    assert job.status == ImportStatus.COMMITTED
    assert calls == [job.pk]


def test_employees_written_by_the_driver_match_what_the_orm_writes(roster, instansi_admin):
    # when
    job = commit_import(instansi_admin, upload(instansi_admin, roster))

    # then every new employee is complete and has the audit event the actions would record
    assert job.status == ImportStatus.COMMITTED
    for number in (nip(11), nip(12)):
        employee = Employee.objects.get(nip=number)
        assert employee.created_at is not None and employee.updated_at is not None
        assert employee.birth_date is not None and employee.sex in {"M", "F"}
        event = only(events_for(employee))
        assert event.action == "create"
        assert event.changes == audit.diff({}, audit.snapshot(employee, EMPLOYEE_FIELDS))
        assert event.object_repr == employee.full_name
        assert event.actor == instansi_admin
        assert event.created_at is not None
    # and records made afterwards through the ORM get fresh primary keys
    later = EmployeeFactory()
    assert later.pk > max(Employee.objects.exclude(pk=later.pk).values_list("pk", flat=True))


def test_primary_keys_of_deleted_employees_are_not_reused(roster, instansi_admin, org):
    # given the newest employee was deleted (its audit history stays)
    gone = EmployeeFactory(unit=org["dinkes"])
    gone_pk = gone.pk
    gone.delete()

    # when
    commit_import(instansi_admin, upload(instansi_admin, roster))

    # then
    assert min(Employee.objects.filter(nip__in=[nip(11), nip(12)]).values_list("pk", flat=True)) > (
        gone_pk
    )


def test_accounts_written_by_the_driver_match_what_the_orm_writes(tmp_path, dinkes_admin, org):
    # given
    dewi = EmployeeFactory(nip=nip(21), unit=org["dinkes_p2p"])
    existing = SocialAccountFactory(owner_employee=dewi, handle="dewi.l", followers=5)
    path = accounts_csv(
        tmp_path,
        (nip(21), "Instagram", "dewi.l", "50"),
        (nip(21), "TikTok", "@dewi.tiktok", "7"),
    )

    # when
    job = commit_import(dinkes_admin, upload(dinkes_admin, path, kind="accounts"))

    # then
    assert job.status == ImportStatus.COMMITTED
    tiktok = SocialAccount.objects.get(platform="tiktok", handle="dewi.tiktok")
    assert (tiktok.status, tiktok.followers, tiktok.followers_as_of) == (
        "unverified", 7, timezone.localdate(),
    )  # fmt: skip
    created = only(events_for(tiktok))
    assert created.changes == audit.diff({}, audit.snapshot(tiktok, ACCOUNT_FIELDS))
    assert created.object_repr == str(tiktok)
    existing.refresh_from_db()
    assert existing.followers == 50
    changed = only(events_for(existing))
    assert changed.changes == {"followers": [5, 50]}
    assert SocialAccountFactory(owner_employee=dewi).pk > tiktok.pk


def test_a_failure_after_the_driver_wrote_rows_leaves_the_database_as_before(
    roster, instansi_admin, monkeypatch
):
    # given a commit that breaks after the employees and their events were written
    job = upload(instansi_admin, roster)
    before = fingerprint()
    from gaung.imports import commit as commit_module

    def broken(self):
        raise RuntimeError("power cut")

    monkeypatch.setattr(commit_module._Committer, "deactivate_employees", broken)

    # when
    job = commit_import(instansi_admin, job)

    # then
    assert job.status == ImportStatus.FAILED
    assert fingerprint() == before


def test_the_fast_number_decoder_agrees_with_the_full_parser():
    from gaung.imports.planner import decode_checked_number, decode_number
    from gaung.registry.synthetic import synthetic_pns_nip, synthetic_pppk_ni

    numbers = [(synthetic_pns_nip(n), "pns") for n in range(0, 40_000, 7)]
    numbers += [(synthetic_pppk_ni(n), kind) for n in range(0, 40_000, 11)
                for kind in ("pppk", "pppk_pw")]  # fmt: skip
    numbers += [(None, "pns"), ("123", "pns"), (synthetic_pns_nip(5), "non_asn")]
    for number, kind in numbers:
        assert decode_checked_number(number, kind) == decode_number(number, kind), number
