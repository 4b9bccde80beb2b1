"""Recording changes to important records (called from every app's actions)."""

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import orjson
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


def encode_batch(names: Sequence[str], values: Sequence[Sequence[Any]]) -> str:
    """The per-record part of a batch event's `batch_records` (see compose_batch).

    `names[i]` and `values[i]` (JSON-ready: str, int, float, bool or None, as snapshot()
    makes them) belong to the batch's i-th record.
    """
    if len(names) != len(values):
        raise ValueError("A batch needs one name per record.")
    return orjson.dumps({"names": names, "values": values}).decode()


def compose_batch(fields: Sequence[str], first: int, encoded: str) -> str:
    """`batch_records` for records first, first + 1, … from encode_batch's text.

    Split in two so that an import can encode its batches before their ids are known.
    """
    head = orjson.dumps({"fields": list(fields), "first": int(first)}).decode()
    return f"{head[:-1]},{encoded[1:]}"


def batch_records(
    fields: Sequence[str], first: int, names: Sequence[str], values: Sequence[Sequence[Any]]
) -> str:
    """A batch creation event's `batch_records`: record first + i has names[i], values[i]."""
    return compose_batch(fields, first, encode_batch(names, values))


def events_for(instance: models.Model) -> list[AuditEvent]:
    """The audit history of one record, newest first, including the batch events covering it."""
    content_type = ContentType.objects.get_for_model(instance, for_concrete_model=True)
    events = AuditEvent.objects.filter(content_type=content_type).select_related("actor")
    history = list(events.filter(object_id=str(instance.pk)))
    if isinstance(instance.pk, int):
        batches = events.filter(batch_last__gte=instance.pk, batch_first__lte=instance.pk)
        history += [
            narrowed for event in batches if (narrowed := event.for_record(instance.pk)) is not None
        ]
        history.sort(key=lambda event: (event.created_at, event.pk), reverse=True)
    return history
