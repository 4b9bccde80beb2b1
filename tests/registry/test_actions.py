"""Registry actions: tree paths, moves, deletes, NIP and rank checks, roles, audit events."""

import pytest
from django.contrib.contenttypes.models import ContentType

from gaung.core.audit import events_for
from gaung.core.models import AuditEvent
from gaung.core.permissions import PermissionDenied, ValidationError
from gaung.registry import actions
from gaung.registry.models import Employee, OrganisationUnit, RoleAssignment
from gaung.registry.synthetic import synthetic_pns_nip, synthetic_pppk_ni
from gaung.registry.tree import build_tree
from tests.audit_helpers import only
from tests.factories import EmployeeFactory, SocialAccountFactory, UnitFactory, UserFactory

PNS_NIP = "19680411 199303 1 009"
PPPK_NI = "19900913 2025 24 2 014"


@pytest.fixture(autouse=True)
def _english(settings):
    # Assertions read the English msgids; the product's default language is Indonesian.
    settings.LANGUAGE_CODE = "en"


def _grouped(nip: str) -> str:
    return f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}"


# Units


def test_create_unit_builds_path_and_depth_from_the_parent(org, dinkes_admin):
    # when
    unit = actions.create_unit(
        dinkes_admin, parent=org["dinkes_p2p"], name="Seksi Surveilans", kind="seksi"
    )

    # then
    unit.refresh_from_db()
    assert unit.path == f"{org['dinkes_p2p'].path}{unit.pk:07d}."
    assert unit.depth == 3
    assert OrganisationUnit.objects.subtree_of(org["dinkes"]).filter(pk=unit.pk).exists()


def test_only_a_superadmin_creates_a_new_agency(db, superadmin, instansi_admin):
    with pytest.raises(PermissionDenied):
        actions.create_unit(instansi_admin, parent=None, name="Pemkab Lain", kind="instansi")

    agency = actions.create_unit(superadmin, parent=None, name="Pemkab Lain", kind="instansi")

    assert agency.path == f"{agency.pk:07d}."
    assert agency.depth == 0


def test_a_unit_without_parent_must_be_an_agency(db, superadmin):
    with pytest.raises(ValidationError) as error:
        actions.create_unit(superadmin, parent=None, name="Dinas Lepas", kind="dinas")

    assert "kind" in error.value.message_dict
    assert not OrganisationUnit.objects.filter(name="Dinas Lepas").exists()


def test_unit_admin_cannot_add_a_unit_outside_their_subtree(org, dinkes_admin):
    with pytest.raises(PermissionDenied):
        actions.create_unit(dinkes_admin, parent=org["disdik"], name="Bidang SMP", kind="bidang")

    assert not OrganisationUnit.objects.filter(name="Bidang SMP").exists()


def test_sibling_names_are_unique(org, instansi_admin):
    with pytest.raises(ValidationError):
        actions.create_unit(instansi_admin, parent=org["dinkes"], name="Bidang P2P", kind="bidang")


def test_moving_a_unit_moves_its_subtree_and_the_counts_follow(org, instansi_admin, superadmin):
    # given: a seksi with two employees and an account below Bidang P2P
    seksi = UnitFactory(name="Seksi Imunisasi", kind="seksi", parent=org["dinkes_p2p"])
    first = EmployeeFactory(unit=seksi)
    EmployeeFactory(unit=seksi)
    SocialAccountFactory(owner_employee=first)

    # when: Bidang P2P moves from Dinkes to Disdik
    actions.update_unit(instansi_admin, org["dinkes_p2p"], parent=org["disdik"])

    # then
    p2p = OrganisationUnit.objects.get(pk=org["dinkes_p2p"].pk)
    seksi.refresh_from_db()
    assert p2p.path == f"{org['disdik'].path}{p2p.pk:07d}."
    assert seksi.path == f"{p2p.path}{seksi.pk:07d}."
    assert (p2p.depth, seksi.depth) == (2, 3)
    counts = {node.unit.pk: node.counts for node in build_tree(superadmin).nodes}
    assert counts[org["disdik"].pk].employees == 2
    assert counts[org["disdik"].pk].personal_accounts == 1
    assert counts[org["dinkes"].pk].employees == 0
    event = events_for(p2p)[0]
    assert event.changes == {"parent": [org["dinkes"].pk, org["disdik"].pk]}


def test_a_unit_cannot_move_below_itself(org, instansi_admin):
    seksi = UnitFactory(name="Seksi", kind="seksi", parent=org["dinkes_p2p"])

    with pytest.raises(ValidationError) as error:
        actions.update_unit(instansi_admin, org["dinkes"], parent=seksi)

    assert "parent" in error.value.message_dict
    assert OrganisationUnit.objects.get(pk=org["dinkes"].pk).path == org["dinkes"].path


def test_unit_admin_cannot_move_their_unit_into_another_subtree(org, dinkes_admin):
    with pytest.raises(PermissionDenied):
        actions.update_unit(dinkes_admin, org["dinkes_p2p"], parent=org["disdik"])

    assert OrganisationUnit.objects.get(pk=org["dinkes_p2p"].pk).parent == org["dinkes"]


