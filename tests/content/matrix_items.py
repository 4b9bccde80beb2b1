"""Permission-matrix rows for content (items): see matrix_world.py.

The ASN contributes on Dinkes and wrote the world's draft and in-review items; Dinkes' admin
supervises and publishes there; the instansi admin reads every unit's content but holds no
content role (read-only); Disdik's admin neither sees nor changes Dinkes' content.
"""

import datetime

from django.urls import reverse
from django.utils import timezone

from gaung.content.models import ChecklistItem, ContentItem, Purpose
from tests.content.matrix_world import ITEM_TITLE, REVIEW_TITLE

READERS = frozenset({"asn", "unit_admin", "instansi_admin"})
# Who may write Dinkes' draft: its author (a contributor) and the supervisor.
WRITERS = frozenset({"asn", "unit_admin"})
SUPERVISOR = frozenset({"unit_admin"})


def _item_url(name: str, key: str = "content_item", *extra: str):
    return lambda w: reverse(f"content:{name}", args=[w[key].pk, *extra])


def _overdue_url(w: dict) -> str:
    """The overdue list, with the world's item in review past its due time."""
    late = timezone.now() - datetime.timedelta(days=7)
    ContentItem.objects.filter(pk=w["review_item"].pk).update(due_at=late)
    return reverse("content:overdue_list")


def _item_form(w: dict) -> dict:
    return {
        "title": "Konten Matriks Baru",
        "pillar": "core",
        "purpose": Purpose.objects.get(code="edukasi").pk,
        "unit": w["dinkes"].pk,
        "target_accounts": [w["official_account"].pk],
        "caption_instagram": "Konten baru #Matriks",
    }


def _item_edit(w: dict) -> dict:
    item = w["content_item"]
    return {
        "title": "Konten Matriks Diubah",
        "pillar": item.pillar,
        "purpose": item.purpose_id,
        "target_accounts": [w["official_account"].pk],
        "caption_instagram": "Ayo imunisasi #SehatBersama",
    }


def _all_checks(w: dict) -> dict:
    return {"checks": [str(pk) for pk in ChecklistItem.objects.values_list("pk", flat=True)]}


ROWS: list[dict] = [
    {"name": "content:item_list", "method": "GET", "url": lambda w: reverse("content:item_list"),
     "allowed": READERS, "marker": lambda w: ITEM_TITLE},
    {"name": "content:overdue_list", "method": "GET", "url": _overdue_url, "allowed": READERS,
     "marker": lambda w: REVIEW_TITLE},
    {"name": "content:item_create", "method": "POST",
     "url": lambda w: reverse("content:item_create"), "allowed": WRITERS, "data": _item_form},
    {"name": "content:item_detail", "method": "GET", "url": _item_url("item_detail"),
     "allowed": READERS, "marker": lambda w: ITEM_TITLE},
    {"name": "content:item_edit", "method": "POST", "url": _item_url("item_edit"),
     "allowed": WRITERS, "data": _item_edit},
    {"name": "content:item_transition", "method": "POST",
     "url": _item_url("item_transition", "content_item", "submit"), "allowed": WRITERS,
     "label": "submit"},
    {"name": "content:item_transition", "method": "POST",
     "url": _item_url("item_transition", "review_item", "request_revision"),
     "allowed": SUPERVISOR, "data": lambda w: {"comment": "Perbaiki sumber data."},
     "label": "request_revision"},
    {"name": "content:item_checklist", "method": "POST",
     "url": _item_url("item_checklist", "review_item"), "allowed": SUPERVISOR,
     "data": _all_checks},
    {"name": "content:item_versions", "method": "GET", "url": _item_url("item_versions"),
     "allowed": READERS, "marker": lambda w: ITEM_TITLE},
    {"name": "content:item_compare", "method": "GET",
     "url": lambda w: reverse("content:item_compare", args=[w["content_item"].pk]) + "?a=1&b=1",
     "allowed": READERS, "marker": lambda w: ITEM_TITLE},
]  # fmt: skip
