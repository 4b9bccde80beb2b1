"""FilterSets shared by the compilation pages and the API."""

from typing import Any

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from gaung.reports.choices import CompilationStatus
from gaung.reports.models import Compilation, CompilationEmployee, CompilationUnitRow
from gaung.socials.choices import Platform


def _select(**attrs: str) -> forms.Select:
    return forms.Select(attrs={"class": "form-select", **attrs})


def _search(placeholder: str) -> django_filters.CharFilter:
    return django_filters.CharFilter(
        method="filter_search",
        label=_("Search"),
        widget=forms.TextInput(
            attrs={"type": "search", "class": "form-control", "placeholder": placeholder}
        ),
    )


class SearchMixin:
    """A `q` filter that calls the queryset's own `search()`."""

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        """The queryset's own `search()`."""
        return queryset.search(value)


class CompilationFilterSet(SearchMixin, django_filters.FilterSet):
    """Search by title or agency; filter by year and status."""

    q = _search(_("Title or agency"))
    year = django_filters.ChoiceFilter(
        label=_("Year"), choices=[], empty_label=_("All years"), widget=_select()
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=CompilationStatus.choices,
        empty_label=_("All statuses"),
        widget=_select(),
    )

    class Meta:
        model = Compilation
        fields = ["q", "year", "status"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        years = self.queryset.order_by("-year").values_list("year", flat=True).distinct()
        year = self.filters["year"]
        year.extra["choices"] = [(str(value), str(value)) for value in years]
        # A form field built earlier in this process (e.g. for the API schema) was copied along
        # with the filter and holds the choices of then: build it again from these.
        year.__dict__.pop("_field", None)


class UnitRowFilterSet(SearchMixin, django_filters.FilterSet):
    """Search the departments and units of one compilation by name."""

    q = _search(_("Department or unit"))

    class Meta:
        model = CompilationUnitRow
        fields = ["q"]


class UnitRowChoiceField(forms.ModelChoiceField):
    """A unit row select indented by tree depth."""

    def label_from_instance(self, obj: CompilationUnitRow) -> str:
        """Non-breaking spaces show the tree (options cannot be styled)."""
        return "\u00a0\u00a0\u00a0" * obj.depth + obj.name


class UnitRowFilter(django_filters.ModelChoiceFilter):
    """Filters by a unit row (with everything below it)."""

    field_class = UnitRowChoiceField


def visible_rows(request) -> QuerySet[CompilationUnitRow]:
    """Rows the requesting user may drill into (of any compilation; the filter narrows it)."""
    if request is None:
        return CompilationUnitRow.objects.none()
    return CompilationUnitRow.objects.visible_to(request.user)


class AccountPresence(django_filters.BooleanFilter):
    """`no_account=true`: employees with no counted account yet; `false`: those with one."""

    field_class = forms.NullBooleanField


class CompilationEmployeeFilterSet(SearchMixin, django_filters.FilterSet):
    """Search, "no account yet", platform and unit (with the units below it)."""

    q = _search(_("Name, NIP, position or handle"))
    no_account = AccountPresence(
        label=_("Accounts"),
        method="filter_no_account",
        widget=forms.Select(
            attrs={"class": "form-select"},
            choices=[
                ("", _("Everyone")),
                ("true", _("No account yet")),
                ("false", _("With an account")),
            ],
        ),
    )
    platform = django_filters.ChoiceFilter(
        label=_("Platform"),
        choices=Platform.choices,
        method="filter_platform",
        empty_label=_("All platforms"),
        widget=_select(),
    )
    unit = UnitRowFilter(
        label=_("Unit"),
        queryset=visible_rows,
        method="filter_unit",
        empty_label=_("All units"),
        widget=_select(),
    )

    class Meta:
        model = CompilationEmployee
        fields = ["q", "no_account", "platform", "unit"]

    def filter_no_account(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        """Employees without (true) or with (false) a counted account."""
        if value is None:
            return queryset
        return queryset.filter(has_account=not value)

    def filter_platform(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        """Employees with a counted account on the platform."""
        return queryset.on_platform(value) if value else queryset

    def filter_unit(self, queryset: QuerySet, name: str, value: CompilationUnitRow) -> QuerySet:
        """Employees of the unit and every unit below it."""
        return queryset.in_row(value) if value else queryset
