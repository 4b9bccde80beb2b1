"""Workflow notifications: who is told about each step (never the actor), on which channels
(their preferences), only once the step is committed; and the overdue notices, sent once per
item and state by the hourly task."""

import datetime
import io

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from gaung.config.celery import app as celery_app
from gaung.content import actions
from gaung.content.choices import ContentState as S
from gaung.content.models import ChecklistItem, ContentItem, Purpose, ReviewCheck, TeamMembership
from gaung.content.notifications import notify_overdue
from gaung.content.tasks import notify_overdue_task
from gaung.core.models import Notification, NotificationPreference, WebhookDelivery, WebhookEndpoint
from tests.factories import EmployeeFactory, SocialAccountFactory, UserFactory


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture(autouse=True)
def _tasks_run_at_once(monkeypatch):
    monkeypatch.setitem(celery_app.conf, "task_always_eager", True)


@pytest.fixture
def team(org):
    """Dinkes' content team: two supervisors, and one member of each other role."""
    members = {}
    roles = ("contributor", "designer", "supervisor", "supervisor2", "publisher", "reviewer")
    for name in roles:
        user = UserFactory(username=f"tim.{name}", email=f"{name}@dinkes.go.id")
        TeamMembership.objects.create(user=user, unit=org["dinkes"], role=name.rstrip("2"))
        members[name] = user
    # A supervisor of another agency unit hears nothing of Dinkes.
    outsider = UserFactory(username="tim.disdik")
    TeamMembership.objects.create(user=outsider, unit=org["disdik"], role="supervisor")
    return members


@pytest.fixture
def item(org, team):
    account = SocialAccountFactory(
        owner_unit=org["dinkes"], owner_employee=None, platform="instagram", handle="dinkes.kota"
    )
    return actions.create_item(
        team["contributor"], unit=org["dinkes"], target_accounts=[account],
        title="Jadwal imunisasi November", pillar="core",
        purpose=Purpose.objects.get(code="informasi"),
        planned_at=timezone.now() + datetime.timedelta(days=5),
    )  # fmt: skip


def _in_state(item: ContentItem, state: str, **fields) -> ContentItem:
    ContentItem.objects.filter(pk=item.pk).update(state=state, **fields)
    item.refresh_from_db()
    return item


def _told(event: str) -> dict[str, str]:
    """username -> body of the in-app notifications of this event."""
    return {
        n.user.username: n.body
        for n in Notification.objects.filter(event=event).select_related("user")
    }


def _step(capture, actor, item, action: str, **extra) -> ContentItem:
    with capture(execute=True):
        return actions.transition(actor, item, action, **extra)


def _tick_all(item: ContentItem) -> None:
    ReviewCheck.objects.create(
        item=item,
        version=item.version,
        ticked={str(pk): True for pk in ChecklistItem.objects.values_list("pk", flat=True)},
    )


# ---------------------------------------------------------------------------------------------
# Workflow steps
# ---------------------------------------------------------------------------------------------


def test_a_submitted_item_is_assigned_to_the_units_supervisors_in_app_and_by_email(
    item, team, django_capture_on_commit_callbacks
):
    # when
    _step(django_capture_on_commit_callbacks, team["contributor"], item, "submit")

    # then
    told = _told("content.assigned")
    assert sorted(told) == ["tim.supervisor", "tim.supervisor2"]
    assert (
        "tim.contributor submitted “Jadwal imunisasi November” (Dinas Kesehatan)."
        in (told["tim.supervisor"])
    )
    notification = Notification.objects.filter(event="content.assigned").first()
    assert notification.url == f"/content/{item.pk}/"
    assert notification.title == "New content to handle: Jadwal imunisasi November"
    assert sorted(m.to[0] for m in mail.outbox) == ["supervisor2@dinkes.go.id",
                                                    "supervisor@dinkes.go.id"]  # fmt: skip
    assert f"http://127.0.0.1:8000/content/{item.pk}/" in mail.outbox[0].body


def test_the_actor_is_never_told_about_their_own_step(
    item, team, django_capture_on_commit_callbacks
):
    # when a supervisor submits the item themselves
    _step(django_capture_on_commit_callbacks, team["supervisor"], item, "submit")

    # then only the other supervisor hears of it
    assert list(_told("content.assigned")) == ["tim.supervisor2"]


def test_start_design_assigns_the_named_designer_only(
    item, team, org, django_capture_on_commit_callbacks
):
    # given another designer on the unit
    other = UserFactory(username="tim.designer2")
    TeamMembership.objects.create(user=other, unit=org["dinkes"], role="designer")
    item = _in_state(item, S.SUBMITTED)

    # when
    _step(
        django_capture_on_commit_callbacks, team["supervisor"], item, "start_design",
        designer=team["designer"],
    )  # fmt: skip

    # then
    told = _told("content.assigned")
    assert list(told) == ["tim.designer"]
    assert (
        "tim.supervisor assigned you the design of “Jadwal imunisasi November”"
        in (told["tim.designer"])
    )


