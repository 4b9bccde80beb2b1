"""The recap pages: per-unit counts, drill-down, scoping, rankings and the period page."""

import datetime
import json
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from gaung.amplification import actions
from gaung.amplification.models import Assignment, Campaign
from tests.amplification import test_recap
from tests.amplification.test_recap import make_campaign
from tests.factories import EmployeeFactory, SocialAccountFactory, UnitFactory

# The small tree of test_recap and its agency-wide campaign, computed there by hand.
tree = test_recap.tree
campaign = test_recap.campaign


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


def recap_url(campaign, **params) -> str:
    url = reverse("amplification:campaign_recap", args=[campaign.pk])
    query = "&".join(f"{key}={value}" for key, value in params.items())
    return f"{url}?{query}" if query else url


def row_of(body: str, testid: str) -> str:
    match = re.search(rf'<tr data-testid="{testid}"[^>]*>(.*?)</tr>', body, re.S)
    assert match, f"no row {testid}"
    return match.group(1)


def figure(row: str, name: str) -> str:
    match = re.search(rf'data-figure="{name}">([^<]*)<', row)
    assert match, f"no figure {name}"
    return match.group(1).strip()


def test_unit_admin_sees_sudah_and_belum_per_bidang_of_their_subtree(
    campaign, tree, dinkes_admin, client_for
):
    # when
    response = client_for(dinkes_admin).get(recap_url(campaign))

    # then
    assert response.status_code == 200
    body = response.content.decode()
    p2p = row_of(body, f"unit-{tree['dinkes_p2p'].pk}")
    kesmas = row_of(body, f"unit-{tree['kesmas'].pk}")
    assert (figure(p2p, "sudah"), figure(p2p, "kurang"), figure(p2p, "tanpa_akun")) == (
        "1", "1", "1",
    )  # fmt: skip
    assert (figure(kesmas, "belum"), figure(kesmas, "sudah")) == ("1", "0")
    assert figure(row_of(body, "unit-total"), "assigned") == "5"
    assert "Dinas Pendidikan" not in body and "Dewi" not in body
    assert "Siti Rahayu" in body and "Bayu" in body


def test_agency_admin_starts_at_the_opd_and_drills_down_to_a_bidang(
    campaign, tree, instansi_admin, client_for
):
    # given
    client = client_for(instansi_admin)

    # when
    top = client.get(recap_url(campaign)).content.decode()
    bidang = client.get(recap_url(campaign, unit=tree["dinkes_p2p"].pk)).content.decode()

    # then
    assert figure(row_of(top, f"unit-{tree['dinkes'].pk}"), "assigned") == "5"
    assert figure(row_of(top, f"unit-{tree['disdik'].pk}"), "assigned") == "1"
    assert f'href="{recap_url(campaign, unit=tree["dinkes"].pk)}"' in top
    breadcrumb = re.search(r'data-testid="recap-breadcrumb">(.*?)</nav>', bidang, re.S).group(1)
    assert "Pemerintah Kota Contoh" in breadcrumb and "Dinas Kesehatan" in breadcrumb
    assert 'aria-current="page">Bidang P2P' in breadcrumb
    assert "Siti Rahayu" in bidang and "Citra" not in bidang and "Dewi" not in bidang


def test_the_chart_gets_each_units_status_counts_as_json(campaign, tree, dinkes_admin, client_for):
    # when
    body = client_for(dinkes_admin).get(recap_url(campaign)).content.decode()

    # then
    data = json.loads(
        re.search(r'<script id="status-chart-data" type="application/json">(.*?)</script>',
                  body, re.S).group(1)
    )  # fmt: skip
    assert data["labels"] == ["Bidang P2P", "Bidang Kesmas", "Directly in Dinas Kesehatan"]
    assert data["sudah"] == [1, 0, 1] and data["belum"] == [0, 1, 0]
    assert data["tanpa_akun"] == [1, 0, 0] and data["kurang"] == [1, 0, 0]
    assert data["links"][0].endswith(f"?unit={tree['dinkes_p2p'].pk}") and data["links"][2] == ""
    assert "amplification/recap.js" in body and 'nonce="' in body


