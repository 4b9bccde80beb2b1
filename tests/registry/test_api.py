"""Registry API: units with counts and the tree, employees, role assignments; scope and errors."""

import pytest
from django.urls import reverse

from gaung.core.audit import events_for
from gaung.registry.models import Employee, OrganisationUnit, RoleAssignment
from gaung.registry.synthetic import synthetic_pns_nip, synthetic_pppk_ni
from tests.audit_helpers import only
from tests.factories import EmployeeFactory, SocialAccountFactory, UserFactory

SITI_NIP = "196804111993031009"


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def staff(org):
    """Two Dinkes employees (one with two accounts), one Disdik teacher, an official account."""
    siti = EmployeeFactory(unit=org["dinkes_p2p"], name="Siti Rahayu", nip=SITI_NIP, rank="IV/a")
    budi = EmployeeFactory(
        unit=org["dinkes"], employee_type="pppk", nip=synthetic_pppk_ni(5), name="Budi", rank="IX"
    )
    rina = EmployeeFactory(unit=org["disdik_sd"], name="Rina Lestari")
    SocialAccountFactory(owner_employee=siti)
    SocialAccountFactory(owner_employee=siti, platform="tiktok")
    SocialAccountFactory(owner_employee=None, owner_unit=org["dinkes"])
    return {"siti": siti, "budi": budi, "rina": rina}


def _results(response) -> list[dict]:
    assert response.status_code == 200, response.content
    return response.json()["results"]


# Who may call the API


@pytest.mark.parametrize(
    "url_name", ["unit-list", "unit-tree", "employee-list", "role-assignment-list"]
)
def test_an_asn_is_refused_and_anonymous_callers_must_authenticate(org, asn, api_for, url_name):
    url = reverse(url_name)

    assert api_for(asn).get(url).status_code == 403
    assert api_for(None).get(url).status_code in {401, 403}


def test_an_asn_cannot_write_through_the_api(org, asn, api_for):
    client = api_for(asn)

    responses = [
        client.post(reverse("unit-list"), {"parent": org["dinkes"].pk, "name": "X", "kind": "upt"}),
        client.patch(reverse("employee-detail", args=[asn.employee_record.pk]), {"name": "Lain"}),
        client.delete(reverse("unit-detail", args=[org["disdik_sd"].pk])),
    ]

    assert {response.status_code for response in responses} == {403}
    assert Employee.objects.get(pk=asn.employee_record.pk).name == "Siti Rahayu"
    assert OrganisationUnit.objects.filter(pk=org["disdik_sd"].pk).exists()


# Units


def test_unit_list_is_scoped_and_carries_subtree_counts(org, staff, dinkes_admin, api_for):
    results = _results(api_for(dinkes_admin).get(reverse("unit-list")))

    by_name = {unit["name"]: unit for unit in results}
    assert set(by_name) == {"Dinas Kesehatan", "Bidang P2P"}
    dinkes = by_name["Dinas Kesehatan"]
    assert (dinkes["employee_count"], dinkes["official_account_count"]) == (2, 1)
    assert (dinkes["personal_account_count"], dinkes["account_count"]) == (2, 3)
    assert dinkes["path"] == org["dinkes"].path
    assert dinkes["depth"] == 1


def test_unit_list_filters_by_search_kind_and_parent(org, superadmin, api_for):
    client = api_for(superadmin)

    searched = _results(client.get(reverse("unit-list"), {"search": "disdik"}))
    bidang = _results(client.get(reverse("unit-list"), {"kind": "bidang"}))
    children = _results(client.get(reverse("unit-list"), {"parent": org["instansi"].pk}))

    assert [unit["name"] for unit in searched] == ["Dinas Pendidikan"]
    assert {unit["name"] for unit in bidang} == {"Bidang P2P", "Bidang SD"}
    assert {unit["name"] for unit in children} == {"Dinas Kesehatan", "Dinas Pendidikan"}


def test_units_outside_the_scope_answer_404_and_stay_unchanged(org, dinkes_admin, api_for):
    client = api_for(dinkes_admin)
    url = reverse("unit-detail", args=[org["disdik"].pk])

    statuses = [
        client.get(url).status_code,
        client.patch(url, {"name": "Diambil alih"}).status_code,
        client.delete(url).status_code,
    ]

    assert statuses == [404, 404, 404]
    assert OrganisationUnit.objects.get(pk=org["disdik"].pk).name == "Dinas Pendidikan"


