"""/api/accounts/ and /api/me/: CRUD through actions, scoping, bulk reviews, ASN limits."""

import pytest

from gaung.core.models import AuditEvent
from gaung.socials.models import SocialAccount
from tests.factories import EmployeeFactory, SocialAccountFactory, UserFactory

ACCOUNTS = "/api/accounts/"


@pytest.fixture(autouse=True)
def _english(settings):
    # Assertions read the English msgids; the product's default language is Indonesian.
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def siti(asn):
    return asn.employee_record


@pytest.fixture
def accounts(org, siti):
    budi = EmployeeFactory(unit=org["disdik_sd"], name="Budi Santoso")
    return {
        "siti": SocialAccountFactory(owner_employee=siti, handle="siti.rahayu"),
        "budi": SocialAccountFactory(owner_employee=budi, handle="budi.guru", platform="tiktok"),
        "dinkes": SocialAccountFactory(
            owner_unit=org["dinkes"], owner_employee=None, handle="dinkeskota"
        ),
    }


def _handles(response) -> set[str]:
    return {row["handle"] for row in response.json()["results"]}


def test_anonymous_callers_are_refused(api_for, accounts):
    assert api_for(None).get(ACCOUNTS).status_code in {401, 403}


def test_an_admin_lists_the_accounts_of_their_units(api_for, dinkes_admin, accounts):
    response = api_for(dinkes_admin).get(ACCOUNTS)

    assert response.status_code == 200
    assert _handles(response) == {"siti.rahayu", "dinkeskota"}


def test_an_asn_lists_only_their_own_accounts(api_for, asn, accounts):
    response = api_for(asn).get(ACCOUNTS)

    assert _handles(response) == {"siti.rahayu"}


def test_a_user_without_role_or_employee_sees_nothing(api_for, accounts):
    response = api_for(UserFactory()).get(ACCOUNTS)

    assert response.json()["count"] == 0


def test_the_read_fields(api_for, dinkes_admin, siti, accounts):
    account = accounts["siti"]

    body = api_for(dinkes_admin).get(f"{ACCOUNTS}{account.pk}/").json()

    assert body["owner_kind"] == "personal"
    assert body["owner_name"] == siti.full_name
    assert body["owner_employee"] == siti.pk and body["owner_unit"] is None
    assert body["profile_url"] == "https://www.instagram.com/siti.rahayu/"
    assert "raw_handle" not in body
    for name in ("handle_kind", "status", "rejection_reason", "verified_by", "verified_at"):
        assert name in body
    for name in ("display_name", "followers", "followers_as_of", "created_at", "updated_at"):
        assert name in body


def test_the_api_filters_with_the_list_filterset(api_for, instansi_admin, org, accounts):
    client = api_for(instansi_admin)

    assert _handles(client.get(ACCOUNTS, {"platform": "tiktok"})) == {"budi.guru"}
    assert _handles(client.get(ACCOUNTS, {"unit": org["dinkes"].pk})) == {
        "siti.rahayu",
        "dinkeskota",
    }
    assert _handles(client.get(ACCOUNTS, {"owner_kind": "official"})) == {"dinkeskota"}
    assert _handles(client.get(ACCOUNTS, {"q": "budi"})) == {"budi.guru"}


def test_an_out_of_scope_unit_filter_is_a_bad_request(api_for, dinkes_admin, org, accounts):
    response = api_for(dinkes_admin).get(ACCOUNTS, {"unit": org["disdik"].pk})

    assert response.status_code == 400


def test_another_departments_account_is_not_found(api_for, dinkes_admin, accounts):
    response = api_for(dinkes_admin).get(f"{ACCOUNTS}{accounts['budi'].pk}/")

    assert response.status_code == 404


