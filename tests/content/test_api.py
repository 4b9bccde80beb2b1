"""The content API: items (scoping, filters, captions with counts, edits, workflow steps with
their refusals, checklist, history, versions, reschedule, assets), ideas, configuration and
the calendar. Who may use which endpoint at all is in tests/content/matrix_api.py."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from gaung.content import actions
from gaung.content.choices import ContentState as S
from gaung.content.models import (
    Asset,
    ChecklistItem,
    ContentItem,
    Idea,
    Purpose,
    TeamMembership,
)
from tests.factories import SocialAccountFactory, UserFactory


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def team(org):
    """Dinkes' content team, each member with one role on Dinkes."""
    members = {}
    for role in ("contributor", "designer", "supervisor", "publisher", "reviewer"):
        user = UserFactory(username=f"tim.{role}")
        TeamMembership.objects.create(user=user, unit=org["dinkes"], role=role)
        members[role] = user
    return members


@pytest.fixture
def account(org):
    return SocialAccountFactory(
        owner_unit=org["dinkes"], owner_employee=None, platform="instagram", handle="dinkes.kota"
    )


@pytest.fixture
def informasi(db):
    return Purpose.objects.get(code="informasi")


@pytest.fixture
def item(org, team, account, informasi):
    """A draft by the contributor, planned in five days."""
    return actions.create_item(
        team["contributor"], unit=org["dinkes"], target_accounts=[account],
        title="Jadwal imunisasi November", pillar="core", purpose=informasi,
        planned_at=timezone.now() + datetime.timedelta(days=5),
        captions={"instagram": "Ayo imunisasi #SehatBersama #Dinkes"},
    )  # fmt: skip


def _in_state(item: ContentItem, state: str) -> ContentItem:
    ContentItem.objects.filter(pk=item.pk).update(state=state)
    item.refresh_from_db()
    return item


def _url(name: str, *args) -> str:
    return reverse(name, args=args)


def _step(client, item, action: str, **body):
    return client.post(
        _url("content-item-transition", item.pk), {"action": action, **body}, format="json"
    )


# ---------------------------------------------------------------------------------------------
# Items: scoping, creation, filters
# ---------------------------------------------------------------------------------------------


def test_a_contributor_creates_a_draft_and_gets_caption_counts_per_platform(
    org, team, account, informasi, api_for
):
    # given
    client = api_for(team["contributor"])
    body = {
        "unit": org["dinkes"].pk,
        "title": "Cegah DBD",
        "pillar": "supporting",
        "purpose": informasi.pk,
        "target_accounts": [account.pk],
        "captions": {"instagram": "3M Plus #CegahDBD", "x": "x" * 281},
    }

    # when
    response = client.post(_url("content-item-list"), body, format="json")

    # then
    assert response.status_code == 201, response.content
    data = response.json()
    assert (data["state"], data["version"], data["unit_name"]) == ("draft", 1, "Dinas Kesehatan")
    assert data["captions"] == body["captions"]
    assert data["caption_counts"]["instagram"]["characters"] == 17
    assert data["caption_counts"]["instagram"]["hashtags"] == 1
    assert data["caption_counts"]["x"]["too_long"] is True
    assert data["accounts"] == [
        {"id": account.pk, "platform": "instagram", "handle": "dinkes.kota"}
    ]
    assert "author" in data["my_roles"] and "submit" in data["available_actions"]
    assert ContentItem.objects.get(pk=data["id"]).created_by == team["contributor"]


def test_an_unknown_caption_platform_is_refused_on_the_field(org, team, informasi, api_for):
    # when
    response = api_for(team["contributor"]).post(
        _url("content-item-list"),
        {"unit": org["dinkes"].pk, "title": "Cegah DBD", "pillar": "core",
         "purpose": informasi.pk, "captions": {"myspace": "Halo"}},
        format="json",
    )  # fmt: skip

    # then
    assert response.status_code == 400
    assert "myspace" in str(response.json()["captions"])


