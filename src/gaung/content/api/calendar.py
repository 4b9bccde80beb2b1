"""The calendar of the API: the calendar page's entries (calendar_entries), as plain records.

The page's filters form validates the same filters; only the range differs: API times keep
their offsets (the page's are wall-clock times for FullCalendar).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import dateparse, timezone
from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError

from gaung.content.calendar_entries import IDEA, entries
from gaung.content.forms_calendar import MAX_RANGE, CalendarFilterForm


def moment(value: str | None, name: str) -> datetime.datetime:
    """An ISO date (midnight, local time) or date-time (naive ones are local)."""
    parsed: Any = None
    if value:
        try:
            parsed = dateparse.parse_datetime(value) or dateparse.parse_date(value)
        except ValueError:
            parsed = None
    if parsed is None:
        raise ValidationError({name: _("Give a date (2026-11-01) or a date and time.")})
    if not isinstance(parsed, datetime.datetime):
        parsed = datetime.datetime.combine(parsed, datetime.time.min)
    return timezone.make_aware(parsed) if timezone.is_naive(parsed) else parsed


def calendar(user, params) -> list[dict[str, Any]]:
    """Entries between `start` and `end` the user may see, with the page's filters."""
    start, end = moment(params.get("start"), "start"), moment(params.get("end"), "end")
    if not start < end <= start + MAX_RANGE:
        raise ValidationError({"end": _("The end must follow the start, at most a year later.")})
    form = CalendarFilterForm(params, user=user)
    if not form.is_valid():
        errors = form.errors.get_json_data()
        raise ValidationError(
            {field: [error["message"] for error in found] for field, found in errors.items()}
        )
    return [_plain(entry) for entry in entries(user, start, end, form.filters(), zone="UTC")]


def _plain(entry: dict[str, Any]) -> dict[str, Any]:
    extra = entry["extendedProps"]
    if entry["allDay"]:
        day = datetime.date.fromisoformat(entry["start"])
        start = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
    else:
        start = datetime.datetime.fromisoformat(entry["start"]).replace(tzinfo=datetime.UTC)
    return {
        "kind": extra["kind"],
        "id": extra["pk"],
        "title": entry["title"],
        "start": start,
        "all_day": entry["allDay"],
        "state": extra["state"] if extra["kind"] != IDEA else "open",
        "unit_name": extra["unit"],
        "accounts": extra["accounts"],
        "pillar": extra["pillar"],
        "purpose_name": extra["purpose"],
        "url": entry["url"],
        "editable": entry["editable"],
    }
