"""The planner: what saving a roster or account file would do, and which rows cannot be saved.

Also holds the small file builders the other import tests use.
"""

import csv
from collections.abc import Sequence
from pathlib import Path

import pytest

from gaung.imports.choices import ImportKind
from gaung.imports.planner import commit_blocker, plan_import
from gaung.registry.models import Employee
from gaung.registry.synthetic import synthetic_pns_nip, synthetic_pppk_ni
from tests.factories import EmployeeFactory, SocialAccountFactory, UnitFactory

ROSTER_HEADER = ("NIP", "Nama", "Jenis Pegawai", "Golongan", "Jabatan", "Unit Kerja", "Unit Induk")
ACCOUNT_HEADER = ("NIP", "Platform", "Akun", "Followers")


def nip(n: int) -> str:
    """A valid synthetic PNS NIP far from the numbers the factories use."""
    return synthetic_pns_nip(40_000 + n)


def write_csv(folder: Path, rows: Sequence[Sequence[object]], name: str = "file.csv") -> Path:
    """A UTF-8 CSV with the given rows (the first is the header)."""
    path = folder / name
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    return path


def roster_row(
    number: str,
    name: str,
    unit: str = "Bidang P2P",
    opd: str = "Dinas Kesehatan",
    position: str = "Analis Kebijakan",
    rank: str = "III/a",
    kind: str = "PNS",
) -> tuple:
    return (number, name, kind, rank, position, unit, opd)


def roster_csv(folder: Path, *rows: tuple, name: str = "roster.csv") -> Path:
    return write_csv(folder, [ROSTER_HEADER, *rows], name)


def accounts_csv(folder: Path, *rows: tuple, name: str = "accounts.csv") -> Path:
    return write_csv(folder, [ACCOUNT_HEADER, *rows], name)


def plan_roster(path: Path, instansi, **options):
    return plan_import(ImportKind.ROSTER, path, instansi=instansi, **options)


def reasons(plan) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    for error in plan.sorted_errors():
        found.setdefault(error.row, []).append(error.reason)
    return found


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def staff(org):
    """Two employees of Dinkes' Bidang P2P already in the registry."""
    return {
        "siti": EmployeeFactory(
            nip=nip(1), name="Siti Rahayu", unit=org["dinkes_p2p"], rank="III/a",
            position="Analis Kebijakan",
        ),
        "budi": EmployeeFactory(
            nip=nip(2), name="Budi Santoso", unit=org["dinkes_p2p"], rank="III/b",
            position="Epidemiolog",
        ),
    }  # fmt: skip


# -- roster: new / changed / unchanged ------------------------------------------------------------


def test_rows_are_counted_as_new_changed_and_unchanged(tmp_path, org, staff):
    # given
    path = roster_csv(
        tmp_path,
        roster_row(nip(1), "Siti Rahayu"),
        roster_row(nip(2), "Budi Santoso", rank="III/c", position="Epidemiolog Ahli Muda"),
        roster_row(nip(3), "Dewi Lestari", unit="Bidang SD", opd="Dinas Pendidikan"),
    )

    # when
    plan = plan_roster(path, org["instansi"])

    # then
    counts = plan.counts
    assert (counts["new"], counts["changed"], counts["unchanged"], counts["invalid"]) == (
        1,
        1,
        1,
        0,
    )
    ((_row, _pk, _values, changes),) = plan.employee_updates
    assert changes == {
        "rank": ("III/b", "III/c"),
        "position": ("Epidemiolog", "Epidemiolog Ahli Muda"),
    }
    assert counts["changed_fields"] == {"rank": 1, "position": 1}
    ((_row, new_nip, values, _decoded, _name),) = plan.employee_creates
    assert new_nip == nip(3)
    assert org["disdik_sd"].pk in values


