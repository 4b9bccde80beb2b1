"""Base models shared by every app, and the audit trail."""

from __future__ import annotations

import copy

import orjson
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from gaung.core.choices import AuditAction
from gaung.core.crypto import EncryptedTextField


class TimeStampedModel(models.Model):
    """Adds creation and modification times."""

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class AuditEvent(models.Model):
    """An append-only record of who changed which record, when, and which fields."""

    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_name = models.CharField(_("actor name"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=20, choices=AuditAction.choices)
    # No index of its own: the (content_type, object_id, created_at) index starts with it.
    content_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    object_id = models.CharField(max_length=64)
    object_repr = models.CharField(_("record"), max_length=255)
    # The organisation path the record belonged to, so audit lists can be scoped like the
    # records themselves even after the record is deleted.
    unit_path = models.CharField(max_length=255, blank=True, db_index=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    note = models.TextField(_("note"), blank=True)
    # A batch event records the creation of many records of one unit at once (a bulk import):
    # their primary keys are batch_first … batch_last and `batch_records` holds each one's
    # name and values as JSON text (see audit.batch_records; text, as the database need not
    # parse it). events_for() turns it back into that record's own event.
    batch_first = models.BigIntegerField(null=True, blank=True)
    batch_last = models.BigIntegerField(null=True, blank=True)
    batch_records = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["content_type", "object_id", "-created_at"]),
            models.Index(
                fields=["content_type", "batch_last", "batch_first"],
                name="core_audit_batch_range",
                condition=models.Q(batch_last__isnull=False),
            ),
        ]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.object_repr}"

    @property
    def is_batch(self) -> bool:
        return self.batch_last is not None

    def for_record(self, pk: object) -> AuditEvent | None:
        """This event as the history of record `pk` shows it (None: a batch without it).

        A batch event becomes an unsaved copy carrying that record's id, name and values,
        exactly what a per-record creation event would have held.
        """
        if not self.is_batch:
            return self
        batch = orjson.loads(self.batch_records or "{}")
        index = pk - batch.get("first", 0) if isinstance(pk, int) else -1
        if not 0 <= index < len(batch.get("values", ())):
            return None
        fields, values = batch["fields"], batch["values"][index]
        narrowed = copy.copy(self)
        narrowed.object_id = str(pk)
        narrowed.object_repr = batch["names"][index]
        narrowed.changes = {
            name: [None, value]
            for name, value in zip(fields, values, strict=True)
            if value is not None
        }
        return narrowed


# ---------------------------------------------------------------------------------------------
# Notifications (core/notify.py) and outgoing webhooks (core/webhooks.py)
# ---------------------------------------------------------------------------------------------


class NotificationChannel(models.TextChoices):
    IN_APP = "in_app", _("In the app")
    EMAIL = "email", _("E-mail")
    WEBHOOK = "webhook", _("WhatsApp / Telegram (agency gateway)")


class Notification(models.Model):
    """A message shown in the app to one user, until they mark it read."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    event = models.CharField(_("event"), max_length=64)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("message"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        # The bell counts a user's unread ones; the list pages through them newest first.
        indexes = [models.Index(fields=["user", "read_at", "-created_at"])]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")

    def __str__(self) -> str:
        return self.title


class NotificationPreference(models.Model):
    """A user's choice for one event on one channel; without a row the channel is on."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    event = models.CharField(max_length=64)
    channel = models.CharField(max_length=10, choices=NotificationChannel.choices)
    enabled = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "event", "channel"], name="one_preference_per_channel"
            )
        ]

    def __str__(self) -> str:
        return f"{self.event}/{self.channel}: {'on' if self.enabled else 'off'}"


class WebhookEndpoint(TimeStampedModel):
    """An agency's receiver of events (a WhatsApp/Telegram gateway, a dashboard...)."""

    instansi = models.ForeignKey(
        "registry.OrganisationUnit",
        verbose_name=_("agency"),
        on_delete=models.CASCADE,
        related_name="webhook_endpoints",
    )
    name = models.CharField(_("name"), max_length=150)
    url = models.URLField(_("URL"), max_length=500)
    secret = EncryptedTextField(_("signing secret"))
    events = models.JSONField(_("events"), default=list)
    is_active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")

    def __str__(self) -> str:
        return self.name


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    SENDING = "sending", _("Sending")
    RETRYING = "retrying", _("Failed, will retry")
    DELIVERED = "delivered", _("Delivered")
    FAILED = "failed", _("Failed")


class WebhookDelivery(models.Model):
    """One event sent (or to be sent) to one endpoint; its id lets receivers drop repeats."""

    endpoint = models.ForeignKey(
        WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries"
    )
    event = models.CharField(_("event"), max_length=64)
    payload = models.JSONField(_("payload"), default=dict)
    delivery_id = models.CharField(max_length=36, unique=True)
    status = models.CharField(
        _("status"), max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    response_code = models.PositiveSmallIntegerField(_("response code"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["endpoint", "-created_at"])]
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")

    def __str__(self) -> str:
        return f"{self.event} {self.delivery_id}"


# ---------------------------------------------------------------------------------------------
# Working days (core/workdays.py)
# ---------------------------------------------------------------------------------------------


class HolidayOverride(models.Model):
    """A correction to the national holiday calendar the `holidays` package knows.

    An extra day off (a regional holiday, a cuti bersama decided mid-year) or a listed holiday
    that is a working day after all; it wins over the package and over the weekend.
    """

    date = models.DateField(_("date"), unique=True)
    name = models.CharField(_("name"), max_length=150)
    is_working_day = models.BooleanField(
        _("working day"),
        default=False,
        help_text=_("On: the office is open that day even though the national calendar says not."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("holiday override")
        verbose_name_plural = _("holiday overrides")

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.name}"
