"""How an employee gets a login: an admin's invitation link, or their NIP plus a one-time code.

Only hashes of links and codes are stored. Codes are HMAC'd with the NIP and SECRET_KEY so that
a leaked database does not let anyone try the million possible six-digit codes offline.
"""

import hashlib
import hmac
import logging
import secrets
import smtplib
import zoneinfo
from dataclasses import dataclass
from datetime import datetime, timedelta

from allauth.account.models import EmailAddress
from allauth.core import ratelimit
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.mail import send_mail
from django.db import transaction
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from rest_framework.authtoken.models import Token

from gaung.core import audit
from gaung.core.choices import AuditAction
from gaung.core.permissions import ValidationError, require
from gaung.registry.choices import EmployeeType, Role
from gaung.registry.models import ActivationToken, Employee, RoleAssignment
from gaung.registry.nip import NipError, clean_nip_input
from gaung.registry.scope import scope_for

User = get_user_model()
logger = logging.getLogger(__name__)

CODE_DIGITS = 6
MAX_CODE_ATTEMPTS = 5
# allauth rate-limit actions, configured in settings.ACCOUNT_RATE_LIMITS.
CODE_REQUEST_RATE_ACTION = "activation_code_request"
CODE_FAILED_RATE_ACTION = "activation_code_failed"
ZONE_ABBREVIATIONS = {"Asia/Jakarta": "WIB", "Asia/Makassar": "WITA", "Asia/Jayapura": "WIT"}


def code_sent_notice() -> str:
    """The one answer to a code request, the same whether or not the NIP is registered."""
    return _(
        "If this NIP is registered, a code has been sent to the registered e-mail. "
        "It is valid for %(minutes)d minutes."
    ) % {"minutes": settings.GAUNG_ACTIVATION_CODE_MINUTES}


def invalid_code_message() -> str:
    """The one answer to a wrong NIP or code, so it never tells which of the two was wrong."""
    return _(
        "This code is not valid for this NIP. Check the code in the e-mail; if it has expired "
        "or was entered wrongly five times, request a new code."
    )


def hash_invitation_token(token: str) -> str:
    """The stored form of an invitation link's token."""
    return hashlib.sha256(token.encode()).hexdigest()


def hash_activation_code(nip: str, code: str) -> str:
    """The stored form of a one-time code, keyed so it cannot be brute-forced offline."""
    message = f"gaung.activation-code:{nip}:{code}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def normalise_nip(raw: str) -> str | None:
    """The 18 digits of a typed NIP, or None when it cannot be one."""
    try:
        return clean_nip_input(raw)
    except NipError:
        return None


def _local_expiry(moment: datetime, time_zone: str, language: str) -> str:
    local = moment.astimezone(zoneinfo.ZoneInfo(time_zone))
    with translation.override(language):
        day = formats.date_format(local, "j M Y")
    return f"{day} {local:%H.%M} {ZONE_ABBREVIATIONS.get(time_zone, time_zone)}"


def _send(employee: Employee, kind: str, context: dict) -> None:
    # Written in Indonesian and English side by side rather than through gettext: the
    # recipient has not chosen a language yet, and many read the English part to be sure.
    context = {
        "employee": employee,
        "site_url": settings.SITE_URL,
        "expires_id": _local_expiry(context["expires_at"], employee.unit.time_zone, "id"),
        "expires_en": _local_expiry(context["expires_at"], employee.unit.time_zone, "en"),
        **context,
    }
    subject = render_to_string(f"registry/activation/email/{kind}_subject.txt", context)
    body = render_to_string(f"registry/activation/email/{kind}_body.txt", context)
    send_mail(" ".join(subject.split()), body, None, [employee.email])


def _holds_admin_power(user) -> bool:
    return (
        user.is_superuser
        or user.is_staff
        or RoleAssignment.objects.filter(user=user, unit__is_active=True).exists()
    )


