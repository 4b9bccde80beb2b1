"""Content team roles (unit admins) and the content settings (agency admins)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from gaung.content import actions, config_actions
from gaung.content.models import ChecklistItem, Purpose, ServiceTime, TeamMembership
from gaung.core import workdays
from gaung.core.models import AuditEvent, HolidayOverride
from gaung.core.permissions import PermissionDenied, ValidationError
from tests.factories import EmployeeFactory, UserFactory


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


def audited(instance, action: str) -> bool:
    return AuditEvent.objects.filter(
        object_id=str(instance.pk), action=action, object_repr=str(instance)[:255]
    ).exists()


# ---------------------------------------------------------------------------------------------
# Team roles
# ---------------------------------------------------------------------------------------------


def test_a_unit_admin_gives_a_role_by_username(asn, org, dinkes_admin, client_for):
    # when the Dinkes admin makes the ASN a designer on Dinkes
    response = client_for(dinkes_admin).post(
        reverse("content:team"), {"unit": org["dinkes"].pk, "login": "asn_p2p", "role": "designer"}
    )

    # then the role exists and is audited
    membership = TeamMembership.objects.get(user=asn, role="designer")
    assert response.status_code == 302
    assert membership.unit == org["dinkes"]
    assert audited(membership, "create")


def test_a_unit_admin_gives_a_role_by_nip(asn, org, dinkes_admin, client_for):
    nip = asn.employee.nip

    client_for(dinkes_admin).post(
        reverse("content:team"), {"unit": org["dinkes_p2p"].pk, "login": nip, "role": "publisher"}
    )

    assert TeamMembership.objects.filter(user=asn, role="publisher").exists()


def test_people_outside_the_admins_units_cannot_be_given_a_role(org, dinkes_admin, client_for):
    # given a teacher of Disdik with a login
    teacher = UserFactory(username="guru")
    EmployeeFactory(unit=org["disdik_sd"], user=teacher)

    # when the Dinkes admin tries to add them
    response = client_for(dinkes_admin).post(
        reverse("content:team"), {"unit": org["dinkes"].pk, "login": "guru", "role": "designer"}
    )

    # then the form says so
    assert response.status_code == 200
    assert "Nobody in your units" in response.content.decode()
    assert not TeamMembership.objects.exists()


def test_a_unit_admin_cannot_give_roles_on_another_unit(asn, org, disdik_admin, client_for):
    # when the Disdik admin posts a role on Dinkes
    response = client_for(disdik_admin).post(
        reverse("content:team"), {"unit": org["dinkes"].pk, "login": "asn_p2p", "role": "designer"}
    )

    # then the unit is not a valid choice, and the action refuses too
    assert response.status_code == 200 and not TeamMembership.objects.exists()
    with pytest.raises(PermissionDenied):
        actions.add_team_role(disdik_admin, user=asn, unit=org["dinkes"], role="designer")


def test_the_team_page_lists_members_of_the_admins_units_only(
    asn, org, dinkes_admin, disdik_admin, client_for
):
    # given a contributor on Dinkes
    TeamMembership.objects.create(user=asn, unit=org["dinkes"], role="contributor")

    # when both admins open the page
    dinkes_page = client_for(dinkes_admin).get(reverse("content:team")).content.decode()
    disdik_page = client_for(disdik_admin).get(reverse("content:team")).content.decode()

    # then
    assert "@asn_p2p" in dinkes_page
    assert "@asn_p2p" not in disdik_page


def test_a_unit_admin_removes_a_role_and_it_is_audited(asn, org, dinkes_admin, client_for):
    membership = TeamMembership.objects.create(user=asn, unit=org["dinkes"], role="contributor")

    client_for(dinkes_admin).post(reverse("content:team_remove", args=[membership.pk]))

    assert not TeamMembership.objects.exists()
    assert AuditEvent.objects.filter(object_id=str(membership.pk), action="delete").exists()


def test_another_units_admin_and_an_asn_cannot_remove_a_role(asn, org, disdik_admin, client_for):
    membership = TeamMembership.objects.create(user=asn, unit=org["dinkes"], role="contributor")
    url = reverse("content:team_remove", args=[membership.pk])

    other = client_for(disdik_admin).post(url)
    own = client_for(asn).post(url)

    assert (other.status_code, own.status_code) == (404, 403)
    assert TeamMembership.objects.exists()


# ---------------------------------------------------------------------------------------------
# Who configures
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["config_purposes", "config_checklist", "config_service_times", "config_holidays"]
)
def test_only_agency_admins_open_the_settings(name, instansi_admin, dinkes_admin, client_for):
    url = reverse(f"content:{name}")

    assert client_for(instansi_admin).get(url).status_code == 200
    assert client_for(dinkes_admin).get(url).status_code == 403


def test_a_unit_admin_cannot_change_settings_through_the_actions(dinkes_admin):
    with pytest.raises(PermissionDenied):
        config_actions.add_purpose(dinkes_admin, name="Promosi")


# ---------------------------------------------------------------------------------------------
# Purposes
# ---------------------------------------------------------------------------------------------


def test_an_agency_admin_adds_a_purpose_with_a_code_from_its_name(instansi_admin, client_for):
    # when
    client_for(instansi_admin).post(
        reverse("content:config_purposes"), {"new-name": "Ucapan Hari Besar"}
    )

    # then it is last, not informative (the box was left unticked), and audited
    purpose = Purpose.objects.get(name="Ucapan Hari Besar")
    assert purpose.code == "ucapan-hari-besar"
    assert purpose.is_informative is False
    assert purpose.order == Purpose.objects.order_by("-order").first().order
    assert audited(purpose, "create")


def test_a_purpose_name_cannot_be_added_twice(instansi_admin):
    with pytest.raises(ValidationError):
        config_actions.add_purpose(instansi_admin, name="informasi")


def test_an_agency_admin_renames_and_deactivates_a_purpose(instansi_admin, client_for):
    # given
    purpose = Purpose.objects.get(code="hiburan")

    # when renamed, made informative and deactivated in one row form
    client_for(instansi_admin).post(
        reverse("content:config_purposes"),
        {"pk": purpose.pk, "name": "Hiburan edukatif", "is_informative": "on"},
    )

    # then the code stays, the change is audited field by field
    purpose.refresh_from_db()
    assert (purpose.code, purpose.name, purpose.is_informative, purpose.is_active) == (
        "hiburan", "Hiburan edukatif", True, False)  # fmt: skip
    event = AuditEvent.objects.filter(object_id=str(purpose.pk), action="update").get()
    assert event.changes["name"] == ["Hiburan", "Hiburan edukatif"]
    assert event.changes["is_active"] == [True, False]


# ---------------------------------------------------------------------------------------------
# Review checklist
# ---------------------------------------------------------------------------------------------


def test_an_agency_admin_adds_and_reorders_checklist_points(instansi_admin, client_for):
    client = client_for(instansi_admin)
    url = reverse("content:config_checklist")

    # when a point is added, then moved up one place
    client.post(url, {"new-label": "Logo instansi terpasang"})
    point = ChecklistItem.objects.get(label="Logo instansi terpasang")
    client.post(url, {"pk": point.pk, "move": "up"})

    # then it is second to last
    labels = list(ChecklistItem.objects.values_list("label", flat=True))
    assert labels[-2] == "Logo instansi terpasang"
    assert audited(point, "create")


def test_moving_the_first_point_up_changes_nothing(instansi_admin):
    first = ChecklistItem.objects.first()
    before = list(ChecklistItem.objects.values_list("pk", flat=True))

    config_actions.move_checklist_item(instansi_admin, first, -1)

    assert list(ChecklistItem.objects.values_list("pk", flat=True)) == before


def test_a_deactivated_point_is_no_longer_required_to_approve(instansi_admin, asn, org, client_for):
    # given an item whose checklist has every point ticked but one
    TeamMembership.objects.create(user=asn, unit=org["dinkes"], role="contributor")
    item = actions.create_item(
        asn, unit=org["dinkes"], title="Uji", pillar="core",
        purpose=Purpose.objects.get(code="informasi"),
    )  # fmt: skip
    points = list(ChecklistItem.objects.all())
    item.checks.create(version=item.version, ticked={str(p.pk): True for p in points[:-1]})
    assert not actions.checklist_complete(item)

    # when the last point is deactivated on the settings page
    client_for(instansi_admin).post(
        reverse("content:config_checklist"), {"pk": points[-1].pk, "label": points[-1].label}
    )

    # then the checklist is complete
    points[-1].refresh_from_db()
    assert points[-1].is_active is False
    assert actions.checklist_complete(item)


# ---------------------------------------------------------------------------------------------
# Service times
# ---------------------------------------------------------------------------------------------


def test_an_agency_admin_sets_and_clears_service_times(instansi_admin, client_for):
    # when review gets 3 days and approval no deadline
    client_for(instansi_admin).post(
        reverse("content:config_service_times"),
        {"submitted": 1, "in_design": 2, "in_review": 3, "revision_requested": 2, "approved": ""},
    )

    # then
    times = dict(ServiceTime.objects.values_list("state", "working_days"))
    assert times == {"submitted": 1, "in_design": 2, "in_review": 3, "revision_requested": 2}
    assert actions.due_for("approved", timezone.now()) is None
    assert AuditEvent.objects.filter(action="delete", changes__working_days=[1, None]).exists()


def test_service_times_over_sixty_days_are_refused(instansi_admin, client_for):
    response = client_for(instansi_admin).post(
        reverse("content:config_service_times"), {"in_review": 90}
    )

    assert response.status_code == 200
    assert ServiceTime.objects.get(state="in_review").working_days == 1


def test_drafts_have_no_service_time(instansi_admin):
    with pytest.raises(ValidationError):
        config_actions.set_service_times(instansi_admin, {"draft": 2})


# ---------------------------------------------------------------------------------------------
# Holiday overrides
# ---------------------------------------------------------------------------------------------


def test_the_holiday_page_lists_national_holidays_next_to_corrections(instansi_admin, client_for):
    # given a regional holiday in 2026
    HolidayOverride.objects.create(date=datetime.date(2026, 8, 12), name="Hari Jadi Kota")

    # when the 2026 page is opened
    body = (
        client_for(instansi_admin)
        .get(reverse("content:config_holidays"), {"year": 2026})
        .content.decode()
    )

    # then both the package's and the agency's days are listed
    assert "Hari Kemerdekaan Republik Indonesia" in body
    assert "Hari Jadi Kota" in body
    assert 'data-testid="holiday-2026-08-12"' in body
    # and years are written without a thousands separator
    assert "Days off in 2026" in body and 'href="?year=2027"' in body


def test_an_agency_admin_adds_a_correction_that_deadlines_count_at_once(instansi_admin, client_for):
    # when Independence Day 2026 is declared a working day
    response = client_for(instansi_admin).post(
        reverse("content:config_holidays"),
        {"date": "2026-08-17", "name": "Tetap masuk", "is_working_day": "1"},
    )

    # then
    override = HolidayOverride.objects.get()
    assert response["Location"].endswith("?year=2026")
    assert override.is_working_day and override.created_by == instansi_admin
    assert workdays.is_working_day(datetime.date(2026, 8, 17))
    assert audited(override, "create")


def test_a_day_cannot_have_two_corrections(instansi_admin, client_for):
    HolidayOverride.objects.create(date=datetime.date(2026, 8, 12), name="Hari Jadi Kota")

    response = client_for(instansi_admin).post(
        reverse("content:config_holidays"),
        {"date": "2026-08-12", "name": "Lagi", "is_working_day": "0"},
    )

    assert response.status_code == 200
    assert "already has a correction" in response.content.decode()
    assert HolidayOverride.objects.count() == 1


def test_an_agency_admin_removes_a_correction(instansi_admin, client_for):
    override = HolidayOverride.objects.create(date=datetime.date(2026, 8, 12), name="Hari Jadi")

    response = client_for(instansi_admin).post(
        reverse("content:config_holiday_delete", args=[override.pk])
    )

    assert response["Location"].endswith("?year=2026")
    assert not HolidayOverride.objects.exists()
    assert AuditEvent.objects.filter(object_id=str(override.pk), action="delete").exists()
