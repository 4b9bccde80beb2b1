"""The ICS feed: a user's content calendar for Google Calendar, Outlook or a phone.

Written by hand (RFC 5545 needs little for a read-only feed): CRLF line ends, lines folded at
75 octets, TEXT values escaped, times in UTC. The URL carries a per-user secret
(calendar_actions.regenerate_calendar_token); only its hash is looked up.
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Iterable
from urllib.parse import urlsplit

from django.conf import settings
from django.db.models import Case, F, When
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gaung.content.choices import ContentState
from gaung.content.models import CalendarToken
from gaung.content.querysets import items_visible_to

PAST = datetime.timedelta(days=60)
FUTURE = datetime.timedelta(days=365)
# A post is a moment; half an hour makes it visible in day views of calendar apps.
EVENT_LENGTH = datetime.timedelta(minutes=30)
LINE_OCTETS = 75
CONFIRMED = frozenset({ContentState.SCHEDULED, ContentState.PUBLISHED})


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def user_for_token(token: str):
    """The active user whose feed this secret opens, or None."""
    found = (
        CalendarToken.objects.select_related("user")
        .filter(token_hash=hash_token(token), user__is_active=True)
        .first()
    )
    return found.user if found else None


def feed_url(token: str) -> str:
    return settings.SITE_URL + reverse("content:calendar_ics", args=[token])


# RFC 5545 building blocks -----------------------------------------------------------------


def escape_text(value: str) -> str:
    """A TEXT value (3.3.11): backslash, semicolon, comma and line breaks escaped."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def fold(line: str) -> str:
    """Split a content line into lines of at most 75 octets (3.1), never inside a character."""
    pieces: list[str] = []
    current, size, limit = [], 0, LINE_OCTETS
    for char in line:
        width = len(char.encode())
        if size + width > limit:
            pieces.append("".join(current))
            # A continuation line starts with a space, which counts towards its 75 octets.
            current, size, limit = [], 0, LINE_OCTETS - 1
        current.append(char)
        size += width
    pieces.append("".join(current))
    return "\r\n ".join(pieces)


def utc_stamp(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def render(lines: Iterable[str]) -> str:
    return "".join(f"{fold(line)}\r\n" for line in lines)


# The feed ----------------------------------------------------------------------------------


def feed_items(user, now: datetime.datetime):
    """Items the user may see, planned, scheduled or published 60 days back to a year ahead."""
    return (
        items_visible_to(user)
        .exclude(state__in=(ContentState.REJECTED, ContentState.CANCELLED))
        .annotate(
            shown_at=Case(
                When(state=ContentState.PUBLISHED, then=Coalesce("published_at", "planned_at")),
                default=F("planned_at"),
            )
        )
        .filter(shown_at__gte=now - PAST, shown_at__lt=now + FUTURE)
        .prefetch_related("target_accounts")
        .order_by("shown_at", "pk")
    )


def ics_for(user, now: datetime.datetime | None = None) -> str:
    now = now or timezone.now()
    host = urlsplit(settings.SITE_URL).hostname or "gaung"
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Gaung//Content calendar//ID",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(_('Gaung content calendar'))}",
    ]
    for item in feed_items(user, now):
        lines += _event(item, host, now)
    lines.append("END:VCALENDAR")
    return render(lines)


def _event(item, host: str, now: datetime.datetime) -> list[str]:
    url = settings.SITE_URL + reverse("content:item_detail", args=[item.pk])
    accounts = ", ".join(f"{a.get_platform_display()} @{a.handle}"
                         for a in item.target_accounts.all())  # fmt: skip
    description = "\n".join(
        part
        for part in (
            f"{_('Status')}: {item.get_state_display()}",
            f"{_('Unit')}: {item.unit.name}",
            f"{_('Accounts')}: {accounts}" if accounts else "",
            item.key_message,
            item.permalink,
            url,
        )
        if part
    )
    return [
        "BEGIN:VEVENT",
        # Stable per item, so a moved item moves in the subscriber's calendar.
        f"UID:content-item-{item.pk}@{host}",
        f"DTSTAMP:{utc_stamp(now)}",
        f"LAST-MODIFIED:{utc_stamp(item.updated_at)}",
        f"DTSTART:{utc_stamp(item.shown_at)}",
        f"DTEND:{utc_stamp(item.shown_at + EVENT_LENGTH)}",
        f"SUMMARY:{escape_text(f'{item.title} ({item.get_state_display()})')}",
        f"DESCRIPTION:{escape_text(description)}",
        f"URL:{url}",
        f"STATUS:{'CONFIRMED' if item.state in CONFIRMED else 'TENTATIVE'}",
        "TRANSP:TRANSPARENT",
        "END:VEVENT",
    ]
