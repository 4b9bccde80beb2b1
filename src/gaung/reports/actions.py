"""Every write of the reports app: permission check, change and audit event.

Taking a compilation creates it here and hands the heavy work to a Celery task after commit;
the task (`tasks.take_compilation_task`) fills the frozen rows.
"""

import datetime
from typing import Any

from django.db import transaction
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from gaung.core import audit
from gaung.core.choices import AuditAction
from gaung.core.permissions import ValidationError, require
from gaung.registry.models import OrganisationUnit
from gaung.registry.scope import scope_for
from gaung.reports.models import Compilation, Letterhead
from gaung.reports.querysets import may_take
from gaung.reports.validators import logo_format, validate_logo

# The document's official name (USERS.md): a title, not a UI string, so never translated.
TITLE_STEM = "Kompilasi Data Media Sosial ASN"
EARLIEST_YEAR = 2000
LETTERHEAD_FIELDS = (
    "government_name",
    "office_name",
    "address",
    "phone",
    "email",
    "website",
    "signature_place",
    "signer_position",
    "signer_name",
    "signer_rank",
    "signer_nip",
)


def indonesian_date(value: datetime.date) -> str:
    """A date as printed in Indonesian letters: `23 November 2026`."""
    with translation.override("id"):
        return formats.date_format(value, "j F Y")


def default_title(instansi_name: str, start: datetime.date, end: datetime.date) -> str:
    """`Kompilasi Data Media Sosial ASN {instansi} Tahun {year}`, or with the dates."""
    if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31) and start.year == end.year:
        return f"{TITLE_STEM} {instansi_name} Tahun {end.year}"
    return (
        f"{TITLE_STEM} {instansi_name} Periode {indonesian_date(start)} s.d. {indonesian_date(end)}"
    )


def year_period(year: int) -> tuple[datetime.date, datetime.date]:
    """1 January to 31 December of the year."""
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def _check_period(start: datetime.date | None, end: datetime.date | None) -> None:
    errors: dict[str, str] = {}
    today = timezone.localdate()
    if start is None:
        errors["period_start"] = _("Give the first day of the period.")
    if end is None:
        errors["period_end"] = _("Give the last day of the period.")
    if start and end and start > end:
        errors["period_end"] = _("The period must end on or after its first day.")
    if start and start > today:
        errors["period_start"] = _(
            "The period has not started yet. Choose a period that starts today or earlier."
        )
    if start and start.year < EARLIEST_YEAR:
        errors["period_start"] = _("Choose a period from %(year)s onwards.") % {
            "year": EARLIEST_YEAR
        }
    if errors:
        raise ValidationError(errors)


def take_compilation(
    actor,
    instansi: OrganisationUnit,
    *,
    year: int | None = None,
    period_start: datetime.date | None = None,
    period_end: datetime.date | None = None,
    title: str = "",
    background: bool = True,
) -> Compilation:
    """Create a compilation of the agency for a year (or dates) and queue taking its snapshot.

    `background=False` takes the snapshot in this process right after commit (command line).
    """
    require(
        instansi is not None and may_take(scope_for(actor), instansi.path),
        _("Only an admin of the whole agency may take its compilation."),
    )
    if not instansi.is_root:
        raise ValidationError({"instansi": _("A compilation covers a whole agency (instansi).")})
    if year is not None:
        period_start, period_end = year_period(year)
    _check_period(period_start, period_end)
    title = title.strip() or default_title(instansi.name, period_start, period_end)
    user = actor if getattr(actor, "is_authenticated", False) else None
    with transaction.atomic():
        compilation = Compilation.objects.create(
            instansi=instansi,
            instansi_name=instansi.name,
            instansi_path=instansi.path,
            title=title[:255],
            year=period_end.year,
            period_start=period_start,
            period_end=period_end,
            requested_by=user,
            requested_by_name=user.get_username() if user else "system",
        )
        audit.record(
            actor,
            AuditAction.CREATE,
            compilation,
            unit_path=instansi.path,
            changes={"period": [None, f"{period_start.isoformat()}/{period_end.isoformat()}"]},
        )
        queue_snapshot(compilation, background=background)
    return compilation


def queue_snapshot(compilation: Compilation, *, background: bool = True) -> None:
    """Take the snapshot once the compilation row is committed: in a worker, or right here."""
    from gaung.reports.snapshot import take_snapshot
    from gaung.reports.tasks import take_compilation_task

    compilation_id = compilation.pk
    if background:
        transaction.on_commit(lambda: take_compilation_task.delay(compilation_id))
    else:
        transaction.on_commit(lambda: take_snapshot(compilation_id))


def delete_compilation(actor, compilation: Compilation) -> None:
    """Remove a compilation with all its frozen rows (agency admins only)."""
    require(
        may_take(scope_for(actor), compilation.instansi_path),
        _("Only an admin of the whole agency may remove its compilations."),
    )
    from gaung.reports.snapshot import discard_rows

    with transaction.atomic():
        audit.record(actor, AuditAction.DELETE, compilation, unit_path=compilation.instansi_path)
        discard_rows(compilation.pk)
        compilation.delete()


def letterhead_defaults(instansi: OrganisationUnit) -> dict[str, Any]:
    """Starting values for an agency that has no letterhead yet."""
    return {"government_name": instansi.name.upper()}


def save_letterhead(actor, instansi: OrganisationUnit, **fields: Any) -> Letterhead:
    """Create or change the agency's letterhead; `logo=None` keeps it, `logo=False` removes it."""
    require(
        instansi is not None and instansi.is_root and may_take(scope_for(actor), instansi.path),
        _("Only an admin of the whole agency may change its letterhead."),
    )
    unknown = set(fields) - {*LETTERHEAD_FIELDS, "logo"}
    if unknown:
        raise ValueError(f"Unknown letterhead fields: {sorted(unknown)}")
    logo = fields.pop("logo", None)
    if logo:
        try:
            validate_logo(logo)
        except ValidationError as error:
            raise ValidationError({"logo": error.messages}) from error
    with transaction.atomic():
        letterhead = Letterhead.objects.select_for_update().filter(
            instansi=instansi
        ).first() or Letterhead(instansi=instansi, **letterhead_defaults(instansi))
        created = letterhead.pk is None
        tracked = (*LETTERHEAD_FIELDS, "logo")
        before = {} if created else audit.snapshot(letterhead, tracked)
        for name, value in fields.items():
            setattr(letterhead, name, (value or "").strip() if isinstance(value, str) else value)
        if not letterhead.government_name:
            raise ValidationError({"government_name": _("Give the name of the government.")})
        old_logo = letterhead.logo.name if letterhead.logo else ""
        if logo is False:
            letterhead.logo = ""
        elif logo:
            # The stored name comes from the content, never from the uploaded file name.
            extension = "png" if logo_format(logo) == "PNG" else "jpg"
            letterhead.logo.save(f"logo-{instansi.pk}.{extension}", logo, save=False)
        letterhead.save()
        changes = audit.diff(before, audit.snapshot(letterhead, tracked))
        if created or changes:
            audit.record(
                actor,
                AuditAction.CREATE if created else AuditAction.UPDATE,
                letterhead,
                changes=changes,
                unit_path=instansi.path,
            )
        if old_logo and old_logo != (letterhead.logo.name or ""):
            storage = letterhead.logo.storage
            transaction.on_commit(lambda: storage.delete(old_logo))
    return letterhead
