"""Adding, describing and removing an item's images and videos.

An asset is part of what the supervisor approves (actions.snapshot lists it), so each change
is a new version of the item, like actions.edit_item: after approval it goes back to review.
"""

from __future__ import annotations

import uuid
from pathlib import Path

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gaung.content import actions, assets, notifications
from gaung.content.choices import APPROVED_STATES, FINAL_STATES, ContentState
from gaung.content.models import Asset, ContentItem
from gaung.content.workflow import EDITORS
from gaung.core import audit
from gaung.core.choices import AuditAction
from gaung.core.permissions import PermissionDenied, ValidationError


def may_change_assets(user, item: ContentItem) -> bool:
    """The item's editors in its current state (workflow.EDITORS) change its assets."""
    return bool(actions.roles_of(user, item) & EDITORS.get(item.state, frozenset()))


def _editable(actor, item: ContentItem) -> ContentItem:
    item = ContentItem.objects.select_for_update().select_related("unit").get(pk=item.pk)
    if not may_change_assets(actor, item):
        if item.state in FINAL_STATES:
            raise ValidationError(_("A published, rejected or cancelled item cannot be edited."))
        raise PermissionDenied(_("You may not change this item's images and videos now."))
    return item


def _asset_names(item: ContentItem) -> list[str]:
    return list(item.assets.order_by("pk").values_list("original_name", flat=True))


def _new_version(actor, item: ContentItem, change: str, names_before: list[str], **data) -> None:
    """Record the change as the item's next version; an approved item goes back to review.

    The history row is an "edit" of the field "assets", like any other content change, with
    what happened to which file (change: added, removed, alt_text).
    """
    before = audit.snapshot(item, actions.ITEM_FIELDS)
    before_state = item.state
    item.version += 1
    if item.state in APPROVED_STATES:
        item.state = ContentState.IN_REVIEW
        item.approved_version = None
        item.state_changed_at = timezone.now()
        item.due_at = actions.due_for(item.state, item.state_changed_at)
    item.save()
    actions._save_version(item, actor)
    actions._event(item, actor, "edit", before_state, fields=["assets"], change=change, **data)
    notifications.after_edit(item, before_state, actor)
    changes = audit.diff(before, audit.snapshot(item, actions.ITEM_FIELDS))
    changes |= {"version": [item.version - 1, item.version]}
    names_after = _asset_names(item)
    if names_after != names_before:
        changes["assets"] = [names_before, names_after]
    audit.record(actor, AuditAction.UPDATE, item, changes=changes, unit_path=item.unit.path)


@transaction.atomic
def add_asset(actor, item: ContentItem, file, alt_text: str = "") -> Asset:
    """Upload an image or video; refused only when it is neither or is too large."""
    item = _editable(actor, item)
    found = assets.probe(file)
    picture = assets.thumbnail(file, found)
    original_name = Path(file.name or "upload").name[:255]
    asset = Asset(
        item=item,
        original_name=original_name,
        kind=found.kind,
        mime_type=found.mime_type,
        size=file.size,
        width=found.width,
        height=found.height,
        duration_seconds=found.duration_seconds,
        alt_text=alt_text.strip(),
        uploaded_by=actions._user(actor),
    )
    # A random name: the original may be anything, and stored names must not be guessable.
    stem = uuid.uuid4().hex
    names_before = _asset_names(item)
    asset.file.save(f"{stem}.{assets.EXTENSIONS[found.mime_type]}", file, save=False)
    try:
        if picture:
            asset.thumbnail.save(f"{stem}.jpg", ContentFile(picture), save=False)
        asset.save()
        _new_version(actor, item, "added", names_before, asset=asset.pk, name=original_name)
    except Exception:
        _delete_files(asset)
        raise
    return asset


@transaction.atomic
def update_alt_text(actor, asset: Asset, alt_text: str) -> Asset:
    """The description screen readers give for the picture (a review checklist point)."""
    item = _editable(actor, asset.item)
    asset = Asset.objects.select_for_update().get(pk=asset.pk, item=item)
    alt_text = alt_text.strip()
    if alt_text == asset.alt_text:
        return asset
    asset.alt_text = alt_text
    asset.save(update_fields=["alt_text"])
    _new_version(actor, item, "alt_text", _asset_names(item), asset=asset.pk,
                 name=asset.original_name)  # fmt: skip
    return asset


@transaction.atomic
def remove_asset(actor, asset: Asset) -> None:
    item = _editable(actor, asset.item)
    asset = Asset.objects.select_for_update().get(pk=asset.pk, item=item)
    names_before = _asset_names(item)
    name, pk = asset.original_name, asset.pk
    asset.delete()
    _new_version(actor, item, "removed", names_before, asset=pk, name=name)
    # The files go only once the removal is saved for good.
    transaction.on_commit(lambda: _delete_files(asset))


def _delete_files(asset: Asset) -> None:
    for stored in (asset.file, asset.thumbnail):
        if stored:
            stored.storage.delete(stored.name)
