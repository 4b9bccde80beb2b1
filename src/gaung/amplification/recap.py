"""Recaps of amplification: sudah / kurang / belum / tanpa akun rolled up the organisation tree.

Every figure is a SQL aggregate over the recap figures each assignment stores, grouped by the
prefix of `unit_path` that names a child unit of the level being looked at. A campaign of
10,000 employees is one GROUP BY, never a Python loop over people. Pure reads: nothing here
writes.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Case, CharField, Count, Q, QuerySet, Sum, Value, When
from django.db.models.functions import Left
from django.utils import timezone
from django.utils.translation import gettext as _

from gaung.amplification.choices import CampaignStatus, RecapStatus
from gaung.amplification.models import Assignment, Campaign
from gaung.registry.models import PATH_SEGMENT_WIDTH, Employee, OrganisationUnit
from gaung.registry.scope import scope_for

# Campaigns that never ran are left out of period recaps.
NOT_RUN = (CampaignStatus.DRAFT, CampaignStatus.CANCELLED)
TOP_PEOPLE = 10


def _figures() -> dict[str, Any]:
    """The aggregates of one recap row, fresh for each query.

    Prefixed: an aggregate named like a field ("done") would shadow it in the other filters.
    """
    figures = {
        "assigned": Count("pk"),
        "sudah": Count("pk", filter=Q(status=RecapStatus.DONE)),
        "kurang": Count("pk", filter=Q(status=RecapStatus.PARTIAL)),
        "belum": Count("pk", filter=Q(status=RecapStatus.NOT_YET)),
        "tanpa_akun": Count("pk", filter=Q(status=RecapStatus.NO_ACCOUNT)),
        "asked": Sum("asked", default=0),
        "done": Sum("done", default=0),
        "participants": Count("pk", filter=Q(done__gt=0)),
        "reach": Sum("potential_reach", default=0),
        "clicks": Sum("clicks", default=0),
    }
    return {f"{_PREFIX}{name}": value for name, value in figures.items()}


_PREFIX = "figure_"


def status_labels() -> dict[str, str]:
    """The recap statuses' labels (sudah / kurang / belum / tanpa akun), by figure name."""
    return {
        "sudah": str(RecapStatus.DONE.label),
        "kurang": str(RecapStatus.PARTIAL.label),
        "belum": str(RecapStatus.NOT_YET.label),
        "tanpa_akun": str(RecapStatus.NO_ACCOUNT.label),
    }


FIGURE_NAMES = tuple(name.removeprefix(_PREFIX) for name in _figures())


@dataclass
class RecapRow:
    """The figures of a group of assignments: a unit's subtree, a campaign, or a total."""

    name: str
    key: str = ""  # the unit's path (unit rows)
    unit: OrganisationUnit | None = None
    campaign: Campaign | None = None
    # The employees attached to the level's unit itself rather than to a unit below it.
    is_direct: bool = False
    assigned: int = 0
    sudah: int = 0
    kurang: int = 0
    belum: int = 0
    tanpa_akun: int = 0
    asked: int = 0
    done: int = 0
    participants: int = 0
    reach: int = 0
    clicks: int = 0

    @property
    def label(self) -> str:
        if self.is_direct:
            return _("Directly in %(unit)s") % {"unit": self.name}
        return self.name

    @property
    def asked_something(self) -> int:
        """Assignments that asked at least one action (the "tanpa akun" ones asked none)."""
        return self.assigned - self.tanpa_akun

    @property
    def completion(self) -> float | None:
        """Actions done ÷ actions asked."""
        return self.done / self.asked if self.asked else None

    @property
    def participation(self) -> float | None:
        """Employees who did at least one action ÷ employees asked something."""
        return self.participants / self.asked_something if self.asked_something else None

    def add(self, other: RecapRow) -> None:
        for name in FIGURE_NAMES:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def as_dict(self) -> dict[str, Any]:
        """Plain figures (for the API and the charts)."""
        return {
            "name": self.name,
            "unit": self.unit.pk if self.unit else None,
            "campaign": self.campaign.pk if self.campaign else None,
            "is_direct": self.is_direct,
            **{name: getattr(self, name) for name in FIGURE_NAMES},
            "completion": self.completion,
            "participation": self.participation,
        }


def _row(name: str, figures: dict[str, Any], **extra: Any) -> RecapRow:
    return RecapRow(name=name, **extra, **{n: figures[_PREFIX + n] or 0 for n in FIGURE_NAMES})


def ranked(rows: list[RecapRow]) -> list[RecapRow]:
    """Best first: completion, then participation, then potential reach (then the name).

    Rows that asked nothing (everybody "tanpa akun") have no completion and come last.
    """
    return sorted(
        rows,
        key=lambda r: (
            r.completion is None,
            -(r.completion or 0),
            -(r.participation or 0),
            -r.reach,
            r.name.casefold(),
        ),
    )


