"""Registry pages: scoping, employee list (search, filters, sort, export), forms, unit pages."""

import csv
import io

import pytest
from django.urls import reverse
from python_calamine import CalamineWorkbook

from gaung.core.audit import events_for
from gaung.registry.models import Employee, OrganisationUnit, RoleAssignment
from gaung.registry.synthetic import synthetic_pppk_ni
from tests.audit_helpers import only
from tests.factories import EmployeeFactory, SocialAccountFactory, UserFactory

SITI_NIP = "196804111993031009"
SITI_NIP_GROUPED = "19680411 199303 1 009"
FORMULA_NAME = '=HYPERLINK("http://evil.example","klik")'


@pytest.fixture(autouse=True)
def _english(settings):
    # Assertions read the English msgids, whatever catalogue is installed.
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def staff(org):
    """Employees across both OPD, with and without accounts."""
    siti = EmployeeFactory(
        unit=org["dinkes_p2p"], nip=SITI_NIP, front_title="Dr.", name="Siti Rahayu",
        back_title="M.Si.", rank="IV/a", position="Epidemiolog Kesehatan",
    )  # fmt: skip
    budi = EmployeeFactory(
        unit=org["dinkes"], employee_type="pppk", nip=synthetic_pppk_ni(3), name="Budi Santoso",
        rank="IX", position="Pranata Komputer",
    )  # fmt: skip
    agus = EmployeeFactory(unit=org["dinkes"], name="Agus Wibowo", rank="II/c", is_active=False)
    rina = EmployeeFactory(
        unit=org["disdik_sd"], name="Rina Lestari", rank="III/b", position="Guru"
    )
    SocialAccountFactory(owner_employee=siti, handle="siti.rahayu")
    SocialAccountFactory(owner_employee=budi, platform="tiktok", handle="budi.s")
    SocialAccountFactory(owner_employee=rina, handle="bu.rina")
    return {"siti": siti, "budi": budi, "agus": agus, "rina": rina}


def _names(response) -> list[str]:
    return [employee.name for employee in response.context["rows"]]


def _csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


# Who may open the pages


def _registry_urls(org, employee) -> list[str]:
    return [
        reverse("registry:unit_tree"),
        reverse("registry:unit_detail", args=[org["dinkes_p2p"].pk]),
        reverse("registry:unit_create"),
        reverse("registry:unit_update", args=[org["dinkes_p2p"].pk]),
        reverse("registry:employee_list"),
        reverse("registry:employee_list") + "?export=csv",
        reverse("registry:employee_detail", args=[employee.pk]),
        reverse("registry:employee_create"),
        reverse("registry:employee_update", args=[employee.pk]),
    ]


def test_an_asn_gets_403_on_every_registry_page(org, asn, client_for):
    client = client_for(asn)
    employee = asn.employee_record

    statuses = {url: client.get(url).status_code for url in _registry_urls(org, employee)}

    assert set(statuses.values()) == {403}


def test_an_asn_cannot_delete_through_the_pages(org, asn, client_for):
    client = client_for(asn)

    unit_response = client.post(reverse("registry:unit_delete", args=[org["disdik_sd"].pk]))
    employee_response = client.post(
        reverse("registry:employee_delete", args=[asn.employee_record.pk])
    )

    assert (unit_response.status_code, employee_response.status_code) == (403, 403)
    assert OrganisationUnit.objects.filter(pk=org["disdik_sd"].pk).exists()
    assert Employee.objects.filter(pk=asn.employee_record.pk).exists()


