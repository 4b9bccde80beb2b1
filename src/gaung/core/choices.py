from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    CREATE = "create", _("Created")
    UPDATE = "update", _("Updated")
    DELETE = "delete", _("Deleted")
    VERIFY = "verify", _("Verified")
    REJECT = "reject", _("Rejected")
    INVITE = "invite", _("Invited")
    ACTIVATE = "activate", _("Activated")
    ROLE = "role", _("Role changed")
