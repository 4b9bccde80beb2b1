"""Outgoing webhooks: agencies' endpoints, signed JSON deliveries with retries, and their log.

Each delivery is one row (WebhookDelivery) with a unique id sent as `X-Gaung-Delivery`, so a
receiver can drop a message it already has. The body is signed with the endpoint's secret:
`X-Gaung-Signature: sha256=<hex HMAC-SHA256 of the raw body>`. A failed attempt (network error
or an answer other than 2xx) is retried with a growing pause; a delivered one is never posted
again, even when its task runs twice.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import logging
import secrets
import uuid
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

import httpx
import orjson
from celery import shared_task
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from gaung.core import audit
from gaung.core.choices import AuditAction
from gaung.core.models import DeliveryStatus, WebhookDelivery, WebhookEndpoint
from gaung.core.permissions import ValidationError, require

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 6
TIMEOUT_SECONDS = 10
# A delivery left "sending" this long (its worker died mid-request) may be attempted again.
STALE_SENDING = datetime.timedelta(minutes=5)
ENDPOINT_FIELDS = ("instansi", "name", "url", "events", "is_active")
USER_AGENT = "Gaung-Webhook/1"


def make_secret() -> str:
    return secrets.token_urlsafe(32)


def sign(secret: str, body: bytes) -> str:
    """The `X-Gaung-Signature` value of a body: how receivers check it came from Gaung."""
    digest = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


def retry_delay(attempts: int) -> int:
    """Seconds before the next try: 1, 2, 4, 8, 16 minutes (at most an hour)."""
    return min(60 * 2 ** max(attempts - 1, 0), 3600)


# ---------------------------------------------------------------------------------------------
# Who receives what
# ---------------------------------------------------------------------------------------------


def _agency_path(unit_path: str) -> str:
    from gaung.registry.models import PATH_SEGMENT_WIDTH

    return unit_path[: PATH_SEGMENT_WIDTH + 1]


def endpoints_for(event: str, employees: Iterable[Any]) -> dict[int, list[WebhookEndpoint]]:
    """Employee id -> the active endpoints of their agency subscribed to the event."""
    paths = {employee.pk: _agency_path(employee.unit.path) for employee in employees}
    if not paths:
        return {}
    by_agency: dict[str, list[WebhookEndpoint]] = defaultdict(list)
    # The events list is filtered here: JSON containment is not portable to SQLite.
    for endpoint in WebhookEndpoint.objects.filter(
        is_active=True, instansi__path__in=set(paths.values())
    ).select_related("instansi"):
        if event in endpoint.events:
            by_agency[endpoint.instansi.path].append(endpoint)
    return {pk: by_agency[path] for pk, path in paths.items() if by_agency.get(path)}


def queue_delivery(endpoint: WebhookEndpoint, event: str, data: dict[str, Any]) -> WebhookDelivery:
    """Log a delivery and post it in the background once the transaction commits."""
    delivery = WebhookDelivery.objects.create(
        endpoint=endpoint, event=event, payload=data, delivery_id=str(uuid.uuid4())
    )
    transaction.on_commit(lambda: deliver_webhook.delay(delivery.pk))
    return delivery


# ---------------------------------------------------------------------------------------------
# Delivery
# ---------------------------------------------------------------------------------------------


def body_of(delivery: WebhookDelivery) -> bytes:
    """The exact bytes posted: the same on every attempt, so the signature is too."""
    return orjson.dumps(
        {
            "id": delivery.delivery_id,
            "event": delivery.event,
            "created_at": delivery.created_at.isoformat(),
            "data": delivery.payload,
        }
    )


def _claim(delivery_id: int) -> bool:
    """Mark the delivery as being sent, unless it is delivered, given up or being sent."""
    now = timezone.now()
    waiting = Q(status__in=[DeliveryStatus.PENDING, DeliveryStatus.RETRYING]) | Q(
        status=DeliveryStatus.SENDING, last_attempt_at__lt=now - STALE_SENDING
    )
    claimed = WebhookDelivery.objects.filter(waiting, pk=delivery_id).update(
        status=DeliveryStatus.SENDING, last_attempt_at=now
    )
    return bool(claimed)


def attempt_delivery(delivery_id: int) -> str:
    """Post one delivery once and record the outcome; returns the delivery's new status."""
    if not _claim(delivery_id):
        return (
            WebhookDelivery.objects.filter(pk=delivery_id).values_list("status", flat=True).first()
            or ""
        )
    delivery = WebhookDelivery.objects.select_related("endpoint").get(pk=delivery_id)
    endpoint = delivery.endpoint
    body = body_of(delivery)
    headers = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "X-Gaung-Event": delivery.event,
        "X-Gaung-Delivery": delivery.delivery_id,
        "X-Gaung-Signature": sign(endpoint.secret, body),
    }
    code, error = None, ""
    try:
        response = httpx.post(endpoint.url, content=body, headers=headers, timeout=TIMEOUT_SECONDS)
        code = response.status_code
        if not response.is_success:
            error = f"HTTP {code}: {response.text[:500]}"
    except httpx.HTTPError as exc:
        error = f"{type(exc).__name__}: {exc}"[:1000]
    delivery.attempts += 1
    delivery.response_code = code
    delivery.error = error
    if not error:
        delivery.status = DeliveryStatus.DELIVERED
        delivery.delivered_at = timezone.now()
    elif delivery.attempts >= MAX_ATTEMPTS or not endpoint.is_active:
        delivery.status = DeliveryStatus.FAILED
    else:
        delivery.status = DeliveryStatus.RETRYING
    delivery.save(update_fields=["attempts", "response_code", "error", "status", "delivered_at"])
    if error:
        log.warning(
            "Webhook delivery %s to %s failed (attempt %s): %s",
            delivery.delivery_id, endpoint.url, delivery.attempts, error,
        )  # fmt: skip
    return delivery.status


