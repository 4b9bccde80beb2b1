"""REST endpoints of amplification: campaigns and their recaps, assignments, proofs, employee
groups and election periods.

Every queryset is scoped to the caller like the registry (outside it: 404); writes call
amplification.actions, whose ValidationError becomes a 400 and PermissionDenied a 403.
"""

from typing import Any

import django_filters
from django.db.models import BooleanField, Case, Count, F, Q, QuerySet, Sum, Value, When
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import SAFE_METHODS, BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from gaung.amplification import actions, recap
from gaung.amplification.api.serializers import (
    AssignmentSerializer,
    CampaignSerializer,
    ElectionPeriodSerializer,
    EmployeeGroupSerializer,
    MyAssignmentSerializer,
    ProofReviewResultSerializer,
    ProofSerializer,
    ProofSubmitSerializer,
    RecapSerializer,
    ReviewProofsSerializer,
    SubmittedProofSerializer,
)
from gaung.amplification.choices import CampaignStatus, ProofStatus, RecapStatus
from gaung.amplification.filtersets import (
    AssignmentFilterSet,
    CampaignFilterSet,
    ElectionPeriodFilterSet,
    GroupFilterSet,
    ProofFilterSet,
)
from gaung.amplification.models import Assignment, Campaign, Proof
from gaung.amplification.querysets import (
    assignments_visible_to,
    campaigns_visible_to,
    election_periods_visible_to,
    groups_visible_to,
    proofs_to_review,
)
from gaung.registry.models import OrganisationUnit
from gaung.registry.scope import scope_for

CAMPAIGNS = "Amplification campaigns"
PROOFS = "Amplification proofs"
GROUPS = "Employee groups"
PERIODS = "Election periods"
CAMPAIGN_SCOPE = (
    "Admins see the campaigns organised in their units or assigned to their employees; an "
    "employee without an admin role sees the (non-draft) campaigns assigned to them."
)


class IsAdmin(BasePermission):
    message = gettext_lazy("Only admins may do this.")

    def has_permission(self, request: Request, view) -> bool:
        return scope_for(request.user).is_admin


class IsAdminOrReadOnly(IsAdmin):
    """Anyone logged in reads (within their scope); admins write."""

    def has_permission(self, request: Request, view) -> bool:
        return request.method in SAFE_METHODS or super().has_permission(request, view)


def campaign_counts(user, campaign_ids: list[int]) -> dict[int, dict[str, Any]]:
    """Recap figures per campaign over the assignments the user may see, in one query."""
    counts = {
        pk: {**dict.fromkeys(RecapStatus.values, 0), "actions_asked": 0, "actions_done": 0}
        for pk in campaign_ids
    }
    rows = (
        assignments_visible_to(user)
        .filter(campaign_id__in=campaign_ids)
        .order_by()
        .values("campaign_id", "status")
        .annotate(n=Count("pk"), done=Sum("done"), asked=Sum("asked"))
    )
    for row in rows:
        figures = counts[row["campaign_id"]]
        figures[row["status"]] = row["n"]
        figures["actions_asked"] += row["asked"] or 0
        figures["actions_done"] += row["done"] or 0
    for figures in counts.values():
        figures["assigned"] = sum(figures[s] for s in RecapStatus.values)
        asked = figures["actions_asked"]
        figures["completion"] = figures["actions_done"] / asked if asked else None
    return counts


def _transition_schema(summary: str, description: str):
    return extend_schema(
        tags=[CAMPAIGNS],
        summary=summary,
        description=description,
        request=None,
        responses={
            200: CampaignSerializer,
            400: OpenApiResponse(description="Not possible in the campaign's current status."),
            403: OpenApiResponse(description="The caller does not manage this campaign."),
        },
    )


