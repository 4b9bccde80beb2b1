"""Every write to social media accounts: permission check, mutation and audit event."""

from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gaung.core import audit
from gaung.core.choices import AuditAction
from gaung.core.permissions import PermissionDenied, ValidationError, require
from gaung.registry.models import Employee, OrganisationUnit
from gaung.registry.scope import scope_for
from gaung.socials.choices import AccountStatus
from gaung.socials.handles import HandleError, NormalisedAccount, normalise_account
from gaung.socials.models import SocialAccount

ACCOUNT_FIELDS = (
    "platform",
    "handle",
    "profile_url",
    "owner_unit",
    "owner_employee",
    "display_name",
    "followers",
    "followers_as_of",
    "status",
    "rejection_reason",
)
# Fields an ASN may set on their own personal accounts.
SELF_SERVICE_FIELDS = {"platform", "raw_handle", "display_name", "followers", "followers_as_of"}
ADMIN_FIELDS = SELF_SERVICE_FIELDS | {"owner_unit", "owner_employee"}


def _may_manage(actor, *, unit: OrganisationUnit | None, employee: Employee | None) -> bool:
    scope = scope_for(actor)
    responsible = unit if unit is not None else (employee.unit if employee else None)
    if scope.administers(responsible):
        return True
    return employee is not None and unit is None and scope.employee_id == employee.pk


def holder_description(account: SocialAccount) -> str:
    """Who holds an account, for the 'already registered' message."""
    if account.is_official:
        return _("the official account of %(unit)s") % {"unit": account.owner_unit.name}
    employee = account.owner_employee
    return f"{employee.full_name} ({employee.unit})"


def normalise(platform: str, raw_handle: str) -> NormalisedAccount:
    """Normalise a pasted handle or URL, as a form error on failure."""
    try:
        return normalise_account(platform, raw_handle)
    except HandleError as error:
        # Rendered here, not in handles.py (which has no Django), so it reads in the user's
        # language.
        raise ValidationError({"raw_handle": error.render(_)}) from error


def _check_not_claimed(normalised: NormalisedAccount, exclude_pk: int | None = None) -> None:
    holder = (
        SocialAccount.objects.with_owner()
        .filter(platform=normalised.platform, handle_kind=normalised.kind, handle=normalised.handle)
        .exclude(pk=exclude_pk)
        .first()
    )
    if holder:
        raise ValidationError(
            {"raw_handle": _("%(account)s is already registered to %(holder)s.")
             % {"account": f"@{normalised.handle}", "holder": holder_description(holder)}}
        )  # fmt: skip


def _apply_normalised(account: SocialAccount, normalised: NormalisedAccount) -> None:
    account.platform = normalised.platform
    account.handle = normalised.handle
    account.handle_kind = normalised.kind
    account.profile_url = normalised.profile_url


def _save(account: SocialAccount, normalised: NormalisedAccount) -> None:
    try:
        with transaction.atomic():
            account.save()
    except IntegrityError as error:
        # Two people claiming the same account at the same instant: report as a duplicate.
        _check_not_claimed(normalised, exclude_pk=account.pk)
        raise ValidationError(_("This account could not be saved; try again.")) from error


@transaction.atomic
def register_account(
    actor,
    *,
    platform: str,
    raw_handle: str,
    owner_unit: OrganisationUnit | None = None,
    owner_employee: Employee | None = None,
    **fields: Any,
) -> SocialAccount:
    """Register an account for a unit (official) or an employee (personal)."""
    if (owner_unit is None) == (owner_employee is None):
        raise ValidationError(_("Choose either a unit or an employee as the owner."))
    require(
        _may_manage(actor, unit=owner_unit, employee=owner_employee),
        _("You may not register accounts for this owner."),
    )
    normalised = normalise(platform, raw_handle)
    _check_not_claimed(normalised)
    account = SocialAccount(owner_unit=owner_unit, owner_employee=owner_employee)
    _apply_normalised(account, normalised)
    for name in ("display_name", "followers", "followers_as_of"):
        if name in fields:
            setattr(account, name, fields[name])
    if account.followers is not None and account.followers_as_of is None:
        account.followers_as_of = timezone.localdate()
    account.full_clean(validate_unique=False, validate_constraints=False)
    _save(account, normalised)
    audit.record(
        actor, AuditAction.CREATE, account,
        changes=audit.diff({}, audit.snapshot(account, ACCOUNT_FIELDS)),
        unit_path=account.responsible_unit.path,
    )  # fmt: skip
    return account


