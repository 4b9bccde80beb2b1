"""The demo city: realistic, valid, deterministic, quick, and safe to seed twice."""

import io
import time
from collections import Counter

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import Client

from gaung.core.models import AuditEvent
from gaung.registry import demo
from gaung.registry.choices import PNS_RANKS, PPPK_GRADES, Role, UnitKind
from gaung.registry.models import PATH_SEGMENT_WIDTH, Employee, OrganisationUnit, RoleAssignment
from gaung.registry.nip import parse_employee_number
from gaung.registry.scope import scope_for
from gaung.socials.handles import normalise_account
from gaung.socials.models import SocialAccount
from tests.factories import UnitFactory

SMALL_CITY = 400


def seed_demo(**options) -> str:
    """Run the command as a person would and return what it printed."""
    out = io.StringIO()
    options.setdefault("employees", SMALL_CITY)
    call_command("seed_demo", stdout=out, **options)
    return out.getvalue()


@pytest.fixture
def seeded(db) -> str:
    return seed_demo()


def city_snapshot() -> tuple[list, list, list]:
    """Everything seeded that does not depend on primary keys or the wall clock."""
    units = list(
        OrganisationUnit.objects.order_by("path").values_list("depth", "name", "kind", "code")
    )
    employees = list(
        Employee.objects.order_by("pk").values_list(
            "nip",
            "employee_type",
            "front_title",
            "name",
            "back_title",
            "rank",
            "position",
            "unit__name",
            "email",
        )
    )
    accounts = list(
        SocialAccount.objects.order_by("pk").values_list(
            "platform",
            "handle",
            "followers",
            "status",
            "rejection_reason",
            "owner_unit__name",
            "owner_employee__nip",
        )
    )
    return units, employees, accounts


def test_demo_city_has_about_thirty_departments_each_with_units_below(seeded):
    root = demo.demo_root()
    departments = list(OrganisationUnit.objects.filter(parent=root))
    names = {unit.name for unit in departments}

    assert root.kind == UnitKind.INSTANSI and root.time_zone == "Asia/Jakarta"
    assert 28 <= len(departments) <= 34
    assert {
        "Sekretariat Daerah", "Sekretariat DPRD", "Inspektorat Daerah", "Dinas Kesehatan",
        "Dinas Pendidikan", "Rumah Sakit Umum Daerah Kota Harapan", "Satuan Polisi Pamong Praja",
        "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
    } <= names  # fmt: skip
    assert all(unit.children.exists() for unit in departments)
    kecamatan = [unit for unit in departments if unit.kind == UnitKind.KECAMATAN]
    assert 3 <= len(kecamatan) <= 5
    assert all(unit.children.filter(kind=UnitKind.KELURAHAN).exists() for unit in kecamatan)
    dinkes = root.children.get(name="Dinas Kesehatan")
    assert dinkes.children.filter(kind=UnitKind.UPT, name__startswith="UPT Puskesmas").count() >= 5


def test_unit_paths_and_depths_follow_the_parent_chain(seeded):
    for unit in OrganisationUnit.objects.select_related("parent"):
        parent_path = unit.parent.path if unit.parent else ""
        assert unit.path == f"{parent_path}{unit.pk:0{PATH_SEGMENT_WIDTH}d}."
        assert unit.depth == (unit.parent.depth + 1 if unit.parent else 0)


def test_every_employee_number_is_valid_and_its_decoded_fields_are_stored(seeded):
    employees = list(Employee.objects.all())

    assert len(employees) == SMALL_CITY
    for employee in employees:
        if employee.employee_type == "non_asn":
            assert employee.nip is None
            continue
        decoded = parse_employee_number(employee.nip, employee.employee_type)
        assert (employee.birth_date, employee.sex) == (decoded.birth_date, decoded.sex)
        assert employee.tmt_cpns == decoded.tmt_cpns
        assert employee.appointment_year == decoded.appointment_year


def test_employees_are_mostly_pns_with_a_fifth_pppk_and_ranks_that_fit_their_type(db):
    # Every unit's head is a PNS: a city big enough for its staff to outnumber its heads.
    seed_demo(employees=1500)
    employees = list(Employee.objects.all())
    types = Counter(employee.employee_type for employee in employees)

    assert types["pns"] > len(employees) / 2
    assert 0.12 <= types["pppk"] / len(employees) <= 0.30
    assert types["pppk_pw"] > 0 and types["non_asn"] > 0
    for employee in employees:
        if employee.employee_type == "pns":
            assert employee.rank in PNS_RANKS
        elif employee.employee_type == "pppk":
            assert employee.rank in PPPK_GRADES


def test_government_emails_are_unique_and_on_the_city_domain(seeded):
    emails = [e for e in Employee.objects.values_list("email", flat=True) if e]

    assert len(emails) == len(set(emails)) > SMALL_CITY * 0.9
    assert all(email.endswith("@kotaharapan.go.id") for email in emails)


def test_about_sixty_percent_of_employees_have_a_personal_account(seeded):
    owners = set(SocialAccount.objects.personal().values_list("owner_employee", flat=True))
    platforms = Counter(SocialAccount.objects.personal().values_list("platform", flat=True))

    assert 0.5 <= len(owners) / SMALL_CITY <= 0.7
    assert platforms.most_common(1)[0][0] == "instagram"
    assert set(platforms) == {"instagram", "facebook", "tiktok", "youtube", "x", "threads"}


