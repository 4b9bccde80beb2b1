"""Named reads of the registry, each already scoped where a user is given."""

from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import Case, Count, Exists, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce, Left
from django.utils import timezone

from gaung.registry.choices import RANK_CHOICES
from gaung.registry.scope import NOTHING, scope_for


def account_model():
    """The social media account model, reached through the reverse relation.

    Registry sits below socials (ARCHITECTURE.md), so it reads accounts without importing them.
    """
    from gaung.registry.models import Employee

    return Employee._meta.get_field("social_accounts").related_model


def account_platform_choices() -> list[tuple[str, str]]:
    """The platforms an account can be on, for filters that live in the registry."""
    return list(account_model()._meta.get_field("platform").choices)


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

    def _accounts_of_each(self):
        return account_model()._default_manager.filter(owner_employee=OuterRef("pk"))

    def with_account_count(self):
        """Annotate `account_count`: the employee's personal accounts (a subquery, no GROUP BY)."""
        counts = (
            self._accounts_of_each()
            .order_by()
            .values("owner_employee")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return self.annotate(account_count=Coalesce(Subquery(counts), Value(0)))

    def with_accounts(self, has_accounts: bool = True):
        """Employees with (or without) at least one personal account."""
        exists = Exists(self._accounts_of_each())
        return self.filter(exists if has_accounts else ~exists)

    def with_account_on(self, platform: str):
        """Employees with a personal account on the platform."""
        return self.filter(Exists(self._accounts_of_each().filter(platform=platform)))

    def with_opd_name(self):
        """Annotate `opd_name`: the perangkat daerah (depth-1 unit) the employee works under."""
        from gaung.registry.models import PATH_SEGMENT_WIDTH, OrganisationUnit

        opd_path_length = 2 * (PATH_SEGMENT_WIDTH + 1)
        opd = OrganisationUnit.objects.filter(
            depth=1, path=Left(OuterRef("unit__path"), opd_path_length)
        ).values("name")[:1]
        return self.annotate(opd_name=Subquery(opd))

    def with_rank_order(self):
        """Annotate `rank_order` so ranks sort I/a < IV/e and grades I < II < … < XVII."""
        whens = [When(rank=rank, then=Value(index)) for index, (rank, _) in enumerate(RANK_CHOICES)]
        # No rank sorts after every rank; a number rather than NULL, because SQLite and
        # PostgreSQL put NULLs at opposite ends.
        unranked = Value(len(RANK_CHOICES))
        return self.annotate(
            rank_order=Case(*whens, default=unranked, output_field=models.IntegerField())
        )


def role_assignments_visible_to(user):
    """Role assignments on units the user administers."""
    from gaung.registry.models import RoleAssignment

    scope = scope_for(user)
    if not scope.is_admin:
        return RoleAssignment.objects.none()
    return RoleAssignment.objects.filter(scope.units_q("unit__path"))


def users_by_login(login: str):
    """Users whose username or e-mail is `login` (case-insensitive)."""
    login = login.strip()
    if not login:
        return get_user_model().objects.none()
    return get_user_model().objects.filter(Q(username__iexact=login) | Q(email__iexact=login))


class ActivationTokenQuerySet(models.QuerySet):
    def usable(self):
        return self.filter(used_at__isnull=True, expires_at__gt=timezone.now())


__all__ = [
    "NOTHING",
    "ActivationTokenQuerySet",
    "EmployeeQuerySet",
    "OrganisationUnitQuerySet",
    "account_model",
    "account_platform_choices",
    "role_assignments_visible_to",
    "users_by_login",
]
