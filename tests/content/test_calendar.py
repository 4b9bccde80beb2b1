"""The content calendar: its JSON feed (scoping, filters, times), drag-and-drop moves, the page."""

import datetime
import json
import zoneinfo

import pytest
from django.urls import reverse
from django.utils import timezone

from gaung.content import actions
from gaung.content.choices import ContentState
from gaung.content.models import ContentEvent, ContentItem, Purpose, TeamMembership
from tests.factories import EmployeeFactory, SocialAccountFactory, UserFactory

WITA = zoneinfo.ZoneInfo("Asia/Makassar")


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def team(org, dinkes_admin):
    """Dinkes' supervisor (also its unit admin), a contributor, and Disdik's supervisor."""
    contributor = UserFactory(username="kontributor")
    disdik_supervisor = UserFactory(username="penyelia.disdik")
    TeamMembership.objects.create(user=dinkes_admin, unit=org["dinkes"], role="supervisor")
    TeamMembership.objects.create(user=contributor, unit=org["dinkes"], role="contributor")
    TeamMembership.objects.create(user=disdik_supervisor, unit=org["disdik"], role="supervisor")
    return {"supervisor": dinkes_admin, "contributor": contributor, "disdik": disdik_supervisor}


@pytest.fixture
def accounts(org):
    return {
        "dinkes": SocialAccountFactory(owner_unit=org["dinkes"], owner_employee=None,
                                       handle="dinkes.kota"),
        "p2p": SocialAccountFactory(owner_unit=org["dinkes_p2p"], owner_employee=None,
                                    platform="tiktok", handle="p2p.kota"),
        "disdik": SocialAccountFactory(owner_unit=org["disdik"], owner_employee=None,
                                       handle="disdik.kota"),
    }  # fmt: skip


def soon(days: int, hour: int = 9, minute: int = 0) -> datetime.datetime:
    """A time `days` from today at hour:minute, Jakarta time."""
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def make_item(author, unit, account, title, **fields):
    values = {"pillar": "core", "purpose": Purpose.objects.get(code="informasi"),
              "planned_at": soon(3)} | fields  # fmt: skip
    return actions.create_item(author, unit=unit, target_accounts=[account], title=title, **values)


def put_in_state(item, state, **fields):
    ContentItem.objects.filter(pk=item.pk).update(state=state, **fields)
    item.refresh_from_db()
    return item


def feed(client, **params):
    today = timezone.localdate()
    query = {
        "start": (today - datetime.timedelta(days=10)).isoformat(),
        "end": (today + datetime.timedelta(days=30)).isoformat(),
    } | params
    return client.get(reverse("content:calendar_events"), query)


def titles(response) -> list[str]:
    assert response.status_code == 200, response.content[:300]
    return [entry["title"] for entry in response.json()]


# The feed: who sees what ---------------------------------------------------------------------


def test_feed_shows_the_items_and_open_ideas_of_the_users_units_only(
    org, team, accounts, client_for
):
    # given an item and an idea of Dinkes, an item of Disdik, and a declined idea of Dinkes
    make_item(team["contributor"], org["dinkes"], accounts["dinkes"], "Imunisasi anak")
    actions.propose_idea(
        team["contributor"],
        unit=org["dinkes"],
        title="Senam pagi",
        wished_date=timezone.localdate() + datetime.timedelta(days=5),
    )
    make_item(team["disdik"], org["disdik"], accounts["disdik"], "Penerimaan siswa baru")
    declined = actions.propose_idea(
        team["contributor"], unit=org["dinkes"], title="Ide lama", wished_date=timezone.localdate()
    )
    actions.decline_idea(team["supervisor"], declined, "Sudah pernah dibuat.")

    # when each supervisor reads the feed
    dinkes = titles(feed(client_for(team["supervisor"])))
    disdik = titles(feed(client_for(team["disdik"])))

    # then each sees their own unit's entries; a declined idea is not on the calendar
    assert sorted(dinkes) == ["Imunisasi anak", "Senam pagi"]
    assert disdik == ["Penerimaan siswa baru"]


