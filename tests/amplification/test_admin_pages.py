"""The organisers' campaign pages: list, create/edit form, detail, life-cycle buttons and the
list of assigned employees."""

import csv
import datetime
import io
import zoneinfo

import pytest
from django.urls import reverse
from django.utils import timezone
from python_calamine import CalamineWorkbook

from gaung.amplification import actions
from gaung.amplification.choices import CampaignStatus, RecapStatus
from gaung.amplification.models import Assignment, Campaign
from gaung.core.models import AuditEvent
from gaung.core.permissions import ValidationError
from tests.factories import EmployeeFactory, SocialAccountFactory, UnitFactory

LIST_URL = reverse("amplification:campaign_list")
CREATE_URL = reverse("amplification:campaign_create")


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


def person(unit, name, *platforms, **fields):
    employee = EmployeeFactory(unit=unit, name=name, **fields)
    for platform in platforms:
        SocialAccountFactory(owner_employee=employee, platform=platform)
    return employee


def set_figures(campaign, employee, *, done):
    """What the employee proved, written straight into the assignment's recap figures."""
    assignment = campaign.assignments.get(employee=employee)
    if not assignment.asked:
        status = RecapStatus.NO_ACCOUNT
    elif done >= assignment.asked:
        status = RecapStatus.DONE
    else:
        status = RecapStatus.PARTIAL if done else RecapStatus.NOT_YET
    Assignment.objects.filter(pk=assignment.pk).update(done=done, status=status)


def form_data(org, **overrides):
    data = {
        "unit": org["dinkes"].pk,
        "title": "Ayo vaksinasi",
        "post_url": "https://www.instagram.com/dinkes.contoh/p/Cvaks1n/",
        "instructions": "Bagikan ke story Anda.",
        "caption": "Ayo vaksin!",
        "hashtags": "#AyoVaksin",
        "actions": ["share", "like"],
        "platforms": ["instagram", "tiktok"],
        "starts_at": "2030-01-05T08:00",
        "deadline": "2030-01-10T17:00",
        "target_units": [org["dinkes_p2p"].pk],
        "reminder_lead_hours": 24,
    }
    data.update(overrides)
    return data


def detail_url(campaign):
    return reverse("amplification:campaign_detail", args=[campaign.pk])


def csv_rows(response):
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


# ---------------------------------------------------------------------------------------------
# Creating and editing
# ---------------------------------------------------------------------------------------------


def test_an_admin_creates_a_draft_campaign_with_times_read_in_the_units_zone(
    client_for, dinkes_admin, org
):
    # given a Dinkes in eastern Indonesia (WIT, UTC+9)
    org["dinkes"].time_zone = "Asia/Jayapura"
    org["dinkes"].save()

    # when
    response = client_for(dinkes_admin).post(CREATE_URL, form_data(org))

    # then
    campaign = Campaign.objects.get()
    assert response.status_code == 302
    assert response["Location"] == detail_url(campaign)
    wit = zoneinfo.ZoneInfo("Asia/Jayapura")
    assert campaign.deadline == datetime.datetime(2030, 1, 10, 17, 0, tzinfo=wit)
    assert campaign.starts_at == datetime.datetime(2030, 1, 5, 8, 0, tzinfo=wit)
    assert campaign.status == CampaignStatus.DRAFT
    assert (campaign.actions, campaign.platforms) == (["share", "like"], ["instagram", "tiktok"])
    assert list(campaign.target_units.all()) == [org["dinkes_p2p"]]
    assert campaign.show_individual_ranking is False
    assert AuditEvent.objects.filter(object_id=str(campaign.pk), action="create").exists()


def test_the_edit_form_shows_the_times_in_the_units_zone(client_for, dinkes_admin, org):
    # given
    org["dinkes"].time_zone = "Asia/Makassar"
    org["dinkes"].save()
    client = client_for(dinkes_admin)
    client.post(CREATE_URL, form_data(org))
    campaign = Campaign.objects.get()

    # when
    response = client.get(reverse("amplification:campaign_edit", args=[campaign.pk]))

    # then
    assert 'value="2030-01-10T17:00"' in response.content.decode()


