"""Social media accounts: official (owned by a unit) and personal (owned by an employee)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gaung.core.models import TimeStampedModel
from gaung.registry.models import Employee, OrganisationUnit
from gaung.socials.choices import AccountStatus, HandleKind, Platform
from gaung.socials.querysets import SocialAccountQuerySet


class SocialAccount(TimeStampedModel):
    """One account on one platform, owned by a unit (official) or an employee (personal)."""

    platform = models.CharField(_("platform"), max_length=12, choices=Platform.choices)
    handle = models.CharField(_("handle"), max_length=100)
    handle_kind = models.CharField(max_length=12, choices=HandleKind.choices)
    profile_url = models.URLField(_("profile URL"), max_length=255)
    owner_unit = models.ForeignKey(
        OrganisationUnit,
        verbose_name=_("owning unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="official_accounts",
    )
    owner_employee = models.ForeignKey(
        Employee,
        verbose_name=_("owning employee"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="social_accounts",
    )
    display_name = models.CharField(_("display name"), max_length=150, blank=True)
    followers = models.PositiveIntegerField(_("followers"), null=True, blank=True)
    followers_as_of = models.DateField(_("followers as of"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=AccountStatus.choices, default=AccountStatus.UNVERIFIED
    )
    rejection_reason = models.TextField(_("rejection reason"), blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verified by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)

    objects = SocialAccountQuerySet.as_manager()

    class Meta:
        ordering = ["platform", "handle"]
        verbose_name = _("social media account")
        verbose_name_plural = _("social media accounts")
        constraints = [
            # The same account may be registered once, whoever claims it.
            models.UniqueConstraint(
                fields=["platform", "handle_kind", "handle"], name="account_claimed_once"
            ),
            models.CheckConstraint(
                condition=(Q(owner_unit__isnull=False) & Q(owner_employee__isnull=True))
                | (Q(owner_unit__isnull=True) & Q(owner_employee__isnull=False)),
                name="account_has_exactly_one_owner",
            ),
        ]
        indexes = [models.Index(fields=["status", "platform"])]

    def __str__(self) -> str:
        return f"{self.get_platform_display()} @{self.handle}"

    @property
    def is_official(self) -> bool:
        return self.owner_unit_id is not None

    @property
    def owner(self):
        return self.owner_unit if self.is_official else self.owner_employee

    @property
    def responsible_unit(self) -> OrganisationUnit:
        """The unit whose admins look after this account."""
        return self.owner_unit if self.is_official else self.owner_employee.unit
