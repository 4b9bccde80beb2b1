"""Permission-matrix rows for the amplification recaps and their downloads: see matrix_world.py.

The world's campaign is organised by Dinkes and reaches Bidang P2P only: Dinkes' admin and the
instansi admin see its recap; Disdik's admin gets 404 for it, and an empty period recap
(200 without the campaign); the ASN gets 403 and anonymous visitors are sent to log in.
"""

import datetime

from django.urls import reverse
from django.utils import timezone

from tests.amplification.matrix_world import CAMPAIGN_TITLE

UNIT_ADMINS = frozenset({"unit_admin", "instansi_admin"})
ANY_ADMIN = UNIT_ADMINS | {"other_unit_admin"}


def _campaign(name: str):
    return lambda w: reverse(f"amplification:{name}", args=[w["campaign"].pk])


def _period(name: str):
    """Around today, so that the world's campaign (due in three days) is in it."""

    def url(w: dict) -> str:
        today = timezone.localdate()
        start = today - datetime.timedelta(days=30)
        end = today + datetime.timedelta(days=30)
        return f"{reverse(f'amplification:{name}')}?start={start:%Y-%m-%d}&end={end:%Y-%m-%d}"

    return url


ROWS: list[dict] = [
    {"name": "amplification:campaign_recap", "method": "GET", "url": _campaign("campaign_recap"),
     "allowed": UNIT_ADMINS, "marker": lambda w: w["employee"].name},
    {"name": "amplification:campaign_recap", "method": "GET", "label": "drill-down",
     "url": lambda w: f"{_campaign('campaign_recap')(w)}?unit={w['unit'].pk}",
     "allowed": UNIT_ADMINS, "marker": lambda w: w["employee"].name},
    {"name": "amplification:campaign_recap_xlsx", "method": "GET",
     "url": _campaign("campaign_recap_xlsx"), "allowed": UNIT_ADMINS},
    {"name": "amplification:campaign_recap_pdf", "method": "GET",
     "url": _campaign("campaign_recap_pdf"), "allowed": UNIT_ADMINS},
    # Every admin has a period recap; only those the campaign reaches see it in theirs.
    {"name": "amplification:period_recap", "method": "GET", "url": _period("period_recap"),
     "allowed": UNIT_ADMINS, "marker": lambda w: CAMPAIGN_TITLE},
    {"name": "amplification:period_recap_xlsx", "method": "GET",
     "url": _period("period_recap_xlsx"), "allowed": ANY_ADMIN},
    {"name": "amplification:period_recap_pdf", "method": "GET",
     "url": _period("period_recap_pdf"), "allowed": ANY_ADMIN},
]  # fmt: skip
