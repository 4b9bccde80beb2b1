"""Recap pages of amplification: one campaign, or every campaign of a period, per unit.

The level starts at the highest unit the user administers and drills down with `?unit=<pk>`;
the figures come from `recap.py`, the downloads from `recap_exports.py`.
"""

from __future__ import annotations

import datetime
from typing import Any

import django_filters
from django import forms
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gaung.amplification import recap_exports
from gaung.amplification.choices import RecapStatus
from gaung.amplification.models import Assignment, Campaign
from gaung.amplification.querysets import campaigns_visible_to
from gaung.amplification.recap import (
    Level,
    PeriodRecap,
    Recap,
    build,
    build_period,
    individual_ranking,
    level_for,
    period_assignments,
    scoped_assignments,
    status_labels,
    this_month,
    under,
)
from gaung.core.exports import Column, export_response
from gaung.core.lists import ListSpec, sorted_queryset
from gaung.registry.decorators import admin_required
from gaung.registry.models import OrganisationUnit
from gaung.socials.choices import Platform

PEOPLE_PAGE_SIZE = 50


# Where the user stands -----------------------------------------------------------------------


def _level(request: HttpRequest) -> Level:
    """The `?unit=` the user drills into (only a unit they administer: else 404)."""
    wanted = request.GET.get("unit", "")
    if not wanted:
        return level_for(request.user)
    if not wanted.isdigit():
        raise Http404("No such unit.")
    unit = get_object_or_404(OrganisationUnit.objects.visible_to(request.user), pk=wanted)
    return level_for(request.user, unit)


def status_chart(recap: Recap, link) -> dict[str, Any]:
    """Sudah / kurang / belum / tanpa akun per row, for the stacked bar chart."""
    rows = recap.all_rows
    return {
        "labels": [r.label for r in rows],
        "links": [link(r.unit) if r.unit is not None and not r.is_direct else "" for r in rows],
        "sudah": [r.sudah for r in rows],
        "kurang": [r.kurang for r in rows],
        "belum": [r.belum for r in rows],
        "tanpa_akun": [r.tanpa_akun for r in rows],
    }


def chart_labels() -> dict[str, str]:
    return {
        **status_labels(),
        "assigned": _("Assigned"),
        "empty": _("No assignments here"),
    }


def _unit_link(base: str, request: HttpRequest):
    """A drill-down URL that keeps the page's other parameters (the period)."""
    kept = request.GET.copy()
    for name in ("unit", "page", "sort", "q", "status", "export"):
        kept.pop(name, None)

    def link(unit: OrganisationUnit | None) -> str:
        params = kept.copy()
        if unit is not None:
            params["unit"] = str(unit.pk)
        encoded = params.urlencode()
        return f"{base}?{encoded}" if encoded else base

    return link


def _recap_context(request: HttpRequest, recap: Recap, base: str) -> dict[str, Any]:
    link = _unit_link(base, request)
    level = recap.level
    trail = [(unit, link(unit)) for unit in level.trail]
    return {
        "recap": recap,
        "level": level,
        "trail": trail,
        "overview_link": link(None) if level.has_overview else "",
        "unit_rows": [(row, link(row.unit) if row.unit else "") for row in recap.rows],
        "unit_ranking": recap.ranking(),
        "status_chart": status_chart(recap, link),
        "chart_labels": chart_labels(),
        "status_labels": status_labels(),
        "unit_param": request.GET.get("unit", ""),
    }


# One campaign ---------------------------------------------------------------------------------


def _campaign_scope(request: HttpRequest, pk: int) -> tuple[Campaign, Level, QuerySet]:
    """The campaign (404 unless it reaches the user), the level and the assignments counted."""
    campaign = get_object_or_404(campaigns_visible_to(request.user), pk=pk)
    level = _level(request)
    assignments = scoped_assignments(request.user, Assignment.objects.filter(campaign=campaign))
    return campaign, level, assignments


def _campaign_recap(request: HttpRequest, pk: int) -> tuple[Campaign, Recap]:
    campaign, level, assignments = _campaign_scope(request, pk)
    return campaign, build(level, assignments)