def test_an_admin_without_a_content_role_reads_items_but_may_not_create_one(
    org, item, dinkes_admin, informasi, api_for
):
    # given
    client = api_for(dinkes_admin)

    # when
    listed = client.get(_url("content-item-list"))
    created = client.post(
        _url("content-item-list"),
        {"unit": org["dinkes"].pk, "title": "Konten admin", "pillar": "core",
         "purpose": informasi.pk},
        format="json",
    )  # fmt: skip

    # then
    assert [row["id"] for row in listed.json()["results"]] == [item.pk]
    assert listed.json()["results"][0]["available_actions"] == []
    assert created.status_code == 403
    assert "content role" in created.json()["detail"]


def test_items_of_other_units_are_neither_listed_nor_readable(item, disdik_admin, api_for):
    # given
    client = api_for(disdik_admin)

    # when
    listed = client.get(_url("content-item-list"))
    read = client.get(_url("content-item-detail", item.pk))
    moved = client.post(
        _url("content-item-reschedule", item.pk),
        {"planned_at": (timezone.now() + datetime.timedelta(days=9)).isoformat()},
        format="json",
    )

    # then
    assert listed.json()["results"] == []
    assert (read.status_code, moved.status_code) == (404, 404)


def test_a_unit_outside_the_callers_units_is_refused_as_unknown(org, team, informasi, api_for):
    # when
    response = api_for(team["contributor"]).post(
        _url("content-item-list"),
        {"unit": org["disdik"].pk, "title": "Konten Disdik", "pillar": "core",
         "purpose": informasi.pk},
        format="json",
    )  # fmt: skip

    # then
    assert response.status_code == 400
    assert "unit" in response.json()


def test_the_list_filters_by_state_pillar_overdue_planned_range_and_search(
    org, team, account, informasi, item, api_for
):
    # given a second item, submitted long ago and now overdue, planned in twenty days
    late = actions.create_item(
        team["contributor"], unit=org["dinkes"], target_accounts=[account],
        title="Hari Kesehatan Nasional", pillar="complementary", purpose=informasi,
        planned_at=timezone.now() + datetime.timedelta(days=20),
    )  # fmt: skip
    ContentItem.objects.filter(pk=late.pk).update(
        state=S.SUBMITTED, due_at=timezone.now() - datetime.timedelta(days=2)
    )
    client = api_for(team["supervisor"])
    url = _url("content-item-list")
    ten_days = (timezone.now() + datetime.timedelta(days=10)).isoformat()

    def ids(**params) -> list[int]:
        return [row["id"] for row in client.get(url, params).json()["results"]]

    # then
    assert ids() == [item.pk, late.pk]
    assert ids(state="submitted") == [late.pk]
    assert ids(state=["draft", "submitted"]) == [item.pk, late.pk]
    assert ids(pillar="core") == [item.pk]
    assert ids(overdue="true") == [late.pk]
    assert ids(waiting="true") == [late.pk]
    assert ids(planned_before=ten_days) == [item.pk]
    assert ids(planned_after=ten_days) == [late.pk]
    assert ids(q="kesehatan") == [late.pk]
    assert ids(account=account.pk, unit=org["dinkes"].pk) == [item.pk, late.pk]
    assert client.get(url, {"state": "submitted"}).json()["results"][0]["is_overdue"] is True


# ---------------------------------------------------------------------------------------------
# Workflow steps
# ---------------------------------------------------------------------------------------------


def test_a_submit_by_the_author_moves_the_item_and_is_in_its_history(item, team, api_for):
    # given
    client = api_for(team["contributor"])

    # when
    response = _step(client, item, "submit")
    history = client.get(_url("content-item-events", item.pk))

    # then
    assert response.status_code == 200, response.content
    assert response.json()["state"] == "submitted"
    assert response.json()["due_at"] is not None
    steps = [(e["action"], e["from_state"], e["to_state"]) for e in history.json()]
    assert steps == [("create", "", "draft"), ("submit", "draft", "submitted")]
    assert history.json()[1]["actor_name"] == "tim.contributor"


def test_a_step_the_callers_roles_do_not_allow_answers_403_with_the_reason(item, team, api_for):
    # given an item in review
    _in_state(item, S.IN_REVIEW)

    # when the designer tries to approve it
    response = _step(api_for(team["designer"]), item, "approve")

    # then
    assert response.status_code == 403
    assert "Approve" in response.json()["detail"] and "In review" in response.json()["detail"]
    item.refresh_from_db()
    assert item.state == S.IN_REVIEW


