"""The content item pages: list, overdue steps, form, item page with its workflow, versions.

Views read input and render; the actions (content/actions.py) check and write.
"""

from __future__ import annotations

import datetime
import zoneinfo
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from gaung.content import actions
from gaung.content.assets import asset_problems
from gaung.content.choices import FINAL_STATES, ContentState, TeamRole
from gaung.content.compare import compare
from gaung.content.filtersets import ItemFilterSet
from gaung.content.forms import (
    LOCAL_INPUT_FORMAT,
    ItemForm,
    TransitionForm,
    as_wall_clock,
    in_zone,
)
from gaung.content.models import ChecklistItem, ContentEvent, ContentItem, ContentVersion
from gaung.content.platform_rules import caption_counts
from gaung.content.querysets import items_visible_to, overdue
from gaung.content.templatetags.content_items import overdue_days
from gaung.content.units import designers_for
from gaung.content.workflow import EDITORS, RESCHEDULERS, TRANSITIONS, available
from gaung.core.audit import events_for
from gaung.core.exports import Column
from gaung.core.forms import add_action_errors
from gaung.core.lists import ListSpec, render_list
from gaung.core.templatetags.gaung import local_datetime
from gaung.registry.activation import ZONE_ABBREVIATIONS
from gaung.registry.scope import scope_for

REVIEW_ROLES = frozenset({TeamRole.SUPERVISOR, TeamRole.REVIEWER})
EVENT_LABELS = {
    "create": gettext_lazy("Created"),
    "edit": gettext_lazy("Edited"),
    "checklist": gettext_lazy("Checklist filled in"),
    "reschedule": gettext_lazy("Moved"),
    "overdue_notice": gettext_lazy("Overdue: the team was notified"),
}


def content_user_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Logged-in users with a content role, or admins (who read their units' content)."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user = request.user
        if not (scope_for(user).is_admin or actions.has_content_role(user)):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def _visible(request: HttpRequest) -> QuerySet[ContentItem]:
    return items_visible_to(request.user)


def _zone(item: ContentItem) -> str:
    return ZONE_ABBREVIATIONS.get(item.unit.time_zone, item.unit.time_zone)


# ---------------------------------------------------------------------------------------------
# Lists
# ---------------------------------------------------------------------------------------------


def _accounts_label(item: ContentItem) -> str:
    return ", ".join(str(account) for account in item.target_accounts.all())


EXPORT_COLUMNS = (
    Column(gettext_lazy("Title"), lambda i: i.title, 40),
    Column(gettext_lazy("Unit"), lambda i: i.unit.name, 30),
    Column(gettext_lazy("State"), lambda i: i.get_state_display(), 16),
    Column(gettext_lazy("Pillar"), lambda i: i.get_pillar_display(), 16),
    Column(gettext_lazy("Purpose"), lambda i: i.purpose.name, 16),
    Column(gettext_lazy("Target official accounts"), _accounts_label, 36),
    Column(gettext_lazy("Planned time"), lambda i: i.planned_at, 18),
    Column(gettext_lazy("Due"), lambda i: i.due_at, 18),
    Column(gettext_lazy("Working days late"), overdue_days, 12),
    Column(gettext_lazy("Version"), lambda i: i.version, 8),
    Column(gettext_lazy("Approved version"), lambda i: i.approved_version, 8),
    Column(gettext_lazy("Permalink"), lambda i: i.permalink, 40),
)
SORT_FIELDS = {
    "planned": ("planned_at",),
    "due": ("due_at",),
    "title": ("title",),
    "state": ("state", "planned_at"),
}
ITEM_LIST = ListSpec(
    template="content/item_list.html",
    filterset_class=ItemFilterSet,
    sort_fields=SORT_FIELDS,
    default_sort="-planned",
    export_name="content-items",
    export_columns=EXPORT_COLUMNS,
)
# Longest overdue first: whoever waits longest is looked at first.
OVERDUE_LIST = ListSpec(
    template="content/item_list.html",
    filterset_class=ItemFilterSet,
    sort_fields=SORT_FIELDS,
    default_sort="due",
    export_name="content-overdue",
    export_columns=EXPORT_COLUMNS,
)


def _listed(request: HttpRequest) -> QuerySet[ContentItem]:
    return _visible(request).prefetch_related("target_accounts")


@content_user_required
def item_list(request: HttpRequest) -> HttpResponse:
    """Every content item of the user's units, with its state and deadline."""
    context = {"may_create": actions.has_content_role(request.user)}
    return render_list(request, _listed(request), ITEM_LIST, context)


@content_user_required
def overdue_list(request: HttpRequest) -> HttpResponse:
    """The steps past their service time, longest overdue first."""
    context = {"may_create": actions.has_content_role(request.user), "overdue_page": True}
    return render_list(request, overdue(_listed(request)), OVERDUE_LIST, context)


# ---------------------------------------------------------------------------------------------
# Form
# ---------------------------------------------------------------------------------------------


@content_user_required
def item_create(request: HttpRequest) -> HttpResponse:
    """A new draft, by anyone with a content role on the unit."""
    form = ItemForm(request.POST or None, user=request.user)
    if not form.fields["unit"].queryset.exists():
        raise PermissionDenied
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            item = actions.create_item(
                request.user,
                unit=data["unit"],
                target_accounts=data["target_accounts"],
                captions=form.captions(),
                planned_at=data["planned_at"],
                **form.content_fields(),
            )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("“%(title)s” is saved as a draft.") % {"title": item.title})
            return redirect("content:item_detail", pk=item.pk)
    return render(request, "content/item_form.html", {"form": form, "item": None})


