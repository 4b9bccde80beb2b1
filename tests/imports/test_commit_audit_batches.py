"""An import's new records are audited in batch events; each record's history shows its own."""

import pytest

from gaung.core import audit
from gaung.core.audit import events_for
from gaung.core.models import AuditEvent
from gaung.imports import commit as commit_module
from gaung.imports.actions import commit_import
from gaung.imports.choices import ImportStatus
from gaung.registry.actions import EMPLOYEE_FIELDS
from gaung.registry.models import Employee
from gaung.socials.actions import ACCOUNT_FIELDS
from gaung.socials.models import SocialAccount
from tests.audit_helpers import only
from tests.factories import EmployeeFactory, SocialAccountFactory
from tests.imports.test_commit import upload
from tests.imports.test_planner import accounts_csv, nip, roster_csv, roster_row


@pytest.fixture(autouse=True)
def _english_and_small_batches(settings, monkeypatch):
    settings.LANGUAGE_CODE = "en"
    # Two records per batch event, so that a handful of rows spans several batches.
    monkeypatch.setattr(commit_module, "BATCH_RECORDS", 2)


def _batch_events(model: str):
    return AuditEvent.objects.filter(content_type__model=model, batch_last__isnull=False)


def test_new_employees_of_several_units_each_show_exactly_their_own_creation_event(
    tmp_path, org, instansi_admin
):
    # given five new employees in two units, listed interleaved in the file
    rows = [
        roster_row(nip(n), f"Pegawai {n}", unit="Bidang P2P" if n % 2 else "UPT Baru")
        for n in range(1, 6)
    ]

    # when
    job = commit_import(instansi_admin, upload(instansi_admin, roster_csv(tmp_path, *rows)))

    # then each employee's history is the creation event a single save would have recorded
    assert job.status == ImportStatus.COMMITTED
    employees = list(Employee.objects.filter(nip__in=[nip(n) for n in range(1, 6)]))
    assert len(employees) == 5
    for employee in employees:
        event = only(events_for(employee))
        assert event.action == "create"
        assert event.object_id == str(employee.pk)
        assert event.object_repr == employee.full_name
        assert event.changes == audit.diff({}, audit.snapshot(employee, EMPLOYEE_FIELDS))
        assert event.actor == instansi_admin
        assert event.unit_path == employee.unit.path
        assert f"Import #{job.pk}" in event.note
    # and the events are batches per unit of at most two: 3 in P2P (2 + 1), 2 in the new UPT
    batches = _batch_events("employee")
    assert batches.count() == 3
    assert {e.unit_path for e in batches} == {e.unit.path for e in employees}


def test_primary_keys_of_imported_employees_are_unique_and_never_reused(
    tmp_path, org, instansi_admin
):
    rows = [roster_row(nip(n), f"Pegawai {n}", unit="UPT Baru" if n > 3 else "Bidang P2P")
            for n in range(1, 8)]  # fmt: skip

    commit_import(instansi_admin, upload(instansi_admin, roster_csv(tmp_path, *rows)))

    numbers = [nip(n) for n in range(1, 8)]
    pks = list(Employee.objects.filter(nip__in=numbers).values_list("pk", flat=True))
    assert len(pks) == len(set(pks)) == 7
    assert EmployeeFactory().pk > max(pks)


def test_new_accounts_of_several_units_each_show_their_own_creation_event(
    tmp_path, org, dinkes_admin
):
    # given employees in two units of the department, with accounts listed interleaved
    owners = [
        EmployeeFactory(nip=nip(n), unit=org["dinkes"] if n % 2 else org["dinkes_p2p"])
        for n in range(1, 6)
    ]
    path = accounts_csv(
        tmp_path, *[(owner.nip, "Instagram", f"asn.{n}", str(n)) for n, owner in enumerate(owners)]
    )

    # when
    job = commit_import(dinkes_admin, upload(dinkes_admin, path, kind="accounts"))

    # then
    assert (job.status, job.count("new")) == (ImportStatus.COMMITTED, 5)
    accounts = list(SocialAccount.objects.filter(owner_employee__in=owners))
    assert len(accounts) == 5
    for account in accounts:
        event = only(events_for(account))
        assert event.changes == audit.diff({}, audit.snapshot(account, ACCOUNT_FIELDS))
        assert event.object_repr == str(account)
        assert event.unit_path == account.owner_employee.unit.path
    assert _batch_events("socialaccount").count() == 3  # (2 + 1) and (2)
    assert SocialAccountFactory(owner_employee=owners[0], handle="later").pk > max(
        account.pk for account in accounts
    )


def test_a_batch_event_is_not_shown_for_a_record_within_its_range_that_it_does_not_hold(org):
    # given a batch event whose id range covers an employee it does not list
    listed, inside = EmployeeFactory(), EmployeeFactory()
    AuditEvent.objects.create(
        action="create",
        content_type_id=audit.ContentType.objects.get_for_model(Employee).pk,
        object_repr="1 × employees",
        batch_first=listed.pk,
        batch_last=inside.pk,  # a range wider than its records: only listed.pk is described
        batch_records=audit.batch_records(["name"], listed.pk, ["Listed"], [("Listed",)]),
    )

    # then only the listed employee sees it
    assert events_for(inside) == []
    assert only(events_for(listed)).changes == {"name": [None, "Listed"]}


def test_history_lists_later_single_events_before_the_batch_creation(
    tmp_path, org, instansi_admin, client
):
    # given an imported employee, later changed through the actions
    path = roster_csv(tmp_path, roster_row(nip(1), "Dewi Lestari"))
    commit_import(instansi_admin, upload(instansi_admin, path))
    employee = Employee.objects.get(nip=nip(1))
    again = roster_csv(tmp_path, roster_row(nip(1), "Dewi Lestari", rank="III/b"), name="b.csv")
    commit_import(instansi_admin, upload(instansi_admin, again))

    # then the history is newest first, each event about this employee only
    history = events_for(employee)
    assert [(e.action, e.changes.get("rank")) for e in history] == [
        ("update", ["III/a", "III/b"]),
        ("create", [None, "III/a"]),
    ]
    # and the employee's page shows both
    client.force_login(instansi_admin)
    page = client.get(f"/employees/{employee.pk}/").content.decode()
    assert "III/b" in page and "Dewi Lestari" in page
