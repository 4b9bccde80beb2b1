"""Field-by-field comparison of two versions of a content item (ContentVersion snapshots)."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from gaung.content.choices import Pillar
from gaung.content.models import Purpose
from gaung.socials.choices import Platform
from gaung.socials.models import SocialAccount

_TOKENS = re.compile(r"\s+|\w+|[^\w\s]+")


@dataclass
class Row:
    """One compared field; text fields carry word-level segments, lists what came and went."""

    label: str
    kind: str  # "text", "value" or "list"
    changed: bool
    old: str = ""
    new: str = ""
    # (op, text) with op in "equal", "delete", "insert": the words of both versions in order.
    segments: list[tuple[str, str]] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """The two texts word by word: what stayed, what was removed, what was added."""
    a, b = _TOKENS.findall(old), _TOKENS.findall(new)
    segments: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            segments.append(("equal", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            segments.append(("delete", "".join(a[i1:i2])))
        if j2 > j1:
            segments.append(("insert", "".join(b[j1:j2])))
    return segments


def _text_row(label: str, old: str, new: str) -> Row:
    old, new = old or "", new or ""
    return Row(label, "text", old != new, old, new, segments=word_diff(old, new))


def _value_row(label: str, old: str, new: str) -> Row:
    return Row(label, "value", old != new, old, new)


def _list_row(label: str, old: list[str], new: list[str]) -> Row:
    return Row(
        label,
        "list",
        old != new,
        removed=[name for name in old if name not in new],
        added=[name for name in new if name not in old],
        kept=[name for name in new if name in old],
    )


def _yes_no(value: Any) -> str:
    return _("Yes") if value else _("No")


def compare(a: dict[str, Any], b: dict[str, Any]) -> list[Row]:
    """The rows of the comparison of snapshot `a` (older) with snapshot `b`."""
    purposes = dict(
        Purpose.objects.filter(pk__in=[a.get("purpose"), b.get("purpose")]).values_list(
            "pk", "name"
        )
    )
    account_pks = {*a.get("target_accounts", []), *b.get("target_accounts", [])}
    accounts = {
        account.pk: str(account) for account in SocialAccount.objects.filter(pk__in=account_pks)
    }
    pillars = dict(Pillar.choices)
    rows = [
        _text_row(_("Title"), a.get("title"), b.get("title")),
        _text_row(_("Brief"), a.get("brief"), b.get("brief")),
        _text_row(_("Key message"), a.get("key_message"), b.get("key_message")),
        _value_row(
            _("States figures"), _yes_no(a.get("states_figures")), _yes_no(b.get("states_figures"))
        ),
        _text_row(_("Data sources"), a.get("data_sources"), b.get("data_sources")),
        _value_row(
            _("Pillar"),
            str(pillars.get(a.get("pillar"), a.get("pillar") or "")),
            str(pillars.get(b.get("pillar"), b.get("pillar") or "")),
        ),
        _value_row(
            _("Purpose"),
            purposes.get(a.get("purpose"), ""),
            purposes.get(b.get("purpose"), ""),
        ),
    ]
    old_captions, new_captions = a.get("captions", {}), b.get("captions", {})
    for platform, name in Platform.choices:
        if platform in old_captions or platform in new_captions:
            rows.append(
                _text_row(
                    _("Caption for %(platform)s") % {"platform": name},
                    old_captions.get(platform, ""),
                    new_captions.get(platform, ""),
                )
            )

    def account_names(snapshot: dict[str, Any]) -> list[str]:
        return [accounts.get(pk, f"#{pk}") for pk in snapshot.get("target_accounts", [])]

    def asset_names(snapshot: dict[str, Any]) -> list[str]:
        return [f"{name} ({alt})" if alt else name for _pk, name, alt in snapshot.get("assets", [])]

    rows.append(_list_row(_("Target official accounts"), account_names(a), account_names(b)))
    rows.append(_list_row(_("Assets"), asset_names(a), asset_names(b)))
    return rows
