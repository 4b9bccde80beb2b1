"""Serializers of the amplification API: they validate and render; actions do the writing."""

from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from gaung.amplification.choices import (
    CampaignAction,
    ProofKind,
    ProofStatus,
    RecapStatus,
)
from gaung.amplification.models import (
    Assignment,
    Campaign,
    ElectionPeriod,
    EmployeeGroup,
    Proof,
)
from gaung.amplification.querysets import groups_visible_to
from gaung.registry.models import Employee, OrganisationUnit
from gaung.socials.choices import Platform


class ScopedPrimaryKeyField(serializers.PrimaryKeyRelatedField):
    """A primary key accepted only among the records `visible(user)` returns."""

    def __init__(self, visible: Callable[[Any], QuerySet], **kwargs: Any) -> None:
        self.visible = visible
        super().__init__(**kwargs)

    def get_queryset(self) -> QuerySet:
        request = self.context.get("request")
        return self.visible(request.user) if request is not None else self.queryset.none()


def _units(user) -> QuerySet[OrganisationUnit]:
    return OrganisationUnit.objects.visible_to(user)


def _employees(user) -> QuerySet[Employee]:
    return Employee.objects.visible_to(user)


def _choices(choices, **kwargs: Any) -> serializers.ListField:
    return serializers.ListField(child=serializers.ChoiceField(choices=choices), **kwargs)


# ---------------------------------------------------------------------------------------------
# Campaigns
# ---------------------------------------------------------------------------------------------


class CampaignCountsSerializer(serializers.Serializer):
    """Figures over the assignments the caller may see (an ASN: their own)."""

    assigned = serializers.IntegerField()
    done = serializers.IntegerField(help_text="Sudah: every asked action done.")
    partial = serializers.IntegerField(help_text="Kurang: some actions done.")
    not_yet = serializers.IntegerField(help_text="Belum: nothing done yet.")
    no_account = serializers.IntegerField(
        help_text="Tanpa akun: no account on any requested platform, so nothing was asked."
    )
    actions_asked = serializers.IntegerField()
    actions_done = serializers.IntegerField()
    completion = serializers.FloatField(
        allow_null=True, help_text="actions_done ÷ actions_asked (null when nothing was asked)."
    )


class CampaignSerializer(serializers.ModelSerializer):
    unit = ScopedPrimaryKeyField(
        _units,
        queryset=OrganisationUnit.objects.all(),
        help_text="The organising unit (one the caller administers). Cannot change later.",
    )
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    actions = _choices(CampaignAction.choices, help_text="What every ASN is asked to do.")
    platforms = _choices(Platform.choices, help_text="On which platforms.")
    target_units = ScopedPrimaryKeyField(
        _units,
        queryset=OrganisationUnit.objects.all(),
        many=True,
        required=False,
        help_text="Units whose whole subtree is assigned.",
    )
    target_groups = ScopedPrimaryKeyField(
        groups_visible_to,
        queryset=EmployeeGroup.objects.all(),
        many=True,
        required=False,
        help_text="Employee groups whose members are assigned.",
    )
    confirm_political = serializers.BooleanField(
        write_only=True,
        required=False,
        default=False,
        help_text="Required with is_political: confirms the content is not campaigning for a "
        "candidate or party (ASN neutrality, SKB 2/2022).",
    )
    counts = serializers.SerializerMethodField()

    class Meta:
        model = Campaign
        fields = [
            "id", "unit", "unit_name", "title", "post_url", "post_platform", "instructions",
            "caption", "hashtags", "actions", "platforms", "starts_at", "deadline",
            "target_units", "target_groups", "is_political", "confirm_political",
            "political_confirmed_at", "status", "show_individual_ranking", "reminder_lead_hours",
            "counts", "created_at", "updated_at", "activated_at", "closed_at",
        ]  # fmt: skip
        read_only_fields = [
            "post_platform", "political_confirmed_at", "status", "created_at", "updated_at",
            "activated_at", "closed_at",
        ]  # fmt: skip

    def validate_unit(self, unit: OrganisationUnit) -> OrganisationUnit:
        if self.instance is not None and unit != self.instance.unit:
            raise serializers.ValidationError(_("The organising unit cannot change."))
        return unit

    @extend_schema_field(CampaignCountsSerializer)
    def get_counts(self, campaign: Campaign) -> dict[str, Any]:
        from gaung.amplification.api.views import campaign_counts

        counts = self.context.get("counts") or {}
        if campaign.pk not in counts:
            counts = campaign_counts(self.context["request"].user, [campaign.pk])
        return counts[campaign.pk]


