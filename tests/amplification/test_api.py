"""The amplification API: campaigns (create, activate, filters, counts, recap), assignments,
proofs (accepted, refused with the reason, pending screenshots, review), groups and election
periods. Who may use which endpoint at all is in tests/amplification/matrix_api.py."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from PIL import Image
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from gaung.amplification import actions
from gaung.amplification.choices import ProofStatus, RecapStatus
from gaung.amplification.models import Campaign, ElectionPeriod, EmployeeGroup, Proof
from tests.factories import EmployeeFactory, SocialAccountFactory, UnitFactory


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


def _campaign_body(org, **changes) -> dict:
    now = timezone.now()
    return {
        "unit": org["dinkes"].pk,
        "title": "Cegah DBD",
        "post_url": "https://www.instagram.com/dinkes.contoh/p/CegahDBD1/",
        "actions": ["share", "like"],
        "platforms": ["instagram"],
        "starts_at": (now - datetime.timedelta(hours=1)).isoformat(),
        "deadline": (now + datetime.timedelta(days=2)).isoformat(),
        "target_units": [org["dinkes_p2p"].pk],
        **changes,
    }


@pytest.fixture
def siti_account(asn):
    return SocialAccountFactory(
        owner_employee=asn.employee, platform="instagram", handle="siti.p2p", followers=900
    )


@pytest.fixture
def campaign(org, dinkes_admin, siti_account):
    """An active Dinkes campaign for Bidang P2P: Siti (with an account) and Budi (without)."""
    EmployeeFactory(unit=org["dinkes_p2p"], name="Budi Santoso")
    made = actions.create_campaign(
        dinkes_admin, unit=org["dinkes"], target_units=[org["dinkes_p2p"]], title="Vaksinasi",
        post_url="https://www.instagram.com/dinkes.contoh/p/Vaks1/", actions=["share", "like"],
        platforms=["instagram"], starts_at=timezone.now() - datetime.timedelta(hours=1),
        deadline=timezone.now() + datetime.timedelta(days=2),
    )  # fmt: skip
    return actions.activate_campaign(dinkes_admin, made)


@pytest.fixture
def assignment(campaign, asn):
    return campaign.assignments.get(employee=asn.employee)


def _proofs_url(assignment) -> str:
    return reverse("assignment-proofs", args=[assignment.pk])


# ---------------------------------------------------------------------------------------------
# Campaigns
# ---------------------------------------------------------------------------------------------


def test_an_admin_creates_a_draft_then_activates_it(org, dinkes_admin, asn, siti_account, api_for):
    # given
    client = api_for(dinkes_admin)

    # when
    created = client.post(reverse("campaign-list"), _campaign_body(org), format="json")

    # then: a draft with its post read from the link
    assert created.status_code == 201, created.json()
    body = created.json()
    assert (body["status"], body["post_platform"], body["target_units"]) == (
        "draft", "instagram", [org["dinkes_p2p"].pk]
    )  # fmt: skip
    assert body["counts"]["assigned"] == 0
    assert "confirm_political" not in body

    # when
    activated = client.post(reverse("campaign-activate", args=[body["id"]]))

    # then: Siti is assigned
    assert activated.status_code == 200
    assert activated.json()["status"] == "active"
    assert activated.json()["counts"] == {
        "assigned": 1, "done": 0, "partial": 0, "not_yet": 1, "no_account": 0,
        "actions_asked": 2, "actions_done": 0, "completion": 0.0,
    }  # fmt: skip


def test_a_political_campaign_needs_the_second_confirmation(org, dinkes_admin, api_for):
    client = api_for(dinkes_admin)

    refused = client.post(
        reverse("campaign-list"), _campaign_body(org, is_political=True), format="json"
    )
    accepted = client.post(
        reverse("campaign-list"),
        _campaign_body(org, is_political=True, confirm_political=True),
        format="json",
    )

    assert refused.status_code == 400
    assert "SKB 2/2022" in refused.json()["confirm_political"][0]
    assert accepted.status_code == 201
    assert accepted.json()["political_confirmed_at"] is not None


def test_a_political_campaign_is_refused_during_an_election_period(
    org, dinkes_admin, instansi_admin, api_for
):
    # given: the instansi admin sets an election period covering the campaign
    today = timezone.localdate()
    period = api_for(instansi_admin).post(
        reverse("election-period-list"),
        {"instansi": org["instansi"].pk, "name": "Pilkada 2026",
         "starts_on": str(today), "ends_on": str(today + datetime.timedelta(days=30))},
        format="json",
    )  # fmt: skip
    assert period.status_code == 201

    # when
    response = api_for(dinkes_admin).post(
        reverse("campaign-list"),
        _campaign_body(org, is_political=True, confirm_political=True),
        format="json",
    )

    # then
    assert response.status_code == 400
    assert "Pilkada 2026" in response.json()["is_political"][0]


def test_an_admin_cannot_organise_for_a_unit_outside_their_own(org, disdik_admin, api_for):
    response = api_for(disdik_admin).post(
        reverse("campaign-list"),
        _campaign_body(org, unit=org["disdik"].pk, target_units=[org["dinkes_p2p"].pk]),
        format="json",
    )

    assert response.status_code == 400
    assert "target_units" in response.json()
    assert not Campaign.objects.exists()


def test_patch_changes_a_draft_but_never_its_organising_unit(org, dinkes_admin, api_for):
    client = api_for(dinkes_admin)
    draft = client.post(reverse("campaign-list"), _campaign_body(org), format="json").json()
    url = reverse("campaign-detail", args=[draft["id"]])

    renamed = client.patch(url, {"title": "Cegah DBD di Sekolah"}, format="json")
    moved = client.patch(url, {"unit": org["dinkes_p2p"].pk}, format="json")

    assert renamed.status_code == 200
    assert renamed.json()["title"] == "Cegah DBD di Sekolah"
    assert moved.status_code == 400
    assert Campaign.objects.get(pk=draft["id"]).unit == org["dinkes"]


def test_an_active_campaign_cannot_be_activated_again_but_can_be_closed(
    campaign, dinkes_admin, api_for
):
    client = api_for(dinkes_admin)

    again = client.post(reverse("campaign-activate", args=[campaign.pk]))
    closed = client.post(reverse("campaign-close", args=[campaign.pk]))

    assert again.status_code == 400
    assert closed.status_code == 200
    assert closed.json()["status"] == "closed"


def test_there_is_no_delete(campaign, dinkes_admin, api_for):
    response = api_for(dinkes_admin).delete(reverse("campaign-detail", args=[campaign.pk]))

    assert response.status_code == 405


def test_campaigns_filter_by_status_platform_and_unit_and_search_by_title(
    org, campaign, dinkes_admin, api_for
):
    # given: a draft on TikTok besides the active Instagram campaign
    actions.create_campaign(
        dinkes_admin, unit=org["dinkes_p2p"], target_units=[org["dinkes_p2p"]], title="Joget Sehat",
        post_url="https://www.tiktok.com/@dinkes.contoh/video/7300000000000000001",
        actions=["like"], platforms=["tiktok"], starts_at=timezone.now(),
        deadline=timezone.now() + datetime.timedelta(days=1),
    )  # fmt: skip
    client = api_for(dinkes_admin)

    def titles(**params) -> list[str]:
        response = client.get(reverse("campaign-list"), params)
        return [row["title"] for row in response.json()["results"]]

    # then
    assert titles(status="active") == ["Vaksinasi"]
    assert titles(platform="tiktok") == ["Joget Sehat"]
    assert titles(unit=org["dinkes_p2p"].pk) == ["Joget Sehat"]
    assert titles(q="vaks") == ["Vaksinasi"]
    assert sorted(titles()) == ["Joget Sehat", "Vaksinasi"]


def test_counts_cover_only_the_assignments_the_caller_may_see(
    org, campaign, asn, api_for, instansi_admin
):
    # given: Siti finished; the instansi admin sees both assignments, Siti only hers
    actions.submit_proof(
        asn, campaign.assignments.get(employee=asn.employee), platform="instagram",
        action="share", kind="url", url="https://www.instagram.com/siti.p2p/p/Siti1/",
    )  # fmt: skip

    admin_counts = (
        api_for(instansi_admin).get(reverse("campaign-detail", args=[campaign.pk])).json()["counts"]
    )
    own_counts = api_for(asn).get(reverse("campaign-detail", args=[campaign.pk])).json()["counts"]

    assert (admin_counts["assigned"], admin_counts["partial"], admin_counts["no_account"]) == (
        2, 1, 1
    )  # fmt: skip
    assert (own_counts["assigned"], own_counts["partial"]) == (1, 1)


def test_the_campaign_list_takes_a_fixed_number_of_queries(
    org, dinkes_admin, api_for, django_assert_max_num_queries
):
    client = api_for(dinkes_admin)
    for index in range(8):
        actions.create_campaign(
            dinkes_admin, unit=org["dinkes"], target_units=[org["dinkes_p2p"]],
            title=f"Kampanye {index}",
            post_url=f"https://www.instagram.com/dinkes.contoh/p/Kamp{index}/",
            actions=["share"], platforms=["instagram"], starts_at=timezone.now(),
            deadline=timezone.now() + datetime.timedelta(days=1),
        )  # fmt: skip

    # roles, own employee, count, page, target units, target groups, counts
    with django_assert_max_num_queries(8):
        response = client.get(reverse("campaign-list"))
    assert response.json()["count"] == 8


# ---------------------------------------------------------------------------------------------
# Recap and assignments
# ---------------------------------------------------------------------------------------------


def test_the_recap_rolls_up_per_unit_and_drills_down(org, campaign, dinkes_admin, api_for):
    # given: a seksi under Bidang P2P with one more employee (with an account)
    seksi = UnitFactory(name="Seksi Imunisasi", kind="seksi", parent=org["dinkes_p2p"])
    imun = EmployeeFactory(unit=seksi, name="Rina")
    SocialAccountFactory(owner_employee=imun, platform="instagram", handle="rina.imun")
    campaign.target_units.add(seksi)
    actions.generate_assignments(campaign)
    client = api_for(dinkes_admin)

    # when: Dinkes' level, then Bidang P2P's
    top = client.get(reverse("campaign-recap", args=[campaign.pk])).json()
    p2p = client.get(
        reverse("campaign-recap", args=[campaign.pk]), {"unit": org["dinkes_p2p"].pk}
    ).json()

    # then
    assert top["level"]["name"] == "Dinas Kesehatan"
    [row] = top["rows"]
    assert (row["name"], row["assigned"], row["belum"], row["tanpa_akun"]) == (
        "Bidang P2P", 3, 2, 1
    )  # fmt: skip
    assert top["total"]["assigned"] == 3
    names = {(r["name"], r["is_direct"]): r["assigned"] for r in p2p["rows"]}
    assert names == {("Seksi Imunisasi", False): 1, ("Bidang P2P", True): 2}
    assert [unit["name"] for unit in p2p["trail"]] == ["Dinas Kesehatan", "Bidang P2P"]


def test_the_recap_refuses_a_unit_outside_the_callers(org, campaign, dinkes_admin, api_for):
    response = api_for(dinkes_admin).get(
        reverse("campaign-recap", args=[campaign.pk]), {"unit": org["disdik"].pk}
    )

    assert response.status_code == 404


def test_assignments_are_listed_with_their_status_and_filter_by_it(campaign, dinkes_admin, api_for):
    url = reverse("campaign-assignments", args=[campaign.pk])
    client = api_for(dinkes_admin)

    everyone = client.get(url).json()["results"]
    without = client.get(url, {"status": "no_account"}).json()["results"]

    assert {(a["employee_name"], a["status"]) for a in everyone} == {
        ("Siti Rahayu", "not_yet"), ("Budi Santoso", "no_account")
    }  # fmt: skip
    assert [a["employee_name"] for a in without] == ["Budi Santoso"]
    assert without[0]["missing_platforms"] == ["instagram"]


def test_my_assignments_put_the_open_campaigns_first_with_the_tracked_link(
    org, campaign, dinkes_admin, asn, api_for
):
    # given: an older campaign already closed, and one closing sooner than `campaign`
    older = actions.activate_campaign(dinkes_admin, actions.create_campaign(
        dinkes_admin, unit=org["dinkes"], target_units=[org["dinkes_p2p"]], title="Lama",
        post_url="https://www.instagram.com/dinkes.contoh/p/Lama1/", actions=["share"],
        platforms=["instagram"], starts_at=timezone.now() - datetime.timedelta(days=3),
        deadline=timezone.now() + datetime.timedelta(hours=5),
    ))  # fmt: skip
    actions.close_campaign(dinkes_admin, older)
    sooner = actions.activate_campaign(dinkes_admin, actions.create_campaign(
        dinkes_admin, unit=org["dinkes"], target_units=[org["dinkes_p2p"]], title="Segera",
        post_url="https://www.instagram.com/dinkes.contoh/p/Segera1/", actions=["share"],
        platforms=["instagram"], starts_at=timezone.now() - datetime.timedelta(hours=1),
        deadline=timezone.now() + datetime.timedelta(hours=6),
    ))  # fmt: skip

    # when
    rows = api_for(asn).get(reverse("my-assignments")).json()["results"]

    # then
    assert [(r["campaign"]["title"], r["is_open"]) for r in rows] == [
        ("Segera", True), ("Vaksinasi", True), ("Lama", False)
    ]  # fmt: skip
    mine = sooner.assignments.get(employee=asn.employee)
    assert rows[0]["tracked_url"] == f"http://testserver/l/{mine.token}"
    assert rows[0]["proofs"] == []


def test_my_assignments_need_an_employee_record(dinkes_admin, api_for):
    assert api_for(dinkes_admin).get(reverse("my-assignments")).status_code == 404


def test_my_assignments_take_a_fixed_number_of_queries(
    org, dinkes_admin, asn, siti_account, api_for, django_assert_max_num_queries
):
    for index in range(6):
        made = actions.create_campaign(
            dinkes_admin, unit=org["dinkes"], target_units=[org["dinkes_p2p"]],
            title=f"Kampanye {index}",
            post_url=f"https://www.instagram.com/dinkes.contoh/p/Kamp{index}/",
            actions=["share"], platforms=["instagram"], starts_at=timezone.now(),
            deadline=timezone.now() + datetime.timedelta(days=1),
        )  # fmt: skip
        assignment = actions.activate_campaign(dinkes_admin, made).assignments.get()
        actions.submit_proof(
            asn, assignment, platform="instagram", action="share", kind="url",
            url=f"https://www.instagram.com/siti.p2p/p/Bukti{index}/",
        )  # fmt: skip
    client = api_for(asn)

    # roles, own employee, count, page (with campaigns), proofs
    with django_assert_max_num_queries(5):
        response = client.get(reverse("my-assignments"))
    assert len(response.json()["results"]) == 6


# ---------------------------------------------------------------------------------------------
# Proofs
# ---------------------------------------------------------------------------------------------


def test_a_link_from_the_asns_own_account_is_accepted_at_once(assignment, asn, api_for):
    response = api_for(asn).post(
        _proofs_url(assignment),
        {"platform": "instagram", "action": "share", "kind": "url",
         "url": "https://www.instagram.com/siti.p2p/p/SitiBagikan1/"},
        format="json",
    )  # fmt: skip

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "accepted"
    assert body["assignment"] == {
        "id": assignment.pk, "status": "partial", "done": 1, "asked": 2, "potential_reach": 900,
    }  # fmt: skip


def test_a_token_authenticated_client_sends_proofs_too(assignment, asn):
    # given: how mobile apps and the load benchmark authenticate
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=asn).key}")

    response = client.post(
        _proofs_url(assignment),
        {"platform": "instagram", "action": "like", "kind": "url",
         "url": "https://www.instagram.com/siti.p2p/p/SitiSuka1/"},
        format="json",
    )  # fmt: skip

    assert response.status_code == 201


def test_a_refused_link_answers_400_with_the_reason(assignment, asn, api_for):
    response = api_for(asn).post(
        _proofs_url(assignment),
        {"platform": "instagram", "action": "share", "kind": "url",
         "url": "https://www.instagram.com/orang.lain/p/Lain1/"},
        format="json",
    )  # fmt: skip

    assert response.status_code == 400
    assert "@orang.lain, which is not one of your registered accounts" in response.json()["url"][0]
    assert not Proof.objects.exists()


def test_an_action_the_campaign_does_not_ask_is_refused(assignment, asn, api_for):
    response = api_for(asn).post(
        _proofs_url(assignment),
        {"platform": "instagram", "action": "comment", "kind": "url",
         "url": "https://www.instagram.com/siti.p2p/p/Komen1/"},
        format="json",
    )  # fmt: skip

    assert response.status_code == 400
    assert response.json()["action"] == ["This campaign does not ask for that action."]


def test_a_screenshot_is_stored_and_waits_for_review(assignment, asn, api_for):
    # given: a small PNG
    image = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(image, "PNG")
    image.seek(0)
    image.name = "bukti.png"

    # when
    response = api_for(asn).post(
        _proofs_url(assignment),
        {"platform": "instagram", "action": "share", "kind": "screenshot", "screenshot": image},
        format="multipart",
    )

    # then
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "pending"
    assert body["screenshot"].startswith("http://testserver/")
    assert body["assignment"]["status"] == RecapStatus.NOT_YET


def test_a_file_that_is_not_an_image_is_refused(assignment, asn, api_for):
    document = io.BytesIO(b"%PDF-1.4 not an image")
    document.name = "bukti.png"

    response = api_for(asn).post(
        _proofs_url(assignment),
        {"platform": "instagram", "action": "share", "kind": "screenshot", "screenshot": document},
        format="multipart",
    )

    assert response.status_code == 400
    assert "not an image" in response.json()["screenshot"][0]


def test_nobody_else_sends_proofs_for_an_assignment(assignment, dinkes_admin, api_for):
    response = api_for(dinkes_admin).post(
        _proofs_url(assignment),
        {"platform": "instagram", "action": "share", "kind": "url",
         "url": "https://www.instagram.com/siti.p2p/p/Palsu1/"},
        format="json",
    )  # fmt: skip

    assert response.status_code == 404
    assert not Proof.objects.exists()


def test_sending_a_proof_takes_a_bounded_number_of_queries(
    assignment, asn, api_for, django_assert_max_num_queries
):
    client = api_for(asn)

    with django_assert_max_num_queries(20):
        response = client.post(
            _proofs_url(assignment),
            {"platform": "instagram", "action": "share", "kind": "url",
             "url": "https://www.instagram.com/siti.p2p/p/Cepat1/"},
            format="json",
        )  # fmt: skip
    assert response.status_code == 201


def _pending(assignment) -> Proof:
    return Proof.objects.create(
        assignment=assignment, platform="instagram", action="like", kind="url",
        url="https://www.instagram.com/p/Tunggu1/", url_key="instagram:Tunggu1",
        status=ProofStatus.PENDING,
    )  # fmt: skip


def test_admins_list_the_pending_proofs_of_their_units(assignment, dinkes_admin, api_for):
    proof = _pending(assignment)

    rows = api_for(dinkes_admin).get(reverse("proof-list"), {"status": "pending"}).json()

    assert [(r["id"], r["employee_name"], r["campaign_title"]) for r in rows["results"]] == [
        (proof.pk, "Siti Rahayu", "Vaksinasi")
    ]


def test_accepting_a_proof_updates_the_assignment(assignment, dinkes_admin, api_for):
    proof = _pending(assignment)

    response = api_for(dinkes_admin).post(
        reverse("proof-review"), {"ids": [proof.pk], "accept": True}, format="json"
    )

    assert response.json() == {"count": 1, "status": "accepted"}
    assignment.refresh_from_db()
    assert (assignment.done, assignment.status) == (1, RecapStatus.PARTIAL)


def test_rejecting_needs_a_note(assignment, dinkes_admin, api_for):
    proof = _pending(assignment)
    client = api_for(dinkes_admin)

    without = client.post(reverse("proof-review"), {"ids": [proof.pk], "accept": False},
                          format="json")  # fmt: skip
    with_note = client.post(
        reverse("proof-review"),
        {"ids": [proof.pk], "accept": False, "note": "Bukan unggahan Anda"},
        format="json",
    )

    assert without.status_code == 400
    assert "note" in without.json()
    assert with_note.json() == {"count": 1, "status": "rejected"}
    proof.refresh_from_db()
    assert proof.review_note == "Bukan unggahan Anda"


def test_a_review_with_an_id_outside_the_queue_changes_nothing(assignment, dinkes_admin, api_for):
    proof = _pending(assignment)

    response = api_for(dinkes_admin).post(
        reverse("proof-review"), {"ids": [proof.pk, 999_999], "accept": True}, format="json"
    )

    assert response.status_code == 404
    assert "999999" in response.json()["detail"]
    proof.refresh_from_db()
    assert proof.status == ProofStatus.PENDING


# ---------------------------------------------------------------------------------------------
# Groups and election periods
# ---------------------------------------------------------------------------------------------


def test_a_group_is_made_from_nips_typed_with_spaces(org, dinkes_admin, asn, api_for):
    budi = EmployeeFactory(unit=org["dinkes_p2p"], name="Budi")
    siti_nip = asn.employee.nip
    spaced = f"{siti_nip[:8]} {siti_nip[8:14]} {siti_nip[14]} {siti_nip[15:]}"

    response = api_for(dinkes_admin).post(
        reverse("employee-group-list"),
        {"unit": org["dinkes"].pk, "name": "Duta Digital", "member_nips": [spaced],
         "members": [budi.pk]},
        format="json",
    )  # fmt: skip

    assert response.status_code == 201, response.json()
    assert response.json()["member_count"] == 2
    group = EmployeeGroup.objects.get()
    assert set(group.members.all()) == {asn.employee, budi}


def test_a_group_refuses_nips_outside_the_admins_units(org, dinkes_admin, api_for):
    stranger = EmployeeFactory(unit=org["disdik_sd"])

    response = api_for(dinkes_admin).post(
        reverse("employee-group-list"),
        {"unit": org["dinkes"].pk, "name": "Campuran", "member_nips": [stranger.nip]},
        format="json",
    )

    assert response.status_code == 400
    assert stranger.nip in response.json()["member_nips"][0]
    assert not EmployeeGroup.objects.exists()


def test_a_group_name_is_unique_within_its_unit(org, dinkes_admin, api_for):
    client = api_for(dinkes_admin)
    body = {"unit": org["dinkes"].pk, "name": "Duta Digital"}
    client.post(reverse("employee-group-list"), body, format="json")

    again = client.post(reverse("employee-group-list"), body, format="json")

    assert again.status_code == 400
    assert "name" in again.json()


def test_a_campaign_targets_a_group_through_the_api(org, dinkes_admin, api_for):
    member = EmployeeFactory(unit=org["dinkes"], name="Humas Dinkes")
    group = actions.save_group(dinkes_admin, unit=org["dinkes"], name="Humas", members=[member])

    response = api_for(dinkes_admin).post(
        reverse("campaign-list"),
        _campaign_body(org, target_units=[], target_groups=[group.pk]),
        format="json",
    )

    assert response.status_code == 201
    assert response.json()["target_groups"] == [group.pk]


def test_only_the_agency_admins_set_election_periods(org, dinkes_admin, instansi_admin, api_for):
    body = {"instansi": org["instansi"].pk, "name": "Pilkada", "starts_on": "2027-01-01",
            "ends_on": "2027-02-01"}  # fmt: skip

    refused = api_for(dinkes_admin).post(reverse("election-period-list"), body, format="json")
    made = api_for(instansi_admin).post(reverse("election-period-list"), body, format="json")
    seen = api_for(dinkes_admin).get(reverse("election-period-list")).json()["results"]

    assert refused.status_code == 403
    assert made.status_code == 201
    assert [p["name"] for p in seen] == ["Pilkada"]


def test_an_election_period_must_end_after_it_starts(org, instansi_admin, api_for):
    response = api_for(instansi_admin).post(
        reverse("election-period-list"),
        {"instansi": org["instansi"].pk, "name": "Terbalik", "starts_on": "2027-02-01",
         "ends_on": "2027-01-01"},
        format="json",
    )  # fmt: skip

    assert response.status_code == 400
    assert "ends_on" in response.json()
    assert not ElectionPeriod.objects.exists()
