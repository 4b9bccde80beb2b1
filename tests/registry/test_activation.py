"""ASN activation: admin invitation links, NIP + one-time code, and their API."""

import hashlib
import hmac
import re
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token

from gaung.core.choices import AuditAction
from gaung.core.models import AuditEvent
from gaung.registry import activation
from gaung.registry.models import ActivationToken
from gaung.registry.nip import format_grouped
from gaung.registry.synthetic import synthetic_pns_nip
from tests.factories import EmployeeFactory, UserFactory, make_admin

User = get_user_model()
NEW_PASSWORD = "Kopi-Tubruk-2026!"
UNKNOWN_NIP = synthetic_pns_nip(987_654)
REQUEST_CODE_URL = reverse("activation:request_code")
CONFIRM_CODE_URL = reverse("activation:confirm_code")
MY_ACCOUNTS_URL = reverse("socials:my_accounts")


@pytest.fixture(autouse=True)
def _english(settings):
    # Assertions read the English msgids; the product's default language is Indonesian.
    settings.LANGUAGE_CODE = "en"


@pytest.fixture(autouse=True)
def _isolated_cache(settings, tmp_path):
    # Rate limits live in the cache; a fresh local-memory cache per test keeps them apart.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": str(tmp_path),
        }
    }
    # Otherwise WhiteNoise indexes every vendored static file for each new test client.
    settings.WHITENOISE_AUTOREFRESH = True


@pytest.fixture
def employee(org):
    """An ASN of Bidang P2P (Dinkes) without a login yet."""
    return EmployeeFactory(
        unit=org["dinkes_p2p"], name="Siti Rahayu", front_title="dr.", email="siti@kota.go.id"
    )


def _link_token(message) -> str:
    return re.search(r"/activation/([\w-]+)/", message.body).group(1)


def _code(message) -> str:
    return re.search(r"\b(\d{6})\b", message.body).group(1)


def _without_per_response_secrets(html: str) -> str:
    html = re.sub(r'nonce="[^"]+"', "", html)
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
    html = re.sub(r'<meta name="csrf-token" content="[^"]+">', "", html)
    return re.sub(r"\"X-CSRFToken\": \"[^\"]+\"", "", html)


# --- invitation action -------------------------------------------------------------------


def test_invitation_creates_a_login_named_by_nip_and_emails_a_link(dinkes_admin, employee):
    # when
    invitation = activation.invite_employee(dinkes_admin, employee)

    # then
    employee.refresh_from_db()
    user = employee.user
    assert user.username == employee.nip
    assert (user.first_name, user.last_name) == ("Siti", "Rahayu")
    assert user.email == "siti@kota.go.id"
    assert not user.has_usable_password()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["siti@kota.go.id"]
    assert "Aktivasi" in message.subject and "Activate" in message.subject
    assert "kata sandi" in message.body and "choose your password" in message.body
    token = _link_token(message)
    assert f"http://testserver/activation/{token}/" in message.body.replace(
        "http://127.0.0.1:8000", "http://testserver"
    )
    assert invitation.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert invitation.purpose == ActivationToken.Purpose.INVITATION
    assert invitation.created_by == dinkes_admin
    expected_expiry = timezone.now() + timedelta(days=14)
    assert abs(invitation.expires_at - expected_expiry) < timedelta(minutes=1)


def test_invitation_is_audited_without_the_token(dinkes_admin, employee):
    activation.invite_employee(dinkes_admin, employee)

    event = AuditEvent.objects.get(action=AuditAction.INVITE)
    token = _link_token(mail.outbox[0])
    assert event.actor == dinkes_admin
    assert event.object_id == str(employee.pk)
    assert event.unit_path == employee.unit.path
    assert token not in str(event.changes) + event.note
    assert not ActivationToken.objects.filter(token_hash=token).exists()


def test_invitation_validity_follows_the_setting(settings, dinkes_admin, employee):
    settings.GAUNG_INVITATION_DAYS = 3

    invitation = activation.invite_employee(dinkes_admin, employee)

    assert invitation.expires_at - timezone.now() < timedelta(days=3, minutes=1)
    assert invitation.expires_at - timezone.now() > timedelta(days=2, hours=23)


