"""Requires administrators to set up TOTP before they use the product (optional setting)."""

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

from gaung.registry.scope import scope_for

MFA_EXEMPT_PREFIXES = ("/auth/", "/static/", "/i18n/", "/healthz")


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
            return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)

    def _must_enrol(self, request) -> bool:
        if not settings.GAUNG_REQUIRE_ADMIN_MFA:
            return False
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return False
        if request.path.startswith(MFA_EXEMPT_PREFIXES):
            return False
        if not scope_for(user).is_admin:
            return False
        return not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