# ---------------------------------------------------------------------------------------------
# Where the user stands in the tree
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Level:
    """The unit whose children are the rows; None shows the user's top units side by side."""

    unit: OrganisationUnit | None
    # The highest units the user may see (their administered subtrees; for a superuser the
    # roots of the tree).
    tops: tuple[OrganisationUnit, ...]
    # From the user's top unit down to `unit`: the breadcrumb.
    trail: tuple[OrganisationUnit, ...] = ()

    @property
    def has_overview(self) -> bool:
        """The user has several top units, so there is a level above each of them."""
        return len(self.tops) > 1

    @property
    def path(self) -> str:
        return self.unit.path if self.unit else ""


def top_units(user) -> list[OrganisationUnit]:
    scope = scope_for(user)
    units = OrganisationUnit.objects.order_by("path")
    if scope.is_superuser:
        return list(units.filter(parent__isnull=True))
    if not scope.admin_paths:
        return []
    return list(units.filter(path__in=scope.admin_paths))


def level_for(user, unit: OrganisationUnit | None = None) -> Level:
    """The level to show: the given unit (it must be one the user administers) or the top."""
    tops = tuple(top_units(user))
    if unit is None:
        if len(tops) != 1:
            return Level(None, tops)
        unit = tops[0]
    scope = scope_for(user)
    if not scope.administers(unit):
        raise OrganisationUnit.DoesNotExist("Not a unit this user administers.")
    trail = [top for top in tops if top.pk == unit.pk]
    if not trail:
        trail = list(
            OrganisationUnit.objects.filter(path__in=unit.ancestor_paths())
            .filter(scope.units_q())
            .order_by("depth")
        )
    return Level(unit, tops, tuple(trail))


def scoped_assignments(user, assignments: QuerySet[Assignment]) -> QuerySet[Assignment]:
    """Only the assignments of employees in the user's administered units."""
    scope = scope_for(user)
    if not scope.is_admin:
        return assignments.none()
    return assignments.filter(scope.units_q("unit_path"))


# ---------------------------------------------------------------------------------------------
# The roll-up
# ---------------------------------------------------------------------------------------------


@dataclass
class Recap:
    """The figures of one level: a row per child unit, the level's own employees, the total."""

    level: Level
    # The (already scoped) assignments under the level.
    assignments: QuerySet[Assignment]
    rows: list[RecapRow] = field(default_factory=list)
    direct: RecapRow | None = None
    total: RecapRow = field(default_factory=lambda: RecapRow(name=""))

    @property
    def all_rows(self) -> list[RecapRow]:
        """The unit rows, then the level's own employees (when it has any)."""
        return [*self.rows, self.direct] if self.direct else list(self.rows)

    def ranking(self) -> list[RecapRow]:
        return ranked(self.all_rows)

    def in_row(self, row: RecapRow) -> QuerySet[Assignment]:
        """The assignments a row counts."""
        if row.is_direct:
            return self.assignments.filter(unit_path=row.key)
        return self.assignments.filter(unit_path__startswith=row.key)


def _pk_of(path: str) -> int:
    return int(path.rstrip(".").rsplit(".", 1)[-1])


def _bucket(level: Level):
    """The expression naming the row (a unit path) each assignment counts in."""
    if level.unit is not None:
        # Every child's path is the level's path plus one segment; an assignment of the
        # level's unit itself is shorter, so its bucket is the level's own path.
        return Left("unit_path", len(level.unit.path) + PATH_SEGMENT_WIDTH + 1)
    whens = [When(unit_path__startswith=top.path, then=Value(top.path)) for top in level.tops]
    return Case(*whens, default=Value(""), output_field=CharField())


def under(level: Level, assignments: QuerySet[Assignment]) -> QuerySet[Assignment]:
    """The (scoped) assignments in the level's subtree."""
    if level.unit is not None:
        return assignments.filter(unit_path__startswith=level.unit.path)
    return assignments if level.tops else assignments.none()


def build(level: Level, assignments: QuerySet[Assignment]) -> Recap:
    """Roll the scoped assignments up to the children of the level (two queries)."""
    assignments = under(level, assignments)
    grouped = (
        assignments.order_by()
        .annotate(bucket=_bucket(level))
        .values("bucket")
        .annotate(**_figures())
    )
    figures = {row["bucket"]: row for row in grouped if row["bucket"]}
    recap = Recap(level=level, assignments=assignments, total=RecapRow(name=_("Total")))
    direct = figures.pop(level.path, None) if level.unit is not None else None
    if direct is not None:
        recap.direct = _row(
            level.unit.name, direct, key=level.path, unit=level.unit, is_direct=True
        )
    known = {t.path: t for t in level.tops} if level.unit is None else {}
    # A path's last segment is the unit's primary key: found even if the unit has moved.
    by_pk = OrganisationUnit.objects.in_bulk([_pk_of(p) for p in figures if p not in known])
    for path in sorted(figures):
        unit = known.get(path) or by_pk.get(_pk_of(path))
        name = unit.name if unit is not None else path
        # A unit that moved since keeps its people here, under its old path: not drillable.
        here = unit if unit is not None and unit.path == path else None
        recap.rows.append(_row(name, figures[path], key=path, unit=here))
    for row in recap.all_rows:
        recap.total.add(row)
    return recap


