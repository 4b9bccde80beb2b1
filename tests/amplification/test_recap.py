"""Recap figures rolled up the organisation tree, computed by hand on a small tree."""

import datetime

import pytest
from django.utils import timezone

from gaung.amplification import actions
from gaung.amplification.choices import CampaignStatus, RecapStatus
from gaung.amplification.models import Assignment, Campaign
from gaung.amplification.recap import (
    RecapRow,
    campaign_recap,
    campaigns_in_period,
    individual_ranking,
    period_recap,
    ranked,
    this_month,
)
from tests.factories import EmployeeFactory, SocialAccountFactory, UnitFactory, make_admin


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


def make_campaign(actor, unit, **fields):
    now = timezone.now()
    values = {
        "title": "Sebarkan info vaksinasi",
        "post_url": "https://www.instagram.com/pemkot.contoh/p/Cvaks1n/",
        "actions": ["share", "like"],
        "platforms": ["instagram", "tiktok"],
        "starts_at": now - datetime.timedelta(hours=1),
        "deadline": now + datetime.timedelta(days=2),
    }
    values.update(fields)
    target_units = values.pop("target_units", [unit])
    return actions.create_campaign(actor, unit=unit, target_units=target_units, **values)


def employee(unit, name, *platforms):
    person = EmployeeFactory(unit=unit, name=name)
    for platform in platforms:
        SocialAccountFactory(owner_employee=person, platform=platform)
    return person


def record(campaign, person, *, done, reach=0, clicks=0):
    """What the ASN proved, written straight into the assignment's recap figures."""
    assignment = campaign.assignments.get(employee=person)
    if not assignment.asked:
        status = RecapStatus.NO_ACCOUNT
    elif done >= assignment.asked:
        status = RecapStatus.DONE
    else:
        status = RecapStatus.PARTIAL if done else RecapStatus.NOT_YET
    Assignment.objects.filter(pk=assignment.pk).update(
        done=done, status=status, potential_reach=reach, clicks=clicks
    )


def figures(row: RecapRow) -> tuple:
    return (
        row.assigned, row.sudah, row.kurang, row.belum, row.tanpa_akun,
        row.asked, row.done, row.participants, row.reach, row.clicks,
    )  # fmt: skip


@pytest.fixture
def tree(org, asn):
    """Dinkes: P2P (Siti done, Agus partial, Bayu no account), Kesmas (Citra not yet) and
    its head placed in Dinkes itself (done); Disdik SD: Dewi (partial)."""
    kesmas = UnitFactory(name="Bidang Kesmas", kind="bidang", parent=org["dinkes"])
    SocialAccountFactory(owner_employee=asn.employee, platform="instagram", handle="siti.ig")
    SocialAccountFactory(owner_employee=asn.employee, platform="tiktok", handle="siti.tt")
    people = {
        "siti": asn.employee,
        "agus": employee(org["dinkes_p2p"], "Agus", "instagram"),
        "bayu": employee(org["dinkes_p2p"], "Bayu"),
        "citra": employee(kesmas, "Citra", "instagram", "tiktok"),
        "kepala": employee(org["dinkes"], "Kepala Dinas", "instagram"),
        "dewi": employee(org["disdik_sd"], "Dewi", "instagram"),
    }
    return {**org, "kesmas": kesmas, "people": people}


@pytest.fixture
def campaign(tree, instansi_admin):
    """An agency-wide campaign asking share + like on Instagram and TikTok."""
    campaign = actions.activate_campaign(
        instansi_admin, make_campaign(instansi_admin, tree["instansi"])
    )
    people = tree["people"]
    record(campaign, people["siti"], done=4, reach=1200, clicks=5)
    record(campaign, people["agus"], done=1, reach=300, clicks=1)
    record(campaign, people["kepala"], done=2, reach=5000)
    record(campaign, people["dewi"], done=1, reach=100, clicks=2)
    return campaign


def test_agency_admin_sees_each_opd_with_its_bidang_rolled_up(campaign, tree, instansi_admin):
    # when
    recap = campaign_recap(instansi_admin, campaign)

    # then
    assert recap.level.unit == tree["instansi"]
    assert [row.unit for row in recap.rows] == [tree["dinkes"], tree["disdik"]]
    dinkes, disdik = recap.rows
    # Siti 4/4, Agus 1/2, Bayu 0/0 (no account), Citra 0/4, Kepala 2/2.
    assert figures(dinkes) == (5, 2, 1, 1, 1, 12, 7, 3, 6500, 6)
    assert dinkes.completion == pytest.approx(7 / 12)
    assert dinkes.participation == pytest.approx(3 / 4)
    assert figures(disdik) == (1, 0, 1, 0, 0, 2, 1, 1, 100, 2)
    assert figures(recap.total) == (6, 2, 2, 1, 1, 14, 8, 4, 6600, 8)
    assert recap.total.participation == pytest.approx(4 / 5)
    assert recap.direct is None