def test_a_designer_taking_the_design_themselves_tells_nobody(
    item, team, django_capture_on_commit_callbacks
):
    # given
    item = _in_state(item, S.SUBMITTED)

    # when
    _step(django_capture_on_commit_callbacks, team["designer"], item, "start_design")

    # then
    assert not Notification.objects.exists()


def test_a_review_request_goes_to_supervisors_and_reviewers(
    item, team, django_capture_on_commit_callbacks
):
    # given
    item = _in_state(item, S.IN_DESIGN)

    # when
    _step(django_capture_on_commit_callbacks, team["designer"], item, "send_to_review")

    # then
    assert sorted(_told("content.review_requested")) == [
        "tim.reviewer", "tim.supervisor", "tim.supervisor2",
    ]  # fmt: skip


def test_a_revision_request_tells_the_author_and_the_designer_with_the_comment(
    item, team, django_capture_on_commit_callbacks
):
    # given an item designed by the designer, in review
    item = _in_state(item, S.IN_REVIEW, designer=team["designer"])

    # when
    _step(
        django_capture_on_commit_callbacks, team["reviewer"], item, "request_revision",
        comment="Sumber data cakupan imunisasi belum ada.",
    )  # fmt: skip

    # then
    told = _told("content.revision_requested")
    assert sorted(told) == ["tim.contributor", "tim.designer"]
    assert "Comment: Sumber data cakupan imunisasi belum ada." in told["tim.contributor"]


def test_an_approval_tells_the_author_and_the_publishers(
    item, team, django_capture_on_commit_callbacks
):
    # given
    item = _in_state(item, S.IN_REVIEW)
    _tick_all(item)

    # when
    _step(django_capture_on_commit_callbacks, team["supervisor"], item, "approve")

    # then
    told = _told("content.approved")
    assert sorted(told) == ["tim.contributor", "tim.publisher"]
    assert "approved version 1 of “Jadwal imunisasi November”" in told["tim.publisher"]


def test_a_rejection_tells_the_author_with_the_reason(
    item, team, django_capture_on_commit_callbacks
):
    # given
    item = _in_state(item, S.SUBMITTED)

    # when
    _step(
        django_capture_on_commit_callbacks, team["supervisor"], item, "reject",
        comment="Sudah diunggah bulan lalu.",
    )  # fmt: skip

    # then
    told = _told("content.rejected")
    assert list(told) == ["tim.contributor"]
    assert "Comment: Sudah diunggah bulan lalu." in told["tim.contributor"]


def test_steps_without_a_notification_event_tell_nobody(
    item, team, django_capture_on_commit_callbacks
):
    # given
    item = _in_state(item, S.APPROVED)

    # when
    item = _step(django_capture_on_commit_callbacks, team["publisher"], item, "schedule")
    _step(django_capture_on_commit_callbacks, team["publisher"], item, "unschedule")

    # then
    assert not Notification.objects.exists() and mail.outbox == []


def test_an_edit_after_approval_asks_the_reviewers_to_approve_again(
    item, team, django_capture_on_commit_callbacks
):
    # given an approved item
    item = _in_state(item, S.APPROVED, approved_version=1)

    # when the contributor changes it
    with django_capture_on_commit_callbacks(execute=True):
        actions.edit_item(team["contributor"], item, key_message="Gratis di puskesmas")

    # then
    told = _told("content.review_requested")
    assert sorted(told) == ["tim.reviewer", "tim.supervisor", "tim.supervisor2"]
    assert "after it was approved" in told["tim.reviewer"]


def test_each_users_preferences_apply_per_channel(item, team, django_capture_on_commit_callbacks):
    # given one supervisor wants no e-mail, the other nothing in the app, for assignments
    NotificationPreference.objects.create(
        user=team["supervisor"], event="content.assigned", channel="email", enabled=False
    )
    NotificationPreference.objects.create(
        user=team["supervisor2"], event="content.assigned", channel="in_app", enabled=False
    )

    # when
    _step(django_capture_on_commit_callbacks, team["contributor"], item, "submit")

    # then
    assert list(_told("content.assigned")) == ["tim.supervisor"]
    assert [m.to[0] for m in mail.outbox] == ["supervisor2@dinkes.go.id"]


def test_a_rolled_back_step_tells_nobody(item, team, django_capture_on_commit_callbacks):
    # when the transaction around the step fails afterwards
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        actions.transition(team["contributor"], item, "submit")
        raise RuntimeError("something later failed")

    # then
    assert not Notification.objects.exists() and mail.outbox == []
    item.refresh_from_db()
    assert item.state == S.DRAFT


