"""Permission-matrix rows for the amplification API: see matrix_world.py.

Dinkes' admin (unit_admin) organises the world's campaigns, the instansi admin sees the whole
agency, Disdik's admin (other_unit_admin) sees nothing of Dinkes, and the ASN sees (only) what
is assigned to them and sends proofs for it.
"""

import datetime

from django.urls import reverse
from django.utils import timezone

from tests.amplification.matrix_world import CAMPAIGN_TITLE, GROUP_NAME, PERIOD_NAME

ASN = frozenset({"asn"})
UNIT_ADMINS = frozenset({"unit_admin", "instansi_admin"})
ANY_ADMIN = UNIT_ADMINS | {"other_unit_admin"}
INSTANSI_ADMIN = frozenset({"instansi_admin"})
ASSIGNED_AND_ADMINS = UNIT_ADMINS | ASN


def _url(name: str, key: str | None = None):
    return lambda w: reverse(name, args=[w[key].pk] if key else [])


def _new_campaign(w: dict) -> dict:
    now = timezone.now()
    return {
        "unit": w["dinkes"].pk,
        "title": "Kampanye API Matriks",
        "post_url": "https://www.instagram.com/dinkes.contoh/p/MatriksApi0/",
        "actions": ["share"],
        "platforms": ["instagram"],
        "starts_at": now.isoformat(),
        "deadline": (now + datetime.timedelta(days=2)).isoformat(),
        "target_units": [w["unit"].pk],
    }


def _period(w: dict) -> dict:
    today = timezone.localdate()
    return {
        "instansi": w["dinkes"].parent.pk,
        "name": "Pilpres Matriks",
        "starts_on": (today + datetime.timedelta(days=200)).isoformat(),
        "ends_on": (today + datetime.timedelta(days=230)).isoformat(),
    }


ROWS: list[dict] = [
    dict(name="campaign-list", method="GET", url=_url("campaign-list"),
         allowed=ASSIGNED_AND_ADMINS, marker=lambda w: CAMPAIGN_TITLE),
    dict(name="campaign-list", method="POST", url=_url("campaign-list"), allowed=UNIT_ADMINS,
         data=_new_campaign),
    dict(name="campaign-detail", method="GET", url=_url("campaign-detail", "campaign"),
         allowed=ASSIGNED_AND_ADMINS),
    dict(name="campaign-detail", method="PATCH", url=_url("campaign-detail", "draft_campaign"),
         allowed=UNIT_ADMINS, data=lambda w: {"title": "Kampanye Draf Diubah API"}),
    dict(name="campaign-activate", method="POST",
         url=_url("campaign-activate", "draft_campaign"), allowed=UNIT_ADMINS),
    dict(name="campaign-close", method="POST", url=_url("campaign-close", "campaign"),
         allowed=UNIT_ADMINS),
    dict(name="campaign-cancel", method="POST", url=_url("campaign-cancel", "draft_campaign"),
         allowed=UNIT_ADMINS),
    dict(name="campaign-recap", method="GET", url=_url("campaign-recap", "campaign"),
         allowed=UNIT_ADMINS, marker=lambda w: w["dinkes"].name),
    dict(name="campaign-assignments", method="GET",
         url=_url("campaign-assignments", "campaign"), allowed=ASSIGNED_AND_ADMINS,
         marker=lambda w: w["employee"].nip),
    dict(name="my-assignments", method="GET", url=_url("my-assignments"), allowed=ASN,
         marker=lambda w: CAMPAIGN_TITLE),
    dict(name="assignment-proofs", method="POST",
         url=_url("assignment-proofs", "campaign_assignment"), allowed=ASN,
         data=lambda w: {"platform": "instagram", "action": "share", "kind": "url",
                         "url": f"https://www.instagram.com/{w['account'].handle}/p/MatriksApi1/"}),
    dict(name="proof-list", method="GET", url=_url("proof-list"), allowed=ASSIGNED_AND_ADMINS,
         marker=lambda w: w["proof"].url),
    dict(name="proof-review", method="POST", url=_url("proof-review"), allowed=UNIT_ADMINS,
         data=lambda w: {"ids": [w["proof"].pk], "accept": True}),
    dict(name="employee-group-list", method="GET", url=_url("employee-group-list"),
         allowed=UNIT_ADMINS, marker=lambda w: GROUP_NAME),
    dict(name="employee-group-list", method="POST", url=_url("employee-group-list"),
         allowed=UNIT_ADMINS,
         data=lambda w: {"unit": w["unit"].pk, "name": "Tim Humas API",
                         "member_nips": [w["employee"].nip]}),
    dict(name="employee-group-detail", method="GET", url=_url("employee-group-detail", "group"),
         allowed=UNIT_ADMINS),
    dict(name="employee-group-detail", method="PATCH",
         url=_url("employee-group-detail", "group"), allowed=UNIT_ADMINS,
         data=lambda w: {"name": "Duta Digital Baru"}),
    dict(name="employee-group-detail", method="DELETE",
         url=_url("employee-group-detail", "group"), allowed=UNIT_ADMINS),
    dict(name="election-period-list", method="GET", url=_url("election-period-list"),
         allowed=ANY_ADMIN, marker=lambda w: PERIOD_NAME),
    dict(name="election-period-list", method="POST", url=_url("election-period-list"),
         allowed=INSTANSI_ADMIN, data=_period),
    dict(name="election-period-detail", method="GET",
         url=_url("election-period-detail", "election_period"), allowed=ANY_ADMIN),
    dict(name="election-period-detail", method="PATCH",
         url=_url("election-period-detail", "election_period"), allowed=INSTANSI_ADMIN,
         data=lambda w: {"name": "Pilkada Matriks Diubah"}),
    dict(name="election-period-detail", method="DELETE",
         url=_url("election-period-detail", "election_period"), allowed=INSTANSI_ADMIN),
]  # fmt: skip
