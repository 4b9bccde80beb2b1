"""Named reads of the registry, each already scoped where a user is given."""

from django.db import models
from django.db.models import Q
from django.utils import timezone

from gaung.registry.scope import NOTHING, scope_for


class OrganisationUnitQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def roots(self):
        return self.filter(parent__isnull=True)

    def subtree_of(self, unit, *, include_self: bool = True):
        """The unit and every unit below it."""
        query = self.filter(path__startswith=unit.path)
        return query if include_self else query.exclude(pk=unit.pk)

    def perangkat_daerah(self):
        """The OPD level: direct children of an instansi."""
        return self.filter(depth=1)

    def visible_to(self, user):
        """Units the user administers (ASN see only their own unit's chain)."""
        scope = scope_for(user)
        if scope.is_admin:
            return self.filter(scope.units_q())
        return self.none()


class EmployeeQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def in_subtree(self, unit):
        return self.filter(unit__path__startswith=unit.path)

    def visible_to(self, user):
        """Employees in the user's administered units; an ASN sees only themselves."""
        scope = scope_for(user)
        if scope.is_admin:
            return self.filter(scope.units_q("unit__path"))
        if scope.employee_id:
            return self.filter(pk=scope.employee_id)
        return self.none()

    def without_accounts(self):
        """Employees who have registered no social media account yet."""
        return self.filter(social_accounts__isnull=True)

    def search(self, text: str):
        text = text.strip()
        if not text:
            return self
        digits = text.replace(" ", "")
        query = Q(name__icontains=text) | Q(position__icontains=text) | Q(email__icontains=text)
        if digits.isdigit():
            query |= Q(nip__startswith=digits)
        return self.filter(query)


class ActivationTokenQuerySet(models.QuerySet):
    def usable(self):
        return self.filter(used_at__isnull=True, expires_at__gt=timezone.now())


__all__ = ["NOTHING", "ActivationTokenQuerySet", "EmployeeQuerySet", "OrganisationUnitQuerySet"]