def test_an_employee_recipient_reaches_the_agencys_webhook_with_the_item(
    item, team, org, monkeypatch, django_capture_on_commit_callbacks
):
    # given the author is an employee and the agency forwards approvals to a gateway
    EmployeeFactory(unit=org["dinkes"], user=team["contributor"], name="Siti Rahayu")
    WebhookEndpoint.objects.create(
        instansi=org["instansi"], name="Gateway WA", url="http://127.0.0.1:9/hook",
        secret="rahasia", events=["content.approved"],
    )  # fmt: skip
    monkeypatch.setattr("gaung.core.webhooks.deliver_webhook.delay", lambda pk: None)
    item = _in_state(item, S.IN_REVIEW)
    _tick_all(item)

    # when
    _step(django_capture_on_commit_callbacks, team["supervisor"], item, "approve")

    # then
    [delivery] = WebhookDelivery.objects.all()
    data = delivery.payload
    assert data["recipient"]["name"] == "Siti Rahayu"
    assert data["data"]["action"] == "approve"
    assert data["data"]["item"]["id"] == item.pk
    assert data["data"]["item"]["url"] == f"http://127.0.0.1:8000/content/{item.pk}/"


# ---------------------------------------------------------------------------------------------
# Overdue
# ---------------------------------------------------------------------------------------------


def _overdue(item: ContentItem, state: str, **fields) -> ContentItem:
    now = timezone.now()
    late = {"state_changed_at": now - datetime.timedelta(days=6),
            "due_at": now - datetime.timedelta(days=5)}  # fmt: skip
    return _in_state(item, state, **(late | fields))


def test_an_overdue_step_tells_the_people_it_waits_on_once(
    item, team, django_capture_on_commit_callbacks
):
    # given an item submitted days ago, past its service time
    item = _overdue(item, S.SUBMITTED)

    # when the hourly run happens twice
    with django_capture_on_commit_callbacks(execute=True):
        first = notify_overdue()
    with django_capture_on_commit_callbacks(execute=True):
        second = notify_overdue()

    # then: the supervisors and the designer (start_design / send_to_review), once
    told = _told("content.overdue")
    assert sorted(told) == ["tim.designer", "tim.supervisor", "tim.supervisor2"]
    assert "this step was due" in told["tim.designer"]
    assert "working days late" in told["tim.designer"]
    assert (first["notified"], second["notified"], second["skipped"]) == (1, 0, 1)
    assert len(mail.outbox) == 3
    assert item.events.filter(action="overdue_notice", to_state=S.SUBMITTED).count() == 1


def test_an_item_overdue_again_in_a_later_state_is_notified_again(
    item, team, django_capture_on_commit_callbacks
):
    # given a notice was sent while the item was submitted
    item = _overdue(item, S.SUBMITTED)
    notify_overdue()

    # when it is in design, assigned to the designer, and overdue there too
    _overdue(item, S.IN_DESIGN, designer=team["designer"], state_changed_at=timezone.now())
    counts = notify_overdue()

    # then the designer and the supervisors are told about the design step
    assert counts["notified"] == 1
    in_design = Notification.objects.filter(event="content.overdue", body__contains="In design")
    assert sorted(n.user.username for n in in_design) == [
        "tim.designer", "tim.supervisor", "tim.supervisor2",
    ]  # fmt: skip


def test_an_overdue_revision_waits_on_its_author_not_every_contributor(
    item, team, org, django_capture_on_commit_callbacks
):
    # given another contributor on the unit
    TeamMembership.objects.create(
        user=UserFactory(username="tim.contributor2"), unit=org["dinkes"], role="contributor"
    )
    _overdue(item, S.REVISION_REQUESTED)

    # when
    notify_overdue()

    # then
    assert sorted(_told("content.overdue")) == [
        "tim.contributor", "tim.supervisor", "tim.supervisor2",
    ]  # fmt: skip


def test_items_not_yet_due_or_finished_are_left_alone(item, team):
    # given one item due tomorrow and one published long after its due date
    now = timezone.now()
    _in_state(item, S.IN_REVIEW, due_at=now + datetime.timedelta(days=1))
    done = actions.create_item(
        team["contributor"], unit=item.unit, title="Sudah terbit", pillar="core",
        purpose=item.purpose,
    )  # fmt: skip
    _in_state(
        done, S.PUBLISHED, due_at=now - datetime.timedelta(days=3),
        permalink="https://www.instagram.com/dinkes.kota/p/Lama1/",
    )  # fmt: skip

    # when
    counts = notify_overdue()

    # then
    assert counts == {"overdue": 0, "notified": 0, "skipped": 0, "failed": 0}
    assert not Notification.objects.exists()


def test_the_task_and_the_command_run_the_overdue_check(
    item, team, django_capture_on_commit_callbacks
):
    # given
    _overdue(item, S.IN_REVIEW)
    out = io.StringIO()

    # when
    with django_capture_on_commit_callbacks(execute=True):
        counts = notify_overdue_task.delay().get()
    call_command("notify_overdue_content", stdout=out)

    # then
    assert counts["notified"] == 1
    assert "0 notified, 1 already notified" in out.getvalue()
    schedule = django_settings.CELERY_BEAT_SCHEDULE["content-overdue"]
    assert schedule == {"task": "gaung.content.notify_overdue", "schedule": 3600.0}