@extend_schema_view(
    list=extend_schema(tags=[CAMPAIGNS], summary="List campaigns", description=CAMPAIGN_SCOPE),
    retrieve=extend_schema(tags=[CAMPAIGNS], summary="Read one campaign"),
    create=extend_schema(
        tags=[CAMPAIGNS],
        summary="Create a draft campaign",
        description="The organising unit and the targets must be units (and groups) the "
        "caller administers. A political campaign needs `confirm_political: true` and is "
        "refused during the agency's election periods.",
    ),
    partial_update=extend_schema(
        tags=[CAMPAIGNS],
        summary="Change a campaign",
        description="Drafts and active campaigns only. The actions and platforms of an "
        "active campaign cannot change; newly targeted employees are assigned at once.",
    ),
)
class CampaignViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = CampaignSerializer
    permission_classes = [IsAuthenticated, IsAdminOrReadOnly]
    filterset_class = CampaignFilterSet
    ordering_fields = ["deadline", "starts_at", "title", "status", "created_at"]
    ordering = ["-deadline", "-pk"]
    http_method_names = ["get", "post", "patch", "head", "options"]
    lookup_value_regex = r"\d+"

    def get_queryset(self) -> QuerySet[Campaign]:
        return campaigns_visible_to(self.request.user).prefetch_related(
            "target_units", "target_groups"
        )

    def get_serializer(self, *args: Any, **kwargs: Any):
        instance = args[0] if args else None
        if instance is not None:
            # One query for the figures of a whole page of campaigns.
            many = isinstance(instance, list | QuerySet)
            ids = [c.pk for c in instance] if many else [instance.pk]
            kwargs.setdefault("context", self.get_serializer_context())
            kwargs["context"]["counts"] = campaign_counts(self.request.user, ids)
        return super().get_serializer(*args, **kwargs)

    def perform_create(self, serializer: CampaignSerializer) -> None:
        data = dict(serializer.validated_data)
        campaign = actions.create_campaign(
            self.request.user,
            unit=data.pop("unit"),
            target_units=data.pop("target_units", []),
            target_groups=data.pop("target_groups", []),
            confirm_political=data.pop("confirm_political", False),
            **data,
        )
        serializer.instance = self.get_queryset().get(pk=campaign.pk)

    def perform_update(self, serializer: CampaignSerializer) -> None:
        data = dict(serializer.validated_data)
        data.pop("unit", None)
        campaign = actions.update_campaign(
            self.request.user,
            serializer.instance,
            target_units=data.pop("target_units", None),
            target_groups=data.pop("target_groups", None),
            confirm_political=data.pop("confirm_political", False),
            **data,
        )
        serializer.instance = self.get_queryset().get(pk=campaign.pk)

    def _transition(self, change) -> Response:
        campaign = change(self.request.user, self.get_object())
        return Response(self.get_serializer(self.get_queryset().get(pk=campaign.pk)).data)

    @_transition_schema(
        "Activate a draft campaign",
        "Every active employee of the targeted units and groups gets an assignment.",
    )
    @action(detail=True, methods=["post"])
    def activate(self, request: Request, pk: str) -> Response:
        return self._transition(actions.activate_campaign)

    @_transition_schema("Close an active campaign", "No more proofs; the recap stays.")
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: str) -> Response:
        return self._transition(actions.close_campaign)

    @_transition_schema("Cancel a campaign", "A draft or active campaign stops for good.")
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str) -> Response:
        return self._transition(actions.cancel_campaign)

    @extend_schema(
        tags=[CAMPAIGNS],
        summary="Recap of a campaign per unit",
        description="Sudah / kurang / belum / tanpa akun rolled up the organisation tree: one "
        "row per child unit of the level (by default the caller's top unit), over the "
        "employees of the units the caller administers. Admins only.",
        parameters=[
            OpenApiParameter(
                "unit",
                OpenApiTypes.INT,
                description="Drill down: the unit whose children are the rows (one the caller "
                "administers).",
            )
        ],
        responses={200: RecapSerializer, 403: OpenApiResponse(description="Not an admin.")},
    )
    @action(
        detail=True, methods=["get"], permission_classes=[IsAuthenticated, IsAdmin],
        filter_backends=[], pagination_class=None,
    )  # fmt: skip
    def recap(self, request: Request, pk: str) -> Response:
        campaign = self.get_object()
        unit = None
        if unit_id := request.query_params.get("unit"):
            if not unit_id.isdigit():
                raise NotFound(_("No such unit."))
            unit = get_object_or_404(OrganisationUnit, pk=int(unit_id))
        try:
            result = recap.campaign_recap(request.user, campaign, unit)
        except OrganisationUnit.DoesNotExist as error:
            raise NotFound(_("No such unit among yours.")) from error
        level = result.level

        def brief(unit: OrganisationUnit) -> dict[str, Any]:
            return {"id": unit.pk, "name": unit.name}

        data = {
            "campaign": campaign.pk,
            "level": brief(level.unit) if level.unit else None,
            "trail": [brief(u) for u in level.trail],
            "rows": [row.as_dict() for row in result.all_rows],
            "total": result.total.as_dict(),
        }
        return Response(RecapSerializer(data).data)


@extend_schema_view(
    list=extend_schema(
        tags=[CAMPAIGNS],
        summary="Assignments of a campaign",
        description="One row per assigned employee with their recap figures: admins see "
        "their units' employees, an employee their own assignment.",
    )
)
class CampaignAssignmentViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = AssignmentSerializer
    filterset_class = AssignmentFilterSet
    ordering_fields = ["unit_path", "status", "done", "potential_reach", "clicks"]
    ordering = ["unit_path", "employee__name", "pk"]

    def get_queryset(self) -> QuerySet[Assignment]:
        if getattr(self, "swagger_fake_view", False):
            return Assignment.objects.none()
        user = self.request.user
        campaign = get_object_or_404(campaigns_visible_to(user), pk=self.kwargs["campaign_pk"])
        return assignments_visible_to(user, campaign)