class CampaignTransitionSerializer(serializers.Serializer):
    """Activate, close and cancel take no body."""


# ---------------------------------------------------------------------------------------------
# Recap
# ---------------------------------------------------------------------------------------------


class RecapRowSerializer(serializers.Serializer):
    name = serializers.CharField()
    unit = serializers.IntegerField(allow_null=True, help_text="Drill down with ?unit=<this>.")
    is_direct = serializers.BooleanField(
        help_text="The employees of the level's unit itself rather than of a unit below it."
    )
    assigned = serializers.IntegerField()
    sudah = serializers.IntegerField(help_text="Done")
    kurang = serializers.IntegerField(help_text="Partial")
    belum = serializers.IntegerField(help_text="Not yet")
    tanpa_akun = serializers.IntegerField(help_text="No account")
    asked = serializers.IntegerField()
    done = serializers.IntegerField()
    participants = serializers.IntegerField()
    reach = serializers.IntegerField(help_text="Followers of the sharers at share time.")
    clicks = serializers.IntegerField(help_text="Unique visitors of the tracked links.")
    completion = serializers.FloatField(allow_null=True)
    participation = serializers.FloatField(allow_null=True)


class RecapUnitSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class RecapSerializer(serializers.Serializer):
    campaign = serializers.IntegerField()
    level = RecapUnitSerializer(
        allow_null=True, help_text="The unit whose children are the rows (null: your top units)."
    )
    trail = RecapUnitSerializer(many=True, help_text="From your top unit down to the level.")
    rows = RecapRowSerializer(many=True)
    total = RecapRowSerializer()


# ---------------------------------------------------------------------------------------------
# Assignments and proofs
# ---------------------------------------------------------------------------------------------


class AssignmentSerializer(serializers.ModelSerializer):
    employee_name = serializers.CharField(source="employee.full_name", read_only=True)
    nip = serializers.CharField(source="employee.nip", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    status = serializers.ChoiceField(choices=RecapStatus.choices, read_only=True)
    platforms = _choices(Platform.choices, read_only=True)
    missing_platforms = _choices(Platform.choices, read_only=True)

    class Meta:
        model = Assignment
        fields = [
            "id", "campaign", "employee", "employee_name", "nip", "unit", "unit_name",
            "platforms", "missing_platforms", "asked", "done", "status", "potential_reach",
            "clicks", "first_acted_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = fields


class ProofBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Proof
        fields = ["id", "platform", "action", "kind", "url", "status", "review_note", "created_at"]
        read_only_fields = fields


class MyCampaignSerializer(serializers.ModelSerializer):
    actions = _choices(CampaignAction.choices, read_only=True)
    platforms = _choices(Platform.choices, read_only=True)

    class Meta:
        model = Campaign
        fields = [
            "id", "title", "post_url", "post_platform", "instructions", "caption", "hashtags",
            "actions", "platforms", "starts_at", "deadline", "status",
        ]  # fmt: skip
        read_only_fields = fields


class MyAssignmentSerializer(serializers.ModelSerializer):
    campaign = MyCampaignSerializer(read_only=True)
    status = serializers.ChoiceField(choices=RecapStatus.choices, read_only=True)
    platforms = _choices(Platform.choices, read_only=True)
    missing_platforms = _choices(Platform.choices, read_only=True)
    is_open = serializers.BooleanField(read_only=True, help_text="Proofs are accepted now.")
    tracked_url = serializers.SerializerMethodField()
    proofs = ProofBriefSerializer(many=True, read_only=True)

    class Meta:
        model = Assignment
        fields = [
            "id", "campaign", "platforms", "missing_platforms", "asked", "done", "status",
            "potential_reach", "clicks", "is_open", "tracked_url", "proofs",
        ]  # fmt: skip
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.URI)
    def get_tracked_url(self, assignment: Assignment) -> str:
        """The link to share: it counts unique visitors, then opens the official post."""
        path = reverse("amplification_asn:tracked_link", args=[assignment.token])
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request is not None else path


class ProofSubmitSerializer(serializers.Serializer):
    """A link to the ASN's own post, or (multipart) a screenshot."""

    platform = serializers.ChoiceField(choices=Platform.choices)
    action = serializers.ChoiceField(choices=CampaignAction.choices)
    kind = serializers.ChoiceField(choices=ProofKind.choices)
    url = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=500,
        help_text="With kind=url: the address of the ASN's own post, share or comment.",
    )
    screenshot = serializers.FileField(
        required=False,
        allow_null=True,
        help_text="With kind=screenshot (multipart/form-data): a PNG or JPEG up to 5 MB.",
    )