def test_retrieving_a_unit_counts_its_subtree(org, staff, instansi_admin, api_for):
    response = api_for(instansi_admin).get(reverse("unit-detail", args=[org["instansi"].pk]))

    assert response.json()["employee_count"] == 3
    assert response.json()["account_count"] == 3


def test_creating_a_unit_goes_through_the_action(org, dinkes_admin, api_for):
    # when
    response = api_for(dinkes_admin).post(
        reverse("unit-list"),
        {"parent": org["dinkes"].pk, "name": "UPT Puskesmas Sukamaju", "kind": "upt"},
        format="json",
    )

    # then
    assert response.status_code == 201, response.content
    unit = OrganisationUnit.objects.get(name="UPT Puskesmas Sukamaju")
    assert response.json()["path"] == unit.path == f"{org['dinkes'].path}{unit.pk:07d}."
    assert response.json()["employee_count"] == 0
    assert only(events_for(unit)).action == "create"


def test_a_parent_outside_the_scope_is_a_validation_error(org, dinkes_admin, api_for):
    response = api_for(dinkes_admin).post(
        reverse("unit-list"), {"parent": org["disdik"].pk, "name": "Bidang SMP", "kind": "bidang"}
    )

    assert response.status_code == 400
    assert "parent" in response.json()
    assert not OrganisationUnit.objects.filter(name="Bidang SMP").exists()


def test_only_a_superadmin_creates_an_agency_over_the_api(db, instansi_admin, superadmin, api_for):
    refused = api_for(instansi_admin).post(
        reverse("unit-list"),
        {"parent": None, "name": "Pemkab Baru", "kind": "instansi"},
        format="json",
    )
    created = api_for(superadmin).post(
        reverse("unit-list"),
        {"parent": None, "name": "Pemkab Baru", "kind": "instansi"},
        format="json",
    )

    assert refused.status_code == 403
    assert created.status_code == 201
    assert created.json()["depth"] == 0


def test_patching_the_parent_moves_the_subtree(org, staff, instansi_admin, api_for):
    # when
    response = api_for(instansi_admin).patch(
        reverse("unit-detail", args=[org["dinkes_p2p"].pk]), {"parent": org["disdik"].pk}
    )

    # then
    assert response.status_code == 200, response.content
    assert response.json()["path"].startswith(org["disdik"].path)
    disdik = api_for(instansi_admin).get(reverse("unit-detail", args=[org["disdik"].pk])).json()
    assert disdik["employee_count"] == 2  # Rina, and Siti who moved with Bidang P2P


def test_moving_a_unit_below_itself_is_a_400_on_parent(org, instansi_admin, api_for):
    response = api_for(instansi_admin).patch(
        reverse("unit-detail", args=[org["dinkes"].pk]), {"parent": org["dinkes_p2p"].pk}
    )

    assert response.status_code == 400
    assert "parent" in response.json()


def test_deleting_a_unit_that_is_not_empty_is_a_400_with_the_reason(org, instansi_admin, api_for):
    response = api_for(instansi_admin).delete(reverse("unit-detail", args=[org["dinkes"].pk]))

    assert response.status_code == 400
    assert "sub-units or employees" in response.json()["detail"][0]
    assert OrganisationUnit.objects.filter(pk=org["dinkes"].pk).exists()


def test_deleting_an_empty_unit(org, instansi_admin, api_for):
    response = api_for(instansi_admin).delete(reverse("unit-detail", args=[org["disdik_sd"].pk]))

    assert response.status_code == 204
    assert not OrganisationUnit.objects.filter(pk=org["disdik_sd"].pk).exists()


def test_tree_endpoint_nests_units_with_counts(org, staff, instansi_admin, api_for):
    response = api_for(instansi_admin).get(reverse("unit-tree"))

    assert response.status_code == 200
    [root] = response.json()
    assert root["name"] == "Pemerintah Kota Contoh"
    assert root["employee_count"] == 3
    dinkes = next(child for child in root["children"] if child["name"] == "Dinas Kesehatan")
    assert dinkes["account_count"] == 3
    assert [child["name"] for child in dinkes["children"]] == ["Bidang P2P"]
    assert dinkes["children"][0]["children"] == []


