"""The tracked link /l/<token>: public, redirects to the official post, counts people once."""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from gaung.amplification import actions
from gaung.amplification.models import Assignment, Campaign, LinkClick
from tests.amplification.test_campaign_flow import make_campaign
from tests.factories import SocialAccountFactory

PHONE = (
    "Mozilla/5.0 (Linux; Android 13; SM-A145F) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/124.0.0.0 Mobile Safari/537.36"
)
OTHER_PHONE = (
    "Mozilla/5.0 (Linux; Android 12; Redmi 10C) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/123.0.0.0 Mobile Safari/537.36"
)


@pytest.fixture
def assignment(org, dinkes_admin, asn) -> Assignment:
    SocialAccountFactory(owner_employee=asn.employee, platform="instagram", handle="siti.rahayu")
    campaign = actions.activate_campaign(dinkes_admin, make_campaign(dinkes_admin, org["dinkes"]))
    return campaign.assignments.get(employee=asn.employee)


def link(assignment: Assignment) -> str:
    return reverse("amplification_asn:tracked_link", args=[assignment.token])


def visit(assignment: Assignment, agent: str = PHONE, address: str = "203.0.113.7", **headers):
    return Client().get(link(assignment), headers={"User-Agent": agent, **headers},
                        REMOTE_ADDR=address)  # fmt: skip


def clicks(assignment: Assignment) -> int:
    assignment.refresh_from_db()
    assert assignment.clicks == LinkClick.objects.filter(assignment=assignment).count()
    return assignment.clicks


def test_the_link_is_short_and_public_and_redirects_to_the_official_post_without_caching(
    assignment,
):
    # when an anonymous visitor opens it
    response = visit(assignment)

    # then
    assert link(assignment) == f"/l/{assignment.token}"
    assert response.status_code == 302
    assert response["Location"] == assignment.campaign.post_url
    assert "no-store" in response["Cache-Control"]
    assert clicks(assignment) == 1


def test_a_person_is_counted_once_however_often_they_open_it(assignment):
    # when the same phone opens the link three times and another phone once
    for _ in range(3):
        visit(assignment)
    visit(assignment, agent=OTHER_PHONE)
    visit(assignment, address="198.51.100.20")

    # then
    assert clicks(assignment) == 3


def test_the_visitor_is_stored_as_a_salted_hash_not_as_an_address(assignment):
    # when
    visit(assignment, address="203.0.113.99")

    # then
    visitor = LinkClick.objects.get().visitor
    assert len(visitor) == 64 and int(visitor, 16) >= 0
    assert "203.0.113.99" not in visitor


def test_a_forwarded_for_header_does_not_make_a_new_visitor(assignment):
    # given no trusted proxy is configured, so the header is only what the client wrote
    visit(assignment, **{"X-Forwarded-For": "192.0.2.1"})

    # when
    visit(assignment, **{"X-Forwarded-For": "192.0.2.2"})

    # then
    assert clicks(assignment) == 1


def test_behind_a_trusted_proxy_the_address_it_reports_tells_visitors_apart(assignment, settings):
    # given nginx in front, which appends the address it saw to X-Forwarded-For
    settings.GAUNG_TRUSTED_PROXY_COUNT = 1
    proxy = "127.0.0.1"

    # when two phones come through it, one of them claiming another address
    visit(assignment, address=proxy, **{"X-Forwarded-For": "198.51.100.1"})
    visit(assignment, address=proxy, **{"X-Forwarded-For": "198.51.100.2"})
    visit(assignment, address=proxy, **{"X-Forwarded-For": "192.0.2.9, 198.51.100.2"})

    # then each real address is one visitor, whatever the client wrote before it
    assert clicks(assignment) == 2


def test_an_unknown_token_is_404(db):
    # when
    response = Client().get(reverse("amplification_asn:tracked_link", args=["tidakAda123"]))

    # then
    assert response.status_code == 404


@pytest.mark.parametrize(
    "agent",
    [
        "WhatsApp/2.23.20.0 A",
        "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
        "TelegramBot (like TwitterBot)",
        "Twitterbot/1.0",
        "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)",
        "Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)",
        "LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)",
        "Mozilla/5.0 (Windows NT 6.1; WOW64) SkypeUriPreview Preview/0.5",
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "curl/8.5.0",
        "python-requests/2.32.3",
        "",
    ],
)
def test_link_previews_robots_and_scripts_are_not_counted(assignment, agent):
    # when
    response = visit(assignment, agent=agent)

    # then they are still sent on, but nobody is counted
    assert response.status_code == 302
    assert clicks(assignment) == 0


def test_a_phone_whose_brand_ends_in_bot_is_counted(assignment):
    # when
    visit(assignment, agent="Mozilla/5.0 (Linux; Android 11; CUBOT X50) AppleWebKit/537.36")

    # then
    assert clicks(assignment) == 1


def test_head_requests_and_prefetches_are_not_counted(assignment):
    # when
    head = Client().head(link(assignment), headers={"User-Agent": PHONE})
    visit(assignment, **{"Sec-Purpose": "prefetch"})

    # then
    assert head.status_code == 302
    assert clicks(assignment) == 0


def test_after_the_deadline_or_once_closed_the_link_still_redirects_but_counts_nothing(
    assignment, dinkes_admin
):
    # given a campaign whose deadline has passed
    past = timezone.now() - datetime.timedelta(hours=1)
    Campaign.objects.filter(pk=assignment.campaign_id).update(
        starts_at=past - datetime.timedelta(days=2), deadline=past
    )

    # when
    late = visit(assignment)

    # then
    assert late.status_code == 302 and clicks(assignment) == 0

    # given a running campaign closed early
    Campaign.objects.filter(pk=assignment.campaign_id).update(
        deadline=timezone.now() + datetime.timedelta(days=1)
    )
    actions.close_campaign(dinkes_admin, assignment.campaign)

    # when
    closed = visit(assignment, agent=OTHER_PHONE)

    # then
    assert closed.status_code == 302 and clicks(assignment) == 0


def test_a_click_takes_one_read_one_insert_and_one_update_and_no_session(assignment):
    # given
    client = Client()

    # when
    with CaptureQueriesContext(connection) as queries:
        client.get(link(assignment), headers={"User-Agent": PHONE})

    # then (savepoints are the test's own transaction around record_click's)
    statements = [
        query["sql"].split()[0].upper()
        for query in queries.captured_queries
        if "SAVEPOINT" not in query["sql"].upper()
    ]
    assert statements == ["SELECT", "INSERT", "UPDATE"]
    assert "django_session" not in " ".join(q["sql"] for q in queries.captured_queries)
    assert "sessionid" not in client.cookies