def test_a_revision_request_without_a_comment_answers_400_on_the_comment(item, team, api_for):
    # given
    _in_state(item, S.IN_REVIEW)

    # when
    response = _step(api_for(team["reviewer"]), item, "request_revision", comment="  ")

    # then
    assert response.status_code == 400
    assert "comment" in response.json()


def test_an_unknown_action_answers_400(item, team, api_for):
    # when
    response = _step(api_for(team["contributor"]), item, "publish_now")

    # then
    assert response.status_code == 400
    assert "action" in response.json()


def test_available_actions_follow_the_callers_roles_and_the_state(item, team, api_for):
    # given
    _in_state(item, S.SUBMITTED)

    def offered(user) -> list[str]:
        answer = api_for(user).get(_url("content-item-available-actions", item.pk)).json()
        return [step["action"] for step in answer]

    # then
    assert offered(team["supervisor"]) == [
        "start_design", "send_to_review", "request_revision", "reject", "cancel",
    ]  # fmt: skip
    assert offered(team["designer"]) == ["start_design"]
    assert offered(team["publisher"]) == []
    steps = api_for(team["reviewer"]).get(_url("content-item-available-actions", item.pk))
    assert steps.json() == [
        {"action": "request_revision", "label": "Request revision",
         "target": "revision_requested", "comment_required": True},
    ]  # fmt: skip


def test_start_design_assigns_a_designer_of_the_unit_only(item, team, api_for):
    # given
    _in_state(item, S.SUBMITTED)
    client = api_for(team["supervisor"])

    # when
    refused = _step(client, item, "start_design", designer=team["publisher"].pk)
    assigned = _step(client, item, "start_design", designer=team["designer"].pk)

    # then
    assert refused.status_code == 400
    assert "designer" in refused.json()
    assert assigned.status_code == 200
    assert (assigned.json()["designer"], assigned.json()["designer_name"]) == (
        team["designer"].pk, "tim.designer",
    )  # fmt: skip


def test_approval_needs_the_checklist_of_the_current_version(item, team, api_for):
    # given
    _in_state(item, S.IN_REVIEW)
    client = api_for(team["supervisor"])
    points = list(ChecklistItem.objects.filter(is_active=True).values_list("pk", flat=True))

    # when the checklist is ticked but for one point
    partly = client.post(
        _url("content-item-checklist", item.pk),
        {"ticked": {str(pk): pk != points[-1] for pk in points}},
        format="json",
    )
    refused = _step(client, item, "approve")
    complete = client.post(
        _url("content-item-checklist", item.pk),
        {"ticked": {str(pk): True for pk in points}},
        format="json",
    )
    approved = _step(client, item, "approve")

    # then
    assert partly.status_code == 200
    assert partly.json()["complete"] is False
    assert [p["ticked"] for p in partly.json()["points"]][-1] is False
    assert refused.status_code == 400
    assert "checklist" in str(refused.json())
    assert complete.json()["complete"] is True and complete.json()["version"] == 1
    assert complete.json()["reviewer_name"] == "tim.supervisor"
    assert approved.status_code == 200
    assert (approved.json()["state"], approved.json()["approved_version"]) == ("approved", 1)


def test_a_contributor_may_not_fill_in_the_checklist(item, team, api_for):
    # given
    _in_state(item, S.IN_REVIEW)
    client = api_for(team["contributor"])

    # when
    read = client.get(_url("content-item-checklist", item.pk))
    ticked = client.post(
        _url("content-item-checklist", item.pk), {"ticked": {"1": True}}, format="json"
    )

    # then
    assert read.status_code == 200
    assert read.json()["complete"] is False and len(read.json()["points"]) == 5
    assert ticked.status_code == 403
    assert not item.checks.exists()


