"""The one FilterSet behind the import history page and /api/imports/."""

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from gaung.imports.choices import ImportKind, ImportStatus
from gaung.imports.models import ImportJob
from gaung.registry.forms import StyledForm


class ImportJobFilterSet(django_filters.FilterSet):
    """Search (file name, hash, uploader) and filters by type, status and upload date."""

    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_search",
        widget=forms.SearchInput(attrs={"placeholder": _("File name, SHA-256 or uploader")}),
    )
    kind = django_filters.ChoiceFilter(
        label=_("Type"), choices=ImportKind.choices, empty_label=_("All types")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=ImportStatus.choices, empty_label=_("All statuses")
    )
    uploaded_from = django_filters.DateFilter(
        label=_("Uploaded from"),
        field_name="created_at",
        lookup_expr="date__gte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    uploaded_to = django_filters.DateFilter(
        label=_("Uploaded until"),
        field_name="created_at",
        lookup_expr="date__lte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    class Meta:
        model = ImportJob
        fields = ["q", "kind", "status", "uploaded_from", "uploaded_to"]
        form = StyledForm

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        """File name, the start of the SHA-256, or the uploader's login."""
        text = value.strip()
        if not text:
            return queryset
        return queryset.filter(
            Q(original_name__icontains=text)
            | Q(sha256__startswith=text.lower())
            | Q(created_by__username__icontains=text)
        )