def test_tree_endpoint_search_keeps_ancestors(org, instansi_admin, api_for):
    response = api_for(instansi_admin).get(reverse("unit-tree"), {"search": "SD"})

    [root] = response.json()
    assert root["matched"] is False
    assert [child["name"] for child in root["children"]] == ["Dinas Pendidikan"]
    assert root["children"][0]["children"][0]["matched"] is True


def test_tree_endpoint_is_scoped(org, dinkes_admin, api_for):
    response = api_for(dinkes_admin).get(reverse("unit-tree"))

    assert [root["name"] for root in response.json()] == ["Dinas Kesehatan"]


# Employees


def test_employee_list_is_scoped(staff, dinkes_admin, api_for):
    results = _results(api_for(dinkes_admin).get(reverse("employee-list")))

    assert [employee["name"] for employee in results] == ["Budi", "Siti Rahayu"]
    siti = results[1]
    assert siti["nip_grouped"] == "19680411 199303 1 009"
    assert siti["account_count"] == 2
    assert siti["unit_name"] == "Bidang P2P"


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"search": "19680411 199303"}, ["Siti Rahayu"]),
        ({"unit": "dinkes_p2p"}, ["Siti Rahayu"]),
        ({"employee_type": "pppk"}, ["Budi"]),
        ({"has_account": "false"}, ["Budi", "Rina Lestari"]),
        ({"platform": "tiktok"}, ["Siti Rahayu"]),
        ({"is_active": "true", "ordering": "-name"}, ["Siti Rahayu", "Rina Lestari", "Budi"]),
        ({"ordering": "rank"}, ["Siti Rahayu", "Budi", "Rina Lestari"]),
    ],
)
def test_employee_filters_match_the_html_list(org, staff, superadmin, api_for, params, expected):
    query = {key: org[value].pk if key == "unit" else value for key, value in params.items()}

    results = _results(api_for(superadmin).get(reverse("employee-list"), query))

    assert [employee["name"] for employee in results] == expected


def test_a_unit_filter_outside_the_scope_is_a_400(org, staff, dinkes_admin, api_for):
    response = api_for(dinkes_admin).get(reverse("employee-list"), {"unit": org["disdik"].pk})

    assert response.status_code == 400
    assert "unit" in response.json()


def test_creating_an_employee_accepts_a_nip_with_spaces(org, dinkes_admin, api_for):
    # when
    response = api_for(dinkes_admin).post(
        reverse("employee-list"),
        {
            "employee_type": "pns",
            "nip": "19680411 199303 1 009",
            "name": "Siti Rahayu",
            "rank": "III/c",
            "unit": org["dinkes"].pk,
        },
        format="json",
    )

    # then
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["nip"] == SITI_NIP
    assert (body["sex"], body["tmt_cpns"], body["account_count"]) == ("M", "1993-03-01", 0)
    assert only(events_for(Employee.objects.get(nip=SITI_NIP))).actor == dinkes_admin


def test_nip_errors_come_back_on_the_nip_field(org, dinkes_admin, api_for):
    response = api_for(dinkes_admin).post(
        reverse("employee-list"),
        {
            "employee_type": "pns",
            "nip": "19681311199303 1 009",
            "name": "X",
            "unit": org["dinkes"].pk,
        },
        format="json",
    )

    assert response.status_code == 400
    assert "no month 13" in response.json()["nip"][0]
    assert not Employee.objects.filter(name="X").exists()


def test_a_duplicate_nip_names_the_holder(staff, instansi_admin, api_for):
    response = api_for(instansi_admin).post(
        reverse("employee-list"),
        {"employee_type": "pns", "nip": SITI_NIP, "name": "Kembar", "unit": staff["rina"].unit_id},
        format="json",
    )

    assert response.status_code == 400
    assert "Siti Rahayu (Bidang P2P)" in response.json()["nip"][0]


def test_a_rank_that_does_not_fit_the_type_is_a_400_on_rank(org, dinkes_admin, api_for):
    response = api_for(dinkes_admin).post(
        reverse("employee-list"),
        {
            "employee_type": "pppk",
            "nip": synthetic_pppk_ni(9),
            "name": "Dewi",
            "rank": "III/a",
            "unit": org["dinkes"].pk,
        },
        format="json",
    )

    assert response.status_code == 400
    assert "grade" in response.json()["rank"][0]


