"""Query filters of the content API (items and ideas; the calendar uses the page's form)."""

import django_filters
from django.db.models import Q, QuerySet
from drf_spectacular.utils import extend_schema_field

from gaung.content.choices import ContentState, IdeaStatus, Pillar
from gaung.content.models import ContentItem, Idea, Purpose
from gaung.content.querysets import overdue, waiting_on
from gaung.content.units import content_units
from gaung.registry.models import OrganisationUnit
from gaung.socials.models import SocialAccount

UNIT_HELP = "A unit id: it and every unit below it."
OVERDUE_HELP = "true: only items whose current step is overdue."
WAITING_HELP = "true: only items in a state where one of the caller's roles is expected to act."


def _units(request) -> QuerySet[OrganisationUnit]:
    return content_units(request.user) if request is not None else OrganisationUnit.objects.none()


class _UnitSubtree(django_filters.FilterSet):
    unit = django_filters.ModelChoiceFilter(
        queryset=_units, method="filter_unit", help_text=UNIT_HELP
    )

    @extend_schema_field({"type": "integer", "description": UNIT_HELP})
    def filter_unit(self, queryset: QuerySet, name: str, value: OrganisationUnit) -> QuerySet:
        return queryset.filter(unit__path__startswith=value.path) if value else queryset


class ItemFilterSet(_UnitSubtree):
    q = django_filters.CharFilter(
        method="filter_search", help_text="Words in the title, key message or brief."
    )
    account = django_filters.ModelChoiceFilter(
        queryset=SocialAccount.objects.filter(owner_unit__isnull=False),
        field_name="target_accounts",
        distinct=True,
        help_text="A target official account id.",
    )
    pillar = django_filters.ChoiceFilter(choices=Pillar.choices)
    purpose = django_filters.ModelChoiceFilter(queryset=Purpose.objects.all())
    state = django_filters.MultipleChoiceFilter(
        choices=ContentState.choices, help_text="Repeat for several states."
    )
    overdue = django_filters.BooleanFilter(
        method="filter_overdue", help_text="true: only items whose current step is overdue."
    )
    waiting = django_filters.BooleanFilter(
        method="filter_waiting",
        help_text="true: only items in a state where one of the caller's roles is expected to act.",
    )
    planned_after = django_filters.IsoDateTimeFilter(field_name="planned_at", lookup_expr="gte")
    planned_before = django_filters.IsoDateTimeFilter(field_name="planned_at", lookup_expr="lt")

    class Meta:
        model = ContentItem
        fields = [
            "q", "unit", "account", "pillar", "purpose", "state", "overdue", "waiting",
            "planned_after", "planned_before",
        ]  # fmt: skip

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        text = value.strip()
        if not text:
            return queryset
        return queryset.filter(
            Q(title__icontains=text) | Q(key_message__icontains=text) | Q(brief__icontains=text)
        )

    @extend_schema_field({"type": "boolean", "description": OVERDUE_HELP})
    def filter_overdue(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        return overdue(queryset) if value else queryset

    @extend_schema_field({"type": "boolean", "description": WAITING_HELP})
    def filter_waiting(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        return waiting_on(self.request.user, queryset) if value else queryset


class IdeaFilterSet(_UnitSubtree):
    q = django_filters.CharFilter(method="filter_search", help_text="Words in title or notes.")
    status = django_filters.ChoiceFilter(choices=IdeaStatus.choices)
    pillar = django_filters.ChoiceFilter(choices=Pillar.choices)

    class Meta:
        model = Idea
        fields = ["q", "unit", "status", "pillar"]

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        text = value.strip()
        if not text:
            return queryset
        return queryset.filter(Q(title__icontains=text) | Q(notes__icontains=text))