def test_the_new_campaign_form_starts_from_the_admins_unit_with_ranking_off(
    client_for, dinkes_admin, org
):
    # when
    response = client_for(dinkes_admin).get(CREATE_URL)

    # then
    form = response.context["form"]
    assert form["unit"].value() == org["dinkes"].pk
    assert not form["show_individual_ranking"].value()
    assert "checked" not in str(form["show_individual_ranking"])
    assert list(form.fields["unit"].queryset) == [org["dinkes"], org["dinkes_p2p"]]
    assert 'type="datetime-local"' in response.content.decode()
    assert "data-political-confirm" in response.content.decode()


def test_the_form_puts_the_actions_errors_on_their_fields(client_for, dinkes_admin, org):
    # when
    response = client_for(dinkes_admin).post(
        CREATE_URL, form_data(org, actions=[], post_url="https://example.com/berita/1")
    )

    # then
    assert response.status_code == 200
    form = response.context["form"]
    assert "Choose at least one action" in " ".join(form.errors["actions"])
    assert form.errors["post_url"]
    assert not Campaign.objects.exists()


def test_a_campaign_needs_a_target(client_for, dinkes_admin, org):
    # when
    response = client_for(dinkes_admin).post(CREATE_URL, form_data(org, target_units=[]))

    # then
    assert "Choose at least one unit or employee group" in response.content.decode()
    assert not Campaign.objects.exists()


def test_an_admin_may_not_organise_for_or_target_units_they_do_not_administer(
    client_for, dinkes_admin, org
):
    # when
    client = client_for(dinkes_admin)
    for_disdik = client.post(CREATE_URL, form_data(org, unit=org["disdik"].pk))
    at_disdik = client.post(CREATE_URL, form_data(org, target_units=[org["disdik_sd"].pk]))

    # then
    assert for_disdik.context["form"].errors["unit"]
    assert at_disdik.context["form"].errors["target_units"]
    assert not Campaign.objects.exists()


def test_a_political_campaign_is_saved_only_after_the_neutrality_confirmation(
    client_for, dinkes_admin, org
):
    # given
    client = client_for(dinkes_admin)

    # when
    unconfirmed = client.post(CREATE_URL, form_data(org, is_political="on"))
    confirmed = client.post(CREATE_URL, form_data(org, is_political="on", confirm_political="on"))

    # then
    assert unconfirmed.status_code == 200
    error = unconfirmed.context["form"].errors["confirm_political"][0]
    assert "SKB 2/2022" in error
    assert 'data-testid="confirm-political-error"' in unconfirmed.content.decode()
    assert confirmed.status_code == 302
    campaign = Campaign.objects.get()
    assert campaign.is_political
    assert campaign.political_confirmed_by == dinkes_admin


def test_a_political_campaign_in_an_election_period_is_refused_with_the_periods_name(
    client_for, dinkes_admin, instansi_admin, org
):
    # given
    actions.save_election_period(
        instansi_admin, instansi=org["instansi"], name="Pilkada 2030",
        starts_on=datetime.date(2030, 1, 1), ends_on=datetime.date(2030, 1, 31),
    )  # fmt: skip

    # when
    response = client_for(dinkes_admin).post(
        CREATE_URL, form_data(org, is_political="on", confirm_political="on")
    )

    # then
    body = response.content.decode()
    assert response.status_code == 200
    assert "not allowed during the election period “Pilkada 2030”" in body
    assert 'data-testid="political-error"' in body
    assert not Campaign.objects.exists()


def test_editing_an_active_campaign_saves_its_text_and_keeps_its_actions_and_platforms(
    client_for, dinkes_admin, org, asn
):
    # given
    campaign = actions.activate_campaign(dinkes_admin, make_campaign(dinkes_admin, org["dinkes"]))
    local = zoneinfo.ZoneInfo(org["dinkes"].time_zone)
    times = {
        "starts_at": campaign.starts_at.astimezone(local).strftime("%Y-%m-%dT%H:%M"),
        "deadline": campaign.deadline.astimezone(local).strftime("%Y-%m-%dT%H:%M"),
    }

    # when (the disabled action boxes are sent anyway, as a tampered form would)
    response = client_for(dinkes_admin).post(
        reverse("amplification:campaign_edit", args=[campaign.pk]),
        form_data(org, title="Judul baru", target_units=[org["dinkes"].pk], **times),
    )

    # then
    campaign.refresh_from_db()
    assert response.status_code == 302
    assert campaign.title == "Judul baru"
    assert (campaign.actions, campaign.platforms) == (["share"], ["instagram"])
    assert campaign.status == CampaignStatus.ACTIVE


