"""The shared notification layer: notify() fans out per preferences; the user's notification
pages, the bell, the preferences page and the agency's webhook pages."""

import pytest
from django.core import mail
from django.urls import reverse

from gaung.config.celery import app as celery_app
from gaung.core import notify
from gaung.core.models import (
    AuditEvent,
    Notification,
    NotificationPreference,
    WebhookDelivery,
    WebhookEndpoint,
)
from tests.factories import EmployeeFactory, UnitFactory, UserFactory, make_admin

EVENT = "amplification.reminder"


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture(autouse=True)
def _tasks_run_at_once(monkeypatch):
    monkeypatch.setitem(celery_app.conf, "task_always_eager", True)


@pytest.fixture
def siti(asn):
    employee = asn.employee_record
    employee.email = "siti@kotacontoh.go.id"
    employee.save()
    return asn


def _switch_off(user, channel: str) -> None:
    NotificationPreference.objects.create(user=user, event=EVENT, channel=channel, enabled=False)


# ---------------------------------------------------------------------------------------------
# notify()
# ---------------------------------------------------------------------------------------------


def test_an_employee_with_a_login_gets_the_message_in_the_app_and_by_email(
    siti, django_capture_on_commit_callbacks
):
    # when
    with django_capture_on_commit_callbacks(execute=True):
        sent = notify.notify(
            [siti.employee_record], EVENT, "Reminder", "Share the post", url="/me/campaigns/3/"
        )

    # then
    assert sent == {"in_app": 1, "email": 1, "webhook": 0}
    [notification] = Notification.objects.filter(user=siti)
    assert (notification.title, notification.body, notification.url) == (
        "Reminder", "Share the post", "/me/campaigns/3/"
    )  # fmt: skip
    [message] = mail.outbox
    assert message.to == ["siti@kotacontoh.go.id"]
    assert message.subject == "Reminder"
    # Outside the app the link is absolute.
    assert "http://127.0.0.1:8000/me/campaigns/3/" in message.body


def test_an_employee_without_a_login_gets_only_the_email(org, django_capture_on_commit_callbacks):
    employee = EmployeeFactory(unit=org["dinkes_p2p"], email="budi@kotacontoh.go.id")

    with django_capture_on_commit_callbacks(execute=True):
        sent = notify.notify([employee], EVENT, "Reminder")

    assert sent == {"in_app": 0, "email": 1, "webhook": 0}
    assert [m.to for m in mail.outbox] == [["budi@kotacontoh.go.id"]]


def test_a_user_is_notified_once_even_when_named_twice(siti):
    notify.notify([siti, siti.employee_record], EVENT, "Reminder")

    assert Notification.objects.filter(user=siti).count() == 1