def test_planning_writes_nothing(tmp_path, org, staff):
    path = roster_csv(tmp_path, roster_row(nip(3), "Dewi Lestari", unit="Bidang Baru"))

    plan_roster(path, org["instansi"])

    assert Employee.objects.count() == 2
    assert not org["dinkes"].children.filter(name="Bidang Baru").exists()


def test_columns_missing_from_the_file_keep_their_values(tmp_path, org, staff):
    # given a file without Jabatan and Golongan
    path = write_csv(
        tmp_path,
        [("NIP", "Nama", "Unit Kerja", "Unit Induk"),
         (nip(2), "Budi Santoso", "Bidang P2P", "Dinas Kesehatan")],
    )  # fmt: skip

    plan = plan_roster(path, org["instansi"])

    assert plan.counts["unchanged"] == 1
    assert plan.employee_updates == []


def test_a_blank_phone_or_email_never_clears_the_registered_one(tmp_path, org, staff):
    staff["siti"].phone = "081234567890"
    staff["siti"].save()
    path = write_csv(
        tmp_path,
        [("NIP", "Nama", "Golongan", "Jabatan", "Unit Kerja", "Unit Induk", "No HP", "Email"),
         (nip(1), "Siti Rahayu", "III/a", "Analis Kebijakan", "Bidang P2P", "Dinas Kesehatan",
          "", "")],
    )  # fmt: skip

    plan = plan_roster(path, org["instansi"])

    assert plan.counts["unchanged"] == 1


def test_a_unit_kerja_equal_to_the_unit_induk_places_the_employee_in_the_opd(tmp_path, org):
    path = roster_csv(tmp_path, roster_row(nip(5), "Agus Wibowo", unit="Dinas Kesehatan"))

    plan = plan_roster(path, org["instansi"])

    ((_row, _nip, values, _decoded, _name),) = plan.employee_creates
    assert org["dinkes"].pk in values
    assert plan.new_units == []


def test_opd_matches_by_short_name_whatever_the_case_and_spaces(tmp_path, org):
    path = roster_csv(tmp_path, roster_row(nip(5), "Agus Wibowo", unit="bidang  p2p", opd="DINKES"))

    plan = plan_roster(path, org["instansi"])

    assert plan.counts["invalid"] == 0
    ((_row, _nip, values, _decoded, _name),) = plan.employee_creates
    assert org["dinkes_p2p"].pk in values


def test_a_missing_unit_below_an_existing_opd_is_created_once(tmp_path, org):
    path = roster_csv(
        tmp_path,
        roster_row(nip(5), "Agus Wibowo", unit="UPT Puskesmas Sukamaju"),
        roster_row(nip(6), "Rina Utami", unit="upt puskesmas sukamaju"),
    )

    plan = plan_roster(path, org["instansi"])

    assert plan.counts["new_units"] == 1
    (unit,) = plan.new_units
    assert (unit.parent, unit.name, unit.kind) == (
        org["dinkes"].pk,
        "UPT Puskesmas Sukamaju",
        "upt",
    )
    assert {create[2][6] for create in plan.employee_creates} == {unit.key}


# -- roster: unknown perangkat daerah -------------------------------------------------------------


def test_an_unknown_opd_is_invalid_with_the_closest_existing_names(tmp_path, org):
    path = roster_csv(tmp_path, roster_row(nip(5), "Agus Wibowo", opd="Dinas Kesehatann"))

    plan = plan_roster(path, org["instansi"])

    assert plan.counts["invalid"] == 1
    (error,) = plan.errors
    assert (error.row, error.column, error.value) == (2, "Unit Induk", "Dinas Kesehatann")
    assert "There is no perangkat daerah named Dinas Kesehatann" in error.reason
    assert "Did you mean: Dinas Kesehatan" in error.reason
    assert plan.employee_creates == [] and plan.new_units == []


