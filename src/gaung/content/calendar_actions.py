"""Writes of the planning side: a user's calendar feed secret, an account's monthly targets."""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Mapping

from django.db import transaction
from django.utils.translation import gettext as _

from gaung.content.actions import roles_on
from gaung.content.calendar_feed import hash_token
from gaung.content.calendar_scope import has_content_access
from gaung.content.choices import Pillar, TeamRole
from gaung.content.models import CalendarToken, StrategyTarget
from gaung.core import audit
from gaung.core.choices import AuditAction
from gaung.core.permissions import ValidationError, require
from gaung.registry.scope import scope_for
from gaung.socials.models import SocialAccount

PILLAR_KEYS = tuple(f"pillar:{value}" for value in Pillar.values)
MIX_KEYS = (*PILLAR_KEYS, "informative")


@transaction.atomic
def regenerate_calendar_token(actor) -> str:
    """A new secret for the actor's ICS feed URL; the previous URL stops working."""
    require(has_content_access(actor), _("You have no content calendar."))
    token = secrets.token_urlsafe(32)
    found = CalendarToken.objects.select_for_update().filter(user=actor).first()
    created = found is None
    found = found or CalendarToken(user=actor)
    found.token_hash, found.secret = hash_token(token), token
    found.save()
    audit.record(
        actor, AuditAction.CREATE if created else AuditAction.UPDATE, found,
        changes={"token": [None if created else "…", "…"]},
    )  # fmt: skip
    return token


def may_set_strategy(user, account: SocialAccount) -> bool:
    """The account's content supervisors and the admins of its unit set its targets."""
    unit = account.owner_unit
    if unit is None:
        return False
    return TeamRole.SUPERVISOR in roles_on(user, unit) or scope_for(user).administers(unit)


def _checked_mix(mix: Mapping[str, int | None]) -> dict[str, int]:
    values = {key: int(value) for key, value in mix.items() if value is not None}
    unknown = set(values) - set(MIX_KEYS)
    if unknown:
        raise ValidationError(_("Unknown target: %(keys)s.") % {"keys": ", ".join(sorted(unknown))})
    if any(not 0 <= value <= 100 for value in values.values()):
        raise ValidationError(_("A share is a percentage from 0 to 100."))
    pillars = [values[key] for key in PILLAR_KEYS if key in values]
    if pillars and sum(pillars) != 100:
        raise ValidationError(
            {"__all__": _("The three pillars must add up to 100 %% (now %(sum)s %%).")
             % {"sum": sum(pillars)}}
        )  # fmt: skip
    return values


@transaction.atomic
def set_strategy_target(
    actor,
    account: SocialAccount,
    month: datetime.date,
    *,
    mix: Mapping[str, int | None],
    min_posts_per_week: int,
) -> StrategyTarget:
    """Set the month's target mix and minimum posts per week for an official account."""
    require(may_set_strategy(actor, account), _("You may not set this account's targets."))
    if min_posts_per_week < 0:
        raise ValidationError({"min_posts_per_week": _("The minimum cannot be negative.")})
    month = month.replace(day=1)
    values = _checked_mix(mix)
    target = StrategyTarget.objects.select_for_update().filter(account=account, month=month).first()
    before = {} if target is None else {"mix": target.mix, "min": target.min_posts_per_week}
    target = target or StrategyTarget(account=account, month=month)
    target.mix, target.min_posts_per_week = values, min_posts_per_week
    target.save()
    after = {"mix": target.mix, "min": target.min_posts_per_week}
    if after != before:
        audit.record(
            actor, AuditAction.UPDATE if before else AuditAction.CREATE, target,
            changes=audit.diff(before, after), unit_path=account.owner_unit.path,
        )  # fmt: skip
    return target