@extend_schema_view(
    list=extend_schema(
        tags=[CAMPAIGNS],
        summary="My assignments",
        description="The caller's own campaigns: the ones accepting proofs now first (nearest "
        "deadline first), then the others, latest first. Each with its tracked link and the "
        "proofs sent so far. 404 when the login is not linked to an employee.",
    )
)
class MyAssignmentViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = MyAssignmentSerializer
    filter_backends: list = []

    def get_queryset(self) -> QuerySet[Assignment]:
        if getattr(self, "swagger_fake_view", False):
            return Assignment.objects.none()
        employee_id = scope_for(self.request.user).employee_id
        if employee_id is None:
            raise NotFound(_("This login is not linked to an employee."))
        now = timezone.now()
        is_open = Q(
            campaign__status=CampaignStatus.ACTIVE,
            campaign__starts_at__lte=now,
            campaign__deadline__gt=now,
        )
        return (
            Assignment.objects.filter(employee_id=employee_id)
            .exclude(campaign__status=CampaignStatus.DRAFT)
            .select_related("campaign")
            .prefetch_related("proofs")
            .annotate(
                is_open=Case(
                    When(is_open, then=Value(True)),
                    default=Value(False),
                    output_field=BooleanField(),
                ),
                open_deadline=Case(When(is_open, then=F("campaign__deadline"))),
            )
            .order_by(
                "-is_open", F("open_deadline").asc(nulls_last=True), "-campaign__deadline", "pk"
            )
        )


class AssignmentProofView(APIView):
    """An ASN sends the proof of one action of their own assignment."""

    parser_classes = [JSONParser, MultiPartParser, FormParser]

    @extend_schema(
        tags=[PROOFS],
        summary="Send a proof",
        description='JSON `{platform, action, kind: "url", url}` with the link to the '
        "employee's own post (accepted at once when it names their registered account, else "
        "waiting for review), or multipart/form-data with `kind=screenshot` and a "
        "`screenshot` file (waiting for review). Refusals answer 400 with the reason on its "
        "field. Only the assigned employee may send proofs (anyone else: 404).",
        request={
            "application/json": ProofSubmitSerializer,
            "multipart/form-data": ProofSubmitSerializer,
        },
        responses={
            201: SubmittedProofSerializer,
            400: OpenApiResponse(description="Refused: the reason is given on its field."),
            404: OpenApiResponse(description="Not one of the caller's assignments."),
        },
    )
    def post(self, request: Request, pk: int) -> Response:
        # The caller's own assignment only (its employee's login is the caller); the action
        # checks again that the employee is still active.
        owner = Assignment.objects.filter(pk=pk, employee__user=request.user)
        employee_id = owner.order_by().values_list("employee_id", flat=True).first()
        if employee_id is None:
            raise NotFound(_("No assignment of yours has this id."))
        payload = ProofSubmitSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        proof = actions.submit_proof(
            request.user,
            Assignment(pk=pk, employee_id=employee_id),
            platform=data["platform"],
            action=data["action"],
            kind=data["kind"],
            url=data.get("url") or "",
            screenshot=data.get("screenshot"),
        )
        body = SubmittedProofSerializer(proof, context={"request": request}).data
        return Response(body, status=status.HTTP_201_CREATED)


class ApiProofFilterSet(ProofFilterSet):
    status = django_filters.ChoiceFilter(choices=ProofStatus.choices)

    class Meta(ProofFilterSet.Meta):
        fields = [*ProofFilterSet.Meta.fields, "status"]


