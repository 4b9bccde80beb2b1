"""Every write of amplification: permission check, mutation and audit event in one place.

The web pages, the API, the Celery tasks and the load benchmark all call these.
"""

from __future__ import annotations

import secrets
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from gaung.amplification.choices import (
    CampaignAction,
    CampaignStatus,
    ProofKind,
    ProofStatus,
    RecapStatus,
)
from gaung.amplification.models import (
    Assignment,
    Campaign,
    ElectionPeriod,
    EmployeeGroup,
    LinkClick,
    Proof,
)
from gaung.core import audit
from gaung.core.choices import AuditAction
from gaung.core.permissions import ValidationError, require
from gaung.registry.models import PATH_SEGMENT_WIDTH, Employee, OrganisationUnit
from gaung.registry.scope import scope_for
from gaung.socials.choices import AccountStatus, Platform
from gaung.socials.models import SocialAccount
from gaung.socials.postlinks import PostLinkError, parse_post_url

CAMPAIGN_FIELDS = (
    "unit", "title", "post_url", "post_platform", "instructions", "caption", "hashtags",
    "actions", "platforms", "starts_at", "deadline", "is_political", "status",
    "show_individual_ranking", "reminder_lead_hours",
)  # fmt: skip
# Fields a form or the API may set directly (the rest are derived or set by transitions).
EDITABLE_FIELDS = frozenset(CAMPAIGN_FIELDS) - {"unit", "post_platform", "status"}
PROOF_FIELDS = ("platform", "action", "kind", "url", "status", "review_note")
# Accounts that cannot take part: refused by an admin or marked inactive.
_UNUSABLE = (AccountStatus.REJECTED, AccountStatus.INACTIVE)
MAX_SCREENSHOT_BYTES = 5 * 1024 * 1024
_BATCH = 1000


# ---------------------------------------------------------------------------------------------
# Who may do what
# ---------------------------------------------------------------------------------------------


def may_organise(actor, unit: OrganisationUnit | None) -> bool:
    """Admins organise campaigns for the units they administer."""
    return unit is not None and scope_for(actor).administers(unit)


def may_manage(actor, campaign: Campaign) -> bool:
    return may_organise(actor, campaign.unit)


def may_review(actor, assignment: Assignment) -> bool:
    """An admin of the employee's unit reviews their proofs."""
    return scope_for(actor).administers_path(assignment.unit_path)


def instansi_of(unit: OrganisationUnit) -> OrganisationUnit:
    """The agency (the root of the tree) a unit belongs to."""
    if unit.parent_id is None:
        return unit
    return OrganisationUnit.objects.get(path=unit.path[: PATH_SEGMENT_WIDTH + 1])


# ---------------------------------------------------------------------------------------------
# Campaigns
# ---------------------------------------------------------------------------------------------


def _audit_campaign(actor, action, campaign: Campaign, before: dict, note: str = "") -> None:
    after = audit.snapshot(campaign, CAMPAIGN_FIELDS)
    after["target_units"] = sorted(campaign.target_units.values_list("pk", flat=True))
    after["target_groups"] = sorted(campaign.target_groups.values_list("pk", flat=True))
    changes = audit.diff(before, after)
    if changes or action != AuditAction.UPDATE:
        audit.record(
            actor, action, campaign, changes=changes, unit_path=campaign.unit.path, note=note
        )


def _snapshot(campaign: Campaign) -> dict[str, Any]:
    before = audit.snapshot(campaign, CAMPAIGN_FIELDS)
    before["target_units"] = sorted(campaign.target_units.values_list("pk", flat=True))
    before["target_groups"] = sorted(campaign.target_groups.values_list("pk", flat=True))
    return before


