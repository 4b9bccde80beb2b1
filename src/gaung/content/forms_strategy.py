"""Forms of the strategy board: which account and month, and the month's targets."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gaung.content.calendar_actions import PILLAR_KEYS
from gaung.content.choices import Pillar
from gaung.content.forms_calendar import AccountChoiceField
from gaung.content.models import StrategyTarget


class BoardForm(forms.Form):
    """`?account=&month=YYYY-MM` (no account: the overview of every account)."""

    account = AccountChoiceField(
        label=_("Account"), queryset=None, required=False, empty_label=_("All accounts"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )  # fmt: skip
    month = forms.CharField(
        label=_("Month"),
        required=False,
        widget=forms.TextInput(attrs={"type": "month", "class": "form-control"}),
    )

    def __init__(self, *args, accounts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["account"].queryset = accounts


def _percent(label) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=0,
        max_value=100,
        widget=forms.NumberInput(attrs={"class": "form-control", "inputmode": "numeric"}),
    )


class StrategyTargetForm(forms.Form):
    """Target shares in percent (empty: no target for that share) and the weekly minimum."""

    core = _percent(Pillar.CORE.label)
    supporting = _percent(Pillar.SUPPORTING.label)
    complementary = _percent(Pillar.COMPLEMENTARY.label)
    informative = _percent(_("Information (informative purposes)"))
    min_posts_per_week = forms.IntegerField(
        label=_("Posts per week (minimum)"),
        min_value=0,
        max_value=100,
        initial=4,
        widget=forms.NumberInput(attrs={"class": "form-control", "inputmode": "numeric"}),
        help_text=_("KIP evaluations count accounts updated at least 4 times a week."),
    )

    PILLAR_FIELDS = ("core", "supporting", "complementary")

    @classmethod
    def initial_for(cls, target: StrategyTarget | None) -> dict[str, Any]:
        if target is None:
            return {"min_posts_per_week": 4}
        mix = target.mix
        return {
            **{
                name: mix.get(key) for name, key in zip(cls.PILLAR_FIELDS, PILLAR_KEYS, strict=True)
            },
            "informative": mix.get("informative"),
            "min_posts_per_week": target.min_posts_per_week,
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        given = [data.get(name) for name in self.PILLAR_FIELDS]
        if any(value is not None for value in given):
            total = sum(value or 0 for value in given)
            if total != 100:
                raise forms.ValidationError(
                    _("The three pillars must add up to 100 %% (now %(sum)s %%).") % {"sum": total}
                )
        return data

    def mix(self) -> dict[str, int | None]:
        data = self.cleaned_data
        pillars = {
            key: data.get(name) for name, key in zip(self.PILLAR_FIELDS, PILLAR_KEYS, strict=True)
        }
        if any(value is not None for value in pillars.values()):
            # One pillar left empty next to others means none of it.
            pillars = {key: value or 0 for key, value in pillars.items()}
        return {**pillars, "informative": data.get("informative")}
