"""The one-door content workflow: ideas, content items, their versions, events and reviews.

An item belongs to the unit that runs its target official accounts. Who may do what to it is
decided by team roles held on that unit or an ancestor (TeamMembership), never by who happens
to see the page: see workflow.py.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gaung.content.choices import AssetKind, ContentState, IdeaStatus, Pillar, TeamRole
from gaung.core.crypto import EncryptedTextField
from gaung.core.models import TimeStampedModel
from gaung.registry.models import OrganisationUnit
from gaung.socials.choices import Platform
from gaung.socials.models import SocialAccount


class TeamMembership(models.Model):
    """A content role held on a unit; it applies to the items of the unit's whole subtree."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="content_roles"
    )
    unit = models.ForeignKey(
        OrganisationUnit, on_delete=models.CASCADE, related_name="content_team"
    )
    role = models.CharField(_("role"), max_length=12, choices=TeamRole.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "unit", "role"], name="unique_content_role")
        ]
        verbose_name = _("content team role")
        verbose_name_plural = _("content team roles")

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} ({self.unit})"


class Purpose(models.Model):
    """Why a post is made (informasi, edukasi, hiburan, …): a configurable list."""

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    # Counted as "information" (not entertainment) in the strategy board's mix.
    is_informative = models.BooleanField(_("informative"), default=True)
    order = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("content purpose")
        verbose_name_plural = _("content purposes")

    def __str__(self) -> str:
        return self.name


class ChecklistItem(models.Model):
    """One point of the review checklist that must be ticked before approval."""

    label = models.CharField(_("check"), max_length=200)
    order = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("review checklist item")
        verbose_name_plural = _("review checklist")

    def __str__(self) -> str:
        return self.label


class ServiceTime(models.Model):
    """How many working days an item may stay in a workflow state before it is overdue."""

    state = models.CharField(max_length=20, choices=ContentState.choices, unique=True)
    working_days = models.PositiveSmallIntegerField(_("working days"))

    class Meta:
        ordering = ["state"]
        verbose_name = _("service time")
        verbose_name_plural = _("service times")

    def __str__(self) -> str:
        return f"{self.get_state_display()}: {self.working_days}"


