"""The UI speaks Indonesian unless the user picks English in the language menu."""

from django.conf import settings
from django.test import Client


def test_ui_is_indonesian_even_when_the_browser_asks_for_english(db):
    response = Client(HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").get("/auth/login/")

    assert response.status_code == 200
    assert '<html lang="id">' in response.content.decode()


def test_choosing_english_in_the_language_menu_switches_the_ui(db):
    client = Client()

    response = client.post("/i18n/setlang/", {"language": "en", "next": "/auth/login/"})
    assert response.status_code == 302
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"

    page = client.get("/auth/login/")
    assert '<html lang="en">' in page.content.decode()


def test_unknown_language_cookie_falls_back_to_indonesian(db):
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "xx"

    assert '<html lang="id">' in client.get("/auth/login/").content.decode()
