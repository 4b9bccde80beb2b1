"""Permission-matrix rows for the notification pages and the agency's webhooks
(tests/test_permission_matrix.py), with the records they act on and their fingerprint.

Every logged-in user reads and manages their own notifications and preferences (one unread
notification each, so "mark all read" changes something for everyone); only the instansi
admin manages the agency's webhook endpoints.
"""

from django.urls import reverse

from gaung.core.models import (
    DeliveryStatus,
    Notification,
    NotificationPreference,
    WebhookDelivery,
    WebhookEndpoint,
)

LOGGED_IN = frozenset({"asn", "other_unit_admin", "unit_admin", "instansi_admin"})
ASN = frozenset({"asn"})
INSTANSI_ADMIN = frozenset({"instansi_admin"})
ENDPOINT_NAME = "Gateway WA Matriks"


def add_notifications(world: dict) -> None:
    """An unread notification for every user, and a webhook endpoint of the agency."""
    for role, user in world["users"].items():
        if user is not None:
            made = Notification.objects.create(
                user=user, event="amplification.reminder", title=f"Pengingat Matriks {role}",
                url="/me/campaigns/",
            )  # fmt: skip
            world.setdefault("notifications", {})[role] = made
    endpoint = WebhookEndpoint.objects.create(
        instansi=world["dinkes"].parent, name=ENDPOINT_NAME, url="http://127.0.0.1:9/hook",
        secret="rahasia-matriks", events=["amplification.reminder"],
    )  # fmt: skip
    failed = WebhookDelivery.objects.create(
        endpoint=endpoint, event="amplification.reminder", payload={"n": 1},
        delivery_id="6b7d8e2f-1c3a-4e5b-9f60-7a8b9c0d1e2f", status=DeliveryStatus.FAILED,
        attempts=6, error="HTTP 500",
    )  # fmt: skip
    world.update(notification=world["notifications"]["asn"], webhook=endpoint, delivery=failed)


def notifications_fingerprint() -> tuple:
    """Everything of notifications a forbidden request must leave as it was."""
    return (
        list(Notification.objects.order_by("pk").values_list("pk", "read_at")),
        list(NotificationPreference.objects.order_by("pk").values_list(
            "pk", "user_id", "event", "channel", "enabled")),
        list(WebhookEndpoint.objects.order_by("pk").values_list(
            "pk", "name", "url", "events", "is_active")),
        list(WebhookDelivery.objects.order_by("pk").values_list("pk", "status", "attempts")),
    )  # fmt: skip


def _url(name: str, key: str | None = None):
    return lambda w: reverse(f"core:{name}", args=[w[key].pk] if key else [])


def _endpoint_form(w: dict) -> dict:
    return {
        "instansi": w["dinkes"].parent.pk,
        "name": "Gateway Telegram Matriks",
        "url": "https://gateway.kotacontoh.go.id/hook",
        "secret": "",
        "events": ["amplification.reminder"],
        "is_active": "on",
    }


ROWS: list[dict] = [
    dict(name="core:notification_list", method="GET", url=_url("notification_list"),
         allowed=LOGGED_IN),
    dict(name="core:notification_bell", method="GET", url=_url("notification_bell"),
         allowed=LOGGED_IN),
    dict(name="core:notification_read", method="POST", url=_url("notification_read",
         "notification"), allowed=ASN),
    dict(name="core:notification_read_all", method="POST", url=_url("notification_read_all"),
         allowed=LOGGED_IN),
    dict(name="core:notification_preferences", method="GET",
         url=_url("notification_preferences"), allowed=LOGGED_IN),
    dict(name="core:notification_preferences", method="POST",
         url=_url("notification_preferences"), allowed=LOGGED_IN,
         data=lambda w: {"enabled": ["amplification.reminder:in_app"]}, label="save"),
    dict(name="core:webhook_list", method="GET", url=_url("webhook_list"),
         allowed=INSTANSI_ADMIN, marker=lambda w: ENDPOINT_NAME),
    dict(name="core:webhook_create", method="POST", url=_url("webhook_create"),
         allowed=INSTANSI_ADMIN, data=_endpoint_form),
    dict(name="core:webhook_edit", method="GET", url=_url("webhook_edit", "webhook"),
         allowed=INSTANSI_ADMIN),
    dict(name="core:webhook_edit", method="POST", url=_url("webhook_edit", "webhook"),
         allowed=INSTANSI_ADMIN, data=lambda w: {**_endpoint_form(w), "name": "Gateway Baru"},
         label="save"),
    dict(name="core:webhook_delete", method="POST", url=_url("webhook_delete", "webhook"),
         allowed=INSTANSI_ADMIN),
    dict(name="core:webhook_test", method="POST", url=_url("webhook_test", "webhook"),
         allowed=INSTANSI_ADMIN),
    dict(name="core:webhook_retry", method="POST",
         url=lambda w: reverse("core:webhook_retry", args=[w["webhook"].pk, w["delivery"].pk]),
         allowed=INSTANSI_ADMIN),
]  # fmt: skip
