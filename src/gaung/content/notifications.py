"""Who is told what as content moves through the workflow, and when a step is overdue.

Recipients are the team of the item's unit (a TeamMembership on it or an ancestor) holding the
role concerned, plus the item's author and designer where the step concerns them; never the
person who acted. Messages are written in the install's language (the team reads them, not
the actor's browser) when the step is taken, and handed to core.notify once the transaction
commits: a refused or rolled-back step tells nobody, and a failing mail server never undoes a
step. Each user's preferences per event and channel are applied by core.notify.
"""

from __future__ import annotations

import datetime
import functools
import logging
import zoneinfo
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from gaung.content.choices import APPROVED_STATES, ContentState, TeamRole
from gaung.content.models import ContentEvent, ContentItem
from gaung.content.querysets import overdue, team_members, waiting_roles
from gaung.content.workflow import AUTHOR
from gaung.core import workdays
from gaung.core.notify import absolute, notify

log = logging.getLogger(__name__)

ASSIGNED = "content.assigned"
REVIEW_REQUESTED = "content.review_requested"
REVISION_REQUESTED = "content.revision_requested"
APPROVED = "content.approved"
REJECTED = "content.rejected"
OVERDUE = "content.overdue"
# The history row that marks an overdue notice as sent for the item's current state.
OVERDUE_MARK = "overdue_notice"


# ---------------------------------------------------------------------------------------------
# Recipients
# ---------------------------------------------------------------------------------------------


def _team(item: ContentItem, *roles: str) -> list:
    return list(team_members(item.unit, roles))


def _author(item: ContentItem) -> list:
    author = item.created_by
    return [author] if author is not None and author.is_active else []


def _designer(item: ContentItem) -> list:
    designer = item.designer
    return [designer] if designer is not None and designer.is_active else []


def _involved(item: ContentItem) -> list:
    """The author, the designer and whoever submitted or edited the item: the people who
    make the changes a reviewer asks for."""
    from django.contrib.auth import get_user_model

    worked = ContentEvent.objects.filter(
        item=item, action__in=("submit", "edit"), actor__isnull=False
    ).values("actor")
    others = get_user_model().objects.filter(pk__in=worked, is_active=True)
    return [*_author(item), *_designer(item), *others]


def _recipients(item: ContentItem, action: str, actor) -> tuple[str, list] | None:
    """The event and the people told about one workflow step (None: nobody is told)."""
    if action == "submit":
        return ASSIGNED, _team(item, TeamRole.SUPERVISOR)
    if action == "start_design":
        if item.designer_id is not None:
            return ASSIGNED, _designer(item)
        # A designer who takes the item themselves needs telling nobody.
        if actor is not None and TeamRole.DESIGNER in _roles(actor, item):
            return None
        return ASSIGNED, _team(item, TeamRole.DESIGNER)
    if action in ("send_to_review", "reopen"):
        return REVIEW_REQUESTED, _team(item, TeamRole.SUPERVISOR, TeamRole.REVIEWER)
    if action == "request_revision":
        return REVISION_REQUESTED, _involved(item)
    if action == "approve":
        return APPROVED, [*_author(item), *_team(item, TeamRole.PUBLISHER)]
    if action == "reject":
        return REJECTED, _author(item)
    return None


def _roles(user, item: ContentItem) -> frozenset[str]:
    from gaung.content.actions import roles_of

    return roles_of(user, item)


def _waiting(item: ContentItem) -> list:
    """The people expected to move an overdue item on from its state."""
    people: list = []
    for role in sorted(waiting_roles(item.state)):
        if role == AUTHOR:
            people += _author(item)
        elif role == TeamRole.DESIGNER and item.designer_id is not None:
            people += _designer(item)
        elif role == TeamRole.CONTRIBUTOR:
            # Every contributor of a big unit does not wait on someone else's revision.
            people += _involved(item)
        else:
            people += _team(item, role)
    return people


