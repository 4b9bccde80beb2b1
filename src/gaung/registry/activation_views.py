"""Pages through which an employee gets a login: invitation link, or NIP and one-time code."""

from allauth.account.utils import perform_login
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from gaung.core.forms import add_action_errors
from gaung.core.permissions import ValidationError
from gaung.registry import activation
from gaung.registry.activation_forms import ConfirmCodeForm, NewPasswordForm, NipForm
from gaung.registry.models import Employee

SESSION_NIP_KEY = "gaung.activation.nip"


def _back_to(request: HttpRequest) -> str:
    for candidate in (request.POST.get("next"), request.headers.get("referer")):
        if candidate and url_has_allowed_host_and_scheme(
            candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            return candidate
    return reverse("registry:employee_list")


def _log_in(request: HttpRequest, user) -> HttpResponse:
    # Through allauth, so a login with a second factor still has to pass it.
    return perform_login(request, user, redirect_url=reverse("socials:my_accounts"))


@login_required
@require_POST
def invite(request: HttpRequest, employee_pk: int) -> HttpResponse:
    """Send (or send again) the invitation e-mail to an employee the admin administers."""
    employee = get_object_or_404(Employee.objects.visible_to(request.user), pk=employee_pk)
    try:
        activation.invite_employee(request.user, employee)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("Invitation sent to %(email)s. The link is valid for %(days)d days.")
            % {"email": employee.email, "days": settings.GAUNG_INVITATION_DAYS},
        )
    return redirect(_back_to(request))


@never_cache
def accept(request: HttpRequest, token: str) -> HttpResponse:
    """The invitation link: set a password, then land on one's own page."""
    check = activation.check_invitation(token)
    if not check.is_valid:
        status = 404 if check.problem == "unknown" else 410
        return render(
            request,
            "registry/activation/invalid_link.html",
            {"problem": check.problem},
            status=status,
        )
    employee = check.invitation.employee
    form = NewPasswordForm(request.POST or None, user=employee.user)
    if request.method == "POST" and form.is_valid():
        try:
            user = activation.accept_invitation(token, form.cleaned_data["password"])
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("Your password is set. Welcome to Gaung."))
            return _log_in(request, user)
    context = {"form": form, "employee": employee, "expires_at": check.invitation.expires_at}
    return render(request, "registry/activation/accept.html", context)


@never_cache
def request_code(request: HttpRequest) -> HttpResponse:
    """Step 1 of activation without an invitation: the NIP, to which a code is e-mailed."""
    form = NipForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        nip = form.cleaned_data["nip"]
        if activation.code_request_allowed(request, nip):
            activation.request_activation_code(nip)
            request.session[SESSION_NIP_KEY] = nip
            messages.info(request, activation.code_sent_notice())
            return redirect("activation:confirm_code")
        form.add_error(None, _("Too many codes were requested. Wait 10 minutes and try again."))
        status = 429
    return render(request, "registry/activation/request_code.html", {"form": form}, status=status)


@never_cache
def confirm_code(request: HttpRequest) -> HttpResponse:
    """Step 2: NIP, the code from the e-mail and a new password; then the user is logged in."""
    form = ConfirmCodeForm(
        request.POST or None, initial={"nip": request.session.get(SESSION_NIP_KEY)}
    )
    status = 200
    if request.method == "POST" and form.is_valid():
        if not activation.code_attempts_allowed(request):
            form.add_error(None, _("Too many wrong codes from this connection. Try again later."))
            status = 429
        else:
            data = form.cleaned_data
            try:
                user = activation.confirm_activation_code(
                    data["nip"], data["code"], data["password"]
                )
            except ValidationError as error:
                if "code" in getattr(error, "error_dict", {}):
                    activation.count_failed_code(request)
                add_action_errors(form, error)
            else:
                request.session.pop(SESSION_NIP_KEY, None)
                messages.success(request, _("Your password is set. Welcome to Gaung."))
                return _log_in(request, user)
    return render(request, "registry/activation/confirm_code.html", {"form": form}, status=status)
