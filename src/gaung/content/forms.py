"""The content item form; it only reads input, the actions check and write."""

from __future__ import annotations

import datetime
import zoneinfo
from typing import Any

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gaung.content.choices import Pillar
from gaung.content.models import ContentItem, Purpose
from gaung.content.platform_rules import caption_counts, rules_for
from gaung.content.units import official_accounts, role_paths, role_units
from gaung.registry.activation import ZONE_ABBREVIATIONS
from gaung.registry.models import OrganisationUnit
from gaung.socials.choices import Platform
from gaung.socials.forms import TablerForm, UnitChoiceField
from gaung.socials.models import SocialAccount

LOCAL_INPUT_FORMAT = "%Y-%m-%dT%H:%M"
CAPTION_PREFIX = "caption_"
PLATFORM_LABELS = dict(Platform.choices)


def in_zone(value: datetime.datetime, zone: str) -> datetime.datetime:
    """The wall-clock time typed in the form, read in the unit's zone instead of the server's."""
    return timezone.make_naive(value).replace(tzinfo=zoneinfo.ZoneInfo(zone))


def as_wall_clock(value: datetime.datetime | None, zone: str) -> datetime.datetime | None:
    """A stored time as the naive wall-clock time of the unit's zone (what the form shows)."""
    if value is None:
        return None
    return value.astimezone(zoneinfo.ZoneInfo(zone)).replace(tzinfo=None)


def local_datetime_field(label, **kwargs: Any) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=LOCAL_INPUT_FORMAT),
        **kwargs,
    )


def normalise_newlines(text: str) -> str:
    # Browsers send a textarea's line breaks as CRLF but count (and show) them as one.
    return text.replace("\r\n", "\n").replace("\r", "\n")


class UnitSelect(forms.Select):
    """A unit select whose options carry the unit's path (item.js filters accounts by it)."""

    def create_option(self, name, value, *args: Any, **kwargs: Any) -> dict[str, Any]:
        option = super().create_option(name, value, *args, **kwargs)
        instance = getattr(value, "instance", None)
        if instance is not None:
            option["attrs"]["data-path"] = instance.path
        return option


class AccountCheckboxes(forms.CheckboxSelectMultiple):
    """Account checkboxes carrying the owner unit's path and the platform (for item.js)."""

    def create_option(self, name, value, *args: Any, **kwargs: Any) -> dict[str, Any]:
        option = super().create_option(name, value, *args, **kwargs)
        instance = getattr(value, "instance", None)
        if instance is not None:
            option["attrs"]["data-unit-path"] = instance.owner_unit.path
            option["attrs"]["data-platform"] = instance.platform
        return option


class AccountChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: SocialAccount) -> str:
        unit = obj.owner_unit
        return f"{obj} · {unit.short_name or unit.name}"