def _check_fields(campaign: Campaign) -> None:
    errors: dict[str, str] = {}
    actions = list(dict.fromkeys(campaign.actions or []))
    platforms = list(dict.fromkeys(campaign.platforms or []))
    if not actions or any(a not in CampaignAction.values for a in actions):
        errors["actions"] = _("Choose at least one action: share, like, comment or follow.")
    if not platforms or any(p not in Platform.values for p in platforms):
        errors["platforms"] = _("Choose at least one platform.")
    campaign.actions, campaign.platforms = actions, platforms
    if campaign.starts_at and campaign.deadline and campaign.deadline <= campaign.starts_at:
        errors["deadline"] = _("The deadline must come after the start.")
    try:
        link = parse_post_url(campaign.post_url or "")
    except PostLinkError as error:
        errors["post_url"] = error.render(_)
    else:
        campaign.post_url = link.url
        campaign.post_platform = link.platform
        campaign.post_key = link.post_key
        campaign.post_handle = link.handle or ""
    if errors:
        raise ValidationError(errors)


def _check_political(actor, campaign: Campaign, confirm_political: bool) -> None:
    """SKB 2/2022: political content needs a second confirmation and no election period."""
    if not campaign.is_political:
        campaign.political_confirmed_by = None
        campaign.political_confirmed_at = None
        return
    if not confirm_political and campaign.political_confirmed_at is None:
        raise ValidationError(
            {
                "confirm_political": _(
                    "This campaign is marked as political content. ASN must stay neutral (SKB "
                    "2/2022): confirm that it is not campaigning for a candidate or party."
                )
            }
        )
    clash = (
        ElectionPeriod.objects.filter(
            instansi=instansi_of(campaign.unit),
            starts_on__lte=timezone.localdate(campaign.deadline),
            ends_on__gte=timezone.localdate(campaign.starts_at),
        )
        .order_by("starts_on")
        .first()
    )
    if clash is not None:
        raise ValidationError(
            {
                "is_political": _(
                    "Political campaigns are not allowed during the election period “%(name)s” "
                    "(%(start)s – %(end)s)."
                )
                % {
                    "name": clash.name,
                    "start": clash.starts_on.strftime("%d-%m-%Y"),
                    "end": clash.ends_on.strftime("%d-%m-%Y"),
                }
            }
        )
    if campaign.political_confirmed_at is None:
        campaign.political_confirmed_by = actor if actor.is_authenticated else None
        campaign.political_confirmed_at = timezone.now()


def _check_targets(
    actor, units: Iterable[OrganisationUnit], groups: Iterable[EmployeeGroup]
) -> None:
    scope = scope_for(actor)
    if any(not scope.administers(unit) for unit in units):
        raise ValidationError({"target_units": _("You may only target units you administer.")})
    if any(not scope.administers(group.unit) for group in groups):
        raise ValidationError({"target_groups": _("You may only target groups of your units.")})


@transaction.atomic
def create_campaign(
    actor,
    *,
    unit: OrganisationUnit,
    target_units: Iterable[OrganisationUnit] = (),
    target_groups: Iterable[EmployeeGroup] = (),
    confirm_political: bool = False,
    **fields: Any,
) -> Campaign:
    """A draft campaign; activate it to assign it to the targeted employees."""
    require(may_organise(actor, unit), _("You may not organise campaigns for this unit."))
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise TypeError(f"Not editable: {', '.join(sorted(unknown))}")
    target_units, target_groups = list(target_units), list(target_groups)
    _check_targets(actor, target_units, target_groups)
    campaign = Campaign(unit=unit, created_by=actor if actor.is_authenticated else None, **fields)
    _check_fields(campaign)
    _check_political(actor, campaign, confirm_political)
    campaign.save()
    campaign.target_units.set(target_units)
    campaign.target_groups.set(target_groups)
    _audit_campaign(actor, AuditAction.CREATE, campaign, {})
    return campaign


