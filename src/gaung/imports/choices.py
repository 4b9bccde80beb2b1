from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportKind(models.TextChoices):
    """What a file brings in: the personnel roster, or employees' social media accounts."""

    ROSTER = "roster", _("Employee roster")
    ACCOUNTS = "accounts", _("Social media accounts")


class ImportStatus(models.TextChoices):
    """Where an import job is: uploaded → validating → ready → committing → committed."""

    UPLOADED = "uploaded", _("Uploaded")
    VALIDATING = "validating", _("Validating")
    READY = "ready", _("Ready to save")
    COMMITTING = "committing", _("Saving")
    COMMITTED = "committed", _("Saved")
    FAILED = "failed", _("Failed")


# States in which the job page keeps polling for progress.
RUNNING_STATUSES = frozenset({ImportStatus.UPLOADED, ImportStatus.VALIDATING,
                              ImportStatus.COMMITTING})  # fmt: skip
FINISHED_STATUSES = frozenset({ImportStatus.COMMITTED, ImportStatus.FAILED})

COUNT_KEYS = ("new", "changed", "unchanged", "invalid", "deactivated", "new_units")
