"""In Chromium: the content calendar shows items, moves one by drag and drop, undoes a refusal."""

import datetime

import pytest
from django.utils import timezone

from gaung.content import actions
from gaung.content.choices import ContentState
from gaung.content.models import ContentEvent, ContentItem, Purpose, TeamMembership
from tests.browser.conftest import log_in
from tests.factories import SocialAccountFactory, UnitFactory, UserFactory

PASSWORD = "rahasia-sekali-123"


@pytest.fixture
def world(transactional_db):
    dinkes = UnitFactory(name="Dinas Kesehatan", kind="dinas", parent=None)
    contributor = UserFactory(username="kontributor")
    TeamMembership.objects.create(user=contributor, unit=dinkes, role="contributor")
    account = SocialAccountFactory(owner_unit=dinkes, owner_employee=None, handle="dinkes.kota")
    # A transactional test empties the tables the data migration filled.
    purpose, _ = Purpose.objects.get_or_create(code="informasi", defaults={"name": "Informasi"})
    day = timezone.localdate() + datetime.timedelta(days=3)
    # Both days in one week, so one row of the month grid shows them.
    target = day + datetime.timedelta(days=1 if day.weekday() < 6 else -1)
    planned = timezone.make_aware(datetime.datetime.combine(day, datetime.time(9, 0)))

    def item(title):
        return actions.create_item(
            contributor, unit=dinkes, target_accounts=[account], title=title, pillar="core",
            purpose=purpose, planned_at=planned,
        )  # fmt: skip

    return {
        "day": day,
        "target": target,
        "moved": item("Jadwal imunisasi"),
        "refused": item("Hari gizi nasional"),
    }


def drag(page, source, target) -> None:
    """Drag with real mouse steps (FullCalendar listens to pointer moves, not HTML5 drag)."""
    start = source.bounding_box()
    end = target.bounding_box()
    page.mouse.move(start["x"] + start["width"] / 2, start["y"] + start["height"] / 2)
    page.mouse.down()
    page.mouse.move(start["x"] + start["width"] / 2 + 5, start["y"] + start["height"] / 2 + 5)
    page.mouse.move(end["x"] + end["width"] / 2, end["y"] + end["height"] / 2, steps=12)
    page.mouse.up()


def test_contributor_drags_an_item_to_another_day_and_a_refused_move_is_put_back(world, page_for):
    # given the contributor on the month view holding both drafts
    page = page_for()
    # Script errors and CSP refusals (the refused move's 403 is logged too, and expected).
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda m: "Content Security Policy" in m.text and errors.append(m.text))
    log_in(page, "kontributor", PASSWORD)
    page.goto(f"/content/calendar/?view=dayGridMonth&date={world['day']}")
    day_cell = page.locator(f"td[data-date='{world['day']}']")
    moved = day_cell.locator(".fc-event", has_text="Jadwal imunisasi")
    moved.wait_for()

    # when they drag the first item to the next day
    target_cell = page.locator(f"td[data-date='{world['target']}'] .fc-daygrid-day-frame")
    drag(page, moved, target_cell)

    # then the calendar confirms and the item keeps its 09.00 on the new day
    status = page.locator("[data-testid=calendar-status].alert-success")
    status.wait_for()
    item = ContentItem.objects.get(pk=world["moved"].pk)
    assert timezone.localtime(item.planned_at).date() == world["target"]
    assert timezone.localtime(item.planned_at).time() == datetime.time(9, 0)
    assert ContentEvent.objects.filter(item=item, action="reschedule").count() == 1

    # when the other item is submitted meanwhile (only supervisors move it now) and dragged
    ContentItem.objects.filter(pk=world["refused"].pk).update(state=ContentState.SUBMITTED)
    refused = day_cell.locator(".fc-event", has_text="Hari gizi nasional")
    drag(page, refused, target_cell)

    # then the refusal is shown and the item is back on its day
    refusal = page.locator("[data-testid=calendar-status].alert-danger")
    refusal.wait_for()
    assert refusal.inner_text().strip()
    assert day_cell.locator(".fc-event", has_text="Hari gizi nasional").count() == 1
    item = ContentItem.objects.get(pk=world["refused"].pk)
    assert timezone.localtime(item.planned_at).date() == world["day"]
    assert errors == []


def test_calendar_opens_as_a_list_on_a_phone(world, page_for):
    # given the contributor on a 360 px phone
    page = page_for(phone=True)
    log_in(page, "kontributor", PASSWORD)

    # when they open the calendar on the items' month
    page.goto(f"/content/calendar/?date={world['day']}")

    # then the list view shows the items with their status
    entry = page.locator(".fc-list-event", has_text="Jadwal imunisasi")
    entry.wait_for()
    assert entry.get_attribute("data-state") == "draft"
