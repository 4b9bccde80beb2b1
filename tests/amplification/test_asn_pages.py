"""The ASN's pages: my campaigns, one campaign with its share buttons, sending proofs."""

import datetime
import io
import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from gaung.amplification import actions
from gaung.amplification.choices import ProofStatus, RecapStatus
from gaung.amplification.models import Assignment, Campaign, Proof
from gaung.amplification.views_asn import time_left
from tests.amplification.test_campaign_flow import make_campaign
from tests.factories import EmployeeFactory, SocialAccountFactory, UserFactory

MY_CAMPAIGNS = reverse("amplification_asn:my_campaigns")
HTMX = {"HX-Request": "true", "HX-Target": "proof-area"}


@pytest.fixture(autouse=True)
def _english(settings):
    # Assertions read the English msgids; the product's default language is Indonesian.
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def siti(asn):
    SocialAccountFactory(
        owner_employee=asn.employee, platform="instagram", handle="siti.rahayu", followers=800
    )
    return asn.employee


def launch(admin, unit, **fields) -> Campaign:
    return actions.activate_campaign(admin, make_campaign(admin, unit, **fields))


def assignment_of(campaign: Campaign, employee) -> Assignment:
    return campaign.assignments.get(employee=employee)


def page_url(assignment: Assignment) -> str:
    return reverse("amplification_asn:my_campaign", args=[assignment.pk])


def proof_url(assignment: Assignment) -> str:
    return reverse("amplification_asn:submit_proof", args=[assignment.pk])


def end_campaign(campaign: Campaign, *, days_ago: float) -> None:
    """Move a campaign into the past (as if its deadline passed `days_ago` days ago)."""
    deadline = timezone.now() - datetime.timedelta(days=days_ago)
    Campaign.objects.filter(pk=campaign.pk).update(
        starts_at=deadline - datetime.timedelta(days=3), deadline=deadline
    )


def share_button(html: str, key: str) -> tuple[str, bool]:
    """The address of a share button, and whether it copies the caption first."""
    tag = re.search(rf'<a [^>]*data-testid="share-{key}"[^>]*>', html).group(0)
    href = re.search(r'href="([^"]*)"', tag).group(1)
    return unescape(href), 'data-copy-from="#share-text"' in tag


def image_file(name: str, image_format: str) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 80), "white").save(buffer, format=image_format)
    return SimpleUploadedFile(name, buffer.getvalue())


# ---------------------------------------------------------------------------------------------
# My campaigns
# ---------------------------------------------------------------------------------------------


def test_a_login_without_an_employee_record_gets_404_on_my_campaigns(client_for, dinkes_admin):
    # when
    response = client_for(dinkes_admin).get(MY_CAMPAIGNS)

    # then
    assert response.status_code == 404


def test_my_campaigns_lists_running_ones_nearest_deadline_first_with_status_and_time_left(
    client_for, org, dinkes_admin, asn, siti
):
    # given two running campaigns, one of them half done
    now = timezone.now()
    launch(
        dinkes_admin, org["dinkes"], title="Kampanye Lebih Lama",
        deadline=now + datetime.timedelta(days=5, hours=1),
    )  # fmt: skip
    sooner = launch(
        dinkes_admin, org["dinkes"], title="Kampanye Segera", actions=["share", "like"],
        post_url="https://www.instagram.com/dinkes.contoh/p/Segera1/",
        deadline=now + datetime.timedelta(days=2, hours=1),
    )  # fmt: skip
    actions.submit_proof(
        asn, assignment_of(sooner, siti), platform="instagram", action="like", kind="url",
        url="https://www.instagram.com/siti.rahayu/p/SukaSegera/",
    )  # fmt: skip

    # when
    response = client_for(asn).get(MY_CAMPAIGNS)

    # then
    html = response.content.decode()
    assert response.status_code == 200
    assert html.index("Kampanye Segera") < html.index("Kampanye Lebih Lama")
    assert "2 days left" in html and "5 days left" in html
    assert "1 of 2 done" in html
    assert 'data-status="partial"' in html and 'data-status="not_yet"' in html
    assert 'data-testid="no-campaigns"' not in html


