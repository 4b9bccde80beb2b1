"""The content settings agency admins change: purposes, the review checklist, the service time
of each step, and the corrections to the holiday calendar. Each change is audited."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Max
from django.utils.text import slugify
from django.utils.translation import gettext as _

from gaung.content.choices import ContentState
from gaung.content.models import ChecklistItem, Purpose, ServiceTime
from gaung.core import audit
from gaung.core.choices import AuditAction
from gaung.core.models import HolidayOverride
from gaung.core.permissions import ValidationError, require
from gaung.registry.scope import scope_for

PURPOSE_FIELDS = ("code", "name", "is_informative", "order", "is_active")
CHECKLIST_FIELDS = ("label", "order", "is_active")
HOLIDAY_FIELDS = ("date", "name", "is_working_day")
# The steps where someone is expected to act; a draft waits on nobody, a scheduled item on
# its planned time.
SERVICE_STATES = (
    ContentState.SUBMITTED,
    ContentState.IN_DESIGN,
    ContentState.IN_REVIEW,
    ContentState.REVISION_REQUESTED,
    ContentState.APPROVED,
)


def may_configure(user) -> bool:
    """Agency (instansi) admins and superusers: the settings hold for every unit."""
    return scope_for(user).is_instansi_admin


def _require(actor) -> None:
    require(may_configure(actor), _("Only agency administrators change the content settings."))


def _created(actor, instance, fields) -> None:
    changes = audit.diff({}, audit.snapshot(instance, fields))
    audit.record(actor, AuditAction.CREATE, instance, changes=changes)


def _updated(actor, instance, fields, before) -> bool:
    changes = audit.diff(before, audit.snapshot(instance, fields))
    if changes:
        audit.record(actor, AuditAction.UPDATE, instance, changes=changes)
    return bool(changes)


def _clean_text(value: str, field: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: _("This field is required.")})
    return value


# ---------------------------------------------------------------------------------------------
# Purposes
# ---------------------------------------------------------------------------------------------


def _free_code(name: str) -> str:
    base = slugify(name)[:36] or "tujuan"
    code, number = base, 2
    while Purpose.objects.filter(code=code).exists():
        code, number = f"{base}-{number}", number + 1
    return code


@transaction.atomic
def add_purpose(actor, *, name: str, is_informative: bool = True) -> Purpose:
    _require(actor)
    name = _clean_text(name, "name")
    if Purpose.objects.filter(name__iexact=name).exists():
        raise ValidationError({"name": _("This purpose already exists.")})
    last = Purpose.objects.aggregate(last=Max("order"))["last"]
    purpose = Purpose(
        code=_free_code(name),
        name=name,
        is_informative=is_informative,
        order=0 if last is None else last + 1,
    )
    purpose.full_clean()
    purpose.save()
    _created(actor, purpose, PURPOSE_FIELDS)
    return purpose


@transaction.atomic
def update_purpose(
    actor, purpose: Purpose, *, name: str, is_informative: bool, is_active: bool
) -> Purpose:
    """Rename, (de)activate or reclassify a purpose; its code (used by the API) stays."""
    _require(actor)
    purpose = Purpose.objects.select_for_update().get(pk=purpose.pk)
    before = audit.snapshot(purpose, PURPOSE_FIELDS)
    purpose.name = _clean_text(name, "name")
    if Purpose.objects.filter(name__iexact=purpose.name).exclude(pk=purpose.pk).exists():
        raise ValidationError({"name": _("This purpose already exists.")})
    purpose.is_informative = is_informative
    purpose.is_active = is_active
    purpose.full_clean()
    purpose.save()
    _updated(actor, purpose, PURPOSE_FIELDS, before)
    return purpose


# ---------------------------------------------------------------------------------------------
# Review checklist
# ---------------------------------------------------------------------------------------------


@transaction.atomic
def add_checklist_item(actor, *, label: str) -> ChecklistItem:
    _require(actor)
    last = ChecklistItem.objects.aggregate(last=Max("order"))["last"]
    point = ChecklistItem(label=_clean_text(label, "label"), order=0 if last is None else last + 1)
    point.full_clean()
    point.save()
    _created(actor, point, CHECKLIST_FIELDS)
    return point


@transaction.atomic
def update_checklist_item(
    actor, point: ChecklistItem, *, label: str, is_active: bool
) -> ChecklistItem:
    """Reword or (de)activate a point; items being reviewed must tick the active ones."""
    _require(actor)
    point = ChecklistItem.objects.select_for_update().get(pk=point.pk)
    before = audit.snapshot(point, CHECKLIST_FIELDS)
    point.label = _clean_text(label, "label")
    point.is_active = is_active
    point.full_clean()
    point.save()
    _updated(actor, point, CHECKLIST_FIELDS, before)
    return point


@transaction.atomic
def move_checklist_item(actor, point: ChecklistItem, step: int) -> None:
    """Move a point one place up (step -1) or down (+1) the list reviewers see."""
    _require(actor)
    points = list(ChecklistItem.objects.select_for_update().order_by("order", "pk"))
    index = next(i for i, p in enumerate(points) if p.pk == point.pk)
    other = index + (1 if step > 0 else -1)
    if not 0 <= other < len(points):
        return
    points[index], points[other] = points[other], points[index]
    for order, each in enumerate(points):
        if each.order != order:
            before = audit.snapshot(each, CHECKLIST_FIELDS)
            each.order = order
            each.save(update_fields=["order"])
            _updated(actor, each, CHECKLIST_FIELDS, before)


# ---------------------------------------------------------------------------------------------
# Service times
# ---------------------------------------------------------------------------------------------


@transaction.atomic
def set_service_times(actor, days: dict[str, int | None]) -> int:
    """Working days allowed per step (None: no deadline); items entering a step after the
    change get the new deadline. Returns how many steps changed."""
    _require(actor)
    changed = 0
    for state, value in days.items():
        if state not in SERVICE_STATES:
            raise ValidationError(_("%(state)s has no service time.") % {"state": state})
        if value is not None and not 0 < value <= 60:
            raise ValidationError({state: _("Between 1 and 60 working days.")})
        current = ServiceTime.objects.filter(state=state).first()
        if current is None and value is not None:
            _created(actor, ServiceTime.objects.create(state=state, working_days=value),
                     ("state", "working_days"))  # fmt: skip
        elif current is not None and value is None:
            audit.record(actor, AuditAction.DELETE, current,
                         changes={"working_days": [current.working_days, None]})  # fmt: skip
            current.delete()
        elif current is not None and current.working_days != value:
            before = audit.snapshot(current, ("state", "working_days"))
            current.working_days = value
            current.save()
            _updated(actor, current, ("state", "working_days"), before)
        else:
            continue
        changed += 1
    return changed


# ---------------------------------------------------------------------------------------------
# Holiday overrides (core.workdays reads them)
# ---------------------------------------------------------------------------------------------


@transaction.atomic
def add_holiday_override(
    actor, *, date: datetime.date, name: str, is_working_day: bool
) -> HolidayOverride:
    """An extra day off, or a listed holiday that is worked; deadlines count it at once."""
    _require(actor)
    if HolidayOverride.objects.filter(date=date).exists():
        raise ValidationError({"date": _("This day already has a correction: remove it first.")})
    override = HolidayOverride(
        date=date,
        name=_clean_text(name, "name"),
        is_working_day=is_working_day,
        created_by=actor if actor.is_authenticated else None,
    )
    override.full_clean()
    override.save()
    _created(actor, override, HOLIDAY_FIELDS)
    return override


@transaction.atomic
def remove_holiday_override(actor, override: HolidayOverride) -> None:
    _require(actor)
    audit.record(
        actor, AuditAction.DELETE, override,
        changes=audit.diff(audit.snapshot(override, HOLIDAY_FIELDS), {}),
    )  # fmt: skip
    override.delete()
