"""The content item pages: list and filters, exports, the form, the item page with its workflow
steps, the review checklist and the history."""

import csv
import datetime
import io
import zoneinfo

import pytest
from django.urls import reverse
from django.utils import timezone
from python_calamine import CalamineWorkbook

from gaung.content import actions
from gaung.content.choices import ContentState as S
from gaung.content.models import ChecklistItem, ContentItem, Purpose, TeamMembership
from tests.factories import SocialAccountFactory, UserFactory

LIST_URL = reverse("content:item_list")
OVERDUE_URL = reverse("content:overdue_list")
CREATE_URL = reverse("content:item_create")


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def team(org, asn, dinkes_admin):
    """Dinkes' content team: the ASN contributes, the Dinkes admin supervises and publishes,
    and a designer."""
    designer = UserFactory(username="desainer", first_name="Dewi", last_name="Desain")
    TeamMembership.objects.create(user=asn, unit=org["dinkes"], role="contributor")
    TeamMembership.objects.create(user=dinkes_admin, unit=org["dinkes"], role="supervisor")
    TeamMembership.objects.create(user=dinkes_admin, unit=org["dinkes"], role="publisher")
    TeamMembership.objects.create(user=designer, unit=org["dinkes"], role="designer")
    return {"contributor": asn, "supervisor": dinkes_admin, "designer": designer}


@pytest.fixture
def account(org):
    return SocialAccountFactory(
        owner_unit=org["dinkes"], owner_employee=None, platform="instagram", handle="dinkes.kota"
    )


def make_item(author, unit, accounts, **fields) -> ContentItem:
    values = {
        "title": "Jadwal imunisasi November",
        "pillar": "core",
        "purpose": Purpose.objects.get(code="informasi"),
    }
    values.update(fields)
    return actions.create_item(author, unit=unit, target_accounts=accounts, **values)


def put_in(item: ContentItem, state: str, **fields) -> ContentItem:
    ContentItem.objects.filter(pk=item.pk).update(state=state, **fields)
    item.refresh_from_db()
    return item


def detail_url(item) -> str:
    return reverse("content:item_detail", args=[item.pk])


def step_url(item, action: str) -> str:
    return reverse("content:item_transition", args=[item.pk, action])


def form_data(org, account, **overrides) -> dict:
    data = {
        "title": "Ayo imunisasi lengkap",
        "key_message": "Imunisasi gratis di puskesmas",
        "brief": "Poster untuk orang tua balita.",
        "pillar": "core",
        "purpose": Purpose.objects.get(code="edukasi").pk,
        "unit": org["dinkes"].pk,
        "target_accounts": [account.pk],
        "planned_at": "2030-03-04T09:30",
        "caption_instagram": "Lengkapi imunisasi si kecil! #AyoImunisasi #SehatBersama",
    }
    data.update(overrides)
    return data


def tick_everything(client, item):
    checks = [str(pk) for pk in ChecklistItem.objects.values_list("pk", flat=True)]
    return client.post(reverse("content:item_checklist", args=[item.pk]), {"checks": checks})


def csv_rows(response):
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


# ---------------------------------------------------------------------------------------------
# List, filters, exports
# ---------------------------------------------------------------------------------------------


def test_the_list_shows_only_the_items_of_the_users_units(client_for, team, org, account):
    # given an item of Dinkes and one of Disdik (by a Disdik contributor)
    make_item(team["contributor"], org["dinkes"], [account], title="Imunisasi Dinkes")
    other = UserFactory(username="penulis.disdik")
    TeamMembership.objects.create(user=other, unit=org["disdik"], role="contributor")
    make_item(other, org["disdik"], [], title="PPDB Disdik")

    # when
    body = client_for(team["contributor"]).get(LIST_URL).content.decode()

    # then
    assert "Imunisasi Dinkes" in body
    assert "PPDB Disdik" not in body


def test_an_admin_without_content_role_reads_the_list_of_their_units(
    client_for, team, org, account, instansi_admin
):
    # given
    make_item(team["contributor"], org["dinkes"], [account], title="Imunisasi Dinkes")

    # when
    response = client_for(instansi_admin).get(LIST_URL)

    # then: listed, but no way to create content without a content role
    body = response.content.decode()
    assert "Imunisasi Dinkes" in body
    assert 'data-testid="new-item"' not in body