def test_feed_entries_link_to_the_item_and_idea_pages_and_only_items_move(
    org, team, accounts, client_for
):
    # given an item and an idea
    item = make_item(team["contributor"], org["dinkes"], accounts["dinkes"], "Imunisasi anak")
    idea = actions.propose_idea(
        team["contributor"],
        unit=org["dinkes"],
        title="Senam pagi",
        wished_date=timezone.localdate() + datetime.timedelta(days=5),
    )

    # when the supervisor reads the feed
    found = {entry["id"]: entry for entry in feed(client_for(team["supervisor"])).json()}

    # then the item opens its page and may be dragged; the idea sits on its day, fixed
    entry = found[f"item-{item.pk}"]
    assert entry["url"] == reverse("content:item_detail", args=[item.pk])
    assert entry["editable"] is True
    assert entry["extendedProps"]["moveUrl"] == reverse(
        "content:calendar_reschedule", args=[item.pk]
    )
    assert entry["extendedProps"]["stateLabel"] == "Draft"
    idea_entry = found[f"idea-{idea.pk}"]
    assert idea_entry["url"] == reverse("content:idea_detail", args=[idea.pk])
    assert idea_entry["allDay"] is True
    assert idea_entry["start"] == idea.wished_date.isoformat()
    assert idea_entry["editable"] is False


def test_feed_marks_items_the_user_may_not_move_as_fixed(org, team, accounts, client_for):
    # given a submitted item (only supervisors and publishers move it then)
    item = make_item(team["contributor"], org["dinkes"], accounts["dinkes"], "Imunisasi anak")
    put_in_state(item, ContentState.SUBMITTED)

    # when its contributor reads the feed
    entry = feed(client_for(team["contributor"])).json()[0]

    # then it shows but cannot be dragged
    assert entry["editable"] is False
    assert entry["extendedProps"]["moveUrl"] == ""


def test_feed_times_are_the_wall_clock_of_the_users_unit_zone(org, team, accounts, client_for):
    # given Dinkes in WITA and an item at 09.00 WIB (10.00 WITA)
    type(org["dinkes"]).objects.filter(pk=org["dinkes"].pk).update(time_zone="Asia/Makassar")
    make_item(team["contributor"], org["dinkes"], accounts["dinkes"], "Imunisasi anak",
              planned_at=soon(3, 9))  # fmt: skip

    # when the supervisor (who plans for Dinkes) reads the feed
    entry = feed(client_for(team["supervisor"])).json()[0]

    # then the time is written as 10.00, without an offset
    assert entry["start"] == f"{soon(3).date().isoformat()}T10:00:00"


def test_an_employees_own_unit_zone_comes_before_the_units_they_plan_for(
    org, team, accounts, client_for
):
    # given a contributor employed in a WIT unit who plans for Dinkes (WIB)
    type(org["dinkes_p2p"]).objects.filter(pk=org["dinkes_p2p"].pk).update(
        time_zone="Asia/Jayapura"
    )
    EmployeeFactory(unit=org["dinkes_p2p"], user=team["contributor"])
    make_item(team["contributor"], org["dinkes"], accounts["dinkes"], "Imunisasi anak",
              planned_at=soon(3, 9))  # fmt: skip

    # when they read the feed
    entry = feed(client_for(team["contributor"])).json()[0]

    # then 09.00 WIB shows as 11.00 WIT
    assert entry["start"].endswith("T11:00:00")


def test_a_published_item_sits_on_the_day_it_went_out(org, team, accounts, client_for):
    # given an item planned in 3 days but published today
    item = make_item(team["contributor"], org["dinkes"], accounts["dinkes"], "Imunisasi anak")
    put_in_state(item, ContentState.PUBLISHED, published_at=soon(0, 8),
                 permalink="https://www.instagram.com/p/Abc123/")  # fmt: skip

    # when the supervisor reads the feed
    entry = feed(client_for(team["supervisor"])).json()[0]

    # then it shows at its publication time, as published
    assert entry["start"] == f"{timezone.localdate().isoformat()}T08:00:00"
    assert entry["extendedProps"]["state"] == "published"


