"""Serializers for social media accounts; they validate and render, actions do the writing."""

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from gaung.registry.models import Employee, OrganisationUnit
from gaung.socials.choices import OwnerKind
from gaung.socials.models import SocialAccount


class ScopedRelatedField(serializers.PrimaryKeyRelatedField):
    """A primary key accepted only when the requesting user may see the record."""

    def get_queryset(self) -> QuerySet:
        """The records visible to the requesting user."""
        request = self.context.get("request")
        queryset = super().get_queryset()
        if request is None:
            return queryset.none()
        return queryset.visible_to(request.user)


class SocialAccountSerializer(serializers.ModelSerializer):
    """An account as read by admins and its owner; `raw_handle` is how a handle is written."""

    raw_handle = serializers.CharField(
        write_only=True,
        max_length=500,
        help_text="The handle or profile address as pasted (@name or the profile URL). "
        "It is normalised into `handle`, `handle_kind` and `profile_url`.",
    )
    owner_kind = serializers.SerializerMethodField()
    owner_name = serializers.SerializerMethodField()
    owner_unit = ScopedRelatedField(
        queryset=OrganisationUnit.objects.all(),
        required=False,
        allow_null=True,
        help_text="The unit that runs an official account (leave empty for a personal one).",
    )
    owner_employee = ScopedRelatedField(
        queryset=Employee.objects.all(),
        required=False,
        allow_null=True,
        help_text="The employee who owns a personal account. An employee without an admin "
        "role may leave it empty: the account is then their own.",
    )

    class Meta:
        model = SocialAccount
        fields = [
            "id",
            "platform",
            "raw_handle",
            "handle",
            "handle_kind",
            "profile_url",
            "owner_kind",
            "owner_unit",
            "owner_employee",
            "owner_name",
            "display_name",
            "followers",
            "followers_as_of",
            "status",
            "rejection_reason",
            "verified_by",
            "verified_at",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [
            "handle",
            "handle_kind",
            "profile_url",
            "status",
            "rejection_reason",
            "verified_by",
            "verified_at",
            "created_at",
            "updated_at",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance is not None and not isinstance(self.instance, list | QuerySet):
            # On update the handle stays as it is unless a new one is given.
            self.fields["raw_handle"].required = False

    @extend_schema_field(serializers.ChoiceField(choices=OwnerKind.choices))
    def get_owner_kind(self, account: SocialAccount) -> str:
        """Official (owned by a unit) or personal (owned by an employee)."""
        return OwnerKind.OFFICIAL if account.is_official else OwnerKind.PERSONAL

    @extend_schema_field(OpenApiTypes.STR)
    def get_owner_name(self, account: SocialAccount) -> str:
        """The owning unit's name, or the employee's name with titles."""
        if account.is_official:
            return account.owner_unit.name
        return account.owner_employee.full_name


class AccountIdsSerializer(serializers.Serializer):
    """The accounts a bulk review applies to (all or none)."""

    ids = serializers.ListField(
        child=serializers.IntegerField(min_value=1), allow_empty=False, max_length=1000
    )


class RejectAccountsSerializer(AccountIdsSerializer):
    """Accounts to reject, with the reason their owners will read."""

    reason = serializers.CharField(max_length=500)


class ReviewResultSerializer(serializers.Serializer):
    """How many accounts a bulk review changed."""

    count = serializers.IntegerField()
    status = serializers.CharField()


class MeSerializer(serializers.ModelSerializer):
    """The caller's own employee record: only e-mail and phone can be changed."""

    unit_name = serializers.CharField(source="unit.name", read_only=True)
    full_name = serializers.CharField(read_only=True)
    nip_grouped = serializers.CharField(read_only=True)

    class Meta:
        model = Employee
        fields = [
            "id",
            "nip",
            "nip_grouped",
            "employee_type",
            "name",
            "full_name",
            "unit",
            "unit_name",
            "position",
            "email",
            "phone",
        ]
        read_only_fields = ["id", "nip", "employee_type", "name", "unit", "position"]