def test_a_user_with_neither_content_role_nor_admin_role_is_refused(client_for, org):
    # given
    outsider = UserFactory(username="tamu")

    # when
    response = client_for(outsider).get(LIST_URL)

    # then
    assert response.status_code == 403


def test_the_overdue_filter_shows_late_items_with_the_working_days_they_are_late(
    client_for, team, org, account
):
    # given an item due ten days ago and one due tomorrow
    now = timezone.now()
    late = make_item(team["contributor"], org["dinkes"], [account], title="Terlambat")
    put_in(late, S.SUBMITTED, due_at=now - datetime.timedelta(days=10))
    on_time = make_item(team["contributor"], org["dinkes"], [account], title="Tepat waktu")
    put_in(on_time, S.SUBMITTED, due_at=now + datetime.timedelta(days=1))

    # when
    response = client_for(team["supervisor"]).get(LIST_URL, {"overdue": "on"})

    # then
    body = response.content.decode()
    assert "Terlambat" in body
    assert "Tepat waktu" not in body
    assert "working days late" in body
    assert f'data-testid="item-row-{late.pk}" class="table-danger"' in body


def test_the_overdue_page_lists_the_late_steps_of_the_users_units(client_for, team, org, account):
    # given
    now = timezone.now()
    late = make_item(team["contributor"], org["dinkes"], [account], title="Terlambat")
    put_in(late, S.IN_REVIEW, due_at=now - datetime.timedelta(days=3))
    make_item(team["contributor"], org["dinkes"], [account], title="Masih draf")

    # when
    body = client_for(team["supervisor"]).get(OVERDUE_URL).content.decode()

    # then
    assert "Terlambat" in body
    assert "Masih draf" not in body


def test_waiting_on_me_lists_the_items_where_the_users_role_takes_the_next_step(
    client_for, team, org, account
):
    # given one item in review (the supervisor's turn) and one in design (the designer's)
    review = make_item(team["contributor"], org["dinkes"], [account], title="Menunggu review")
    put_in(review, S.IN_REVIEW)
    design = make_item(team["contributor"], org["dinkes"], [account], title="Sedang didesain")
    put_in(design, S.IN_DESIGN)
    only_designer = UserFactory(username="desainer.saja")
    TeamMembership.objects.create(user=only_designer, unit=org["dinkes"], role="designer")

    # when
    body = client_for(only_designer).get(LIST_URL, {"waiting": "on"}).content.decode()

    # then
    assert "Sedang didesain" in body
    assert "Menunggu review" not in body


def test_the_list_exports_to_xlsx_and_csv_with_the_filters_applied(client_for, team, org, account):
    # given
    late = make_item(team["contributor"], org["dinkes"], [account], title="Terlambat")
    put_in(late, S.SUBMITTED, due_at=timezone.now() - datetime.timedelta(days=10))
    make_item(team["contributor"], org["dinkes"], [account], title="=Draf lain")
    client = client_for(team["supervisor"])

    # when
    as_csv = client.get(LIST_URL, {"export": "csv", "state": "submitted"})
    as_xlsx = client.get(LIST_URL, {"export": "xlsx"})

    # then
    rows = csv_rows(as_csv)
    assert rows[0][:3] == ["Title", "Unit", "State"]
    assert [row[0] for row in rows[1:]] == ["Terlambat"]
    assert int(rows[1][8]) >= 5  # working days late
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(as_xlsx.content))
    values = sheet.get_sheet_by_index(0).to_python()
    titles = {row[0] for row in values[1:]}
    # A title starting like a formula is kept inert.
    assert titles == {"Terlambat", "'=Draf lain"}


# ---------------------------------------------------------------------------------------------
# The form
# ---------------------------------------------------------------------------------------------


def test_a_contributor_creates_a_draft_with_captions_and_a_time_in_the_units_zone(
    client_for, team, org, account
):
    # given a Dinkes in central Indonesia (WITA, UTC+8)
    org["dinkes"].time_zone = "Asia/Makassar"
    org["dinkes"].save()

    # when
    response = client_for(team["contributor"]).post(CREATE_URL, form_data(org, account))

    # then
    item = ContentItem.objects.get()
    assert response.status_code == 302
    assert response["Location"] == detail_url(item)
    assert item.state == S.DRAFT
    assert item.created_by == team["contributor"]
    assert list(item.target_accounts.all()) == [account]
    wita = zoneinfo.ZoneInfo("Asia/Makassar")
    assert item.planned_at == datetime.datetime(2030, 3, 4, 9, 30, tzinfo=wita)
    assert dict(item.captions.values_list("platform", "text")) == {
        "instagram": "Lengkapi imunisasi si kecil! #AyoImunisasi #SehatBersama"
    }


