"""Taking a compilation: the frozen figures per unit, roll-up, and change since the last one."""

import datetime

from django.utils import timezone

from gaung.reports.models import CompilationEmployee, CompilationUnitRow
from gaung.reports.snapshot import take_snapshot
from tests.factories import EmployeeFactory, SocialAccountFactory
from tests.reports.conftest import backdate, last_year


def rows_by_name(compilation) -> dict[str, CompilationUnitRow]:
    return {row.name: row for row in compilation.unit_rows.all()}


def test_snapshot_counts_own_and_subtree_figures(org, staffed, instansi_admin, take):
    # when
    compilation = take(instansi_admin, org["instansi"])

    # then
    assert compilation.status == "done"
    assert compilation.progress == 100
    rows = rows_by_name(compilation)
    p2p, dinkes, root = rows["Bidang P2P"], rows["Dinas Kesehatan"], rows["Pemerintah Kota Contoh"]
    assert (p2p.employees, p2p.with_account, p2p.accounts, p2p.followers) == (2, 1, 2, 1500)
    assert (dinkes.own_employees, dinkes.own_with_account) == (4, 1)
    assert (dinkes.employees, dinkes.with_account, dinkes.accounts) == (6, 2, 3)
    assert (dinkes.verified, dinkes.unverified, dinkes.followers) == (2, 1, 1700)
    assert dinkes.coverage == 2 / 6
    assert dinkes.platforms["instagram"] == {
        "employees": 2, "accounts": 2, "verified": 2, "unverified": 0, "followers": 1200,
    }  # fmt: skip
    assert dinkes.platforms["tiktok"]["unverified"] == 1
    assert (root.employees, root.with_account, root.followers) == (8, 3, 1750)
    assert root.platform("youtube").coverage == 1 / 8
    assert root.verified_ratio == 3 / 4


def test_snapshot_freezes_each_asn_with_accounts_and_titles(org, staffed, instansi_admin, take):
    compilation = take(instansi_admin, org["instansi"])

    siti = CompilationEmployee.objects.get(compilation=compilation, name="Siti Rahayu")
    ani = CompilationEmployee.objects.get(compilation=compilation, name="Ani Wijaya")
    assert siti.full_name == "Dr. Siti Rahayu, M.Si."
    assert siti.nip == staffed["siti"].nip
    assert siti.opd_name == "Dinas Kesehatan"
    assert (siti.account_count, siti.followers, siti.has_account) == (2, 1500, True)
    assert [a["handle"] for a in siti.accounts_on("tiktok")] == ["siti.tiktok"]
    # A rejected account is listed with its status, but the employee counts as without one.
    assert ani.has_account is False
    assert ani.accounts[0]["status"] == "rejected"
    names = set(
        CompilationEmployee.objects.filter(compilation=compilation).values_list("name", flat=True)
    )
    assert "Honorer Satu" not in names and "Pensiun Dulu" not in names
    assert len(names) == 8


def test_frozen_rows_do_not_change_with_live_data(org, staffed, instansi_admin, take):
    compilation = take(instansi_admin, org["instansi"])

    staffed["joko"].delete()
    org["dinkes_p2p"].name = "Bidang Pencegahan"
    org["dinkes_p2p"].save()

    rows = rows_by_name(compilation)
    assert rows["Bidang P2P"].employees == 2
    assert CompilationEmployee.objects.filter(compilation=compilation, name="Joko Susilo").exists()


def test_accounts_registered_after_the_period_are_not_counted(org, staffed, instansi_admin, take):
    # given: only Budi's account existed last year
    backdate(staffed["budi"].social_accounts.get())

    # when
    compilation = take(instansi_admin, org["instansi"], year=last_year())

    # then
    root = rows_by_name(compilation)["Pemerintah Kota Contoh"]
    assert (root.with_account, root.accounts, root.followers) == (1, 1, 200)
    assert (
        compilation.title
        == f"Kompilasi Data Media Sosial ASN Pemerintah Kota Contoh Tahun {last_year()}"
    )


def test_change_since_previous_snapshot_per_unit_and_platform(org, staffed, instansi_admin, take):
    # given: last year only Budi had an account
    backdate(staffed["budi"].social_accounts.get())
    previous = take(instansi_admin, org["instansi"], year=last_year())

    # when: this year's compilation
    current = take(instansi_admin, org["instansi"])

    # then
    assert current.previous == previous
    dinkes = rows_by_name(current)["Dinas Kesehatan"]
    assert (dinkes.prev_employees, dinkes.prev_with_account, dinkes.prev_followers) == (6, 1, 200)
    assert dinkes.delta_with_account == 1
    assert abs(dinkes.delta_coverage - (2 / 6 - 1 / 6)) < 1e-9
    assert dinkes.delta_followers == 1500
    assert dinkes.platform("tiktok").delta_followers == 500
    assert dinkes.platform("instagram").delta_employees == 1
    assert rows_by_name(previous)["Dinas Kesehatan"].has_previous is False


def test_change_matches_units_by_path_when_the_unit_was_replaced(org, instansi_admin, take):
    # given: a unit that existed last year ...
    EmployeeFactory(unit=org["disdik_sd"], name="Rina Lestari")
    previous = take(instansi_admin, org["instansi"], year=last_year())
    sd_row = previous.unit_rows.get(name="Bidang SD")
    # ... whose link to the live unit is gone (e.g. deleted and recreated by an import)
    type(sd_row).objects.filter(pk=sd_row.pk).update(unit=None)

    current = take(instansi_admin, org["instansi"])

    assert current.unit_rows.get(name="Bidang SD").prev_employees == 1


def test_new_unit_has_no_previous_figures(org, instansi_admin, take):
    take(instansi_admin, org["instansi"], year=last_year())
    from tests.factories import UnitFactory

    UnitFactory(name="UPT Baru", parent=org["disdik"])

    current = take(instansi_admin, org["instansi"])

    new_row = current.unit_rows.get(name="UPT Baru")
    assert new_row.has_previous is False
    assert new_row.delta_with_account is None


def test_taking_again_starts_over_and_a_done_snapshot_is_left_alone(
    org, staffed, instansi_admin, take
):
    compilation = take(instansi_admin, org["instansi"])
    rows_before = list(compilation.unit_rows.values_list("pk", flat=True))

    # a done compilation: the task does nothing
    take_snapshot(compilation.pk)
    assert list(compilation.unit_rows.values_list("pk", flat=True)) == rows_before

    # an interrupted one: the task throws away what it had and starts again
    type(compilation).objects.filter(pk=compilation.pk).update(status="running")
    take_snapshot(compilation.pk)
    compilation.refresh_from_db()
    assert compilation.status == "done"
    assert compilation.unit_rows.count() == len(rows_before)
    assert CompilationEmployee.objects.filter(compilation=compilation).count() == 8


def test_snapshot_of_a_period_uses_the_agency_time_zone_for_its_end(org, instansi_admin, take):
    # An account registered at 23.30 WIB on 31 December belongs to that year.
    employee = EmployeeFactory(unit=org["dinkes"])
    account = SocialAccountFactory(owner_employee=employee)
    year = last_year()
    late_evening = datetime.datetime(year, 12, 31, 16, 30, tzinfo=datetime.UTC)
    type(account).objects.filter(pk=account.pk).update(created_at=late_evening)

    compilation = take(instansi_admin, org["instansi"], year=year)

    assert compilation.unit_rows.get(depth=0).accounts == 1
    assert timezone.localdate().year == year + 1