def test_invitation_reuses_the_existing_login(dinkes_admin, asn):
    employee = asn.employee_record

    activation.invite_employee(dinkes_admin, employee)

    employee.refresh_from_db()
    assert employee.user == asn
    assert User.objects.filter(employee=employee).count() == 1


def test_invitation_of_non_asn_staff_uses_their_email_as_username(dinkes_admin, org):
    staff = EmployeeFactory(
        unit=org["dinkes"], employee_type="non_asn", nip=None, email="Budi.Honorer@Kota.go.id"
    )

    activation.invite_employee(dinkes_admin, staff)

    staff.refresh_from_db()
    assert staff.user.username == "budi.honorer@kota.go.id"


def test_a_new_invitation_invalidates_the_earlier_unused_one(dinkes_admin, employee, client):
    activation.invite_employee(dinkes_admin, employee)
    first_token = _link_token(mail.outbox[0])

    activation.invite_employee(dinkes_admin, employee)

    second_token = _link_token(mail.outbox[1])
    assert first_token != second_token
    assert not activation.check_invitation(first_token).is_valid
    assert activation.check_invitation(second_token).is_valid
    assert client.get(reverse("activation:accept", args=[first_token])).status_code == 410


@pytest.mark.parametrize("actor_name", ["disdik_admin", "asn"])
def test_invitation_outside_ones_administered_units_is_refused(request, actor_name, employee):
    actor = request.getfixturevalue(actor_name)

    with pytest.raises(PermissionDenied):
        activation.invite_employee(actor, employee)

    employee.refresh_from_db()
    assert employee.user is None
    assert not ActivationToken.objects.exists()
    assert not AuditEvent.objects.filter(action=AuditAction.INVITE).exists()
    assert mail.outbox == []


def test_invitation_needs_an_email(dinkes_admin, org):
    employee = EmployeeFactory(unit=org["dinkes"], email="")

    with pytest.raises(ValidationError) as error:
        activation.invite_employee(dinkes_admin, employee)

    assert "email" in error.value.message_dict
    employee.refresh_from_db()
    assert employee.user is None
    assert mail.outbox == []


def test_invitation_of_an_inactive_employee_is_refused(dinkes_admin, org):
    employee = EmployeeFactory(unit=org["dinkes"], is_active=False)

    with pytest.raises(ValidationError):
        activation.invite_employee(dinkes_admin, employee)

    assert mail.outbox == []


def test_unit_admin_cannot_take_over_a_login_with_wider_admin_rights(dinkes_admin, org):
    # given: an employee of Dinkes whose login is also an admin of the whole agency
    agency_admin = make_admin(org["instansi"], role="instansi_admin")
    employee = EmployeeFactory(unit=org["dinkes"], user=agency_admin)

    # when / then
    with pytest.raises(PermissionDenied):
        activation.invite_employee(dinkes_admin, employee)

    assert not ActivationToken.objects.exists()
    assert mail.outbox == []


def test_unit_admin_cannot_reach_an_unlinked_admin_login_named_by_the_nip(dinkes_admin, org):
    # given: an agency admin's login happens to be named by the NIP but is not linked yet
    employee = EmployeeFactory(unit=org["dinkes"])
    make_admin(org["instansi"], role="instansi_admin", username=employee.nip)

    with pytest.raises(PermissionDenied):
        activation.invite_employee(dinkes_admin, employee)
    activation.request_activation_code(employee.nip)

    employee.refresh_from_db()
    assert employee.user is None
    assert mail.outbox == []


# --- invitation pages --------------------------------------------------------------------


def test_invite_button_sends_the_invitation_and_returns_to_the_page(
    client_for, dinkes_admin, employee
):
    back = f"/employees/{employee.pk}/"

    response = client_for(dinkes_admin).post(
        reverse("activation:invite", args=[employee.pk]), {"next": back}
    )

    assert response.status_code == 302
    assert response.url == back
    assert len(mail.outbox) == 1


def test_invite_button_snippet_posts_to_the_invite_view(rf, dinkes_admin, employee):
    from django.template.loader import render_to_string

    request = rf.get(f"/employees/{employee.pk}/")
    request.user = dinkes_admin

    html = render_to_string(
        "registry/activation/invite_button.html", {"employee": employee}, request=request
    )

    assert f'action="{reverse("activation:invite", args=[employee.pk])}"' in html
    assert f'value="/employees/{employee.pk}/"' in html
    assert "csrfmiddlewaretoken" in html