def test_another_units_admin_sees_only_their_own_people_and_may_not_drill_elsewhere(
    campaign, tree, disdik_admin, client_for
):
    # given
    client = client_for(disdik_admin)

    # when
    own = client.get(recap_url(campaign))
    elsewhere = client.get(recap_url(campaign, unit=tree["dinkes_p2p"].pk))

    # then
    assert own.status_code == 200
    body = own.content.decode()
    assert "Dewi" in body and "Siti Rahayu" not in body and "Bidang P2P" not in body
    assert elsewhere.status_code == 404


def test_a_campaign_that_does_not_reach_the_admin_is_not_found(
    org, dinkes_admin, disdik_admin, asn, client_for
):
    # given
    campaign = actions.activate_campaign(
        dinkes_admin,
        make_campaign(dinkes_admin, org["dinkes"], actions=["share"], platforms=["instagram"]),
    )

    # when / then
    assert client_for(disdik_admin).get(recap_url(campaign)).status_code == 404


def test_asn_is_refused_and_anonymous_is_sent_to_log_in(campaign, asn, client_for):
    # when
    as_asn = client_for(asn).get(recap_url(campaign))
    anonymous = client_for(None).get(recap_url(campaign))

    # then
    assert as_asn.status_code == 403
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/auth/login/")


def test_a_unit_that_is_not_a_number_is_not_found(campaign, dinkes_admin, client_for):
    assert client_for(dinkes_admin).get(recap_url(campaign, unit="abc")).status_code == 404


def test_filtering_the_employees_by_status_answers_htmx_with_the_list_only(
    campaign, dinkes_admin, client_for
):
    # when
    response = client_for(dinkes_admin).get(
        recap_url(campaign, status="not_yet"),
        headers={"HX-Request": "true", "HX-Target": "results"},
    )

    # then
    body = response.content.decode()
    assert response.status_code == 200
    assert "Citra" in body and "Siti Rahayu" not in body and "Agus" not in body
    assert "<html" not in body and 'data-testid="unit-table"' not in body
    assert "1 employee" in body


def test_employee_without_account_shows_the_missing_platforms(
    campaign, tree, dinkes_admin, client_for
):
    # when
    body = client_for(dinkes_admin).get(recap_url(campaign, q="Agus")).content.decode()

    # then
    person = row_of(body, f"person-{tree['people']['agus'].pk}")
    assert "Partial" in person and "No account on TikTok" in person and "1 / 2" in person


def test_employee_list_downloads_as_csv_with_status(campaign, dinkes_admin, client_for):
    # when
    response = client_for(dinkes_admin).get(recap_url(campaign, export="csv", status="done"))

    # then
    text = response.content.decode("utf-8-sig")
    assert response["Content-Type"].startswith("text/csv")
    assert "Siti Rahayu" in text and "Kepala Dinas" in text and "Citra" not in text


def test_individual_ranking_shows_only_when_the_campaign_enables_it(
    campaign, dinkes_admin, client_for
):
    # given
    client = client_for(dinkes_admin)
    hidden = client.get(recap_url(campaign)).content.decode()

    # when
    Campaign.objects.filter(pk=campaign.pk).update(show_individual_ranking=True)
    shown = client.get(recap_url(campaign)).content.decode()

    # then
    assert 'data-testid="people-ranking"' not in hidden
    ranking = re.search(r'data-testid="people-ranking">(.*?)</table>', shown, re.S).group(1)
    assert ranking.index("Siti Rahayu") < ranking.index("Kepala Dinas") < ranking.index("Agus")