def test_the_form_offers_only_the_units_and_official_accounts_of_the_users_roles(
    client_for, team, org, account
):
    # given an official account of Disdik
    SocialAccountFactory(
        owner_unit=org["disdik"], owner_employee=None, platform="tiktok", handle="disdik.kota"
    )

    # when
    body = client_for(team["contributor"]).get(CREATE_URL).content.decode()

    # then
    assert "dinkes.kota" in body
    assert "disdik.kota" not in body
    assert org["dinkes_p2p"].name in body
    assert org["disdik"].name not in body


def test_an_admin_without_a_content_role_cannot_open_the_form(client_for, instansi_admin, org):
    # when
    response = client_for(instansi_admin).get(CREATE_URL)

    # then
    assert response.status_code == 403


def test_the_form_counts_caption_characters_and_hashtags_and_warns_when_over(
    client_for, team, org, account
):
    # given a caption with 31 hashtags (Instagram allows 30) and an emoji (one character)
    caption = "💉 " + " ".join(f"#tag{n}" for n in range(31))
    item = make_item(team["contributor"], org["dinkes"], [account], captions={"instagram": caption})

    # when
    body = (
        client_for(team["contributor"])
        .get(reverse("content:item_edit", args=[item.pk]))
        .content.decode()
    )

    # then: the same numbers as platform_rules.caption_counts, with the warning shown
    assert f"<span data-count>{len(caption)}</span> / 2,200 characters" in body
    assert "<span data-count>31</span> / 30 hashtags" in body
    assert "Too many hashtags for Instagram: at most 30." in body
    assert 'data-warning="hashtags">' in body  # not hidden
    assert 'data-warning="characters" hidden' in body


def test_an_edit_saves_a_new_version_and_action_errors_land_on_their_fields(
    client_for, team, org, account
):
    # given
    item = make_item(team["contributor"], org["dinkes"], [account])
    edit_url = reverse("content:item_edit", args=[item.pk])
    client = client_for(team["contributor"])

    # when the content states figures without naming sources
    refused = client.post(edit_url, form_data(org, account, states_figures="on"))

    # then
    assert refused.status_code == 200
    assert refused.context["form"].errors["data_sources"] == [
        "This content states figures: name their data sources."
    ]
    item.refresh_from_db()
    assert item.version == 1

    # when the sources are named
    saved = client.post(
        edit_url, form_data(org, account, states_figures="on", data_sources="BPS 2025")
    )

    # then
    assert saved.status_code == 302
    item.refresh_from_db()
    assert (item.version, item.data_sources) == (2, "BPS 2025")


def test_a_designer_may_not_edit_a_draft(client_for, team, org, account):
    # given
    item = make_item(team["contributor"], org["dinkes"], [account])

    # when
    response = client_for(team["designer"]).get(reverse("content:item_edit", args=[item.pk]))

    # then
    assert response.status_code == 403


# ---------------------------------------------------------------------------------------------
# The item page and its workflow
# ---------------------------------------------------------------------------------------------


def test_the_item_page_shows_only_the_steps_the_users_roles_allow(
    client_for, team, org, account, instansi_admin
):
    # given a draft by the ASN
    item = make_item(team["contributor"], org["dinkes"], [account])

    # when
    author = client_for(team["contributor"]).get(detail_url(item))
    designer = client_for(team["designer"]).get(detail_url(item))
    admin = client_for(instansi_admin).get(detail_url(item))

    # then
    assert [t.action for t in author.context["transitions"]] == ["submit", "cancel"]
    assert author.context["may_edit"] is True
    assert designer.context["transitions"] == []
    # an admin without a content role reads, and nothing more
    assert admin.status_code == 200
    assert admin.context["transitions"] == []
    assert 'data-testid="edit-item"' not in admin.content.decode()


