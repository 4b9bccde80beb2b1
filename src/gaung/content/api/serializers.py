"""Serializers of the content API: they validate and render; content.actions does the writing."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from gaung.content import actions
from gaung.content.assets import asset_checks
from gaung.content.choices import FINAL_STATES, ContentState, Pillar, TeamRole
from gaung.content.models import (
    Asset,
    ChecklistItem,
    ContentEvent,
    ContentItem,
    ContentVersion,
    Idea,
    Purpose,
    ServiceTime,
)
from gaung.content.platform_rules import caption_counts
from gaung.content.querysets import team_members
from gaung.content.units import content_units
from gaung.content.workflow import TRANSITIONS, available
from gaung.registry.models import OrganisationUnit
from gaung.socials.choices import Platform
from gaung.socials.models import SocialAccount

# The workflow actions as an enum of the schema (settings.SPECTACULAR_SETTINGS names it).
CONTENT_ACTIONS = [(name, step.label) for name, step in TRANSITIONS.items()]


def user_name(user) -> str | None:
    if user is None:
        return None
    return user.get_full_name() or user.get_username()


def _request_user(serializer: serializers.Field):
    request = serializer.context.get("request")
    return request.user if request is not None else None


class ContentUnitField(serializers.PrimaryKeyRelatedField):
    """A unit among those whose content the caller sees (anything else: "does not exist")."""

    def get_queryset(self) -> QuerySet[OrganisationUnit]:
        user = _request_user(self)
        return content_units(user) if user is not None else OrganisationUnit.objects.none()


def official_accounts() -> QuerySet[SocialAccount]:
    # Which of them suit the item's unit is the action's check (one message everywhere).
    return SocialAccount.objects.filter(owner_unit__isnull=False)


class CaptionsField(serializers.DictField):
    """One caption per platform: `{"instagram": "…", "x": "…"}`."""

    child = serializers.CharField(allow_blank=True, trim_whitespace=False, max_length=70000)

    def to_internal_value(self, data: Any) -> dict[str, str]:
        captions = super().to_internal_value(data)
        unknown = sorted(set(captions) - set(Platform.values))
        if unknown:
            raise serializers.ValidationError(
                _("Unknown platform: %(platforms)s.") % {"platforms": ", ".join(unknown)}
            )
        return captions

    def to_representation(self, value: Any) -> dict[str, str]:
        return {caption.platform: caption.text for caption in value.all()}


class CaptionCountsSerializer(serializers.Serializer):
    characters = serializers.IntegerField()
    characters_max = serializers.IntegerField(help_text="The platform's caption limit.")
    hashtags = serializers.IntegerField()
    hashtags_max = serializers.IntegerField(
        allow_null=True, help_text="The platform's hashtag limit (null: none)."
    )
    too_long = serializers.BooleanField()
    too_many_hashtags = serializers.BooleanField()


class AccountBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = SocialAccount
        fields = ["id", "platform", "handle"]
        read_only_fields = fields


# ---------------------------------------------------------------------------------------------
# Items
# ---------------------------------------------------------------------------------------------


class ContentItemSerializer(serializers.ModelSerializer):
    unit = ContentUnitField(
        queryset=OrganisationUnit.objects.all(),
        help_text="The unit running the target accounts (one where the caller holds a content "
        "role). Cannot change later.",
    )
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    purpose = serializers.PrimaryKeyRelatedField(
        queryset=Purpose.objects.filter(is_active=True), help_text="See /api/content/purposes/."
    )
    purpose_name = serializers.CharField(source="purpose.name", read_only=True)
    target_accounts = serializers.PrimaryKeyRelatedField(
        queryset=official_accounts(),
        many=True,
        required=False,
        help_text="Official accounts of the item's unit, an ancestor or a unit below it.",
    )
    accounts = AccountBriefSerializer(source="target_accounts", many=True, read_only=True)
    captions = CaptionsField(
        required=False, help_text="One caption per platform. Given platforms are replaced."
    )
    caption_counts = serializers.SerializerMethodField()
    is_overdue = serializers.SerializerMethodField()
    designer_name = serializers.SerializerMethodField()
    created_by_name = serializers.SerializerMethodField()
    my_roles = serializers.SerializerMethodField()
    available_actions = serializers.SerializerMethodField()

    class Meta:
        model = ContentItem
        fields = [
            "id", "unit", "unit_name", "idea", "title", "brief", "key_message",
            "states_figures", "data_sources", "pillar", "purpose", "purpose_name",
            "target_accounts", "accounts", "captions", "caption_counts", "planned_at", "state",
            "state_changed_at", "due_at", "is_overdue", "version", "approved_version",
            "approved_by", "approved_at", "designer", "designer_name", "created_by",
            "created_by_name", "permalink", "published_at", "my_roles", "available_actions",
            "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = [
            "idea", "state", "state_changed_at", "due_at", "version", "approved_version",
            "approved_by", "approved_at", "designer", "created_by", "permalink", "published_at",
            "created_at", "updated_at",
        ]  # fmt: skip
        extra_kwargs = {
            "planned_at": {"help_text": "Changing it later is a reschedule (same permission)."}
        }

    def validate_unit(self, unit: OrganisationUnit) -> OrganisationUnit:
        if self.instance is not None and unit != self.instance.unit:
            raise serializers.ValidationError(_("The unit of an item cannot change."))
        return unit

    @extend_schema_field(serializers.DictField(child=CaptionCountsSerializer()))
    def get_caption_counts(self, item: ContentItem) -> dict[str, Any]:
        return {c.platform: caption_counts(c.platform, c.text) for c in item.captions.all()}

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_is_overdue(self, item: ContentItem) -> bool:
        return (
            item.due_at is not None
            and item.due_at < timezone.now()
            and item.state not in FINAL_STATES
        )

    @extend_schema_field(OpenApiTypes.STR)
    def get_designer_name(self, item: ContentItem) -> str | None:
        return user_name(item.designer)

    @extend_schema_field(OpenApiTypes.STR)
    def get_created_by_name(self, item: ContentItem) -> str | None:
        return user_name(item.created_by)

    def _roles(self, item: ContentItem) -> frozenset[str]:
        return actions.roles_of(_request_user(self), item)

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_my_roles(self, item: ContentItem) -> list[str]:
        """The caller's team roles on the item, plus "author" on their own."""
        return sorted(self._roles(item))

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_available_actions(self, item: ContentItem) -> list[str]:
        """The workflow actions the caller may take now."""
        return [step.action for step in available(item.state, self._roles(item))]


class TransitionSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=CONTENT_ACTIONS)
    comment = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=5000,
        help_text="Required for request_revision, reject and cancel: the team reads it.",
    )
    planned_at = serializers.DateTimeField(
        required=False, allow_null=True, help_text="schedule: the publication time (future)."
    )
    permalink = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=500,
        help_text="mark_published: the address of the published post.",
    )
    designer = serializers.PrimaryKeyRelatedField(
        queryset=get_user_model().objects.filter(is_active=True),
        required=False,
        allow_null=True,
        help_text="start_design: the user (with the designer role on the unit) who makes it.",
    )

    def validate_designer(self, designer):
        item = self.context["item"]
        if designer is not None and designer not in team_members(item.unit, [TeamRole.DESIGNER]):
            raise serializers.ValidationError(_("This user is not a designer of the unit."))
        return designer


class AvailableActionSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=CONTENT_ACTIONS)
    label = serializers.CharField()
    target = serializers.ChoiceField(choices=ContentState.choices, help_text="The new state.")
    comment_required = serializers.BooleanField()


class RescheduleSerializer(serializers.Serializer):
    planned_at = serializers.DateTimeField()


class ChecklistTickSerializer(serializers.Serializer):
    ticked = serializers.DictField(
        child=serializers.BooleanField(),
        help_text="{checklist point id: ticked}; the whole checklist of the current version "
        "(points left out count as not ticked).",
    )


class ChecklistPointSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    label = serializers.CharField()
    ticked = serializers.BooleanField()


class ChecklistStateSerializer(serializers.Serializer):
    version = serializers.IntegerField(help_text="The item version the checklist applies to.")
    complete = serializers.BooleanField(help_text="Every point ticked: approval is possible.")
    points = ChecklistPointSerializer(many=True)
    reviewer = serializers.IntegerField(allow_null=True)
    reviewer_name = serializers.CharField(allow_null=True)
    ticked_at = serializers.DateTimeField(allow_null=True)


class ContentEventSerializer(serializers.ModelSerializer):
    actor_name = serializers.SerializerMethodField()

    class Meta:
        model = ContentEvent
        fields = [
            "id", "action", "from_state", "to_state", "actor", "actor_name", "comment",
            "version", "data", "created_at",
        ]  # fmt: skip
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.STR)
    def get_actor_name(self, event: ContentEvent) -> str | None:
        return user_name(event.actor)


class ContentVersionSerializer(serializers.ModelSerializer):
    author_name = serializers.SerializerMethodField()
    is_approved = serializers.SerializerMethodField()

    class Meta:
        model = ContentVersion
        fields = ["number", "author", "author_name", "created_at", "is_approved"]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.STR)
    def get_author_name(self, version: ContentVersion) -> str | None:
        return user_name(version.author)

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_is_approved(self, version: ContentVersion) -> bool:
        """The version the current approval binds to."""
        return version.number == self.context["approved_version"]


class ContentVersionDetailSerializer(ContentVersionSerializer):
    class Meta(ContentVersionSerializer.Meta):
        fields = [*ContentVersionSerializer.Meta.fields, "snapshot"]
        read_only_fields = fields