def test_an_unknown_opd_is_created_when_asked(tmp_path, org):
    path = roster_csv(
        tmp_path,
        roster_row(nip(5), "Agus Wibowo", unit="Bidang Bina Marga", opd="Dinas PUPR"),
        roster_row(nip(6), "Rina Utami", unit="Dinas PUPR", opd="Dinas PUPR"),
    )

    plan = plan_roster(path, org["instansi"], create_units=True)

    assert plan.counts["invalid"] == 0
    assert plan.counts["new_units"] == 2
    opd, bidang = plan.new_units
    assert (opd.parent, opd.name, opd.kind) == (org["instansi"].pk, "Dinas PUPR", "dinas")
    assert (bidang.parent, bidang.kind) == (opd.key, "bidang")


# -- roster: cross-row checks ---------------------------------------------------------------------


def test_the_same_nip_twice_makes_both_rows_invalid_and_names_the_other(tmp_path, org):
    path = roster_csv(
        tmp_path,
        roster_row(nip(5), "Agus Wibowo"),
        roster_row(nip(6), "Rina Utami"),
        roster_row(nip(5), "Agus Wibowo"),
    )

    plan = plan_roster(path, org["instansi"])

    assert reasons(plan) == {
        2: ["The same NIP is also on row 4."],
        4: ["The same NIP is already on row 2."],
    }
    assert plan.counts["invalid"] == 2
    assert [create[1] for create in plan.employee_creates] == [nip(6)]


def test_a_nip_of_another_agency_is_invalid(tmp_path, org):
    other = UnitFactory(name="Pemerintah Kabupaten Lain", kind="instansi")
    EmployeeFactory(nip=nip(7), unit=UnitFactory(parent=other, name="Dinas Sosial", kind="dinas"))
    path = roster_csv(tmp_path, roster_row(nip(7), "Agus Wibowo"))

    plan = plan_roster(path, org["instansi"])

    (error,) = plan.errors
    assert "another agency (Pemerintah Kabupaten Lain)" in error.reason
    assert plan.employee_creates == []


def test_row_errors_from_parsing_reach_the_plan_with_the_line_number(tmp_path, org):
    path = roster_csv(
        tmp_path,
        roster_row(nip(5), "Agus Wibowo"),
        roster_row("1.96804111993031E+17", "Rina Utami"),
    )

    plan = plan_roster(path, org["instansi"])

    (error,) = plan.errors
    assert (error.row, error.column) == (3, "NIP")
    assert "Excel" in error.reason
    assert plan.counts["new"] == 1
    assert plan.counts["invalid"] == 1


# -- roster: full vs default mode -----------------------------------------------------------------


def test_the_default_mode_never_deactivates(tmp_path, org, staff):
    path = roster_csv(tmp_path, roster_row(nip(1), "Siti Rahayu"))

    plan = plan_roster(path, org["instansi"])

    assert plan.counts["deactivated"] == 0


def test_a_full_roster_deactivates_the_active_employees_missing_from_the_file(tmp_path, org, staff):
    EmployeeFactory(nip=nip(8), name="Sudah Pensiun", unit=org["disdik_sd"], is_active=False)
    path = roster_csv(tmp_path, roster_row(nip(1), "Siti Rahayu"))

    plan = plan_roster(path, org["instansi"], full_roster=True)

    assert plan.counts["deactivated"] == 1
    ((pk, name, unit_path),) = plan.deactivations
    assert (pk, name, unit_path) == (staff["budi"].pk, "Budi Santoso", org["dinkes_p2p"].path)


def test_a_full_roster_keeps_employees_whose_row_is_invalid(tmp_path, org, staff):
    path = roster_csv(
        tmp_path,
        roster_row(nip(1), "Siti Rahayu"),
        roster_row(nip(2), "Budi Santoso", rank="Z/z"),
    )

    plan = plan_roster(path, org["instansi"], full_roster=True)

    assert plan.counts["invalid"] == 1
    assert plan.counts["deactivated"] == 0


