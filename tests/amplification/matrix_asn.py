"""Permission-matrix rows for amplification (asn): see matrix_world.py.

Only the assigned employee opens their campaign page and sends proofs; everyone else gets
404 (a colleague's assignment included). The tracked link is public (PUBLIC_ROUTES), and
sends every role on to the official post.
"""

from django.urls import reverse

from tests.amplification.matrix_world import CAMPAIGN_TITLE

ASN_ONLY = frozenset({"asn"})
NOBODY = frozenset()
EVERYONE = frozenset({"anonymous", "asn", "other_unit_admin", "unit_admin", "instansi_admin"})


def _own(name: str):
    return lambda w: reverse(name, args=[w["campaign_assignment"].pk])


def _colleagues(name: str):
    return lambda w: reverse(name, args=[w["campaign"].assignments.get(employee=w["colleague"]).pk])


def _proof(w: dict) -> dict:
    # The world's ASN has the Instagram account @siti.p2p; "like" already waits for review.
    return {
        "target": "instagram:share",
        "kind": "url",
        "url": "https://www.instagram.com/siti.p2p/p/MatriksD4/",
    }


ROWS: list[dict] = [
    {"name": "amplification_asn:my_campaigns", "method": "GET",
     "url": lambda w: reverse("amplification_asn:my_campaigns"), "allowed": ASN_ONLY,
     "marker": lambda w: CAMPAIGN_TITLE},
    {"name": "amplification_asn:my_campaign", "method": "GET",
     "url": _own("amplification_asn:my_campaign"), "allowed": ASN_ONLY,
     "marker": lambda w: CAMPAIGN_TITLE},
    {"name": "amplification_asn:my_campaign", "method": "GET",
     "url": _colleagues("amplification_asn:my_campaign"), "allowed": NOBODY,
     "marker": lambda w: CAMPAIGN_TITLE, "label": "colleague's"},
    {"name": "amplification_asn:submit_proof", "method": "POST",
     "url": _own("amplification_asn:submit_proof"), "allowed": ASN_ONLY, "data": _proof},
    {"name": "amplification_asn:submit_proof", "method": "POST",
     "url": _colleagues("amplification_asn:submit_proof"), "allowed": NOBODY, "data": _proof,
     "label": "colleague's"},
    {"name": "amplification_asn:tracked_link", "method": "GET",
     "url": lambda w: reverse("amplification_asn:tracked_link",
                              args=[w["campaign_assignment"].token]),
     "allowed": EVERYONE},
]  # fmt: skip
