"""Admin pages for social media accounts: list, export, detail, register/edit, queue."""

import io

import pytest
from django.urls import reverse
from python_calamine import CalamineWorkbook

from gaung.core.models import AuditEvent
from gaung.socials.models import SocialAccount
from tests.factories import EmployeeFactory, SocialAccountFactory, UserFactory

LIST_URL = reverse("socials:account_list")
QUEUE_URL = reverse("socials:verification_queue")
CREATE_URL = reverse("socials:account_create")


@pytest.fixture(autouse=True)
def _english(settings):
    # Assertions read the English msgids; the product's default language is Indonesian.
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def accounts(org, asn):
    """One personal account per OPD and one official account of Dinkes."""
    budi = EmployeeFactory(unit=org["disdik_sd"], name="Budi Santoso")
    return {
        "siti": SocialAccountFactory(
            owner_employee=asn.employee_record, handle="siti.rahayu", followers=1500
        ),
        "budi": SocialAccountFactory(owner_employee=budi, handle="budi.guru", platform="tiktok"),
        "dinkes": SocialAccountFactory(
            owner_unit=org["dinkes"], owner_employee=None, handle="dinkeskota", followers=59000
        ),
    }


def _handles(response) -> set[str]:
    return {row.handle for row in response.context["rows"]}


def test_anonymous_visitors_are_sent_to_login(client):
    response = client.get(LIST_URL)

    assert response.status_code == 302
    assert "/auth/login/" in response["Location"]


def test_an_asn_without_an_admin_role_cannot_open_the_admin_list(client_for, asn, accounts):
    assert client_for(asn).get(LIST_URL).status_code == 403


def test_the_list_shows_only_accounts_of_the_admins_units(client_for, dinkes_admin, accounts):
    response = client_for(dinkes_admin).get(LIST_URL)

    assert response.status_code == 200
    assert _handles(response) == {"siti.rahayu", "dinkeskota"}
    assert b"budi.guru" not in response.content


def test_an_agency_admin_sees_every_account(client_for, instansi_admin, accounts):
    response = client_for(instansi_admin).get(LIST_URL)

    assert _handles(response) == {"siti.rahayu", "budi.guru", "dinkeskota"}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("platform=tiktok", {"budi.guru"}),
        ("owner_kind=official", {"dinkeskota"}),
        ("owner_kind=personal", {"siti.rahayu", "budi.guru"}),
        ("q=Budi", {"budi.guru"}),
        ("q=%40siti", {"siti.rahayu"}),
        ("status=verified", set()),
        ("stale_days=0", {"siti.rahayu", "budi.guru", "dinkeskota"}),
    ],
)
def test_the_list_filters(client_for, instansi_admin, accounts, query, expected):
    response = client_for(instansi_admin).get(f"{LIST_URL}?{query}")

    assert _handles(response) == expected


def test_the_unit_filter_takes_the_whole_subtree(client_for, instansi_admin, org, accounts):
    response = client_for(instansi_admin).get(LIST_URL, {"unit": org["dinkes"].pk})

    assert _handles(response) == {"siti.rahayu", "dinkeskota"}


def test_the_unit_filter_offers_only_administered_units(client_for, dinkes_admin, org, accounts):
    response = client_for(dinkes_admin).get(LIST_URL, {"unit": org["disdik"].pk})

    options = list(response.context["filterset"].form.fields["unit"].queryset)
    assert org["disdik"] not in options and org["dinkes_p2p"] in options
    # An out-of-scope unit is ignored, never a way to see another department's accounts.
    assert _handles(response) == {"siti.rahayu", "dinkeskota"}


def test_the_list_search_finds_an_employee_by_nip(client_for, instansi_admin, asn, accounts):
    nip = asn.employee_record.nip

    response = client_for(instansi_admin).get(LIST_URL, {"q": f"{nip[:8]} {nip[8:14]}"})

    assert _handles(response) == {"siti.rahayu"}