def test_a_full_roster_with_unreadable_nips_cannot_be_saved_by_skipping_them(tmp_path, org, staff):
    path = roster_csv(
        tmp_path, roster_row(nip(1), "Siti Rahayu"), roster_row("19680411", "Budi Santoso")
    )

    plan = plan_roster(path, org["instansi"], full_roster=True)

    assert plan.counts["unidentified"] == 1
    assert "no readable NIP" in commit_blocker(
        kind="roster", full_roster=True, counts=plan.counts, skip_invalid=True
    )
    assert (
        commit_blocker(kind="roster", full_roster=False, counts=plan.counts, skip_invalid=True)
        == ""
    )


def test_invalid_rows_block_the_commit_unless_skipped():
    counts = {"invalid": 2, "new": 5}

    assert "2 rows are invalid" in commit_blocker(
        kind="roster", full_roster=False, counts=counts, skip_invalid=False
    )
    assert commit_blocker(kind="roster", full_roster=False, counts=counts, skip_invalid=True) == ""


def test_a_pppk_employee_gets_the_pppk_type(tmp_path, org):
    path = roster_csv(tmp_path, roster_row(synthetic_pppk_ni(40_001), "Rina Utami", kind="PPPK",
                                           rank="IX"))  # fmt: skip

    plan = plan_roster(path, org["instansi"])

    ((_row, _nip, values, _decoded, _name),) = plan.employee_creates
    assert values[0] == "pppk"


# -- accounts -------------------------------------------------------------------------------------


def plan_accounts(path: Path, instansi, within=None):
    return plan_import(ImportKind.ACCOUNTS, path, instansi=instansi, within=within)


def test_accounts_are_new_changed_or_unchanged(tmp_path, org, staff):
    # given
    SocialAccountFactory(owner_employee=staff["siti"], handle="siti.rahayu", followers=100)
    SocialAccountFactory(owner_employee=staff["budi"], handle="budi.s", followers=50)
    path = accounts_csv(
        tmp_path,
        (nip(1), "Instagram", "@siti.rahayu", "150"),
        (nip(2), "Instagram", "https://www.instagram.com/budi.s/", "50"),
        (nip(2), "TikTok", "@budi.santoso", "1,2 rb"),
    )

    # when
    plan = plan_accounts(path, org["instansi"])

    # then
    counts = plan.counts
    assert (counts["new"], counts["changed"], counts["unchanged"], counts["invalid"]) == (
        1,
        1,
        1,
        0,
    )
    (update,) = plan.account_updates
    assert update[2:4] == (100, 150)
    (create,) = plan.account_creates
    url = "https://www.tiktok.com/@budi.santoso"
    assert create[1:9] == (
        staff["budi"].pk, None, "tiktok", "budi.santoso", "username", url, 1200,
        org["dinkes_p2p"].path,
    )  # fmt: skip


def test_a_handle_held_by_someone_else_is_invalid_and_names_the_holder(tmp_path, org, staff):
    SocialAccountFactory(owner_employee=staff["siti"], handle="siti.rahayu")
    path = accounts_csv(tmp_path, (nip(2), "Instagram", "siti.rahayu", ""))

    plan = plan_accounts(path, org["instansi"])

    (error,) = plan.errors
    assert error.reason == "@siti.rahayu is already registered to Siti Rahayu (Bidang P2P)."
    assert plan.account_creates == []


def test_the_same_handle_claimed_by_two_employees_in_the_file_invalidates_both_rows(
    tmp_path, org, staff
):
    path = accounts_csv(
        tmp_path,
        (nip(1), "Instagram", "@kembar", ""),
        (nip(2), "Instagram", "@kembar", ""),
    )

    plan = plan_accounts(path, org["instansi"])

    assert sorted(reasons(plan)) == [2, 3]
    assert "row 3" in reasons(plan)[2][0] and "row 2" in reasons(plan)[3][0]
    assert plan.account_creates == []


