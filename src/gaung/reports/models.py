"""The yearly "Kompilasi Data Media Sosial ASN": frozen snapshots, and each agency's letterhead.

A compilation copies what it counts (unit names and paths, employees' NIPs, names and
accounts), so its figures, drill-down and comparisons never change when live data does.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gaung.core.models import TimeStampedModel
from gaung.registry.choices import EmployeeType
from gaung.registry.models import OrganisationUnit
from gaung.registry.nip import format_grouped
from gaung.reports.choices import CompilationStatus
from gaung.reports.figures import FigureMixin
from gaung.reports.querysets import (
    CompilationEmployeeQuerySet,
    CompilationQuerySet,
    CompilationUnitRowQuerySet,
)
from gaung.reports.validators import validate_logo


class Compilation(TimeStampedModel):
    """A snapshot of ASN social media coverage across one instansi, for one period."""

    instansi = models.ForeignKey(
        OrganisationUnit,
        verbose_name=_("agency"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="compilations",
    )
    # Frozen: scoping and titles keep working if the agency is renamed or removed.
    instansi_name = models.CharField(_("agency name"), max_length=255)
    instansi_path = models.CharField(max_length=255, db_index=True)
    title = models.CharField(_("title"), max_length=255)
    year = models.PositiveSmallIntegerField(_("year"), db_index=True)
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=CompilationStatus.choices,
        default=CompilationStatus.PENDING,
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    error = models.TextField(_("error"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("taken by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    requested_by_name = models.CharField(_("taken by"), max_length=150, blank=True)
    taken_at = models.DateTimeField(_("data as of"), null=True, blank=True)
    previous = models.ForeignKey(
        "self",
        verbose_name=_("previous compilation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = CompilationQuerySet.as_manager()

    class Meta:
        ordering = ["-period_end", "-taken_at", "-pk"]
        verbose_name = _("ASN social media compilation")
        verbose_name_plural = _("ASN social media compilations")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_start__lte=models.F("period_end")),
                name="compilation_period_in_order",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_done(self) -> bool:
        """Only a finished compilation has figures."""
        return self.status == CompilationStatus.DONE

    @property
    def is_underway(self) -> bool:
        """Waiting for a worker or being taken."""
        return self.status in {CompilationStatus.PENDING, CompilationStatus.RUNNING}

    @property
    def is_calendar_year(self) -> bool:
        """The period is 1 January to 31 December."""
        return (self.period_start.month, self.period_start.day) == (1, 1) and (
            self.period_end.month,
            self.period_end.day,
        ) == (12, 31)


class CompilationUnitRow(FigureMixin, models.Model):
    """One unit's figures in a compilation: its own employees and its whole subtree's."""

    compilation = models.ForeignKey(Compilation, on_delete=models.CASCADE, related_name="unit_rows")
    unit = models.ForeignKey(
        OrganisationUnit, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    name = models.CharField(_("name"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    kind = models.CharField(_("type"), max_length=20, blank=True)
    path = models.CharField(max_length=255)
    depth = models.PositiveSmallIntegerField(default=0)
    opd_name = models.CharField(_("department (OPD)"), max_length=255, blank=True)
    # The unit's own employees (not those of units below it).
    own_employees = models.PositiveIntegerField(default=0)
    own_with_account = models.PositiveIntegerField(default=0)
    own_platforms = models.JSONField(default=dict, blank=True)
    # The unit with everything below it.
    employees = models.PositiveIntegerField(_("employees"), default=0)
    with_account = models.PositiveIntegerField(_("with an account"), default=0)
    accounts = models.PositiveIntegerField(_("accounts"), default=0)
    verified = models.PositiveIntegerField(_("verified"), default=0)
    unverified = models.PositiveIntegerField(_("unverified"), default=0)
    followers = models.PositiveBigIntegerField(_("followers"), default=0)
    platforms = models.JSONField(default=dict, blank=True)
    # Stored ratios (0..1) so lists can sort on them; 0 where there is nobody to count.
    coverage = models.FloatField(_("coverage"), default=0)
    verified_share = models.FloatField(_("verified share"), default=0)
    # The same unit in the previous compilation (matched by unit, else by path); None: no match.
    prev_employees = models.PositiveIntegerField(null=True, blank=True)
    prev_with_account = models.PositiveIntegerField(null=True, blank=True)
    prev_followers = models.PositiveBigIntegerField(null=True, blank=True)
    prev_platforms = models.JSONField(null=True, blank=True)

    objects = CompilationUnitRowQuerySet.as_manager()

    class Meta:
        ordering = ["path"]
        verbose_name = _("compilation unit row")
        verbose_name_plural = _("compilation unit rows")
        constraints = [
            models.UniqueConstraint(fields=["compilation", "path"], name="one_row_per_unit_path")
        ]
        indexes = [models.Index(fields=["compilation", "depth"])]

    def __str__(self) -> str:
        return self.name

    @property
    def label(self) -> str:
        """The short name where there is one."""
        return self.short_name or self.name

    @property
    def indent(self) -> int:
        """Depth below the department (OPD) level, for indenting sub-units."""
        return max(self.depth - 1, 0)


class CompilationEmployee(models.Model):
    """One ASN as they stood in a compilation: unit, NIP, name, and accounts per platform."""

    compilation = models.ForeignKey(
        Compilation, on_delete=models.CASCADE, related_name="employee_rows"
    )
    unit_row = models.ForeignKey(
        CompilationUnitRow, on_delete=models.CASCADE, related_name="employee_rows"
    )
    employee = models.ForeignKey(
        "registry.Employee", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    nip = models.CharField(_("NIP / NI PPPK"), max_length=18, blank=True)
    employee_type = models.CharField(
        _("employee type"), max_length=10, choices=EmployeeType.choices
    )
    name = models.CharField(_("name"), max_length=150)
    full_name = models.CharField(_("name with titles"), max_length=260)
    position = models.CharField(_("position"), max_length=255, blank=True)
    unit_name = models.CharField(_("unit"), max_length=255)
    unit_path = models.CharField(max_length=255)
    opd_name = models.CharField(_("department (OPD)"), max_length=255, blank=True)
    # [{"platform", "handle", "url", "followers", "status", "counted"}, …]
    accounts = models.JSONField(default=list, blank=True)
    account_count = models.PositiveSmallIntegerField(_("accounts"), default=0)
    verified_count = models.PositiveSmallIntegerField(_("verified accounts"), default=0)
    followers = models.PositiveBigIntegerField(_("followers"), default=0)
    has_account = models.BooleanField(_("has an account"), default=False)
    # ",instagram,tiktok," and the handles: plain text a filter can match on any database.
    platform_list = models.CharField(max_length=120, blank=True)
    handles = models.TextField(blank=True)

    objects = CompilationEmployeeQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("compilation employee")
        verbose_name_plural = _("compilation employees")
        indexes = [
            models.Index(fields=["compilation", "unit_path"]),
            models.Index(fields=["compilation", "has_account"]),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def nip_grouped(self) -> str:
        """The NIP / NI PPPK as printed on an SK."""
        if not self.nip:
            return ""
        kind = "pns" if self.employee_type == EmployeeType.PNS else "pppk"
        try:
            return format_grouped(self.nip, kind)
        except ValueError:
            return self.nip

    def accounts_on(self, platform: str) -> list[dict]:
        """The employee's accounts on one platform."""
        return [account for account in self.accounts if account["platform"] == platform]