@extend_schema_view(
    list=extend_schema(
        tags=[PROOFS],
        summary="List proofs",
        description="Admins: the proofs of their units' employees (`?status=pending` for the "
        "review queue); an employee: their own.",
    )
)
class ProofViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = ProofSerializer
    filterset_class = ApiProofFilterSet
    ordering_fields = ["created_at", "status"]
    ordering = ["created_at", "pk"]

    def get_queryset(self) -> QuerySet[Proof]:
        scope = scope_for(self.request.user)
        proofs = Proof.objects.select_related(
            "assignment__employee", "assignment__campaign", "account"
        )
        if scope.is_admin:
            return proofs.filter(scope.units_q("assignment__unit_path"))
        if scope.employee_id:
            return proofs.filter(assignment__employee_id=scope.employee_id)
        return proofs.none()

    @extend_schema(
        tags=[PROOFS],
        summary="Accept or reject proofs",
        description="All or nothing: when an id is unknown, outside the caller's units or "
        "not waiting for review, the answer is 404 and nothing changes. Rejecting needs a "
        "note, which the employee reads.",
        request=ReviewProofsSerializer,
        responses={
            200: ProofReviewResultSerializer,
            400: OpenApiResponse(description="No ids, or a rejection without a note."),
            403: OpenApiResponse(description="The caller is not an admin."),
            404: OpenApiResponse(description="An id is not waiting for the caller's review."),
        },
    )
    @action(detail=False, methods=["post"], permission_classes=[IsAuthenticated, IsAdmin])
    def review(self, request: Request) -> Response:
        payload = ReviewProofsSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        wanted = set(data["ids"])
        proofs = list(proofs_to_review(request.user).filter(pk__in=wanted))
        if len(proofs) != len(wanted):
            missing = sorted(wanted - {proof.pk for proof in proofs})
            raise NotFound(
                _("No proof waiting for your review has id %(ids)s. Nothing was changed.")
                % {"ids": ", ".join(map(str, missing))}
            )
        count = actions.review_proofs(
            request.user, proofs, accept=data["accept"], note=data["note"]
        )
        decided = ProofStatus.ACCEPTED if data["accept"] else ProofStatus.REJECTED
        return Response({"count": count, "status": decided})


@extend_schema_view(
    list=extend_schema(tags=[GROUPS], summary="List employee groups"),
    retrieve=extend_schema(tags=[GROUPS], summary="Read one group"),
    create=extend_schema(
        tags=[GROUPS],
        summary="Create a group",
        description="Members by employee id (`members`) and/or NIP (`member_nips`); all "
        "must be employees of the caller's units.",
    ),
    partial_update=extend_schema(tags=[GROUPS], summary="Change a group"),
    destroy=extend_schema(tags=[GROUPS], summary="Delete a group"),
)
class EmployeeGroupViewSet(viewsets.ModelViewSet):
    """Named sets of employees (e.g. "Duta Digital") that campaigns can target."""

    serializer_class = EmployeeGroupSerializer
    permission_classes = [IsAuthenticated, IsAdmin]
    filterset_class = GroupFilterSet
    ordering_fields = ["name", "created_at"]
    ordering = ["name", "pk"]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        return groups_visible_to(self.request.user).prefetch_related("members")

    def perform_create(self, serializer: EmployeeGroupSerializer) -> None:
        data = dict(serializer.validated_data)
        group = actions.save_group(self.request.user, members=data.pop("members", None), **data)
        serializer.instance = self.get_queryset().get(pk=group.pk)

    def perform_update(self, serializer: EmployeeGroupSerializer) -> None:
        data = dict(serializer.validated_data)
        members = data.pop("members", None)
        group = actions.save_group(self.request.user, serializer.instance, members=members, **data)
        serializer.instance = self.get_queryset().get(pk=group.pk)

    def perform_destroy(self, instance) -> None:
        actions.delete_group(self.request.user, instance)


@extend_schema_view(
    list=extend_schema(
        tags=[PERIODS],
        summary="List election periods",
        description="Every admin sees their agency's periods (political campaigns are "
        "refused within them); only the agency's administrators change them.",
    ),
    retrieve=extend_schema(tags=[PERIODS], summary="Read one election period"),
    create=extend_schema(tags=[PERIODS], summary="Add an election period"),
    partial_update=extend_schema(tags=[PERIODS], summary="Change an election period"),
    destroy=extend_schema(tags=[PERIODS], summary="Delete an election period"),
)
class ElectionPeriodViewSet(viewsets.ModelViewSet):
    serializer_class = ElectionPeriodSerializer
    permission_classes = [IsAuthenticated, IsAdmin]
    filterset_class = ElectionPeriodFilterSet
    ordering_fields = ["starts_on", "ends_on", "name"]
    ordering = ["-starts_on", "pk"]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        return election_periods_visible_to(self.request.user)

    def check_permissions(self, request: Request) -> None:
        super().check_permissions(request)
        if request.method not in SAFE_METHODS and not scope_for(request.user).is_instansi_admin:
            raise PermissionDenied(_("Only the agency's administrators set election periods."))

    def perform_create(self, serializer: ElectionPeriodSerializer) -> None:
        period = actions.save_election_period(self.request.user, **serializer.validated_data)
        serializer.instance = period

    def perform_update(self, serializer: ElectionPeriodSerializer) -> None:
        period = actions.save_election_period(
            self.request.user, serializer.instance, **serializer.validated_data
        )
        serializer.instance = period

    def perform_destroy(self, instance) -> None:
        actions.delete_election_period(self.request.user, instance)
