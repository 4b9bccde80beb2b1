"""Outgoing webhooks: signed deliveries to a real local HTTP server, retries, the log, and
never the same delivery twice."""

import hashlib
import hmac
import socket

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from gaung.config.celery import app as celery_app
from gaung.core import audit, notify, webhooks
from gaung.core.models import DeliveryStatus, WebhookDelivery, WebhookEndpoint
from tests.core.webhook_receiver import receiver_fixture  # noqa: F401 (the `receiver` fixture)
from tests.factories import EmployeeFactory, UnitFactory

SECRET = "rahasia-gateway-wa"


@pytest.fixture(autouse=True)
def _tasks_run_at_once(monkeypatch):
    monkeypatch.setitem(celery_app.conf, "task_always_eager", True)


@pytest.fixture
def endpoint(org, receiver):
    return WebhookEndpoint.objects.create(
        instansi=org["instansi"], name="Gateway WA", url=receiver.url, secret=SECRET,
        events=["amplification.reminder", "webhook.test"],
    )  # fmt: skip


def _delivery(endpoint, data=None) -> WebhookDelivery:
    return WebhookDelivery.objects.create(
        endpoint=endpoint, event="amplification.reminder", payload=data or {"hello": "ASN"},
        delivery_id="0f8c2b6e-5d1a-4c1e-9a57-3f0d2c9b1a11",
    )  # fmt: skip


def _expected_signature(body: bytes) -> str:
    return "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()


def test_a_delivery_posts_signed_json_with_its_delivery_id(endpoint, receiver):
    # given
    delivery = _delivery(endpoint, {"message": "Jangan lupa bagikan"})

    # when
    status = webhooks.attempt_delivery(delivery.pk)

    # then: the receiver can check the body came from Gaung, and which delivery it is
    assert status == DeliveryStatus.DELIVERED
    [request] = receiver.received
    assert request.headers["X-Gaung-Signature"] == _expected_signature(request.body)
    assert request.headers["X-Gaung-Delivery"] == delivery.delivery_id
    assert request.headers["X-Gaung-Event"] == "amplification.reminder"
    assert request.headers["Content-Type"] == "application/json"
    assert request.json["id"] == delivery.delivery_id
    assert request.json["data"] == {"message": "Jangan lupa bagikan"}
    delivery.refresh_from_db()
    assert (delivery.attempts, delivery.response_code, delivery.error) == (1, 200, "")
    assert delivery.delivered_at is not None


def test_a_delivered_delivery_is_never_posted_again(endpoint, receiver):
    # given: a delivery already delivered
    delivery = _delivery(endpoint)
    webhooks.deliver_webhook.delay(delivery.pk)

    # when: its task runs again (a redelivered Celery message, a double click)
    webhooks.deliver_webhook.delay(delivery.pk)
    webhooks.attempt_delivery(delivery.pk)

    # then
    assert len(receiver.received) == 1
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.DELIVERED, 1)


def test_a_failing_endpoint_is_retried_then_given_up_and_logged(endpoint, receiver):
    # given: a gateway that always answers 500
    receiver.answers = [500]
    delivery = _delivery(endpoint)

    # when: the task runs (retries run at once under eager Celery)
    webhooks.deliver_webhook.delay(delivery.pk)

    # then: tried MAX_ATTEMPTS times, the same delivery id and signature each time
    assert len(receiver.received) == webhooks.MAX_ATTEMPTS
    assert len({r.headers["X-Gaung-Delivery"] for r in receiver.received}) == 1
    assert len({r.headers["X-Gaung-Signature"] for r in receiver.received}) == 1
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.FAILED
    assert delivery.attempts == webhooks.MAX_ATTEMPTS
    assert delivery.response_code == 500
    assert delivery.error.startswith("HTTP 500")


def test_a_temporary_failure_is_retried_until_delivered(endpoint, receiver):
    receiver.answers = [503, 200]
    delivery = _delivery(endpoint)

    webhooks.deliver_webhook.delay(delivery.pk)

    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.error) == (
        DeliveryStatus.DELIVERED, 2, ""
    )  # fmt: skip
    assert len(receiver.received) == 2


def test_an_unreachable_endpoint_is_logged_and_left_for_a_retry(org):
    # given: nothing listens on this port
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    endpoint = WebhookEndpoint.objects.create(
        instansi=org["instansi"], name="Mati", url=f"http://127.0.0.1:{port}/", secret=SECRET,
        events=["webhook.test"],
    )  # fmt: skip
    delivery = _delivery(endpoint)

    # when: one attempt
    status = webhooks.attempt_delivery(delivery.pk)

    # then
    assert status == DeliveryStatus.RETRYING
    delivery.refresh_from_db()
    assert delivery.attempts == 1
    assert "ConnectError" in delivery.error