def test_feed_keeps_to_the_asked_range(org, team, accounts, client_for):
    # given items in 3 and in 60 days
    make_item(team["contributor"], org["dinkes"], accounts["dinkes"], "Minggu ini")
    make_item(team["contributor"], org["dinkes"], accounts["dinkes"], "Dua bulan lagi",
              planned_at=soon(60))  # fmt: skip

    # when the feed is asked for the next 30 days
    found = titles(feed(client_for(team["supervisor"])))

    # then only the first is in it
    assert found == ["Minggu ini"]


# The feed: filters -------------------------------------------------------------------------


@pytest.fixture
def mixed(org, team, accounts):
    """Dinkes items of both accounts, pillars, purposes and states, and an open idea."""
    hiburan = Purpose.objects.get(code="hiburan")
    contributor = team["contributor"]
    made = {
        "core": make_item(contributor, org["dinkes"], accounts["dinkes"], "Inti Dinkes"),
        "p2p": make_item(contributor, org["dinkes_p2p"], accounts["p2p"], "Pendukung P2P",
                         pillar="supporting", purpose=hiburan),
        "cancelled": make_item(contributor, org["dinkes"], accounts["dinkes"], "Batal"),
    }  # fmt: skip
    put_in_state(made["p2p"], ContentState.SCHEDULED)
    put_in_state(made["cancelled"], ContentState.CANCELLED)
    actions.propose_idea(
        contributor,
        unit=org["dinkes"],
        title="Ide pelengkap",
        pillar="complementary",
        wished_date=timezone.localdate() + datetime.timedelta(days=4),
    )
    return made


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({}, ["Ide pelengkap", "Inti Dinkes", "Pendukung P2P"]),
        ({"unit": "dinkes_p2p"}, ["Pendukung P2P"]),
        ({"account": "dinkes"}, ["Inti Dinkes"]),
        ({"pillar": "complementary"}, ["Ide pelengkap"]),
        ({"pillar": "supporting"}, ["Pendukung P2P"]),
        ({"purpose": "hiburan"}, ["Pendukung P2P"]),
        ({"status": "scheduled"}, ["Pendukung P2P"]),
        ({"status": "idea"}, ["Ide pelengkap"]),
        ({"status": "cancelled"}, ["Batal"]),
    ],
    ids=["none", "unit subtree", "account", "pillar of an idea", "pillar", "purpose",
         "status", "ideas only", "cancelled on request"],
)  # fmt: skip
def test_feed_filters_by_unit_account_pillar_purpose_and_status(
    filters, expected, mixed, org, accounts, team, client_for
):
    # given the filter values as the page's form sends them
    params = dict(filters)
    if "unit" in params:
        params["unit"] = org[params["unit"]].pk
    if "account" in params:
        params["account"] = accounts[params["account"]].pk
    if "purpose" in params:
        params["purpose"] = Purpose.objects.get(code=params["purpose"]).pk

    # when the supervisor reads the feed with them
    found = titles(feed(client_for(team["supervisor"]), **params))

    # then only the matching entries come back
    assert sorted(found) == expected


def test_feed_refuses_a_unit_the_user_does_not_plan_for(org, team, client_for):
    # given Disdik, outside the Dinkes supervisor's units
    # when the supervisor filters on it
    response = feed(client_for(team["supervisor"]), unit=org["disdik"].pk)

    # then the feed says the filter is wrong instead of ignoring it
    assert response.status_code == 400
    assert "unit" in response.json()["errors"]


@pytest.mark.parametrize(
    ("start", "end"),
    [("kemarin", "2026-12-01"), ("2026-12-01", "2026-11-01"), ("2026-01-01", "2027-12-31")],
    ids=["not a date", "end before start", "more than a year"],
)
def test_feed_refuses_a_wrong_range(start, end, team, client_for):
    # when the feed is asked for a wrong range
    response = client_for(team["supervisor"]).get(
        reverse("content:calendar_events"), {"start": start, "end": end}
    )

    # then it answers 400
    assert response.status_code == 400


