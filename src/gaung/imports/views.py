"""Import pages: history, upload, the job page (progress → preview → save → result), downloads."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from gaung.core.audit import events_for
from gaung.core.exports import XLSX_CONTENT_TYPE, Column
from gaung.core.forms import add_action_errors
from gaung.core.lists import ListSpec, render_list
from gaung.imports.actions import create_import_job, may_commit, request_commit
from gaung.imports.choices import ImportKind
from gaung.imports.filtersets import ImportJobFilterSet
from gaung.imports.forms import ImportForm
from gaung.imports.models import ImportJob
from gaung.imports.planner import commit_blocker
from gaung.imports.report import column_help, error_report, sample_template
from gaung.registry.decorators import admin_required

ERRORS_PER_PAGE = 50


def _username(user) -> str:
    return user.get_username() if user else ""


EXPORT_COLUMNS = (
    Column("ID", lambda j: j.pk, 8),
    Column(gettext_lazy("Type"), lambda j: j.get_kind_display(), 20),
    Column(gettext_lazy("File name"), lambda j: j.original_name, 32),
    Column(gettext_lazy("SHA-256"), lambda j: j.sha256, 66),
    Column(gettext_lazy("Size (bytes)"), lambda j: j.size, 12),
    Column(gettext_lazy("Agency"), lambda j: j.instansi.name if j.instansi else "", 28),
    Column(gettext_lazy("Status"), lambda j: j.get_status_display(), 14),
    Column(gettext_lazy("Full roster"), lambda j: j.full_roster, 10),
    Column(gettext_lazy("Uploaded by"), lambda j: _username(j.created_by), 16),
    Column(gettext_lazy("Uploaded at"), lambda j: j.created_at, 18),
    Column(gettext_lazy("Saved by"), lambda j: _username(j.committed_by), 16),
    Column(gettext_lazy("Saved at"), lambda j: j.committed_at, 18),
    Column(gettext_lazy("Rows"), lambda j: j.count("rows"), 10),
    Column(gettext_lazy("New"), lambda j: j.count("new"), 10),
    Column(gettext_lazy("Changed"), lambda j: j.count("changed"), 10),
    Column(gettext_lazy("Unchanged"), lambda j: j.count("unchanged"), 10),
    Column(gettext_lazy("Invalid"), lambda j: j.count("invalid"), 10),
    Column(gettext_lazy("Deactivated"), lambda j: j.count("deactivated"), 10),
    Column(gettext_lazy("New units"), lambda j: j.count("new_units"), 10),
    Column(gettext_lazy("Problem"), lambda j: j.problem, 40),
)

JOB_LIST = ListSpec(
    template="imports/job_list.html",
    filterset_class=ImportJobFilterSet,
    sort_fields={
        "uploaded": ("created_at",),
        "file": ("original_name",),
        "kind": ("kind",),
        "status": ("status",),
        "by": ("created_by__username",),
        "saved": ("committed_at",),
    },
    default_sort="-uploaded",
    export_name="imports",
    export_columns=EXPORT_COLUMNS,
)


def _jobs(request: HttpRequest) -> QuerySet[ImportJob]:
    return ImportJob.objects.visible_to(request.user).with_people()


@admin_required
def job_list(request: HttpRequest) -> HttpResponse:
    """Every import the admin may see: who, when, which file (and its hash), with what result."""
    return render_list(request, _jobs(request), JOB_LIST)


@admin_required
def job_create(request: HttpRequest) -> HttpResponse:
    """Upload a file; validation starts in the background and the job page shows its progress."""
    form = ImportForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            job = create_import_job(
                request.user,
                kind=data["kind"],
                file=data["file"],
                instansi=data["instansi"],
                full_roster=data["full_roster"],
                create_units=data["create_units"],
            )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            return redirect("imports:job_detail", pk=job.pk)
    context = {
        "form": form,
        "roster_columns": column_help(ImportKind.ROSTER),
        "account_columns": column_help(ImportKind.ACCOUNTS),
    }
    return render(request, "imports/job_form.html", context)


def _job_context(request: HttpRequest, job: ImportJob) -> dict[str, Any]:
    skip_requested = request.GET.get("skip_invalid") in {"on", "1", "true"}
    blocker = commit_blocker(
        kind=job.kind, full_roster=job.full_roster, counts=job.counts, skip_invalid=False
    )
    blocker_when_skipping = commit_blocker(
        kind=job.kind, full_roster=job.full_roster, counts=job.counts, skip_invalid=True
    )
    errors = Paginator(job.row_errors.all(), ERRORS_PER_PAGE).get_page(request.GET.get("page"))
    changed_fields = sorted(
        (job.counts.get("changed_fields") or {}).items(), key=lambda item: -item[1]
    )
    return {
        "job": job,
        "errors": errors,
        "changed_fields": changed_fields,
        "blocker": blocker,
        "blocker_when_skipping": blocker_when_skipping,
        "skip_requested": skip_requested,
        "may_commit": may_commit(request.user, job),
        "same_file": ImportJob.objects.visible_to(request.user)
        .same_file_committed(job)
        .with_people()
        .order_by("-committed_at")
        .first(),
    }


@admin_required
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One import: the progress bar while it runs, then the preview, the save button, the result.

    While the job runs, the page polls itself: htmx asks for the `status` partial every second.
    """
    job = get_object_or_404(_jobs(request), pk=pk)
    context = _job_context(request, job)
    template = "imports/job_detail.html"
    htmx = getattr(request, "htmx", None)
    if htmx and not htmx.boosted and htmx.target in {"job-status", "job-errors", "job-commit"}:
        partial = {"job-status": "status", "job-errors": "errors", "job-commit": "commit"}
        return render(request, f"{template}#{partial[htmx.target]}", context)
    context["audit_events"] = events_for(job)
    return render(request, template, context)


@admin_required
@require_POST
def job_commit(request: HttpRequest, pk: int) -> HttpResponse:
    """Save the import (in the background); the job page then shows the progress and result."""
    job = get_object_or_404(_jobs(request), pk=pk)
    skip_invalid = request.POST.get("skip_invalid") in {"on", "1", "true"}
    try:
        request_commit(request.user, job, skip_invalid=skip_invalid)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.info(request, _("Saving has started. This page shows when it is done."))
    return redirect("imports:job_detail", pk=job.pk)


def _xlsx(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@admin_required
def job_error_report(request: HttpRequest, pk: int) -> HttpResponse:
    """The invalid rows as XLSX: row, column, value, reason, and the row as uploaded."""
    job = get_object_or_404(_jobs(request), pk=pk)
    return _xlsx(error_report(job), f"import-{job.pk}-errors.xlsx")


@admin_required
def sample(request: HttpRequest, kind: str) -> HttpResponse:
    """A sample file with the expected headers and example rows."""
    if kind not in ImportKind.values:
        raise Http404
    return _xlsx(sample_template(kind), f"gaung-{kind}-template.xlsx")
