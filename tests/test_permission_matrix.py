"""Role × endpoint matrix over every page and API route of the registry.

For each route and each role (anonymous, ASN, admin of another unit, admin of the unit,
instansi admin): allowed requests succeed; forbidden ones are refused and change nothing.
A route added without a row here fails `test_every_route_is_in_the_matrix`.
"""

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from gaung.core.models import AuditEvent
from gaung.imports.models import ImportJob
from gaung.registry.models import ActivationToken, Employee, OrganisationUnit, RoleAssignment
from gaung.registry.synthetic import synthetic_pns_nip
from gaung.socials.models import SocialAccount
from tests.amplification import matrix_admin, matrix_api, matrix_asn, matrix_recap
from tests.amplification.matrix_world import add_amplification, amplification_fingerprint
from tests.content import matrix_api as content_matrix_api
from tests.content import matrix_calendar, matrix_ideas, matrix_items
from tests.content.matrix_world import add_content, content_fingerprint
from tests.core import matrix_notifications
from tests.factories import EmployeeFactory, SocialAccountFactory, UnitFactory, UserFactory
from tests.reports.matrix import (
    ADMINS,
    INSTANSI_ADMIN,
    MATRIX_TITLE,
    compilation_url,
    letterhead_form,
    listing_url,
    take_form,
    unit_row_url,
)

ROLES = ("anonymous", "asn", "other_unit_admin", "unit_admin", "instansi_admin")
UNIT_ADMINS = frozenset({"unit_admin", "instansi_admin"})
OWNER_AND_ADMINS = UNIT_ADMINS | {"asn"}
LOGGED_IN = frozenset(ROLES) - {"anonymous"}
ASN_ONLY = frozenset({"asn"})

# Routes anyone may open (login, activation with a secret, language, health, API docs).
PUBLIC_ROUTES = {
    "activation:accept",
    "activation:request_code",
    "activation:confirm_code",
    "activation_api:request_code",
    "activation_api:confirm",
    "set_language",
    "healthz",
    "api-schema",
    "api-docs",
    "amplification_asn:tracked_link",
    "content:calendar_ics",
}


@dataclass(frozen=True)
class Route:
    """One request in the matrix and the roles allowed to make it."""

    name: str
    method: str
    url: Callable[[dict], str]
    allowed: frozenset[str]
    data: Callable[[dict], dict] | None = None
    # For lists: text that only an allowed role may see in the answer.
    marker: Callable[[dict], str] | None = None
    api: bool = False
    label: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return f"{self.method} {self.name}{' ' + self.label if self.label else ''}"


def _url(name: str, *keys: str) -> Callable[[dict], str]:
    return lambda w: reverse(name, args=[w[k].pk for k in keys])


def _unit_form(w: dict) -> dict:
    return {
        "parent": w["dinkes"].pk,
        "name": "Bidang P2P Baru",
        "kind": "bidang",
        "time_zone": "Asia/Jakarta",
        "is_active": "on",
    }


def _employee_form(w: dict) -> dict:
    employee = w["employee"]
    return {
        "employee_type": "pns",
        "nip": employee.nip,
        "name": employee.name,
        "rank": "III/a",
        "position": "Analis",
        "unit": employee.unit_id,
        "email": employee.email,
        "phone": "0811111111",
        "is_active": "on",
    }


def _account_file(w: dict) -> dict:
    """An account import upload (any admin may upload one; rows are checked later)."""
    content = b"NIP,Platform,Akun\n" + w["employee"].nip.encode() + b",Instagram,@siti.p2p\n"
    return {"kind": "accounts", "file": SimpleUploadedFile("akun.csv", content)}


# Any admin may import accounts (rows outside their units are reported as invalid).
ANY_ADMIN = UNIT_ADMINS | {"other_unit_admin"}

