"""Reminders: who is reminded (belum, kurang), when (within the lead time, before the
deadline), how often (once a day per person), and through which channels."""

import datetime
import hashlib
import hmac
import io
import zoneinfo

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from gaung.amplification import actions
from gaung.amplification.models import Assignment, Reminder
from gaung.amplification.reminders import send_due_reminders
from gaung.amplification.tasks import send_reminders_task
from gaung.config.celery import app as celery_app
from gaung.core.models import Notification, NotificationPreference, WebhookEndpoint
from tests.core.webhook_receiver import receiver_fixture  # noqa: F401 (the `receiver` fixture)
from tests.factories import EmployeeFactory, SocialAccountFactory

SECRET = "rahasia-gateway"


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture(autouse=True)
def _tasks_run_at_once(monkeypatch):
    monkeypatch.setitem(celery_app.conf, "task_always_eager", True)


def _employee(unit, name: str, handle: str | None):
    employee = EmployeeFactory(
        unit=unit, name=name, email=f"{name.split()[0].lower()}@kotacontoh.go.id",
        phone="0812345678",
    )  # fmt: skip
    if handle:
        SocialAccountFactory(owner_employee=employee, platform="instagram", handle=handle)
    return employee


@pytest.fixture
def people(org, asn):
    """Siti (has a login, has done nothing), Budi (did one of two actions), Dewi (did both),
    Eko (no account at all)."""
    siti = asn.employee
    siti.email, siti.phone = "siti@kotacontoh.go.id", "0812111222"
    siti.save()
    SocialAccountFactory(owner_employee=siti, platform="instagram", handle="siti.p2p")
    unit = org["dinkes_p2p"]
    return {
        "siti": siti,
        "budi": _employee(unit, "Budi Santoso", "budi.p2p"),
        "dewi": _employee(unit, "Dewi Lestari", "dewi.p2p"),
        "eko": _employee(unit, "Eko Prasetyo", None),
    }


def _campaign(admin, unit, title: str, deadline_in: datetime.timedelta, lead_hours: int = 48):
    now = timezone.now()
    campaign = actions.create_campaign(
        admin, unit=unit, target_units=[unit], title=title,
        post_url=f"https://www.instagram.com/dinkes.contoh/p/{abs(hash(title)) % 10**8}/",
        actions=["share", "like"], platforms=["instagram"],
        starts_at=now - datetime.timedelta(hours=1), deadline=now + deadline_in,
        reminder_lead_hours=lead_hours,
    )  # fmt: skip
    return actions.activate_campaign(admin, campaign)


def _prove(employee, campaign, action: str, handle: str, code: str) -> None:
    assignment = campaign.assignments.get(employee=employee)
    actions.submit_proof(
        employee.user or _user_for(employee), assignment, platform="instagram", action=action,
        kind="url", url=f"https://www.instagram.com/{handle}/p/{code}/",
    )  # fmt: skip


def _user_for(employee):
    from tests.factories import UserFactory

    user = UserFactory(username=f"user-{employee.pk}")
    employee.user = user
    employee.save(update_fields=["user"])
    return user


@pytest.fixture
def closing_soon(org, dinkes_admin, people):
    """A campaign closing in a day (reminders start two days before), half-done by Budi and
    done by Dewi."""
    campaign = _campaign(dinkes_admin, org["dinkes"], "Vaksinasi Anak", datetime.timedelta(days=1))
    _prove(people["budi"], campaign, "share", "budi.p2p", "Budi1")
    _prove(people["dewi"], campaign, "share", "dewi.p2p", "Dewi1")
    _prove(people["dewi"], campaign, "like", "dewi.p2p", "Dewi2")
    return campaign


def _run(capture, now=None) -> dict:
    with capture(execute=True):
        return send_due_reminders(now)


def test_only_people_with_belum_or_kurang_are_reminded(
    people, closing_soon, django_capture_on_commit_callbacks
):
    # when
    counts = _run(django_capture_on_commit_callbacks)

    # then: Siti (belum) and Budi (kurang); not Dewi (sudah) nor Eko (tanpa akun)
    assert counts["reminded"] == 2
    reminded = set(Reminder.objects.values_list("employee__name", flat=True))
    assert reminded == {"Siti Rahayu", "Budi Santoso"}
    assert sorted(m.to[0] for m in mail.outbox) == [
        "budi@kotacontoh.go.id",
        "siti@kotacontoh.go.id",
    ]