def test_account_statuses_are_mixed_and_reviews_say_who_and_why(seeded):
    accounts = list(SocialAccount.objects.all())
    statuses = Counter(account.status for account in accounts)

    assert statuses["verified"] > len(accounts) / 2
    assert statuses["unverified"] > 0 and statuses["rejected"] > 0
    for account in accounts:
        if account.status == "rejected":
            assert account.rejection_reason
        if account.status in {"verified", "rejected"}:
            assert account.verified_by_id and account.verified_at
        if account.status == "unverified":
            assert account.verified_by_id is None


def test_every_handle_is_the_canonical_form_of_its_profile_address(seeded):
    for account in SocialAccount.objects.all():
        normalised = normalise_account(account.platform, account.profile_url)
        assert (normalised.handle, normalised.kind) == (account.handle, account.handle_kind)


def test_every_department_has_an_official_instagram_account(seeded):
    root = demo.demo_root()
    for department in root.children.all():
        assert department.official_accounts.filter(platform="instagram").exists(), department

    dinkes_instagram = SocialAccount.objects.get(platform="instagram", handle="dinkes.kotaharapan")
    assert dinkes_instagram.owner_unit.name == "Dinas Kesehatan"


def test_demo_logins_are_printed_and_log_in_with_their_roles(seeded):
    root = demo.demo_root()
    dinkes = root.children.get(name="Dinas Kesehatan")
    users = get_user_model().objects

    for username in ("superadmin", "bkpsdm", "admin.dinkes"):
        assert username in seeded
        assert Client().login(username=username, password=demo.DEMO_PASSWORD)
    assert demo.DEMO_PASSWORD in seeded
    assert users.get(username="superadmin").is_superuser
    assert RoleAssignment.objects.filter(
        user__username="bkpsdm", role=Role.INSTANSI_ADMIN, unit=root
    ).exists()
    admin_dinkes = users.get(username="admin.dinkes")
    assert RoleAssignment.objects.filter(
        user=admin_dinkes, role=Role.UNIT_ADMIN, unit=dinkes
    ).exists()
    assert not scope_for(admin_dinkes).administers(root.children.get(name="Dinas Pendidikan"))


def test_demo_asn_logs_in_with_their_nip_and_has_one_unverified_instagram_account(seeded):
    employee = Employee.objects.get(user__isnull=False)
    accounts = list(employee.social_accounts.all())

    assert employee.user.username == employee.nip
    assert employee.nip in seeded
    assert employee.unit.parent.name == "Dinas Kesehatan"
    assert employee.unit.kind == UnitKind.BIDANG
    assert [(a.platform, a.status) for a in accounts] == [("instagram", "unverified")]
    assert Client().login(username=employee.nip, password=demo.DEMO_PASSWORD)
    assert not scope_for(employee.user).is_admin


def test_seeding_records_one_audit_event_on_the_agency(seeded):
    root = demo.demo_root()
    events = list(AuditEvent.objects.all())

    assert len(events) == 1
    assert events[0].object_id == str(root.pk) and events[0].unit_path == root.path
    assert f"seed {demo.DEFAULT_SEED}" in events[0].note
    assert f"{SMALL_CITY} employees" in events[0].note


def test_seeding_again_creates_nothing_more_and_prints_the_logins_again(seeded):
    before = city_snapshot()

    output = seed_demo()

    assert "already present" in output
    assert "bkpsdm" in output
    assert city_snapshot() == before
    assert AuditEvent.objects.count() == 1


def test_seeding_again_gives_the_demo_logins_their_printed_password_back(seeded):
    user = get_user_model().objects.get(username="bkpsdm")
    user.set_password("something-else-entirely")
    user.save()

    seed_demo()

    assert Client().login(username="bkpsdm", password=demo.DEMO_PASSWORD)


def test_the_same_seed_gives_the_same_city(seeded):
    first = city_snapshot()

    seed_demo(reset=True)

    assert city_snapshot() == first


def test_another_seed_gives_other_people(seeded):
    first_nips = set(Employee.objects.values_list("nip", flat=True))

    seed_demo(reset=True, seed=8)

    assert not (first_nips - {None}) & set(Employee.objects.values_list("nip", flat=True))


def test_reset_wipes_other_registry_data_and_its_logins_first(seeded):
    stray = UnitFactory(name="Pemerintah Kabupaten Lain", kind="instansi", parent=None)
    asn_username = Employee.objects.get(user__isnull=False).user.username

    seed_demo(reset=True)

    assert not OrganisationUnit.objects.filter(pk=stray.pk).exists()
    assert OrganisationUnit.objects.filter(parent=None).count() == 1
    assert Employee.objects.count() == SMALL_CITY
    assert get_user_model().objects.filter(username=asn_username).count() == 1
    assert AuditEvent.objects.count() == 1


def test_too_few_employees_for_the_units_is_refused_and_creates_nothing(db):
    with pytest.raises(CommandError, match="at least"):
        seed_demo(employees=10)

    assert not OrganisationUnit.objects.exists()
    assert not get_user_model().objects.exists()


def test_the_full_demo_city_is_seeded_within_fifteen_seconds(db):
    started = time.perf_counter()

    seed_demo(employees=demo.DEFAULT_EMPLOYEES)

    assert time.perf_counter() - started < 15
    assert Employee.objects.count() == demo.DEFAULT_EMPLOYEES