def test_unit_admin_sees_only_their_subtree_even_of_an_agency_campaign(
    campaign, tree, dinkes_admin
):
    # when
    recap = campaign_recap(dinkes_admin, campaign)

    # then
    assert recap.level.unit == tree["dinkes"]
    assert [row.name for row in recap.rows] == ["Bidang P2P", "Bidang Kesmas"]
    p2p, kesmas = recap.rows
    assert figures(p2p) == (3, 1, 1, 0, 1, 6, 5, 2, 1500, 6)
    assert p2p.participation == 1.0
    assert figures(kesmas) == (1, 0, 0, 1, 0, 4, 0, 0, 0, 0)
    assert recap.direct is not None and recap.direct.is_direct
    assert figures(recap.direct) == (1, 1, 0, 0, 0, 2, 2, 1, 5000, 0)
    assert recap.direct.label == "Directly in Dinas Kesehatan"
    assert recap.total.assigned == 5, "Disdik's employee is not counted"


def test_drilling_down_to_a_bidang_lists_its_people_and_keeps_the_breadcrumb(
    campaign, tree, dinkes_admin
):
    # when
    recap = campaign_recap(dinkes_admin, campaign, tree["dinkes_p2p"])

    # then
    assert recap.rows == []
    assert figures(recap.direct) == figures(recap.total) == (3, 1, 1, 0, 1, 6, 5, 2, 1500, 6)
    assert [unit.name for unit in recap.level.trail] == ["Dinas Kesehatan", "Bidang P2P"]
    assert set(recap.assignments.values_list("employee__name", flat=True)) == {
        "Siti Rahayu", "Agus", "Bayu",
    }  # fmt: skip


def test_another_units_admin_may_not_drill_into_a_unit_outside_their_subtree(
    campaign, tree, disdik_admin
):
    # when / then
    with pytest.raises(type(tree["dinkes"]).DoesNotExist):
        campaign_recap(disdik_admin, campaign, tree["dinkes_p2p"])
    assert campaign_recap(disdik_admin, campaign).total.assigned == 1


def test_units_rank_by_completion_then_participation_then_reach(campaign, dinkes_admin):
    # given Dinkes itself 100 %, P2P 5/6, Kesmas 0
    recap = campaign_recap(dinkes_admin, campaign)

    # when
    ranking = [row.label for row in recap.ranking()]

    # then
    assert ranking == ["Directly in Dinas Kesehatan", "Bidang P2P", "Bidang Kesmas"]


def test_ranking_breaks_ties_on_participation_then_reach_and_puts_nothing_asked_last():
    # given
    rows = [
        RecapRow("Nothing asked", assigned=2, tanpa_akun=2),
        RecapRow("Half, few people", asked=4, done=2, assigned=4, participants=1, reach=900),
        RecapRow("Half, more people", asked=4, done=2, assigned=4, participants=2, reach=10),
        RecapRow("Half, more people, more reach", asked=4, done=2, assigned=4, participants=2,
                 reach=20),
        RecapRow("All", asked=2, done=2, assigned=1, participants=1),
    ]  # fmt: skip

    # when
    names = [row.name for row in ranked(rows)]

    # then
    assert names == [
        "All", "Half, more people, more reach", "Half, more people", "Half, few people",
        "Nothing asked",
    ]  # fmt: skip


def test_individual_ranking_is_empty_unless_the_campaign_asks_for_it(campaign, dinkes_admin):
    # given
    recap = campaign_recap(dinkes_admin, campaign)

    # when
    hidden = individual_ranking(recap, campaign)
    Campaign.objects.filter(pk=campaign.pk).update(show_individual_ranking=True)
    campaign.refresh_from_db()
    shown = individual_ranking(recap, campaign)

    # then
    assert hidden == []
    assert [(p.employee.name, p.done, p.reach) for p in shown] == [
        ("Siti Rahayu", 4, 1200), ("Kepala Dinas", 2, 5000), ("Agus", 1, 300),
    ]  # fmt: skip


def test_a_real_proof_moves_the_recap_from_not_yet_to_done(org, dinkes_admin, asn):
    # given
    SocialAccountFactory(
        owner_employee=asn.employee, platform="instagram", handle="siti.rahayu", followers=800
    )
    campaign = actions.activate_campaign(
        dinkes_admin,
        make_campaign(dinkes_admin, org["dinkes"], actions=["share"], platforms=["instagram"]),
    )
    before = campaign_recap(dinkes_admin, campaign).total

    # when
    actions.submit_proof(
        asn, campaign.assignments.get(), platform="instagram", action="share", kind="url",
        url="https://instagram.com/siti.rahayu/p/ABCdef123/",
    )  # fmt: skip

    # then
    after = campaign_recap(dinkes_admin, campaign).total
    assert (before.belum, before.sudah) == (1, 0)
    assert (after.belum, after.sudah, after.reach, after.completion) == (0, 1, 800, 1.0)


