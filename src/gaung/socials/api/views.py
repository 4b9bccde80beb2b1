"""REST endpoints for social media accounts and the caller's own employee record."""

from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from gaung.registry.actions import update_employee
from gaung.registry.models import Employee
from gaung.registry.scope import scope_for
from gaung.socials.actions import (
    delete_account,
    register_account,
    reject_accounts,
    update_account,
    verify_accounts,
)
from gaung.socials.api.serializers import (
    AccountIdsSerializer,
    MeSerializer,
    RejectAccountsSerializer,
    ReviewResultSerializer,
    SocialAccountSerializer,
)
from gaung.socials.choices import AccountStatus
from gaung.socials.filtersets import AccountFilterSet
from gaung.socials.models import SocialAccount

TAG = "Social media accounts"
SCOPE_NOTE = (
    "Admins see the accounts of the units they administer (official accounts and their "
    "employees' personal accounts); an employee without an admin role sees only their own."
)


@extend_schema_view(
    list=extend_schema(tags=[TAG], summary="List accounts", description=SCOPE_NOTE),
    retrieve=extend_schema(tags=[TAG], summary="Read one account", description=SCOPE_NOTE),
    create=extend_schema(
        tags=[TAG],
        summary="Register an account",
        description="Give `platform`, `raw_handle` and one owner (`owner_unit` or "
        "`owner_employee`). An employee without an admin role registers their own account "
        "and may omit the owner. A handle already registered to someone is refused with 400.",
    ),
    update=extend_schema(
        tags=[TAG],
        summary="Change an account",
        description="A new platform, handle or owner sends the account back to verification. "
        "An employee may change only platform, handle, display name and followers of their "
        "own accounts.",
    ),
    partial_update=extend_schema(tags=[TAG], summary="Change some fields of an account"),
    destroy=extend_schema(tags=[TAG], summary="Delete an account"),
)
class SocialAccountViewSet(viewsets.ModelViewSet):
    """Accounts scoped to the caller; every write goes through socials.actions."""

    serializer_class = SocialAccountSerializer
    filterset_class = AccountFilterSet
    ordering_fields = [
        "platform",
        "handle",
        "owner_name",
        "unit_name",
        "followers",
        "followers_as_of",
        "status",
        "created_at",
        "updated_at",
    ]
    ordering = ["platform", "handle"]

    def get_queryset(self) -> QuerySet[SocialAccount]:
        """The caller's accounts (see SCOPE_NOTE), with owner and unit names joined in."""
        return SocialAccount.objects.visible_to(self.request.user).with_list_columns()

    def perform_create(self, serializer: SocialAccountSerializer) -> None:
        """Register through the action; an ASN's account defaults to their own."""
        data = serializer.validated_data
        owner_unit = data.get("owner_unit")
        owner_employee = data.get("owner_employee")
        scope = scope_for(self.request.user)
        if owner_unit is None and owner_employee is None and not scope.is_admin:
            # An employee registering through the API means their own account.
            owner_employee = Employee.objects.filter(pk=scope.employee_id).first()
        account = register_account(
            self.request.user,
            platform=data["platform"],
            raw_handle=data["raw_handle"],
            owner_unit=owner_unit,
            owner_employee=owner_employee,
            **{k: data[k] for k in ("display_name", "followers", "followers_as_of") if k in data},
        )
        serializer.instance = self.get_queryset().get(pk=account.pk)

    def perform_update(self, serializer: SocialAccountSerializer) -> None:
        """Change through the action, passing only the fields the request named."""
        account = serializer.instance
        data = serializer.validated_data
        fields: dict[str, Any] = {
            k: data[k]
            for k in ("platform", "raw_handle", "display_name", "followers", "followers_as_of")
            if k in data
        }
        if "owner_unit" in data or "owner_employee" in data:
            # Naming one owner replaces the other: {"owner_unit": 7} makes the account official.
            owner = (data.get("owner_unit"), data.get("owner_employee"))
            if owner != (account.owner_unit, account.owner_employee):
                fields.update(owner_unit=owner[0], owner_employee=owner[1])
        update_account(self.request.user, account, **fields)
        serializer.instance = self.get_queryset().get(pk=account.pk)

    def perform_destroy(self, instance: SocialAccount) -> None:
        """Delete through the action (permission check and audit event)."""
        delete_account(self.request.user, instance)

    def _selected(self, ids: list[int]) -> list[SocialAccount]:
        if not scope_for(self.request.user).is_admin:
            raise PermissionDenied(_("Only admins review accounts."))
        wanted = set(ids)
        accounts = list(self.get_queryset().filter(pk__in=wanted))
        if len(accounts) != len(wanted):
            missing = sorted(wanted - {account.pk for account in accounts})
            raise NotFound(
                f"No account you administer has id {', '.join(map(str, missing))}. "
                "Nothing was changed."
            )
        return accounts

    @extend_schema(
        tags=[TAG],
        summary="Verify accounts",
        description="All or nothing: when one id is unknown or outside your units the answer "
        "is 404 and no account changes.",
        request=AccountIdsSerializer,
        responses={
            200: ReviewResultSerializer,
            403: OpenApiResponse(description="The caller is not an admin."),
            404: OpenApiResponse(description="An id is unknown or outside the caller's units."),
        },
    )
    @action(detail=False, methods=["post"])
    def verify(self, request: Request) -> Response:
        """Mark the given accounts verified."""
        payload = AccountIdsSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        count = verify_accounts(request.user, self._selected(payload.validated_data["ids"]))
        return Response({"count": count, "status": AccountStatus.VERIFIED})

    @extend_schema(
        tags=[TAG],
        summary="Reject accounts",
        description="The reason is shown to the owners. All or nothing, like verify.",
        request=RejectAccountsSerializer,
        responses={
            200: ReviewResultSerializer,
            400: OpenApiResponse(description="No ids, or no reason."),
            403: OpenApiResponse(description="The caller is not an admin."),
            404: OpenApiResponse(description="An id is unknown or outside the caller's units."),
        },
    )
    @action(detail=False, methods=["post"])
    def reject(self, request: Request) -> Response:
        """Mark the given accounts rejected, with a reason."""
        payload = RejectAccountsSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        accounts = self._selected(payload.validated_data["ids"])
        count = reject_accounts(request.user, accounts, payload.validated_data["reason"])
        return Response({"count": count, "status": AccountStatus.REJECTED})


