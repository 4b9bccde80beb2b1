"""Logins: allauth pages in the product's frame, closed sign-up, rate limits and admin MFA."""

import re
import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client, override_settings
from django.urls import reverse
from rest_framework.authtoken.models import Token

from gaung.registry.nip import format_grouped
from tests.factories import EmployeeFactory, UserFactory

User = get_user_model()
PASSWORD = "rahasia-sekali-123"  # what UserFactory sets
LOGIN_URL = reverse("account_login")
TOTP_ACTIVATE_URL = reverse("mfa_activate_totp")


@pytest.fixture(autouse=True)
def _isolated_cache(settings, tmp_path):
    # Rate limits and used TOTP codes live in the cache; keep each test's apart.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": str(tmp_path),
        }
    }
    # Otherwise WhiteNoise indexes every vendored static file for each new test client.
    settings.WHITENOISE_AUTOREFRESH = True


def english_client() -> Client:
    """A client that chose English in the language menu (the default is Indonesian)."""
    client = Client()
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def log_in(client: Client, login: str, password: str = PASSWORD):
    """Log in through allauth's form (unlike force_login, this counts as a fresh sign-in)."""
    return client.post(LOGIN_URL, {"login": login, "password": password})


def reauthenticate(client: Client, password: str = PASSWORD) -> None:
    """allauth asks for the password again before a second factor is added."""
    response = client.post(reverse("account_reauthenticate"), {"password": password})
    assert response.status_code == 302


def current_totp(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def assert_csp_safe(response) -> None:
    """Every script carries the response's nonce and no element has an inline handler."""
    html = response.content.decode()
    nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
    for tag in re.findall(r"<script\b[^>]*>", html):
        assert f'nonce="{nonce}"' in tag, tag
    assert not re.search(r"<[^>]+\son[a-z]+=", html)


def assert_product_frame(response) -> None:
    html = response.content.decode()
    assert "gaung-brand" in html
    assert 'class="card card-md"' in html
    assert "tabler.min.css" in html


# --- closed sign-up ----------------------------------------------------------------------


def test_public_sign_up_is_closed(db):
    client = english_client()

    page = client.get(reverse("account_signup"))
    attempt = client.post(
        reverse("account_signup"),
        {"username": "intruder", "email": "x@example.com", "password1": "Zz-9" * 4,
         "password2": "Zz-9" * 4},
    )  # fmt: skip

    assert page.status_code == 200
    assert "Sign-up is closed" in page.content.decode()
    assert reverse("activation:request_code") in page.content.decode()
    assert attempt.status_code == 200
    assert not User.objects.filter(username="intruder").exists()
    assert_product_frame(page)


# --- logging in --------------------------------------------------------------------------


def test_asn_logs_in_with_the_nip_typed_with_spaces(org):
    employee = EmployeeFactory(unit=org["dinkes_p2p"])
    user = UserFactory(username=employee.nip)
    employee.user = user
    employee.save()
    client = Client()

    response = log_in(client, format_grouped(employee.nip, "pns"))

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_login_by_email_works(db):
    user = UserFactory(username="budi", email="budi@kota.go.id")
    client = Client()

    response = log_in(client, "budi@kota.go.id")

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_login_page_links_asn_activation(db):
    response = english_client().get(LOGIN_URL)

    html = response.content.decode()
    assert "Activate your account (ASN)" in html
    assert reverse("activation:request_code") in html
    assert reverse("account_reset_password") in html
    assert_product_frame(response)
    assert_csp_safe(response)


def test_sixth_login_after_five_failures_is_refused_even_with_the_right_password(db):
    # given
    user = UserFactory(username="admin_dinkes")
    client = english_client()
    for _attempt in range(5):
        assert log_in(client, "admin_dinkes", "wrong-password").status_code == 200

    # when
    response = log_in(client, "admin_dinkes", PASSWORD)

    # then
    assert response.status_code == 200
    assert "Too many failed login attempts. Try again later." in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert user.check_password(PASSWORD)


def test_failures_on_another_account_do_not_lock_this_one(db):
    UserFactory(username="someone_else")
    user = UserFactory(username="admin_dinkes")
    client = Client()
    for _attempt in range(5):
        log_in(client, "someone_else", "wrong-password")

    response = log_in(client, "admin_dinkes", PASSWORD)

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_password_reset_by_email_reaches_an_activated_asn(asn):
    client = english_client()

    response = client.post(reverse("account_reset_password"), {"email": asn.email})

    assert response.status_code == 302
    link = re.search(r"https?://\S+/auth/password/reset/key/\S+", mail.outbox[0].body).group(0)
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    assert_product_frame(form_page)
    assert_csp_safe(form_page)
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"password1": "Teh-Manis-Dingin-7", "password2": "Teh-Manis-Dingin-7"},
    )
    assert done.status_code == 302
    asn.refresh_from_db()
    assert asn.check_password("Teh-Manis-Dingin-7")


