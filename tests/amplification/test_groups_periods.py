"""Employee groups (members pasted as NIPs) and the agency's election periods."""

import csv
import datetime
import io

import pytest
from django.urls import reverse

from gaung.amplification import actions
from gaung.amplification.forms import split_nips
from gaung.amplification.models import ElectionPeriod, EmployeeGroup
from gaung.registry.models import Employee
from tests.factories import EmployeeFactory

GROUPS_URL = reverse("amplification:group_list")
NEW_GROUP_URL = reverse("amplification:group_create")
PERIODS_URL = reverse("amplification:period_list")
NEW_PERIOD_URL = reverse("amplification:period_create")

NIP_A = "196804111993031009"
NIP_B = "197001012000032001"
NIP_C = "198505152010011002"


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


def grouped(nip: str) -> str:
    return f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}"


# ---------------------------------------------------------------------------------------------
# Reading pasted NIPs
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"{NIP_A}\n{NIP_B}", [(1, NIP_A), (2, NIP_B)]),
        (f"{NIP_A}, {NIP_B};{NIP_C}", [(1, NIP_A), (1, NIP_B), (1, NIP_C)]),
        (f"{NIP_A}\t{NIP_B}\r\n\r\n{NIP_C}", [(1, NIP_A), (1, NIP_B), (3, NIP_C)]),
        (f"{grouped(NIP_A)}\n {grouped(NIP_B)} ", [(1, NIP_A), (2, NIP_B)]),
        (f"{grouped(NIP_A)} {grouped(NIP_B)}", [(1, NIP_A), (1, NIP_B)]),
        (f"'{NIP_A}\n{NIP_B} ", [(1, NIP_A), (2, NIP_B)]),
    ],
    ids=["lines", "commas", "tabs-and-blank-lines", "grouped", "grouped-on-one-line", "excel"],
)
def test_pasted_nips_are_read_however_they_were_copied(text, expected):
    # when
    found, problems = split_nips(text)

    # then
    assert (found, problems) == (expected, [])


def test_pasted_text_that_is_not_a_nip_is_reported_with_its_line():
    # when
    found, problems = split_nips(f"{NIP_A}\n1968 0411\nNIP-{NIP_B}x")

    # then
    assert found == [(1, NIP_A)]
    assert problems == [
        (2, "Line 2: “1968 0411” is not an 18-digit NIP."),
        (3, f"Line 3: “NIP-{NIP_B}x” is not an 18-digit NIP."),
    ]


def test_headers_and_names_copied_next_to_the_nips_are_passed_over():
    # when
    found, problems = split_nips(f"NIP\tNama\n{NIP_A}\tSiti Rahayu\n{NIP_B}\tBudi")

    # then
    assert (found, problems) == ([(2, NIP_A), (3, NIP_B)], [])


# ---------------------------------------------------------------------------------------------
# Groups
# ---------------------------------------------------------------------------------------------


@pytest.fixture
def people(org):
    return {
        "a": EmployeeFactory(unit=org["dinkes_p2p"], nip=NIP_A, name="Ani"),
        "b": EmployeeFactory(unit=org["dinkes"], nip=NIP_B, name="Bayu"),
        "disdik": EmployeeFactory(unit=org["disdik_sd"], nip=NIP_C, name="Citra"),
    }


def test_an_admin_makes_a_group_by_pasting_nips(client_for, org, dinkes_admin, people):
    # when
    response = client_for(dinkes_admin).post(
        NEW_GROUP_URL,
        {
            "unit": org["dinkes"].pk,
            "name": "Duta Digital",
            "description": "Tim penggerak",
            "add_nips": f"{grouped(NIP_A)}\n{NIP_B}, {NIP_A}",
        },
        follow=True,
    )

    # then
    group = EmployeeGroup.objects.get()
    assert response.redirect_chain[-1][0] == GROUPS_URL
    assert "saved with 2 members" in response.content.decode()
    assert set(group.members.all()) == {people["a"], people["b"]}
    assert (group.unit, group.description) == (org["dinkes"], "Tim penggerak")


def test_the_new_group_form_offers_only_the_admins_units(client_for, org, dinkes_admin):
    # when
    response = client_for(dinkes_admin).get(NEW_GROUP_URL)

    # then
    form = response.context["form"]
    assert list(form.fields["unit"].queryset) == [org["dinkes"], org["dinkes_p2p"]]
    assert "remove" not in form.fields
    assert 'name="add_nips"' in response.content.decode()


