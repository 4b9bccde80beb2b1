from django.db import models
from django.utils.translation import gettext_lazy as _


class CompilationStatus(models.TextChoices):
    """Where taking a compilation stands; only a `done` compilation has figures to show."""

    PENDING = "pending", _("Waiting")
    RUNNING = "running", _("Being taken")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class PeriodKind(models.TextChoices):
    """How the period of a new compilation is given."""

    YEAR = "year", _("A calendar year")
    CUSTOM = "custom", _("Other dates")