def test_an_active_campaign_refuses_other_actions_but_not_the_same_ones_reordered(
    org, dinkes_admin, asn
):
    # given
    campaign = make_campaign(dinkes_admin, org["dinkes"], actions=["share", "like"])
    campaign = actions.activate_campaign(dinkes_admin, campaign)

    # when
    actions.update_campaign(dinkes_admin, campaign, actions=["like", "share"], title="Baru")
    with pytest.raises(ValidationError, match="cannot change"):
        actions.update_campaign(dinkes_admin, campaign, actions=["share"])

    # then
    campaign.refresh_from_db()
    assert (campaign.title, campaign.actions) == ("Baru", ["share", "like"])


def test_a_closed_campaign_cannot_be_edited(client_for, dinkes_admin, org, asn):
    # given
    campaign = actions.activate_campaign(dinkes_admin, make_campaign(dinkes_admin, org["dinkes"]))
    actions.close_campaign(dinkes_admin, campaign)

    # when
    response = client_for(dinkes_admin).get(
        reverse("amplification:campaign_edit", args=[campaign.pk]), follow=True
    )

    # then
    assert response.redirect_chain[-1][0] == detail_url(campaign)
    assert "cannot be changed" in response.content.decode()


# ---------------------------------------------------------------------------------------------
# The list
# ---------------------------------------------------------------------------------------------


def test_the_list_shows_the_completion_over_the_admins_own_units(
    client_for, org, instansi_admin, dinkes_admin
):
    # given an agency-wide campaign: Dinkes' employee did it, Disdik's did not
    siti = person(org["dinkes_p2p"], "Siti", "instagram")
    person(org["disdik_sd"], "Budi", "instagram")
    campaign = make_campaign(instansi_admin, org["instansi"], target_units=[org["instansi"]])
    campaign = actions.activate_campaign(instansi_admin, campaign)
    set_figures(campaign, siti, done=1)
    cell = f'data-testid="completion-{campaign.pk}">'

    # when
    for_dinkes = client_for(dinkes_admin).get(LIST_URL).content.decode()
    for_agency = client_for(instansi_admin).get(LIST_URL).content.decode()

    # then
    assert f"{cell}100.0 %" in for_dinkes
    assert f"{cell}50.0 %" in for_agency


def test_the_list_shows_only_campaigns_the_admin_may_see(
    client_for, org, dinkes_admin, disdik_admin
):
    # given
    make_campaign(dinkes_admin, org["dinkes"], title="Kampanye Dinkes")

    # when
    response = client_for(disdik_admin).get(LIST_URL)

    # then
    assert response.status_code == 200
    assert "Kampanye Dinkes" not in response.content.decode()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"status": "active"}, {"Aktif"}),
        ({"platform": "tiktok"}, {"TikTok saja"}),
        ({"platform": "x"}, set()),
        ({"political": "true"}, {"Politik"}),
        ({"q": "tikt"}, {"TikTok saja"}),
        ({"unit": "p2p"}, {"Dari P2P"}),
    ],
)
def test_the_list_filters(client_for, org, dinkes_admin, asn, query, expected):
    # given
    activated = make_campaign(dinkes_admin, org["dinkes"], title="Aktif")
    actions.activate_campaign(dinkes_admin, activated)
    make_campaign(dinkes_admin, org["dinkes"], title="TikTok saja", platforms=["tiktok"])
    make_campaign(
        dinkes_admin, org["dinkes"], title="Politik", is_political=True, confirm_political=True
    )
    make_campaign(dinkes_admin, org["dinkes_p2p"], title="Dari P2P")
    if query.get("unit") == "p2p":
        query = {"unit": org["dinkes_p2p"].pk}

    # when
    response = client_for(dinkes_admin).get(LIST_URL, query)

    # then
    assert {campaign.title for campaign in response.context["rows"]} == expected