def test_my_campaigns_shows_recently_ended_ones_but_not_older_ones_nor_other_peoples(
    client_for, org, dinkes_admin, disdik_admin, asn, siti
):
    # given a campaign that ended last week, one that ended two months ago, and a campaign
    # of another department that does not involve Siti
    recent = launch(dinkes_admin, org["dinkes"], title="Kampanye Minggu Lalu")
    end_campaign(recent, days_ago=7)
    old = launch(
        dinkes_admin, org["dinkes"], title="Kampanye Lama",
        post_url="https://www.instagram.com/dinkes.contoh/p/Lama1/",
    )  # fmt: skip
    end_campaign(old, days_ago=60)
    EmployeeFactory(unit=org["disdik_sd"], name="Guru SD")
    launch(
        disdik_admin, org["disdik"], title="Kampanye Disdik",
        post_url="https://www.instagram.com/disdik.contoh/p/Disdik1/",
    )  # fmt: skip

    # when
    response = client_for(asn).get(MY_CAMPAIGNS)

    # then
    html = response.content.decode()
    assert 'data-testid="no-campaigns"' in html
    assert "Recently ended" in html and "Kampanye Minggu Lalu" in html
    assert "Kampanye Lama" not in html and "Kampanye Disdik" not in html


def test_time_left_says_the_largest_whole_unit():
    now = timezone.now()

    assert time_left(now + datetime.timedelta(days=2, hours=5), now) == "2 days left"
    assert time_left(now + datetime.timedelta(hours=1, minutes=59), now) == "1 hour left"
    assert time_left(now + datetime.timedelta(seconds=20), now) == "1 minute left"
    assert time_left(now - datetime.timedelta(seconds=1), now) == "Ended"


def test_the_asn_menu_and_profile_lead_to_my_campaigns(client_for, asn, dinkes_admin):
    # when
    profile = client_for(asn).get(reverse("socials:my_accounts")).content.decode()
    admin_home = client_for(dinkes_admin).get(reverse("core:home")).content.decode()

    # then
    assert profile.count(f'href="{MY_CAMPAIGNS}"') == 2  # the menu item and the card
    assert "ti-speakerphone" in profile
    assert f'href="{MY_CAMPAIGNS}"' not in admin_home


# ---------------------------------------------------------------------------------------------
# One campaign
# ---------------------------------------------------------------------------------------------


def test_only_the_assigned_employee_may_open_their_campaign_page(
    client_for, org, dinkes_admin, asn, siti
):
    # given a colleague with a login, assigned the same campaign
    colleague_user = UserFactory(username="budi")
    colleague = EmployeeFactory(unit=org["dinkes_p2p"], user=colleague_user, name="Budi")
    campaign = launch(dinkes_admin, org["dinkes"])
    url = page_url(assignment_of(campaign, siti))

    # when / then
    assert client_for(asn).get(url).status_code == 200
    assert client_for(colleague_user).get(url).status_code == 404
    assert client_for(dinkes_admin).get(url).status_code == 404
    own = page_url(assignment_of(campaign, colleague))
    assert client_for(colleague_user).get(own).status_code == 200


def test_the_campaign_page_shows_the_post_caption_tracked_link_and_one_tap_share_buttons(
    client_for, org, dinkes_admin, asn, siti
):
    # given
    campaign = launch(
        dinkes_admin, org["dinkes"], platforms=["instagram", "x", "facebook"],
        caption="Ayo vaksin lengkap!", hashtags="vaksin, #SehatBersama",
        instructions="Bagikan sebelum Jumat.",
    )  # fmt: skip
    assignment = assignment_of(campaign, siti)
    link = f"http://testserver/l/{assignment.token}"

    # when
    html = client_for(asn).get(page_url(assignment)).content.decode()

    # then the official post, instructions, caption and tracked link are there
    assert campaign.post_url in html and "Bagikan sebelum Jumat." in html
    assert "Ayo vaksin lengkap!\n\n#vaksin #SehatBersama</textarea>" in html
    assert f'value="{link}"' in html
    assert 'data-copy-from="#share-text"' in html and 'data-copy-from="#tracked-link"' in html
    # and the X, Facebook, WhatsApp and Telegram intents carry the tracked link
    for key in ("x", "facebook", "whatsapp", "telegram"):
        href, _copies = share_button(html, key)
        params = parse_qs(urlsplit(href).query)
        assert any(link in value for values in params.values() for value in values), key
    # and Instagram copies the caption, then opens the official post
    assert share_button(html, "instagram") == (campaign.post_url, True)
    # and the Web Share button waits for a browser that has it
    assert "data-web-share-wrap" in html and 'data-share-url="' + link in html
    assert "amplification/asn.js" in html