def test_unknown_nips_and_employees_of_other_units_are_reported_by_line(
    client_for, org, dinkes_admin, people
):
    # when
    response = client_for(dinkes_admin).post(
        NEW_GROUP_URL,
        {
            "unit": org["dinkes"].pk,
            "name": "Duta Digital",
            "add_nips": f"{NIP_A}\n{NIP_C}\n199001012015011001\nNo. 12",
        },
    )

    # then
    assert response.status_code == 200
    assert response.context["form"].errors["add_nips"] == [
        f"Line 2: no employee of your units has NIP {NIP_C}.",
        "Line 3: no employee of your units has NIP 199001012015011001.",
        "Line 4: “No. 12” is not an 18-digit NIP.",
    ]
    assert 'data-testid="nip-errors"' in response.content.decode()
    assert not EmployeeGroup.objects.exists()


def test_members_are_removed_by_ticking_them_and_added_by_nip(
    client_for, org, dinkes_admin, people
):
    # given
    group = actions.save_group(
        dinkes_admin, unit=org["dinkes"], name="Duta Digital", members=[people["a"]]
    )
    newcomer = EmployeeFactory(unit=org["dinkes_p2p"], name="Dewi")
    url = reverse("amplification:group_edit", args=[group.pk])
    client = client_for(dinkes_admin)

    # when
    page = client.get(url)
    client.post(
        url,
        {
            "unit": org["dinkes"].pk,
            "name": "Duta Digital",
            "remove": [people["a"].pk],
            "add_nips": f"{NIP_B}\n{newcomer.nip}",
        },
    )

    # then
    assert f'value="{people["a"].pk}"' in page.content.decode()
    assert "Ani" in page.content.decode()
    assert set(group.members.all()) == {people["b"], newcomer}


def test_saving_a_group_without_membership_changes_keeps_its_members(
    client_for, org, dinkes_admin, people
):
    # given
    group = actions.save_group(
        dinkes_admin, unit=org["dinkes"], name="Duta Digital", members=[people["a"]]
    )

    # when
    client_for(dinkes_admin).post(
        reverse("amplification:group_edit", args=[group.pk]),
        {"unit": org["dinkes"].pk, "name": "Duta Digital Dinkes"},
    )

    # then
    group.refresh_from_db()
    assert group.name == "Duta Digital Dinkes"
    assert list(group.members.all()) == [people["a"]]


def test_a_group_name_is_unique_within_its_unit(client_for, org, dinkes_admin):
    # given
    actions.save_group(dinkes_admin, unit=org["dinkes"], name="Duta Digital")

    # when
    response = client_for(dinkes_admin).post(
        NEW_GROUP_URL, {"unit": org["dinkes"].pk, "name": "Duta Digital"}
    )

    # then
    assert "already has a group with this name" in " ".join(response.context["form"].errors["name"])
    assert EmployeeGroup.objects.count() == 1


def test_the_group_list_shows_the_admins_groups_with_their_sizes_and_exports_them(
    client_for, org, dinkes_admin, disdik_admin, people
):
    # given
    actions.save_group(
        dinkes_admin, unit=org["dinkes"], name="Duta Digital",
        members=[people["a"], people["b"]],
    )  # fmt: skip
    actions.save_group(disdik_admin, unit=org["disdik"], name="Guru Penggerak")
    client = client_for(dinkes_admin)

    # when
    page = client.get(GROUPS_URL)
    exported = client.get(GROUPS_URL, {"export": "csv"})

    # then
    assert [(g.name, g.member_count) for g in page.context["rows"]] == [("Duta Digital", 2)]
    rows = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Name", "Owning unit", "Members"]
    assert rows[1][:3] == ["Duta Digital", "Dinas Kesehatan", "2"]
    assert len(rows) == 2


def test_deleting_a_group_keeps_its_members_in_the_registry(client_for, org, dinkes_admin, people):
    # given
    group = actions.save_group(
        dinkes_admin, unit=org["dinkes"], name="Duta Digital", members=[people["a"]]
    )

    # when
    response = client_for(dinkes_admin).post(reverse("amplification:group_delete", args=[group.pk]))

    # then
    assert response["Location"] == GROUPS_URL
    assert not EmployeeGroup.objects.exists()
    assert Employee.objects.filter(pk=people["a"].pk).exists()


def test_another_units_admin_cannot_open_or_delete_a_group(
    client_for, org, dinkes_admin, disdik_admin
):
    # given
    group = actions.save_group(dinkes_admin, unit=org["dinkes"], name="Duta Digital")
    client = client_for(disdik_admin)

    # when
    opened = client.get(reverse("amplification:group_edit", args=[group.pk]))
    deleted = client.post(reverse("amplification:group_delete", args=[group.pk]))

    # then
    assert (opened.status_code, deleted.status_code) == (404, 404)
    assert EmployeeGroup.objects.filter(pk=group.pk).exists()