def test_invite_button_ignores_an_offsite_next(client_for, dinkes_admin, employee):
    response = client_for(dinkes_admin).post(
        reverse("activation:invite", args=[employee.pk]), {"next": "https://evil.example/"}
    )

    assert response.status_code == 302
    assert "evil" not in response.url


def test_invite_button_reports_a_missing_email(client_for, dinkes_admin, org):
    employee = EmployeeFactory(unit=org["dinkes"], email="")

    response = client_for(dinkes_admin).post(
        reverse("activation:invite", args=[employee.pk]), follow=True
    )

    assert "e-mail" in response.content.decode()
    assert mail.outbox == []


def test_invite_of_an_employee_outside_scope_is_not_found(client_for, disdik_admin, employee):
    response = client_for(disdik_admin).post(reverse("activation:invite", args=[employee.pk]))

    assert response.status_code == 404
    assert mail.outbox == []


def test_invite_needs_post(client_for, dinkes_admin, employee):
    response = client_for(dinkes_admin).get(reverse("activation:invite", args=[employee.pk]))

    assert response.status_code == 405
    assert mail.outbox == []


def test_invitation_link_sets_the_password_and_logs_in(client, dinkes_admin, employee):
    # given
    activation.invite_employee(dinkes_admin, employee)
    url = reverse("activation:accept", args=[_link_token(mail.outbox[0])])

    # when
    page = client.get(url)
    response = client.post(url, {"password": NEW_PASSWORD, "confirm_password": NEW_PASSWORD})

    # then
    assert page.status_code == 200
    assert employee.nip in page.content.decode()
    assert response.status_code == 302
    assert response.url == MY_ACCOUNTS_URL
    employee.refresh_from_db()
    user = employee.user
    assert user.check_password(NEW_PASSWORD)
    assert client.session["_auth_user_id"] == str(user.pk)
    invitation = ActivationToken.objects.get()
    assert invitation.used_at is not None
    event = AuditEvent.objects.get(action=AuditAction.ACTIVATE)
    assert event.actor == user
    assert EmailAddress.objects.get(user=user).verified


def test_invitation_link_works_only_once(client, dinkes_admin, employee):
    activation.invite_employee(dinkes_admin, employee)
    url = reverse("activation:accept", args=[_link_token(mail.outbox[0])])
    client.post(url, {"password": NEW_PASSWORD, "confirm_password": NEW_PASSWORD})

    response = client.post(url, {"password": "Another-Pass-99", "confirm_password": "x"})

    assert response.status_code == 410
    assert "already been used" in response.content.decode()
    employee.user.refresh_from_db()
    assert employee.user.check_password(NEW_PASSWORD)


@pytest.mark.parametrize(
    ("password", "again"),
    [(NEW_PASSWORD, NEW_PASSWORD + "x"), ("12345678901", "12345678901"), ("short", "short")],
    ids=["mismatch", "numeric", "too-short"],
)
def test_invitation_link_refuses_bad_passwords(client, dinkes_admin, employee, password, again):
    activation.invite_employee(dinkes_admin, employee)
    url = reverse("activation:accept", args=[_link_token(mail.outbox[0])])

    response = client.post(url, {"password": password, "confirm_password": again})

    assert response.status_code == 200
    assert response.context["form"].errors
    employee.refresh_from_db()
    assert not employee.user.has_usable_password()
    assert ActivationToken.objects.get().used_at is None
    assert "_auth_user_id" not in client.session


def test_expired_invitation_link_says_what_to_do(client, dinkes_admin, employee):
    invitation = activation.invite_employee(dinkes_admin, employee)
    ActivationToken.objects.filter(pk=invitation.pk).update(expires_at=timezone.now())
    url = reverse("activation:accept", args=[_link_token(mail.outbox[0])])

    response = client.post(url, {"password": NEW_PASSWORD, "confirm_password": NEW_PASSWORD})

    assert response.status_code == 410
    content = response.content.decode()
    assert "expired" in content and "new invitation" in content
    assert reverse("activation:request_code") in content
    employee.refresh_from_db()
    assert not employee.user.has_usable_password()


