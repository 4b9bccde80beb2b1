"""Permission-matrix rows for the content API: see matrix_world.py.

The ASN is a contributor on Dinkes and the author of both items, the Dinkes admin is its
supervisor and publisher, the instansi admin sees every unit but holds no content role (reads
only), and the Disdik admin sees nothing of Dinkes (404, or a list without it). Purposes,
checklist and service times are read by every admin and team member.
"""

import datetime

from django.urls import reverse
from django.utils import timezone

from gaung.content.models import ChecklistItem, Purpose
from tests.content.matrix_world import IDEA_TITLE, ITEM_TITLE, REVIEW_TITLE

AUTHOR_AND_SUPERVISOR = frozenset({"asn", "unit_admin"})
SUPERVISOR = frozenset({"unit_admin"})
DINKES_READERS = frozenset({"asn", "unit_admin", "instansi_admin"})
TEAM_AND_ADMINS = frozenset({"asn", "other_unit_admin", "unit_admin", "instansi_admin"})


def _url(name: str, key: str | None = None, *more):
    return lambda w: reverse(name, args=[w[key].pk, *more] if key else [])


def _purpose() -> int:
    return Purpose.objects.get(code="informasi").pk


def _later(days: int) -> str:
    return (timezone.now() + datetime.timedelta(days=days)).isoformat()


def _calendar(w: dict) -> str:
    today = timezone.localdate()
    start, end = today - datetime.timedelta(days=1), today + datetime.timedelta(days=40)
    return f"{reverse('content-calendar')}?start={start}&end={end}"


def _all_ticked(w: dict) -> dict:
    return {"ticked": {str(pk): True for pk in ChecklistItem.objects.values_list("pk", flat=True)}}


ROWS: list[dict] = [
    dict(name="content-item-list", method="GET", url=_url("content-item-list"),
         allowed=DINKES_READERS, marker=lambda w: ITEM_TITLE),
    dict(name="content-item-list", method="POST", url=_url("content-item-list"),
         allowed=AUTHOR_AND_SUPERVISOR,
         data=lambda w: {"unit": w["dinkes"].pk, "title": "Konten API Matriks", "pillar": "core",
                         "purpose": _purpose()}),
    dict(name="content-item-detail", method="GET", url=_url("content-item-detail", "content_item"),
         allowed=DINKES_READERS, marker=lambda w: ITEM_TITLE),
    dict(name="content-item-detail", method="PATCH",
         url=_url("content-item-detail", "content_item"), allowed=AUTHOR_AND_SUPERVISOR,
         data=lambda w: {"title": "Konten Matriks Diubah API"}),
    dict(name="content-item-transition", method="POST",
         url=_url("content-item-transition", "content_item"), allowed=AUTHOR_AND_SUPERVISOR,
         data=lambda w: {"action": "submit"}),
    dict(name="content-item-available-actions", method="GET",
         url=_url("content-item-available-actions", "content_item"), allowed=DINKES_READERS),
    dict(name="content-item-checklist", method="GET",
         url=_url("content-item-checklist", "review_item"), allowed=DINKES_READERS),
    dict(name="content-item-checklist", method="POST",
         url=_url("content-item-checklist", "review_item"), allowed=SUPERVISOR,
         data=_all_ticked),
    dict(name="content-item-events", method="GET",
         url=_url("content-item-events", "content_item"), allowed=DINKES_READERS),
    dict(name="content-item-versions", method="GET",
         url=_url("content-item-versions", "content_item"), allowed=DINKES_READERS),
    dict(name="content-item-version", method="GET",
         url=_url("content-item-version", "review_item", 1), allowed=DINKES_READERS,
         marker=lambda w: REVIEW_TITLE),
    dict(name="content-item-reschedule", method="POST",
         url=_url("content-item-reschedule", "content_item"), allowed=AUTHOR_AND_SUPERVISOR,
         data=lambda w: {"planned_at": _later(9)}),
    dict(name="content-item-assets", method="GET",
         url=_url("content-item-assets", "content_item"), allowed=DINKES_READERS),
    dict(name="content-idea-list", method="GET", url=_url("content-idea-list"),
         allowed=DINKES_READERS, marker=lambda w: IDEA_TITLE),
    dict(name="content-idea-list", method="POST", url=_url("content-idea-list"),
         allowed=DINKES_READERS,
         data=lambda w: {"unit": w["dinkes"].pk, "title": "Ide API Matriks"}),
    dict(name="content-idea-detail", method="GET", url=_url("content-idea-detail", "idea"),
         allowed=DINKES_READERS, marker=lambda w: IDEA_TITLE),
    dict(name="content-idea-accept", method="POST", url=_url("content-idea-accept", "idea"),
         allowed=SUPERVISOR, data=lambda w: {"purpose": _purpose()}),
    dict(name="content-idea-decline", method="POST", url=_url("content-idea-decline", "idea"),
         allowed=SUPERVISOR, data=lambda w: {"reason": "Sudah ada konten serupa"}),
    dict(name="content-purpose-list", method="GET", url=_url("content-purpose-list"),
         allowed=TEAM_AND_ADMINS, marker=lambda w: "informasi"),
    dict(name="content-checklist-list", method="GET", url=_url("content-checklist-list"),
         allowed=TEAM_AND_ADMINS),
    dict(name="content-service-time-list", method="GET", url=_url("content-service-time-list"),
         allowed=TEAM_AND_ADMINS, marker=lambda w: "in_review"),
    dict(name="content-calendar", method="GET", url=_calendar, allowed=DINKES_READERS,
         marker=lambda w: ITEM_TITLE),
]  # fmt: skip
