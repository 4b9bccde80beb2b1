"""Named reads of the content workflow, each scoped to what the user may see."""

from __future__ import annotations

import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone

from gaung.content.choices import FINAL_STATES, ContentState, IdeaStatus
from gaung.content.models import ContentItem, Idea, TeamMembership
from gaung.registry.scope import NOTHING, scope_for


def unit_filter(user, field: str) -> Q:
    """Units of the user's content roles and administered units, with their subtrees."""
    scope = scope_for(user)
    if scope.is_superuser:
        return Q()
    query = scope.units_q(field) if scope.admin_paths else NOTHING
    for path in TeamMembership.objects.filter(user=user).values_list("unit__path", flat=True):
        query |= Q(**{f"{field}__startswith": path})
    return query


def items_visible_to(user) -> QuerySet[ContentItem]:
    if user is None or not user.is_authenticated:
        return ContentItem.objects.none()
    return ContentItem.objects.select_related("unit", "purpose").filter(
        unit_filter(user, "unit__path") | Q(created_by=user)
    )


def ideas_visible_to(user) -> QuerySet[Idea]:
    """Ideas of the user's units; an employee also sees the ideas of their own unit."""
    if user is None or not user.is_authenticated:
        return Idea.objects.none()
    query = unit_filter(user, "unit__path") | Q(proposed_by=user)
    employee = getattr(user, "employee", None)
    if employee is not None:
        query |= Q(unit=employee.unit_id)
    return Idea.objects.select_related("unit", "proposed_by").filter(query)


def overdue(items: QuerySet[ContentItem], now: datetime.datetime | None = None):
    """Items whose current step has passed its service time."""
    return items.filter(due_at__lt=now or timezone.now()).exclude(state__in=FINAL_STATES)


_FORWARD = frozenset({"submit", "start_design", "send_to_review", "approve", "schedule",
                      "mark_published"})  # fmt: skip


def waiting_on(user, items: QuerySet[ContentItem]) -> QuerySet[ContentItem]:
    """The to-do list: items in a state where one of the user's roles is expected to act."""
    from gaung.content.workflow import TRANSITIONS

    roles = set(TeamMembership.objects.filter(user=user).values_list("role", flat=True).distinct())
    # Only the steps that move an item forward wait on someone (anyone may cancel).
    forward = [t for t in TRANSITIONS.values() if t.action in _FORWARD]
    states = {state for t in forward for state, by in t.by.items() if by & roles}
    states -= {ContentState.DRAFT, *FINAL_STATES}
    return items.filter(state__in=states)


def open_ideas(ideas: QuerySet[Idea]) -> QuerySet[Idea]:
    return ideas.filter(status=IdeaStatus.OPEN)


def team_members(unit, roles) -> QuerySet:
    """Active users holding one of `roles` on the unit or an ancestor: its items' team."""
    from django.contrib.auth import get_user_model

    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            content_roles__unit__path__in=unit.ancestor_paths(),
            content_roles__role__in=list(roles),
        )
        .distinct()
        .order_by("username")
    )


def waiting_roles(state: str) -> frozenset[str]:
    """The roles (AUTHOR included) expected to move an item forward from `state`."""
    from gaung.content.workflow import TRANSITIONS

    return frozenset(
        role
        for t in TRANSITIONS.values()
        if t.action in _FORWARD
        for role in t.by.get(state, frozenset())
    )
