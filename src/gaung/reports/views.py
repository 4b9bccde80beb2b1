"""Pages of the compilation: list, take one, follow its progress, read it, drill down to the
employees of a unit, download it (XLSX, CSV, PDF), and the agency's letterhead."""

from dataclasses import replace

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gaung.core.exports import Column, export_response
from gaung.core.forms import add_action_errors
from gaung.core.lists import ListSpec, render_list, sorted_queryset
from gaung.registry.decorators import admin_required
from gaung.registry.scope import scope_for
from gaung.reports.actions import (
    delete_compilation,
    letterhead_defaults,
    save_letterhead,
    take_compilation,
)
from gaung.reports.downloads import pdf_response, workbook_response
from gaung.reports.exports import describe_accounts
from gaung.reports.figures import PLATFORM_LABELS, PLATFORM_ORDER
from gaung.reports.filtersets import (
    CompilationEmployeeFilterSet,
    CompilationFilterSet,
    UnitRowFilterSet,
)
from gaung.reports.forms import CompilationForm, LetterheadForm, agencies_for
from gaung.reports.models import Compilation, CompilationEmployee, CompilationUnitRow, Letterhead
from gaung.reports.pdf import logo_data_uri
from gaung.reports.querysets import may_take
from gaung.reports.summary import Report


def _visible(request: HttpRequest) -> QuerySet[Compilation]:
    return Compilation.objects.visible_to(request.user)


def _done_report(request: HttpRequest, pk: int) -> Report:
    compilation = get_object_or_404(_visible(request), pk=pk)
    if not compilation.is_done:
        raise Http404("This compilation has no figures yet.")
    return Report(compilation, request.user)


def _results_template(request: HttpRequest, template: str) -> str:
    # Same rule as core.lists: only a non-boosted htmx request aimed at #results gets the part.
    htmx = getattr(request, "htmx", None)
    if htmx and not htmx.boosted and htmx.target == "results":
        return f"{template}#results"
    return template


# The list ----------------------------------------------------------------------------------

COMPILATION_SORTS = {
    "title": ("title",),
    "period": ("period_end", "period_start"),
    "taken_at": ("taken_at",),
    "employees": ("scoped_employees",),
    "with_account": ("scoped_with_account",),
    "coverage": ("scoped_coverage",),
    "followers": ("scoped_followers",),
    "status": ("status",),
}

COMPILATION_EXPORT_COLUMNS = (
    Column(gettext_lazy("Title"), lambda c: c.title, 60),
    Column(gettext_lazy("Agency"), lambda c: c.instansi_name, 30),
    Column(gettext_lazy("From"), lambda c: c.period_start, 14),
    Column(gettext_lazy("To"), lambda c: c.period_end, 14),
    Column(gettext_lazy("Data as of"), lambda c: c.taken_at, 18),
    Column(gettext_lazy("Taken by"), lambda c: c.requested_by_name, 16),
    Column(gettext_lazy("Status"), lambda c: c.get_status_display(), 14),
    Column(gettext_lazy("Employees"), lambda c: c.scoped_employees, 12),
    Column(gettext_lazy("With an account"), lambda c: c.scoped_with_account, 14),
    Column(gettext_lazy("Coverage"), lambda c: round(c.scoped_coverage, 4), 12),
    Column(gettext_lazy("Accounts"), lambda c: c.scoped_accounts, 12),
    Column(gettext_lazy("Verified"), lambda c: c.scoped_verified, 12),
    Column(gettext_lazy("Followers"), lambda c: c.scoped_followers, 14),
)

COMPILATION_LIST = ListSpec(
    template="reports/compilation_list.html",
    filterset_class=CompilationFilterSet,
    sort_fields=COMPILATION_SORTS,
    default_sort="-period",
    export_name="compilations",
    export_columns=COMPILATION_EXPORT_COLUMNS,
)


@admin_required
def compilation_list(request: HttpRequest) -> HttpResponse:
    """Every compilation of the user's agencies, with the figures of the part they see."""
    compilations = _visible(request).with_scoped_totals(request.user)
    context = {"may_take": agencies_for(request.user).exists()}
    return render_list(request, compilations, COMPILATION_LIST, context)


@admin_required
def compilation_create(request: HttpRequest) -> HttpResponse:
    """An agency admin takes a compilation for a year (default) or other dates."""
    if not agencies_for(request.user).exists():
        raise PermissionDenied
    form = CompilationForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            compilation = take_compilation(
                request.user, form.cleaned_data["instansi"], **form.action_arguments()
            )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(
                request,
                _("%(title)s is being taken. This page shows when it is ready.")
                % {"title": compilation.title},
            )
            return redirect("reports:compilation_detail", pk=compilation.pk)
    return render(request, "reports/compilation_form.html", {"form": form})