def test_the_list_sorts_by_followers(client_for, instansi_admin, accounts):
    response = client_for(instansi_admin).get(LIST_URL, {"sort": "-followers"})

    assert [a.handle for a in response.context["rows"]][:2] == ["dinkeskota", "siti.rahayu"]


def test_an_htmx_request_gets_only_the_results(client_for, instansi_admin, accounts):
    response = client_for(instansi_admin).get(
        LIST_URL, {"q": "budi"}, headers={"HX-Request": "true", "HX-Target": "results"}
    )

    assert b"<html" not in response.content
    assert b'data-testid="account-table"' in response.content


def test_the_list_runs_a_fixed_number_of_queries(
    client_for, instansi_admin, org, django_assert_num_queries
):
    client = client_for(instansi_admin)
    for n in range(3):
        SocialAccountFactory(owner_employee=EmployeeFactory(unit=org["dinkes_p2p"]))
        SocialAccountFactory(owner_unit=org["disdik_sd"], owner_employee=None, handle=f"sd{n}")
    # session, user, roles, employee link, unit options, count, rows
    with django_assert_num_queries(7):
        client.get(LIST_URL)
    for n in range(10):
        SocialAccountFactory(owner_employee=EmployeeFactory(unit=org["disdik"]))
        SocialAccountFactory(owner_unit=org["dinkes"], owner_employee=None, handle=f"dk{n}")
    with django_assert_num_queries(7):
        response = client.get(LIST_URL)
    assert len(response.context["rows"]) == 25


def test_the_csv_export_is_scoped_and_names_owner_nip_and_department(
    client_for, dinkes_admin, asn, accounts
):
    response = client_for(dinkes_admin).get(LIST_URL, {"export": "csv", "sort": "handle"})

    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0].split(",")[:8] == [
        "Platform",
        "Handle",
        "Profile URL",
        "Owner type",
        "Owner",
        "NIP",
        "Unit",
        "Department (OPD)",
    ]
    assert len(lines) == 3
    siti_row = next(line for line in lines if "siti.rahayu" in line)
    assert asn.employee_record.nip_grouped in siti_row
    assert "Bidang P2P,Dinas Kesehatan,1500" in siti_row
    assert "budi.guru" not in response.content.decode()


def test_the_xlsx_export_holds_the_filtered_rows(client_for, instansi_admin, accounts):
    response = client_for(instansi_admin).get(LIST_URL, {"export": "xlsx", "platform": "tiktok"})

    sheet = CalamineWorkbook.from_filelike(io.BytesIO(response.content)).get_sheet_by_index(0)
    rows = sheet.to_python()
    assert rows[0][0] == "Platform" and rows[0][-1] == "Verified at"
    assert [row[1] for row in rows[1:]] == ["budi.guru"]
    assert rows[1][7] == "Dinas Pendidikan"


def test_the_detail_page_shows_owner_status_and_history(client_for, dinkes_admin, accounts):
    account = accounts["siti"]
    AuditEvent.objects.create(
        action="update",
        content_type_id=_content_type_id(),
        object_id=str(account.pk),
        object_repr=str(account),
        actor_name="tester",
        changes={"followers": [100, 1500]},
    )

    response = client_for(dinkes_admin).get(reverse("socials:account_detail", args=[account.pk]))

    assert response.status_code == 200
    assert b"Siti Rahayu" in response.content
    assert b"https://www.instagram.com/siti.rahayu/" in response.content
    assert b'id="detail-verify"' in response.content
    assert len(response.context["audit_events"]) == 1


def _content_type_id() -> int:
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(SocialAccount).pk


def test_the_detail_of_another_departments_account_is_not_found(client_for, dinkes_admin, accounts):
    url = reverse("socials:account_detail", args=[accounts["budi"].pk])

    assert client_for(dinkes_admin).get(url).status_code == 404