def test_nothing_leaves_before_the_transaction_commits(siti, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notify.notify([siti], EVENT, "Reminder")

    assert mail.outbox == []
    assert len(callbacks) == 1


@pytest.mark.parametrize(
    ("channel", "expected"),
    [
        ("in_app", {"in_app": 0, "email": 1, "webhook": 1}),
        ("email", {"in_app": 1, "email": 0, "webhook": 1}),
        ("webhook", {"in_app": 1, "email": 1, "webhook": 0}),
    ],
)
def test_a_channel_switched_off_is_not_used(siti, org, channel, expected):
    # given: the agency has a gateway, and Siti switched one channel off
    WebhookEndpoint.objects.create(
        instansi=org["instansi"], name="WA", url="http://127.0.0.1:9/", secret="s",
        events=[EVENT],
    )  # fmt: skip
    _switch_off(siti, channel)

    # when
    sent = notify.notify([siti], EVENT, "Reminder")

    # then
    assert sent == expected
    assert Notification.objects.filter(user=siti).count() == expected["in_app"]
    assert WebhookDelivery.objects.count() == expected["webhook"]


def test_a_preference_applies_to_its_event_only(siti):
    NotificationPreference.objects.create(
        user=siti, event="webhook.test", channel="in_app", enabled=False
    )

    sent = notify.notify([siti], EVENT, "Reminder")

    assert sent["in_app"] == 1


def test_an_undeclared_event_is_refused(siti):
    with pytest.raises(ValueError, match="declare it"):
        notify.notify([siti], "made.up", "Hi")


def test_saving_preferences_stores_only_the_changes(siti):
    # when: everything on except e-mail reminders
    everything = set(notify.preferences_of(siti))
    changed = notify.save_preferences(siti, everything - {(EVENT, "email")})

    # then
    assert changed == 1
    assert {k: on for k, on in notify.preferences_of(siti).items() if k[0] == EVENT} == {
        (EVENT, "in_app"): True, (EVENT, "email"): False, (EVENT, "webhook"): True,
    }  # fmt: skip
    # and switching it back on changes one row again
    assert notify.save_preferences(siti, everything) == 1
    assert notify.preferences_of(siti)[(EVENT, "email")] is True


# ---------------------------------------------------------------------------------------------
# The user's pages
# ---------------------------------------------------------------------------------------------


def _notification(user, title: str, url: str = "") -> Notification:
    return Notification.objects.create(user=user, event=EVENT, title=title, url=url)


def test_the_list_shows_only_my_notifications(siti, dinkes_admin, client_for):
    _notification(siti, "Reminder for Siti")
    _notification(dinkes_admin, "Reminder for the admin")

    response = client_for(siti).get(reverse("core:notification_list"))

    body = response.content.decode()
    assert "Reminder for Siti" in body
    assert "Reminder for the admin" not in body


def test_the_list_filters_unread_ones(siti, client_for):
    read = _notification(siti, "Old news")
    notify.mark_read(siti, [read.pk])
    _notification(siti, "Fresh news")

    response = client_for(siti).get(reverse("core:notification_list"), {"state": "unread"})

    assert [n.title for n in response.context["rows"]] == ["Fresh news"]


def test_marking_one_read_leaves_the_others_unread(siti, client_for):
    first, second = _notification(siti, "One"), _notification(siti, "Two")

    response = client_for(siti).post(reverse("core:notification_read", args=[first.pk]))

    assert response.status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.read_at is not None
    assert second.read_at is None


def test_someone_elses_notification_cannot_be_marked(siti, dinkes_admin, client_for):
    theirs = _notification(dinkes_admin, "Not Siti's")

    response = client_for(siti).post(reverse("core:notification_read", args=[theirs.pk]))

    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_opening_a_notification_marks_it_read_and_goes_to_its_page(siti, client_for):
    notification = _notification(siti, "Reminder", url="/me/campaigns/9/")

    response = client_for(siti).post(
        reverse("core:notification_read", args=[notification.pk]), {"open": "1"}
    )

    assert response["Location"] == "/me/campaigns/9/"
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_a_link_to_another_site_is_not_followed(siti, client_for):
    notification = _notification(siti, "Odd", url="https://evil.example.com/")

    response = client_for(siti).post(
        reverse("core:notification_read", args=[notification.pk]), {"open": "1"}
    )

    assert response["Location"] == reverse("core:notification_list")


def test_mark_all_read_marks_only_mine(siti, dinkes_admin, client_for):
    _notification(siti, "One")
    _notification(siti, "Two")
    theirs = _notification(dinkes_admin, "Theirs")

    client_for(siti).post(reverse("core:notification_read_all"))

    assert notify.unread_count(siti) == 0
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_the_bell_shows_the_unread_count(siti, client_for):
    _notification(siti, "One")
    _notification(siti, "Two")

    response = client_for(siti).get(reverse("core:notification_bell"))

    assert 'data-testid="unread-count">2<' in response.content.decode()


def test_every_page_has_the_bell_without_counting_on_the_page_itself(siti, client_for):
    response = client_for(siti).get(reverse("core:notification_preferences"))

    body = response.content.decode()
    assert f'hx-get="{reverse("core:notification_bell")}"' in body


def test_the_preferences_page_switches_channels(siti, client_for):
    # given
    client = client_for(siti)
    page = client.get(reverse("core:notification_preferences"))
    assert f'value="{EVENT}:email" checked' in page.content.decode()

    # when: only the in-app channel stays on
    response = client.post(
        reverse("core:notification_preferences"), {"enabled": [f"{EVENT}:in_app"]}
    )

    # then
    assert response.status_code == 302
    assert {k: on for k, on in notify.preferences_of(siti).items() if k[0] == EVENT} == {
        (EVENT, "in_app"): True, (EVENT, "email"): False, (EVENT, "webhook"): False,
    }  # fmt: skip
    page = client.get(reverse("core:notification_preferences"))
    assert f'value="{EVENT}:email" checked' not in page.content.decode()


# ---------------------------------------------------------------------------------------------
# The agency's webhook pages
# ---------------------------------------------------------------------------------------------


def _endpoint_form(agency, **changes) -> dict:
    return {
        "instansi": agency.pk,
        "name": "Gateway WA",
        "url": "https://wa.kotacontoh.go.id/hook",
        "secret": "",
        "events": [EVENT],
        "is_active": "on",
        **changes,
    }


def test_the_instansi_admin_adds_an_endpoint_with_a_generated_secret(
    org, instansi_admin, client_for
):
    # given: the form offers a fresh secret
    client = client_for(instansi_admin)
    form = client.get(reverse("core:webhook_create")).context["form"]
    offered = form.initial["secret"]
    assert len(offered) >= 32

    # when: saved with that secret
    response = client.post(
        reverse("core:webhook_create"), _endpoint_form(org["instansi"], secret=offered)
    )

    # then
    endpoint = WebhookEndpoint.objects.get()
    assert response["Location"] == reverse("core:webhook_edit", args=[endpoint.pk])
    assert (endpoint.secret, endpoint.events, endpoint.created_by) == (
        offered, [EVENT], instansi_admin
    )  # fmt: skip
    event = AuditEvent.objects.get(object_id=str(endpoint.pk), action="create")
    assert offered not in str(event.changes)


def test_editing_without_a_secret_keeps_the_current_one(org, instansi_admin, client_for):
    endpoint = WebhookEndpoint.objects.create(
        instansi=org["instansi"], name="WA", url="https://a.example.go.id/", secret="lama",
        events=[EVENT],
    )  # fmt: skip

    client_for(instansi_admin).post(
        reverse("core:webhook_edit", args=[endpoint.pk]),
        _endpoint_form(org["instansi"], name="WA baru", secret=""),
    )

    endpoint.refresh_from_db()
    assert (endpoint.name, endpoint.secret) == ("WA baru", "lama")


def test_an_endpoint_needs_an_event(org, instansi_admin, client_for):
    response = client_for(instansi_admin).post(
        reverse("core:webhook_create"), {**_endpoint_form(org["instansi"]), "events": []}
    )

    assert response.status_code == 200
    assert "events" in response.context["form"].errors
    assert not WebhookEndpoint.objects.exists()


def test_the_send_test_button_queues_a_delivery_shown_on_the_page(org, instansi_admin, client_for):
    endpoint = WebhookEndpoint.objects.create(
        instansi=org["instansi"], name="WA", url="http://127.0.0.1:9/", secret="s",
        events=[EVENT],
    )  # fmt: skip
    client = client_for(instansi_admin)

    client.post(reverse("core:webhook_test", args=[endpoint.pk]))

    delivery = WebhookDelivery.objects.get()
    assert delivery.event == "webhook.test"
    page = client.get(reverse("core:webhook_edit", args=[endpoint.pk])).content.decode()
    assert delivery.delivery_id in page


def test_an_admin_sees_only_their_agency_endpoints(org, instansi_admin, client_for):
    WebhookEndpoint.objects.create(
        instansi=org["instansi"], name="Kota WA", url="https://a.example.go.id/", secret="s",
        events=[EVENT],
    )  # fmt: skip
    other = UnitFactory(name="Kabupaten Sebelah", kind="instansi")
    WebhookEndpoint.objects.create(
        instansi=other, name="Kabupaten WA", url="https://b.example.go.id/", secret="s",
        events=[EVENT],
    )  # fmt: skip

    body = client_for(instansi_admin).get(reverse("core:webhook_list")).content.decode()

    assert "Kota WA" in body
    assert "Kabupaten WA" not in body


def test_an_endpoint_cannot_be_moved_to_another_agency(org, instansi_admin, client_for):
    other = UnitFactory(name="Kabupaten Sebelah", kind="instansi")
    make_admin(other, role="instansi_admin", username="admin_sebelah")
    endpoint = WebhookEndpoint.objects.create(
        instansi=org["instansi"], name="WA", url="https://a.example.go.id/", secret="s",
        events=[EVENT],
    )  # fmt: skip

    response = client_for(instansi_admin).post(
        reverse("core:webhook_edit", args=[endpoint.pk]), _endpoint_form(other)
    )

    assert response.status_code == 200  # the form refuses an agency that is not theirs
    endpoint.refresh_from_db()
    assert endpoint.instansi == org["instansi"]


def test_a_unit_admin_cannot_open_the_webhook_pages(dinkes_admin, client_for):
    assert client_for(dinkes_admin).get(reverse("core:webhook_list")).status_code == 403


def test_a_user_without_any_role_still_has_notifications(client_for, db):
    user = UserFactory(username="tamu")
    _notification(user, "Welcome")

    response = client_for(user).get(reverse("core:notification_list"))

    assert "Welcome" in response.content.decode()