def test_an_htmx_request_gets_only_the_results(client_for, org, dinkes_admin):
    # given
    make_campaign(dinkes_admin, org["dinkes"], title="Vaksin")

    # when
    response = client_for(dinkes_admin).get(
        LIST_URL, {"q": "vak"}, headers={"HX-Request": "true", "HX-Target": "results"}
    )

    # then
    assert b"<html" not in response.content
    assert b'data-testid="campaign-table"' in response.content
    assert b"Vaksin" in response.content


def test_the_list_runs_a_fixed_number_of_queries(
    client_for, org, dinkes_admin, django_assert_num_queries
):
    # given
    client = client_for(dinkes_admin)
    make_campaign(dinkes_admin, org["dinkes"])
    client.get(LIST_URL)
    for _n in range(5):
        make_campaign(dinkes_admin, org["dinkes"])

    # when / then: session, user, roles, employee link, unit options, count, rows
    with django_assert_num_queries(7):
        response = client.get(LIST_URL)
    assert len(response.context["rows"]) == 6


def test_the_list_exports_xlsx_and_csv_with_its_rows(client_for, org, dinkes_admin, asn):
    # given
    SocialAccountFactory(owner_employee=asn.employee, platform="instagram")
    campaign = make_campaign(dinkes_admin, org["dinkes"], title="Vaksin")
    actions.activate_campaign(dinkes_admin, campaign)
    set_figures(campaign, asn.employee, done=1)
    client = client_for(dinkes_admin)

    # when
    as_csv = client.get(LIST_URL, {"export": "csv"})
    as_xlsx = client.get(LIST_URL, {"export": "xlsx"})

    # then
    rows = csv_rows(as_csv)
    assert rows[0][:3] == ["Title", "Organising unit", "Platforms"]
    assert rows[1][:3] == ["Vaksin", "Dinas Kesehatan", "Instagram"]
    assert rows[1][rows[0].index("Completion (%)")] == "100.0"
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(as_xlsx.content)).get_sheet_by_index(0)
    cells = sheet.to_python()
    assert cells[1][0] == "Vaksin"
    assert cells[1][cells[0].index("Assigned")] == 1


def test_admins_see_campaigns_in_the_navigation(client_for, dinkes_admin):
    # when
    response = client_for(dinkes_admin).get(reverse("core:home"))

    # then
    assert f'href="{LIST_URL}"' in response.content.decode()


# ---------------------------------------------------------------------------------------------
# Detail and life-cycle buttons
# ---------------------------------------------------------------------------------------------


def test_the_detail_page_counts_each_recap_status_and_links_the_recap(
    client_for, org, dinkes_admin, asn
):
    # given: done, partial, not yet and no account
    SocialAccountFactory(owner_employee=asn.employee, platform="instagram")
    partial = person(org["dinkes_p2p"], "Kurang", "instagram")
    person(org["dinkes_p2p"], "Belum", "instagram")
    person(org["dinkes_p2p"], "Tanpa Akun")
    campaign = make_campaign(dinkes_admin, org["dinkes"], actions=["share", "like"])
    campaign = actions.activate_campaign(dinkes_admin, campaign)
    set_figures(campaign, asn.employee, done=2)
    set_figures(campaign, partial, done=1)

    # when
    response = client_for(dinkes_admin).get(detail_url(campaign))

    # then
    body = response.content.decode()
    for figure, value in [
        ("assigned", 4), ("done", 1), ("partial", 1), ("not_yet", 1), ("no_account", 1),
    ]:  # fmt: skip
        assert f'data-figure="{figure}">{value}<' in body
    # 3 of 6 asked actions done; the employee without account was asked nothing
    assert 'data-figure="completion">50.0 %<' in body
    assert reverse("amplification:campaign_recap", args=[campaign.pk]) in body
    assert reverse("amplification:campaign_assignments", args=[campaign.pk]) in body
    assert "Change history" in body