def test_unit_ranking_lists_the_best_unit_first(campaign, dinkes_admin, client_for):
    # when
    body = client_for(dinkes_admin).get(recap_url(campaign)).content.decode()

    # then
    text = re.search(r'<ol data-testid="unit-ranking"(.*?)</ol>', body, re.S).group(1)
    assert text.index("Directly in Dinas Kesehatan") < text.index("Bidang P2P")
    assert text.index("Bidang P2P") < text.index("Bidang Kesmas")


def test_a_draft_campaign_shows_an_empty_recap(org, dinkes_admin, client_for):
    # given
    draft = make_campaign(dinkes_admin, org["dinkes"])

    # when
    response = client_for(dinkes_admin).get(recap_url(draft))

    # then
    assert response.status_code == 200
    assert "still a draft" in response.content.decode()
    assert "Nobody was assigned here." in response.content.decode()


def test_recap_page_of_a_large_campaign_uses_a_bounded_number_of_queries(
    org, dinkes_admin, client_for, django_assert_max_num_queries
):
    # given 8 bidang of 25 employees each, half with an account, some of whom acted
    for number in range(8):
        bidang = UnitFactory(name=f"Bidang {number}", parent=org["dinkes"])
        for person in EmployeeFactory.create_batch(25, unit=bidang):
            if person.pk % 2:
                SocialAccountFactory(owner_employee=person, platform="instagram")
    campaign = actions.activate_campaign(
        dinkes_admin,
        make_campaign(dinkes_admin, org["dinkes"], actions=["share"], platforms=["instagram"],
                      show_individual_ranking=True),
    )  # fmt: skip
    acted = list(campaign.assignments.filter(asked=1).values_list("pk", flat=True)[:60])
    Assignment.objects.filter(pk__in=acted).update(done=1, status="done", potential_reach=100)
    client = client_for(dinkes_admin)

    # when
    with django_assert_max_num_queries(15):
        response = client.get(recap_url(campaign))

    # then
    assert response.status_code == 200
    assert response.content.decode().count('data-testid="unit-') >= 9


# The period page -------------------------------------------------------------------------------


def period_url(**params) -> str:
    url = reverse("amplification:period_recap")
    query = "&".join(f"{key}={value}" for key, value in params.items())
    return f"{url}?{query}" if query else url


def test_period_page_defaults_to_this_month(campaign, instansi_admin, client_for):
    # given
    today = timezone.localdate()

    # when
    response = client_for(instansi_admin).get(period_url())

    # then
    body = response.content.decode()
    assert response.status_code == 200
    assert f'value="{today.replace(day=1):%Y-%m-%d}"' in body
    due_this_month = timezone.localtime(campaign.deadline).month == today.month
    assert (f'data-testid="campaign-{campaign.pk}"' in body) == due_this_month


def test_period_page_lists_each_campaign_with_its_figures(campaign, tree, dinkes_admin, client_for):
    # given
    today = timezone.localdate()
    week = {"start": today.isoformat(), "end": (today + datetime.timedelta(days=7)).isoformat()}

    # when
    body = client_for(dinkes_admin).get(period_url(**week)).content.decode()

    # then
    row = row_of(body, f"campaign-{campaign.pk}")
    assert "Sebarkan info vaksinasi" in row
    assert (figure(row, "assigned"), figure(row, "sudah"), figure(row, "belum")) == ("5", "2", "1")
    assert figure(row_of(body, f"unit-{tree['dinkes_p2p'].pk}"), "assigned") == "3"
    assert f"?{'&amp;'.join(f'{k}={v}' for k, v in week.items())}" in body


def test_period_page_with_the_end_before_the_start_says_so(instansi_admin, client_for):
    # when
    response = client_for(instansi_admin).get(period_url(start="2026-11-30", end="2026-11-01"))

    # then
    assert response.status_code == 200
    assert "The last day must not be before the first day." in response.content.decode()


def test_period_page_is_for_admins_only(asn, client_for):
    assert client_for(asn).get(period_url()).status_code == 403
    assert client_for(None).get(period_url()).status_code == 302
