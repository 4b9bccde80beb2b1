"""The core flow: a campaign is assigned, an ASN proves a share, the recap moves."""

import datetime

import pytest
from django.utils import timezone

from gaung.amplification import actions
from gaung.amplification.choices import CampaignStatus, ProofStatus, RecapStatus
from gaung.core.permissions import PermissionDenied, ValidationError
from tests.factories import EmployeeFactory, SocialAccountFactory


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


def make_campaign(actor, unit, **fields):
    now = timezone.now()
    values = {
        "title": "Sebarkan info vaksinasi",
        "post_url": "https://www.instagram.com/dinkes.contoh/p/Cvaks1n/",
        "actions": ["share"],
        "platforms": ["instagram"],
        "starts_at": now - datetime.timedelta(hours=1),
        "deadline": now + datetime.timedelta(days=2),
    }
    values.update(fields)
    target_units = values.pop("target_units", [unit])
    return actions.create_campaign(actor, unit=unit, target_units=target_units, **values)


def test_activating_assigns_every_active_employee_and_marks_those_without_account(
    org, dinkes_admin, asn
):
    # given
    SocialAccountFactory(owner_employee=asn.employee, platform="instagram", handle="siti.rahayu")
    EmployeeFactory(unit=org["dinkes_p2p"], name="Tanpa Akun")
    EmployeeFactory(unit=org["dinkes_p2p"], name="Pensiun", is_active=False)
    campaign = make_campaign(dinkes_admin, org["dinkes"])

    # when
    campaign = actions.activate_campaign(dinkes_admin, campaign)

    # then
    assert campaign.status == CampaignStatus.ACTIVE
    statuses = dict(campaign.assignments.values_list("employee__name", "status"))
    assert statuses == {"Siti Rahayu": RecapStatus.NOT_YET, "Tanpa Akun": RecapStatus.NO_ACCOUNT}


def test_a_proof_link_from_the_asns_own_handle_is_accepted_and_the_recap_says_done(
    org, dinkes_admin, asn
):
    # given
    SocialAccountFactory(
        owner_employee=asn.employee, platform="instagram", handle="siti.rahayu", followers=1200
    )
    campaign = actions.activate_campaign(dinkes_admin, make_campaign(dinkes_admin, org["dinkes"]))
    assignment = campaign.assignments.get(employee=asn.employee)

    # when
    proof = actions.submit_proof(
        asn, assignment, platform="instagram", action="share", kind="url",
        url="https://instagram.com/siti.rahayu/p/ABCdef123/?igsh=xyz",
    )  # fmt: skip

    # then
    assignment.refresh_from_db()
    assert proof.status == ProofStatus.ACCEPTED
    assert (assignment.status, assignment.done, assignment.potential_reach) == (
        RecapStatus.DONE, 1, 1200,
    )  # fmt: skip


def test_a_proof_link_from_someone_elses_handle_or_used_twice_is_refused(org, dinkes_admin, asn):
    # given
    SocialAccountFactory(owner_employee=asn.employee, platform="instagram", handle="siti.rahayu")
    campaign = actions.activate_campaign(dinkes_admin, make_campaign(dinkes_admin, org["dinkes"]))
    assignment = campaign.assignments.get(employee=asn.employee)

    # when / then
    with pytest.raises(ValidationError, match="not one of your registered accounts"):
        actions.submit_proof(
            asn, assignment, platform="instagram", action="share", kind="url",
            url="https://instagram.com/orang.lain/p/ABCdef123/",
        )  # fmt: skip
    with pytest.raises(ValidationError, match="official post itself"):
        actions.submit_proof(
            asn, assignment, platform="instagram", action="share", kind="url",
            url="https://instagram.com/p/Cvaks1n/",
        )  # fmt: skip


def test_another_employee_may_not_send_proof_for_an_assignment(org, dinkes_admin, asn):
    # given
    SocialAccountFactory(owner_employee=asn.employee, platform="instagram", handle="siti.rahayu")
    campaign = actions.activate_campaign(dinkes_admin, make_campaign(dinkes_admin, org["dinkes"]))
    assignment = campaign.assignments.get(employee=asn.employee)

    # when / then
    with pytest.raises(PermissionDenied):
        actions.submit_proof(
            dinkes_admin, assignment, platform="instagram", action="share", kind="url",
            url="https://instagram.com/siti.rahayu/p/ABCdef123/",
        )  # fmt: skip


def test_a_political_campaign_needs_confirmation_and_is_refused_in_an_election_period(
    org, dinkes_admin, instansi_admin
):
    # given
    today = timezone.localdate()
    actions.save_election_period(
        instansi_admin, instansi=org["instansi"], name="Pilkada 2026",
        starts_on=today, ends_on=today + datetime.timedelta(days=30),
    )  # fmt: skip

    # when / then
    with pytest.raises(ValidationError, match="political content"):
        make_campaign(dinkes_admin, org["dinkes"], is_political=True)
    with pytest.raises(ValidationError, match="Pilkada 2026"):
        make_campaign(dinkes_admin, org["dinkes"], is_political=True, confirm_political=True)