def test_an_account_of_an_unknown_nip_is_invalid(tmp_path, org, staff):
    path = accounts_csv(tmp_path, (nip(9), "Instagram", "@orang.baru", ""))

    plan = plan_accounts(path, org["instansi"])

    (error,) = plan.errors
    assert error.reason.startswith("No employee of Pemerintah Kota Contoh has this NIP.")


def test_accounts_outside_the_admins_units_are_invalid(tmp_path, org, staff):
    guru = EmployeeFactory(nip=nip(10), unit=org["disdik_sd"])
    path = accounts_csv(
        tmp_path,
        (nip(1), "Instagram", "@siti.dinkes", ""),
        (guru.nip, "Instagram", "@guru.sd", ""),
    )

    plan = plan_accounts(path, org["instansi"], within=lambda p: p.startswith(org["dinkes"].path))

    assert reasons(plan) == {3: ["This employee is not in your units."]}
    assert len(plan.account_creates) == 1


def test_an_official_account_is_owned_by_its_unit(tmp_path, org):
    path = write_csv(
        tmp_path, [("Unit", "Platform", "Akun"), ("Dinkes", "Instagram", "@dinkes.kotacontoh")]
    )

    plan = plan_accounts(path, org["instansi"])

    (create,) = plan.account_creates
    assert create[1:3] == (None, org["dinkes"].pk)


def test_a_full_roster_reactivates_an_inactive_employee_listed_in_it(tmp_path, org, staff):
    staff["siti"].is_active = False
    staff["siti"].save()
    budi = roster_row(nip(2), "Budi Santoso", rank="III/b", position="Epidemiolog")
    path = roster_csv(tmp_path, roster_row(nip(1), "Siti Rahayu"), budi)

    default = plan_roster(path, org["instansi"])
    full = plan_roster(path, org["instansi"], full_roster=True)

    assert default.counts["changed"] == 0
    ((_row, pk, _values, changes),) = full.employee_updates
    assert (pk, changes) == (staff["siti"].pk, {"is_active": (False, True)})


def test_a_sheet_with_only_the_unit_induk_places_employees_in_the_opd(tmp_path, org):
    path = write_csv(tmp_path, [("NIP", "Nama", "Unit Induk"), (nip(5), "Agus Wibowo", "Dinkes")])

    plan = plan_roster(path, org["instansi"])

    ((_row, _nip, values, _decoded, _name),) = plan.employee_creates
    assert org["dinkes"].pk in values


def test_one_row_per_employee_with_a_column_per_platform(tmp_path, org, staff):
    path = write_csv(
        tmp_path,
        [("NIP", "Nama", "Instagram", "Followers Instagram", "TikTok"),
         (nip(1), "Siti Rahayu", "@siti.rahayu", "2.500", "@siti.tiktok"),
         (nip(2), "Budi Santoso", "", "", "")],
    )  # fmt: skip

    plan = plan_accounts(path, org["instansi"])

    assert plan.errors == []
    assert sorted((c[3], c[4], c[7]) for c in plan.account_creates) == [
        ("instagram", "siti.rahayu", 2500),
        ("tiktok", "siti.tiktok", None),
    ]


def test_titles_written_in_the_name_update_them_but_a_bare_name_keeps_them(tmp_path, org, staff):
    staff["siti"].front_title = "Dr."
    staff["siti"].save()
    staff["budi"].back_title = "S.E."
    staff["budi"].save()
    path = write_csv(
        tmp_path,
        [("NIP", "Nama", "Unit Kerja", "Unit Induk"),
         (nip(1), "Siti Rahayu", "Bidang P2P", "Dinas Kesehatan"),
         (nip(2), "Budi Santoso, S.E., M.M.", "Bidang P2P", "Dinas Kesehatan")],
    )  # fmt: skip

    plan = plan_roster(path, org["instansi"])

    assert plan.counts["unchanged"] == 1
    ((_row, pk, _values, changes),) = plan.employee_updates
    assert (pk, changes) == (staff["budi"].pk, {"back_title": ("S.E.", "S.E., M.M.")})
