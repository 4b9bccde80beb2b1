"""Permission-matrix rows for content (calendar, ICS subscription, strategy board).

In the world (matrix_world.py) the ASN is a contributor and the author of the draft item, the
Dinkes admin is its supervisor and publisher, the instansi admin administers every unit but
holds no content role, and the Disdik admin plans nothing of Dinkes. The ICS feed itself is
public by its secret: it is in PUBLIC_ROUTES.
"""

import datetime

from django.urls import reverse
from django.utils import timezone

from tests.content.matrix_world import ITEM_TITLE

PLANNERS = frozenset({"asn", "other_unit_admin", "unit_admin", "instansi_admin"})
DINKES_PLANNERS = frozenset({"asn", "unit_admin", "instansi_admin"})
ITEM_MOVERS = frozenset({"asn", "unit_admin"})
TARGET_SETTERS = frozenset({"unit_admin", "instansi_admin"})
ACCOUNT_HANDLE = "dinkes.matriks"


def _events_url(w: dict) -> str:
    today = timezone.localdate()
    start = today - datetime.timedelta(days=1)
    end = today + datetime.timedelta(days=40)
    return f"{reverse('content:calendar_events')}?start={start}&end={end}"


def _board_url(name: str):
    def url(w: dict) -> str:
        month = timezone.localdate().strftime("%Y-%m")
        return f"{reverse(name)}?account={w['official_account'].pk}&month={month}"

    return url


def _new_time(w: dict) -> dict:
    moved = timezone.localdate() + datetime.timedelta(days=10)
    return {"planned_at": f"{moved.isoformat()}T10:15"}


def _targets(w: dict) -> dict:
    return {
        "core": 60,
        "supporting": 30,
        "complementary": 10,
        "informative": 70,
        "min_posts_per_week": 5,
    }


ROWS: list[dict] = [
    {"name": "content:calendar", "method": "GET", "url": lambda w: reverse("content:calendar"),
     "allowed": PLANNERS},
    {"name": "content:calendar_events", "method": "GET", "url": _events_url,
     "allowed": DINKES_PLANNERS, "marker": lambda w: ITEM_TITLE},
    {"name": "content:calendar_reschedule", "method": "POST",
     "url": lambda w: reverse("content:calendar_reschedule", args=[w["content_item"].pk]),
     "allowed": ITEM_MOVERS, "data": _new_time},
    {"name": "content:calendar_subscribe", "method": "GET",
     "url": lambda w: reverse("content:calendar_subscribe"), "allowed": PLANNERS},
    {"name": "content:calendar_subscribe", "method": "POST",
     "url": lambda w: reverse("content:calendar_subscribe"), "allowed": PLANNERS,
     "label": "new address"},
    {"name": "content:strategy_board", "method": "GET",
     "url": lambda w: reverse("content:strategy_board"), "allowed": DINKES_PLANNERS,
     "marker": lambda w: ACCOUNT_HANDLE, "label": "overview"},
    {"name": "content:strategy_board", "method": "GET", "url": _board_url("content:strategy_board"),
     "allowed": DINKES_PLANNERS, "marker": lambda w: ACCOUNT_HANDLE, "label": "account"},
    {"name": "content:strategy_edit", "method": "GET", "url": _board_url("content:strategy_edit"),
     "allowed": TARGET_SETTERS},
    {"name": "content:strategy_edit", "method": "POST", "url": _board_url("content:strategy_edit"),
     "allowed": TARGET_SETTERS, "data": _targets, "label": "save"},
]  # fmt: skip
