"""What the content calendar shows: open ideas on their wished day, items on their time.

`entries()` returns FullCalendar event objects (plain dicts), so the calendar page's JSON feed
and the API serve the same thing. Times are wall-clock times in the reader's zone without an
offset: the page runs FullCalendar in UTC mode, so a time shows exactly as written here.
"""

from __future__ import annotations

import datetime
import zoneinfo
from dataclasses import dataclass

from django.db.models import Case, F, When
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext as _

from gaung.content.actions import roles_of
from gaung.content.choices import ContentState, IdeaStatus
from gaung.content.models import Purpose
from gaung.content.querysets import ideas_visible_to, items_visible_to
from gaung.content.workflow import RESCHEDULERS
from gaung.registry.models import OrganisationUnit
from gaung.socials.models import SocialAccount

IDEA = "idea"
# Shown unless the status filter asks for them: nothing will be posted.
HIDDEN_BY_DEFAULT = frozenset({ContentState.REJECTED, ContentState.CANCELLED})
# Tabler's palette; the page's legend uses the same colours.
COLOURS = {
    IDEA: "#f59f00",
    ContentState.DRAFT: "#667382",
    ContentState.SUBMITTED: "#4299e1",
    ContentState.IN_DESIGN: "#ae3ec9",
    ContentState.IN_REVIEW: "#f76707",
    ContentState.REVISION_REQUESTED: "#d63939",
    ContentState.APPROVED: "#0ca678",
    ContentState.SCHEDULED: "#206bc4",
    ContentState.PUBLISHED: "#2fb344",
    ContentState.REJECTED: "#9ba9be",
    ContentState.CANCELLED: "#9ba9be",
}


@dataclass(frozen=True)
class CalendarFilters:
    unit: OrganisationUnit | None = None
    account: SocialAccount | None = None
    pillar: str = ""
    purpose: Purpose | None = None
    # A ContentState value, IDEA, or "" for everything but rejected and cancelled items.
    status: str = ""

    @property
    def wants_ideas(self) -> bool:
        # Ideas have no account or purpose: filtering on either leaves only items.
        return self.status in ("", IDEA) and self.account is None and self.purpose is None


def status_choices() -> list[tuple[str, str]]:
    return [(IDEA, _("Idea (wished date)")), *ContentState.choices]


def legend() -> list[tuple[str, str, str]]:
    """(status, label, colour) for the page's legend."""
    return [
        (value, label, COLOURS[value])
        for value, label in status_choices()
        if value not in HIDDEN_BY_DEFAULT
    ]


def wall_clock(moment: datetime.datetime, zone: str) -> str:
    return moment.astimezone(zoneinfo.ZoneInfo(zone)).replace(tzinfo=None).isoformat("T")


def entries(
    user,
    start: datetime.datetime,
    end: datetime.datetime,
    filters: CalendarFilters | None = None,
    zone: str = "Asia/Jakarta",
) -> list[dict]:
    """Calendar entries from `start` (inclusive) to `end` (exclusive) the user may see."""
    filters = filters or CalendarFilters()
    found = _item_entries(user, start, end, filters, zone) if filters.status != IDEA else []
    if filters.wants_ideas:
        found += _idea_entries(user, start, end, filters, zone)
    return found


def _item_entries(user, start, end, filters: CalendarFilters, zone: str) -> list[dict]:
    items = (
        items_visible_to(user)
        .annotate(
            # A published item sits where it went out; anything else where it is planned.
            shown_at=Case(
                When(state=ContentState.PUBLISHED, then=Coalesce("published_at", "planned_at")),
                default=F("planned_at"),
            )
        )
        .filter(shown_at__gte=start, shown_at__lt=end)
        .prefetch_related("target_accounts")
        .order_by("shown_at", "pk")
    )
    if filters.status:
        items = items.filter(state=filters.status)
    else:
        items = items.exclude(state__in=HIDDEN_BY_DEFAULT)
    if filters.unit is not None:
        items = items.filter(unit__path__startswith=filters.unit.path)
    if filters.account is not None:
        items = items.filter(target_accounts=filters.account)
    if filters.pillar:
        items = items.filter(pillar=filters.pillar)
    if filters.purpose is not None:
        items = items.filter(purpose=filters.purpose)
    return [_item_entry(user, item, zone) for item in items.distinct()]


def _item_entry(user, item, zone: str) -> dict:
    movable = bool(roles_of(user, item) & RESCHEDULERS.get(item.state, frozenset()))
    accounts = [f"{account.get_platform_display()} @{account.handle}"
                for account in item.target_accounts.all()]  # fmt: skip
    colour = COLOURS[item.state]
    return {
        "id": f"item-{item.pk}",
        "title": item.title,
        "start": wall_clock(item.shown_at, zone),
        "allDay": False,
        "url": reverse("content:item_detail", args=[item.pk]),
        "editable": movable,
        "backgroundColor": colour,
        "borderColor": colour,
        "extendedProps": {
            "kind": "item",
            "pk": item.pk,
            "state": item.state,
            "stateLabel": str(item.get_state_display()),
            "unit": item.unit.name,
            "accounts": accounts,
            "pillar": item.pillar,
            "purpose": item.purpose.name,
            "moveUrl": reverse("content:calendar_reschedule", args=[item.pk]) if movable else "",
        },
    }


def _idea_entries(user, start, end, filters: CalendarFilters, zone: str) -> list[dict]:
    local = zoneinfo.ZoneInfo(zone)
    ideas = ideas_visible_to(user).filter(
        status=IdeaStatus.OPEN,
        wished_date__gte=start.astimezone(local).date(),
        wished_date__lt=_end_day(end.astimezone(local)),
    )
    if filters.unit is not None:
        ideas = ideas.filter(unit__path__startswith=filters.unit.path)
    if filters.pillar:
        ideas = ideas.filter(pillar=filters.pillar)
    return [
        {
            "id": f"idea-{idea.pk}",
            "title": idea.title,
            "start": idea.wished_date.isoformat(),
            "allDay": True,
            "url": reverse("content:idea_detail", args=[idea.pk]),
            "editable": False,
            "backgroundColor": COLOURS[IDEA],
            "borderColor": COLOURS[IDEA],
            "textColor": "#1d273b",
            "extendedProps": {
                "kind": IDEA,
                "pk": idea.pk,
                "state": IDEA,
                "stateLabel": _("Idea"),
                "unit": idea.unit.name,
                "accounts": [],
                "pillar": idea.pillar,
                "purpose": "",
                "moveUrl": "",
            },
        }
        for idea in ideas.order_by("wished_date", "pk")
    ]


def _end_day(end: datetime.datetime) -> datetime.date:
    """The first day not in the range: an end at midnight excludes its day, else includes it."""
    day = end.date()
    return day if end.time() == datetime.time() else day + datetime.timedelta(days=1)