def test_only_admins_who_manage_the_campaign_get_its_buttons(
    client_for, org, instansi_admin, disdik_admin
):
    # given an agency campaign reaching Disdik, whose admin sees it but does not run it
    person(org["disdik_sd"], "Guru", "instagram")
    campaign = make_campaign(instansi_admin, org["instansi"], target_units=[org["instansi"]])
    campaign = actions.activate_campaign(instansi_admin, campaign)

    # when
    for_disdik = client_for(disdik_admin).get(detail_url(campaign))
    close_by_disdik = client_for(disdik_admin).post(
        reverse("amplification:campaign_close", args=[campaign.pk])
    )
    for_agency = client_for(instansi_admin).get(detail_url(campaign))

    # then
    assert for_disdik.status_code == 200
    assert 'data-testid="close-campaign"' not in for_disdik.content.decode()
    assert close_by_disdik.status_code == 403
    assert 'data-testid="close-campaign"' in for_agency.content.decode()
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.ACTIVE


def test_the_buttons_activate_close_and_cancel_campaigns(client_for, org, dinkes_admin, asn):
    # given
    client = client_for(dinkes_admin)
    campaign = make_campaign(dinkes_admin, org["dinkes"])
    other = make_campaign(dinkes_admin, org["dinkes"], title="Batal")

    # when
    activated = client.post(reverse("amplification:campaign_activate", args=[campaign.pk]))
    assigned = campaign.assignments.count()
    closed = client.post(reverse("amplification:campaign_close", args=[campaign.pk]))
    cancelled = client.post(reverse("amplification:campaign_cancel", args=[other.pk]))

    # then
    assert activated["Location"] == closed["Location"] == detail_url(campaign)
    assert assigned == 1
    assert cancelled["Location"] == detail_url(other)
    statuses = dict(Campaign.objects.values_list("title", "status"))
    assert statuses == {campaign.title: CampaignStatus.CLOSED, "Batal": CampaignStatus.CANCELLED}


def test_activating_after_the_deadline_shows_why_and_changes_nothing(
    client_for, org, dinkes_admin, asn
):
    # given
    now = timezone.now()
    campaign = make_campaign(
        dinkes_admin, org["dinkes"],
        starts_at=now - datetime.timedelta(days=3), deadline=now - datetime.timedelta(days=1),
    )  # fmt: skip

    # when
    response = client_for(dinkes_admin).post(
        reverse("amplification:campaign_activate", args=[campaign.pk]), follow=True
    )

    # then
    assert "The deadline has already passed." in response.content.decode()
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.DRAFT
    assert not campaign.assignments.exists()


def test_the_buttons_accept_only_post(client_for, org, dinkes_admin):
    # given
    campaign = make_campaign(dinkes_admin, org["dinkes"])

    # when
    response = client_for(dinkes_admin).get(
        reverse("amplification:campaign_cancel", args=[campaign.pk])
    )

    # then
    assert response.status_code == 405
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.DRAFT


# ---------------------------------------------------------------------------------------------
# Assigned employees
# ---------------------------------------------------------------------------------------------


@pytest.fixture
def assigned(org, dinkes_admin, asn):
    """An Instagram + TikTok campaign over Dinkes: Siti has Instagram only, Tanpa Akun none,
    and an employee of a second Dinkes bidang has both and did everything."""
    bidang = UnitFactory(name="Bidang Yankes", kind="bidang", parent=org["dinkes"])
    SocialAccountFactory(owner_employee=asn.employee, platform="instagram")
    nobody = person(org["dinkes_p2p"], "Tanpa Akun")
    busy = person(bidang, "Rajin Sekali", "instagram", "tiktok")
    campaign = make_campaign(
        dinkes_admin, org["dinkes"], platforms=["instagram", "tiktok"], target_units=[org["dinkes"]]
    )
    campaign = actions.activate_campaign(dinkes_admin, campaign)
    set_figures(campaign, busy, done=2)
    return {
        "campaign": campaign,
        "url": reverse("amplification:campaign_assignments", args=[campaign.pk]),
        "siti": asn.employee,
        "nobody": nobody,
        "busy": busy,
        "bidang": bidang,
    }


