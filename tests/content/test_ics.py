"""The ICS feed: valid RFC 5545 text, the right items, and a secret URL that can be replaced."""

import datetime
import hashlib
import re

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from gaung.content import actions
from gaung.content.calendar_actions import regenerate_calendar_token
from gaung.content.calendar_feed import escape_text, fold, ics_for
from gaung.content.choices import ContentState
from gaung.content.models import CalendarToken, ContentItem, Purpose, TeamMembership
from gaung.core.models import AuditEvent
from tests.factories import SocialAccountFactory, UserFactory


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


# A small RFC 5545 reader, enough to check what the feed says --------------------------------


def unfold(text: str) -> list[str]:
    assert text.endswith("\r\n")
    assert "\n" not in text.replace("\r\n", ""), "bare line feeds"
    return text.replace("\r\n ", "").split("\r\n")[:-1]


def unescape(value: str) -> str:
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)


def events(text: str) -> list[dict[str, str]]:
    found, current = [], None
    for line in unfold(text):
        name, _, value = line.partition(":")
        if line == "BEGIN:VEVENT":
            current = {}
        elif line == "END:VEVENT":
            found.append(current)
            current = None
        elif current is not None:
            current[name.split(";")[0]] = value
    return found


# The text format -------------------------------------------------------------------------


def test_escape_text_escapes_backslash_semicolon_comma_and_line_breaks():
    # given a text with every character TEXT values must escape
    text = "Info; vaksin, gratis\\cepat\r\nbaris dua\nbaris tiga"

    # when it is escaped
    escaped = escape_text(text)

    # then each is escaped, and reading it back gives the original (line breaks as \n)
    assert escaped == "Info\\; vaksin\\, gratis\\\\cepat\\nbaris dua\\nbaris tiga"
    assert unescape(escaped) == text.replace("\r\n", "\n")


def test_fold_keeps_lines_within_75_octets_without_splitting_a_character():
    # given a long line of multi-byte characters (Indonesian text with emoji)
    line = "SUMMARY:" + "Ayo imunisasi 💉 anak Indonesia sehat é " * 6

    # when it is folded
    folded = fold(line)

    # then no physical line exceeds 75 octets, each decodes alone, and unfolding restores it
    physical = folded.split("\r\n")
    assert len(physical) > 1
    assert all(len(part.encode()) <= 75 for part in physical)
    assert all(part.startswith(" ") for part in physical[1:])
    assert folded.replace("\r\n ", "") == line


def test_fold_leaves_a_short_line_alone():
    assert fold("VERSION:2.0") == "VERSION:2.0"


# What the feed holds ---------------------------------------------------------------------


@pytest.fixture
def planner(org):
    user = UserFactory(username="penyelia")
    TeamMembership.objects.create(user=user, unit=org["dinkes"], role="supervisor")
    return user


@pytest.fixture
def account(org):
    return SocialAccountFactory(owner_unit=org["dinkes"], owner_employee=None, handle="dinkes.kota")


def make_item(author, unit, account, title, days, **fields):
    planned = timezone.now().replace(microsecond=0) + datetime.timedelta(days=days)
    values = {"pillar": "core", "purpose": Purpose.objects.get(code="informasi"),
              "planned_at": planned} | fields  # fmt: skip
    return actions.create_item(author, unit=unit, target_accounts=[account], title=title, **values)


def test_feed_is_valid_icalendar_with_one_event_per_visible_item_in_the_window(
    org, planner, account, disdik_admin
):
    # given items of Dinkes 10 days ago, in 3 days, 90 days ago and 400 days ahead,
    # a cancelled one, and an item of Disdik
    recent = make_item(planner, org["dinkes"], account, "Kemarin dulu", -10)
    coming = make_item(planner, org["dinkes"], account, "Minggu ini", 3)
    make_item(planner, org["dinkes"], account, "Terlalu lama", -90)
    make_item(planner, org["dinkes"], account, "Terlalu jauh", 400)
    cancelled = make_item(planner, org["dinkes"], account, "Batal", 4)
    ContentItem.objects.filter(pk=cancelled.pk).update(state=ContentState.CANCELLED)
    TeamMembership.objects.create(user=disdik_admin, unit=org["disdik"], role="supervisor")
    disdik_account = SocialAccountFactory(owner_unit=org["disdik"], owner_employee=None)
    make_item(disdik_admin, org["disdik"], disdik_account, "Punya Disdik", 2)

    # when the planner's feed is written
    text = ics_for(planner)

    # then it is one VCALENDAR with the two Dinkes items in the window
    lines = unfold(text)
    assert lines[0] == "BEGIN:VCALENDAR"
    assert lines[-1] == "END:VCALENDAR"
    assert "VERSION:2.0" in lines
    assert any(line.startswith("PRODID:") for line in lines)
    found = events(text)
    assert [unescape(e["SUMMARY"]) for e in found] == ["Kemarin dulu (Draft)", "Minggu ini (Draft)"]
    host = settings.SITE_URL.split("//")[1].split(":")[0].split("/")[0]
    assert found[1]["UID"] == f"content-item-{coming.pk}@{host}"
    assert found[1]["URL"] == settings.SITE_URL + reverse("content:item_detail", args=[coming.pk])
    assert found[0]["DTSTART"] == recent.planned_at.astimezone(datetime.UTC).strftime(
        "%Y%m%dT%H%M%SZ"
    )
    assert all(re.fullmatch(r"\d{8}T\d{6}Z", e["DTSTAMP"]) for e in found)
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))