def campaign_recap(user, campaign: Campaign, unit: OrganisationUnit | None = None) -> Recap:
    """The recap of one campaign as the user may see it, at the given unit (or their top)."""
    assignments = scoped_assignments(user, Assignment.objects.filter(campaign=campaign))
    return build(level_for(user, unit), assignments)


# ---------------------------------------------------------------------------------------------
# Employees
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PersonRow:
    """One employee's figures, summed over the campaigns counted."""

    employee: Employee
    done: int
    asked: int
    reach: int
    clicks: int
    campaigns: int = 1

    @property
    def completion(self) -> float | None:
        return self.done / self.asked if self.asked else None


def top_people(assignments: QuerySet[Assignment], limit: int = TOP_PEOPLE) -> list[PersonRow]:
    """The employees who did the most (then reached the most people, then drew the most
    clicks); only those who did something. Two queries whatever the number of people."""
    best = list(
        assignments.filter(done__gt=0)
        .order_by()
        .values("employee")
        .annotate(
            total_done=Sum("done"),
            total_asked=Sum("asked"),
            total_reach=Sum("potential_reach"),
            total_clicks=Sum("clicks"),
            campaigns=Count("pk"),
        )
        .order_by("-total_done", "-total_reach", "-total_clicks", "employee")[:limit]
    )
    employees = Employee.objects.select_related("unit").in_bulk([b["employee"] for b in best])
    return [
        PersonRow(
            employee=employees[b["employee"]],
            done=b["total_done"],
            asked=b["total_asked"],
            reach=b["total_reach"],
            clicks=b["total_clicks"],
            campaigns=b["campaigns"],
        )
        for b in best
    ]


def individual_ranking(recap: Recap, campaign: Campaign, limit: int = TOP_PEOPLE):
    """The campaign's best employees under the level, only when the organiser asked for it."""
    if not campaign.show_individual_ranking:
        return []
    return top_people(recap.assignments, limit)


# ---------------------------------------------------------------------------------------------
# Periods
# ---------------------------------------------------------------------------------------------


def this_month(today: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
    today = today or timezone.localdate()
    first = today.replace(day=1)
    following = (first + datetime.timedelta(days=32)).replace(day=1)
    return first, following - datetime.timedelta(days=1)


def campaigns_in_period(start: datetime.date, end: datetime.date) -> QuerySet[Campaign]:
    """Campaigns that ran and whose deadline falls between the two days (both included)."""
    zone = timezone.get_current_timezone()
    since = datetime.datetime.combine(start, datetime.time.min, tzinfo=zone)
    until = datetime.datetime.combine(
        end + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone
    )
    return (
        Campaign.objects.exclude(status__in=NOT_RUN)
        .filter(deadline__gte=since, deadline__lt=until)
        .select_related("unit")
    )


@dataclass
class PeriodRecap:
    """The roll-up over every campaign of a period, plus a row per campaign."""

    start: datetime.date
    end: datetime.date
    recap: Recap
    campaigns: list[RecapRow]

    def campaign_ranking(self) -> list[RecapRow]:
        return ranked(self.campaigns)

    def individual_ranking(self, limit: int = TOP_PEOPLE) -> list[PersonRow]:
        """Summed over the campaigns whose organiser asked for an individual ranking."""
        return top_people(
            self.recap.assignments.filter(campaign__show_individual_ranking=True), limit
        )


def _campaign_rows(assignments: QuerySet[Assignment]) -> list[RecapRow]:
    grouped = list(assignments.order_by().values("campaign").annotate(**_figures()))
    campaigns = Campaign.objects.select_related("unit").in_bulk([g["campaign"] for g in grouped])
    rows = [
        _row(campaigns[g["campaign"]].title, g, campaign=campaigns[g["campaign"]]) for g in grouped
    ]
    return sorted(rows, key=lambda r: (r.campaign.deadline, r.campaign.pk))


def period_assignments(user, start: datetime.date, end: datetime.date) -> QuerySet[Assignment]:
    """The assignments of the period's campaigns that the user may see."""
    campaigns = campaigns_in_period(start, end).values("pk")
    return scoped_assignments(user, Assignment.objects.filter(campaign__in=campaigns))


def build_period(
    level: Level, start: datetime.date, end: datetime.date, assignments: QuerySet[Assignment]
) -> PeriodRecap:
    recap = build(level, assignments)
    return PeriodRecap(start, end, recap, _campaign_rows(recap.assignments))


def period_recap(
    user, start: datetime.date, end: datetime.date, unit: OrganisationUnit | None = None
) -> PeriodRecap:
    """Every campaign due in the period, as the user may see it, at the given unit."""
    return build_period(level_for(user, unit), start, end, period_assignments(user, start, end))
