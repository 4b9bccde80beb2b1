"""Who may plan content, over which units and accounts, and in which time zone they read it.

Shared by the calendar, the ICS feed and the strategy board.
"""

from __future__ import annotations

from django.conf import settings
from django.db.models import QuerySet

from gaung.content.actions import has_content_role
from gaung.content.querysets import unit_filter
from gaung.registry.activation import ZONE_ABBREVIATIONS
from gaung.registry.models import Employee, OrganisationUnit
from gaung.registry.scope import scope_for
from gaung.socials.models import SocialAccount


def has_content_access(user) -> bool:
    """Admins and holders of a content role plan content (as the navigation shows)."""
    return scope_for(user).is_admin or has_content_role(user)


def planning_units(user) -> QuerySet[OrganisationUnit]:
    """Units whose content the user sees: administered subtrees and content-role subtrees."""
    return OrganisationUnit.objects.filter(unit_filter(user, "path"), is_active=True).order_by(
        "path"
    )


def planning_accounts(user) -> QuerySet[SocialAccount]:
    """The official accounts of those units (the accounts content is planned for)."""
    return (
        SocialAccount.objects.official()
        .filter(unit_filter(user, "owner_unit__path"))
        .select_related("owner_unit")
        .order_by("owner_unit__path", "platform", "handle")
    )


def zone_for(user) -> str:
    """The user's time zone: their own unit's, else the first unit they plan for."""
    if user is not None and user.is_authenticated:
        zone = (
            Employee.objects.filter(user=user, is_active=True)
            .values_list("unit__time_zone", flat=True)
            .first()
        )
        if not zone:
            zone = planning_units(user).values_list("time_zone", flat=True).first()
        if zone:
            return zone
    return settings.TIME_ZONE


def zone_label(zone: str) -> str:
    """WIB, WITA or WIT (the name itself for a zone outside Indonesia)."""
    return ZONE_ABBREVIATIONS.get(zone, zone)
