"""Rules of socials.actions: claims, re-verification, ASN limits, all-or-nothing reviews."""

import pytest

from gaung.core.models import AuditEvent
from gaung.core.permissions import PermissionDenied, ValidationError
from gaung.socials.actions import (
    delete_account,
    register_account,
    reject_accounts,
    update_account,
    verify_accounts,
)
from gaung.socials.models import SocialAccount
from tests.factories import EmployeeFactory, SocialAccountFactory


@pytest.fixture(autouse=True)
def _english(settings):
    # Assertions read the English msgids; the product's default language is Indonesian.
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def siti(asn):
    return asn.employee_record


def test_claiming_a_registered_handle_names_the_holder(org, dinkes_admin, siti):
    # given
    register_account(
        dinkes_admin, platform="instagram", raw_handle="@dinkes.ok", owner_employee=siti
    )
    other = EmployeeFactory(unit=org["dinkes"], name="Budi Santoso")

    # when
    with pytest.raises(ValidationError) as caught:
        register_account(
            dinkes_admin,
            platform="instagram",
            raw_handle="https://instagram.com/Dinkes.OK/",
            owner_employee=other,
        )

    # then
    assert caught.value.message_dict["raw_handle"] == [
        "@dinkes.ok is already registered to Siti Rahayu (Bidang P2P)."
    ]
    assert SocialAccount.objects.count() == 1


def test_claiming_an_official_handle_names_the_unit(org, dinkes_admin, siti):
    register_account(
        dinkes_admin, platform="tiktok", raw_handle="@dinkeskota", owner_unit=org["dinkes"]
    )

    with pytest.raises(ValidationError) as caught:
        register_account(
            dinkes_admin, platform="tiktok", raw_handle="dinkeskota", owner_employee=siti
        )

    assert "the official account of Dinas Kesehatan" in caught.value.message_dict["raw_handle"][0]


def test_changing_the_handle_sends_a_verified_account_back_to_verification(dinkes_admin, siti):
    # given
    account = register_account(
        dinkes_admin, platform="instagram", raw_handle="@siti.lama", owner_employee=siti
    )
    verify_accounts(dinkes_admin, [account])

    # when
    update_account(dinkes_admin, account, raw_handle="@siti.baru")

    # then
    account.refresh_from_db()
    assert account.handle == "siti.baru"
    assert account.status == "unverified"
    assert account.verified_by is None and account.verified_at is None


def test_changing_only_followers_keeps_the_verification(dinkes_admin, siti):
    account = register_account(
        dinkes_admin, platform="instagram", raw_handle="@siti.tetap", owner_employee=siti
    )
    verify_accounts(dinkes_admin, [account])

    update_account(dinkes_admin, account, followers=900)

    account.refresh_from_db()
    assert account.status == "verified"
    assert account.followers == 900
    assert account.followers_as_of is not None


def test_asn_cannot_set_the_status_of_their_own_account(asn, siti):
    account = register_account(asn, platform="instagram", raw_handle="@siti.r", owner_employee=siti)

    with pytest.raises(PermissionDenied):
        update_account(asn, account, status="verified")

    account.refresh_from_db()
    assert account.status == "unverified"


def test_asn_cannot_move_their_account_to_another_owner(org, asn, siti):
    account = register_account(asn, platform="instagram", raw_handle="@siti.r", owner_employee=siti)
    colleague = EmployeeFactory(unit=org["dinkes_p2p"])

    with pytest.raises(PermissionDenied):
        update_account(asn, account, owner_employee=colleague)
    with pytest.raises(PermissionDenied):
        update_account(asn, account, owner_unit=org["dinkes_p2p"], owner_employee=None)

    account.refresh_from_db()
    assert account.owner_employee == siti and account.owner_unit is None


