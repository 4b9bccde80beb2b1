"""REST endpoints of the content workflow: items and their steps, ideas, configuration, calendar.

Every queryset is scoped like the pages (items_visible_to, ideas_visible_to; outside them:
404); writes call content.actions, whose ValidationError becomes a 400 and PermissionDenied a
403 with the action's message.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
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
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from gaung.content import actions
from gaung.content.actions import CONTENT_FIELDS
from gaung.content.api import calendar
from gaung.content.api.filters import IdeaFilterSet, ItemFilterSet
from gaung.content.api.serializers import (
    AcceptIdeaSerializer,
    AssetSerializer,
    AvailableActionSerializer,
    CalendarEntrySerializer,
    ChecklistItemSerializer,
    ChecklistStateSerializer,
    ChecklistTickSerializer,
    ContentEventSerializer,
    ContentItemSerializer,
    ContentVersionDetailSerializer,
    ContentVersionSerializer,
    DeclineIdeaSerializer,
    IdeaSerializer,
    PurposeSerializer,
    RescheduleSerializer,
    ServiceTimeSerializer,
    TransitionSerializer,
    user_name,
)
from gaung.content.assets import target_platforms
from gaung.content.choices import ContentState, Pillar
from gaung.content.models import (
    ChecklistItem,
    ContentItem,
    Idea,
    Purpose,
    ServiceTime,
)
from gaung.content.querysets import ideas_visible_to, items_visible_to
from gaung.content.workflow import available
from gaung.registry.scope import scope_for

ITEMS = "Content items"
IDEAS = "Content ideas"
CONFIG = "Content configuration"
ITEM_SCOPE = (
    "Items of the units where the caller holds a content role or that they administer "
    "(with the units below), and the caller's own items. Admins without a content role read "
    "only."
)
REFUSED = {
    400: OpenApiResponse(description="Refused: the reason is given (on its field if any)."),
    403: OpenApiResponse(description="The caller's roles do not allow it in this state."),
    404: OpenApiResponse(description="Not an item the caller may see."),
}


def _items(user) -> QuerySet[ContentItem]:
    return (
        items_visible_to(user)
        .select_related("designer", "created_by")
        .prefetch_related("captions", "target_accounts")
    )


class HasContentRoleOrIsAdmin(BasePermission):
    message = gettext_lazy("Only content team members and admins may read this.")

    def has_permission(self, request: Request, view) -> bool:
        return scope_for(request.user).is_admin or actions.has_content_role(request.user)


def _action_schema(summary: str, description: str, request, response=ContentItemSerializer):
    return extend_schema(
        tags=[ITEMS],
        summary=summary,
        description=description,
        request=request,
        responses={200: response, **REFUSED},
    )


def _list_schema(summary: str, description: str, response):
    return extend_schema(
        tags=[ITEMS], summary=summary, description=description, responses={200: response}
    )


@extend_schema_view(
    list=extend_schema(tags=[ITEMS], summary="List content items", description=ITEM_SCOPE),
    retrieve=extend_schema(tags=[ITEMS], summary="Read one content item", description=ITEM_SCOPE),
    create=extend_schema(
        tags=[ITEMS],
        summary="Create a draft item",
        description="In a unit where the caller holds a content role. Captions as "
        "`{platform: text}`; `caption_counts` in the answer gives characters and hashtags "
        "against each platform's limits.",
    ),
    partial_update=extend_schema(
        tags=[ITEMS],
        summary="Change an item",
        description="A new version, by the roles that may edit in the item's state. An "
        "approved or scheduled item that changes goes back to review (approval binds to the "
        "exact version). A new `planned_at` is a reschedule, with its own permission.",
    ),
)
class ContentItemViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = ContentItemSerializer
    filterset_class = ItemFilterSet
    ordering_fields = ["planned_at", "due_at", "title", "state", "created_at", "updated_at"]
    ordering = ["planned_at", "pk"]
    http_method_names = ["get", "post", "patch", "head", "options"]
    lookup_value_regex = r"\d+"

    def get_queryset(self) -> QuerySet[ContentItem]:
        return _items(self.request.user)

    def _answer(self, item: ContentItem) -> Response:
        return Response(self.get_serializer(self.get_queryset().get(pk=item.pk)).data)

    def perform_create(self, serializer: ContentItemSerializer) -> None:
        data = dict(serializer.validated_data)
        item = actions.create_item(
            self.request.user,
            unit=data.pop("unit"),
            target_accounts=data.pop("target_accounts", []),
            captions=data.pop("captions", None),
            **data,
        )
        serializer.instance = self.get_queryset().get(pk=item.pk)

    @transaction.atomic
    def perform_update(self, serializer: ContentItemSerializer) -> None:
        item = serializer.instance
        data = dict(serializer.validated_data)
        data.pop("unit", None)
        planned_at = data.pop("planned_at", item.planned_at)
        if planned_at is None and item.planned_at is not None:
            raise ValidationError({"planned_at": _("Move the planned time; it cannot be removed.")})
        # Only a change of content is an edit: a publisher may move an item they may not edit.
        if data:
            item = actions.edit_item(
                self.request.user,
                item,
                target_accounts=data.pop("target_accounts", None),
                captions=data.pop("captions", None),
                **{name: value for name, value in data.items() if name in CONTENT_FIELDS},
            )
        if planned_at != item.planned_at:
            item = actions.reschedule(self.request.user, item, planned_at)
        serializer.instance = self.get_queryset().get(pk=item.pk)

    @_action_schema(
        "Take a workflow step",
        "submit, start_design (optionally naming the `designer`), send_to_review, "
        "request_revision, approve (the checklist of the current version complete), reject, "
        "schedule (`planned_at` in the future), unschedule, mark_published (`permalink` of "
        "the post on a target platform), cancel. request_revision, reject and cancel need a "
        "`comment`. The team members concerned are notified.",
        TransitionSerializer,
    )
    @action(detail=True, methods=["post"])
    def transition(self, request: Request, pk: str) -> Response:
        item = self.get_object()
        payload = TransitionSerializer(data=request.data, context={"item": item})
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        item = actions.transition(
            request.user,
            item,
            data["action"],
            comment=data["comment"],
            planned_at=data.get("planned_at"),
            permalink=data["permalink"],
            designer=data.get("designer"),
        )
        return self._answer(item)

    @_list_schema(
        "Workflow steps the caller may take",
        "What the item page shows as buttons: by the item's state and the caller's roles.",
        AvailableActionSerializer(many=True),
    )
    @action(
        detail=True, methods=["get"], url_path="available-actions",
        url_name="available-actions", filter_backends=[], pagination_class=None,
    )  # fmt: skip
    def available_actions(self, request: Request, pk: str) -> Response:
        item = self.get_object()
        steps = available(item.state, actions.roles_of(request.user, item))
        data = [
            {
                "action": step.action,
                "label": str(step.label),
                "target": step.target,
                "comment_required": step.comment_required,
            }
            for step in steps
        ]
        return Response(AvailableActionSerializer(data, many=True).data)

    @extend_schema(
        tags=[ITEMS],
        summary="The review checklist",
        description="GET: the checklist as ticked for the item's current version. POST (a "
        "supervisor or reviewer, while in review): tick it; the whole checklist each time.",
        request=ChecklistTickSerializer,
        responses={200: ChecklistStateSerializer, **REFUSED},
    )
    @action(detail=True, methods=["get", "post"], filter_backends=[], pagination_class=None)
    def checklist(self, request: Request, pk: str) -> Response:
        item = self.get_object()
        if request.method == "POST":
            payload = ChecklistTickSerializer(data=request.data)
            payload.is_valid(raise_exception=True)
            actions.tick_checklist(request.user, item, payload.validated_data["ticked"])
            item.refresh_from_db()
        return Response(ChecklistStateSerializer(_checklist(item)).data)

    @_list_schema(
        "History of an item",
        "Every step, edit, checklist, reschedule and overdue notice, oldest first.",
        ContentEventSerializer(many=True),
    )
    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None)
    def events(self, request: Request, pk: str) -> Response:
        item = self.get_object()
        events = item.events.select_related("actor").order_by("created_at", "pk")
        return Response(ContentEventSerializer(events, many=True).data)

    @_list_schema(
        "Versions of an item",
        "One per change of content; `is_approved` marks the version the approval binds to.",
        ContentVersionSerializer(many=True),
    )
    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None)
    def versions(self, request: Request, pk: str) -> Response:
        item = self.get_object()
        versions = item.versions.select_related("author").order_by("number")
        context = {"approved_version": item.approved_version}
        return Response(ContentVersionSerializer(versions, many=True, context=context).data)

    @extend_schema(
        tags=[ITEMS],
        summary="One version of an item",
        description="What the item said at that version (content, captions, target accounts "
        "and assets), to compare two versions.",
        responses={200: ContentVersionDetailSerializer, 404: REFUSED[404]},
    )
    @action(
        detail=True, methods=["get"], url_path=r"versions/(?P<number>\d+)",
        url_name="version", filter_backends=[], pagination_class=None,
    )  # fmt: skip
    def version(self, request: Request, pk: str, number: str) -> Response:
        item = self.get_object()
        version = get_object_or_404(item.versions.select_related("author"), number=int(number))
        context = {"approved_version": item.approved_version}
        return Response(ContentVersionDetailSerializer(version, context=context).data)

    @_action_schema(
        "Move the planned time",
        "What dragging an item on the calendar does; recorded in the item's history. A "
        "scheduled item must stay in the future.",
        RescheduleSerializer,
    )
    @action(detail=True, methods=["post"])
    def reschedule(self, request: Request, pk: str) -> Response:
        item = self.get_object()
        payload = RescheduleSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        item = actions.reschedule(request.user, item, payload.validated_data["planned_at"])
        return self._answer(item)

    @_list_schema(
        "Images and videos of an item",
        "With their probed properties and, per target platform, the reasons it would refuse "
        "the file (`checks`; the supervisor decides). `file_url` and `thumbnail_url` are "
        "served after the same permission check as the item.",
        AssetSerializer(many=True),
    )
    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None)
    def assets(self, request: Request, pk: str) -> Response:
        item = self.get_object()
        context = {"platforms": target_platforms(item)}
        return Response(
            AssetSerializer(item.assets.order_by("pk"), many=True, context=context).data
        )


def _checklist(item: ContentItem) -> dict[str, Any]:
    check = item.checks.filter(version=item.version).select_related("reviewer").first()
    ticked = check.ticked if check else {}
    points = [
        {"id": point.pk, "label": point.label, "ticked": bool(ticked.get(str(point.pk)))}
        for point in ChecklistItem.objects.filter(is_active=True)
    ]
    return {
        "version": item.version,
        "complete": all(point["ticked"] for point in points),
        "points": points,
        "reviewer": check.reviewer_id if check else None,
        "reviewer_name": user_name(check.reviewer) if check else None,
        "ticked_at": check.created_at if check else None,
    }


@extend_schema_view(
    list=extend_schema(
        tags=[IDEAS],
        summary="List ideas",
        description="Ideas of the caller's units (team roles, administered units, their own "
        "unit as an employee) and their own proposals.",
    ),
    retrieve=extend_schema(tags=[IDEAS], summary="Read one idea"),
    create=extend_schema(
        tags=[IDEAS],
        summary="Propose an idea",
        description="Anyone in the unit: its employees, its content team, its admins.",
    ),
)
class IdeaViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = IdeaSerializer
    filterset_class = IdeaFilterSet
    ordering_fields = ["created_at", "wished_date", "title", "status"]
    ordering = ["-created_at", "-pk"]
    lookup_value_regex = r"\d+"

    def get_queryset(self) -> QuerySet[Idea]:
        return ideas_visible_to(self.request.user).select_related("item")

    def perform_create(self, serializer: IdeaSerializer) -> None:
        data = dict(serializer.validated_data)
        idea = actions.propose_idea(self.request.user, unit=data.pop("unit"), **data)
        serializer.instance = self.get_queryset().get(pk=idea.pk)

    @extend_schema(
        tags=[IDEAS],
        summary="Turn an idea into a draft item",
        description="A content supervisor of the idea's unit. Title, notes (as the brief), "
        "pillar and wished date (09.00) carry over; `purpose` is required.",
        request=AcceptIdeaSerializer,
        responses={201: ContentItemSerializer, **REFUSED},
    )
    @action(detail=True, methods=["post"])
    def accept(self, request: Request, pk: str) -> Response:
        idea = self.get_object()
        payload = AcceptIdeaSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        item = actions.accept_idea(request.user, idea, **payload.validated_data)
        body = ContentItemSerializer(
            _items(request.user).get(pk=item.pk), context={"request": request}
        ).data
        return Response(body, status=status.HTTP_201_CREATED)

    @extend_schema(
        tags=[IDEAS],
        summary="Decline an idea",
        description="A content supervisor of the idea's unit, with the reason the proposer reads.",
        request=DeclineIdeaSerializer,
        responses={200: IdeaSerializer, **REFUSED},
    )
    @action(detail=True, methods=["post"])
    def decline(self, request: Request, pk: str) -> Response:
        idea = self.get_object()
        payload = DeclineIdeaSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        idea = actions.decline_idea(request.user, idea, payload.validated_data["reason"])
        return Response(self.get_serializer(self.get_queryset().get(pk=idea.pk)).data)


class _ConfigViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Read by content team members and admins; changed on the configuration pages."""

    permission_classes = [IsAuthenticated, HasContentRoleOrIsAdmin]
    filter_backends: list = []
    pagination_class = None


