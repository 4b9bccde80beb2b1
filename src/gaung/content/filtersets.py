"""Search and filters of the content item lists (all items, overdue steps)."""

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from gaung.content.choices import ContentState, Pillar
from gaung.content.models import ContentItem, Purpose
from gaung.content.querysets import items_visible_to, overdue, waiting_on
from gaung.content.units import content_units
from gaung.registry.models import OrganisationUnit
from gaung.socials.filtersets import UnitFilter
from gaung.socials.models import SocialAccount


def _select() -> forms.Select:
    return forms.Select(attrs={"class": "form-select"})


def _units(request) -> QuerySet[OrganisationUnit]:
    if request is None:
        return OrganisationUnit.objects.none()
    return content_units(request.user)


def _accounts(request) -> QuerySet[SocialAccount]:
    """The official accounts the user's visible items are planned for."""
    if request is None:
        return SocialAccount.objects.none()
    items = items_visible_to(request.user).values("pk")
    return (
        SocialAccount.objects.filter(content_items__in=items)
        .distinct()
        .order_by("platform", "handle")
    )


class ItemFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="filter_search",
        label=_("Search"),
        widget=forms.TextInput(
            attrs={
                "type": "search",
                "class": "form-control",
                "placeholder": _("Title or key message"),
            }
        ),
    )
    unit = UnitFilter(
        label=_("Unit"),
        queryset=_units,
        method="filter_unit",
        empty_label=_("All my units"),
        widget=_select(),
    )
    account = django_filters.ModelChoiceFilter(
        label=_("Account"),
        queryset=_accounts,
        field_name="target_accounts",
        empty_label=_("All accounts"),
        distinct=True,
        widget=_select(),
    )
    pillar = django_filters.ChoiceFilter(
        label=_("Pillar"), choices=Pillar.choices, empty_label=_("All pillars"), widget=_select()
    )
    purpose = django_filters.ModelChoiceFilter(
        label=_("Purpose"),
        queryset=Purpose.objects.all(),
        empty_label=_("All purposes"),
        widget=_select(),
    )
    state = django_filters.ChoiceFilter(
        label=_("State"),
        choices=ContentState.choices,
        empty_label=_("All states"),
        widget=_select(),
    )
    overdue = django_filters.BooleanFilter(
        label=_("Overdue only"),
        method="filter_overdue",
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )
    waiting = django_filters.BooleanFilter(
        label=_("Waiting on me"),
        method="filter_waiting",
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )

    class Meta:
        model = ContentItem
        fields = ["q", "unit", "account", "pillar", "purpose", "state", "overdue", "waiting"]

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        text = value.strip()
        if not text:
            return queryset
        return queryset.filter(Q(title__icontains=text) | Q(key_message__icontains=text))

    def filter_unit(self, queryset: QuerySet, name: str, value: OrganisationUnit) -> QuerySet:
        """Items of the unit and of every unit below it."""
        return queryset.filter(unit__path__startswith=value.path) if value else queryset

    def filter_overdue(self, queryset: QuerySet, name: str, value: bool) -> QuerySet:
        return overdue(queryset) if value else queryset

    def filter_waiting(self, queryset: QuerySet, name: str, value: bool) -> QuerySet:
        return waiting_on(self.request.user, queryset) if value else queryset
