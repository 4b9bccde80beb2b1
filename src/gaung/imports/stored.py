"""What the preview and the commit keep beside the upload, so that work is not done twice.

- The preview's plan (`.plan`): a commit made against the same database state applies it
  without reading the file again.
- A roster's known rows (`.rows`, written with the plan) and, once the roster is saved, the
  state of the units they were saved against (`.units`): the next roster upload of the agency
  skips parsing the rows that are exactly as saved (see planner.KnownRows).

Both are pickled and signed with the secret key (only what this server wrote is unpickled),
and both are only a speed-up: missing, stale or damaged, the work is simply done again.
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import logging
import pickle
from typing import Any

from django.core.files.base import ContentFile
from django.db.models import Count, Max
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from gaung.core.bulk import collector_paused
from gaung.imports.choices import ImportKind, ImportStatus
from gaung.imports.models import ImportJob
from gaung.imports.planner import KnownRows, Plan
from gaung.registry.models import Employee, OrganisationUnit, RoleAssignment
from gaung.registry.scope import scope_for

logger = logging.getLogger(__name__)

# Bump when Plan or the planner's rules change: what older code stored is then made again.
_FORMAT = 5
_SALT = "gaung.imports.stored-plan"


def _summary(model) -> list[tuple[str, Any]]:
    """Count, highest id and latest change of a whole table: cheap, and errs towards redoing."""
    summary = {"n": Count("pk"), "i": Max("pk")}
    if any(field.name == "updated_at" for field in model._meta.concrete_fields):
        summary["u"] = Max("updated_at")
    return sorted(model.objects.aggregate(**summary).items())


def state_fingerprint(job: ImportJob, actor) -> str:
    """What the plan depends on besides the file: the job's options and the database's state.

    Taken before the preview plans and again inside the commit's transaction: when nothing
    that the planner reads has changed, the stored plan is exactly what re-planning would give.
    Every write through the actions also adds an audit event, whose highest id is included.
    """
    from gaung.core.models import AuditEvent
    from gaung.socials.models import SocialAccount

    parts: list[Any] = [
        _FORMAT, job.pk, job.kind, job.instansi_id, job.sha256, job.full_roster,
        job.create_units, job.language, str(timezone.localdate()),
    ]  # fmt: skip
    for model in (OrganisationUnit, Employee, SocialAccount, RoleAssignment):
        parts.append(_summary(model))
    parts.append(AuditEvent.objects.aggregate(i=Max("pk"))["i"])
    if job.kind == ImportKind.ACCOUNTS:
        # Which rows pass depends on the units of whoever plans (see actions._within).
        scope = scope_for(actor) if actor is not None else None
        parts.append(None if scope is None else (scope.is_superuser, sorted(scope.admin_paths)))
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def _units_fingerprint() -> str:
    return hashlib.sha256(repr([_FORMAT, _summary(OrganisationUnit)]).encode()).hexdigest()


# -- signed files -----------------------------------------------------------------------------


def _write(job: ImportJob, suffix: str, content: Any) -> None:
    data = pickle.dumps(content, protocol=pickle.HIGHEST_PROTOCOL)
    signature = salted_hmac(_SALT, data, algorithm="sha256").hexdigest().encode()
    storage, name = job.file.storage, f"{job.file.name}.{suffix}"
    try:
        storage.delete(name)
        storage.save(name, ContentFile(signature + b"\n" + data))
    except Exception:
        logger.warning("Could not keep the %s file of import job %s", suffix, job.pk, exc_info=True)


def _read(job: ImportJob, suffix: str) -> Any:
    storage = job.file.storage
    try:
        if not job.file or not storage.exists(name := f"{job.file.name}.{suffix}"):
            return None
        with storage.open(name, "rb") as handle:
            content = handle.read()
    except Exception:
        logger.warning("Could not read the %s file of import job %s", suffix, job.pk, exc_info=True)
        return None
    signature, _newline, data = content.partition(b"\n")
    expected = salted_hmac(_SALT, data, algorithm="sha256").hexdigest().encode()
    if not constant_time_compare(signature, expected):
        return None
    with collector_paused():
        return pickle.loads(data)  # noqa: S301 (signed above)


def _delete(job: ImportJob, suffix: str) -> None:
    try:
        if job.file:
            job.file.storage.delete(f"{job.file.name}.{suffix}")
    except Exception:
        logger.warning(
            "Could not delete the %s file of import job %s", suffix, job.pk, exc_info=True
        )


# -- the preview's plan -----------------------------------------------------------------------


def save_plan(job: ImportJob, plan: Plan, fingerprint: str, *, staged: Any = None) -> None:
    """Keep the plan's operations (the row errors are already in the database).

    With `staged` (imports.staging.Staged) the new employees are in the staging table, not in
    the file. The known rows go to their own file, so that a commit applying this plan only
    has to confirm them (confirm_known_rows) instead of writing them inside its transaction.
    """
    kept = dataclasses.replace(plan, errors=[], row_digests={})
    if staged is not None:
        kept = dataclasses.replace(kept, employee_creates=[], staged=staged)
    _write(job, "plan", (fingerprint, kept))
    save_known_rows(job, plan)


def load_plan(job: ImportJob, fingerprint: str) -> Plan | None:
    """The preview's plan when it was made against the same state; None otherwise."""
    stored = _read(job, "plan")
    if not isinstance(stored, tuple) or len(stored) != 2:
        return None
    stored_fingerprint, plan = stored
    if stored_fingerprint != fingerprint or not isinstance(plan, Plan):
        return None
    return plan


