"""The organisers' pages: campaigns and their assignments, the proof review queue, employee
groups and election periods. Views read input and render; the actions check and write."""

import datetime
import mimetypes
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from gaung.amplification import actions
from gaung.amplification.choices import CampaignAction, CampaignStatus
from gaung.amplification.filtersets import (
    AssignmentFilterSet,
    CampaignFilterSet,
    ElectionPeriodFilterSet,
    GroupFilterSet,
    ProofFilterSet,
)
from gaung.amplification.forms import CampaignForm, ElectionPeriodForm, GroupForm
from gaung.amplification.models import Assignment, Campaign, ElectionPeriod, Proof
from gaung.amplification.querysets import (
    assignments_visible_to,
    campaigns_managed_by,
    campaigns_visible_to,
    election_periods_visible_to,
    groups_visible_to,
    proofs_to_review,
    recap_counts,
    with_recap_figures,
    with_status_rank,
)
from gaung.core.audit import events_for
from gaung.core.exports import Column
from gaung.core.forms import add_action_errors
from gaung.core.lists import ListSpec, render_list
from gaung.registry.activation import ZONE_ABBREVIATIONS
from gaung.registry.decorators import admin_required
from gaung.registry.scope import scope_for
from gaung.socials.choices import Platform

ACTION_LABELS = dict(CampaignAction.choices)
PLATFORM_LABELS = dict(Platform.choices)


def platform_labels(values) -> str:
    return ", ".join(str(PLATFORM_LABELS.get(value, value)) for value in values)


def action_labels(values) -> str:
    return ", ".join(str(ACTION_LABELS.get(value, value)) for value in values)


def _completion_percent(campaign: Campaign) -> float | None:
    return None if campaign.completion is None else round(campaign.completion * 100, 1)


# ---------------------------------------------------------------------------------------------
# Campaigns
# ---------------------------------------------------------------------------------------------

CAMPAIGN_LIST = ListSpec(
    template="amplification/campaign_list.html",
    filterset_class=CampaignFilterSet,
    sort_fields={
        "deadline": ("deadline",),
        "title": ("title",),
        "status": ("status", "deadline"),
    },
    default_sort="-deadline",
    export_name="amplification-campaigns",
    export_columns=(
        Column(gettext_lazy("Title"), lambda c: c.title, 40),
        Column(gettext_lazy("Organising unit"), lambda c: c.unit.name, 30),
        Column(gettext_lazy("Platforms"), lambda c: platform_labels(c.platforms), 24),
        Column(gettext_lazy("Actions asked"), lambda c: action_labels(c.actions), 30),
        Column(gettext_lazy("Start"), lambda c: c.starts_at, 18),
        Column(gettext_lazy("Deadline"), lambda c: c.deadline, 18),
        Column(gettext_lazy("Status"), lambda c: c.get_status_display(), 12),
        Column(gettext_lazy("Political content"), lambda c: c.is_political, 10),
        Column(gettext_lazy("Assigned"), lambda c: c.assigned, 10),
        Column(gettext_lazy("Actions done"), lambda c: c.done_total, 10),
        Column(gettext_lazy("Actions asked (count)"), lambda c: c.asked_total, 10),
        Column(gettext_lazy("Completion (%)"), _completion_percent, 12),
        Column(gettext_lazy("Official post"), lambda c: c.post_url, 40),
    ),
)


def _visible(request: HttpRequest) -> QuerySet[Campaign]:
    return campaigns_visible_to(request.user)


@admin_required
def campaign_list(request: HttpRequest) -> HttpResponse:
    """Campaigns the admin organises or that reach their units, with their completion."""
    campaigns = with_recap_figures(_visible(request), request.user)
    return render_list(request, campaigns, CAMPAIGN_LIST)


