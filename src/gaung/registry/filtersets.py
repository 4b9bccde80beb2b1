"""One FilterSet per list, shared by the HTML pages and the API."""

from typing import Any

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from gaung.registry.choices import EmployeeType, Role, UnitKind
from gaung.registry.forms import StyledForm, UnitChoiceField
from gaung.registry.models import Employee, OrganisationUnit, RoleAssignment
from gaung.registry.querysets import account_platform_choices

# Sort keys of the employee list: the HTML `sort` parameter and the API `ordering` parameter
# (which orders by the first field of each key). Ties fall back to the name.
EMPLOYEE_SORTS: dict[str, tuple[str, ...]] = {
    "name": ("name",),
    "nip": ("nip",),
    "unit": ("unit__name", "name"),
    "type": ("employee_type", "name"),
    "rank": ("rank_order", "name"),
}

EMPLOYEE_SORT_LABELS = {
    "name": _("Name"),
    "nip": _("NIP / NI PPPK"),
    "unit": _("Unit"),
    "type": _("Type"),
    "rank": _("Rank"),
}


def _lazy_sort_labels(labels: dict[str, Promise]) -> dict[str, Promise | str]:
    # django-filter formats "X (descending)" eagerly at import, freezing whatever language was
    # active then; lazy labels for both directions keep them in the request's language.
    descending = {
        f"-{key}": format_lazy("{} ({})", label, _("descending")) for key, label in labels.items()
    }
    return {**labels, **descending}


YES_NO_CHOICES = [("", _("All")), ("true", _("Yes")), ("false", _("No"))]


class UnitChoiceFilter(django_filters.ModelChoiceFilter):
    """Chooses among the units the request's user may see."""

    field_class = UnitChoiceField


def visible_units(request) -> QuerySet:
    """The units the requesting user administers (none without a request)."""
    if request is None:
        return OrganisationUnit.objects.none()
    return OrganisationUnit.objects.visible_to(request.user).order_by("path")


def yes_no_filter(label: str | Promise, **kwargs: Any) -> django_filters.BooleanFilter:
    """A yes/no/all filter read from `true` / `false`."""
    return django_filters.BooleanFilter(
        label=label, widget=forms.Select(choices=YES_NO_CHOICES), **kwargs
    )


class UnitFilterSet(django_filters.FilterSet):
    """Search and filters of the organisation tree and `/api/units/`."""

    search = django_filters.CharFilter(
        label=_("Search"),
        method="filter_search",
        widget=forms.SearchInput(attrs={"placeholder": _("Name, short name or code")}),
    )
    kind = django_filters.ChoiceFilter(
        label=_("Type"), choices=UnitKind.choices, empty_label=_("All types")
    )
    is_active = yes_no_filter(_("Active"))
    parent = UnitChoiceFilter(label=_("Parent unit"), queryset=visible_units)

    class Meta:
        model = OrganisationUnit
        form = StyledForm
        fields: list[str] = []

    def filter_search(self, queryset, name: str, value: str):
        """Units whose name, short name or code contains the text."""
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(name__icontains=value) | Q(short_name__icontains=value) | Q(code__icontains=value)
        )


class EmployeeFilterSet(django_filters.FilterSet):
    """Search, filters and API ordering of the employee list."""

    search = django_filters.CharFilter(
        label=_("Search"),
        method="filter_search",
        widget=forms.SearchInput(attrs={"placeholder": _("Name, NIP, position or e-mail")}),
    )
    unit = UnitChoiceFilter(
        label=_("Unit (with sub-units)"),
        queryset=visible_units,
        method="filter_unit",
        empty_label=_("All units"),
    )
    employee_type = django_filters.ChoiceFilter(
        label=_("Employee type"), choices=EmployeeType.choices, empty_label=_("All types")
    )
    is_active = yes_no_filter(_("Active"))
    has_account = yes_no_filter(_("Has an account"), method="filter_has_account")
    platform = django_filters.ChoiceFilter(
        label=_("Platform"),
        choices=account_platform_choices,
        method="filter_platform",
        empty_label=_("All platforms"),
    )
    ordering = django_filters.OrderingFilter(
        fields=[(fields[0], key) for key, fields in EMPLOYEE_SORTS.items()],
        field_labels=_lazy_sort_labels(EMPLOYEE_SORT_LABELS),
        label=_("Order by"),
    )

    class Meta:
        model = Employee
        form = StyledForm
        fields: list[str] = []

    def filter_search(self, queryset, name: str, value: str):
        """Name, NIP (with or without spaces), position or e-mail."""
        return queryset.search(value)

    def filter_unit(self, queryset, name: str, value: OrganisationUnit | None):
        """Employees of the unit and of every unit below it."""
        return queryset.in_subtree(value) if value else queryset

    def filter_has_account(self, queryset, name: str, value: bool | None):
        """Employees with (or without) a personal account."""
        return queryset if value is None else queryset.with_accounts(value)

    def filter_platform(self, queryset, name: str, value: str):
        """Employees with a personal account on the platform."""
        return queryset.with_account_on(value) if value else queryset


class RoleAssignmentFilterSet(django_filters.FilterSet):
    """Filters of `/api/role-assignments/`."""

    unit = UnitChoiceFilter(label=_("Unit"), queryset=visible_units)
    role = django_filters.ChoiceFilter(label=_("Role"), choices=Role.choices)

    class Meta:
        model = RoleAssignment
        form = StyledForm
        fields: list[str] = []
