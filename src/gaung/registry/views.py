"""Registry pages for admins: organisation tree, units, employees and unit roles.

Views validate and render; every write goes through `gaung.registry.actions`.
"""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from gaung.core.audit import events_for
from gaung.core.exports import Column, export_response
from gaung.core.forms import add_action_errors
from gaung.core.lists import ListSpec, render_list
from gaung.registry import actions
from gaung.registry.decorators import admin_required
from gaung.registry.filtersets import EMPLOYEE_SORTS, EmployeeFilterSet, UnitFilterSet
from gaung.registry.forms import EmployeeForm, RoleAssignmentForm, UnitForm
from gaung.registry.models import Employee, OrganisationUnit, RoleAssignment
from gaung.registry.scope import scope_for
from gaung.registry.tree import TreeNode, build_tree

AUDIT_EVENTS_SHOWN = 50
UNIT_EMPLOYEES_SHOWN = 10


def _results_partial(request: HttpRequest, template: str) -> str:
    # Same rule as core.lists: only a non-boosted htmx request aimed at #results gets the part.
    htmx = getattr(request, "htmx", None)
    if htmx and not htmx.boosted and htmx.target == "results":
        return f"{template}#results"
    return template


def _visible_units(request: HttpRequest):
    return OrganisationUnit.objects.visible_to(request.user)


def _visible_employees(request: HttpRequest):
    return Employee.objects.visible_to(request.user).select_related("unit")


UNIT_EXPORT_COLUMNS = (
    Column(gettext_lazy("Name"), lambda node: node.unit.name, width=40),
    Column(gettext_lazy("Short name"), lambda node: node.unit.short_name),
    Column(gettext_lazy("Type"), lambda node: node.unit.get_kind_display()),
    Column(gettext_lazy("Code"), lambda node: node.unit.code),
    Column(
        gettext_lazy("Parent unit"),
        lambda node: node.unit.parent.name if node.unit.parent else "",
        width=40,
    ),
    Column(gettext_lazy("Level"), lambda node: node.unit.depth, width=8),
    Column(gettext_lazy("Active"), lambda node: node.unit.is_active, width=8),
    Column(gettext_lazy("Active employees"), lambda node: node.counts.employees, width=12),
    Column(gettext_lazy("Official accounts"), lambda node: node.counts.official_accounts),
    Column(gettext_lazy("Personal accounts"), lambda node: node.counts.personal_accounts),
    Column(gettext_lazy("Accounts"), lambda node: node.counts.accounts, width=12),
)


@admin_required
def unit_tree(request: HttpRequest) -> HttpResponse:
    """The administered part of the organisation tree, with counts over every subtree."""
    filterset = UnitFilterSet(
        request.GET or None, queryset=_visible_units(request), request=request
    )
    criteria: dict[str, Any] = {}
    if filterset.is_bound and filterset.is_valid():
        criteria = filterset.form.cleaned_data
    tree = build_tree(
        request.user,
        search=(criteria.get("search") or "").strip(),
        kind=criteria.get("kind") or "",
        is_active=criteria.get("is_active"),
    )
    export_format = request.GET.get("export")
    if export_format in {"xlsx", "csv"}:
        return export_response(export_format, "units", tree.nodes, UNIT_EXPORT_COLUMNS)
    context = {
        "tree": tree,
        "filterset": filterset,
        "total": len(tree.nodes),
        "matched_total": sum(1 for node in tree.nodes if node.matched),
        "may_create_root": scope_for(request.user).is_superuser,
    }
    return render(request, _results_partial(request, "registry/unit_tree.html"), context)


def _unit_detail_context(request: HttpRequest, unit: OrganisationUnit) -> dict[str, Any]:
    scope = scope_for(request.user)
    subtree = build_tree(request.user, root=unit)
    node: TreeNode = subtree.roots[0]
    ancestors = list(
        OrganisationUnit.objects.filter(path__in=unit.ancestor_paths()[:-1]).order_by("depth")
    )
    employees = _visible_employees(request).in_subtree(unit).order_by("name", "pk")
    return {
        "unit": unit,
        "counts": node.counts,
        "children": node.children,
        "breadcrumb": [(ancestor, scope.administers(ancestor)) for ancestor in ancestors],
        "employees": employees[:UNIT_EMPLOYEES_SHOWN],
        "official_accounts": unit.official_accounts.order_by("platform", "handle"),
        "role_assignments": unit.role_assignments.select_related("user").order_by(
            "role", "user__username"
        ),
        "audit_events": events_for(unit)[:AUDIT_EVENTS_SHOWN],
        "may_delete": not unit.is_root or scope.is_superuser,
    }