class Letterhead(TimeStampedModel):
    """The kop surat of one instansi and the signature block of its printed reports."""

    instansi = models.OneToOneField(
        OrganisationUnit,
        verbose_name=_("agency"),
        on_delete=models.CASCADE,
        related_name="letterhead",
    )
    government_name = models.CharField(
        _("government"), max_length=150, help_text=_("First line, e.g. PEMERINTAH KOTA HARAPAN.")
    )
    office_name = models.CharField(
        _("office"),
        max_length=200,
        blank=True,
        help_text=_("Second line, e.g. BADAN KEPEGAWAIAN DAN PENGEMBANGAN SUMBER DAYA MANUSIA."),
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    phone = models.CharField(_("phone"), max_length=60, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.CharField(_("website"), max_length=120, blank=True)
    logo = models.FileField(
        _("logo"),
        upload_to="letterheads/",
        blank=True,
        validators=[validate_logo],
        help_text=_("PNG or JPEG, at most 1 MB."),
    )
    signature_place = models.CharField(
        _("place of signing"), max_length=80, blank=True, help_text=_("e.g. Harapan")
    )
    signer_position = models.CharField(
        _("signer's position"), max_length=150, blank=True, help_text=_("e.g. Kepala BKPSDM")
    )
    signer_name = models.CharField(_("signer's name"), max_length=150, blank=True)
    signer_rank = models.CharField(
        _("signer's rank"), max_length=100, blank=True, help_text=_("e.g. Pembina Utama Muda")
    )
    signer_nip = models.CharField(_("signer's NIP"), max_length=21, blank=True)

    class Meta:
        verbose_name = _("letterhead")
        verbose_name_plural = _("letterheads")

    def __str__(self) -> str:
        return self.government_name