def test_employees_without_an_account_are_listed_with_the_platforms_they_lack(
    client_for, dinkes_admin, assigned
):
    # when
    response = client_for(dinkes_admin).get(assigned["url"])

    # then
    body = response.content.decode()
    names = {row.employee.name for row in response.context["rows"]}
    assert names == {"Siti Rahayu", "Tanpa Akun", "Rajin Sekali"}
    siti, nobody = assigned["siti"].pk, assigned["nobody"].pk
    assert (
        f'data-testid="missing-{siti}">No account: <span class="badge bg-secondary-lt">TikTok<'
        in body
    )
    missing_of_nobody = body.split(f'data-testid="missing-{nobody}">')[1].split("</div>")[0]
    assert "Instagram" in missing_of_nobody and "TikTok" in missing_of_nobody
    assert 'data-recap-status="no_account"' in body


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"status": "no_account"}, {"Tanpa Akun"}),
        ({"status": "done"}, {"Rajin Sekali"}),
        ({"status": "not_yet"}, {"Siti Rahayu"}),
        ({"unit": "p2p"}, {"Siti Rahayu", "Tanpa Akun"}),
        ({"unit": "dinkes"}, {"Siti Rahayu", "Tanpa Akun", "Rajin Sekali"}),
        ({"q": "rajin"}, {"Rajin Sekali"}),
        ({"q": "nip"}, {"Siti Rahayu"}),
    ],
)
def test_the_assignment_list_filters(client_for, org, dinkes_admin, assigned, query, expected):
    # given
    if "unit" in query:
        query = {"unit": org["dinkes_p2p" if query["unit"] == "p2p" else "dinkes"].pk}
    if query.get("q") == "nip":
        nip = assigned["siti"].nip_grouped  # typed with spaces, as printed on an SK
        query = {"q": nip}

    # when
    response = client_for(dinkes_admin).get(assigned["url"], query)

    # then
    assert {row.employee.name for row in response.context["rows"]} == expected


def test_the_assignment_list_sorts_by_status_from_done_to_no_account(
    client_for, dinkes_admin, assigned
):
    # when
    response = client_for(dinkes_admin).get(assigned["url"], {"sort": "status"})

    # then
    statuses = [row.status for row in response.context["rows"]]
    assert statuses == [RecapStatus.DONE, RecapStatus.NOT_YET, RecapStatus.NO_ACCOUNT]


def test_the_assignment_list_shows_only_the_admins_units(
    client_for, org, instansi_admin, dinkes_admin
):
    # given
    person(org["dinkes_p2p"], "Pegawai Dinkes", "instagram")
    person(org["disdik_sd"], "Pegawai Disdik", "instagram")
    campaign = make_campaign(instansi_admin, org["instansi"], target_units=[org["instansi"]])
    campaign = actions.activate_campaign(instansi_admin, campaign)
    url = reverse("amplification:campaign_assignments", args=[campaign.pk])

    # when
    response = client_for(dinkes_admin).get(url)

    # then
    assert {row.employee.name for row in response.context["rows"]} == {"Pegawai Dinkes"}


def test_the_assignment_list_exports_every_row_with_its_missing_platforms(
    client_for, dinkes_admin, assigned
):
    # when
    client = client_for(dinkes_admin)
    as_csv = client.get(assigned["url"], {"export": "csv", "sort": "name"})
    as_xlsx = client.get(assigned["url"], {"export": "xlsx", "status": "no_account"})

    # then
    rows = csv_rows(as_csv)
    header = rows[0]
    assert header[:4] == ["Name", "NIP", "Unit", "Status"]
    by_name = {row[0]: dict(zip(header, row, strict=True)) for row in rows[1:]}
    assert set(by_name) == {"Rajin Sekali", "Siti Rahayu", "Tanpa Akun"}
    assert by_name["Siti Rahayu"]["No account on"] == "TikTok"
    assert by_name["Siti Rahayu"]["NIP"] == assigned["siti"].nip_grouped
    assert by_name["Tanpa Akun"]["No account on"] == "Instagram, TikTok"
    assert by_name["Rajin Sekali"]["Status"] == "Done"
    assert by_name["Rajin Sekali"]["Unit"] == "Bidang Yankes"
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(as_xlsx.content)).get_sheet_by_index(0)
    assert [row[0] for row in sheet.to_python()[1:]] == ["Tanpa Akun"]


def test_another_units_admin_cannot_open_the_assignment_list(client_for, disdik_admin, assigned):
    # when
    response = client_for(disdik_admin).get(assigned["url"])

    # then
    assert response.status_code == 404
