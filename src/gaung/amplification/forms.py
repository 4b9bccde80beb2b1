"""Forms of the organisers' pages; they only read input, the actions check and write."""

import datetime
import re
import zoneinfo
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gaung.amplification.choices import CampaignAction, CampaignStatus
from gaung.amplification.models import Campaign, ElectionPeriod, EmployeeGroup
from gaung.amplification.querysets import groups_visible_to
from gaung.registry.models import Employee, OrganisationUnit
from gaung.registry.nip import NIP_LENGTH
from gaung.registry.scope import scope_for
from gaung.socials.choices import Platform
from gaung.socials.forms import TablerForm, UnitChoiceField

LOCAL_INPUT_FORMAT = "%Y-%m-%dT%H:%M"


class UnitMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Units as checkboxes indented by their depth in the tree."""

    def label_from_instance(self, obj: OrganisationUnit) -> str:
        return "\u00a0\u00a0\u00a0" * obj.depth + obj.name


def _local_datetime_field(label) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=LOCAL_INPUT_FORMAT),
    )


def in_zone(value: datetime.datetime, zone: str) -> datetime.datetime:
    """The wall-clock time typed in the form, read in the unit's zone instead of the server's."""
    return timezone.make_naive(value).replace(tzinfo=zoneinfo.ZoneInfo(zone))


def as_wall_clock(value: datetime.datetime | None, zone: str) -> datetime.datetime | None:
    """A stored time as the naive wall-clock time of the unit's zone (what the form shows)."""
    if value is None:
        return None
    return value.astimezone(zoneinfo.ZoneInfo(zone)).replace(tzinfo=None)


