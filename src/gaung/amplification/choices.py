from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


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

    # A context of their own: "Done" elsewhere in the UI reads "Selesai", here "Sudah".
    DONE = "done", pgettext_lazy("recap status", "Done")
    PARTIAL = "partial", pgettext_lazy("recap status", "Partial")
    NOT_YET = "not_yet", pgettext_lazy("recap status", "Not yet")
    NO_ACCOUNT = "no_account", pgettext_lazy("recap status", "No account")


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