def test_an_admin_of_another_unit_does_not_find_the_item(client_for, team, org, account,
                                                         disdik_admin):  # fmt: skip
    # given
    item = make_item(team["contributor"], org["dinkes"], [account])

    # when
    response = client_for(disdik_admin).get(detail_url(item))

    # then
    assert response.status_code == 404


def test_a_step_through_the_page_records_its_comment_in_the_history(client_for, team, org, account):
    # given an item in review
    item = put_in(make_item(team["contributor"], org["dinkes"], [account]), S.IN_REVIEW)
    client = client_for(team["supervisor"])

    # when
    response = client.post(
        step_url(item, "request_revision"), {"comment": "Sumber data belum dicantumkan."}
    )

    # then
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.state == S.REVISION_REQUESTED
    history = client.get(detail_url(item)).content.decode()
    assert "Sumber data belum dicantumkan." in history
    assert 'data-testid="event-request_revision"' in history


def test_a_step_that_needs_a_comment_is_refused_without_one(client_for, team, org, account):
    # given
    item = put_in(make_item(team["contributor"], org["dinkes"], [account]), S.IN_REVIEW)
    client = client_for(team["supervisor"])

    # when
    response = client.post(step_url(item, "reject"), {"comment": "  "}, follow=True)

    # then
    item.refresh_from_db()
    assert item.state == S.IN_REVIEW
    assert "Write a comment: the team sees why." in response.content.decode()


def test_a_step_the_user_may_not_take_changes_nothing(client_for, team, org, account):
    # given a submitted item
    item = put_in(make_item(team["contributor"], org["dinkes"], [account]), S.SUBMITTED)

    # when the contributor tries to approve it
    response = client_for(team["contributor"]).post(step_url(item, "approve"), follow=True)

    # then
    item.refresh_from_db()
    assert item.state == S.SUBMITTED
    assert "is not possible for you" in response.content.decode()


def test_the_supervisor_starts_design_assigning_a_designer(client_for, team, org, account):
    # given
    item = put_in(make_item(team["contributor"], org["dinkes"], [account]), S.SUBMITTED)
    client = client_for(team["supervisor"])
    page = client.get(detail_url(item))
    assert team["designer"] in list(page.context["designers"])

    # when
    client.post(step_url(item, "start_design"), {"designer": team["designer"].pk})

    # then
    item.refresh_from_db()
    assert (item.state, item.designer) == (S.IN_DESIGN, team["designer"])


def test_approval_needs_the_checklist_ticked_on_the_page(client_for, team, org, account):
    # given an item in review
    item = put_in(make_item(team["contributor"], org["dinkes"], [account]), S.IN_REVIEW)
    client = client_for(team["supervisor"])

    # when approving before the checklist
    refused = client.post(step_url(item, "approve"), follow=True)

    # then
    assert "Complete the review checklist for this version first." in refused.content.decode()
    item.refresh_from_db()
    assert item.state == S.IN_REVIEW

    # when the checklist is ticked, then approved
    tick_everything(client, item)
    page = client.get(detail_url(item))
    assert page.context["checklist"]["complete"] is True
    client.post(step_url(item, "approve"))

    # then
    item.refresh_from_db()
    assert (item.state, item.approved_version) == (S.APPROVED, item.version)


def test_a_contributor_cannot_fill_in_the_checklist(client_for, team, org, account):
    # given
    item = put_in(make_item(team["contributor"], org["dinkes"], [account]), S.IN_REVIEW)
    client = client_for(team["contributor"])
    assert client.get(detail_url(item)).context["may_review"] is False

    # when
    response = tick_everything(client, item)

    # then
    assert response.status_code == 302
    assert not item.checks.exists()


def test_an_edit_after_approval_through_the_page_sends_the_item_back_to_review(
    client_for, team, org, account
):
    # given an approved item
    item = put_in(make_item(team["contributor"], org["dinkes"], [account]), S.IN_REVIEW)
    supervisor = client_for(team["supervisor"])
    tick_everything(supervisor, item)
    supervisor.post(step_url(item, "approve"))
    item.refresh_from_db()
    approved = item.version
    contributor = client_for(team["contributor"])
    edit_url = reverse("content:item_edit", args=[item.pk])
    assert 'data-testid="back-to-review"' in contributor.get(edit_url).content.decode()

    # when the contributor changes the caption
    contributor.post(edit_url, form_data(org, account, caption_instagram="Caption baru"))

    # then
    item.refresh_from_db()
    assert item.state == S.IN_REVIEW
    assert item.approved_version is None
    assert item.version == approved + 1


