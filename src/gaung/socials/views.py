"""Pages for social media accounts: the admins' list, detail, register and edit pages, the
verification queue, and the ASN's own profile and accounts under /me/."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from gaung.core.audit import events_for
from gaung.core.exports import Column
from gaung.core.forms import add_action_errors
from gaung.core.lists import ListSpec, render_list
from gaung.registry.actions import update_employee
from gaung.registry.decorators import admin_required
from gaung.registry.models import Employee, OrganisationUnit
from gaung.registry.scope import scope_for
from gaung.socials.actions import (
    deactivate_accounts,
    delete_account,
    register_account,
    reject_accounts,
    update_account,
    verify_accounts,
)
from gaung.socials.choices import AccountStatus, OwnerKind
from gaung.socials.filtersets import AccountFilterSet
from gaung.socials.forms import AccountForm, ContactForm, MyAccountForm, changed_values
from gaung.socials.models import SocialAccount


def _owner_kind(account: SocialAccount) -> str:
    return str(OwnerKind.OFFICIAL.label if account.is_official else OwnerKind.PERSONAL.label)


def _owner_name(account: SocialAccount) -> str:
    return account.owner_unit.name if account.is_official else account.owner_employee.full_name


def _owner_nip(account: SocialAccount) -> str:
    return "" if account.is_official else account.owner_employee.nip_grouped


def _verifier(account: SocialAccount) -> str:
    user = account.verified_by
    return (user.get_full_name() or user.get_username()) if user else ""


EXPORT_COLUMNS = (
    Column(gettext_lazy("Platform"), lambda a: a.get_platform_display(), 12),
    Column(gettext_lazy("Handle"), lambda a: a.handle, 24),
    Column(gettext_lazy("Profile URL"), lambda a: a.profile_url, 40),
    Column(gettext_lazy("Owner type"), _owner_kind, 18),
    Column(gettext_lazy("Owner"), _owner_name, 32),
    Column(gettext_lazy("NIP"), _owner_nip, 24),
    Column(gettext_lazy("Unit"), lambda a: a.unit_name, 30),
    Column(gettext_lazy("Department (OPD)"), lambda a: a.department_name, 30),
    Column(gettext_lazy("Followers"), lambda a: a.followers, 12),
    Column(gettext_lazy("Followers as of"), lambda a: a.followers_as_of, 14),
    Column(gettext_lazy("Status"), lambda a: a.get_status_display(), 14),
    Column(gettext_lazy("Rejection reason"), lambda a: a.rejection_reason, 30),
    Column(gettext_lazy("Verified by"), _verifier, 20),
    Column(gettext_lazy("Verified at"), lambda a: a.verified_at, 18),
)

ACCOUNT_SORTS = {
    "platform": ("platform", "handle"),
    "handle": ("handle",),
    "owner": ("owner_name",),
    "unit": ("unit_name",),
    "followers": ("followers",),
    "followers_as_of": ("followers_as_of",),
    "status": ("status",),
}

ACCOUNT_LIST = ListSpec(
    template="socials/account_list.html",
    filterset_class=AccountFilterSet,
    sort_fields=ACCOUNT_SORTS,
    default_sort="handle",
    export_name="social-media-accounts",
    export_columns=EXPORT_COLUMNS,
)

VERIFICATION_QUEUE = ListSpec(
    template="socials/verification_queue.html",
    filterset_class=AccountFilterSet,
    sort_fields={**ACCOUNT_SORTS, "registered": ("created_at",)},
    # Oldest first: whoever registered first has waited longest.
    default_sort="registered",
    export_name="verification-queue",
    export_columns=EXPORT_COLUMNS,
    page_size=50,
)


def _admin_accounts(request: HttpRequest) -> QuerySet[SocialAccount]:
    return SocialAccount.objects.visible_to(request.user).with_list_columns()


@admin_required
def account_list(request: HttpRequest) -> HttpResponse:
    """All accounts in the admin's units: search, filter, sort, page and export."""
    return render_list(request, _admin_accounts(request), ACCOUNT_LIST)


