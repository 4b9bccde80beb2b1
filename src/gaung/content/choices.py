from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ContentState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    IN_DESIGN = "in_design", _("In design")
    IN_REVIEW = "in_review", _("In review")
    APPROVED = "approved", _("Approved")
    SCHEDULED = "scheduled", _("Scheduled")
    PUBLISHED = "published", _("Published")
    REVISION_REQUESTED = "revision_requested", _("Revision requested")
    REJECTED = "rejected", _("Rejected")
    CANCELLED = "cancelled", _("Cancelled")


FINAL_STATES = frozenset({ContentState.PUBLISHED, ContentState.REJECTED, ContentState.CANCELLED})
# Editing an item in these states changes what was approved: it goes back to review.
APPROVED_STATES = frozenset({ContentState.APPROVED, ContentState.SCHEDULED})


class Pillar(models.TextChoices):
    """Content layers practitioners plan with (konten inti / pendukung / pelengkap)."""

    CORE = "core", _("Core content")
    SUPPORTING = "supporting", _("Supporting content")
    COMPLEMENTARY = "complementary", _("Complementary content")


class TeamRole(models.TextChoices):
    CONTRIBUTOR = "contributor", _("Contributor")
    DESIGNER = "designer", _("Designer")
    SUPERVISOR = "supervisor", _("Content supervisor")
    PUBLISHER = "publisher", _("Publisher")
    REVIEWER = "reviewer", _("Reviewer")


class IdeaStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("idea status", "Open")
    ACCEPTED = "accepted", _("Turned into content")
    DECLINED = "declined", _("Declined")


class AssetKind(models.TextChoices):
    IMAGE = "image", _("Image")
    VIDEO = "video", _("Video")
