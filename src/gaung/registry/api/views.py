"""Registry API: units (with the tree), employees and role assignments, for admins.

Every queryset is scoped to the caller, so anything outside it answers 404; writes call the
actions, whose ValidationError becomes a 400 and PermissionDenied a 403.
"""

from collections.abc import Iterable

from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.filters import OrderingFilter
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer

from gaung.registry import actions
from gaung.registry.api.serializers import (
    EmployeeSerializer,
    RoleAssignmentSerializer,
    UnitSerializer,
    UnitTreeNodeSerializer,
)
from gaung.registry.choices import UnitKind
from gaung.registry.filtersets import EmployeeFilterSet, RoleAssignmentFilterSet, UnitFilterSet
from gaung.registry.models import Employee, OrganisationUnit
from gaung.registry.querysets import role_assignments_visible_to
from gaung.registry.scope import scope_for
from gaung.registry.tree import UnitCounts, build_tree, subtree_counts


class IsRegistryAdmin(BasePermission):
    """Admins only: an ASN manages their own record through their profile, not this API."""

    message = _("Only admins may use the registry API.")

    def has_permission(self, request: Request, view) -> bool:
        """True for a superadmin or a user with an admin role."""
        return scope_for(request.user).is_admin


class RegistryViewSet(viewsets.GenericViewSet):
    """Shared permissions and filter backends of the registry endpoints."""

    permission_classes = [IsAuthenticated, IsRegistryAdmin]
    filter_backends = [DjangoFilterBackend]
    lookup_value_regex = r"\d+"


class UnitViewSet(RegistryViewSet, viewsets.ModelViewSet):
    """Organisation units the caller administers; counts cover each unit's whole subtree."""

    serializer_class = UnitSerializer
    filterset_class = UnitFilterSet
    filter_backends = [DjangoFilterBackend, OrderingFilter]
    ordering_fields = ["name", "path", "depth", "kind"]
    ordering = ["path"]

    def get_queryset(self):
        """The caller's units."""
        return OrganisationUnit.objects.visible_to(self.request.user)

    def _attach_counts(
        self, units: Iterable[OrganisationUnit], root: OrganisationUnit | None = None
    ) -> None:
        counts = subtree_counts(self.request.user, root)
        for unit in units:
            unit.counts = counts[unit.path]

    def list(self, request: Request, *args, **kwargs) -> Response:
        """A page of units, each with its subtree counts."""
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        units = list(page if page is not None else queryset)
        self._attach_counts(units)
        data = self.get_serializer(units, many=True).data
        return self.get_paginated_response(data) if page is not None else Response(data)

    def get_object(self) -> OrganisationUnit:
        """The unit, with its subtree counts."""
        unit = super().get_object()
        self._attach_counts([unit], root=unit)
        return unit

    def perform_create(self, serializer: BaseSerializer) -> None:
        """Through actions.create_unit."""
        unit = actions.create_unit(self.request.user, **serializer.validated_data)
        unit.counts = UnitCounts()
        serializer.instance = unit

    def perform_update(self, serializer: BaseSerializer) -> None:
        """Through actions.update_unit (a new parent moves the whole subtree)."""
        current: OrganisationUnit = serializer.instance
        unit = actions.update_unit(self.request.user, current, **serializer.validated_data)
        self._attach_counts([unit], root=unit)
        serializer.instance = unit

    def perform_destroy(self, instance: OrganisationUnit) -> None:
        """Through actions.delete_unit, which refuses a unit that is not empty."""
        actions.delete_unit(self.request.user, instance)

    @extend_schema(
        summary="The organisation tree with counts",
        description="Nested units the caller administers. A filter keeps the matching units "
        "and their ancestors (marked `matched: false`); counts always cover whole subtrees.",
        parameters=[
            OpenApiParameter("search", OpenApiTypes.STR, description="Name, short name or code."),
            OpenApiParameter("kind", OpenApiTypes.STR, enum=UnitKind.values),
            OpenApiParameter("is_active", OpenApiTypes.BOOL),
        ],
        responses=UnitTreeNodeSerializer(many=True),
    )
    @action(detail=False, methods=["get"], filter_backends=[], pagination_class=None)
    def tree(self, request: Request) -> Response:
        """The caller's part of the organisation tree, nested, with rolled-up counts."""
        filterset = UnitFilterSet(
            request.query_params, queryset=self.get_queryset(), request=request
        )
        if not filterset.is_valid():
            raise ValidationError(filterset.errors)
        criteria = filterset.form.cleaned_data
        tree = build_tree(
            request.user,
            search=(criteria.get("search") or "").strip(),
            kind=criteria.get("kind") or "",
            is_active=criteria.get("is_active"),
        )
        return Response(UnitTreeNodeSerializer(tree.roots, many=True).data)


class EmployeeViewSet(RegistryViewSet, viewsets.ModelViewSet):
    """Employees of the caller's units; filters and `ordering` as on the HTML list."""

    serializer_class = EmployeeSerializer
    filterset_class = EmployeeFilterSet

    def get_queryset(self):
        """The caller's employees with their account counts."""
        return (
            Employee.objects.visible_to(self.request.user)
            .select_related("unit")
            .with_account_count()
            .with_rank_order()
            .order_by("name", "pk")
        )

    def perform_create(self, serializer: BaseSerializer) -> None:
        """Through actions.create_employee (NIP parsed and checked for the type)."""
        employee = actions.create_employee(self.request.user, **serializer.validated_data)
        serializer.instance = self.get_queryset().get(pk=employee.pk)

    def perform_update(self, serializer: BaseSerializer) -> None:
        """Through actions.update_employee."""
        current: Employee = serializer.instance
        employee = actions.update_employee(self.request.user, current, **serializer.validated_data)
        serializer.instance = self.get_queryset().get(pk=employee.pk)

    def perform_destroy(self, instance: Employee) -> None:
        """Through actions.delete_employee (their personal accounts go with them)."""
        actions.delete_employee(self.request.user, instance)


class RoleAssignmentViewSet(
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    mixins.DestroyModelMixin,
    RegistryViewSet,
):
    """Admin roles on the caller's units: appoint (by username or e-mail) and revoke."""

    serializer_class = RoleAssignmentSerializer
    filterset_class = RoleAssignmentFilterSet

    def get_queryset(self):
        """Role assignments on the caller's units."""
        return (
            role_assignments_visible_to(self.request.user)
            .select_related("user", "unit")
            .order_by("unit__path", "role", "user__username")
        )

    def perform_create(self, serializer: BaseSerializer) -> None:
        """Through actions.assign_role (appointing an existing admin again changes nothing)."""
        data = serializer.validated_data
        serializer.instance = actions.assign_role(
            self.request.user, data["user"], data["role"], data["unit"]
        )

    def perform_destroy(self, instance) -> None:
        """Through actions.revoke_role."""
        actions.revoke_role(self.request.user, instance)