def test_verifying_from_the_detail_page(client_for, dinkes_admin, accounts):
    account = accounts["dinkes"]

    response = client_for(dinkes_admin).post(
        reverse("socials:account_review", args=[account.pk]), {"decision": "verify"}
    )

    assert response.status_code == 302
    account.refresh_from_db()
    assert account.status == "verified" and account.verified_by == dinkes_admin


def test_rejecting_from_the_detail_page_without_a_reason_changes_nothing(
    client_for, dinkes_admin, accounts
):
    account = accounts["dinkes"]
    client = client_for(dinkes_admin)

    response = client.post(
        reverse("socials:account_review", args=[account.pk]),
        {"decision": "reject", "reason": ""},
        follow=True,
    )

    assert b"Say why the account is rejected." in response.content
    account.refresh_from_db()
    assert account.status == "unverified"


def test_reviewing_another_departments_account_is_not_found(client_for, dinkes_admin, accounts):
    account = accounts["budi"]

    response = client_for(dinkes_admin).post(
        reverse("socials:account_review", args=[account.pk]), {"decision": "verify"}
    )

    assert response.status_code == 404
    account.refresh_from_db()
    assert account.status == "unverified"


def test_an_admin_registers_an_official_account(client_for, dinkes_admin, org):
    response = client_for(dinkes_admin).post(
        CREATE_URL,
        {
            "owner_kind": "official",
            "owner_unit": org["dinkes_p2p"].pk,
            "platform": "youtube",
            "raw_handle": "https://www.youtube.com/@P2PDinkes/videos",
            "followers": "1200",
        },
    )

    account = SocialAccount.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("socials:account_detail", args=[account.pk])
    assert (account.handle, account.owner_unit, account.followers) == (
        "p2pdinkes",
        org["dinkes_p2p"],
        1200,
    )
    assert account.followers_as_of is not None


def test_an_admin_registers_a_personal_account_by_nip(client_for, dinkes_admin, asn):
    nip = asn.employee_record.nip_grouped

    client_for(dinkes_admin).post(
        CREATE_URL,
        {"owner_kind": "personal", "employee": nip, "platform": "x", "raw_handle": "@SitiR"},
    )

    account = SocialAccount.objects.get()
    assert account.owner_employee == asn.employee_record and account.handle == "sitir"


def test_an_employee_of_another_department_cannot_be_picked(client_for, dinkes_admin, org):
    outsider = EmployeeFactory(unit=org["disdik"])

    response = client_for(dinkes_admin).post(
        CREATE_URL,
        {
            "owner_kind": "personal",
            "employee": outsider.nip,
            "platform": "x",
            "raw_handle": "@guru",
        },
    )

    assert response.status_code == 200
    assert response.context["form"].errors["employee"] == [
        "No employee in your units has this NIP or name."
    ]
    assert not SocialAccount.objects.exists()


def test_a_duplicate_is_shown_on_the_handle_field_naming_the_holder(
    client_for, dinkes_admin, org, accounts
):
    response = client_for(dinkes_admin).post(
        CREATE_URL,
        {
            "owner_kind": "official",
            "owner_unit": org["dinkes"].pk,
            "platform": "instagram",
            "raw_handle": "instagram.com/siti.rahayu",
        },
    )

    assert response.context["form"].errors["raw_handle"] == [
        "@siti.rahayu is already registered to Siti Rahayu (Bidang P2P)."
    ]
    assert b"is-invalid" in response.content
    assert SocialAccount.objects.count() == 3


def test_a_paste_that_is_not_a_profile_is_explained_on_the_handle_field(
    client_for, dinkes_admin, org
):
    response = client_for(dinkes_admin).post(
        CREATE_URL,
        {
            "owner_kind": "official",
            "owner_unit": org["dinkes"].pk,
            "platform": "instagram",
            "raw_handle": "https://www.instagram.com/p/C0ffee/",
        },
    )

    assert "points to a post" in response.context["form"].errors["raw_handle"][0]