@extend_schema_view(
    list=extend_schema(
        tags=[CONFIG],
        summary="Content purposes",
        description="Why a post is made (informasi, edukasi, hiburan, …); `is_informative` "
        "counts it as information in the strategy board's mix.",
    )
)
class PurposeViewSet(_ConfigViewSet):
    serializer_class = PurposeSerializer
    queryset = Purpose.objects.all()


@extend_schema_view(
    list=extend_schema(
        tags=[CONFIG],
        summary="The review checklist",
        description="Every active point must be ticked for the current version before approval.",
    )
)
class ChecklistViewSet(_ConfigViewSet):
    serializer_class = ChecklistItemSerializer
    queryset = ChecklistItem.objects.all()


@extend_schema_view(
    list=extend_schema(
        tags=[CONFIG],
        summary="Service times",
        description="Working days an item may stay in each state before it is overdue "
        "(national holidays and cuti bersama not counted).",
    )
)
class ServiceTimeViewSet(_ConfigViewSet):
    serializer_class = ServiceTimeSerializer
    queryset = ServiceTime.objects.all()


class CalendarView(APIView):
    @extend_schema(
        tags=[ITEMS],
        summary="Calendar entries",
        description="What the calendar page shows, between `start` and `end` (at most 400 "
        "days), for what the caller may see: items at their publication time (published_at "
        "once published, else planned_at; rejected and cancelled ones only when asked for "
        "with `status`) and open ideas on their wished date. Filtering by account or purpose "
        "leaves the ideas out.",
        parameters=[
            OpenApiParameter("start", OpenApiTypes.DATETIME, required=True,
                             description="A date or date-time (inclusive)."),
            OpenApiParameter("end", OpenApiTypes.DATETIME, required=True,
                             description="A date or date-time (exclusive)."),
            OpenApiParameter("unit", OpenApiTypes.INT, description="A unit and those below."),
            OpenApiParameter("account", OpenApiTypes.INT, description="A target account."),
            OpenApiParameter("pillar", OpenApiTypes.STR, enum=Pillar.values),
            OpenApiParameter("purpose", OpenApiTypes.INT),
            OpenApiParameter("status", OpenApiTypes.STR, enum=["idea", *ContentState.values],
                             description="A workflow state, or idea for the ideas only."),
        ],
        responses={200: CalendarEntrySerializer(many=True), 400: REFUSED[400]},
    )  # fmt: skip
    def get(self, request: Request) -> Response:
        found = calendar.calendar(request.user, request.query_params)
        return Response(CalendarEntrySerializer(found, many=True).data)
