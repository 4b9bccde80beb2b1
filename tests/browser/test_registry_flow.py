"""End to end in Chromium: an ASN registers an account, the unit admin verifies it."""

import pytest

from gaung.socials.models import SocialAccount
from tests.browser.conftest import log_in
from tests.factories import EmployeeFactory, UserFactory, make_admin

PASSWORD = "rahasia-sekali-123"


@pytest.fixture
def people(transactional_db):
    from tests.factories import UnitFactory

    instansi = UnitFactory(name="Pemerintah Kota Contoh", kind="instansi", parent=None)
    dinkes = UnitFactory(name="Dinas Kesehatan", short_name="Dinkes", kind="dinas", parent=instansi)
    p2p = UnitFactory(name="Bidang P2P", kind="bidang", parent=dinkes)
    asn_user = UserFactory(username="siti")
    EmployeeFactory(unit=p2p, user=asn_user, name="Siti Rahayu")
    admin = make_admin(dinkes, username="admin.dinkes")
    return {"asn": asn_user, "admin": admin}


def test_asn_pastes_instagram_url_and_unit_admin_verifies_it_in_the_queue(people, page_for):
    # given an ASN logged in on a phone
    asn_page = page_for(phone=True)
    log_in(asn_page, "siti", PASSWORD)
    asn_page.goto("/me/")

    # when they add an Instagram account by pasting the address copied from the app
    asn_page.click("[data-testid=add-account]")
    asn_page.select_option("#id_platform", "instagram")
    asn_page.fill("#id_raw_handle", "https://www.instagram.com/Siti.Rahayu_/?igsh=MWQ1ZGUxMzBkMA==")
    asn_page.fill("#id_followers", "1250")
    asn_page.click("[data-testid=save-account]")

    # then the account is listed as theirs, normalised, and waiting for verification
    card = asn_page.locator("[data-testid='my-account-siti.rahayu_']")
    card.wait_for()
    assert card.locator("[data-status]").get_attribute("data-status") == "unverified"
    account = SocialAccount.objects.get(handle="siti.rahayu_")
    assert account.profile_url == "https://www.instagram.com/siti.rahayu_/"

    # when the unit admin verifies it from the queue on a desktop
    admin_page = page_for()
    log_in(admin_page, "admin.dinkes", PASSWORD)
    admin_page.goto("/socials/verification/")
    row = admin_page.locator("[data-testid='queue-row-siti.rahayu_']")
    row.locator("input[type=checkbox]").check()
    admin_page.click("#queue-verify")
    admin_page.wait_for_load_state("networkidle")

    # then the queue no longer lists it and the ASN sees it verified
    assert admin_page.locator("[data-testid='queue-row-siti.rahayu_']").count() == 0
    account.refresh_from_db()
    assert account.status == "verified"
    assert account.verified_by == people["admin"]
    asn_page.goto("/me/")
    badge = asn_page.locator("[data-testid='my-account-siti.rahayu_'] [data-status]")
    assert badge.get_attribute("data-status") == "verified"