def test_anonymous_visitors_are_sent_to_log_in(org, client_for):
    response = client_for(None).get(reverse("registry:employee_list"))

    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_unit_admin_gets_404_for_units_and_employees_outside_their_subtree(
    org, staff, dinkes_admin, client_for
):
    client = client_for(dinkes_admin)
    rina = staff["rina"]

    responses = [
        client.get(reverse("registry:unit_detail", args=[org["disdik"].pk])),
        client.get(reverse("registry:unit_create") + f"?parent={org['disdik'].pk}"),
        client.post(reverse("registry:unit_update", args=[org["disdik"].pk]), {"name": "X"}),
        client.get(reverse("registry:employee_detail", args=[rina.pk])),
        client.post(reverse("registry:employee_update", args=[rina.pk]), {"name": "X"}),
        client.post(reverse("registry:employee_delete", args=[rina.pk])),
    ]

    assert {response.status_code for response in responses} == {404}
    assert Employee.objects.get(pk=rina.pk).name == "Rina Lestari"
    assert OrganisationUnit.objects.get(pk=org["disdik"].pk).name == "Dinas Pendidikan"


# Employee list


def test_unit_admin_never_sees_other_departments_employees(staff, dinkes_admin, client_for):
    client = client_for(dinkes_admin)

    page = client.get(reverse("registry:employee_list"))
    export = client.get(reverse("registry:employee_list") + "?export=csv&search=rina")

    assert sorted(_names(page)) == ["Agus Wibowo", "Budi Santoso", "Siti Rahayu"]
    assert "Rina Lestari" not in page.content.decode()
    assert len(_csv_rows(export)) == 1  # the header only


@pytest.mark.parametrize(
    ("search", "expected"),
    [
        ("siti", ["Siti Rahayu"]),
        (SITI_NIP_GROUPED, ["Siti Rahayu"]),
        (SITI_NIP, ["Siti Rahayu"]),
        ("19680411 1993", ["Siti Rahayu"]),
        ("pranata", ["Budi Santoso"]),
        ("bu.rina", []),
    ],
)
def test_search_by_name_nip_with_or_without_spaces_and_position(
    staff, superadmin, client_for, search, expected
):
    response = client_for(superadmin).get(reverse("registry:employee_list"), {"search": search})

    assert _names(response) == expected


def test_search_by_email(staff, superadmin, client_for):
    Employee.objects.filter(pk=staff["agus"].pk).update(email="agus.w@dinkes.example.go.id")

    response = client_for(superadmin).get(reverse("registry:employee_list"), {"search": "agus.w@"})

    assert _names(response) == ["Agus Wibowo"]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"unit": "dinkes"}, ["Agus Wibowo", "Budi Santoso", "Siti Rahayu"]),
        ({"unit": "dinkes_p2p"}, ["Siti Rahayu"]),
        ({"employee_type": "pppk"}, ["Budi Santoso"]),
        ({"is_active": "false"}, ["Agus Wibowo"]),
        ({"has_account": "true"}, ["Budi Santoso", "Rina Lestari", "Siti Rahayu"]),
        ({"has_account": "false"}, ["Agus Wibowo"]),
        ({"platform": "tiktok"}, ["Budi Santoso"]),
        ({"platform": "instagram", "unit": "disdik"}, ["Rina Lestari"]),
    ],
)
def test_filters_narrow_the_list(org, staff, superadmin, client_for, params, expected):
    query = {key: org[value].pk if key == "unit" else value for key, value in params.items()}

    response = client_for(superadmin).get(reverse("registry:employee_list"), query)

    assert _names(response) == expected


def test_a_unit_filter_outside_the_scope_is_ignored_not_obeyed(
    org, staff, dinkes_admin, client_for
):
    response = client_for(dinkes_admin).get(
        reverse("registry:employee_list"), {"unit": org["disdik"].pk}
    )

    assert "Rina Lestari" not in _names(response)


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("name", ["Agus Wibowo", "Budi Santoso", "Rina Lestari", "Siti Rahayu"]),
        ("-name", ["Siti Rahayu", "Rina Lestari", "Budi Santoso", "Agus Wibowo"]),
        # golongan in order, then PPPK grades
        ("rank", ["Agus Wibowo", "Rina Lestari", "Siti Rahayu", "Budi Santoso"]),
        ("type", ["Agus Wibowo", "Rina Lestari", "Siti Rahayu", "Budi Santoso"]),
        ("unit", ["Siti Rahayu", "Rina Lestari", "Agus Wibowo", "Budi Santoso"]),
    ],
)
def test_sorting_by_the_whitelisted_keys(staff, superadmin, client_for, sort, expected):
    response = client_for(superadmin).get(reverse("registry:employee_list"), {"sort": sort})

    assert _names(response) == expected