def test_retries_wait_longer_each_time():
    assert [webhooks.retry_delay(n) for n in range(1, 6)] == [60, 120, 240, 480, 960]
    assert webhooks.retry_delay(20) == 3600


def test_notify_posts_to_the_agency_endpoints_subscribed_to_the_event(
    org, endpoint, receiver, django_capture_on_commit_callbacks
):
    # given: the employee's agency has the endpoint; another agency has one too
    employee = EmployeeFactory(unit=org["dinkes_p2p"], name="Siti Rahayu", phone="0812000111")
    other_agency = UnitFactory(name="Kabupaten Lain", kind="instansi")
    WebhookEndpoint.objects.create(
        instansi=other_agency, name="Lain", url=receiver.url, secret="x",
        events=["amplification.reminder"],
    )  # fmt: skip
    WebhookEndpoint.objects.create(
        instansi=org["instansi"], name="Tidak berlangganan", url=receiver.url, secret="x",
        events=["webhook.test"],
    )  # fmt: skip

    # when
    with django_capture_on_commit_callbacks(execute=True):
        sent = notify.notify(
            [employee], "amplification.reminder", "Pengingat", "Ayo bagikan",
            url="/me/campaigns/1/", payload={"campaign": "Vaksinasi"},
        )  # fmt: skip

    # then: exactly one post, to the subscribed endpoint of the employee's agency
    assert sent["webhook"] == 1
    [request] = receiver.received
    assert request.headers["X-Gaung-Signature"] == _expected_signature(request.body)
    data = request.json["data"]
    assert data["recipient"]["name"] == "Siti Rahayu"
    assert data["recipient"]["nip"] == employee.nip
    assert data["recipient"]["phone"] == "0812000111"
    assert data["url"].endswith("/me/campaigns/1/") and data["url"].startswith("http")
    assert data["data"] == {"campaign": "Vaksinasi"}


def test_paused_endpoints_receive_nothing(org, endpoint, receiver):
    endpoint.is_active = False
    endpoint.save()
    employee = EmployeeFactory(unit=org["dinkes_p2p"])

    sent = notify.notify([employee], "amplification.reminder", "Pengingat")

    assert sent["webhook"] == 0
    assert WebhookDelivery.objects.count() == 0


def test_send_test_is_only_for_the_agency_admins(org, endpoint, instansi_admin, dinkes_admin):
    # when / then
    with pytest.raises(PermissionDenied):
        webhooks.send_test(dinkes_admin, endpoint)
    delivery = webhooks.send_test(instansi_admin, endpoint)
    assert delivery.event == "webhook.test"
    assert delivery.status == DeliveryStatus.PENDING


def test_a_failed_delivery_can_be_sent_again_with_the_same_id_by_the_agency_admin(
    endpoint, receiver, instansi_admin, client, django_capture_on_commit_callbacks
):
    # given a delivery that failed every attempt
    receiver.answers = [500] * webhooks.MAX_ATTEMPTS + [200]
    delivery = _delivery(endpoint)
    webhooks.deliver_webhook.delay(delivery.pk)
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.FAILED

    # when the admin presses "Send again" on the endpoint's page
    client.force_login(instansi_admin)
    page = client.get(f"/webhooks/{endpoint.pk}/").content.decode()
    assert 'data-testid="retry-delivery"' in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/webhooks/{endpoint.pk}/deliveries/{delivery.pk}/retry/")

    # then it is delivered, with the same delivery id and signature as before
    assert response.status_code == 302
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.DELIVERED, 1)
    assert len({r.headers["X-Gaung-Delivery"] for r in receiver.received}) == 1
    assert len({r.headers["X-Gaung-Signature"] for r in receiver.received}) == 1
    [event] = [e for e in audit.events_for(endpoint) if "retry" in str(e.changes)]
    assert event.actor == instansi_admin


def test_only_a_failed_delivery_of_ones_own_agency_can_be_sent_again(
    org, endpoint, receiver, instansi_admin, dinkes_admin
):
    delivered = _delivery(endpoint)
    webhooks.deliver_webhook.delay(delivered.pk)

    with translation.override("en"), pytest.raises(ValidationError, match="Only a failed"):
        webhooks.retry_delivery(instansi_admin, delivered)
    with pytest.raises(PermissionDenied):
        webhooks.retry_delivery(dinkes_admin, delivered)
    assert len(receiver.received) == 1