def _require_may_reset(actor, user) -> None:
    """An admin may not take over a login that reaches further than their own roles."""
    if user is None:
        return
    scope = scope_for(actor)
    if scope.is_superuser:
        return
    message = _("This employee's login has admin rights beyond yours; ask a higher admin.")
    require(not user.is_superuser and not user.is_staff, message)
    for assignment in RoleAssignment.objects.filter(user=user).select_related("unit"):
        require(scope.administers(assignment.unit), message)
        if assignment.role == Role.INSTANSI_ADMIN:
            require(assignment.unit.path in scope.instansi_paths, message)


def _username_for(employee: Employee) -> str:
    if employee.nip and employee.employee_type != EmployeeType.NON_ASN:
        return employee.nip
    base = employee.email.strip().lower()[:140]
    candidate, suffix = base, 2
    # Another person may already log in with this address as username (a shared mailbox).
    while User.objects.filter(username=candidate).exclude(employee=employee).exists():
        candidate, suffix = f"{base}-{suffix}", suffix + 1
    return candidate


def _split_name(name: str) -> tuple[str, str]:
    first, _sep, last = name.strip().rpartition(" ")
    return (first, last) if first else (last, "")


def _existing_login(employee: Employee) -> AbstractBaseUser | None:
    """The login that activating this employee would touch, if one exists already."""
    if employee.user_id:
        return employee.user
    return User.objects.filter(username=_username_for(employee)).first()


def _login_for(employee: Employee) -> AbstractBaseUser:
    """The employee's Django user, created (unusable password) and linked when missing."""
    if employee.user_id:
        return employee.user
    username = _username_for(employee)
    user = User.objects.filter(username=username).first()
    if user is not None and Employee.objects.filter(user=user).exclude(pk=employee.pk).exists():
        raise ValidationError(
            _("The login %(username)s already belongs to another employee.")
            % {"username": username}
        )
    if user is None:
        first_name, last_name = _split_name(employee.name)
        user = User(
            username=username,
            email=employee.email.strip().lower(),
            first_name=first_name[:150],
            last_name=last_name[:150],
        )
        user.set_unusable_password()
        user.save()
    employee.user = user
    employee.save(update_fields=["user", "updated_at"])
    return user


def _mark_email_verified(user, email: str) -> None:
    """The link or code reached this address, so allauth may treat it as verified."""
    email = email.strip().lower()
    if not email:
        return
    if not user.email:
        user.email = email
        user.save(update_fields=["email"])
    taken = EmailAddress.objects.filter(email__iexact=email, verified=True).exclude(user=user)
    if taken.exists():
        return
    address = EmailAddress.objects.filter(user=user, email__iexact=email).first()
    if address is None:
        has_primary = EmailAddress.objects.filter(user=user, primary=True).exists()
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=not has_primary)
    elif not address.verified:
        address.verified = True
        address.save(update_fields=["verified"])


def _close_tokens(employee: Employee, *, purpose: str | None = None) -> None:
    tokens = employee.activation_tokens.usable()
    if purpose:
        tokens = tokens.filter(purpose=purpose)
    tokens.update(expires_at=timezone.now())


def _set_password(user, password: str) -> None:
    if not user.is_active:
        raise ValidationError(_("This login has been deactivated. Ask your admin."))
    try:
        password_validation.validate_password(password, user)
    except ValidationError as error:
        raise ValidationError({"password": error.messages}) from error
    user.set_password(password)
    user.save(update_fields=["password"])


