"""The one FilterSet behind the account list, the verification queue and the API."""

import datetime
from decimal import Decimal

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gaung.registry.models import OrganisationUnit
from gaung.socials.choices import AccountStatus, OwnerKind, Platform
from gaung.socials.forms import UnitChoiceField
from gaung.socials.models import SocialAccount


def visible_units(request) -> QuerySet[OrganisationUnit]:
    """Units the requesting user may filter by: the ones they administer."""
    if request is None:
        return OrganisationUnit.objects.none()
    return OrganisationUnit.objects.visible_to(request.user)


class UnitFilter(django_filters.ModelChoiceFilter):
    """A unit select indented by tree depth."""

    field_class = UnitChoiceField


def _select(**attrs: str) -> forms.Select:
    return forms.Select(attrs={"class": "form-select", **attrs})


class AccountFilterSet(django_filters.FilterSet):
    """Search and filters shared by the HTML lists and /api/accounts/."""

    q = django_filters.CharFilter(
        method="filter_search",
        label=_("Search"),
        widget=forms.TextInput(
            attrs={
                "type": "search",
                "class": "form-control",
                "placeholder": _("Handle, name or NIP"),
            }
        ),
    )
    platform = django_filters.ChoiceFilter(
        label=_("Platform"),
        choices=Platform.choices,
        empty_label=_("All platforms"),
        widget=_select(),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=AccountStatus.choices,
        empty_label=_("All statuses"),
        widget=_select(),
    )
    owner_kind = django_filters.ChoiceFilter(
        label=_("Owner"),
        choices=OwnerKind.choices,
        method="filter_owner_kind",
        empty_label=_("All owners"),
        widget=_select(),
    )
    unit = UnitFilter(
        label=_("Unit"),
        queryset=visible_units,
        method="filter_unit",
        empty_label=_("All my units"),
        widget=_select(),
    )
    stale_days = django_filters.NumberFilter(
        label=_("Followers older than (days)"),
        method="filter_stale",
        min_value=0,
        max_value=36500,
        widget=forms.NumberInput(attrs={"class": "form-control", "min": 0, "inputmode": "numeric"}),
    )

    class Meta:
        model = SocialAccount
        fields = ["q", "platform", "status", "owner_kind", "unit", "stale_days"]

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        """Handle, display name, owner (unit or employee) name, or the start of a NIP."""
        text = value.strip()
        if not text:
            return queryset
        handle = text.removeprefix("@")
        query = (
            Q(handle__icontains=handle)
            | Q(display_name__icontains=text)
            | Q(owner_unit__name__icontains=text)
            | Q(owner_unit__short_name__icontains=text)
            | Q(owner_employee__name__icontains=text)
        )
        digits = text.replace(" ", "")
        if digits.isdigit():
            query |= Q(owner_employee__nip__startswith=digits)
        return queryset.filter(query)

    def filter_owner_kind(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        """Official (unit-owned) or personal (employee-owned) accounts."""
        if value == OwnerKind.OFFICIAL:
            return queryset.filter(owner_unit__isnull=False)
        if value == OwnerKind.PERSONAL:
            return queryset.filter(owner_employee__isnull=False)
        return queryset

    def filter_unit(self, queryset: QuerySet, name: str, value: OrganisationUnit) -> QuerySet:
        """Accounts of the unit and every unit below it (official and of their employees)."""
        return queryset.in_subtree(value) if value else queryset

    def filter_stale(self, queryset: QuerySet, name: str, value: Decimal | None) -> QuerySet:
        """Accounts whose follower count is older than N days, or was never given."""
        if value is None:
            return queryset
        cutoff = timezone.localdate() - datetime.timedelta(days=int(value))
        return queryset.filter(Q(followers_as_of__lt=cutoff) | Q(followers_as_of__isnull=True))