@admin_required
def unit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One unit: fields, place in the tree, employees, official accounts, admins, history."""
    unit = get_object_or_404(_visible_units(request).select_related("parent"), pk=pk)
    context = _unit_detail_context(request, unit)
    context["role_form"] = RoleAssignmentForm(unit=unit)
    return render(request, "registry/unit_detail.html", context)


def _time_zone_of(parent: OrganisationUnit | None) -> str:
    return parent.time_zone if parent else "Asia/Jakarta"


@admin_required
def unit_create(request: HttpRequest) -> HttpResponse:
    """Add a unit, by default below `?parent=<pk>`."""
    parent = None
    if parent_pk := request.GET.get("parent"):
        parent = get_object_or_404(_visible_units(request), pk=parent_pk)
    form = UnitForm(
        request.POST or None,
        actor=request.user,
        initial={"parent": parent.pk if parent else None, "time_zone": _time_zone_of(parent)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            unit = actions.create_unit(request.user, **form.cleaned_data)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("Unit %(name)s added.") % {"name": unit.name})
            return redirect("registry:unit_detail", pk=unit.pk)
    return render(request, "registry/unit_form.html", {"form": form, "parent": parent})


@admin_required
def unit_update(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a unit; a new parent moves the unit with its whole subtree."""
    unit = get_object_or_404(_visible_units(request).select_related("parent"), pk=pk)
    form = UnitForm(
        request.POST or None, actor=request.user, unit=unit, initial=UnitForm.initial_for(unit)
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_unit(request.user, unit, **form.cleaned_data)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("Unit %(name)s saved.") % {"name": unit.name})
            return redirect("registry:unit_detail", pk=unit.pk)
    return render(request, "registry/unit_form.html", {"form": form, "unit": unit})


@admin_required
def unit_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask, then delete an empty unit; a unit that is not empty is refused with the reason."""
    unit = get_object_or_404(_visible_units(request).select_related("parent"), pk=pk)
    if request.method != "POST":
        return render(request, "registry/unit_confirm_delete.html", {"unit": unit})
    parent = unit.parent
    try:
        actions.delete_unit(request.user, unit)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("registry:unit_detail", pk=pk)
    messages.success(request, _("Unit %(name)s deleted.") % {"name": unit.name})
    if parent is not None and scope_for(request.user).administers(parent):
        return redirect("registry:unit_detail", pk=parent.pk)
    return redirect("registry:unit_tree")


@admin_required
@require_POST
def unit_role_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Appoint a login as an admin of the unit."""
    unit = get_object_or_404(_visible_units(request).select_related("parent"), pk=pk)
    form = RoleAssignmentForm(request.POST, unit=unit)
    if form.is_valid():
        user = form.cleaned_data["login"]
        try:
            actions.assign_role(request.user, user, form.cleaned_data["role"], unit)
        except ValidationError as error:
            add_action_errors(form, error)
        except PermissionDenied as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("%(user)s now administers %(unit)s.")
                % {"user": user.get_username(), "unit": unit.name},
            )
            return redirect(reverse("registry:unit_detail", args=[unit.pk]) + "#roles")
    context = _unit_detail_context(request, unit)
    context["role_form"] = form
    return render(request, "registry/unit_detail.html", context, status=400)


@admin_required
@require_POST
def unit_role_remove(request: HttpRequest, pk: int, assignment_pk: int) -> HttpResponse:
    """Take an admin role on the unit away."""
    unit = get_object_or_404(_visible_units(request), pk=pk)
    assignment = get_object_or_404(
        RoleAssignment.objects.select_related("user", "unit"), pk=assignment_pk, unit=unit
    )
    try:
        actions.revoke_role(request.user, assignment)
    except PermissionDenied as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("%(user)s no longer administers %(unit)s.")
            % {"user": assignment.user.get_username(), "unit": unit.name},
        )
    return redirect(reverse("registry:unit_detail", args=[unit.pk]) + "#roles")


