"""Organisation tree, employees (ASN) and administrative roles."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gaung.core.models import TimeStampedModel
from gaung.registry.choices import TIME_ZONES, EmployeeType, Role, Sex, UnitKind
from gaung.registry.nip import format_grouped
from gaung.registry.querysets import (
    ActivationTokenQuerySet,
    EmployeeQuerySet,
    OrganisationUnitQuerySet,
)

PATH_SEGMENT_WIDTH = 7


class OrganisationUnit(TimeStampedModel):
    """A node of the organisation tree: the instansi, a perangkat daerah, or a unit below it."""

    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    # Materialised path ("0000001.0000007.") so a whole subtree is one indexed prefix query.
    path = models.CharField(max_length=255, unique=True, editable=False)
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    name = models.CharField(_("name"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    kind = models.CharField(_("type"), max_length=20, choices=UnitKind.choices)
    code = models.CharField(
        _("code"), max_length=64, blank=True, help_text=_("Identifier in SIASN/SIMPEG (unorId).")
    )
    time_zone = models.CharField(
        _("time zone"), max_length=40, choices=TIME_ZONES, default="Asia/Jakarta"
    )
    is_active = models.BooleanField(_("active"), default=True)

    objects = OrganisationUnitQuerySet.as_manager()

    class Meta:
        ordering = ["path"]
        verbose_name = _("organisation unit")
        verbose_name_plural = _("organisation units")
        constraints = [
            models.UniqueConstraint(
                fields=["parent", "name"], name="unit_name_unique_among_siblings"
            ),
        ]

    def __str__(self) -> str:
        return self.short_name or self.name

    @property
    def is_root(self) -> bool:
        return self.parent_id is None

    def ancestor_paths(self) -> list[str]:
        """Paths of this unit and every unit above it."""
        segments = self.path.rstrip(".").split(".")
        return [".".join(segments[: i + 1]) + "." for i in range(len(segments))]


class Employee(TimeStampedModel):
    """A civil servant (ASN: PNS or PPPK) or non-ASN staff member of a unit."""

    # Unique through Meta.constraints rather than unique=True: on PostgreSQL the latter adds a
    # second (varchar_pattern_ops) index that no query uses, and every import pays for it.
    nip = models.CharField(_("NIP / NI PPPK"), max_length=18, null=True, blank=True)
    employee_type = models.CharField(
        _("employee type"), max_length=10, choices=EmployeeType.choices, default=EmployeeType.PNS
    )
    front_title = models.CharField(_("front title"), max_length=60, blank=True)
    name = models.CharField(_("name"), max_length=150)
    back_title = models.CharField(_("back title"), max_length=100, blank=True)
    rank = models.CharField(_("rank / grade"), max_length=10, blank=True)
    position = models.CharField(_("position"), max_length=255, blank=True)
    # No index of its own: the (unit, is_active) index starts with it.
    unit = models.ForeignKey(
        OrganisationUnit,
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="employees",
        db_index=False,
    )
    email = models.EmailField(_("government e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    # Decoded from the NIP / NI PPPK and stored so lists can filter and sort on them.
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, blank=True)
    tmt_cpns = models.DateField(_("TMT CPNS"), null=True, blank=True)
    appointment_year = models.PositiveSmallIntegerField(
        _("PPPK appointment year"), null=True, blank=True
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("login"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="employee",
    )

    objects = EmployeeQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("employee")
        verbose_name_plural = _("employees")
        indexes = [models.Index(fields=["unit", "is_active"])]
        constraints = [
            models.UniqueConstraint(fields=["nip"], name="registry_employee_nip_unique"),
            models.CheckConstraint(
                condition=Q(employee_type="non_asn") | Q(nip__isnull=False),
                name="asn_has_nip",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        """The name as written with titles: `Dr. Siti Rahayu, S.Sos., M.Si.`."""
        name = f"{self.front_title} {self.name}".strip()
        return f"{name}, {self.back_title}" if self.back_title else name

    @property
    def nip_grouped(self) -> str:
        if not self.nip:
            return ""
        kind = "pns" if self.employee_type == EmployeeType.PNS else "pppk"
        return format_grouped(self.nip, kind)


class RoleAssignment(models.Model):
    """Gives a user an administrative role over a unit and everything below it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_assignments"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    unit = models.ForeignKey(
        OrganisationUnit,
        verbose_name=_("unit"),
        on_delete=models.CASCADE,
        related_name="role_assignments",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "unit"], name="unique_role_assignment")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.unit}"


class ActivationToken(models.Model):
    """A one-time invitation link or code with which an employee activates their login."""

    class Purpose(models.TextChoices):
        INVITATION = "invitation", _("Invitation link")
        CODE = "code", _("One-time code")

    employee = models.ForeignKey(
        Employee, on_delete=models.CASCADE, related_name="activation_tokens"
    )
    purpose = models.CharField(max_length=12, choices=Purpose.choices)
    # Only a hash is stored: a leaked database must not let anyone activate a login.
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    failed_attempts = models.PositiveSmallIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ActivationTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} · {self.employee}"