def test_platforms_without_an_account_say_so_and_link_to_registering_one(
    client_for, org, dinkes_admin, asn, siti
):
    # given a campaign on Instagram and TikTok; Siti has only Instagram
    campaign = launch(dinkes_admin, org["dinkes"], platforms=["instagram", "tiktok"])

    # when
    html = client_for(asn).get(page_url(assignment_of(campaign, siti))).content.decode()

    # then
    assert 'data-testid="no-account-tiktok"' in html
    assert reverse("socials:my_account_create") in html
    assert 'data-testid="row-instagram:share"' in html
    assert 'data-testid="row-tiktok:share"' not in html
    assert '<option value="tiktok:share"' not in html


def test_an_account_registered_after_the_start_counts_as_soon_as_the_page_opens(
    client_for, org, dinkes_admin, asn, siti
):
    # given a TikTok campaign assigned while Siti had no TikTok account
    campaign = launch(dinkes_admin, org["dinkes"], platforms=["tiktok"])
    assignment = assignment_of(campaign, siti)
    assert assignment.status == RecapStatus.NO_ACCOUNT
    SocialAccountFactory(owner_employee=siti, platform="tiktok", handle="siti.tiktok")

    # when
    html = client_for(asn).get(page_url(assignment)).content.decode()

    # then
    assignment.refresh_from_db()
    assert (assignment.status, assignment.asked) == (RecapStatus.NOT_YET, 1)
    assert '<option value="tiktok:share"' in html


# ---------------------------------------------------------------------------------------------
# Sending proofs
# ---------------------------------------------------------------------------------------------


def test_a_link_from_my_own_account_sent_with_htmx_is_accepted_and_the_rows_update(
    client_for, org, dinkes_admin, asn, siti
):
    # given
    campaign = launch(dinkes_admin, org["dinkes"], actions=["share", "like"])
    assignment = assignment_of(campaign, siti)

    # when
    response = client_for(asn).post(
        proof_url(assignment),
        {"target": "instagram:share", "kind": "url",
         "url": "https://www.instagram.com/siti.rahayu/p/BagiVaksin1/?igsh=abc"},
        headers=HTMX,
    )  # fmt: skip

    # then only the proof area comes back, with the row done and a thank-you
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html and 'id="proof-area"' in html
    assert "Thank you! Your proof for Instagram · Share / repost is accepted." in html
    row = html[html.index('data-testid="row-instagram:share"') :]
    assert row.index('data-state="done"') < row.index('data-testid="row-instagram:like"')
    assert "1 of 2 done" in html and 'data-status="partial"' in html
    assert '<option value="instagram:share"' not in html
    assert '<option value="instagram:like"' in html


def test_a_plain_form_post_redirects_back_with_a_success_message(
    client_for, org, dinkes_admin, asn, siti
):
    # given
    assignment = assignment_of(launch(dinkes_admin, org["dinkes"]), siti)
    client = client_for(asn)

    # when
    response = client.post(
        proof_url(assignment),
        {"target": "instagram:share", "kind": "url",
         "url": "https://www.instagram.com/siti.rahayu/p/BagiVaksin2/"},
    )  # fmt: skip

    # then
    assert response.status_code == 302
    assert response["Location"] == page_url(assignment)
    page = client.get(response["Location"]).content.decode()
    assert "is accepted." in page
    assert 'data-testid="nothing-left"' in page