@shared_task(name="gaung.core.deliver_webhook", bind=True, max_retries=MAX_ATTEMPTS)
def deliver_webhook(self, delivery_id: int) -> str:
    """Post a delivery; when it fails, try again later (see retry_delay)."""
    status = attempt_delivery(delivery_id)
    if status == DeliveryStatus.RETRYING:
        attempts = WebhookDelivery.objects.values_list("attempts", flat=True).get(pk=delivery_id)
        raise self.retry(countdown=retry_delay(attempts))
    return status


# ---------------------------------------------------------------------------------------------
# Endpoints: who may manage them, and their writes
# ---------------------------------------------------------------------------------------------


def agencies_managed_by(user) -> QuerySet:
    """Agencies (root units) whose webhooks the user manages: instansi admins, superusers."""
    from gaung.registry.models import OrganisationUnit
    from gaung.registry.scope import scope_for

    scope = scope_for(user)
    roots = OrganisationUnit.objects.filter(parent__isnull=True)
    if scope.is_superuser:
        return roots
    return roots.filter(path__in=[_agency_path(path) for path in scope.instansi_paths])


def endpoints_managed_by(user) -> QuerySet[WebhookEndpoint]:
    from gaung.registry.scope import scope_for

    scope = scope_for(user)
    endpoints = WebhookEndpoint.objects.select_related("instansi")
    if scope.is_superuser:
        return endpoints
    return endpoints.filter(instansi__in=agencies_managed_by(user))


def _may_manage(actor, instansi) -> bool:
    return instansi is not None and agencies_managed_by(actor).filter(pk=instansi.pk).exists()


def _check_events(events: list[str]) -> list[str]:
    from gaung.core.notify import EVENTS

    events = list(dict.fromkeys(events))
    if not events or any(event not in EVENTS for event in events):
        raise ValidationError({"events": _("Choose at least one event.")})
    return events


@transaction.atomic
def save_endpoint(actor, endpoint: WebhookEndpoint | None = None, **fields: Any):
    """Create or change an agency's endpoint; an empty secret keeps (or makes) one."""
    endpoint = endpoint or WebhookEndpoint()
    before = audit.snapshot(endpoint, ENDPOINT_FIELDS) if endpoint.pk else {}
    old_instansi = endpoint.instansi if endpoint.pk else None
    secret = fields.pop("secret", "") or ""
    for name, value in fields.items():
        setattr(endpoint, name, value)
    require(
        _may_manage(actor, getattr(endpoint, "instansi", None))
        and (old_instansi is None or _may_manage(actor, old_instansi)),
        _("Only the agency's administrators manage its webhooks."),
    )
    if endpoint.pk is None:
        endpoint.created_by = actor
    endpoint.events = _check_events(endpoint.events)
    if secret.strip():
        endpoint.secret = secret.strip()
    elif not endpoint.secret:
        endpoint.secret = make_secret()
    endpoint.full_clean(exclude=["created_by"])
    endpoint.save()
    changes = audit.diff(before, audit.snapshot(endpoint, ENDPOINT_FIELDS))
    if secret.strip() and before:
        changes["secret"] = ["***", "***"]  # that it changed, never the value
    audit.record(
        actor, AuditAction.UPDATE if before else AuditAction.CREATE, endpoint,
        changes=changes, unit_path=endpoint.instansi.path,
    )  # fmt: skip
    return endpoint


@transaction.atomic
def delete_endpoint(actor, endpoint: WebhookEndpoint) -> None:
    require(_may_manage(actor, endpoint.instansi), _("Not your agency."))
    audit.record(
        actor, AuditAction.DELETE, endpoint,
        changes=audit.diff(audit.snapshot(endpoint, ENDPOINT_FIELDS), {}),
        unit_path=endpoint.instansi.path,
    )  # fmt: skip
    endpoint.delete()


@transaction.atomic
def send_test(actor, endpoint: WebhookEndpoint) -> WebhookDelivery:
    """Queue a `webhook.test` delivery so the admin can see the gateway answer."""
    require(_may_manage(actor, endpoint.instansi), _("Not your agency."))
    return queue_delivery(
        endpoint,
        "webhook.test",
        {
            "title": _("Test message from Gaung"),
            "body": _("If your gateway received this, the webhook works."),
            "sent_by": actor.get_username(),
        },
    )


@transaction.atomic
def retry_delivery(actor, delivery: WebhookDelivery) -> WebhookDelivery:
    """Send a failed delivery again, with the same id and body (receivers drop repeats).

    It gets a fresh round of MAX_ATTEMPTS attempts; the earlier attempts stay in the
    endpoint's audit history.
    """
    endpoint = delivery.endpoint
    require(_may_manage(actor, endpoint.instansi), _("Not your agency."))
    delivery = WebhookDelivery.objects.select_for_update().get(pk=delivery.pk)
    if delivery.status != DeliveryStatus.FAILED:
        raise ValidationError(_("Only a failed delivery can be sent again."))
    audit.record(
        actor, AuditAction.UPDATE, endpoint,
        changes={"delivery": [f"{delivery.delivery_id} {delivery.status}", "retry"]},
        unit_path=endpoint.instansi.path,
        note=_("Delivery sent again after %(attempts)s failed attempts: %(error)s")
        % {"attempts": delivery.attempts, "error": delivery.error[:200]},
    )  # fmt: skip
    delivery.status = DeliveryStatus.PENDING
    delivery.attempts = 0
    delivery.save(update_fields=["status", "attempts"])
    transaction.on_commit(lambda: deliver_webhook.delay(delivery.pk))
    return delivery
