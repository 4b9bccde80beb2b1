"""End to end in Chromium on a phone: an ASN shares a campaign and proves it; the recap moves."""

import datetime
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.utils import timezone, translation

from gaung.amplification import actions
from gaung.amplification.choices import RecapStatus
from tests.browser.conftest import log_in
from tests.factories import (
    EmployeeFactory,
    SocialAccountFactory,
    UnitFactory,
    UserFactory,
    make_admin,
)

PASSWORD = "rahasia-sekali-123"
PHONE_WIDTH = 360


@pytest.fixture
def world(transactional_db):
    """Siti (Bidang P2P, Instagram only), Dinkes' admin, and a running Instagram + X campaign."""
    instansi = UnitFactory(name="Pemerintah Kota Contoh", kind="instansi", parent=None)
    dinkes = UnitFactory(name="Dinas Kesehatan", short_name="Dinkes", kind="dinas", parent=instansi)
    p2p = UnitFactory(name="Bidang P2P", kind="bidang", parent=dinkes)
    siti = EmployeeFactory(unit=p2p, user=UserFactory(username="siti"), name="Siti Rahayu")
    SocialAccountFactory(owner_employee=siti, platform="instagram", handle="siti.rahayu")
    admin = make_admin(dinkes, username="admin.dinkes")
    now = timezone.now()
    campaign = actions.create_campaign(
        admin, unit=dinkes, target_units=[dinkes], title="Ayo Vaksin Lengkap",
        post_url="https://www.instagram.com/dinkes.contoh/p/VaksinLengkap1/",
        caption="Lindungi anak dengan imunisasi lengkap.", hashtags="ImunisasiLengkap",
        actions=["share"], platforms=["instagram", "x"],
        starts_at=now - datetime.timedelta(hours=1), deadline=now + datetime.timedelta(days=2),
    )  # fmt: skip
    campaign = actions.activate_campaign(admin, campaign)
    return {"campaign": campaign, "assignment": campaign.assignments.get(employee=siti)}


def keep_on_this_machine(page, live_url: str) -> list[str]:
    """Answer every request to another site locally; returns the addresses asked for."""
    asked: list[str] = []

    def handle(route):
        if route.request.url.startswith(live_url):
            route.continue_()
        else:
            asked.append(route.request.url)
            route.fulfill(status=200, content_type="text/html", body="<p>offline</p>")

    page.context.route(re.compile(r".*"), handle)
    return asked


def status_label(status: str) -> str:
    """The recap status as the interface (Indonesian by default) names it."""
    with translation.override("id"):
        return str(RecapStatus(status).label)


def recap_status(page, campaign, employee_id: int) -> tuple[str, str]:
    page.goto(f"/campaigns/{campaign.pk}/recap/")
    badge = page.locator(f"[data-testid='person-{employee_id}'] [data-status]")
    return badge.get_attribute("data-status"), badge.inner_text().strip()


def test_asn_shares_on_a_phone_and_proves_it_and_the_unit_admin_sees_it_done(
    world, page_for, live_server
):
    campaign, assignment = world["campaign"], world["assignment"]
    tracked_link = f"{live_server.url}/l/{assignment.token}"

    # given the unit admin sees Siti as not yet done in the campaign's recap
    admin_page = page_for()
    log_in(admin_page, "admin.dinkes", PASSWORD)
    assert recap_status(admin_page, campaign, assignment.employee_id) == (
        RecapStatus.NOT_YET, status_label(RecapStatus.NOT_YET),
    )  # fmt: skip

    # when Siti opens her campaigns from the menu on a phone
    page = page_for(phone=True)
    asked_outside = keep_on_this_machine(page, live_server.url)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    log_in(page, "siti", PASSWORD)
    page.click(".navbar-toggler")
    page.click("a.nav-link[href='/me/campaigns/']")
    page.click(f"[data-testid='my-campaign-{assignment.pk}']")

    # then the campaign page fits the phone and offers her tracked link
    page.locator("[data-testid='campaign-title']").wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_WIDTH
    assert page.input_value("[data-testid='tracked-link']") == tracked_link
    assert page.locator("[data-testid='no-account-x']").is_visible()

    # when she copies her link, then taps "share on X"
    page.click("[data-testid='copy-link']")
    copied = page.evaluate("navigator.clipboard.readText()")
    with page.expect_popup() as popup:
        page.click("[data-testid='share-x']")
    intent = popup.value.url

    # then the clipboard holds the link, and X's intent carries it with the caption
    assert copied == tracked_link
    assert intent.startswith("https://x.com/intent/post?")
    query = parse_qs(urlsplit(intent).query)
    assert query["url"] == [tracked_link]
    assert query["text"][0].startswith("Lindungi anak dengan imunisasi lengkap.")
    assert asked_outside and asked_outside[-1] == intent  # answered here, not by X
    popup.value.close()

    # when she sends the link of her own Instagram post as proof
    page.fill("#id_url", "https://www.instagram.com/siti.rahayu/p/BuktiSiti1/?igsh=abc")
    page.click("[data-testid='send-proof']")

    # then it is accepted at once and the row says done
    page.locator("[data-testid='proof-notice']").wait_for()
    row = page.locator("[data-testid='row-instagram:share'] [data-state]")
    assert row.get_attribute("data-state") == "done"
    assert page.locator("#proof-area [data-status]").first.get_attribute("data-status") == "done"

    # and the unit admin now sees her counted as done
    assert recap_status(admin_page, campaign, assignment.employee_id) == (
        RecapStatus.DONE, status_label(RecapStatus.DONE),
    )  # fmt: skip
