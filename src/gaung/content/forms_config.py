"""Forms of the content settings pages (config_actions.py does the writing)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gaung.content.choices import ContentState
from gaung.content.config_actions import SERVICE_STATES
from gaung.socials.forms import TablerForm


class PurposeForm(TablerForm):
    name = forms.CharField(label=_("Name"), max_length=100)
    is_informative = forms.BooleanField(
        label=_("Informative"),
        required=False,
        help_text=_("Counted as information, not entertainment, in the strategy board's mix."),
    )
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)


class ChecklistItemForm(TablerForm):
    label = forms.CharField(label=_("Check"), max_length=200)
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)


class ServiceTimesForm(TablerForm):
    """One number per step; an empty one means the step has no deadline."""

    def __init__(self, *args, current: dict[str, int], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for state in SERVICE_STATES:
            self.fields[state] = forms.IntegerField(
                label=ContentState(state).label,
                required=False,
                min_value=1,
                max_value=60,
                initial=current.get(state),
                widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "form-control"}),
            )


class HolidayOverrideForm(TablerForm):
    date = forms.DateField(
        label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    name = forms.CharField(label=_("Name"), max_length=150)
    is_working_day = forms.TypedChoiceField(
        label=_("The office is"),
        choices=[("0", _("Closed (extra holiday)")), ("1", _("Open (a working day after all)"))],
        coerce=lambda value: value == "1",
        initial="0",
        widget=forms.RadioSelect,
    )