PAGES = [
    Route("core:home", "GET", lambda w: reverse("core:home"), LOGGED_IN),
    Route("registry:unit_tree", "GET", lambda w: reverse("registry:unit_tree"), UNIT_ADMINS,
          marker=lambda w: w["unit"].name),
    Route("registry:unit_detail", "GET", _url("registry:unit_detail", "unit"), UNIT_ADMINS),
    Route("registry:unit_create", "POST", lambda w: reverse("registry:unit_create"), UNIT_ADMINS,
          data=lambda w: {**_unit_form(w), "parent": w["unit"].pk, "name": "Seksi Baru",
                          "kind": "seksi"}),
    Route("registry:unit_update", "POST", _url("registry:unit_update", "unit"), UNIT_ADMINS,
          data=_unit_form),
    Route("registry:unit_delete", "POST", _url("registry:unit_delete", "empty_unit"), UNIT_ADMINS),
    Route("registry:unit_role_add", "POST", _url("registry:unit_role_add", "unit"), UNIT_ADMINS,
          data=lambda w: {"login": "newcomer", "role": "unit_admin"}),
    Route("registry:unit_role_remove", "POST",
          lambda w: reverse("registry:unit_role_remove", args=[w["unit"].pk, w["assignment"].pk]),
          UNIT_ADMINS),
    Route("registry:employee_list", "GET", lambda w: reverse("registry:employee_list"),
          UNIT_ADMINS, marker=lambda w: w["employee"].name),
    Route("registry:employee_create", "POST", lambda w: reverse("registry:employee_create"),
          UNIT_ADMINS,
          data=lambda w: {**_employee_form(w), "nip": synthetic_pns_nip(99_001), "name": "Baru"}),
    Route("registry:employee_detail", "GET", _url("registry:employee_detail", "employee"),
          UNIT_ADMINS),
    Route("registry:employee_update", "POST", _url("registry:employee_update", "employee"),
          UNIT_ADMINS, data=_employee_form),
    Route("registry:employee_delete", "POST", _url("registry:employee_delete", "colleague"),
          UNIT_ADMINS),
    Route("socials:account_list", "GET", lambda w: reverse("socials:account_list"), UNIT_ADMINS,
          marker=lambda w: w["account"].handle),
    Route("socials:account_create", "POST", lambda w: reverse("socials:account_create"),
          UNIT_ADMINS,
          data=lambda w: {"owner_kind": "official", "owner_unit": w["unit"].pk,
                          "platform": "tiktok", "raw_handle": "@p2p.kotacontoh"}),
    Route("socials:verification_queue", "GET", lambda w: reverse("socials:verification_queue"),
          UNIT_ADMINS, marker=lambda w: w["account"].handle),
    Route("socials:verification_queue", "POST", lambda w: reverse("socials:verification_queue"),
          UNIT_ADMINS, data=lambda w: {"accounts": [w["account"].pk], "decision": "verify"},
          label="verify"),
    Route("socials:employee_suggestions", "GET",
          lambda w: reverse("socials:employee_suggestions") + "?employee=Siti", UNIT_ADMINS,
          marker=lambda w: w["employee"].nip),
    Route("socials:account_detail", "GET", _url("socials:account_detail", "account"),
          UNIT_ADMINS),
    Route("socials:account_edit", "POST", _url("socials:account_edit", "account"), UNIT_ADMINS,
          data=lambda w: {"owner_kind": "personal", "employee": w["employee"].nip,
                          "platform": "instagram", "raw_handle": "siti.baru", "followers": 10}),
    Route("socials:account_delete", "POST", _url("socials:account_delete", "account"),
          UNIT_ADMINS),
    Route("socials:account_review", "POST", _url("socials:account_review", "account"),
          UNIT_ADMINS, data=lambda w: {"decision": "verify"}),
    Route("socials:my_accounts", "GET", lambda w: reverse("socials:my_accounts"), ASN_ONLY),
    Route("socials:my_accounts", "POST", lambda w: reverse("socials:my_accounts"), ASN_ONLY,
          data=lambda w: {"email": "siti@kotacontoh.go.id", "phone": "0812000000"},
          label="contact"),
    Route("socials:my_account_create", "POST", lambda w: reverse("socials:my_account_create"),
          ASN_ONLY, data=lambda w: {"platform": "tiktok", "raw_handle": "@siti.tiktok",
                                    "followers": 5}),
    Route("socials:my_account_edit", "POST", _url("socials:my_account_edit", "account"), ASN_ONLY,
          data=lambda w: {"platform": "instagram", "raw_handle": "siti.edit", "followers": 9}),
    Route("socials:my_account_delete", "POST", _url("socials:my_account_delete", "account"),
          ASN_ONLY),
    Route("activation:invite", "POST", _url("activation:invite", "colleague"), UNIT_ADMINS),
    Route("imports:job_list", "GET", lambda w: reverse("imports:job_list"), UNIT_ADMINS,
          marker=lambda w: w["import_job"].original_name),
    Route("imports:job_create", "POST", lambda w: reverse("imports:job_create"), ANY_ADMIN,
          data=_account_file),
    Route("imports:job_detail", "GET", _url("imports:job_detail", "import_job"), UNIT_ADMINS),
    Route("imports:job_commit", "POST", _url("imports:job_commit", "import_job"), UNIT_ADMINS),
    Route("imports:error_report", "GET", _url("imports:error_report", "import_job"),
          UNIT_ADMINS),
    Route("imports:template", "GET", lambda w: reverse("imports:template", args=["roster"]),
          ANY_ADMIN),
    Route("reports:compilation_list", "GET", listing_url("reports:compilation_list"), ADMINS,
          marker=lambda w: MATRIX_TITLE),
    Route("reports:compilation_create", "POST", lambda w: reverse("reports:compilation_create"),
          INSTANSI_ADMIN, data=take_form),
    Route("reports:compilation_detail", "GET", compilation_url("reports:compilation_detail"),
          UNIT_ADMINS, marker=lambda w: w["unit"].name),
    Route("reports:compilation_progress", "GET",
          compilation_url("reports:compilation_progress"), ADMINS),
    Route("reports:compilation_pdf", "GET", compilation_url("reports:compilation_pdf"), ADMINS),
    Route("reports:compilation_delete", "POST", compilation_url("reports:compilation_delete"),
          INSTANSI_ADMIN),
    Route("reports:unit_detail", "GET", unit_row_url("reports:unit_detail"), UNIT_ADMINS,
          marker=lambda w: w["employee"].name),
    Route("reports:letterhead", "GET", lambda w: reverse("reports:letterhead"), INSTANSI_ADMIN),
    Route("reports:letterhead", "POST", lambda w: reverse("reports:letterhead"), INSTANSI_ADMIN,
          data=letterhead_form, label="save"),
    *(Route(**row) for row in matrix_asn.ROWS),
    *(Route(**row) for row in matrix_admin.ROWS),
    *(Route(**row) for row in matrix_items.ROWS),
    *(Route(**row) for row in matrix_ideas.ROWS),
    *(Route(**row) for row in matrix_calendar.ROWS),
    *(Route(**row) for row in matrix_recap.ROWS),
    *(Route(**row) for row in matrix_notifications.ROWS),
]  # fmt: skip