def _distinct(people: Iterable, actor=None) -> list:
    actor_id = getattr(actor, "pk", None)
    found: dict[int, Any] = {}
    for person in people:
        if person.pk != actor_id:
            found.setdefault(person.pk, person)
    return list(found.values())


# ---------------------------------------------------------------------------------------------
# Messages
# ---------------------------------------------------------------------------------------------


def item_path(item: ContentItem) -> str:
    """The item page's path (a plain path while the item pages are not installed)."""
    try:
        return reverse("content:item_detail", args=[item.pk])
    except NoReverseMatch:
        return f"/content/{item.pk}/"


def _name(user) -> str:
    if user is None:
        return _("Gaung")
    employee = getattr(user, "employee", None)  # None too when the login has no employee
    if employee is not None:
        return employee.full_name
    return user.get_full_name() or user.get_username()


def _when(moment: datetime.datetime | None, item: ContentItem) -> str:
    if moment is None:
        return ""
    zone = zoneinfo.ZoneInfo(item.unit.time_zone or settings.TIME_ZONE)
    local = moment.astimezone(zone)
    return f"{formats.date_format(local, 'j M Y')} {local:%H.%M} {local.tzname()}"


def _lines(item: ContentItem, event: str, action: str, actor) -> tuple[str, list]:
    values = {"actor": _name(actor), "title": item.title, "unit": item.unit.name}
    if event == ASSIGNED and action == "submit":
        return _("New content to handle: %(title)s") % values, [
            _("%(actor)s submitted “%(title)s” (%(unit)s).") % values
        ]
    if event == ASSIGNED:
        if item.designer_id is not None:
            line = _("%(actor)s assigned you the design of “%(title)s” (%(unit)s).") % values
        else:
            line = _("%(actor)s sent “%(title)s” (%(unit)s) to the design team.") % values
        return _("Design to make: %(title)s") % values, [line]
    if event == REVIEW_REQUESTED:
        if action == "reopen":
            line = _(
                "%(actor)s changed “%(title)s” (%(unit)s) after it was approved: it needs "
                "approving again."
            )
        else:
            line = _("%(actor)s sent “%(title)s” (%(unit)s) to review.")
        return _("Review requested: %(title)s") % values, [line % values]
    if event == REVISION_REQUESTED:
        return _("Revision requested: %(title)s") % values, [
            _("%(actor)s asked for changes to “%(title)s” (%(unit)s).") % values
        ]
    if event == APPROVED:
        lines = [
            _("%(actor)s approved version %(version)s of “%(title)s” (%(unit)s).")
            % {**values, "version": item.version}
        ]
        if item.planned_at:
            lines.append(_("Planned for %(when)s.") % {"when": _when(item.planned_at, item)})
        return _("Approved: %(title)s") % values, lines
    return _("Rejected: %(title)s") % values, [
        _("%(actor)s rejected “%(title)s” (%(unit)s).") % values
    ]


def _payload(item: ContentItem, action: str, actor, comment: str) -> dict[str, Any]:
    """What a webhook gateway receives as `data` (JSON values only)."""
    return {
        "action": action,
        "actor": _name(actor) if actor is not None else None,
        "comment": comment,
        "item": {
            "id": item.pk,
            "title": item.title,
            "state": item.state,
            "unit": item.unit.name,
            "version": item.version,
            "planned_at": item.planned_at.isoformat() if item.planned_at else None,
            "due_at": item.due_at.isoformat() if item.due_at else None,
            "url": absolute(item_path(item)),
        },
    }


def _message(item: ContentItem, event: str, action: str, actor, comment: str) -> dict[str, Any]:
    with translation.override(settings.LANGUAGE_CODE):
        title, lines = _lines(item, event, action, actor)
        if comment:
            lines.append(_("Comment: %(comment)s") % {"comment": comment})
        if item.due_at:
            lines.append(_("Due: %(when)s.") % {"when": _when(item.due_at, item)})
    return {
        "title": title,
        "body": "\n".join(lines),
        "url": item_path(item),
        "payload": _payload(item, action, actor, comment),
    }