def invite_employee(actor, employee: Employee) -> ActivationToken:
    """E-mail the employee a link to set their password; earlier unused links stop working."""
    require(
        scope_for(actor).administers(employee.unit),
        _("You do not administer this employee's unit."),
    )
    if not employee.is_active:
        raise ValidationError(_("This employee is marked inactive and cannot be invited."))
    if not employee.email:
        raise ValidationError(
            {"email": _("Enter the employee's government e-mail before sending an invitation.")}
        )
    _require_may_reset(actor, _existing_login(employee))
    raw_token = secrets.token_urlsafe(32)
    # The mail goes out after the commit: no database lock is held while the mail server talks.
    with transaction.atomic():
        had_login = employee.user_id is not None
        user = _login_for(employee)
        if not user.is_active:
            raise ValidationError(_("This employee's login has been deactivated."))
        _close_tokens(employee, purpose=ActivationToken.Purpose.INVITATION)
        invitation = ActivationToken.objects.create(
            employee=employee,
            purpose=ActivationToken.Purpose.INVITATION,
            token_hash=hash_invitation_token(raw_token),
            expires_at=timezone.now() + timedelta(days=settings.GAUNG_INVITATION_DAYS),
            created_by=actor,
        )
        audit.record(
            actor,
            AuditAction.INVITE,
            employee,
            changes={} if had_login else {"login": [None, user.get_username()]},
            unit_path=employee.unit.path,
            note=f"{employee.email} · {invitation.expires_at.isoformat()}",
        )
    link = settings.SITE_URL + reverse("activation:accept", args=[raw_token])
    context = {"link": link, "username": user.get_username(), "expires_at": invitation.expires_at}
    try:
        _send(employee, "invitation", context)
    except (smtplib.SMTPException, OSError) as error:
        logger.exception("Invitation e-mail to employee %s failed", employee.pk)
        raise ValidationError(
            _("The invitation could not be e-mailed (%(error)s). Try again later.")
            % {"error": error.__class__.__name__}
        ) from error
    return invitation


@dataclass(frozen=True)
class InvitationCheck:
    """What an invitation link leads to: the token row, or why it cannot be used."""

    invitation: ActivationToken | None
    problem: str = ""  # "unknown", "used" or "expired"

    @property
    def is_valid(self) -> bool:
        return self.invitation is not None and not self.problem


def check_invitation(raw_token: str) -> InvitationCheck:
    """Look an invitation link up without using it."""
    invitation = (
        ActivationToken.objects.filter(
            purpose=ActivationToken.Purpose.INVITATION,
            token_hash=hash_invitation_token(raw_token),
        )
        .select_related("employee__user", "employee__unit")
        .first()
    )
    if invitation is None:
        return InvitationCheck(None, "unknown")
    if invitation.used_at:
        return InvitationCheck(invitation, "used")
    if invitation.expires_at <= timezone.now() or not invitation.employee.is_active:
        return InvitationCheck(invitation, "expired")
    return InvitationCheck(invitation)


@transaction.atomic
def accept_invitation(raw_token: str, password: str) -> AbstractBaseUser:
    """Set the password through an invitation link; returns the user, ready to log in."""
    check = check_invitation(raw_token)
    if not check.is_valid:
        raise ValidationError(_("This invitation link is no longer valid."))
    invitation = ActivationToken.objects.select_for_update().get(pk=check.invitation.pk)
    if invitation.used_at or invitation.expires_at <= timezone.now():
        raise ValidationError(_("This invitation link is no longer valid."))
    employee = check.invitation.employee
    user = _login_for(employee)
    _set_password(user, password)
    invitation.used_at = timezone.now()
    invitation.save(update_fields=["used_at"])
    _close_tokens(employee)
    _mark_email_verified(user, employee.email)
    audit.record(
        user, AuditAction.ACTIVATE, employee, unit_path=employee.unit.path,
        note="invitation link",
    )  # fmt: skip
    return user


def code_request_allowed(request: HttpRequest, nip: str) -> bool:
    """Count a code request: 3 per NIP per 10 minutes and 20 per address per hour."""
    return ratelimit.consume(request, action=CODE_REQUEST_RATE_ACTION, key=nip)


def code_attempts_allowed(request: HttpRequest) -> bool:
    """Whether this address may still try codes (wrong ones are counted per hour)."""
    return ratelimit.consume(request, action=CODE_FAILED_RATE_ACTION, dry_run=True)


def count_failed_code(request: HttpRequest) -> None:
    """Charge a wrong code to the caller's address."""
    ratelimit.consume(request, action=CODE_FAILED_RATE_ACTION)


