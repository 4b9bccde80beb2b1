"""The ASN's own pages under /me/: profile, contact details and personal accounts."""

import pytest
from django.urls import reverse

from gaung.core.models import AuditEvent
from gaung.socials.models import SocialAccount
from tests.factories import EmployeeFactory, SocialAccountFactory, UserFactory

ME_URL = reverse("socials:my_accounts")
ADD_URL = reverse("socials:my_account_create")


@pytest.fixture(autouse=True)
def _english(settings):
    # Assertions read the English msgids; the product's default language is Indonesian.
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def siti(asn):
    return asn.employee_record


def test_a_login_without_an_employee_record_gets_404_on_me_pages(client_for, dinkes_admin):
    client = client_for(dinkes_admin)
    own = SocialAccountFactory()

    assert client.get(ME_URL).status_code == 404
    assert client.get(ADD_URL).status_code == 404
    assert client.get(reverse("socials:my_account_edit", args=[own.pk])).status_code == 404


def test_an_inactive_employee_record_gets_404(client_for, org):
    user = UserFactory()
    EmployeeFactory(unit=org["dinkes"], user=user, is_active=False)

    assert client_for(user).get(ME_URL).status_code == 404


def test_my_profile_shows_the_record_and_each_account_with_its_status(client_for, asn, siti):
    # given
    siti.position = "Epidemiolog Ahli Muda"
    siti.save()
    SocialAccountFactory(owner_employee=siti, handle="siti.rahayu", followers=1234)
    SocialAccountFactory(
        owner_employee=siti,
        handle="siti_tiktok",
        platform="tiktok",
        status="rejected",
        rejection_reason="Profil tidak bisa dibuka",
    )
    SocialAccountFactory(handle="orang.lain")

    # when
    response = client_for(asn).get(ME_URL)

    # then
    html = response.content.decode()
    assert response.status_code == 200
    assert siti.nip_grouped in html
    assert (
        "Epidemiolog Ahli Muda" in html
        and "Dinas Kesehatan \N{SINGLE RIGHT-POINTING ANGLE QUOTATION MARK} Bidang P2P" in html
    )
    assert 'data-testid="my-account-siti.rahayu"' in html
    assert "ti-brand-tiktok" in html and "ti-brand-instagram" in html
    assert "Profil tidak bisa dibuka" in html
    assert "An admin of your unit will check that this account is yours." in html
    assert "orang.lain" not in html


def test_an_asn_changes_their_email_and_phone(client_for, asn, siti):
    response = client_for(asn).post(
        ME_URL, {"email": "siti.rahayu@dinkes.go.id", "phone": "0812 3456 7890"}
    )

    assert response.status_code == 302
    siti.refresh_from_db()
    assert (siti.email, siti.phone) == ("siti.rahayu@dinkes.go.id", "0812 3456 7890")
    event = AuditEvent.objects.get(action="update", object_id=str(siti.pk))
    assert set(event.changes) == {"email", "phone"}


def test_the_profile_form_ignores_anything_but_email_and_phone(client_for, asn, siti):
    client_for(asn).post(ME_URL, {"email": siti.email, "phone": "0811", "name": "Orang Lain"})

    siti.refresh_from_db()
    assert siti.name == "Siti Rahayu" and siti.phone == "0811"


def test_an_invalid_email_is_shown_on_its_field(client_for, asn, siti):
    response = client_for(asn).post(ME_URL, {"email": "bukan-email", "phone": ""})

    assert response.status_code == 200
    assert "email" in response.context["form"].errors


def test_the_add_form_has_the_ids_browser_tests_use(client_for, asn):
    html = client_for(asn).get(ADD_URL).content.decode()

    for marker in ('id="id_platform"', 'id="id_raw_handle"', 'id="id_followers"'):
        assert marker in html
    assert 'data-testid="save-account"' in html


def test_pasting_an_instagram_share_link_registers_the_clean_handle(client_for, asn, siti):
    # when
    response = client_for(asn).post(
        ADD_URL,
        {
            "platform": "instagram",
            "raw_handle": "https://www.instagram.com/siti.rahayu/?igsh=abc",
            "followers": "321",
        },
    )

    # then
    assert response.status_code == 302 and response["Location"] == ME_URL
    account = SocialAccount.objects.get()
    assert account.handle == "siti.rahayu"
    assert account.profile_url == "https://www.instagram.com/siti.rahayu/"
    assert account.owner_employee == siti and account.owner_unit is None
    assert account.status == "unverified" and account.followers == 321


def test_adding_an_account_someone_else_holds_names_them(client_for, org, asn):
    budi = EmployeeFactory(unit=org["disdik"], name="Budi Santoso")
    SocialAccountFactory(owner_employee=budi, handle="budi.s")

    response = client_for(asn).post(ADD_URL, {"platform": "instagram", "raw_handle": "@budi.s"})

    assert response.status_code == 200
    assert response.context["form"].errors["raw_handle"] == [
        "@budi.s is already registered to Budi Santoso (Disdik)."
    ]
    assert SocialAccount.objects.count() == 1


def test_a_link_from_the_wrong_platform_is_explained(client_for, asn):
    response = client_for(asn).post(
        ADD_URL, {"platform": "instagram", "raw_handle": "https://www.tiktok.com/@siti"}
    )

    assert (
        "This is a TikTok link, not an Instagram one."
        in (response.context["form"].errors["raw_handle"][0])
    )


def test_editing_the_handle_of_a_rejected_account_asks_for_a_new_check(client_for, asn, siti):
    account = SocialAccountFactory(
        owner_employee=siti, handle="siti.salah", status="rejected", rejection_reason="Salah"
    )

    response = client_for(asn).post(
        reverse("socials:my_account_edit", args=[account.pk]),
        {"platform": "instagram", "raw_handle": "@siti.benar", "followers": "120"},
    )

    assert response.status_code == 302
    account.refresh_from_db()
    assert account.handle == "siti.benar"
    assert (account.status, account.rejection_reason) == ("unverified", "")


def test_an_asn_cannot_open_someone_elses_account(client_for, asn, org):
    other = SocialAccountFactory(owner_employee=EmployeeFactory(unit=org["dinkes_p2p"]))
    client = client_for(asn)

    assert client.get(reverse("socials:my_account_edit", args=[other.pk])).status_code == 404
    response = client.post(reverse("socials:my_account_delete", args=[other.pk]))

    assert response.status_code == 404
    assert SocialAccount.objects.filter(pk=other.pk).exists()


def test_an_asn_deletes_their_own_account_after_confirming(client_for, asn, siti):
    account = SocialAccountFactory(owner_employee=siti)
    url = reverse("socials:my_account_delete", args=[account.pk])
    client = client_for(asn)

    assert b'data-testid="confirm-delete"' in client.get(url).content
    assert SocialAccount.objects.filter(pk=account.pk).exists()
    response = client.post(url)

    assert response["Location"] == ME_URL
    assert not SocialAccount.objects.filter(pk=account.pk).exists()


def test_the_home_page_sends_an_asn_to_their_profile(client_for, asn):
    response = client_for(asn).get(reverse("core:home"))

    assert response["Location"] == ME_URL