def test_the_register_form_preselects_a_unit_from_the_query(client_for, dinkes_admin, org):
    response = client_for(dinkes_admin).get(CREATE_URL, {"unit": org["dinkes"].pk})

    assert response.context["form"].initial["owner_kind"] == "official"
    assert b"hx-get=" in response.content and b'list="employee-suggestions"' in response.content


def test_employee_suggestions_are_scoped(client_for, dinkes_admin, org, asn):
    EmployeeFactory(unit=org["disdik"], name="Siti Aminah")

    response = client_for(dinkes_admin).get(
        reverse("socials:employee_suggestions"), {"employee": "Siti"}
    )

    assert response.content.decode().count("<option") == 1
    assert asn.employee_record.nip.encode() in response.content


def test_editing_the_handle_sends_the_account_back_to_verification(
    client_for, dinkes_admin, accounts
):
    account = accounts["siti"]
    account.status = "verified"
    account.save()
    url = reverse("socials:account_edit", args=[account.pk])
    client = client_for(dinkes_admin)
    form = client.get(url).context["form"]
    data = {name: value for name, value in form.initial.items() if value is not None}
    data["employee"] = account.owner_employee.nip

    client.post(url, {**data, "owner_unit": "", "raw_handle": "@siti.baru"})

    account.refresh_from_db()
    assert account.handle == "siti.baru" and account.status == "unverified"


def test_editing_keeps_an_owner_whose_name_another_employee_shares(client_for, dinkes_admin, org):
    # given: two non-ASN staff called the same, so the name alone is ambiguous
    first = EmployeeFactory(unit=org["dinkes"], name="Agus", nip=None, employee_type="non_asn")
    EmployeeFactory(unit=org["dinkes"], name="Agus", nip=None, employee_type="non_asn")
    account = SocialAccountFactory(owner_employee=first, handle="agus.1")
    url = reverse("socials:account_edit", args=[account.pk])

    # when
    response = client_for(dinkes_admin).post(
        url,
        {
            "owner_kind": "personal",
            "employee": "Agus",
            "platform": "instagram",
            "raw_handle": account.profile_url,
            "display_name": "Agus Satu",
        },
    )

    # then
    assert response.status_code == 302
    account.refresh_from_db()
    assert account.owner_employee == first and account.display_name == "Agus Satu"


def test_an_admin_moves_a_personal_account_to_a_unit(client_for, dinkes_admin, org, accounts):
    account = accounts["siti"]

    client_for(dinkes_admin).post(
        reverse("socials:account_edit", args=[account.pk]),
        {
            "owner_kind": "official",
            "owner_unit": org["dinkes_p2p"].pk,
            "platform": "instagram",
            "raw_handle": account.profile_url,
            "followers": "1500",
        },
    )

    account.refresh_from_db()
    assert account.owner_unit == org["dinkes_p2p"] and account.owner_employee is None


def test_deleting_asks_first_and_deletes_on_post(client_for, dinkes_admin, accounts):
    url = reverse("socials:account_delete", args=[accounts["dinkes"].pk])
    client = client_for(dinkes_admin)

    assert client.get(url).status_code == 200
    assert SocialAccount.objects.filter(handle="dinkeskota").exists()
    response = client.post(url)

    assert response["Location"] == LIST_URL
    assert not SocialAccount.objects.filter(handle="dinkeskota").exists()


def test_deleting_another_departments_account_is_not_found(client_for, dinkes_admin, accounts):
    response = client_for(dinkes_admin).post(
        reverse("socials:account_delete", args=[accounts["budi"].pk])
    )

    assert response.status_code == 404
    assert SocialAccount.objects.filter(handle="budi.guru").exists()


# Verification queue