@transaction.atomic
def update_campaign(
    actor,
    campaign: Campaign,
    *,
    target_units: Iterable[OrganisationUnit] | None = None,
    target_groups: Iterable[EmployeeGroup] | None = None,
    confirm_political: bool = False,
    **fields: Any,
) -> Campaign:
    """Change a draft or active campaign; an active one is assigned to newly targeted people."""
    require(may_manage(actor, campaign), _("You may not change this campaign."))
    campaign = Campaign.objects.select_for_update().select_related("unit").get(pk=campaign.pk)
    if campaign.status not in (CampaignStatus.DRAFT, CampaignStatus.ACTIVE):
        raise ValidationError(_("A closed or cancelled campaign cannot be changed."))
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise TypeError(f"Not editable: {', '.join(sorted(unknown))}")
    before = _snapshot(campaign)
    # The audit snapshot holds these lists as text, so compare with the stored lists.
    asked_before = (list(campaign.actions), list(campaign.platforms))
    for name, value in fields.items():
        setattr(campaign, name, value)
    if campaign.status == CampaignStatus.ACTIVE:
        if (set(campaign.actions), set(campaign.platforms)) != tuple(map(set, asked_before)):
            raise ValidationError(
                _(
                    "The actions and platforms of an active campaign cannot change; "
                    "close it instead."
                )
            )
        # Same choices in another order: keep the stored order the assignments follow.
        campaign.actions, campaign.platforms = asked_before
    if target_units is not None or target_groups is not None:
        units = (
            list(target_units) if target_units is not None else list(campaign.target_units.all())
        )
        groups = (
            list(target_groups) if target_groups is not None else list(campaign.target_groups.all())
        )
        _check_targets(actor, units, groups)
        campaign.target_units.set(units)
        campaign.target_groups.set(groups)
    _check_fields(campaign)
    _check_political(actor, campaign, confirm_political)
    campaign.save()
    _audit_campaign(actor, AuditAction.UPDATE, campaign, before)
    if campaign.status == CampaignStatus.ACTIVE:
        generate_assignments(campaign)
    return campaign


def _transition(actor, campaign: Campaign, allowed: tuple[str, ...], status: str) -> Campaign:
    require(may_manage(actor, campaign), _("You may not change this campaign."))
    campaign = Campaign.objects.select_for_update().select_related("unit").get(pk=campaign.pk)
    if campaign.status not in allowed:
        raise ValidationError(
            _("This cannot be done while the campaign is “%(status)s”.")
            % {"status": campaign.get_status_display()}
        )
    before = _snapshot(campaign)
    campaign.status = status
    now = timezone.now()
    if status == CampaignStatus.ACTIVE:
        campaign.activated_at = now
    elif status in (CampaignStatus.CLOSED, CampaignStatus.CANCELLED):
        campaign.closed_at = now
    campaign.save()
    _audit_campaign(actor, AuditAction.UPDATE, campaign, before)
    return campaign


@transaction.atomic
def activate_campaign(actor, campaign: Campaign) -> Campaign:
    """Start the campaign: every active targeted employee gets an assignment."""
    campaign = _transition(actor, campaign, (CampaignStatus.DRAFT,), CampaignStatus.ACTIVE)
    if campaign.deadline <= timezone.now():
        raise ValidationError({"deadline": _("The deadline has already passed.")})
    _check_political(actor, campaign, confirm_political=False)
    created = generate_assignments(campaign)
    if not created and not campaign.assignments.exists():
        raise ValidationError(_("The targeted units and groups have no active employees."))
    return campaign


@transaction.atomic
def close_campaign(actor, campaign: Campaign) -> Campaign:
    """End the campaign: no more proofs; the recap stays."""
    return _transition(actor, campaign, (CampaignStatus.ACTIVE,), CampaignStatus.CLOSED)


@transaction.atomic
def cancel_campaign(actor, campaign: Campaign) -> Campaign:
    return _transition(
        actor, campaign, (CampaignStatus.DRAFT, CampaignStatus.ACTIVE), CampaignStatus.CANCELLED
    )