def _send(people: list, event: str, message: dict[str, Any]) -> None:
    with transaction.atomic():
        notify(people, event, **message)


# ---------------------------------------------------------------------------------------------
# Hooks called by the actions
# ---------------------------------------------------------------------------------------------


def after_transition(item: ContentItem, action: str, actor, comment: str = "") -> None:
    """Tell the people a workflow step concerns, once the step is committed."""
    planned = _recipients(item, action, actor)
    if planned is None:
        return
    event, people = planned
    people = _distinct(people, actor)
    if not people:
        return
    message = _message(item, event, action, actor, comment)
    # robust: a failed notification is logged; the step it reports stays taken.
    transaction.on_commit(functools.partial(_send, people, event, message), robust=True)


def after_edit(item: ContentItem, before_state: str, actor) -> None:
    """An approved item that was changed needs approving again: its reviewers are told."""
    if before_state in APPROVED_STATES and item.state == ContentState.IN_REVIEW:
        after_transition(item, "reopen", actor)


# ---------------------------------------------------------------------------------------------
# Overdue steps
# ---------------------------------------------------------------------------------------------


def _overdue_message(item: ContentItem, now: datetime.datetime) -> dict[str, Any]:
    with translation.override(settings.LANGUAGE_CODE):
        zone = zoneinfo.ZoneInfo(item.unit.time_zone or settings.TIME_ZONE)
        late = workdays.working_days_between(
            item.due_at.astimezone(zone).date(), now.astimezone(zone).date()
        )
        values = {
            "title": item.title,
            "unit": item.unit.name,
            "state": item.get_state_display(),
            "due": _when(item.due_at, item),
        }
        lines = [_("“%(title)s” (%(unit)s) is “%(state)s”: this step was due %(due)s.") % values]
        if late:
            lines.append(_("%(days)s working days late.") % {"days": late})
        lines.append(_("It is waiting on you."))
        title = _("Overdue: %(title)s") % values
    return {
        "title": title,
        "body": "\n".join(lines),
        "url": item_path(item),
        "payload": {**_payload(item, OVERDUE_MARK, None, ""), "working_days_late": late},
    }


def _notify_overdue_item(pk: int, now: datetime.datetime) -> bool:
    """Send one item's overdue notice unless it went out for this state already."""
    with transaction.atomic():
        item = (
            overdue(ContentItem.objects.select_for_update(of=("self",)), now)
            .select_related("unit", "created_by", "designer")
            .filter(pk=pk)
            .first()
        )
        if item is None:
            return False  # moved on since the list was read
        marks = ContentEvent.objects.filter(item=item, action=OVERDUE_MARK, to_state=item.state)
        if item.state_changed_at is not None:
            marks = marks.filter(created_at__gte=item.state_changed_at)
        if marks.exists():
            return False
        people = _distinct(_waiting(item))
        sent = notify(people, OVERDUE, **_overdue_message(item, now)) if people else {}
        ContentEvent.objects.create(
            item=item,
            action=OVERDUE_MARK,
            from_state=item.state,
            to_state=item.state,
            version=item.version,
            data={
                "due_at": item.due_at.isoformat(),
                "recipients": [person.pk for person in people],
                "sent": sent,
            },
        )
    return True


def notify_overdue(now: datetime.datetime | None = None) -> dict[str, int]:
    """Tell the people an overdue item waits on, once per item and state; returns counts."""
    now = now or timezone.now()
    pks = list(
        overdue(ContentItem.objects.all(), now)
        .order_by("due_at", "pk")
        .values_list("pk", flat=True)
    )
    notified = failed = 0
    for pk in pks:
        try:
            notified += _notify_overdue_item(pk, now)
        except Exception:
            # One broken item must not keep the others' teams from being told.
            log.exception("Overdue notice for content item %s failed", pk)
            failed += 1
    counts = {
        "overdue": len(pks),
        "notified": notified,
        "skipped": len(pks) - notified - failed,
        "failed": failed,
    }
    log.info("Content overdue notices: %s", counts)
    return counts
