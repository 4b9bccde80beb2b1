"""Settings read from the environment, and the API schema and docs served offline under CSP."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders

from gaung.config.settings import env_bool, env_list
from tests.factories import UserFactory

ROOT = Path(__file__).resolve().parents[2]
SETTINGS_FILE = ROOT / "src" / "gaung" / "config" / "settings.py"
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)


@pytest.fixture
def user(db):
    return UserFactory(username="pengguna.api")


def test_api_schema_answers_a_logged_in_user(client_for, user):
    response = client_for(user).get("/api/schema/")

    assert response.status_code == 200
    assert b"openapi: 3" in response.content


def test_api_docs_load_swagger_ui_from_our_own_static_files(client_for, user):
    response = client_for(user).get("/api/docs/")
    page = response.content.decode()

    assert response.status_code == 200
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in page
    assert "cdn.jsdelivr.net" not in page and "https://" not in page
    assert finders.find("drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js")


def test_api_docs_need_no_inline_script_so_the_csp_allows_them(client_for, user):
    response = client_for(user).get("/api/docs/")
    policy = response.headers["Content-Security-Policy"]
    script_src = next(p for p in policy.split(";") if p.strip().startswith("script-src"))

    assert INLINE_SCRIPT.findall(response.content.decode()) == []
    assert "unsafe-inline" not in script_src and "unsafe-eval" not in script_src


def test_api_docs_start_up_script_is_served_as_a_javascript_file(client_for, user):
    response = client_for(user).get("/api/docs/?script=")

    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("application/javascript")
    assert b"SwaggerUIBundle" in response.content
    assert b"/api/schema/" in response.content


def test_env_bool_reads_yes_and_no(monkeypatch):
    for value, expected in [("1", True), ("yes", True), ("On", True), ("0", False), ("", False)]:
        monkeypatch.setenv("GAUNG_TEST_FLAG", value)
        assert env_bool("GAUNG_TEST_FLAG") is expected
    monkeypatch.delenv("GAUNG_TEST_FLAG")
    assert env_bool("GAUNG_TEST_FLAG", default=True) is True


def test_env_list_splits_on_commas_and_drops_blanks(monkeypatch):
    monkeypatch.setenv("GAUNG_TEST_LIST", " gaung.example.go.id, ,127.0.0.1 ")

    assert env_list("GAUNG_TEST_LIST") == ["gaung.example.go.id", "127.0.0.1"]


def test_env_example_documents_every_variable_the_settings_read():
    read = set(
        re.findall(
            r"""(?:os\.environ\.get|os\.getenv|env_bool|env_list|os\.environ\[)\(?\s*["']([A-Z0-9_]+)["']""",
            SETTINGS_FILE.read_text(),
        )
    )
    documented = set(
        re.findall(r"^#?\s*([A-Z][A-Z0-9_]+)=", (ROOT / ".env.example").read_text(), re.MULTILINE)
    )

    procfile = set(re.findall(r"\$\{?([A-Z][A-Z0-9_]+)", (ROOT / "Procfile").read_text()))

    assert read, "the pattern no longer finds the variables in settings.py"
    assert read - documented == set(), "add these to .env.example"
    assert documented - read - procfile == set(), "nothing reads these any more"


def test_production_services_are_configured_from_the_environment(tmp_path):
    # Settings are read once at import: a fresh interpreter sees a production-like environment.
    env = {
        **os.environ,
        "GAUNG_DATA_DIR": str(tmp_path),
        "GAUNG_SECRET_KEY": "k" * 50,
        "DATABASE_URL": "postgres://gaung:rahasia@db.internal:5432/gaung",
        "CELERY_BROKER_URL": "redis://redis.internal:6379/0",
        "CELERY_RESULT_BACKEND": "redis://redis.internal:6379/1",
        "GAUNG_CACHE_URL": "redis://redis.internal:6379/2",
        "GAUNG_ALLOWED_HOSTS": "gaung.kotaharapan.go.id",
        "GAUNG_REQUIRE_ADMIN_MFA": "true",
    }
    script = (
        "from django.conf import settings as s;"
        "print(s.DATABASES['default']['ENGINE'], s.DATABASES['default']['HOST'],"
        " s.CELERY_BROKER_URL, s.CELERY_RESULT_BACKEND, s.CACHES['default']['LOCATION'],"
        " s.ALLOWED_HOSTS, s.GAUNG_REQUIRE_ADMIN_MFA, s.SECRET_KEY == 'k' * 50)"
    )
    output = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {script}"],
        env={**env, "DJANGO_SETTINGS_MODULE": "gaung.config.settings"},
        capture_output=True, text=True, timeout=120, check=True,
    ).stdout.split()  # fmt: skip

    assert output == [
        "django.db.backends.postgresql",
        "db.internal",
        "redis://redis.internal:6379/0",
        "redis://redis.internal:6379/1",
        "redis://redis.internal:6379/2",
        "['gaung.kotaharapan.go.id']",
        "True",
        "True",
    ]
    assert not (tmp_path / "secret_key").exists()