def test_unknown_invitation_link_says_what_to_do(db, client):
    response = client.get(reverse("activation:accept", args=["no-such-token"]))

    assert response.status_code == 404
    assert "new invitation" in response.content.decode()


# --- NIP + one-time code -----------------------------------------------------------------


def test_code_request_emails_a_six_digit_code_keyed_by_nip_and_secret(settings, employee):
    activation.request_activation_code(employee.nip)

    assert mail.outbox[0].to == [employee.email]
    code = _code(mail.outbox[0])
    token = ActivationToken.objects.get(purpose=ActivationToken.Purpose.CODE)
    keyed = hmac.new(
        settings.SECRET_KEY.encode(),
        f"gaung.activation-code:{employee.nip}:{code}".encode(),
        hashlib.sha256,
    ).hexdigest()
    assert token.token_hash == keyed
    assert token.token_hash != hashlib.sha256(code.encode()).hexdigest()
    assert code not in mail.outbox[0].subject
    expected_expiry = timezone.now() + timedelta(minutes=settings.GAUNG_ACTIVATION_CODE_MINUTES)
    assert abs(token.expires_at - expected_expiry) < timedelta(minutes=1)


def test_code_page_reads_the_same_whether_or_not_the_nip_exists(employee):
    from django.test import Client

    pages = []
    for nip in (employee.nip, UNKNOWN_NIP):
        client = Client()
        response = client.post(REQUEST_CODE_URL, {"nip": nip})
        assert response.status_code == 302
        assert response.url == CONFIRM_CODE_URL
        page = client.get(CONFIRM_CODE_URL)
        html = _without_per_response_secrets(page.content.decode()).replace(nip, "NIP")
        assert "If this NIP is registered, a code has been sent to the registered e-mail" in html
        pages.append(html)

    assert pages[0] == pages[1]
    assert len(mail.outbox) == 1


def test_code_flow_activates_the_login_with_a_nip_typed_with_spaces(client, employee):
    # given
    grouped = format_grouped(employee.nip, "pns")
    client.post(REQUEST_CODE_URL, {"nip": grouped})
    code = _code(mail.outbox[0])

    # when
    response = client.post(
        CONFIRM_CODE_URL,
        {
            "nip": grouped,
            "code": code,
            "password": NEW_PASSWORD,
            "confirm_password": NEW_PASSWORD,
        },
    )

    # then
    assert response.status_code == 302
    assert response.url == MY_ACCOUNTS_URL
    employee.refresh_from_db()
    assert employee.user.username == employee.nip
    assert employee.user.check_password(NEW_PASSWORD)
    assert client.session["_auth_user_id"] == str(employee.user.pk)
    assert AuditEvent.objects.filter(action=AuditAction.ACTIVATE, actor=employee.user).exists()
    assert ActivationToken.objects.get().used_at is not None


def test_code_works_as_a_password_reset(asn):
    employee = asn.employee_record
    activation.request_activation_code(employee.nip)

    user = activation.confirm_activation_code(employee.nip, _code(mail.outbox[0]), NEW_PASSWORD)

    assert user == asn
    asn.refresh_from_db()
    assert asn.check_password(NEW_PASSWORD)
    event = AuditEvent.objects.get(action=AuditAction.ACTIVATE)
    assert "reset" in event.note


def test_a_code_works_only_once(employee):
    activation.request_activation_code(employee.nip)
    code = _code(mail.outbox[0])
    activation.confirm_activation_code(employee.nip, code, NEW_PASSWORD)

    with pytest.raises(ValidationError):
        activation.confirm_activation_code(employee.nip, code, "Another-Pass-99")

    employee.refresh_from_db()
    assert employee.user.check_password(NEW_PASSWORD)


def test_five_wrong_codes_burn_the_code(employee):
    # given
    activation.request_activation_code(employee.nip)
    code = _code(mail.outbox[0])
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"

    # when
    for _attempt in range(5):
        with pytest.raises(ValidationError):
            activation.confirm_activation_code(employee.nip, wrong, NEW_PASSWORD)

    # then: even the right code no longer works
    with pytest.raises(ValidationError) as error:
        activation.confirm_activation_code(employee.nip, code, NEW_PASSWORD)
    assert "code" in error.value.message_dict
    assert ActivationToken.objects.get().failed_attempts == 5
    employee.refresh_from_db()
    assert employee.user is None