# Periods ---------------------------------------------------------------------------------------


def _due(campaign, when, status=None):
    """Move a campaign's deadline (and status) as if it had run then."""
    changes = {"deadline": when, "starts_at": when - datetime.timedelta(days=3)}
    if status:
        changes["status"] = status
    Campaign.objects.filter(pk=campaign.pk).update(**changes)


def test_period_recap_counts_campaigns_due_on_its_first_and_last_day_only(org, dinkes_admin, asn):
    # given
    zone = timezone.get_current_timezone()
    start, end = datetime.date(2026, 11, 1), datetime.date(2026, 11, 30)
    moments = {
        "first minute": datetime.datetime(2026, 11, 1, 0, 0, tzinfo=zone),
        "last minute": datetime.datetime(2026, 11, 30, 23, 59, tzinfo=zone),
        "day before": datetime.datetime(2026, 10, 31, 23, 59, tzinfo=zone),
        "day after": datetime.datetime(2026, 12, 1, 0, 0, tzinfo=zone),
    }
    for number, (title, moment) in enumerate(moments.items()):
        made = actions.activate_campaign(
            dinkes_admin,
            make_campaign(dinkes_admin, org["dinkes"], title=title,
                          post_url=f"https://www.instagram.com/dinkes.contoh/p/Post{number}/"),
        )  # fmt: skip
        _due(made, moment, CampaignStatus.CLOSED)
    draft = make_campaign(
        dinkes_admin, org["dinkes"], title="draft",
        post_url="https://www.instagram.com/dinkes.contoh/p/Draft1/",
    )  # fmt: skip
    _due(draft, moments["first minute"])
    cancelled = actions.cancel_campaign(
        dinkes_admin,
        actions.activate_campaign(
            dinkes_admin,
            make_campaign(dinkes_admin, org["dinkes"], title="cancelled",
                          post_url="https://www.instagram.com/dinkes.contoh/p/Cancel1/"),
        ),
    )  # fmt: skip
    _due(cancelled, moments["last minute"])

    # when
    period = period_recap(dinkes_admin, start, end)

    # then
    assert sorted(campaigns_in_period(start, end).values_list("title", flat=True)) == [
        "first minute", "last minute",
    ]  # fmt: skip
    assert [row.campaign.title for row in period.campaigns] == ["first minute", "last minute"]
    assert period.recap.total.assigned == 2
    assert period.recap.rows[0].name == "Bidang P2P"


def test_period_recap_is_scoped_to_the_admins_units(campaign, tree, disdik_admin):
    # given
    today = timezone.localdate()

    # when
    period = period_recap(disdik_admin, today, today + datetime.timedelta(days=7))

    # then
    assert period.recap.level.unit == tree["disdik"]
    assert [row.campaign for row in period.campaigns] == [campaign]
    assert figures(period.campaigns[0]) == figures(period.recap.total)
    assert period.recap.total.assigned == 1


def test_period_individual_ranking_counts_only_campaigns_that_rank_people(
    campaign, tree, instansi_admin
):
    # given
    today = timezone.localdate()
    week = (today, today + datetime.timedelta(days=7))

    # when
    hidden = period_recap(instansi_admin, *week).individual_ranking()
    Campaign.objects.filter(pk=campaign.pk).update(show_individual_ranking=True)
    shown = period_recap(instansi_admin, *week).individual_ranking()

    # then
    assert hidden == []
    assert [p.employee.name for p in shown][:2] == ["Siti Rahayu", "Kepala Dinas"]


def test_this_month_runs_from_the_first_to_the_last_day():
    assert this_month(datetime.date(2026, 2, 14)) == (
        datetime.date(2026, 2, 1), datetime.date(2026, 2, 28),
    )  # fmt: skip
    assert this_month(datetime.date(2026, 12, 31)) == (
        datetime.date(2026, 12, 1), datetime.date(2026, 12, 31),
    )  # fmt: skip


def test_superuser_with_one_agency_starts_at_its_opd(campaign, tree, superadmin):
    # when
    recap = campaign_recap(superadmin, campaign)

    # then
    assert recap.level.unit == tree["instansi"]
    assert recap.total.assigned == 6


def test_admin_of_two_separate_units_starts_with_both_side_by_side(campaign, tree):
    # given
    admin = make_admin(tree["dinkes_p2p"], username="dua.unit")
    admin.role_assignments.create(role="unit_admin", unit=tree["disdik_sd"])

    # when
    recap = campaign_recap(admin, campaign)

    # then
    assert recap.level.unit is None and recap.level.has_overview
    assert [(row.name, row.assigned) for row in recap.rows] == [("Bidang P2P", 3), ("Bidang SD", 1)]
    assert recap.total.assigned == 4