def test_an_edit_after_approval_through_patch_returns_the_item_to_review(item, team, api_for):
    # given an approved item
    _in_state(item, S.IN_REVIEW)
    supervisor = api_for(team["supervisor"])
    points = ChecklistItem.objects.values_list("pk", flat=True)
    supervisor.post(
        _url("content-item-checklist", item.pk),
        {"ticked": {str(pk): True for pk in points}},
        format="json",
    )
    assert _step(supervisor, item, "approve").status_code == 200

    # when the contributor changes the caption
    response = api_for(team["contributor"]).patch(
        _url("content-item-detail", item.pk),
        {"captions": {"instagram": "Imunisasi gratis di puskesmas!"}},
        format="json",
    )

    # then
    assert response.status_code == 200, response.content
    data = response.json()
    assert (data["state"], data["version"], data["approved_version"]) == ("in_review", 2, None)
    versions = supervisor.get(_url("content-item-versions", item.pk)).json()
    assert [(v["number"], v["is_approved"]) for v in versions] == [(1, False), (2, False)]
    first = supervisor.get(_url("content-item-version", item.pk, 1)).json()
    second = supervisor.get(_url("content-item-version", item.pk, 2)).json()
    assert first["snapshot"]["captions"] == {"instagram": "Ayo imunisasi #SehatBersama #Dinkes"}
    assert second["snapshot"]["captions"] == {"instagram": "Imunisasi gratis di puskesmas!"}
    assert supervisor.get(_url("content-item-version", item.pk, 3)).status_code == 404


def test_a_patch_by_a_role_that_may_not_edit_in_the_state_is_refused(item, team, api_for):
    # given
    _in_state(item, S.IN_DESIGN)

    # when
    response = api_for(team["publisher"]).patch(
        _url("content-item-detail", item.pk), {"title": "Judul baru"}, format="json"
    )

    # then
    assert response.status_code == 403
    item.refresh_from_db()
    assert (item.title, item.version) == ("Jadwal imunisasi November", 1)


def test_the_unit_of_an_item_cannot_change(org, item, team, api_for):
    # when
    response = api_for(team["supervisor"]).patch(
        _url("content-item-detail", item.pk), {"unit": org["dinkes_p2p"].pk}, format="json"
    )

    # then
    assert response.status_code == 400
    assert "unit" in response.json()


def test_a_new_planned_time_through_patch_is_a_recorded_reschedule(item, team, api_for):
    # given
    later = (timezone.now() + datetime.timedelta(days=8)).replace(microsecond=0)

    # when
    response = api_for(team["contributor"]).patch(
        _url("content-item-detail", item.pk), {"planned_at": later.isoformat()}, format="json"
    )

    # then
    assert response.status_code == 200, response.content
    item.refresh_from_db()
    assert item.planned_at == later and item.version == 1
    assert item.events.filter(action="reschedule").count() == 1


def test_a_publisher_who_may_not_edit_moves_the_planned_time_through_patch(item, team, api_for):
    # given
    later = (timezone.now() + datetime.timedelta(days=8)).replace(microsecond=0)
    client = api_for(team["publisher"])
    url = _url("content-item-detail", item.pk)

    # when
    moved = client.patch(url, {"planned_at": later.isoformat()}, format="json")
    edited = client.patch(url, {"title": "Judul baru"}, format="json")
    cleared = client.patch(url, {"planned_at": None}, format="json")

    # then
    assert moved.status_code == 200, moved.content
    assert (edited.status_code, cleared.status_code) == (403, 400)
    item.refresh_from_db()
    assert (item.planned_at, item.title) == (later, "Jadwal imunisasi November")


def test_reschedule_moves_the_item_for_a_publisher_and_refuses_a_designer(item, team, api_for):
    # given
    later = (timezone.now() + datetime.timedelta(days=12)).replace(microsecond=0)
    body = {"planned_at": later.isoformat()}

    # when
    refused = api_for(team["designer"]).post(
        _url("content-item-reschedule", item.pk), body, format="json"
    )
    moved = api_for(team["publisher"]).post(
        _url("content-item-reschedule", item.pk), body, format="json"
    )

    # then
    assert refused.status_code == 403
    assert moved.status_code == 200
    assert moved.json()["planned_at"] == timezone.localtime(later).isoformat()
    [event] = item.events.filter(action="reschedule")
    assert event.actor == team["publisher"]


