"""Permission-matrix rows for the idea bank, the content team, the content settings and item
assets: see matrix_world.py.

The ASN proposed the world's idea and wrote its draft; Dinkes' admin supervises Dinkes (decides
ideas, edits the draft) and administers its team; the instansi admin sees everything, runs the
settings, but holds no content role; Disdik's admin sees none of Dinkes' content.
"""

import datetime

from django.core.files.base import ContentFile
from django.urls import reverse

from gaung.content.models import Asset, Purpose, TeamMembership
from gaung.core.models import HolidayOverride
from tests.content.matrix_world import IDEA_TITLE
from tests.content.media import image_bytes, image_upload

READERS = frozenset({"asn", "unit_admin", "instansi_admin"})
PROPOSERS = READERS
SUPERVISOR = frozenset({"unit_admin"})
# The draft's author (a contributor) and the supervisor may change it; the instansi admin
# reads it only.
EDITORS = frozenset({"asn", "unit_admin"})
TEAM_ADMINS = frozenset({"unit_admin", "instansi_admin"})
AGENCY_ADMIN = frozenset({"instansi_admin"})


def asset(w: dict) -> Asset:
    """An image on the world's draft, stored directly (no version, no audit), once per test."""
    if "matrix_asset" not in w:
        made = Asset(
            item=w["content_item"], original_name="matriks.jpg", kind="image",
            mime_type="image/jpeg", size=1, width=64, height=64,
        )  # fmt: skip
        made.file.save("matriks.jpg", ContentFile(image_bytes(64, 64)), save=False)
        made.thumbnail.save("matriks-thumb.jpg", ContentFile(image_bytes(32, 32)), save=False)
        made.save()
        w["matrix_asset"] = made
    return w["matrix_asset"]


def _asset_url(name: str):
    return lambda w: reverse(f"content:{name}", args=[asset(w).pk])


def _idea_url(name: str):
    return lambda w: reverse(f"content:{name}", args=[w["idea"].pk])


def _contributor(w: dict) -> TeamMembership:
    return TeamMembership.objects.get(user=w["users"]["asn"], role="contributor")


def _override_url(w: dict) -> str:
    override, _ = HolidayOverride.objects.get_or_create(
        date=datetime.date(2030, 5, 2), defaults={"name": "Hari Matriks"}
    )
    return reverse("content:config_holiday_delete", args=[override.pk])


def _url(name: str):
    return lambda w: reverse(f"content:{name}")


ROWS: list[dict] = [
    {"name": "content:idea_list", "method": "GET", "url": _url("idea_list"),
     "allowed": READERS, "marker": lambda w: IDEA_TITLE},
    {"name": "content:idea_create", "method": "POST", "url": _url("idea_create"),
     "allowed": PROPOSERS,
     "data": lambda w: {"unit": w["dinkes"].pk, "title": "Ide Matriks Baru", "pillar": "core"}},
    {"name": "content:idea_detail", "method": "GET", "url": _idea_url("idea_detail"),
     "allowed": READERS},
    {"name": "content:idea_accept", "method": "POST", "url": _idea_url("idea_accept"),
     "allowed": SUPERVISOR,
     "data": lambda w: {"purpose": Purpose.objects.get(code="informasi").pk,
                        "pillar": "complementary"}},
    {"name": "content:idea_decline", "method": "POST", "url": _idea_url("idea_decline"),
     "allowed": SUPERVISOR, "data": lambda w: {"decline_reason": "Sudah ada konten serupa"}},
    {"name": "content:team", "method": "GET", "url": _url("team"), "allowed": TEAM_ADMINS,
     "marker": lambda w: "@asn_p2p"},
    {"name": "content:team", "method": "POST", "url": _url("team"), "allowed": TEAM_ADMINS,
     "label": "add",
     "data": lambda w: {"unit": w["dinkes"].pk, "login": "asn_p2p", "role": "designer"}},
    {"name": "content:team_remove", "method": "POST",
     "url": lambda w: reverse("content:team_remove", args=[_contributor(w).pk]),
     "allowed": TEAM_ADMINS},
    {"name": "content:config_purposes", "method": "GET", "url": _url("config_purposes"),
     "allowed": AGENCY_ADMIN},
    {"name": "content:config_purposes", "method": "POST", "url": _url("config_purposes"),
     "allowed": AGENCY_ADMIN, "label": "add",
     "data": lambda w: {"new-name": "Tujuan Matriks", "new-is_informative": "on"}},
    {"name": "content:config_checklist", "method": "GET", "url": _url("config_checklist"),
     "allowed": AGENCY_ADMIN},
    {"name": "content:config_checklist", "method": "POST", "url": _url("config_checklist"),
     "allowed": AGENCY_ADMIN, "label": "add",
     "data": lambda w: {"new-label": "Cek Matriks"}},
    {"name": "content:config_service_times", "method": "GET",
     "url": _url("config_service_times"), "allowed": AGENCY_ADMIN},
    {"name": "content:config_service_times", "method": "POST",
     "url": _url("config_service_times"), "allowed": AGENCY_ADMIN, "label": "save",
     "data": lambda w: {"submitted": 1, "in_design": 2, "in_review": 3,
                        "revision_requested": 2, "approved": 1}},
    {"name": "content:config_holidays", "method": "GET", "url": _url("config_holidays"),
     "allowed": AGENCY_ADMIN},
    {"name": "content:config_holidays", "method": "POST", "url": _url("config_holidays"),
     "allowed": AGENCY_ADMIN, "label": "add",
     "data": lambda w: {"date": "2030-05-03", "name": "Cuti Matriks", "is_working_day": "0"}},
    {"name": "content:config_holiday_delete", "method": "POST", "url": _override_url,
     "allowed": AGENCY_ADMIN},
    {"name": "content:asset_upload", "method": "GET",
     "url": lambda w: reverse("content:asset_upload", args=[w["content_item"].pk]),
     "allowed": READERS},
    {"name": "content:asset_upload", "method": "POST",
     "url": lambda w: reverse("content:asset_upload", args=[w["content_item"].pk]),
     "allowed": EDITORS, "label": "upload",
     "data": lambda w: {"file": image_upload("matriks-baru.jpg", 1080, 1080),
                        "alt_text": "Poster"}},
    {"name": "content:asset_file", "method": "GET", "url": _asset_url("asset_file"),
     "allowed": READERS},
    {"name": "content:asset_thumbnail", "method": "GET", "url": _asset_url("asset_thumbnail"),
     "allowed": READERS},
    {"name": "content:asset_update", "method": "POST", "url": _asset_url("asset_update"),
     "allowed": EDITORS, "data": lambda w: {"alt_text": "Poster imunisasi"}},
    {"name": "content:asset_delete", "method": "POST", "url": _asset_url("asset_delete"),
     "allowed": EDITORS},
]  # fmt: skip