def test_an_expired_code_is_refused(employee):
    activation.request_activation_code(employee.nip)
    ActivationToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))

    with pytest.raises(ValidationError):
        activation.confirm_activation_code(employee.nip, _code(mail.outbox[0]), NEW_PASSWORD)

    employee.refresh_from_db()
    assert employee.user is None


def test_a_new_code_replaces_the_previous_one(employee, settings):
    activation.request_activation_code(employee.nip)
    activation.request_activation_code(employee.nip)
    first, second = _code(mail.outbox[0]), _code(mail.outbox[1])

    if first != second:
        with pytest.raises(ValidationError):
            activation.confirm_activation_code(employee.nip, first, NEW_PASSWORD)
    user = activation.confirm_activation_code(employee.nip, second, NEW_PASSWORD)

    assert user.check_password(NEW_PASSWORD)


def test_wrong_code_and_unknown_nip_get_the_same_answer(employee):
    activation.request_activation_code(employee.nip)
    code = _code(mail.outbox[0])
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"

    with pytest.raises(ValidationError) as wrong_code:
        activation.confirm_activation_code(employee.nip, wrong, NEW_PASSWORD)
    with pytest.raises(ValidationError) as unknown_nip:
        activation.confirm_activation_code(UNKNOWN_NIP, code, NEW_PASSWORD)

    assert wrong_code.value.message_dict == unknown_nip.value.message_dict


def test_wrong_code_on_the_page_keeps_the_password_unset(client, employee):
    client.post(REQUEST_CODE_URL, {"nip": employee.nip})
    wrong = f"{(int(_code(mail.outbox[0])) + 1) % 1_000_000:06d}"

    response = client.post(
        CONFIRM_CODE_URL,
        {"nip": employee.nip, "code": wrong, "password": NEW_PASSWORD,
         "confirm_password": NEW_PASSWORD},
    )  # fmt: skip

    assert response.status_code == 200
    assert "This code is not valid" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert ActivationToken.objects.get().failed_attempts == 1


def test_wrong_codes_are_limited_per_address(client, settings, employee):
    # given: a ceiling of two wrong codes an hour for this connection
    settings.ACCOUNT_RATE_LIMITS = {
        **settings.ACCOUNT_RATE_LIMITS,
        "activation_code_failed": "2/h/ip",
    }
    client.post(REQUEST_CODE_URL, {"nip": employee.nip})
    code = _code(mail.outbox[0])
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    form = {"nip": employee.nip, "password": NEW_PASSWORD, "confirm_password": NEW_PASSWORD}
    for _attempt in range(2):
        assert client.post(CONFIRM_CODE_URL, {**form, "code": wrong}).status_code == 200

    # when
    response = client.post(CONFIRM_CODE_URL, {**form, "code": code})

    # then
    assert response.status_code == 429
    employee.refresh_from_db()
    assert employee.user is None


@pytest.mark.parametrize(
    "case", ["no_email", "inactive_employee", "inactive_login", "admin_login", "superuser_login"]
)
def test_no_code_is_sent_where_self_service_must_not_reach(case, org):
    employee = EmployeeFactory(unit=org["dinkes"])
    if case == "no_email":
        employee.email = ""
        employee.save()
    elif case == "inactive_employee":
        employee.is_active = False
        employee.save()
    elif case == "inactive_login":
        employee.user = UserFactory(is_active=False)
        employee.save()
    elif case == "admin_login":
        employee.user = make_admin(org["disdik"])
        employee.save()
    else:
        employee.user = UserFactory(is_superuser=True)
        employee.save()

    activation.request_activation_code(employee.nip)

    assert mail.outbox == []
    assert not ActivationToken.objects.exists()


def test_code_requests_are_limited_to_three_per_nip(client, employee):
    statuses = [client.post(REQUEST_CODE_URL, {"nip": employee.nip}).status_code for _ in range(4)]

    assert statuses == [302, 302, 302, 429]
    assert len(mail.outbox) == 3


def test_code_requests_are_limited_to_twenty_per_address(client, org):
    nips = [synthetic_pns_nip(500_000 + n) for n in range(21)]

    statuses = [client.post(REQUEST_CODE_URL, {"nip": nip}).status_code for nip in nips]

    assert statuses == [302] * 20 + [429]