# --- allauth pages in the product's frame ------------------------------------------------


@pytest.mark.parametrize(
    "url_name",
    ["account_login", "account_reset_password", "account_reset_password_done", "account_signup"],
)
def test_entrance_pages_use_the_product_frame_and_respect_csp(db, url_name):
    response = english_client().get(reverse(url_name))

    assert response.status_code == 200
    assert_product_frame(response)
    assert_csp_safe(response)


@pytest.mark.parametrize(
    "url_name",
    [
        "account_change_password",
        "account_logout",
        "account_reauthenticate",
        "mfa_index",
        "mfa_activate_totp",
    ],
)
def test_account_pages_use_the_product_frame_and_respect_csp(asn, url_name):
    client = english_client()
    log_in(client, asn.username)
    if url_name == "mfa_activate_totp":
        reauthenticate(client)

    response = client.get(reverse(url_name))

    assert response.status_code == 200
    assert_product_frame(response)
    assert_csp_safe(response)


def test_totp_activation_shows_the_qr_code_and_then_the_recovery_codes(asn):
    # given
    client = english_client()
    log_in(client, asn.username)
    assert client.get(TOTP_ACTIVATE_URL).url.startswith(reverse("account_reauthenticate"))
    reauthenticate(client)
    page = client.get(TOTP_ACTIVATE_URL)
    secret = client.session["mfa.totp.secret"]
    assert 'src="data:image/svg+xml;base64,' in page.content.decode()
    assert secret in page.content.decode()

    # when
    response = client.post(TOTP_ACTIVATE_URL, {"code": current_totp(secret)})

    # then
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=asn, type=Authenticator.Type.TOTP).exists()
    codes = client.get(response.url)
    assert codes.status_code == 200
    assert_product_frame(codes)
    assert_csp_safe(codes)
    assert len(re.findall(r'<li class="col">\w+</li>', codes.content.decode())) == 10
    index = client.get(reverse("mfa_index"))
    assert "Deactivate" in index.content.decode()


# --- two-factor login --------------------------------------------------------------------


def test_totp_login_end_to_end(dinkes_admin):
    # given
    secret = generate_totp_secret()
    TOTP.activate(dinkes_admin, secret)
    client = english_client()

    # when
    first = log_in(client, "admin_dinkes")
    challenge = client.get(first.url)
    wrong = client.post(first.url, {"code": "000000" if current_totp(secret) != "000000" else "1"})
    assert "_auth_user_id" not in client.session
    second = client.post(first.url, {"code": current_totp(secret)})

    # then
    assert first.status_code == 302
    assert first.url == reverse("mfa_authenticate")
    assert challenge.status_code == 200
    assert_product_frame(challenge)
    assert_csp_safe(challenge)
    assert wrong.status_code == 200
    assert second.status_code == 302
    assert client.session["_auth_user_id"] == str(dinkes_admin.pk)


def test_activation_by_code_still_asks_the_second_factor(org):
    # given: an ASN who protected their login with TOTP resets the password by NIP + code
    from gaung.registry import activation

    employee = EmployeeFactory(unit=org["dinkes_p2p"])
    user = UserFactory(username=employee.nip)
    employee.user = user
    employee.save()
    TOTP.activate(user, generate_totp_secret())
    client = Client()
    client.post(reverse("activation:request_code"), {"nip": employee.nip})
    code = re.search(r"\b(\d{6})\b", mail.outbox[0].body).group(1)

    # when
    response = client.post(
        reverse("activation:confirm_code"),
        {"nip": employee.nip, "code": code, "password": "Es-Teh-Manis-77",
         "confirm_password": "Es-Teh-Manis-77"},
    )  # fmt: skip

    # then: the password is set, but the login waits for the authenticator code
    assert response.status_code == 302
    assert response.url == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session
    assert activation.api_token_for(user) is None


