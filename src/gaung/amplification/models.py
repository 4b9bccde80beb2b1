"""Amplification: campaigns that ask ASN to spread an official post, and what each ASN did.

A Campaign targets units (whole subtrees) and employee groups. Activating it creates one
Assignment per active targeted employee; the assignment keeps its own recap figures (actions
asked and done, status, potential reach, unique clicks on its tracked link) so that recaps of
10,000 employees are sums over one table, never per-person computations.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gaung.amplification.choices import (
    CampaignStatus,
    ProofKind,
    ProofStatus,
    RecapStatus,
)
from gaung.core.models import TimeStampedModel
from gaung.registry.models import Employee, OrganisationUnit
from gaung.socials.choices import Platform
from gaung.socials.models import SocialAccount


class EmployeeGroup(TimeStampedModel):
    """A named set of employees across units (e.g. "Duta Digital", the humas team)."""

    unit = models.ForeignKey(
        OrganisationUnit,
        verbose_name=_("owning unit"),
        on_delete=models.CASCADE,
        related_name="employee_groups",
    )
    name = models.CharField(_("name"), max_length=150)
    description = models.TextField(_("description"), blank=True)
    members = models.ManyToManyField(
        Employee, verbose_name=_("members"), related_name="employee_groups", blank=True
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("employee group")
        verbose_name_plural = _("employee groups")
        constraints = [
            models.UniqueConstraint(fields=["unit", "name"], name="group_name_unique_in_unit")
        ]

    def __str__(self) -> str:
        return self.name


class ElectionPeriod(TimeStampedModel):
    """Dates within which political campaigns are refused (SKB 2/2022 neutrality)."""

    instansi = models.ForeignKey(
        OrganisationUnit,
        verbose_name=_("agency"),
        on_delete=models.CASCADE,
        related_name="election_periods",
    )
    name = models.CharField(_("name"), max_length=150)
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))

    class Meta:
        ordering = ["-starts_on"]
        verbose_name = _("election period")
        verbose_name_plural = _("election periods")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="election_period_ordered"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Campaign(TimeStampedModel):
    """An official post that ASN are asked to share, like, comment on or follow."""

    unit = models.ForeignKey(
        OrganisationUnit,
        verbose_name=_("organising unit"),
        on_delete=models.PROTECT,
        related_name="campaigns",
    )
    title = models.CharField(_("title"), max_length=200)
    post_url = models.URLField(_("official post"), max_length=500)
    post_platform = models.CharField(_("platform"), max_length=12, choices=Platform.choices)
    # Post id and author handle as read from post_url (postlinks.parse_post_url).
    post_key = models.CharField(max_length=200, blank=True)
    post_handle = models.CharField(max_length=100, blank=True)
    instructions = models.TextField(_("instructions"), blank=True)
    caption = models.TextField(_("suggested caption"), blank=True)
    hashtags = models.CharField(_("hashtags"), max_length=300, blank=True)
    # CampaignAction values asked of every ASN, on every platform in `platforms`.
    actions = models.JSONField(_("actions asked"), default=list)
    platforms = models.JSONField(_("platforms"), default=list)
    starts_at = models.DateTimeField(_("start"))
    deadline = models.DateTimeField(_("deadline"))
    target_units = models.ManyToManyField(
        OrganisationUnit, verbose_name=_("target units"), related_name="+", blank=True
    )
    target_groups = models.ManyToManyField(
        EmployeeGroup, verbose_name=_("target groups"), related_name="campaigns", blank=True
    )
    is_political = models.BooleanField(_("political content"), default=False)
    political_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    political_confirmed_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=CampaignStatus.choices, default=CampaignStatus.DRAFT
    )
    show_individual_ranking = models.BooleanField(_("rank individuals"), default=False)
    # Reminders go out this many hours before the deadline (at most once a day per person).
    reminder_lead_hours = models.PositiveSmallIntegerField(_("remind before (hours)"), default=48)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    activated_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-deadline", "-pk"]
        verbose_name = _("amplification campaign")
        verbose_name_plural = _("amplification campaigns")
        indexes = [models.Index(fields=["status", "deadline"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(deadline__gt=models.F("starts_at")),
                name="campaign_deadline_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def unit_path(self) -> str:
        return self.unit.path


class Assignment(models.Model):
    """One employee's part in one campaign, with its recap figures kept up to date."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="assignments")
    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="assignments")
    # The employee's unit when assigned: recaps roll up by where people were at the time.
    unit = models.ForeignKey(OrganisationUnit, on_delete=models.PROTECT, related_name="+")
    unit_path = models.CharField(max_length=255)
    # Requested platforms on which the employee has a usable account (the others: no account).
    platforms = models.JSONField(default=list)
    asked = models.PositiveIntegerField(default=0)  # len(campaign.actions) x len(platforms)
    done = models.PositiveIntegerField(default=0)  # distinct (platform, action) accepted
    status = models.CharField(
        max_length=10, choices=RecapStatus.choices, default=RecapStatus.NOT_YET
    )
    # Sum of the followers of the accounts that shared, counted at share time.
    potential_reach = models.PositiveBigIntegerField(default=0)
    clicks = models.PositiveIntegerField(default=0)  # unique visitors of the tracked link
    token = models.CharField(max_length=24, unique=True)  # the tracked link: /l/<token>
    first_acted_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["campaign", "unit_path", "employee__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "employee"], name="one_assignment_per_employee"
            )
        ]
        indexes = [
            models.Index(fields=["campaign", "unit_path"]),
            models.Index(fields=["employee", "campaign"]),
        ]

    def __str__(self) -> str:
        return f"{self.campaign} — {self.employee}"

    @property
    def missing_platforms(self) -> list[str]:
        """Requested platforms where the employee has no account ("tanpa akun" there)."""
        return [p for p in self.campaign.platforms if p not in self.platforms]


class Proof(models.Model):
    """Evidence that an employee did one asked action on one platform."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="proofs")
    platform = models.CharField(max_length=12, choices=Platform.choices)
    action = models.CharField(max_length=10)
    kind = models.CharField(max_length=12, choices=ProofKind.choices)
    url = models.URLField(max_length=500, blank=True)
    # platform:post id of the proof URL: the same post is accepted as proof once, anywhere.
    url_key = models.CharField(max_length=220, blank=True)
    screenshot = models.ImageField(upload_to="amplification/proofs/%Y/%m/", blank=True)
    account = models.ForeignKey(
        SocialAccount, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    followers_at_share = models.PositiveIntegerField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=ProofStatus.choices)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["url_key"],
                condition=~Q(url_key="") & ~Q(status=ProofStatus.REJECTED),
                name="proof_url_used_once",
            ),
            models.UniqueConstraint(
                fields=["assignment", "platform", "action"],
                condition=~Q(status=ProofStatus.REJECTED),
                name="one_live_proof_per_action",
            ),
        ]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.get_platform_display()} {self.action} ({self.get_status_display()})"


class LinkClick(models.Model):
    """A unique visitor of an assignment's tracked link (the visitor key is a salted hash)."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="+")
    visitor = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assignment", "visitor"], name="click_counted_once")
        ]

    def __str__(self) -> str:
        return f"{self.assignment_id}:{self.visitor[:8]}"


class Reminder(models.Model):
    """A reminder sent to one employee; at most one per person per day, whatever the campaign."""

    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="+")
    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="reminders")
    sent_on = models.DateField()
    channels = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["employee", "sent_on"], name="one_reminder_a_day")
        ]

    def __str__(self) -> str:
        return f"{self.employee_id} {self.sent_on}"