@admin_required
def account_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One account with its owner, status, review buttons and change history."""
    account = get_object_or_404(_admin_accounts(request), pk=pk)
    context = {"account": account, "audit_events": events_for(account)}
    return render(request, "socials/account_detail.html", context)


@admin_required
@require_POST
def account_review(request: HttpRequest, pk: int) -> HttpResponse:
    """Verify, reject (with a reason) or deactivate one account from its detail page."""
    account = get_object_or_404(_admin_accounts(request), pk=pk)
    decision = request.POST.get("decision")
    reason = request.POST.get("reason", "")
    try:
        if decision == "verify":
            verify_accounts(request.user, [account])
            messages.success(request, _("%(account)s is verified.") % {"account": account})
        elif decision == "reject":
            reject_accounts(request.user, [account], reason)
            messages.success(request, _("%(account)s is rejected.") % {"account": account})
        elif decision == "deactivate":
            deactivate_accounts(request.user, [account], reason)
            messages.success(request, _("%(account)s is marked inactive.") % {"account": account})
        else:
            return HttpResponseBadRequest()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("socials:account_detail", pk=account.pk)


def _initial_owner(request: HttpRequest) -> dict[str, Any]:
    # Registry pages link here with ?unit=<pk> or ?employee=<NIP> to preselect the owner.
    if unit := request.GET.get("unit", ""):
        return {"owner_kind": OwnerKind.OFFICIAL, "owner_unit": unit}
    if employee := request.GET.get("employee", ""):
        return {"owner_kind": OwnerKind.PERSONAL, "employee": employee}
    return {}


@admin_required
def account_create(request: HttpRequest) -> HttpResponse:
    """An admin registers an official or personal account."""
    form = AccountForm(request.POST or None, user=request.user, initial=_initial_owner(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            account = register_account(
                request.user,
                platform=data["platform"],
                raw_handle=data["raw_handle"],
                owner_unit=data["owner_unit"],
                owner_employee=data["owner_employee"],
                display_name=data["display_name"],
                followers=data["followers"],
                followers_as_of=data["followers_as_of"],
            )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("%(account)s is registered.") % {"account": account})
            return redirect("socials:account_detail", pk=account.pk)
    return render(request, "socials/account_form.html", {"form": form, "account": None})


@admin_required
def account_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """An admin changes an account; a new handle or owner sends it back to verification."""
    account = get_object_or_404(_admin_accounts(request), pk=pk)
    form = AccountForm(request.POST or None, user=request.user, account=account)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        fields = {
            "platform": data["platform"],
            "raw_handle": data["raw_handle"],
            **changed_values(form, ("display_name", "followers", "followers_as_of")),
        }
        owner = (data["owner_unit"], data["owner_employee"])
        if owner != (account.owner_unit, account.owner_employee):
            fields.update(owner_unit=owner[0], owner_employee=owner[1])
        try:
            update_account(request.user, account, **fields)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("%(account)s is saved.") % {"account": account})
            return redirect("socials:account_detail", pk=account.pk)
    return render(request, "socials/account_form.html", {"form": form, "account": account})


@admin_required
def account_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask, then remove an account (POST only changes anything)."""
    account = get_object_or_404(_admin_accounts(request), pk=pk)
    if request.method == "POST":
        delete_account(request.user, account)
        messages.success(request, _("%(account)s was deleted.") % {"account": account})
        return redirect("socials:account_list")
    context = {
        "account": account,
        "cancel_url": reverse("socials:account_detail", args=[account.pk]),
    }
    return render(request, "socials/account_confirm_delete.html", context)


@admin_required
def employee_suggestions(request: HttpRequest) -> HttpResponse:
    """Datalist options (NIP → name, unit) for the employee field of the register form."""
    text = request.GET.get("employee", "").strip()
    employees: Any = []
    if len(text) >= 2:
        employees = (
            Employee.objects.visible_to(request.user).search(text).select_related("unit")[:10]
        )
    return render(request, "socials/includes/employee_options.html", {"employees": employees})


@admin_required
def verification_queue(request: HttpRequest) -> HttpResponse:
    """Unverified accounts in the admin's units, to verify or reject in bulk."""
    if request.method == "POST":
        return _review_selected(request)
    queue = _admin_accounts(request).awaiting_verification()
    return render_list(request, queue, VERIFICATION_QUEUE)


