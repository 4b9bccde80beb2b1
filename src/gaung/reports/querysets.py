"""Named reads of compilations, scoped like the registry.

A compilation belongs to one instansi; every admin of a unit inside it may open it, but sees
only the rows (units and employees) of the subtrees they administer, as the tree stood when
the compilation was taken (rows carry the unit path of that moment).
"""

from django.db import models
from django.db.models import F, FloatField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Cast, Coalesce, NullIf

from gaung.registry.models import PATH_SEGMENT_WIDTH
from gaung.registry.scope import NOTHING, Scope, scope_for
from gaung.reports.choices import CompilationStatus

ROOT_PATH_LENGTH = PATH_SEGMENT_WIDTH + 1
SCOPED_FIELDS = ("employees", "with_account", "accounts", "verified", "unverified", "followers")


def top_rows_q(scope: Scope) -> Q:
    """The highest rows a user sees: the agency for superusers, else their administered units."""
    if scope.is_superuser:
        return Q(depth=0)
    if not scope.admin_paths:
        return NOTHING
    return Q(path__in=scope.admin_paths)


def may_take(scope: Scope, instansi_path: str) -> bool:
    """Only an admin of the whole instansi (or a superuser) takes or removes its compilations."""
    return scope.is_superuser or instansi_path in scope.instansi_paths


class CompilationQuerySet(models.QuerySet):
    """Named reads of compilations."""

    def done(self) -> "CompilationQuerySet":
        """Finished compilations (the only ones with figures)."""
        return self.filter(status=CompilationStatus.DONE)

    def of_instansi(self, instansi_path: str) -> "CompilationQuerySet":
        """Compilations of one agency, by its (frozen) path."""
        return self.filter(instansi_path=instansi_path)

    def visible_to(self, user) -> "CompilationQuerySet":
        """Compilations of every instansi in which the user administers at least one unit."""
        scope = scope_for(user)
        if scope.is_superuser:
            return self
        roots = {path[:ROOT_PATH_LENGTH] for path in scope.admin_paths}
        return self.filter(instansi_path__in=roots) if roots else self.none()

    def with_scoped_totals(self, user) -> "CompilationQuerySet":
        """Annotate `scoped_<figure>` (and `scoped_coverage`): the sum of the user's top rows."""
        from gaung.reports.models import CompilationUnitRow

        rows = (
            CompilationUnitRow.objects.filter(
                top_rows_q(scope_for(user)), compilation=OuterRef("pk")
            )
            .order_by()
            .values("compilation")
        )
        annotations = {
            f"scoped_{name}": Coalesce(
                Subquery(rows.annotate(total=Sum(name)).values("total")), Value(0)
            )
            for name in SCOPED_FIELDS
        }
        coverage = Cast(F("scoped_with_account"), FloatField()) / NullIf(
            Cast(F("scoped_employees"), FloatField()), Value(0.0)
        )
        return self.annotate(**annotations).annotate(scoped_coverage=Coalesce(coverage, Value(0.0)))

    def search(self, text: str) -> "CompilationQuerySet":
        """Title or agency name."""
        text = text.strip()
        if not text:
            return self
        return self.filter(Q(title__icontains=text) | Q(instansi_name__icontains=text))


class CompilationUnitRowQuerySet(models.QuerySet):
    """Named reads of a compilation's unit rows."""

    def visible_to(self, user) -> "CompilationUnitRowQuerySet":
        """Rows of the units the user administers (as they stood in the compilation)."""
        scope = scope_for(user)
        if not scope.is_admin:
            return self.none()
        return self.filter(scope.units_q("path"))

    def top_for(self, user) -> "CompilationUnitRowQuerySet":
        """The highest rows the user sees."""
        return self.filter(top_rows_q(scope_for(user)))

    def table_rows_for(self, user) -> "CompilationUnitRowQuerySet":
        """The rows of the main table: departments (OPD), or a unit admin's own deeper units."""
        scope = scope_for(user)
        deeper_tops = Q(path__in=scope.admin_paths, depth__gt=1) if scope.admin_paths else NOTHING
        return self.visible_to(user).filter(Q(depth=1) | deeper_tops)

    def below(self, row) -> "CompilationUnitRowQuerySet":
        """Every row under the given one."""
        return self.filter(
            compilation_id=row.compilation_id, path__startswith=row.path, depth__gt=row.depth
        )

    def search(self, text: str) -> "CompilationUnitRowQuerySet":
        """Unit name or short name."""
        text = text.strip()
        if not text:
            return self
        return self.filter(Q(name__icontains=text) | Q(short_name__icontains=text))


class CompilationEmployeeQuerySet(models.QuerySet):
    """Named reads of a compilation's frozen employees."""

    def visible_to(self, user) -> "CompilationEmployeeQuerySet":
        """Employees of the units the user administers (as they stood in the compilation)."""
        scope = scope_for(user)
        if not scope.is_admin:
            return self.none()
        return self.filter(scope.units_q("unit_path"))

    def in_row(self, row) -> "CompilationEmployeeQuerySet":
        """Employees of the row's unit and every unit below it."""
        return self.filter(compilation_id=row.compilation_id, unit_path__startswith=row.path)

    def without_accounts(self) -> "CompilationEmployeeQuerySet":
        """Employees with no counted account."""
        return self.filter(has_account=False)

    def on_platform(self, platform: str) -> "CompilationEmployeeQuerySet":
        """Employees with a counted account on the platform."""
        return self.filter(platform_list__contains=f",{platform},")

    def search(self, text: str) -> "CompilationEmployeeQuerySet":
        """Name, position, handle, or the start of a NIP."""
        text = text.strip()
        if not text:
            return self
        query = (
            Q(name__icontains=text)
            | Q(full_name__icontains=text)
            | Q(position__icontains=text)
            | Q(handles__icontains=text.removeprefix("@"))
        )
        digits = text.replace(" ", "")
        if digits.isdigit():
            query |= Q(nip__startswith=digits)
        return self.filter(query)
