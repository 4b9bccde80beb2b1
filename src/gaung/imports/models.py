"""Import jobs (a roster or account file on its way into the registry) and their row errors."""

import shutil
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path, PurePath

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gaung.imports.choices import (
    COUNT_KEYS,
    FINISHED_STATUSES,
    RUNNING_STATUSES,
    ImportKind,
    ImportStatus,
)
from gaung.imports.querysets import ImportJobQuerySet

ALLOWED_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods", ".csv", ".txt", ".tsv")


def upload_path(job: "ImportJob", filename: str) -> str:
    """Where an uploaded file is kept: a random name, so uploads never collide or escape."""
    suffix = PurePath(filename).suffix.lower()
    if suffix not in ALLOWED_SUFFIXES:
        suffix = ""
    return f"imports/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{suffix}"


class ImportJob(models.Model):
    """One uploaded file: validated in the background, previewed, then saved all at once."""

    kind = models.CharField(_("type"), max_length=10, choices=ImportKind.choices)
    full_roster = models.BooleanField(
        _("full roster"),
        default=False,
        help_text=_("Employees of the agency missing from the file are marked inactive."),
    )
    create_units = models.BooleanField(_("create missing departments"), default=False)
    skip_invalid = models.BooleanField(_("invalid rows skipped"), default=False)
    instansi = models.ForeignKey(
        "registry.OrganisationUnit",
        verbose_name=_("agency"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The subtree whose admins see this job, kept as a path (like audit events) so the history
    # stays scoped even after a unit is deleted.
    scope_path = models.CharField(max_length=255, db_index=True)
    file = models.FileField(_("file"), upload_to=upload_path, max_length=255, blank=True)
    original_name = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    size = models.PositiveBigIntegerField(_("size (bytes)"), default=0)
    status = models.CharField(
        _("status"), max_length=12, choices=ImportStatus.choices, default=ImportStatus.UPLOADED
    )
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(null=True, blank=True)
    counts = models.JSONField(_("counts"), default=dict, blank=True)
    problem = models.TextField(_("problem"), blank=True)
    # The uploader's language: background validation writes the row errors in it.
    language = models.CharField(max_length=10, default=settings.LANGUAGE_CODE)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True, db_index=True)
    validated_at = models.DateTimeField(_("validated at"), null=True, blank=True)
    committed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("saved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    committed_at = models.DateTimeField(_("saved at"), null=True, blank=True)

    objects = ImportJobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        indexes = [models.Index(fields=["scope_path", "-created_at"])]

    def __str__(self) -> str:
        return f"#{self.pk} {self.original_name}"

    def count(self, key: str) -> int:
        """One of the counts (new, changed, …), 0 before validation."""
        return int(self.counts.get(key) or 0)

    @property
    def count_values(self) -> dict[str, int]:
        """Every count by name, zero-filled."""
        return {key: self.count(key) for key in COUNT_KEYS}

    @property
    def is_finished(self) -> bool:
        """Saved or failed: nothing more happens to this job."""
        return self.status in FINISHED_STATUSES

    @property
    def is_running(self) -> bool:
        """Validation or saving is under way: the job page keeps polling."""
        return self.status in RUNNING_STATUSES

    @contextmanager
    def local_file(self) -> Iterator[Path]:
        """The uploaded file as a local path, copied first when storage is remote (S3)."""
        try:
            local = Path(self.file.path)
        except NotImplementedError:  # remote storage has no local path
            local = None
        if local is not None:
            yield local
            return
        suffix = PurePath(self.original_name).suffix.lower()
        with tempfile.NamedTemporaryFile(suffix=suffix) as copy, self.file.open("rb") as source:
            shutil.copyfileobj(source, copy)
            copy.flush()
            yield Path(copy.name)

    @property
    def progress_percent(self) -> int:
        """Progress as a whole percentage (0 while the size of the file is unknown)."""
        if not self.progress_total:
            return 100 if self.status in {ImportStatus.READY, *FINISHED_STATUSES} else 0
        return min(100, self.progress_done * 100 // self.progress_total)


class ImportRowError(models.Model):
    """Why one row (or one cell) of an import file cannot be saved."""

    job = models.ForeignKey(ImportJob, on_delete=models.CASCADE, related_name="row_errors")
    row = models.PositiveIntegerField(_("row"))
    column = models.CharField(_("column"), max_length=100, blank=True)
    value = models.TextField(_("value"), blank=True)
    reason = models.TextField(_("reason"))

    class Meta:
        ordering = ["row", "pk"]
        verbose_name = _("row error")
        verbose_name_plural = _("row errors")
        indexes = [models.Index(fields=["job", "row"])]

    def __str__(self) -> str:
        return f"{self.row}: {self.reason}"