class ItemForm(TablerForm):
    """Create or change a content item: what it says, where and when it goes out."""

    title = forms.CharField(label=_("Title"), max_length=200)
    brief = forms.CharField(
        label=_("Brief"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What the graphics team needs to know: audience, tone, references."),
    )
    key_message = forms.CharField(label=_("Key message"), max_length=300, required=False)
    states_figures = forms.BooleanField(
        label=_("This content states figures"),
        required=False,
        help_text=_("Numbers, percentages, targets: the data sources below become required."),
    )
    data_sources = forms.CharField(
        label=_("Data sources"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("e.g. BPS Kota Contoh 2025; Profil Kesehatan Dinkes 2024."),
    )
    pillar = forms.ChoiceField(label=_("Pillar"), choices=Pillar.choices)
    purpose = forms.ModelChoiceField(label=_("Purpose"), queryset=Purpose.objects.none())
    unit = UnitChoiceField(
        label=_("Unit"),
        queryset=OrganisationUnit.objects.none(),
        widget=UnitSelect,
        help_text=_("The unit running this content; its time zone applies to the planned time."),
    )
    target_accounts = AccountChoiceField(
        label=_("Target official accounts"),
        queryset=SocialAccount.objects.none(),
        required=False,
        widget=AccountCheckboxes,
    )
    planned_at = local_datetime_field(_("Planned time"), required=False)

    def __init__(self, *args: Any, user, item: ContentItem | None = None, **kwargs: Any):
        if item is not None:
            kwargs.setdefault("initial", self.initial_for(item))
        super().__init__(*args, **kwargs)
        self.user = user
        self.item = item
        purposes = Purpose.objects.filter(is_active=True)
        if item is not None:
            # An item keeps its purpose even after the purpose was retired.
            purposes = Purpose.objects.filter(Q(is_active=True) | Q(pk=item.purpose_id))
        self.fields["purpose"].queryset = purposes
        if item is None:
            units = role_units(user)
            self.fields["unit"].queryset = units
            if len(units) == 1:
                self.fields["unit"].initial = units[0].pk
            accounts = (
                official_accounts([""])
                if user.is_superuser
                else official_accounts(role_paths(user))
            )
        else:
            self.fields["unit"].queryset = OrganisationUnit.objects.filter(pk=item.unit_id)
            self.fields["unit"].disabled = True
            chosen = item.target_accounts.values("pk")
            accounts = official_accounts([item.unit.path]) | SocialAccount.objects.filter(
                pk__in=chosen
            ).select_related("owner_unit")
        self.fields["target_accounts"].queryset = accounts.distinct().order_by("platform", "handle")
        if item is not None:
            zone = ZONE_ABBREVIATIONS.get(item.unit.time_zone, item.unit.time_zone)
            self.fields["planned_at"].help_text = _("In %(zone)s, the unit's time zone.") % {
                "zone": zone
            }
        self.caption_platforms = self._caption_platforms(accounts)
        for platform in self.caption_platforms:
            self.fields[CAPTION_PREFIX + platform] = self._caption_field(platform)

    @staticmethod
    def initial_for(item: ContentItem) -> dict[str, Any]:
        initial = {
            name: getattr(item, name)
            for name in ("title", "brief", "key_message", "states_figures", "data_sources")
        }
        initial |= {
            "pillar": item.pillar,
            "purpose": item.purpose_id,
            "unit": item.unit_id,
            "target_accounts": list(item.target_accounts.values_list("pk", flat=True)),
            "planned_at": as_wall_clock(item.planned_at, item.unit.time_zone),
        }
        for platform, text in item.captions.values_list("platform", "text"):
            initial[CAPTION_PREFIX + platform] = text
        return initial

    def _caption_platforms(self, accounts) -> list[str]:
        platforms = set(accounts.values_list("platform", flat=True))
        if self.item is not None:
            platforms |= set(self.item.captions.values_list("platform", flat=True))
        return [value for value in Platform.values if value in platforms]

    @staticmethod
    def _caption_field(platform: str) -> forms.CharField:
        rules = rules_for(platform)
        attrs = {"rows": 4, "data-caption": platform, "data-caption-max": rules.caption_max}
        if rules.hashtags_max is not None:
            attrs["data-hashtags-max"] = rules.hashtags_max
        # Not stripped: the counter shows what is saved, character for character.
        return forms.CharField(
            label=_("Caption for %(platform)s") % {"platform": PLATFORM_LABELS[platform]},
            required=False,
            strip=False,
            widget=forms.Textarea(attrs=attrs),
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for platform in self.caption_platforms:
            name = CAPTION_PREFIX + platform
            if data.get(name) is not None:
                data[name] = normalise_newlines(data[name])
        unit = self.item.unit if self.item is not None else data.get("unit")
        if unit is not None and data.get("planned_at"):
            data["planned_at"] = in_zone(data["planned_at"], unit.time_zone)
        return data

    # -- what the view hands to the actions ---------------------------------------------------

    def content_fields(self) -> dict[str, Any]:
        names = ("title", "brief", "key_message", "states_figures", "data_sources", "pillar",
                 "purpose")  # fmt: skip
        data = self.cleaned_data
        fields = {name: data[name] for name in names}
        for name in ("brief", "data_sources"):
            fields[name] = normalise_newlines(fields[name])
        return fields

    def captions(self) -> dict[str, str]:
        """Captions written, and existing ones (emptied or not): no empty rows for nothing."""
        existing = (
            set(self.item.captions.values_list("platform", flat=True)) if self.item else set()
        )
        captions = {}
        for platform in self.caption_platforms:
            text = self.cleaned_data.get(CAPTION_PREFIX + platform) or ""
            if text.strip() or platform in existing:
                captions[platform] = text
        return captions

    def caption_rows(self) -> list[dict[str, Any]]:
        """Each caption field with its counts against the platform's limits (the template's)."""
        rows = []
        for platform in self.caption_platforms:
            field = self[CAPTION_PREFIX + platform]
            text = normalise_newlines(field.value() or "")
            rows.append(
                {
                    "platform": platform,
                    "label": PLATFORM_LABELS[platform],
                    "field": field,
                    "counts": caption_counts(platform, text),
                }
            )
        return rows


class TransitionForm(forms.Form):
    """The optional inputs of a workflow step (comment, time, permalink, designer)."""

    comment = forms.CharField(required=False)
    planned_at = forms.DateTimeField(required=False, input_formats=[LOCAL_INPUT_FORMAT])
    permalink = forms.CharField(required=False, max_length=500)
    designer = forms.IntegerField(required=False)
