"""Errors raised by actions; views and the API turn them into 403 and 400 answers."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

__all__ = ["PermissionDenied", "ValidationError", "require"]


def require(condition: bool, message: str = "") -> None:
    """Refuse the action unless the condition holds."""
    if not condition:
        raise PermissionDenied(message or _("You may not do this."))
