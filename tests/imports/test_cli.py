"""`gaung import roster|accounts FILE`: progress on stderr, one line of JSON last on stdout."""

import io
import json

import pytest
from django.core.management import call_command

from gaung.core.models import AuditEvent
from gaung.imports.models import ImportJob
from gaung.registry.models import Employee
from gaung.socials.models import SocialAccount
from tests.factories import UnitFactory
from tests.imports.test_planner import accounts_csv, nip, roster_csv, roster_row


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


def run(*args: str) -> tuple[int, dict, str]:
    """Run the command; returns the exit status, the last stdout line as JSON, and stderr."""
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import", *args, stdout=out, stderr=err)
        code = 0
    except SystemExit as exit_:
        code = int(exit_.code)
    last = out.getvalue().strip().splitlines()[-1]
    return code, json.loads(last), err.getvalue()


def test_a_preview_prints_the_counts_and_saves_nothing(tmp_path, org):
    path = roster_csv(tmp_path, roster_row(nip(1), "Siti Rahayu"), roster_row(nip(2), "Budi"))

    code, result, stderr = run("roster", str(path))

    assert code == 0
    assert {k: result[k] for k in ("new", "changed", "unchanged", "invalid", "deactivated",
                                   "new_units")} == {"new": 2, "changed": 0, "unchanged": 0,
                                                     "invalid": 0, "deactivated": 0,
                                                     "new_units": 0}  # fmt: skip
    assert result["status"] == "ready"
    assert result["errors"] == []
    assert "Preview only" in stderr and "2 of 2 rows" in stderr
    assert not Employee.objects.exists()


def test_commit_saves_and_a_second_run_changes_nothing(tmp_path, org):
    path = roster_csv(tmp_path, roster_row(nip(1), "Siti Rahayu"))

    code, result, _stderr = run("roster", str(path), "--commit")
    assert (code, result["status"], result["new"]) == (0, "committed", 1)
    events = AuditEvent.objects.count()
    assert AuditEvent.objects.filter(actor_name="system").count() == events

    code, again, stderr = run("roster", str(path), "--commit")
    assert (code, again["new"], again["unchanged"]) == (0, 0, 1)
    assert "already saved" in stderr
    assert AuditEvent.objects.count() == events


def test_invalid_rows_are_listed_and_block_the_commit_with_exit_status_1(tmp_path, org):
    path = roster_csv(tmp_path, roster_row(nip(1), "Siti"), roster_row("1.96804111993031E+17", "X"))

    code, result, stderr = run("roster", str(path), "--commit")

    assert code == 1
    assert result["invalid"] == 1
    (error,) = result["errors"]
    assert (error["row"], error["column"], error["value"]) == (3, "NIP", "1.96804111993031E+17")
    assert "Excel" in error["reason"]
    assert "Not saved" in stderr
    assert not Employee.objects.exists()


def test_skip_invalid_saves_the_valid_rows(tmp_path, org):
    path = roster_csv(tmp_path, roster_row(nip(1), "Siti"), roster_row("123", "Budi"))

    code, result, _stderr = run("roster", str(path), "--commit", "--skip-invalid")

    assert (code, result["status"], result["new"], result["invalid"]) == (0, "committed", 1, 1)
    assert Employee.objects.count() == 1


def test_full_roster_and_create_units(tmp_path, org):
    from tests.factories import EmployeeFactory

    gone = EmployeeFactory(nip=nip(9), unit=org["disdik_sd"])
    path = roster_csv(tmp_path, roster_row(nip(1), "Siti", unit="Bidang Baru", opd="Dinas Baru"))

    code, result, _stderr = run("roster", str(path), "--commit", "--full", "--create-units")

    assert code == 0
    assert (result["deactivated"], result["new_units"]) == (1, 2)
    gone.refresh_from_db()
    assert not gone.is_active


def test_an_unreadable_file_exits_with_status_2(tmp_path, org):
    path = tmp_path / "roster.csv"
    path.write_bytes(b"%PDF-1.4 not a table")

    code, result, stderr = run("roster", str(path))

    assert code == 2
    assert result["status"] == "failed"
    assert "PDF" in stderr


def test_accounts_as_a_user_are_limited_to_their_units(tmp_path, org, dinkes_admin):
    from tests.factories import EmployeeFactory

    EmployeeFactory(nip=nip(1), unit=org["dinkes_p2p"])
    EmployeeFactory(nip=nip(2), unit=org["disdik_sd"])
    path = accounts_csv(
        tmp_path, (nip(1), "Instagram", "@siti", "10"), (nip(2), "Instagram", "@guru", "5")
    )

    code, result, _stderr = run(
        "accounts", str(path), "--commit", "--skip-invalid", "--user", dinkes_admin.username
    )

    assert (code, result["new"], result["invalid"]) == (0, 1, 1)
    assert result["errors"][0]["reason"] == "This employee is not in your units."
    assert list(SocialAccount.objects.values_list("handle", flat=True)) == ["siti"]
    assert ImportJob.objects.get().created_by == dinkes_admin


def test_unknown_user_or_several_agencies_exit_with_status_3(tmp_path, org):
    path = roster_csv(tmp_path, roster_row(nip(1), "Siti"))

    code, result, stderr = run("roster", str(path), "--user", "nobody")
    assert (code, result["job"]) == (3, None)
    assert "nobody" in stderr

    UnitFactory(name="Pemerintah Kabupaten Lain", kind="instansi")
    code, _result, stderr = run("roster", str(path))
    assert code == 3
    assert "Choose the agency" in stderr

    code, result, _stderr = run("roster", str(path), "--instansi", str(org["instansi"].pk))
    assert (code, result["new"]) == (0, 1)