def test_sorting_by_nip(staff, superadmin, client_for):
    response = client_for(superadmin).get(reverse("registry:employee_list"), {"sort": "-nip"})

    nips = [employee.nip for employee in response.context["rows"]]
    assert nips == sorted(nips, reverse=True)


def test_list_shows_grouped_nip_titles_and_account_counts(staff, superadmin, client_for):
    html = client_for(superadmin).get(reverse("registry:employee_list")).content.decode()

    assert SITI_NIP_GROUPED in html
    assert "Dr. Siti Rahayu, M.Si." in html
    assert reverse("registry:employee_detail", args=[staff["siti"].pk]) in html


def test_htmx_search_returns_only_the_results(staff, superadmin, client_for):
    response = client_for(superadmin).get(
        reverse("registry:employee_list") + "?search=budi",
        headers={"HX-Request": "true", "HX-Target": "results"},
    )

    html = response.content.decode()
    assert "<html" not in html
    assert "Budi Santoso" in html
    assert "export=csv" in html  # the download links follow the search


def test_employee_list_keeps_a_fixed_number_of_queries(
    org, superadmin, client_for, django_assert_max_num_queries
):
    client = client_for(superadmin)
    for _ in range(3):
        SocialAccountFactory(owner_employee=EmployeeFactory(unit=org["dinkes_p2p"]))
    with django_assert_max_num_queries(7) as few:
        client.get(reverse("registry:employee_list"))

    for index in range(30):
        employee = EmployeeFactory(unit=org["disdik_sd" if index % 2 else "dinkes_p2p"])
        SocialAccountFactory(owner_employee=employee)

    # session, user, roles, own employee, unit choices, count, one page of rows
    with django_assert_max_num_queries(7) as many:
        response = client.get(reverse("registry:employee_list"), {"search": "Pegawai"})
    assert len(response.context["rows"]) == 25
    assert len(many.captured_queries) == len(few.captured_queries)


# Employee exports


def test_csv_export_holds_every_filtered_row_with_grouped_nip_and_opd(
    org, staff, dinkes_admin, client_for
):
    # given: more rows than one page
    for _ in range(30):
        EmployeeFactory(unit=org["dinkes_p2p"])

    # when
    response = client_for(dinkes_admin).get(reverse("registry:employee_list") + "?export=csv")

    # then
    rows = _csv_rows(response)
    assert response["Content-Disposition"].startswith('attachment; filename="employees-')
    assert len(rows) == 1 + 33
    siti = next(row for row in rows if row[1] == "Dr. Siti Rahayu, M.Si.")
    assert siti[0] == SITI_NIP_GROUPED
    assert siti[2:7] == ["PNS", "IV/a", "Epidemiolog Kesehatan", "Bidang P2P", "Dinas Kesehatan"]
    assert siti[-1] == "1"


def test_csv_export_follows_the_filters(staff, superadmin, client_for):
    response = client_for(superadmin).get(
        reverse("registry:employee_list") + "?export=csv&has_account=false"
    )

    assert [row[1] for row in _csv_rows(response)[1:]] == ["Agus Wibowo"]


def test_exports_neutralise_a_formula_in_a_name(org, dinkes_admin, client_for):
    EmployeeFactory(unit=org["dinkes"], name=FORMULA_NAME)
    client = client_for(dinkes_admin)

    csv_response = client.get(reverse("registry:employee_list") + "?export=csv")
    xlsx_response = client.get(reverse("registry:employee_list") + "?export=xlsx")

    assert _csv_rows(csv_response)[1][1] == "'" + FORMULA_NAME
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(xlsx_response.content)).get_sheet_by_index(0)
    first_row = sheet.to_python()[1]
    assert first_row[1] == "'" + FORMULA_NAME
    # the NIP stays text, grouped, never a number Excel could round
    assert isinstance(first_row[0], str)
    assert len(first_row[0].replace(" ", "")) == 18