@admin_required
def compilation_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress bar alone, polled by htmx; once finished the page reloads itself."""
    compilation = get_object_or_404(_visible(request), pk=pk)
    response = render(request, "reports/includes/progress.html", {"compilation": compilation})
    if not compilation.is_underway and getattr(request, "htmx", None):
        response["HX-Refresh"] = "true"
    return response


# One compilation ---------------------------------------------------------------------------

DEPARTMENT_SORTS = {
    "path": ("path",),
    "name": ("name",),
    "employees": ("employees",),
    "with_account": ("with_account",),
    "coverage": ("coverage",),
    "verified": ("verified_share",),
    "followers": ("followers",),
}

DEPARTMENT_TABLE = ListSpec(
    template="reports/compilation_detail.html",
    filterset_class=UnitRowFilterSet,
    sort_fields=DEPARTMENT_SORTS,
    default_sort="path",
    export_name="compilation-departments",
    page_size=50,
)


def unit_row_columns(platforms: list[str]) -> tuple[Column, ...]:
    """CSV/XLSX columns of a table of unit rows, with a group per platform."""
    columns = [
        Column(gettext_lazy("Unit"), lambda r: r.name, 40),
        Column(gettext_lazy("Department (OPD)"), lambda r: r.opd_name, 30),
        Column(gettext_lazy("Employees"), lambda r: r.employees, 12),
        Column(gettext_lazy("With an account"), lambda r: r.with_account, 14),
        Column(gettext_lazy("No account yet"), lambda r: r.without_account, 14),
        Column(gettext_lazy("Coverage"), lambda r: _rounded(r.coverage_ratio), 12),
        Column(gettext_lazy("Change in coverage"), lambda r: _rounded(r.delta_coverage), 14),
        Column(gettext_lazy("Accounts"), lambda r: r.accounts, 12),
        Column(gettext_lazy("Verified"), lambda r: r.verified, 12),
        Column(gettext_lazy("Unverified"), lambda r: r.unverified, 12),
        Column(gettext_lazy("Followers"), lambda r: r.followers, 14),
        Column(gettext_lazy("Change in followers"), lambda r: r.delta_followers, 14),
    ]
    for platform in platforms:
        label = PLATFORM_LABELS[platform]
        columns += [
            Column(
                _("%(platform)s: coverage") % {"platform": label},
                lambda r, p=platform: _rounded(r.platform(p).coverage),
                14,
            ),
            Column(
                _("%(platform)s: followers") % {"platform": label},
                lambda r, p=platform: r.platform(p).followers,
                14,
            ),
        ]
    return tuple(columns)


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _with_units_below(report: Report, rows: list[CompilationUnitRow]) -> None:
    """Attach `units_below` to each shown department: one query for the whole page."""
    if not rows:
        return
    query = Q()
    for row in rows:
        query |= Q(path__startswith=row.path, depth__gt=row.depth)
    below = list(report.rows.filter(query).order_by("path"))
    for row in rows:
        row.units_below = [unit for unit in below if unit.path.startswith(row.path)]


@admin_required
def compilation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Headline, charts and the department table (each department opens to its units)."""
    compilation = get_object_or_404(_visible(request), pk=pk)
    may_manage = may_take(scope_for(request.user), compilation.instansi_path)
    if not compilation.is_done:
        context = {"compilation": compilation, "may_manage": may_manage}
        return render(request, "reports/compilation_waiting.html", context)
    report = Report(compilation, request.user)
    export_format = request.GET.get("export")
    if export_format == "xlsx":
        return workbook_response(report)
    spec = replace(DEPARTMENT_TABLE, export_columns=unit_row_columns(report.platforms))
    filterset = spec.filterset_class(request.GET or None, queryset=report.table_rows())
    rows = filterset.qs if filterset.is_bound else report.table_rows()
    rows, sort = sorted_queryset(rows, spec, request.GET.get("sort", spec.default_sort))
    if export_format == "csv":
        return export_response("csv", spec.export_name, rows, spec.export_columns)
    page = Paginator(rows, spec.page_size).get_page(request.GET.get("page"))
    _with_units_below(report, list(page.object_list))
    context = {
        "compilation": compilation,
        "report": report,
        "headline": report.headline,
        "platforms": report.platforms,
        "filterset": filterset,
        "page": page,
        "rows": page.object_list,
        "sort": sort,
        "total": page.paginator.count,
        "may_manage": may_manage,
        "coverage_chart": report.coverage_chart(),
        "platform_chart": report.platform_chart(),
        "growth_chart": report.growth_chart(),
        "chart_labels": chart_labels(),
    }
    return render(request, _results_template(request, spec.template), context)


def chart_labels() -> dict[str, str]:
    """Series names for the charts, in the user's language."""
    return {
        "coverage": _("Coverage"),
        "with_account": _("Employees with an account"),
        "employees": _("Employees"),
        "accounts": _("Accounts"),
        "followers": _("Followers"),
        "empty": _("No data yet"),
    }