def _review_selected(request: HttpRequest) -> HttpResponse:
    back = request.get_full_path()
    try:
        pks = {int(value) for value in request.POST.getlist("accounts")}
    except ValueError:
        return HttpResponseBadRequest()
    if not pks:
        messages.warning(request, _("Select at least one account."))
        return redirect(back)
    accounts = list(_admin_accounts(request).filter(pk__in=pks))
    if len(accounts) != len(pks):
        # Deleted meanwhile, or not in the admin's units: refuse the whole batch.
        messages.error(
            request,
            _("Some of the selected accounts are no longer available to you. Nothing was changed."),
        )
        return redirect(back)
    decision = request.POST.get("decision")
    try:
        if decision == "verify":
            count = verify_accounts(request.user, accounts)
            text = ngettext("%(count)d account verified", "%(count)d accounts verified", count)
        elif decision == "reject":
            count = reject_accounts(request.user, accounts, request.POST.get("reason", ""))
            text = ngettext("%(count)d account rejected", "%(count)d accounts rejected", count)
        else:
            return HttpResponseBadRequest()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, text % {"count": count})
    return redirect(back)


# ASN self-service: the logged-in user's own employee record and personal accounts.


def _own_employee(request: HttpRequest) -> Employee:
    employee_id = scope_for(request.user).employee_id
    if employee_id is None:
        raise Http404("This login is not linked to an employee record.")
    return get_object_or_404(Employee.objects.select_related("unit"), pk=employee_id)


def _own_account(request: HttpRequest, employee: Employee, pk: int) -> SocialAccount:
    return get_object_or_404(SocialAccount.objects.filter(owner_employee=employee), pk=pk)


@login_required
def my_profile(request: HttpRequest) -> HttpResponse:
    """The ASN's own record (contact details editable) and their accounts."""
    employee = _own_employee(request)
    form = ContactForm(
        request.POST or None, initial={"email": employee.email, "phone": employee.phone}
    )
    if request.method == "POST" and form.is_valid():
        changes = changed_values(form, ("email", "phone"))
        try:
            if changes:
                update_employee(request.user, employee, **changes)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("Your contact details are saved."))
            return redirect("socials:my_accounts")
    units = OrganisationUnit.objects.filter(
        path__in=employee.unit.ancestor_paths(), depth__gte=1
    ).order_by("depth")
    context = {
        "employee": employee,
        "unit_chain": units,
        "form": form,
        "accounts": SocialAccount.objects.filter(owner_employee=employee).order_by(
            "platform", "handle"
        ),
        "statuses": AccountStatus,
    }
    return render(request, "socials/my_profile.html", context)


@login_required
def my_account_create(request: HttpRequest) -> HttpResponse:
    """The ASN adds one of their own accounts by pasting its handle or address."""
    employee = _own_employee(request)
    form = MyAccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            account = register_account(
                request.user,
                platform=data["platform"],
                raw_handle=data["raw_handle"],
                owner_employee=employee,
                followers=data["followers"],
            )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(
                request,
                _("%(account)s is saved. An admin of your unit will check it.")
                % {"account": account},
            )
            return redirect("socials:my_accounts")
    return render(request, "socials/my_account_form.html", {"form": form, "account": None})


@login_required
def my_account_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The ASN corrects one of their own accounts."""
    employee = _own_employee(request)
    account = _own_account(request, employee, pk)
    form = MyAccountForm(request.POST or None, initial=MyAccountForm.initial_for(account))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            update_account(
                request.user,
                account,
                platform=data["platform"],
                raw_handle=data["raw_handle"],
                **changed_values(form, ("followers",)),
            )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("%(account)s is saved.") % {"account": account})
            return redirect("socials:my_accounts")
    return render(request, "socials/my_account_form.html", {"form": form, "account": account})


@login_required
def my_account_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask, then remove one of the ASN's own accounts."""
    employee = _own_employee(request)
    account = _own_account(request, employee, pk)
    if request.method == "POST":
        delete_account(request.user, account)
        messages.success(request, _("%(account)s was deleted.") % {"account": account})
        return redirect("socials:my_accounts")
    context = {"account": account, "cancel_url": reverse("socials:my_accounts")}
    return render(request, "socials/account_confirm_delete.html", context)
