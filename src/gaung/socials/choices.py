from django.db import models
from django.utils.translation import gettext_lazy as _


class Platform(models.TextChoices):
    INSTAGRAM = "instagram", "Instagram"
    TIKTOK = "tiktok", "TikTok"
    FACEBOOK = "facebook", "Facebook"
    YOUTUBE = "youtube", "YouTube"
    X = "x", "X"
    THREADS = "threads", "Threads"


class HandleKind(models.TextChoices):
    USERNAME = "username", _("Username")
    CHANNEL_ID = "channel_id", _("Channel ID")
    NUMERIC_ID = "numeric_id", _("Numeric ID")
    CUSTOM_URL = "custom_url", _("Custom URL")


class AccountStatus(models.TextChoices):
    UNVERIFIED = "unverified", _("Unverified")
    VERIFIED = "verified", _("Verified")
    REJECTED = "rejected", _("Rejected")
    INACTIVE = "inactive", _("Inactive")


class OwnerKind(models.TextChoices):
    OFFICIAL = "official", _("Official account")
    PERSONAL = "personal", _("Personal account")