def _may_reschedule(user, item: ContentItem) -> bool:
    return bool(actions.roles_of(user, item) & RESCHEDULERS.get(item.state, frozenset()))


def _moved(planned: datetime.datetime, item: ContentItem) -> bool:
    """Whether the form's time (to the minute, as datetime-local sends it) moves the item."""
    current = item.planned_at
    return current is None or planned != current.replace(second=0, microsecond=0)


@content_user_required
def item_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change the content: a new version; after approval the item goes back to review."""
    item = get_object_or_404(_visible(request), pk=pk)
    if item.state in FINAL_STATES:
        messages.error(request, _("A published, rejected or cancelled item cannot be edited."))
        return redirect("content:item_detail", pk=item.pk)
    if not actions.roles_of(request.user, item) & EDITORS.get(item.state, frozenset()):
        raise PermissionDenied
    may_reschedule = _may_reschedule(request.user, item)
    form = ItemForm(request.POST or None, user=request.user, item=item)
    if not may_reschedule:
        form.fields["planned_at"].disabled = True
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        version = item.version
        try:
            # The content and the planned time change together or not at all.
            with transaction.atomic():
                item = actions.edit_item(
                    request.user,
                    item,
                    target_accounts=data["target_accounts"],
                    captions=form.captions(),
                    **form.content_fields(),
                )
                planned = data.get("planned_at")
                if may_reschedule and planned and _moved(planned, item):
                    item = actions.reschedule(request.user, item, planned)
        except ValidationError as error:
            add_action_errors(form, error)
        except PermissionDenied as error:
            form.add_error(None, str(error) or _("You may not edit this item now."))
        else:
            if item.version == version:
                messages.info(request, _("Saved."))
            else:
                messages.success(
                    request, _("Saved as version %(version)d.") % {"version": item.version}
                )
            return redirect("content:item_detail", pk=item.pk)
    context = {
        "form": form,
        "item": item,
        "back_to_review": item.state in (ContentState.APPROVED, ContentState.SCHEDULED),
        "zone": _zone(item),
    }
    return render(request, "content/item_form.html", context)


# ---------------------------------------------------------------------------------------------
# Item page
# ---------------------------------------------------------------------------------------------


FIELD_LABELS = {
    "title": gettext_lazy("title"),
    "brief": gettext_lazy("brief"),
    "key_message": gettext_lazy("key message"),
    "states_figures": gettext_lazy("states figures"),
    "data_sources": gettext_lazy("data sources"),
    "pillar": gettext_lazy("pillar"),
    "purpose": gettext_lazy("purpose"),
    "captions": gettext_lazy("captions"),
    "target_accounts": gettext_lazy("target accounts"),
    "assets": gettext_lazy("images and videos"),
}


def _moment(value: str | None, zone: str) -> str:
    if not value:
        return "–"
    with timezone.override(zoneinfo.ZoneInfo(zone)):
        return local_datetime(datetime.datetime.fromisoformat(value))


def _event_detail(event: ContentEvent, zone: str) -> str:
    """What an edit changed, or where a move went (the rest speaks for itself)."""
    data = event.data or {}
    if event.action == "edit" and data.get("fields"):
        names = [str(FIELD_LABELS.get(name, name)) for name in data["fields"]]
        return _("Changed: %(fields)s") % {"fields": ", ".join(names)}
    if event.action == "reschedule":
        return f"{_moment(data.get('before'), zone)} → {_moment(data.get('after'), zone)}"
    return ""


def _event_rows(item: ContentItem) -> list[dict[str, Any]]:
    states = dict(ContentState.choices)
    rows = []
    for event in item.events.select_related("actor"):
        step = TRANSITIONS.get(event.action)
        label = step.label if step else EVENT_LABELS.get(event.action, event.action)
        rows.append(
            {
                "event": event,
                "label": label,
                "from": states.get(event.from_state, ""),
                "to": states.get(event.to_state, ""),
                "moved": event.from_state != event.to_state,
                "detail": _event_detail(event, item.unit.time_zone),
            }
        )
    return rows


def _checklist(item: ContentItem) -> dict[str, Any]:
    check = item.checks.filter(version=item.version).select_related("reviewer").first()
    ticked = check.ticked if check else {}
    points = [
        {"point": point, "ticked": bool(ticked.get(str(point.pk)))}
        for point in ChecklistItem.objects.filter(is_active=True)
    ]
    return {
        "points": points,
        "check": check,
        "complete": bool(points) and all(p["ticked"] for p in points),
    }


def _captions(item: ContentItem) -> list[dict[str, Any]]:
    return [
        {"caption": caption, "counts": caption_counts(caption.platform, caption.text)}
        for caption in item.captions.all()
    ]


def _input_time(item: ContentItem) -> str:
    """The planned time as a datetime-local value in the unit's zone ("" when unplanned)."""
    local = as_wall_clock(item.planned_at, item.unit.time_zone)
    return local.strftime(LOCAL_INPUT_FORMAT) if local else ""


