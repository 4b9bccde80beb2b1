"""The units and official accounts a user works with in the content pages."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from gaung.content.choices import TeamRole
from gaung.content.models import TeamMembership
from gaung.content.querysets import team_members
from gaung.registry.models import OrganisationUnit
from gaung.registry.scope import NOTHING, scope_for
from gaung.socials.choices import AccountStatus
from gaung.socials.models import SocialAccount


def ancestor_paths(path: str) -> list[str]:
    """The unit's path and those of the units above it ("1.2.3." → "1.", "1.2.", "1.2.3.")."""
    segments = path.split(".")[:-1]
    return [".".join(segments[: i + 1]) + "." for i in range(len(segments))]


def role_paths(user) -> list[str]:
    """The units where the user holds a content role (each role covers the unit's subtree)."""
    if user is None or not user.is_authenticated:
        return []
    return sorted(
        set(TeamMembership.objects.filter(user=user).values_list("unit__path", flat=True))
    )


def _subtrees(paths, field: str = "path") -> Q:
    query = NOTHING
    for path in paths:
        query |= Q(**{f"{field}__startswith": path})
    return query


def role_units(user) -> QuerySet[OrganisationUnit]:
    """Active units where the user may create content (a content role there or above)."""
    units = OrganisationUnit.objects.filter(is_active=True).order_by("path")
    if user is not None and user.is_authenticated and user.is_superuser:
        return units
    return units.filter(_subtrees(role_paths(user)))


def content_units(user) -> QuerySet[OrganisationUnit]:
    """Units whose content the user sees: their content roles' and administered subtrees."""
    scope = scope_for(user)
    if scope.is_superuser:
        return OrganisationUnit.objects.order_by("path")
    query = scope.units_q() if scope.admin_paths else NOTHING
    return OrganisationUnit.objects.filter(query | _subtrees(role_paths(user))).order_by("path")


def official_accounts(paths) -> QuerySet[SocialAccount]:
    """Official accounts an item of these units may target: of the units, above or below them.

    Mirrors actions._check_accounts, which has the last word.
    """
    query = NOTHING
    for path in paths:
        query |= Q(owner_unit__path__startswith=path) | Q(owner_unit__path__in=ancestor_paths(path))
    return (
        SocialAccount.objects.filter(owner_unit__isnull=False)
        .exclude(status__in=[AccountStatus.REJECTED, AccountStatus.INACTIVE])
        .filter(query)
        .select_related("owner_unit")
        .order_by("platform", "handle")
    )


def designers_for(unit: OrganisationUnit):
    """Users holding the designer role on the unit or above it (start_design may assign one)."""
    return team_members(unit, [TeamRole.DESIGNER])