def test_the_queue_lists_unverified_accounts_in_scope(client_for, dinkes_admin, accounts):
    accounts["dinkes"].status = "verified"
    accounts["dinkes"].save()

    response = client_for(dinkes_admin).get(QUEUE_URL)

    assert _handles(response) == {"siti.rahayu"}
    assert b'data-testid="queue-row-siti.rahayu"' in response.content
    assert b'target="_blank"' in response.content
    assert b'data-check-all="#queue-table"' in response.content


def test_bulk_verify_keeps_the_filters_and_counts(client_for, dinkes_admin, org, accounts):
    # given
    extra = SocialAccountFactory(owner_employee=EmployeeFactory(unit=org["dinkes"]))
    ids = [accounts["siti"].pk, extra.pk]

    filtered = f"{QUEUE_URL}?platform=instagram&unit={org['dinkes'].pk}"

    # when
    response = client_for(dinkes_admin).post(
        filtered,
        {"accounts": ids, "decision": "verify"},
        follow=True,
    )

    # then
    assert (
        response.redirect_chain[0][0] == f"{QUEUE_URL}?platform=instagram&unit={org['dinkes'].pk}"
    )
    assert "2 accounts verified" in [str(m) for m in response.context["messages"]]
    assert set(SocialAccount.objects.filter(pk__in=ids).values_list("status", flat=True)) == {
        "verified"
    }
    assert SocialAccount.objects.get(handle="dinkeskota").status == "unverified"


def test_bulk_reject_stores_the_reason(client_for, dinkes_admin, accounts):
    ids = [accounts["siti"].pk, accounts["dinkes"].pk]

    response = client_for(dinkes_admin).post(
        QUEUE_URL,
        {"accounts": ids, "decision": "reject", "reason": "Profil tidak ditemukan"},
        follow=True,
    )

    assert "2 accounts rejected" in [str(m) for m in response.context["messages"]]
    rejected = SocialAccount.objects.filter(pk__in=ids)
    assert {(a.status, a.rejection_reason) for a in rejected} == {
        ("rejected", "Profil tidak ditemukan")
    }


def test_bulk_reject_without_a_reason_changes_nothing(client_for, dinkes_admin, accounts):
    response = client_for(dinkes_admin).post(
        QUEUE_URL, {"accounts": [accounts["siti"].pk], "decision": "reject"}, follow=True
    )

    assert "Say why the account is rejected." in [str(m) for m in response.context["messages"]]
    assert SocialAccount.objects.get(handle="siti.rahayu").status == "unverified"


def test_bulk_verify_with_an_out_of_scope_account_changes_nothing(
    client_for, dinkes_admin, accounts
):
    ids = [accounts["siti"].pk, accounts["budi"].pk]

    response = client_for(dinkes_admin).post(
        QUEUE_URL, {"accounts": ids, "decision": "verify"}, follow=True
    )

    assert response.status_code == 200
    assert set(SocialAccount.objects.values_list("status", flat=True)) == {"unverified"}
    assert not AuditEvent.objects.filter(action="verify").exists()


def test_the_queue_exports_csv(client_for, dinkes_admin, accounts):
    response = client_for(dinkes_admin).get(QUEUE_URL, {"export": "csv"})

    body = response.content.decode("utf-8-sig")
    assert "siti.rahayu" in body and "dinkeskota" in body and "budi.guru" not in body


def test_a_user_without_any_role_cannot_open_the_queue(client_for, accounts):
    assert client_for(UserFactory()).get(QUEUE_URL).status_code == 403


def test_queue_checkboxes_carry_ids_above_999_without_thousands_separators(
    client_for, dinkes_admin, org, accounts
):
    # given an account whose id the Indonesian number format would write as "12.345"
    big = SocialAccountFactory(owner_employee=EmployeeFactory(unit=org["dinkes"]), pk=12345)

    # when
    client = client_for(dinkes_admin)
    client.cookies["django_language"] = "id"
    page = client.get(QUEUE_URL).content.decode()

    # then
    assert f'value="{big.pk}"' in page