@admin_required
def compilation_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The printable PDF with the agency's letterhead and signature block."""
    return pdf_response(_done_report(request, pk))


@admin_required
def compilation_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask, then remove a compilation (agency admins only)."""
    compilation = get_object_or_404(_visible(request), pk=pk)
    if not may_take(scope_for(request.user), compilation.instansi_path):
        raise PermissionDenied
    if request.method == "POST":
        delete_compilation(request.user, compilation)
        messages.success(request, _("%(title)s was deleted.") % {"title": compilation.title})
        return redirect("reports:compilation_list")
    return render(request, "reports/compilation_confirm_delete.html", {"compilation": compilation})


# Drill-down --------------------------------------------------------------------------------

EMPLOYEE_SORTS = {
    "name": ("name",),
    "nip": ("nip",),
    "unit": ("unit_path", "name"),
    "accounts": ("account_count", "name"),
    "followers": ("followers", "name"),
}


def _employee_platform_column(platform: str) -> Column:
    return Column(
        PLATFORM_LABELS[platform], lambda e: describe_accounts(e.accounts_on(platform)), 30
    )


EMPLOYEE_EXPORT_COLUMNS = (
    Column(gettext_lazy("NIP / NI PPPK"), lambda e: e.nip_grouped, 24),
    Column(gettext_lazy("Name"), lambda e: e.full_name, 36),
    Column(gettext_lazy("Position"), lambda e: e.position, 30),
    Column(gettext_lazy("Unit"), lambda e: e.unit_name, 30),
    Column(gettext_lazy("Department (OPD)"), lambda e: e.opd_name, 30),
    *(_employee_platform_column(platform) for platform in PLATFORM_ORDER),
    Column(gettext_lazy("Accounts"), lambda e: e.account_count, 10),
    Column(gettext_lazy("Verified"), lambda e: e.verified_count, 10),
    Column(gettext_lazy("Followers"), lambda e: e.followers, 12),
    Column(gettext_lazy("No account yet"), lambda e: _("Yes") if not e.has_account else "", 12),
)

EMPLOYEE_LIST = ListSpec(
    template="reports/unit_detail.html",
    filterset_class=CompilationEmployeeFilterSet,
    sort_fields=EMPLOYEE_SORTS,
    default_sort="name",
    export_name="compilation-employees",
    export_columns=EMPLOYEE_EXPORT_COLUMNS,
    page_size=50,
)


@admin_required
def unit_detail(request: HttpRequest, pk: int, row_pk: int) -> HttpResponse:
    """One unit of a compilation: its figures, the units below it, and its employees."""
    report = _done_report(request, pk)
    row = get_object_or_404(report.rows, pk=row_pk)
    ancestors = [
        candidate
        for candidate in report.rows.filter(depth__lt=row.depth).order_by("depth")
        if row.path.startswith(candidate.path)
    ]
    children = report.rows.filter(path__startswith=row.path, depth=row.depth + 1).order_by("path")
    employees = CompilationEmployee.objects.visible_to(request.user).in_row(row)
    context = {
        "compilation": report.compilation,
        "row": row,
        "ancestors": ancestors,
        "children": children,
        "platforms": platforms_of_row(row),
        "all_platforms": PLATFORM_ORDER,
    }
    return render_list(request, employees, EMPLOYEE_LIST, context)


def platforms_of_row(row: CompilationUnitRow) -> list[str]:
    """The platforms with at least one counted account in the row."""
    return [p for p in PLATFORM_ORDER if (row.platforms or {}).get(p, {}).get("accounts")]


# Letterhead --------------------------------------------------------------------------------


@admin_required
def letterhead(request: HttpRequest) -> HttpResponse:
    """The agency admin sets the kop surat, logo and signature block of printed reports."""
    agencies = list(agencies_for(request.user))
    if not agencies:
        raise PermissionDenied
    chosen = request.POST.get("instansi") or request.GET.get("instansi")
    instansi = next((a for a in agencies if str(a.pk) == chosen), agencies[0])
    current = Letterhead.objects.filter(instansi=instansi).first()
    initial = LetterheadForm.initial_for(current, letterhead_defaults(instansi))
    if current is not None and current.logo:
        initial["logo"] = current.logo  # offers "remove the current logo"
    form = LetterheadForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            save_letterhead(request.user, instansi, **form.action_arguments())
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("The letterhead is saved."))
            return redirect(f"{reverse('reports:letterhead')}?instansi={instansi.pk}")
    context = {
        "form": form,
        "instansi": instansi,
        "agencies": agencies,
        "letterhead": current,
        "logo": logo_data_uri(current),
    }
    return render(request, "reports/letterhead_form.html", context)
