"""Shared fixtures: users of every role over a small organisation tree."""

import pytest
from django.test import Client
from rest_framework.test import APIClient

from tests.factories import (
    EmployeeFactory,
    UnitFactory,
    UserFactory,
    make_admin,
)


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _email_in_memory(settings):
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}


@pytest.fixture(autouse=True)
def _static_files_looked_up_on_request(settings):
    # Every test client builds the middleware anew, and WhiteNoise would index ~10,000 static
    # files each time (about half a second); in autorefresh mode it finds a file on request.
    settings.WHITENOISE_AUTOREFRESH = True


@pytest.fixture(autouse=True)
def _uploads_in_a_temporary_folder(settings, tmp_path_factory):
    # Uploaded files (imports) must not land in the install's var/media.
    settings.MEDIA_ROOT = tmp_path_factory.getbasetemp() / "media"


@pytest.fixture
def org(db):
    """An instansi with two OPD, each with a bidang; names a test can refer to."""
    instansi = UnitFactory(name="Pemerintah Kota Contoh", kind="instansi", parent=None)
    dinkes = UnitFactory(name="Dinas Kesehatan", short_name="Dinkes", kind="dinas", parent=instansi)
    dinkes_p2p = UnitFactory(name="Bidang P2P", kind="bidang", parent=dinkes)
    disdik = UnitFactory(
        name="Dinas Pendidikan", short_name="Disdik", kind="dinas", parent=instansi
    )
    disdik_sd = UnitFactory(name="Bidang SD", kind="bidang", parent=disdik)
    return {
        "instansi": instansi,
        "dinkes": dinkes,
        "dinkes_p2p": dinkes_p2p,
        "disdik": disdik,
        "disdik_sd": disdik_sd,
    }


@pytest.fixture
def superadmin(db):
    return UserFactory(username="super", is_superuser=True, is_staff=True)


@pytest.fixture
def instansi_admin(org):
    return make_admin(org["instansi"], role="instansi_admin", username="bkpsdm")


@pytest.fixture
def dinkes_admin(org):
    return make_admin(org["dinkes"], username="admin_dinkes")


@pytest.fixture
def disdik_admin(org):
    return make_admin(org["disdik"], username="admin_disdik")


@pytest.fixture
def asn(org):
    """An ASN of Bidang P2P (Dinkes) with an activated login."""
    user = UserFactory(username="asn_p2p")
    employee = EmployeeFactory(unit=org["dinkes_p2p"], user=user, name="Siti Rahayu")
    user.employee_record = employee
    return user


@pytest.fixture
def client_for():
    """A logged-in Django test client for a user."""

    def make(user) -> Client:
        client = Client()
        if user is not None:
            client.force_login(user)
        return client

    return make


@pytest.fixture
def api_for():
    """A DRF client authenticated as a user (None: anonymous)."""

    def make(user) -> APIClient:
        client = APIClient()
        if user is not None:
            client.force_authenticate(user)
        return client

    return make