class AssetSerializer(serializers.ModelSerializer):
    file_url = serializers.SerializerMethodField()
    thumbnail_url = serializers.SerializerMethodField()
    checks = serializers.SerializerMethodField()

    class Meta:
        model = Asset
        fields = [
            "id", "original_name", "kind", "mime_type", "size", "width", "height",
            "duration_seconds", "alt_text", "uploaded_by", "created_at", "file_url",
            "thumbnail_url", "checks",
        ]  # fmt: skip
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.STR)
    def get_file_url(self, asset: Asset) -> str:
        """The file's path, served after the same permission check as the item."""
        return reverse("content:asset_file", args=[asset.pk])

    @extend_schema_field(OpenApiTypes.STR)
    def get_thumbnail_url(self, asset: Asset) -> str | None:
        return reverse("content:asset_thumbnail", args=[asset.pk]) if asset.thumbnail else None

    @extend_schema_field(
        serializers.DictField(child=serializers.ListField(child=serializers.CharField()))
    )
    def get_checks(self, asset: Asset) -> dict[str, list[str]]:
        """Per target platform, why it would refuse the file (an empty list: accepted)."""
        return asset_checks(asset, self.context["platforms"])


# ---------------------------------------------------------------------------------------------
# Ideas
# ---------------------------------------------------------------------------------------------


class IdeaSerializer(serializers.ModelSerializer):
    unit = serializers.PrimaryKeyRelatedField(
        queryset=OrganisationUnit.objects.filter(is_active=True),
        help_text="A unit the caller belongs to, holds a content role on or administers.",
    )
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    proposed_by_name = serializers.SerializerMethodField()
    item = serializers.SerializerMethodField()

    class Meta:
        model = Idea
        fields = [
            "id", "unit", "unit_name", "title", "notes", "pillar", "wished_date", "status",
            "decline_reason", "proposed_by", "proposed_by_name", "decided_by", "decided_at",
            "item", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = [
            "status", "decline_reason", "proposed_by", "decided_by", "decided_at",
            "created_at", "updated_at",
        ]  # fmt: skip

    def validate_unit(self, unit: OrganisationUnit) -> OrganisationUnit:
        if not actions.may_propose(_request_user(self), unit):
            raise serializers.ValidationError(_("You may not propose ideas for this unit."))
        return unit

    @extend_schema_field(OpenApiTypes.STR)
    def get_proposed_by_name(self, idea: Idea) -> str | None:
        return user_name(idea.proposed_by)

    @extend_schema_field(OpenApiTypes.INT)
    def get_item(self, idea: Idea) -> int | None:
        """The content item the idea was turned into."""
        item = getattr(idea, "item", None)
        return item.pk if item is not None else None


class AcceptIdeaSerializer(serializers.Serializer):
    """What the new draft item needs beyond the idea's title, notes and pillar."""

    purpose = serializers.PrimaryKeyRelatedField(queryset=Purpose.objects.filter(is_active=True))
    pillar = serializers.ChoiceField(
        choices=Pillar.choices, required=False, help_text="Default: the idea's pillar."
    )
    key_message = serializers.CharField(required=False, allow_blank=True, max_length=300)
    target_accounts = serializers.PrimaryKeyRelatedField(
        queryset=official_accounts(), many=True, required=False
    )
    planned_at = serializers.DateTimeField(
        required=False, help_text="Default: the wished date at 09.00."
    )


class DeclineIdeaSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=5000, help_text="The proposer reads it.")


# ---------------------------------------------------------------------------------------------
# Configuration and calendar
# ---------------------------------------------------------------------------------------------


class PurposeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Purpose
        fields = ["id", "code", "name", "is_informative", "order", "is_active"]
        read_only_fields = fields


class ChecklistItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = ChecklistItem
        fields = ["id", "label", "order", "is_active"]
        read_only_fields = fields


class ServiceTimeSerializer(serializers.ModelSerializer):
    class Meta:
        model = ServiceTime
        fields = ["id", "state", "working_days"]
        read_only_fields = fields


class CalendarEntrySerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=[("item", "item"), ("idea", "idea")])
    id = serializers.IntegerField()
    title = serializers.CharField()
    start = serializers.DateTimeField(
        help_text="Items: the publication time (published_at once published, else "
        "planned_at). Ideas: the wished date at 00.00 local time, with all_day true."
    )
    all_day = serializers.BooleanField()
    state = serializers.CharField(help_text="Items: the workflow state. Ideas: open.")
    unit_name = serializers.CharField()
    accounts = serializers.ListField(
        child=serializers.CharField(), help_text="Target accounts as “Platform @handle”."
    )
    pillar = serializers.CharField(allow_blank=True)
    purpose_name = serializers.CharField(allow_blank=True)
    url = serializers.CharField(help_text="The page of the item or idea.")
    editable = serializers.BooleanField(
        help_text="The caller may move it (POST /api/content/items/{id}/reschedule/)."
    )
