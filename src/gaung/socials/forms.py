"""Forms for registering and editing social media accounts, and for the ASN's own profile."""

import re
from typing import Any

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gaung.registry.models import Employee, OrganisationUnit
from gaung.socials.choices import OwnerKind, Platform
from gaung.socials.models import SocialAccount

RAW_HANDLE_HELP = _("Paste @name or the profile URL.")


class UnitChoiceField(forms.ModelChoiceField):
    """A unit select whose options are indented by their depth in the tree."""

    def label_from_instance(self, obj: OrganisationUnit) -> str:
        # Options cannot be styled, so non-breaking spaces show the tree.
        return "\u00a0\u00a0\u00a0" * obj.depth + obj.name


class TablerForm(forms.Form):
    """A form whose widgets carry Tabler's classes, marked invalid when their field has errors."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.RadioSelect | forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()

    def add_error(self, field: str | None, error: Any) -> None:
        """Record the error, and mark the widgets of every field that now has one."""
        super().add_error(field, error)
        # Action errors arrive after validation, so the marking happens here, not in clean().
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                css = widget.attrs.get("class", "")
                if "is-invalid" not in css.split():
                    widget.attrs["class"] = f"{css} is-invalid".strip()


def _followers_field() -> forms.IntegerField:
    return forms.IntegerField(
        label=_("Followers"),
        min_value=0,
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )


def _raw_handle_field() -> forms.CharField:
    return forms.CharField(
        label=_("Handle or profile address"),
        max_length=500,
        help_text=RAW_HANDLE_HELP,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "none", "spellcheck": "false"}
        ),
    )


class AccountForm(TablerForm):
    """An admin registers or edits an official (unit) or personal (employee) account."""

    owner_kind = forms.ChoiceField(
        label=_("Owner"),
        choices=OwnerKind.choices,
        widget=forms.RadioSelect,
        initial=OwnerKind.PERSONAL,
    )
    owner_unit = UnitChoiceField(
        label=_("Owning unit"),
        queryset=OrganisationUnit.objects.none(),
        required=False,
        help_text=_("For an official account: the unit that runs it."),
    )
    employee = forms.CharField(
        label=_("Employee"),
        required=False,
        max_length=150,
        help_text=_("For a personal account: type the NIP or part of the name."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    platform = forms.ChoiceField(label=_("Platform"), choices=Platform.choices)
    raw_handle = _raw_handle_field()
    display_name = forms.CharField(label=_("Display name"), max_length=150, required=False)
    followers = _followers_field()
    followers_as_of = forms.DateField(
        label=_("Followers as of"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(
        self, *args: Any, user, account: SocialAccount | None = None, **kwargs: Any
    ) -> None:
        if account is not None:
            kwargs.setdefault("initial", self.initial_for(account))
        super().__init__(*args, **kwargs)
        self.user = user
        self.account = account
        self.fields["owner_unit"].queryset = OrganisationUnit.objects.visible_to(user)
        # Suggestions arrive as <option>s of a <datalist>: choosing one fills in the NIP
        # without any script of our own (CSP).
        self.fields["employee"].widget.attrs.update(
            {
                "list": "employee-suggestions",
                "hx-get": reverse("socials:employee_suggestions"),
                "hx-trigger": "input changed delay:300ms",
                "hx-target": "#employee-suggestions",
            }
        )

    @classmethod
    def initial_for(cls, account: SocialAccount) -> dict[str, Any]:
        """The form's starting values for an existing account."""
        employee = account.owner_employee
        return {
            "owner_kind": OwnerKind.OFFICIAL if account.is_official else OwnerKind.PERSONAL,
            "owner_unit": account.owner_unit,
            "employee": (employee.nip or employee.name) if employee else "",
            "platform": account.platform,
            "raw_handle": account.profile_url,
            "display_name": account.display_name,
            "followers": account.followers,
            "followers_as_of": account.followers_as_of,
        }

    def clean(self) -> dict[str, Any]:
        """Resolve the owner: a unit for an official account, an employee for a personal one."""
        data = super().clean()
        kind = data.get("owner_kind")
        data["owner_employee"] = None
        if kind == OwnerKind.OFFICIAL:
            if not data.get("owner_unit"):
                self.add_error("owner_unit", _("Choose the unit that runs this official account."))
        elif kind == OwnerKind.PERSONAL:
            data["owner_unit"] = None
            data["owner_employee"] = self._find_employee(data.get("employee", ""))
        return data

    def _find_employee(self, text: str) -> Employee | None:
        text = text.strip()
        if not text:
            self.add_error("employee", _("Enter the employee's NIP or name."))
            return None
        current = self.account.owner_employee if self.account else None
        if current is not None and text == self.initial.get("employee"):
            # Unchanged: keep the owner even if another employee shares the name.
            return current
        employees = Employee.objects.visible_to(self.user).select_related("unit")
        digits = re.sub(r"\s", "", text)
        if digits.isdigit():
            matches = list(employees.filter(nip=digits)[:2])
        else:
            matches = list(employees.filter(name__iexact=text)[:2]) or list(
                employees.filter(name__icontains=text)[:2]
            )
        if len(matches) == 1:
            return matches[0]
        if matches:
            self.add_error("employee", _("Several employees match this name. Enter the NIP."))
        else:
            self.add_error("employee", _("No employee in your units has this NIP or name."))
        return None


class MyAccountForm(TablerForm):
    """An ASN registers or edits one of their own personal accounts."""

    platform = forms.ChoiceField(label=_("Platform"), choices=Platform.choices)
    raw_handle = _raw_handle_field()
    followers = _followers_field()

    @classmethod
    def initial_for(cls, account: SocialAccount) -> dict[str, Any]:
        """The form's starting values for an existing account."""
        return {
            "platform": account.platform,
            "raw_handle": account.profile_url,
            "followers": account.followers,
        }


class ContactForm(TablerForm):
    """The two fields of their own record an ASN may change."""

    email = forms.EmailField(label=_("Government e-mail"), required=False, max_length=254)
    phone = forms.CharField(
        label=_("Phone"),
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )


def changed_values(form: forms.Form, names: tuple[str, ...]) -> dict[str, Any]:
    """The cleaned values of the named fields the user actually changed."""
    return {name: form.cleaned_data[name] for name in names if name in form.changed_data}