def targeted_employees(campaign: Campaign):
    """Active employees in the targeted unit subtrees and groups."""
    query = Q(pk__in=[])
    for path in campaign.target_units.values_list("path", flat=True):
        query |= Q(unit__path__startswith=path)
    groups = list(campaign.target_groups.values_list("pk", flat=True))
    if groups:
        query |= Q(employee_groups__in=groups)
    return Employee.objects.filter(query, is_active=True).distinct()


def _usable_platforms(campaign: Campaign, employee_ids: list[int]) -> dict[int, list[str]]:
    """Employee -> requested platforms on which they have a usable account, in campaign order."""
    found: dict[int, set[str]] = defaultdict(set)
    for start in range(0, len(employee_ids), _BATCH):
        rows = (
            SocialAccount.objects.filter(
                owner_employee_id__in=employee_ids[start : start + _BATCH],
                platform__in=campaign.platforms,
            )
            .exclude(status__in=_UNUSABLE)
            .values_list("owner_employee_id", "platform")
        )
        for employee_id, platform in rows:
            found[employee_id].add(platform)
    return {pk: [p for p in campaign.platforms if p in found[pk]] for pk in employee_ids}


def _initial_status(asked: int) -> str:
    return RecapStatus.NOT_YET if asked else RecapStatus.NO_ACCOUNT


def generate_assignments(campaign: Campaign) -> int:
    """Create the missing assignments of an active campaign; returns how many were created."""
    existing = set(campaign.assignments.values_list("employee_id", flat=True))
    employees = [
        (pk, unit_id, path)
        for pk, unit_id, path in targeted_employees(campaign).values_list(
            "pk", "unit_id", "unit__path"
        )
        if pk not in existing
    ]
    platforms = _usable_platforms(campaign, [pk for pk, _unit, _path in employees])
    per_platform = len(campaign.actions)
    created = 0
    for start in range(0, len(employees), _BATCH):
        rows = []
        for pk, unit_id, path in employees[start : start + _BATCH]:
            usable = platforms[pk]
            asked = per_platform * len(usable)
            rows.append(
                Assignment(
                    campaign=campaign,
                    employee_id=pk,
                    unit_id=unit_id,
                    unit_path=path,
                    platforms=usable,
                    asked=asked,
                    status=_initial_status(asked),
                    token=secrets.token_urlsafe(9),
                )
            )
        Assignment.objects.bulk_create(rows, batch_size=_BATCH)
        created += len(rows)
    if created:
        audit.record(
            None,
            AuditAction.UPDATE,
            campaign,
            changes={"assignments": [len(existing), len(existing) + created]},
            unit_path=campaign.unit.path,
            note=_("Assigned to %(count)s employees.") % {"count": created},
        )
    return created


# ---------------------------------------------------------------------------------------------
# Assignments and proofs
# ---------------------------------------------------------------------------------------------


def sync_assignment_accounts(assignment: Assignment) -> Assignment:
    """Take in accounts registered (or lost) since the assignment was made."""
    campaign = assignment.campaign
    usable = _usable_platforms(campaign, [assignment.employee_id])[assignment.employee_id]
    if usable != list(assignment.platforms):
        assignment.platforms = usable
        recompute_assignment(assignment)
    return assignment