def _new_campaign_initial() -> dict[str, Any]:
    start = timezone.localtime().replace(minute=0, second=0, microsecond=0, tzinfo=None)
    return {
        "starts_at": start + datetime.timedelta(hours=1),
        "deadline": start + datetime.timedelta(days=3, hours=1),
        "reminder_lead_hours": 48,
    }


@admin_required
def campaign_create(request: HttpRequest) -> HttpResponse:
    """A new campaign, saved as a draft to check before activating it."""
    form = CampaignForm(request.POST or None, user=request.user, initial=_new_campaign_initial())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            campaign = actions.create_campaign(
                request.user,
                unit=data["unit"],
                target_units=data["target_units"],
                target_groups=data["target_groups"],
                confirm_political=data["confirm_political"],
                **form.action_fields(),
            )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(
                request,
                _("“%(title)s” is saved as a draft. Check it, then activate it.")
                % {"title": campaign.title},
            )
            return redirect("amplification:campaign_detail", pk=campaign.pk)
    return render(request, "amplification/campaign_form.html", {"form": form, "campaign": None})


@admin_required
def campaign_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a draft or active campaign (an active one keeps its actions and platforms)."""
    campaign = get_object_or_404(campaigns_managed_by(request.user), pk=pk)
    if campaign.status not in (CampaignStatus.DRAFT, CampaignStatus.ACTIVE):
        messages.error(request, _("A closed or cancelled campaign cannot be changed."))
        return redirect("amplification:campaign_detail", pk=campaign.pk)
    form = CampaignForm(request.POST or None, user=request.user, campaign=campaign)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        # Targets untouched on the form are left alone (they may include units this admin
        # cannot see, chosen by an admin above them).
        targets = {
            name: data[name]
            for name in ("target_units", "target_groups")
            if name in form.changed_data
        }
        try:
            actions.update_campaign(
                request.user,
                campaign,
                confirm_political=data["confirm_political"],
                **targets,
                **form.action_fields(),
            )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("“%(title)s” is saved.") % {"title": data["title"]})
            return redirect("amplification:campaign_detail", pk=campaign.pk)
    context = {"form": form, "campaign": campaign}
    return render(request, "amplification/campaign_form.html", context)


@admin_required
def campaign_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Everything about one campaign, its figures for the admin's units, and its history."""
    campaign = get_object_or_404(
        _visible(request).select_related("created_by", "political_confirmed_by"), pk=pk
    )
    counts = recap_counts(request.user, campaign)
    context = {
        "campaign": campaign,
        "counts": counts,
        "completion": (
            counts["done_total"] / counts["asked_total"] if counts["asked_total"] else None
        ),
        "participation": counts["acting"] / counts["assigned"] if counts["assigned"] else None,
        "may_manage": actions.may_manage(request.user, campaign),
        "zone": ZONE_ABBREVIATIONS.get(campaign.unit.time_zone, campaign.unit.time_zone),
        "platforms": platform_labels(campaign.platforms),
        "actions_asked": action_labels(campaign.actions),
        "target_units": campaign.target_units.order_by("path"),
        "target_groups": campaign.target_groups.order_by("name"),
        "audit_events": events_for(campaign),
    }
    return render(request, "amplification/campaign_detail.html", context)


def _change_status(
    request: HttpRequest, pk: int, change: Callable[..., Campaign], done: str
) -> HttpResponse:
    campaign = get_object_or_404(_visible(request), pk=pk)
    try:
        campaign = change(request.user, campaign)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done % {"title": campaign.title})
    return redirect("amplification:campaign_detail", pk=pk)


@admin_required
@require_POST
def campaign_activate(request: HttpRequest, pk: int) -> HttpResponse:
    """Start the campaign: every targeted employee is assigned it."""
    return _change_status(
        request, pk, actions.activate_campaign, _("“%(title)s” is active and assigned.")
    )


@admin_required
@require_POST
def campaign_close(request: HttpRequest, pk: int) -> HttpResponse:
    return _change_status(
        request, pk, actions.close_campaign, _("“%(title)s” is closed; its recap stays.")
    )


