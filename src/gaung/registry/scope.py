"""What a user may see and administer: the organisation subtrees of their roles.

Every view, export and API endpoint asks this module, so scoping rules live in one place.
"""

from dataclasses import dataclass

from django.db.models import Q

from gaung.registry.choices import Role

NOTHING = Q(pk__in=[])


@dataclass(frozen=True)
class Scope:
    """The reach of one user: administered subtrees (by path) and their own employee record."""

    user_id: int | None
    is_superuser: bool
    admin_paths: tuple[str, ...]
    instansi_paths: tuple[str, ...]
    employee_id: int | None

    @property
    def is_authenticated(self) -> bool:
        return self.user_id is not None

    @property
    def is_admin(self) -> bool:
        return self.is_superuser or bool(self.admin_paths)

    @property
    def is_instansi_admin(self) -> bool:
        return self.is_superuser or bool(self.instansi_paths)

    def administers_path(self, path: str) -> bool:
        return self.is_superuser or any(path.startswith(p) for p in self.admin_paths)

    def administers(self, unit) -> bool:
        """True when the unit lies in one of the user's administered subtrees."""
        return unit is not None and self.administers_path(unit.path)

    def units_q(self, path_field: str = "path") -> Q:
        """A filter selecting the administered units through the given path lookup."""
        if self.is_superuser:
            return Q()
        query = NOTHING
        for path in self.admin_paths:
            query |= Q(**{f"{path_field}__startswith": path})
        return query


ANONYMOUS = Scope(None, False, (), (), None)


def _minimal(paths: list[str]) -> tuple[str, ...]:
    """Drop paths already covered by an ancestor path in the list."""
    kept: list[str] = []
    for path in sorted(paths):
        if not any(path.startswith(k) for k in kept):
            kept.append(path)
    return tuple(kept)


def scope_for(user) -> Scope:
    """The user's scope, computed once per request (cached on the user object)."""
    if user is None or not user.is_authenticated:
        return ANONYMOUS
    cached = getattr(user, "_gaung_scope", None)
    if cached is not None:
        return cached
    from gaung.registry.models import Employee, RoleAssignment

    assignments = list(
        RoleAssignment.objects.filter(user=user, unit__is_active=True).values_list(
            "role", "unit__path"
        )
    )
    employee_id = (
        Employee.objects.filter(user=user, is_active=True).values_list("pk", flat=True).first()
    )
    scope = Scope(
        user_id=user.pk,
        is_superuser=user.is_superuser,
        admin_paths=_minimal([path for _, path in assignments]),
        instansi_paths=_minimal(
            [path for role, path in assignments if role == Role.INSTANSI_ADMIN]
        ),
        employee_id=employee_id,
    )
    user._gaung_scope = scope
    return scope


def forget_scope(user) -> None:
    """Drop the cached scope after the user's roles changed."""
    if hasattr(user, "_gaung_scope"):
        del user._gaung_scope