API = [
    Route("unit-list", "GET", lambda w: reverse("unit-list"), UNIT_ADMINS,
          marker=lambda w: w["unit"].name),
    Route("unit-list", "POST", lambda w: reverse("unit-list"), UNIT_ADMINS,
          data=lambda w: {"parent": w["unit"].pk, "name": "Seksi API", "kind": "seksi",
                          "time_zone": "Asia/Jakarta"}),
    Route("unit-tree", "GET", lambda w: reverse("unit-tree"), UNIT_ADMINS,
          marker=lambda w: w["unit"].name),
    Route("unit-detail", "GET", _url("unit-detail", "unit"), UNIT_ADMINS),
    Route("unit-detail", "PATCH", _url("unit-detail", "unit"), UNIT_ADMINS,
          data=lambda w: {"short_name": "P2P"}),
    Route("unit-detail", "DELETE", _url("unit-detail", "empty_unit"), UNIT_ADMINS),
    Route("employee-list", "GET", lambda w: reverse("employee-list"), UNIT_ADMINS,
          marker=lambda w: w["employee"].nip),
    Route("employee-list", "POST", lambda w: reverse("employee-list"), UNIT_ADMINS,
          data=lambda w: {"employee_type": "pns", "nip": synthetic_pns_nip(99_002),
                          "name": "Pegawai API", "rank": "III/b", "unit": w["unit"].pk}),
    Route("employee-detail", "GET", _url("employee-detail", "employee"), UNIT_ADMINS),
    Route("employee-detail", "PATCH", _url("employee-detail", "employee"), UNIT_ADMINS,
          data=lambda w: {"phone": "0813999999"}),
    Route("employee-detail", "DELETE", _url("employee-detail", "colleague"), UNIT_ADMINS),
    Route("role-assignment-list", "GET", lambda w: reverse("role-assignment-list"), UNIT_ADMINS,
          marker=lambda w: "unit.colleague"),
    Route("role-assignment-list", "POST", lambda w: reverse("role-assignment-list"), UNIT_ADMINS,
          data=lambda w: {"user": "newcomer", "role": "unit_admin", "unit": w["unit"].pk}),
    Route("role-assignment-detail", "DELETE", _url("role-assignment-detail", "assignment"),
          UNIT_ADMINS),
    Route("account-list", "GET", lambda w: reverse("account-list"), OWNER_AND_ADMINS,
          marker=lambda w: w["account"].handle),
    Route("account-list", "POST", lambda w: reverse("account-list"), UNIT_ADMINS,
          data=lambda w: {"owner_unit": w["unit"].pk, "platform": "tiktok",
                          "raw_handle": "@p2p.api"}),
    Route("account-detail", "GET", _url("account-detail", "account"), OWNER_AND_ADMINS),
    Route("account-detail", "PATCH", _url("account-detail", "account"), OWNER_AND_ADMINS,
          data=lambda w: {"followers": 999}),
    Route("account-detail", "DELETE", _url("account-detail", "account"), OWNER_AND_ADMINS),
    Route("account-verify", "POST", lambda w: reverse("account-verify"), UNIT_ADMINS,
          data=lambda w: {"ids": [w["account"].pk]}),
    Route("account-reject", "POST", lambda w: reverse("account-reject"), UNIT_ADMINS,
          data=lambda w: {"ids": [w["account"].pk], "reason": "Bukan akun pribadi"}),
    Route("api-me", "GET", lambda w: reverse("api-me"), ASN_ONLY),
    Route("api-me", "PATCH", lambda w: reverse("api-me"), ASN_ONLY,
          data=lambda w: {"phone": "0812777777"}),
    Route("activation_api:invite", "POST", lambda w: reverse("activation_api:invite"),
          UNIT_ADMINS, data=lambda w: {"employee": w["colleague"].pk}),
    Route("import-list", "GET", lambda w: reverse("import-list"), UNIT_ADMINS,
          marker=lambda w: w["import_job"].original_name),
    Route("import-list", "POST", lambda w: reverse("import-list"), ANY_ADMIN,
          data=_account_file, extra={"multipart": True}),
    Route("import-detail", "GET", _url("import-detail", "import_job"), UNIT_ADMINS),
    Route("import-errors", "GET", _url("import-errors", "import_job"), UNIT_ADMINS),
    Route("import-error-report", "GET", _url("import-error-report", "import_job"), UNIT_ADMINS),
    Route("import-commit", "POST", _url("import-commit", "import_job"), UNIT_ADMINS,
          data=lambda w: {"skip_invalid": False}),
    Route("compilation-list", "GET", listing_url("compilation-list"), ADMINS,
          marker=lambda w: MATRIX_TITLE),
    Route("compilation-list", "POST", lambda w: reverse("compilation-list"), INSTANSI_ADMIN,
          data=lambda w: {"instansi": w["dinkes"].parent.pk, "year": 2024}),
    Route("compilation-detail", "GET", compilation_url("compilation-detail"), ADMINS),
    Route("compilation-detail", "DELETE", compilation_url("compilation-detail"), INSTANSI_ADMIN),
    Route("compilation-units", "GET", compilation_url("compilation-units"), UNIT_ADMINS,
          marker=lambda w: w["unit"].name),
    Route("compilation-employees", "GET", compilation_url("compilation-employees"),
          UNIT_ADMINS, marker=lambda w: w["employee"].nip),
    Route("compilation-export-xlsx", "GET", compilation_url("compilation-export-xlsx"), ADMINS),
    Route("compilation-export-pdf", "GET", compilation_url("compilation-export-pdf"), ADMINS),
    Route("api-letterhead", "GET", lambda w: reverse("api-letterhead"), INSTANSI_ADMIN),
    Route("api-letterhead", "PUT", lambda w: reverse("api-letterhead"), INSTANSI_ADMIN,
          data=letterhead_form),
    *(Route(**row) for row in matrix_api.ROWS),
    *(Route(**row) for row in content_matrix_api.ROWS),
]  # fmt: skip
API = [Route(**{**r.__dict__, "api": True}) for r in API]