class AssignmentProgressSerializer(serializers.ModelSerializer):
    status = serializers.ChoiceField(choices=RecapStatus.choices, read_only=True)

    class Meta:
        model = Assignment
        fields = ["id", "status", "done", "asked", "potential_reach"]
        read_only_fields = fields


class SubmittedProofSerializer(serializers.ModelSerializer):
    status = serializers.ChoiceField(
        choices=ProofStatus.choices,
        read_only=True,
        help_text="accepted: the link names the ASN's own account; pending: an admin checks it.",
    )
    assignment = AssignmentProgressSerializer(read_only=True)

    class Meta:
        model = Proof
        fields = [
            "id", "platform", "action", "kind", "url", "screenshot", "status", "created_at",
            "assignment",
        ]  # fmt: skip
        read_only_fields = fields


class ProofSerializer(serializers.ModelSerializer):
    campaign = serializers.IntegerField(source="assignment.campaign_id", read_only=True)
    campaign_title = serializers.CharField(source="assignment.campaign.title", read_only=True)
    employee = serializers.IntegerField(source="assignment.employee_id", read_only=True)
    employee_name = serializers.CharField(source="assignment.employee.full_name", read_only=True)
    nip = serializers.CharField(source="assignment.employee.nip", read_only=True)
    account_handle = serializers.CharField(
        source="account.handle", read_only=True, allow_null=True, default=None
    )

    class Meta:
        model = Proof
        fields = [
            "id", "assignment", "campaign", "campaign_title", "employee", "employee_name",
            "nip", "platform", "action", "kind", "url", "screenshot", "account",
            "account_handle", "followers_at_share", "status", "review_note", "reviewed_at",
            "created_at",
        ]  # fmt: skip
        read_only_fields = fields


class ReviewProofsSerializer(serializers.Serializer):
    ids = serializers.ListField(
        child=serializers.IntegerField(min_value=1), allow_empty=False, max_length=1000
    )
    accept = serializers.BooleanField()
    note = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=1000,
        default="",
        help_text="Required when rejecting: the employee reads it.",
    )


class ProofReviewResultSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    status = serializers.ChoiceField(choices=ProofStatus.choices)


# ---------------------------------------------------------------------------------------------
# Employee groups and election periods
# ---------------------------------------------------------------------------------------------


class EmployeeGroupSerializer(serializers.ModelSerializer):
    unit = ScopedPrimaryKeyField(_units, queryset=OrganisationUnit.objects.all())
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    members = ScopedPrimaryKeyField(
        _employees,
        queryset=Employee.objects.all(),
        many=True,
        required=False,
        help_text="Employee ids. Giving members (or member_nips) replaces the whole list.",
    )
    member_nips = serializers.ListField(
        child=serializers.CharField(max_length=30),
        write_only=True,
        required=False,
        max_length=10000,
        help_text="Members by NIP / NI PPPK (spaces allowed), added to `members`.",
    )
    member_count = serializers.SerializerMethodField()

    class Meta:
        model = EmployeeGroup
        fields = [
            "id", "unit", "unit_name", "name", "description", "members", "member_nips",
            "member_count", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = ["created_at", "updated_at"]
        # Unit + name uniqueness is checked by the action (one message for pages and API).
        validators: list = []

    @extend_schema_field(OpenApiTypes.INT)
    def get_member_count(self, group: EmployeeGroup) -> int:
        return len(group.members.all())

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        nips = attrs.pop("member_nips", None)
        if nips is not None:
            wanted = {nip.replace(" ", "") for nip in nips if nip.strip()}
            found = list(_employees(self.context["request"].user).filter(nip__in=wanted))
            missing = sorted(wanted - {employee.nip for employee in found})
            if missing:
                raise serializers.ValidationError(
                    {
                        "member_nips": _("No employee of your units has NIP %(nips)s.")
                        % {"nips": ", ".join(missing)}
                    }
                )
            attrs["members"] = list({e.pk: e for e in [*attrs.get("members", []), *found]}.values())
        return attrs


class ElectionPeriodSerializer(serializers.ModelSerializer):
    instansi = serializers.PrimaryKeyRelatedField(
        queryset=OrganisationUnit.objects.filter(parent__isnull=True),
        help_text="The agency (a root unit); only its administrators set its periods.",
    )
    instansi_name = serializers.CharField(source="instansi.name", read_only=True)

    class Meta:
        model = ElectionPeriod
        fields = ["id", "instansi", "instansi_name", "name", "starts_on", "ends_on", "created_at"]
        read_only_fields = ["created_at"]