def test_the_reminder_says_what_is_missing_and_links_to_the_asn_page(
    people, closing_soon, django_capture_on_commit_callbacks
):
    _run(django_capture_on_commit_callbacks)

    budi = next(m for m in mail.outbox if m.to == ["budi@kotacontoh.go.id"])
    assignment = closing_soon.assignments.get(employee=people["budi"])
    assert budi.subject == "Reminder: Vaksinasi Anak"
    assert "You have done 1 of 2 actions." in budi.body
    assert f"http://127.0.0.1:8000/me/campaigns/{assignment.pk}/" in budi.body


def test_in_app_notifications_go_to_those_with_a_login_and_emails_to_the_others(
    org, dinkes_admin, people, django_capture_on_commit_callbacks
):
    # given: Fajar has never activated a login; Siti has one
    fajar = _employee(org["dinkes_p2p"], "Fajar Nugroho", "fajar.p2p")
    campaign = _campaign(dinkes_admin, org["dinkes"], "Cegah DBD", datetime.timedelta(hours=5))

    # when
    _run(django_capture_on_commit_callbacks)

    # then
    siti = campaign.assignments.get(employee=people["siti"])
    [notification] = Notification.objects.filter(user=people["siti"].user)
    assert notification.event == "amplification.reminder"
    assert notification.url == f"/me/campaigns/{siti.pk}/"
    assert Reminder.objects.get(employee=people["siti"]).channels == ["in_app", "email"]
    assert Reminder.objects.get(employee=fajar).channels == ["email"]
    assert ["fajar@kotacontoh.go.id"] in [m.to for m in mail.outbox]


def test_no_reminder_before_the_lead_time_or_after_the_deadline(
    org, dinkes_admin, people, django_capture_on_commit_callbacks
):
    # given: one campaign closing in five days (reminders start two days before) and one
    # closing in two hours
    _campaign(dinkes_admin, org["dinkes"], "Masih Lama", datetime.timedelta(days=5))
    _campaign(dinkes_admin, org["dinkes"], "Segera Ditutup", datetime.timedelta(hours=2))

    # when: the job runs now, and three hours later (the short one has ended by then)
    now_counts = _run(django_capture_on_commit_callbacks)
    later = timezone.now() + datetime.timedelta(hours=3)
    later_counts = _run(django_capture_on_commit_callbacks, now=later)

    # then: only the one within its lead time reminds, and nothing once it has ended
    assert now_counts == {"campaigns": 1, "reminded": 3, "skipped": 0}
    titles = set(Reminder.objects.values_list("assignment__campaign__title", flat=True))
    assert titles == {"Segera Ditutup"}
    assert later_counts == {"campaigns": 0, "reminded": 0, "skipped": 0}


def test_a_person_is_reminded_once_a_day_whatever_the_number_of_campaigns(
    org, dinkes_admin, people, django_capture_on_commit_callbacks
):
    # given: two campaigns closing soon, both unfinished by Siti
    first = _campaign(dinkes_admin, org["dinkes"], "Kampanye Satu", datetime.timedelta(hours=30))
    _campaign(dinkes_admin, org["dinkes"], "Kampanye Dua", datetime.timedelta(hours=20))

    # when: the hourly job runs twice the same day
    first_run = _run(django_capture_on_commit_callbacks)
    second_run = _run(django_capture_on_commit_callbacks)

    # then: one reminder each for Siti, Budi and Dewi (Eko has no account), about the most
    # urgent campaign, naming the other; nothing new the second time
    assert first_run["reminded"] == 3
    assert second_run == {"campaigns": 2, "reminded": 0, "skipped": 3}
    siti = Reminder.objects.get(employee=people["siti"])
    assert siti.assignment.campaign.title == "Kampanye Dua"
    assert Notification.objects.count() == 1
    assert len(mail.outbox) == 3
    body = next(m.body for m in mail.outbox if m.to == ["siti@kotacontoh.go.id"])
    assert "You also have 1 other campaign to finish." in body
    assert first.deadline > siti.assignment.campaign.deadline


def test_the_next_day_brings_a_new_reminder(
    people, closing_soon, django_capture_on_commit_callbacks
):
    # given: a campaign reminding for two days before its deadline
    closing_soon.deadline = timezone.now() + datetime.timedelta(hours=40)
    closing_soon.save(update_fields=["deadline"])
    _run(django_capture_on_commit_callbacks)

    # when: the job runs a day later
    tomorrow = timezone.now() + datetime.timedelta(days=1)
    counts = _run(django_capture_on_commit_callbacks, now=tomorrow)

    # then
    assert counts["reminded"] == 2
    assert Reminder.objects.filter(employee=people["siti"]).count() == 2


