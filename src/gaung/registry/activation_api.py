"""API for activation: invite an employee, request a one-time code, confirm it.

Mounted at /api/activation/. The invitation link travels only by e-mail: no answer carries it.
"""

from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.decorators import (
    api_view,
    authentication_classes,
    permission_classes,
    throttle_classes,
)
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle

from gaung.core.permissions import ValidationError
from gaung.registry import activation
from gaung.registry.models import Employee
from gaung.registry.nip import NipError, clean_nip_input


class ActivationThrottle(AnonRateThrottle):
    """Per-address ceiling on the anonymous activation endpoints, on top of the per-NIP limits."""

    scope = "activation"
    rate = "30/hour"


class ActivationInviteSerializer(serializers.Serializer):
    employee = serializers.IntegerField(help_text="Primary key of the employee to invite.")


class ActivationInvitationSerializer(serializers.Serializer):
    employee = serializers.IntegerField()
    expires_at = serializers.DateTimeField()


class ActivationNipSerializer(serializers.Serializer):
    nip = serializers.CharField(max_length=40, help_text="NIP / NI PPPK, spaces allowed.")

    def validate_nip(self, value: str) -> str:
        try:
            return clean_nip_input(value)
        except NipError as error:
            raise serializers.ValidationError(error.render(_)) from error


class ActivationConfirmSerializer(ActivationNipSerializer):
    code = serializers.RegexField(r"^\d{6}$", help_text="The 6-digit code from the e-mail.")
    password = serializers.CharField(write_only=True, trim_whitespace=False)


class ActivationResultSerializer(serializers.Serializer):
    username = serializers.CharField()
    token = serializers.CharField(
        allow_null=True, help_text="API token; null when the login has two-factor authentication."
    )
    mfa_required = serializers.BooleanField()


DETAIL = inline_serializer("ActivationDetail", {"detail": serializers.CharField()})


@extend_schema(
    request=ActivationInviteSerializer,
    responses={201: ActivationInvitationSerializer, 400: DETAIL, 403: DETAIL, 404: DETAIL},
    summary="E-mail an invitation link to an employee",
)
@api_view(["POST"])
def invite(request):
    """Send (or send again) the invitation e-mail; earlier unused links stop working."""
    serializer = ActivationInviteSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    employee = get_object_or_404(
        Employee.objects.visible_to(request.user), pk=serializer.validated_data["employee"]
    )
    invitation = activation.invite_employee(request.user, employee)
    body = {"employee": employee.pk, "expires_at": invitation.expires_at}
    return Response(ActivationInvitationSerializer(body).data, status=status.HTTP_201_CREATED)


@extend_schema(
    request=ActivationNipSerializer,
    responses={202: DETAIL, 400: OpenApiResponse(description="Not an 18-digit NIP."), 429: DETAIL},
    summary="E-mail a one-time activation code",
    description="Answers the same whether or not the NIP is registered.",
)
@api_view(["POST"])
@authentication_classes([])
@permission_classes([AllowAny])
@throttle_classes([ActivationThrottle])
def request_code(request):
    """E-mail a code to the employee with this NIP, if any; the answer never tells."""
    serializer = ActivationNipSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    nip = serializer.validated_data["nip"]
    if not activation.code_request_allowed(request._request, nip):
        return Response(
            {"detail": _("Too many codes were requested. Wait 10 minutes and try again.")},
            status=status.HTTP_429_TOO_MANY_REQUESTS,
        )
    activation.request_activation_code(nip)
    return Response({"detail": activation.code_sent_notice()}, status=status.HTTP_202_ACCEPTED)


@extend_schema(
    request=ActivationConfirmSerializer,
    responses={201: ActivationResultSerializer, 400: DETAIL, 429: DETAIL},
    summary="Set the password with a one-time code and receive an API token",
)
@api_view(["POST"])
@authentication_classes([])
@permission_classes([AllowAny])
@throttle_classes([ActivationThrottle])
def confirm(request):
    """Activate (or reset) the login with NIP, code and new password."""
    serializer = ActivationConfirmSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    if not activation.code_attempts_allowed(request._request):
        return Response(
            {"detail": _("Too many wrong codes from this connection. Try again later.")},
            status=status.HTTP_429_TOO_MANY_REQUESTS,
        )
    data = serializer.validated_data
    try:
        user = activation.confirm_activation_code(data["nip"], data["code"], data["password"])
    except ValidationError as error:
        if "code" in getattr(error, "error_dict", {}):
            activation.count_failed_code(request._request)
        raise
    token = activation.api_token_for(user)
    body = {"username": user.get_username(), "token": token, "mfa_required": token is None}
    return Response(ActivationResultSerializer(body).data, status=status.HTTP_201_CREATED)


app_name = "activation_api"
urlpatterns = [
    path("invite/", invite, name="invite"),
    path("request-code/", request_code, name="request_code"),
    path("confirm/", confirm, name="confirm"),
]