# Employee detail and forms


def test_employee_detail_shows_decoded_nip_accounts_login_and_history(
    staff, dinkes_admin, client_for
):
    # given
    siti = staff["siti"]
    siti.user = UserFactory(username="siti")
    siti.birth_date, siti.sex = "1968-04-11", "F"
    siti.save()

    # when
    response = client_for(dinkes_admin).get(reverse("registry:employee_detail", args=[siti.pk]))

    # then
    html = response.content.decode()
    assert "11 Apr 1968" in html
    assert "@siti.rahayu" in html
    assert "https://www.instagram.com/siti.rahayu/" in html
    account = siti.social_accounts.get()
    assert reverse("socials:account_detail", args=[account.pk]) in html
    assert "Has a login: siti" in html
    assert response.context["audit_events"] is not None


def test_employee_without_login_is_shown_as_such(staff, dinkes_admin, client_for):
    response = client_for(dinkes_admin).get(
        reverse("registry:employee_detail", args=[staff["budi"].pk])
    )

    assert "No login yet." in response.content.decode()


def _employee_form(unit, **changes) -> dict:
    data = {
        "employee_type": "pns",
        "nip": SITI_NIP_GROUPED,
        "front_title": "",
        "name": "Siti Rahayu",
        "back_title": "S.Sos.",
        "rank": "III/a",
        "position": "Analis",
        "unit": unit.pk,
        "email": "siti@example.go.id",
        "phone": "",
        "is_active": "on",
    }
    data.update(changes)
    return data


def test_creating_an_employee_through_the_form(org, dinkes_admin, client_for):
    # when
    response = client_for(dinkes_admin).post(
        reverse("registry:employee_create"), _employee_form(org["dinkes_p2p"])
    )

    # then
    employee = Employee.objects.get(nip=SITI_NIP)
    assert response.status_code == 302
    assert response["Location"] == reverse("registry:employee_detail", args=[employee.pk])
    assert employee.full_name == "Siti Rahayu, S.Sos."
    assert only(events_for(employee)).actor == dinkes_admin


def test_a_wrong_nip_is_explained_on_the_nip_field(org, dinkes_admin, client_for):
    response = client_for(dinkes_admin).post(
        reverse("registry:employee_create"),
        _employee_form(org["dinkes"], nip="19681311 199303 1 009"),
    )

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == ["nip"]
    assert "no month 13" in errors["nip"][0]
    assert "is-invalid" in response.content.decode()
    assert not Employee.objects.filter(name="Siti Rahayu").exists()


def test_a_duplicate_nip_names_the_holder_on_the_form(staff, dinkes_admin, client_for):
    response = client_for(dinkes_admin).post(
        reverse("registry:employee_create"), _employee_form(staff["siti"].unit, name="Penyusup")
    )

    assert "Dr. Siti Rahayu, M.Si." in response.context["form"].errors["nip"][0]
    assert not Employee.objects.filter(name="Penyusup").exists()


def test_a_pppk_grade_on_a_pns_is_refused_on_the_rank_field(org, dinkes_admin, client_for):
    response = client_for(dinkes_admin).post(
        reverse("registry:employee_create"), _employee_form(org["dinkes"], rank="IX")
    )

    assert "golongan" in response.context["form"].errors["rank"][0]
    assert not Employee.objects.exists()


def test_the_unit_must_be_one_the_admin_administers(org, dinkes_admin, client_for):
    response = client_for(dinkes_admin).post(
        reverse("registry:employee_create"), _employee_form(org["disdik_sd"])
    )

    assert "unit" in response.context["form"].errors
    assert not Employee.objects.exists()