def test_malformed_nip_is_explained(client):
    response = client.post(REQUEST_CODE_URL, {"nip": "1968041"})

    assert response.status_code == 200
    assert "exactly 18" in response.content.decode()


def test_activation_pages_render_for_visitors(client):
    for url in (REQUEST_CODE_URL, CONFIRM_CODE_URL):
        response = client.get(url)
        assert response.status_code == 200
        assert 'class="card card-md"' in response.content.decode()


# --- API -----------------------------------------------------------------------------------


def test_api_invite_answers_the_expiry_and_never_the_token(api_for, dinkes_admin, employee):
    response = api_for(dinkes_admin).post(
        "/api/activation/invite/", {"employee": employee.pk}, format="json"
    )

    assert response.status_code == 201
    assert set(response.json()) == {"employee", "expires_at"}
    token = _link_token(mail.outbox[0])
    assert token not in response.content.decode()


def test_api_invite_outside_scope_is_not_found(api_for, disdik_admin, employee):
    response = api_for(disdik_admin).post(
        "/api/activation/invite/", {"employee": employee.pk}, format="json"
    )

    assert response.status_code == 404
    assert mail.outbox == []


def test_api_invite_by_an_asn_is_forbidden(api_for, asn):
    response = api_for(asn).post(
        "/api/activation/invite/", {"employee": asn.employee_record.pk}, format="json"
    )

    assert response.status_code == 403
    assert mail.outbox == []


def test_api_invite_without_email_is_a_bad_request(api_for, dinkes_admin, org):
    employee = EmployeeFactory(unit=org["dinkes"], email="")

    response = api_for(dinkes_admin).post(
        "/api/activation/invite/", {"employee": employee.pk}, format="json"
    )

    assert response.status_code == 400
    assert "email" in response.json()


def test_api_code_request_answers_the_same_for_unknown_nips(api_for, employee):
    known = api_for(None).post("/api/activation/request-code/", {"nip": employee.nip})
    unknown = api_for(None).post("/api/activation/request-code/", {"nip": UNKNOWN_NIP})

    assert known.status_code == unknown.status_code == 202
    assert known.json() == unknown.json()
    assert len(mail.outbox) == 1


def test_api_code_request_refuses_what_cannot_be_a_nip(api_for):
    response = api_for(None).post("/api/activation/request-code/", {"nip": "abc"})

    assert response.status_code == 400
    assert mail.outbox == []


def test_api_confirm_sets_the_password_and_returns_a_token(api_for, employee):
    api = api_for(None)
    api.post("/api/activation/request-code/", {"nip": employee.nip})

    response = api.post(
        "/api/activation/confirm/",
        {"nip": employee.nip, "code": _code(mail.outbox[0]), "password": NEW_PASSWORD},
    )

    assert response.status_code == 201
    body = response.json()
    employee.refresh_from_db()
    assert body["username"] == employee.nip
    assert Token.objects.get(user=employee.user).key == body["token"]
    assert employee.user.check_password(NEW_PASSWORD)
    me = api_for(None)
    me.credentials(HTTP_AUTHORIZATION=f"Token {body['token']}")
    assert me.post("/api/activation/invite/", {"employee": employee.pk}).status_code == 403


def test_api_confirm_with_a_wrong_code_is_a_bad_request(api_for, employee):
    api = api_for(None)
    api.post("/api/activation/request-code/", {"nip": employee.nip})
    wrong = f"{(int(_code(mail.outbox[0])) + 1) % 1_000_000:06d}"

    response = api.post(
        "/api/activation/confirm/",
        {"nip": employee.nip, "code": wrong, "password": NEW_PASSWORD},
    )

    assert response.status_code == 400
    assert "code" in response.json()
    assert not Token.objects.exists()


def test_api_confirm_with_a_weak_password_keeps_the_code(api_for, employee):
    api = api_for(None)
    api.post("/api/activation/request-code/", {"nip": employee.nip})
    code = _code(mail.outbox[0])

    weak = api.post(
        "/api/activation/confirm/", {"nip": employee.nip, "code": code, "password": "123"}
    )
    strong = api.post(
        "/api/activation/confirm/", {"nip": employee.nip, "code": code, "password": NEW_PASSWORD}
    )

    assert weak.status_code == 400
    assert "password" in weak.json()
    assert strong.status_code == 201