def test_someone_elses_link_is_refused_with_the_reason_next_to_the_link_field(
    client_for, org, dinkes_admin, asn, siti
):
    # given
    assignment = assignment_of(launch(dinkes_admin, org["dinkes"]), siti)

    # when
    response = client_for(asn).post(
        proof_url(assignment),
        {"target": "instagram:share", "kind": "url",
         "url": "https://www.instagram.com/orang.lain/p/BukanSiti1/"},
        headers=HTMX,
    )  # fmt: skip

    # then
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_url_error"' in html
    assert "This post is by @orang.lain, which is not one of your registered accounts." in html
    assert 'value="https://www.instagram.com/orang.lain/p/BukanSiti1/"' in html
    assert not Proof.objects.exists()


def test_a_screenshot_waits_for_review_and_is_shown_as_sent(
    client_for, org, dinkes_admin, asn, siti
):
    # given
    assignment = assignment_of(launch(dinkes_admin, org["dinkes"]), siti)

    # when
    response = client_for(asn).post(
        proof_url(assignment),
        {"target": "instagram:share", "kind": "screenshot",
         "screenshot": image_file("bukti.png", "PNG")},
        headers=HTMX,
    )  # fmt: skip

    # then
    html = response.content.decode()
    proof = Proof.objects.get()
    assert (proof.kind, proof.status) == ("screenshot", ProofStatus.PENDING)
    assert "An admin of your unit will check it." in html
    assert 'data-state="pending"' in html and "Screenshot sent" in html
    assert reverse("amplification:proof_screenshot", args=[proof.pk]) in html


def test_a_screenshot_that_is_not_png_or_jpeg_is_refused(client_for, org, dinkes_admin, asn, siti):
    # given
    assignment = assignment_of(launch(dinkes_admin, org["dinkes"]), siti)

    # when
    response = client_for(asn).post(
        proof_url(assignment),
        {"target": "instagram:share", "kind": "screenshot",
         "screenshot": image_file("bukti.gif", "GIF")},
        headers=HTMX,
    )  # fmt: skip

    # then
    assert "Upload the screenshot as a PNG or JPEG image." in response.content.decode()
    assert not Proof.objects.exists()


def test_a_rejected_proof_shows_the_admins_reason_and_may_be_sent_again(
    client_for, org, dinkes_admin, asn, siti
):
    # given a screenshot the unit admin rejected
    assignment = assignment_of(launch(dinkes_admin, org["dinkes"]), siti)
    proof = actions.submit_proof(
        asn, assignment, platform="instagram", action="share", kind="screenshot",
        screenshot=image_file("bukti.jpg", "JPEG"),
    )  # fmt: skip
    actions.review_proofs(dinkes_admin, [proof], accept=False, note="Gambar tidak terbaca")
    client = client_for(asn)

    # when
    page = client.get(page_url(assignment)).content.decode()
    again = client.post(
        proof_url(assignment),
        {"target": "instagram:share", "kind": "url",
         "url": "https://www.instagram.com/siti.rahayu/p/Ulang1/"},
        headers=HTMX,
    )  # fmt: skip

    # then
    assert 'data-state="rejected"' in page and "Gambar tidak terbaca" in page
    assert "Send again" in page and '<option value="instagram:share"' in page
    assert "is accepted." in again.content.decode()
    assignment.refresh_from_db()
    assert assignment.status == RecapStatus.DONE


def test_after_the_deadline_the_page_is_read_only_and_proofs_are_refused(
    client_for, org, dinkes_admin, asn, siti
):
    # given
    campaign = launch(dinkes_admin, org["dinkes"])
    assignment = assignment_of(campaign, siti)
    end_campaign(campaign, days_ago=1)
    client = client_for(asn)

    # when
    page = client.get(page_url(assignment)).content.decode()
    late = client.post(
        proof_url(assignment),
        {"target": "instagram:share", "kind": "url",
         "url": "https://www.instagram.com/siti.rahayu/p/Telat1/"},
        headers=HTMX,
    )  # fmt: skip

    # then
    assert "This campaign has ended; proofs are no longer accepted." in page
    assert 'data-testid="share-card"' not in page and 'id="proof-form"' not in page
    assert "This campaign has ended; proofs are no longer accepted." in late.content.decode()
    assert not Proof.objects.exists()
