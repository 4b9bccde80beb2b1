"""Search and filters of the organisers' lists (campaigns, assignments, proofs, groups)."""

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from gaung.amplification.choices import CampaignStatus, RecapStatus
from gaung.amplification.models import Assignment, Campaign, ElectionPeriod, EmployeeGroup, Proof
from gaung.amplification.querysets import campaigns_visible_to
from gaung.registry.models import OrganisationUnit
from gaung.socials.choices import Platform
from gaung.socials.filtersets import UnitFilter, visible_units

YES_NO = [("", _("All")), ("true", _("Yes")), ("false", _("No"))]


def _select() -> forms.Select:
    return forms.Select(attrs={"class": "form-select"})


def _search(placeholder) -> django_filters.CharFilter:
    return django_filters.CharFilter(
        method="filter_search",
        label=_("Search"),
        widget=forms.TextInput(
            attrs={"type": "search", "class": "form-control", "placeholder": placeholder}
        ),
    )


def unit_filter(label) -> UnitFilter:
    return UnitFilter(
        label=label,
        queryset=visible_units,
        method="filter_unit",
        empty_label=_("All my units"),
        widget=_select(),
    )


def _employee_search(queryset: QuerySet, text: str, prefix: str) -> QuerySet:
    """By employee name, or by the start of a NIP typed with or without spaces."""
    text = text.strip()
    if not text:
        return queryset
    query = Q(**{f"{prefix}name__icontains": text})
    digits = text.replace(" ", "")
    if digits.isdigit():
        query |= Q(**{f"{prefix}nip__startswith": digits})
    return queryset.filter(query)


def _visible_campaigns(request) -> QuerySet[Campaign]:
    if request is None:
        return Campaign.objects.none()
    return campaigns_visible_to(request.user).order_by("-deadline")


class CampaignFilterSet(django_filters.FilterSet):
    q = _search(_("Title"))
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=CampaignStatus.choices,
        empty_label=_("All statuses"),
        widget=_select(),
    )
    unit = unit_filter(_("Organising unit"))
    platform = django_filters.ChoiceFilter(
        label=_("Platform"),
        choices=Platform.choices,
        method="filter_platform",
        empty_label=_("All platforms"),
        widget=_select(),
    )
    political = django_filters.BooleanFilter(
        field_name="is_political",
        label=_("Political content"),
        widget=forms.Select(choices=YES_NO, attrs={"class": "form-select"}),
    )

    class Meta:
        model = Campaign
        fields = ["q", "status", "unit", "platform", "political"]

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(title__icontains=value.strip()) if value.strip() else queryset

    def filter_unit(self, queryset: QuerySet, name: str, value: OrganisationUnit) -> QuerySet:
        """Campaigns organised by the unit or by any unit below it."""
        return queryset.filter(unit__path__startswith=value.path) if value else queryset

    def filter_platform(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        # The JSON list as text contains the quoted value ("x" is not found inside "tiktok"),
        # which works the same on SQLite and PostgreSQL.
        return queryset.filter(platforms__icontains=f'"{value}"') if value else queryset


class AssignmentFilterSet(django_filters.FilterSet):
    q = _search(_("Name or NIP"))
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=RecapStatus.choices,
        empty_label=_("All statuses"),
        widget=_select(),
    )
    unit = unit_filter(_("Unit"))

    class Meta:
        model = Assignment
        fields = ["q", "status", "unit"]

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return _employee_search(queryset, value, "employee__")

    def filter_unit(self, queryset: QuerySet, name: str, value: OrganisationUnit) -> QuerySet:
        """Employees of the unit and of every unit below it (where they were when assigned)."""
        return queryset.filter(unit_path__startswith=value.path) if value else queryset


class ProofFilterSet(django_filters.FilterSet):
    q = _search(_("Name or NIP"))
    campaign = django_filters.ModelChoiceFilter(
        label=_("Campaign"),
        queryset=_visible_campaigns,
        field_name="assignment__campaign",
        empty_label=_("All campaigns"),
        widget=_select(),
    )
    platform = django_filters.ChoiceFilter(
        label=_("Platform"),
        choices=Platform.choices,
        empty_label=_("All platforms"),
        widget=_select(),
    )

    class Meta:
        model = Proof
        fields = ["q", "campaign", "platform"]

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return _employee_search(queryset, value, "assignment__employee__")


class GroupFilterSet(django_filters.FilterSet):
    q = _search(_("Group name"))
    unit = unit_filter(_("Owning unit"))

    class Meta:
        model = EmployeeGroup
        fields = ["q", "unit"]

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(name__icontains=value.strip()) if value.strip() else queryset

    def filter_unit(self, queryset: QuerySet, name: str, value: OrganisationUnit) -> QuerySet:
        return queryset.filter(unit__path__startswith=value.path) if value else queryset


class ElectionPeriodFilterSet(django_filters.FilterSet):
    q = _search(_("Name"))

    class Meta:
        model = ElectionPeriod
        fields = ["q"]

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(name__icontains=value.strip()) if value.strip() else queryset