@transaction.atomic
def update_account(actor, account: SocialAccount, **fields: Any) -> SocialAccount:
    """Change an account; a changed handle or owner sends it back to verification."""
    scope = scope_for(actor)
    is_admin = scope.administers(account.responsible_unit)
    if not is_admin:
        require(
            _may_manage(actor, unit=account.owner_unit, employee=account.owner_employee),
            _("You may not change this account."),
        )
    refused = set(fields) - (ADMIN_FIELDS if is_admin else SELF_SERVICE_FIELDS)
    if refused:
        raise PermissionDenied(_("You may not change: %s") % ", ".join(sorted(refused)))
    before = audit.snapshot(account, ACCOUNT_FIELDS)
    if "owner_unit" in fields or "owner_employee" in fields:
        # Without this check a move to two owners (or none) reached the database constraint
        # and came back as the vague "could not be saved".
        if (fields.get("owner_unit") is None) == (fields.get("owner_employee") is None):
            raise ValidationError(_("Choose either a unit or an employee as the owner."))
        account.owner_unit = fields.get("owner_unit")
        account.owner_employee = fields.get("owner_employee")
        require(
            _may_manage(actor, unit=account.owner_unit, employee=account.owner_employee),
            _("You may not move the account to this owner."),
        )
    normalised = normalise(
        fields.get("platform", account.platform), fields.get("raw_handle", account.profile_url)
    )
    _check_not_claimed(normalised, exclude_pk=account.pk)
    _apply_normalised(account, normalised)
    for name in ("display_name", "followers", "followers_as_of"):
        if name in fields:
            setattr(account, name, fields[name])
    if "followers" in fields and "followers_as_of" not in fields:
        account.followers_as_of = timezone.localdate()
    identity = ("platform", "handle", "owner_unit", "owner_employee")
    if any(before[name] != audit.snapshot(account, identity)[name] for name in identity):
        account.status = AccountStatus.UNVERIFIED
        account.verified_by = account.verified_at = None
        account.rejection_reason = ""
    account.full_clean(validate_unique=False, validate_constraints=False)
    _save(account, normalised)
    changes = audit.diff(before, audit.snapshot(account, ACCOUNT_FIELDS))
    if changes:
        audit.record(actor, AuditAction.UPDATE, account, changes=changes,
                     unit_path=account.responsible_unit.path)  # fmt: skip
    return account


@transaction.atomic
def delete_account(actor, account: SocialAccount) -> None:
    """Remove an account from the registry."""
    require(
        _may_manage(actor, unit=account.owner_unit, employee=account.owner_employee),
        _("You may not delete this account."),
    )
    audit.record(
        actor, AuditAction.DELETE, account,
        changes=audit.diff(audit.snapshot(account, ACCOUNT_FIELDS), {}),
        unit_path=account.responsible_unit.path,
    )  # fmt: skip
    account.delete()


def _review(actor, accounts: Iterable[SocialAccount], status: str, reason: str) -> int:
    scope = scope_for(actor)
    accounts = list(accounts)
    for account in accounts:
        require(
            scope.administers(account.responsible_unit),
            _("You do not administer the owner of %s.") % account,
        )
    now = timezone.now()
    for account in accounts:
        before = audit.snapshot(account, ("status", "rejection_reason"))
        account.status = status
        account.rejection_reason = reason
        account.verified_by = actor
        account.verified_at = now
        account.save(update_fields=["status", "rejection_reason", "verified_by", "verified_at",
                                    "updated_at"])  # fmt: skip
        action = AuditAction.VERIFY if status == AccountStatus.VERIFIED else AuditAction.REJECT
        audit.record(
            actor, action, account, unit_path=account.responsible_unit.path,
            changes=audit.diff(before, audit.snapshot(account, ("status", "rejection_reason"))),
        )  # fmt: skip
    return len(accounts)


@transaction.atomic
def verify_accounts(actor, accounts: Iterable[SocialAccount]) -> int:
    """Mark accounts verified (all or none: one refused account refuses the batch)."""
    return _review(actor, accounts, AccountStatus.VERIFIED, "")


@transaction.atomic
def reject_accounts(actor, accounts: Iterable[SocialAccount], reason: str) -> int:
    """Reject accounts with a reason the owner will read."""
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the account is rejected.")})
    return _review(actor, accounts, AccountStatus.REJECTED, reason.strip())


@transaction.atomic
def deactivate_accounts(actor, accounts: Iterable[SocialAccount], reason: str = "") -> int:
    """Mark accounts inactive (closed, abandoned, or no longer used)."""
    return _review(actor, accounts, AccountStatus.INACTIVE, reason.strip())