class MeView(APIView):
    """The caller's own employee record; an employee may change only e-mail and phone."""

    serializer_class = MeSerializer

    def _employee(self, request: Request) -> Employee:
        employee_id = scope_for(request.user).employee_id
        if employee_id is None:
            raise Http404
        return get_object_or_404(Employee.objects.select_related("unit"), pk=employee_id)

    @extend_schema(
        tags=["Me"],
        summary="Read my employee record",
        responses={
            200: MeSerializer,
            404: OpenApiResponse(description="This login is not linked to an employee."),
        },
    )
    def get(self, request: Request) -> Response:
        """The caller's own employee record."""
        return Response(MeSerializer(self._employee(request)).data)

    @extend_schema(
        tags=["Me"],
        summary="Change my e-mail or phone",
        request=MeSerializer,
        responses={
            200: MeSerializer,
            404: OpenApiResponse(description="This login is not linked to an employee."),
        },
    )
    def patch(self, request: Request) -> Response:
        """Change the caller's e-mail or phone through registry.actions.update_employee."""
        employee = self._employee(request)
        serializer = MeSerializer(employee, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        changes = {
            name: value
            for name, value in serializer.validated_data.items()
            if getattr(employee, name) != value
        }
        if changes:
            update_employee(request.user, employee, **changes)
        return Response(MeSerializer(employee).data, status=status.HTTP_200_OK)