@admin_required
@require_POST
def campaign_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    return _change_status(request, pk, actions.cancel_campaign, _("“%(title)s” is cancelled."))


# ---------------------------------------------------------------------------------------------
# Assignments of one campaign
# ---------------------------------------------------------------------------------------------


def _missing_labels(assignment: Assignment) -> str:
    return platform_labels(assignment.missing_platforms)


ASSIGNMENT_LIST = ListSpec(
    template="amplification/campaign_assignments.html",
    filterset_class=AssignmentFilterSet,
    sort_fields={
        "name": ("employee__name",),
        "unit": ("unit_path", "employee__name"),
        "status": ("status_rank", "employee__name"),
        "done": ("done", "employee__name"),
        "reach": ("potential_reach",),
        "clicks": ("clicks",),
        "first_action": ("first_acted_at",),
    },
    default_sort="unit",
    export_name="amplification-assignments",
    export_columns=(
        Column(gettext_lazy("Name"), lambda a: a.employee.full_name, 32),
        Column(gettext_lazy("NIP"), lambda a: a.employee.nip_grouped, 24),
        Column(gettext_lazy("Unit"), lambda a: a.unit.name, 30),
        Column(gettext_lazy("Status"), lambda a: a.get_status_display(), 12),
        Column(gettext_lazy("Actions done"), lambda a: a.done, 10),
        Column(gettext_lazy("Actions asked"), lambda a: a.asked, 10),
        Column(gettext_lazy("No account on"), _missing_labels, 24),
        Column(gettext_lazy("Potential reach"), lambda a: a.potential_reach, 14),
        Column(gettext_lazy("Clicks"), lambda a: a.clicks, 10),
        Column(gettext_lazy("First action"), lambda a: a.first_acted_at, 18),
    ),
    page_size=50,
)


@admin_required
def campaign_assignments(request: HttpRequest, pk: int) -> HttpResponse:
    """One row per assigned employee of the admin's units, those without account included."""
    campaign = get_object_or_404(_visible(request), pk=pk)
    rows = with_status_rank(assignments_visible_to(request.user, campaign))
    context = {"campaign": campaign, "platform_choices": Platform.choices}
    return render_list(request, rows, ASSIGNMENT_LIST, context)


# ---------------------------------------------------------------------------------------------
# Proof review
# ---------------------------------------------------------------------------------------------

PROOF_QUEUE = ListSpec(
    template="amplification/proof_queue.html",
    filterset_class=ProofFilterSet,
    sort_fields={
        "sent": ("created_at",),
        "campaign": ("assignment__campaign__title", "created_at"),
        "employee": ("assignment__employee__name", "created_at"),
        "platform": ("platform", "created_at"),
    },
    # Oldest first: whoever sent first has waited longest.
    default_sort="sent",
    export_name="proofs-to-review",
    export_columns=(
        Column(gettext_lazy("Sent"), lambda p: p.created_at, 18),
        Column(gettext_lazy("Campaign"), lambda p: p.assignment.campaign.title, 36),
        Column(gettext_lazy("Employee"), lambda p: p.assignment.employee.full_name, 32),
        Column(gettext_lazy("NIP"), lambda p: p.assignment.employee.nip_grouped, 24),
        Column(gettext_lazy("Platform"), lambda p: p.get_platform_display(), 12),
        Column(gettext_lazy("Action"), lambda p: ACTION_LABELS.get(p.action, p.action), 16),
        Column(gettext_lazy("Proof"), lambda p: p.get_kind_display(), 14),
        Column(gettext_lazy("Link"), lambda p: p.url, 40),
    ),
    page_size=50,
)


@admin_required
def proof_queue(request: HttpRequest) -> HttpResponse:
    """Screenshots and links that hide their author, waiting for an admin of the employee."""
    if request.method == "POST":
        return _review_selected(request)
    context = {"action_choices": CampaignAction.choices}
    return render_list(request, proofs_to_review(request.user), PROOF_QUEUE, context)


