"""Permission-matrix rows for amplification (admin): see matrix_world.py.

Dinkes' admin (unit_admin) organises the world's campaigns and the instansi admin sees the
whole agency; Disdik's admin (other_unit_admin) must neither see nor change them; the ASN and
anonymous visitors never reach these pages (the ASN only sees their own screenshots).
"""

import datetime
import io

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from gaung.amplification.models import Proof
from tests.amplification.matrix_world import CAMPAIGN_TITLE, GROUP_NAME, PERIOD_NAME

UNIT_ADMINS = frozenset({"unit_admin", "instansi_admin"})
INSTANSI_ADMIN = frozenset({"instansi_admin"})
# A screenshot is shown to the admins who review it and to the employee who sent it.
REVIEWERS_AND_SENDER = UNIT_ADMINS | {"asn"}


def _url(name: str, key: str | None = None):
    return lambda w: reverse(f"amplification:{name}", args=[w[key].pk] if key else [])


def _local(moment: datetime.datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def _campaign_form(w: dict) -> dict:
    now = timezone.now()
    return {
        "unit": w["dinkes"].pk,
        "title": "Kampanye Matriks Baru",
        "post_url": "https://www.instagram.com/dinkes.contoh/p/MatriksD4/",
        "actions": ["share"],
        "platforms": ["instagram"],
        "starts_at": _local(now),
        "deadline": _local(now + datetime.timedelta(days=2)),
        "target_units": [w["unit"].pk],
        "reminder_lead_hours": 24,
    }


def _campaign_edit(w: dict) -> dict:
    campaign = w["campaign"]
    return {
        **_campaign_form(w),
        "title": "Kampanye Matriks Diubah",
        "post_url": campaign.post_url,
        "starts_at": _local(campaign.starts_at),
        "deadline": _local(campaign.deadline),
    }


def _screenshot_url(w: dict) -> str:
    """Give the world's proof a screenshot (a change the fingerprint does not see)."""
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(buffer, "PNG")
    name = default_storage.save("amplification/proofs/matrix.png", ContentFile(buffer.getvalue()))
    Proof.objects.filter(pk=w["proof"].pk).update(kind="screenshot", screenshot=name)
    return reverse("amplification:proof_screenshot", args=[w["proof"].pk])


def _period_form(w: dict) -> dict:
    today = timezone.localdate()
    return {
        "instansi": w["dinkes"].parent.pk,
        "name": "Pemilu Matriks",
        "starts_on": (today + datetime.timedelta(days=200)).isoformat(),
        "ends_on": (today + datetime.timedelta(days=230)).isoformat(),
    }


ROWS: list[dict] = [
    dict(name="amplification:campaign_list", method="GET", url=_url("campaign_list"),
         allowed=UNIT_ADMINS, marker=lambda w: CAMPAIGN_TITLE),
    dict(name="amplification:campaign_create", method="POST", url=_url("campaign_create"),
         allowed=UNIT_ADMINS, data=_campaign_form),
    dict(name="amplification:campaign_detail", method="GET",
         url=_url("campaign_detail", "campaign"), allowed=UNIT_ADMINS,
         marker=lambda w: CAMPAIGN_TITLE),
    dict(name="amplification:campaign_edit", method="GET", url=_url("campaign_edit", "campaign"),
         allowed=UNIT_ADMINS, marker=lambda w: CAMPAIGN_TITLE),
    dict(name="amplification:campaign_edit", method="POST", url=_url("campaign_edit", "campaign"),
         allowed=UNIT_ADMINS, data=_campaign_edit, label="save"),
    dict(name="amplification:campaign_activate", method="POST",
         url=_url("campaign_activate", "draft_campaign"), allowed=UNIT_ADMINS),
    dict(name="amplification:campaign_close", method="POST",
         url=_url("campaign_close", "campaign"), allowed=UNIT_ADMINS),
    dict(name="amplification:campaign_cancel", method="POST",
         url=_url("campaign_cancel", "draft_campaign"), allowed=UNIT_ADMINS),
    dict(name="amplification:campaign_assignments", method="GET",
         url=_url("campaign_assignments", "campaign"), allowed=UNIT_ADMINS,
         marker=lambda w: w["employee"].name),
    dict(name="amplification:proof_queue", method="GET", url=_url("proof_queue"),
         allowed=UNIT_ADMINS, marker=lambda w: w["proof"].url),
    dict(name="amplification:proof_queue", method="POST", url=_url("proof_queue"),
         allowed=UNIT_ADMINS, data=lambda w: {"proofs": [w["proof"].pk], "decision": "accept"},
         label="accept"),
    dict(name="amplification:proof_screenshot", method="GET", url=_screenshot_url,
         allowed=REVIEWERS_AND_SENDER),
    dict(name="amplification:group_list", method="GET", url=_url("group_list"),
         allowed=UNIT_ADMINS, marker=lambda w: GROUP_NAME),
    dict(name="amplification:group_create", method="POST", url=_url("group_create"),
         allowed=UNIT_ADMINS,
         data=lambda w: {"unit": w["dinkes"].pk, "name": "Tim Humas Matriks",
                         "add_nips": w["employee"].nip}),
    dict(name="amplification:group_edit", method="POST", url=_url("group_edit", "group"),
         allowed=UNIT_ADMINS,
         data=lambda w: {"unit": w["dinkes"].pk, "name": "Duta Digital Diubah"}),
    dict(name="amplification:group_delete", method="POST", url=_url("group_delete", "group"),
         allowed=UNIT_ADMINS),
    dict(name="amplification:period_list", method="GET", url=_url("period_list"),
         allowed=INSTANSI_ADMIN, marker=lambda w: PERIOD_NAME),
    dict(name="amplification:period_create", method="POST", url=_url("period_create"),
         allowed=INSTANSI_ADMIN, data=_period_form),
    dict(name="amplification:period_edit", method="POST",
         url=_url("period_edit", "election_period"), allowed=INSTANSI_ADMIN,
         data=lambda w: {**_period_form(w), "name": "Pilkada Matriks Diubah"}),
    dict(name="amplification:period_delete", method="POST",
         url=_url("period_delete", "election_period"), allowed=INSTANSI_ADMIN),
]  # fmt: skip
