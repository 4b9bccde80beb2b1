"""Amplification records for the permission matrix (tests/test_permission_matrix.py).

The matrix rows themselves live in matrix_asn.py (ASN pages and the tracked link),
matrix_admin.py (organisers' pages) and matrix_api.py (the API): each a list named ROWS of
dicts with Route's fields (name, method, url, allowed, and optionally data, marker, label,
extra). Role names: anonymous, asn, other_unit_admin (Disdik), unit_admin (Dinkes),
instansi_admin.
"""

import datetime

from django.utils import timezone

from gaung.amplification import actions
from gaung.amplification.choices import ProofStatus
from gaung.amplification.models import (
    Assignment,
    Campaign,
    ElectionPeriod,
    EmployeeGroup,
    LinkClick,
    Proof,
)

CAMPAIGN_TITLE = "Kampanye Matriks Vaksinasi"
DRAFT_TITLE = "Kampanye Matriks Draf"
GROUP_NAME = "Duta Digital Dinkes"
PERIOD_NAME = "Pilkada Matriks"


def add_amplification(world: dict) -> None:
    """An active Dinkes campaign assigned to the world's ASN (with a proof waiting for review),
    a draft campaign, an employee group and an election period of the agency."""
    dinkes_admin = world["users"]["unit_admin"]
    instansi_admin = world["users"]["instansi_admin"]
    now = timezone.now()
    common = {
        "actions": ["share", "like"],
        "platforms": ["instagram"],
        "starts_at": now - datetime.timedelta(hours=1),
        "deadline": now + datetime.timedelta(days=3),
    }
    campaign = actions.create_campaign(
        dinkes_admin, unit=world["dinkes"], target_units=[world["unit"]], title=CAMPAIGN_TITLE,
        post_url="https://www.instagram.com/dinkes.contoh/p/MatriksA1/", **common,
    )  # fmt: skip
    campaign = actions.activate_campaign(dinkes_admin, campaign)
    draft = actions.create_campaign(
        dinkes_admin, unit=world["dinkes"], target_units=[world["unit"]], title=DRAFT_TITLE,
        post_url="https://www.instagram.com/dinkes.contoh/p/MatriksB2/", **common,
    )  # fmt: skip
    assignment = campaign.assignments.get(employee=world["employee"])
    # A proof the unit's admins review (a link that does not name its author).
    proof = Proof.objects.create(
        assignment=assignment, platform="instagram", action="like", kind="url",
        url="https://www.instagram.com/p/MatriksC3/", url_key="instagram:MatriksC3",
        status=ProofStatus.PENDING,
    )  # fmt: skip
    group = actions.save_group(
        dinkes_admin, unit=world["dinkes"], name=GROUP_NAME, members=[world["employee"]]
    )
    today = timezone.localdate()
    period = actions.save_election_period(
        instansi_admin, instansi=world["dinkes"].parent, name=PERIOD_NAME,
        starts_on=today + datetime.timedelta(days=60), ends_on=today + datetime.timedelta(days=90),
    )  # fmt: skip
    world.update(
        campaign=campaign,
        draft_campaign=draft,
        campaign_assignment=assignment,
        proof=proof,
        group=group,
        election_period=period,
    )


def amplification_fingerprint() -> tuple:
    """Everything of amplification a forbidden request must leave as it was."""
    return (
        list(Campaign.objects.order_by("pk").values_list("pk", "title", "status", "deadline")),
        list(Assignment.objects.order_by("pk").values_list("pk", "status", "done", "clicks")),
        list(Proof.objects.order_by("pk").values_list("pk", "status", "url_key")),
        list(EmployeeGroup.objects.order_by("pk").values_list("pk", "name")),
        list(ElectionPeriod.objects.order_by("pk").values_list("pk", "name", "ends_on")),
        LinkClick.objects.count(),
    )