def test_feed_reads_fullcalendars_utc_times_as_the_users_wall_clock(
    org, team, accounts, client_for
):
    # given an item at 00.30 WIB on a day (17.30 UTC the day before)
    day = timezone.localdate() + datetime.timedelta(days=3)
    make_item(team["contributor"], org["dinkes"], accounts["dinkes"], "Tengah malam",
              planned_at=soon(3, 0, 30))  # fmt: skip

    # when the calendar asks for that day as FullCalendar in UTC mode does
    response = client_for(team["supervisor"]).get(
        reverse("content:calendar_events"),
        {"start": f"{day}T00:00:00Z", "end": f"{day + datetime.timedelta(days=1)}T00:00:00Z"},
    )

    # then the item is on that day
    assert titles(response) == ["Tengah malam"]


# Moving an item ----------------------------------------------------------------------------


def move(client, item, planned_at, as_json=True):
    url = reverse("content:calendar_reschedule", args=[item.pk])
    if as_json:
        return client.post(url, json.dumps({"planned_at": planned_at}),
                           content_type="application/json")  # fmt: skip
    return client.post(url, {"planned_at": planned_at})


def test_supervisor_moves_an_item_and_the_move_is_recorded(org, team, accounts, client_for):
    # given an item planned in 3 days at 09.00
    item = make_item(team["contributor"], org["dinkes"], accounts["dinkes"], "Imunisasi anak")
    target = soon(5, 14, 30)

    # when the supervisor drops it on another day at 14.30
    response = move(client_for(team["supervisor"]), item, target.replace(tzinfo=None).isoformat())

    # then it is planned then, an event row says who moved it from when to when
    assert response.status_code == 200, response.content
    assert response.json()["ok"] is True
    item.refresh_from_db()
    assert item.planned_at == target
    event = ContentEvent.objects.get(item=item, action="reschedule")
    assert event.actor == team["supervisor"]
    moved = {key: datetime.datetime.fromisoformat(value) for key, value in event.data.items()}
    assert moved == {"before": soon(3), "after": target}


def test_a_move_is_read_in_the_users_zone(org, team, accounts, client_for):
    # given a supervisor of a WITA unit
    type(org["dinkes"]).objects.filter(pk=org["dinkes"].pk).update(time_zone="Asia/Makassar")
    item = make_item(team["contributor"], org["dinkes"], accounts["dinkes"], "Imunisasi anak")
    day = soon(6).date()

    # when they drop the item at 10.00 on the calendar
    response = move(client_for(team["supervisor"]), item, f"{day}T10:00:00")

    # then it is planned at 10.00 WITA
    assert response.status_code == 200
    item.refresh_from_db()
    assert item.planned_at == datetime.datetime.combine(day, datetime.time(10), WITA)


def test_moving_to_a_bare_date_keeps_the_time_of_day(org, team, accounts, client_for):
    # given an item planned at 09.00
    item = make_item(team["contributor"], org["dinkes"], accounts["dinkes"], "Imunisasi anak")

    # when a form posts only a new day
    response = move(client_for(team["supervisor"]), item, soon(8).date().isoformat(),
                    as_json=False)  # fmt: skip

    # then the item keeps 09.00 on that day
    assert response.status_code == 200
    item.refresh_from_db()
    assert item.planned_at == soon(8, 9)


def test_an_admin_without_a_content_role_may_not_move_an_item(
    org, team, accounts, instansi_admin, client_for
):
    # given the agency admin, who sees Dinkes' items but holds no content role
    item = make_item(team["contributor"], org["dinkes"], accounts["dinkes"], "Imunisasi anak")

    # when they try to move it
    response = move(client_for(instansi_admin), item, soon(5).replace(tzinfo=None).isoformat())

    # then it is refused with the reason, and nothing changes
    assert response.status_code == 403
    assert response.json()["error"] == "You may not move this item."
    item.refresh_from_db()
    assert item.planned_at == soon(3)
    assert not ContentEvent.objects.filter(item=item, action="reschedule").exists()