def test_updating_a_unit_records_the_changed_fields(org, dinkes_admin):
    # when
    actions.update_unit(dinkes_admin, org["dinkes_p2p"], name="Bidang P2PM", short_name="P2PM")

    # then
    event = events_for(org["dinkes_p2p"])[0]
    assert event.action == "update"
    assert event.actor == dinkes_admin
    assert event.changes == {"name": ["Bidang P2P", "Bidang P2PM"], "short_name": ["", "P2PM"]}
    assert event.unit_path == org["dinkes_p2p"].path


def test_delete_is_refused_while_the_unit_has_sub_units(org, instansi_admin):
    with pytest.raises(ValidationError) as error:
        actions.delete_unit(instansi_admin, org["dinkes"])

    assert "sub-units or employees" in error.value.messages[0]
    assert OrganisationUnit.objects.filter(pk=org["dinkes"].pk).exists()


def test_delete_is_refused_while_the_unit_has_employees(org, instansi_admin):
    EmployeeFactory(unit=org["disdik_sd"])

    with pytest.raises(ValidationError):
        actions.delete_unit(instansi_admin, org["disdik_sd"])

    assert OrganisationUnit.objects.filter(pk=org["disdik_sd"].pk).exists()


def test_delete_is_refused_while_the_unit_owns_official_accounts(org, instansi_admin):
    SocialAccountFactory(owner_employee=None, owner_unit=org["disdik_sd"])

    with pytest.raises(ValidationError) as error:
        actions.delete_unit(instansi_admin, org["disdik_sd"])

    assert "official accounts" in error.value.messages[0]
    assert OrganisationUnit.objects.filter(pk=org["disdik_sd"].pk).exists()
    # the refused delete left no audit event behind
    assert not AuditEvent.objects.filter(action="delete").exists()


def test_an_empty_unit_is_deleted_with_an_audit_event(org, instansi_admin):
    actions.delete_unit(instansi_admin, org["disdik_sd"])

    assert not OrganisationUnit.objects.filter(pk=org["disdik_sd"].pk).exists()
    event = AuditEvent.objects.get(action="delete")
    assert event.object_repr == "Bidang SD"
    assert event.changes["name"] == ["Bidang SD", None]


def test_unit_admin_cannot_delete_outside_their_subtree(org, dinkes_admin):
    with pytest.raises(PermissionDenied):
        actions.delete_unit(dinkes_admin, org["disdik_sd"])

    assert OrganisationUnit.objects.filter(pk=org["disdik_sd"].pk).exists()


# Employees


def test_create_employee_stores_the_nip_digits_and_what_they_encode(org, dinkes_admin):
    # when
    employee = actions.create_employee(
        dinkes_admin, employee_type="pns", nip=PNS_NIP, name="Siti Rahayu", rank="III/b",
        unit=org["dinkes_p2p"],
    )  # fmt: skip

    # then
    employee.refresh_from_db()
    assert employee.nip == "196804111993031009"
    assert str(employee.birth_date) == "1968-04-11"
    assert str(employee.tmt_cpns) == "1993-03-01"
    assert employee.sex == "M"
    event = only(events_for(employee))
    assert event.action == "create"
    assert event.changes["name"] == [None, "Siti Rahayu"]


def test_pppk_numbers_are_read_with_the_pppk_layout(org, dinkes_admin):
    employee = actions.create_employee(
        dinkes_admin, employee_type="pppk", nip=PPPK_NI, name="Dewi", rank="IX",
        unit=org["dinkes"],
    )  # fmt: skip

    assert employee.appointment_year == 2025
    assert employee.tmt_cpns is None
    assert employee.sex == "F"


@pytest.mark.parametrize(
    ("nip", "words"),
    [
        ("19681311 199303 1 009", "no month 13"),
        ("1.96804111993031E+17", "converted to a number by Excel"),
        ("19680411 199303 1 00", "17 digits"),
        ("", "is empty"),
    ],
)
def test_nip_problems_are_reported_on_the_nip_field_in_plain_words(org, dinkes_admin, nip, words):
    with pytest.raises(ValidationError) as error:
        actions.create_employee(
            dinkes_admin, employee_type="pns", nip=nip, name="Budi", unit=org["dinkes"]
        )

    assert words in error.value.message_dict["nip"][0]
    assert not Employee.objects.filter(name="Budi").exists()


def test_a_duplicate_nip_names_who_holds_it(org, dinkes_admin, instansi_admin):
    # given
    nip = synthetic_pns_nip(4242)
    EmployeeFactory(nip=nip, name="Rina Lestari", back_title="S.E.", unit=org["disdik_sd"])

    # when
    with pytest.raises(ValidationError) as error:
        actions.create_employee(
            dinkes_admin, employee_type="pns", nip=_grouped(nip), name="Andi", unit=org["dinkes"]
        )

    # then
    message = error.value.message_dict["nip"][0]
    assert "Rina Lestari, S.E." in message
    assert "Bidang SD" in message
    assert not Employee.objects.filter(name="Andi").exists()