class Idea(TimeStampedModel):
    """A proposal anyone in a unit can make; a supervisor turns it into content or declines."""

    unit = models.ForeignKey(OrganisationUnit, on_delete=models.PROTECT, related_name="ideas")
    title = models.CharField(_("title"), max_length=200)
    notes = models.TextField(_("notes"), blank=True)
    pillar = models.CharField(_("pillar"), max_length=16, choices=Pillar.choices, blank=True)
    wished_date = models.DateField(_("wished date"), null=True, blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=IdeaStatus.choices, default=IdeaStatus.OPEN
    )
    decline_reason = models.TextField(_("reason"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("idea")
        verbose_name_plural = _("ideas")

    def __str__(self) -> str:
        return self.title


class ContentItem(TimeStampedModel):
    """One piece of content on its way to the official accounts."""

    unit = models.ForeignKey(
        OrganisationUnit, on_delete=models.PROTECT, related_name="content_items"
    )
    idea = models.OneToOneField(
        Idea, null=True, blank=True, on_delete=models.SET_NULL, related_name="item"
    )
    title = models.CharField(_("title"), max_length=200)
    brief = models.TextField(_("brief"), blank=True)
    key_message = models.CharField(_("key message"), max_length=300, blank=True)
    states_figures = models.BooleanField(_("states figures"), default=False)
    data_sources = models.TextField(_("data sources"), blank=True)
    pillar = models.CharField(_("pillar"), max_length=16, choices=Pillar.choices)
    purpose = models.ForeignKey(
        Purpose, verbose_name=_("purpose"), on_delete=models.PROTECT, related_name="+"
    )
    target_accounts = models.ManyToManyField(
        SocialAccount, verbose_name=_("target accounts"), related_name="content_items"
    )
    planned_at = models.DateTimeField(_("planned time"), null=True, blank=True)
    state = models.CharField(
        _("state"), max_length=20, choices=ContentState.choices, default=ContentState.DRAFT
    )
    state_changed_at = models.DateTimeField(null=True, blank=True)
    # When the current step is due (service time in working days); null for untimed states.
    due_at = models.DateTimeField(_("due"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    approved_version = models.PositiveIntegerField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    designer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("designer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    permalink = models.URLField(_("permalink"), max_length=500, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        ordering = ["planned_at", "pk"]
        verbose_name = _("content item")
        verbose_name_plural = _("content items")
        indexes = [
            models.Index(fields=["state", "due_at"]),
            models.Index(fields=["planned_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(state=ContentState.PUBLISHED) | ~Q(permalink=""),
                name="published_item_has_permalink",
            )
        ]

    def __str__(self) -> str:
        return self.title


class Caption(models.Model):
    """The text of an item for one platform (each platform has its own limits)."""

    item = models.ForeignKey(ContentItem, on_delete=models.CASCADE, related_name="captions")
    platform = models.CharField(max_length=12, choices=Platform.choices)
    text = models.TextField(blank=True)

    class Meta:
        ordering = ["platform"]
        constraints = [
            models.UniqueConstraint(fields=["item", "platform"], name="one_caption_per_platform")
        ]

    def __str__(self) -> str:
        return f"{self.item} ({self.get_platform_display()})"


class Asset(models.Model):
    """An image or video of an item, with what the platform checks need to know about it."""

    item = models.ForeignKey(ContentItem, on_delete=models.CASCADE, related_name="assets")
    file = models.FileField(upload_to="content/assets/%Y/%m/")
    thumbnail = models.ImageField(upload_to="content/thumbnails/%Y/%m/", blank=True)
    original_name = models.CharField(max_length=255)
    kind = models.CharField(max_length=8, choices=AssetKind.choices)
    mime_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    duration_seconds = models.FloatField(null=True, blank=True)
    alt_text = models.TextField(_("alt text"), blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.original_name


class ContentVersion(models.Model):
    """What an item said at one version: approval binds to a version, versions can be compared."""

    item = models.ForeignKey(ContentItem, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    snapshot = models.JSONField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["item", "number"]
        constraints = [
            models.UniqueConstraint(fields=["item", "number"], name="one_snapshot_per_version")
        ]

    def __str__(self) -> str:
        return f"{self.item} v{self.number}"


class ContentEvent(models.Model):
    """One step of an item's history: a transition, an edit, a reschedule, with its comment."""

    item = models.ForeignKey(ContentItem, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=30)
    from_state = models.CharField(max_length=20, choices=ContentState.choices, blank=True)
    to_state = models.CharField(max_length=20, choices=ContentState.choices, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    comment = models.TextField(blank=True)
    version = models.PositiveIntegerField()
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.item}: {self.action}"


class ReviewCheck(models.Model):
    """The checklist as ticked by a reviewer for one version of an item."""

    item = models.ForeignKey(ContentItem, on_delete=models.CASCADE, related_name="checks")
    version = models.PositiveIntegerField()
    # {checklist item pk (str): True/False}
    ticked = models.JSONField(default=dict)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.item} v{self.version} checklist"


class StrategyTarget(models.Model):
    """The plan for one official account in one month: the mix and the posting frequency."""

    account = models.ForeignKey(
        SocialAccount, on_delete=models.CASCADE, related_name="strategy_targets"
    )
    month = models.DateField(_("month"))  # the first day of the month
    # Target shares in percent: {"pillar:core": 50, …, "informative": 60}.
    mix = models.JSONField(_("target mix"), default=dict)
    min_posts_per_week = models.PositiveSmallIntegerField(_("posts per week (minimum)"), default=4)

    class Meta:
        ordering = ["-month"]
        constraints = [
            models.UniqueConstraint(fields=["account", "month"], name="one_target_per_month")
        ]

    def __str__(self) -> str:
        return f"{self.account} {self.month:%Y-%m}"


class CalendarToken(models.Model):
    """The secret in a user's ICS feed URL: anyone holding the URL reads that user's calendar.

    Looked up by its hash; the secret itself is kept encrypted so the subscribe page can show
    the URL again. A new token replaces the old one, which stops working at once.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_token"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    secret = EncryptedTextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("calendar feed token")
        verbose_name_plural = _("calendar feed tokens")

    def __str__(self) -> str:
        return f"{self.user} calendar feed"