class PeopleFilterSet(django_filters.FilterSet):
    """Search the employees of the level by name or NIP; filter by recap status."""

    q = django_filters.CharFilter(
        method="filter_search",
        label=gettext_lazy("Search"),
        widget=forms.TextInput(
            attrs={
                "type": "search",
                "class": "form-control",
                "placeholder": gettext_lazy("Name or NIP"),
            }
        ),
    )
    status = django_filters.ChoiceFilter(
        label=gettext_lazy("Status"),
        choices=RecapStatus.choices,
        empty_label=gettext_lazy("All statuses"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    class Meta:
        model = Assignment
        fields = ["q", "status"]

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        text = value.strip()
        if not text:
            return queryset
        query = Q(employee__name__icontains=text)
        digits = text.replace(" ", "")
        if digits.isdigit():
            query |= Q(employee__nip__startswith=digits)
        return queryset.filter(query)


def platform_names(platforms: list[str]) -> str:
    return ", ".join(str(Platform(p).label) for p in platforms if p in Platform.values)


PEOPLE_COLUMNS = (
    Column(gettext_lazy("NIP / NI PPPK"), lambda a: a.employee.nip_grouped, 24),
    Column(gettext_lazy("Name"), lambda a: a.employee.full_name, 36),
    Column(gettext_lazy("Unit"), lambda a: a.unit.name, 32),
    Column(gettext_lazy("Status"), lambda a: a.get_status_display(), 14),
    Column(gettext_lazy("Actions done"), lambda a: a.done, 12),
    Column(gettext_lazy("Actions asked"), lambda a: a.asked, 12),
    Column(gettext_lazy("Potential reach"), lambda a: a.potential_reach, 14),
    Column(gettext_lazy("Clicks"), lambda a: a.clicks, 10),
    Column(
        gettext_lazy("Platforms without an account"),
        lambda a: platform_names(a.missing_platforms),
        28,
    ),
)

PEOPLE_LIST = ListSpec(
    template="amplification/recap/campaign.html",
    filterset_class=PeopleFilterSet,
    sort_fields={
        "name": ("employee__name",),
        "unit": ("unit_path", "employee__name"),
        "status": ("status", "employee__name"),
        "done": ("done", "employee__name"),
        "reach": ("potential_reach", "employee__name"),
        "clicks": ("clicks", "employee__name"),
    },
    default_sort="unit",
    export_name="campaign-recap-employees",
    export_columns=PEOPLE_COLUMNS,
    page_size=PEOPLE_PAGE_SIZE,
)


def _results_template(request: HttpRequest, template: str) -> str:
    # As core.lists: only a non-boosted htmx request aimed at #results gets the partial.
    htmx = getattr(request, "htmx", None)
    if htmx and not htmx.boosted and htmx.target == "results":
        return f"{template}#results"
    return template


@admin_required
def campaign_recap(request: HttpRequest, pk: int) -> HttpResponse:
    """Sudah / kurang / belum / tanpa akun per unit, the rankings, and the employees."""
    campaign, level, assignments = _campaign_scope(request, pk)
    spec = PEOPLE_LIST
    people = under(level, assignments).select_related("employee", "unit", "campaign")
    filterset = spec.filterset_class(request.GET or None, queryset=people)
    rows = filterset.qs if filterset.is_bound else people
    rows, sort = sorted_queryset(rows, spec, request.GET.get("sort", spec.default_sort))
    export_format = request.GET.get("export")
    if export_format in {"xlsx", "csv"}:
        return export_response(export_format, spec.export_name, rows, spec.export_columns)
    page = Paginator(rows, spec.page_size).get_page(request.GET.get("page"))
    context = {
        "campaign": campaign,
        "filterset": filterset,
        "page": page,
        "rows": page.object_list,
        "sort": sort,
        "total": page.paginator.count,
    }
    template = _results_template(request, spec.template)
    if not template.endswith("#results"):
        # The roll-up only for the whole page: filtering the employees needs none of it.
        recap = build(level, assignments)
        base = reverse("amplification:campaign_recap", args=[campaign.pk])
        context.update(_recap_context(request, recap, base))
        context["people_ranking"] = individual_ranking(recap, campaign)
    return render(request, template, context)


@admin_required
def campaign_recap_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    campaign, recap = _campaign_recap(request, pk)
    return recap_exports.campaign_xlsx_response(campaign, recap)


@admin_required
def campaign_recap_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    campaign, recap = _campaign_recap(request, pk)
    return recap_exports.campaign_pdf_response(campaign, recap)


# A period --------------------------------------------------------------------------------


class PeriodForm(forms.Form):
    start = forms.DateField(
        label=gettext_lazy("From"),
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d"),
    )
    end = forms.DateField(
        label=gettext_lazy("To"),
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d"),
    )

    def clean(self) -> dict[str, Any]:
        super().clean()
        start, end = self.cleaned_data.get("start"), self.cleaned_data.get("end")
        if start and end and end < start:
            self.add_error("end", _("The last day must not be before the first day."))
        return self.cleaned_data

    def period(self) -> tuple[datetime.date, datetime.date]:
        """The chosen days, or this month when none (or wrong ones) were given."""
        if self.is_bound and self.is_valid():
            return self.cleaned_data["start"], self.cleaned_data["end"]
        return this_month()


def _period_recap(request: HttpRequest) -> tuple[PeriodForm, PeriodRecap]:
    given = {key: request.GET[key] for key in ("start", "end") if request.GET.get(key)}
    form = PeriodForm(given or None)
    start, end = form.period()
    if not form.is_bound:
        form = PeriodForm(initial={"start": start, "end": end})
    level = _level(request)
    assignments = period_assignments(request.user, start, end)
    return form, build_period(level, start, end, assignments)


@admin_required
def period_recap_page(request: HttpRequest) -> HttpResponse:
    """Every campaign due in the period (default: this month), rolled up per unit."""
    form, period = _period_recap(request)
    base = reverse("amplification:period_recap")
    context = {
        "form": form,
        "period": period,
        "campaign_rows": period.campaigns,
        "campaign_ranking": period.campaign_ranking(),
        "people_ranking": period.individual_ranking(),
        "period_query": f"start={period.start:%Y-%m-%d}&end={period.end:%Y-%m-%d}",
        **_recap_context(request, period.recap, base),
    }
    return render(request, "amplification/recap/period.html", context)


@admin_required
def period_recap_xlsx(request: HttpRequest) -> HttpResponse:
    _form, period = _period_recap(request)
    return recap_exports.period_xlsx_response(period)


@admin_required
def period_recap_pdf(request: HttpRequest) -> HttpResponse:
    _form, period = _period_recap(request)
    return recap_exports.period_pdf_response(period)