@pytest.mark.parametrize(
    ("employee_type", "nip", "rank"),
    [
        ("pns", PNS_NIP, "IX"),
        ("pppk", PPPK_NI, "III/a"),
        ("non_asn", "", "II/a"),
    ],
)
def test_rank_must_fit_the_employee_type(org, dinkes_admin, employee_type, nip, rank):
    with pytest.raises(ValidationError) as error:
        actions.create_employee(
            dinkes_admin, employee_type=employee_type, nip=nip, name="Yuni", rank=rank,
            unit=org["dinkes"],
        )  # fmt: skip

    assert rank in error.value.message_dict["rank"][0] or employee_type == "non_asn"
    assert not Employee.objects.filter(name="Yuni").exists()


def test_rank_and_nip_problems_are_reported_together(org, dinkes_admin):
    with pytest.raises(ValidationError) as error:
        actions.create_employee(
            dinkes_admin, employee_type="pns", nip="12345", name="Yuni", rank="XVII",
            unit=org["dinkes"],
        )  # fmt: skip

    assert set(error.value.message_dict) == {"nip", "rank"}


def test_changing_only_the_type_rechecks_the_rank(org, dinkes_admin):
    employee = EmployeeFactory(unit=org["dinkes"], rank="III/a")

    with pytest.raises(ValidationError) as error:
        actions.update_employee(
            dinkes_admin, employee, employee_type="pppk", nip=synthetic_pppk_ni(7)
        )

    assert "rank" in error.value.message_dict
    assert Employee.objects.get(pk=employee.pk).employee_type == "pns"


def test_non_asn_staff_need_no_nip(org, dinkes_admin):
    employee = actions.create_employee(
        dinkes_admin, employee_type="non_asn", nip="", name="Tenaga Harian", unit=org["dinkes"]
    )

    assert employee.nip is None
    assert employee.nip_grouped == ""


def test_updating_an_employee_records_field_changes(org, dinkes_admin):
    # given
    employee = EmployeeFactory(unit=org["dinkes"], name="Agus", position="Pranata Komputer")

    # when
    actions.update_employee(
        dinkes_admin, employee, name="Agus Santoso", unit=org["dinkes_p2p"], position="Analis"
    )

    # then
    event = only(events_for(employee))
    assert event.action == "update"
    assert event.changes == {
        "name": ["Agus", "Agus Santoso"],
        "position": ["Pranata Komputer", "Analis"],
        "unit": [org["dinkes"].pk, org["dinkes_p2p"].pk],
    }


def test_unit_admin_cannot_move_an_employee_out_of_their_subtree(org, dinkes_admin):
    employee = EmployeeFactory(unit=org["dinkes"])

    with pytest.raises(PermissionDenied):
        actions.update_employee(dinkes_admin, employee, unit=org["disdik"])

    assert Employee.objects.get(pk=employee.pk).unit == org["dinkes"]


def test_unit_admin_cannot_change_or_delete_employees_outside_their_subtree(org, dinkes_admin):
    teacher = EmployeeFactory(unit=org["disdik_sd"], name="Guru")

    with pytest.raises(PermissionDenied):
        actions.update_employee(dinkes_admin, teacher, name="Bukan Guru")
    with pytest.raises(PermissionDenied):
        actions.delete_employee(dinkes_admin, teacher)

    assert Employee.objects.get(pk=teacher.pk).name == "Guru"
    assert not events_for(teacher)


def test_deleting_an_employee_removes_their_personal_accounts(org, dinkes_admin):
    employee = EmployeeFactory(unit=org["dinkes"], name="Heru")
    account = SocialAccountFactory(owner_employee=employee)

    actions.delete_employee(dinkes_admin, employee)

    assert not Employee.objects.filter(pk=employee.pk).exists()
    assert not type(account).objects.filter(pk=account.pk).exists()
    content_type = ContentType.objects.get_for_model(Employee)
    event = AuditEvent.objects.get(content_type=content_type, action="delete")
    assert event.changes["name"] == ["Heru", None]
    assert event.unit_path == org["dinkes"].path


# Roles


def test_unit_admin_appoints_another_admin_of_their_unit(org, dinkes_admin):
    colleague = UserFactory(username="colleague")

    assignment = actions.assign_role(dinkes_admin, colleague, "unit_admin", org["dinkes_p2p"])

    assert assignment.unit == org["dinkes_p2p"]
    assert only(events_for(assignment)).changes == {
        "role": [None, "unit_admin"],
        "user": [None, "colleague"],
    }


def test_unit_admin_cannot_appoint_an_agency_admin(org, dinkes_admin):
    colleague = UserFactory(username="colleague")

    with pytest.raises(PermissionDenied):
        actions.assign_role(dinkes_admin, colleague, "instansi_admin", org["instansi"])

    assert not RoleAssignment.objects.filter(user=colleague).exists()


def test_revoking_a_role_removes_it_and_records_it(org, instansi_admin, dinkes_admin):
    assignment = RoleAssignment.objects.get(user=dinkes_admin)

    actions.revoke_role(instansi_admin, assignment)

    assert not RoleAssignment.objects.filter(user=dinkes_admin).exists()
    assert AuditEvent.objects.filter(action="role", changes={"role": ["unit_admin", None]}).exists()
