"""The calendar's filters (in the query string) and the times its JSON feed is asked for."""

from __future__ import annotations

import datetime
import zoneinfo

from django import forms
from django.utils.translation import gettext_lazy as _

from gaung.content.calendar_entries import CalendarFilters, status_choices
from gaung.content.calendar_scope import planning_accounts, planning_units
from gaung.content.choices import Pillar
from gaung.content.models import Purpose


class AccountChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.get_platform_display()} @{obj.handle} ({obj.owner_unit.name})"


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{'— ' * max(obj.depth, 0)}{obj.name}"


def _select(**attrs) -> forms.Select:
    return forms.Select(attrs={"class": "form-select", **attrs})


class CalendarFilterForm(forms.Form):
    unit = UnitChoiceField(
        label=_("Unit"), queryset=None, required=False, empty_label=_("All units"),
        widget=_select(),
    )  # fmt: skip
    account = AccountChoiceField(
        label=_("Account"), queryset=None, required=False, empty_label=_("All accounts"),
        widget=_select(),
    )  # fmt: skip
    pillar = forms.ChoiceField(label=_("Pillar"), required=False, widget=_select())
    purpose = forms.ModelChoiceField(
        label=_("Purpose"), queryset=Purpose.objects.filter(is_active=True), required=False,
        empty_label=_("All purposes"), widget=_select(),
    )  # fmt: skip
    status = forms.ChoiceField(label=_("Status"), required=False, widget=_select())

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = planning_units(user)
        self.fields["account"].queryset = planning_accounts(user)
        self.fields["pillar"].choices = [("", _("All pillars")), *Pillar.choices]
        self.fields["status"].choices = [("", _("All statuses")), *status_choices()]

    def filters(self) -> CalendarFilters:
        """The valid filters (call after is_valid())."""
        data = getattr(self, "cleaned_data", {})
        return CalendarFilters(
            unit=data.get("unit"),
            account=data.get("account"),
            pillar=data.get("pillar") or "",
            purpose=data.get("purpose"),
            status=data.get("status") or "",
        )


# FullCalendar never asks for more than six weeks; a year leaves room for API clients.
MAX_RANGE = datetime.timedelta(days=400)


class RangeForm(forms.Form):
    """`?start=&end=`: ISO dates or times; without an offset they are the reader's wall clock."""

    start = forms.CharField()
    end = forms.CharField()

    def __init__(self, *args, zone: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.zone = zoneinfo.ZoneInfo(zone)

    def _moment(self, name: str) -> datetime.datetime:
        text = self.cleaned_data[name].strip().replace(" ", "+")
        try:
            moment = datetime.datetime.fromisoformat(text)
        except ValueError:
            raise forms.ValidationError(_("Not a date or time.")) from None
        # FullCalendar runs in UTC mode (see calendar_entries): its "Z" times are wall clock.
        return moment.replace(tzinfo=self.zone)

    def clean_start(self) -> datetime.datetime:
        return self._moment("start")

    def clean_end(self) -> datetime.datetime:
        return self._moment("end")

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and not start < end <= start + MAX_RANGE:
            raise forms.ValidationError(_("The end must follow the start, at most a year later."))
        return data
