"""A roster uploaded again skips parsing the rows that are exactly as the last commit saved them."""

import pytest

from gaung.imports import planner as planner_module
from gaung.imports.actions import commit_import
from gaung.imports.choices import ImportStatus
from gaung.registry.actions import update_employee, update_unit
from gaung.registry.models import Employee
from tests.imports.test_commit import upload
from tests.imports.test_planner import nip, roster_csv, roster_row, write_csv


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


ROWS = (
    roster_row(nip(21), "Dewi Lestari", rank="III/b"),
    roster_row(nip(22), "Agus Wibowo", rank="II/c"),
    roster_row(nip(23), "Rina Marlina"),
)


@pytest.fixture
def parsed(monkeypatch) -> list[int]:
    """The rows the planner parsed (by line number)."""
    lines: list[int] = []
    original = planner_module.parse_roster_row

    def counting(row, cells, columns):
        lines.append(row)
        return original(row, cells, columns)

    monkeypatch.setattr(planner_module, "parse_roster_row", counting)
    return lines


@pytest.fixture
def saved(tmp_path, instansi_admin, org):
    job = commit_import(instansi_admin, upload(instansi_admin, roster_csv(tmp_path, *ROWS)))
    assert job.status == ImportStatus.COMMITTED
    return job


def test_the_same_roster_again_is_unchanged_without_parsing_its_rows(
    saved, tmp_path, instansi_admin, parsed
):
    # when
    job = upload(instansi_admin, roster_csv(tmp_path, *ROWS, name="again.csv"))

    # then
    assert parsed == []
    assert (job.count("new"), job.count("changed"), job.count("unchanged")) == (0, 0, 3)


def test_an_edited_row_is_parsed_and_the_others_are_not(saved, tmp_path, instansi_admin, parsed):
    # given the third row with another position
    rows = (*ROWS[:2], roster_row(nip(23), "Rina Marlina", position="Pranata Komputer"))

    # when
    job = upload(instansi_admin, roster_csv(tmp_path, *rows, name="edited.csv"))

    # then
    assert parsed == [4]
    assert (job.count("changed"), job.count("unchanged")) == (1, 2)


def test_an_employee_changed_since_the_commit_has_its_row_parsed_again(
    saved, tmp_path, instansi_admin, parsed
):
    # given someone changed an employee's position in the registry
    employee = Employee.objects.get(nip=nip(21))
    update_employee(instansi_admin, employee, position="Kepala Seksi")

    # when
    job = upload(instansi_admin, roster_csv(tmp_path, *ROWS, name="again.csv"))

    # then the file's position is shown as a change back
    assert parsed == [2]
    assert (job.count("changed"), job.count("unchanged")) == (1, 2)


def test_a_unit_renamed_since_the_commit_makes_every_row_parsed_again(
    saved, tmp_path, instansi_admin, org, parsed
):
    # given
    update_unit(instansi_admin, org["dinkes_p2p"], name="Bidang Pencegahan Penyakit")

    # when
    job = upload(instansi_admin, roster_csv(tmp_path, *ROWS, name="again.csv"))

    # then the rows naming the old unit name are checked again: none is unchanged any more
    assert parsed == [2, 3, 4]
    assert job.count("unchanged") == 0


def test_the_same_rows_under_other_headers_are_parsed_again(
    saved, tmp_path, instansi_admin, parsed
):
    # given the same cells, but a SIASN header for the NIP column
    header = ("nipBaru", "Nama", "Jenis Pegawai", "Golongan", "Jabatan", "Unit Kerja", "Unit Induk")

    # when
    job = upload(instansi_admin, write_csv(tmp_path, [header, *ROWS], "siasn.csv"))

    # then
    assert parsed == [2, 3, 4]
    assert job.count("unchanged") == 3


def test_a_known_row_written_twice_makes_both_rows_invalid(saved, tmp_path, instansi_admin, parsed):
    # when
    job = upload(instansi_admin, roster_csv(tmp_path, *ROWS, ROWS[0], name="twice.csv"))

    # then
    assert job.count("invalid") == 2
    assert {error.row for error in job.row_errors.all()} == {2, 5}


def test_a_row_whose_unit_its_commit_created_is_parsed_once_more_then_known(
    tmp_path, instansi_admin, org, parsed
):
    # given a roster whose row needs a new unit, saved with unit creation
    rows = (roster_row(nip(24), "Budi Santoso", unit="UPT Puskesmas Sukamaju"),)
    first = upload(instansi_admin, roster_csv(tmp_path, *rows), create_units=True)
    commit_import(instansi_admin, first)

    # when the same file comes twice more
    second = commit_import(
        instansi_admin, upload(instansi_admin, roster_csv(tmp_path, *rows, name="second.csv"))
    )
    third = upload(instansi_admin, roster_csv(tmp_path, *rows, name="third.csv"))

    # then the unit's pk was unknown to the first plan, known to the second
    assert parsed == [2, 2]
    assert second.count("unchanged") == third.count("unchanged") == 1