def drop_plan(job: ImportJob) -> None:
    _delete(job, "plan")


# -- a saved roster's known rows --------------------------------------------------------------


def save_known_rows(job: ImportJob, plan: Plan) -> None:
    """Remember the rows a roster plan applies; they count once the commit confirms them."""
    if plan.kind != ImportKind.ROSTER or not plan.row_digests:
        return
    _write(job, "rows", (_FORMAT, KnownRows(headers=plan.headers, nips=plan.row_digests)))


def confirm_known_rows(job: ImportJob) -> None:
    """After a roster commit (inside its transaction): its known rows hold for these units."""
    if job.kind == ImportKind.ROSTER:
        _write(job, "units", (_FORMAT, _units_fingerprint()))


def known_rows(job: ImportJob) -> KnownRows | None:
    """The known rows of the agency's last saved roster, while its units are as it left them."""
    if job.kind != ImportKind.ROSTER or job.instansi_id is None:
        return None
    last = (
        ImportJob.objects.filter(
            instansi_id=job.instansi_id, kind=ImportKind.ROSTER, status=ImportStatus.COMMITTED
        )
        .exclude(pk=job.pk)
        .order_by("-committed_at", "-pk")
        .first()
    )
    if last is None:
        return None
    if _read(last, "units") != (_FORMAT, _units_fingerprint()):
        return None
    stored = _read(last, "rows")
    if not isinstance(stored, tuple) or len(stored) != 2:
        return None
    file_format, known = stored
    if file_format != _FORMAT or not isinstance(known, KnownRows):
        return None
    return known


# -- housekeeping -----------------------------------------------------------------------------

# Jobs validated longer ago than this were tidied by earlier runs already.
_TIDY_WINDOW = datetime.timedelta(days=30)


def discard_stale_files() -> int:
    """Delete the plan and known-rows files no import can use any more; returns how many jobs.

    A plan serves only while its job is ready to save, on the day it was made. Known rows
    serve only for the agency's last saved roster (known_rows).
    """
    today = timezone.localdate()
    recent = ImportJob.objects.filter(validated_at__gte=timezone.now() - _TIDY_WINDOW)
    latest_rosters = set()
    for instansi_id in recent.values_list("instansi_id", flat=True).distinct():
        last = (
            ImportJob.objects.filter(
                instansi_id=instansi_id, kind=ImportKind.ROSTER, status=ImportStatus.COMMITTED
            )
            .order_by("-committed_at", "-pk")
            .values_list("pk", flat=True)
            .first()
        )
        latest_rosters.add(last)
    tidied = 0
    for job in recent.exclude(file=""):
        usable_plan = job.status in {ImportStatus.READY, ImportStatus.COMMITTING} and (
            timezone.localdate(job.validated_at) == today
        )
        if not usable_plan:
            _delete(job, "plan")
        if job.pk not in latest_rosters and not usable_plan:
            _delete(job, "rows")
            _delete(job, "units")
        tidied += not usable_plan
    return tidied
