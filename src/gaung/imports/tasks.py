"""Background work of an import: validation (the preview) and the commit.

Both take the job's primary key and are idempotent: a task delivered twice (the worker
acknowledges late) finds the job already past its step and does nothing.
"""

from celery import shared_task

from gaung.core.permissions import PermissionDenied, ValidationError
from gaung.imports import staging
from gaung.imports import stored as kept
from gaung.imports.actions import commit_import, validate_import
from gaung.imports.choices import ImportStatus
from gaung.imports.models import ImportJob


@shared_task(name="gaung.imports.validate")
def validate_import_task(job_id: int) -> str:
    """Check an uploaded file and record the preview; returns the job's new status."""
    job = ImportJob.objects.select_related("instansi", "created_by").filter(pk=job_id).first()
    if job is None:
        return "missing"
    return validate_import(job).status


@shared_task(name="gaung.imports.commit")
def commit_import_task(job_id: int) -> str:
    """Save a job that an admin asked to save; returns the job's new status."""
    job = ImportJob.objects.select_related("instansi", "committed_by").filter(pk=job_id).first()
    if job is None:
        return "missing"
    if job.status != ImportStatus.COMMITTING:
        return job.status
    try:
        job = commit_import(job.committed_by, job, skip_invalid=job.skip_invalid)
    except (ValidationError, PermissionDenied) as error:
        # The reason is on the job (rows newly invalid) or the admin lost the right to save.
        if isinstance(error, PermissionDenied):
            ImportJob.objects.filter(pk=job.pk).update(
                status=ImportStatus.READY, problem=str(error)
            )
        job.refresh_from_db()
    return job.status


@shared_task(name="gaung.imports.discard_stale_previews")
def discard_stale_previews_task() -> dict[str, int]:
    """Drop what previews left that no save can use any more: staging tables and files."""
    return {"staging_tables": staging.discard_stale(), "jobs_tidied": kept.discard_stale_files()}
