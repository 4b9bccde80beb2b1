"""Every write of the imports app: upload, validation and commit, with their permission checks.

The web pages, the API, the Celery tasks and the `gaung import` command all call these.
`actor` None means the system itself (the command run without --user by the server's operator).
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from gaung.core.bulk import collector_paused
from gaung.core.permissions import PermissionDenied, ValidationError, require
from gaung.imports import staging
from gaung.imports import stored as kept
from gaung.imports.choices import ImportKind, ImportStatus
from gaung.imports.models import ALLOWED_SUFFIXES, ImportJob, ImportRowError
from gaung.imports.planner import FileProblem, Plan, ProgressCallback, commit_blocker, plan_import
from gaung.registry.models import PATH_SEGMENT_WIDTH, OrganisationUnit
from gaung.registry.scope import scope_for

logger = logging.getLogger(__name__)

# Large enough for a 100,000-row XLSX roster; configurable for bigger agencies.
MAX_UPLOAD_BYTES = int(getattr(settings, "GAUNG_IMPORT_MAX_BYTES", 200 * 1024 * 1024))
_ERROR_BATCH = 1000


# ---------------------------------------------------------------------------------------------
# Who may import what, and where
# ---------------------------------------------------------------------------------------------


def importable_instansi(actor, kind: str) -> QuerySet[OrganisationUnit]:
    """The agencies the actor may import into: rosters need an agency admin, accounts any admin."""
    roots = OrganisationUnit.objects.filter(parent__isnull=True, is_active=True)
    if actor is None:
        return roots
    scope = scope_for(actor)
    if scope.is_superuser:
        return roots
    if kind == ImportKind.ROSTER:
        return roots.filter(path__in=scope.instansi_paths)
    return roots.filter(path__in={path[: PATH_SEGMENT_WIDTH + 1] for path in scope.admin_paths})


def may_import(actor, kind: str) -> bool:
    """True when the actor may upload a file of this kind into some agency."""
    if kind not in ImportKind.values:
        return False
    return actor is None or importable_instansi(actor, kind).exists()


def may_commit(actor, job: ImportJob) -> bool:
    """True when the actor may save this job (the uploader's rights are checked again)."""
    if actor is None:
        return True
    scope = scope_for(actor)
    if scope.is_superuser:
        return True
    if job.kind == ImportKind.ROSTER:
        return job.instansi is not None and job.instansi.path in scope.instansi_paths
    return scope.administers_path(job.scope_path) or (
        scope.is_admin and job.created_by_id == actor.pk
    )


def _scope_path(actor, kind: str, instansi: OrganisationUnit) -> str:
    """The subtree whose admins see the job: the lowest unit covering the uploader's units."""
    if actor is None or kind == ImportKind.ROSTER:
        return instansi.path
    scope = scope_for(actor)
    if scope.is_superuser:
        return instansi.path
    paths = [path for path in scope.admin_paths if path.startswith(instansi.path)]
    if not paths:
        return instansi.path
    width = PATH_SEGMENT_WIDTH + 1
    common = paths[0]
    for path in paths[1:]:
        while not path.startswith(common):
            common = common[:-width]
    return common or instansi.path


def _within(actor, scope_path: str):
    """Whether a unit path lies in the job's subtree and in the actor's administered units."""
    scope = scope_for(actor) if actor is not None else None

    def check(path: str) -> bool:
        if not path.startswith(scope_path):
            return False
        return scope is None or scope.administers_path(path)

    return check


# ---------------------------------------------------------------------------------------------
# Upload
# ---------------------------------------------------------------------------------------------


def _check_file(uploaded: File) -> None:
    name = PurePath(uploaded.name or "").name
    if PurePath(name).suffix.lower() not in ALLOWED_SUFFIXES:
        raise ValidationError(
            {"file": _("Upload an Excel (.xlsx, .xls), OpenDocument (.ods) or CSV file.")}
        )
    if not uploaded.size:
        raise ValidationError({"file": _("The file is empty.")})
    if uploaded.size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            {"file": _("The file is larger than %(size)s MB. Split it into smaller files.")
             % {"size": MAX_UPLOAD_BYTES // (1024 * 1024)}}
        )  # fmt: skip


def _digest(uploaded: File) -> str:
    digest = hashlib.sha256()
    for chunk in uploaded.chunks():
        digest.update(chunk)
    return digest.hexdigest()


@transaction.atomic
def create_import_job(
    actor,
    *,
    kind: str,
    file: File,
    instansi: OrganisationUnit | None = None,
    full_roster: bool = False,
    create_units: bool = False,
    language: str | None = None,
    enqueue: bool = True,
) -> ImportJob:
    """Keep an uploaded file as a new job; validation starts in the background after commit."""
    if kind not in ImportKind.values:
        raise ValidationError({"kind": _("Choose what the file contains.")})
    require(
        may_import(actor, kind),
        _("Only an agency admin may import a roster.")
        if kind == ImportKind.ROSTER
        else _("Only admins may import social media accounts."),
    )
    choices = importable_instansi(actor, kind)
    if instansi is None:
        found = list(choices[:2])
        if len(found) != 1:
            raise ValidationError({"instansi": _("Choose the agency to import into.")})
        instansi = found[0]
    elif not choices.filter(pk=instansi.pk).exists():
        raise PermissionDenied(_("You may not import into this agency."))
    _check_file(file)
    roster = kind == ImportKind.ROSTER
    job = ImportJob(
        kind=kind,
        full_roster=roster and full_roster,
        create_units=roster and create_units,
        instansi=instansi,
        scope_path=_scope_path(actor, kind, instansi),
        original_name=PurePath(file.name or "").name[:255],
        sha256=_digest(file),
        size=file.size or 0,
        language=language or translation.get_language() or settings.LANGUAGE_CODE,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    job.file.save(job.original_name, file, save=False)
    job.save()
    if enqueue:
        from gaung.imports.tasks import validate_import_task

        transaction.on_commit(lambda: validate_import_task.delay(job.pk))
    return job


# ---------------------------------------------------------------------------------------------
# Validation (the preview)
# ---------------------------------------------------------------------------------------------


def _plan(job: ImportJob, actor, progress: ProgressCallback | None = None) -> Plan:
    if job.instansi is None or not job.file:
        raise FileProblem(_("The agency or the uploaded file no longer exists."))
    # A roster's plan holds a few objects per row (claims, values, digests): without the
    # cyclic collector's passes over them, planning 100,000 rows is a fifth faster.
    with job.local_file() as path, collector_paused():
        return plan_import(
            job.kind,
            path,
            instansi=job.instansi,
            filename=job.original_name,
            full_roster=job.full_roster,
            create_units=job.create_units,
            within=_within(actor, job.scope_path),
            progress=progress,
            known=kept.known_rows(job),
        )


def _store_plan(job: ImportJob, plan: Plan) -> None:
    """Replace the job's row errors and counts with the plan's."""
    ImportRowError.objects.filter(job=job).delete()
    errors = plan.sorted_errors()
    for start in range(0, len(errors), _ERROR_BATCH):
        ImportRowError.objects.bulk_create(
            [
                ImportRowError(
                    job=job,
                    row=error.row,
                    column=str(error.column or "")[:100],
                    value=str(error.value or "")[:1000],
                    reason=str(error.reason),
                )
                for error in errors[start : start + _ERROR_BATCH]
            ]
        )
    job.counts = plan.counts
    job.progress_done = job.progress_total = plan.rows


def _mark(job: ImportJob, **fields: Any) -> None:
    """Save some fields of the job at once (outside any failed transaction)."""
    for name, value in fields.items():
        setattr(job, name, value)
    ImportJob.objects.filter(pk=job.pk).update(**fields)


def validate_import(job: ImportJob, *, on_progress: ProgressCallback | None = None) -> ImportJob:
    """Read the file and record the preview (counts and row errors); safe to run twice."""
    if job.status not in {ImportStatus.UPLOADED, ImportStatus.VALIDATING}:
        return job
    _mark(job, status=ImportStatus.VALIDATING, progress_done=0, problem="")

    def progress(done: int, total: int | None) -> None:
        # One small UPDATE per step (about every 1 %), never one per row.
        ImportJob.objects.filter(pk=job.pk).update(progress_done=done, progress_total=total)
        if on_progress:
            on_progress(done, total)

    with translation.override(job.language):
        try:
            # Before planning: a change made while the file is read then forces a re-plan.
            fingerprint = kept.state_fingerprint(job, job.created_by)
            plan = _plan(job, job.created_by, progress)
        except FileProblem as problem:
            _mark(job, status=ImportStatus.FAILED, problem=str(problem))
            return job
        except Exception:
            logger.exception("Validating import job %s failed", job.pk)
            _mark(
                job,
                status=ImportStatus.FAILED,
                problem=_(
                    "The file could not be checked because of an error on the server. Upload it "
                    "again; if it happens again, ask your administrator to look at the server log."
                ),
            )
            return job
    staged = _stage(job, plan)
    with transaction.atomic():
        _store_plan(job, plan)
        job.status = ImportStatus.READY
        job.validated_at = timezone.now()
        job.save()
    kept.save_plan(job, plan, fingerprint, staged=staged)
    return job


def _stage(job: ImportJob, plan: Plan) -> staging.Staged | None:
    """Stage the new employees for the commit; without it the commit writes them itself."""
    try:
        return staging.stage(job, plan)
    except Exception:
        logger.warning("Could not stage the rows of import job %s", job.pk, exc_info=True)
        staging.discard(job.pk)
        return None


# ---------------------------------------------------------------------------------------------
# Commit
# ---------------------------------------------------------------------------------------------


def _not_ready(job: ImportJob) -> ValidationError:
    return ValidationError(
        _("This import cannot be saved now: its status is “%(status)s”.")
        % {"status": job.get_status_display()}
    )


@transaction.atomic
def request_commit(actor, job: ImportJob, *, skip_invalid: bool = False) -> ImportJob:
    """Ask for the job to be saved in the background (after checking it may be)."""
    require(may_commit(actor, job), _("You may not save this import."))
    job = ImportJob.objects.select_for_update().get(pk=job.pk)
    if job.status != ImportStatus.READY:
        raise _not_ready(job)
    blocker = commit_blocker(
        kind=job.kind, full_roster=job.full_roster, counts=job.counts, skip_invalid=skip_invalid
    )
    if blocker:
        raise ValidationError(blocker)
    job.status = ImportStatus.COMMITTING
    job.committed_by = actor if getattr(actor, "is_authenticated", False) else None
    job.skip_invalid = skip_invalid
    job.problem = ""
    job.save()
    from gaung.imports.tasks import commit_import_task

    transaction.on_commit(lambda: commit_import_task.delay(job.pk))
    return job


class _Blocked(Exception):
    """The file, checked again at commit time, may not be saved as asked."""

    def __init__(self, plan: Plan, message: str) -> None:
        super().__init__(message)
        self.plan = plan
        self.message = message


def commit_import(actor, job: ImportJob, *, skip_invalid: bool = False) -> ImportJob:
    """Save the import all or nothing, checking the file again against the current database.

    Raises ValidationError when rows (still or newly) are invalid and may not be skipped;
    any other failure marks the job failed and leaves the database exactly as it was.
    """
    require(may_commit(actor, job), _("You may not save this import."))
    if job.status not in {ImportStatus.READY, ImportStatus.COMMITTING}:
        raise _not_ready(job)
    language = job.language
    try:
        with transaction.atomic(), translation.override(language):
            job = (
                ImportJob.objects.select_for_update(of=("self",))
                .select_related("instansi")
                .get(pk=job.pk)
            )
            if job.status not in {ImportStatus.READY, ImportStatus.COMMITTING}:
                raise _not_ready(job)
            _commit(job, actor, skip_invalid)
        _forget_plan(job)
    except _Blocked as blocked:
        _forget_plan(job)
        with transaction.atomic():
            _store_plan(job, blocked.plan)
            job.status = ImportStatus.READY
            job.problem = blocked.message
            job.save()
        raise ValidationError(blocked.message) from None
    except ValidationError:
        raise
    except FileProblem as problem:
        _mark(job, status=ImportStatus.FAILED, problem=str(problem))
    except Exception as error:
        _forget_plan(job)
        logger.exception("Saving import job %s failed; rolled back", job.pk)
        with translation.override(language):
            message = _("Saving failed, so nothing was changed. The error was: %(error)s") % {
                "error": f"{type(error).__name__}: {error}"[:500]
            }
        _mark(job, status=ImportStatus.FAILED, problem=message)
    return job


def _forget_plan(job: ImportJob) -> None:
    kept.drop_plan(job)
    staging.discard(job.pk)


def _commit(job: ImportJob, actor, skip_invalid: bool) -> None:
    from gaung.imports.commit import apply_plan, record_job_event

    # The preview's plan when nothing it depends on has changed since (checked inside this
    # transaction); otherwise the file is planned again, so what is saved is valid now.
    stored = kept.load_plan(job, kept.state_fingerprint(job, actor))
    if stored is not None and stored.staged is not None and not staging.is_complete(stored.staged):
        stored = None
    plan = stored if stored is not None else _plan(job, actor)
    counts = plan.counts
    blocker = commit_blocker(
        kind=job.kind, full_roster=job.full_roster, counts=counts, skip_invalid=skip_invalid
    )
    if blocker:
        raise _Blocked(plan, blocker)
    note = _("Import #%(job)s (%(file)s)") % {"job": job.pk, "file": job.original_name}
    apply_plan(plan, instansi=job.instansi, actor=actor, note=note)
    if stored is None:
        kept.save_known_rows(job, plan)
    kept.confirm_known_rows(job)
    before_status = job.status
    if stored is None:
        _store_plan(job, plan)
    job.status = ImportStatus.COMMITTED
    job.skip_invalid = skip_invalid
    job.committed_by = actor if getattr(actor, "is_authenticated", False) else None
    job.committed_at = timezone.now()
    job.problem = ""
    job.save()
    if plan.changes_anything:
        summary = ", ".join(
            f"{key} {counts[key]}"
            for key in ("new", "changed", "deactivated", "new_units", "invalid")
            if counts.get(key)
        )
        record_job_event(
            job,
            actor,
            changes={"status": [str(before_status), str(job.status)]},
            note=f"{note}: {summary}",
        )


__all__ = [
    "MAX_UPLOAD_BYTES",
    "commit_import",
    "create_import_job",
    "importable_instansi",
    "may_commit",
    "may_import",
    "request_commit",
    "validate_import",
]