def test_the_day_is_counted_in_the_agency_time_zone(
    org, people, closing_soon, django_capture_on_commit_callbacks
):
    # given: an agency in eastern Indonesia (WIT, UTC+9), at 16.30 UTC (01.30 WIT next day)
    org["instansi"].time_zone = "Asia/Jayapura"
    org["instansi"].save()
    now = timezone.now().replace(hour=16, minute=30)
    closing_soon.starts_at = now - datetime.timedelta(hours=5)
    closing_soon.deadline = now + datetime.timedelta(hours=5)
    closing_soon.save(update_fields=["starts_at", "deadline"])

    # when
    _run(django_capture_on_commit_callbacks, now=now)

    # then
    wit_day = now.astimezone(zoneinfo.ZoneInfo("Asia/Jayapura")).date()
    assert set(Reminder.objects.values_list("sent_on", flat=True)) == {wit_day}
    assert wit_day == (now + datetime.timedelta(days=1)).date()
    budi = next(m for m in mail.outbox if m.to == ["budi@kotacontoh.go.id"])
    assert "WIT" in budi.body


def test_reminders_reach_the_agency_gateway_with_what_it_needs(
    org, people, closing_soon, receiver, django_capture_on_commit_callbacks
):
    # given: the agency's WhatsApp gateway subscribed to reminders
    WebhookEndpoint.objects.create(
        instansi=org["instansi"], name="Gateway WA", url=receiver.url, secret=SECRET,
        events=["amplification.reminder"],
    )  # fmt: skip

    # when
    _run(django_capture_on_commit_callbacks)

    # then: one signed post per reminded person
    assert len(receiver.received) == 2
    by_name = {r.json["data"]["data"]["employee"]["name"]: r for r in receiver.received}
    siti = by_name["Siti Rahayu"]
    expected = hmac.new(SECRET.encode(), siti.body, hashlib.sha256).hexdigest()
    assert siti.headers["X-Gaung-Signature"] == f"sha256={expected}"
    data = siti.json["data"]["data"]
    assignment = Assignment.objects.get(campaign=closing_soon, employee=people["siti"])
    assert data["employee"] == {
        "name": "Siti Rahayu", "nip": people["siti"].nip, "phone": "0812111222",
        "email": "siti@kotacontoh.go.id",
    }  # fmt: skip
    assert data["campaign"]["title"] == "Vaksinasi Anak"
    assert datetime.datetime.fromisoformat(data["campaign"]["deadline"]) == closing_soon.deadline
    assert data["page_url"] == f"{django_settings.SITE_URL}/me/campaigns/{assignment.pk}/"
    assert data["tracked_url"] == f"{django_settings.SITE_URL}/l/{assignment.token}"
    assert "Vaksinasi Anak" in data["message"]
    assert data["message"].startswith("Hello Siti Rahayu,")


def test_a_person_who_switched_email_off_gets_no_email(
    people, closing_soon, django_capture_on_commit_callbacks
):
    NotificationPreference.objects.create(
        user=people["siti"].user, event="amplification.reminder", channel="email", enabled=False
    )

    _run(django_capture_on_commit_callbacks)

    assert [m.to for m in mail.outbox] == [["budi@kotacontoh.go.id"]]
    assert Reminder.objects.get(employee=people["siti"]).channels == ["in_app"]


def test_inactive_employees_are_not_reminded(
    people, closing_soon, django_capture_on_commit_callbacks
):
    people["budi"].is_active = False
    people["budi"].save()

    _run(django_capture_on_commit_callbacks)

    assert list(Reminder.objects.values_list("employee__name", flat=True)) == ["Siti Rahayu"]


def test_the_celery_task_and_the_command_run_the_same_reminders(
    people, closing_soon, django_capture_on_commit_callbacks
):
    # when: the beat task, then the cron command the same day
    with django_capture_on_commit_callbacks(execute=True):
        counts = send_reminders_task()
    out = io.StringIO()
    call_command("send_campaign_reminders", stdout=out)

    # then
    assert counts["reminded"] == 2
    assert "0 reminded, 2 already reminded today, 1 campaigns closing soon." in out.getvalue()


def test_the_hourly_schedule_names_the_reminder_task():
    schedule = django_settings.CELERY_BEAT_SCHEDULE["amplification-reminders"]
    assert schedule["task"] == send_reminders_task.name
    assert schedule["schedule"] == 3600
