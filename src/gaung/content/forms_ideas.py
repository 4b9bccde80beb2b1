"""Forms of the idea bank and of the content team page, and the idea list's filters."""

from __future__ import annotations

import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from gaung.content.choices import IdeaStatus, Pillar, TeamRole
from gaung.content.models import Idea, Purpose, TeamMembership
from gaung.registry.models import Employee, OrganisationUnit, RoleAssignment
from gaung.registry.scope import NOTHING, scope_for
from gaung.socials.filtersets import UnitFilter
from gaung.socials.forms import TablerForm, UnitChoiceField


def _subtrees(paths, field: str = "path") -> Q:
    query = NOTHING
    for path in paths:
        query |= Q(**{f"{field}__startswith": path})
    return query


def _role_paths(user) -> list[str]:
    return list(TeamMembership.objects.filter(user=user).values_list("unit__path", flat=True))


def proposal_units(user) -> QuerySet[OrganisationUnit]:
    """Units the user may propose ideas to (mirrors actions.may_propose, which decides)."""
    units = OrganisationUnit.objects.filter(is_active=True).order_by("path")
    if user is None or not user.is_authenticated:
        return units.none()
    scope = scope_for(user)
    if scope.is_superuser:
        return units
    query = _subtrees([*scope.admin_paths, *_role_paths(user)])
    employee = Employee.objects.filter(user=user, is_active=True).select_related("unit").first()
    if employee is not None:
        query |= Q(path__in=employee.unit.ancestor_paths())
    return units.filter(query)


def idea_units(request) -> QuerySet[OrganisationUnit]:
    """Units whose ideas the user sees, for the list's filter."""
    if request is None or not request.user.is_authenticated:
        return OrganisationUnit.objects.none()
    user = request.user
    scope = scope_for(user)
    if scope.is_superuser:
        return OrganisationUnit.objects.order_by("path")
    query = _subtrees([*scope.admin_paths, *_role_paths(user)])
    employee = Employee.objects.filter(user=user).values_list("unit", flat=True).first()
    if employee is not None:
        query |= Q(pk=employee)
    return OrganisationUnit.objects.filter(query).order_by("path")


def _select() -> forms.Select:
    return forms.Select(attrs={"class": "form-select"})


class IdeaFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="filter_search",
        label=_("Search"),
        widget=forms.TextInput(
            attrs={"type": "search", "class": "form-control", "placeholder": _("Title or notes")}
        ),
    )
    unit = UnitFilter(
        label=_("Unit"),
        queryset=idea_units,
        method="filter_unit",
        empty_label=_("All my units"),
        widget=_select(),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=IdeaStatus.choices,
        empty_label=_("All statuses"),
        widget=_select(),
    )
    pillar = django_filters.ChoiceFilter(
        label=_("Pillar"), choices=Pillar.choices, empty_label=_("All pillars"), widget=_select()
    )

    class Meta:
        model = Idea
        fields = ["q", "unit", "status", "pillar"]

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        text = value.strip()
        if not text:
            return queryset
        return queryset.filter(Q(title__icontains=text) | Q(notes__icontains=text))

    def filter_unit(self, queryset: QuerySet, name: str, value: OrganisationUnit) -> QuerySet:
        return queryset.filter(unit__path__startswith=value.path) if value else queryset


class IdeaForm(TablerForm):
    unit = UnitChoiceField(label=_("Unit"), queryset=OrganisationUnit.objects.none())
    title = forms.CharField(label=_("Title"), max_length=200)
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What the post would say, for whom, and why now."),
    )
    pillar = forms.ChoiceField(
        label=_("Pillar"), choices=[("", "–"), *Pillar.choices], required=False
    )
    wished_date = forms.DateField(
        label=_("Wished date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        units = proposal_units(user)
        self.fields["unit"].queryset = units
        employee = Employee.objects.filter(user=user).values_list("unit", flat=True).first()
        if employee is not None and not self.is_bound:
            self.initial.setdefault("unit", employee)


class AcceptIdeaForm(TablerForm):
    """What an item needs that an idea may lack: its purpose, and a pillar if none was given."""

    purpose = forms.ModelChoiceField(
        label=_("Purpose"), queryset=Purpose.objects.filter(is_active=True), empty_label=None
    )
    pillar = forms.ChoiceField(label=_("Pillar"), choices=Pillar.choices)


class DeclineIdeaForm(TablerForm):
    decline_reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The proposer reads it."),
    )


# ---------------------------------------------------------------------------------------------
# Team roles
# ---------------------------------------------------------------------------------------------


def users_of(admin):
    """The users an admin may give content roles to: people of the units they administer
    (employees there, admins there, or members of a team there)."""
    User = get_user_model()
    scope = scope_for(admin)
    users = User.objects.filter(is_active=True)
    if scope.is_superuser:
        return users
    paths = scope.admin_paths
    employees = Employee.objects.filter(_subtrees(paths, "unit__path")).values("user")
    admins = RoleAssignment.objects.filter(_subtrees(paths, "unit__path")).values("user")
    members = TeamMembership.objects.filter(_subtrees(paths, "unit__path")).values("user")
    return users.filter(Q(pk__in=employees) | Q(pk__in=admins) | Q(pk__in=members))


class TeamRoleForm(TablerForm):
    unit = UnitChoiceField(label=_("Unit"), queryset=OrganisationUnit.objects.none())
    login = forms.CharField(
        label=_("User"),
        max_length=150,
        help_text=_("Username or NIP of someone in your units."),
    )
    role = forms.ChoiceField(label=_("Content role"), choices=TeamRole.choices)

    def __init__(self, *args, admin, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.admin = admin
        self.fields["unit"].queryset = OrganisationUnit.objects.filter(
            scope_for(admin).units_q(), is_active=True
        ).order_by("path")

    def clean_login(self):
        login = self.cleaned_data["login"].strip()
        digits = login.replace(" ", "")
        query = Q(username__iexact=login)
        if digits.isdigit():
            query |= Q(employee__nip=digits)
        user = users_of(self.admin).filter(query).first()
        if user is None:
            raise forms.ValidationError(_("Nobody in your units has this username or NIP."))
        return user