def recompute_assignment(assignment: Assignment) -> Assignment:
    """Derive the recap figures of one assignment from its accepted proofs."""
    campaign = assignment.campaign
    accepted = list(
        assignment.proofs.filter(status=ProofStatus.ACCEPTED).values_list(
            "platform", "action", "account_id", "followers_at_share", "created_at"
        )
    )
    asked_pairs = {(p, a) for p in assignment.platforms for a in campaign.actions}
    done = {(p, a) for p, a, *_rest in accepted if (p, a) in asked_pairs}
    reach: dict[Any, int] = {}
    for platform, action, account_id, followers, _created in accepted:
        if action == CampaignAction.SHARE and followers:
            reach[account_id or platform] = max(reach.get(account_id or platform, 0), followers)
    assignment.asked = len(asked_pairs)
    assignment.done = len(done)
    assignment.potential_reach = sum(reach.values())
    assignment.first_acted_at = min((row[4] for row in accepted), default=None)
    if not assignment.asked:
        assignment.status = RecapStatus.NO_ACCOUNT
    elif assignment.done >= assignment.asked:
        assignment.status = RecapStatus.DONE
    elif assignment.done:
        assignment.status = RecapStatus.PARTIAL
    else:
        assignment.status = RecapStatus.NOT_YET
    assignment.save(
        update_fields=[
            "platforms", "asked", "done", "potential_reach", "first_acted_at", "status",
            "updated_at",
        ]
    )  # fmt: skip
    return assignment


def _own_account(assignment: Assignment, platform: str, handle: str | None):
    accounts = SocialAccount.objects.filter(
        owner_employee_id=assignment.employee_id, platform=platform
    ).exclude(status__in=_UNUSABLE)
    if handle is None:
        return accounts.order_by("-followers", "pk").first()
    return accounts.filter(handle__iexact=handle).first()


def _proof_error(field: str, message: str) -> ValidationError:
    return ValidationError({field: message})


def _check_open(assignment: Assignment, platform: str, action: str) -> None:
    campaign = assignment.campaign
    now = timezone.now()
    if campaign.status != CampaignStatus.ACTIVE or now >= campaign.deadline:
        raise ValidationError(_("This campaign has ended; proofs are no longer accepted."))
    if now < campaign.starts_at:
        raise ValidationError(_("This campaign has not started yet."))
    if action not in campaign.actions:
        raise _proof_error("action", _("This campaign does not ask for that action."))
    if platform not in campaign.platforms:
        raise _proof_error("platform", _("This campaign does not ask for that platform."))
    if platform not in assignment.platforms:
        raise _proof_error(
            "platform",
            _(
                "You have no %(platform)s account registered. Register it on your page first, "
                "then send the proof."
            )
            % {"platform": Platform(platform).label},
        )
    live = assignment.proofs.filter(platform=platform, action=action).exclude(
        status=ProofStatus.REJECTED
    )
    if live.exists():
        raise _proof_error(
            "action", _("You already sent a proof for this action on %(platform)s.")
            % {"platform": Platform(platform).label}
        )  # fmt: skip


def _proof_from_url(assignment: Assignment, platform: str, url: str) -> Proof:
    campaign = assignment.campaign
    try:
        link = parse_post_url(url)
    except PostLinkError as error:
        raise _proof_error("url", error.render(_)) from error
    if link.platform != platform:
        raise _proof_error(
            "url",
            _("This is a link to %(found)s, not to %(platform)s.")
            % {"found": Platform(link.platform).label, "platform": Platform(platform).label},
        )
    if campaign.post_key and link.post_key == campaign.post_key:
        raise _proof_error(
            "url",
            _("This is the official post itself. Send the link to your own post or share of it."),
        )
    if Proof.objects.filter(url_key=link.post_key).exclude(status=ProofStatus.REJECTED).exists():
        raise _proof_error("url", _("This link has already been used as a proof."))
    account = _own_account(assignment, platform, link.handle)
    if link.handle is not None and account is None:
        raise _proof_error(
            "url",
            _(
                "This post is by @%(handle)s, which is not one of your registered accounts. "
                "Send a link to a post from your own account, or register @%(handle)s first."
            )
            % {"handle": link.handle},
        )
    # A link that does not name its author (instagram.com/p/…) is checked by an admin.
    status = ProofStatus.ACCEPTED if link.handle is not None else ProofStatus.PENDING
    return Proof(url=link.url, url_key=link.post_key, account=account, status=status)