def test_editing_an_employee_saves_and_records_the_change(staff, dinkes_admin, client_for):
    # given
    budi = staff["budi"]
    data = _employee_form(
        budi.unit, employee_type="pppk", nip=budi.nip, name="Budi Santoso", rank="X"
    )

    # when
    response = client_for(dinkes_admin).post(
        reverse("registry:employee_update", args=[budi.pk]), data
    )

    # then
    assert response.status_code == 302
    budi.refresh_from_db()
    assert budi.rank == "X"
    assert only(events_for(budi)).changes["rank"] == ["IX", "X"]
    detail = client_for(dinkes_admin).get(reverse("registry:employee_detail", args=[budi.pk]))
    assert "IX" in detail.content.decode()  # the history shows the old value


def test_the_edit_form_starts_from_the_grouped_nip(staff, dinkes_admin, client_for):
    response = client_for(dinkes_admin).get(
        reverse("registry:employee_update", args=[staff["siti"].pk])
    )

    assert response.context["form"]["nip"].value() == SITI_NIP_GROUPED


def test_deleting_an_employee_after_confirmation(staff, dinkes_admin, client_for):
    client = client_for(dinkes_admin)
    agus = staff["agus"]

    confirm = client.get(reverse("registry:employee_delete", args=[agus.pk]))
    response = client.post(reverse("registry:employee_delete", args=[agus.pk]))

    assert confirm.status_code == 200
    assert Employee.objects.filter(pk=agus.pk).exists() is False
    assert response.status_code == 302


# Unit pages


def test_unit_detail_shows_breadcrumb_children_counts_and_accounts(
    org, staff, dinkes_admin, client_for
):
    # given
    account = SocialAccountFactory(
        owner_employee=None, owner_unit=org["dinkes"], handle="dinkes.kotacontoh"
    )

    # when
    response = client_for(dinkes_admin).get(
        reverse("registry:unit_detail", args=[org["dinkes"].pk])
    )

    # then
    html = response.content.decode()
    assert response.context["breadcrumb"] == [(org["instansi"], False)]
    assert [child.unit for child in response.context["children"]] == [org["dinkes_p2p"]]
    counts = response.context["counts"]
    assert (counts.employees, counts.official_accounts, counts.personal_accounts) == (2, 1, 2)
    assert "@dinkes.kotacontoh" in html
    assert reverse("socials:account_detail", args=[account.pk]) in html
    assert f"{reverse('registry:employee_list')}?unit={org['dinkes'].pk}" in html
    assert "admin_dinkes" in html  # the unit's admin


def test_creating_a_sub_unit_under_the_given_parent(org, dinkes_admin, client_for):
    client = client_for(dinkes_admin)
    url = reverse("registry:unit_create") + f"?parent={org['dinkes'].pk}"

    form = client.get(url).context["form"]
    response = client.post(
        url,
        {
            "parent": org["dinkes"].pk,
            "name": "UPT Laboratorium Kesehatan",
            "short_name": "Labkesda",
            "kind": "upt",
            "code": "",
            "time_zone": "Asia/Jakarta",
            "is_active": "on",
        },
    )

    assert form["parent"].value() == org["dinkes"].pk
    unit = OrganisationUnit.objects.get(name="UPT Laboratorium Kesehatan")
    assert response["Location"] == reverse("registry:unit_detail", args=[unit.pk])
    assert unit.path.startswith(org["dinkes"].path)


def test_a_unit_admin_cannot_place_a_unit_outside_their_subtree(org, dinkes_admin, client_for):
    response = client_for(dinkes_admin).post(
        reverse("registry:unit_create"),
        {
            "parent": org["disdik"].pk,
            "name": "Bidang SMP",
            "kind": "bidang",
            "time_zone": "Asia/Jakarta",
        },
    )

    assert "parent" in response.context["form"].errors
    assert not OrganisationUnit.objects.filter(name="Bidang SMP").exists()


