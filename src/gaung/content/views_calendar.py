"""The content calendar: month, week and list views, drag to reschedule, and the ICS feed."""

from __future__ import annotations

import datetime
import json
import zoneinfo
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gaung.content import actions
from gaung.content.calendar_actions import regenerate_calendar_token
from gaung.content.calendar_entries import entries, legend, wall_clock
from gaung.content.calendar_feed import feed_url, ics_for, user_for_token
from gaung.content.calendar_scope import has_content_access, zone_for, zone_label
from gaung.content.forms_calendar import CalendarFilterForm, RangeForm
from gaung.content.models import CalendarToken
from gaung.content.querysets import items_visible_to
from gaung.core.templatetags.gaung import local_datetime

VIEWS = ("dayGridMonth", "timeGridWeek", "listMonth")


def content_access_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Logged-in admins and content team members only; anyone else gets 403."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not has_content_access(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def _utc_offset_minutes(zone: str) -> int:
    # Indonesia keeps no daylight saving time: one offset holds all year.
    offset = timezone.now().astimezone(zoneinfo.ZoneInfo(zone)).utcoffset()
    return int(offset.total_seconds() // 60) if offset else 0


def _config(request: HttpRequest, zone: str) -> dict[str, Any]:
    """What calendar.js needs, handed over with json_script (no inline script: CSP)."""
    wanted_view = request.GET.get("view", "")
    wanted_date = request.GET.get("date", "")
    try:
        datetime.date.fromisoformat(wanted_date)
    except ValueError:
        wanted_date = ""
    return {
        "eventsUrl": reverse("content:calendar_events"),
        "view": wanted_view if wanted_view in VIEWS else "",
        "date": wanted_date,
        "locale": get_language() or "id",
        "offsetMinutes": _utc_offset_minutes(zone),
        "buttons": {
            "today": _("Today"),
            "month": _("Month"),
            "week": _("Week"),
            "list": _("List"),
        },
        "labels": {
            "allDay": _("All day"),
            "noEvents": _("Nothing planned in this period."),
            "loadFailed": _("The calendar could not be loaded. Try again."),
            "moveFailed": _("The item could not be moved."),
            "moving": _("Moving…"),
        },
    }


@content_access_required
@require_GET
def calendar(request: HttpRequest) -> HttpResponse:
    zone = zone_for(request.user)
    form = CalendarFilterForm(request.GET or None, user=request.user)
    context = {
        "form": form,
        "filtering": any(request.GET.get(name) for name in form.fields),
        "legend": legend(),
        "zone": zone_label(zone),
        "config": _config(request, zone),
    }
    return render(request, "content/calendar/calendar.html", context)


@content_access_required
@require_GET
def calendar_events(request: HttpRequest) -> JsonResponse:
    """FullCalendar's JSON feed: `?start=&end=` and the page's filters."""
    zone = zone_for(request.user)
    today = timezone.localtime(timezone=zoneinfo.ZoneInfo(zone)).date()
    given = {key: request.GET[key] for key in ("start", "end") if request.GET.get(key)}
    # Without a range: the month around today, as the month view would ask.
    default = {
        "start": (today.replace(day=1) - datetime.timedelta(days=7)).isoformat(),
        "end": (today.replace(day=1) + datetime.timedelta(days=42)).isoformat(),
    }
    period = RangeForm(given or default, zone=zone)
    filters = CalendarFilterForm(request.GET, user=request.user)
    if not period.is_valid() or not filters.is_valid():
        errors = {**period.errors.get_json_data(), **filters.errors.get_json_data()}
        return JsonResponse({"errors": errors}, status=400)
    found = entries(
        request.user,
        period.cleaned_data["start"],
        period.cleaned_data["end"],
        filters.filters(),
        zone=zone,
    )
    return JsonResponse(found, safe=False)


def _posted(request: HttpRequest) -> dict[str, Any]:
    if request.content_type == "application/json":
        try:
            data = json.loads(request.body or b"{}")
        except ValueError:
            return {}
        return data if isinstance(data, dict) else {}
    return request.POST.dict()


def _new_time(raw: str, item, zone: str) -> datetime.datetime:
    """An ISO time (wall clock in the user's zone unless it has an offset); a bare date keeps
    the item's time of day."""
    local = zoneinfo.ZoneInfo(zone)
    if len(raw) == 10:
        day = datetime.date.fromisoformat(raw)
        current = item.planned_at.astimezone(local).time() if item.planned_at else None
        return datetime.datetime.combine(day, current or datetime.time(9, 0), local)
    moment = datetime.datetime.fromisoformat(raw)
    return moment if moment.tzinfo else moment.replace(tzinfo=local)


@content_access_required
@require_POST
def calendar_reschedule(request: HttpRequest, pk: int) -> JsonResponse:
    """Drag and drop on the calendar: move an item's planned time (the action checks who)."""
    item = get_object_or_404(items_visible_to(request.user), pk=pk)
    zone = zone_for(request.user)
    raw = str(_posted(request).get("planned_at", "")).strip()
    try:
        planned_at = _new_time(raw, item, zone)
    except ValueError:
        message = _("Give the new time as YYYY-MM-DD or YYYY-MM-DDTHH:MM.")
        return JsonResponse({"error": message}, status=400)
    try:
        item = actions.reschedule(request.user, item, planned_at)
    except PermissionDenied as error:
        return JsonResponse({"error": str(error) or _("You may not move this item.")}, status=403)
    except ValidationError as error:
        return JsonResponse({"error": " ".join(error.messages)}, status=400)
    with timezone.override(zoneinfo.ZoneInfo(zone)):
        when = local_datetime(item.planned_at)
    return JsonResponse(
        {
            "ok": True,
            "planned_at": wall_clock(item.planned_at, zone),
            "message": _("“%(title)s” is now planned for %(when)s %(zone)s.")
            % {"title": item.title, "when": when, "zone": zone_label(zone)},
        }
    )


@content_access_required
@require_http_methods(["GET", "POST"])
def calendar_subscribe(request: HttpRequest) -> HttpResponse:
    """Show the user's ICS feed URL; POST makes a new one (the old one stops working)."""
    if request.method == "POST":
        regenerate_calendar_token(request.user)
        messages.success(
            request,
            _("Your calendar has a new address. Subscriptions using the old one no longer update."),
        )
        return redirect("content:calendar_subscribe")
    token = CalendarToken.objects.filter(user=request.user).first()
    url = feed_url(token.secret) if token else ""
    context = {
        "token": token,
        "feed_url": url,
        "webcal_url": url.replace("https://", "webcal://").replace("http://", "webcal://"),
    }
    return render(request, "content/calendar/subscribe.html", context)


@require_GET
def calendar_ics(request: HttpRequest, token: str) -> HttpResponse:
    """The ICS feed, opened by its secret like an invitation link (calendar apps send no
    login)."""
    user = user_for_token(token)
    if user is None:
        raise Http404("No such calendar.")
    response = HttpResponse(ics_for(user), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="gaung-content.ics"'
    response["Cache-Control"] = "private, max-age=300"
    response["X-Robots-Tag"] = "noindex"
    return response
