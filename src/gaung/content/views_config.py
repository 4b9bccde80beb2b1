"""The content settings pages of agency admins: purposes, review checklist, service times and
the corrections to the holiday calendar (config_actions.py writes and audits)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gaung.content import config_actions
from gaung.content.forms_config import (
    ChecklistItemForm,
    HolidayOverrideForm,
    PurposeForm,
    ServiceTimesForm,
)
from gaung.content.models import ChecklistItem, Purpose, ServiceTime
from gaung.core import workdays
from gaung.core.forms import add_action_errors
from gaung.core.models import HolidayOverride
from gaung.core.permissions import ValidationError


def config_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not config_actions.may_configure(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def _saved(request: HttpRequest) -> None:
    messages.success(request, _("The settings are saved."))


def _errors(form) -> str:
    return " ".join(str(e) for errors in form.errors.values() for e in errors)


@config_required
def config_purposes(request: HttpRequest) -> HttpResponse:
    """Add a purpose, or rename, reclassify and (de)activate one (a form per row)."""
    add_form = PurposeForm(prefix="new")
    if request.method == "POST":
        pk = request.POST.get("pk")
        purpose = get_object_or_404(Purpose, pk=pk) if pk else None
        form = PurposeForm(request.POST, prefix=None if purpose else "new")
        if form.is_valid():
            data = form.cleaned_data
            try:
                if purpose is None:
                    config_actions.add_purpose(
                        request.user, name=data["name"], is_informative=data["is_informative"]
                    )
                else:
                    config_actions.update_purpose(request.user, purpose, **data)
            except ValidationError as error:
                add_action_errors(form, error)
            else:
                _saved(request)
                return redirect("content:config_purposes")
        if purpose is None:
            add_form = form
        else:
            messages.error(request, _errors(form))
    rows = [
        (purpose, PurposeForm(initial={"name": purpose.name,
                                       "is_informative": purpose.is_informative,
                                       "is_active": purpose.is_active}))
        for purpose in Purpose.objects.all()
    ]  # fmt: skip
    return render(request, "content/config/purposes.html", {"rows": rows, "add_form": add_form})


@config_required
def config_checklist(request: HttpRequest) -> HttpResponse:
    """Add, reword, reorder or (de)activate the points a reviewer ticks before approval."""
    add_form = ChecklistItemForm(prefix="new")
    if request.method == "POST":
        pk = request.POST.get("pk")
        point = get_object_or_404(ChecklistItem, pk=pk) if pk else None
        move = request.POST.get("move")
        if point is not None and move in {"up", "down"}:
            config_actions.move_checklist_item(request.user, point, -1 if move == "up" else 1)
            return redirect("content:config_checklist")
        form = ChecklistItemForm(request.POST, prefix=None if point else "new")
        if form.is_valid():
            data = form.cleaned_data
            try:
                if point is None:
                    config_actions.add_checklist_item(request.user, label=data["label"])
                else:
                    config_actions.update_checklist_item(request.user, point, **data)
            except ValidationError as error:
                add_action_errors(form, error)
            else:
                _saved(request)
                return redirect("content:config_checklist")
        if point is None:
            add_form = form
        else:
            messages.error(request, _errors(form))
    rows = [
        (point, ChecklistItemForm(initial={"label": point.label, "is_active": point.is_active}))
        for point in ChecklistItem.objects.all()
    ]
    return render(request, "content/config/checklist.html", {"rows": rows, "add_form": add_form})


@config_required
def config_service_times(request: HttpRequest) -> HttpResponse:
    current = dict(ServiceTime.objects.values_list("state", "working_days"))
    form = ServiceTimesForm(request.POST or None, current=current)
    if request.method == "POST" and form.is_valid():
        try:
            config_actions.set_service_times(request.user, form.cleaned_data)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            _saved(request)
            return redirect("content:config_service_times")
    return render(request, "content/config/service_times.html", {"form": form})


def _year(request: HttpRequest) -> int:
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return timezone.localdate().year
    return year if 2000 <= year <= 2100 else timezone.localdate().year


def _to_year(year: int) -> HttpResponse:
    return redirect(f"{reverse('content:config_holidays')}?year={year}")


@config_required
def config_holidays(request: HttpRequest) -> HttpResponse:
    """The year's national holidays next to the agency's corrections, and a form to add one."""
    year = _year(request)
    form = HolidayOverrideForm(request.POST or None, initial={"is_working_day": "0"})
    if request.method == "POST" and form.is_valid():
        try:
            override = config_actions.add_holiday_override(request.user, **form.cleaned_data)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            _saved(request)
            return _to_year(override.date.year)
    overrides = {o.date: o for o in HolidayOverride.objects.filter(date__year=year)}
    national = workdays.national_holidays(year)
    days = sorted(set(national) | set(overrides))
    rows = [
        # A listed day is off unless corrected; a correction says itself whether it is worked.
        {"date": day, "national": national.get(day), "override": overrides.get(day),
         "working": overrides[day].is_working_day if day in overrides else False}
        for day in days
    ]  # fmt: skip
    context = {
        "form": form,
        "rows": rows,
        "year": year,
        "today": timezone.localdate(),
        "years": [year - 1, year + 1],
    }
    return render(request, "content/config/holidays.html", context)


@config_required
@require_POST
def config_holiday_delete(request: HttpRequest, pk: int) -> HttpResponse:
    override = get_object_or_404(HolidayOverride, pk=pk)
    year = override.date.year
    config_actions.remove_holiday_override(request.user, override)
    _saved(request)
    return _to_year(year)