def _code_recipient(nip: str) -> Employee | None:
    employee = (
        Employee.objects.filter(nip=nip, is_active=True)
        .exclude(email="")
        .select_related("user", "unit")
        .first()
    )
    if employee is None:
        return None
    user = _existing_login(employee)
    # Admin logins recover through allauth's password reset to their own address: an admin
    # lower down can edit an employee's e-mail and must not reach a wider login through it.
    if user is not None and (not user.is_active or _holds_admin_power(user)):
        return None
    return employee


def request_activation_code(nip: str) -> None:
    """E-mail a six-digit code to the employee with this NIP, if there is one who may have it.

    Returns nothing either way, so callers cannot reveal whether the NIP is registered.
    """
    nip = normalise_nip(nip) or ""
    employee = _code_recipient(nip) if nip else None
    if employee is None:
        return
    minutes = settings.GAUNG_ACTIVATION_CODE_MINUTES
    with transaction.atomic():
        _close_tokens(employee, purpose=ActivationToken.Purpose.CODE)
        while True:
            code = f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"
            token_hash = hash_activation_code(nip, code)
            # An old, closed code of the same employee may hash the same; hashes are unique.
            if not ActivationToken.objects.filter(token_hash=token_hash).exists():
                break
        token = ActivationToken.objects.create(
            employee=employee,
            purpose=ActivationToken.Purpose.CODE,
            token_hash=token_hash,
            expires_at=timezone.now() + timedelta(minutes=minutes),
        )
    context = {
        "code": code,
        "username": employee.user.get_username() if employee.user else nip,
        "expires_at": token.expires_at,
        "minutes": minutes,
    }
    try:
        _send(employee, "code", context)
    except (smtplib.SMTPException, OSError):
        # Swallowed: an error page here would tell the caller that the NIP is registered.
        logger.exception("Activation code e-mail to employee %s failed", employee.pk)


def _check_code(nip: str, code: str) -> ActivationToken | None:
    """The open code token matching NIP and code; a wrong code counts against the open one."""
    with transaction.atomic():
        token = (
            ActivationToken.objects.usable()
            .select_for_update()
            .filter(
                purpose=ActivationToken.Purpose.CODE,
                employee__nip=nip,
                failed_attempts__lt=MAX_CODE_ATTEMPTS,
            )
            .order_by("-created_at")
            .first()
        )
        if token is None:
            return None
        if hmac.compare_digest(token.token_hash, hash_activation_code(nip, code)):
            return token
        token.failed_attempts += 1
        if token.failed_attempts >= MAX_CODE_ATTEMPTS:
            token.expires_at = timezone.now()
        token.save(update_fields=["failed_attempts", "expires_at"])
        return None


def confirm_activation_code(nip: str, code: str, password: str) -> AbstractBaseUser:
    """Set the password of the employee with this NIP, given the e-mailed code; returns the user."""
    nip = normalise_nip(nip) or ""
    code = "".join(code.split())
    token = _check_code(nip, code) if nip and code.isdigit() else None
    if token is None:
        # Committed above before raising, so the attempt still counts.
        raise ValidationError({"code": invalid_code_message()})
    with transaction.atomic():
        token = (
            ActivationToken.objects.select_for_update().select_related("employee").get(pk=token.pk)
        )
        if token.used_at or token.expires_at <= timezone.now():
            raise ValidationError({"code": invalid_code_message()})
        employee = token.employee
        if _code_recipient(nip) != employee:
            raise ValidationError({"code": invalid_code_message()})
        user = _login_for(employee)
        had_password = user.has_usable_password()
        _set_password(user, password)
        token.used_at = timezone.now()
        token.save(update_fields=["used_at"])
        _close_tokens(employee)
        _mark_email_verified(user, employee.email)
        audit.record(
            user, AuditAction.ACTIVATE, employee, unit_path=employee.unit.path,
            note="one-time code (password reset)" if had_password else "one-time code",
        )  # fmt: skip
    return user


def api_token_for(user: AbstractBaseUser) -> str | None:
    """A fresh API token after activation; none for logins with a second factor to pass."""
    Token.objects.filter(user=user).delete()
    if is_mfa_enabled(user):
        return None
    return Token.objects.create(user=user).key