class CampaignForm(TablerForm):
    """Create or change a campaign: what to share, where, by whom and until when."""

    unit = UnitChoiceField(
        label=_("Organising unit"),
        queryset=OrganisationUnit.objects.none(),
        help_text=_("Its time zone applies to the start and the deadline."),
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    post_url = forms.CharField(
        label=_("Official post"),
        max_length=500,
        help_text=_("The address of the post on the official account, as copied from the app."),
        widget=forms.TextInput(
            attrs={"inputmode": "url", "autocapitalize": "none", "spellcheck": "false"}
        ),
    )
    instructions = forms.CharField(
        label=_("Instructions"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    caption = forms.CharField(
        label=_("Suggested caption"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    hashtags = forms.CharField(
        label=_("Hashtags"),
        max_length=300,
        required=False,
        help_text=_("e.g. #AyoVaksin #KotaSehat"),
    )
    # Optional here: the action explains what is missing better than "required".
    actions = forms.MultipleChoiceField(
        label=_("Actions asked"),
        choices=CampaignAction.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    platforms = forms.MultipleChoiceField(
        label=_("Platforms"),
        choices=Platform.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    starts_at = _local_datetime_field(_("Start"))
    deadline = _local_datetime_field(_("Deadline"))
    target_units = UnitMultipleChoiceField(
        label=_("Target units"),
        queryset=OrganisationUnit.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Choosing a unit targets every unit below it as well."),
    )
    target_groups = forms.ModelMultipleChoiceField(
        label=_("Target employee groups"),
        queryset=EmployeeGroup.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    is_political = forms.BooleanField(
        label=_("Political content"),
        required=False,
        help_text=_("A post about elections, candidates, parties or a regional head's programme."),
    )
    confirm_political = forms.BooleanField(
        label=_(
            "I confirm that this post does not campaign for or against a candidate or party. "
            "ASN must stay neutral (SKB 2/2022), and political campaigns are refused during "
            "election periods."
        ),
        required=False,
    )
    show_individual_ranking = forms.BooleanField(
        label=_("Rank individuals"),
        required=False,
        help_text=_("Off: recaps rank units only, never named employees."),
    )
    reminder_lead_hours = forms.IntegerField(
        label=_("Remind before the deadline (hours)"),
        min_value=0,
        max_value=720,
        initial=48,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )

    def __init__(self, *args: Any, user, campaign: Campaign | None = None, **kwargs: Any):
        if campaign is not None:
            kwargs.setdefault("initial", self.initial_for(campaign))
        super().__init__(*args, **kwargs)
        self.campaign = campaign
        units = OrganisationUnit.objects.visible_to(user).order_by("path")
        self.fields["unit"].queryset = units
        self.fields["target_units"].queryset = units
        self.fields["target_groups"].queryset = groups_visible_to(user).order_by("name")
        if campaign is None:
            # Most admins run one unit: start from the top of what they administer.
            self.fields["unit"].initial = units.values_list("pk", flat=True).first()
        else:
            # The organising unit is fixed once the campaign exists.
            self.fields["unit"].queryset = OrganisationUnit.objects.filter(pk=campaign.unit_id)
            self.fields["unit"].disabled = True
            if campaign.status == CampaignStatus.ACTIVE:
                for name in ("actions", "platforms"):
                    self.fields[name].disabled = True
                    self.fields[name].help_text = _(
                        "Fixed while the campaign is active: the employees were asked for these."
                    )

    @staticmethod
    def initial_for(campaign: Campaign) -> dict[str, Any]:
        """The form's starting values for an existing campaign (times in the unit's zone)."""
        zone = campaign.unit.time_zone
        return {
            "unit": campaign.unit_id,
            "title": campaign.title,
            "post_url": campaign.post_url,
            "instructions": campaign.instructions,
            "caption": campaign.caption,
            "hashtags": campaign.hashtags,
            "actions": list(campaign.actions),
            "platforms": list(campaign.platforms),
            "starts_at": as_wall_clock(campaign.starts_at, zone),
            "deadline": as_wall_clock(campaign.deadline, zone),
            "target_units": list(campaign.target_units.values_list("pk", flat=True)),
            "target_groups": list(campaign.target_groups.values_list("pk", flat=True)),
            "is_political": campaign.is_political,
            "confirm_political": campaign.political_confirmed_at is not None,
            "show_individual_ranking": campaign.show_individual_ranking,
            "reminder_lead_hours": campaign.reminder_lead_hours,
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        unit = data.get("unit")
        if unit is not None:
            for name in ("starts_at", "deadline"):
                if data.get(name):
                    data[name] = in_zone(data[name], unit.time_zone)
        if not data.get("target_units") and not data.get("target_groups"):
            self.add_error(
                "target_units", _("Choose at least one unit or employee group to target.")
            )
        return data

    def action_fields(self) -> dict[str, Any]:
        """The campaign fields to hand to create_campaign / update_campaign."""
        data = self.cleaned_data
        names = (
            "title", "post_url", "instructions", "caption", "hashtags", "actions", "platforms",
            "starts_at", "deadline", "is_political", "show_individual_ranking",
            "reminder_lead_hours",
        )  # fmt: skip
        return {name: data[name] for name in names}


# ---------------------------------------------------------------------------------------------
# Employee groups: members are added by pasting NIPs as copied from a spreadsheet
# ---------------------------------------------------------------------------------------------

_SEPARATORS = re.compile(r"[,;\t|]+")


def split_nips(text: str) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """The NIPs in pasted text and the messages about what could not be read, each with its
    line number.

    NIPs may come one per line or several on a line separated by commas, semicolons, tabs or
    spaces, and each may carry spaces of its own ("19680411 199303 1 009"): the digits of a
    chunk are read 18 at a time. Chunks without any digit (a "NIP" header, names copied from
    the next column) are not NIPs and are passed over.
    """
    found: list[tuple[int, str]] = []
    problems: list[tuple[int, str]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        for chunk in _SEPARATORS.split(line):
            digits = re.sub(r"[\s.'\"-]", "", chunk)
            if not any(character.isdigit() for character in digits):
                continue
            if not digits.isdigit() or len(digits) % NIP_LENGTH:
                message = gettext("Line %(line)d: “%(text)s” is not an 18-digit NIP.") % {
                    "line": number,
                    "text": chunk.strip()[:40],
                }
                problems.append((number, message))
                continue
            for start in range(0, len(digits), NIP_LENGTH):
                found.append((number, digits[start : start + NIP_LENGTH]))
    return found, problems


class GroupForm(TablerForm):
    """Create or change an employee group; members are added by NIP and removed by ticking."""

    unit = UnitChoiceField(label=_("Owning unit"), queryset=OrganisationUnit.objects.none())
    name = forms.CharField(label=_("Name"), max_length=150)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    add_nips = forms.CharField(
        label=_("Add members by NIP"),
        required=False,
        help_text=_(
            "Paste NIPs copied from a spreadsheet: one per line, or separated by commas or "
            "spaces. Spaces inside a NIP do not matter."
        ),
        widget=forms.Textarea(
            attrs={"rows": 4, "inputmode": "numeric", "spellcheck": "false", "autocomplete": "off"}
        ),
    )
    remove = forms.ModelMultipleChoiceField(
        label=_("Remove members"),
        queryset=Employee.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, user, group: EmployeeGroup | None = None, **kwargs: Any):
        if group is not None:
            kwargs.setdefault(
                "initial",
                {"unit": group.unit_id, "name": group.name, "description": group.description},
            )
        super().__init__(*args, **kwargs)
        self.user = user
        self.group = group
        self.fields["unit"].queryset = OrganisationUnit.objects.visible_to(user).order_by("path")
        if group is None:
            del self.fields["remove"]
        else:
            self.fields["remove"].queryset = group.members.select_related("unit").order_by(
                "name", "pk"
            )

    def clean_add_nips(self) -> list[Employee]:
        """The employees named by the pasted NIPs; every unusable line is reported."""
        found, problems = split_nips(self.cleaned_data.get("add_nips", ""))
        nips = {nip for _line, nip in found}
        employees = {
            employee.nip: employee
            for employee in Employee.objects.visible_to(self.user).filter(nip__in=nips)
        }
        added: dict[int, Employee] = {}
        for line, nip in found:
            employee = employees.get(nip)
            if employee is None:
                # One message for unknown NIPs and for employees of other units: whether a NIP
                # exists outside the admin's units is not theirs to learn.
                message = gettext("Line %(line)d: no employee of your units has NIP %(nip)s.")
                problems.append((line, message % {"line": line, "nip": nip}))
            else:
                added[employee.pk] = employee
        if problems:
            raise forms.ValidationError([message for _line, message in sorted(problems)])
        return list(added.values())

    def members(self) -> list[Employee] | None:
        """The members after the change, or None when the form changes no membership."""
        added = self.cleaned_data.get("add_nips") or []
        removed = set(self.cleaned_data.get("remove") or [])
        if self.group is None:
            return added
        if not added and not removed:
            return None
        kept = [member for member in self.group.members.all() if member not in removed]
        return kept + [employee for employee in added if employee not in kept]


# ---------------------------------------------------------------------------------------------
# Election periods
# ---------------------------------------------------------------------------------------------


class ElectionPeriodForm(TablerForm):
    """The dates of an election, during which political campaigns are refused."""

    instansi = UnitChoiceField(label=_("Agency"), queryset=OrganisationUnit.objects.none())
    name = forms.CharField(
        label=_("Name"), max_length=150, help_text=_("e.g. Pilkada Serentak 2029")
    )
    starts_on = forms.DateField(
        label=_("First day"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    ends_on = forms.DateField(
        label=_("Last day"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def __init__(self, *args: Any, user, period: ElectionPeriod | None = None, **kwargs: Any):
        if period is not None:
            kwargs.setdefault(
                "initial",
                {
                    "instansi": period.instansi_id,
                    "name": period.name,
                    "starts_on": period.starts_on,
                    "ends_on": period.ends_on,
                },
            )
        super().__init__(*args, **kwargs)
        scope = scope_for(user)
        if scope.is_superuser:
            agencies = OrganisationUnit.objects.filter(parent__isnull=True)
        else:
            agencies = OrganisationUnit.objects.filter(path__in=scope.instansi_paths)
        self.fields["instansi"].queryset = agencies.order_by("name")
        if len(agencies) == 1:
            self.fields["instansi"].initial = agencies[0].pk