CASES = [(route, role) for route in PAGES + API for role in ROLES]


@pytest.fixture
def world(org, asn, dinkes_admin, disdik_admin, instansi_admin):
    """The ASN's unit (Bidang P2P under Dinkes), their account, and records to act on."""
    unit = org["dinkes_p2p"]
    employee = Employee.objects.get(user=asn)
    colleague = EmployeeFactory(unit=unit, name="Budi Santoso", email="budi@kotacontoh.go.id")
    UserFactory(username="newcomer")
    unit_colleague = UserFactory(username="unit.colleague")
    made = {
        "users": {
            "anonymous": None,
            "asn": asn,
            "other_unit_admin": disdik_admin,
            "unit_admin": dinkes_admin,
            "instansi_admin": instansi_admin,
        },
        "dinkes": org["dinkes"],
        "unit": unit,
        "empty_unit": UnitFactory(name="Seksi Kosong", kind="seksi", parent=unit),
        "employee": employee,
        "colleague": colleague,
        "account": SocialAccountFactory(owner_employee=employee, handle="siti.p2p"),
        "assignment": RoleAssignment.objects.create(
            user=unit_colleague, role="unit_admin", unit=unit
        ),
        # An account import by Dinkes' admin, validated and ready to save.
        "import_job": ImportJob.objects.create(
            kind="accounts",
            instansi=org["instansi"],
            scope_path=org["dinkes"].path,
            original_name="akun-dinkes-p2p.csv",
            sha256="0" * 64,
            status="ready",
            counts={"rows": 1, "new": 1, "invalid": 0},
            created_by=dinkes_admin,
        ),
    }
    add_amplification(made)
    add_content(made)
    matrix_notifications.add_notifications(made)
    return made