def test_asn_cannot_register_an_account_for_a_colleague(org, asn):
    colleague = EmployeeFactory(unit=org["dinkes_p2p"])

    with pytest.raises(PermissionDenied):
        register_account(asn, platform="x", raw_handle="@kolega", owner_employee=colleague)

    assert not SocialAccount.objects.exists()


def test_asn_can_change_their_handle_and_followers(asn, siti):
    account = register_account(asn, platform="instagram", raw_handle="@siti.r", owner_employee=siti)

    update_account(asn, account, platform="tiktok", raw_handle="@siti.r", followers=45)

    account.refresh_from_db()
    assert (account.platform, account.handle, account.followers) == ("tiktok", "siti.r", 45)


def test_moving_an_account_to_two_owners_is_refused_with_a_clear_message(org, dinkes_admin, siti):
    account = SocialAccountFactory(owner_employee=siti)

    with pytest.raises(ValidationError) as caught:
        update_account(dinkes_admin, account, owner_unit=org["dinkes"], owner_employee=siti)

    assert caught.value.messages == ["Choose either a unit or an employee as the owner."]
    account.refresh_from_db()
    assert account.owner_unit is None


def test_bulk_verify_changes_nothing_when_one_account_is_out_of_scope(org, dinkes_admin):
    # given
    mine = SocialAccountFactory(owner_employee=EmployeeFactory(unit=org["dinkes_p2p"]))
    theirs = SocialAccountFactory(owner_unit=org["disdik"], owner_employee=None)

    # when
    with pytest.raises(PermissionDenied):
        verify_accounts(dinkes_admin, [mine, theirs])

    # then
    assert set(SocialAccount.objects.values_list("status", flat=True)) == {"unverified"}
    assert not AuditEvent.objects.filter(action="verify").exists()


def test_rejecting_needs_a_reason(org, dinkes_admin):
    account = SocialAccountFactory(owner_unit=org["dinkes"], owner_employee=None)

    with pytest.raises(ValidationError):
        reject_accounts(dinkes_admin, [account], "   ")

    account.refresh_from_db()
    assert account.status == "unverified"


def test_reviews_are_audited_with_the_status_change(org, dinkes_admin):
    # given
    account = SocialAccountFactory(owner_unit=org["dinkes"], owner_employee=None)

    # when
    reject_accounts(dinkes_admin, [account], "Akun tidak ditemukan")

    # then
    event = AuditEvent.objects.get(action="reject")
    assert event.actor == dinkes_admin
    assert event.object_id == str(account.pk)
    assert event.unit_path == org["dinkes"].path
    assert event.changes == {
        "status": ["unverified", "rejected"],
        "rejection_reason": ["", "Akun tidak ditemukan"],
    }


def test_register_update_and_delete_are_audited(dinkes_admin, siti):
    account = register_account(
        dinkes_admin, platform="youtube", raw_handle="@sitirahayu", owner_employee=siti
    )
    update_account(dinkes_admin, account, display_name="Siti R.")
    pk = account.pk
    delete_account(dinkes_admin, account)

    events = AuditEvent.objects.filter(object_id=str(pk)).order_by("id")
    assert [e.action for e in events] == ["create", "update", "delete"]
    assert events[0].changes["handle"] == [None, "sitirahayu"]
    assert events[1].changes == {"display_name": ["", "Siti R."]}
    assert all(e.unit_path == siti.unit.path for e in events)


def test_list_columns_name_the_department_of_the_owner(org, siti):
    SocialAccountFactory(owner_employee=siti, handle="siti.opd")
    SocialAccountFactory(owner_unit=org["instansi"], owner_employee=None, handle="pemkot")

    rows = {a.handle: a for a in SocialAccount.objects.with_list_columns()}

    assert rows["siti.opd"].department_name == "Dinas Kesehatan"
    assert rows["siti.opd"].unit_name == "Bidang P2P"
    assert rows["siti.opd"].owner_name == "Siti Rahayu"
    assert rows["pemkot"].department_name is None