def test_a_scheduled_item_is_marked_published_with_its_permalink(item, team, api_for):
    # given an approved item
    _in_state(item, S.APPROVED)
    client = api_for(team["publisher"])

    # when
    scheduled = _step(client, item, "schedule")
    wrong = _step(client, item, "mark_published", permalink="https://x.com/dinkes/status/123")
    published = _step(
        client, item, "mark_published",
        permalink="https://www.instagram.com/dinkes.kota/p/Imun1sasi/",
    )  # fmt: skip

    # then
    assert scheduled.json()["state"] == "scheduled"
    assert wrong.status_code == 400 and "permalink" in wrong.json()
    assert published.status_code == 200
    assert published.json()["state"] == "published"
    assert published.json()["permalink"].startswith("https://www.instagram.com/")
    assert published.json()["published_at"] is not None


def test_assets_are_listed_with_their_links_and_platform_checks(item, team, api_for):
    # given a JPEG poster Instagram accepts and a PNG it refuses
    poster = Asset.objects.create(
        item=item, file="content/assets/poster.jpg", original_name="poster.jpg", kind="image",
        mime_type="image/jpeg", size=120_000, width=1080, height=1350, alt_text="Poster",
    )  # fmt: skip
    Asset.objects.create(
        item=item, file="content/assets/grafik.png", original_name="grafik.png", kind="image",
        mime_type="image/png", size=90_000, width=1080, height=1080,
    )  # fmt: skip

    # when
    response = api_for(team["reviewer"]).get(_url("content-item-assets", item.pk))

    # then
    assert response.status_code == 200
    first, second = response.json()
    assert (first["original_name"], first["width"], first["height"]) == ("poster.jpg", 1080, 1350)
    assert first["alt_text"] == "Poster"
    assert first["file_url"] == reverse("content:asset_file", args=[poster.pk])
    assert first["thumbnail_url"] is None
    assert first["checks"] == {"instagram": []}
    assert len(second["checks"]["instagram"]) == 1


# ---------------------------------------------------------------------------------------------
# Ideas
# ---------------------------------------------------------------------------------------------


def test_an_employee_proposes_an_idea_for_their_unit_but_not_for_another(org, asn, api_for):
    # given
    client = api_for(asn)

    # when
    mine = client.post(
        _url("content-idea-list"),
        {"unit": org["dinkes_p2p"].pk, "title": "Senam sehat Jumat", "pillar": "complementary",
         "wished_date": "2026-11-20"},
        format="json",
    )  # fmt: skip
    other = client.post(
        _url("content-idea-list"), {"unit": org["disdik"].pk, "title": "Hari Guru"},
        format="json",
    )  # fmt: skip

    # then
    assert mine.status_code == 201, mine.content
    assert (mine.json()["status"], mine.json()["proposed_by"]) == ("open", asn.pk)
    assert other.status_code == 400
    assert "unit" in other.json()
    assert [row["title"] for row in client.get(_url("content-idea-list")).json()["results"]] == [
        "Senam sehat Jumat"
    ]


def test_a_supervisor_turns_an_idea_into_a_draft_item(org, asn, team, informasi, api_for):
    # given
    idea = actions.propose_idea(
        asn, unit=org["dinkes_p2p"], title="Senam sehat Jumat", notes="Video 30 detik",
        pillar="complementary", wished_date=datetime.date(2026, 11, 20),
    )  # fmt: skip

    # when
    refused = api_for(team["contributor"]).post(
        _url("content-idea-accept", idea.pk), {"purpose": informasi.pk}, format="json"
    )
    accepted = api_for(team["supervisor"]).post(
        _url("content-idea-accept", idea.pk), {"purpose": informasi.pk}, format="json"
    )

    # then
    assert refused.status_code == 403
    assert accepted.status_code == 201, accepted.content
    item = accepted.json()
    assert (item["title"], item["brief"], item["pillar"], item["idea"]) == (
        "Senam sehat Jumat", "Video 30 detik", "complementary", idea.pk,
    )  # fmt: skip
    assert item["planned_at"].startswith("2026-11-20T09:00")
    read = api_for(team["supervisor"]).get(_url("content-idea-detail", idea.pk)).json()
    assert (read["status"], read["item"]) == ("accepted", item["id"])