def test_creating_an_employee_in_a_unit_outside_the_scope_is_refused(org, dinkes_admin, api_for):
    response = api_for(dinkes_admin).post(
        reverse("employee-list"),
        {
            "employee_type": "pns",
            "nip": synthetic_pns_nip(77),
            "name": "Y",
            "unit": org["disdik"].pk,
        },
        format="json",
    )

    assert response.status_code == 400
    assert "unit" in response.json()
    assert not Employee.objects.filter(name="Y").exists()


def test_patching_an_employee_records_the_change(staff, dinkes_admin, api_for):
    siti = staff["siti"]

    response = api_for(dinkes_admin).patch(
        reverse("employee-detail", args=[siti.pk]), {"position": "Epidemiolog Ahli Muda"}
    )

    assert response.status_code == 200, response.content
    assert response.json()["account_count"] == 2
    assert only(events_for(siti)).changes == {
        "position": ["Analis Kebijakan", "Epidemiolog Ahli Muda"]
    }


def test_employees_outside_the_scope_answer_404_and_stay_unchanged(staff, dinkes_admin, api_for):
    client = api_for(dinkes_admin)
    url = reverse("employee-detail", args=[staff["rina"].pk])

    statuses = [
        client.get(url).status_code,
        client.patch(url, {"name": "Bukan Rina"}).status_code,
        client.delete(url).status_code,
    ]

    assert statuses == [404, 404, 404]
    assert Employee.objects.get(pk=staff["rina"].pk).name == "Rina Lestari"


def test_deleting_an_employee(staff, dinkes_admin, api_for):
    response = api_for(dinkes_admin).delete(reverse("employee-detail", args=[staff["budi"].pk]))

    assert response.status_code == 204
    assert not Employee.objects.filter(pk=staff["budi"].pk).exists()


# Role assignments


def test_role_assignments_are_scoped(org, instansi_admin, dinkes_admin, disdik_admin, api_for):
    results = _results(api_for(dinkes_admin).get(reverse("role-assignment-list")))

    assert [(row["user"], row["unit_name"]) for row in results] == [
        ("admin_dinkes", "Dinas Kesehatan")
    ]


def test_appointing_an_admin_by_email(org, dinkes_admin, api_for):
    user = UserFactory(username="kasi", email="kasi@example.go.id")

    response = api_for(dinkes_admin).post(
        reverse("role-assignment-list"),
        {"user": "KASI@example.go.id", "role": "unit_admin", "unit": org["dinkes_p2p"].pk},
        format="json",
    )

    assert response.status_code == 201, response.content
    assert response.json()["user"] == "kasi"
    assert RoleAssignment.objects.filter(user=user, unit=org["dinkes_p2p"]).exists()


def test_appointing_an_unknown_login_is_a_400(org, dinkes_admin, api_for):
    response = api_for(dinkes_admin).post(
        reverse("role-assignment-list"),
        {"user": "siapa", "role": "unit_admin", "unit": org["dinkes"].pk},
        format="json",
    )

    assert response.status_code == 400
    assert "user" in response.json()


def test_a_unit_admin_cannot_appoint_an_agency_admin_over_the_api(
    org, instansi_admin, dinkes_admin, api_for
):
    UserFactory(username="calon")
    client = api_for(dinkes_admin)

    outside = client.post(
        reverse("role-assignment-list"),
        {"user": "calon", "role": "instansi_admin", "unit": org["instansi"].pk},
        format="json",
    )
    inside = client.post(
        reverse("role-assignment-list"),
        {"user": "calon", "role": "instansi_admin", "unit": org["dinkes"].pk},
        format="json",
    )

    assert outside.status_code == 400  # the agency is not among the unit admin's units
    assert inside.status_code == 403
    assert not RoleAssignment.objects.filter(user__username="calon").exists()


def test_revoking_a_role(org, instansi_admin, disdik_admin, api_for):
    assignment = RoleAssignment.objects.get(user=disdik_admin)

    response = api_for(instansi_admin).delete(
        reverse("role-assignment-detail", args=[assignment.pk])
    )

    assert response.status_code == 204
    assert not RoleAssignment.objects.filter(pk=assignment.pk).exists()


def test_a_unit_admin_cannot_revoke_roles_outside_their_subtree(
    org, dinkes_admin, disdik_admin, api_for
):
    assignment = RoleAssignment.objects.get(user=disdik_admin)

    response = api_for(dinkes_admin).delete(reverse("role-assignment-detail", args=[assignment.pk]))

    assert response.status_code == 404
    assert RoleAssignment.objects.filter(pk=assignment.pk).exists()
