"""Request middleware: admin MFA enrolment, and the language the UI speaks."""

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.http import HttpResponse
from django.middleware.locale import LocaleMiddleware
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation

from gaung.registry.scope import scope_for

MFA_EXEMPT_PREFIXES = ("/auth/", "/static/", "/i18n/", "/healthz")


def _token_user(request):
    """The user of an API token: DRF authenticates inside the view, after this middleware."""
    from rest_framework.authentication import TokenAuthentication
    from rest_framework.exceptions import AuthenticationFailed

    try:
        result = TokenAuthentication().authenticate(request)
    except AuthenticationFailed:
        return None
    return result[0] if result else None


class RequireAdminMfaMiddleware:
    """When GAUNG_REQUIRE_ADMIN_MFA is on, send admins without TOTP to the TOTP set-up page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._must_enrol(request):
            if request.path.startswith("/api/"):
                from django.http import JsonResponse

                return JsonResponse(
                    {"detail": "Two-factor authentication must be set up for admin accounts."},
                    status=403,
                )
            if request.headers.get("HX-Request"):
                # A redirect would be swapped into the page fragment; htmx navigates instead.
                return HttpResponse(headers={"HX-Redirect": reverse("mfa_activate_totp")})
            return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)

    def _must_enrol(self, request) -> bool:
        if not settings.GAUNG_REQUIRE_ADMIN_MFA:
            return False
        if request.path.startswith(MFA_EXEMPT_PREFIXES):
            return False
        user = getattr(request, "user", None)
        if (user is None or not user.is_authenticated) and request.path.startswith("/api/"):
            user = _token_user(request)
        if user is None or not user.is_authenticated:
            return False
        if not scope_for(user).is_admin:
            return False
        return not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


class LanguageMiddleware(LocaleMiddleware):
    """Bahasa Indonesia unless the user chose another language (cookie or ?lang= link).

    Browsers in Indonesian offices are often set to English; the product still speaks
    Indonesian until the user picks English in the language menu.
    """

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = dict(settings.LANGUAGES)
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