def test_scheduling_reads_the_time_in_the_units_zone_and_publishing_keeps_the_permalink(
    client_for, team, org, account
):
    # given an approved item of a unit in eastern Indonesia (WIT, UTC+9)
    org["dinkes"].time_zone = "Asia/Jayapura"
    org["dinkes"].save()
    item = put_in(make_item(team["contributor"], org["dinkes"], [account]), S.APPROVED)
    client = client_for(team["supervisor"])

    # when
    client.post(step_url(item, "schedule"), {"planned_at": "2030-05-06T10:15"})
    item.refresh_from_db()
    scheduled_at = item.planned_at
    client.post(
        step_url(item, "mark_published"),
        {"permalink": "https://www.instagram.com/dinkes.kota/p/Imun1sasi/"},
    )

    # then
    wit = zoneinfo.ZoneInfo("Asia/Jayapura")
    assert scheduled_at == datetime.datetime(2030, 5, 6, 10, 15, tzinfo=wit)
    item.refresh_from_db()
    assert item.state == S.PUBLISHED
    page = client.get(detail_url(item)).content.decode()
    assert 'data-testid="permalink"' in page
    assert "instagram.com/p/Imun1sasi/" in item.permalink


def test_an_unknown_step_is_not_found(client_for, team, org, account):
    # given
    item = make_item(team["contributor"], org["dinkes"], [account])

    # when
    response = client_for(team["supervisor"]).post(step_url(item, "explode"))

    # then
    assert response.status_code == 404


def test_the_navigation_shows_content_to_team_members_only(client_for, team, org, asn):
    # given an ASN of another unit without any content role
    from tests.factories import EmployeeFactory

    plain = UserFactory(username="asn.biasa")
    EmployeeFactory(unit=org["disdik_sd"], user=plain)

    # when
    member = client_for(team["contributor"]).get(reverse("socials:my_accounts"))
    other = client_for(plain).get(reverse("socials:my_accounts"))

    # then
    assert LIST_URL in [url for _label, url, _icon in member.context["nav_items"]]
    assert LIST_URL not in [url for _label, url, _icon in other.context["nav_items"]]


def test_a_team_member_who_is_neither_admin_nor_employee_lands_on_the_content_list(client_for, org):
    # given a designer from outside the personnel registry (a contracted graphic designer)
    designer = UserFactory(username="desainer.kontrak")
    TeamMembership.objects.create(user=designer, unit=org["dinkes"], role="designer")

    # when
    response = client_for(designer).get(reverse("core:home"))

    # then
    assert response.status_code == 302
    assert response["Location"] == LIST_URL


def test_saving_the_form_without_touching_the_time_does_not_move_the_item(
    client_for, team, org, account
):
    # given an item planned at a time with seconds (as a calendar drag may leave it)
    planned = timezone.now().replace(microsecond=0) + datetime.timedelta(days=3, seconds=17)
    item = make_item(team["contributor"], org["dinkes"], [account], planned_at=planned)
    edit_url = reverse("content:item_edit", args=[item.pk])
    client = client_for(team["supervisor"])
    shown = client.get(edit_url).context["form"]["planned_at"].value()

    # when the supervisor changes the title only
    client.post(
        edit_url,
        form_data(org, account, title="Judul baru", planned_at=shown.strftime("%Y-%m-%dT%H:%M")),
    )

    # then
    item.refresh_from_db()
    assert item.title == "Judul baru"
    assert item.planned_at == planned
    assert not item.events.filter(action="reschedule").exists()


def test_a_new_time_on_the_form_moves_the_item_and_is_recorded(client_for, team, org, account):
    # given
    item = make_item(team["contributor"], org["dinkes"], [account])

    # when the supervisor plans it through the form
    client_for(team["supervisor"]).post(
        reverse("content:item_edit", args=[item.pk]),
        form_data(org, account, planned_at="2030-07-01T08:00"),
    )

    # then
    item.refresh_from_db()
    wib = zoneinfo.ZoneInfo("Asia/Jakarta")
    assert item.planned_at == datetime.datetime(2030, 7, 1, 8, 0, tzinfo=wib)
    assert item.events.filter(action="reschedule").exists()