def test_declining_an_idea_needs_a_reason_and_happens_once(org, asn, team, api_for):
    # given
    idea = actions.propose_idea(asn, unit=org["dinkes"], title="Kuis berhadiah")
    client = api_for(team["supervisor"])
    url = _url("content-idea-decline", idea.pk)

    # when
    empty = client.post(url, {"reason": " "}, format="json")
    declined = client.post(url, {"reason": "Anggaran hadiah tidak ada"}, format="json")
    again = client.post(url, {"reason": "Lagi"}, format="json")

    # then
    assert empty.status_code == 400
    assert declined.status_code == 200
    assert (declined.json()["status"], declined.json()["decline_reason"]) == (
        "declined", "Anggaran hadiah tidak ada",
    )  # fmt: skip
    assert again.status_code == 400
    assert Idea.objects.get(pk=idea.pk).decline_reason == "Anggaran hadiah tidak ada"


def test_the_idea_list_filters_by_status_and_unit(org, asn, team, api_for):
    # given
    open_idea = actions.propose_idea(asn, unit=org["dinkes_p2p"], title="Senam sehat")
    declined = actions.propose_idea(asn, unit=org["dinkes"], title="Kuis")
    actions.decline_idea(team["supervisor"], declined, "Tidak sesuai")
    client = api_for(team["supervisor"])

    def titles(**params) -> list[str]:
        rows = client.get(_url("content-idea-list"), params).json()["results"]
        return [row["title"] for row in rows]

    # then
    assert titles(status="open") == [open_idea.title]
    assert titles(unit=org["dinkes_p2p"].pk) == [open_idea.title]
    assert sorted(titles()) == ["Kuis", "Senam sehat"]


# ---------------------------------------------------------------------------------------------
# Configuration and calendar
# ---------------------------------------------------------------------------------------------


def test_configuration_is_read_by_team_members_and_admins_only(team, disdik_admin, api_for):
    # given
    outsider = UserFactory(username="warga")

    # when
    purposes = api_for(team["designer"]).get(_url("content-purpose-list"))
    checklist = api_for(disdik_admin).get(_url("content-checklist-list"))
    service = api_for(team["publisher"]).get(_url("content-service-time-list"))
    refused = api_for(outsider).get(_url("content-purpose-list"))

    # then
    assert "informasi" in [row["code"] for row in purposes.json()]
    assert len(checklist.json()) == 5
    assert {"state": "in_review", "working_days": 1} in [
        {"state": row["state"], "working_days": row["working_days"]} for row in service.json()
    ]
    assert refused.status_code == 403


def test_the_calendar_lists_items_and_open_ideas_in_the_range(org, asn, item, team, api_for):
    # given an open idea on the day after the item's planned day
    planned = timezone.localdate(item.planned_at)
    actions.propose_idea(
        asn, unit=org["dinkes"], title="Senam sehat", wished_date=planned + datetime.timedelta(1)
    )
    client = api_for(team["publisher"])
    start, end = planned - datetime.timedelta(days=3), planned + datetime.timedelta(days=4)

    # when
    both = client.get(_url("content-calendar"), {"start": start, "end": end})
    items_only = client.get(
        _url("content-calendar"), {"start": start, "end": end, "status": "draft"}
    )

    # then
    assert both.status_code == 200, both.content
    assert [(e["kind"], e["title"]) for e in both.json()] == [
        ("item", "Jadwal imunisasi November"), ("idea", "Senam sehat"),
    ]  # fmt: skip
    entry = both.json()[0]
    assert entry["editable"] is True and entry["accounts"] == ["Instagram @dinkes.kota"]
    assert datetime.datetime.fromisoformat(entry["start"]) == item.planned_at
    assert [e["kind"] for e in items_only.json()] == ["item"]


def test_the_calendar_shows_nothing_of_other_units_and_refuses_a_bad_range(
    item, disdik_admin, api_for
):
    # given
    client = api_for(disdik_admin)
    today = timezone.localdate()

    # when
    found = client.get(
        _url("content-calendar"), {"start": today, "end": today + datetime.timedelta(30)}
    )
    backwards = client.get(
        _url("content-calendar"), {"start": today, "end": today - datetime.timedelta(1)}
    )
    missing = client.get(_url("content-calendar"))

    # then
    assert found.json() == []
    assert (backwards.status_code, missing.status_code) == (400, 400)
    assert "start" in missing.json()