EMPLOYEE_EXPORT_COLUMNS = (
    Column(gettext_lazy("NIP / NI PPPK"), lambda e: e.nip_grouped, width=24),
    Column(gettext_lazy("Name"), lambda e: e.full_name, width=36),
    Column(gettext_lazy("Employee type"), lambda e: e.get_employee_type_display()),
    Column(gettext_lazy("Rank / grade"), lambda e: e.rank, width=10),
    Column(gettext_lazy("Position"), lambda e: e.position, width=30),
    Column(gettext_lazy("Unit"), lambda e: e.unit.name, width=30),
    Column(gettext_lazy("Department (OPD)"), lambda e: e.opd_name, width=30),
    Column(gettext_lazy("E-mail"), lambda e: e.email, width=28),
    Column(gettext_lazy("Phone"), lambda e: e.phone),
    Column(gettext_lazy("Active"), lambda e: e.is_active, width=8),
    Column(gettext_lazy("Accounts"), lambda e: e.account_count, width=10),
)

EMPLOYEE_LIST = ListSpec(
    template="registry/employee_list.html",
    filterset_class=EmployeeFilterSet,
    sort_fields=EMPLOYEE_SORTS,
    default_sort="name",
    export_name="employees",
    export_columns=EMPLOYEE_EXPORT_COLUMNS,
)


@admin_required
def employee_list(request: HttpRequest) -> HttpResponse:
    """Employees of the administered units: search, filter, sort, page, export."""
    employees = _visible_employees(request).with_account_count().with_opd_name().with_rank_order()
    return render_list(request, employees, EMPLOYEE_LIST)


@admin_required
def employee_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One employee: fields, what the NIP encodes, personal accounts, login, history."""
    employee = get_object_or_404(_visible_employees(request).select_related("user"), pk=pk)
    context = {
        "employee": employee,
        "accounts": employee.social_accounts.order_by("platform", "handle"),
        "audit_events": events_for(employee)[:AUDIT_EVENTS_SHOWN],
    }
    return render(request, "registry/employee_detail.html", context)


@admin_required
def employee_create(request: HttpRequest) -> HttpResponse:
    """Register an employee, by default in `?unit=<pk>`."""
    initial: dict[str, Any] = {"employee_type": "pns", "is_active": True}
    if unit_pk := request.GET.get("unit"):
        initial["unit"] = get_object_or_404(_visible_units(request), pk=unit_pk).pk
    form = EmployeeForm(request.POST or None, actor=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            employee = actions.create_employee(request.user, **form.cleaned_data)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("Employee %(name)s added.") % {"name": employee.full_name})
            return redirect("registry:employee_detail", pk=employee.pk)
    return render(request, "registry/employee_form.html", {"form": form})


@admin_required
def employee_update(request: HttpRequest, pk: int) -> HttpResponse:
    """Change an employee's record."""
    employee = get_object_or_404(_visible_employees(request), pk=pk)
    form = EmployeeForm(
        request.POST or None, actor=request.user, initial=EmployeeForm.initial_for(employee)
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_employee(request.user, employee, **form.cleaned_data)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("Employee %(name)s saved.") % {"name": employee.full_name})
            return redirect("registry:employee_detail", pk=employee.pk)
    return render(request, "registry/employee_form.html", {"form": form, "employee": employee})


@admin_required
def employee_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask, then delete an employee record together with their personal accounts."""
    employee = get_object_or_404(_visible_employees(request), pk=pk)
    if request.method != "POST":
        context = {"employee": employee, "account_count": employee.social_accounts.count()}
        return render(request, "registry/employee_confirm_delete.html", context)
    unit = employee.unit
    actions.delete_employee(request.user, employee)
    messages.success(request, _("Employee %(name)s deleted.") % {"name": employee.full_name})
    return redirect(reverse("registry:employee_list") + f"?unit={unit.pk}")