def _review_selected(request: HttpRequest) -> HttpResponse:
    back = request.get_full_path()
    try:
        pks = {int(value) for value in request.POST.getlist("proofs")}
    except ValueError:
        return HttpResponseBadRequest()
    decision = request.POST.get("decision")
    if decision not in {"accept", "reject"}:
        return HttpResponseBadRequest()
    if not pks:
        messages.warning(request, _("Select at least one proof."))
        return redirect(back)
    proofs = list(proofs_to_review(request.user).filter(pk__in=pks))
    if len(proofs) != len(pks):
        # Reviewed by someone else meanwhile, or not the admin's to review: refuse the batch.
        messages.error(
            request,
            _("Some of the selected proofs no longer wait for your review. Nothing was changed."),
        )
        return redirect(back)
    accept = decision == "accept"
    try:
        count = actions.review_proofs(
            request.user, proofs, accept=accept, note=request.POST.get("note", "")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(back)
    if accept:
        text = ngettext("%(count)d proof accepted", "%(count)d proofs accepted", count)
    else:
        text = ngettext("%(count)d proof rejected", "%(count)d proofs rejected", count)
    messages.success(request, text % {"count": count})
    return redirect(back)


@login_required
def proof_screenshot(request: HttpRequest, pk: int) -> HttpResponse:
    """A proof's screenshot, for the admins who review it and the employee who sent it.

    Uploads are not served as public media; anyone else gets 404, as if it did not exist.
    """
    proof = get_object_or_404(Proof.objects.select_related("assignment"), pk=pk)
    mine = scope_for(request.user).employee_id == proof.assignment.employee_id
    if not proof.screenshot or not (mine or actions.may_review(request.user, proof.assignment)):
        raise Http404
    try:
        with proof.screenshot.open("rb") as handle:
            # Read whole (at most 5 MB, see actions.MAX_SCREENSHOT_BYTES) rather than
            # streamed, so the answer is an ordinary response like every other page.
            content = handle.read()
    except FileNotFoundError as error:
        raise Http404 from error
    content_type = mimetypes.guess_type(proof.screenshot.name)[0] or "application/octet-stream"
    response = HttpResponse(content, content_type=content_type)
    response["Cache-Control"] = "private, max-age=3600"
    response["Content-Disposition"] = "inline"
    return response


# ---------------------------------------------------------------------------------------------
# Employee groups
# ---------------------------------------------------------------------------------------------

GROUP_LIST = ListSpec(
    template="amplification/group_list.html",
    filterset_class=GroupFilterSet,
    sort_fields={"name": ("name",), "unit": ("unit__path", "name"), "members": ("member_count",)},
    default_sort="name",
    export_name="employee-groups",
    export_columns=(
        Column(gettext_lazy("Name"), lambda g: g.name, 30),
        Column(gettext_lazy("Owning unit"), lambda g: g.unit.name, 30),
        Column(gettext_lazy("Members"), lambda g: g.member_count, 10),
        Column(gettext_lazy("Description"), lambda g: g.description, 40),
    ),
)


@admin_required
def group_list(request: HttpRequest) -> HttpResponse:
    groups = groups_visible_to(request.user).annotate(member_count=Count("members"))
    return render_list(request, groups, GROUP_LIST)


def _save_group(request: HttpRequest, form: GroupForm, group=None) -> HttpResponse | None:
    data = form.cleaned_data
    try:
        group = actions.save_group(
            request.user,
            group,
            unit=data["unit"],
            name=data["name"],
            description=data["description"],
            members=form.members(),
        )
    except ValidationError as error:
        if hasattr(error, "error_dict") and "members" in error.error_dict:
            error = ValidationError({"add_nips": error.error_dict["members"]})
        add_action_errors(form, error)
        return None
    messages.success(
        request,
        _("The group “%(name)s” is saved with %(count)d members.")
        % {"name": group.name, "count": group.members.count()},
    )
    return redirect("amplification:group_list")


@admin_required
def group_create(request: HttpRequest) -> HttpResponse:
    form = GroupForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid() and (response := _save_group(request, form)):
        return response
    return render(request, "amplification/group_form.html", {"form": form, "group": None})


@admin_required
def group_edit(request: HttpRequest, pk: int) -> HttpResponse:
    group = get_object_or_404(groups_visible_to(request.user), pk=pk)
    form = GroupForm(request.POST or None, user=request.user, group=group)
    if (
        request.method == "POST"
        and form.is_valid()
        and (response := _save_group(request, form, group))
    ):
        return response
    context = {"form": form, "group": group, "audit_events": events_for(group)}
    return render(request, "amplification/group_form.html", context)


@admin_required
@require_POST
def group_delete(request: HttpRequest, pk: int) -> HttpResponse:
    group = get_object_or_404(groups_visible_to(request.user), pk=pk)
    actions.delete_group(request.user, group)
    messages.success(request, _("The group “%(name)s” was deleted.") % {"name": group.name})
    return redirect("amplification:group_list")


# ---------------------------------------------------------------------------------------------
# Election periods (the agency's administrators)
# ---------------------------------------------------------------------------------------------


def instansi_admin_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Logged-in agency (instansi) administrators only; other users get 403."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not scope_for(request.user).is_instansi_admin:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def _periods(request: HttpRequest) -> QuerySet[ElectionPeriod]:
    scope = scope_for(request.user)
    periods = election_periods_visible_to(request.user)
    if scope.is_superuser:
        return periods
    return periods.filter(instansi__path__in=scope.instansi_paths)


PERIOD_LIST = ListSpec(
    template="amplification/period_list.html",
    filterset_class=ElectionPeriodFilterSet,
    sort_fields={"starts_on": ("starts_on",), "name": ("name",)},
    default_sort="-starts_on",
    export_name="election-periods",
    export_columns=(
        Column(gettext_lazy("Name"), lambda p: p.name, 30),
        Column(gettext_lazy("Agency"), lambda p: p.instansi.name, 30),
        Column(gettext_lazy("First day"), lambda p: p.starts_on, 14),
        Column(gettext_lazy("Last day"), lambda p: p.ends_on, 14),
    ),
)


@instansi_admin_required
def period_list(request: HttpRequest) -> HttpResponse:
    return render_list(request, _periods(request), PERIOD_LIST, {"today": timezone.localdate()})


def _save_period(request: HttpRequest, form: ElectionPeriodForm, period=None):
    try:
        period = actions.save_election_period(request.user, period, **form.cleaned_data)
    except ValidationError as error:
        add_action_errors(form, error)
        return None
    messages.success(request, _("The election period “%(name)s” is saved.") % {"name": period})
    return redirect("amplification:period_list")


@instansi_admin_required
def period_create(request: HttpRequest) -> HttpResponse:
    form = ElectionPeriodForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid() and (response := _save_period(request, form)):
        return response
    return render(request, "amplification/period_form.html", {"form": form, "period": None})


@instansi_admin_required
def period_edit(request: HttpRequest, pk: int) -> HttpResponse:
    period = get_object_or_404(_periods(request), pk=pk)
    form = ElectionPeriodForm(request.POST or None, user=request.user, period=period)
    if (
        request.method == "POST"
        and form.is_valid()
        and (response := _save_period(request, form, period))
    ):
        return response
    context = {"form": form, "period": period, "audit_events": events_for(period)}
    return render(request, "amplification/period_form.html", context)


@instansi_admin_required
@require_POST
def period_delete(request: HttpRequest, pk: int) -> HttpResponse:
    period = get_object_or_404(_periods(request), pk=pk)
    actions.delete_election_period(request.user, period)
    messages.success(request, _("The election period “%(name)s” was deleted.") % {"name": period})
    return redirect("amplification:period_list")
