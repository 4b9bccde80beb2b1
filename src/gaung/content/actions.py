"""Every write of the content workflow: permission check, event, audit and mutation together.

The pages, the API and the tasks call these; workflow.py says which transition is allowed.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gaung.content import notifications
from gaung.content.choices import APPROVED_STATES, FINAL_STATES, ContentState, IdeaStatus
from gaung.content.models import (
    Caption,
    ChecklistItem,
    ContentEvent,
    ContentItem,
    ContentVersion,
    Idea,
    ReviewCheck,
    ServiceTime,
    TeamMembership,
)
from gaung.content.workflow import AUTHOR, EDITORS, RESCHEDULERS, TRANSITIONS
from gaung.core import audit, workdays
from gaung.core.choices import AuditAction
from gaung.core.permissions import PermissionDenied, ValidationError, require
from gaung.registry.models import OrganisationUnit
from gaung.registry.scope import scope_for
from gaung.socials.models import SocialAccount
from gaung.socials.postlinks import PostLinkError, parse_post_url

CONTENT_FIELDS = (
    "title", "brief", "key_message", "states_figures", "data_sources", "pillar", "purpose",
)  # fmt: skip
ITEM_FIELDS = (*CONTENT_FIELDS, "unit", "planned_at", "state", "designer", "permalink")
IDEA_FIELDS = ("unit", "title", "notes", "pillar", "wished_date", "status", "decline_reason")


# ---------------------------------------------------------------------------------------------
# Roles
# ---------------------------------------------------------------------------------------------


def roles_on(user, unit: OrganisationUnit) -> frozenset[str]:
    """The content roles the user holds on the unit (through it or any ancestor)."""
    if user is None or not user.is_authenticated:
        return frozenset()
    if user.is_superuser:
        return _all_roles()
    return frozenset(role for path, role in _memberships(user) if unit.path.startswith(path))


def _memberships(user) -> list[tuple[str, str]]:
    """(unit path, role) of every content role the user holds, read once per request."""
    cache = getattr(user, "_gaung_content_roles", None)
    if cache is None:
        cache = list(TeamMembership.objects.filter(user=user).values_list("unit__path", "role"))
        user._gaung_content_roles = cache
    return cache


def has_content_role(user) -> bool:
    """Whether the user holds any content role anywhere (the navigation and the pages' gate)."""
    if user is None or not user.is_authenticated:
        return False
    return user.is_superuser or bool(_memberships(user))


def _all_roles() -> frozenset[str]:
    from gaung.content.choices import TeamRole

    return frozenset(TeamRole.values)


def roles_of(user, item: ContentItem) -> frozenset[str]:
    """The user's roles on an item: their team roles there, plus author of their own item."""
    roles = set(roles_on(user, item.unit))
    if user is not None and user.is_authenticated and item.created_by_id == user.pk:
        roles.add(AUTHOR)
    return frozenset(roles)


def may_view(user, item: ContentItem) -> bool:
    return bool(roles_of(user, item)) or scope_for(user).administers(item.unit)


def _forget_roles(user) -> None:
    if hasattr(user, "_gaung_content_roles"):
        del user._gaung_content_roles


@transaction.atomic
def add_team_role(actor, *, user, unit: OrganisationUnit, role: str) -> TeamMembership:
    """Unit admins give content roles on their units."""
    require(scope_for(actor).administers(unit), _("You may not manage this unit's team."))
    membership, created = TeamMembership.objects.get_or_create(user=user, unit=unit, role=role)
    if created:
        audit.record(
            actor, AuditAction.CREATE, membership,
            changes={"user": [None, user.pk], "role": [None, role]}, unit_path=unit.path,
        )  # fmt: skip
    _forget_roles(user)
    return membership


@transaction.atomic
def remove_team_role(actor, membership: TeamMembership) -> None:
    require(scope_for(actor).administers(membership.unit), _("You may not manage this team."))
    audit.record(
        actor, AuditAction.DELETE, membership,
        changes={"user": [membership.user_id, None], "role": [membership.role, None]},
        unit_path=membership.unit.path,
    )  # fmt: skip
    membership.delete()


# ---------------------------------------------------------------------------------------------
# Versions, events, deadlines
# ---------------------------------------------------------------------------------------------


def snapshot(item: ContentItem) -> dict[str, Any]:
    """What approval binds to: the content, its captions, assets and target accounts."""
    data = audit.snapshot(item, CONTENT_FIELDS)
    data["captions"] = dict(item.captions.values_list("platform", "text"))
    data["target_accounts"] = sorted(item.target_accounts.values_list("pk", flat=True))
    data["assets"] = [
        [pk, name, alt]
        for pk, name, alt in item.assets.order_by("pk").values_list(
            "pk", "original_name", "alt_text"
        )
    ]
    return data


def _save_version(item: ContentItem, actor) -> None:
    ContentVersion.objects.update_or_create(
        item=item,
        number=item.version,
        defaults={"snapshot": snapshot(item), "author": _user(actor)},
    )


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def _event(item: ContentItem, actor, action: str, before_state: str, comment: str = "", **data):
    ContentEvent.objects.create(
        item=item,
        action=action,
        from_state=before_state,
        to_state=item.state,
        actor=_user(actor),
        comment=comment,
        version=item.version,
        data=data,
    )


def due_for(state: str, since: datetime.datetime) -> datetime.datetime | None:
    """When an item entering `state` at `since` is due, by the state's service time."""
    service = ServiceTime.objects.filter(state=state).values_list("working_days", flat=True).first()
    if service is None:
        return None
    local = timezone.localtime(since)
    day = workdays.add_working_days(local.date(), service)
    # Due at the end of that working day (16.00 local: the end of government office hours).
    return local.replace(
        year=day.year, month=day.month, day=day.day, hour=16, minute=0, second=0, microsecond=0
    )


# ---------------------------------------------------------------------------------------------
# Items
# ---------------------------------------------------------------------------------------------


def _check_accounts(item: ContentItem, accounts: Iterable[SocialAccount]) -> list[SocialAccount]:
    accounts = list(accounts)
    scope_path = item.unit.path
    for account in accounts:
        unit = account.owner_unit
        # Official accounts of the item's unit, an ancestor (the agency's main account) or a
        # unit below it.
        if unit is None or not (
            unit.path.startswith(scope_path) or scope_path.startswith(unit.path)
        ):
            raise ValidationError(
                {"target_accounts": _("%(account)s is not an official account of this unit.")
                 % {"account": account}}
            )  # fmt: skip
    return accounts


def _check_content(item: ContentItem) -> None:
    if item.states_figures and not item.data_sources.strip():
        raise ValidationError(
            {"data_sources": _("This content states figures: name their data sources.")}
        )


def _set_captions(item: ContentItem, captions: Mapping[str, str]) -> None:
    for platform, text in captions.items():
        Caption.objects.update_or_create(item=item, platform=platform, defaults={"text": text})


@transaction.atomic
def create_item(
    actor,
    *,
    unit: OrganisationUnit,
    target_accounts: Iterable[SocialAccount] = (),
    captions: Mapping[str, str] | None = None,
    idea: Idea | None = None,
    **fields: Any,
) -> ContentItem:
    """A draft item, by anyone with a content role on the unit."""
    require(bool(roles_on(actor, unit)), _("You have no content role in this unit."))
    item = ContentItem(unit=unit, created_by=_user(actor), idea=idea, **fields)
    item.full_clean(exclude=["idea"])
    item.state_changed_at = timezone.now()
    item.save()
    item.target_accounts.set(_check_accounts(item, target_accounts))
    _set_captions(item, captions or {})
    _save_version(item, actor)
    _event(item, actor, "create", "")
    audit.record(
        actor, AuditAction.CREATE, item,
        changes=audit.diff({}, audit.snapshot(item, ITEM_FIELDS)), unit_path=unit.path,
    )  # fmt: skip
    return item


@transaction.atomic
def edit_item(
    actor,
    item: ContentItem,
    *,
    target_accounts: Iterable[SocialAccount] | None = None,
    captions: Mapping[str, str] | None = None,
    **fields: Any,
) -> ContentItem:
    """Change the content; a new version. After approval the item goes back to review."""
    item = ContentItem.objects.select_for_update().select_related("unit").get(pk=item.pk)
    roles = roles_of(actor, item)
    editors = EDITORS.get(item.state, frozenset())
    if not roles & editors:
        if item.state in FINAL_STATES:
            raise ValidationError(_("A published, rejected or cancelled item cannot be edited."))
        raise PermissionDenied(_("You may not edit this item now."))
    before_content = snapshot(item)
    before = audit.snapshot(item, ITEM_FIELDS)
    for name, value in fields.items():
        if name not in CONTENT_FIELDS:
            raise TypeError(f"Not editable here: {name}")
        setattr(item, name, value)
    item.full_clean()
    _check_content(item)
    if target_accounts is not None:
        item.target_accounts.set(_check_accounts(item, target_accounts))
    if captions is not None:
        _set_captions(item, captions)
    after_content = snapshot(item)
    if after_content == before_content:
        return item
    item.version += 1
    before_state = item.state
    if item.state in APPROVED_STATES:
        # Approval binds to the exact version: a changed item needs approving again.
        item.state = ContentState.IN_REVIEW
        item.approved_version = None
        item.state_changed_at = timezone.now()
        item.due_at = due_for(item.state, item.state_changed_at)
    item.save()
    _save_version(item, actor)
    changed = sorted(k for k in after_content if after_content[k] != before_content.get(k))
    _event(item, actor, "edit", before_state, fields=changed)
    notifications.after_edit(item, before_state, actor)
    audit.record(
        actor, AuditAction.UPDATE, item,
        changes=audit.diff(before, audit.snapshot(item, ITEM_FIELDS)) | {"version": [
            item.version - 1, item.version]},
        unit_path=item.unit.path,
    )  # fmt: skip
    return item


def checklist_complete(item: ContentItem) -> bool:
    """Every active checklist point ticked for the item's current version."""
    required = {
        str(pk) for pk in ChecklistItem.objects.filter(is_active=True).values_list("pk", flat=True)
    }
    check = item.checks.filter(version=item.version).first()
    ticked = {key for key, value in (check.ticked if check else {}).items() if value}
    return required <= ticked


@transaction.atomic
def tick_checklist(actor, item: ContentItem, ticked: Mapping[str, bool]) -> ReviewCheck:
    """A supervisor or reviewer records the checklist for the current version."""
    item = ContentItem.objects.select_for_update().get(pk=item.pk)
    roles = roles_of(actor, item)
    require(bool(roles & {"supervisor", "reviewer"}), _("Only reviewers fill in the checklist."))
    if item.state != ContentState.IN_REVIEW:
        raise ValidationError(_("The checklist is filled in while the item is in review."))
    known = {
        str(pk) for pk in ChecklistItem.objects.filter(is_active=True).values_list("pk", flat=True)
    }
    values = {str(key): bool(value) for key, value in ticked.items() if str(key) in known}
    check = ReviewCheck.objects.create(
        item=item, version=item.version, ticked=values, reviewer=_user(actor)
    )
    _event(item, actor, "checklist", item.state, ticked=values)
    return check


@transaction.atomic
def transition(
    actor,
    item: ContentItem,
    action: str,
    *,
    comment: str = "",
    planned_at: datetime.datetime | None = None,
    permalink: str = "",
    designer=None,
) -> ContentItem:
    """Take one workflow step; refused unless workflow.TRANSITIONS allows it for the actor."""
    step = TRANSITIONS.get(action)
    if step is None:
        raise ValidationError(_("Unknown action."))
    item = ContentItem.objects.select_for_update().select_related("unit").get(pk=item.pk)
    roles = roles_of(actor, item)
    if not step.allowed(item.state, roles):
        if not roles and not scope_for(actor).administers(item.unit):
            raise PermissionDenied(_("You may not act on this item."))
        raise PermissionDenied(
            _("“%(action)s” is not possible for you while the item is “%(state)s”.")
            % {"action": step.label, "state": item.get_state_display()}
        )
    comment = comment.strip()
    if step.comment_required and not comment:
        raise ValidationError({"comment": _("Write a comment: the team sees why.")})
    before = audit.snapshot(item, ITEM_FIELDS)
    before_state = item.state
    data: dict[str, Any] = {}
    if action == "submit":
        _check_content(item)
    elif action == "start_design" and designer is not None:
        item.designer = designer
        data["designer"] = designer.pk
    elif action == "approve":
        if not checklist_complete(item):
            raise ValidationError(_("Complete the review checklist for this version first."))
        _check_content(item)
        item.approved_version = item.version
        item.approved_by = _user(actor)
        item.approved_at = timezone.now()
    elif action == "schedule":
        planned_at = planned_at or item.planned_at
        if planned_at is None or planned_at <= timezone.now():
            raise ValidationError({"planned_at": _("Choose a publication time in the future.")})
        if not item.target_accounts.exists():
            raise ValidationError({"target_accounts": _("Choose the accounts to publish on.")})
        item.planned_at = planned_at
    elif action == "mark_published":
        item.permalink = _checked_permalink(item, permalink)
        item.published_at = timezone.now()
    item.state = step.target
    item.state_changed_at = timezone.now()
    item.due_at = due_for(item.state, item.state_changed_at)
    item.save()
    _event(item, actor, action, before_state, comment, **data)
    audit.record(
        actor, AuditAction.UPDATE, item,
        changes=audit.diff(before, audit.snapshot(item, ITEM_FIELDS)), unit_path=item.unit.path,
        note=comment,
    )  # fmt: skip
    notifications.after_transition(item, action, actor, comment)
    return item


def _checked_permalink(item: ContentItem, permalink: str) -> str:
    try:
        link = parse_post_url(permalink)
    except PostLinkError as error:
        raise ValidationError({"permalink": error.render(_)}) from error
    platforms = set(item.target_accounts.values_list("platform", flat=True))
    if platforms and link.platform not in platforms:
        raise ValidationError(
            {"permalink": _("This is a link to %(platform)s, where this item is not planned.")
             % {"platform": link.platform}}
        )  # fmt: skip
    return link.url


@transaction.atomic
def reschedule(actor, item: ContentItem, planned_at: datetime.datetime) -> ContentItem:
    """Move the planned time (the calendar's drag and drop); recorded as an event."""
    item = ContentItem.objects.select_for_update().select_related("unit").get(pk=item.pk)
    roles = roles_of(actor, item)
    if not roles & RESCHEDULERS.get(item.state, frozenset()):
        raise PermissionDenied(_("You may not move this item."))
    if item.state == ContentState.SCHEDULED and planned_at <= timezone.now():
        raise ValidationError({"planned_at": _("A scheduled item must stay in the future.")})
    before = item.planned_at
    if before == planned_at:
        return item
    item.planned_at = planned_at
    item.save(update_fields=["planned_at", "updated_at"])
    _event(
        item, actor, "reschedule", item.state,
        before=before.isoformat() if before else None, after=planned_at.isoformat(),
    )  # fmt: skip
    audit.record(
        actor, AuditAction.UPDATE, item,
        changes={"planned_at": [before.isoformat() if before else None, planned_at.isoformat()]},
        unit_path=item.unit.path,
    )  # fmt: skip
    return item


# ---------------------------------------------------------------------------------------------
# Ideas
# ---------------------------------------------------------------------------------------------


def may_propose(actor, unit: OrganisationUnit) -> bool:
    """Anyone in the unit (an employee of its subtree, a team member or an admin) proposes."""
    scope = scope_for(actor)
    if roles_on(actor, unit) or scope.administers(unit):
        return True
    employee = getattr(actor, "employee", None) if actor.is_authenticated else None
    return employee is not None and employee.unit.path.startswith(unit.path)


@transaction.atomic
def propose_idea(actor, *, unit: OrganisationUnit, **fields: Any) -> Idea:
    require(may_propose(actor, unit), _("You may not propose ideas for this unit."))
    idea = Idea(unit=unit, proposed_by=_user(actor), **fields)
    idea.full_clean()
    idea.save()
    audit.record(
        actor, AuditAction.CREATE, idea,
        changes=audit.diff({}, audit.snapshot(idea, IDEA_FIELDS)), unit_path=unit.path,
    )  # fmt: skip
    return idea


def _decide(actor, idea: Idea) -> Idea:
    idea = Idea.objects.select_for_update().select_related("unit").get(pk=idea.pk)
    require("supervisor" in roles_on(actor, idea.unit), _("Only a content supervisor decides."))
    if idea.status != IdeaStatus.OPEN:
        raise ValidationError(_("This idea has already been decided."))
    return idea


@transaction.atomic
def accept_idea(actor, idea: Idea, **fields: Any) -> ContentItem:
    """Turn an idea into a draft content item (title, notes and pillar carried over)."""
    idea = _decide(actor, idea)
    before = audit.snapshot(idea, IDEA_FIELDS)
    values = {"title": idea.title, "brief": idea.notes, "pillar": idea.pillar} | fields
    if idea.wished_date and "planned_at" not in values:
        values["planned_at"] = timezone.make_aware(
            datetime.datetime.combine(idea.wished_date, datetime.time(9, 0))
        )
    item = create_item(actor, unit=idea.unit, idea=idea, **values)
    idea.status = IdeaStatus.ACCEPTED
    idea.decided_by, idea.decided_at = _user(actor), timezone.now()
    idea.save()
    audit.record(
        actor, AuditAction.UPDATE, idea,
        changes=audit.diff(before, audit.snapshot(idea, IDEA_FIELDS)), unit_path=idea.unit.path,
    )  # fmt: skip
    return item


@transaction.atomic
def decline_idea(actor, idea: Idea, reason: str) -> Idea:
    idea = _decide(actor, idea)
    if not reason.strip():
        raise ValidationError({"decline_reason": _("Say why the idea is declined.")})
    before = audit.snapshot(idea, IDEA_FIELDS)
    idea.status = IdeaStatus.DECLINED
    idea.decline_reason = reason.strip()
    idea.decided_by, idea.decided_at = _user(actor), timezone.now()
    idea.save()
    audit.record(
        actor, AuditAction.UPDATE, idea,
        changes=audit.diff(before, audit.snapshot(idea, IDEA_FIELDS)), unit_path=idea.unit.path,
    )  # fmt: skip
    return idea