def _proof_from_screenshot(assignment: Assignment, platform: str, screenshot) -> Proof:
    if not screenshot:
        raise _proof_error("screenshot", _("Choose the screenshot to upload."))
    if screenshot.size > MAX_SCREENSHOT_BYTES:
        raise _proof_error("screenshot", _("The screenshot is larger than 5 MB."))
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(screenshot) as image:
            image.verify()
    except (UnidentifiedImageError, OSError) as error:
        raise _proof_error(
            "screenshot", _("This file is not an image. Upload a PNG or JPEG screenshot.")
        ) from error
    screenshot.seek(0)
    return Proof(
        screenshot=screenshot,
        account=_own_account(assignment, platform, None),
        status=ProofStatus.PENDING,
    )


@transaction.atomic
def submit_proof(
    actor,
    assignment: Assignment,
    *,
    platform: str,
    action: str,
    kind: str,
    url: str = "",
    screenshot=None,
) -> Proof:
    """An ASN proves one action: a link to their own post (checked at once) or a screenshot."""
    # One query rather than the whole scope: this is the busiest write of a campaign.
    own = getattr(actor, "is_authenticated", False) and (
        Employee.objects.filter(pk=assignment.employee_id, user=actor, is_active=True).exists()
    )
    require(own, _("Only the assigned employee may send proofs."))
    assignment = (
        Assignment.objects.select_for_update().select_related("campaign").get(pk=assignment.pk)
    )
    sync_assignment_accounts(assignment)
    _check_open(assignment, platform, action)
    if kind == ProofKind.URL:
        proof = _proof_from_url(assignment, platform, url)
    elif kind == ProofKind.SCREENSHOT:
        proof = _proof_from_screenshot(assignment, platform, screenshot)
    else:
        raise _proof_error("kind", _("Choose a link or a screenshot as proof."))
    proof.assignment = assignment
    proof.platform = platform
    proof.action = action
    proof.kind = kind
    if proof.account is not None:
        proof.followers_at_share = proof.account.followers
    try:
        # No savepoint of its own: the error leaves this function, so the whole action's
        # transaction is rolled back anyway.
        proof.save()
    except IntegrityError as error:
        # The same link sent twice at the same instant (or a double tap).
        raise _proof_error("url", _("This link has already been used as a proof.")) from error
    recompute_assignment(assignment)
    audit.record(
        actor, AuditAction.CREATE, proof,
        changes=audit.diff({}, audit.snapshot(proof, PROOF_FIELDS)),
        unit_path=assignment.unit_path,
    )  # fmt: skip
    return proof


@transaction.atomic
def review_proofs(actor, proofs: Iterable[Proof], *, accept: bool, note: str = "") -> int:
    """Accept or reject proofs waiting for review; returns how many were reviewed."""
    reviewed = 0
    now = timezone.now()
    status = ProofStatus.ACCEPTED if accept else ProofStatus.REJECTED
    if not accept and not note.strip():
        raise ValidationError({"note": _("Say why the proof is rejected; the employee sees it.")})
    for proof in proofs:
        proof = (
            Proof.objects.select_for_update()
            .select_related("assignment__campaign")
            .get(pk=proof.pk)
        )
        require(may_review(actor, proof.assignment), _("You may not review this proof."))
        if proof.status != ProofStatus.PENDING:
            continue
        before = audit.snapshot(proof, PROOF_FIELDS)
        proof.status = status
        proof.review_note = note.strip()
        proof.reviewed_by = actor
        proof.reviewed_at = now
        proof.save(update_fields=["status", "review_note", "reviewed_by", "reviewed_at"])
        recompute_assignment(proof.assignment)
        audit.record(
            actor, AuditAction.UPDATE, proof,
            changes=audit.diff(before, audit.snapshot(proof, PROOF_FIELDS)),
            unit_path=proof.assignment.unit_path,
        )  # fmt: skip
        reviewed += 1
    return reviewed