def test_a_contributor_may_not_move_a_submitted_item(org, team, accounts, client_for):
    # given a submitted item
    item = make_item(team["contributor"], org["dinkes"], accounts["dinkes"], "Imunisasi anak")
    put_in_state(item, ContentState.SUBMITTED)

    # when its contributor drags it
    response = move(client_for(team["contributor"]), item, soon(5).replace(tzinfo=None).isoformat())

    # then the move is refused (the calendar puts it back)
    assert response.status_code == 403
    item.refresh_from_db()
    assert item.planned_at == soon(3)


def test_a_scheduled_item_cannot_be_moved_into_the_past(org, team, accounts, client_for):
    # given a scheduled item
    item = make_item(team["contributor"], org["dinkes"], accounts["dinkes"], "Imunisasi anak")
    put_in_state(item, ContentState.SCHEDULED)

    # when the supervisor drops it on yesterday
    response = move(client_for(team["supervisor"]), item, soon(-1).replace(tzinfo=None).isoformat())

    # then the action's reason comes back
    assert response.status_code == 400
    assert response.json()["error"] == "A scheduled item must stay in the future."


def test_an_item_of_another_unit_cannot_be_moved(org, team, accounts, client_for):
    # given an item of Dinkes
    item = make_item(team["contributor"], org["dinkes"], accounts["dinkes"], "Imunisasi anak")

    # when Disdik's supervisor tries to move it
    response = move(client_for(team["disdik"]), item, soon(5).replace(tzinfo=None).isoformat())

    # then it is not found for them
    assert response.status_code == 404


def test_a_move_without_a_readable_time_is_refused(org, team, accounts, client_for):
    # given an item
    item = make_item(team["contributor"], org["dinkes"], accounts["dinkes"], "Imunisasi anak")

    # when the new time is not a time
    response = move(client_for(team["supervisor"]), item, "besok pagi")

    # then the answer says how to write it
    assert response.status_code == 400
    assert "YYYY-MM-DD" in response.json()["error"]


# The page ----------------------------------------------------------------------------------


def test_calendar_page_renders_filters_legend_and_settings(org, team, accounts, client_for):
    # given the supervisor of a WITA unit
    type(org["dinkes"]).objects.filter(pk=org["dinkes"].pk).update(time_zone="Asia/Makassar")

    # when they open the calendar on a week view of a given day
    response = client_for(team["supervisor"]).get(
        reverse("content:calendar"), {"view": "timeGridWeek", "date": "2026-11-23"}
    )

    # then the page carries the filters, the legend, the zone and the calendar's settings
    assert response.status_code == 200
    body = response.content.decode()
    assert 'data-testid="calendar-filters"' in body
    assert "@dinkes.kota" in body
    assert "Times are in WITA" in body
    assert "vendor/fullcalendar/index.global.min.js" in body
    config = response.context["config"]
    assert config["view"] == "timeGridWeek"
    assert config["date"] == "2026-11-23"
    assert config["offsetMinutes"] == 8 * 60
    assert config["eventsUrl"] == reverse("content:calendar_events")


def test_calendar_page_ignores_an_unknown_view(team, client_for):
    # when the query string asks for a view the page does not offer
    response = client_for(team["supervisor"]).get(
        reverse("content:calendar"), {"view": "resourceTimeline", "date": "gisteren"}
    )

    # then the calendar picks its own
    assert response.context["config"]["view"] == ""
    assert response.context["config"]["date"] == ""


def test_calendar_is_closed_to_an_employee_without_a_content_role(asn, client_for):
    # when an ASN with no content role opens the calendar
    response = client_for(asn).get(reverse("content:calendar"))

    # then it is refused
    assert response.status_code == 403


def test_navigation_shows_the_calendar_to_content_team_members(team, asn, client_for):
    # when a contributor and an ASN without a role open a page
    member = client_for(team["contributor"]).get(reverse("content:calendar"))
    outsider = client_for(asn).get(reverse("socials:my_accounts"))

    # then only the team member has the calendar in the menu
    assert (
        "Calendar",
        reverse("content:calendar"),
        "ti-calendar",
    ) in member.context["nav_items"]
    assert all(url != reverse("content:calendar") for _, url, _ in outsider.context["nav_items"])
