"""Serializers of the registry API; they validate and render, the actions write."""

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from gaung.registry.choices import RANK_CHOICES
from gaung.registry.models import Employee, OrganisationUnit, RoleAssignment
from gaung.registry.querysets import users_by_login


class VisibleUnitField(serializers.PrimaryKeyRelatedField):
    """A unit chosen among those the requesting user administers; others read as unknown."""

    def get_queryset(self):
        """The requesting user's units (none without a request, e.g. for the schema)."""
        request = self.context.get("request")
        if request is None:
            return OrganisationUnit.objects.none()
        return OrganisationUnit.objects.visible_to(request.user)


class UnitSerializer(serializers.ModelSerializer):
    """An organisation unit with counts over its subtree."""

    parent = VisibleUnitField(allow_null=True, required=False)
    employee_count = serializers.IntegerField(
        source="counts.employees", read_only=True, help_text=_("Active employees in the subtree.")
    )
    official_account_count = serializers.IntegerField(
        source="counts.official_accounts",
        read_only=True,
        help_text=_("Official accounts of the unit and the units below it."),
    )
    personal_account_count = serializers.IntegerField(
        source="counts.personal_accounts",
        read_only=True,
        help_text=_("Personal accounts of the active employees in the subtree."),
    )
    account_count = serializers.IntegerField(
        source="counts.accounts", read_only=True, help_text=_("Official and personal accounts.")
    )

    class Meta:
        model = OrganisationUnit
        fields = [
            "id",
            "parent",
            "name",
            "short_name",
            "kind",
            "code",
            "time_zone",
            "is_active",
            "path",
            "depth",
            "employee_count",
            "official_account_count",
            "personal_account_count",
            "account_count",
        ]
        read_only_fields = ["path", "depth"]


class UnitTreeNodeSerializer(serializers.Serializer):
    """One node of `/api/units/tree/`, with its children nested."""

    id = serializers.IntegerField(source="unit.pk")
    name = serializers.CharField(source="unit.name")
    short_name = serializers.CharField(source="unit.short_name")
    kind = serializers.CharField(source="unit.kind")
    is_active = serializers.BooleanField(source="unit.is_active")
    matched = serializers.BooleanField(
        help_text=_("False for a unit shown only because a unit below it matches the filter.")
    )
    employee_count = serializers.IntegerField(source="counts.employees")
    official_account_count = serializers.IntegerField(source="counts.official_accounts")
    personal_account_count = serializers.IntegerField(source="counts.personal_accounts")
    account_count = serializers.IntegerField(source="counts.accounts")


# Declared after the class so the serializer can refer to itself (drf-spectacular follows it).
UnitTreeNodeSerializer._declared_fields["children"] = UnitTreeNodeSerializer(many=True)


class EmployeeSerializer(serializers.ModelSerializer):
    """An employee; NIP problems come back on `nip` in plain words."""

    # Accepts the number with or without spaces; the action checks it for the employee type.
    nip = serializers.CharField(
        max_length=40,
        required=False,
        allow_blank=True,
        allow_null=True,
        help_text=_("NIP (PNS) or NI PPPK, 18 digits, with or without spaces."),
    )
    rank = serializers.ChoiceField(choices=RANK_CHOICES, required=False, allow_blank=True)
    unit = VisibleUnitField()
    nip_grouped = serializers.CharField(read_only=True)
    full_name = serializers.CharField(read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    account_count = serializers.IntegerField(read_only=True)
    has_login = serializers.SerializerMethodField()

    class Meta:
        model = Employee
        fields = [
            "id",
            "nip",
            "nip_grouped",
            "employee_type",
            "front_title",
            "name",
            "back_title",
            "full_name",
            "rank",
            "position",
            "unit",
            "unit_name",
            "email",
            "phone",
            "is_active",
            "birth_date",
            "sex",
            "tmt_cpns",
            "appointment_year",
            "has_login",
            "account_count",
        ]
        read_only_fields = ["birth_date", "sex", "tmt_cpns", "appointment_year"]

    def get_has_login(self, employee: Employee) -> bool:
        """Whether the employee has a linked login."""
        return employee.user_id is not None


@extend_schema_field(OpenApiTypes.STR)
class UserLoginField(serializers.Field):
    """A login named by username or e-mail on input, shown as its username."""

    default_error_messages = {
        "unknown": _("No login has this username or e-mail. Check the spelling."),
        "ambiguous": _("Several logins share this e-mail. Use the username instead."),
    }

    def to_representation(self, value) -> str:
        """The login's username."""
        return value.get_username()

    def to_internal_value(self, data: Any):
        """The one user with this username or e-mail."""
        users = list(users_by_login(str(data))[:2])
        if not users:
            self.fail("unknown")
        if len(users) > 1:
            self.fail("ambiguous")
        return users[0]


class RoleAssignmentSerializer(serializers.ModelSerializer):
    """An administrative role of a login over a unit and everything below it."""

    user = UserLoginField(help_text=_("Username or e-mail of an existing login."))
    user_id = serializers.IntegerField(read_only=True)
    unit = VisibleUnitField()
    unit_name = serializers.CharField(source="unit.name", read_only=True)

    class Meta:
        model = RoleAssignment
        fields = ["id", "user", "user_id", "role", "unit", "unit_name", "created_at"]
        read_only_fields = ["created_at"]
        # assign_role is idempotent, so no uniqueness check here.
        validators: list = []