def _unit_form(unit, **changes) -> dict:
    data = {
        "parent": unit.parent_id,
        "name": unit.name,
        "short_name": unit.short_name,
        "kind": unit.kind,
        "code": unit.code,
        "time_zone": unit.time_zone,
        "is_active": "on",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_a_unit_admin_edits_their_own_top_unit_without_moving_it(org, dinkes_admin, client_for):
    # The parent (the instansi) is outside their scope but must stay acceptable unchanged.
    response = client_for(dinkes_admin).post(
        reverse("registry:unit_update", args=[org["dinkes"].pk]),
        _unit_form(org["dinkes"], short_name="Dinkes Kota"),
    )

    assert response.status_code == 302
    assert OrganisationUnit.objects.get(pk=org["dinkes"].pk).short_name == "Dinkes Kota"


def test_moving_a_unit_through_the_edit_form(org, instansi_admin, client_for):
    response = client_for(instansi_admin).post(
        reverse("registry:unit_update", args=[org["dinkes_p2p"].pk]),
        _unit_form(org["dinkes_p2p"], parent=org["disdik"].pk),
    )

    assert response.status_code == 302
    moved = OrganisationUnit.objects.get(pk=org["dinkes_p2p"].pk)
    assert moved.path.startswith(org["disdik"].path)


def test_the_agency_edit_form_has_no_parent(org, instansi_admin, client_for):
    response = client_for(instansi_admin).get(
        reverse("registry:unit_update", args=[org["instansi"].pk])
    )

    assert "parent" not in response.context["form"].fields


def test_deleting_a_unit_that_is_not_empty_is_refused_with_the_reason(
    org, instansi_admin, client_for
):
    response = client_for(instansi_admin).post(
        reverse("registry:unit_delete", args=[org["dinkes"].pk]), follow=True
    )

    assert OrganisationUnit.objects.filter(pk=org["dinkes"].pk).exists()
    assert "still has sub-units or employees" in response.content.decode()


def test_deleting_an_empty_unit_returns_to_its_parent(org, instansi_admin, client_for):
    response = client_for(instansi_admin).post(
        reverse("registry:unit_delete", args=[org["disdik_sd"].pk])
    )

    assert not OrganisationUnit.objects.filter(pk=org["disdik_sd"].pk).exists()
    assert response["Location"] == reverse("registry:unit_detail", args=[org["disdik"].pk])


@pytest.mark.parametrize("login", ["kepala.p2p", "Kepala.P2P@example.go.id"])
def test_appointing_an_admin_by_username_or_email(org, dinkes_admin, client_for, login):
    user = UserFactory(username="kepala.p2p", email="kepala.p2p@example.go.id")

    response = client_for(dinkes_admin).post(
        reverse("registry:unit_role_add", args=[org["dinkes_p2p"].pk]),
        {"login": login, "role": "unit_admin"},
    )

    assert response.status_code == 302
    assert RoleAssignment.objects.filter(
        user=user, unit=org["dinkes_p2p"], role="unit_admin"
    ).exists()


def test_appointing_an_unknown_login_says_so(org, dinkes_admin, client_for):
    response = client_for(dinkes_admin).post(
        reverse("registry:unit_role_add", args=[org["dinkes_p2p"].pk]),
        {"login": "nobody", "role": "unit_admin"},
    )

    assert response.status_code == 400
    assert "No login has this username or e-mail" in response.content.decode()
    assert RoleAssignment.objects.filter(unit=org["dinkes_p2p"]).count() == 0


def test_removing_an_admin(org, instansi_admin, dinkes_admin, client_for):
    assignment = RoleAssignment.objects.get(user=dinkes_admin)

    response = client_for(instansi_admin).post(
        reverse("registry:unit_role_remove", args=[org["dinkes"].pk, assignment.pk])
    )

    assert response.status_code == 302
    assert not RoleAssignment.objects.filter(pk=assignment.pk).exists()


def test_a_unit_admin_cannot_remove_an_agency_admin(org, instansi_admin, dinkes_admin, client_for):
    assignment = RoleAssignment.objects.get(user=instansi_admin)

    response = client_for(dinkes_admin).post(
        reverse("registry:unit_role_remove", args=[org["instansi"].pk, assignment.pk])
    )

    assert response.status_code == 404
    assert RoleAssignment.objects.filter(pk=assignment.pk).exists()
