"""One way for every app to tell people something: in the app, by e-mail, through webhooks.

`notify(recipients, event, ...)` takes users or employees. Each recipient gets the message on
each channel they have not switched off for that event (NotificationPreference; no row means
on): an in-app Notification when they have a login, an e-mail when an address is known, and a
webhook delivery to every active endpoint of their agency subscribed to the event (a
WhatsApp/Telegram gateway sends it on from there). Nothing leaves before the transaction
commits, so a rolled-back action never tells anyone that it happened.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gaung.core.models import Notification, NotificationChannel, NotificationPreference
from gaung.core.tasks import queue_mail

CHANNELS = tuple(NotificationChannel)


@dataclass(frozen=True)
class Event:
    name: str
    label: Any
    description: Any = ""
    # Shown on the users' preferences page (the webhook test is for endpoints only).
    for_users: bool = True


# Every event any app sends is declared here, so the preferences page and the webhook form
# list them without importing every app.
EVENTS: dict[str, Event] = {
    event.name: event
    for event in (
        Event(
            "amplification.reminder",
            _("Amplification campaign reminders"),
            _("A campaign you have not finished yet is about to close."),
        ),
        Event(
            "content.assigned",
            _("Content assigned to you"),
            _("An item was submitted to you as supervisor, or you were assigned its design."),
        ),
        Event(
            "content.review_requested",
            _("Content review requested"),
            _("An item waits for your review."),
        ),
        Event(
            "content.revision_requested",
            _("Content revision requested"),
            _("A reviewer asked for changes to an item you work on."),
        ),
        Event(
            "content.approved",
            _("Content approved"),
            _("An item you wrote or publish was approved."),
        ),
        Event(
            "content.rejected",
            _("Content rejected"),
            _("An item you wrote was rejected."),
        ),
        Event(
            "content.overdue",
            _("Content overdue"),
            _("An item waiting on you has passed its service time."),
        ),
        Event(
            "webhook.test",
            _("Test message"),
            _("Sent by the “Send a test” button of a webhook endpoint."),
            for_users=False,
        ),
    )
}


def user_events() -> list[Event]:
    return [event for event in EVENTS.values() if event.for_users]


@dataclass
class Recipient:
    user: Any | None
    employee: Any | None

    @property
    def email(self) -> str:
        if self.employee is not None and self.employee.email:
            return self.employee.email
        return getattr(self.user, "email", "") or ""

    @property
    def key(self) -> tuple:
        return (getattr(self.user, "pk", None), getattr(self.employee, "pk", None))

    def describe(self) -> dict[str, Any]:
        """Who the message is for, as a gateway needs it (name, NIP, phone, e-mail)."""
        employee = self.employee
        if employee is not None:
            return {
                "employee_id": employee.pk,
                "name": employee.full_name,
                "nip": employee.nip or "",
                "phone": employee.phone,
                "email": employee.email,
            }
        user = self.user
        return {
            "employee_id": None,
            "name": user.get_full_name() or user.get_username(),
            "nip": "",
            "phone": "",
            "email": user.email,
        }


def _recipients(people: Iterable[Any]) -> list[Recipient]:
    from gaung.registry.models import Employee

    people = list(people)
    users = [p for p in people if isinstance(p, get_user_model())]
    # One query for the employee records of the users given (their address, phone, agency).
    employee_of = (
        {
            employee.user_id: employee
            for employee in Employee.objects.filter(user__in=users).select_related("unit")
        }
        if users
        else {}
    )
    found: dict[tuple, Recipient] = {}
    for person in people:
        if isinstance(person, Employee):
            recipient = Recipient(user=person.user, employee=person)
        elif isinstance(person, get_user_model()):
            recipient = Recipient(user=person, employee=employee_of.get(person.pk))
        else:
            raise TypeError(f"Cannot notify {person!r}: give users or employees.")
        found.setdefault(recipient.key, recipient)
    return list(found.values())


def disabled_channels(user_ids: Iterable[int], event: str) -> set[tuple[int, str]]:
    """(user id, channel) pairs switched off for this event."""
    return set(
        NotificationPreference.objects.filter(
            user_id__in=list(user_ids), event=event, enabled=False
        ).values_list("user_id", "channel")
    )


def absolute(url: str) -> str:
    """A link as it must appear outside the app (e-mail, webhooks)."""
    return settings.SITE_URL + url if url.startswith("/") else url


def notify(
    people: Iterable[Any],
    event: str,
    title: str,
    body: str = "",
    url: str = "",
    payload: dict[str, Any] | None = None,
) -> dict[str, int]:
    """Send one message to users and/or employees; returns how many went out per channel.

    `url` may be a path ("/me/campaigns/7/"): e-mails and webhooks get it absolute.
    `payload` is added to the webhook body as `data` (JSON-serialisable values only).
    """
    from gaung.core import webhooks

    if event not in EVENTS:
        raise ValueError(f"Unknown notification event {event!r}: declare it in EVENTS.")
    recipients = _recipients(people)
    off = disabled_channels([r.user.pk for r in recipients if r.user is not None], event)

    def wants(recipient: Recipient, channel: str) -> bool:
        return recipient.user is None or (recipient.user.pk, channel) not in off

    sent = dict.fromkeys(CHANNELS, 0)
    in_app = [
        Notification(user=r.user, event=event, title=title[:200], body=body, url=url)
        for r in recipients
        if r.user is not None and wants(r, NotificationChannel.IN_APP)
    ]
    Notification.objects.bulk_create(in_app)
    sent[NotificationChannel.IN_APP] = len(in_app)

    link = absolute(url) if url else ""
    text = f"{body}\n\n{link}".strip() if link else body
    for recipient in recipients:
        if recipient.email and wants(recipient, NotificationChannel.EMAIL):
            queue_mail(title, text, [recipient.email])
            sent[NotificationChannel.EMAIL] += 1

    by_agency = webhooks.endpoints_for(
        event, [r.employee for r in recipients if r.employee is not None]
    )
    for recipient in recipients:
        if recipient.employee is None or not wants(recipient, NotificationChannel.WEBHOOK):
            continue
        for endpoint in by_agency.get(recipient.employee.pk, ()):
            message = {
                "title": title,
                "body": body,
                "url": link,
                "recipient": recipient.describe(),
                "data": payload or {},
            }
            webhooks.queue_delivery(endpoint, event, message)
            sent[NotificationChannel.WEBHOOK] += 1
    return {str(channel): count for channel, count in sent.items()}


# ---------------------------------------------------------------------------------------------
# A user's own notifications and preferences (their writes, called from the pages)
# ---------------------------------------------------------------------------------------------


def unread_count(user) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def mark_read(user, notification_ids: Iterable[int] | None = None) -> int:
    """Mark some (or, with None, all) of the user's unread notifications read."""
    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    if notification_ids is not None:
        unread = unread.filter(pk__in=list(notification_ids))
    return unread.update(read_at=timezone.now())


def preferences_of(user) -> dict[tuple[str, str], bool]:
    """(event, channel) -> on/off for every user-facing event and channel."""
    stored = dict(
        ((event, channel), enabled)
        for event, channel, enabled in NotificationPreference.objects.filter(user=user).values_list(
            "event", "channel", "enabled"
        )
    )
    return {
        (event.name, str(channel)): stored.get((event.name, str(channel)), True)
        for event in user_events()
        for channel in CHANNELS
    }


@transaction.atomic
def save_preferences(user, enabled: Iterable[tuple[str, str]]) -> int:
    """Store the user's choices: the given (event, channel) pairs on, the others off.

    Returns how many choices changed.
    """
    wanted = set(enabled)
    current = preferences_of(user)
    changed = 0
    for (event, channel), was_on in current.items():
        now_on = (event, channel) in wanted
        if now_on != was_on:
            NotificationPreference.objects.update_or_create(
                user=user, event=event, channel=channel, defaults={"enabled": now_on}
            )
            changed += 1
    return changed