def fingerprint() -> tuple:
    """Everything a forbidden request must leave exactly as it was."""
    return (
        list(OrganisationUnit.objects.order_by("pk").values_list(
            "pk", "name", "short_name", "path", "is_active")),
        list(Employee.objects.order_by("pk").values_list(
            "pk", "nip", "name", "rank", "phone", "email", "unit_id", "is_active", "user_id")),
        list(SocialAccount.objects.order_by("pk").values_list(
            "pk", "handle", "platform", "status", "followers", "owner_unit_id",
            "owner_employee_id")),
        list(RoleAssignment.objects.order_by("pk").values_list("pk", "user_id", "role", "unit_id")),
        ActivationToken.objects.count(),
        AuditEvent.objects.count(),
        list(ImportJob.objects.order_by("pk").values_list("pk", "status")),
        amplification_fingerprint(),
        content_fingerprint(),
        matrix_notifications.notifications_fingerprint(),
    )  # fmt: skip


def send(client, route: Route, world: dict):
    url = route.url(world)
    data = route.data(world) if route.data else {}
    method = getattr(client, route.method.lower())
    if route.api and route.method != "GET" and not route.extra.get("multipart"):
        return method(url, data=json.dumps(data), content_type="application/json")
    return method(url, data=data) if route.method != "DELETE" else method(url)


@pytest.mark.parametrize(("route", "role"), CASES, ids=[f"{r.id} as {role}" for r, role in CASES])
def test_role_may_use_route_only_when_allowed(route, role, world, client_for, api_for):
    # given
    user = world["users"][role]
    client = api_for(user) if route.api else client_for(user)
    before = fingerprint()

    # when
    response = send(client, route, world)

    # then
    after = fingerprint()
    # Files (content assets) are streamed.
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    body = raw.decode(errors="replace")
    if role in route.allowed:
        assert response.status_code in {200, 201, 202, 204, 302}, body[:500]
        if response.status_code == 302:
            assert "/auth/login/" not in response["Location"]
        if route.method == "GET" and route.marker:
            assert route.marker(world) in body
        if route.method != "GET":
            assert after != before, "an allowed change changed nothing"
        return
    assert after == before, "a forbidden request changed data"
    if role == "anonymous":
        if route.api:
            assert response.status_code in {401, 403}
        else:
            assert response.status_code == 302
            assert response["Location"].startswith("/auth/login/")
        return
    if route.method == "GET" and route.marker and response.status_code == 200:
        assert route.marker(world) not in body
    else:
        # A form that may not act re-renders with an error (200) or redirects back with a
        # message (302); everything else is refused outright.
        refused = {400, 403, 404} | ({200, 302} if not route.api else set())
        assert response.status_code in refused, body[:500]


def _route_names(patterns, namespace: str | None = None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = ":".join(filter(None, [namespace, pattern.namespace])) or None
            if str(pattern.pattern).startswith(("auth/", "django-admin/")):
                continue  # allauth and Django admin guard their own views
            yield from _route_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


def test_every_route_is_in_the_matrix():
    covered = {route.name for route in PAGES + API} | PUBLIC_ROUTES
    missing = sorted(set(_route_names(get_resolver().url_patterns)) - covered)
    assert missing == [], f"add these routes to the permission matrix: {missing}"