@content_user_required
def item_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Everything about one item, the steps the user may take, its review and its history."""
    item = get_object_or_404(
        _visible(request).select_related("created_by", "approved_by", "designer"), pk=pk
    )
    roles = actions.roles_of(request.user, item)
    transitions = available(item.state, roles)
    context = {
        "item": item,
        "zone": _zone(item),
        "transitions": transitions,
        "may_edit": bool(roles & EDITORS.get(item.state, frozenset())),
        "may_review": item.state == ContentState.IN_REVIEW and bool(roles & REVIEW_ROLES),
        "checklist": _checklist(item),
        "captions": _captions(item),
        "accounts": item.target_accounts.select_related("owner_unit"),
        "assets": item.assets.all(),
        "asset_problems": asset_problems(item),
        "events": _event_rows(item),
        "audit_events": events_for(item),
        "overdue_days": overdue_days(item),
        "planned_input": _input_time(item),
        "designers": (
            designers_for(item.unit) if any(t.action == "start_design" for t in transitions) else []
        ),
    }
    return render(request, "content/item_detail.html", context)


def _transition_inputs(request: HttpRequest, item: ContentItem) -> dict[str, Any]:
    form = TransitionForm(request.POST)
    if not form.is_valid():
        raise ValidationError(_("Check the time and the link you entered."))
    data = form.cleaned_data
    inputs: dict[str, Any] = {
        "comment": data["comment"] or "",
        "permalink": data["permalink"] or "",
    }
    if data["planned_at"]:
        inputs["planned_at"] = in_zone(data["planned_at"], item.unit.time_zone)
    if data["designer"]:
        designer = designers_for(item.unit).filter(pk=data["designer"]).first()
        if designer is None:
            raise ValidationError(_("Choose a designer of this unit's team."))
        inputs["designer"] = designer
    return inputs


@content_user_required
@require_POST
def item_transition(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """Take one workflow step (the action allows or refuses it)."""
    item = get_object_or_404(_visible(request), pk=pk)
    step = TRANSITIONS.get(action)
    if step is None:
        raise Http404
    try:
        item = actions.transition(request.user, item, action, **_transition_inputs(request, item))
    except (ValidationError, PermissionDenied) as error:
        text = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
        messages.error(request, text or _("You may not act on this item."))
    else:
        messages.success(
            request,
            _("%(action)s: “%(title)s” is now “%(state)s”.")
            % {"action": step.label, "title": item.title, "state": item.get_state_display()},
        )
    return redirect("content:item_detail", pk=item.pk)


@content_user_required
@require_POST
def item_checklist(request: HttpRequest, pk: int) -> HttpResponse:
    """A supervisor or reviewer records the review checklist for the current version."""
    item = get_object_or_404(_visible(request), pk=pk)
    chosen = set(request.POST.getlist("checks"))
    ticked = {
        str(pk): str(pk) in chosen
        for pk in ChecklistItem.objects.filter(is_active=True).values_list("pk", flat=True)
    }
    try:
        actions.tick_checklist(request.user, item, ticked)
    except (ValidationError, PermissionDenied) as error:
        text = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
        messages.error(request, text or _("Only reviewers fill in the checklist."))
    else:
        if all(ticked.values()):
            messages.success(request, _("The checklist is complete for this version."))
        else:
            messages.warning(request, _("Checklist saved; some points are not ticked yet."))
    return redirect("content:item_detail", pk=item.pk)


# ---------------------------------------------------------------------------------------------
# Versions
# ---------------------------------------------------------------------------------------------


@content_user_required
def item_versions(request: HttpRequest, pk: int) -> HttpResponse:
    """Every version of the item, to pick two to compare."""
    item = get_object_or_404(_visible(request), pk=pk)
    versions = item.versions.select_related("author").order_by("-number")
    context = {"item": item, "versions": versions}
    return render(request, "content/item_versions.html", context)


def _version_number(request: HttpRequest, name: str, default: int) -> int:
    try:
        return int(request.GET.get(name, default))
    except ValueError:
        raise Http404 from None


@content_user_required
def item_compare(request: HttpRequest, pk: int) -> HttpResponse:
    """Two versions side by side, field by field (`?a=1&b=3`)."""
    item = get_object_or_404(_visible(request), pk=pk)
    a = _version_number(request, "a", max(item.version - 1, 1))
    b = _version_number(request, "b", item.version)
    older = get_object_or_404(ContentVersion.objects.select_related("author"), item=item, number=a)
    newer = get_object_or_404(ContentVersion.objects.select_related("author"), item=item, number=b)
    rows = compare(older.snapshot, newer.snapshot)
    context = {
        "item": item,
        "a": older,
        "b": newer,
        "rows": rows,
        "changed_rows": [row for row in rows if row.changed],
        "unchanged_rows": [row for row in rows if not row.changed],
    }
    return render(request, "content/item_compare.html", context)
