"""Named reads of social media accounts, scoped like the registry."""

from django.db import models
from django.db.models import OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, Substr

from gaung.registry.models import PATH_SEGMENT_WIDTH, OrganisationUnit
from gaung.registry.scope import scope_for
from gaung.socials.choices import AccountStatus


class SocialAccountQuerySet(models.QuerySet):
    def official(self):
        return self.filter(owner_unit__isnull=False)

    def personal(self):
        return self.filter(owner_employee__isnull=False)

    def verified(self):
        return self.filter(status=AccountStatus.VERIFIED)

    def awaiting_verification(self):
        return self.filter(status=AccountStatus.UNVERIFIED)

    def in_subtree(self, unit):
        return self.filter(
            Q(owner_unit__path__startswith=unit.path)
            | Q(owner_employee__unit__path__startswith=unit.path)
        )

    def visible_to(self, user):
        """Accounts of the user's administered units and their employees; an ASN sees own."""
        scope = scope_for(user)
        if scope.is_admin:
            return self.filter(
                scope.units_q("owner_unit__path") | scope.units_q("owner_employee__unit__path")
            )
        if scope.employee_id:
            return self.filter(owner_employee_id=scope.employee_id)
        return self.none()

    def with_owner(self):
        return self.select_related("owner_unit", "owner_employee", "owner_employee__unit")

    def with_list_columns(self):
        """Owner, unit and department (OPD) names for lists and exports, in the same query."""
        # A department (OPD) is the depth-1 ancestor: the first two segments of the path.
        department = OrganisationUnit.objects.filter(
            depth=1, path=Substr(OuterRef("unit_path"), 1, 2 * (PATH_SEGMENT_WIDTH + 1))
        )
        return self.select_related("owner_unit", "owner_employee__unit", "verified_by").annotate(
            owner_name=Coalesce("owner_unit__name", "owner_employee__name"),
            unit_name=Coalesce("owner_unit__name", "owner_employee__unit__name"),
            unit_path=Coalesce("owner_unit__path", "owner_employee__unit__path"),
            department_name=Subquery(department.values("name")[:1]),
        )