def test_an_items_uid_stays_when_it_moves(org, planner, account):
    # given an item in the feed
    item = make_item(planner, org["dinkes"], account, "Imunisasi", 3)
    before = events(ics_for(planner))[0]

    # when it is moved two days later
    actions.reschedule(planner, item, item.planned_at + datetime.timedelta(days=2))
    after = events(ics_for(planner))[0]

    # then calendar apps see the same event at a new time
    assert after["UID"] == before["UID"]
    assert after["DTSTART"] != before["DTSTART"]


def test_feed_escapes_and_folds_what_people_write(org, planner, account):
    # given an item whose title and key message hold commas, semicolons, backslashes, a line
    # break and a long text
    title = "Vaksin; gratis, untuk semua\\anak " + "sehat " * 12
    make_item(planner, org["dinkes"], account, title, 3,
              key_message="Baris satu\nBaris dua, tiga; empat")  # fmt: skip

    # when the feed is written and read back
    text = ics_for(planner)
    event = events(text)[0]

    # then the values read back exactly, and the physical lines are folded
    assert unescape(event["SUMMARY"]) == f"{title} (Draft)"
    assert "Baris satu\nBaris dua, tiga; empat" in unescape(event["DESCRIPTION"])
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))


def test_a_published_item_is_confirmed_at_its_publication_time(org, planner, account):
    # given an item planned in 3 days but published an hour ago
    item = make_item(planner, org["dinkes"], account, "Sudah terbit", 3)
    published = timezone.now().replace(microsecond=0) - datetime.timedelta(hours=1)
    ContentItem.objects.filter(pk=item.pk).update(
        state=ContentState.PUBLISHED, published_at=published,
        permalink="https://www.instagram.com/p/Abc123/",
    )  # fmt: skip

    # when the feed is written
    event = events(ics_for(planner))[0]

    # then it sits at the publication time, confirmed, with its permalink
    assert event["DTSTART"] == published.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    assert event["STATUS"] == "CONFIRMED"
    assert unescape(event["SUMMARY"]) == "Sudah terbit (Published)"
    assert "https://www.instagram.com/p/Abc123/" in unescape(event["DESCRIPTION"])


# The secret URL --------------------------------------------------------------------------


def test_feed_opens_by_its_secret_without_a_login(org, planner, account, client):
    # given a planner with a calendar address and an item
    make_item(planner, org["dinkes"], account, "Imunisasi", 3)
    token = regenerate_calendar_token(planner)

    # when a calendar app (no session) fetches the address
    response = client.get(reverse("content:calendar_ics", args=[token]))

    # then it gets the planner's calendar as text/calendar
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert [unescape(e["SUMMARY"]) for e in events(response.content.decode())] == [
        "Imunisasi (Draft)"
    ]


def test_an_unknown_secret_finds_no_calendar(client, planner):
    regenerate_calendar_token(planner)

    response = client.get(reverse("content:calendar_ics", args=["bukan-rahasia-yang-benar"]))

    assert response.status_code == 404


def test_a_new_address_stops_the_old_one(planner, client, client_for):
    # given a planner with a calendar address
    old = regenerate_calendar_token(planner)

    # when they make a new one on the subscribe page
    response = client_for(planner).post(reverse("content:calendar_subscribe"))

    # then the old address finds nothing and the new one works
    assert response.status_code == 302
    new = CalendarToken.objects.get(user=planner).secret
    assert new != old
    assert client.get(reverse("content:calendar_ics", args=[old])).status_code == 404
    assert client.get(reverse("content:calendar_ics", args=[new])).status_code == 200


def test_the_address_of_a_deactivated_user_stops(planner, client):
    token = regenerate_calendar_token(planner)
    planner.is_active = False
    planner.save()

    assert client.get(reverse("content:calendar_ics", args=[token])).status_code == 404


def test_the_secret_is_random_looked_up_by_hash_and_stored_encrypted(planner):
    # when a planner gets a calendar address
    token = regenerate_calendar_token(planner)

    # then the secret is long and random, found by its hash, and not readable in the database
    assert len(token) >= 43
    stored = CalendarToken.objects.get(user=planner)
    assert stored.token_hash == hashlib.sha256(token.encode()).hexdigest()
    with connection.cursor() as cursor:
        cursor.execute("SELECT secret FROM content_calendartoken WHERE id = %s", [stored.pk])
        raw = cursor.fetchone()[0]
    assert token not in raw
    assert AuditEvent.objects.filter(object_id=str(stored.pk), action="create").exists()


def test_subscribe_page_offers_an_address_then_shows_it(planner, client_for):
    client = client_for(planner)

    # given no address yet
    empty = client.get(reverse("content:calendar_subscribe"))
    assert empty.status_code == 200
    assert 'data-testid="no-feed"' in empty.content.decode()

    # when the planner makes one
    client.post(reverse("content:calendar_subscribe"))
    shown = client.get(reverse("content:calendar_subscribe"))

    # then the page shows the https and webcal addresses
    token = CalendarToken.objects.get(user=planner).secret
    url = settings.SITE_URL + reverse("content:calendar_ics", args=[token])
    body = shown.content.decode()
    assert f'value="{url}"' in body
    assert "webcal://" in body


def test_an_employee_without_a_content_role_gets_no_address(asn, client_for):
    response = client_for(asn).post(reverse("content:calendar_subscribe"))

    assert response.status_code == 403
    assert not CalendarToken.objects.exists()
