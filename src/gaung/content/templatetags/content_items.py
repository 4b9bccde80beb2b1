"""Template helpers of the content pages: state badges and how late a step is."""

import zoneinfo

from django import template
from django.utils import timezone

from gaung.content.choices import FINAL_STATES, ContentState
from gaung.core import workdays

register = template.Library()

_BADGES = {
    ContentState.DRAFT: "bg-secondary-lt",
    ContentState.SUBMITTED: "bg-blue-lt",
    ContentState.IN_DESIGN: "bg-purple-lt",
    ContentState.IN_REVIEW: "bg-yellow-lt",
    ContentState.APPROVED: "bg-lime-lt",
    ContentState.SCHEDULED: "bg-teal-lt",
    ContentState.PUBLISHED: "bg-green-lt",
    ContentState.REVISION_REQUESTED: "bg-orange-lt",
    ContentState.REJECTED: "bg-red-lt",
    ContentState.CANCELLED: "bg-secondary-lt",
}


@register.filter
def state_badge(state: str) -> str:
    """The badge colour of a workflow state."""
    return _BADGES.get(state, "bg-secondary-lt")


def overdue_days(item, now=None) -> int | None:
    """Working days the item's current step is late (0: late since today), None if on time.

    Days are counted in the unit's time zone: a step due at 16.00 WIT is late from then there.
    """
    now = now or timezone.now()
    if item.due_at is None or item.due_at >= now or item.state in FINAL_STATES:
        return None
    zone = zoneinfo.ZoneInfo(item.unit.time_zone)
    return workdays.working_days_between(
        timezone.localdate(item.due_at, zone), timezone.localdate(now, zone)
    )


register.filter("overdue_days", overdue_days)


@register.filter
def person(user) -> str:
    """A user's full name, else their login; "–" for nobody (a deleted account, the system)."""
    if user is None:
        return "–"
    return user.get_full_name() or user.get_username()
