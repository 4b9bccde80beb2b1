from django.db import models
from django.utils.translation import gettext_lazy as _


class CampaignStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ACTIVE = "active", _("Active")
    CLOSED = "closed", _("Closed")
    CANCELLED = "cancelled", _("Cancelled")


class CampaignAction(models.TextChoices):
    """What a campaign asks each ASN to do, on each requested platform."""

    SHARE = "share", _("Share / repost")
    LIKE = "like", _("Like")
    COMMENT = "comment", _("Comment")
    FOLLOW = "follow", _("Follow the account")


class RecapStatus(models.TextChoices):
    """The recap vocabulary the regions use (sudah / kurang / belum / tanpa akun)."""

    DONE = "done", _("Done")
    PARTIAL = "partial", _("Partial")
    NOT_YET = "not_yet", _("Not yet")
    NO_ACCOUNT = "no_account", _("No account")


class ProofKind(models.TextChoices):
    URL = "url", _("Link to my post")
    SCREENSHOT = "screenshot", _("Screenshot")


class ProofStatus(models.TextChoices):
    ACCEPTED = "accepted", _("Accepted")
    PENDING = "pending", _("Waiting for review")
    REJECTED = "rejected", _("Rejected")


class ReminderChannel(models.TextChoices):
    IN_APP = "in_app", _("In the app")
    EMAIL = "email", _("E-mail")
    WEBHOOK = "webhook", _("Webhook (WhatsApp / Telegram gateway)")