def record_click(assignment: Assignment, visitor: str) -> bool:
    """Count a visitor of the tracked link once; True when this visit was the first."""
    try:
        with transaction.atomic():
            LinkClick.objects.create(assignment=assignment, visitor=visitor)
            Assignment.objects.filter(pk=assignment.pk).update(clicks=F("clicks") + 1)
    except IntegrityError:
        return False
    return True


# ---------------------------------------------------------------------------------------------
# Groups and election periods
# ---------------------------------------------------------------------------------------------

GROUP_FIELDS = ("unit", "name", "description")
PERIOD_FIELDS = ("instansi", "name", "starts_on", "ends_on")


@transaction.atomic
def save_group(
    actor,
    group: EmployeeGroup | None = None,
    *,
    members: Iterable[Employee] | None = None,
    **fields: Any,
) -> EmployeeGroup:
    """Create or change an employee group; members must be employees the actor administers."""
    group = group or EmployeeGroup()
    before = audit.snapshot(group, GROUP_FIELDS) if group.pk else {}
    if group.pk:
        before["members"] = sorted(group.members.values_list("pk", flat=True))
    for name, value in fields.items():
        setattr(group, name, value)
    scope = scope_for(actor)
    require(group.unit_id is not None and scope.administers(group.unit), _("Not your unit."))
    group.full_clean(validate_constraints=False, exclude=["members"])
    if EmployeeGroup.objects.filter(unit=group.unit, name=group.name).exclude(pk=group.pk).exists():
        raise ValidationError({"name": _("This unit already has a group with this name.")})
    group.save()
    if members is not None:
        members = list(members)
        if any(not scope.administers(employee.unit) for employee in members):
            raise ValidationError({"members": _("You may only add employees of your units.")})
        group.members.set(members)
    after = audit.snapshot(group, GROUP_FIELDS)
    after["members"] = sorted(group.members.values_list("pk", flat=True))
    audit.record(
        actor, AuditAction.UPDATE if before else AuditAction.CREATE, group,
        changes=audit.diff(before, after), unit_path=group.unit.path,
    )  # fmt: skip
    return group


@transaction.atomic
def delete_group(actor, group: EmployeeGroup) -> None:
    require(scope_for(actor).administers(group.unit), _("Not your unit."))
    audit.record(
        actor, AuditAction.DELETE, group,
        changes=audit.diff(audit.snapshot(group, GROUP_FIELDS), {}), unit_path=group.unit.path,
    )  # fmt: skip
    group.delete()


@transaction.atomic
def save_election_period(actor, period: ElectionPeriod | None = None, **fields: Any):
    """Election periods are set by the agency's admins (instansi admin or superuser)."""
    period = period or ElectionPeriod()
    before = audit.snapshot(period, PERIOD_FIELDS) if period.pk else {}
    for name, value in fields.items():
        setattr(period, name, value)
    scope = scope_for(actor)
    require(
        period.instansi_id is not None
        and (scope.is_superuser or period.instansi.path in scope.instansi_paths),
        _("Only the agency's administrators set election periods."),
    )
    if period.starts_on and period.ends_on and period.ends_on < period.starts_on:
        raise ValidationError({"ends_on": _("The last day must not be before the first day.")})
    period.full_clean(validate_constraints=False)
    period.save()
    audit.record(
        actor, AuditAction.UPDATE if before else AuditAction.CREATE, period,
        changes=audit.diff(before, audit.snapshot(period, PERIOD_FIELDS)),
        unit_path=period.instansi.path,
    )  # fmt: skip
    return period


@transaction.atomic
def delete_election_period(actor, period: ElectionPeriod) -> None:
    scope = scope_for(actor)
    require(
        scope.is_superuser or period.instansi.path in scope.instansi_paths,
        _("Only the agency's administrators set election periods."),
    )
    audit.record(
        actor, AuditAction.DELETE, period,
        changes=audit.diff(audit.snapshot(period, PERIOD_FIELDS), {}),
        unit_path=period.instansi.path,
    )  # fmt: skip
    period.delete()