# ---------------------------------------------------------------------------------------------
# Election periods
# ---------------------------------------------------------------------------------------------


def period_form(org, **overrides):
    data = {
        "instansi": org["instansi"].pk,
        "name": "Pilkada 2029",
        "starts_on": "2029-09-01",
        "ends_on": "2029-11-30",
    }
    data.update(overrides)
    return data


def test_an_agency_admin_sets_an_election_period(client_for, org, instansi_admin):
    # given
    client = client_for(instansi_admin)

    # when
    created = client.post(NEW_PERIOD_URL, period_form(org))
    listed = client.get(PERIODS_URL)

    # then
    period = ElectionPeriod.objects.get()
    assert created["Location"] == PERIODS_URL
    assert (period.instansi, period.starts_on, period.ends_on) == (
        org["instansi"], datetime.date(2029, 9, 1), datetime.date(2029, 11, 30),
    )  # fmt: skip
    body = listed.content.decode()
    assert "Pilkada 2029" in body and "1 Sep 2029" in body


def test_the_agency_is_preselected_when_the_admin_has_one(client_for, org, instansi_admin):
    # when
    response = client_for(instansi_admin).get(NEW_PERIOD_URL)

    # then
    assert response.context["form"]["instansi"].value() == org["instansi"].pk


def test_the_period_form_shows_the_periods_dates_and_history(client_for, org, instansi_admin):
    # given
    period = actions.save_election_period(
        instansi_admin, instansi=org["instansi"], name="Pilkada",
        starts_on=datetime.date(2029, 9, 1), ends_on=datetime.date(2029, 11, 30),
    )  # fmt: skip

    # when
    response = client_for(instansi_admin).get(
        reverse("amplification:period_edit", args=[period.pk])
    )

    # then
    body = response.content.decode()
    assert 'value="2029-09-01"' in body and 'value="2029-11-30"' in body
    assert "Change history" in body


def test_an_election_period_must_not_end_before_it_starts(client_for, org, instansi_admin):
    # when
    response = client_for(instansi_admin).post(
        NEW_PERIOD_URL, period_form(org, starts_on="2029-11-30", ends_on="2029-09-01")
    )

    # then
    assert response.context["form"].errors["ends_on"]
    assert not ElectionPeriod.objects.exists()


def test_an_agency_admin_changes_and_deletes_an_election_period(client_for, org, instansi_admin):
    # given
    period = actions.save_election_period(
        instansi_admin, instansi=org["instansi"], name="Pilkada",
        starts_on=datetime.date(2029, 9, 1), ends_on=datetime.date(2029, 11, 30),
    )  # fmt: skip
    client = client_for(instansi_admin)

    # when
    client.post(
        reverse("amplification:period_edit", args=[period.pk]),
        period_form(org, name="Pilkada Serentak", ends_on="2029-12-15"),
    )
    period.refresh_from_db()
    changed = (period.name, period.ends_on)
    deleted = client.post(reverse("amplification:period_delete", args=[period.pk]))

    # then
    assert changed == ("Pilkada Serentak", datetime.date(2029, 12, 15))
    assert deleted["Location"] == PERIODS_URL
    assert not ElectionPeriod.objects.exists()


def test_unit_admins_may_not_manage_election_periods(client_for, org, dinkes_admin, asn):
    # when
    answers = [
        client_for(user).get(url)
        for user in (dinkes_admin, asn)
        for url in (PERIODS_URL, NEW_PERIOD_URL)
    ]
    posted = client_for(dinkes_admin).post(NEW_PERIOD_URL, period_form(org))

    # then
    assert [answer.status_code for answer in answers] == [403, 403, 403, 403]
    assert posted.status_code == 403
    assert not ElectionPeriod.objects.exists()


def test_the_period_list_exports_its_rows(client_for, org, instansi_admin):
    # given
    actions.save_election_period(
        instansi_admin, instansi=org["instansi"], name="Pilkada",
        starts_on=datetime.date(2029, 9, 1), ends_on=datetime.date(2029, 11, 30),
    )  # fmt: skip

    # when
    response = client_for(instansi_admin).get(PERIODS_URL, {"export": "csv"})

    # then
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows == [
        ["Name", "Agency", "First day", "Last day"],
        ["Pilkada", "Pemerintah Kota Contoh", "2029-09-01", "2029-11-30"],
    ]
