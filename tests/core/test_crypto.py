"""Secrets encrypted at rest: the database holds a Fernet token, Python sees the plain value."""

import io
import json

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command
from django.db import connection

from gaung.core import crypto
from gaung.core.models import WebhookEndpoint


def _raw_secret(endpoint: WebhookEndpoint) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT secret FROM core_webhookendpoint WHERE id = %s", [endpoint.pk])
        return cursor.fetchone()[0]


@pytest.fixture
def agency(org):
    return org["instansi"]


SECRET = "rahasia-gateway-wa"


def _endpoint(agency) -> WebhookEndpoint:
    return WebhookEndpoint.objects.create(
        instansi=agency, name="Gateway WA", url="https://wa.example.go.id/hook", secret=SECRET,
        events=["amplification.reminder"],
    )  # fmt: skip


def test_webhook_secret_is_stored_encrypted_and_read_back_in_clear(agency):
    # given / when
    endpoint = _endpoint(agency)

    # then: the column holds something else, which decrypts to the secret
    raw = _raw_secret(endpoint)
    assert raw != "rahasia-gateway-wa"
    assert "rahasia" not in raw
    assert crypto.decrypt(raw) == "rahasia-gateway-wa"
    assert WebhookEndpoint.objects.get(pk=endpoint.pk).secret == "rahasia-gateway-wa"


def test_equal_secrets_do_not_look_equal_in_the_database(agency):
    first, second = _endpoint(agency), _endpoint(agency)

    assert _raw_secret(first) != _raw_secret(second)


def test_the_configured_key_encrypts_when_set(agency, settings):
    # given
    key = Fernet.generate_key().decode()
    settings.GAUNG_ENCRYPTION_KEY = key

    # when
    endpoint = _endpoint(agency)

    # then: anyone holding that key (and only that key) can read the column
    assert Fernet(key.encode()).decrypt(_raw_secret(endpoint).encode()) == b"rahasia-gateway-wa"


def test_without_a_configured_key_the_key_is_derived_from_the_secret_key(agency, settings):
    settings.GAUNG_ENCRYPTION_KEY = ""

    endpoint = _endpoint(agency)

    derived = Fernet(crypto.derive_key(settings.SECRET_KEY))
    assert derived.decrypt(_raw_secret(endpoint).encode()) == b"rahasia-gateway-wa"


def test_a_rotated_key_still_reads_secrets_written_with_the_old_one(agency, settings):
    # given: a secret written with the old key
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.GAUNG_ENCRYPTION_KEY = old
    endpoint = _endpoint(agency)

    # when: the new key comes first, the old one after it
    settings.GAUNG_ENCRYPTION_KEY = f"{new},{old}"

    # then
    assert WebhookEndpoint.objects.get(pk=endpoint.pk).secret == "rahasia-gateway-wa"


def test_reading_with_the_wrong_key_fails_loudly(agency, settings):
    settings.GAUNG_ENCRYPTION_KEY = Fernet.generate_key().decode()
    endpoint = _endpoint(agency)
    settings.GAUNG_ENCRYPTION_KEY = Fernet.generate_key().decode()

    with pytest.raises(ImproperlyConfigured, match="GAUNG_ENCRYPTION_KEY"):
        WebhookEndpoint.objects.get(pk=endpoint.pk)


def test_a_malformed_key_setting_is_reported(settings):
    settings.GAUNG_ENCRYPTION_KEY = "not-a-fernet-key"

    with pytest.raises(ImproperlyConfigured, match="Fernet"):
        crypto.encrypt("x")


def test_reencrypting_moves_every_secret_to_the_new_key_so_the_old_one_can_go(agency, settings):
    # given secrets written with the old key, then the new key put first
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.GAUNG_ENCRYPTION_KEY = old
    first, second = _endpoint(agency), _endpoint(agency)
    settings.GAUNG_ENCRYPTION_KEY = f"{new},{old}"
    out = io.StringIO()

    # when
    call_command("reencrypt_secrets", stdout=out, stderr=io.StringIO())

    # then the counts are reported and the new key alone reads every secret
    assert json.loads(out.getvalue())["core.webhookendpoint.secret"] == 2
    settings.GAUNG_ENCRYPTION_KEY = new
    for endpoint in (first, second):
        assert WebhookEndpoint.objects.get(pk=endpoint.pk).secret == SECRET
        assert Fernet(new.encode()).decrypt(_raw_secret(endpoint).encode()) == SECRET.encode()


def test_reencrypting_with_a_secret_no_key_opens_changes_nothing(agency, settings):
    # given one secret under a key that is no longer configured, one under the current key
    lost, current = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.GAUNG_ENCRYPTION_KEY = current
    readable = _endpoint(agency)
    settings.GAUNG_ENCRYPTION_KEY = lost
    unreadable = _endpoint(agency)
    settings.GAUNG_ENCRYPTION_KEY = f"{Fernet.generate_key().decode()},{current}"
    before = [_raw_secret(readable), _raw_secret(unreadable)]

    # when / then
    with pytest.raises(CommandError, match=f"#{unreadable.pk} cannot be decrypted"):
        call_command("reencrypt_secrets", stdout=io.StringIO(), stderr=io.StringIO())
    assert [_raw_secret(readable), _raw_secret(unreadable)] == before
