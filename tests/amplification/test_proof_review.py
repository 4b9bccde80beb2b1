"""The review queue: admins of the employee's unit accept or reject proofs that could not be
checked at once (screenshots, links that hide their author), and only they and the sender
may see a screenshot."""

import csv
import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from gaung.amplification import actions
from gaung.amplification.choices import ProofStatus, RecapStatus
from gaung.amplification.models import Proof
from tests.factories import EmployeeFactory, SocialAccountFactory, UserFactory

QUEUE_URL = reverse("amplification:proof_queue")


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


def png(name="bukti.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "navy").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def active_campaign(actor, unit, targets):
    now = timezone.now()
    campaign = actions.create_campaign(
        actor, unit=unit, target_units=targets, title="Sebarkan info vaksinasi",
        post_url="https://www.instagram.com/pemkot.contoh/p/Cvaks1n/",
        actions=["share", "like"], platforms=["instagram"],
        starts_at=now - datetime.timedelta(hours=1), deadline=now + datetime.timedelta(days=2),
    )  # fmt: skip
    return actions.activate_campaign(actor, campaign)


@pytest.fixture
def pending(org, instansi_admin, asn):
    """An agency campaign; Siti (Dinkes) sent a link without author and a screenshot, Budi
    (Disdik) sent a link without author."""
    SocialAccountFactory(owner_employee=asn.employee, platform="instagram", handle="siti.rahayu")
    budi_user = UserFactory(username="budi_sd")
    budi = EmployeeFactory(unit=org["disdik_sd"], name="Budi Guru", user=budi_user)
    SocialAccountFactory(owner_employee=budi, platform="instagram", handle="budi.guru")
    campaign = active_campaign(instansi_admin, org["instansi"], [org["instansi"]])
    siti_assignment = campaign.assignments.get(employee=asn.employee)
    link = actions.submit_proof(
        asn, siti_assignment, platform="instagram", action="share", kind="url",
        url="https://www.instagram.com/p/SitiShare1/",
    )  # fmt: skip
    screenshot = actions.submit_proof(
        asn, siti_assignment, platform="instagram", action="like", kind="screenshot",
        screenshot=png(),
    )  # fmt: skip
    budi_proof = actions.submit_proof(
        budi_user, campaign.assignments.get(employee=budi), platform="instagram",
        action="share", kind="url", url="https://www.instagram.com/p/BudiShare1/",
    )  # fmt: skip
    return {
        "campaign": campaign,
        "assignment": siti_assignment,
        "link": link,
        "screenshot": screenshot,
        "budi": budi_proof,
        "budi_user": budi_user,
    }


def statuses():
    return dict(Proof.objects.values_list("pk", "status"))


def test_the_queue_lists_the_pending_proofs_of_the_admins_units(
    client_for, dinkes_admin, disdik_admin, pending
):
    # when
    for_dinkes = client_for(dinkes_admin).get(QUEUE_URL)
    for_disdik = client_for(disdik_admin).get(QUEUE_URL)

    # then
    assert set(for_dinkes.context["rows"]) == {pending["link"], pending["screenshot"]}
    assert list(for_disdik.context["rows"]) == [pending["budi"]]
    body = for_dinkes.content.decode()
    link, screenshot = pending["link"].pk, pending["screenshot"].pk
    assert (
        f'<a href="https://www.instagram.com/p/SitiShare1/" target="_blank" '
        f'rel="noopener noreferrer" class="text-break" data-testid="proof-link-{link}">'
    ) in body
    screenshot_url = reverse("amplification:proof_screenshot", args=[screenshot])
    assert f'<img src="{screenshot_url}"' in body
    assert "Siti Rahayu" in body and "Budi Guru" not in body


def test_accepting_selected_proofs_completes_the_assignment(client_for, dinkes_admin, pending):
    # when
    response = client_for(dinkes_admin).post(
        QUEUE_URL,
        {"proofs": [pending["link"].pk, pending["screenshot"].pk], "decision": "accept"},
        follow=True,
    )

    # then
    assert "2 proofs accepted" in response.content.decode()
    assert statuses()[pending["link"].pk] == ProofStatus.ACCEPTED
    assert statuses()[pending["screenshot"].pk] == ProofStatus.ACCEPTED
    assignment = pending["assignment"]
    assignment.refresh_from_db()
    assert (assignment.status, assignment.done) == (RecapStatus.DONE, 2)


def test_rejecting_needs_a_reason_that_the_employee_will_read(client_for, dinkes_admin, pending):
    # given
    client = client_for(dinkes_admin)
    selected = {"proofs": [pending["screenshot"].pk], "decision": "reject"}

    # when
    without_reason = client.post(QUEUE_URL, selected, follow=True)
    pending_after_refusal = statuses()[pending["screenshot"].pk]
    with_reason = client.post(QUEUE_URL, {**selected, "note": "Gambar buram"}, follow=True)

    # then
    assert "Say why the proof is rejected" in without_reason.content.decode()
    assert pending_after_refusal == ProofStatus.PENDING
    assert "1 proof rejected" in with_reason.content.decode()
    proof = Proof.objects.get(pk=pending["screenshot"].pk)
    assert (proof.status, proof.review_note, proof.reviewed_by) == (
        ProofStatus.REJECTED, "Gambar buram", dinkes_admin,
    )  # fmt: skip


def test_a_batch_holding_a_proof_of_another_unit_changes_nothing(client_for, dinkes_admin, pending):
    # given
    before = statuses()

    # when
    response = client_for(dinkes_admin).post(
        QUEUE_URL,
        {"proofs": [pending["link"].pk, pending["budi"].pk], "decision": "accept"},
        follow=True,
    )

    # then
    assert "no longer wait for your review" in response.content.decode()
    assert statuses() == before


def test_reviewing_without_a_selection_asks_for_one(client_for, dinkes_admin, pending):
    # given
    before = statuses()

    # when
    response = client_for(dinkes_admin).post(QUEUE_URL, {"decision": "accept"}, follow=True)

    # then
    assert "Select at least one proof." in response.content.decode()
    assert statuses() == before


def test_the_queue_filters_by_campaign_and_exports_its_rows(client_for, org, dinkes_admin, pending):
    # given
    client = client_for(dinkes_admin)
    quiet = active_campaign(dinkes_admin, org["dinkes"], [org["dinkes"]])

    # when
    other_campaign = client.get(QUEUE_URL, {"campaign": quiet.pk})
    this_campaign = client.get(QUEUE_URL, {"campaign": pending["campaign"].pk})
    exported = client.get(QUEUE_URL, {"export": "csv"})

    # then
    assert list(other_campaign.context["rows"]) == []
    assert len(this_campaign.context["rows"]) == 2
    rows = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Sent", "Campaign", "Employee"]
    assert sorted(row[6] for row in rows[1:]) == ["Link to my post", "Screenshot"]
    assert all(row[2] == "Siti Rahayu" for row in rows[1:])


def test_the_screenshot_is_shown_to_its_reviewers_and_its_sender_only(
    client_for, dinkes_admin, instansi_admin, disdik_admin, asn, pending
):
    # given
    url = reverse("amplification:proof_screenshot", args=[pending["screenshot"].pk])

    # when
    answers = {
        name: client_for(user).get(url)
        for name, user in [
            ("dinkes_admin", dinkes_admin), ("instansi_admin", instansi_admin), ("sender", asn),
            ("disdik_admin", disdik_admin), ("other_asn", pending["budi_user"]),
        ]
    }  # fmt: skip
    anonymous = client_for(None).get(url)

    # then
    for name in ("dinkes_admin", "instansi_admin", "sender"):
        assert answers[name].status_code == 200, name
        assert answers[name]["Content-Type"] == "image/png"
        assert answers[name].content.startswith(b"\x89PNG")
        assert "private" in answers[name]["Cache-Control"]
    assert answers["disdik_admin"].status_code == 404
    assert answers["other_asn"].status_code == 404
    assert anonymous.status_code == 302 and "/auth/login/" in anonymous["Location"]


def test_a_link_proof_has_no_screenshot_to_show(client_for, dinkes_admin, pending):
    # when
    response = client_for(dinkes_admin).get(
        reverse("amplification:proof_screenshot", args=[pending["link"].pk])
    )

    # then
    assert response.status_code == 404


def test_an_asn_cannot_open_the_queue(client_for, asn, pending):
    # when
    response = client_for(asn).get(QUEUE_URL)

    # then
    assert response.status_code == 403
