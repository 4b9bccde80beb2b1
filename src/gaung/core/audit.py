"""Recording changes to important records (called from every app's actions)."""

from collections.abc import Iterable, Mapping
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from gaung.core.choices import AuditAction
from gaung.core.models import AuditEvent


def snapshot(instance: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """The audited fields' current values, in a JSON-friendly form."""
    values: dict[str, Any] = {}
    for name in fields:
        field = instance._meta.get_field(name)
        value = getattr(instance, field.attname)
        if value is not None and not isinstance(value, bool | int | float | str):
            value = str(value)
        values[name] = value
    return values


def diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list[Any]]:
    """Fields whose value changed, as {field: [old, new]} (a missing side counts as None)."""
    names = [*before, *(name for name in after if name not in before)]
    return {
        name: [before.get(name), after.get(name)]
        for name in names
        if before.get(name) != after.get(name)
    }


def record(
    actor,
    action: str | AuditAction,
    instance: models.Model,
    *,
    changes: Mapping[str, Any] | None = None,
    unit_path: str = "",
    note: str = "",
) -> AuditEvent:
    """Append an audit event for `instance`."""
    actor_user = actor if getattr(actor, "is_authenticated", False) else None
    return AuditEvent.objects.create(
        actor=actor_user,
        actor_name=actor_user.get_username() if actor_user else "system",
        action=str(action),
        content_type=ContentType.objects.get_for_model(instance, for_concrete_model=True),
        object_id=str(instance.pk),
        object_repr=str(instance)[:255],
        unit_path=unit_path,
        changes=dict(changes or {}),
        note=note,
    )


def events_for(instance: models.Model):
    """The audit history of one record, newest first."""
    return AuditEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(instance, for_concrete_model=True),
        object_id=str(instance.pk),
    ).select_related("actor")
