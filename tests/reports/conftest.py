"""Fixtures for the compilation: a small staffed organisation and a helper that takes one."""

import datetime

import pytest
from django.utils import timezone

from gaung.config.celery import app as celery_app
from gaung.reports.actions import take_compilation
from gaung.reports.models import Compilation
from tests.factories import EmployeeFactory, SocialAccountFactory


@pytest.fixture(autouse=True)
def _celery_eager(monkeypatch):
    # Tasks run in the test process, right when they are queued (after commit).
    monkeypatch.setitem(celery_app.conf, "task_always_eager", True)


@pytest.fixture
def take(django_capture_on_commit_callbacks):
    """Take a compilation as `user`, running the queued Celery task at once."""

    def run(user, instansi, year: int | None = None, **kwargs) -> Compilation:
        if year is None and "period_start" not in kwargs:
            year = timezone.localdate().year
        with django_capture_on_commit_callbacks(execute=True):
            compilation = take_compilation(user, instansi, year=year, **kwargs)
        compilation.refresh_from_db()
        return compilation

    return run


@pytest.fixture
def staffed(org):
    """Dinkes: 4 ASN (2 with accounts), Bidang P2P: 2 ASN (1 with accounts); Disdik SD: 2 ASN.

    Accounts: Siti (P2P) instagram verified 1000 + tiktok unverified 500; Budi (Dinkes)
    instagram verified 200; Ani (Dinkes) instagram rejected (not counted); Rina (Disdik SD)
    youtube verified 50. A non-ASN and an inactive employee of Dinkes are not counted.
    """
    siti = EmployeeFactory(
        unit=org["dinkes_p2p"], name="Siti Rahayu", front_title="Dr.", back_title="M.Si."
    )
    joko = EmployeeFactory(unit=org["dinkes_p2p"], name="Joko Susilo")
    budi = EmployeeFactory(unit=org["dinkes"], name="Budi Santoso")
    ani = EmployeeFactory(unit=org["dinkes"], name="Ani Wijaya")
    EmployeeFactory(unit=org["dinkes"], name="Dewi Lestari")
    EmployeeFactory(unit=org["dinkes"], name="Eko Prasetyo")
    EmployeeFactory(unit=org["dinkes"], name="Honorer Satu", employee_type="non_asn", nip=None)
    EmployeeFactory(unit=org["dinkes"], name="Pensiun Dulu", is_active=False)
    rina = EmployeeFactory(unit=org["disdik_sd"], name="Rina Lestari")
    EmployeeFactory(unit=org["disdik_sd"], name="Tono Wibowo")
    SocialAccountFactory(owner_employee=siti, handle="siti.p2p", status="verified", followers=1000)
    SocialAccountFactory(
        owner_employee=siti, platform="tiktok", handle="siti.tiktok", followers=500,
        profile_url="https://www.tiktok.com/@siti.tiktok",
    )  # fmt: skip
    SocialAccountFactory(
        owner_employee=budi, handle="budi.dinkes", status="verified", followers=200
    )
    SocialAccountFactory(owner_employee=ani, handle="ani.ditolak", status="rejected", followers=9)
    SocialAccountFactory(
        owner_employee=rina, platform="youtube", handle="UCrina", status="verified", followers=50,
        profile_url="https://www.youtube.com/channel/UCrina",
    )  # fmt: skip
    return {"siti": siti, "joko": joko, "budi": budi, "ani": ani, "rina": rina}


def last_year() -> int:
    return timezone.localdate().year - 1


def backdate(account, days: int = 400) -> None:
    """Pretend the account was registered long ago (created_at is set automatically)."""
    type(account).objects.filter(pk=account.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=days)
    )


@pytest.fixture
def english_client(settings, client_for):
    """A logged-in client whose pages speak English (the msgids), whatever catalogue exists."""
    settings.LANGUAGE_CODE = "en"

    def make(user):
        client = client_for(user)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        return client

    return make


@pytest.fixture
def compiled(org, staffed, instansi_admin, take):
    """This year's compilation of the staffed organisation."""
    return take(instansi_admin, org["instansi"])
