"""Reminders to ASN who have not finished a campaign that is about to close.

Run hourly (Celery beat, or `gaung send_campaign_reminders` from cron). A campaign is due for
reminders from `reminder_lead_hours` before its deadline until the deadline. Everyone assigned
to a due campaign whose status is belum or kurang is reminded, at most once a day per person
whatever the number of campaigns (the most urgent one is named, the others counted): the
Reminder row is inserted first and the message goes out only when that insert won, so two
runs the same day (or two beat processes) never remind anyone twice. The day is the calendar
day in the employee's agency's time zone.
"""

from __future__ import annotations

import datetime
import logging
import zoneinfo
from collections import defaultdict
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from gaung.amplification.choices import CampaignStatus, RecapStatus
from gaung.amplification.models import Assignment, Campaign, Reminder
from gaung.core.notify import absolute, notify
from gaung.registry.models import PATH_SEGMENT_WIDTH, OrganisationUnit

log = logging.getLogger(__name__)

EVENT = "amplification.reminder"
REMINDED = (RecapStatus.NOT_YET, RecapStatus.PARTIAL)


def due_campaigns(now: datetime.datetime) -> list[Campaign]:
    """Active campaigns whose deadline is within their reminder lead time and not yet passed."""
    candidates = Campaign.objects.filter(
        status=CampaignStatus.ACTIVE, starts_at__lte=now, deadline__gt=now
    )
    return [
        campaign
        for campaign in candidates
        if campaign.deadline - datetime.timedelta(hours=campaign.reminder_lead_hours) <= now
    ]


def _agency_zones(paths: set[str]) -> dict[str, zoneinfo.ZoneInfo]:
    """Agency path -> its time zone (the root unit's)."""
    zones = dict(OrganisationUnit.objects.filter(path__in=paths).values_list("path", "time_zone"))
    return {path: zoneinfo.ZoneInfo(zones.get(path) or settings.TIME_ZONE) for path in paths}


def _agency(assignment: Assignment) -> str:
    """The path of the employee's agency (where they are now)."""
    return assignment.employee.unit.path[: PATH_SEGMENT_WIDTH + 1]


def _when(moment: datetime.datetime, zone: zoneinfo.ZoneInfo) -> str:
    local = moment.astimezone(zone)
    return f"{formats.date_format(local, 'j M Y')} {local:%H.%M} {local.tzname()}"


def _message(assignment: Assignment, zone: zoneinfo.ZoneInfo, others: int) -> dict[str, Any]:
    campaign = assignment.campaign
    employee = assignment.employee
    page = reverse("amplification_asn:my_campaign", args=[assignment.pk])
    tracked = absolute(reverse("amplification_asn:tracked_link", args=[assignment.token]))
    deadline = _when(campaign.deadline, zone)
    if assignment.status == RecapStatus.PARTIAL:
        progress = _("You have done %(done)s of %(asked)s actions.") % {
            "done": assignment.done,
            "asked": assignment.asked,
        }
    else:
        progress = _("You have not sent any proof yet.")
    lines = [
        _("Hello %(name)s,") % {"name": employee.full_name},
        _("The campaign “%(title)s” closes on %(deadline)s.")
        % {"title": campaign.title, "deadline": deadline},
        progress,
        _("Share it and send your proof here: %(url)s") % {"url": absolute(page)},
    ]
    if others:
        lines.append(
            ngettext(
                "You also have %(count)s other campaign to finish.",
                "You also have %(count)s other campaigns to finish.",
                others,
            )
            % {"count": others}
        )
    text = "\n".join(lines)
    return {
        "title": _("Reminder: %(title)s") % {"title": campaign.title},
        "body": text,
        "url": page,
        "payload": {
            "message": text,
            "employee": {
                "name": employee.full_name,
                "nip": employee.nip or "",
                "phone": employee.phone,
                "email": employee.email,
            },
            "campaign": {
                "id": campaign.pk,
                "title": campaign.title,
                "deadline": campaign.deadline.isoformat(),
                "post_url": campaign.post_url,
            },
            "assignment": {
                "id": assignment.pk,
                "status": assignment.status,
                "done": assignment.done,
                "asked": assignment.asked,
            },
            "page_url": absolute(page),
            "tracked_url": tracked,
            "other_campaigns": others,
        },
    }


def _remind(assignment: Assignment, day: datetime.date, zone, others: int) -> bool:
    """Remind one employee about one assignment, unless they were reminded that day."""
    try:
        with transaction.atomic():
            reminder = Reminder.objects.create(
                employee_id=assignment.employee_id, assignment=assignment, sent_on=day
            )
            message = _message(assignment, zone, others)
            sent = notify([assignment.employee], EVENT, **message)
            reminder.channels = [channel for channel, count in sent.items() if count]
            reminder.save(update_fields=["channels"])
    except IntegrityError:
        return False  # reminded already today (another run won the insert)
    return True


def send_due_reminders(now: datetime.datetime | None = None) -> dict[str, int]:
    """Remind everyone with an unfinished due campaign; returns how many were reminded."""
    now = now or timezone.now()
    campaigns = due_campaigns(now)
    if not campaigns:
        return {"campaigns": 0, "reminded": 0, "skipped": 0}
    assignments = (
        Assignment.objects.filter(
            campaign__in=campaigns, status__in=REMINDED, employee__is_active=True
        )
        .select_related("campaign", "employee__user", "employee__unit")
        .order_by("employee_id", "campaign__deadline", "pk")
    )
    per_employee: dict[int, list[Assignment]] = defaultdict(list)
    for assignment in assignments:
        per_employee[assignment.employee_id].append(assignment)
    zones = _agency_zones({_agency(mine[0]) for mine in per_employee.values()})
    days = {path: now.astimezone(zone).date() for path, zone in zones.items()}
    already = set(
        Reminder.objects.filter(
            employee_id__in=list(per_employee), sent_on__in=set(days.values())
        ).values_list("employee_id", "sent_on")
    )
    reminded = skipped = 0
    # The messages are read by ASN: in the install's language (Indonesian), not the caller's.
    with translation.override(settings.LANGUAGE_CODE):
        for employee_id, mine in per_employee.items():
            zone, day = zones[_agency(mine[0])], days[_agency(mine[0])]
            if (employee_id, day) in already:
                skipped += 1
                continue
            try:
                won = _remind(mine[0], day, zone, len(mine) - 1)
            except Exception:
                # One broken record must not keep everyone else from being reminded.
                log.exception("Reminder for employee %s failed", employee_id)
                continue
            reminded += won
            skipped += not won
    log.info("Amplification reminders: %s sent, %s already reminded today", reminded, skipped)
    return {"campaigns": len(campaigns), "reminded": reminded, "skipped": skipped}