def test_an_admin_registers_an_official_account(api_for, dinkes_admin, org):
    response = api_for(dinkes_admin).post(
        ACCOUNTS,
        {
            "platform": "facebook",
            "raw_handle": "https://m.facebook.com/dinkes.kota.contoh?ref=share",
            "owner_unit": org["dinkes"].pk,
            "followers": 4100,
        },
        format="json",
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["handle"] == "dinkes.kota.contoh"
    assert body["owner_kind"] == "official" and body["owner_name"] == "Dinas Kesehatan"
    assert body["status"] == "unverified"
    assert AuditEvent.objects.filter(action="create", object_id=str(body["id"])).exists()


def test_an_asn_registers_their_own_account_without_naming_an_owner(api_for, asn, siti):
    response = api_for(asn).post(
        ACCOUNTS, {"platform": "threads", "raw_handle": "@siti.rahayu"}, format="json"
    )

    assert response.status_code == 201, response.json()
    account = SocialAccount.objects.get()
    assert account.owner_employee == siti
    assert account.profile_url == "https://www.threads.com/@siti.rahayu"


def test_an_asn_cannot_register_for_a_colleague(api_for, asn, org):
    colleague = EmployeeFactory(unit=org["dinkes_p2p"])

    response = api_for(asn).post(
        ACCOUNTS,
        {"platform": "x", "raw_handle": "@kolega", "owner_employee": colleague.pk},
        format="json",
    )

    assert response.status_code == 400
    assert "owner_employee" in response.json()
    assert not SocialAccount.objects.exists()


def test_a_claimed_handle_is_a_400_naming_the_holder(api_for, dinkes_admin, org, accounts):
    response = api_for(dinkes_admin).post(
        ACCOUNTS,
        {"platform": "instagram", "raw_handle": "@Siti.Rahayu", "owner_unit": org["dinkes"].pk},
        format="json",
    )

    assert response.status_code == 400
    assert response.json()["raw_handle"] == [
        "@siti.rahayu is already registered to Siti Rahayu (Bidang P2P)."
    ]


def test_an_admin_changes_the_handle_and_the_account_needs_verifying_again(
    api_for, dinkes_admin, accounts
):
    account = accounts["dinkes"]
    account.status = "verified"
    account.save()

    response = api_for(dinkes_admin).patch(
        f"{ACCOUNTS}{account.pk}/", {"raw_handle": "@dinkes.baru"}, format="json"
    )

    assert response.status_code == 200
    assert response.json()["handle"] == "dinkes.baru"
    assert response.json()["status"] == "unverified"


def test_an_admin_moves_an_official_account_to_an_employee(api_for, dinkes_admin, siti, accounts):
    account = accounts["dinkes"]

    response = api_for(dinkes_admin).patch(
        f"{ACCOUNTS}{account.pk}/", {"owner_employee": siti.pk}, format="json"
    )

    assert response.status_code == 200
    account.refresh_from_db()
    assert account.owner_employee == siti and account.owner_unit is None


def test_an_asn_cannot_set_the_status(api_for, asn, accounts):
    account = accounts["siti"]

    response = api_for(asn).patch(
        f"{ACCOUNTS}{account.pk}/", {"status": "verified", "followers": 77}, format="json"
    )

    assert response.status_code == 200
    account.refresh_from_db()
    assert account.status == "unverified" and account.followers == 77


def test_an_asn_cannot_move_their_account(api_for, asn, org, accounts):
    account = accounts["siti"]
    client = api_for(asn)

    to_unit = client.patch(
        f"{ACCOUNTS}{account.pk}/", {"owner_unit": org["dinkes_p2p"].pk}, format="json"
    )
    colleague = EmployeeFactory(unit=org["dinkes_p2p"])
    to_colleague = client.patch(
        f"{ACCOUNTS}{account.pk}/", {"owner_employee": colleague.pk}, format="json"
    )

    assert to_unit.status_code == 400 and to_colleague.status_code == 400
    account.refresh_from_db()
    assert account.owner_employee == asn.employee_record and account.owner_unit is None


def test_an_asn_deletes_their_own_account_but_not_others(api_for, asn, accounts):
    client = api_for(asn)

    assert client.delete(f"{ACCOUNTS}{accounts['budi'].pk}/").status_code == 404
    assert client.delete(f"{ACCOUNTS}{accounts['siti'].pk}/").status_code == 204
    assert set(SocialAccount.objects.values_list("handle", flat=True)) == {
        "budi.guru",
        "dinkeskota",
    }


def test_bulk_verify(api_for, dinkes_admin, accounts):
    ids = [accounts["siti"].pk, accounts["dinkes"].pk]

    response = api_for(dinkes_admin).post(f"{ACCOUNTS}verify/", {"ids": ids}, format="json")

    assert response.status_code == 200
    assert response.json() == {"count": 2, "status": "verified"}
    assert set(SocialAccount.objects.filter(pk__in=ids).values_list("status", flat=True)) == {
        "verified"
    }


def test_bulk_verify_with_an_out_of_scope_id_is_404_and_changes_nothing(
    api_for, dinkes_admin, accounts
):
    ids = [accounts["siti"].pk, accounts["budi"].pk]

    response = api_for(dinkes_admin).post(f"{ACCOUNTS}verify/", {"ids": ids}, format="json")

    assert response.status_code == 404
    assert set(SocialAccount.objects.values_list("status", flat=True)) == {"unverified"}


def test_bulk_reject_needs_a_reason(api_for, dinkes_admin, accounts):
    client = api_for(dinkes_admin)
    ids = [accounts["dinkes"].pk]

    missing = client.post(f"{ACCOUNTS}reject/", {"ids": ids}, format="json")
    blank = client.post(f"{ACCOUNTS}reject/", {"ids": ids, "reason": "  "}, format="json")
    done = client.post(f"{ACCOUNTS}reject/", {"ids": ids, "reason": "Bukan akun"}, format="json")

    assert missing.status_code == 400 and blank.status_code == 400
    assert done.status_code == 200
    account = SocialAccount.objects.get(pk=ids[0])
    assert (account.status, account.rejection_reason) == ("rejected", "Bukan akun")


def test_an_asn_cannot_verify_even_their_own_account(api_for, asn, accounts):
    response = api_for(asn).post(
        f"{ACCOUNTS}verify/", {"ids": [accounts["siti"].pk]}, format="json"
    )

    assert response.status_code == 403
    assert SocialAccount.objects.get(handle="siti.rahayu").status == "unverified"


def test_me_reads_the_own_record(api_for, asn, siti):
    body = api_for(asn).get("/api/me/").json()

    assert body["id"] == siti.pk
    assert body["nip_grouped"] == siti.nip_grouped
    assert body["unit_name"] == "Bidang P2P"


def test_me_changes_only_email_and_phone(api_for, asn, siti):
    response = api_for(asn).patch(
        "/api/me/",
        {"phone": "0812000111", "name": "Nama Lain", "position": "Kepala"},
        format="json",
    )

    assert response.status_code == 200
    siti.refresh_from_db()
    assert siti.phone == "0812000111"
    assert siti.name == "Siti Rahayu" and siti.position == "Analis Kebijakan"


def test_me_rejects_an_invalid_email(api_for, asn, siti):
    response = api_for(asn).patch("/api/me/", {"email": "bukan"}, format="json")

    assert response.status_code == 400
    siti.refresh_from_db()
    assert siti.email != "bukan"


def test_me_is_404_without_an_employee_record(api_for, dinkes_admin):
    assert api_for(dinkes_admin).get("/api/me/").status_code == 404


def test_the_openapi_schema_documents_the_endpoints(api_for, superadmin):
    response = api_for(superadmin).get("/api/schema/", {"format": "json"})

    assert response.status_code == 200
    paths = response.json()["paths"]
    assert {"/api/accounts/", "/api/accounts/{id}/", "/api/accounts/verify/"} <= set(paths)
    assert {"/api/accounts/reject/", "/api/me/"} <= set(paths)
    parameters = {p["name"] for p in paths["/api/accounts/"]["get"]["parameters"]}
    assert {"platform", "status", "owner_kind", "unit", "q", "ordering"} <= parameters


def test_the_api_orders_by_an_owner_name(api_for, instansi_admin, accounts):
    response = api_for(instansi_admin).get(ACCOUNTS, {"ordering": "-owner_name"})

    assert [row["handle"] for row in response.json()["results"]] == [
        "siti.rahayu",
        "dinkeskota",
        "budi.guru",
    ]


def test_the_api_list_runs_a_fixed_number_of_queries(
    api_for, instansi_admin, org, django_assert_num_queries
):
    def fresh_client():
        # A new user object, so the scope is worked out again as in a real request.
        return api_for(type(instansi_admin).objects.get(pk=instansi_admin.pk))

    SocialAccountFactory(owner_employee=EmployeeFactory(unit=org["dinkes_p2p"]))
    client = fresh_client()
    # roles, employee link, count, rows
    with django_assert_num_queries(4):
        client.get(ACCOUNTS)
    for n in range(5):
        SocialAccountFactory(owner_employee=EmployeeFactory(unit=org["disdik"]))
        SocialAccountFactory(owner_unit=org["dinkes"], owner_employee=None, handle=f"dk{n}")
    client = fresh_client()
    with django_assert_num_queries(4):
        response = client.get(ACCOUNTS)
    assert response.json()["count"] == 11
