"""Named reads of amplification, each scoped like the registry."""

from django.db.models import (
    Case,
    Count,
    Exists,
    FloatField,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce

from gaung.amplification.choices import CampaignStatus, ProofStatus, RecapStatus
from gaung.amplification.models import Assignment, Campaign, ElectionPeriod, EmployeeGroup, Proof
from gaung.registry.scope import NOTHING, scope_for


def campaigns_visible_to(user) -> QuerySet[Campaign]:
    """Campaigns an admin organises or whose assignments reach their units; an ASN's own."""
    scope = scope_for(user)
    campaigns = Campaign.objects.select_related("unit")
    if scope.is_superuser:
        return campaigns
    query = NOTHING
    if scope.admin_paths:
        reaching = NOTHING
        for path in scope.admin_paths:
            reaching |= Q(unit_path__startswith=path)
        query |= scope.units_q("unit__path") | Q(
            Exists(Assignment.objects.filter(reaching, campaign=OuterRef("pk")))
        )
    if scope.employee_id:
        query |= Q(
            Exists(Assignment.objects.filter(campaign=OuterRef("pk"), employee=scope.employee_id))
        ) & ~Q(status=CampaignStatus.DRAFT)
    return campaigns.filter(query)


def campaigns_managed_by(user) -> QuerySet[Campaign]:
    """Campaigns the user may edit, activate, close and cancel (organised in their units)."""
    scope = scope_for(user)
    if not scope.is_admin:
        return Campaign.objects.none()
    return Campaign.objects.select_related("unit").filter(scope.units_q("unit__path"))


def assignments_visible_to(user, campaign: Campaign | None = None) -> QuerySet[Assignment]:
    """Assignments in the user's administered units (an ASN: their own)."""
    scope = scope_for(user)
    assignments = Assignment.objects.select_related("employee", "unit", "campaign")
    if campaign is not None:
        assignments = assignments.filter(campaign=campaign)
    if scope.is_admin:
        return assignments.filter(scope.units_q("unit_path"))
    if scope.employee_id:
        return assignments.filter(employee_id=scope.employee_id)
    return assignments.none()


def active_assignments_of(employee) -> QuerySet[Assignment]:
    """The ASN's campaigns that are running now, the nearest deadline first."""
    from django.utils import timezone

    now = timezone.now()
    return (
        Assignment.objects.filter(
            employee=employee,
            campaign__status=CampaignStatus.ACTIVE,
            campaign__starts_at__lte=now,
            campaign__deadline__gt=now,
        )
        .select_related("campaign")
        .order_by("campaign__deadline")
    )


def proofs_to_review(user) -> QuerySet[Proof]:
    """Screenshots and unverifiable links waiting for an admin of the employee's unit."""
    scope = scope_for(user)
    if not scope.is_admin:
        return Proof.objects.none()
    return (
        Proof.objects.filter(status=ProofStatus.PENDING)
        .filter(scope.units_q("assignment__unit_path"))
        .select_related("assignment__employee", "assignment__campaign", "account")
        .order_by("created_at")
    )


def groups_visible_to(user) -> QuerySet[EmployeeGroup]:
    scope = scope_for(user)
    if not scope.is_admin:
        return EmployeeGroup.objects.none()
    return EmployeeGroup.objects.select_related("unit").filter(scope.units_q("unit__path"))


def election_periods_visible_to(user) -> QuerySet[ElectionPeriod]:
    scope = scope_for(user)
    if not scope.is_admin:
        return ElectionPeriod.objects.none()
    if scope.is_superuser:
        return ElectionPeriod.objects.select_related("instansi")
    # Every admin sees their agency's periods (they constrain what anyone may organise).
    query = NOTHING
    for path in scope.admin_paths:
        query |= Q(instansi__path=path[: len(path.split(".")[0]) + 1])
    return ElectionPeriod.objects.select_related("instansi").filter(query)


def _assignments_in_scope(user) -> QuerySet[Assignment]:
    """Each campaign's assignments in the user's administered units (for subqueries)."""
    scope = scope_for(user)
    return (
        Assignment.objects.filter(campaign=OuterRef("pk"))
        .filter(scope.units_q("unit_path") if scope.is_admin else NOTHING)
        .order_by()
        .values("campaign")
    )


def with_recap_figures(campaigns: QuerySet[Campaign], user) -> QuerySet[Campaign]:
    """Annotate `assigned`, `done_total`, `asked_total` and `completion` (done ÷ asked, None
    when nothing was asked) over the assignments the user may see, in the same query."""
    mine = _assignments_in_scope(user)

    def total(aggregate) -> Coalesce:
        return Coalesce(Subquery(mine.annotate(value=aggregate).values("value")), Value(0))

    return campaigns.annotate(
        assigned=total(Count("pk")),
        done_total=total(Sum("done")),
        asked_total=total(Sum("asked")),
    ).annotate(
        completion=Case(
            When(
                asked_total__gt=0,
                then=Cast("done_total", FloatField()) / Cast("asked_total", FloatField()),
            ),
            default=None,
            output_field=FloatField(),
        )
    )


# Recap statuses from best to worst, for sorting lists by status.
RECAP_ORDER = (RecapStatus.DONE, RecapStatus.PARTIAL, RecapStatus.NOT_YET, RecapStatus.NO_ACCOUNT)


def with_status_rank(assignments: QuerySet[Assignment]) -> QuerySet[Assignment]:
    """Annotate `status_rank` so that Sudah < Kurang < Belum < Tanpa Akun."""
    return assignments.annotate(
        status_rank=Case(
            *(When(status=status, then=Value(rank)) for rank, status in enumerate(RECAP_ORDER)),
            default=Value(len(RECAP_ORDER)),
            output_field=IntegerField(),
        )
    )


def recap_counts(user, campaign: Campaign) -> dict[str, int]:
    """How many of the assignments the user may see are in each recap status, with the sums
    behind completion (done ÷ asked) and participation (acting ÷ assigned)."""
    counts = dict.fromkeys([*RecapStatus.values, "done_total", "asked_total"], 0)
    rows = assignments_visible_to(user, campaign).order_by().values("status")
    for row in rows.annotate(n=Count("pk"), done=Sum("done"), asked=Sum("asked")):
        counts[row["status"]] = row["n"]
        counts["done_total"] += row["done"] or 0
        counts["asked_total"] += row["asked"] or 0
    counts["assigned"] = sum(counts[status] for status in RecapStatus.values)
    counts["acting"] = counts[RecapStatus.DONE] + counts[RecapStatus.PARTIAL]
    return counts
