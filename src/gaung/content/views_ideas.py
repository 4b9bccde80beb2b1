"""Pages of the idea bank (anyone in a unit proposes, a supervisor decides) and of the content
team (unit admins give and take content roles)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from gaung.content import actions
from gaung.content.choices import IdeaStatus, TeamRole
from gaung.content.forms_ideas import (
    AcceptIdeaForm,
    DeclineIdeaForm,
    IdeaFilterSet,
    IdeaForm,
    TeamRoleForm,
    proposal_units,
)
from gaung.content.models import ContentItem, Idea, TeamMembership
from gaung.content.querysets import ideas_visible_to
from gaung.core.exports import Column
from gaung.core.forms import add_action_errors
from gaung.core.lists import ListSpec, render_list
from gaung.core.permissions import ValidationError
from gaung.registry.decorators import admin_required
from gaung.registry.models import OrganisationUnit
from gaung.registry.scope import scope_for


def _person(user) -> str:
    return (user.get_full_name() or user.get_username()) if user else ""


IDEA_LIST = ListSpec(
    template="content/ideas/idea_list.html",
    filterset_class=IdeaFilterSet,
    sort_fields={
        "title": ("title",),
        "unit": ("unit__name",),
        "pillar": ("pillar",),
        "wished": ("wished_date",),
        "status": ("status",),
        "created": ("created_at",),
    },
    default_sort="-created",
    export_name="content-ideas",
    export_columns=(
        Column(gettext_lazy("Title"), lambda i: i.title, 40),
        Column(gettext_lazy("Unit"), lambda i: i.unit.name, 30),
        Column(gettext_lazy("Pillar"), lambda i: i.get_pillar_display(), 18),
        Column(gettext_lazy("Wished date"), lambda i: i.wished_date, 14),
        Column(gettext_lazy("Notes"), lambda i: i.notes, 50),
        Column(gettext_lazy("Proposed by"), lambda i: _person(i.proposed_by), 24),
        Column(gettext_lazy("Proposed at"), lambda i: i.created_at, 18),
        Column(gettext_lazy("Status"), lambda i: i.get_status_display(), 18),
        Column(gettext_lazy("Reason"), lambda i: i.decline_reason, 40),
        Column(gettext_lazy("Decided by"), lambda i: _person(i.decided_by), 24),
        Column(gettext_lazy("Decided at"), lambda i: i.decided_at, 18),
    ),
)


@login_required
def idea_list(request: HttpRequest) -> HttpResponse:
    ideas = ideas_visible_to(request.user).select_related("decided_by")
    context = {"may_propose": proposal_units(request.user).exists()}
    return render_list(request, ideas, IDEA_LIST, context)


@login_required
def idea_create(request: HttpRequest) -> HttpResponse:
    form = IdeaForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            idea = actions.propose_idea(
                request.user,
                unit=data["unit"],
                title=data["title"],
                notes=data["notes"],
                pillar=data["pillar"],
                wished_date=data["wished_date"],
            )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("Your idea is in the idea bank."))
            return redirect("content:idea_detail", pk=idea.pk)
    return render(request, "content/ideas/idea_form.html", {"form": form})


def _visible_idea(request: HttpRequest, pk: int) -> Idea:
    return get_object_or_404(ideas_visible_to(request.user).select_related("decided_by"), pk=pk)


@login_required
def idea_detail(request: HttpRequest, pk: int) -> HttpResponse:
    idea = _visible_idea(request, pk)
    may_decide = idea.status == IdeaStatus.OPEN and TeamRole.SUPERVISOR in actions.roles_on(
        request.user, idea.unit
    )
    item = ContentItem.objects.filter(idea=idea).first()
    context = {
        "idea": idea,
        "item": item,
        "may_decide": may_decide,
        "accept_form": AcceptIdeaForm(initial={"pillar": idea.pillar}) if may_decide else None,
        "decline_form": DeclineIdeaForm() if may_decide else None,
    }
    return render(request, "content/ideas/idea_detail.html", context)


@login_required
@require_POST
def idea_accept(request: HttpRequest, pk: int) -> HttpResponse:
    """The supervisor turns the idea into a draft item and continues on the item's page."""
    idea = _visible_idea(request, pk)
    form = AcceptIdeaForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect("content:idea_detail", pk=idea.pk)
    try:
        item = actions.accept_idea(request.user, idea, **form.cleaned_data)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("content:idea_detail", pk=idea.pk)
    messages.success(request, _("The idea is now a draft content item."))
    return redirect("content:item_detail", pk=item.pk)


@login_required
@require_POST
def idea_decline(request: HttpRequest, pk: int) -> HttpResponse:
    idea = _visible_idea(request, pk)
    form = DeclineIdeaForm(request.POST)
    reason = form.cleaned_data["decline_reason"] if form.is_valid() else ""
    try:
        actions.decline_idea(request.user, idea, reason)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The idea is declined; the proposer sees why."))
    return redirect("content:idea_detail", pk=idea.pk)


# ---------------------------------------------------------------------------------------------
# Content team
# ---------------------------------------------------------------------------------------------


def _administered_memberships(user):
    return (
        TeamMembership.objects.filter(scope_for(user).units_q("unit__path"))
        .select_related("user", "unit", "user__employee")
        .order_by("unit__path", "role", "user__username")
    )


@admin_required
def team(request: HttpRequest) -> HttpResponse:
    """Who holds which content role, per unit of the admin; add a role."""
    form = TeamRoleForm(request.POST or None, admin=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.add_team_role(
                request.user, user=data["login"], unit=data["unit"], role=data["role"]
            )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(
                request,
                _("%(user)s is now %(role)s in %(unit)s.")
                % {
                    "user": _person(data["login"]),
                    "role": TeamRole(data["role"]).label,
                    "unit": data["unit"].name,
                },
            )
            return redirect("content:team")
    units: dict[OrganisationUnit, list[TeamMembership]] = {}
    for membership in _administered_memberships(request.user):
        units.setdefault(membership.unit, []).append(membership)
    context = {"form": form, "units": units.items()}
    return render(request, "content/config/team.html", context)


@admin_required
@require_POST
def team_remove(request: HttpRequest, pk: int) -> HttpResponse:
    membership = get_object_or_404(_administered_memberships(request.user), pk=pk)
    actions.remove_team_role(request.user, membership)
    messages.success(
        request,
        _("%(user)s is no longer %(role)s in %(unit)s.")
        % {
            "user": _person(membership.user),
            "role": membership.get_role_display(),
            "unit": membership.unit.name,
        },
    )
    return redirect("content:team")
