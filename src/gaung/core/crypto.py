"""Secrets encrypted at rest (webhook secrets, calendar feed tokens, later platform tokens).

Values are Fernet tokens (AES-128-CBC with HMAC-SHA256). The key comes from the
GAUNG_ENCRYPTION_KEY setting: one or more Fernet keys separated by commas, the first one
encrypts and all of them decrypt, so a key can be rotated by putting the new one first,
running `gaung reencrypt_secrets` (reencrypt_all) and then removing the old key. When
the setting is empty the key is derived from SECRET_KEY with HKDF, which keeps a fresh install
working without set-up but ties the secrets to SECRET_KEY: changing it makes them unreadable.
"""

from __future__ import annotations

import base64
import functools
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models

_HKDF_INFO = b"gaung.core.crypto field encryption"


def derive_key(secret_key: str) -> bytes:
    """A Fernet key derived from SECRET_KEY (used when GAUNG_ENCRYPTION_KEY is unset)."""
    raw = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_HKDF_INFO).derive(
        secret_key.encode()
    )
    return base64.urlsafe_b64encode(raw)


@functools.lru_cache(maxsize=4)
def _fernet(configured: str, secret_key: str) -> MultiFernet:
    keys = [key.strip() for key in configured.split(",") if key.strip()]
    try:
        fernets = [Fernet(key) for key in keys] or [Fernet(derive_key(secret_key))]
    except ValueError as error:
        raise ImproperlyConfigured(
            "GAUNG_ENCRYPTION_KEY must be Fernet keys (32 url-safe base64-encoded bytes), "
            "comma-separated; make one with: python -c 'from cryptography.fernet import Fernet; "
            "print(Fernet.generate_key().decode())'"
        ) from error
    return MultiFernet(fernets)


def fernet() -> MultiFernet:
    # Keyed on the settings' values so that a changed setting (tests, rotation) takes effect.
    return _fernet(getattr(settings, "GAUNG_ENCRYPTION_KEY", "") or "", settings.SECRET_KEY)


def encrypt(value: str) -> str:
    return fernet().encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return fernet().decrypt(token.encode()).decode()
    except InvalidToken as error:
        raise ImproperlyConfigured(
            "A stored secret cannot be decrypted: GAUNG_ENCRYPTION_KEY (or SECRET_KEY, when the "
            "former is unset) is not the key it was encrypted with."
        ) from error


class EncryptedTextField(models.TextField):
    """Text stored as a Fernet token; Python code only ever sees the plain value."""

    def from_db_value(self, value: str | None, expression, connection) -> str | None:
        if value is None or value == "":
            return value
        return decrypt(value)

    def get_prep_value(self, value: Any) -> str | None:
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        # A new token each time (random IV): equal secrets never look equal in the database.
        return encrypt(value)


def encrypted_columns() -> list[tuple[type[models.Model], models.Field]]:
    """Every (model, field) of the installed apps stored as an EncryptedTextField."""
    from django.apps import apps

    return [
        (model, field)
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if isinstance(field, EncryptedTextField)
    ]


def reencrypt_all() -> dict[str, int]:
    """Encrypt every stored secret again with the first configured key, all or nothing.

    Returns how many values each `app_label.model.field` held. A value no configured key
    opens stops everything (ImproperlyConfigured) and nothing is changed.
    """
    from django.db import connection, transaction

    counts: dict[str, int] = {}
    with transaction.atomic():
        for model, field in encrypted_columns():
            table, column = model._meta.db_table, field.column
            with connection.cursor() as cursor:
                # Names come from the models, never from input.
                cursor.execute(
                    f'SELECT "id", "{column}" FROM "{table}" WHERE "{column}" <> %s',  # noqa: S608
                    [""],
                )
                rows = cursor.fetchall()
                rotated = []
                for pk, token in rows:
                    try:
                        rotated.append((fernet().rotate(token.encode()).decode(), pk))
                    except InvalidToken as error:
                        raise ImproperlyConfigured(
                            f"{model._meta.label}.{field.name} #{pk} cannot be decrypted with "
                            "GAUNG_ENCRYPTION_KEY: add the key it was written with (after the "
                            "new one) and run the command again."
                        ) from error
                cursor.executemany(
                    f'UPDATE "{table}" SET "{column}" = %s WHERE "id" = %s',  # noqa: S608
                    rotated,
                )
            counts[f"{model._meta.label_lower}.{field.name}"] = len(rows)
    return counts