# --- admins must enrol when GAUNG_REQUIRE_ADMIN_MFA is on ---------------------------------


@override_settings(GAUNG_REQUIRE_ADMIN_MFA=True)
def test_admin_without_totp_is_sent_to_totp_setup(client_for, dinkes_admin):
    client = client_for(dinkes_admin)

    for url in ("/", reverse("registry:employee_list"), reverse("socials:account_list")):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url == TOTP_ACTIVATE_URL


@override_settings(GAUNG_REQUIRE_ADMIN_MFA=True)
def test_admin_without_totp_gets_an_htmx_redirect_for_fragments(client_for, dinkes_admin):
    response = client_for(dinkes_admin).get(
        reverse("registry:employee_list"), headers={"HX-Request": "true"}
    )

    assert response["HX-Redirect"] == TOTP_ACTIVATE_URL


@override_settings(GAUNG_REQUIRE_ADMIN_MFA=True)
def test_admin_without_totp_gets_403_json_on_the_api(client_for, dinkes_admin, employee_factory):
    employee = employee_factory()
    session = client_for(dinkes_admin)
    token = Token.objects.create(user=dinkes_admin)
    by_token = Client(HTTP_AUTHORIZATION=f"Token {token.key}")

    for client in (session, by_token):
        response = client.post(
            "/api/activation/invite/", {"employee": employee.pk}, content_type="application/json"
        )
        assert response.status_code == 403
        assert "Two-factor" in response.json()["detail"]
    assert mail.outbox == []


@override_settings(GAUNG_REQUIRE_ADMIN_MFA=True)
def test_admin_without_totp_can_still_reach_the_login_pages(client_for, dinkes_admin):
    client = client_for(dinkes_admin)

    assert client.get(reverse("account_logout")).status_code == 200
    assert client.get(reverse("mfa_index")).status_code == 200


@override_settings(GAUNG_REQUIRE_ADMIN_MFA=True)
def test_admin_with_totp_is_let_through(client_for, dinkes_admin, employee_factory):
    TOTP.activate(dinkes_admin, generate_totp_secret())
    employee = employee_factory()
    client = client_for(dinkes_admin)

    page = client.get("/")
    api = client.post(
        "/api/activation/invite/", {"employee": employee.pk}, content_type="application/json"
    )

    assert page.status_code == 200
    assert api.status_code == 201


@override_settings(GAUNG_REQUIRE_ADMIN_MFA=True)
def test_asn_are_not_forced_to_set_up_totp(client_for, asn):
    client = client_for(asn)

    page = client.get("/")
    api = client.get("/api/schema/")

    assert page.status_code == 302
    assert page.url == reverse("socials:my_accounts")
    assert api.status_code != 403


@override_settings(GAUNG_REQUIRE_ADMIN_MFA=False)
def test_without_the_setting_admins_are_not_forced(client_for, dinkes_admin):
    response = client_for(dinkes_admin).get("/")

    assert response.status_code == 200


@override_settings(GAUNG_REQUIRE_ADMIN_MFA=True)
def test_admin_logging_in_is_led_through_totp_setup(dinkes_admin):
    # given
    client = english_client()
    log_in(client, "admin_dinkes")
    assert client.get("/").url == TOTP_ACTIVATE_URL

    # when
    reauthenticate(client)
    client.get(TOTP_ACTIVATE_URL)
    secret = client.session["mfa.totp.secret"]
    client.post(TOTP_ACTIVATE_URL, {"code": current_totp(secret)})

    # then
    assert client.get("/").status_code == 200


@pytest.fixture
def employee_factory(org):
    """Employees of Dinkes (inside dinkes_admin's scope)."""

    def make(**fields):
        return EmployeeFactory(unit=org["dinkes"], **fields)

    return make
